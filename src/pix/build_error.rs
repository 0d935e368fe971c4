//! Why the builder refused an input: the field and the rule, with a message that says both.

pub use super::field::Field;
use super::key::KeyIssue;
use crate::amount::AmountError;
use core::fmt;

/// The rule an input breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildProblem {
    /// Required and not given (or empty).
    Missing,
    /// A key and a location URL together: a code is static or dynamic, not both.
    KeyAndUrl,
    /// A key of the wrong shape or with wrong check digits.
    Key(KeyIssue),
    /// Longer than allowed, in characters (after ASCII folding for name, city and info).
    TooLong {
        /// The maximum.
        max: usize,
        /// The length given.
        chars: usize,
    },
    /// A character with no ASCII form, or a control character.
    BadChar {
        /// Character index.
        at: usize,
        /// The character.
        found: char,
    },
    /// A malformed amount.
    Amount(AmountError),
    /// A zero amount.
    ZeroAmount,
    /// An amount or txid on a code without a key: the charge behind the URL sets them.
    NotStatic,
    /// A URL with a scheme (`https://`); Pix URLs carry none.
    Scheme,
    /// A recurrence URL without `/rec/`.
    NotRecurrence,
    /// Payment and recurrence URLs on different hosts.
    HostMismatch,
    /// A location URL payers refuse to fetch (an IP host, a query, a dot segment).
    UnsafeLocation(super::LocationIssue),
    /// Pix Saque together with a URL or a recurrence.
    SaqueNotStatic,
    /// Not of the required digits/letters (postal code: 8 digits; MCC: 4 digits; ISPB: 8 of
    /// `[0-9A-Z]`).
    Format {
        /// What was expected.
        expected: &'static str,
    },
    /// The output buffer is too small, or a writer error.
    Output,
}

impl BuildProblem {
    /// The stable snake_case code of the rule, as the bindings and `pixcode encode --json`
    /// give it.
    ///
    /// ```
    /// use pixcode::pix::{Builder, BuildProblem};
    /// let err = Builder::new("Loja", "SAO PAULO").key("12345678900").build().unwrap_err();
    /// assert_eq!(err.problem.code(), "key_check_digits");
    /// assert_eq!(BuildProblem::ZeroAmount.code(), "zero_amount");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            BuildProblem::Missing => "missing",
            BuildProblem::KeyAndUrl => "key_and_url",
            BuildProblem::Key(issue) => issue.code(),
            BuildProblem::TooLong { .. } => "too_long",
            BuildProblem::BadChar { .. } => "bad_char",
            BuildProblem::Amount(_) => "bad_amount",
            BuildProblem::ZeroAmount => "zero_amount",
            BuildProblem::NotStatic => "not_static",
            BuildProblem::Scheme => "url_scheme",
            BuildProblem::NotRecurrence => "not_recurrence",
            BuildProblem::HostMismatch => "host_mismatch",
            BuildProblem::UnsafeLocation(issue) => issue.code(),
            BuildProblem::SaqueNotStatic => "saque_not_static",
            BuildProblem::Format { .. } => "bad_format",
            BuildProblem::Output => "output",
        }
    }
}

/// An input the builder refuses: which field, and which rule.
///
/// ```
/// use pixcode::pix::{Builder, Field};
/// let err = Builder::new("Loja", "SAO PAULO").key("12345678900").build().unwrap_err();
/// assert_eq!(err.field, Field::Key);
/// assert_eq!(err.to_string(), "key (26.01): the check digits do not match");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuildError {
    /// The input at fault.
    pub field: Field,
    /// The rule it breaks.
    pub problem: BuildProblem,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): ", self.field.name(), self.field.path())?;
        match self.problem {
            BuildProblem::Missing => f.write_str("required but not given"),
            BuildProblem::KeyAndUrl => {
                f.write_str("a code has either a key (static) or a location URL (dynamic), not both")
            }
            BuildProblem::Key(issue) => write!(f, "{issue}"),
            BuildProblem::TooLong { max, chars } => {
                write!(f, "expected at most {max} characters but got {chars}")
            }
            BuildProblem::BadChar { at, found } => write!(
                f,
                "{found:?} at character {at} is not allowed here"
            ),
            BuildProblem::Amount(e) => write!(f, "{e}"),
            BuildProblem::ZeroAmount => f.write_str("the amount must be greater than zero"),
            BuildProblem::NotStatic => f.write_str(
                "only static codes carry this; on dynamic and recurrence-only codes the charge behind the URL sets it",
            ),
            BuildProblem::Scheme => {
                f.write_str("give the URL without scheme (host/path); apps add https:// themselves")
            }
            BuildProblem::NotRecurrence => f.write_str("a recurrence URL has a /rec/ path fragment"),
            BuildProblem::HostMismatch => {
                f.write_str("the payment and recurrence URLs must be on the same host")
            }
            BuildProblem::UnsafeLocation(issue) => write!(f, "{issue}"),
            BuildProblem::SaqueNotStatic => {
                f.write_str("Pix Saque is static only: no URL and no recurrence")
            }
            BuildProblem::Format { expected } => write!(f, "expected {expected}"),
            BuildProblem::Output => f.write_str("the output buffer is too small"),
        }
    }
}

impl core::error::Error for BuildError {}

pub(super) fn err(field: Field, problem: BuildProblem) -> BuildError {
    BuildError { field, problem }
}
