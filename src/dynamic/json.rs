//! Dynamic-code documents with a duplicate member are refused (see [`crate::json`]).

use std::format;

pub use crate::json::duplicate_member;

/// `Some(problem)` of `rule` when `json` has a duplicate member; `what` names the document.
pub(crate) fn refuse_duplicates(
    json: &[u8],
    rule: super::rules::Rule,
    what: &str,
) -> Result<(), super::problem::Problem> {
    match crate::json::duplicate_member(json) {
        None => Ok(()),
        Some(path) => Err(super::problem::Problem::new(
            rule,
            format!(
                "{what} has the member {path:?} twice; readers disagree on which one counts, so it is refused"
            ),
        )),
    }
}
