//! JWK Sets (RFC 7517) as a `jku` serves them: read, select by `kid`, compare with a
//! certificate, and write one for a signer's chain.

use crate::dynamic::rules::rule;
use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::{json, Value};

use super::jws::{Alg, KeyType};
use crate::dynamic::problem::Problem;

/// One key of a JWK Set, fields as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Jwk {
    /// `kty`: `RSA` or `EC`.
    pub kty: Option<String>,
    /// `kid`.
    pub kid: Option<String>,
    /// `alg`, when stated.
    pub alg: Option<String>,
    /// `use`, when stated.
    pub use_: Option<String>,
    /// `key_ops`, when stated.
    pub key_ops: Option<Vec<String>>,
    /// RSA modulus (base64url).
    pub n: Option<String>,
    /// RSA exponent (base64url).
    pub e: Option<String>,
    /// EC curve.
    pub crv: Option<String>,
    /// EC x (base64url).
    pub x: Option<String>,
    /// EC y (base64url).
    pub y: Option<String>,
    /// `x5c`: the certificate chain, leaf first, standard base64 DER as written.
    pub x5c: Vec<String>,
    /// `x5t`.
    pub x5t: Option<String>,
    /// `x5t#S256`.
    pub x5t_s256: Option<String>,
}

/// A JWK Set.
///
/// ```
/// use pixcode::dynamic::Jwks;
/// let set = Jwks::parse(br#"{"keys":[{"kty":"EC","kid":"k1","crv":"P-256","x":"AA","y":"AA"}]}"#)?;
/// assert_eq!(set.keys.len(), 1);
/// assert!(set.find("k1").is_some());
/// assert!(set.find("k2").is_none());
/// assert_eq!(Jwks::parse(b"<html>").unwrap_err().code, "jwks_invalid");
/// # Ok::<(), pixcode::dynamic::Problem>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Jwks {
    /// The keys, in document order.
    pub keys: Vec<Jwk>,
}

fn field(o: &serde_json::Map<String, Value>, name: &str) -> Result<Option<String>, Problem> {
    match o.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(Problem::new(
            rule::JWKS_INVALID,
            format!("a JWK's {name} must be a string but is {other}"),
        )),
    }
}

impl Jwks {
    /// Reads a JWK Set document: `{"keys": [ … ]}`.
    ///
    /// # Errors
    /// `jwks_invalid` for anything that is not such a document, `jwks_duplicate_member` for a
    /// document with a member twice in one object.
    pub fn parse(body: &[u8]) -> Result<Jwks, Problem> {
        let v: Value = serde_json::from_slice(body).map_err(|e| {
            Problem::new(rule::JWKS_INVALID, format!("the JWK Set is not JSON: {e}"))
        })?;
        crate::dynamic::json::refuse_duplicates(body, rule::JWKS_DUPLICATE_MEMBER, "the JWK Set")?;
        let Some(Value::Array(keys)) = v.get("keys") else {
            return Err(Problem::new(
                rule::JWKS_INVALID,
                "the JWK Set has no \"keys\" array".to_string(),
            ));
        };
        let mut out = Vec::with_capacity(keys.len());
        for k in keys {
            let Value::Object(o) = k else {
                return Err(Problem::new(
                    rule::JWKS_INVALID,
                    "a JWK Set entry is not an object".to_string(),
                ));
            };
            let x5c = match o.get("x5c") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|i| {
                        i.as_str().map(str::to_string).ok_or_else(|| {
                            Problem::new(
                                rule::JWKS_INVALID,
                                "an x5c entry is not a string".to_string(),
                            )
                        })
                    })
                    .collect::<Result<_, _>>()?,
                Some(_) => {
                    return Err(Problem::new(
                        rule::JWKS_INVALID,
                        "x5c is not an array".to_string(),
                    ))
                }
            };
            let key_ops = match o.get("key_ops") {
                None | Some(Value::Null) => None,
                Some(Value::Array(items)) => Some(
                    items
                        .iter()
                        .map(|i| i.as_str().unwrap_or_default().to_string())
                        .collect(),
                ),
                Some(_) => {
                    return Err(Problem::new(
                        rule::JWKS_INVALID,
                        "key_ops is not an array".to_string(),
                    ))
                }
            };
            out.push(Jwk {
                kty: field(o, "kty")?,
                kid: field(o, "kid")?,
                alg: field(o, "alg")?,
                use_: field(o, "use")?,
                key_ops,
                n: field(o, "n")?,
                e: field(o, "e")?,
                crv: field(o, "crv")?,
                x: field(o, "x")?,
                y: field(o, "y")?,
                x5c,
                x5t: field(o, "x5t")?,
                x5t_s256: field(o, "x5t#S256")?,
            });
        }
        Ok(Jwks { keys: out })
    }

    /// The key whose `kid` is `kid`.
    pub fn find(&self, kid: &str) -> Option<&Jwk> {
        self.keys.iter().find(|k| k.kid.as_deref() == Some(kid))
    }
}

/// A public key's numbers, for comparing a JWK with a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PublicKey {
    /// Modulus and exponent, big-endian without leading zeros.
    Rsa { n: Vec<u8>, e: Vec<u8> },
    /// The curve and the uncompressed point `04 ‖ x ‖ y`.
    Ec { curve: KeyType, point: Vec<u8> },
}

pub(crate) fn strip_zeros(b: &[u8]) -> Vec<u8> {
    let i = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    b[i..].to_vec()
}

fn coord(v: &Option<String>, name: &str) -> Result<Vec<u8>, Problem> {
    let s = v
        .as_deref()
        .ok_or_else(|| Problem::new(rule::JWK_INVALID, format!("the JWK has no {name}")))?;
    URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .map_err(|e| {
            Problem::new(
                rule::JWK_INVALID,
                format!("the JWK's {name} is not base64url: {e}"),
            )
        })
}

impl Jwk {
    /// The public key the JWK states.
    pub(crate) fn public_key(&self) -> Result<PublicKey, Problem> {
        match self.kty.as_deref() {
            Some("RSA") => Ok(PublicKey::Rsa {
                n: strip_zeros(&coord(&self.n, "n")?),
                e: strip_zeros(&coord(&self.e, "e")?),
            }),
            Some("EC") => {
                let found = KeyType::from_jwk("EC", self.crv.as_deref())
                    .and_then(|k| Some((k, k.coordinate_len()?)));
                let (curve, size) = match found {
                    Some(found) => found,
                    None => {
                        let other = self.crv.as_deref();
                        return Err(Problem::new(
                            rule::JWK_INVALID,
                            format!("expected crv P-256 or P-384 but found {other:?}"),
                        ));
                    }
                };
                let (x, y) = (coord(&self.x, "x")?, coord(&self.y, "y")?);
                if x.len() != size || y.len() != size {
                    return Err(Problem::new(
                        rule::JWK_INVALID,
                        format!("the JWK's x and y must be {size} bytes each"),
                    ));
                }
                let mut point = Vec::with_capacity(1 + 2 * size);
                point.push(4);
                point.extend_from_slice(&x);
                point.extend_from_slice(&y);
                Ok(PublicKey::Ec { curve, point })
            }
            other => Err(Problem::new(
                rule::JWK_KTY,
                format!("expected kty RSA or EC but found {other:?}"),
            )),
        }
    }

    /// The leaf certificate and the rest of the chain, decoded from `x5c` (whitespace and line
    /// breaks stripped, with a finding).
    pub(crate) fn chain(&self, findings: &mut Vec<Problem>) -> Result<Vec<Vec<u8>>, Problem> {
        if self.x5c.is_empty() {
            return Err(Problem::new(
                rule::JWK_X5C_MISSING,
                "the JWK has no x5c certificate chain, so its key cannot be tied to a certificate"
                    .to_string(),
            ));
        }
        let mut out = Vec::with_capacity(self.x5c.len());
        for (i, c) in self.x5c.iter().enumerate() {
            let clean: String = c.chars().filter(|ch| !ch.is_ascii_whitespace()).collect();
            if clean.len() != c.len() {
                findings.push(Problem::new(
                    rule::X5C_WHITESPACE,
                    format!("x5c[{i}] contains line breaks or spaces; they were removed"),
                ));
            }
            let der = STANDARD.decode(&clean).map_err(|e| {
                Problem::new(
                    rule::JWK_X5C_INVALID,
                    format!("x5c[{i}] is not base64 DER: {e}"),
                )
            })?;
            out.push(der);
        }
        Ok(out)
    }
}

/// The `alg` a JWK states, checked against the header's.
pub(crate) fn check_alg(jwk: &Jwk, alg: Alg, findings: &mut Vec<Problem>) -> Result<(), Problem> {
    match jwk.alg.as_deref() {
        None => Ok(()),
        Some(a) if a == alg.name() => Ok(()),
        Some(a @ ("RSA" | "EC")) => {
            findings.push(Problem::new(
                rule::JWK_ALG_NONSTANDARD,
                format!("the JWK's alg is {a:?}, a key type rather than a JWS algorithm"),
            ));
            Ok(())
        }
        Some(a) => Err(Problem::new(
            rule::JWK_ALG_MISMATCH,
            format!("the JWS says alg {} but its JWK says {a:?}", alg.name()),
        )),
    }
}

/// Writes the JWK Set for a signer: one key with `kty`, `kid`, `use`, `alg`, the public
/// numbers, `x5c` (leaf first, standard base64 without line breaks) and both thumbprints.
pub(crate) fn write_jwk(kid: &str, alg: Alg, key: &PublicKey, chain: &[Vec<u8>]) -> Value {
    let leaf = chain.first().map(Vec::as_slice).unwrap_or_default();
    let (sha1, sha256) = super::jws::thumbprints(leaf);
    let x5c: Vec<String> = chain.iter().map(|c| STANDARD.encode(c)).collect();
    let mut o = json!({
        "kid": kid,
        "use": "sig",
        "alg": alg.name(),
        "x5c": x5c,
        "x5t": URL_SAFE_NO_PAD.encode(sha1.as_ref()),
        "x5t#S256": URL_SAFE_NO_PAD.encode(sha256.as_ref()),
    });
    match key {
        PublicKey::Rsa { n, e } => {
            o["kty"] = json!(KeyType::Rsa.kty());
            o["n"] = json!(URL_SAFE_NO_PAD.encode(n));
            o["e"] = json!(URL_SAFE_NO_PAD.encode(e));
        }
        PublicKey::Ec { curve, point } => {
            let size = (point.len() - 1) / 2;
            o["kty"] = json!(curve.kty());
            o["crv"] = json!(curve.crv());
            o["x"] = json!(URL_SAFE_NO_PAD.encode(&point[1..1 + size]));
            o["y"] = json!(URL_SAFE_NO_PAD.encode(&point[1 + size..]));
        }
    }
    o
}
