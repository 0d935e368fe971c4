//! The NDEF message a `pix://` URI travels in: one URI record (NFC Forum URI RTD: TNF 0x01
//! well-known, type `U`, a prefix byte then the URI). `pix://` has no abbreviation in the
//! prefix table, so the prefix byte is `0x00` and the payload is the whole URI.

use core::fmt;

/// Record header flags (NFC Forum NDEF 1.0 §3.2).
const MB: u8 = 0x80;
const ME: u8 = 0x40;
const CF: u8 = 0x20;
const SR: u8 = 0x10;
const IL: u8 = 0x08;
const TNF: u8 = 0x07;
/// TNF "NFC Forum well-known type".
const WELL_KNOWN: u8 = 0x01;

/// The largest payload of a short record (one length byte); longer ones use the long form
/// (four bytes), which most BR Code URIs need.
pub const MAX_SHORT_PAYLOAD: usize = 255;

/// What is wrong with an NDEF message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NdefProblem {
    /// No bytes, or fewer than a record header holds.
    Truncated,
    /// The first record does not begin the message (MB not set).
    NotBegin,
    /// More than one record (ME not set on the first, or bytes after it).
    MultipleRecords,
    /// A chunked record (CF set): a `pix://` URI is never chunked.
    Chunked,
    /// Not a well-known URI record (TNF 1, type `U`).
    NotUri,
    /// A URI prefix byte other than `0x00`: the URI would not start with `pix://`.
    Prefix(u8),
    /// The URI is not UTF-8.
    NotUtf8,
}

impl NdefProblem {
    /// A stable snake_case code: `ndef_truncated`, `ndef_chunked`…
    pub const fn code(self) -> &'static str {
        match self {
            NdefProblem::Truncated => "ndef_truncated",
            NdefProblem::NotBegin => "ndef_not_begin",
            NdefProblem::MultipleRecords => "ndef_multiple_records",
            NdefProblem::Chunked => "ndef_chunked",
            NdefProblem::NotUri => "ndef_not_uri",
            NdefProblem::Prefix(_) => "ndef_prefix",
            NdefProblem::NotUtf8 => "ndef_not_utf8",
        }
    }
}

impl fmt::Display for NdefProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NdefProblem::Truncated => f.write_str("the message ends inside its record"),
            NdefProblem::NotBegin => {
                f.write_str("the record does not begin a message (MB not set)")
            }
            NdefProblem::MultipleRecords => {
                f.write_str("expected one record, the pix:// URI, but the message holds more")
            }
            NdefProblem::Chunked => f.write_str("a chunked record; a pix:// URI is sent whole"),
            NdefProblem::NotUri => f.write_str("expected a well-known URI record (TNF 1, type U)"),
            NdefProblem::Prefix(p) => {
                write!(
                    f,
                    "expected the URI prefix 0x00 (pix:// has no abbreviation) but found {p:#04x}"
                )
            }
            NdefProblem::NotUtf8 => f.write_str("the URI is not UTF-8"),
        }
    }
}

/// A refused NDEF message: the problem and the byte offset where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NdefError {
    /// What is wrong.
    pub problem: NdefProblem,
    /// The byte offset in the message.
    pub offset: usize,
}

impl NdefError {
    /// The problem's stable code.
    pub const fn code(&self) -> &'static str {
        self.problem.code()
    }
}

impl fmt::Display for NdefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (byte {})", self.problem, self.offset)
    }
}

impl core::error::Error for NdefError {}

/// The NDEF message of one URI record holding `uri`: MB and ME set, the short form up to
/// [`MAX_SHORT_PAYLOAD`] payload bytes, the long form beyond, no ID.
///
/// ```
/// let m = pixcode::nfc::ndef_message("pix://h.example?qr=1");
/// assert_eq!(&m[..4], &[0xD1, 0x01, 21, b'U']);
/// assert_eq!(m[4], 0x00);
/// assert_eq!(pixcode::nfc::read_ndef(&m)?, "pix://h.example?qr=1");
/// # Ok::<(), pixcode::nfc::NdefError>(())
/// ```
#[cfg(feature = "alloc")]
pub fn ndef_message(uri: &str) -> alloc::vec::Vec<u8> {
    let payload = uri.len() + 1;
    let short = payload <= MAX_SHORT_PAYLOAD;
    let mut out = alloc::vec::Vec::with_capacity(payload + 7);
    out.push(MB | ME | if short { SR } else { 0 } | WELL_KNOWN);
    out.push(1); // type length
    if short {
        out.push(payload as u8);
    } else {
        // A URI past 4 GiB cannot be given here: a &str that long is not a BR Code URI, and
        // u32 holds every length a real one has.
        out.extend_from_slice(&u32::try_from(payload).unwrap_or(u32::MAX).to_be_bytes());
    }
    out.push(b'U');
    out.push(0x00);
    out.extend_from_slice(uri.as_bytes());
    out
}

/// The URI in an NDEF message of one URI record, borrowed from `message`. An ID field is
/// skipped; chunked records, other record types, a second record and trailing bytes are
/// refused.
///
/// # Errors
/// [`NdefError`] with the offset.
///
/// ```
/// use pixcode::nfc::{read_ndef, NdefProblem};
/// assert_eq!(read_ndef(&[0xD1, 0x01, 5]).unwrap_err().problem, NdefProblem::Truncated);
/// // A text record ("T") is not a URI.
/// assert_eq!(read_ndef(&[0xD1, 0x01, 1, b'T', 0]).unwrap_err().problem, NdefProblem::NotUri);
/// ```
pub fn read_ndef(message: &[u8]) -> Result<&str, NdefError> {
    let fail = |problem, offset| NdefError { problem, offset };
    let header = *message.first().ok_or(fail(NdefProblem::Truncated, 0))?;
    if header & MB == 0 {
        return Err(fail(NdefProblem::NotBegin, 0));
    }
    if header & CF != 0 {
        return Err(fail(NdefProblem::Chunked, 0));
    }
    if header & ME == 0 {
        return Err(fail(NdefProblem::MultipleRecords, 0));
    }
    let byte = |at: usize| {
        message
            .get(at)
            .copied()
            .ok_or(fail(NdefProblem::Truncated, at))
    };
    let type_len = usize::from(byte(1)?);
    let mut pos = 2;
    let payload_len = if header & SR != 0 {
        pos += 1;
        usize::from(byte(2)?)
    } else {
        let b = message
            .get(2..6)
            .ok_or(fail(NdefProblem::Truncated, message.len()))?;
        pos += 4;
        u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize
    };
    let id_len = if header & IL != 0 {
        pos += 1;
        usize::from(byte(pos - 1)?)
    } else {
        0
    };
    let type_at = pos;
    let record_type = message
        .get(type_at..type_at + type_len)
        .ok_or(fail(NdefProblem::Truncated, message.len()))?;
    if header & TNF != WELL_KNOWN || record_type != b"U" {
        return Err(fail(NdefProblem::NotUri, type_at));
    }
    let payload_at = type_at + type_len + id_len;
    let end = payload_at
        .checked_add(payload_len)
        .filter(|&e| e <= message.len())
        .ok_or(fail(NdefProblem::Truncated, message.len()))?;
    if end < message.len() {
        return Err(fail(NdefProblem::MultipleRecords, end));
    }
    let payload = &message[payload_at..end];
    match payload.first() {
        None => Err(fail(NdefProblem::Truncated, payload_at)),
        Some(0) => core::str::from_utf8(&payload[1..])
            .map_err(|e| fail(NdefProblem::NotUtf8, payload_at + 1 + e.valid_up_to())),
        Some(&p) => Err(fail(NdefProblem::Prefix(p), payload_at)),
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use std::vec::Vec;

    #[test]
    fn short_and_long_forms_round_trip() {
        for n in [0usize, 1, 254, 255, 256, 600, 70_000] {
            let uri: std::string::String = "pix://h?qr="
                .chars()
                .chain(core::iter::repeat_n('0', n))
                .collect();
            let m = ndef_message(&uri);
            let short = uri.len() < MAX_SHORT_PAYLOAD;
            assert_eq!(m[0] & SR != 0, short, "{n}");
            assert_eq!(m.len(), uri.len() + 1 + if short { 4 } else { 7 });
            assert_eq!(read_ndef(&m).unwrap(), uri);
        }
    }

    #[test]
    fn an_id_field_is_skipped() {
        let m = [0xD9u8, 0x01, 4, 2, b'U', b'i', b'd', 0x00, b'p', b'i', b'x'];
        assert_eq!(read_ndef(&m).unwrap(), "pix");
    }

    #[test]
    fn refusals_name_the_problem() {
        let good = ndef_message("pix://h?qr=1");
        let with = |i: usize, b: u8| {
            let mut m = good.clone();
            m[i] = b;
            m
        };
        let cases: Vec<(Vec<u8>, NdefProblem)> = std::vec![
            (Vec::new(), NdefProblem::Truncated),
            (good[..good.len() - 1].to_vec(), NdefProblem::Truncated),
            (good[..2].to_vec(), NdefProblem::Truncated),
            (with(0, good[0] & !MB), NdefProblem::NotBegin),
            (with(0, good[0] & !ME), NdefProblem::MultipleRecords),
            (with(0, good[0] | CF), NdefProblem::Chunked),
            (with(0, (good[0] & !TNF) | 0x04), NdefProblem::NotUri),
            (with(3, b'T'), NdefProblem::NotUri),
            (with(4, 0x03), NdefProblem::Prefix(0x03)),
            (with(5, 0xFF), NdefProblem::NotUtf8),
            (
                [good.clone(), good.clone()].concat(),
                NdefProblem::MultipleRecords
            ),
            (
                std::vec![0xC1, 0x01, 0xFF, 0xFF, 0xFF, 0xF0, b'U', 0],
                NdefProblem::Truncated
            ),
        ];
        for (m, problem) in cases {
            assert_eq!(read_ndef(&m).unwrap_err().problem, problem, "{m:02x?}");
        }
    }
}
