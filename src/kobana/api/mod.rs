//! Requests and responses without I/O: every call is built as a [`Request`] and every
//! [`Response`] is read by a plain function, so any HTTP stack (or a test) can carry them.
//!
//! | file | what it holds |
//! |---|---|
//! | `http.rs` | [`Environment`], [`Token`], [`IdempotencyKey`], [`Request`], [`Response`], [`RateLimit`] |
//! | `error.rs` | [`Error`], [`ApiError`], [`ErrorItem`] |
//! | `requests.rs` | [`Api`]: every call built as a request |
//! | `responses.rs` | [`parse_one`], [`parse_page`], [`parse_unverified`], [`Reply`], [`Page`] |

mod error;
mod http;
mod requests;
mod responses;

pub use error::{ApiError, Error, ErrorItem};
pub use http::{
    Environment, IdempotencyKey, Method, RateLimit, Request, Response, Token, REDACTED,
};
pub use requests::{Api, BatchOp, Cursor, Step, MAX_PER_PAGE};
pub use responses::{parse_one, parse_page, parse_unverified, Page, Reply};
