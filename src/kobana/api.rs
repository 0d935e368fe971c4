//! Requests and responses without I/O: every call is built as a [`Request`] and every
//! [`Response`] is read by a plain function, so any HTTP stack (or a test) can carry them.

use std::prelude::rust_2021::*;
#[allow(unused_imports)]
use std::{format, vec};

use super::model::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// Production or sandbox: separate systems with separate tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Environment {
    /// `https://api-sandbox.kobana.com.br`: the default. Does not talk to banks.
    #[default]
    Sandbox,
    /// `https://api.kobana.com.br`: real money.
    Production,
}

impl Environment {
    /// The base URL; paths start with `/v2`.
    pub fn base_url(self) -> &'static str {
        match self {
            Environment::Sandbox => "https://api-sandbox.kobana.com.br",
            Environment::Production => "https://api.kobana.com.br",
        }
    }
}

/// The API token. It never appears in `Debug`, `Display`, logs or errors.
///
/// ```
/// let t = pixcode::kobana::Token::new("s3cr3t-token").unwrap();
/// assert_eq!(format!("{t:?}"), "Token(\"***\")");
/// assert!(pixcode::kobana::Token::new("").is_err());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token: non-empty, printable ASCII, no spaces.
    ///
    /// # Errors
    /// [`Error::MissingToken`] when empty, [`Error::Argument`] for other characters.
    pub fn new(token: impl Into<String>) -> Result<Token, Error> {
        let token = token.into();
        if token.is_empty() {
            return Err(Error::MissingToken);
        }
        if !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::Argument(
                "the token must be printable ASCII without spaces".into(),
            ));
        }
        Ok(Token(token))
    }

    /// Reads `KOBANA_API_TOKEN`.
    ///
    /// # Errors
    /// [`Error::MissingToken`] when the variable is unset or empty.
    pub fn from_env() -> Result<Token, Error> {
        Token::new(std::env::var("KOBANA_API_TOKEN").unwrap_or_default())
    }

    pub(crate) fn bearer(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(\"***\")")
    }
}

/// An `X-Idempotency-Key`: the same key makes Kobana replay the first answer instead of acting
/// twice. A new UUIDv4 per logical operation unless the caller gives one; reused on retries.
///
/// ```
/// let k = pixcode::kobana::IdempotencyKey::new_v4();
/// assert_eq!(k.as_str().len(), 36);
/// assert!(pixcode::kobana::IdempotencyKey::new("my-key-1").is_ok());
/// assert!(pixcode::kobana::IdempotencyKey::new("").is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// A random UUIDv4 key.
    pub fn new_v4() -> IdempotencyKey {
        IdempotencyKey(uuid::Uuid::new_v4().to_string())
    }

    /// A caller's key: 1 to 255 printable ASCII characters.
    ///
    /// # Errors
    /// [`Error::Argument`] otherwise.
    pub fn new(key: impl Into<String>) -> Result<IdempotencyKey, Error> {
        let key = key.into();
        if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::Argument(
                "an idempotency key is 1 to 255 printable ASCII characters".into(),
            ));
        }
        Ok(IdempotencyKey(key))
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
}

impl Method {
    /// `"GET"`, `"POST"` or `"PUT"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

/// A request ready to send: method, absolute URL, headers and body.
///
/// Its `Debug` output hides the `Authorization` header.
#[derive(Clone)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The absolute URL.
    pub url: String,
    /// Headers, `Authorization` included.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body.
    pub body: Option<Vec<u8>>,
    /// The idempotency key sent, for POST and PUT.
    pub idempotency_key: Option<IdempotencyKey>,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    *k,
                    if k.eq_ignore_ascii_case("authorization") {
                        "***"
                    } else {
                        v.as_str()
                    },
                )
            })
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field(
                "body",
                &self
                    .body
                    .as_ref()
                    .map(|b| String::from_utf8_lossy(b).into_owned()),
            )
            .finish()
    }
}

/// A response as received.
#[derive(Clone, Debug)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Headers (names in any case).
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Response {
    /// The first header named `name`, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The rate-limit headers.
    pub fn rate_limit(&self) -> RateLimit {
        let num = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| self.header(n))
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        RateLimit {
            limit: num(&["ratelimit-limit", "x-ratelimit-limit"]),
            remaining: num(&["ratelimit-remaining", "x-ratelimit-remaining"]),
            reset: num(&["ratelimit-reset", "x-ratelimit-reset"]),
            name: self.header("ratelimit-name").map(str::to_owned),
            retry_after: num(&["retry-after"]),
        }
    }
}

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
    fn from_value(v: &Value) -> ErrorItem {
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

/// The most items a page may hold.
pub const MAX_PER_PAGE: u32 = 50;

/// Builds requests. Holds the base URL, the token and the `User-Agent`.
#[derive(Clone, Debug)]
pub struct Api {
    base: String,
    token: Token,
    user_agent: String,
}

fn check_uid(uid: &str) -> Result<&str, Error> {
    if uid.is_empty()
        || uid.len() > 64
        || !uid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(Error::Argument(format!(
            "{uid:?} is not a uid (letters, digits and hyphens)"
        )));
    }
    Ok(uid)
}

fn query_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Api {
    /// Requests against `base` (no trailing slash), authenticated with `token`. `contact` is
    /// an e-mail Kobana asks integrators to put in the `User-Agent`.
    ///
    /// # Errors
    /// [`Error::Argument`] for a base URL that is not `http(s)://host[:port]`.
    pub fn new(base: &str, token: Token, contact: Option<&str>) -> Result<Api, Error> {
        let base = base.trim_end_matches('/');
        let rest = base
            .strip_prefix("https://")
            .or_else(|| base.strip_prefix("http://"))
            .ok_or_else(|| {
                Error::Argument(format!("{base:?}: the base URL must start with https://"))
            })?;
        if rest.is_empty() || rest.contains(['/', '?', '#', ' ']) {
            return Err(Error::Argument(format!(
                "{base:?}: expected scheme://host[:port]"
            )));
        }
        let mut user_agent = format!("pixcode/{}", env!("CARGO_PKG_VERSION"));
        if let Some(c) = contact.filter(|c| !c.is_empty()) {
            if !c.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
                return Err(Error::Argument(
                    "the contact must be printable ASCII".into(),
                ));
            }
            user_agent.push_str(&format!(" ({c})"));
        }
        Ok(Api {
            base: base.to_owned(),
            token,
            user_agent,
        })
    }

    /// The base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        key: Option<IdempotencyKey>,
    ) -> Request {
        let mut headers = vec![
            ("Authorization", self.token.bearer()),
            ("User-Agent", self.user_agent.clone()),
            ("Accept", "application/json".to_owned()),
        ];
        if body.is_some() {
            headers.push(("Content-Type", "application/json".to_owned()));
        }
        if let Some(k) = &key {
            headers.push(("X-Idempotency-Key", k.to_string()));
        }
        Request {
            method,
            url: format!("{}{}", self.base, path),
            headers,
            body,
            idempotency_key: key,
        }
    }

    fn json<B: Serialize>(body: &B) -> Result<Vec<u8>, Error> {
        serde_json::to_vec(body).map_err(|e| Error::Argument(e.to_string()))
    }

    fn list(
        &self,
        path: &str,
        page: u32,
        per_page: u32,
        extra: &[(&str, &str)],
    ) -> Result<Request, Error> {
        if page == 0 || per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(Error::Argument(format!(
                "page starts at 1 and per_page is 1 to {MAX_PER_PAGE}"
            )));
        }
        let mut q = format!("{path}?page={page}&per_page={per_page}");
        for (k, v) in extra {
            q.push_str(&format!("&{k}={}", query_escape(v)));
        }
        Ok(self.request(Method::Get, &q, None, None))
    }

    /// `POST /v2/data/pix_qrcode_queries`: Kobana decodes a code (the documented decode).
    ///
    /// # Errors
    /// [`Error::Argument`] if the body cannot be serialized.
    pub fn create_qrcode_query(
        &self,
        body: &NewQrcodeQuery,
        key: IdempotencyKey,
    ) -> Result<Request, Error> {
        Ok(self.request(
            Method::Post,
            "/v2/data/pix_qrcode_queries",
            Some(Self::json(body)?),
            Some(key),
        ))
    }

    /// `GET /v2/data/pix_qrcode_queries`, optionally by `external_id` and tags.
    ///
    /// # Errors
    /// [`Error::Argument`] for a page out of range.
    pub fn list_qrcode_queries(
        &self,
        page: u32,
        per_page: u32,
        external_id: Option<&str>,
        tags: &[&str],
    ) -> Result<Request, Error> {
        let mut extra = Vec::new();
        if let Some(e) = external_id {
            extra.push(("external_id", e));
        }
        for t in tags {
            extra.push(("tags[]", *t));
        }
        self.list("/v2/data/pix_qrcode_queries", page, per_page, &extra)
    }

    /// `GET /v2/payment/pix`.
    ///
    /// # Errors
    /// [`Error::Argument`] for a page out of range.
    pub fn list_pix_payments(&self, page: u32, per_page: u32) -> Result<Request, Error> {
        self.list("/v2/payment/pix", page, per_page, &[])
    }

    /// `POST /v2/payment/pix`: a pending payment from a code.
    ///
    /// # Errors
    /// [`Error::Argument`] if the body cannot be serialized.
    pub fn create_pix_payment(
        &self,
        body: &NewPixPayment,
        key: IdempotencyKey,
    ) -> Result<Request, Error> {
        Ok(self.request(
            Method::Post,
            "/v2/payment/pix",
            Some(Self::json(body)?),
            Some(key),
        ))
    }

    /// `GET /v2/payment/pix/{uid}`.
    ///
    /// # Errors
    /// [`Error::Argument`] for a malformed uid.
    pub fn get_pix_payment(&self, uid: &str) -> Result<Request, Error> {
        Ok(self.request(
            Method::Get,
            &format!("/v2/payment/pix/{}", check_uid(uid)?),
            None,
            None,
        ))
    }

    /// `PUT /v2/payment/pix/{uid}/cancel`: an asynchronous command.
    ///
    /// # Errors
    /// [`Error::Argument`] for a malformed uid.
    pub fn cancel_pix_payment(&self, uid: &str, key: IdempotencyKey) -> Result<Request, Error> {
        Ok(self.request(
            Method::Put,
            &format!("/v2/payment/pix/{}/cancel", check_uid(uid)?),
            None,
            Some(key),
        ))
    }

    /// `GET /v2/payment/batches` (batches of every kind, newest first).
    ///
    /// # Errors
    /// [`Error::Argument`] for a page out of range.
    pub fn list_batches(&self, page: u32, per_page: u32) -> Result<Request, Error> {
        self.list("/v2/payment/batches", page, per_page, &[])
    }

    /// `POST /v2/payment/pix_batches`: sends payments to the bank.
    ///
    /// # Errors
    /// [`Error::Argument`] for an empty batch.
    pub fn create_pix_batch(
        &self,
        body: &NewPixBatch,
        key: IdempotencyKey,
    ) -> Result<Request, Error> {
        if body.payments.is_empty() {
            return Err(Error::Argument("a batch needs at least one payment".into()));
        }
        Ok(self.request(
            Method::Post,
            "/v2/payment/pix_batches",
            Some(Self::json(body)?),
            Some(key),
        ))
    }

    /// `GET /v2/payment/batches/{uid}`.
    ///
    /// # Errors
    /// [`Error::Argument`] for a malformed uid.
    pub fn get_batch(&self, uid: &str) -> Result<Request, Error> {
        Ok(self.request(
            Method::Get,
            &format!("/v2/payment/batches/{}", check_uid(uid)?),
            None,
            None,
        ))
    }

    /// `PUT /v2/payment/batches/{uid}/approve`, `/reprove` or `/cancel`.
    ///
    /// # Errors
    /// [`Error::Argument`] for a malformed uid.
    pub fn batch_command(
        &self,
        uid: &str,
        op: BatchOp,
        key: IdempotencyKey,
    ) -> Result<Request, Error> {
        let path = format!("/v2/payment/batches/{}/{}", check_uid(uid)?, op.as_str());
        Ok(self.request(Method::Put, &path, None, Some(key)))
    }

    /// `POST /v2/payment/pix/decode` with `{emv}`: **unverified**. It appears in Kobana's
    /// agent-skills text but in none of its API documents; a spec mock answers 405. Prefer
    /// [`Api::create_qrcode_query`].
    ///
    /// # Errors
    /// [`Error::Argument`] if the body cannot be serialized.
    pub fn decode_unverified(&self, emv: &str, key: IdempotencyKey) -> Result<Request, Error> {
        let body = serde_json::json!({ "emv": emv });
        Ok(self.request(
            Method::Post,
            "/v2/payment/pix/decode",
            Some(Self::json(&body)?),
            Some(key),
        ))
    }

    /// The request for a page link (`pagination.next_url`), resolved against the base URL.
    /// Links to another host are refused, so the token is never sent elsewhere.
    ///
    /// # Errors
    /// [`Error::Argument`] for a link off the API's origin.
    pub fn follow(&self, link: &str) -> Result<Request, Error> {
        let path = if let Some(rest) = link.strip_prefix(&self.base) {
            rest
        } else if link.starts_with('/') && !link.starts_with("//") {
            link
        } else {
            return Err(Error::Argument(format!(
                "{link:?} is not a link on {}",
                self.base
            )));
        };
        if !path.starts_with('/') || path.bytes().any(|b| b.is_ascii_control() || b == b' ') {
            return Err(Error::Argument(format!(
                "{link:?} is not a valid page link"
            )));
        }
        Ok(self.request(Method::Get, path, None, None))
    }
}

/// A batch command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchOp {
    /// Approve a batch awaiting approval.
    Approve,
    /// Reprove (refuse) it; terminal.
    Reprove,
    /// Cancel it.
    Cancel,
}

impl BatchOp {
    fn as_str(self) -> &'static str {
        match self {
            BatchOp::Approve => "approve",
            BatchOp::Reprove => "reprove",
            BatchOp::Cancel => "cancel",
        }
    }
}

/// ` at PATH` for a failure inside the body, nothing for the body as a whole.
fn at_path(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" at {path}")
    }
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
