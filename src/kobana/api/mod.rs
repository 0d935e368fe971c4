//! Requests and responses without I/O: every call is built as a [`Request`] and every
//! [`Response`] is read by a plain function, so any HTTP stack (or a test) can carry them.
//!
//! | file | what it holds |
//! |---|---|
//! | `http.rs` | [`Environment`], [`Token`], [`IdempotencyKey`], [`Request`], [`Response`] |
//! | `rate_limit.rs` | [`RateLimit`] |
//! | `error.rs` | [`Error`], [`ApiError`], [`ErrorItem`] |
//! | `requests.rs` | [`Api`]: every call built as a request |
//! | `responses.rs` | [`parse_one`], [`parse_page`], [`parse_unverified`], [`Reply`], [`Page`], [`ApiError::from_response`] |
//!
//! The modules depend one way: `rate_limit` ← `error` ← `http` ← `requests`, `responses`.

mod error;
mod http;
mod rate_limit;
mod requests;
mod responses;

pub use error::{ApiError, Error, ErrorItem};
pub use http::{Environment, IdempotencyKey, Method, Request, Response, Token, REDACTED};
pub use rate_limit::RateLimit;
pub use requests::{Api, BatchOp, Cursor, Step, MAX_PER_PAGE};
pub use responses::{parse_one, parse_page, parse_unverified, Page, Reply};
