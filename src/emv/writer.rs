//! Writing EMV MPM payloads: objects and templates in the order given, lengths counted in
//! characters, and the CRC appended. No allocation: the output is any [`fmt::Write`], such as
//! a [`ByteBuf`] over a caller's array.

use super::Payload;
use crate::crc;
use crate::tlv::{self, char_len, Cursor, TagSet, WriteError};
use core::fmt;

/// A data object to write: a value, or a template of further nodes.
///
/// ```
/// use pixcode::emv::Node;
/// let pix = Node::Template(26, &[Node::Value(0, "br.gov.bcb.pix"), Node::Value(1, "12345678909")]);
/// assert_eq!(pix.chars(), 4 + 18 + 15);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node<'a> {
    /// A primitive object.
    Value(u8, &'a str),
    /// A template and its children, in order.
    Template(u8, &'a [Node<'a>]),
}

impl Node<'_> {
    /// The ID.
    pub fn tag(&self) -> u8 {
        match self {
            Node::Value(t, _) | Node::Template(t, _) => *t,
        }
    }

    /// The characters the whole object takes, header included.
    pub fn chars(&self) -> usize {
        4 + self.value_chars()
    }

    fn value_chars(&self) -> usize {
        match self {
            Node::Value(_, v) => char_len(v),
            Node::Template(_, children) => children.iter().map(Node::chars).sum(),
        }
    }
}

/// Why a payload could not be written.
///
/// ```
/// use pixcode::emv::{Writer, WriterError};
/// let mut w = Writer::new(String::new())?;
/// assert_eq!(w.value(63, "ABCD").unwrap_err(), WriterError::ReservedId(63));
/// w.value(59, "Loja")?;
/// assert_eq!(w.value(59, "Loja").unwrap_err(), WriterError::Duplicate(59));
/// # Ok::<(), WriterError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WriterError {
    /// An object that cannot be written (bad ID, empty, over 99 characters, full output).
    Object(WriteError),
    /// `00` and `63` are written by the writer itself.
    ReservedId(u8),
    /// The same ID twice at one level.
    Duplicate(u8),
    /// A template whose children take more than 99 characters.
    TemplateTooLong {
        /// The template's ID.
        tag: u8,
        /// The characters its children take.
        chars: usize,
    },
    /// A template with no children.
    EmptyTemplate(u8),
    /// A payload given to [`reencode`] that is not well-formed.
    NotWellFormed,
    /// The output refused the text.
    Output,
}

impl fmt::Display for WriterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            WriterError::Object(e) => write!(f, "{e}"),
            WriterError::ReservedId(id) => write!(
                f,
                "object {id:02} is written by the writer itself (00 first, 63 last)"
            ),
            WriterError::Duplicate(id) => {
                write!(f, "object {id:02} is already written at this level")
            }
            WriterError::TemplateTooLong { tag, chars } => write!(
                f,
                "template {tag:02} holds {chars} characters of objects but at most 99 fit"
            ),
            WriterError::EmptyTemplate(id) => write!(f, "template {id:02} has no objects"),
            WriterError::NotWellFormed => {
                f.write_str("the payload to re-encode is not well-formed EMV MPM")
            }
            WriterError::Output => f.write_str("the output buffer is full"),
        }
    }
}

impl core::error::Error for WriterError {}

impl From<WriteError> for WriterError {
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::Output => WriterError::Output,
            e => WriterError::Object(e),
        }
    }
}

/// Writes a payload: `000201` first, then the objects in the order given, then `6304` and
/// the CRC in uppercase hex.
///
/// ```
/// use pixcode::emv::{Node, Writer};
/// let mut w = Writer::new(String::new())?;
/// w.node(&Node::Template(26, &[
///     Node::Value(0, "br.gov.bcb.pix"),
///     Node::Value(1, "123e4567-e12b-12d1-a456-426655440000"),
/// ]))?;
/// w.value(52, "0000")?.value(53, "986")?.value(58, "BR")?;
/// w.value(59, "Fulano de Tal")?.value(60, "BRASILIA")?;
/// w.node(&Node::Template(62, &[Node::Value(5, "***")]))?;
/// let payload = w.finish()?;
/// assert_eq!(payload, "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D");
/// # Ok::<(), pixcode::emv::WriterError>(())
/// ```
pub struct Writer<W> {
    out: W,
    digest: Staged,
    seen: TagSet,
    chars: usize,
}

impl<W> fmt::Debug for Writer<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Writer")
            .field("chars", &self.chars)
            .finish_non_exhaustive()
    }
}

/// Feeds everything written to the CRC as well as to the output.
/// What the writer writes through: whole pieces are gathered in a stack block, and the CRC and
/// the caller's output are fed a block at a time (objects arrive a few bytes at a time, and
/// both the table-driven CRC and most outputs are much faster on longer runs).
struct Tee<'w, W> {
    out: &'w mut W,
    digest: &'w mut Staged,
}

impl<W: fmt::Write> fmt::Write for Tee<'_, W> {
    #[inline]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let st = &mut *self.digest;
        if s.len() > st.block.len() - st.len {
            st.flush(self.out)?;
            if s.len() > st.block.len() {
                st.digest.update(s.as_bytes());
                return self.out.write_str(s);
            }
        }
        let mut block = Cursor::resume(&mut st.block, st.len);
        block.put(s.as_bytes()).map_err(|_| fmt::Error)?;
        st.len = block.len();
        Ok(())
    }
}

/// The block of whole pieces not yet passed on, and the CRC of what was passed on. A payload
/// that fits the block (every payload of at most 512 ASCII characters) reaches the CRC in one
/// piece at the end, so it takes [`crc::crc16`]'s fastest path.
struct Staged {
    digest: crc::Digest,
    flushed: bool,
    block: [u8; 512],
    len: usize,
}

impl Staged {
    fn new() -> Staged {
        Staged {
            digest: crc::Digest::new(),
            flushed: false,
            block: [0; 512],
            len: 0,
        }
    }

    /// Passes the block on to the CRC and the output.
    fn flush<W: fmt::Write>(&mut self, out: &mut W) -> fmt::Result {
        let bytes = &self.block[..self.len];
        self.digest.update(bytes);
        self.flushed = true;
        // The block holds whole `str` pieces.
        out.write_str(core::str::from_utf8(bytes).map_err(|_| fmt::Error)?)?;
        self.len = 0;
        Ok(())
    }

    /// Passes the rest on to the output and gives the CRC of everything written.
    fn finish<W: fmt::Write>(&mut self, out: &mut W) -> Result<u16, fmt::Error> {
        if !self.flushed {
            let crc = crc::crc16(&self.block[..self.len]);
            out.write_str(core::str::from_utf8(&self.block[..self.len]).map_err(|_| fmt::Error)?)?;
            self.len = 0;
            return Ok(crc);
        }
        self.flush(out)?;
        Ok(self.digest.clone().finalize())
    }
}

impl<W: fmt::Write> Writer<W> {
    /// Starts a payload with `000201`.
    ///
    /// # Errors
    /// [`WriterError::Output`] when the output is full.
    pub fn new(out: W) -> Result<Writer<W>, WriterError> {
        let mut w = Writer {
            out,
            digest: Staged::new(),
            seen: TagSet::EMPTY.with(0),
            chars: 0,
        };
        w.raw(0, "01")?;
        Ok(w)
    }

    fn raw(&mut self, tag: u8, value: &str) -> Result<(), WriterError> {
        let mut tee = Tee {
            out: &mut self.out,
            digest: &mut self.digest,
        };
        tlv::write_object(&mut tee, tag, value)?;
        self.chars += 4 + char_len(value);
        Ok(())
    }

    fn claim(&mut self, tag: u8) -> Result<(), WriterError> {
        if tag == 0 || tag == 63 {
            return Err(WriterError::ReservedId(tag));
        }
        if tag > 99 {
            return Err(WriterError::Object(WriteError::BadId(tag)));
        }
        if !self.seen.insert(tag) {
            return Err(WriterError::Duplicate(tag));
        }
        Ok(())
    }

    /// Writes a primitive root object.
    ///
    /// # Errors
    /// A [`WriterError`] for IDs 00/63/over 99, duplicates, empty or over-long values.
    pub fn value(&mut self, tag: u8, value: &str) -> Result<&mut Self, WriterError> {
        self.claim(tag)?;
        self.raw(tag, value)?;
        Ok(self)
    }

    /// Writes a root object, primitive or template.
    ///
    /// # Errors
    /// As [`Writer::value`], plus templates that are empty, hold duplicates or overflow 99
    /// characters.
    pub fn node(&mut self, node: &Node<'_>) -> Result<&mut Self, WriterError> {
        check(node)?;
        self.claim(node.tag())?;
        let mut tee = Tee {
            out: &mut self.out,
            digest: &mut self.digest,
        };
        emit(&mut tee, node)?;
        self.chars += node.chars();
        Ok(self)
    }

    /// The characters written so far, `6304` and the CRC not included.
    pub fn chars(&self) -> usize {
        self.chars
    }

    /// Appends `6304` and the CRC, and returns the output.
    ///
    /// # Errors
    /// [`WriterError::Output`] when the output is full.
    pub fn finish(self) -> Result<W, WriterError> {
        self.finish_with(None)
    }

    /// Appends `6304` and the CRC; `declared` is written as given when it is the right CRC in
    /// another letter case (so a re-encoding keeps it), uppercase hex otherwise.
    fn finish_with(mut self, declared: Option<&str>) -> Result<W, WriterError> {
        let mut tee = Tee {
            out: &mut self.out,
            digest: &mut self.digest,
        };
        fmt::Write::write_str(&mut tee, "6304").map_err(|_| WriterError::Output)?;
        let crc = self
            .digest
            .finish(&mut self.out)
            .map_err(|_| WriterError::Output)?;
        let hex = crc::to_hex(crc);
        let text = match declared {
            Some(d) if crc::parse_hex(d.as_bytes()) == Some(crc) => d,
            _ => core::str::from_utf8(&hex).map_err(|_| WriterError::Output)?,
        };
        self.out.write_str(text).map_err(|_| WriterError::Output)?;
        Ok(self.out)
    }
}

fn check(node: &Node<'_>) -> Result<(), WriterError> {
    if let Node::Template(tag, children) = node {
        if children.is_empty() {
            return Err(WriterError::EmptyTemplate(*tag));
        }
        let mut seen = TagSet::EMPTY;
        for c in children.iter() {
            if c.tag() > 99 {
                return Err(WriterError::Object(WriteError::BadId(c.tag())));
            }
            if !seen.insert(c.tag()) {
                return Err(WriterError::Duplicate(c.tag()));
            }
            check(c)?;
        }
        let chars = node.value_chars();
        if chars > 99 {
            return Err(WriterError::TemplateTooLong { tag: *tag, chars });
        }
    }
    Ok(())
}

fn emit<W: fmt::Write>(out: &mut W, node: &Node<'_>) -> Result<(), WriterError> {
    match node {
        Node::Value(tag, value) => tlv::write_object(out, *tag, value)?,
        Node::Template(tag, children) => {
            let n = node.value_chars();
            if *tag > 99 {
                return Err(WriterError::Object(WriteError::BadId(*tag)));
            }
            tlv::write_header(out, *tag, n as u8)?;
            for c in children.iter() {
                emit(out, c)?;
            }
        }
    }
    Ok(())
}

/// Writes a decoded, valid payload back through the writer, object by object and template
/// by template; for every valid payload the result equals the input without its surrounding
/// whitespace. A matching CRC keeps the letter case it was declared in.
///
/// # Errors
/// [`WriterError`] when the payload is not well-formed (check it first) or the output is full.
///
/// ```
/// let input = "00020101021129370016A000000677010111011300668012345675802TH530376463046197";
/// let payload = pixcode::emv::Payload::parse(input)?;
/// let out = pixcode::emv::reencode(&payload, String::new())?;
/// assert_eq!(out, input);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn reencode<W: fmt::Write>(payload: &Payload<'_>, out: W) -> Result<W, WriterError> {
    let mut w = Writer::new(out)?;
    let mut declared = None;
    let mut first = true;
    for obj in payload.objects() {
        let obj = obj.map_err(|_| WriterError::NotWellFormed)?;
        if first {
            first = false;
            if obj.tag() != 0 || obj.value() != "01" {
                return Err(WriterError::NotWellFormed);
            }
            continue;
        }
        if obj.tag() == 63 {
            declared = Some(obj.value());
            continue;
        }
        w.claim(obj.tag())?;
        let mut tee = Tee {
            out: &mut w.out,
            digest: &mut w.digest,
        };
        copy(&mut tee, &obj)?;
        w.chars += 4 + obj.len_chars();
    }
    w.finish_with(declared)
}

/// Re-emits `obj`, descending into templates so that every header is written anew.
fn copy<W: fmt::Write>(out: &mut W, obj: &crate::tlv::Object<'_>) -> Result<(), WriterError> {
    let nested = super::is_template(obj.path()) && obj.children().all(|c| c.is_ok());
    if !nested {
        return Ok(tlv::write_object(out, obj.tag(), obj.value())?);
    }
    let n = obj
        .children()
        .map_while(Result::ok)
        .map(|c| 4 + c.len_chars())
        .sum::<usize>();
    let tag = obj.tag();
    tlv::write_header(out, tag, n as u8)?;
    for child in obj.children().map_while(Result::ok) {
        copy(out, &child)?;
    }
    Ok(())
}

/// A [`fmt::Write`] over a caller's byte array: writing never allocates.
///
/// ```
/// let mut buf = [0u8; 64];
/// let mut out = pixcode::emv::ByteBuf::new(&mut buf);
/// pixcode::tlv::write_object(&mut out, 59, "Loja")?;
/// assert_eq!(out.as_str(), "5904Loja");
/// # Ok::<(), pixcode::tlv::WriteError>(())
/// ```
#[derive(Debug)]
pub struct ByteBuf<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl<'b> ByteBuf<'b> {
    /// An empty buffer over `buf`.
    pub fn new(buf: &'b mut [u8]) -> ByteBuf<'b> {
        ByteBuf { buf, len: 0 }
    }

    /// The text written so far.
    pub fn as_str(&self) -> &str {
        // Only whole `str`s are ever copied in.
        core::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }

    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// Gives back the written part of the buffer with the buffer's own lifetime.
    pub fn into_str(self) -> &'b str {
        let bytes: &'b [u8] = &self.buf[..self.len];
        core::str::from_utf8(bytes).unwrap_or("")
    }

    /// How many bytes were written.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl fmt::Write for ByteBuf<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(fmt::Error)?;
        let dst = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}
