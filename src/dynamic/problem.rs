//! One shape for every error and finding of dynamic-code resolution: a stable snake_case code
//! and a message naming what was expected and what was found.

use std::string::String;

/// An error or a finding: a stable code (public interface: documented in the README) and a
/// message for people.
///
/// ```
/// use pixcode::dynamic::Problem;
/// let p = Problem::new("cob_expired", "the charge expired at 2026-03-10T15:05:00Z".into());
/// assert_eq!(p.to_string(), "cob_expired: the charge expired at 2026-03-10T15:05:00Z");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Problem {
    /// The stable code, such as `jws_alg_refused` or `cob_expired`.
    pub code: &'static str,
    /// What was expected and what was found.
    pub message: String,
}

impl Problem {
    /// A problem with `code` and `message`.
    pub fn new(code: &'static str, message: String) -> Problem {
        Problem { code, message }
    }
}

impl core::fmt::Display for Problem {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Problem {}
