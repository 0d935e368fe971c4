//! One shape for every error and finding of dynamic-code resolution: a stable snake_case code
//! and a message naming what was expected and what was found.

use super::rules::Rule;
use std::string::String;

/// An error or a finding: a stable code (public interface: documented in the README), one of
/// the catalogue's [`Rule`]s, and a message for people.
///
/// ```
/// use pixcode::dynamic::{rule, Problem, Stage};
/// let p = Problem::new(rule::COB_EXPIRED, "the charge expired at 2026-03-10T15:05:00Z".into());
/// assert_eq!(p.to_string(), "cob_expired: the charge expired at 2026-03-10T15:05:00Z");
/// assert_eq!(p.rule().stage, Stage::Charge);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Problem {
    /// The stable code, such as `jws_alg_refused` or `cob_expired`.
    pub code: &'static str,
    /// What was expected and what was found.
    pub message: String,
}

impl Problem {
    /// A problem of `rule`, with the particulars in `message`.
    pub fn new(rule: Rule, message: String) -> Problem {
        Problem {
            code: rule.code,
            message,
        }
    }

    /// The rule this problem reports: its stage, severity and summary.
    pub fn rule(&self) -> Rule {
        // Every Problem is made from a Rule, so its code is in the catalogue.
        Rule::find(self.code).unwrap_or(Rule {
            code: self.code,
            stage: super::rules::Stage::Code,
            severity: crate::Severity::Error,
            summary: "",
        })
    }
}

impl core::fmt::Display for Problem {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Problem {}
