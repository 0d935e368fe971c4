//! Borrowed reader and writer for EMV MPM data objects (`ID LL VALUE`).
//!
//! The reader never allocates: [`Objects`] walks one level of a payload or template and yields
//! [`Object`]s whose values borrow from the input. Lengths count **characters**, not bytes
//! (EMV MPM "number of characters"; spec §1.4); a payload that is all ASCII takes a fast path
//! where the two agree. Which IDs are templates depends on context and is decided by the layer
//! above ([`crate::emv`]); here any object can be opened with [`Object::children`].

mod tag_set;
mod write;

pub(crate) use tag_set::TagSet;
pub(crate) use write::{write_header, Cursor, Full};
pub use write::{write_object, WriteError};

use crate::finding::Path;
use core::fmt;
use nom::bytes::complete::take;
use nom::combinator::map_opt;
use nom::{IResult, Parser};

/// How the `LL` of each object is counted.
///
/// ```
/// use pixcode::tlv::{LengthUnits, Objects};
/// // "Maceió" is 6 characters and 7 UTF-8 bytes.
/// let chars: Vec<_> = Objects::new("6006Maceió", LengthUnits::Chars).collect();
/// assert_eq!(chars[0].as_ref().unwrap().value(), "Maceió");
/// let bytes: Vec<_> = Objects::new("6007Maceió", LengthUnits::Bytes).collect();
/// assert_eq!(bytes[0].as_ref().unwrap().value(), "Maceió");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum LengthUnits {
    /// Characters, as EMV defines. The default.
    #[default]
    Chars,
    /// UTF-8 bytes, as some faulty generators count. Only for lenient reading.
    Bytes,
}

/// Why a data object could not be read.
///
/// ```
/// use pixcode::tlv::{Objects, TlvErrorKind};
/// let err = Objects::new("5907EMP", Default::default()).next().unwrap().unwrap_err();
/// assert_eq!(err.kind, TlvErrorKind::ValueOverrun { declared: 7, remaining: 3 });
/// assert_eq!(err.offset, 0);
/// assert_eq!(err.path.to_string(), "59");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TlvErrorKind {
    /// Fewer than the 4 characters of an `ID LL` header are left.
    TruncatedHeader {
        /// The characters left.
        remaining: usize,
    },
    /// The ID is not 2 ASCII digits.
    BadId {
        /// The 2 bytes found (or fewer, padded with 0).
        found: [u8; 2],
    },
    /// The length is not 2 ASCII digits.
    BadLength {
        /// The 2 bytes found.
        found: [u8; 2],
    },
    /// The length is `00`; a value has at least 1 character.
    ZeroLength,
    /// The value runs past the end of the payload or template.
    ValueOverrun {
        /// The length declared in `LL`.
        declared: u8,
        /// The characters (or bytes, per [`LengthUnits`]) actually left.
        remaining: usize,
    },
}

/// A data object that could not be read, with where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TlvError {
    /// What is wrong.
    pub kind: TlvErrorKind,
    /// The path of the object (its parent's path when the ID itself is unreadable).
    pub path: Path,
    /// Byte offset of the object's header in the input.
    pub offset: usize,
}

struct Quoted<'a>(&'a [u8]);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for &b in self.0 {
            if (0x20..0x7F).contains(&b) && b != b'"' && b != b'\\' {
                write!(f, "{}", b as char)?;
            } else {
                write!(f, "\\x{b:02X}")?;
            }
        }
        f.write_str("\"")
    }
}

impl fmt::Display for TlvErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            TlvErrorKind::TruncatedHeader { remaining } => write!(
                f,
                "expected a 4-character ID and length header but only {remaining} character{} remain{}",
                if remaining == 1 { "" } else { "s" },
                if remaining == 1 { "s" } else { "" },
            ),
            TlvErrorKind::BadId { found } => {
                write!(f, "expected a 2-digit ID but found {}", Quoted(&found))
            }
            TlvErrorKind::BadLength { found } => {
                write!(f, "expected a 2-digit length but found {}", Quoted(&found))
            }
            TlvErrorKind::ZeroLength => f.write_str("declares length 00 but a value needs at least 1 character"),
            TlvErrorKind::ValueOverrun { declared, remaining } => write!(
                f,
                "declares length {declared:02} but only {remaining} character{} remain{}",
                if remaining == 1 { "" } else { "s" },
                if remaining == 1 { "s" } else { "" },
            ),
        }
    }
}

impl fmt::Display for TlvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {} (byte {}): {}", self.path, self.offset, self.kind)
    }
}

impl core::error::Error for TlvError {}

/// One data object, borrowed from the input.
///
/// ```
/// use pixcode::tlv::Objects;
/// let payload = "62070503***";
/// let adf = Objects::new(payload, Default::default()).next().unwrap()?;
/// assert_eq!(adf.tag(), 62);
/// assert_eq!(adf.value(), "0503***");
/// assert_eq!(adf.len_chars(), 7);
/// let txid = adf.children().next().unwrap()?;
/// assert_eq!((txid.tag(), txid.value(), txid.offset()), (5, "***", 4));
/// assert_eq!(txid.path().to_string(), "62.05");
/// # Ok::<(), pixcode::tlv::TlvError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Object<'a> {
    tag: u8,
    len: u8,
    value: &'a str,
    offset: usize,
    path: Path,
    units: LengthUnits,
    ascii: bool,
}

impl<'a> Object<'a> {
    /// The ID, `0..=99`.
    #[inline]
    pub fn tag(&self) -> u8 {
        self.tag
    }

    /// The value, borrowed from the input.
    #[inline]
    pub fn value(&self) -> &'a str {
        self.value
    }

    /// The declared length `LL`.
    #[inline]
    pub fn len_chars(&self) -> usize {
        self.len as usize
    }

    /// Byte offset of the object's header (its ID) in the input.
    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Byte offset of the value in the input.
    #[inline]
    pub fn value_offset(&self) -> usize {
        self.offset + 4
    }

    /// Byte offset just past the value.
    #[inline]
    pub fn end(&self) -> usize {
        self.offset + 4 + self.value.len()
    }

    /// The object's path from the payload root, such as `62.05`.
    #[inline]
    pub fn path(&self) -> Path {
        self.path
    }

    /// Whether the value is all ASCII.
    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.ascii || self.value.is_ascii()
    }

    /// Reads the value as a sequence of nested data objects (a template).
    #[inline]
    pub fn children(&self) -> Objects<'a> {
        Objects {
            rest: self.value,
            offset: self.value_offset(),
            parent: self.path,
            units: self.units,
            ascii: self.ascii,
            done: false,
        }
    }
}

impl fmt::Debug for Object<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Object")
            .field("path", &self.path)
            .field("value", &self.value)
            .field("offset", &self.offset)
            .finish()
    }
}

/// Iterator over the data objects of one level, in input order, duplicates included.
///
/// After the first error it yields nothing more: the rest of the level cannot be framed.
///
/// ```
/// use pixcode::tlv::Objects;
/// let tags: Vec<u8> = Objects::new("000201010211", Default::default())
///     .map(|o| o.map(|o| o.tag()))
///     .collect::<Result<_, _>>()?;
/// assert_eq!(tags, [0, 1]);
/// # Ok::<(), pixcode::tlv::TlvError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Objects<'a> {
    rest: &'a str,
    offset: usize,
    parent: Path,
    units: LengthUnits,
    ascii: bool,
    done: bool,
}

impl<'a> Objects<'a> {
    /// Reads the root level of `payload`, with offsets counted from its start.
    pub fn new(payload: &'a str, units: LengthUnits) -> Self {
        Self::at(payload, 0, units)
    }

    /// Reads `text`, which starts at byte `offset` of a larger input.
    pub fn at(text: &'a str, offset: usize, units: LengthUnits) -> Self {
        Objects {
            rest: text,
            offset,
            parent: Path::root(),
            units,
            ascii: all_ascii(text.as_bytes()),
            done: false,
        }
    }

    /// Like [`Objects::at`] with the ASCII scan already done by the caller.
    pub(crate) fn framed(text: &'a str, offset: usize, units: LengthUnits, ascii: bool) -> Self {
        Objects {
            rest: text,
            offset,
            parent: Path::root(),
            units,
            ascii,
            done: false,
        }
    }

    /// The part of the input not read yet.
    pub fn remainder(&self) -> &'a str {
        self.rest
    }

    /// Byte offset of the next object.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

#[inline(always)]
fn digit_pair(input: &[u8]) -> IResult<&[u8], u8, ()> {
    map_opt(take(2usize), |d: &[u8]| {
        let (hi, lo) = (d[0].wrapping_sub(b'0'), d[1].wrapping_sub(b'0'));
        (hi < 10 && lo < 10).then(|| hi * 10 + lo)
    })
    .parse(input)
}

/// The header `ID LL` as a nom parser: four ASCII digits read in one step (one bounds check,
/// four comparisons), giving the ID and the length. [`digit_pair`] says which half is wrong
/// when it fails.
#[inline(always)]
fn id_length(input: &[u8]) -> IResult<&[u8], (u8, u8), ()> {
    let Some(h) = input.first_chunk::<4>() else {
        return Err(nom::Err::Error(()));
    };
    let d = [
        h[0].wrapping_sub(b'0'),
        h[1].wrapping_sub(b'0'),
        h[2].wrapping_sub(b'0'),
        h[3].wrapping_sub(b'0'),
    ];
    if (d[0] < 10) & (d[1] < 10) & (d[2] < 10) & (d[3] < 10) {
        Ok((&input[4..], (d[0] * 10 + d[1], d[2] * 10 + d[3])))
    } else {
        Err(nom::Err::Error(()))
    }
}

/// Reads the 4-character header `ID LL`: the ID, and the length when it is not `00`.
#[inline(always)]
pub(crate) fn header(input: &[u8]) -> Option<(u8, u8)> {
    let (_, (id, len)) = id_length(input).ok()?;
    (len != 0).then_some((id, len))
}

/// Why the header at the start of `input` does not read (called only when it does not).
fn header_error(input: &[u8]) -> TlvErrorKind {
    if input.len() < 4 {
        let remaining = core::str::from_utf8(input)
            .map(char_len)
            .unwrap_or(input.len());
        return TlvErrorKind::TruncatedHeader { remaining };
    }
    let found = |at: usize| [input[at], input[at + 1]];
    match digit_pair(input) {
        Err(_) => TlvErrorKind::BadId { found: found(0) },
        Ok((rest, _)) => match digit_pair(rest) {
            Err(_) => TlvErrorKind::BadLength { found: found(2) },
            Ok(_) => TlvErrorKind::ZeroLength,
        },
    }
}

/// The length of `text` in characters, as EMV lengths count them: the byte length when it is
/// ASCII (the common case, checked a word at a time by the standard library, which is the
/// faster check for field-sized values), else the count of `char`s.
///
/// ```
/// assert_eq!(pixcode::tlv::char_len("BRASILIA"), 8);
/// assert_eq!(pixcode::tlv::char_len("Maceió"), 6);
/// ```
#[inline]
pub fn char_len(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

/// Whether every byte is ASCII. An OR-fold the compiler vectorizes: it reads the whole slice
/// without early exits, which for payload-sized inputs beats the standard library's check.
#[inline]
pub(crate) fn all_ascii(bytes: &[u8]) -> bool {
    bytes.iter().fold(0u8, |acc, &b| acc | b) < 0x80
}

/// Byte length of the first `n` characters of `s`, or `None` when `s` has fewer.
#[inline]
fn char_prefix_len(s: &str, n: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut seen = 0;
    for (i, &b) in bytes.iter().enumerate() {
        // A byte that is not a UTF-8 continuation byte starts a character.
        if (b as i8) >= -0x40 {
            if seen == n {
                return Some(i);
            }
            seen += 1;
        }
    }
    (seen == n).then_some(bytes.len())
}

impl<'a> Objects<'a> {
    /// The object at the front, when it frames: its tag, declared length and value length
    /// in bytes.
    #[inline(always)]
    fn frame(&self) -> Option<(u8, u8, usize)> {
        let (tag, len) = header(self.rest.as_bytes())?;
        // The header is 4 ASCII bytes, so slicing at 4 is on a character boundary.
        let after = &self.rest.as_bytes()[4..];
        let n = len as usize;
        let value_len = if self.ascii {
            (after.len() >= n).then_some(n)
        } else if self.units == LengthUnits::Bytes {
            (after.len() >= n && self.rest.is_char_boundary(4 + n)).then_some(n)
        } else {
            char_prefix_len(&self.rest[4..], n)
        }?;
        Some((tag, len, value_len))
    }

    /// Builds the error for the object at the front, which does not frame, and stops.
    #[cold]
    #[inline(never)]
    fn fail(&mut self) -> TlvError {
        self.done = true;
        let bytes = self.rest.as_bytes();
        let (kind, path) = match header(bytes) {
            None => {
                let kind = header_error(bytes);
                let path = match kind {
                    TlvErrorKind::ZeroLength => self
                        .parent
                        .child((bytes[0] - b'0') * 10 + (bytes[1] - b'0')),
                    _ => self.parent,
                };
                (kind, path)
            }
            Some((tag, len)) => {
                let after = &self.rest[4..];
                let remaining = match self.units {
                    LengthUnits::Chars => char_len(after),
                    LengthUnits::Bytes => after.len(),
                };
                (
                    TlvErrorKind::ValueOverrun {
                        declared: len,
                        remaining,
                    },
                    self.parent.child(tag),
                )
            }
        };
        TlvError {
            kind,
            path,
            offset: self.offset,
        }
    }
}

impl<'a> Iterator for Objects<'a> {
    type Item = Result<Object<'a>, TlvError>;

    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.rest.is_empty() {
            return None;
        }
        let Some((tag, len, value_len)) = self.frame() else {
            return Some(Err(self.fail()));
        };
        let (value, rest) = self.rest[4..].split_at(value_len);
        let object = Object {
            tag,
            len,
            value,
            offset: self.offset,
            path: self.parent.child(tag),
            units: self.units,
            ascii: self.ascii,
        };
        self.offset += 4 + value_len;
        self.rest = rest;
        Some(Ok(object))
    }
}

impl core::iter::FusedIterator for Objects<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2021::*;

    fn read(s: &str) -> Result<(u8, &str), TlvErrorKind> {
        Objects::new(s, LengthUnits::Chars)
            .next()
            .unwrap()
            .map(|o| (o.tag(), o.value()))
            .map_err(|e| e.kind)
    }

    #[test]
    fn headers() {
        assert_eq!(read("0002010"), Ok((0, "01")));
        assert_eq!(
            read("000"),
            Err(TlvErrorKind::TruncatedHeader { remaining: 3 })
        );
        assert_eq!(read("0A02"), Err(TlvErrorKind::BadId { found: *b"0A" }));
        assert_eq!(read("00x2"), Err(TlvErrorKind::BadLength { found: *b"x2" }));
        assert_eq!(read("0000"), Err(TlvErrorKind::ZeroLength));
        assert_eq!(
            read("0003ab"),
            Err(TlvErrorKind::ValueOverrun {
                declared: 3,
                remaining: 2
            })
        );
        assert_eq!(
            read("é0001"),
            Err(TlvErrorKind::BadId {
                found: [0xC3, 0xA9]
            })
        );
    }

    #[test]
    fn multibyte_lengths() {
        assert_eq!(read("5902éé"), Ok((59, "éé")));
        assert_eq!(read("5901🙂x"), Ok((59, "🙂")));
        assert_eq!(
            read("5903éé"),
            Err(TlvErrorKind::ValueOverrun {
                declared: 3,
                remaining: 2
            })
        );
        // Counting bytes must never split a character.
        let mut bytes = Objects::new("5901é", LengthUnits::Bytes);
        assert!(bytes.next().unwrap().is_err());
    }

    #[test]
    fn offsets_are_bytes() {
        let objs: Vec<_> = Objects::new("6001é6102ab", LengthUnits::Chars)
            .map(Result::unwrap)
            .collect();
        assert_eq!(objs[1].offset(), 6);
        assert_eq!(objs[1].value(), "ab");
    }
}
