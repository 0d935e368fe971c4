//! The two ways in: [`decode`] (strict, the first error) and [`inspect`] (every finding).

use super::fast;
use super::rules::check;
use super::view::{BrCode, Gather};
use super::Problem;
use crate::emv::{self, Payload};
use crate::finding::{Finding, FirstError, Path, Report};

/// The first error of a strict decode: EMV structure or Pix profile.
///
/// ```
/// let err = pixcode::decode("0002010102116304FFFF").unwrap_err();
/// assert_eq!(err.code(), "crc_mismatch");
/// assert_eq!(err.path().to_string(), "63");
/// assert_eq!(err.offset(), 16);
/// assert!(err.to_string().contains("declared CRC is FFFF"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The payload is not well-formed EMV MPM.
    #[error("{0}")]
    Emv(Finding<emv::Problem>),
    /// The payload is well-formed but breaks a Pix rule (or is not Pix at all).
    #[error("{0}")]
    Pix(Finding<Problem>),
}

impl Error {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Emv(f) => f.code(),
            Error::Pix(f) => f.code(),
        }
    }

    /// The field path, such as `62.05`.
    pub fn path(&self) -> Path {
        match self {
            Error::Emv(f) => f.path,
            Error::Pix(f) => f.path,
        }
    }

    /// The byte offset in the input.
    pub fn offset(&self) -> usize {
        match self {
            Error::Emv(f) => f.offset,
            Error::Pix(f) => f.offset,
        }
    }
}

/// Decodes and validates a Pix BR Code, stopping at the first EMV or Pix error.
///
/// Warnings are not computed here; [`crate::inspect`] gives the full report.
///
/// # Errors
/// The first [`Error`].
pub fn decode(input: &str) -> Result<BrCode<'_>, Error> {
    match fast::accept(input) {
        Some(answer) => answer,
        None => decode_walk(input),
    }
}

/// [`decode`] of bytes: input that is not UTF-8 is the EMV error `invalid_utf8`, at the offset
/// of the first byte that is not, as every other error is reported. Front ends given bytes (a
/// buffer, a file, a scanned symbol) call this rather than checking UTF-8 themselves.
///
/// # Errors
/// The first [`Error`]; `invalid_utf8` when the bytes are not UTF-8.
///
/// ```
/// let e = pixcode::decode_bytes(b"000201\xff").unwrap_err();
/// assert_eq!((e.code(), e.offset()), ("invalid_utf8", 6));
/// let ok = b"00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
/// assert_eq!(pixcode::decode_bytes(ok)?.merchant_city(), Some("BRASILIA"));
/// # Ok::<(), pixcode::Error>(())
/// ```
pub fn decode_bytes(input: &[u8]) -> Result<BrCode<'_>, Error> {
    match Payload::from_bytes(input) {
        Ok(p) => decode(p.input()),
        Err(e) => Err(Error::Emv(e)),
    }
}

/// Both ways [`decode`] can read `input`: the one-pass common path (`None` when it declines)
/// and the full walk. They must agree; the tests and the fuzzers assert it.
#[doc(hidden)]
#[allow(clippy::type_complexity)]
pub fn decode_both(input: &str) -> (Option<Result<BrCode<'_>, Error>>, Result<BrCode<'_>, Error>) {
    (fast::accept(input), decode_walk(input))
}

/// [`decode`] by the full EMV walk and Pix collector, which also finds the first error.
fn decode_walk(input: &str) -> Result<BrCode<'_>, Error> {
    let payload = Payload::new(input);
    let mut first = FirstError(None);
    // One pass: the EMV walk hands each object it reads to the Pix view.
    let mut code = BrCode::blank(payload);
    let mut gather = Gather::new(&mut code);
    emv::check_visit(&payload, &mut first, |o| gather.visit(o));
    if let Some(e) = first.0 {
        return Err(Error::Emv(e));
    }
    gather.finish().map_err(Error::Pix)?;
    let mut first = FirstError(None);
    check(&code, &mut first);
    match first.0 {
        Some(e) => Err(Error::Pix(e)),
        None => Ok(code),
    }
}

/// A Pix view with its own verdict.
#[derive(Clone, Copy, Debug)]
pub struct PixInspection<'a> {
    /// The typed view.
    pub code: BrCode<'a>,
    /// Errors and warnings of the Pix profile.
    pub report: Report<Problem>,
}

impl PixInspection<'_> {
    /// Whether the code follows every Pix rule (its EMV verdict is separate).
    pub fn is_valid(&self) -> bool {
        self.report.is_valid()
    }
}

/// Builds the Pix view of `payload` and runs every rule; `None` when it is not a Pix code.
pub fn inspect(payload: Payload<'_>) -> Option<PixInspection<'_>> {
    let code = BrCode::from_payload(payload).ok()?;
    let mut report = Report::default();
    check(&code, &mut report);
    Some(PixInspection { code, report })
}
