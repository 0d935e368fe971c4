//! Pix keys (`chave`, `26.01`): classification by shape and check digits (spec §3).

use core::fmt;

/// The kind of a Pix key, from its shape alone.
///
/// ```
/// use pixcode::pix::KeyKind;
/// assert_eq!(KeyKind::classify("12345678909"), KeyKind::Cpf);
/// assert_eq!(KeyKind::classify("12ABC34501DE35"), KeyKind::Cnpj);
/// assert_eq!(KeyKind::classify("+5561912345678"), KeyKind::Phone);
/// assert_eq!(KeyKind::classify("fulano@example.com"), KeyKind::Email);
/// assert_eq!(KeyKind::classify("123e4567-e12b-12d1-a456-426655440000"), KeyKind::Evp);
/// assert_eq!(KeyKind::classify("hello"), KeyKind::Unknown);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum KeyKind {
    /// A CPF: 11 digits.
    Cpf,
    /// A CNPJ: 14 characters, numeric or the alphanumeric format of IN RFB 2229/2024.
    Cnpj,
    /// An e-mail address.
    Email,
    /// A phone number in E.164 form (`+55…`).
    Phone,
    /// A random key (EVP): a UUID with hyphens.
    Evp,
    /// No known shape. DICT may add key types; this is a warning, not an error.
    Unknown,
}

impl KeyKind {
    /// Classifies a key in the order of spec §3: `+` phone, `@` e-mail, UUID, 11 digits,
    /// CNPJ, otherwise unknown.
    pub fn classify(key: &str) -> KeyKind {
        let b = key.as_bytes();
        // A UUID has neither `+` nor `@`: checked first, as it is the commonest key.
        if b.len() == 36 && uuid_case(b).is_some() {
            KeyKind::Evp
        } else if b.first() == Some(&b'+') {
            KeyKind::Phone
        } else if b.contains(&b'@') {
            KeyKind::Email
        } else if b.len() == 11 && b.iter().all(u8::is_ascii_digit) {
            KeyKind::Cpf
        } else if b.len() == 14
            && b[..12]
                .iter()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
            && b[12..].iter().all(u8::is_ascii_digit)
        {
            KeyKind::Cnpj
        } else {
            KeyKind::Unknown
        }
    }

    /// Every key kind, in the order front ends number them.
    ///
    /// ```
    /// use pixcode::pix::KeyKind;
    /// assert_eq!(KeyKind::ALL.map(KeyKind::as_str), ["cpf", "cnpj", "email", "phone", "evp", "unknown"]);
    /// ```
    pub const ALL: [KeyKind; 6] = [
        KeyKind::Cpf,
        KeyKind::Cnpj,
        KeyKind::Email,
        KeyKind::Phone,
        KeyKind::Evp,
        KeyKind::Unknown,
    ];

    /// `"cpf"`, `"cnpj"`, `"email"`, `"phone"`, `"evp"` or `"unknown"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            KeyKind::Cpf => "cpf",
            KeyKind::Cnpj => "cnpj",
            KeyKind::Email => "email",
            KeyKind::Phone => "phone",
            KeyKind::Evp => "evp",
            KeyKind::Unknown => "unknown",
        }
    }
}

impl fmt::Display for KeyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong with the shape of a key, short of making the code unusable: every one of
/// these is a warning (BCB's own example CPF fails its check digits).
///
/// ```
/// use pixcode::pix::{key_issue, KeyIssue};
/// assert_eq!(key_issue("12345678900"), Some(KeyIssue::CheckDigits));
/// assert_eq!(key_issue("12345678909"), None);
/// assert_eq!(key_issue("420ab7c44d6346d4809ecd3eebc129ec"), Some(KeyIssue::EvpWithoutHyphens));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyIssue {
    /// CPF or CNPJ check digits do not match.
    CheckDigits,
    /// A CPF or CNPJ of one repeated digit, refused by convention.
    RepeatedDigits,
    /// An EVP in uppercase; DICT issues lowercase.
    UppercaseEvp,
    /// A UUID written without hyphens; EVPs have them.
    EvpWithoutHyphens,
    /// An e-mail with uppercase letters; DICT stores lowercase.
    UppercaseEmail,
    /// An e-mail that does not match DICT's pattern.
    BadEmail,
    /// A phone that is not E.164 (`+` then 2 to 16 digits, no leading 0).
    BadPhone,
    /// A valid E.164 phone that is not a Brazilian mobile (`+55`, DDD, 9 digits starting with 9).
    NotBrazilianMobile,
    /// A CNPJ with lowercase letters.
    LowercaseCnpj,
    /// No known key shape.
    UnknownFormat,
}

impl KeyIssue {
    /// A stable snake_case code: `"key_check_digits"`.
    ///
    /// ```
    /// assert_eq!(pixcode::pix::key_issue("12345678900").unwrap().code(), "key_check_digits");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            KeyIssue::RepeatedDigits => "key_repeated_digits",
            KeyIssue::CheckDigits => "key_check_digits",
            KeyIssue::UppercaseEvp => "key_uppercase_evp",
            KeyIssue::EvpWithoutHyphens => "key_evp_without_hyphens",
            KeyIssue::UppercaseEmail => "key_uppercase_email",
            KeyIssue::BadEmail => "key_bad_email",
            KeyIssue::BadPhone => "key_bad_phone",
            KeyIssue::NotBrazilianMobile => "key_not_brazilian_mobile",
            KeyIssue::LowercaseCnpj => "key_lowercase_cnpj",
            KeyIssue::UnknownFormat => "key_unknown_format",
        }
    }
}

impl fmt::Display for KeyIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyIssue::CheckDigits => "the check digits do not match",
            KeyIssue::RepeatedDigits => "a number of one repeated digit is not issued",
            KeyIssue::UppercaseEvp => "random keys (EVP) are lowercase hexadecimal",
            KeyIssue::EvpWithoutHyphens => {
                "looks like a random key (EVP) without its hyphens; DICT keys have them"
            }
            KeyIssue::UppercaseEmail => "e-mail keys are registered in lowercase",
            KeyIssue::BadEmail => "not an e-mail address DICT would accept",
            KeyIssue::BadPhone => "expected a phone in E.164 form such as +5561912345678",
            KeyIssue::NotBrazilianMobile => {
                "expected a Brazilian mobile: +55, a 2-digit area code, then 9 digits starting with 9"
            }
            KeyIssue::LowercaseCnpj => "CNPJ letters are uppercase",
            KeyIssue::UnknownFormat => {
                "not a CPF, CNPJ, e-mail, +55 phone or random key (EVP)"
            }
        })
    }
}

/// Whether each position of a hyphenated UUID (8-4-4-4-12) holds a hyphen.
const UUID_HYPHENS: [bool; 36] = {
    let mut t = [false; 36];
    t[8] = true;
    t[13] = true;
    t[18] = true;
    t[23] = true;
    t
};

/// `None` when `b` is not a hyphenated UUID, else whether it has uppercase letters. Branch-free
/// byte arithmetic, so that the loop vectorizes.
fn uuid_case(b: &[u8]) -> Option<bool> {
    let b: &[u8; 36] = b.try_into().ok()?;
    let (mut bad, mut upper) = (false, false);
    for (&c, hyphen) in b.iter().zip(UUID_HYPHENS) {
        let digit = c.wrapping_sub(b'0') < 10;
        let lower = c.wrapping_sub(b'a') < 6;
        let capital = c.wrapping_sub(b'A') < 6;
        let fits = if hyphen {
            c == b'-'
        } else {
            digit | lower | capital
        };
        bad |= !fits;
        upper |= capital;
    }
    (!bad).then_some(upper)
}

/// Whether `b` is 32 hexadecimal digits: a UUID without its hyphens.
fn is_bare_uuid(b: &[u8]) -> bool {
    b.len() == 32 && b.iter().all(u8::is_ascii_hexdigit)
}

/// The mod-11 check digit of `values` with `weights`: 0 when the remainder is below 2.
fn mod11(values: impl Iterator<Item = u32>, weights: &[u32]) -> u32 {
    let sum: u32 = values.zip(weights).map(|(v, w)| v * w).sum();
    match sum % 11 {
        r if r < 2 => 0,
        r => 11 - r,
    }
}

/// Whether an 11-digit CPF has valid check digits.
///
/// ```
/// assert!(pixcode::pix::cpf_is_valid("12345678909"));
/// assert!(!pixcode::pix::cpf_is_valid("12345678900"));
/// assert!(!pixcode::pix::cpf_is_valid("1234567890"));
/// ```
pub fn cpf_is_valid(cpf: &str) -> bool {
    let b = cpf.as_bytes();
    if b.len() != 11 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let d = |i: usize| (b[i] - b'0') as u32;
    let dv1 = mod11((0..9).map(d), &[10, 9, 8, 7, 6, 5, 4, 3, 2]);
    let dv2 = mod11((0..10).map(d), &[11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
    dv1 == d(9) && dv2 == d(10)
}

/// Whether a 14-character CNPJ, numeric or alphanumeric, has valid check digits.
///
/// ```
/// assert!(pixcode::pix::cnpj_is_valid("00038166000105"));
/// assert!(pixcode::pix::cnpj_is_valid("12ABC34501DE35"));
/// assert!(!pixcode::pix::cnpj_is_valid("12ABC34501DE36"));
/// ```
pub fn cnpj_is_valid(cnpj: &str) -> bool {
    let b = cnpj.as_bytes();
    if b.len() != 14
        || !b[..12]
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        || !b[12..].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    // Character value is its ASCII code minus 48: digits 0-9, 'A' 17 … 'Z' 42.
    let v = |i: usize| (b[i] - b'0') as u32;
    const W1: [u32; 12] = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const W2: [u32; 13] = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    mod11((0..12).map(v), &W1) == v(12) && mod11((0..13).map(v), &W2) == v(13)
}

fn email_ok(key: &str) -> bool {
    let Some((local, domain)) = key.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.bytes().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || b".!#$&'*+/=?^_`{|}~-".contains(&c)
        });
    let label_ok = |l: &str| {
        let b = l.as_bytes();
        !b.is_empty()
            && b.len() <= 63
            && b[0] != b'-'
            && b[b.len() - 1] != b'-'
            && b.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
    };
    local_ok && domain.split('.').all(label_ok) && key.len() <= 77
}

/// The first shape problem of `key`, or `None` for a well-formed key.
pub fn key_issue(key: &str) -> Option<KeyIssue> {
    let b = key.as_bytes();
    let repeated = |b: &[u8]| b.iter().all(|c| *c == b[0]);
    if let Some(upper) = uuid_case(b) {
        return upper.then_some(KeyIssue::UppercaseEvp);
    }
    match KeyKind::classify(key) {
        KeyKind::Cpf if repeated(b) => Some(KeyIssue::RepeatedDigits),
        KeyKind::Cpf => (!cpf_is_valid(key)).then_some(KeyIssue::CheckDigits),
        KeyKind::Cnpj if repeated(b) => Some(KeyIssue::RepeatedDigits),
        KeyKind::Cnpj => (!cnpj_is_valid(key)).then_some(KeyIssue::CheckDigits),
        KeyKind::Evp => None, // answered above
        KeyKind::Email => {
            if email_ok(key) {
                None
            } else if email_ok(&LowerAscii(key).to_buf()) {
                Some(KeyIssue::UppercaseEmail)
            } else {
                Some(KeyIssue::BadEmail)
            }
        }
        KeyKind::Phone => {
            let digits = &b[1..];
            let e164 = (3..=16).contains(&digits.len())
                && digits.iter().all(u8::is_ascii_digit)
                && digits[0] != b'0';
            let mobile = digits.len() == 13
                && digits.starts_with(b"55")
                && digits[2..4].iter().all(|c| (b'1'..=b'9').contains(c))
                && digits[4] == b'9';
            if !e164 {
                Some(KeyIssue::BadPhone)
            } else if !mobile {
                Some(KeyIssue::NotBrazilianMobile)
            } else {
                None
            }
        }
        _ if is_bare_uuid(b) => Some(KeyIssue::EvpWithoutHyphens),
        _ if b.len() == 14
            && b.iter().all(u8::is_ascii_alphanumeric)
            && b[12..].iter().all(u8::is_ascii_digit) =>
        {
            Some(KeyIssue::LowercaseCnpj)
        }
        _ => Some(KeyIssue::UnknownFormat),
    }
}

/// Lowercases an ASCII e-mail of at most 77 bytes into a stack buffer.
struct LowerAscii<'a>(&'a str);

struct Buf {
    bytes: [u8; 80],
    len: usize,
}

impl core::ops::Deref for Buf {
    type Target = str;
    fn deref(&self) -> &str {
        core::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

impl LowerAscii<'_> {
    fn to_buf(&self) -> Buf {
        let mut buf = Buf {
            bytes: [0; 80],
            len: 0,
        };
        if self.0.len() <= 80 && self.0.is_ascii() {
            for (i, c) in self.0.bytes().enumerate() {
                buf.bytes[i] = c.to_ascii_lowercase();
            }
            buf.len = self.0.len();
        }
        buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2021::*;

    #[test]
    fn spec_check_digit_vectors() {
        assert!(cpf_is_valid("12345678909"));
        assert!(!cpf_is_valid("12345678900"));
        assert!(cnpj_is_valid("00038166000105"));
        assert!(cnpj_is_valid("12ABC34501DE35"));
        assert_eq!(key_issue("11111111111"), Some(KeyIssue::RepeatedDigits));
        assert_eq!(key_issue("00000000000000"), Some(KeyIssue::RepeatedDigits));
        assert_eq!(key_issue("45164632481"), Some(KeyIssue::CheckDigits));
    }

    #[test]
    fn other_shapes() {
        assert_eq!(key_issue("+5561912345678"), None);
        // DICT's own example: valid E.164, but DDD 10 does not exist.
        assert_eq!(
            key_issue("+5510998765432"),
            Some(KeyIssue::NotBrazilianMobile)
        );
        assert_eq!(
            key_issue("+14155550100"),
            Some(KeyIssue::NotBrazilianMobile)
        );
        assert_eq!(key_issue("+55abc"), Some(KeyIssue::BadPhone));
        assert_eq!(key_issue("fulano_da_silva.recebedor@example.com"), None);
        assert_eq!(
            key_issue("Fulano@Example.com"),
            Some(KeyIssue::UppercaseEmail)
        );
        assert_eq!(key_issue("a@b@c"), Some(KeyIssue::BadEmail));
        assert_eq!(
            key_issue("123E4567-E12B-12D1-A456-426655440000"),
            Some(KeyIssue::UppercaseEvp)
        );
        assert_eq!(key_issue("12abc34501de35"), Some(KeyIssue::LowercaseCnpj));
        assert_eq!(key_issue("whatever"), Some(KeyIssue::UnknownFormat));
    }
}
