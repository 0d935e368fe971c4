//! Reading what a location and a key set answer (`dynamic.md` §2 steps 2 and 4), and putting
//! the verified parts of a code together with the journeys' rules (BCB §2.8, §3.3): Journey 3
//! (cob + recurrence) aborts on any error, Journey 4 (cobv or static + recurrence) goes on as
//! a plain payment when only the recurrence URL fails.

use super::rules::rule;
use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use serde::ser::SerializeMap;
use serde::Serialize;

use super::charge::check::{check_charge, PayContext};
use super::charge::{parse_payload, Charge};
use super::jose::jwk::Jwks;
use super::jose::jws::Jws;
use super::jose::verdict::{Rejected, SignatureInfo, Verified};
use super::problem::Problem;
use crate::pix::{BrCode, Kind, Location, Resource};

fn problem_detail(body: &[u8]) -> String {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) else {
        return String::new();
    };
    let parts: Vec<String> = ["type", "title", "detail"]
        .iter()
        .filter_map(|k| v.get(*k).and_then(|x| x.as_str()).map(str::to_string))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(": "))
    }
}

fn looks_like_html(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    body.get(start) == Some(&b'<')
}

/// Reads a location's answer: 200 with a compact JWS (a content type other than
/// `application/jose` and surrounding whitespace are findings), or the error the status says.
///
/// ```
/// use pixcode::dynamic::read_location_answer;
/// let gone = read_location_answer(410, Some("application/problem+json"),
///     br#"{"type":"https://pix.bcb.gov.br/api/v2/error/CobPayloadNaoEncontrado","title":"Not found"}"#);
/// assert_eq!(gone.unwrap_err().code, "location_gone");
/// let html = read_location_answer(200, Some("text/html"), b"<html>login</html>");
/// assert_eq!(html.unwrap_err().code, "location_not_jws");
/// ```
///
/// # Errors
/// `location_not_found` (404), `location_gone` (410), `location_bad_request` (400, such as a
/// bad `codMun` or `DPP`), `location_http_status` (any other non-200), `location_not_jws`
/// (HTML or any body that is not a compact JWS), `jws_format` (three parts in the standard
/// base64 alphabet, or with whitespace inside), and [`Jws::parse`]'s errors.
pub fn read_location_answer(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<(Jws, Vec<Problem>), Problem> {
    match status {
        200 => {}
        404 => {
            return Err(Problem::new(
                rule::LOCATION_NOT_FOUND,
                format!("the location answered 404: no such charge{}", problem_detail(body)),
            ))
        }
        410 => {
            return Err(Problem::new(
                rule::LOCATION_GONE,
                format!(
                    "the location answered 410: the charge was paid, removed or expired{}",
                    problem_detail(body)
                ),
            ))
        }
        400 => {
            return Err(Problem::new(
                rule::LOCATION_BAD_REQUEST,
                format!(
                    "the location answered 400 (for a cobv: codMun invalid, DPP in the past or after the validity){}",
                    problem_detail(body)
                ),
            ))
        }
        s => {
            return Err(Problem::new(
                rule::LOCATION_HTTP_STATUS,
                format!("expected HTTP 200 from the location but found {s}{}", problem_detail(body)),
            ))
        }
    }
    let mut findings = Vec::new();
    let media = content_type
        .map(|c| {
            c.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    if looks_like_html(body) {
        return Err(Problem::new(
            rule::LOCATION_NOT_JWS,
            format!(
                "the location answered an HTML page (content type {:?}), not a JWS",
                content_type.unwrap_or("")
            ),
        ));
    }
    if media != "application/jose" {
        findings.push(Problem::new(
            rule::CONTENT_TYPE,
            format!(
                "expected content type application/jose but found {:?}",
                content_type.unwrap_or("")
            ),
        ));
    }
    let text = core::str::from_utf8(body).map_err(|_| {
        Problem::new(
            rule::LOCATION_NOT_JWS,
            "the location's body is not text, so not a compact JWS".to_string(),
        )
    })?;
    let trimmed = text.trim_matches(|c: char| c.is_ascii_whitespace());
    if trimmed.len() != text.len() {
        findings.push(Problem::new(
            rule::JWS_WHITESPACE,
            "the JWS is surrounded by whitespace; it was trimmed".to_string(),
        ));
    }
    let b64 = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'=');
    if trimmed.is_empty() || !trimmed.contains('.') {
        return Err(Problem::new(
            rule::LOCATION_NOT_JWS,
            "the location's body is not a compact JWS (base64url parts joined by '.')".to_string(),
        ));
    }
    if !trimmed.bytes().all(b64) {
        // Three parts of base64 in another spelling are a malformed JWS, not some other body.
        let almost = trimmed.bytes().filter(|&b| b == b'.').count() == 2
            && trimmed
                .bytes()
                .all(|b| b64(b) || matches!(b, b'+' | b'/' | b' ' | b'\t' | b'\r' | b'\n'));
        return Err(if !almost {
            Problem::new(
                rule::LOCATION_NOT_JWS,
                "the location's body is not a compact JWS (base64url parts joined by '.')"
                    .to_string(),
            )
        } else if trimmed.bytes().any(|b| b.is_ascii_whitespace()) {
            Problem::new(
                rule::JWS_FORMAT,
                "the JWS has whitespace or a line break inside; a compact JWS is one unbroken line"
                    .to_string(),
            )
        } else {
            Problem::new(
                rule::JWS_FORMAT,
                "the JWS is written in the standard base64 alphabet ('+', '/'); a compact JWS is base64url"
                    .to_string(),
            )
        });
    }
    Ok((Jws::parse(trimmed)?, findings))
}

/// Reads a `jku` answer: 200 with a JWK Set.
///
/// # Errors
/// `jwks_http_status` for a non-200 answer, `jwks_invalid` for a body that is not a JWK Set.
pub fn read_jwks_answer(status: u16, body: &[u8]) -> Result<Jwks, Problem> {
    if status != 200 {
        return Err(Problem::new(
            rule::JWKS_HTTP_STATUS,
            format!("expected HTTP 200 from the jku but found {status}"),
        ));
    }
    Jwks::parse(body)
}

/// One location of a code, resolved: what was fetched and verified, the charge when every
/// check passed, and every error and finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The location URL (no scheme).
    pub url: String,
    /// The schema its path names.
    pub resource: Resource,
    /// The raw compact JWS: kept only once verified.
    pub jws: Option<String>,
    /// How it was verified.
    pub signature: Option<SignatureInfo>,
    /// The charge: present only once the signature and every certificate check passed and the
    /// payload was read.
    pub charge: Option<Charge>,
    /// What failed: fetching, verification, the payload, or the business checks.
    pub errors: Vec<Problem>,
    /// Leniencies and observations.
    pub findings: Vec<Problem>,
}

impl Part {
    /// A part that failed before any JWS was verified (URL, fetch, answer, header, key set).
    pub fn failed(url: &str, resource: Resource, error: Problem, findings: Vec<Problem>) -> Part {
        Part {
            url: url.to_string(),
            resource,
            jws: None,
            signature: None,
            charge: None,
            errors: std::vec![error],
            findings,
        }
    }

    /// Completes a part from the verifier's answer: on success the payload is read with the
    /// URL's schema and the business checks of `ctx` run.
    pub fn from_verification(
        url: &str,
        resource: Resource,
        jws: &Jws,
        verification: Result<Verified, Rejected>,
        mut findings: Vec<Problem>,
        ctx: &PayContext<'_>,
    ) -> Part {
        let verified = match verification {
            Ok(v) => v,
            Err(r) => {
                findings.extend(r.findings);
                return Part::failed(url, resource, r.error, findings);
            }
        };
        findings.extend(verified.findings.iter().cloned());
        match parse_payload(resource, verified.payload()) {
            Ok(p) => {
                findings.extend(p.findings);
                let pay = check_charge(&p.charge, ctx);
                findings.extend(pay.findings);
                Part {
                    url: url.to_string(),
                    resource,
                    jws: Some(jws.as_str().to_string()),
                    signature: Some(verified.signature.clone()),
                    charge: Some(p.charge),
                    errors: pay.errors,
                    findings,
                }
            }
            // A payload that does not read is not verified: nothing of it is shown, neither
            // its JWS nor the findings met reading it (they quote its values); its errors
            // name members, never values.
            Err(e) => Part {
                url: url.to_string(),
                resource,
                jws: None,
                signature: None,
                charge: None,
                errors: e.errors,
                findings,
            },
        }
    }

    /// Whether the signature, the certificate and the payload all passed.
    pub fn is_verified(&self) -> bool {
        self.signature.is_some() && self.charge.is_some()
    }

    /// Whether this location alone may be paid (or authorized): verified, and no error.
    pub fn is_payable(&self) -> bool {
        self.is_verified() && self.errors.is_empty()
    }
}

/// Which locations a code needs, decided from the code alone before anything is fetched
/// (spec `brcode.md` §5.2–5.3): the payment URL of a dynamic code names a cob or a cobv, the
/// recurrence URL a rec, and a composto's two URLs differ and share one host (one receiving
/// PSP for both).
///
/// ```
/// use pixcode::dynamic::Plan;
/// let code = pixcode::pix::Builder::new("Loja", "RECIFE")
///     .url("pix.example.com/qr/v2/cob/abc")
///     .recurrence_url("pix.example.com/qr/v2/rec/abc")
///     .build()?;
/// let plan = Plan::for_code(&pixcode::decode(&code.payload)?).unwrap();
/// assert_eq!(plan.payment.as_deref(), Some("pix.example.com/qr/v2/cob/abc"));
/// assert_eq!(plan.recurrence.as_deref(), Some("pix.example.com/qr/v2/rec/abc"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The code's kind.
    pub kind: Kind,
    /// The payment location to fetch (dynamic codes).
    pub payment: Option<String>,
    /// The recurrence location to fetch (Pix Automático).
    pub recurrence: Option<String>,
}

impl Plan {
    /// The plan for a decoded code.
    ///
    /// # Errors
    /// `code_not_dynamic` (nothing to fetch), `payment_url_not_charge` (the payment URL names
    /// a rec), `recurrence_url_not_rec`, `composto_same_url`, `composto_hosts_differ`.
    pub fn for_code(code: &BrCode<'_>) -> Result<Plan, Problem> {
        let kind = code.kind();
        let payment = match kind {
            Kind::Dynamic | Kind::DynamicRecurrence => code.location().map(|l| l.as_str()),
            _ => None,
        };
        let recurrence = code.recurrence().map(|l| l.as_str());
        if payment.is_none() && recurrence.is_none() {
            return Err(Problem::new(
                rule::CODE_NOT_DYNAMIC,
                "the code is static: everything to pay is in the code, there is no location to resolve"
                    .to_string(),
            ));
        }
        if let Some(u) = payment {
            if Location::new(u).resource() == Resource::Rec {
                return Err(Problem::new(
                    rule::PAYMENT_URL_NOT_CHARGE,
                    format!("the payment URL {u} names a recurrence (/rec/), not a cob or a cobv charge"),
                ));
            }
        }
        if let Some(r) = recurrence {
            if Location::new(r).resource() != Resource::Rec {
                return Err(Problem::new(
                    rule::RECURRENCE_URL_NOT_REC,
                    format!("the recurrence URL {r} does not name a /rec/ resource"),
                ));
            }
        }
        if let (Some(u), Some(r)) = (payment, recurrence) {
            if u.eq_ignore_ascii_case(r) {
                return Err(Problem::new(
                    rule::COMPOSTO_SAME_URL,
                    format!("the payment and recurrence URLs are the same ({u}); they name two resources"),
                ));
            }
            let (hu, hr) = (Location::new(u).host(), Location::new(r).host());
            if !hu.eq_ignore_ascii_case(hr) {
                return Err(Problem::new(
                    rule::COMPOSTO_HOSTS_DIFFER,
                    format!("the payment URL is on {hu} and the recurrence URL on {hr}; BCB requires one receiving PSP, so one host, for both"),
                ));
            }
        }
        Ok(Plan {
            kind,
            payment: payment.map(str::to_string),
            recurrence: recurrence.map(str::to_string),
        })
    }

    /// Whether the code is a composto (Pix Automático): saque and troco are then forbidden.
    pub fn is_composto(&self) -> bool {
        matches!(
            self.kind,
            Kind::Recurrence | Kind::StaticRecurrence | Kind::DynamicRecurrence
        )
    }
}

/// A code's dynamic parts resolved and judged together.
///
/// `verified`: the parts the journey depends on passed every check. `payable`: verified, and
/// no fetch, verification or business error stands, so `payable` implies `verified`, here
/// and in every part. Journey 4 (a cobv with a recurrence) turns a failure of the recurrence
/// URL alone into `recurrence_unavailable` findings; a static code with a recurrence URL has
/// nothing verified without it, so its failure is the error `recurrence_unverified`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution {
    /// The code's kind.
    pub kind: Kind,
    /// The payment location (dynamic and dynamic composto codes).
    pub payment: Option<Part>,
    /// The recurrence location (composto codes).
    pub recurrence: Option<Part>,
    /// Errors that decide: the journey's.
    pub errors: Vec<Problem>,
    /// Findings of every part.
    pub findings: Vec<Problem>,
    /// Whether what the journey depends on is verified.
    pub verified: bool,
    /// Whether the code may be paid (or, for a recurrence alone, authorized).
    pub payable: bool,
}

impl Resolution {
    /// Judges a code's parts: `kind` from the BR Code, `payment` and `recurrence` as
    /// resolved (absent when the code has no such URL).
    pub fn judge(kind: Kind, payment: Option<Part>, recurrence: Option<Part>) -> Resolution {
        let mut errors = Vec::new();
        let mut findings = Vec::new();
        for p in payment.iter().chain(recurrence.iter()) {
            findings.extend(p.findings.iter().cloned());
        }
        let journey4 = match kind {
            Kind::StaticRecurrence => true,
            Kind::DynamicRecurrence => payment
                .as_ref()
                .is_some_and(|p| p.resource == Resource::Cobv),
            _ => false,
        };
        let mut verified = true;
        let mut any = false;
        if let Some(p) = &payment {
            any = true;
            verified &= p.is_verified();
            errors.extend(p.errors.iter().cloned());
        }
        if let Some(r) = &recurrence {
            any = true;
            if kind == Kind::StaticRecurrence && r.is_verified() {
                errors.extend(r.errors.iter().cloned());
            } else if kind == Kind::StaticRecurrence {
                verified = false;
                for e in &r.errors {
                    errors.push(Problem::new(
                        rule::RECURRENCE_UNVERIFIED,
                        format!(
                            "the recurrence URL failed ({e}); nothing here is verified, though the static payment in the code may still be made as a plain static code"
                        ),
                    ));
                }
            } else if journey4 {
                for e in &r.errors {
                    findings.push(Problem::new(
                        rule::RECURRENCE_UNAVAILABLE,
                        format!(
                            "the recurrence URL failed ({e}); the payment goes on without the Pix Automático offer"
                        ),
                    ));
                }
            } else {
                verified &= r.is_verified();
                errors.extend(r.errors.iter().cloned());
            }
        }
        if !any {
            verified = false;
            errors.push(Problem::new(
                rule::CODE_NOT_DYNAMIC,
                "the code has no location URL to resolve".to_string(),
            ));
        }
        let payable = verified && errors.is_empty();
        debug_assert_severities(&errors, &findings);
        Resolution {
            kind,
            payment,
            recurrence,
            errors,
            findings,
            verified,
            payable,
        }
    }

    /// A code that could not be resolved at all (not a valid Pix code, not dynamic).
    pub fn refused(kind: Kind, error: Problem) -> Resolution {
        debug_assert_severities(core::slice::from_ref(&error), &[]);
        Resolution {
            kind,
            payment: None,
            recurrence: None,
            errors: std::vec![error],
            findings: Vec::new(),
            verified: false,
            payable: false,
        }
    }
}

/// Errors are the catalogue's errors and findings its findings: the severity is the rule's,
/// whatever list a check pushed to (checked wherever a test resolves a code).
fn debug_assert_severities(errors: &[Problem], findings: &[Problem]) {
    for e in errors {
        debug_assert!(e.rule().is_error(), "{} reported as an error", e.code);
    }
    for f in findings {
        debug_assert!(!f.rule().is_error(), "{} reported as a finding", f.code);
    }
}

struct PartJson<'a>(&'a Part);

impl Serialize for PartJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("url", &p.url)?;
        m.serialize_entry("kind", resource_name(p.resource))?;
        m.serialize_entry("verified", &p.is_verified())?;
        m.serialize_entry("payable", &p.is_payable())?;
        m.serialize_entry("errors", &p.errors)?;
        m.serialize_entry("findings", &p.findings)?;
        m.serialize_entry("charge", &p.charge)?;
        m.serialize_entry("signature", &p.signature)?;
        m.serialize_entry("jws", &p.jws)?;
        m.end()
    }
}

fn resource_name(r: Resource) -> &'static str {
    match r {
        Resource::Cob => "cob",
        Resource::Cobv => "cobv",
        Resource::Rec => "rec",
    }
}

/// The JSON of `pixcode resolve --json` (a public interface, documented in the README):
/// `verified`, `payable`, `kind` (`cob`, `cobv`, `rec`, or `[payment, "rec"]` for a composto),
/// `errors` and `findings` (`{code, message}`), `charge`, `signature` and `jws` of the main
/// part (the payment, or the recurrence of a recurrence-only code), and `parts` with each
/// location's own result.
impl Serialize for Resolution {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let main = self.payment.as_ref().or(self.recurrence.as_ref());
        let mut kinds: Vec<&str> = Vec::new();
        if let Some(p) = &self.payment {
            kinds.push(resource_name(p.resource));
        } else if self.kind == Kind::StaticRecurrence {
            kinds.push("static");
        }
        if let Some(r) = &self.recurrence {
            kinds.push(resource_name(r.resource));
        }
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("verified", &self.verified)?;
        m.serialize_entry("payable", &self.payable)?;
        match kinds.as_slice() {
            [one] => m.serialize_entry("kind", one)?,
            [] => m.serialize_entry("kind", &None::<&str>)?,
            many => m.serialize_entry("kind", many)?,
        }
        m.serialize_entry("errors", &self.errors)?;
        m.serialize_entry("findings", &self.findings)?;
        m.serialize_entry("charge", &main.and_then(|p| p.charge.as_ref()))?;
        m.serialize_entry("signature", &main.and_then(|p| p.signature.as_ref()))?;
        m.serialize_entry("jws", &main.and_then(|p| p.jws.as_ref()))?;
        let parts: Vec<PartJson<'_>> = self
            .payment
            .iter()
            .chain(self.recurrence.iter())
            .map(PartJson)
            .collect();
        m.serialize_entry("parts", &parts)?;
        m.end()
    }
}
