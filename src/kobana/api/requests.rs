//! Building each call as a [`Request`].

use std::prelude::rust_2021::*;
#[allow(unused_imports)]
use std::{format, vec};

use super::error::Error;
use super::http::*;
use crate::kobana::model::*;
use serde::Serialize;

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

/// Whether an authority (`host[:port]`) names this machine: `localhost`, `127.0.0.0/8` or
/// `[::1]`.
fn is_loopback(authority: &str) -> bool {
    let host = match authority.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((h, rest)) if rest.is_empty() || rest.starts_with(':') => h,
            _ => return false,
        },
        None => authority.split(':').next().unwrap_or(""),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
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
    /// The token travels in every request, so the base URL is `https://host[:port]`; plain
    /// `http://` is refused except to a loopback address (`127.0.0.0/8`, `[::1]`,
    /// `localhost`), where nothing crosses a network (a mock server in tests).
    ///
    /// ```
    /// use pixcode::kobana::{Api, Token};
    /// let t = || Token::new("t").unwrap();
    /// assert!(Api::new("https://api.kobana.com.br", t(), None).is_ok());
    /// assert!(Api::new("http://127.0.0.1:8080", t(), None).is_ok());
    /// let err = Api::new("http://api.kobana.com.br", t(), None).unwrap_err();
    /// assert!(err.to_string().contains("in clear text"));
    /// ```
    ///
    /// # Errors
    /// [`Error::Argument`] for a base URL that is not `https://host[:port]` (or `http://` to a
    /// loopback address).
    pub fn new(base: &str, token: Token, contact: Option<&str>) -> Result<Api, Error> {
        let base = base.trim_end_matches('/');
        let (rest, plain) = match (base.strip_prefix("https://"), base.strip_prefix("http://")) {
            (Some(r), _) => (r, false),
            (None, Some(r)) => (r, true),
            _ => {
                return Err(Error::Argument(format!(
                    "{base:?}: the base URL must start with https://"
                )))
            }
        };
        if rest.is_empty() || rest.contains(['/', '?', '#', ' ', '@']) {
            return Err(Error::Argument(format!(
                "{base:?}: expected https://host[:port]"
            )));
        }
        if plain && !is_loopback(rest) {
            return Err(Error::Argument(format!(
                "{base:?}: plain http:// would send the API token in clear text; use https:// (http:// is accepted only to a loopback address)"
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

    /// The token, for [`Response::redact`].
    pub(crate) fn token(&self) -> &Token {
        &self.token
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

    /// The request for the cursor's page of its list.
    ///
    /// ```
    /// use pixcode::kobana::{Api, Environment, Token};
    /// let api = Api::new(Environment::Sandbox.base_url(), Token::new("t").unwrap(), None).unwrap();
    /// let mut cursor = api.pix_payments_cursor(50).unwrap();
    /// assert!(api.page(&cursor).url.ends_with("/v2/payment/pix?page=1&per_page=50"));
    /// ```
    pub fn page(&self, cursor: &Cursor) -> Request {
        let mut q = format!(
            "{}?page={}&per_page={}",
            cursor.path, cursor.page, cursor.per_page
        );
        for (k, v) in &cursor.filters {
            q.push_str(&format!("&{k}={}", query_escape(v)));
        }
        self.request(Method::Get, &q, None, None)
    }

    fn list(
        &self,
        path: &'static str,
        page: u32,
        per_page: u32,
        filters: &[(&'static str, &str)],
    ) -> Result<Request, Error> {
        Ok(self.page(&Cursor::new(path, per_page, filters)?.at(page)?))
    }

    /// A cursor over `GET /v2/payment/pix`, at page 1.
    ///
    /// # Errors
    /// [`Error::Argument`] for `per_page` outside 1–50.
    pub fn pix_payments_cursor(&self, per_page: u32) -> Result<Cursor, Error> {
        Cursor::new(PIX_PAYMENTS, per_page, &[])
    }

    /// A cursor over `GET /v2/payment/batches`, at page 1.
    ///
    /// # Errors
    /// [`Error::Argument`] for `per_page` outside 1–50.
    pub fn batches_cursor(&self, per_page: u32) -> Result<Cursor, Error> {
        Cursor::new(BATCHES, per_page, &[])
    }

    /// A cursor over `GET /v2/data/pix_qrcode_queries`, optionally by `external_id` and
    /// tags, at page 1.
    ///
    /// # Errors
    /// [`Error::Argument`] for `per_page` outside 1–50.
    pub fn qrcode_queries_cursor(
        &self,
        per_page: u32,
        external_id: Option<&str>,
        tags: &[&str],
    ) -> Result<Cursor, Error> {
        let mut filters = Vec::new();
        if let Some(e) = external_id {
            filters.push(("external_id", e));
        }
        for t in tags {
            filters.push(("tags[]", *t));
        }
        Cursor::new(QRCODE_QUERIES, per_page, &filters)
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
        Ok(self.page(
            &self
                .qrcode_queries_cursor(per_page, external_id, tags)?
                .at(page)?,
        ))
    }

    /// `GET /v2/payment/pix`.
    ///
    /// # Errors
    /// [`Error::Argument`] for a page out of range.
    pub fn list_pix_payments(&self, page: u32, per_page: u32) -> Result<Request, Error> {
        self.list(PIX_PAYMENTS, page, per_page, &[])
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
        self.list(BATCHES, page, per_page, &[])
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

const PIX_PAYMENTS: &str = "/v2/payment/pix";
const BATCHES: &str = "/v2/payment/batches";
const QRCODE_QUERIES: &str = "/v2/data/pix_qrcode_queries";

/// A list being paged through, sans-IO: its endpoint, filters and page size, and the page the
/// next request asks for. [`Api::page`] makes that request; after each page,
/// [`Cursor::advance`] says what comes next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    path: &'static str,
    filters: Vec<(&'static str, String)>,
    per_page: u32,
    page: u32,
}

/// What follows a page of a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// The cursor's next page: request [`Api::page`] of the cursor.
    Page,
    /// The link the server gave (`pagination.next_url`): request [`Api::follow`] of it.
    Link(String),
}

impl Cursor {
    fn new(
        path: &'static str,
        per_page: u32,
        filters: &[(&'static str, &str)],
    ) -> Result<Cursor, Error> {
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(range());
        }
        Ok(Cursor {
            path,
            filters: filters.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            per_page,
            page: 1,
        })
    }

    /// The cursor at page `page` (from 1).
    ///
    /// # Errors
    /// [`Error::Argument`] for page 0.
    pub fn at(mut self, page: u32) -> Result<Cursor, Error> {
        if page == 0 {
            return Err(range());
        }
        self.page = page;
        Ok(self)
    }

    /// The page the next [`Api::page`] request asks for.
    pub fn page(&self) -> u32 {
        self.page
    }

    /// Items a page.
    pub fn per_page(&self) -> u32 {
        self.per_page
    }

    /// After a page of `items` items with this `pagination` member: the server's link
    /// (`next_url`) when it gave one; the end when it gave pagination without a link; without
    /// a pagination member, the next page number while pages are full. `None` when the list
    /// has ended. The cursor moves to the next page either way.
    ///
    /// ```
    /// use pixcode::kobana::{Api, Environment, Pagination, Step, Token};
    /// let api = Api::new(Environment::Sandbox.base_url(), Token::new("t").unwrap(), None).unwrap();
    /// let mut cursor = api.batches_cursor(2).unwrap();
    /// assert_eq!(cursor.advance(None, 2), Some(Step::Page)); // a full page: ask for page 2
    /// assert!(api.page(&cursor).url.ends_with("?page=2&per_page=2"));
    /// assert_eq!(cursor.advance(None, 1), None); // a short page: the end
    /// let link = Pagination { next_url: Some("/v2/payment/batches?cursor=abc".into()), ..Pagination::default() };
    /// assert_eq!(cursor.advance(Some(&link), 2), Some(Step::Link("/v2/payment/batches?cursor=abc".into())));
    /// let last = Pagination { next_url: Some(String::new()), ..Pagination::default() };
    /// assert_eq!(cursor.advance(Some(&last), 2), None); // pagination without a link: the end
    /// ```
    pub fn advance(&mut self, pagination: Option<&Pagination>, items: usize) -> Option<Step> {
        self.page = self.page.saturating_add(1);
        match pagination {
            Some(p) => p
                .next_url
                .as_deref()
                .filter(|u| !u.is_empty())
                .map(|link| Step::Link(link.to_string())),
            None if items >= self.per_page as usize => Some(Step::Page),
            None => None,
        }
    }
}

fn range() -> Error {
    Error::Argument(format!(
        "page starts at 1 and per_page is 1 to {MAX_PER_PAGE}"
    ))
}
