//! Reading what a location and a key set answer (`dynamic.md` §2 steps 2 and 4), and putting
//! the verified parts of a code together with the journeys' rules (BCB §2.8, §3.3): Journey 3
//! (cob + recurrence) aborts on any error, Journey 4 (cobv or static + recurrence) goes on as
//! a plain payment when only the recurrence URL fails.

use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use serde::ser::SerializeMap;
use serde::Serialize;

use super::check::{check_charge, PayContext};
use super::jwk::Jwks;
use super::jws::Jws;
use super::payload::{parse_payload, Charge};
use super::problem::Problem;
use super::verify::{Rejected, SignatureInfo, Verified};
use crate::pix::{Kind, Resource};

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
/// (HTML or any body that is not a compact JWS), and [`Jws::parse`]'s errors.
pub fn read_location_answer(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<(Jws, Vec<Problem>), Problem> {
    match status {
        200 => {}
        404 => {
            return Err(Problem::new(
                "location_not_found",
                format!("the location answered 404: no such charge{}", problem_detail(body)),
            ))
        }
        410 => {
            return Err(Problem::new(
                "location_gone",
                format!(
                    "the location answered 410: the charge was paid, removed or expired{}",
                    problem_detail(body)
                ),
            ))
        }
        400 => {
            return Err(Problem::new(
                "location_bad_request",
                format!(
                    "the location answered 400 (for a cobv: codMun invalid, DPP in the past or after the validity){}",
                    problem_detail(body)
                ),
            ))
        }
        s => {
            return Err(Problem::new(
                "location_http_status",
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
            "location_not_jws",
            format!(
                "the location answered an HTML page (content type {:?}), not a JWS",
                content_type.unwrap_or("")
            ),
        ));
    }
    if media != "application/jose" {
        findings.push(Problem::new(
            "content_type",
            format!(
                "expected content type application/jose but found {:?}",
                content_type.unwrap_or("")
            ),
        ));
    }
    let text = core::str::from_utf8(body).map_err(|_| {
        Problem::new(
            "location_not_jws",
            "the location's body is not text, so not a compact JWS".to_string(),
        )
    })?;
    let trimmed = text.trim_matches(|c: char| c.is_ascii_whitespace());
    if trimmed.len() != text.len() {
        findings.push(Problem::new(
            "jws_whitespace",
            "the JWS is surrounded by whitespace; it was trimmed".to_string(),
        ));
    }
    let looks_compact = !trimmed.is_empty()
        && trimmed
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'='));
    if !looks_compact {
        return Err(Problem::new(
            "location_not_jws",
            "the location's body is not a compact JWS (base64url parts joined by '.')".to_string(),
        ));
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
            "jwks_http_status",
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
        let mut part = Part {
            url: url.to_string(),
            resource,
            jws: Some(jws.as_str().to_string()),
            signature: Some(verified.signature.clone()),
            charge: None,
            errors: Vec::new(),
            findings,
        };
        match parse_payload(resource, verified.payload()) {
            Ok(p) => {
                part.findings.extend(p.findings);
                let pay = check_charge(&p.charge, ctx);
                part.errors.extend(pay.errors);
                part.findings.extend(pay.findings);
                part.charge = Some(p.charge);
            }
            Err(e) => {
                part.errors.extend(e.errors);
                part.findings.extend(e.findings);
            }
        }
        part
    }

    /// Whether the signature, the certificate and the payload all passed.
    pub fn is_verified(&self) -> bool {
        self.signature.is_some() && self.charge.is_some()
    }
}

/// A code's dynamic parts resolved and judged together.
///
/// `verified`: the parts the journey depends on passed every check. `payable`: verified, and
/// no fetch, verification or business error stands. Journey 4 turns a failure of the
/// recurrence URL alone into `recurrence_unavailable` findings.
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
            if journey4 {
                for e in &r.errors {
                    findings.push(Problem::new(
                        "recurrence_unavailable",
                        format!(
                            "the recurrence URL failed ({e}); the payment goes on without the Pix Automático offer"
                        ),
                    ));
                }
                if kind == Kind::StaticRecurrence {
                    verified &= r.is_verified();
                }
            } else {
                verified &= r.is_verified();
                errors.extend(r.errors.iter().cloned());
            }
        }
        if !any {
            verified = false;
            errors.push(Problem::new(
                "code_not_dynamic",
                "the code has no location URL to resolve".to_string(),
            ));
        }
        let payable = if kind == Kind::StaticRecurrence {
            // The payment is in the code itself; only the offer depends on the URL.
            errors.is_empty()
        } else {
            verified && errors.is_empty()
        };
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

struct PartJson<'a>(&'a Part);

impl Serialize for PartJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("url", &p.url)?;
        m.serialize_entry("kind", resource_name(p.resource))?;
        m.serialize_entry("verified", &p.is_verified())?;
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
