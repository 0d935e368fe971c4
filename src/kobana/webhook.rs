//! Kobana webhook deliveries: signature check and typed events.
//!
//! Kobana signs the raw body with HMAC-SHA256 under the webhook's secret key and sends
//! `X-Kobana-Signature: sha256=<hex>`. Deliveries arrive at least once, may repeat and may come
//! out of order: de-duplicate on [`Delivery::id`], answer 200 quickly, process later.
//!
//! ```
//! use pixcode::kobana::webhook;
//! let body = br#"{"ping":"pong","event_code":"ping","webhook":{"id":11,"url":"https://requestb.in"}}"#;
//! let headers = [
//!     ("X-Kobana-Signature", "sha256=0058dfda5f0be33a2cf88b7f9b0a4df46f8e072342f8c8cd1c96adb5e116ed2b"),
//!     ("X-Kobana-Event", "ping"),
//!     ("X-Kobana-Delivery-Id", "7c2b6c1e-0000-4000-8000-000000000001"),
//! ];
//! let delivery = webhook::parse(&headers, body, b"test_secret_key")?;
//! assert_eq!(delivery.event.code, "ping");
//! assert!(matches!(delivery.event.object, webhook::EventObject::Ping));
//! # Ok::<(), webhook::WebhookError>(())
//! ```

use std::prelude::rust_2021::*;
#[allow(unused_imports)]
use std::{format, vec};

use super::model::*;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};

/// Why a delivery was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// No `X-Kobana-Signature` (nor the deprecated `X-Hub-Signature`).
    #[error("the delivery has no X-Kobana-Signature header")]
    MissingSignature,
    /// The header is not `sha256=` and 64 hexadecimal digits.
    #[error("the signature header is not sha256=<64 hex digits>")]
    MalformedSignature,
    /// The signature does not match the body under this secret (answer 498).
    #[error("the signature does not match the body")]
    BadSignature,
    /// The body is not a JSON object (form-encoded webhooks are not read).
    #[error("the body is not a JSON event: {0}")]
    Body(String),
}

/// A verified delivery.
#[derive(Clone, Debug)]
pub struct Delivery {
    /// `X-Kobana-Delivery-Id`: unique per notification, the key for de-duplication.
    pub id: Option<String>,
    /// `X-Kobana-Environment`: `production` or `sandbox`.
    pub environment: Option<String>,
    /// The event.
    pub event: Event,
}

/// An event code with its parts: `payment.pix.cancel.confirmed`.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The code (kept as a string: Kobana adds codes without notice).
    pub code: String,
    /// The webhook that sent it: `{id, url, first_try}`.
    pub webhook: Option<Value>,
    /// The object the event is about, typed by the code's resource.
    pub object: EventObject,
    /// `changes` on update events: `{"field": [old, new]}`.
    pub changes: Option<Map<String, Value>>,
    /// The whole body.
    pub raw: Value,
}

impl Event {
    /// The code split on dots: `payment.pix.cancel.confirmed` gives
    /// `["payment", "pix", "cancel", "confirmed"]`.
    pub fn parts(&self) -> Vec<&str> {
        self.code.split('.').collect()
    }
}

/// What an event carries.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum EventObject {
    /// `payment.db.*`: the payment.
    Payment(Box<PaymentPix>),
    /// `payment.pix.*` and `payment.pix_batch.*`: a command with its payment or batch.
    Command(Box<Command>),
    /// `payment.batch.*`: the batch.
    Batch(Box<PaymentBatch>),
    /// `data.pix_qrcode_query.*`: the query.
    QrcodeQuery(Box<PixQrcodeQuery>),
    /// `ping`, sent when a webhook is created.
    Ping,
    /// Another event, or an object that did not read as its type: the JSON as received.
    Other(Value),
}

fn header<'h, K: AsRef<str>, V: AsRef<str>>(
    headers: &'h [(K, V)],
    names: &[&str],
) -> Option<&'h str> {
    names.iter().find_map(|n| {
        headers
            .iter()
            .find(|(k, _)| k.as_ref().eq_ignore_ascii_case(n))
            .map(|(_, v)| v.as_ref())
    })
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Checks `sha256=<hex>` against HMAC-SHA256(`secret`, `body`) in constant time. The hex may
/// be upper or lower case.
///
/// # Errors
/// [`WebhookError`] for a missing, malformed or wrong signature.
pub fn verify(secret: &[u8], body: &[u8], signature: Option<&str>) -> Result<(), WebhookError> {
    let sig = signature.ok_or(WebhookError::MissingSignature)?.trim();
    let hex = sig
        .strip_prefix("sha256=")
        .ok_or(WebhookError::MalformedSignature)?;
    if hex.len() != 64 {
        return Err(WebhookError::MalformedSignature);
    }
    let expected = unhex(hex).ok_or(WebhookError::MalformedSignature)?;
    let mut mac =
        Hmac::<sha2::Sha256>::new_from_slice(secret).map_err(|_| WebhookError::BadSignature)?;
    mac.update(body);
    mac.verify_slice(&expected)
        .map_err(|_| WebhookError::BadSignature)
}

/// Verifies and reads a delivery: the headers as received (any case), the raw body, the
/// webhook's secret key.
///
/// # Errors
/// [`WebhookError`] for a bad signature or a body that is not a JSON event.
pub fn parse<K: AsRef<str>, V: AsRef<str>>(
    headers: &[(K, V)],
    body: &[u8],
    secret: &[u8],
) -> Result<Delivery, WebhookError> {
    verify(
        secret,
        body,
        header(headers, &["x-kobana-signature", "x-hub-signature"]),
    )?;
    let raw: Value = serde_json::from_slice(body).map_err(|e| WebhookError::Body(e.to_string()))?;
    // The signature covers the bytes; two members of one name would let readers disagree on
    // what was signed.
    if let Some(path) = crate::json::duplicate_member(body) {
        return Err(WebhookError::Body(format!(
            "the member {path:?} appears twice; readers disagree on which one counts"
        )));
    }
    let obj = raw
        .as_object()
        .ok_or_else(|| WebhookError::Body("not a JSON object".into()))?;
    let code = obj
        .get("event_code")
        .and_then(Value::as_str)
        .or_else(|| header(headers, &["x-kobana-event", "x-boletosimples-event"]))
        .ok_or_else(|| WebhookError::Body("no event_code".into()))?
        .to_owned();
    let object_json = obj.get("object").cloned().unwrap_or(Value::Null);
    let typed = |v: Value| -> EventObject {
        let as_other = v.clone();
        let parts: Vec<&str> = code.split('.').collect();
        let read = match parts.as_slice() {
            ["ping", ..] => Some(EventObject::Ping),
            ["payment", "db", ..] => serde_json::from_value(v)
                .ok()
                .map(|p| EventObject::Payment(Box::new(p))),
            ["payment", "pix" | "pix_batch", _, _] => serde_json::from_value(v)
                .ok()
                .map(|c| EventObject::Command(Box::new(c))),
            ["payment", "batch" | "pix_batch", ..] => serde_json::from_value(v)
                .ok()
                .map(|b| EventObject::Batch(Box::new(b))),
            ["data", "pix_qrcode_query", ..] => serde_json::from_value(v)
                .ok()
                .map(|q| EventObject::QrcodeQuery(Box::new(q))),
            _ => None,
        };
        read.unwrap_or(EventObject::Other(as_other))
    };
    let object = typed(object_json);
    Ok(Delivery {
        id: header(
            headers,
            &["x-kobana-delivery-id", "x-boletosimples-delivery-id"],
        )
        .map(str::to_owned),
        environment: header(
            headers,
            &["x-kobana-environment", "x-boletosimples-environment"],
        )
        .map(str::to_owned),
        event: Event {
            code,
            webhook: obj.get("webhook").cloned(),
            object,
            changes: obj.get("changes").and_then(Value::as_object).cloned(),
            raw,
        },
    })
}
