//! What the reader finds, and why it found nothing.

use super::*;

/// Why no payload could be read from an image.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScanError {
    /// Not an image of a format read here, a truncated one, or one over the limits.
    #[error("cannot read the image: {0}")]
    Image(String),
    /// The image holds no QR code that could be read.
    #[error("no QR code found in the image")]
    NotFound,
    /// The search took more than its work bound ([`MAX_WORK`]): an image built to make the
    /// reader try every pairing of many finder-like patterns.
    #[error("the image holds too many finder-like patterns to search in bounded time (more than {MAX_WORK} image copies' worth of candidates)")]
    TooComplex,
    /// The reader failed inside (a known defect of the QR decoder on some images), contained.
    #[error("the QR reader failed on this image: {0}")]
    Reader(String),
    /// Not a PDF read here (malformed, encrypted with a password), or one over the PDF
    /// limits (see the [`pdf`] module; feature `pdf`).
    #[error("cannot read the PDF: {0}")]
    Pdf(String),
    /// A page of a PDF failed with the error inside.
    #[error("page {page}: {error}")]
    OnPage {
        /// The page, counted from 1.
        page: u32,
        /// What failed on it.
        error: std::boxed::Box<ScanError>,
    },
}

impl ScanError {
    /// The page of a PDF the error is on, counted from 1; `None` for the file as a whole.
    ///
    /// ```
    /// assert_eq!(pixcode::scan::scan(b"no image").unwrap_err().page(), None);
    /// ```
    pub fn page(&self) -> Option<u32> {
        match self {
            ScanError::OnPage { page, .. } => Some(*page),
            _ => None,
        }
    }

    /// A stable snake_case code: `image`, `not_found`, `too_complex`, `reader` or `pdf`; an
    /// error on a page of a PDF has the code of the error inside.
    ///
    /// ```
    /// assert_eq!(pixcode::scan::scan(b"no image").unwrap_err().code(), "image");
    /// ```
    pub const fn code(&self) -> &'static str {
        match self {
            ScanError::Image(_) => "image",
            ScanError::NotFound => "not_found",
            ScanError::TooComplex => "too_complex",
            ScanError::Reader(_) => "reader",
            ScanError::Pdf(_) => "pdf",
            ScanError::OnPage { error, .. } => error.code(),
        }
    }
}

/// How a symbol's bytes were read as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Charset {
    /// UTF-8, as a Pix code must be (spec `brcode.md` §1.4).
    #[cfg_attr(feature = "serde", serde(rename = "utf-8"))]
    Utf8,
    /// The charset an ECI header in the symbol names (read as it says).
    #[cfg_attr(feature = "serde", serde(rename = "eci"))]
    Eci,
    /// ISO-8859-1, the QR standard's default, for bytes that are not UTF-8: the text is read,
    /// but a Pix code must be UTF-8, so its generator is at fault.
    #[cfg_attr(feature = "serde", serde(rename = "iso-8859-1"))]
    Latin1,
}

impl Charset {
    /// What a reader of a Pix code should be told of this charset, if anything.
    ///
    /// ```
    /// use pixcode::scan::Charset;
    /// assert!(Charset::Latin1.warning().unwrap().contains("must be UTF-8"));
    /// assert_eq!(Charset::Utf8.warning(), None);
    /// ```
    pub const fn warning(self) -> Option<&'static str> {
        match self {
            Charset::Latin1 => Some(
                "the bytes are not UTF-8 and were read as ISO-8859-1; a Pix code must be UTF-8",
            ),
            Charset::Utf8 | Charset::Eci => None,
        }
    }

    /// `"utf-8"`, `"iso-8859-1"` or `"eci"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Charset::Utf8 => "utf-8",
            Charset::Eci => "eci",
            Charset::Latin1 => "iso-8859-1",
        }
    }
}

/// A point in the image, in pixels from the top-left corner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Point {
    /// Pixels to the right.
    pub x: i32,
    /// Pixels down.
    pub y: i32,
}

/// One QR code read from an image.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Symbol {
    /// The text, exactly as read (decoded with [`Symbol::charset`]).
    pub text: String,
    /// How the bytes were read as text.
    pub charset: Charset,
    /// The symbol's corners in the image: top-left, top-right, bottom-right, bottom-left of
    /// the code as it is read (so rotated with it).
    pub corners: [Point; 4],
    /// Whether it was found with its colours inverted (light modules on dark, as in a
    /// dark-mode screenshot).
    pub inverted: bool,
    /// The page it is on, counted from 1, for a PDF; `None` for an image. The corners of a
    /// symbol on a page are in pixels of the page drawn at [`pdf::DPI`] dots an inch
    /// (feature `pdf`).
    pub page: Option<u32>,
}

impl PartialEq<&str> for Symbol {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}
