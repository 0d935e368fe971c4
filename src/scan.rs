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
}

/// Finds every QR code in a PNG or JPEG image and returns their contents, in the order found.
///
/// # Errors
/// [`ScanError`] when the image cannot be read or holds no readable QR code.
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
    let (w, h) = (img.width() as usize, img.height() as usize);
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        img.get_pixel(x as u32, y as u32).0[0]
    });
    let grids = prepared.detect_grids();
    let mut found = Vec::new();
    let mut not_text = false;
    for grid in grids {
        let mut bytes = Vec::new();
        if grid.decode_to(&mut bytes).is_ok() {
            match String::from_utf8(bytes) {
                Ok(s) => found.push(s),
                Err(_) => not_text = true,
            }
        }
    }
    match (found.is_empty(), not_text) {
        (false, _) => Ok(found),
        (true, true) => Err(ScanError::NotText),
        (true, false) => Err(ScanError::NotFound),
    }
}
