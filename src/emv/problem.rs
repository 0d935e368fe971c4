//! What can be wrong with an EMV payload: each problem with its stable code, its severity and
//! its message, stated once.

use super::MAX_PAYLOAD_CHARS;
use crate::amount::AmountError;
use crate::finding::{Code, Finding, Severity};
use crate::tlv::TlvErrorKind;
use core::fmt;

/// A short copy of an offending value, kept inline so findings stay `Copy` and need no
/// allocation. Values longer than 16 bytes are cut at a character boundary and marked so.
///
/// ```
/// let s = pixcode::emv::Snippet::new("02");
/// assert_eq!(s.as_str(), "02");
/// assert_eq!(s.to_string(), "\"02\"");
/// let long = pixcode::emv::Snippet::new("a very long value indeed");
/// assert!(long.is_cut());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Snippet {
    bytes: [u8; 16],
    len: u8,
    cut: bool,
}

impl Snippet {
    /// Copies up to 16 bytes of `text`, ending on a character boundary.
    pub fn new(text: &str) -> Snippet {
        let mut end = text.len().min(16);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut bytes = [0u8; 16];
        bytes[..end].copy_from_slice(&text.as_bytes()[..end]);
        Snippet {
            bytes,
            len: end as u8,
            cut: end < text.len(),
        }
    }

    /// The text kept.
    pub fn as_str(&self) -> &str {
        // Always cut on a character boundary of a `str`.
        core::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }

    /// Whether the original was longer than what is kept.
    pub fn is_cut(&self) -> bool {
        self.cut
    }
}

impl fmt::Display for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())?;
        if self.cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// An EMV-level problem. [`Problem::severity`] says whether it makes the payload invalid.
///
/// ```
/// use pixcode::{emv::Problem, Code, Severity};
/// assert_eq!(Problem::CrcMissing.code(), "crc_missing");
/// assert_eq!(Problem::LowercaseCrc.severity(), Severity::Warning);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// The input is empty (or only whitespace).
    Empty,
    /// The input is not UTF-8.
    InvalidUtf8 {
        /// Bytes that are valid before the first bad one.
        valid_up_to: usize,
    },
    /// A data object cannot be framed.
    Tlv(TlvErrorKind),
    /// A template (26–51, 62, 64, 80–99) whose value is not a TLV sequence.
    TemplateNotTlv {
        /// The template's ID.
        template: u8,
        /// Why its content could not be read.
        inner: TlvErrorKind,
    },
    /// The same ID twice at one level.
    DuplicateId,
    /// The first object is not `00`.
    FormatIndicatorNotFirst {
        /// The ID found first.
        found: u8,
    },
    /// `00` is not `01`.
    BadFormatIndicator {
        /// The value found.
        found: Snippet,
    },
    /// No `63` CRC object.
    CrcMissing,
    /// `63` does not have length 04 and 4 hexadecimal digits.
    CrcMalformed {
        /// The value found.
        found: Snippet,
    },
    /// An object follows `63`.
    CrcNotLast {
        /// The ID of the object after it.
        next: u8,
    },
    /// The CRC does not match the payload.
    CrcMismatch {
        /// The value in `63`.
        declared: u16,
        /// The value computed over the payload through `6304`.
        computed: u16,
    },
    /// Leading or trailing whitespace, ignored.
    SurroundingWhitespace {
        /// Bytes before the payload.
        leading: usize,
        /// Bytes after it.
        trailing: usize,
    },
    /// The CRC is written in lowercase.
    LowercaseCrc,
    /// A control character in the payload.
    ControlChar {
        /// Its code.
        found: u8,
    },
    /// A character outside printable ASCII in a field whose format is `ans`.
    NonAscii,
    /// The payload frames only if lengths count UTF-8 bytes, a known generator bug.
    LengthsCountedInBytes,
    /// Over 512 characters.
    OversizePayload {
        /// Its length in characters.
        chars: usize,
    },
    /// An ID reserved for future use by EMVCo.
    RfuId,
    /// A mandatory EMV object is missing.
    MissingMandatory,
    /// No Merchant Account Information object (02–51).
    MissingMerchantAccountInfo,
    /// A template without its sub-ID `00` Globally Unique Identifier.
    MissingGui,
    /// `01` is neither `11` nor `12`.
    BadPointOfInitiation {
        /// The value found.
        found: Snippet,
    },
    /// A numeric field with the wrong shape.
    BadNumericField {
        /// What was expected.
        expected: &'static str,
        /// The value found.
        found: Snippet,
    },
    /// An amount (54, 56, 57) that is not in the EMV format.
    BadAmount(AmountError),
    /// A zero transaction amount or fee.
    ZeroAmount,
    /// `58` is not 2 uppercase letters.
    BadCountryCode {
        /// The value found.
        found: Snippet,
    },
    /// A value longer than its field allows.
    FieldTooLong {
        /// The maximum in characters.
        max: u8,
        /// The length found.
        chars: usize,
    },
    /// `55` is not `01`, `02` or `03`.
    BadTipIndicator {
        /// The value found.
        found: Snippet,
    },
    /// `56`/`57` present or absent against what `55` says.
    ConvenienceFeeMismatch,
    /// `62.09` holds other letters than `A`, `M`, `E`.
    BadConsumerDataRequest,
    /// A payment-system template in `62` (50–99) that is not TLV.
    AdfSubtemplateNotTlv(TlvErrorKind),
    /// The same ID twice inside a payment-system template of `62` (50–99). Those templates
    /// belong to their payment system and are read leniently, so this is a warning.
    AdfSubtemplateDuplicateId,
}

impl Code for Problem {
    fn code(&self) -> &'static str {
        use Problem::*;
        match self {
            Empty => "empty",
            InvalidUtf8 { .. } => "invalid_utf8",
            Tlv(TlvErrorKind::TruncatedHeader { .. }) => "truncated_header",
            Tlv(TlvErrorKind::BadId { .. }) => "bad_id",
            Tlv(TlvErrorKind::BadLength { .. }) => "bad_length",
            Tlv(TlvErrorKind::ZeroLength) => "zero_length",
            Tlv(TlvErrorKind::ValueOverrun { .. }) => "value_overrun",
            TemplateNotTlv { .. } => "template_not_tlv",
            DuplicateId => "duplicate_id",
            FormatIndicatorNotFirst { .. } => "format_indicator_not_first",
            BadFormatIndicator { .. } => "bad_format_indicator",
            CrcMissing => "crc_missing",
            CrcMalformed { .. } => "crc_malformed",
            CrcNotLast { .. } => "crc_not_last",
            CrcMismatch { .. } => "crc_mismatch",
            SurroundingWhitespace { .. } => "surrounding_whitespace",
            LowercaseCrc => "lowercase_crc",
            ControlChar { .. } => "control_char",
            NonAscii => "non_ascii",
            LengthsCountedInBytes => "lengths_counted_in_bytes",
            OversizePayload { .. } => "oversize_payload",
            RfuId => "rfu_id",
            MissingMandatory => "missing_mandatory",
            MissingMerchantAccountInfo => "missing_merchant_account_info",
            MissingGui => "missing_gui",
            BadPointOfInitiation { .. } => "bad_point_of_initiation",
            BadNumericField { .. } => "bad_numeric_field",
            BadAmount(_) => "bad_amount",
            ZeroAmount => "zero_amount",
            BadCountryCode { .. } => "bad_country_code",
            FieldTooLong { .. } => "field_too_long",
            BadTipIndicator { .. } => "bad_tip_indicator",
            ConvenienceFeeMismatch => "convenience_fee_mismatch",
            BadConsumerDataRequest => "bad_consumer_data_request",
            AdfSubtemplateNotTlv(_) => "adf_subtemplate_not_tlv",
            AdfSubtemplateDuplicateId => "adf_subtemplate_duplicate_id",
        }
    }

    fn severity(&self) -> Severity {
        use Problem::*;
        // Every problem is listed: a new one does not compile until its severity is chosen.
        match self {
            Empty
            | InvalidUtf8 { .. }
            | Tlv(_)
            | TemplateNotTlv { .. }
            | DuplicateId
            | FormatIndicatorNotFirst { .. }
            | BadFormatIndicator { .. }
            | CrcMissing
            | CrcMalformed { .. }
            | CrcNotLast { .. }
            | CrcMismatch { .. } => Severity::Error,
            SurroundingWhitespace { .. }
            | LowercaseCrc
            | ControlChar { .. }
            | NonAscii
            | LengthsCountedInBytes
            | OversizePayload { .. }
            | RfuId
            | MissingMandatory
            | MissingMerchantAccountInfo
            | MissingGui
            | BadPointOfInitiation { .. }
            | BadNumericField { .. }
            | BadAmount(_)
            | ZeroAmount
            | BadCountryCode { .. }
            | FieldTooLong { .. }
            | BadTipIndicator { .. }
            | ConvenienceFeeMismatch
            | BadConsumerDataRequest
            | AdfSubtemplateNotTlv(_)
            | AdfSubtemplateDuplicateId => Severity::Warning,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Problem::*;
        match *self {
            Empty => f.write_str("the payload is empty"),
            InvalidUtf8 { valid_up_to } => write!(
                f,
                "expected UTF-8 text but byte {valid_up_to} starts an invalid sequence"
            ),
            Tlv(kind) => write!(f, "{kind}"),
            TemplateNotTlv { template, inner } => write!(
                f,
                "template {template:02} does not hold valid data objects: {inner}"
            ),
            DuplicateId => f.write_str("this ID appears more than once at the same level"),
            FormatIndicatorNotFirst { found } => write!(
                f,
                "expected the payload to start with object 00 (Payload Format Indicator) but found {found:02}"
            ),
            BadFormatIndicator { found } => {
                write!(f, "expected Payload Format Indicator \"01\" but found {found}")
            }
            CrcMissing => f.write_str("expected a final CRC object 63 but the payload has none"),
            CrcMalformed { found } => write!(
                f,
                "expected the CRC as length 04 and 4 hexadecimal digits but found {found}"
            ),
            CrcNotLast { next } => write!(
                f,
                "expected the CRC object 63 to be last but object {next:02} follows it"
            ),
            CrcMismatch { declared, computed } => write!(
                f,
                "the declared CRC is {declared:04X} but the payload's CRC is {computed:04X}"
            ),
            SurroundingWhitespace { leading, trailing } => write!(
                f,
                "ignored {leading} byte(s) of whitespace before and {trailing} after the payload"
            ),
            LowercaseCrc => f.write_str("the CRC is in lowercase; uppercase is canonical"),
            ControlChar { found } => write!(f, "control character 0x{found:02X} in the payload"),
            NonAscii => f.write_str(
                "characters outside printable ASCII in a field of format ans; many apps reject them",
            ),
            LengthsCountedInBytes => f.write_str(
                "lengths count characters, but this payload only frames when they count UTF-8 bytes",
            ),
            OversizePayload { chars } => write!(
                f,
                "the payload has {chars} characters; EMV allows at most {MAX_PAYLOAD_CHARS}"
            ),
            RfuId => f.write_str("this ID is reserved for future use by EMVCo"),
            MissingMandatory => f.write_str("this object is mandatory in EMV MPM but is missing"),
            MissingMerchantAccountInfo => f.write_str(
                "expected at least one Merchant Account Information object (02-51) but found none",
            ),
            MissingGui => f.write_str(
                "expected sub-object 00 (Globally Unique Identifier) in this template but found none",
            ),
            BadPointOfInitiation { found } => {
                write!(f, "expected \"11\" (static) or \"12\" (dynamic) but found {found}")
            }
            BadNumericField { expected, found } => {
                write!(f, "expected {expected} but found {found}")
            }
            BadAmount(e) => write!(f, "invalid amount: {e}"),
            ZeroAmount => f.write_str("the amount is zero; EMV requires a non-zero value"),
            BadCountryCode { found } => write!(
                f,
                "expected an ISO 3166-1 alpha-2 country code (2 uppercase letters) but found {found}"
            ),
            FieldTooLong { max, chars } => write!(
                f,
                "expected at most {max} characters but found {chars}"
            ),
            BadTipIndicator { found } => {
                write!(f, "expected \"01\", \"02\" or \"03\" but found {found}")
            }
            ConvenienceFeeMismatch => f.write_str(
                "objects 56/57 must be present exactly when 55 is \"02\"/\"03\"",
            ),
            BadConsumerDataRequest => {
                f.write_str("expected up to 3 of the letters A, M and E")
            }
            AdfSubtemplateNotTlv(inner) => write!(
                f,
                "this payment-system template does not hold valid data objects: {inner}"
            ),
            AdfSubtemplateDuplicateId => f.write_str(
                "this ID appears more than once in the same payment-system template",
            ),
        }
    }
}

/// A finding of the EMV layer.
pub type EmvFinding = Finding<Problem>;

impl<P: Code> core::error::Error for Finding<P> {}
