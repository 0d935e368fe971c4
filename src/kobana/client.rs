//! The async transport: runs [`api`](super::api) requests over `reqwest` (rustls), with
//! timeouts, bounded retries and the offline pre-check.

use std::prelude::rust_2021::*;
#[allow(unused_imports)]
use std::{format, vec};

use super::api::*;
use super::model::*;
use super::retry::*;
use serde::de::DeserializeOwned;
use std::time::{Duration, Instant};

/// Settings for a [`Client`].
///
/// ```
/// use pixcode::kobana::{Config, Environment, Token};
/// let config = Config::new(Token::new("t").unwrap()).environment(Environment::Production);
/// assert_eq!(config.base_url(), "https://api.kobana.com.br");
/// assert!(!format!("{config:?}").contains("\"t\""));
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    token: Token,
    environment: Environment,
    base_url: Option<String>,
    contact: Option<String>,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryPolicy,
    precheck: bool,
    max_body: usize,
}

/// The largest answer body a [`Client`] reads by default: 16 MiB (a page of 50 payments is a
/// few hundred KiB).
pub const MAX_BODY: usize = 16 << 20;

impl Config {
    /// Sandbox, 10 s connect and 30 s total timeouts, [`RetryPolicy::default`], pre-check on.
    pub fn new(token: Token) -> Config {
        Config {
            token,
            environment: Environment::Sandbox,
            base_url: None,
            contact: None,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            precheck: true,
            max_body: MAX_BODY,
        }
    }

    /// The largest answer body read ([`MAX_BODY`] by default): a longer one is a transport
    /// error, so no server can make the client hold unbounded memory.
    pub fn max_body(mut self, bytes: usize) -> Config {
        self.max_body = bytes;
        self
    }

    /// The token from `KOBANA_API_TOKEN`.
    ///
    /// # Errors
    /// [`Error::MissingToken`] when unset.
    pub fn from_env() -> Result<Config, Error> {
        Ok(Config::new(Token::from_env()?))
    }

    /// Sandbox (default) or production.
    pub fn environment(mut self, environment: Environment) -> Config {
        self.environment = environment;
        self
    }

    /// Another base URL (a mock server in tests).
    pub fn base_url_override(mut self, base: impl Into<String>) -> Config {
        self.base_url = Some(base.into());
        self
    }

    /// A contact e-mail for the `User-Agent`, as Kobana asks.
    pub fn contact(mut self, email: impl Into<String>) -> Config {
        self.contact = Some(email.into());
        self
    }

    /// Connection and total timeouts.
    pub fn timeouts(mut self, connect: Duration, total: Duration) -> Config {
        self.connect_timeout = connect;
        self.timeout = total;
        self
    }

    /// The retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Config {
        self.retry = retry;
        self
    }

    /// Whether codes are decoded and validated locally before they are sent (default on):
    /// an invalid code then fails with the decoder's error and costs no request.
    pub fn precheck(mut self, on: bool) -> Config {
        self.precheck = on;
        self
    }

    /// The base URL in use.
    pub fn base_url(&self) -> &str {
        self.base_url
            .as_deref()
            .unwrap_or(self.environment.base_url())
    }
}

/// An async Kobana client. Calls return a [`Reply`] with the typed data, the idempotency key
/// used and the rate-limit headers.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    api: Api,
    retry: RetryPolicy,
    precheck: bool,
    max_body: usize,
}

impl Client {
    /// A client for `config`.
    ///
    /// # Errors
    /// [`Error::Argument`] for a bad base URL or contact; [`Error::Transport`] if the HTTP
    /// stack cannot start.
    pub fn new(config: Config) -> Result<Client, Error> {
        let api = Api::new(
            config.base_url(),
            config.token.clone(),
            config.contact.as_deref(),
        )?;
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Transport {
                message: e.to_string(),
                attempts: 0,
                idempotency_key: None,
            })?;
        Ok(Client {
            http,
            api,
            retry: config.retry,
            precheck: config.precheck,
            max_body: config.max_body,
        })
    }

    /// The request builder, for callers who send requests themselves.
    pub fn api(&self) -> &Api {
        &self.api
    }

    /// Sends a request with the retry policy and returns the response as received.
    ///
    /// # Errors
    /// [`Error::Transport`] when no response came; a 429 past the retries or the deadline is
    /// returned as a response for the caller to read.
    pub async fn send(&self, req: &Request) -> Result<Response, Error> {
        let start = Instant::now();
        let transport = |message: String, attempts: u32| Error::Transport {
            message,
            attempts,
            idempotency_key: req.idempotency_key.as_ref().map(|k| k.to_string()),
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self.send_once(req).await;
            let outcome = match &result {
                Ok(resp) => Outcome::Response {
                    status: resp.status,
                    retry_after: resp.rate_limit().retry_after,
                },
                Err(_) => Outcome::TransportFailed,
            };
            let jitter = (uuid::Uuid::new_v4().as_u128() % 1000) as u16;
            match (
                self.retry.next(outcome, attempt, start.elapsed(), jitter),
                result,
            ) {
                (Decision::Retry(wait), _) => tokio::time::sleep(wait).await,
                (_, Ok(resp)) => return Ok(resp),
                (Decision::Done, Err(e)) => return Err(transport(e, attempt)),
                (Decision::DeadlinePassed, Err(e)) => {
                    return Err(transport(
                        format!("{e} (no retry: the deadline would pass)"),
                        attempt,
                    ))
                }
            }
        }
    }

    /// One attempt; the error is a message that says what failed, a body cut mid-transfer
    /// included.
    async fn send_once(&self, req: &Request) -> Result<Response, String> {
        let method = match req.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
        };
        let mut builder = self.http.request(method, &req.url);
        for (k, v) in &req.headers {
            builder = builder.header(*k, v);
        }
        if let Some(body) = &req.body {
            builder = builder.body(body.clone());
        } else if req.method != Method::Get {
            builder = builder.header("Content-Length", "0");
        }
        let mut resp = builder.send().await.map_err(|e| self.redacted(chain(&e)))?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let expected = resp.content_length();
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(piece)) => {
                    if body.len() + piece.len() > self.max_body {
                        return Err(format!(
                            "the body of the HTTP {status} answer is longer than the {} bytes read at most",
                            self.max_body
                        ));
                    }
                    body.extend_from_slice(&piece)
                }
                Ok(None) => break,
                Err(e) => {
                    let of = expected.map(|n| format!(" of {n}")).unwrap_or_default();
                    return Err(self.redacted(format!(
                        "the body of the HTTP {status} answer was cut after {}{of} bytes ({})",
                        body.len(),
                        chain(&e)
                    )));
                }
            }
        }
        let mut resp = Response {
            status,
            headers,
            body,
        };
        // Nothing a server sends reaches an output with a credential in it.
        resp.redact(self.api.token());
        Ok(resp)
    }

    /// A transport message with every credential removed.
    fn redacted(&self, message: String) -> String {
        let mut b = message.into_bytes();
        self.api.token().redact(&mut b);
        String::from_utf8_lossy(&b).into_owned()
    }

    async fn one<T: DeserializeOwned>(&self, req: Request) -> Result<Reply<T>, Error> {
        let resp = self.send(&req).await?;
        parse_one(&resp, req.idempotency_key.as_ref())
    }

    fn check(&self, code: &str) -> Result<(), Error> {
        if self.precheck {
            crate::decode(code).map_err(Error::InvalidCode)?;
        }
        Ok(())
    }

    /// Decodes a code with Kobana (`POST /v2/data/pix_qrcode_queries`): key, amounts with
    /// interest, fine and discount, expiry, beneficiary, whether it can be paid.
    ///
    /// # Errors
    /// [`Error::InvalidCode`] before any request when the pre-check fails; API errors.
    pub async fn decode(
        &self,
        query: &NewQrcodeQuery,
        key: Option<IdempotencyKey>,
    ) -> Result<Reply<PixQrcodeQuery>, Error> {
        self.check(&query.qrcode)?;
        let req = self
            .api
            .create_qrcode_query(query, key.unwrap_or_else(IdempotencyKey::new_v4))?;
        self.one(req).await
    }

    /// The unverified `POST /v2/payment/pix/decode`: see [`Api::decode_unverified`].
    ///
    /// # Errors
    /// As [`Client::decode`].
    pub async fn decode_unverified(
        &self,
        emv: &str,
        key: Option<IdempotencyKey>,
    ) -> Result<Reply<UnverifiedDecode>, Error> {
        self.check(emv)?;
        let req = self
            .api
            .decode_unverified(emv, key.unwrap_or_else(IdempotencyKey::new_v4))?;
        let resp = self.send(&req).await?;
        parse_unverified(&resp, req.idempotency_key.as_ref())
    }

    /// Creates a pending Pix payment from a code (`POST /v2/payment/pix`); send it with
    /// [`Client::create_pix_batch`].
    ///
    /// # Errors
    /// As [`Client::decode`].
    pub async fn create_pix_payment(
        &self,
        payment: &NewPixPayment,
        key: Option<IdempotencyKey>,
    ) -> Result<Reply<PaymentPix>, Error> {
        self.check(&payment.qrcode)?;
        let req = self
            .api
            .create_pix_payment(payment, key.unwrap_or_else(IdempotencyKey::new_v4))?;
        self.one(req).await
    }

    /// `GET /v2/payment/pix/{uid}`.
    ///
    /// # Errors
    /// API and transport errors.
    pub async fn get_pix_payment(&self, uid: &str) -> Result<Reply<PaymentPix>, Error> {
        self.one(self.api.get_pix_payment(uid)?).await
    }

    /// Requests the cancellation of a payment (`PUT …/cancel`): an asynchronous command.
    ///
    /// # Errors
    /// API and transport errors.
    pub async fn cancel_pix_payment(
        &self,
        uid: &str,
        key: Option<IdempotencyKey>,
    ) -> Result<Reply<Command>, Error> {
        self.one(
            self.api
                .cancel_pix_payment(uid, key.unwrap_or_else(IdempotencyKey::new_v4))?,
        )
        .await
    }

    /// Creates a Pix batch (`POST /v2/payment/pix_batches`), which sends its payments to the
    /// bank. Inline payments are pre-checked.
    ///
    /// # Errors
    /// As [`Client::decode`].
    pub async fn create_pix_batch(
        &self,
        batch: &NewPixBatch,
        key: Option<IdempotencyKey>,
    ) -> Result<Reply<PaymentBatch>, Error> {
        for item in &batch.payments {
            if let BatchItem::New(p) = item {
                self.check(&p.qrcode)?;
            }
        }
        self.one(
            self.api
                .create_pix_batch(batch, key.unwrap_or_else(IdempotencyKey::new_v4))?,
        )
        .await
    }

    /// `GET /v2/payment/batches/{uid}`.
    ///
    /// # Errors
    /// API and transport errors.
    pub async fn get_batch(&self, uid: &str) -> Result<Reply<PaymentBatch>, Error> {
        self.one(self.api.get_batch(uid)?).await
    }

    /// Approves, reproves or cancels a batch: an asynchronous command.
    ///
    /// # Errors
    /// API and transport errors.
    pub async fn batch_command(
        &self,
        uid: &str,
        op: BatchOp,
        key: Option<IdempotencyKey>,
    ) -> Result<Reply<Command>, Error> {
        self.one(
            self.api
                .batch_command(uid, op, key.unwrap_or_else(IdempotencyKey::new_v4))?,
        )
        .await
    }

    /// Pix payments, page by page, fetched only when asked (Kobana allows 60 GET an hour).
    ///
    /// # Errors
    /// [`Error::Argument`] for `per_page` outside 1–50.
    pub fn pix_payments(&self, per_page: u32) -> Result<Pager<'_, PaymentPix>, Error> {
        Ok(Pager::new(self, self.api.pix_payments_cursor(per_page)?))
    }

    /// Payment batches (of every kind), newest first, page by page.
    ///
    /// # Errors
    /// [`Error::Argument`] for `per_page` outside 1–50.
    pub fn batches(&self, per_page: u32) -> Result<Pager<'_, PaymentBatch>, Error> {
        Ok(Pager::new(self, self.api.batches_cursor(per_page)?))
    }

    /// QR code queries, page by page.
    ///
    /// # Errors
    /// [`Error::Argument`] for `per_page` outside 1–50.
    pub fn qrcode_queries(
        &self,
        per_page: u32,
        external_id: Option<&str>,
        tags: &[&str],
    ) -> Result<Pager<'_, PixQrcodeQuery>, Error> {
        Ok(Pager::new(
            self,
            self.api
                .qrcode_queries_cursor(per_page, external_id, tags)?,
        ))
    }
}

/// A lazy walk over a list: each [`Pager::next_page`] makes one request, as its
/// [`Cursor`] says (following `pagination.next_url`; without pagination, page numbers until a
/// short page).
#[derive(Debug)]
pub struct Pager<'c, T> {
    client: &'c Client,
    cursor: Cursor,
    next: Option<Request>,
    pages: u32,
    _item: std::marker::PhantomData<fn() -> T>,
}

impl<'c, T: DeserializeOwned> Pager<'c, T> {
    fn new(client: &'c Client, cursor: Cursor) -> Self {
        Pager {
            client,
            next: Some(client.api.page(&cursor)),
            cursor,
            pages: 0,
            _item: std::marker::PhantomData,
        }
    }

    /// The next page, or `None` after the last one (or after an error).
    pub async fn next_page(&mut self) -> Option<Result<Page<T>, Error>> {
        let req = self.next.take()?;
        let page = match self
            .client
            .send(&req)
            .await
            .and_then(|r| parse_page::<T>(&r))
        {
            Ok(p) => p,
            Err(e) => return Some(Err(e)),
        };
        self.pages += 1;
        self.next = match self
            .cursor
            .advance(page.pagination.as_ref(), page.items.len())
        {
            Some(Step::Page) => Some(self.client.api.page(&self.cursor)),
            Some(Step::Link(link)) => match self.client.api.follow(&link) {
                Ok(r) => Some(r),
                Err(e) => return Some(Err(e)),
            },
            None => None,
        };
        Some(Ok(page))
    }

    /// How many pages were fetched.
    pub fn pages_fetched(&self) -> u32 {
        self.pages
    }
}

/// An error and its sources, joined: reqwest's own text alone ("error decoding response body")
/// does not say what happened.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text
}
