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
//! assert_eq!(found[0].text, code);
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::string::{String, ToString};
use std::vec::Vec;

mod grey;
#[cfg(feature = "pdf")]
pub mod pdf;
mod symbol;

/// The largest image side accepted, in pixels.
pub const MAX_SIDE: u32 = 8192;
/// The most memory image decoding may take, in bytes.
pub const MAX_ALLOC: u64 = 256 * 1024 * 1024;

pub use symbol::{Charset, Point, ScanError, Symbol};

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

/// One grid the search found: its decoded bytes (when it decodes) and its corners.
type Found = (Result<Vec<u8>, ()>, [Point; 4]);

/// Runs the QR search on a greyscale image within the work bound, containing any panic of the
/// reader. Returns each grid's decoded bytes and corners.
fn search(img: image::GrayImage) -> Result<Vec<Found>, ScanError> {
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
                let corners = grid.bounds.map(|p| Point { x: p.x, y: p.y });
                (
                    grid.decode_to(&mut bytes).map(|_| bytes).map_err(|_| ()),
                    corners,
                )
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

/// Finds every QR code in an image (PNG, JPEG, WebP, GIF's first frame, BMP) and returns each
/// with its text, charset and corners, in the order found.
///
/// Transparent pixels count as white. When nothing is read, the search runs again: on the
/// image with its colours inverted, for light-on-dark codes (dark-mode screenshots; symbols
/// found so are marked [`Symbol::inverted`]), then on a 3 × 3 median of it (noise, paper
/// grain), then at twice its size (modules of one or two pixels). Bytes that are UTF-8 are read as UTF-8,
/// others as ISO-8859-1 ([`Charset::Latin1`], the QR standard's default), never refused.
///
/// Bounded on any input: the decoder's limits ([`MAX_SIDE`], [`MAX_ALLOC`]) bound memory, the
/// work bounds ([`MAX_FINDER_CANDIDATES`] and [`MAX_WORK`], for each of the four passes)
/// bound the time, and a panic inside
/// the QR reader is contained and returned as [`ScanError::Reader`].
///
/// ```
/// # #[cfg(feature = "render")] {
/// use pixcode::render::{Options, Qr};
/// let code = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
/// let found = pixcode::scan::scan(&Qr::new(code, &Options::default())?.to_png()?)?;
/// assert_eq!(found[0].text, code);
/// assert!(!found[0].inverted);
/// assert_eq!(found[0].charset, pixcode::scan::Charset::Utf8);
/// // The corners sit in the 4-module quiet zone, 8 pixels a module: 32 pixels in.
/// assert!((28..=36).contains(&found[0].corners[0].x));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ScanError`] when the image cannot be read, holds no readable QR code, or is too complex
/// to search within the bound.
pub fn scan(image_bytes: &[u8]) -> Result<Vec<Symbol>, ScanError> {
    #[cfg(feature = "pdf")]
    if pdf::is_pdf(image_bytes) {
        return pdf::scan_pdf(image_bytes);
    }
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
        .map_err(|e| ScanError::Image(e.to_string()))?;
    let symbols = scan_grey(&grey::greyscale(img))?;
    if symbols.is_empty() {
        return Err(ScanError::NotFound);
    }
    Ok(symbols)
}

/// The passes over one greyscale image; empty when none reads anything.
fn scan_grey(grey: &image::GrayImage) -> Result<Vec<Symbol>, ScanError> {
    // Each pass runs only when the ones before it read nothing; each is bounded, and there
    // are four, so the whole is.
    let symbols = one_pass(grey, false)?;
    if !symbols.is_empty() {
        return Ok(symbols);
    }
    let mut inverted = grey.clone();
    image::imageops::invert(&mut inverted);
    let symbols = one_pass(&inverted, true)?;
    if !symbols.is_empty() {
        return Ok(symbols);
    }
    // Noise and paper grain (receipt photos): a 3 × 3 median.
    let symbols = one_pass(&median3(grey), false)?;
    if !symbols.is_empty() {
        return Ok(symbols);
    }
    // Modules of one or two pixels: twice the size, when that stays within the limits.
    let (w, h) = grey.dimensions();
    if w.max(h) <= MAX_UPSCALED_SIDE / 2 {
        let up = image::imageops::resize(grey, 2 * w, 2 * h, image::imageops::FilterType::Triangle);
        let symbols = one_pass(&up, false)?;
        if !symbols.is_empty() {
            return Ok(halved(symbols));
        }
    }
    Ok(Vec::new())
}

/// The largest side an image is upscaled to for the small-module pass.
const MAX_UPSCALED_SIDE: u32 = 4096;

/// Symbols read on the doubled image, their corners back in the image's own pixels.
fn halved(mut symbols: Vec<Symbol>) -> Vec<Symbol> {
    for s in &mut symbols {
        for c in &mut s.corners {
            *c = Point {
                x: c.x / 2,
                y: c.y / 2,
            };
        }
    }
    symbols
}

/// The 3 × 3 median of a grey image (edges use the pixels that exist).
fn median3(img: &image::GrayImage) -> image::GrayImage {
    let (w, h) = img.dimensions();
    image::GrayImage::from_fn(w, h, |x, y| {
        let mut v = [0u8; 9];
        let mut n = 0;
        for dy in 0..3 {
            for dx in 0..3 {
                let (px, py) = ((x + dx).wrapping_sub(1), (y + dy).wrapping_sub(1));
                if px < w && py < h {
                    v[n] = img.get_pixel(px, py).0[0];
                    n += 1;
                }
            }
        }
        let v = &mut v[..n];
        v.sort_unstable();
        image::Luma([v[n / 2]])
    })
}

/// One pass over an image: the main reader (rxing, a port of zxing) when the image's finder
/// candidates are within [`MAX_FINDER_CANDIDATES`], then, if it read nothing, the second
/// reader (rqrr) within its work bound.
fn one_pass(grey: &image::GrayImage, inverted: bool) -> Result<Vec<Symbol>, ScanError> {
    let main = rxing_pass(grey, inverted);
    if let Ok(found) = &main {
        if !found.is_empty() {
            return main;
        }
    }
    match search(grey.clone()) {
        Ok(found) => Ok(decoded(found, inverted)),
        // The main reader's verdict stands when the second one cannot add anything.
        Err(e) => match main {
            Err(m) => Err(m),
            Ok(_) if matches!(e, ScanError::TooComplex) => Err(e),
            Ok(_) => Ok(Vec::new()),
        },
    }
}

/// The most candidate finder patterns (1:1:3:1:1 runs on a row, told apart by position and
/// size) the main reader is given: its time grows with their number, and a real photo or
/// screenshot has a few dozen to a few hundred (446 at most in zxing's blackbox photos). Past
/// this, only the bounded second reader runs.
pub const MAX_FINDER_CANDIDATES: usize = 1500;

/// Counts the candidate finder patterns the main reader would look at, with its own test of
/// a row's runs, quantized by the run's position and size.
fn finder_candidates(m: &rxing::common::BitMatrix) -> usize {
    let (w, h) = (m.getWidth(), m.getHeight());
    let mut keys = std::collections::HashSet::new();
    let mut runs: Vec<u32> = Vec::new();
    for y in 0..h {
        runs.clear();
        let (mut colour, mut len) = (true, 0u32);
        for x in 0..w {
            let black = m.get(x, y);
            if runs.is_empty() && len == 0 && !black {
                continue; // runs start at the first black pixel
            }
            if black == colour {
                len += 1;
            } else {
                runs.push(len);
                colour = black;
                len = 1;
            }
        }
        if len > 0 {
            runs.push(len);
        }
        let mut start = 0u32;
        for i in (0..runs.len().saturating_sub(4)).step_by(2) {
            let window = &runs[i..i + 5];
            if rxing::qrcode::detector::FinderPatternFinder::foundPatternCross(window, 0.0) {
                let total: u32 = window.iter().sum::<u32>().max(1);
                let centre = start + total / 2;
                keys.insert((centre / total, y / total, total.ilog2()));
                if keys.len() > MAX_FINDER_CANDIDATES {
                    return keys.len();
                }
            }
            start += runs[i] + runs[i + 1];
        }
    }
    keys.len()
}

/// The main reader on one image: every QR symbol, multi-symbol, trying harder, bytes read as
/// ISO-8859-1 so that their values come back whole (then judged UTF-8 or not here), any
/// panic contained. An image over the candidate bound reads nothing here.
fn rxing_pass(grey: &image::GrayImage, inverted: bool) -> Result<Vec<Symbol>, ScanError> {
    use rxing::multi::MultipleBarcodeReader;
    let (w, h) = grey.dimensions();
    let run = std::panic::AssertUnwindSafe(|| -> Vec<Symbol> {
        let Ok(source) = rxing::Luma8LuminanceSource::new(grey.as_raw().clone(), w, h) else {
            return Vec::new();
        };
        let mut bitmap = rxing::BinaryBitmap::new(rxing::common::HybridBinarizer::new(source));
        let matrix = bitmap.get_black_matrix().clone();
        if finder_candidates(&matrix) > MAX_FINDER_CANDIDATES {
            return Vec::new();
        }
        let hints = rxing::DecodeHints {
            PossibleFormats: Some(std::collections::HashSet::from([
                rxing::BarcodeFormat::QR_CODE,
            ])),
            TryHarder: Some(true),
            CharacterSet: Some("ISO-8859-1".to_string()),
            ..rxing::DecodeHints::default()
        };
        let mut reader = rxing::multi::GenericMultipleBarcodeReader::new(
            rxing::MultiUseMultiFormatReader::default(),
        );
        let module = |x: f32, y: f32| module_size(&matrix, x, y);
        let results = reader.decode_multiple_with_hints(&mut bitmap, &hints);
        results
            .unwrap_or_default()
            .iter()
            .map(|r| symbol_of(r, inverted, &module))
            .collect()
    });
    let mut found = std::panic::catch_unwind(run)
        .map_err(|_| ScanError::Reader("the main QR reader failed on this image".to_string()))?;
    // The same symbol can be reported twice by the multi-symbol search.
    let mut seen = Vec::new();
    found.retain(|s| {
        let key = (s.text.clone(), s.corners[0].x / 8, s.corners[0].y / 8);
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
    Ok(found)
}

/// A result of the main reader as a [`Symbol`]: its text by the charset rule, its corners
/// from its finder patterns' centres.
fn symbol_of(
    r: &rxing::RXingResult,
    inverted: bool,
    module: &dyn Fn(f32, f32) -> Option<f32>,
) -> Symbol {
    use rxing::{RXingResultMetadataType as T, RXingResultMetadataValue as V};
    let eci = matches!(
        r.getRXingResultMetadata().get(&T::SYMBOLOGY_IDENTIFIER),
        Some(V::SymbologyIdentifier(id)) if matches!(id.as_str(), "]Q2" | "]Q4" | "]Q6")
    );
    let text = r.getText();
    let (text, charset) = if eci || text.chars().any(|c| u32::from(c) > 0xff) {
        (text.to_string(), Charset::Eci)
    } else {
        // Every byte came back as one ISO-8859-1 character: the bytes, then the rule.
        let bytes: Vec<u8> = text.chars().map(|c| c as u8).collect();
        match String::from_utf8(bytes) {
            Ok(t) => (t, Charset::Utf8),
            Err(_) => (text.to_string(), Charset::Latin1),
        }
    };
    Symbol {
        text,
        charset,
        corners: corners(r.getPoints(), module),
        inverted,
        page: None,
    }
}

/// The module size at a finder pattern's centre: its 1:1:3:1:1 runs along the row, over 7.
fn module_size(m: &rxing::common::BitMatrix, x: f32, y: f32) -> Option<f32> {
    let (w, h) = (m.getWidth() as i64, m.getHeight() as i64);
    let (cx, cy) = (x as i64, y as i64);
    if cx < 0 || cy < 0 || cx >= w || cy >= h {
        return None;
    }
    // From the centre outwards: black, white, black on each side.
    let mut total = 0i64;
    for step in [-1i64, 1] {
        let mut px = cx;
        for colour in [true, false, true] {
            while px >= 0 && px < w && m.get(px as u32, cy as u32) == colour {
                px += step;
            }
        }
        total += (px - cx).abs();
    }
    (total > 0).then(|| total as f32 / 7.0)
}

/// The symbol's corners: the reader's own four, or, from three finder centres (bottom-left,
/// top-left, top-right), each corner 3.5 modules out from a centre and the fourth completing
/// the parallelogram.
fn corners(points: &[rxing::Point], module: &dyn Fn(f32, f32) -> Option<f32>) -> [Point; 4] {
    let at = |p: (f32, f32)| Point {
        x: p.0.round() as i32,
        y: p.1.round() as i32,
    };
    let [bl, tl, tr] = match points {
        // The symbol's own corners, as the multi-symbol reader gives them: top-left,
        // top-right, bottom-left, bottom-right.
        [tl, tr, bl, br] => {
            return [*tl, *tr, *br, *bl].map(|p| at((p.x, p.y)));
        }
        // The finder centres, as the single-symbol reader gives them.
        [bl, tl, tr, ..] => [(bl.x, bl.y), (tl.x, tl.y), (tr.x, tr.y)],
        _ => return [Point { x: 0, y: 0 }; 4],
    };
    let u = (tr.0 - tl.0, tr.1 - tl.1);
    let v = (bl.0 - tl.0, bl.1 - tl.1);
    let span = (u.0 * u.0 + u.1 * u.1).sqrt();
    // How far out a corner is, as a share of the centre-to-centre distance.
    let k = match module(tl.0, tl.1) {
        Some(m) if span > 7.0 * m => 3.5 * m / span,
        _ => 0.0,
    };
    let br = (tr.0 + v.0, tr.1 + v.1);
    [
        at((tl.0 - k * (u.0 + v.0), tl.1 - k * (u.1 + v.1))),
        at((tr.0 + k * (u.0 - v.0), tr.1 + k * (u.1 - v.1))),
        at((br.0 + k * (u.0 + v.0), br.1 + k * (u.1 + v.1))),
        at((bl.0 - k * (u.0 - v.0), bl.1 - k * (u.1 - v.1))),
    ]
}

/// The grids that decoded, as symbols.
fn decoded(found: Vec<Found>, inverted: bool) -> Vec<Symbol> {
    found
        .into_iter()
        .filter_map(|(bytes, corners)| {
            let bytes = bytes.ok()?;
            let (text, charset) = match String::from_utf8(bytes) {
                Ok(text) => (text, Charset::Utf8),
                Err(e) => (
                    e.into_bytes().iter().map(|&b| char::from(b)).collect(),
                    Charset::Latin1,
                ),
            };
            Some(Symbol {
                text,
                charset,
                corners,
                inverted,
                page: None,
            })
        })
        .collect()
}
