//! Writing data objects: headers and values, into any [`fmt::Write`] or straight into a byte
//! buffer ([`Cursor`], the one byte writer under every writer of the crate).

use super::char_len;
use core::fmt;

/// Why an object could not be written.
///
/// ```
/// use pixcode::tlv::{write_object, WriteError};
/// let mut out = String::new();
/// assert_eq!(write_object(&mut out, 100, "x"), Err(WriteError::BadId(100)));
/// assert_eq!(write_object(&mut out, 59, ""), Err(WriteError::Empty(59)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WriteError {
    /// The ID is over 99.
    BadId(u8),
    /// The value is empty.
    Empty(u8),
    /// The value has more than 99 characters.
    TooLong {
        /// The ID.
        tag: u8,
        /// Its length in characters.
        chars: usize,
    },
    /// The output refused the text (a full buffer).
    Output,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            WriteError::BadId(id) => write!(f, "ID {id} is outside 00-99"),
            WriteError::Empty(id) => write!(f, "object {id:02} has an empty value"),
            WriteError::TooLong { tag, chars } => {
                write!(
                    f,
                    "object {tag:02} has {chars} characters but at most 99 fit"
                )
            }
            WriteError::Output => f.write_str("the output buffer is full"),
        }
    }
}

impl core::error::Error for WriteError {}

/// "00" to "99", for writing headers without formatting machinery.
const TWO_DIGITS: &str = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

/// The output buffer is full.
pub(crate) struct Full;

/// Writes bytes and objects straight into a caller's byte buffer: the one byte writer under
/// the Pix builder and [`crate::emv::Writer`]'s staging block. Every length given is at most
/// 99 (callers check values and templates before writing).
pub(crate) struct Cursor<'b> {
    buf: &'b mut [u8],
    at: usize,
}

impl<'b> Cursor<'b> {
    /// An empty cursor at the start of `buf`.
    #[inline]
    pub(crate) fn new(buf: &'b mut [u8]) -> Self {
        Cursor { buf, at: 0 }
    }

    /// A cursor over `buf` whose first `at` bytes are already written.
    #[inline]
    pub(crate) fn resume(buf: &'b mut [u8], at: usize) -> Self {
        Cursor { buf, at }
    }

    /// Appends `bytes`.
    #[inline]
    pub(crate) fn put(&mut self, bytes: &[u8]) -> Result<(), Full> {
        let end = self.at + bytes.len();
        self.buf
            .get_mut(self.at..end)
            .ok_or(Full)?
            .copy_from_slice(bytes);
        self.at = end;
        Ok(())
    }

    /// Appends the header of object `tag` whose value takes `chars` characters.
    #[inline]
    pub(crate) fn header(&mut self, tag: u8, chars: usize) -> Result<(), Full> {
        debug_assert!(tag <= 99 && (1..=99).contains(&chars));
        self.put(&header_bytes(tag, chars as u8))
    }

    /// Appends object `tag` with `value`, which takes `chars` characters.
    #[inline]
    pub(crate) fn object(&mut self, tag: u8, value: &str, chars: usize) -> Result<(), Full> {
        self.header(tag, chars)?;
        self.put(value.as_bytes())
    }

    /// How many bytes are written.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.at
    }

    /// The bytes written.
    #[inline]
    pub(crate) fn written(&self) -> &[u8] {
        &self.buf[..self.at]
    }
}

/// The header `ID LL` as bytes (both `0..=99`).
#[inline]
pub(crate) const fn header_bytes(tag: u8, len: u8) -> [u8; 4] {
    [
        b'0' + tag / 10,
        b'0' + tag % 10,
        b'0' + len / 10,
        b'0' + len % 10,
    ]
}

/// Writes the header `ID LL` (both `0..=99`).
#[inline]
pub(crate) fn write_header<W: fmt::Write>(out: &mut W, tag: u8, len: u8) -> Result<(), WriteError> {
    let pair = |n: u8| {
        TWO_DIGITS
            .get(2 * n as usize..2 * n as usize + 2)
            .ok_or(WriteError::BadId(n))
    };
    out.write_str(pair(tag)?).map_err(|_| WriteError::Output)?;
    out.write_str(pair(len)?).map_err(|_| WriteError::Output)
}

/// Writes one data object `ID LL VALUE`, counting the length in characters.
///
/// ```
/// let mut out = String::new();
/// pixcode::tlv::write_object(&mut out, 60, "Maceió")?;
/// assert_eq!(out, "6006Maceió");
/// # Ok::<(), pixcode::tlv::WriteError>(())
/// ```
pub fn write_object<W: fmt::Write>(out: &mut W, tag: u8, value: &str) -> Result<(), WriteError> {
    if tag > 99 {
        return Err(WriteError::BadId(tag));
    }
    if value.is_empty() {
        return Err(WriteError::Empty(tag));
    }
    let chars = char_len(value);
    if chars > 99 {
        return Err(WriteError::TooLong { tag, chars });
    }
    write_header(out, tag, chars as u8)?;
    out.write_str(value).map_err(|_| WriteError::Output)
}
