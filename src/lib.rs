//! Read, check and write Pix **BR Codes**, the EMV merchant-presented QR payloads behind every
//! Pix charge in Brazil, and any other EMV MPM payload (PromptPay, VietQR, QRIS, KHQR, SGQR…).
//!
//! ```
//! let code = pixcode::decode(
//!     "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D",
//! )?;
//! assert_eq!(code.kind(), pixcode::pix::Kind::Static);
//! assert_eq!(code.key().unwrap().as_str(), "123e4567-e12b-12d1-a456-426655440000");
//! assert_eq!(code.merchant_name(), Some("Fulano de Tal"));
//! assert_eq!(code.amount(), None);
//! # Ok::<(), pixcode::Error>(())
//! ```
//!
//! # Layers
//!
//! Each layer only uses the ones before it:
//!
//! | module | what it does |
//! |---|---|
//! | [`tlv`] | borrowed `ID LL VALUE` reader and writer; lengths count characters |
//! | [`crc`] | CRC-16/CCITT-FALSE and its 4-digit hex form |
//! | [`emv`] | EMV MPM structure rules: errors and warnings for any scheme |
//! | [`pix`] | the typed Pix view ([`BrCode`]) and the Banco Central rules |
//!
//! The core is `no_std`, allocates nothing and borrows every value from the input.
//!
//! # Unsafe code
//!
//! The crate denies `unsafe_code` with one exception, measured and documented in
//! `src/crc/clmul.rs`: on x86-64 the CRC folds 64 bytes per step with carry-less
//! multiplication, which takes one `unsafe` call into a function compiled for the
//! `pclmulqdq` CPU feature after that feature is detected (at run time with `std`, at build
//! time without). The folding code itself takes no pointers; its tests run under Miri in CI.
//!
//! # Two ways in
//!
//! * [`decode`]: strict and fast. The first EMV or Pix error is an [`Error`] naming the rule,
//!   the field path (`62.05`) and the byte offset; warnings are not computed. A code in the
//!   common shape (ASCII, no whitespace around it) is answered in one pass (a broken one by
//!   the EMV check alone); anything else takes the full walk (both paths are tested and fuzzed
//!   against each other).
//! * [`inspect`]: the full report. Every error and warning of the EMV layer and, for a Pix
//!   code, of the Pix profile, each verdict apart.
//!
//! The verdict is stated once: [`verdict`] (fast) and [`Inspection::first_error`] (from the
//! report) give the same first error under a [`Profile`]: `emv`, `pix` or `auto`.
//!
//! ```
//! let report = pixcode::inspect(b"00020126330014BR.GOV.BCB.PIX0111123456789005204000053039865802BR5907EMPRESA6008BRASILIA62070503***630424EA");
//! assert!(report.emv.is_valid());
//! let pix = report.pix.unwrap();
//! assert!(pix.is_valid());
//! // BCB's own example CPF fails its check digits: a warning, not an error.
//! assert_eq!(pix.report.warnings[0].code(), "pix_key_format");
//! ```
//!
//! # Features
//!
//! * `std` (default): `std::error::Error` for the error types.
//! * `alloc`: heap helpers.
//! * `serde`: `Serialize` for payloads, objects, the Pix view and findings.
//! * `rust_decimal`: [`Amount`] to and from `rust_decimal::Decimal`.
//! * `render`: QR symbols as PNG, SVG, terminal text and ESC/POS ([`render`]).
//! * `scan`: reading QR codes from PNG, JPEG, WebP, GIF and BMP images ([`scan`]).
//! * `cobv`: the banking calendar and what a cobv costs on a date ([`dynamic`]; no
//!   dependencies, `no_std`).
//! * `dynamic`: dynamic codes ([`dynamic`]): `cobv`, plus the payloads a location serves.
//! * `kobana`: the Kobana API client ([`kobana`]): decode and pay Pix codes, webhooks.
//! * `cli`: the `pixcode` binary.
//!
//! # Rules
//!
//! The reading of EMV MPM and of the BCB manuals that this crate follows is described in the
//! README, section "Rules".

#![no_std]
#![deny(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

#[cfg(any(feature = "std", test))]
extern crate std;

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod amount;
pub mod crc;
#[cfg(feature = "cobv")]
pub mod dynamic;
pub mod emv;
mod finding;
mod inspection;
#[cfg(any(feature = "dynamic", feature = "kobana"))]
mod json;
#[cfg(feature = "kobana")]
pub mod kobana;
pub mod nfc;
pub mod pix;
#[cfg(feature = "render")]
pub mod render;
#[cfg(feature = "scan")]
pub mod scan;
#[cfg(feature = "serde")]
mod serde_impl;
pub mod text;
pub mod tlv;

pub use amount::{Amount, AmountError};
pub use finding::{Code, Finding, Findings, Path, Report, Severity, Sink, FINDINGS_CAPACITY};
pub use inspection::{inspect, verdict, Inspection, Profile, ProfileParseError};
pub use pix::{decode, decode_bytes, BrCode, Error};

/// The README's examples, compiled and run as doc-tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
