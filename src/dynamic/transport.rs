//! The one async transport (feature `resolve`): fetches locations and key sets over HTTPS
//! with the crate's `reqwest` (rustls), and drives the sans-IO verifier.
//!
//! HTTPS only, no redirects, a connect and a total timeout, a body-size cap, a JWK Set cache
//! keyed by `jku` with a time to live (re-fetched once when a `kid` is missing), and a
//! resolver override so tests (and staging setups) can send `pix.example.com` to a local
//! address.

use super::rules::rule;
use std::format;
use std::string::{String, ToString};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use std::vec::Vec;

use super::charge::check::PayContext;
use super::cobv::calendar::Calendar;
use super::config::{ResolveRequest, ResolverOptions};
use super::jose::cache::{JwksCache, Lookup};
use super::jose::jwk::Jwks;
use super::jose::verdict::CheckedLocation;
use super::jose::verify::Verifier;
use super::problem::Problem;
use super::resolution::{read_jwks_answer, read_location_answer, Part, Plan, Resolution};
use crate::pix::Kind;

/// Resolves dynamic codes: fetch, verify, read, check.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use pixcode::dynamic::{ResolveRequest, Resolver, ResolverOptions};
/// let resolver = Resolver::new(ResolverOptions::default())?;
/// let code = "00020126940014br.gov.bcb.pix2572qr-h.sandbox.pix.bcb.gov.br/rest/api/v2/cfe8166acaff4a62a18b7b766ef57c705204000053039865802BR5903Pix6008BRASILIA62070503***6304C7D7";
/// let r = resolver.resolve_code(code, &ResolveRequest::now()).await;
/// if r.payable {
///     // pay r.payment's charge, and keep its JWS
/// } else {
///     for e in &r.errors { eprintln!("{e}"); }
/// }
/// # Ok(()) }
/// ```
pub struct Resolver {
    client: reqwest::Client,
    verifier: Verifier,
    max_body: usize,
    timeout: Duration,
    cache: Mutex<JwksCache>,
}

impl core::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Resolver")
            .field("verifier", &self.verifier)
            .field("max_body", &self.max_body)
            .finish_non_exhaustive()
    }
}

impl Resolver {
    /// A resolver with `options`.
    ///
    /// # Errors
    /// `transport_setup` when the HTTP client cannot be built (a root it cannot load).
    pub fn new(options: ResolverOptions) -> Result<Resolver, Problem> {
        let setup = |e: reqwest::Error| {
            Problem::new(
                rule::TRANSPORT_SETUP,
                format!("the HTTP client cannot be built: {e}"),
            )
        };
        let mut b = reqwest::Client::builder()
            .https_only(true)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(options.connect_timeout)
            .tls_built_in_root_certs(options.default_tls_roots)
            .user_agent(concat!("pixcode/", env!("CARGO_PKG_VERSION")));
        for der in &options.extra_roots {
            b = b.add_root_certificate(reqwest::Certificate::from_der(der).map_err(setup)?);
        }
        for (host, addr) in &options.resolve {
            b = b.resolve(host, *addr);
        }
        Ok(Resolver {
            client: b.build().map_err(setup)?,
            verifier: Verifier::new(options.anchors, options.policy),
            max_body: options.max_body,
            timeout: options.timeout,
            cache: Mutex::new(JwksCache::new(options.jwks_ttl)),
        })
    }

    /// The verifier it drives.
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// GETs `url` before `deadline`: status, content type and body (capped).
    async fn get(
        &self,
        url: &str,
        accept: &str,
        deadline: tokio::time::Instant,
    ) -> Result<(u16, Option<String>, Vec<u8>), Problem> {
        match tokio::time::timeout_at(deadline, self.get_unbounded(url, accept)).await {
            Ok(answer) => answer,
            Err(_) => Err(Problem::new(
                rule::FETCH_TIMEOUT,
                format!(
                    "{url} did not answer in time: {} ms are allowed for a whole code, every fetch included",
                    self.timeout.as_millis()
                ),
            )),
        }
    }

    async fn get_unbounded(
        &self,
        url: &str,
        accept: &str,
    ) -> Result<(u16, Option<String>, Vec<u8>), Problem> {
        let resp = self
            .client
            .get(url)
            .header("accept", accept)
            .send()
            .await
            .map_err(|e| fetch_problem(url, &e))?;
        let status = resp.status();
        if status.is_redirection() {
            return Err(Problem::new(
                rule::FETCH_REDIRECT,
                format!(
                    "{url} answered {} with a redirect to {:?}; redirects are not followed",
                    status.as_u16(),
                    resp.headers()
                        .get("location")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                ),
            ));
        }
        let too_large = |n: String| {
            Problem::new(
                rule::FETCH_TOO_LARGE,
                format!("{url} sent {n} bytes; at most {} are read", self.max_body),
            )
        };
        if let Some(len) = resp.content_length() {
            if len > self.max_body as u64 {
                return Err(too_large(len.to_string()));
            }
        }
        let content_type = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let mut resp = resp;
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(c)) => {
                    if body.len() + c.len() > self.max_body {
                        return Err(too_large(format!("more than {}", self.max_body)));
                    }
                    body.extend_from_slice(&c);
                }
                Ok(None) => break,
                Err(e) => return Err(fetch_problem(url, &e)),
            }
        }
        Ok((status.as_u16(), content_type, body))
    }

    /// The JWK Set at `jku` with `kid`, as the cache decides: the cached set while it is
    /// fresh and has the key, else fetched (and kept).
    async fn jwks(
        &self,
        jku: &str,
        kid: &str,
        deadline: tokio::time::Instant,
    ) -> Result<Arc<Jwks>, Problem> {
        let lookup =
            self.cache
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .lookup(jku, kid, Instant::now());
        if let Lookup::Cached(set) = lookup {
            return Ok(set);
        }
        let (status, _, body) = self.get(jku, "application/json", deadline).await?;
        let jwks = Arc::new(read_jwks_answer(status, &body)?);
        self.cache.lock().unwrap_or_else(|p| p.into_inner()).store(
            jku,
            jwks.clone(),
            Instant::now(),
        );
        Ok(jwks)
    }

    /// Resolves one location URL (no scheme): fetch, verify, read, check, within the
    /// resolver's timeout.
    pub async fn resolve_url(&self, url: &str, req: &ResolveRequest, composto: bool) -> Part {
        let deadline = tokio::time::Instant::now() + self.timeout;
        self.resolve_url_by(url, req, composto, deadline).await
    }

    async fn resolve_url_by(
        &self,
        url: &str,
        req: &ResolveRequest,
        composto: bool,
        deadline: tokio::time::Instant,
    ) -> Part {
        let resource = crate::pix::Location::new(url).resource();
        let loc = match self.verifier.check_location(url) {
            Ok(l) => l,
            Err(e) => return Part::failed(url, resource, e, Vec::new()),
        };
        self.resolve_checked(&loc, req, composto, deadline).await
    }

    async fn resolve_checked(
        &self,
        loc: &CheckedLocation,
        req: &ResolveRequest,
        composto: bool,
        deadline: tokio::time::Instant,
    ) -> Part {
        let (url, resource) = (loc.url.as_str(), loc.resource);
        let fetch = match loc.request_url(req.cod_mun.as_deref(), req.on) {
            Ok(u) => u,
            Err(e) => return Part::failed(url, resource, e, Vec::new()),
        };
        let (jws, findings) = match self.get(&fetch, "application/jose", deadline).await {
            Ok((status, ct, body)) => match read_location_answer(status, ct.as_deref(), &body) {
                Ok(x) => x,
                Err(e) => return Part::failed(url, resource, e, Vec::new()),
            },
            Err(e) => return Part::failed(url, resource, e, Vec::new()),
        };
        let header = match self.verifier.check_header(loc, &jws) {
            Ok(h) => h,
            Err(r) => {
                let mut f = findings;
                f.extend(r.findings);
                return Part::failed(url, resource, r.error, f);
            }
        };
        // A cached set without the kid (a rotated key) is fetched again by the cache's rule.
        let jwks = match self.jwks(&header.jku, &header.kid, deadline).await {
            Ok(x) => x,
            Err(e) => return Part::failed(url, resource, e, findings),
        };
        let holidays = req.holidays.clone();
        let ctx = PayContext {
            at: req.at,
            on: req.on,
            calendar: Calendar::with_local_holidays(&holidays),
            composto,
        };
        let verification = self.verifier.verify(loc, &jws, &jwks, req.at);
        Part::from_verification(url, resource, &jws, verification, findings, &ctx)
    }

    /// Resolves a BR Code: checks it is a valid dynamic or composto Pix code whose URLs fit
    /// ([`Plan::for_code`]), resolves its payment and recurrence URLs (concurrently), and
    /// judges them together. The whole is bounded by the resolver's timeout.
    pub async fn resolve_code(&self, code: &str, req: &ResolveRequest) -> Resolution {
        let view = match crate::pix::decode(code) {
            Ok(v) => v,
            Err(e) => {
                return Resolution::refused(
                    Kind::Empty,
                    Problem::new(rule::CODE_INVALID, format!("the BR Code is not valid: {e}")),
                )
            }
        };
        let plan = match Plan::for_code(&view) {
            Ok(p) => p,
            Err(e) => return Resolution::refused(view.kind(), e),
        };
        let deadline = tokio::time::Instant::now() + self.timeout;
        let composto = plan.is_composto();
        let one = |url: &Option<String>| {
            let url = url.clone();
            async move {
                match url {
                    Some(u) => Some(self.resolve_url_by(&u, req, composto, deadline).await),
                    None => None,
                }
            }
        };
        let (payment, recurrence) = tokio::join!(one(&plan.payment), one(&plan.recurrence));
        Resolution::judge(plan.kind, payment, recurrence)
    }
}

fn fetch_problem(url: &str, e: &reqwest::Error) -> Problem {
    let mut chain = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        src = s.source();
    }
    if e.is_timeout() {
        Problem::new(
            rule::FETCH_TIMEOUT,
            format!("{url} did not answer in time ({chain})"),
        )
    } else if e.is_redirect() {
        Problem::new(
            rule::FETCH_REDIRECT,
            format!("{url} redirected; redirects are not followed"),
        )
    } else if e.is_builder() {
        Problem::new(
            rule::FETCH_FAILED,
            format!("{url} cannot be fetched: {chain}"),
        )
    } else {
        Problem::new(
            rule::FETCH_FAILED,
            format!("fetching {url} failed: {chain}"),
        )
    }
}
