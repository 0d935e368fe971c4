//! The EMV structure rules (spec §1.7), run over a payload: errors always, warnings when the
//! sink wants them.

use super::{is_numeric, CrcCheck, Payload, Problem, Snippet, MAX_PAYLOAD_CHARS};
use crate::amount::Amount;
use crate::crc;
use crate::finding::{emit, Path, Report, Sink, Stop};
use crate::tlv::{LengthUnits, Object, TagSet};

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
    let _ = Walker { sink, warn: false }.run(payload, Resume::START, &mut |_| {});
}

/// Like [`check`], and shows every object that frames to `visit` on the way, so a profile
/// layer can read the payload in the same pass: each root object, and right after a template
/// 26–51, 62 or 80–99 its sub-objects (their [`Object::path`] has depth 2).
///
/// ```
/// use pixcode::{emv, Report};
/// let mut report = Report::default();
/// let mut paths = Vec::new();
/// let payload = emv::Payload::new("00020126180014br.gov.bcb.pix5802BR");
/// emv::check_visit(&payload, &mut report, |o| paths.push(o.path().to_string()));
/// assert_eq!(paths, ["00", "26", "26.00", "58"]);
/// ```
pub fn check_visit<'a, S: Sink<Problem>, V: FnMut(&Object<'a>)>(
    payload: &Payload<'a>,
    sink: &mut S,
    mut visit: V,
) {
    let _ = Walker { sink, warn: false }.run(payload, Resume::START, &mut visit);
}

/// Where a walk starts: the byte of the payload's text to read from and the root IDs already
/// read before it (which passed every check).
#[derive(Clone, Copy)]
pub(crate) struct Resume {
    pub(crate) from: usize,
    pub(crate) seen: TagSet,
}

impl Resume {
    const START: Resume = Resume {
        from: 0,
        seen: TagSet::EMPTY,
    };
}

/// The strict check (errors only) of `payload` from `resume`: the first error of a payload
/// whose objects before `resume.from` are known to be free of errors, `00` first among them.
/// What [`check`] would report, without reading the objects again.
pub(crate) fn check_from<S: Sink<Problem>>(payload: &Payload<'_>, resume: Resume, sink: &mut S) {
    let _ = Walker { sink, warn: false }.run(payload, resume, &mut |_| {});
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
        resume: Resume,
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

        let mut seen = resume.seen;
        let mut crc_obj: Option<Object<'_>> = None;
        let mut crc_not_last = false;
        let mut walk_failed = false;
        let mut first = resume.from == 0;
        let mut fee = (None, false, false); // 55's value, 56 seen, 57 seen
        let mut objects = p.objects_from(resume.from);
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
            if !seen.insert(tag) {
                self.at(Problem::DuplicateId, &obj)?;
            }
            match tag {
                0 if obj.value() != "01" => self.at(
                    Problem::BadFormatIndicator {
                        found: Snippet::new(obj.value()),
                    },
                    &obj,
                )?,
                26..=51 | 80..=99 => self.gui_template(&obj, visit)?,
                62 => self.additional_data(&obj, visit)?,
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
            if !seen.contains(tag) {
                self.emit(Problem::MissingMandatory, Path::root().child(tag), end)?;
            }
        }
        // IDs 02-51 are Merchant Account Information.
        if !seen.any_in(2, 52) {
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
        let digits = |n: usize| is_numeric(v, n);
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

    /// A template's children, with TLV failures and duplicates as errors. Shows every child
    /// to `visit`, then calls `each` on it.
    fn template<'a>(
        &mut self,
        obj: &Object<'a>,
        visit: &mut impl FnMut(&Object<'a>),
        mut each: impl FnMut(&mut Self, &Object<'_>) -> Result<(), Stop>,
    ) -> Result<(), Stop> {
        let mut seen = TagSet::EMPTY;
        for item in obj.children() {
            match item {
                Ok(child) => {
                    if !seen.insert(child.tag()) {
                        self.at(Problem::DuplicateId, &child)?;
                    }
                    visit(&child);
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
    fn gui_template<'a>(
        &mut self,
        obj: &Object<'a>,
        visit: &mut impl FnMut(&Object<'a>),
    ) -> Result<(), Stop> {
        let mut has_gui = false;
        let ans = obj.tag() <= 51;
        self.template(obj, visit, |w, child| {
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
    fn additional_data<'a>(
        &mut self,
        obj: &Object<'a>,
        visit: &mut impl FnMut(&Object<'a>),
    ) -> Result<(), Stop> {
        self.template(obj, visit, |w, child| {
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
                    let mut seen = TagSet::EMPTY;
                    for item in child.children() {
                        match item {
                            Ok(sub) => {
                                if !seen.insert(sub.tag()) {
                                    w.at(Problem::AdfSubtemplateDuplicateId, &sub)?;
                                }
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
        self.template(obj, &mut |_| {}, |w, child| {
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
