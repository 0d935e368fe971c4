//! The rate-limit headers of an answer, as data (read by `Response::rate_limit`).

use std::string::String;

/// Rate-limit headers (Kobana counts 60 GET and 1000 POST an hour by default).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in the window.
    pub limit: Option<u64>,
    /// Requests left.
    pub remaining: Option<u64>,
    /// `ratelimit-reset` as sent (the documents disagree on seconds or Unix time).
    pub reset: Option<u64>,
    /// The limit's name.
    pub name: Option<String>,
    /// `retry-after`, in seconds.
    pub retry_after: Option<u64>,
}
