//! What the verifier accepts and what it answers: the [`Policy`], a checked location and
//! header, the verified payload and its signature, or the refusal.

use crate::dynamic::rules::rule;
use std::format;
use std::string::{String, ToString};
use std::sync::Arc;
use std::vec::Vec;

use serde::Serialize;

use super::jws::Alg;
use super::trust::CertInfo;
use crate::dynamic::cobv::calendar::Date;
use crate::dynamic::problem::Problem;
use crate::pix::Resource;

/// Who may serve locations and how strictly the header is read.
///
/// ```
/// use pixcode::dynamic::{Alg, Policy};
/// let p = Policy::default().allow_hosts(|h| h.ends_with(".example.com"));
/// assert!(p.host_allowed("pix.example.com"));
/// assert!(!p.host_allowed("evil.test"));
/// assert!(p.jku_same_host);
/// assert_eq!(p.algorithms.len(), 8);
/// let rs256_only = Policy::default().with_algorithms(&[Alg::Rs256]);
/// assert!(!rs256_only.algorithms.contains(&Alg::Ps256));
/// ```
#[derive(Clone)]
pub struct Policy {
    /// The algorithms accepted (default: RS/PS 256/384/512, ES256, ES384). `none` and HS* are
    /// refused whatever this says.
    pub algorithms: Vec<Alg>,
    /// Whether the `jku` host must equal the location host (default: yes, as in every real
    /// case seen).
    pub jku_same_host: bool,
    allowed_hosts: Option<HostHook>,
}

/// The caller's test of which hosts may serve locations.
type HostHook = Arc<dyn Fn(&str) -> bool + Send + Sync>;

impl Default for Policy {
    fn default() -> Self {
        Policy {
            algorithms: Alg::ALL.to_vec(),
            jku_same_host: true,
            allowed_hosts: None,
        }
    }
}

impl core::fmt::Debug for Policy {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Policy")
            .field("algorithms", &self.algorithms)
            .field("jku_same_host", &self.jku_same_host)
            .field(
                "allowed_hosts",
                &self.allowed_hosts.as_ref().map(|_| "<hook>"),
            )
            .finish()
    }
}

impl Policy {
    /// Only hosts for which `hook` returns true may serve locations (BCB's list of authorized
    /// domains is not public: a caller inside the Pix network plugs it in here). Without a
    /// hook, any host is allowed.
    pub fn allow_hosts(mut self, hook: impl Fn(&str) -> bool + Send + Sync + 'static) -> Self {
        self.allowed_hosts = Some(Arc::new(hook));
        self
    }

    /// Accepts only `algorithms` (`none` and HS* stay refused: they are not [`Alg`]s).
    pub fn with_algorithms(mut self, algorithms: &[Alg]) -> Self {
        self.algorithms = algorithms.to_vec();
        self
    }

    /// Whether `host` may serve locations.
    pub fn host_allowed(&self, host: &str) -> bool {
        self.allowed_hosts.as_ref().is_none_or(|f| f(host))
    }
}

/// A location URL that passed step 1: its host and the schema its path names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedLocation {
    /// The URL as the code carries it (no scheme).
    pub url: String,
    /// The host, lowercased.
    pub host: String,
    /// The payload schema, from the path.
    pub resource: Resource,
}

impl CheckedLocation {
    /// The HTTPS address to fetch: for a cobv, with the payer's `codMun` (7 digits, IBGE) and
    /// the payment date `DPP`; other schemas ignore them.
    ///
    /// ```
    /// use pixcode::dynamic::{Verifier, TrustAnchors, Policy};
    /// let v = Verifier::new(TrustAnchors::empty(), Policy::default());
    /// let loc = v.check_location("pix.example.com/qr/cobv/9d36b84f")?;
    /// let date = "2026-04-10".parse()?;
    /// assert_eq!(loc.request_url(Some("3550308"), date)?,
    ///            "https://pix.example.com/qr/cobv/9d36b84f?codMun=3550308&DPP=2026-04-10");
    /// assert_eq!(loc.request_url(Some("35503"), date).unwrap_err().code, "cod_mun_invalid");
    /// assert_eq!(loc.request_url(None, date).unwrap_err().code, "cod_mun_missing");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// For a cobv: `cod_mun_missing` without a municipality code, `cod_mun_invalid` when it
    /// is not 7 digits.
    pub fn request_url(&self, cod_mun: Option<&str>, dpp: Date) -> Result<String, Problem> {
        let mut url = format!("https://{}", self.url);
        if self.resource == Resource::Cobv {
            let Some(cod_mun) = cod_mun else {
                return Err(Problem::new(
                    rule::COD_MUN_MISSING,
                    "a cobv is fetched with the payer's municipality (codMun, 7-digit IBGE code), and none was given"
                        .to_string(),
                ));
            };
            check_cod_mun(cod_mun)?;
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&format!("codMun={cod_mun}&DPP={dpp}"));
        }
        Ok(url)
    }
}

/// Checks a payer's municipality code (`codMun`): the 7-digit IBGE code.
///
/// ```
/// assert!(pixcode::dynamic::check_cod_mun("3550308").is_ok());
/// assert_eq!(pixcode::dynamic::check_cod_mun("35503").unwrap_err().code, "cod_mun_invalid");
/// ```
///
/// # Errors
/// `cod_mun_invalid`.
pub fn check_cod_mun(cod_mun: &str) -> Result<(), Problem> {
    if cod_mun.len() == 7 && cod_mun.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Problem::new(
            rule::COD_MUN_INVALID,
            format!("expected codMun to be the 7-digit IBGE code but found {cod_mun:?}"),
        ))
    }
}

/// The facts of a header that passed step 3.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedHeader {
    /// The algorithm.
    pub alg: Alg,
    /// The key id.
    pub kid: String,
    /// The key set's HTTPS URL.
    pub jku: String,
    /// The key set's host, lowercased.
    pub jku_host: String,
    pub(super) sha1: Option<Vec<u8>>,
    pub(super) sha256: Option<Vec<u8>>,
    /// Findings met reading the header.
    pub findings: Vec<Problem>,
}

/// How a verified payload was verified: shown with the charge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignatureInfo {
    /// The algorithm.
    pub alg: &'static str,
    /// The key id.
    pub kid: String,
    /// The key set's URL.
    pub jku: String,
    /// The signing certificate.
    pub certificate: CertInfo,
}

/// A JWS whose every check passed: only now is its payload available.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// How it was verified.
    pub signature: SignatureInfo,
    /// Findings (leniencies) met on the way.
    pub findings: Vec<Problem>,
    pub(super) payload: Vec<u8>,
}

impl Verified {
    /// The verified payload bytes (JSON, to be read with [`parse_payload`](crate::dynamic::parse_payload)).
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }
}

/// Why a JWS was not verified: the first failed check, and the findings before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// The failed check.
    pub error: Problem,
    /// Findings met before it.
    pub findings: Vec<Problem>,
}

impl core::fmt::Display for Rejected {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for Rejected {}

impl From<Problem> for Rejected {
    fn from(error: Problem) -> Self {
        Rejected {
            error,
            findings: Vec::new(),
        }
    }
}
