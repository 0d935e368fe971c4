//! Reading each [`Response`]: the envelope, the typed `data`, pages.

use std::prelude::rust_2021::*;
#[allow(unused_imports)]
use std::{format, vec};

use super::error::{ApiError, Error, ErrorItem};
use super::http::*;
use super::rate_limit::RateLimit;
use crate::kobana::model::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A successful answer.
#[derive(Clone, Debug)]
pub struct Reply<T> {
    /// The typed `data`.
    pub data: T,
    /// The `data` member as received.
    pub raw: Value,
    /// HTTP status.
    pub status: u16,
    /// The idempotency key sent (POST and PUT).
    pub idempotency_key: Option<IdempotencyKey>,
    /// Rate-limit headers.
    pub rate_limit: RateLimit,
    /// `message`, when the answer carries one (cancel does).
    pub message: Option<String>,
}

/// One page of a list.
#[derive(Clone, Debug)]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// The `data` array as received.
    pub raw: Value,
    /// The page's links.
    pub pagination: Option<Pagination>,
    /// Rate-limit headers.
    pub rate_limit: RateLimit,
}

/// The JSON path of a failure under the member `member`: `data.amount`, `data[3]`, or
/// `data` itself when the member as a whole has the wrong type.
fn json_path(member: &str, path: &serde_path_to_error::Path) -> String {
    let inner = path.to_string();
    match inner.as_str() {
        "" | "." => member.to_owned(),
        p if p.starts_with('[') => format!("{member}{p}"),
        p => format!("{member}.{p}"),
    }
}

fn decode_error(
    resp: &Response,
    key: Option<&IdempotencyKey>,
    path: String,
    message: String,
) -> Error {
    Error::Decode {
        status: resp.status,
        path,
        message,
        raw: String::from_utf8_lossy(&resp.body).into_owned(),
        idempotency_key: key.map(|k| k.to_string()),
    }
}

/// Reads the `{status, data, message?}` envelope of a single resource.
///
/// # Errors
/// [`Error::Api`] for a non-2xx status, [`Error::Decode`] for a body of another shape.
pub fn parse_one<T: DeserializeOwned>(
    resp: &Response,
    key: Option<&IdempotencyKey>,
) -> Result<Reply<T>, Error> {
    if !(200..300).contains(&resp.status) {
        return Err(Error::Api(Box::new(ApiError::from_response(resp, key))));
    }
    let envelope: Value = serde_json::from_slice(&resp.body).map_err(|e| {
        decode_error(
            resp,
            key,
            String::new(),
            format!("the body is not JSON: {e}"),
        )
    })?;
    let data = envelope
        .get("data")
        .cloned()
        .ok_or_else(|| decode_error(resp, key, "data".into(), "missing".into()))?;
    let typed = serde_path_to_error::deserialize(&data).map_err(|e| {
        decode_error(
            resp,
            key,
            json_path("data", e.path()),
            e.inner().to_string(),
        )
    })?;
    Ok(Reply {
        data: typed,
        raw: data,
        status: resp.status,
        idempotency_key: key.cloned(),
        rate_limit: resp.rate_limit(),
        message: envelope
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

/// Reads a `{status, data: [...], pagination}` list page.
///
/// # Errors
/// As [`parse_one`].
pub fn parse_page<T: DeserializeOwned>(resp: &Response) -> Result<Page<T>, Error> {
    if !(200..300).contains(&resp.status) {
        return Err(Error::Api(Box::new(ApiError::from_response(resp, None))));
    }
    let envelope: Value = serde_json::from_slice(&resp.body).map_err(|e| {
        decode_error(
            resp,
            None,
            String::new(),
            format!("the body is not JSON: {e}"),
        )
    })?;
    let data = envelope
        .get("data")
        .ok_or_else(|| decode_error(resp, None, "data".into(), "missing".into()))?;
    let items: Vec<T> = serde_path_to_error::deserialize(data).map_err(|e| {
        decode_error(
            resp,
            None,
            json_path("data", e.path()),
            e.inner().to_string(),
        )
    })?;
    let pagination = match envelope.get("pagination") {
        None | Some(Value::Null) => None,
        Some(p) => Some(serde_path_to_error::deserialize(p).map_err(|e| {
            decode_error(
                resp,
                None,
                json_path("pagination", e.path()),
                e.inner().to_string(),
            )
        })?),
    };
    Ok(Page {
        items,
        raw: data.clone(),
        pagination,
        rate_limit: resp.rate_limit(),
    })
}

/// Reads the unverified decode answer leniently: the raw `data`, and a typed view if it fits.
///
/// # Errors
/// [`Error::Api`] for a non-2xx status, [`Error::Decode`] for a body that is not a JSON
/// envelope.
pub fn parse_unverified(
    resp: &Response,
    key: Option<&IdempotencyKey>,
) -> Result<Reply<UnverifiedDecode>, Error> {
    let reply = parse_one::<Value>(resp, key)?;
    let view = serde_json::from_value(reply.data.clone()).ok();
    Ok(Reply {
        data: UnverifiedDecode {
            raw: reply.data.clone(),
            view,
        },
        raw: reply.raw,
        status: reply.status,
        idempotency_key: reply.idempotency_key,
        rate_limit: reply.rate_limit,
        message: reply.message,
    })
}

impl ApiError {
    /// Reads an error answer in any of the documented shapes.
    pub fn from_response(resp: &Response, key: Option<&IdempotencyKey>) -> ApiError {
        let raw = String::from_utf8_lossy(&resp.body).into_owned();
        let mut items = Vec::new();
        if let Ok(Value::Object(o)) = serde_json::from_slice::<Value>(&resp.body) {
            match o.get("errors") {
                Some(Value::Array(a)) => items.extend(a.iter().map(ErrorItem::from_value)),
                Some(Value::Object(fields)) => {
                    // v1: {"errors": {"field": ["message"]}}
                    for (field, msgs) in fields {
                        let msgs = msgs
                            .as_array()
                            .cloned()
                            .unwrap_or_else(|| vec![msgs.clone()]);
                        for m in msgs {
                            let m = m
                                .as_str()
                                .map(str::to_owned)
                                .unwrap_or_else(|| m.to_string());
                            items.push(ErrorItem::Text(format!("{field}: {m}")));
                        }
                    }
                }
                _ => {}
            }
            if let Some(Value::String(e)) = o.get("error") {
                items.push(ErrorItem::Text(e.clone()));
            }
        }
        ApiError {
            status: resp.status,
            items,
            raw,
            idempotency_key: key.map(|k| k.to_string()),
            rate_limit: resp.rate_limit(),
        }
    }
}
