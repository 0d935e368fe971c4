//! The verifier's own trust anchors and the certificate checks of `dynamic.md` §2 step 5:
//! chain to an anchor of ours (never one the server sent), validity at the verification time,
//! KeyUsage digitalSignature, the host name, and the public key to compare with the JWK.

use crate::dynamic::rules::rule;
use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName, TrustAnchor, UnixTime};
use serde::Serialize;
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey as X509Key;

use super::jwk::{strip_zeros, PublicKey};
use super::jws::KeyType;
use crate::dynamic::cobv::time::Timestamp;
use crate::dynamic::problem::Problem;

/// The roots a certificate chain must end at: Mozilla's by default, plus the caller's.
///
/// A root the server sends in `x5c` is never trusted by itself: it counts only when it is
/// also one of these.
///
/// ```
/// use pixcode::dynamic::TrustAnchors;
/// let roots = TrustAnchors::mozilla();
/// assert!(roots.len() > 100);
/// let mut mine = TrustAnchors::empty();
/// assert!(mine.is_empty());
/// assert_eq!(mine.add_pem(b"not a certificate").unwrap_err().code, "anchor_invalid");
/// ```
#[derive(Clone, Debug)]
pub struct TrustAnchors {
    anchors: Vec<TrustAnchor<'static>>,
}

impl TrustAnchors {
    /// Mozilla's root program, as shipped by `webpki-roots`.
    pub fn mozilla() -> TrustAnchors {
        TrustAnchors {
            anchors: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        }
    }

    /// No anchor at all: every chain fails until anchors are added.
    pub fn empty() -> TrustAnchors {
        TrustAnchors {
            anchors: Vec::new(),
        }
    }

    /// Adds one root certificate (DER).
    ///
    /// # Errors
    /// `anchor_invalid` when it is not a certificate.
    pub fn add_der(&mut self, der: &[u8]) -> Result<(), Problem> {
        let cert = CertificateDer::from(der);
        let anchor = webpki::anchor_from_trusted_cert(&cert).map_err(|e| {
            Problem::new(
                rule::ANCHOR_INVALID,
                format!("the trust anchor is not a usable certificate: {e}"),
            )
        })?;
        self.anchors.push(anchor.to_owned());
        Ok(())
    }

    /// Adds every certificate of a PEM file; returns how many.
    ///
    /// # Errors
    /// `anchor_invalid` when the text holds no certificate or a broken one.
    pub fn add_pem(&mut self, pem: &[u8]) -> Result<usize, Problem> {
        let mut n = 0;
        for cert in CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|e| {
                Problem::new(
                    rule::ANCHOR_INVALID,
                    format!("the PEM file is not readable: {e}"),
                )
            })?;
            self.add_der(&cert)?;
            n += 1;
        }
        if n == 0 {
            return Err(Problem::new(
                rule::ANCHOR_INVALID,
                "the PEM text holds no CERTIFICATE block".to_string(),
            ));
        }
        Ok(n)
    }

    /// How many anchors.
    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    pub(crate) fn as_slice(&self) -> &[TrustAnchor<'static>] {
        &self.anchors
    }
}

impl Default for TrustAnchors {
    fn default() -> Self {
        TrustAnchors::mozilla()
    }
}

/// What the signing certificate says, shown with a verified charge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CertInfo {
    /// Subject distinguished name.
    pub subject: String,
    /// Issuer distinguished name.
    pub issuer: String,
    /// Serial number, hex.
    pub serial: String,
    /// Start of validity.
    pub not_before: Timestamp,
    /// End of validity.
    pub not_after: Timestamp,
    /// SHA-256 of the DER, base64url (the `x5t#S256` value).
    pub sha256: String,
}

pub(crate) struct Leaf {
    pub(crate) info: CertInfo,
    pub(crate) key: PublicKey,
    /// The `subjectPublicKey` bits as ring takes them.
    pub(crate) ring_key: Vec<u8>,
}

/// Reads the leaf: its public key, KeyUsage and the fields shown to the caller.
pub(crate) fn read_leaf(der: &[u8]) -> Result<Leaf, Problem> {
    let (_, cert) = X509Certificate::from_der(der).map_err(|e| {
        Problem::new(
            rule::CERT_INVALID,
            format!("x5c[0] is not an X.509 certificate: {e}"),
        )
    })?;
    match cert.key_usage() {
        Ok(Some(ku)) if ku.value.digital_signature() => {}
        Ok(Some(_)) => {
            return Err(Problem::new(
                rule::CERT_KEY_USAGE,
                "the signing certificate's KeyUsage does not include digitalSignature".to_string(),
            ))
        }
        Ok(None) => return Err(Problem::new(
            rule::CERT_KEY_USAGE,
            "the signing certificate has no KeyUsage extension, so digitalSignature is not stated"
                .to_string(),
        )),
        Err(e) => {
            return Err(Problem::new(
                rule::CERT_INVALID,
                format!("the signing certificate's KeyUsage cannot be read: {e}"),
            ))
        }
    }
    let spki = cert.public_key();
    let key = match spki.parsed() {
        Ok(X509Key::RSA(rsa)) => PublicKey::Rsa {
            n: strip_zeros(rsa.modulus),
            e: strip_zeros(rsa.exponent),
        },
        Ok(X509Key::EC(point)) => {
            let oid = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok());
            let curve = oid.and_then(|o| KeyType::ALL.into_iter().find(|k| k.is_curve_oid(&o)));
            let curve = match curve {
                Some(curve) => curve,
                None => {
                    return Err(Problem::new(
                        rule::CERT_KEY_TYPE,
                        "the signing certificate's EC key is not on P-256 or P-384".to_string(),
                    ))
                }
            };
            PublicKey::Ec {
                curve,
                point: point.data().to_vec(),
            }
        }
        _ => {
            return Err(Problem::new(
                rule::CERT_KEY_TYPE,
                "the signing certificate's key is neither RSA nor EC".to_string(),
            ))
        }
    };
    let ts = |t: x509_parser::time::ASN1Time| Timestamp::from_unix(t.timestamp(), 0);
    let (_, sha256) = super::jws::thumbprints(der);
    use base64::Engine as _;
    Ok(Leaf {
        info: CertInfo {
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            serial: cert.raw_serial_as_string().replace(':', ""),
            not_before: ts(cert.validity().not_before),
            not_after: ts(cert.validity().not_after),
            sha256: base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha256.as_ref()),
        },
        key,
        ring_key: spki.subject_public_key.data.to_vec(),
    })
}

/// Validates the chain `certs` (leaf first) to `anchors` at `at`, and the leaf's name for
/// `host`. Entries after the leaf serve only as intermediates.
pub(crate) fn check_chain(
    certs: &[Vec<u8>],
    anchors: &TrustAnchors,
    at: Timestamp,
    host: &str,
) -> Result<(), Problem> {
    let leaf = CertificateDer::from(certs[0].as_slice());
    let ee = webpki::EndEntityCert::try_from(&leaf).map_err(|e| {
        Problem::new(
            rule::CERT_INVALID,
            format!("x5c[0] is not a usable end-entity certificate: {e}"),
        )
    })?;
    let intermediates: Vec<CertificateDer<'_>> = certs[1..]
        .iter()
        .map(|c| CertificateDer::from(c.as_slice()))
        .collect();
    let secs = u64::try_from(at.unix_seconds()).unwrap_or(0);
    let time = UnixTime::since_unix_epoch(core::time::Duration::from_secs(secs));
    ee.verify_for_usage(
        webpki::ALL_VERIFICATION_ALGS,
        anchors.as_slice(),
        &intermediates,
        time,
        webpki::KeyUsage::server_auth(),
        None,
        None,
    )
    .map_err(|e| chain_problem(&e, at))?;
    let name = ServerName::try_from(host.to_string()).map_err(|_| {
        Problem::new(
            rule::CERT_NAME_MISMATCH,
            format!("{host:?} is not a DNS name a certificate can be checked against"),
        )
    })?;
    ee.verify_is_valid_for_subject_name(&name).map_err(|_| {
        Problem::new(
            rule::CERT_NAME_MISMATCH,
            format!("the signing certificate is not valid for the host {host}"),
        )
    })
}

fn chain_problem(e: &webpki::Error, at: Timestamp) -> Problem {
    use webpki::Error as E;
    match e {
        E::CertExpired { .. } => Problem::new(
            rule::CERT_EXPIRED,
            format!("the signing certificate (or one above it) had expired at {at}"),
        ),
        E::CertNotValidYet { .. } => Problem::new(
            rule::CERT_NOT_YET_VALID,
            format!("the signing certificate (or one above it) was not yet valid at {at}"),
        ),
        E::UnknownIssuer => Problem::new(
            rule::CERT_UNTRUSTED,
            "the certificate chain does not lead to one of the verifier's trust anchors (a root the server sends is not trusted by itself)"
                .to_string(),
        ),
        E::RequiredEkuNotFoundContext(_) => Problem::new(
            rule::CERT_USAGE,
            "the signing certificate's extended key usage does not include serverAuth".to_string(),
        ),
        other => Problem::new(
            rule::CERT_CHAIN_INVALID,
            format!("the certificate chain does not validate: {other}"),
        ),
    }
}
