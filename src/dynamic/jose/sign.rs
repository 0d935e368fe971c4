//! The receiver's side: sign a location payload as a compact JWS and publish the JWK Set a
//! payer verifies it with (`dynamic.md` §1, `brcode.md` §5.5).

use crate::dynamic::rules::rule;
use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ring::rand::SystemRandom;
use ring::signature::{self as sig, EcdsaKeyPair, KeyPair as _, RsaKeyPair};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use serde_json::json;

use super::jwk::{write_jwk, PublicKey};
use super::jws::{thumbprints, Alg, KeyType};
use super::trust::read_leaf;
use crate::dynamic::problem::Problem;

enum Key {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair),
}

/// Signs location payloads with a private key whose certificate chain is published at `jku`.
///
/// The header carries `alg`, `kid`, `jku`, `x5t` and `x5t#S256` (and `typ: JWS`, as BCB's
/// examples do). RS256 is the default and the safe choice: some payer PSPs refuse PS256.
///
/// The signer refuses a key that is not the leaf certificate's, an algorithm that does not
/// fit the key, and a certificate without KeyUsage digitalSignature: payers would refuse
/// what it signs.
pub struct Signer {
    alg: Alg,
    kid: String,
    jku: String,
    chain: Vec<Vec<u8>>,
    public: PublicKey,
    key: Key,
    rng: SystemRandom,
    header_b64: String,
}

impl core::fmt::Debug for Signer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Signer")
            .field("alg", &self.alg)
            .field("kid", &self.kid)
            .field("jku", &self.jku)
            .finish_non_exhaustive()
    }
}

/// Reads a PEM certificate chain, leaf first.
///
/// # Errors
/// `cert_invalid` when the text holds no certificate or a broken PEM block.
pub fn read_pem_chain(pem: &[u8]) -> Result<Vec<Vec<u8>>, Problem> {
    let chain = CertificateDer::pem_slice_iter(pem)
        .map(|c| c.map(|c| c.to_vec()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            Problem::new(
                rule::CERT_INVALID,
                format!("the certificate PEM is not readable: {e}"),
            )
        })?;
    if chain.is_empty() {
        return Err(Problem::new(
            rule::CERT_INVALID,
            "the certificate PEM holds no CERTIFICATE block".to_string(),
        ));
    }
    Ok(chain)
}

/// The default key id of a chain: the leaf's SHA-256 thumbprint.
fn default_kid(chain: &[Vec<u8>]) -> String {
    URL_SAFE_NO_PAD.encode(thumbprints(&chain[0]).1.as_ref())
}

impl Signer {
    /// A signer from a PEM private key (PKCS#8, or PKCS#1 for RSA) and a PEM certificate
    /// chain (leaf first), for key set URL `jku`. `kid` defaults to the leaf's SHA-256
    /// thumbprint.
    ///
    /// # Errors
    /// `signer_key_invalid` for an unreadable key or one that does not fit `alg`,
    /// `signer_key_mismatch` when the key is not the leaf's, `cert_*` for the certificate,
    /// `jws_jku_not_https` for a jku that is not HTTPS.
    pub fn from_pem(
        key_pem: &[u8],
        chain_pem: &[u8],
        alg: Alg,
        jku: &str,
        kid: Option<&str>,
    ) -> Result<Signer, Problem> {
        if !jku.starts_with("https://") {
            return Err(Problem::new(
                rule::JWS_JKU_NOT_HTTPS,
                format!("expected jku to be an https:// URL but found {jku:?}"),
            ));
        }
        let chain = read_pem_chain(chain_pem)?;
        let leaf = read_leaf(&chain[0])?;
        let rng = SystemRandom::new();
        let bad = |m: String| Problem::new(rule::SIGNER_KEY_INVALID, m);
        let der = PrivateKeyDer::from_pem_slice(key_pem)
            .map_err(|e| bad(format!("the private key PEM is not readable: {e}")))?;
        let key = match (alg.key_type(), &der) {
            (KeyType::Rsa, PrivateKeyDer::Pkcs8(k)) => RsaKeyPair::from_pkcs8(k.secret_pkcs8_der())
                .map(Key::Rsa)
                .map_err(|e| bad(format!("not an RSA PKCS#8 key usable for {alg}: {e}")))?,
            (KeyType::Rsa, PrivateKeyDer::Pkcs1(k)) => RsaKeyPair::from_der(k.secret_pkcs1_der())
                .map(Key::Rsa)
                .map_err(|e| bad(format!("not an RSA key usable for {alg}: {e}")))?,
            (ec, PrivateKeyDer::Pkcs8(k)) if ec.ecdsa_signing().is_some() => {
                let a = ec.ecdsa_signing().unwrap_or(&sig::ECDSA_P256_SHA256_FIXED_SIGNING);
                EcdsaKeyPair::from_pkcs8(a, k.secret_pkcs8_der(), &rng)
                    .map(Key::Ec)
                    .map_err(|e| bad(format!("not an EC PKCS#8 key for {alg}: {e}")))?
            }
            (_, PrivateKeyDer::Sec1(_)) => {
                return Err(bad(
                    "an EC PRIVATE KEY (SEC1) block: convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt)".to_string(),
                ))
            }
            _ => return Err(bad(format!("the key does not fit {alg}"))),
        };
        let public = match &key {
            Key::Rsa(k) => k.public_key().as_ref().to_vec(),
            Key::Ec(k) => k.public_key().as_ref().to_vec(),
        };
        if public != leaf.ring_key {
            return Err(Problem::new(
                rule::SIGNER_KEY_MISMATCH,
                "the private key is not the key of the leaf certificate".to_string(),
            ));
        }
        let kid = kid.map_or_else(|| default_kid(&chain), str::to_string);
        let (sha1, sha256) = thumbprints(&chain[0]);
        let header = json!({
            "alg": alg.name(),
            "typ": "JWS",
            "kid": kid,
            "jku": jku,
            "x5t": URL_SAFE_NO_PAD.encode(sha1.as_ref()),
            "x5t#S256": URL_SAFE_NO_PAD.encode(sha256.as_ref()),
        });
        let header_b64 = URL_SAFE_NO_PAD.encode(header.to_string());
        Ok(Signer {
            alg,
            kid,
            jku: jku.to_string(),
            chain,
            public: leaf.key,
            key,
            rng,
            header_b64,
        })
    }

    /// The key id in the header and the JWK Set.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The algorithm.
    pub fn alg(&self) -> Alg {
        self.alg
    }

    /// Signs `payload` (the JSON bytes) into a compact JWS.
    ///
    /// # Errors
    /// `signer_failed` if the crypto backend fails (it does not for a key it accepted).
    pub fn sign(&self, payload: &[u8]) -> Result<String, Problem> {
        let mut out = String::with_capacity(self.header_b64.len() + payload.len() * 4 / 3 + 600);
        out.push_str(&self.header_b64);
        out.push('.');
        URL_SAFE_NO_PAD.encode_string(payload, &mut out);
        let failed = |_| Problem::new(rule::SIGNER_FAILED, format!("{} signing failed", self.alg));
        let signature = match &self.key {
            Key::Rsa(k) => {
                // An RSA key is only made for an RSA algorithm, which has a padding.
                let padding = self
                    .alg
                    .rsa_signing()
                    .ok_or_else(|| failed(ring::error::Unspecified))?;
                let mut s = std::vec![0; k.public().modulus_len()];
                k.sign(padding, &self.rng, out.as_bytes(), &mut s)
                    .map_err(failed)?;
                s
            }
            Key::Ec(k) => k
                .sign(&self.rng, out.as_bytes())
                .map_err(failed)?
                .as_ref()
                .to_vec(),
        };
        out.push('.');
        URL_SAFE_NO_PAD.encode_string(signature, &mut out);
        Ok(out)
    }

    /// The JWK Set to serve at `jku`: one key with `kty`, `kid`, `use: sig`, `alg`, the
    /// public numbers, `x5c` (leaf first, base64 without line breaks) and both thumbprints.
    pub fn jwks(&self) -> serde_json::Value {
        json!({ "keys": [write_jwk(&self.kid, self.alg, &self.public, &self.chain)] })
    }
}

/// The JWK Set for a certificate chain alone (no private key): what `pixcode location jwks`
/// prints. `alg` defaults to RS256 for an RSA key and ES256 / ES384 for an EC key; `kid` to
/// the leaf's SHA-256 thumbprint.
///
/// # Errors
/// `cert_*` for the certificate, `signer_key_invalid` when `alg` does not fit its key.
pub fn jwks_for_chain(
    chain_pem: &[u8],
    alg: Option<Alg>,
    kid: Option<&str>,
) -> Result<serde_json::Value, Problem> {
    let chain = read_pem_chain(chain_pem)?;
    let leaf = read_leaf(&chain[0])?;
    let key_type = match &leaf.key {
        PublicKey::Rsa { .. } => KeyType::Rsa,
        PublicKey::Ec { curve, .. } => *curve,
    };
    let alg = alg.unwrap_or(key_type.default_alg());
    if alg.key_type() != key_type {
        return Err(Problem::new(
            rule::SIGNER_KEY_INVALID,
            format!("{alg} does not fit the certificate's key"),
        ));
    }
    let kid = kid.map_or_else(|| default_kid(&chain), str::to_string);
    Ok(json!({ "keys": [write_jwk(&kid, alg, &leaf.key, &chain)] }))
}
