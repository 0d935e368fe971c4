//! EMV MPM structure rules: what makes a payload well-formed (errors) and what is merely worth
//! knowing (warnings), for any scheme (Pix, PromptPay, VietQR, QRIS, KHQR, SGQR…).
//!
//! The rules are those of spec §1.7: IDs and lengths, `00` first and equal to `01`, `63` last
//! with 4 hexadecimal digits and a matching CRC, no duplicate ID at one level, templates
//! 26–51, 62, 64 and 80–99 that parse as TLV, and a walk that lands exactly on the final `63`.

mod writer;

pub use writer::{reencode, ByteBuf, Node, Writer, WriterError};

use crate::amount::{Amount, AmountError};
use crate::crc;
use crate::finding::{emit, Code, Finding, FirstError, Path, Report, Severity, Sink, Stop};
use crate::tlv::{LengthUnits, Object, Objects, TlvErrorKind};
use core::fmt;

/// The longest payload EMV recommends, in characters.
pub const MAX_PAYLOAD_CHARS: usize = 512;

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
            _ => Severity::Warning,
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

/// The CRC as declared in `63` and as computed over the payload.
///
/// ```
/// let p = pixcode::emv::Payload::new("00020101021163041234");
/// let crc = p.crc().unwrap();
/// assert_eq!(crc.declared, "1234");
/// assert!(!crc.matches());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CrcCheck<'a> {
    /// The 4 characters after `6304`.
    pub declared: &'a str,
    /// The CRC-16/CCITT-FALSE of the payload through `6304`.
    pub computed: u16,
}

impl CrcCheck<'_> {
    /// Whether the declared value equals the computed one (case-insensitively).
    pub fn matches(&self) -> bool {
        crc::parse_hex(self.declared.as_bytes()) == Some(self.computed)
    }

    /// The computed CRC as 4 uppercase hexadecimal digits.
    pub fn computed_hex(&self) -> [u8; 4] {
        crc::to_hex(self.computed)
    }
}

/// A payload as text, trimmed of surrounding whitespace, ready to be walked.
///
/// [`Payload::parse`] also checks it; [`Payload::new`] only frames it, so a broken payload
/// can still be looked at object by object.
///
/// ```
/// use pixcode::emv::Payload;
/// let p = Payload::parse("00020101021129370016A000000677010111011300668012345675802TH530376463046197")?;
/// assert_eq!(p.get(58).map(|o| o.value()), Some("TH"));
/// assert_eq!(p.objects().count(), 6);
/// # Ok::<(), pixcode::emv::EmvFinding>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Payload<'a> {
    input: &'a str,
    text: &'a str,
    start: usize,
    ascii: bool,
    units: LengthUnits,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x0B | 0x0C)
}

impl<'a> Payload<'a> {
    /// Frames `input` without checking it; surrounding whitespace is set aside.
    pub fn new(input: &'a str) -> Payload<'a> {
        Self::with_units(input, LengthUnits::Chars)
    }

    /// Like [`Payload::new`], reading lengths in the given units (for byte-counting
    /// generators; EMV counts characters).
    pub fn with_units(input: &'a str, units: LengthUnits) -> Payload<'a> {
        let bytes = input.as_bytes();
        let start = bytes
            .iter()
            .position(|&b| !is_space(b))
            .unwrap_or(bytes.len());
        let end = bytes
            .iter()
            .rposition(|&b| !is_space(b))
            .map_or(start, |e| e + 1);
        // Whitespace is ASCII, so both ends are character boundaries.
        let text = &input[start..end];
        Payload {
            input,
            text,
            start,
            ascii: crate::tlv::all_ascii(text.as_bytes()),
            units,
        }
    }

    /// A payload known to be ASCII with no surrounding whitespace: nothing to scan.
    pub(crate) fn ascii_exact(input: &'a str) -> Payload<'a> {
        Payload {
            input,
            text: input,
            start: 0,
            ascii: true,
            units: LengthUnits::Chars,
        }
    }

    /// Frames UTF-8 bytes.
    ///
    /// # Errors
    /// An [`Problem::InvalidUtf8`] finding when `input` is not UTF-8.
    pub fn from_bytes(input: &'a [u8]) -> Result<Payload<'a>, EmvFinding> {
        match core::str::from_utf8(input) {
            Ok(s) => Ok(Payload::new(s)),
            Err(e) => Err(Finding {
                problem: Problem::InvalidUtf8 {
                    valid_up_to: e.valid_up_to(),
                },
                path: Path::root(),
                offset: e.valid_up_to(),
            }),
        }
    }

    /// Frames and checks `input`, stopping at the first error. Warnings are not computed; use
    /// [`validate`] for the full report.
    ///
    /// # Errors
    /// The first EMV error found.
    ///
    /// ```
    /// let err = pixcode::emv::Payload::parse("0002010102116304FFFF").unwrap_err();
    /// assert_eq!(pixcode::Code::code(&err.problem), "crc_mismatch");
    /// ```
    pub fn parse(input: &'a str) -> Result<Payload<'a>, EmvFinding> {
        let payload = Payload::new(input);
        let mut first = FirstError(None);
        check(&payload, &mut first);
        match first.0 {
            None => Ok(payload),
            Some(e) => Err(e),
        }
    }

    /// The payload without surrounding whitespace.
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// The whole input, whitespace included.
    pub fn input(&self) -> &'a str {
        self.input
    }

    /// Byte offset of the payload in the input (the leading whitespace skipped).
    pub fn offset(&self) -> usize {
        self.start
    }

    /// Whether the payload is all ASCII.
    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// How lengths are counted.
    pub fn length_units(&self) -> LengthUnits {
        self.units
    }

    /// The root objects in order, offsets counted in the input.
    pub fn objects(&self) -> Objects<'a> {
        Objects::framed(self.text, self.start, self.units, self.ascii)
    }

    /// The first root object with ID `tag`.
    pub fn get(&self, tag: u8) -> Option<Object<'a>> {
        self.objects()
            .map_while(Result::ok)
            .find(|o| o.tag() == tag)
    }

    /// The CRC, when the payload ends in `6304` and 4 characters.
    pub fn crc(&self) -> Option<CrcCheck<'a>> {
        let b = self.text.as_bytes();
        let n = b.len();
        if n < 8 || &b[n - 8..n - 4] != b"6304" || !b[n - 4..].is_ascii() {
            return None;
        }
        Some(CrcCheck {
            declared: &self.text[n - 4..],
            computed: crc::crc16(&b[..n - 4]),
        })
    }

    /// Length in characters.
    pub fn chars(&self) -> usize {
        if self.ascii {
            self.text.len()
        } else {
            self.text.chars().count()
        }
    }
}

/// The full EMV verdict on some input.
///
/// ```
/// let v = pixcode::emv::validate(b"00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D");
/// assert!(v.is_valid());
/// assert!(v.crc.unwrap().matches());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Validation<'a> {
    /// The framed payload, unless the input is not UTF-8.
    pub payload: Option<Payload<'a>>,
    /// The CRC declared and computed, when there is a final `6304`.
    pub crc: Option<CrcCheck<'a>>,
    /// Errors and warnings.
    pub report: Report<Problem>,
}

impl Validation<'_> {
    /// Whether the payload is well-formed EMV MPM.
    pub fn is_valid(&self) -> bool {
        self.report.is_valid()
    }
}

/// Checks `input` against every EMV rule and returns all findings.
pub fn validate(input: &[u8]) -> Validation<'_> {
    let mut report = Report::default();
    match Payload::from_bytes(input) {
        Ok(payload) => {
            check(&payload, &mut report);
            Validation {
                payload: Some(payload),
                crc: payload.crc(),
                report,
            }
        }
        Err(e) => {
            report.report(e);
            Validation {
                payload: None,
                crc: None,
                report,
            }
        }
    }
}

/// Runs every EMV check on `payload`, reporting to `sink` until it asks to stop.
///
/// ```
/// use pixcode::{emv, Report};
/// let mut report = Report::default();
/// emv::check(&emv::Payload::new("000201"), &mut report);
/// assert_eq!(report.errors[0].code(), "crc_missing");
/// ```
pub fn check<S: Sink<Problem>>(payload: &Payload<'_>, sink: &mut S) {
    let _ = Walker { sink, warn: false }.run(payload, &mut |_| {});
}

/// Like [`check`], and shows every root object that frames to `visit` on the way, so a
/// profile layer can read the payload in the same pass.
///
/// ```
/// use pixcode::{emv, Report};
/// let mut report = Report::default();
/// let mut tags = Vec::new();
/// emv::check_visit(&emv::Payload::new("000201010211"), &mut report, |o| tags.push(o.tag()));
/// assert_eq!(tags, [0, 1]);
/// ```
pub fn check_visit<'a, S: Sink<Problem>, V: FnMut(&Object<'a>)>(
    payload: &Payload<'a>,
    sink: &mut S,
    mut visit: V,
) {
    let _ = Walker { sink, warn: false }.run(payload, &mut visit);
}

struct Walker<'s, S> {
    sink: &'s mut S,
    warn: bool,
}

impl<S: Sink<Problem>> Walker<'_, S> {
    #[inline]
    fn emit(&mut self, problem: Problem, path: Path, offset: usize) -> Result<(), Stop> {
        emit(self.sink, problem, path, offset)
    }

    #[inline]
    fn at(&mut self, problem: Problem, obj: &Object<'_>) -> Result<(), Stop> {
        self.emit(problem, obj.path(), obj.offset())
    }

    fn run<'a, V: FnMut(&Object<'a>)>(
        &mut self,
        p: &Payload<'a>,
        visit: &mut V,
    ) -> Result<(), Stop> {
        self.warn = self.sink.wants_warnings();
        let text = p.text;
        if text.is_empty() {
            return self.emit(Problem::Empty, Path::root(), p.start);
        }
        if self.warn {
            let trailing = p.input.len() - p.start - text.len();
            if p.start > 0 || trailing > 0 {
                self.emit(
                    Problem::SurroundingWhitespace {
                        leading: p.start,
                        trailing,
                    },
                    Path::root(),
                    0,
                )?;
            }
            if let Some(i) = text.bytes().position(|b| b < 0x20 || b == 0x7F) {
                let found = text.as_bytes()[i];
                self.emit(Problem::ControlChar { found }, Path::root(), p.start + i)?;
            }
            let chars = p.chars();
            if chars > MAX_PAYLOAD_CHARS {
                self.emit(Problem::OversizePayload { chars }, Path::root(), p.start)?;
            }
        }

        let mut seen: u128 = 0;
        let mut crc_obj: Option<Object<'_>> = None;
        let mut crc_not_last = false;
        let mut walk_failed = false;
        let mut first = true;
        let mut fee = (None, false, false); // 55's value, 56 seen, 57 seen
        let mut objects = p.objects();
        for item in objects.by_ref() {
            let obj = match item {
                Ok(o) => o,
                Err(e) => {
                    walk_failed = true;
                    self.emit(Problem::Tlv(e.kind), e.path, e.offset)?;
                    break;
                }
            };
            visit(&obj);
            let tag = obj.tag();
            if first {
                first = false;
                if tag != 0 {
                    self.at(Problem::FormatIndicatorNotFirst { found: tag }, &obj)?;
                }
            }
            if crc_obj.is_some() && !crc_not_last {
                crc_not_last = true;
                self.emit(
                    Problem::CrcNotLast { next: tag },
                    Path::root().child(63),
                    obj.offset(),
                )?;
            }
            let bit = 1u128 << tag;
            if seen & bit != 0 {
                self.at(Problem::DuplicateId, &obj)?;
            }
            seen |= bit;
            match tag {
                0 if obj.value() != "01" => self.at(
                    Problem::BadFormatIndicator {
                        found: Snippet::new(obj.value()),
                    },
                    &obj,
                )?,
                26..=51 | 80..=99 => self.gui_template(&obj)?,
                62 => self.additional_data(&obj)?,
                64 => self.language(&obj)?,
                63 => {
                    if crc_obj.is_none() {
                        crc_obj = Some(obj);
                    }
                    if obj.len_chars() != 4 || crc::parse_hex(obj.value().as_bytes()).is_none() {
                        self.at(
                            Problem::CrcMalformed {
                                found: Snippet::new(obj.value()),
                            },
                            &obj,
                        )?;
                    }
                }
                55 if self.warn => {
                    fee.0 = Some(obj.value());
                    self.primitive(&obj)?;
                }
                56 => fee.1 = true,
                57 => fee.2 = true,
                _ if self.warn => self.primitive(&obj)?,
                _ => {}
            }
            if self.warn && matches!(tag, 56 | 57) {
                self.primitive(&obj)?;
            }
        }

        if !walk_failed && crc_obj.is_none() {
            self.emit(
                Problem::CrcMissing,
                Path::root().child(63),
                p.start + text.len(),
            )?;
        }
        if let Some(check) = p.crc() {
            let offset = p.start + text.len() - 4;
            match crc::parse_hex(check.declared.as_bytes()) {
                Some(declared) if declared != check.computed => self.emit(
                    Problem::CrcMismatch {
                        declared,
                        computed: check.computed,
                    },
                    Path::root().child(63),
                    offset,
                )?,
                Some(_) if self.warn && check.declared.bytes().any(|b| b.is_ascii_lowercase()) => {
                    self.emit(Problem::LowercaseCrc, Path::root().child(63), offset)?
                }
                _ => {}
            }
        }

        if !self.warn {
            return Ok(());
        }
        if walk_failed && !p.ascii && p.units == LengthUnits::Chars && frames_in_bytes(p) {
            self.emit(Problem::LengthsCountedInBytes, Path::root(), p.start)?;
        }
        if walk_failed {
            return Ok(());
        }
        let end = p.start + text.len();
        for tag in [52u8, 53, 58, 59, 60] {
            if seen & (1u128 << tag) == 0 {
                self.emit(Problem::MissingMandatory, Path::root().child(tag), end)?;
            }
        }
        // IDs 02-51 are Merchant Account Information.
        let mai_mask: u128 = ((1u128 << 52) - 1) & !0b11;
        if seen & mai_mask == 0 {
            self.emit(Problem::MissingMerchantAccountInfo, Path::root(), p.start)?;
        }
        let consistent = match fee.0 {
            Some("02") => fee.1 && !fee.2,
            Some("03") => fee.2 && !fee.1,
            _ => !fee.1 && !fee.2,
        };
        if !consistent {
            self.emit(
                Problem::ConvenienceFeeMismatch,
                Path::root().child(55),
                p.start,
            )?;
        }
        Ok(())
    }

    /// Warnings on a primitive root object.
    fn primitive(&mut self, obj: &Object<'_>) -> Result<(), Stop> {
        let v = obj.value();
        let found = || Snippet::new(v);
        let digits = |n: usize| v.len() == n && v.bytes().all(|b| b.is_ascii_digit());
        match obj.tag() {
            1 if v != "11" && v != "12" => {
                self.at(Problem::BadPointOfInitiation { found: found() }, obj)?
            }
            52 if !digits(4) => self.at(
                Problem::BadNumericField {
                    expected: "a 4-digit merchant category code",
                    found: found(),
                },
                obj,
            )?,
            53 if !digits(3) => self.at(
                Problem::BadNumericField {
                    expected: "a 3-digit ISO 4217 currency code",
                    found: found(),
                },
                obj,
            )?,
            54 | 56 => match Amount::parse(v) {
                Err(e) => self.at(Problem::BadAmount(e), obj)?,
                Ok(a) if a.is_zero() => self.at(Problem::ZeroAmount, obj)?,
                Ok(_) => {}
            },
            55 if !matches!(v, "01" | "02" | "03") => {
                self.at(Problem::BadTipIndicator { found: found() }, obj)?
            }
            57 => match Amount::parse(v) {
                Ok(a)
                    if v.len() <= 5
                        && !a.is_zero()
                        && a.to_minor_units(2).is_some_and(|c| c < 10_000) => {}
                _ => self.at(
                    Problem::BadNumericField {
                        expected: "a percentage from 00.01 to 99.99",
                        found: found(),
                    },
                    obj,
                )?,
            },
            58 if !(v.len() == 2 && v.bytes().all(|b| b.is_ascii_uppercase())) => {
                self.at(Problem::BadCountryCode { found: found() }, obj)?
            }
            59 => self.max_len(obj, 25)?,
            60 => self.max_len(obj, 15)?,
            61 => self.max_len(obj, 10)?,
            65..=79 => self.at(Problem::RfuId, obj)?,
            _ => {}
        }
        if obj.tag() <= 61 && !obj.is_ascii() {
            self.at(Problem::NonAscii, obj)?;
        }
        Ok(())
    }

    fn max_len(&mut self, obj: &Object<'_>, max: u8) -> Result<(), Stop> {
        if obj.len_chars() > max as usize {
            self.at(
                Problem::FieldTooLong {
                    max,
                    chars: obj.len_chars(),
                },
                obj,
            )?;
        }
        Ok(())
    }

    /// A template's children, with TLV failures and duplicates as errors. Calls `each` on
    /// every child.
    fn template(
        &mut self,
        obj: &Object<'_>,
        mut each: impl FnMut(&mut Self, &Object<'_>) -> Result<(), Stop>,
    ) -> Result<(), Stop> {
        let mut seen: u128 = 0;
        for item in obj.children() {
            match item {
                Ok(child) => {
                    let bit = 1u128 << child.tag();
                    if seen & bit != 0 {
                        self.at(Problem::DuplicateId, &child)?;
                    }
                    seen |= bit;
                    each(self, &child)?;
                }
                Err(e) => {
                    return self.emit(
                        Problem::TemplateNotTlv {
                            template: obj.tag(),
                            inner: e.kind,
                        },
                        e.path,
                        e.offset,
                    )
                }
            }
        }
        Ok(())
    }

    /// 26–51 (Merchant Account Information) and 80–99 (unreserved): sub-ID 00 is the GUI.
    fn gui_template(&mut self, obj: &Object<'_>) -> Result<(), Stop> {
        let mut has_gui = false;
        let ans = obj.tag() <= 51;
        self.template(obj, |w, child| {
            has_gui |= child.tag() == 0;
            if w.warn && ans && !child.is_ascii() {
                w.at(Problem::NonAscii, child)?;
            }
            Ok(())
        })?;
        if self.warn && !has_gui {
            self.at(Problem::MissingGui, obj)?;
        }
        Ok(())
    }

    /// 62, the Additional Data Field Template.
    fn additional_data(&mut self, obj: &Object<'_>) -> Result<(), Stop> {
        self.template(obj, |w, child| {
            if !w.warn {
                return Ok(());
            }
            match child.tag() {
                1..=8 => {
                    w.max_len(child, 25)?;
                    if !child.is_ascii() {
                        w.at(Problem::NonAscii, child)?;
                    }
                }
                9 => {
                    let v = child.value();
                    if v.len() > 3 || !v.bytes().all(|b| matches!(b, b'A' | b'M' | b'E')) {
                        w.at(Problem::BadConsumerDataRequest, child)?;
                    }
                }
                0 | 12..=49 => w.at(Problem::RfuId, child)?,
                50..=99 => {
                    let mut seen: u128 = 0;
                    for item in child.children() {
                        match item {
                            Ok(sub) => {
                                let bit = 1u128 << sub.tag();
                                if seen & bit != 0 {
                                    w.at(Problem::AdfSubtemplateDuplicateId, &sub)?;
                                }
                                seen |= bit;
                            }
                            Err(e) => {
                                w.emit(Problem::AdfSubtemplateNotTlv(e.kind), e.path, e.offset)?;
                                break;
                            }
                        }
                    }
                }
                _ => {}
            }
            Ok(())
        })
    }

    /// 64, the Merchant Information Language Template.
    fn language(&mut self, obj: &Object<'_>) -> Result<(), Stop> {
        let mut has_name = false;
        self.template(obj, |w, child| {
            has_name |= child.tag() == 1;
            if !w.warn {
                return Ok(());
            }
            match child.tag() {
                0 if !(child.len_chars() == 2 && child.is_ascii()) => w.at(
                    Problem::BadNumericField {
                        expected: "a 2-letter ISO 639 language code",
                        found: Snippet::new(child.value()),
                    },
                    child,
                )?,
                1 => w.max_len(child, 25)?,
                2 => w.max_len(child, 15)?,
                3..=99 => w.at(Problem::RfuId, child)?,
                _ => {}
            }
            Ok(())
        })?;
        if self.warn && !has_name {
            self.emit(Problem::MissingMandatory, obj.path().child(1), obj.offset())?;
        }
        Ok(())
    }
}

/// Whether the object at `path` is read as a template: root 26–51, 62, 64 and 80–99, and the
/// payment-system templates 50–99 inside 62 (spec §1.1).
///
/// ```
/// use pixcode::{emv::is_template, Path};
/// assert!(is_template(Path::root().child(26)));
/// assert!(is_template(Path::root().child(62).child(50)));
/// assert!(!is_template(Path::root().child(59)));
/// assert!(!is_template(Path::root().child(26).child(1)));
/// ```
pub fn is_template(path: Path) -> bool {
    matches!(
        path.tags(),
        [26..=51 | 62 | 64 | 80..=99] | [62, 50..=99]
    )
}

/// Whether the payload frames, templates included, when lengths count bytes.
fn frames_in_bytes(p: &Payload<'_>) -> bool {
    let bytes = Payload::with_units(p.input, LengthUnits::Bytes);
    let mut last = None;
    for item in bytes.objects() {
        let Ok(obj) = item else { return false };
        let nested = matches!(obj.tag(), 26..=51 | 62 | 64 | 80..=99);
        if nested && obj.children().any(|c| c.is_err()) {
            return false;
        }
        last = Some(obj.tag());
    }
    last == Some(63)
}

/// The EMV name of the object at `path`, such as `"Merchant Name"` for `59`.
///
/// Sub-objects of Merchant Account Information templates other than the GUI belong to the
/// template's owner and have no EMV name.
///
/// ```
/// use pixcode::{emv::field_name, Path};
/// assert_eq!(field_name(Path::root().child(59)), Some("Merchant Name"));
/// assert_eq!(field_name(Path::root().child(62).child(5)), Some("Reference Label"));
/// assert_eq!(field_name(Path::root().child(26).child(0)), Some("Globally Unique Identifier"));
/// ```
pub fn field_name(path: Path) -> Option<&'static str> {
    match *path.tags() {
        [t] => Some(match t {
            0 => "Payload Format Indicator",
            1 => "Point of Initiation Method",
            2..=3 => "Merchant Account Information (Visa)",
            4..=5 => "Merchant Account Information (Mastercard)",
            6..=8 | 17..=25 => "Merchant Account Information (EMVCo reserved)",
            9..=10 => "Merchant Account Information (Discover)",
            11..=12 => "Merchant Account Information (Amex)",
            13..=14 => "Merchant Account Information (JCB)",
            15..=16 => "Merchant Account Information (UnionPay)",
            26..=51 => "Merchant Account Information",
            52 => "Merchant Category Code",
            53 => "Transaction Currency",
            54 => "Transaction Amount",
            55 => "Tip or Convenience Indicator",
            56 => "Value of Convenience Fee Fixed",
            57 => "Value of Convenience Fee Percentage",
            58 => "Country Code",
            59 => "Merchant Name",
            60 => "Merchant City",
            61 => "Postal Code",
            62 => "Additional Data Field Template",
            63 => "CRC",
            64 => "Merchant Information - Language Template",
            65..=79 => "RFU for EMVCo",
            _ => "Unreserved Template",
        }),
        [26..=51 | 80..=99, 0] => Some("Globally Unique Identifier"),
        [62, t] => Some(match t {
            1 => "Bill Number",
            2 => "Mobile Number",
            3 => "Store Label",
            4 => "Loyalty Number",
            5 => "Reference Label",
            6 => "Customer Label",
            7 => "Terminal Label",
            8 => "Purpose of Transaction",
            9 => "Additional Consumer Data Request",
            10 => "Merchant Tax ID",
            11 => "Merchant Channel",
            50..=99 => "Payment System Specific Template",
            _ => "RFU for EMVCo",
        }),
        [62, 50..=99, 0] => Some("Globally Unique Identifier"),
        [64, t] => Some(match t {
            0 => "Language Preference",
            1 => "Merchant Name - Alternate Language",
            2 => "Merchant City - Alternate Language",
            _ => "RFU for EMVCo",
        }),
        _ => None,
    }
}
