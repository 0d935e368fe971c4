//! Pix por Aproximação (NFC): the `pix://` URI that carries a BR Code over NFC, and the NDEF
//! message it travels in (spec `brcode.md` §5.8).
//!
//! `pix://<host>?qr=<the BR Code, percent-encoded>&sig=<signature>`:
//! * `qr` is read with **percent-decoding only** (RFC 3986), never form decoding: a raw `+` (the
//!   `+55…` of a phone key) stays a `+`, and the writer encodes it as `%2B`;
//! * `sig` is optional and opaque: kept as written, never verified (BCB reserves it);
//! * the host is the domain that generated the code: the location's host for a dynamic code.
//!
//! After unwrapping, the code is an ordinary BR Code: decode it, validate it, resolve it.
//! Parsing borrows from the input and works without allocation ([`PixUri::code_into`]);
//! writing a URI or an NDEF message allocates (feature `alloc`).
//!
//! ```
//! use pixcode::nfc::PixUri;
//! let uri = PixUri::parse("pix://pix.example.com?qr=000201%2B55%2061&sig=abc")?;
//! assert_eq!(uri.host(), "pix.example.com");
//! assert_eq!(uri.sig(), Some("abc"));
//! let mut buf = [0u8; 64];
//! assert_eq!(uri.code_into(&mut buf)?, "000201+55 61");
//! # Ok::<(), pixcode::nfc::NfcError>(())
//! ```

#[cfg(feature = "alloc")]
mod input;
mod ndef;

#[cfg(all(feature = "alloc", feature = "serde"))]
pub use input::WithOrigin;
#[cfg(feature = "alloc")]
pub use input::{uri_of, verdict, Input, Origin, Refused, UriError};
#[cfg(feature = "alloc")]
pub use ndef::ndef_message;
pub use ndef::{read_ndef, NdefError, NdefProblem, MAX_SHORT_PAYLOAD};

use core::fmt;

/// The scheme, as the writer writes it (the reader takes any case).
pub const SCHEME: &str = "pix://";

/// What is wrong with a `pix://` URI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NfcProblem {
    /// The URI does not start with `pix://`.
    Scheme,
    /// No host between `pix://` and the query.
    HostEmpty,
    /// A host that is not a domain name (letters, digits, `-` and `.`).
    HostInvalid,
    /// A path other than `/`: no `pix://` URI has one.
    Path,
    /// A `#` fragment: a raw `#` in the code would cut it there, so the URI is refused.
    Fragment,
    /// No `qr` parameter.
    QrMissing,
    /// `qr` given twice.
    QrRepeated,
    /// `qr` is empty.
    QrEmpty,
    /// `sig` given twice.
    SigRepeated,
    /// A `%` not followed by two hexadecimal digits.
    BadEscape,
    /// The decoded `qr` is not UTF-8.
    NotUtf8,
    /// The caller's buffer is too small for the decoded code.
    BufferFull,
    /// A static code names no host: the writer needs the caller's.
    HostRequired,
    /// The caller's host is not the host of the code's location.
    HostMismatch,
    /// The caller's `sig` is not the one the given URI carries.
    SigConflict,
}

impl NfcProblem {
    /// A stable snake_case code: `nfc_scheme`, `nfc_bad_escape`…
    ///
    /// ```
    /// assert_eq!(pixcode::nfc::NfcProblem::BadEscape.code(), "nfc_bad_escape");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            NfcProblem::Scheme => "nfc_scheme",
            NfcProblem::HostEmpty => "nfc_host_empty",
            NfcProblem::HostInvalid => "nfc_host_invalid",
            NfcProblem::Path => "nfc_path",
            NfcProblem::Fragment => "nfc_fragment",
            NfcProblem::QrMissing => "nfc_qr_missing",
            NfcProblem::QrRepeated => "nfc_qr_repeated",
            NfcProblem::QrEmpty => "nfc_qr_empty",
            NfcProblem::SigRepeated => "nfc_sig_repeated",
            NfcProblem::BadEscape => "nfc_bad_escape",
            NfcProblem::NotUtf8 => "nfc_not_utf8",
            NfcProblem::BufferFull => "nfc_buffer_full",
            NfcProblem::HostRequired => "nfc_host_required",
            NfcProblem::HostMismatch => "nfc_host_mismatch",
            NfcProblem::SigConflict => "nfc_sig_conflict",
        }
    }

    /// Every problem, for catalogues.
    pub const ALL: [NfcProblem; 15] = [
        NfcProblem::Scheme,
        NfcProblem::HostEmpty,
        NfcProblem::HostInvalid,
        NfcProblem::Path,
        NfcProblem::Fragment,
        NfcProblem::QrMissing,
        NfcProblem::QrRepeated,
        NfcProblem::QrEmpty,
        NfcProblem::SigRepeated,
        NfcProblem::BadEscape,
        NfcProblem::NotUtf8,
        NfcProblem::BufferFull,
        NfcProblem::HostRequired,
        NfcProblem::HostMismatch,
        NfcProblem::SigConflict,
    ];
}

impl fmt::Display for NfcProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NfcProblem::Scheme => "expected a URI starting with pix://",
            NfcProblem::HostEmpty => "expected a host after pix://",
            NfcProblem::HostInvalid => "expected the host to be a domain name (letters, digits, - and .)",
            NfcProblem::Path => "expected no path after the host (only ?qr=…)",
            NfcProblem::Fragment => "a # fragment: a raw # cuts the code, so the URI is refused (the writer encodes # as %23)",
            NfcProblem::QrMissing => "expected a qr parameter holding the BR Code",
            NfcProblem::QrRepeated => "qr is given twice; which one to pay is not for a reader to guess",
            NfcProblem::QrEmpty => "the qr parameter is empty",
            NfcProblem::SigRepeated => "sig is given twice",
            NfcProblem::BadEscape => "expected two hexadecimal digits after %",
            NfcProblem::NotUtf8 => "the decoded qr is not UTF-8",
            NfcProblem::BufferFull => "the buffer is too small for the decoded code",
            NfcProblem::HostRequired => "a static code names no host: give the one to write",
            NfcProblem::HostMismatch => "the host given is not the host of the code's location",
            NfcProblem::SigConflict => "the sig given is not the one the URI carries",
        })
    }
}

/// A refused `pix://` URI: the problem and the byte offset in the URI where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NfcError {
    /// What is wrong.
    pub problem: NfcProblem,
    /// The byte offset in the URI (0 for the writer's refusals).
    pub offset: usize,
}

impl NfcError {
    /// The problem's stable code.
    pub const fn code(&self) -> &'static str {
        self.problem.code()
    }
}

impl fmt::Display for NfcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (byte {})", self.problem, self.offset)
    }
}

impl core::error::Error for NfcError {}

const fn err(problem: NfcProblem, offset: usize) -> NfcError {
    NfcError { problem, offset }
}

/// A `pix://` URI, read: its host, its `qr` as written (still escaped) and its `sig`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PixUri<'a> {
    host: &'a str,
    qr: &'a str,
    qr_offset: usize,
    sig: Option<&'a str>,
}

/// Whether `text` starts with `pix://` in any case (a reader's first test).
///
/// ```
/// assert!(pixcode::nfc::is_pix_uri("PIX://host?qr=1"));
/// assert!(!pixcode::nfc::is_pix_uri("000201"));
/// ```
pub fn is_pix_uri(text: &str) -> bool {
    text.len() >= SCHEME.len()
        && text.as_bytes()[..SCHEME.len()].eq_ignore_ascii_case(SCHEME.as_bytes())
}

/// A domain name: labels of letters, digits and `-`, separated by `.`.
fn is_host(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 253
        && h.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

impl<'a> PixUri<'a> {
    /// Reads a `pix://` URI. Parameters other than `qr` and `sig` are ignored.
    ///
    /// # Errors
    /// [`NfcError`] with the offset: another scheme, an empty or invalid host, a path, a
    /// fragment, `qr` missing, repeated or empty, `sig` repeated, a bad `%` escape in `qr`.
    ///
    /// ```
    /// use pixcode::nfc::{NfcProblem, PixUri};
    /// let e = PixUri::parse("pix://h.com?qr=00%2G").unwrap_err();
    /// assert_eq!((e.problem, e.offset), (NfcProblem::BadEscape, 17));
    /// assert_eq!(PixUri::parse("https://h.com?qr=1").unwrap_err().problem, NfcProblem::Scheme);
    /// ```
    pub fn parse(uri: &'a str) -> Result<PixUri<'a>, NfcError> {
        if !is_pix_uri(uri) {
            return Err(err(NfcProblem::Scheme, 0));
        }
        let start = SCHEME.len();
        let rest = &uri[start..];
        if let Some(i) = rest.find('#') {
            return Err(err(NfcProblem::Fragment, start + i));
        }
        let auth_len = rest.find(['/', '?']).unwrap_or(rest.len());
        let host = &rest[..auth_len];
        if host.is_empty() {
            return Err(err(NfcProblem::HostEmpty, start));
        }
        if !is_host(host) {
            let at = host
                .bytes()
                .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'.'))
                .unwrap_or(0);
            return Err(err(NfcProblem::HostInvalid, start + at));
        }
        let mut pos = start + auth_len;
        let after = &uri[pos..];
        let path_len = after.find('?').unwrap_or(after.len());
        if !matches!(&after[..path_len], "" | "/") {
            return Err(err(NfcProblem::Path, pos));
        }
        pos += path_len;
        let (mut qr, mut sig) = (None::<(&str, usize)>, None::<&str>);
        if pos < uri.len() {
            pos += 1; // '?'
            for param in uri[pos..].split('&') {
                let (name, value) = param.split_once('=').unwrap_or((param, ""));
                let value_at = pos + name.len() + usize::from(param.len() > name.len());
                match name {
                    "qr" if qr.is_some() => return Err(err(NfcProblem::QrRepeated, pos)),
                    "qr" => qr = Some((value, value_at)),
                    "sig" if sig.is_some() => return Err(err(NfcProblem::SigRepeated, pos)),
                    "sig" => sig = Some(value),
                    _ => {}
                }
                pos += param.len() + 1;
            }
        }
        let (qr, qr_offset) = qr.ok_or(err(NfcProblem::QrMissing, uri.len()))?;
        if qr.is_empty() {
            return Err(err(NfcProblem::QrEmpty, qr_offset));
        }
        // Every escape is checked now, so that reading the code fails only on the buffer.
        let b = qr.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                if !(i + 2 < b.len() && hex(b[i + 1]).is_some() && hex(b[i + 2]).is_some()) {
                    return Err(err(NfcProblem::BadEscape, qr_offset + i));
                }
                i += 3;
            } else {
                i += 1;
            }
        }
        let uri = PixUri {
            host,
            qr,
            qr_offset,
            sig,
        };
        let mut utf8 = Utf8Check::default();
        uri.decoded(|byte| utf8.push(byte));
        if !utf8.finish() {
            return Err(err(NfcProblem::NotUtf8, qr_offset));
        }
        Ok(uri)
    }

    /// The host, as written.
    pub fn host(&self) -> &'a str {
        self.host
    }

    /// The `sig` parameter as written (opaque, not verified), if present.
    pub fn sig(&self) -> Option<&'a str> {
        self.sig
    }

    /// The `qr` parameter as written, still percent-encoded.
    pub fn qr_encoded(&self) -> &'a str {
        self.qr
    }

    /// The byte offset of the `qr` value in the URI.
    pub fn qr_offset(&self) -> usize {
        self.qr_offset
    }

    /// Each byte of the decoded code, in order.
    fn decoded(&self, mut each: impl FnMut(u8)) {
        let b = self.qr.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match (
                b[i],
                b.get(i + 1).and_then(|&c| hex(c)),
                b.get(i + 2).and_then(|&c| hex(c)),
            ) {
                (b'%', Some(h), Some(l)) => {
                    each(h << 4 | l);
                    i += 3;
                }
                (c, _, _) => {
                    each(c);
                    i += 1;
                }
            }
        }
    }

    /// The BR Code, percent-decoded into `buf`, without allocating.
    ///
    /// # Errors
    /// [`NfcProblem::BufferFull`] when `buf` is too small (a BR Code is at most 512
    /// characters, so 2,048 bytes always suffice).
    pub fn code_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, NfcError> {
        let mut n = 0;
        let mut full = false;
        self.decoded(|byte| match buf.get_mut(n) {
            Some(slot) => {
                *slot = byte;
                n += 1;
            }
            None => full = true,
        });
        if full {
            return Err(err(NfcProblem::BufferFull, self.qr_offset));
        }
        // Checked to be UTF-8 by parse.
        core::str::from_utf8(&buf[..n]).map_err(|_| err(NfcProblem::NotUtf8, self.qr_offset))
    }

    /// The BR Code, percent-decoded: borrowed when nothing was escaped.
    ///
    /// ```
    /// let uri = pixcode::nfc::PixUri::parse("pix://h.com/?qr=0002+01")?;
    /// assert_eq!(uri.code(), "0002+01"); // a raw + stays a +
    /// # Ok::<(), pixcode::nfc::NfcError>(())
    /// ```
    #[cfg(feature = "alloc")]
    pub fn code(&self) -> alloc::borrow::Cow<'a, str> {
        if !self.qr.contains('%') {
            return alloc::borrow::Cow::Borrowed(self.qr);
        }
        let mut bytes = alloc::vec::Vec::with_capacity(self.qr.len());
        self.decoded(|b| bytes.push(b));
        alloc::borrow::Cow::Owned(alloc::string::String::from_utf8(bytes).unwrap_or_default())
    }
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// A streaming UTF-8 validity check, for the decoded bytes (no buffer needed).
#[derive(Default)]
struct Utf8Check {
    /// Continuation bytes still expected, and the bounds the next byte must fall in.
    need: u8,
    lo: u8,
    hi: u8,
    bad: bool,
}

impl Utf8Check {
    fn push(&mut self, b: u8) {
        if self.bad {
            return;
        }
        if self.need > 0 {
            if b < self.lo || b > self.hi {
                self.bad = true;
            }
            self.need -= 1;
            (self.lo, self.hi) = (0x80, 0xBF);
            return;
        }
        (self.need, self.lo, self.hi) = match b {
            0x00..=0x7F => (0, 0x80, 0xBF),
            0xC2..=0xDF => (1, 0x80, 0xBF),
            0xE0 => (2, 0xA0, 0xBF),
            0xE1..=0xEC | 0xEE..=0xEF => (2, 0x80, 0xBF),
            0xED => (2, 0x80, 0x9F),
            0xF0 => (3, 0x90, 0xBF),
            0xF1..=0xF3 => (3, 0x80, 0xBF),
            0xF4 => (3, 0x80, 0x8F),
            _ => {
                self.bad = true;
                (0, 0x80, 0xBF)
            }
        };
    }

    fn finish(&self) -> bool {
        !self.bad && self.need == 0
    }
}

/// Whether `b` is written as itself in `qr` (RFC 3986 unreserved); all else is `%XX`.
#[cfg(feature = "alloc")]
fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// `text` percent-encoded: every byte but the unreserved ones as `%XX` (upper case), so `+`,
/// `%`, `&`, `#` and spaces never reach the URI raw.
///
/// ```
/// assert_eq!(pixcode::nfc::percent_encode("+55 61&#%"), "%2B55%2061%26%23%25");
/// ```
#[cfg(feature = "alloc")]
pub fn percent_encode(text: &str) -> alloc::string::String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = alloc::string::String::with_capacity(text.len() * 3 / 2);
    for &b in text.as_bytes() {
        if unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// The `pix://` URI of `code`, as written for NFC: the host is the location's (the payment
/// URL's, else the recurrence URL's) for a dynamic or composto code, `host` for a static one;
/// `sig`, when given, is encoded and appended as is.
///
/// # Errors
/// [`NfcProblem::HostRequired`] for a static code without `host`, [`NfcProblem::HostMismatch`]
/// when `host` is not the location's host, [`NfcProblem::HostInvalid`] for a host that is not
/// a domain name.
///
/// ```
/// use pixcode::nfc::{to_uri, PixUri};
/// let code = pixcode::decode("00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***630464E4")?;
/// let uri = to_uri(&code, None, None)?;
/// assert!(uri.starts_with("pix://pix.example.com?qr=00020101021226700014br.gov.bcb.pix2548pix.example.com%2F8b3d"));
/// assert_eq!(PixUri::parse(&uri)?.code(), code.payload().input());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "alloc")]
pub fn to_uri(
    code: &crate::BrCode<'_>,
    host: Option<&str>,
    sig: Option<&str>,
) -> Result<alloc::string::String, NfcError> {
    let own = code.location().or(code.recurrence()).map(|l| l.host());
    let host = match (own, host) {
        (Some(own), Some(given)) if !own.eq_ignore_ascii_case(given) => {
            return Err(err(NfcProblem::HostMismatch, 0))
        }
        (Some(own), _) => own,
        (None, Some(given)) => given,
        (None, None) => return Err(err(NfcProblem::HostRequired, 0)),
    };
    uri_for(code.payload().input(), host, sig)
}

/// The `pix://` URI of the BR Code text `code` at `host` (no check of the code: see
/// [`to_uri`] for a decoded one).
///
/// # Errors
/// [`NfcProblem::HostInvalid`] for a host that is not a domain name.
///
/// ```
/// assert_eq!(pixcode::nfc::uri_for("0002+01", "loja.example", None)?, "pix://loja.example?qr=0002%2B01");
/// # Ok::<(), pixcode::nfc::NfcError>(())
/// ```
#[cfg(feature = "alloc")]
pub fn uri_for(
    code: &str,
    host: &str,
    sig: Option<&str>,
) -> Result<alloc::string::String, NfcError> {
    if host.is_empty() {
        return Err(err(NfcProblem::HostEmpty, 0));
    }
    if !is_host(host) {
        return Err(err(NfcProblem::HostInvalid, 0));
    }
    let mut out =
        alloc::string::String::with_capacity(SCHEME.len() + host.len() + code.len() * 3 / 2 + 8);
    out.push_str(SCHEME);
    out.push_str(host);
    out.push_str("?qr=");
    out.push_str(&percent_encode(code));
    if let Some(s) = sig {
        out.push_str("&sig=");
        out.push_str(&percent_encode(s));
    }
    Ok(out)
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use std::string::ToString;

    #[test]
    fn codes_are_distinct() {
        for (i, a) in NfcProblem::ALL.iter().enumerate() {
            assert!(a.code().starts_with("nfc_"));
            assert!(NfcProblem::ALL[i + 1..]
                .iter()
                .all(|b| b.code() != a.code()));
            assert!(!a.to_string().is_empty());
        }
    }

    #[test]
    fn refusals_name_the_problem_and_offset() {
        let cases: &[(&str, NfcProblem, usize)] = &[
            ("", NfcProblem::Scheme, 0),
            ("pi://h?qr=1", NfcProblem::Scheme, 0),
            ("pix://?qr=1", NfcProblem::HostEmpty, 6),
            ("pix://a_b.com?qr=1", NfcProblem::HostInvalid, 7),
            ("pix://user@h.com?qr=1", NfcProblem::HostInvalid, 10),
            ("pix://h.com:443?qr=1", NfcProblem::HostInvalid, 11),
            ("pix://h.com/pay?qr=1", NfcProblem::Path, 11),
            ("pix://h.com?qr=12#34", NfcProblem::Fragment, 17),
            ("pix://h.com", NfcProblem::QrMissing, 11),
            ("pix://h.com?sig=1", NfcProblem::QrMissing, 17),
            ("pix://h.com?qr=1&qr=2", NfcProblem::QrRepeated, 17),
            ("pix://h.com?qr=", NfcProblem::QrEmpty, 15),
            ("pix://h.com?qr", NfcProblem::QrEmpty, 14),
            ("pix://h.com?qr=1&sig=a&sig=b", NfcProblem::SigRepeated, 23),
            ("pix://h.com?qr=1%", NfcProblem::BadEscape, 16),
            ("pix://h.com?qr=1%4", NfcProblem::BadEscape, 16),
            ("pix://h.com?qr=1%zz", NfcProblem::BadEscape, 16),
            ("pix://h.com?qr=%FF", NfcProblem::NotUtf8, 15),
            ("pix://h.com?qr=%C3", NfcProblem::NotUtf8, 15),
            ("pix://h.com?qr=%ED%A0%80", NfcProblem::NotUtf8, 15),
        ];
        for &(uri, problem, offset) in cases {
            let e = PixUri::parse(uri).unwrap_err();
            assert_eq!((e.problem, e.offset), (problem, offset), "{uri}");
        }
    }

    #[test]
    fn escapes_decode_and_plus_stays() {
        let u = PixUri::parse("PIX://H.example.com/?x=1&qr=a+b%20c%2B%25%26%23%c3%a3&sig=s%2B&y")
            .unwrap();
        assert_eq!(u.host(), "H.example.com");
        assert_eq!(u.sig(), Some("s%2B"));
        assert_eq!(u.code(), "a+b c+%&#ã");
        let mut small = [0u8; 4];
        assert_eq!(
            u.code_into(&mut small).unwrap_err().problem,
            NfcProblem::BufferFull
        );
        let mut buf = [0u8; 64];
        assert_eq!(u.code_into(&mut buf).unwrap(), "a+b c+%&#ã");
    }

    #[test]
    fn every_byte_round_trips_through_the_writer() {
        let all: std::string::String = (1u32..0x800).filter_map(char::from_u32).collect();
        let uri = uri_for(&all, "h.example", Some("+/=")).unwrap();
        assert!(uri.bytes().all(|b| b.is_ascii_graphic()));
        assert!(!uri["pix://h.example?".len()..].contains(['+', '#', ' ']));
        let back = PixUri::parse(&uri).unwrap();
        assert_eq!(back.code(), all);
        assert_eq!(back.sig(), Some("%2B%2F%3D"));
    }
}
