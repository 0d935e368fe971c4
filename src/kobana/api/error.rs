//! Everything that can go wrong with a Kobana call, and the error answers' shapes.

use std::prelude::rust_2021::*;
#[allow(unused_imports)]
use std::{format, vec};

use super::rate_limit::RateLimit;
use serde_json::Value;
use std::fmt;

/// One item of an error answer, in the shapes the documents show.
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorItem {
    /// `{title, code, param, detail, errors}`: every member optional; `detail` of any JSON type.
    Object {
        /// Title.
        title: Option<String>,
        /// Code such as `validation_error`.
        code: Option<String>,
        /// The parameter at fault.
        param: Option<String>,
        /// Detail: a string, null or an object.
        detail: Option<Value>,
        /// Nested items.
        errors: Vec<ErrorItem>,
    },
    /// A plain string (`{"errors": ["QR Code inválido"]}`, `{"error": "…"}`, v1 field messages).
    Text(String),
}

impl ErrorItem {
    pub(super) fn from_value(v: &Value) -> ErrorItem {
        match v {
            Value::String(s) => ErrorItem::Text(s.clone()),
            Value::Object(o) => {
                let text = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_owned);
                ErrorItem::Object {
                    title: text("title"),
                    code: text("code"),
                    param: text("param"),
                    detail: o.get("detail").filter(|d| !d.is_null()).cloned(),
                    errors: o
                        .get("errors")
                        .and_then(Value::as_array)
                        .map(|a| a.iter().map(ErrorItem::from_value).collect())
                        .unwrap_or_default(),
                }
            }
            other => ErrorItem::Text(other.to_string()),
        }
    }

    /// The code, for object items.
    pub fn code(&self) -> Option<&str> {
        match self {
            ErrorItem::Object { code, .. } => code.as_deref(),
            ErrorItem::Text(_) => None,
        }
    }
}

impl fmt::Display for ErrorItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorItem::Text(s) => f.write_str(s),
            ErrorItem::Object {
                title,
                code,
                param,
                detail,
                ..
            } => {
                let mut parts = Vec::new();
                if let Some(c) = code {
                    parts.push(c.clone());
                }
                if let Some(p) = param {
                    parts.push(format!("({p})"));
                }
                if let Some(t) = title {
                    parts.push(t.clone());
                }
                match detail {
                    Some(Value::String(d)) => parts.push(d.clone()),
                    Some(d) => parts.push(d.to_string()),
                    None => {}
                }
                f.write_str(&parts.join(" "))
            }
        }
    }
}

/// An error answer from Kobana, with everything needed to act on it.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// The error items, whatever their shape.
    pub items: Vec<ErrorItem>,
    /// The body as received (HTML pages and empty bodies included).
    pub raw: String,
    /// The idempotency key of the request, to retry it safely.
    pub idempotency_key: Option<String>,
    /// Rate-limit headers, with `retry_after` on 429.
    pub rate_limit: RateLimit,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Kobana answered HTTP {}", self.status)?;
        if self.items.is_empty() {
            let snippet: String = self.raw.chars().take(200).collect();
            if !snippet.trim().is_empty() {
                write!(f, ": {}", snippet.trim())?;
                if self.raw.chars().count() > 200 {
                    f.write_str("… (full body in ApiError::raw)")?;
                }
            }
        } else {
            let items: Vec<String> = self.items.iter().map(|i| i.to_string()).collect();
            write!(f, ": {}", items.join("; "))?;
        }
        if let Some(s) = self.rate_limit.retry_after {
            write!(f, " (retry after {s} s)")?;
        }
        if let Some(k) = &self.idempotency_key {
            write!(f, " [idempotency key {k}]")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong with a Kobana call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The code failed the offline check and was not sent (no request made).
    #[error("the Pix code is invalid and was not sent: {0}")]
    InvalidCode(crate::Error),
    /// No token was given and `KOBANA_API_TOKEN` is unset.
    #[error("no Kobana API token: pass one or set KOBANA_API_TOKEN")]
    MissingToken,
    /// A bad argument (uid, key, page size, URL).
    #[error("invalid argument: {0}")]
    Argument(String),
    /// The request did not complete (connection, TLS, timeout), after the retries allowed.
    #[error("transport error after {attempts} attempt(s): {message}{}", .idempotency_key.as_ref().map(|k| format!(" [idempotency key {k}]")).unwrap_or_default())]
    Transport {
        /// What failed.
        message: String,
        /// Attempts made.
        attempts: u32,
        /// The key to retry with safely.
        idempotency_key: Option<String>,
    },
    /// Kobana answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// A success status whose body does not read as the documented shape.
    #[error(
        "cannot read Kobana's HTTP {status} answer{}: {message}",
        at_path(path)
    )]
    Decode {
        /// HTTP status.
        status: u16,
        /// JSON path of the failure (`data.amount`, `data[3].amount`); empty when the body as
        /// a whole is wrong (not JSON).
        path: String,
        /// What was wrong.
        message: String,
        /// The body as received.
        raw: String,
        /// The idempotency key of the request.
        idempotency_key: Option<String>,
    },
}

/// ` at PATH` for a failure inside the body, nothing for the body as a whole.
fn at_path(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" at {path}")
    }
}
