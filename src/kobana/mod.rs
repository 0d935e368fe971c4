//! A thin, typed client for the part of Kobana's API that decodes and pays Pix codes
//! (feature `kobana`). Its contract is Kobana's OpenAPI documents.
//!
//! Three layers:
//! * [`api`]: requests built and responses read by plain functions, no I/O;
//! * [`Client`]: one async transport on `reqwest` with rustls: timeouts, retries of transport
//!   failures and 429 only, the same idempotency key on every retry, the offline pre-check;
//! * [`webhook`]: signature check and typed events.
//!
//! Call order to pay a code: [`Client::create_pix_payment`] (a pending payment), then
//! [`Client::create_pix_batch`] (sends it to the bank), then approve with
//! [`Client::batch_command`] when the account requires approval; outcomes arrive by webhook.
//!
//! ```no_run
//! use pixcode::kobana::{Client, Config, NewPixPayment};
//! # async fn pay() -> Result<(), pixcode::kobana::Error> {
//! let client = Client::new(Config::from_env()?)?;          // sandbox unless told otherwise
//! let payment = NewPixPayment {
//!     financial_account_uid: "01a02a3b-2778-7d32-9d3c-1b5c1e0b2c3d".into(),
//!     qrcode: "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D".into(),
//!     amount: Some("10.50".parse().unwrap()),
//!     ..Default::default()
//! };
//! let reply = client.create_pix_payment(&payment, None).await?;
//! println!("payment {:?} (idempotency key {:?})", reply.data.uid, reply.idempotency_key);
//! # Ok(()) }
//! ```

pub mod api;
mod client;
mod model;
mod retry;
pub mod webhook;

pub use api::{
    Api, ApiError, BatchOp, Cursor, Environment, Error, ErrorItem, IdempotencyKey, Method, Page,
    RateLimit, Reply, Request, Response, Step, Token, REDACTED,
};
pub use client::{Client, Config, Pager, MAX_BODY};
pub use model::*;
pub use retry::{Decision, Outcome, RetryPolicy};
