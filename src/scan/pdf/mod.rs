//! Reading QR codes from PDF files: invoices, boletos, receipts (feature `pdf`).
//!
//! Each page is drawn at [`DPI`] dots an inch by a pure-Rust renderer (hayro), so a code
//! drawn as vector squares (as boleto generators often do), placed as a raster image, or
//! built from an image mask is read alike; every raster image on the page is also read at its
//! own resolution, in case the page shows it too small. The symbols found carry their page
//! ([`Symbol::page`]) and their corners in pixels of the page as drawn at [`DPI`].
//!
//! A PDF is a program, so the work it may ask for is counted before anything is drawn, and a
//! file over a limit fails with [`ScanError::Pdf`] naming it:
//! - every compressed stream is measured without keeping its output: at most
//!   [`MAX_STREAM_BYTES`] each and [`MAX_DECODED_BYTES`] in all (decompression bombs);
//! - the content a page runs, with every form it draws expanded as many times as it is drawn,
//!   is at most [`MAX_CONTENT_BYTES`] (forms that draw each other are an exponential bomb);
//! - at most [`MAX_PAGES`] pages; each page is drawn into at most [`MAX_PAGE_PIXELS`] pixels;
//! - each image is at most [`MAX_IMAGE_PIXELS`], and the images of a page at most
//!   [`MAX_PAGE_IMAGE_PIXELS`] in all;
//! - what is drawn is counted as the renderer will see it (a tiling pattern's cell once for
//!   every copy over the area it fills, a Type 3 glyph's content each time it is shown): at
//!   most [`MAX_ELEMENTS`] path elements and glyphs, and [`MAX_PAINTED_PIXELS`] pixels
//!   painted, over the whole file.
//!
//! A panic inside the PDF library is contained and returned as [`ScanError::Reader`].
//! Encrypted files open when they need no password; others are refused.
//!
//! ```
//! # #[cfg(feature = "render")] {
//! // A one-page PDF whose code is drawn as filled squares, one `re` a dark module.
//! let code = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
//! let qr = pixcode::render::Qr::new(code, &pixcode::render::Options::default())?;
//! let mut content = String::new();
//! for y in 0..qr.width() {
//!     for x in 0..qr.width() {
//!         if qr.is_dark(x, y) {
//!             content += &format!("{} {} 3 3 re\n", 100 + 3 * x, 700 - 3 * y);
//!         }
//!     }
//! }
//! let pdf = pixcode::scan::pdf::one_page_pdf(&format!("0 g\n{content}f\n"), [595, 842]);
//! let found = pixcode::scan::scan(&pdf)?;
//! assert_eq!(found[0].text, code);
//! assert_eq!(found[0].page, Some(1));
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::{ScanError, Symbol};

mod audit;
mod measure;

use audit::{Audit, Budget, OverBudget};
use hayro::hayro_interpret::font::Glyph;
use hayro::hayro_interpret::hayro_syntax::object::{Dict, Name, Stream};
use hayro::hayro_interpret::hayro_syntax::{Filter, Pdf};
use hayro::hayro_interpret::pattern::Pattern;
use hayro::hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageData, ImageDrawProps,
    InterpreterCache, InterpreterSettings, LumaData, Paint, RenderContent, SoftMask, TransformExt,
};
use hayro::kurbo::{Affine, BezPath, Point as KPoint, Rect, Shape};
use measure::{expanded_content, measure_streams};
use std::boxed::Box;
use std::collections::HashMap;
use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

/// The resolution each page is drawn at, in dots an inch (unless [`MAX_PAGE_PIXELS`] asks for
/// less): a code of 2 cm with 57 modules gets 2.8 pixels a module.
pub const DPI: f32 = 200.0;
/// The most pages read.
pub const MAX_PAGES: usize = 200;
/// The most pixels a page is drawn into (a page larger than A4 at [`DPI`] is drawn at less).
pub const MAX_PAGE_PIXELS: u64 = 16 << 20;
/// The most bytes one stream may decompress to.
pub const MAX_STREAM_BYTES: u64 = 64 << 20;
/// The most bytes all the streams of a file may decompress to.
pub const MAX_DECODED_BYTES: u64 = 512 << 20;
/// The most content bytes a page may run, each form counted every time it is drawn.
pub const MAX_CONTENT_BYTES: u64 = 256 << 20;
/// The most pixels one image may have.
pub const MAX_IMAGE_PIXELS: u64 = 64 << 20;
/// The most pixels the distinct images of a page may have in all.
pub const MAX_PAGE_IMAGE_PIXELS: u64 = 128 << 20;
/// The most path elements and glyphs drawn in a file.
pub const MAX_ELEMENTS: u64 = 16 << 20;
/// The most pixels painted in a file (each fill, stroke, image and group by its area).
pub const MAX_PAINTED_PIXELS: u64 = 32 << 30;

/// Whether the bytes are a PDF: `%PDF-` within the first 1,024 bytes, as readers accept.
pub(super) fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

fn limit(what: String) -> ScanError {
    ScanError::Pdf(what)
}

/// Reads every page; see the module's documentation.
pub(super) fn scan_pdf(bytes: &[u8]) -> Result<Vec<Symbol>, ScanError> {
    let data: std::sync::Arc<Vec<u8>> = std::sync::Arc::new(bytes.to_vec());
    let run = std::panic::AssertUnwindSafe(move || scan_document(data));
    match std::panic::catch_unwind(run) {
        Ok(result) => result,
        Err(payload) => Err(match payload.downcast::<OverBudget>() {
            Ok(over) => over.error(),
            Err(payload) => ScanError::Reader(panic_text(&*payload)),
        }),
    }
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic in the PDF reader".to_string())
}

fn scan_document(data: std::sync::Arc<Vec<u8>>) -> Result<Vec<Symbol>, ScanError> {
    let pdf = Pdf::new(data).map_err(|e| {
        ScanError::Pdf(match e {
            hayro::hayro_interpret::hayro_syntax::LoadPdfError::Decryption(_) => {
                "it is encrypted and needs a password".to_string()
            }
            _ => "it is not a well-formed PDF".to_string(),
        })
    })?;
    measure_streams(&pdf)?;
    let pages = pdf.pages();
    if pages.len() > MAX_PAGES {
        return Err(limit(format!(
            "it has {} pages, more than the {MAX_PAGES} read",
            pages.len()
        )));
    }
    let mut budget = Budget::default();
    let mut symbols = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        let number = index as u32 + 1;
        let on_page = |error: ScanError| ScanError::OnPage {
            page: number,
            error: Box::new(error),
        };
        let found = scan_page(page, &mut budget).map_err(on_page)?;
        symbols.extend(found.into_iter().map(|mut s| {
            s.page = Some(number);
            s
        }));
    }
    if symbols.is_empty() {
        return Err(ScanError::NotFound);
    }
    Ok(symbols)
}

fn scan_page(
    page: &hayro::hayro_interpret::hayro_syntax::page::Page<'_>,
    budget: &mut Budget,
) -> Result<Vec<Symbol>, ScanError> {
    let content = expanded_content(page)?;
    if content > MAX_CONTENT_BYTES {
        return Err(limit(format!(
            "the page runs {content} bytes of content with its forms expanded, more than {MAX_CONTENT_BYTES}"
        )));
    }
    let (w, h) = page.render_dimensions();
    if !(w.is_finite() && h.is_finite() && w >= 1.0 && h >= 1.0) {
        return Err(limit("the page has no usable size".to_string()));
    }
    let (w, h) = (f64::from(w), f64::from(h));
    let mut scale = f64::from(DPI) / 72.0;
    scale = scale.min((MAX_PAGE_PIXELS as f64 / (w * h)).sqrt());
    scale = scale.min(f64::from(super::MAX_SIDE) / w.max(h));
    let (pw, ph) = ((w * scale) as u16, (h * scale) as u16);
    if pw < 21 || ph < 21 {
        return Ok(Vec::new());
    }
    let transform = Affine::scale(scale) * page.initial_transform(true).to_kurbo();
    let target = Rect::new(0.0, 0.0, f64::from(pw), f64::from(ph));
    let settings = InterpreterSettings {
        // Annotations are appearance streams drawn over the page: not where a payer's code is.
        render_content: RenderContent::PAGE,
        ..InterpreterSettings::default()
    };

    // First, the page as a device that only counts and collects: within the budget, or stopped.
    let cache = InterpreterCache::new();
    let mut audit = Audit {
        target,
        budget,
        images: Vec::new(),
        seen: HashMap::new(),
        image_pixels: 0,
        patterns: 0,
    };
    let mut context = Context::new(transform, target, &cache, page.xref(), settings.clone());
    hayro::hayro_interpret::interpret_page(page, &mut context, &mut audit);
    let images = std::mem::take(&mut audit.images);

    // Then the page drawn, and read; then each image at its own resolution.
    let render_cache = hayro::RenderCache::new();
    let pixmap = hayro::render(
        page,
        &render_cache,
        &settings,
        &hayro::RenderSettings::default(),
        &hayro::PixmapSettings {
            x_scale: scale as f32,
            y_scale: scale as f32,
            bg_color: hayro::vello_cpu::color::palette::css::WHITE,
        },
    );
    let grey = image::GrayImage::from_fn(
        u32::from(pixmap.width()),
        u32::from(pixmap.height()),
        |x, y| {
            let p = pixmap.data()[y as usize * usize::from(pixmap.width()) + x as usize];
            image::Luma([crate::scan::grey::premultiplied_over_white(
                p.r, p.g, p.b, p.a,
            )])
        },
    );
    drop(pixmap);
    let mut symbols = super::scan_grey(&grey)?;
    drop(grey);
    for native in images {
        for mut symbol in super::scan_grey(&native.grey)? {
            symbol.corners = symbol.corners.map(|c| {
                let p = native.to_page * KPoint::new(f64::from(c.x), f64::from(c.y));
                super::Point {
                    x: p.x.round() as i32,
                    y: p.y.round() as i32,
                }
            });
            let here = centre(&symbol);
            let duplicate = symbols.iter().any(|s: &Symbol| {
                let c = centre(s);
                s.text == symbol.text && (c.0 - here.0).abs() + (c.1 - here.1).abs() < 64
            });
            if !duplicate {
                symbols.push(symbol);
            }
        }
    }
    Ok(symbols)
}

fn centre(s: &Symbol) -> (i32, i32) {
    let (x, y) = s.corners.iter().fold((0i64, 0i64), |(x, y), p| {
        (x + i64::from(p.x), y + i64::from(p.y))
    });
    ((x / 4) as i32, (y / 4) as i32)
}

/// A one-page PDF with the given content stream, uncompressed, on a page of `size` points
/// (`[595, 842]` is A4): for tests and examples.
///
/// ```
/// let pdf = pixcode::scan::pdf::one_page_pdf("0 g 10 10 5 5 re f", [595, 842]);
/// assert!(pdf.starts_with(b"%PDF-1.4"));
/// assert_eq!(pixcode::scan::scan(&pdf).unwrap_err().code(), "not_found");
/// ```
pub fn one_page_pdf(content: &str, size: [u32; 2]) -> Vec<u8> {
    page_with_stream("", content.as_bytes(), size)
}

/// A one-page PDF whose content stream has these extra dictionary entries (a filter) and
/// bytes.
fn page_with_stream(dict: &str, content: &[u8], [width, height]: [u32; 2]) -> Vec<u8> {
    let mut stream = format!("<< {dict} /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend_from_slice(content);
    stream.extend_from_slice(b"\nendstream");
    let objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Contents 4 0 R /Resources << >> >>")
            .into_bytes(),
        stream,
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::measure::*;
    use super::*;

    #[test]
    fn lzw_sizes_are_those_of_the_decoded_streams() {
        // The example of the PDF reference (§7.4.4.2): "-----A---B".
        let example = [0x80, 0x0B, 0x60, 0x50, 0x22, 0x0C, 0x0C, 0x85, 0x01];
        assert_eq!(lzw_size(&example, true), 10);
        assert_eq!(lzw_size(&[], true), 0);

        // Codes that each name the string before plus one byte (the "KwKwK" case) grow
        // quadratically: 5 KB make 7 MB. The count agrees with the PDF reader's decoder on one
        // table's worth, and stops past the limit on many.
        let one = lzw_bomb(1);
        let pdf = Pdf::new(std::sync::Arc::new(page_with_stream(
            "/Filter /LZWDecode",
            &one,
            [100, 100],
        )))
        .unwrap();
        let stream = pdf
            .objects()
            .into_iter()
            .find_map(|o| o.into_stream())
            .unwrap();
        let decoded = stream.decoded().unwrap().len() as u64;
        assert!(decoded > 7_000_000);
        assert_eq!(lzw_size(&one, true), decoded);
        assert!(lzw_size(&lzw_bomb(12), true) > MAX_STREAM_BYTES);
        assert_eq!(
            decoded_size(&stream).unwrap(),
            decoded,
            "the measure of a stream is its decoded size"
        );
    }

    /// `tables` times: a literal, then every new code in turn, then a clear code.
    fn lzw_bomb(tables: usize) -> Vec<u8> {
        let (mut out, mut acc, mut bits) = (Vec::new(), 0u64, 0u32);
        let mut put = |code: u64, width: u32, out: &mut Vec<u8>| {
            acc = (acc << width) | code;
            bits += width;
            while bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
            }
        };
        for _ in 0..tables {
            put(0, 9, &mut out);
            // Code k is read with the table at k entries; early change widens one entry
            // before the edge.
            for code in 258..4095u64 {
                let width = match code + 1 {
                    ..=511 => 9,
                    512..=1023 => 10,
                    1024..=2047 => 11,
                    _ => 12,
                };
                put(code, width, &mut out);
            }
            put(256, 12, &mut out);
        }
        put(257, 9, &mut out);
        put(0, 7, &mut out);
        out
    }

    #[test]
    fn run_length_sizes_count_literals_and_runs() {
        // 3 literal bytes, a run of 128 (257 - 129), the end marker, then ignored bytes.
        assert_eq!(
            run_length_size(&[2, b'a', b'b', b'c', 129, b'x', 128, 5, 5]),
            3 + 128
        );
    }

    #[test]
    fn flate_sizes_stop_past_the_limit() {
        use std::io::Write as _;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&[0u8; 1 << 20]).unwrap();
        let small = z.finish().unwrap();
        assert_eq!(flate_size(&small), 1 << 20);
        assert!(flate_size(b"not deflate at all") < 64);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        for _ in 0..80 {
            z.write_all(&[0u8; 1 << 20]).unwrap();
        }
        assert!(flate_size(&z.finish().unwrap()) > MAX_STREAM_BYTES);
    }

    #[test]
    fn pdfs_are_told_from_images_by_their_header() {
        assert!(is_pdf(b"%PDF-1.7\n"));
        assert!(is_pdf(b"\xef\xbb\xbfjunk%PDF-1.4"));
        assert!(!is_pdf(b"\x89PNG\r\n\x1a\n"));
    }
}
