//! The HTTP side of a call: environments, the token, idempotency keys, requests, responses
//! and rate-limit headers.

use std::prelude::rust_2021::*;
#[allow(unused_imports)]
use std::{format, vec};

use super::error::Error;
use super::rate_limit::RateLimit;
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

    /// Replaces, in `bytes`, every copy of this token (as written and as JSON writes it) and
    /// every credential after `Bearer ` with [`REDACTED`].
    ///
    /// ```
    /// let t = pixcode::kobana::Token::new("s3cr3t/token").unwrap();
    /// let mut body = br#"{"headers":{"authorization":"Bearer s3cr3t\/token"},"t":"s3cr3t/token"}"#.to_vec();
    /// t.redact(&mut body);
    /// assert_eq!(body, br#"{"headers":{"authorization":"Bearer [redacted]"},"t":"[redacted]"}"#);
    /// ```
    pub fn redact(&self, bytes: &mut Vec<u8>) {
        let escaped = self
            .0
            .replace('\\', "\\\\")
            .replace('/', "\\/")
            .replace('"', "\\\"");
        for needle in [self.0.as_str(), escaped.as_str()] {
            replace_all(bytes, needle.as_bytes());
        }
        redact_bearer(bytes);
    }
}

/// What replaces a credential in any text that came from a server.
pub const REDACTED: &str = "[redacted]";

fn replace_all(bytes: &mut Vec<u8>, needle: &[u8]) {
    if needle.is_empty() || bytes.len() < needle.len() {
        return;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let mut changed = false;
    while i < bytes.len() {
        if bytes[i..].starts_with(needle) {
            out.extend_from_slice(REDACTED.as_bytes());
            i += needle.len();
            changed = true;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    if changed {
        *bytes = out;
    }
}

/// Replaces the credential after every `Bearer ` (any case) with [`REDACTED`]: whatever token a
/// server echoes, ours or another, never reaches an output.
fn redact_bearer(bytes: &mut Vec<u8>) {
    const WORD: &[u8] = b"bearer";
    let ends = |b: u8| b.is_ascii_whitespace() || b"\"',;<>".contains(&b) || b.is_ascii_control();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let mut changed = false;
    while i < bytes.len() {
        let at_word = bytes.len() - i > WORD.len()
            && bytes[i..i + WORD.len()].eq_ignore_ascii_case(WORD)
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
        if at_word {
            let mut j = i + WORD.len();
            let spaces = bytes[j..]
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count();
            j += spaces;
            let run = bytes[j..].iter().take_while(|b| !ends(**b)).count();
            if spaces > 0 && run > 0 && &bytes[j..j + run] != REDACTED.as_bytes() {
                out.extend_from_slice(&bytes[i..j]);
                out.extend_from_slice(REDACTED.as_bytes());
                i = j + run;
                changed = true;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    if changed {
        *bytes = out;
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
    /// Removes every credential from the response before anything reads it: every copy of
    /// `token` and every `Bearer …` value, in the body and in the header values. [`Client`]
    /// does this to every answer; a caller who sends [`Api`] requests itself calls it on what
    /// it receives, since gateways, proxies and mocks echo request headers in error bodies.
    ///
    /// [`Client`]: crate::kobana::Client
    /// [`Api`]: crate::kobana::Api
    ///
    /// ```
    /// use pixcode::kobana::{Response, Token};
    /// let t = Token::new("tok-123").unwrap();
    /// let mut r = Response { status: 401, headers: vec![("x-echo".into(), "Bearer tok-123".into())],
    ///                        body: b"bad token tok-123".to_vec() };
    /// r.redact(&t);
    /// assert_eq!(r.body, b"bad token [redacted]");
    /// assert_eq!(r.headers[0].1, "Bearer [redacted]");
    /// ```
    pub fn redact(&mut self, token: &Token) {
        token.redact(&mut self.body);
        for (_, v) in &mut self.headers {
            let mut b = std::mem::take(v).into_bytes();
            token.redact(&mut b);
            *v = String::from_utf8_lossy(&b).into_owned();
        }
    }

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
