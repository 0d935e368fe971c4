//! Where a problem is (field path and byte offset), how bad it is, and fixed-capacity lists of
//! findings that need no allocation.

use core::fmt;

/// The path of a data object in the payload tree, such as `62.05` (sub-object `05` of the
/// Additional Data Field Template `62`).
///
/// The root itself (a problem with the payload as a whole) has the empty path, shown as `""`.
///
/// ```
/// use pixcode::Path;
/// let path = Path::root().child(62).child(5);
/// assert_eq!(path.to_string(), "62.05");
/// assert_eq!(path.tags(), &[62, 5]);
/// assert_eq!(path.parent(), Some(Path::root().child(62)));
/// assert_eq!(Path::root().to_string(), "");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Path {
    tags: [u8; Path::MAX_DEPTH],
    len: u8,
}

impl Path {
    /// The deepest path kept. Deeper objects keep the path of their ancestor at this depth.
    pub const MAX_DEPTH: usize = 4;

    /// The empty path of the payload root.
    pub const fn root() -> Path {
        Path {
            tags: [0; Path::MAX_DEPTH],
            len: 0,
        }
    }

    /// The path of the child `tag` of `self`.
    ///
    /// Beyond [`Path::MAX_DEPTH`] levels the path stays at its deepest kept ancestor.
    #[inline(always)]
    pub const fn child(self, tag: u8) -> Path {
        if self.len as usize >= Path::MAX_DEPTH {
            return self;
        }
        // Whole-word arithmetic rather than a byte store: a path is rebuilt for every object
        // read, and a byte store followed by a wider load stalls the pipeline.
        let packed = u32::from_le_bytes(self.tags) | (tag as u32) << (8 * self.len as u32);
        Path {
            tags: packed.to_le_bytes(),
            len: self.len + 1,
        }
    }

    /// The path one level up, or `None` for the root.
    pub fn parent(mut self) -> Option<Path> {
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        self.tags[self.len as usize] = 0;
        Some(self)
    }

    /// The tags from the root down, each `0..=99`.
    pub fn tags(&self) -> &[u8] {
        &self.tags[..self.len as usize]
    }

    /// The number of levels: 0 for the root, 1 for a root object, 2 for a sub-object.
    pub const fn depth(&self) -> usize {
        self.len as usize
    }

    /// The last tag of the path, or `None` for the root.
    pub fn last(&self) -> Option<u8> {
        self.tags().last().copied()
    }

    /// Writes the path as text (`62.05`) into a fixed buffer and returns it.
    ///
    /// ```
    /// let p = pixcode::Path::root().child(26).child(1);
    /// let mut buf = [0u8; 12];
    /// assert_eq!(p.as_str(&mut buf), "26.01");
    /// ```
    pub fn as_str<'b>(&self, buf: &'b mut [u8; 12]) -> &'b str {
        let mut n = 0;
        for (i, tag) in self.tags().iter().enumerate() {
            if i > 0 {
                buf[n] = b'.';
                n += 1;
            }
            buf[n] = b'0' + tag / 10;
            buf[n + 1] = b'0' + tag % 10;
            n += 2;
        }
        // Only ASCII digits and dots were written.
        core::str::from_utf8(&buf[..n]).unwrap_or("")
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 12];
        f.write_str(self.as_str(&mut buf))
    }
}

impl fmt::Debug for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Path({self})")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Path {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; 12];
        serializer.serialize_str(self.as_str(&mut buf))
    }
}

/// How serious a finding is.
///
/// ```
/// use pixcode::Severity;
/// assert_eq!(Severity::Error.as_str(), "error");
/// assert!(Severity::Error > Severity::Warning);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Severity {
    /// Worth knowing; the payload stays valid.
    Warning,
    /// The payload is invalid.
    Error,
}

impl Severity {
    /// `"warning"` or `"error"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A problem kind that has a stable machine code.
///
/// Implemented by [`emv::Problem`](crate::emv::Problem) and [`pix::Problem`](crate::pix::Problem).
pub trait Code: Copy + fmt::Display + fmt::Debug {
    /// The stable snake_case code, such as `"value_overrun"`.
    fn code(&self) -> &'static str;
    /// Whether this problem makes the payload invalid.
    fn severity(&self) -> Severity;
}

/// One error or warning: what is wrong, where (field path and byte offset in the input), and
/// how bad it is.
///
/// ```
/// let report = pixcode::inspect(b"000201000201");
/// let first = &report.emv.errors[0];
/// assert_eq!(first.code(), "duplicate_id");
/// assert_eq!(first.path.to_string(), "00");
/// assert_eq!(first.offset, 6);
/// assert!(first.to_string().starts_with("error at 00 (byte 6):"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Finding<P> {
    /// What is wrong, with the expected and found values.
    pub problem: P,
    /// The field the problem is about; empty for the payload as a whole.
    pub path: Path,
    /// Byte offset in the input where the problem is.
    pub offset: usize,
}

impl<P: Code> Finding<P> {
    /// The stable snake_case code of the problem.
    pub fn code(&self) -> &'static str {
        self.problem.code()
    }

    /// Whether this finding is an error or a warning.
    pub fn severity(&self) -> Severity {
        self.problem.severity()
    }
}

impl<P: Code> fmt::Display for Finding<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.depth() == 0 {
            write!(
                f,
                "{} (byte {}): {}",
                self.severity(),
                self.offset,
                self.problem
            )
        } else {
            write!(
                f,
                "{} at {} (byte {}): {}",
                self.severity(),
                self.path,
                self.offset,
                self.problem
            )
        }
    }
}

#[cfg(feature = "serde")]
impl<P: Code> serde::Serialize for Finding<P> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Message<'a, P>(&'a P);
        impl<P: fmt::Display> serde::Serialize for Message<'_, P> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self.0)
            }
        }
        let mut s = serializer.serialize_struct("Finding", 4)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("path", &self.path)?;
        s.serialize_field("offset", &self.offset)?;
        s.serialize_field("message", &Message(&self.problem))?;
        s.end()
    }
}

/// A list of findings of fixed capacity, kept without allocation.
///
/// Findings past the capacity are counted in [`Findings::dropped`], never lost silently.
///
/// ```
/// let report = pixcode::inspect(b"000201");
/// assert!(!report.emv.errors.is_empty());
/// assert_eq!(report.emv.errors.dropped(), 0);
/// for finding in report.emv.errors.iter() {
///     assert_eq!(finding.severity(), pixcode::Severity::Error);
/// }
/// ```
#[derive(Clone, Copy)]
pub struct Findings<P> {
    items: [Option<Finding<P>>; FINDINGS_CAPACITY],
    len: u16,
    dropped: u32,
}

/// How many findings of one severity a [`Findings`] list keeps.
pub const FINDINGS_CAPACITY: usize = 24;

impl<P: Copy> Findings<P> {
    /// An empty list.
    pub const fn new() -> Self {
        Findings {
            items: [None; FINDINGS_CAPACITY],
            len: 0,
            dropped: 0,
        }
    }

    /// Adds a finding, or counts it as dropped when the list is full.
    pub fn push(&mut self, finding: Finding<P>) {
        if (self.len as usize) < FINDINGS_CAPACITY {
            self.items[self.len as usize] = Some(finding);
            self.len += 1;
        } else {
            self.dropped = self.dropped.saturating_add(1);
        }
    }

    /// The number of findings kept.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether no finding was reported at all (kept or dropped).
    pub fn is_empty(&self) -> bool {
        self.len == 0 && self.dropped == 0
    }

    /// How many findings did not fit and were only counted.
    pub fn dropped(&self) -> u32 {
        self.dropped
    }

    /// The findings kept, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Finding<P>> + '_ {
        self.items[..self.len as usize].iter().flatten()
    }

    /// The first finding, if any.
    pub fn first(&self) -> Option<&Finding<P>> {
        self.items[0].as_ref()
    }

    /// Whether a finding with this code is in the list.
    pub fn contains(&self, code: &str) -> bool
    where
        P: Code,
    {
        self.iter().any(|f| f.code() == code)
    }
}

impl<P: Copy> Default for Findings<P> {
    fn default() -> Self {
        Self::new()
    }
}

impl<P> core::ops::Index<usize> for Findings<P> {
    type Output = Finding<P>;
    fn index(&self, index: usize) -> &Finding<P> {
        match self.items[..self.len as usize].get(index) {
            Some(Some(f)) => f,
            _ => panic!("finding index {index} out of range"),
        }
    }
}

impl<P: fmt::Debug + Copy> fmt::Debug for Findings<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        list.entries(self.iter());
        if self.dropped > 0 {
            list.entry(&format_args!("... {} more", self.dropped));
        }
        list.finish()
    }
}

#[cfg(feature = "serde")]
impl<P: Code> serde::Serialize for Findings<P> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// Receives findings as a check runs.
///
/// [`Findings`] pairs and the first-error catcher used by the strict parsers implement it; a
/// caller can implement it to stream findings somewhere else.
pub trait Sink<P> {
    /// Whether warnings are wanted at all. Checks whose only outcome is a warning are skipped
    /// when this is `false`.
    fn wants_warnings(&self) -> bool {
        true
    }
    /// Takes one finding. Returns `false` to stop the check early.
    fn report(&mut self, finding: Finding<P>) -> bool;
}

/// Errors and warnings of one check, kept apart.
///
/// ```
/// let report = pixcode::inspect(b" 00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D");
/// assert!(report.emv.errors.is_empty());
/// assert_eq!(report.emv.warnings[0].code(), "surrounding_whitespace");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Report<P: Copy> {
    /// Problems that make the payload invalid.
    pub errors: Findings<P>,
    /// Problems worth knowing that leave it valid.
    pub warnings: Findings<P>,
}

impl<P: Copy> Default for Report<P> {
    fn default() -> Self {
        Report {
            errors: Findings::new(),
            warnings: Findings::new(),
        }
    }
}

impl<P: Code> Report<P> {
    /// `true` when there is no error.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

impl<P: Code> Sink<P> for Report<P> {
    fn report(&mut self, finding: Finding<P>) -> bool {
        match finding.severity() {
            Severity::Error => self.errors.push(finding),
            Severity::Warning => self.warnings.push(finding),
        }
        true
    }
}

/// The sink asked a check to stop.
pub(crate) struct Stop;

/// Reports one finding to `sink`; `Err(Stop)` when the sink wants no more.
#[inline]
pub(crate) fn emit<P, S: Sink<P>>(
    sink: &mut S,
    problem: P,
    path: Path,
    offset: usize,
) -> Result<(), Stop> {
    if sink.report(Finding {
        problem,
        path,
        offset,
    }) {
        Ok(())
    } else {
        Err(Stop)
    }
}

/// A sink that keeps the first error and stops there; warnings are not computed.
pub(crate) struct FirstError<P>(pub(crate) Option<Finding<P>>);

impl<P: Code> Sink<P> for FirstError<P> {
    fn wants_warnings(&self) -> bool {
        false
    }
    fn report(&mut self, finding: Finding<P>) -> bool {
        if finding.severity() == Severity::Error {
            self.0 = Some(finding);
            false
        } else {
            true
        }
    }
}
