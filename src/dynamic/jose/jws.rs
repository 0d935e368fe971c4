//! Compact JWS (RFC 7515) as a location serves it: three base64url parts, a header naming the
//! algorithm, the key (`kid`), the key set (`jku`) and the certificate's thumbprint.

use crate::dynamic::rules::rule;
use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::Value;

use crate::dynamic::problem::Problem;

/// A JWS signature algorithm this crate verifies and signs with.
///
/// `none` and the HMAC algorithms (`HS256`…) are never accepted: a location is signed with a
/// certificate's private key, and HMAC with a public key as the secret is the classic forgery.
///
/// ```
/// use pixcode::dynamic::Alg;
/// assert_eq!(Alg::from_name("PS256"), Some(Alg::Ps256));
/// assert_eq!(Alg::from_name("HS256"), None);
/// assert_eq!(Alg::Es256.name(), "ES256");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Alg {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (what BCB's examples use; the safe choice to sign with).
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    Rs512,
    /// RSASSA-PSS with SHA-256.
    Ps256,
    /// RSASSA-PSS with SHA-384.
    Ps384,
    /// RSASSA-PSS with SHA-512.
    Ps512,
    /// ECDSA P-256 with SHA-256 (raw `r‖s` signature).
    Es256,
    /// ECDSA P-384 with SHA-384 (raw `r‖s` signature).
    Es384,
}

/// The kind of key an algorithm needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    /// RSA (2048 to 8192 bits).
    Rsa,
    /// EC on NIST P-256.
    P256,
    /// EC on NIST P-384.
    P384,
}

impl Alg {
    /// Every algorithm, in the order of the default allow list.
    pub const ALL: [Alg; 8] = [
        Alg::Rs256,
        Alg::Rs384,
        Alg::Rs512,
        Alg::Ps256,
        Alg::Ps384,
        Alg::Ps512,
        Alg::Es256,
        Alg::Es384,
    ];

    /// The algorithm named `name` (`RS256`…), if this crate supports it.
    pub fn from_name(name: &str) -> Option<Alg> {
        ALGS.iter().find(|r| r.name == name).map(|r| r.alg)
    }

    /// This algorithm's row of the table.
    fn row(self) -> &'static AlgRow {
        // ALGS is in the order of Alg::ALL, one row each (tested).
        &ALGS[self as usize]
    }

    /// The JOSE name.
    pub fn name(self) -> &'static str {
        self.row().name
    }

    /// The key it needs.
    pub fn key_type(self) -> KeyType {
        self.row().key
    }

    /// ring's parameters for an RSA algorithm; `None` for ECDSA.
    pub(crate) fn rsa(self) -> Option<&'static ring::signature::RsaParameters> {
        match self.row().verify {
            Verify::Rsa(p) => Some(p),
            Verify::Ecdsa(_) => None,
        }
    }

    /// ring's verification algorithm.
    pub(crate) fn verification(self) -> &'static dyn ring::signature::VerificationAlgorithm {
        match self.row().verify {
            Verify::Rsa(p) => p,
            Verify::Ecdsa(a) => a,
        }
    }

    /// ring's RSA padding to sign with; `None` for ECDSA.
    pub(crate) fn rsa_signing(self) -> Option<&'static dyn ring::signature::RsaEncoding> {
        self.row().rsa_sign
    }
}

impl KeyType {
    /// This key type's row of the table.
    fn row(self) -> &'static KeyRow {
        // KEYS is in the order of the variants (tested).
        &KEYS[self as usize]
    }

    /// Every key type.
    pub const ALL: [KeyType; 3] = [KeyType::Rsa, KeyType::P256, KeyType::P384];

    /// The JWK `kty`: `RSA` or `EC`.
    pub fn kty(self) -> &'static str {
        self.row().kty
    }

    /// The JWK `crv` of an EC key (`P-256`, `P-384`); `None` for RSA.
    pub fn crv(self) -> Option<&'static str> {
        self.row().crv
    }

    /// The key type of a JWK's `kty` and `crv`, if this crate verifies it.
    ///
    /// ```
    /// use pixcode::dynamic::KeyType;
    /// assert_eq!(KeyType::from_jwk("EC", Some("P-384")), Some(KeyType::P384));
    /// assert_eq!(KeyType::from_jwk("RSA", None), Some(KeyType::Rsa));
    /// assert_eq!(KeyType::from_jwk("EC", Some("P-521")), None);
    /// ```
    pub fn from_jwk(kty: &str, crv: Option<&str>) -> Option<KeyType> {
        KEYS.iter()
            .find(|k| k.kty == kty && (k.crv.is_none() || k.crv == crv))
            .map(|k| k.key)
    }

    /// Bytes of a coordinate of an EC point; `None` for RSA.
    pub(crate) fn coordinate_len(self) -> Option<usize> {
        self.row().coordinate_len
    }

    /// The algorithm a signer picks when none is asked: RS256, ES256, ES384.
    pub fn default_alg(self) -> Alg {
        self.row().default_alg
    }

    /// How messages name it: `"an EC P-256 key"`.
    pub fn description(self) -> &'static str {
        self.row().description
    }

    /// ring's ECDSA signing algorithm for an EC key; `None` for RSA.
    pub(crate) fn ecdsa_signing(self) -> Option<&'static ring::signature::EcdsaSigningAlgorithm> {
        self.row().ecdsa_sign
    }

    /// Whether the curve OID of an EC SubjectPublicKeyInfo names this key type.
    pub(crate) fn is_curve_oid(self, oid: &x509_parser::oid_registry::Oid<'_>) -> bool {
        self.row().curve_oid.as_ref() == Some(oid)
    }
}

/// How ring verifies an algorithm.
enum Verify {
    Rsa(&'static ring::signature::RsaParameters),
    Ecdsa(&'static ring::signature::EcdsaVerificationAlgorithm),
}

/// Every fact of one JWS algorithm, in one row: the JWK reader, the verifier, the signer and the
/// CLI read this table, so a new algorithm is one row (and one `Alg` variant).
struct AlgRow {
    alg: Alg,
    name: &'static str,
    key: KeyType,
    verify: Verify,
    rsa_sign: Option<&'static dyn ring::signature::RsaEncoding>,
}

static ALGS: [AlgRow; 8] = {
    use ring::signature as s;
    [
        AlgRow {
            alg: Alg::Rs256,
            name: "RS256",
            key: KeyType::Rsa,
            verify: Verify::Rsa(&s::RSA_PKCS1_2048_8192_SHA256),
            rsa_sign: Some(&s::RSA_PKCS1_SHA256),
        },
        AlgRow {
            alg: Alg::Rs384,
            name: "RS384",
            key: KeyType::Rsa,
            verify: Verify::Rsa(&s::RSA_PKCS1_2048_8192_SHA384),
            rsa_sign: Some(&s::RSA_PKCS1_SHA384),
        },
        AlgRow {
            alg: Alg::Rs512,
            name: "RS512",
            key: KeyType::Rsa,
            verify: Verify::Rsa(&s::RSA_PKCS1_2048_8192_SHA512),
            rsa_sign: Some(&s::RSA_PKCS1_SHA512),
        },
        AlgRow {
            alg: Alg::Ps256,
            name: "PS256",
            key: KeyType::Rsa,
            verify: Verify::Rsa(&s::RSA_PSS_2048_8192_SHA256),
            rsa_sign: Some(&s::RSA_PSS_SHA256),
        },
        AlgRow {
            alg: Alg::Ps384,
            name: "PS384",
            key: KeyType::Rsa,
            verify: Verify::Rsa(&s::RSA_PSS_2048_8192_SHA384),
            rsa_sign: Some(&s::RSA_PSS_SHA384),
        },
        AlgRow {
            alg: Alg::Ps512,
            name: "PS512",
            key: KeyType::Rsa,
            verify: Verify::Rsa(&s::RSA_PSS_2048_8192_SHA512),
            rsa_sign: Some(&s::RSA_PSS_SHA512),
        },
        AlgRow {
            alg: Alg::Es256,
            name: "ES256",
            key: KeyType::P256,
            verify: Verify::Ecdsa(&s::ECDSA_P256_SHA256_FIXED),
            rsa_sign: None,
        },
        AlgRow {
            alg: Alg::Es384,
            name: "ES384",
            key: KeyType::P384,
            verify: Verify::Ecdsa(&s::ECDSA_P384_SHA384_FIXED),
            rsa_sign: None,
        },
    ]
};

/// Every fact of one key type, in one row.
struct KeyRow {
    key: KeyType,
    kty: &'static str,
    crv: Option<&'static str>,
    coordinate_len: Option<usize>,
    default_alg: Alg,
    description: &'static str,
    ecdsa_sign: Option<&'static ring::signature::EcdsaSigningAlgorithm>,
    curve_oid: Option<x509_parser::oid_registry::Oid<'static>>,
}

static KEYS: [KeyRow; 3] = {
    use ring::signature as s;
    [
        KeyRow {
            key: KeyType::Rsa,
            kty: "RSA",
            crv: None,
            coordinate_len: None,
            default_alg: Alg::Rs256,
            description: "an RSA key",
            ecdsa_sign: None,
            curve_oid: None,
        },
        KeyRow {
            key: KeyType::P256,
            kty: "EC",
            crv: Some("P-256"),
            coordinate_len: Some(32),
            default_alg: Alg::Es256,
            description: "an EC P-256 key",
            ecdsa_sign: Some(&s::ECDSA_P256_SHA256_FIXED_SIGNING),
            curve_oid: Some(x509_parser::oid_registry::OID_EC_P256),
        },
        KeyRow {
            key: KeyType::P384,
            kty: "EC",
            crv: Some("P-384"),
            coordinate_len: Some(48),
            default_alg: Alg::Es384,
            description: "an EC P-384 key",
            ecdsa_sign: Some(&s::ECDSA_P384_SHA384_FIXED_SIGNING),
            curve_oid: Some(x509_parser::oid_registry::OID_NIST_EC_P384),
        },
    ]
};

impl core::fmt::Display for Alg {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// A JWS header as sent: every field kept as written, checked later by the verifier.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// `alg`, as written.
    pub alg: Option<String>,
    /// `kid`.
    pub kid: Option<String>,
    /// `jku`.
    pub jku: Option<String>,
    /// `x5t`: base64url SHA-1 of the certificate, as written.
    pub x5t: Option<String>,
    /// `x5t#S256`: base64url SHA-256 of the certificate, as written.
    pub x5t_s256: Option<String>,
    /// `typ`.
    pub typ: Option<String>,
    /// `cty`.
    pub cty: Option<String>,
    /// The names listed in `crit` (extensions the signer requires the verifier to understand).
    pub crit: Vec<String>,
}

/// A compact JWS split into its parts (nothing verified yet).
///
/// ```
/// use pixcode::dynamic::Jws;
/// // "{"alg":"RS256"}" . "{}" . a one-byte signature
/// let jws = Jws::parse("eyJhbGciOiJSUzI1NiJ9.e30.AA")?;
/// assert_eq!(jws.header().alg.as_deref(), Some("RS256"));
/// assert_eq!(jws.payload(), b"{}");
/// assert_eq!(jws.signing_input(), b"eyJhbGciOiJSUzI1NiJ9.e30");
/// assert_eq!(Jws::parse("a.b").unwrap_err().code, "jws_format");
/// # Ok::<(), pixcode::dynamic::Problem>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jws {
    compact: String,
    second_dot: usize,
    header: Header,
    payload: Vec<u8>,
    signature: Vec<u8>,
}

fn b64url(part: &str, what: &str) -> Result<Vec<u8>, Problem> {
    if part.contains('=') {
        return Err(Problem::new(
            rule::JWS_FORMAT,
            format!("the JWS {what} has '=' padding; compact JWS is base64url without padding"),
        ));
    }
    URL_SAFE_NO_PAD.decode(part).map_err(|e| {
        Problem::new(
            rule::JWS_FORMAT,
            format!("the JWS {what} is not base64url: {e}"),
        )
    })
}

fn opt_str(o: &serde_json::Map<String, Value>, name: &str) -> Result<Option<String>, Problem> {
    match o.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(Problem::new(
            rule::JWS_HEADER,
            format!("the JWS header's {name} must be a string but is {other}"),
        )),
    }
}

impl Jws {
    /// Splits a compact JWS: exactly three base64url parts without padding, a JSON object as
    /// the header. Surrounding whitespace is not accepted here (the response reader trims it
    /// and says so).
    ///
    /// # Errors
    /// `jws_format` for the shape and the encoding, `jws_header` for a header that is not a
    /// JSON object with string fields (or whose `crit` is not a non-empty list of names),
    /// `jws_duplicate_member` for a header with a member twice.
    pub fn parse(compact: &str) -> Result<Jws, Problem> {
        let mut dots = compact.match_indices('.').map(|(i, _)| i);
        let (Some(first), Some(second), None) = (dots.next(), dots.next(), dots.next()) else {
            return Err(Problem::new(
                rule::JWS_FORMAT,
                format!(
                    "expected a compact JWS, three base64url parts joined by '.', but found {} part(s)",
                    compact.split('.').count()
                ),
            ));
        };
        let header_bytes = b64url(&compact[..first], "header")?;
        let payload = b64url(&compact[first + 1..second], "payload")?;
        let signature = b64url(&compact[second + 1..], "signature")?;
        let value: Value = serde_json::from_slice(&header_bytes).map_err(|e| {
            Problem::new(rule::JWS_HEADER, format!("the JWS header is not JSON: {e}"))
        })?;
        crate::dynamic::json::refuse_duplicates(
            &header_bytes,
            rule::JWS_DUPLICATE_MEMBER,
            "the JWS header",
        )?;
        let Value::Object(o) = value else {
            return Err(Problem::new(
                rule::JWS_HEADER,
                "the JWS header is not a JSON object".to_string(),
            ));
        };
        // RFC 7515 §4.1.11: a non-empty array of names; anything else is a malformed header.
        let crit = match o.get("crit") {
            None => Vec::new(),
            Some(Value::Array(items)) if !items.is_empty() => items
                .iter()
                .map(|i| {
                    i.as_str().map(str::to_string).ok_or_else(|| {
                        Problem::new(
                            rule::JWS_HEADER,
                            "the JWS header's crit lists something that is not a name".to_string(),
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
            Some(Value::Array(_)) => {
                return Err(Problem::new(
                    rule::JWS_HEADER,
                    "the JWS header's crit is an empty list, which RFC 7515 forbids".to_string(),
                ))
            }
            Some(_) => {
                return Err(Problem::new(
                    rule::JWS_HEADER,
                    "the JWS header's crit must be a list of names".to_string(),
                ))
            }
        };
        let header = Header {
            alg: opt_str(&o, "alg")?,
            kid: opt_str(&o, "kid")?,
            jku: opt_str(&o, "jku")?,
            x5t: opt_str(&o, "x5t")?,
            x5t_s256: opt_str(&o, "x5t#S256")?,
            typ: opt_str(&o, "typ")?,
            cty: opt_str(&o, "cty")?,
            crit,
        };
        Ok(Jws {
            compact: compact.to_string(),
            second_dot: second,
            header,
            payload,
            signature,
        })
    }

    /// The header as sent.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The payload bytes (not yet trusted).
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// The signature bytes.
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// What is signed: `b64(header) "." b64(payload)`.
    pub fn signing_input(&self) -> &[u8] {
        &self.compact.as_bytes()[..self.second_dot]
    }

    /// The compact JWS as received (the payer's PSP keeps it).
    pub fn as_str(&self) -> &str {
        &self.compact
    }
}

/// The SHA-1 (`x5t`) and SHA-256 (`x5t#S256`) digests of a DER certificate.
pub(crate) fn thumbprints(der: &[u8]) -> (ring::digest::Digest, ring::digest::Digest) {
    (
        ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, der),
        ring::digest::digest(&ring::digest::SHA256, der),
    )
}

/// Reads a thumbprint leniently: base64url without padding is the standard; standard base64
/// with padding (pix-api #295) and base64url of the digest's hex text (pix-api #188) are read
/// to the same digest with a finding, since the digest compared is the same. Anything else of
/// the wrong length is refused.
pub(crate) fn read_thumbprint(
    text: &str,
    name: &str,
    len: usize,
    findings: &mut Vec<Problem>,
) -> Result<Vec<u8>, Problem> {
    let bad = || {
        Problem::new(
            rule::JWS_THUMBPRINT_FORMAT,
            format!("{name} is {text:?}, not the base64url of a {len}-byte digest"),
        )
    };
    let bytes = if let Ok(b) = URL_SAFE_NO_PAD.decode(text) {
        b
    } else if let Ok(b) = STANDARD.decode(text) {
        findings.push(Problem::new(
            rule::THUMBPRINT_NOT_BASE64URL,
            format!("{name} is written in standard base64 with padding; read as the same digest"),
        ));
        b
    } else {
        let trimmed = text.trim_end_matches('=');
        let b = URL_SAFE_NO_PAD
            .decode(trimmed)
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(trimmed))
            .map_err(|_| bad())?;
        findings.push(Problem::new(
            rule::THUMBPRINT_NOT_BASE64URL,
            format!("{name} mixes base64 alphabets or padding; read as the same digest"),
        ));
        b
    };
    if bytes.len() == len {
        return Ok(bytes);
    }
    if bytes.len() == 2 * len && bytes.iter().all(u8::is_ascii_hexdigit) {
        let hex = core::str::from_utf8(&bytes).map_err(|_| bad())?;
        let digest: Vec<u8> = (0..len)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16))
            .collect::<Result<_, _>>()
            .map_err(|_| bad())?;
        findings.push(Problem::new(
            rule::THUMBPRINT_HEX_TEXT,
            format!("{name} encodes the digest's hex text rather than its bytes; read as the same digest"),
        ));
        return Ok(digest);
    }
    Err(bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_have_one_row_a_variant_in_order() {
        for (i, a) in Alg::ALL.into_iter().enumerate() {
            assert_eq!(ALGS[i].alg, a);
            assert_eq!(Alg::from_name(a.name()), Some(a));
            assert_eq!(a.rsa().is_some(), a.key_type() == KeyType::Rsa);
            assert_eq!(a.rsa_signing().is_some(), a.key_type() == KeyType::Rsa);
        }
        for (i, k) in KeyType::ALL.into_iter().enumerate() {
            assert_eq!(KEYS[i].key, k);
            assert_eq!(KeyType::from_jwk(k.kty(), k.crv()), Some(k));
            assert_eq!(k.default_alg().key_type(), k);
            assert_eq!(k.ecdsa_signing().is_some(), k != KeyType::Rsa);
            assert_eq!(k.coordinate_len().is_some(), k != KeyType::Rsa);
        }
    }
}
