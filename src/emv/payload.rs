//! A payload as text, framed and ready to be walked, and its CRC.

use super::{check, EmvFinding, Problem};
use crate::crc;
use crate::finding::{Finding, FirstError, Path};
use crate::tlv::{LengthUnits, Object, Objects};

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
    pub(super) input: &'a str,
    pub(super) text: &'a str,
    pub(super) start: usize,
    pub(super) ascii: bool,
    pub(super) units: LengthUnits,
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

    /// A payload known to have no surrounding whitespace, and known to be ASCII or not:
    /// nothing to scan.
    pub(crate) fn exact(input: &'a str, ascii: bool) -> Payload<'a> {
        Payload {
            input,
            text: input,
            start: 0,
            ascii,
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
    /// [`validate`](super::validate) for the full report.
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

    /// The root objects from byte `from` of the text on (an object's first byte).
    pub(crate) fn objects_from(&self, from: usize) -> Objects<'a> {
        match self.text.get(from..) {
            Some(rest) if from > 0 => {
                Objects::framed(rest, self.start + from, self.units, self.ascii)
            }
            _ => self.objects(),
        }
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
