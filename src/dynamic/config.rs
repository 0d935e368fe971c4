//! How a resolver is set up and what it resolves a code for, from text as front ends receive
//! it: [`ResolverConfig`] → [`ResolverOptions`], and [`ResolveRequest::parse`].

use std::format;
use std::net::SocketAddr;
use std::string::String;
use std::time::Duration;
use std::vec::Vec;

use super::cobv::calendar::Date;
use super::cobv::time::Timestamp;
use super::jose::trust::TrustAnchors;
use super::jose::verdict::Policy;
use super::problem::Problem;

/// How a [`Resolver`](super::Resolver) fetches.
#[derive(Clone, Debug)]
pub struct ResolverOptions {
    /// The verifier's own trust anchors (also trusted for the HTTPS connections).
    pub anchors: TrustAnchors,
    /// Extra roots (DER) trusted for the chain and for HTTPS; see [`ResolverOptions::add_pem`].
    pub(super) extra_roots: Vec<Vec<u8>>,
    /// Whether Mozilla's roots are trusted for HTTPS connections (default yes).
    pub default_tls_roots: bool,
    /// The policy.
    pub policy: Policy,
    /// Time allowed to connect (default 5 s).
    pub connect_timeout: Duration,
    /// Time allowed for one code, every fetch included (default 10 s): a location and a key
    /// set answering just inside it still fail, and a composto's two locations share it.
    pub timeout: Duration,
    /// The largest body read (default 64 KiB; a payload is a few KiB).
    pub max_body: usize,
    /// How long a JWK Set is reused (default 5 minutes).
    pub jwks_ttl: Duration,
    /// Host → address overrides, as curl's `--resolve`.
    pub resolve: Vec<(String, SocketAddr)>,
}

impl Default for ResolverOptions {
    fn default() -> Self {
        ResolverOptions {
            anchors: TrustAnchors::mozilla(),
            extra_roots: Vec::new(),
            default_tls_roots: true,
            policy: Policy::default(),
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(10),
            max_body: 64 * 1024,
            jwks_ttl: Duration::from_secs(300),
            resolve: Vec::new(),
        }
    }
}

impl ResolverOptions {
    /// Options trusting no root at all until some are added (for `--no-default-roots`).
    pub fn without_default_roots() -> ResolverOptions {
        ResolverOptions {
            anchors: TrustAnchors::empty(),
            default_tls_roots: false,
            ..ResolverOptions::default()
        }
    }

    /// Trusts the certificates of a PEM file, for the chain and for HTTPS.
    ///
    /// # Errors
    /// `anchor_invalid` for a PEM without a usable certificate.
    pub fn add_pem(&mut self, pem: &[u8]) -> Result<usize, Problem> {
        let n = self.anchors.add_pem(pem)?;
        for c in super::jose::sign::read_pem_chain(pem)? {
            self.extra_roots.push(c);
        }
        Ok(n)
    }
}

/// What to resolve a code for: when, on which date, from where.
#[derive(Clone, Debug)]
pub struct ResolveRequest {
    /// The verification and payment instant (default now).
    pub at: Timestamp,
    /// The payment date (`DPP` of a cobv; default: `at`'s date in Brasília).
    pub on: Date,
    /// The payer's IBGE municipality code, 7 digits: required to fetch a cobv.
    pub cod_mun: Option<String>,
    /// The payer's municipal holidays.
    pub holidays: Vec<Date>,
}

/// An argument of [`ResolveRequest::parse`] that does not read: which one (`"at"`, `"date"`,
/// `"cod_mun"` or `"holidays"`) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestError {
    /// The argument.
    pub argument: &'static str,
    /// Which of the argument's items, for a list (the second PEM of `ca_pem`: `Some(1)`).
    pub item: Option<usize>,
    /// What is wrong with it, quoting what was found.
    pub message: String,
}

impl core::fmt::Display for RequestError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.item {
            Some(i) => write!(f, "{}[{i}]: {}", self.argument, self.message),
            None => write!(f, "{}: {}", self.argument, self.message),
        }
    }
}

impl std::error::Error for RequestError {}

impl ResolveRequest {
    /// A request from text, as a command line or a binding receives it: `at` an RFC 3339
    /// instant (default now), `date` the payment date `YYYY-MM-DD` (default `at`'s date in
    /// Brasília), `cod_mun` the payer's 7-digit IBGE code, `holidays` the payer's municipal
    /// holidays.
    ///
    /// ```
    /// use pixcode::dynamic::ResolveRequest;
    /// let r = ResolveRequest::parse(Some("2026-04-10T02:00:00Z"), None, Some("3550308"), &["2026-01-25"])?;
    /// assert_eq!(r.on.to_string(), "2026-04-09"); // 23:00 in Brasília
    /// let e = ResolveRequest::parse(None, None, Some("35503"), &[] as &[&str]).unwrap_err();
    /// assert_eq!(e.argument, "cod_mun");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// The first argument that does not read.
    pub fn parse<S: AsRef<str>>(
        at: Option<&str>,
        date: Option<&str>,
        cod_mun: Option<&str>,
        holidays: &[S],
    ) -> Result<ResolveRequest, RequestError> {
        let fail = |argument, message: String| RequestError {
            argument,
            item: None,
            message,
        };
        let at: Timestamp = match at {
            Some(t) => t
                .parse()
                .map_err(|e| fail("at", format!("{e}, found {t:?}")))?,
            None => Timestamp::now(),
        };
        let on = match date {
            Some(d) => d
                .parse()
                .map_err(|e| fail("date", format!("{e}, found {d:?}")))?,
            None => at.date_in_brasilia(),
        };
        let holidays = holidays
            .iter()
            .map(|h| {
                let h = h.as_ref();
                h.parse()
                    .map_err(|e| fail("holidays", format!("{e}, found {h:?}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(c) = cod_mun {
            super::jose::verdict::check_cod_mun(c).map_err(|p| fail("cod_mun", p.message))?;
        }
        Ok(ResolveRequest {
            at,
            on,
            cod_mun: cod_mun.map(String::from),
            holidays,
        })
    }

    /// Now, today in Brasília, no municipality (set one to resolve a cobv), no municipal
    /// holiday.
    pub fn now() -> ResolveRequest {
        let at = Timestamp::now();
        ResolveRequest {
            at,
            on: at.date_in_brasilia(),
            cod_mun: None,
            holidays: Vec::new(),
        }
    }
}

/// A resolver's set-up as a front end receives it (a command line, keyword arguments, an
/// options object), each `None` or empty for the default: [`ResolverConfig::options`] is the one
/// place it is read and the defaults applied.
///
/// Not `#[non_exhaustive]` on purpose: a front end fills it with a literal naming every member,
/// so one added here fails to compile there until it is exposed.
///
/// ```
/// use pixcode::dynamic::ResolverConfig;
/// let o = ResolverConfig { timeout: Some(2.5), resolve: &[("pix.example.com", "127.0.0.1:8443")], ..Default::default() }
///     .options()?;
/// assert_eq!(o.timeout, std::time::Duration::from_millis(2500));
/// assert_eq!(o.resolve[0].1.port(), 8443);
///
/// let e = ResolverConfig { resolve: &[("h", "nowhere")], ..Default::default() }.options().unwrap_err();
/// assert_eq!((e.argument, e.item), ("resolve", Some(0)));
/// let e = ResolverConfig { timeout: Some(0.0), ..Default::default() }.options().unwrap_err();
/// assert_eq!(e.to_string(), "timeout: expected seconds above 0 and at most 3600 but got 0");
/// # Ok::<(), pixcode::dynamic::RequestError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ResolverConfig<'a> {
    /// Extra roots, PEM documents (each may hold several certificates), trusted for the signing
    /// chain and for HTTPS.
    pub ca_pem: &'a [&'a [u8]],
    /// Whether the default roots (Mozilla's) are trusted too (default yes).
    pub default_roots: Option<bool>,
    /// Host → `ADDR:PORT` overrides, as curl's `--resolve`.
    pub resolve: &'a [(&'a str, &'a str)],
    /// Seconds allowed for one code, every fetch included (default 10).
    pub timeout: Option<f64>,
}

impl ResolverConfig<'_> {
    /// The members' names, in declaration order.
    ///
    /// ```
    /// assert_eq!(pixcode::dynamic::ResolverConfig::MEMBERS, ["ca_pem", "default_roots", "resolve", "timeout"]);
    /// ```
    pub const MEMBERS: [&'static str; 4] = ["ca_pem", "default_roots", "resolve", "timeout"];

    /// The [`ResolverOptions`] this describes.
    ///
    /// # Errors
    /// The first member that does not read, with the item of a list.
    pub fn options(&self) -> Result<ResolverOptions, RequestError> {
        let ResolverConfig {
            ca_pem,
            default_roots,
            resolve,
            timeout,
        } = *self;
        let fail = |argument, item, message: String| RequestError {
            argument,
            item,
            message,
        };
        let mut o = if default_roots.unwrap_or(true) {
            ResolverOptions::default()
        } else {
            ResolverOptions::without_default_roots()
        };
        for (i, pem) in ca_pem.iter().enumerate() {
            o.add_pem(pem)
                .map_err(|p| fail("ca_pem", Some(i), p.message))?;
        }
        for (i, (host, addr)) in resolve.iter().enumerate() {
            let addr: SocketAddr = addr.parse().map_err(|e| {
                fail(
                    "resolve",
                    Some(i),
                    format!("{host:?}: {addr:?} is not ADDR:PORT: {e}"),
                )
            })?;
            o.resolve.push((host.to_ascii_lowercase(), addr));
        }
        if let Some(t) = timeout {
            let d = Duration::try_from_secs_f64(t)
                .ok()
                .filter(|d| !d.is_zero() && *d <= MAX_TIMEOUT);
            o.timeout = d.ok_or_else(|| {
                fail(
                    "timeout",
                    None,
                    format!(
                        "expected seconds above 0 and at most {} but got {t}",
                        MAX_TIMEOUT.as_secs()
                    ),
                )
            })?;
            o.connect_timeout = o.connect_timeout.min(o.timeout);
        }
        Ok(o)
    }
}

/// The longest [`ResolverConfig::timeout`]: an hour.
const MAX_TIMEOUT: Duration = Duration::from_secs(3600);

impl ResolveRequest {
    /// The arguments of [`ResolveRequest::parse`], as front ends name them (keyword arguments,
    /// option members), in the order they list them.
    ///
    /// ```
    /// assert_eq!(pixcode::dynamic::ResolveRequest::ARGUMENTS[0], "date");
    /// ```
    pub const ARGUMENTS: [&'static str; 4] = ["date", "cod_mun", "holidays", "at"];
}
