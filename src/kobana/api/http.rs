//! The HTTP side of a call: environments, the token, idempotency keys, requests, responses
//! and rate-limit headers.

use std::prelude::rust_2021::*;
#[allow(unused_imports)]
use std::{format, vec};

use super::error::Error;
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
