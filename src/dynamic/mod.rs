//! Dynamic codes: what a location URL serves and what a charge costs (features `cobv` and
//! `dynamic`).
//!
//! * Feature `cobv` (no dependencies, `no_std`): the banking calendar on which cobv due dates
//!   are rolled and counted ([`Calendar`], [`Date`]) and the calculator of what a cobv costs on
//!   a date ([`Cobv`], [`Breakdown`]), as the receiving PSP computes `valor.final`.
//!
//! * Feature `dynamic`: the JOSE verifier and signer (`jose/`), the charges a location serves and
//!   the business checks (`charge/`), the sans-IO [`Plan`] and [`Resolution`], the catalogue of
//!   problems ([`Rule`]).
//! * Feature `resolve`: the one async transport ([`Resolver`]) and its configuration.
//!
//! # How a dynamic code is resolved
//!
//! Each step is a pure function of its input and the clock it is given; the transport only
//! fetches what the steps ask for, in this order, and stops at the first error of a part:
//!
//! 1. [`Plan::for_code`]: which URLs the code names (a payment, a recurrence or both) and the
//!    schema each serves (`code_*`, `payment_url_not_charge`, `composto_*`).
//! 2. [`Verifier::check_location`]: the URL, its host and the schema its path names
//!    (`location_*`); then the request URL, with `codMun` and `DPP` for a cobv.
//! 3. Fetch the location; [`read_location_answer`]: the status and the body as a compact JWS
//!    (`location_*`, `jws_format`).
//! 4. [`Verifier::check_header`]: the algorithm, `kid`, `jku` and thumbprints (`jws_*`).
//! 5. [`JwksCache::lookup`], fetching the `jku` on a miss; [`read_jwks_answer`] (`jwks_*`).
//! 6. [`Verifier::verify`]: the key in the set, its certificate and chain to the verifier's own
//!    anchors, the thumbprints, and the signature (`jwk_*`, `cert_*`, `jws_signature_invalid`).
//! 7. [`parse_payload`] with the schema of step 2, never the content's (`payload_*`).
//! 8. [`check_charge`] on the payment date (`charge_*`, `cob_*`, `cobv_*`, `rec_*`).
//! 9. [`Resolution::judge`]: the parts together, `verified` and `payable`.
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
mod charge;
mod cobv;
#[cfg(feature = "resolve")]
mod config;
#[cfg(feature = "dynamic")]
mod jose;
#[cfg(feature = "dynamic")]
mod json;
#[cfg(feature = "dynamic")]
mod problem;
#[cfg(feature = "dynamic")]
mod resolution;
#[cfg(feature = "dynamic")]
mod rules;
#[cfg(feature = "resolve")]
mod transport;

#[cfg(feature = "dynamic")]
pub use charge::check::{check_charge, PayContext, Payability};
#[cfg(feature = "dynamic")]
pub use charge::{
    parse_payload, Atualizacao, Charge, ChargeStatus, CobCalendario, CobPayload, CobValor,
    CobvCalendario, CobvPayload, CobvValor, InfoAdicional, Party, Payload, PayloadErrors,
    RecCalendario, RecPayload, RecRecebedor, RecStatus, RecValor, Retirada, RetiradaKind, Vinculo,
};
pub use cobv::calculator::{final_is_consistent, Breakdown, Cobv};
pub use cobv::calendar::{easter, national_holiday, Calendar, Date, DateError, NonBusinessDay};
pub use cobv::terms::{
    Abatimento, CobvError, DatedDiscount, Desconto, DiscountDates, Juros, Multa, Term,
    MAX_DISCOUNT_DATES,
};
pub use cobv::time::{Timestamp, TimestampError};
#[cfg(feature = "resolve")]
pub use config::{RequestError, ResolveRequest, ResolverConfig, ResolverOptions};
#[cfg(feature = "dynamic")]
pub use jose::cache::{JwksCache, Lookup, MAX_CACHED_SETS};
#[cfg(feature = "dynamic")]
pub use jose::jwk::{Jwk, Jwks};
#[cfg(feature = "dynamic")]
pub use jose::jws::{Alg, Header, Jws, KeyType};
#[cfg(feature = "dynamic")]
pub use jose::sign::{jwks_for_chain, read_pem_chain, Signer};
#[cfg(feature = "dynamic")]
pub use jose::trust::{CertInfo, TrustAnchors};
#[cfg(feature = "dynamic")]
pub use jose::verdict::{
    check_cod_mun, CheckedHeader, CheckedLocation, Policy, Rejected, SignatureInfo, Verified,
};
#[cfg(feature = "dynamic")]
pub use jose::verify::{verify_signature_only, Verifier, MAX_RSA_BITS, MIN_RSA_BITS};
#[cfg(feature = "dynamic")]
pub use json::duplicate_member;
#[cfg(feature = "dynamic")]
pub use problem::Problem;
#[cfg(feature = "dynamic")]
pub use resolution::{read_jwks_answer, read_location_answer, Part, Plan, Resolution};
#[cfg(feature = "dynamic")]
pub use rules::{rule, Rule, Stage};
#[cfg(feature = "resolve")]
pub use transport::Resolver;
