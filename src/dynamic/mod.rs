//! Dynamic codes: what a location URL serves and what a charge costs (features `cobv` and
//! `dynamic`).
//!
//! * Feature `cobv` (no dependencies, `no_std`): the banking calendar on which cobv due dates
//!   are rolled and counted ([`Calendar`], [`Date`]) and the calculator of what a cobv costs on
//!   a date ([`Cobv`], [`Breakdown`]), as the receiving PSP computes `valor.final`.
//!
//! # What a cobv costs
//!
//! **Vf = Vo − Va − Vd + Vj + Vm** (spec `brcode.md` §5.7, BCB Anexo III), every component
//! truncated to centavos, on integers only.
//!
//! Readings taken where the text is not settled (each is tested):
//! * A due date on a non-business day rolls to the next business day, and the rolled date is the
//!   due date for everything: validity, discounts, interest and fine.
//! * The last payable day is the rolled due date plus `validadeAposVencimento` calendar days,
//!   not rolled again (Pix runs every day).
//! * The interest factor `F = trunc6(Ij/100 / n × Dα)` is truncated once, after multiplying by
//!   the days, as the formula is written.
//! * Per-day discounts count the days of anticipation from the payment date to the rolled due
//!   date: `(calc, due]` in calendar or business days.

#[cfg(feature = "dynamic")]
mod cache;
mod calendar;
#[cfg(feature = "dynamic")]
mod check;
mod cobv;
#[cfg(feature = "resolve")]
mod config;
#[cfg(feature = "dynamic")]
mod json;
#[cfg(feature = "dynamic")]
mod jwk;
#[cfg(feature = "dynamic")]
mod jws;
#[cfg(feature = "dynamic")]
mod payload;
#[cfg(feature = "dynamic")]
mod problem;
#[cfg(feature = "dynamic")]
mod resolution;
#[cfg(feature = "dynamic")]
mod rules;
#[cfg(feature = "dynamic")]
mod sign;
mod time;
#[cfg(feature = "resolve")]
mod transport;
#[cfg(feature = "dynamic")]
mod trust;
#[cfg(feature = "dynamic")]
mod verify;

#[cfg(feature = "dynamic")]
pub use cache::{JwksCache, Lookup, MAX_CACHED_SETS};
pub use calendar::{easter, national_holiday, Calendar, Date, DateError, NonBusinessDay};
#[cfg(feature = "dynamic")]
pub use check::{check_charge, PayContext, Payability};
pub use cobv::{
    final_is_consistent, Abatimento, Breakdown, Cobv, CobvError, DatedDiscount, Desconto,
    DiscountDates, Juros, Multa, Term, MAX_DISCOUNT_DATES,
};
#[cfg(feature = "resolve")]
pub use config::{RequestError, ResolveRequest, ResolverConfig, ResolverOptions};
#[cfg(feature = "dynamic")]
pub use json::duplicate_member;
#[cfg(feature = "dynamic")]
pub use jwk::{Jwk, Jwks};
#[cfg(feature = "dynamic")]
pub use jws::{Alg, Header, Jws, KeyType};
#[cfg(feature = "dynamic")]
pub use payload::{
    parse_payload, Atualizacao, Charge, ChargeStatus, CobCalendario, CobPayload, CobValor,
    CobvCalendario, CobvPayload, CobvValor, InfoAdicional, Party, Payload, PayloadErrors,
    RecCalendario, RecPayload, RecRecebedor, RecStatus, RecValor, Retirada, RetiradaKind, Vinculo,
};
#[cfg(feature = "dynamic")]
pub use problem::Problem;
#[cfg(feature = "dynamic")]
pub use resolution::{read_jwks_answer, read_location_answer, Part, Plan, Resolution};
#[cfg(feature = "dynamic")]
pub use rules::{rule, Rule, Stage};
#[cfg(feature = "dynamic")]
pub use sign::{jwks_for_chain, read_pem_chain, Signer};
pub use time::{Timestamp, TimestampError};
#[cfg(feature = "resolve")]
pub use transport::Resolver;
#[cfg(feature = "dynamic")]
pub use trust::{CertInfo, TrustAnchors};
#[cfg(feature = "dynamic")]
pub use verify::{
    check_cod_mun, verify_signature_only, CheckedHeader, CheckedLocation, Policy, Rejected,
    SignatureInfo, Verified, Verifier, MAX_RSA_BITS, MIN_RSA_BITS,
};
