//! The sans-IO verifier of `dynamic.md` §2: the location URL, the location's answer, the JWS
//! header, the key in the JWK Set, the certificate and its chain to our own anchors, the
//! signature. No I/O: the caller (or [`crate::dynamic`]'s transport) fetches, this module
//! decides. Every failure is one [`Problem`] with its own stable code; in doubt, not verified.

use crate::dynamic::rules::{rule, Rule};
use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use super::jwk::{check_alg, Jwk, Jwks, PublicKey};
use super::jws::{read_thumbprint, Alg, Jws, KeyType};
use super::trust::{check_chain, read_leaf, CertInfo, TrustAnchors};
use super::verdict::*;
use crate::dynamic::cobv::time::Timestamp;
use crate::dynamic::problem::Problem;
use crate::pix::rules::url_issue;
use crate::pix::Location;

/// The payer-side verifier: trust anchors and a policy.
///
/// ```
/// use pixcode::dynamic::{Jws, Policy, TrustAnchors, Verifier};
/// let v = Verifier::new(TrustAnchors::mozilla(), Policy::default());
/// assert_eq!(v.check_location("https://pix.example.com/cob/1").unwrap_err().code, "location_url_invalid");
/// // An unsigned JWS is refused at the header, whatever else it carries.
/// let none = Jws::parse("eyJhbGciOiJub25lIn0.e30.")?;
/// let loc = v.check_location("pix.example.com/cob/1")?;
/// assert_eq!(v.check_header(&loc, &none).unwrap_err().error.code, "jws_alg_none");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Verifier {
    anchors: TrustAnchors,
    policy: Policy,
}

/// The host of an `https://` URL, lowercased, and whether its authority names a port other
/// than 443.
fn host_of_https(url: &str) -> Option<(String, bool)> {
    let rest = url.strip_prefix("https://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.contains('@') {
        return None;
    }
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let other_port = port.is_some_and(|p| p != "443");
    (!host.is_empty()).then(|| (host.to_ascii_lowercase(), other_port))
}

impl Verifier {
    /// A verifier trusting `anchors`, under `policy`.
    pub fn new(anchors: TrustAnchors, policy: Policy) -> Verifier {
        Verifier { anchors, policy }
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The trust anchors.
    pub fn anchors(&self) -> &TrustAnchors {
        &self.anchors
    }

    /// Step 1: the location URL's characters and length, its host against the policy, and
    /// the schema from its path.
    ///
    /// # Errors
    /// `location_url_invalid`, [`crate::pix::LocationIssue::code`]'s `location_ip_host` (an
    /// IP address, dotted, numeric or hex, for a host), `location_query` (a `?` or `#`) and
    /// `location_dot_segment` (a `.` or `..` segment, percent-encoded or not),
    /// `location_host_refused`.
    pub fn check_location(&self, url: &str) -> Result<CheckedLocation, Problem> {
        if let Some(issue) = url_issue(url) {
            return Err(Problem::new(
                rule::LOCATION_URL_INVALID,
                format!(
                    "the location URL {url:?} is not valid: {}",
                    crate::pix::Problem::BadUrl { reason: issue }
                ),
            ));
        }
        let loc = Location::new(url);
        let host = loc.host().to_ascii_lowercase();
        let valid_host = !host.is_empty()
            && !host.contains(['@', ':', '?', '#'])
            && rustls_pki_types::ServerName::try_from(host.as_str()).is_ok();
        if !valid_host {
            return Err(Problem::new(
                rule::LOCATION_URL_INVALID,
                format!("the location URL {url:?} does not start with a host name"),
            ));
        }
        // The rule book's own codes: the builder refuses and the decoder warns with the same.
        if let Some(issue) = crate::pix::location_issue(url) {
            return Err(Problem::new(
                Rule::of_location_issue(issue),
                format!("the location URL {url:?} is refused: {issue}"),
            ));
        }
        if !self.policy.host_allowed(&host) {
            return Err(Problem::new(
                rule::LOCATION_HOST_REFUSED,
                format!("the host {host} is not allowed to serve Pix locations by the policy"),
            ));
        }
        Ok(CheckedLocation {
            url: url.to_string(),
            host,
            resource: loc.resource(),
        })
    }

    /// Step 3: the header. `alg` allowed (never `none` or HS*), no `crit`, a `kid`, an HTTPS
    /// `jku` on the location's host (unless the policy says otherwise), a well-formed
    /// thumbprint.
    ///
    /// # Errors
    /// [`Rejected`] with `jws_alg_missing`, `jws_alg_none`, `jws_alg_hmac`, `jws_alg_refused`,
    /// `jws_crit_unsupported`, `jws_kid_missing`, `jws_jku_missing`, `jws_jku_not_https`,
    /// `jws_jku_host`, `jws_thumbprint_missing` or `jws_thumbprint_format`.
    pub fn check_header(
        &self,
        location: &CheckedLocation,
        jws: &Jws,
    ) -> Result<CheckedHeader, Rejected> {
        let h = jws.header();
        let mut findings = Vec::new();
        let fail = |rule: Rule, message: String, findings: &Vec<Problem>| Rejected {
            error: Problem::new(rule, message),
            findings: findings.clone(),
        };
        let name = match h.alg.as_deref() {
            None => {
                return Err(fail(
                    rule::JWS_ALG_MISSING,
                    "the JWS header has no alg".into(),
                    &findings,
                ))
            }
            Some(a) => a,
        };
        if name.eq_ignore_ascii_case("none") {
            return Err(fail(
                rule::JWS_ALG_NONE,
                "the JWS header says alg \"none\": an unsigned payload is never accepted".into(),
                &findings,
            ));
        }
        if name.len() >= 2 && name[..2].eq_ignore_ascii_case("HS") {
            return Err(fail(
                rule::JWS_ALG_HMAC,
                format!("the JWS header says alg {name:?}: HMAC is never accepted for a location (a public key used as a secret forges it)"),
                &findings,
            ));
        }
        let alg = match Alg::from_name(name) {
            Some(a) if self.policy.algorithms.contains(&a) => a,
            _ => {
                let allowed: Vec<&str> = self.policy.algorithms.iter().map(|a| a.name()).collect();
                return Err(fail(
                    rule::JWS_ALG_REFUSED,
                    format!(
                        "expected alg one of {} but found {name:?}",
                        allowed.join(", ")
                    ),
                    &findings,
                ));
            }
        };
        if !h.crit.is_empty() {
            return Err(fail(
                rule::JWS_CRIT_UNSUPPORTED,
                format!(
                    "the JWS header requires extensions this verifier does not implement: {}",
                    h.crit.join(", ")
                ),
                &findings,
            ));
        }
        let Some(kid) = h.kid.clone().filter(|k| !k.is_empty()) else {
            return Err(fail(
                rule::JWS_KID_MISSING,
                "the JWS header has no kid".into(),
                &findings,
            ));
        };
        let Some(jku) = h.jku.clone() else {
            return Err(fail(
                rule::JWS_JKU_MISSING,
                "the JWS header has no jku".into(),
                &findings,
            ));
        };
        let Some((jku_host, other_port)) = host_of_https(&jku) else {
            return Err(fail(
                rule::JWS_JKU_NOT_HTTPS,
                format!("expected jku to be an https:// URL but found {jku:?}"),
                &findings,
            ));
        };
        if self.policy.jku_same_host && jku_host != location.host {
            return Err(fail(
                rule::JWS_JKU_HOST,
                format!(
                    "the jku host {jku_host} is not the location host {}",
                    location.host
                ),
                &findings,
            ));
        }
        if self.policy.jku_same_host && other_port {
            return Err(fail(
                rule::JWS_JKU_HOST,
                format!(
                    "the jku {jku:?} names another port of the location host {}; the key set is served where the location is",
                    location.host
                ),
                &findings,
            ));
        }
        if h.x5t.is_none() && h.x5t_s256.is_none() {
            return Err(fail(
                rule::JWS_THUMBPRINT_MISSING,
                "the JWS header has neither x5t nor x5t#S256".into(),
                &findings,
            ));
        }
        let sha1 = match &h.x5t {
            Some(t) => {
                Some(
                    read_thumbprint(t, "x5t", 20, &mut findings).map_err(|e| Rejected {
                        error: e,
                        findings: findings.clone(),
                    })?,
                )
            }
            None => None,
        };
        let sha256 = match &h.x5t_s256 {
            Some(t) => Some(
                read_thumbprint(t, "x5t#S256", 32, &mut findings).map_err(|e| Rejected {
                    error: e,
                    findings: findings.clone(),
                })?,
            ),
            None => None,
        };
        Ok(CheckedHeader {
            alg,
            kid,
            jku,
            jku_host,
            sha1,
            sha256,
            findings,
        })
    }

    /// Steps 3 to 6: the header, the key `kid` in `jwks`, the certificate (thumbprint, key
    /// equal to the JWK's, chain to this verifier's anchors valid at `at`, KeyUsage, the jku
    /// host's name), then the signature. Only a JWS that passes all of them yields its
    /// payload.
    ///
    /// # Errors
    /// [`Rejected`] naming the first failed check: the header's codes (see
    /// [`Verifier::check_header`]), `jwks_kid_missing`, `jwk_kty_mismatch`, `jwk_use`,
    /// `jwk_alg_mismatch`, `jwk_x5c_missing`, `jwk_x5c_invalid`, `cert_invalid`,
    /// `cert_key_usage`, `cert_key_type`, `jws_thumbprint_mismatch`,
    /// `jwk_thumbprint_mismatch`, `jwk_key_mismatch`, `cert_untrusted`, `cert_expired`,
    /// `cert_not_yet_valid`, `cert_usage`, `cert_chain_invalid`, `cert_name_mismatch`,
    /// `jwk_key_too_small` (RSA under [`MIN_RSA_BITS`]), `jwk_key_too_large`,
    /// `jws_signature_invalid`.
    pub fn verify(
        &self,
        location: &CheckedLocation,
        jws: &Jws,
        jwks: &Jwks,
        at: Timestamp,
    ) -> Result<Verified, Rejected> {
        let header = self.check_header(location, jws)?;
        let mut findings = header.findings.clone();
        match self.verify_key(&header, jws, jwks, at, &mut findings) {
            Ok(certificate) => Ok(Verified {
                signature: SignatureInfo {
                    alg: header.alg.name(),
                    kid: header.kid,
                    jku: header.jku,
                    certificate,
                },
                findings,
                payload: jws.payload().to_vec(),
            }),
            Err(error) => Err(Rejected { error, findings }),
        }
    }

    fn verify_key(
        &self,
        header: &CheckedHeader,
        jws: &Jws,
        jwks: &Jwks,
        at: Timestamp,
        findings: &mut Vec<Problem>,
    ) -> Result<CertInfo, Problem> {
        let alg = header.alg;
        let jwk = jwks.find(&header.kid).ok_or_else(|| {
            Problem::new(
                rule::JWKS_KID_MISSING,
                format!(
                    "the JWK Set at {} has no key with kid {:?}",
                    header.jku, header.kid
                ),
            )
        })?;
        check_jwk_usage(jwk, alg, findings)?;
        let jwk_key = jwk.public_key()?;
        let certs = jwk.chain(findings)?;
        let leaf = read_leaf(&certs[0])?;
        // The thumbprints: the header's, and the JWK's own when it states one.
        let (sha1, sha256) = super::jws::thumbprints(&certs[0]);
        let matches = |want: &Option<Vec<u8>>, got: &[u8]| want.as_deref().is_none_or(|w| w == got);
        if !matches(&header.sha1, sha1.as_ref()) || !matches(&header.sha256, sha256.as_ref()) {
            return Err(Problem::new(
                rule::JWS_THUMBPRINT_MISMATCH,
                "the header's certificate thumbprint is not the digest of the JWK's x5c[0]".into(),
            ));
        }
        let mut jwk_findings = Vec::new();
        let jwk_sha1 = jwk
            .x5t
            .as_deref()
            .map(|t| read_thumbprint(t, "the JWK's x5t", 20, &mut jwk_findings))
            .transpose()?;
        let jwk_sha256 = jwk
            .x5t_s256
            .as_deref()
            .map(|t| read_thumbprint(t, "the JWK's x5t#S256", 32, &mut jwk_findings))
            .transpose()?;
        findings.extend(jwk_findings);
        if !matches(&jwk_sha1, sha1.as_ref()) || !matches(&jwk_sha256, sha256.as_ref()) {
            return Err(Problem::new(
                rule::JWK_THUMBPRINT_MISMATCH,
                "the JWK's own thumbprint is not the digest of its x5c[0]".into(),
            ));
        }
        if jwk_key != leaf.key {
            return Err(Problem::new(
                rule::JWK_KEY_MISMATCH,
                "the JWK's public key is not the key of its certificate x5c[0]".into(),
            ));
        }
        check_chain(&certs, &self.anchors, at, &header.jku_host)?;
        check_key_size(&jwk_key)?;
        let key = ring::signature::UnparsedPublicKey::new(alg.verification(), &leaf.ring_key);
        key.verify(jws.signing_input(), jws.signature())
            .map_err(|_| {
                Problem::new(
                    rule::JWS_SIGNATURE_INVALID,
                    format!("the {alg} signature does not verify under the certificate's key"),
                )
            })?;
        Ok(leaf.info)
    }
}

/// The least RSA modulus accepted, in bits: what browsers require of TLS certificates.
pub const MIN_RSA_BITS: usize = 2048;
/// The largest RSA modulus accepted, in bits (ring's limit).
pub const MAX_RSA_BITS: usize = 8192;

/// Refuses an RSA key outside 2048–8192 bits with its own code, before the signature is
/// checked: a valid signature by a 1024-bit key is weak, not forged, and says so.
fn check_key_size(key: &PublicKey) -> Result<(), Problem> {
    let PublicKey::Rsa { n, .. } = key else {
        return Ok(());
    };
    let bits = n.len() * 8 - n.first().map_or(8, |b| b.leading_zeros() as usize);
    if bits < MIN_RSA_BITS {
        return Err(Problem::new(
            rule::JWK_KEY_TOO_SMALL,
            format!("the signing key is RSA of {bits} bits; at least {MIN_RSA_BITS} are required"),
        ));
    }
    if bits > MAX_RSA_BITS {
        return Err(Problem::new(
            rule::JWK_KEY_TOO_LARGE,
            format!("the signing key is RSA of {bits} bits; at most {MAX_RSA_BITS} are verified"),
        ));
    }
    Ok(())
}

fn check_jwk_usage(jwk: &Jwk, alg: Alg, findings: &mut Vec<Problem>) -> Result<(), Problem> {
    let fits = jwk
        .kty
        .as_deref()
        .and_then(|kty| KeyType::from_jwk(kty, jwk.crv.as_deref()))
        == Some(alg.key_type());
    if !fits {
        return Err(Problem::new(
            rule::JWK_KTY_MISMATCH,
            format!(
                "the JWS alg {alg} needs {} but the JWK is kty {:?}{}",
                alg.key_type().description(),
                jwk.kty.as_deref().unwrap_or(""),
                jwk.crv
                    .as_deref()
                    .map(|c| format!(" crv {c}"))
                    .unwrap_or_default()
            ),
        ));
    }
    if let Some(u) = jwk.use_.as_deref() {
        if u != "sig" {
            return Err(Problem::new(
                rule::JWK_USE,
                format!("the JWK's use is {u:?}, not \"sig\""),
            ));
        }
    }
    if let Some(ops) = &jwk.key_ops {
        if !ops.iter().any(|o| o == "verify") {
            return Err(Problem::new(
                rule::JWK_USE,
                "the JWK's key_ops do not include \"verify\"".into(),
            ));
        }
    }
    check_alg(jwk, alg, findings)
}

/// Checks only the signature of `jws` under a bare JWK (no header, certificate or chain
/// checks): for test vectors and for measuring what the full verification adds. Never use
/// it to accept a payload.
///
/// # Errors
/// `jws_alg_refused` for an algorithm outside [`Alg`], the JWK's own errors,
/// `jws_signature_invalid`.
pub fn verify_signature_only(jws: &Jws, jwk: &Jwk) -> Result<(), Problem> {
    let name = jws.header().alg.as_deref().unwrap_or("");
    let alg = Alg::from_name(name)
        .ok_or_else(|| Problem::new(rule::JWS_ALG_REFUSED, format!("unsupported alg {name:?}")))?;
    let bad = || {
        Problem::new(
            rule::JWS_SIGNATURE_INVALID,
            format!("the {alg} signature does not verify under the key"),
        )
    };
    let key = jwk.public_key()?;
    check_key_size(&key)?;
    match key {
        PublicKey::Rsa { n, e } => ring::signature::RsaPublicKeyComponents { n: &n, e: &e }
            .verify(
                alg.rsa().ok_or_else(bad)?,
                jws.signing_input(),
                jws.signature(),
            )
            .map_err(|_| bad()),
        PublicKey::Ec { point, .. } => {
            ring::signature::UnparsedPublicKey::new(alg.verification(), &point)
                .verify(jws.signing_input(), jws.signature())
                .map_err(|_| bad())
        }
    }
}
