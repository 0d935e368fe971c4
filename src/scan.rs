//! Reading QR codes from images: a screenshot of a bank app, a photo of a receipt.
//!
//! Images are decoded with limits (dimensions and memory), so a decompression bomb fails
//! with an error in bounded time and memory instead of exhausting the machine.
//!
//! ```
//! # #[cfg(feature = "render")] {
//! use pixcode::render::{Options, Qr};
//! let code = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
//! let png = Qr::new(code, &Options::default())?.to_png()?;
//! let found = pixcode::scan::scan(&png)?;
//! assert_eq!(found, [code]);
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::string::{String, ToString};
use std::vec::Vec;

/// The largest image side accepted, in pixels.
pub const MAX_SIDE: u32 = 8192;
/// The most memory image decoding may take, in bytes.
pub const MAX_ALLOC: u64 = 256 * 1024 * 1024;

/// Why no payload could be read from an image.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScanError {
    /// Not a PNG or JPEG image, a truncated one, or one over the limits.
    #[error("cannot read the image: {0}")]
    Image(String),
    /// The image holds no QR code that could be read.
    #[error("no QR code found in the image")]
    NotFound,
    /// A QR code was found but its content is not UTF-8 text.
    #[error("the QR code's content is not UTF-8 text")]
    NotText,
    /// The search took more than its work bound ([`MAX_WORK`]): an image built to make the
    /// reader try every pairing of many finder-like patterns.
    #[error("the image holds too many finder-like patterns to search in bounded time (more than {MAX_WORK} image copies' worth of candidates)")]
    TooComplex,
    /// The reader failed inside (a known defect of the QR decoder on some images), contained.
    #[error("the QR reader failed on this image: {0}")]
    Reader(String),
}

/// The most work one image may cost, in copies of the image: the reader tries each plausible
/// triple of finder patterns on a copy, so an image tiled with finder patterns would otherwise
/// cost time cubic in their number. A real photo or screenshot needs a handful. The bound is
/// also capped at [`MAX_WORK_BYTES`] copied in all, so a large image gets fewer copies.
pub const MAX_WORK: u64 = 256;

/// The most bytes the search may copy in all (see [`MAX_WORK`]).
pub const MAX_WORK_BYTES: u64 = 2 << 30;

/// A greyscale image whose copies are counted against a budget: the reader's cost is in them.
struct Metered {
    pixels: Vec<u8>,
    spent: std::rc::Rc<core::cell::Cell<u64>>,
    budget: u64,
}

/// The unwinding payload that stops a search over its budget (raised with `resume_unwind`, so
/// no panic hook runs and nothing is printed).
struct OverBudget;

impl Clone for Metered {
    fn clone(&self) -> Self {
        let spent = self.spent.get() + self.pixels.len() as u64;
        self.spent.set(spent);
        if spent > self.budget {
            std::panic::resume_unwind(std::boxed::Box::new(OverBudget));
        }
        Metered {
            pixels: self.pixels.clone(),
            spent: self.spent.clone(),
            budget: self.budget,
        }
    }
}

impl core::ops::Deref for Metered {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.pixels
    }
}

impl core::ops::DerefMut for Metered {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut self.pixels
    }
}

/// Runs the QR search on a greyscale image within the work bound, containing any panic of the
/// reader. Returns each grid's decoded bytes.
fn search(img: image::GrayImage) -> Result<Vec<Result<Vec<u8>, ()>>, ScanError> {
    let (w, h) = img.dimensions();
    let size = (u64::from(w) * u64::from(h)).max(1);
    let budget = (MAX_WORK * size).min(MAX_WORK_BYTES.max(size));
    let metered = Metered {
        pixels: img.into_raw(),
        spent: std::rc::Rc::new(core::cell::Cell::new(0)),
        budget,
    };
    let Some(buffer) = image::ImageBuffer::<image::Luma<u8>, Metered>::from_raw(w, h, metered)
    else {
        return Err(ScanError::Image(
            "the image's pixels do not fill its size".to_string(),
        ));
    };
    let run = std::panic::AssertUnwindSafe(move || {
        let mut prepared = rqrr::PreparedImage::prepare(buffer);
        prepared
            .detect_grids()
            .into_iter()
            .map(|grid| {
                let mut bytes = Vec::new();
                grid.decode_to(&mut bytes).map(|_| bytes).map_err(|_| ())
            })
            .collect::<Vec<_>>()
    });
    std::panic::catch_unwind(run).map_err(|payload| {
        if payload.is::<OverBudget>() {
            ScanError::TooComplex
        } else {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_string());
            ScanError::Reader(what)
        }
    })
}

/// Finds every QR code in a PNG or JPEG image and returns their contents, in the order found.
///
/// Bounded on any input: the decoder's limits ([`MAX_SIDE`], [`MAX_ALLOC`]) bound memory, the
/// work bound ([`MAX_WORK`]) bounds the search, and a panic inside the QR reader is contained
/// and returned as [`ScanError::Reader`].
///
/// # Errors
/// [`ScanError`] when the image cannot be read, holds no readable QR code, or is too complex
/// to search within the bound.
pub fn scan(image_bytes: &[u8]) -> Result<Vec<String>, ScanError> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(image_bytes))
        .with_guessed_format()
        .map_err(|e| ScanError::Image(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let img = reader
        .decode()
        .map_err(|e| ScanError::Image(e.to_string()))?
        .to_luma8();
    let mut found = Vec::new();
    let mut not_text = false;
    for bytes in search(img)?.into_iter().flatten() {
        match String::from_utf8(bytes) {
            Ok(s) => found.push(s),
            Err(_) => not_text = true,
        }
    }
    match (found.is_empty(), not_text) {
        (false, _) => Ok(found),
        (true, true) => Err(ScanError::NotText),
        (true, false) => Err(ScanError::NotFound),
    }
}
