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
use hayro::hayro_interpret::font::Glyph;
use hayro::hayro_interpret::hayro_syntax::object::{Dict, Name, Stream};
use hayro::hayro_interpret::hayro_syntax::{Filter, Pdf};
use hayro::hayro_interpret::pattern::Pattern;
use hayro::hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageData, ImageDrawProps,
    InterpreterCache, InterpreterSettings, LumaData, Paint, RenderContent, SoftMask, TransformExt,
};
use hayro::kurbo::{Affine, BezPath, Point as KPoint, Rect, Shape};
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

/// The work left for the rest of the file.
#[derive(Default)]
struct Budget {
    elements: u64,
    painted: u64,
}

/// The unwinding payload that stops a page over the work budget (raised with
/// `resume_unwind`, so no panic hook runs and nothing is printed).
struct OverBudget(String);

impl OverBudget {
    fn error(self) -> ScanError {
        limit(self.0)
    }
}

fn over(what: String) -> ! {
    std::panic::resume_unwind(Box::new(OverBudget(what)))
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
            // Premultiplied over white: add the white the alpha leaves.
            let (r, g, b, a) = (p.r as u32, p.g as u32, p.b as u32, p.a as u32);
            let luma = (299 * r + 587 * g + 114 * b) / 1000 + (255 - a);
            image::Luma([luma.min(255) as u8])
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
            let centre = centre(&symbol);
            let duplicate = symbols.iter().any(|s: &Symbol| {
                let c = centre_of(s);
                s.text == symbol.text && (c.0 - centre.0).abs() + (c.1 - centre.1).abs() < 64
            });
            if !duplicate {
                symbols.push(symbol);
            }
        }
    }
    Ok(symbols)
}

fn centre(s: &Symbol) -> (i32, i32) {
    centre_of(s)
}

fn centre_of(s: &Symbol) -> (i32, i32) {
    let (x, y) = s.corners.iter().fold((0i64, 0i64), |(x, y), p| {
        (x + i64::from(p.x), y + i64::from(p.y))
    });
    ((x / 4) as i32, (y / 4) as i32)
}

/// An image of the page, in grey, with the map from its pixels to the page's.
struct Native {
    grey: image::GrayImage,
    to_page: Affine,
}

/// A device that draws nothing: it counts what the renderer would be asked to draw, stops
/// the page over the budget, and collects the page's raster images at their own resolution.
struct Audit<'b> {
    target: Rect,
    budget: &'b mut Budget,
    images: Vec<Native>,
    seen: HashMap<u128, ()>,
    image_pixels: u64,
    /// Tiling patterns being counted inside one another.
    patterns: u32,
}

/// The most tiling patterns counted inside one another (the renderer allows 50).
const MAX_PATTERN_DEPTH: u32 = 8;

impl<'a> Audit<'_> {
    /// A fill or stroke with a tiling pattern: its cell is run once here, counted, and charged
    /// again for every copy the fill's area holds, as the renderer draws each.
    fn pattern(&mut self, paint: &Paint<'a>, area: Rect) {
        let Paint::Pattern(pattern) = paint else {
            return;
        };
        let Pattern::Tiling(tiling) = &**pattern else {
            return;
        };
        self.patterns += 1;
        if self.patterns > MAX_PATTERN_DEPTH {
            over(format!(
                "its tiling patterns are nested more than {MAX_PATTERN_DEPTH} deep"
            ));
        }
        let before = self.budget.elements;
        tiling.interpret(self, tiling.matrix, false);
        self.patterns -= 1;
        let cell = self.budget.elements.saturating_sub(before).max(1);
        let area = area.intersect(self.target);
        let area = if area.width() > 0.0 && area.height() > 0.0 {
            tiling.matrix.inverse().transform_rect_bbox(area)
        } else {
            Rect::ZERO
        };
        let per_axis =
            |extent: f64, step: f32| extent.max(0.0) / f64::from(step.abs()).max(1e-6) + 2.0;
        let copies = per_axis(area.width(), tiling.x_step) * per_axis(area.height(), tiling.y_step);
        let more = (cell as f64 * (copies - 1.0)).min(u64::MAX as f64) as u64;
        self.spend(more, Rect::ZERO);
    }

    fn spend(&mut self, elements: u64, bbox: Rect) {
        let area = bbox.intersect(self.target);
        let area = if area.width() > 0.0 && area.height() > 0.0 {
            (area.width().ceil() * area.height().ceil()) as u64
        } else {
            0
        };
        self.budget.elements = self.budget.elements.saturating_add(elements);
        self.budget.painted = self.budget.painted.saturating_add(area);
        if self.budget.elements > MAX_ELEMENTS {
            over(format!(
                "it draws more than {MAX_ELEMENTS} path elements and glyphs"
            ));
        }
        if self.budget.painted > MAX_PAINTED_PIXELS {
            over(format!("it paints more than {MAX_PAINTED_PIXELS} pixels"));
        }
    }

    fn path(&mut self, path: &BezPath, props: &DrawProps<'a>) {
        let elements = path.elements().len() as u64;
        let area = props.transform.transform_rect_bbox(path.bounding_box());
        self.spend(elements.max(1), area);
        self.pattern(&props.paint, area);
    }
}

impl<'a> Device<'a> for Audit<'_> {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, _: &DrawMode) {
        self.path(path, &props);
    }

    fn push_clip_path(&mut self, clip_path: &ClipPath) {
        let elements = clip_path.path.elements().len() as u64;
        self.spend(elements.max(1), Rect::ZERO);
    }

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {
        // A group is composited over the whole page.
        self.spend(1, self.target);
    }

    fn draw_glyph_run(
        &mut self,
        glyph_run: &hayro::hayro_interpret::font::GlyphRun<'_, 'a>,
        props: DrawProps<'a>,
        _: &DrawMode,
    ) {
        // A glyph is an outline of tens of elements over a small area; a Type 3 glyph is a
        // content stream, run here as the renderer will run it.
        let glyphs = glyph_run.glyphs().len() as u64;
        self.spend(glyphs.saturating_mul(32), Rect::ZERO);
        for glyph in glyph_run.glyphs() {
            if let Glyph::Type3(type3) = &**glyph {
                type3.interpret(self, props.transform, glyph.transform(), &props.paint);
            }
        }
        self.pattern(&props.paint, self.target);
    }

    fn draw_image(&mut self, image: Image<'a, '_>, props: ImageDrawProps<'a>) {
        let (w, h) = (image.width(), image.height());
        let pixels = u64::from(w) * u64::from(h);
        if pixels > MAX_IMAGE_PIXELS {
            over(format!(
                "it draws an image of {w} × {h} pixels, more than {MAX_IMAGE_PIXELS}"
            ));
        }
        let unit = Rect::new(0.0, 0.0, f64::from(w), f64::from(h));
        self.spend(1, props.transform.transform_rect_bbox(unit));
        let key = hayro::hayro_interpret::CacheKey::cache_key(&image);
        if self.seen.insert(key, ()).is_some() {
            return;
        }
        self.image_pixels = self.image_pixels.saturating_add(pixels);
        if self.image_pixels > MAX_PAGE_IMAGE_PIXELS {
            over(format!(
                "its images have more than {MAX_PAGE_IMAGE_PIXELS} pixels in all"
            ));
        }
        // Too small to hold a symbol with its quiet zone at a pixel a module.
        if w < 21 || h < 21 {
            return;
        }
        let mut grey = None;
        match &image {
            Image::Raster(raster) => raster.with_rgba(
                |data, alpha| grey = raster_grey(&data, alpha.as_ref()),
                None,
            ),
            Image::Stencil(stencil) => stencil.with_stencil(
                // The mask says where the paint goes: painted is dark.
                |luma, _| {
                    grey = image::GrayImage::from_raw(
                        luma.width,
                        luma.height,
                        luma.data.iter().map(|&v| 255 - v).collect(),
                    )
                },
                None,
            ),
        }
        if let Some(grey) = grey {
            // Decoded at another size than declared: map its pixels onto the declared ones.
            let to_declared = Affine::scale_non_uniform(
                f64::from(w) / f64::from(grey.width().max(1)),
                f64::from(h) / f64::from(grey.height().max(1)),
            );
            self.images.push(Native {
                grey,
                to_page: props.transform * to_declared,
            });
        }
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}

/// A raster image in grey, composited on white by its alpha.
fn raster_grey(data: &ImageData, alpha: Option<&LumaData>) -> Option<image::GrayImage> {
    let (w, h) = (data.width(), data.height());
    let mut grey: Vec<u8> = match data {
        ImageData::Luma(l) => l.data.clone(),
        ImageData::Rgb(rgb) => rgb
            .data
            .chunks_exact(3)
            .map(|p| {
                ((299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2])) / 1000)
                    as u8
            })
            .collect(),
    };
    if let Some(a) = alpha.filter(|a| a.width == w && a.height == h) {
        for (v, &a) in grey.iter_mut().zip(&a.data) {
            let (g, a) = (u32::from(*v), u32::from(a));
            *v = ((g * a + 255 * (255 - a)) / 255) as u8;
        }
    }
    image::GrayImage::from_raw(w, h, grey)
}

/// Measures every compressed stream's output without keeping it.
fn measure_streams(pdf: &Pdf) -> Result<(), ScanError> {
    let mut total: u64 = 0;
    for object in pdf.objects() {
        let Some(stream) = object.into_stream() else {
            continue;
        };
        let size = decoded_size(&stream)?;
        total = total.saturating_add(size);
        if total > MAX_DECODED_BYTES {
            return Err(limit(format!(
                "its streams decompress to more than {MAX_DECODED_BYTES} bytes in all"
            )));
        }
    }
    Ok(())
}

/// The most a stream decompresses to: the first filter measured exactly, each later one by
/// its worst ratio.
fn decoded_size(stream: &Stream<'_>) -> Result<u64, ScanError> {
    let filters = stream.filters();
    let raw = stream.raw_data();
    let too_big = || {
        limit(format!(
            "a stream (object {}) decompresses to more than {MAX_STREAM_BYTES} bytes",
            stream.obj_id().obj_number
        ))
    };
    let mut size = raw.len() as u64;
    for (i, filter) in filters.iter().enumerate() {
        size = if i == 0 {
            match filter {
                Filter::FlateDecode => flate_size(&raw),
                Filter::LzwDecode => lzw_size(&raw, early_change(stream)),
                Filter::RunLengthDecode => run_length_size(&raw),
                _ => size.saturating_mul(worst_ratio(filter)),
            }
        } else {
            size.saturating_mul(worst_ratio(filter))
        };
        if size > MAX_STREAM_BYTES {
            return Err(too_big());
        }
    }
    Ok(size)
}

/// The most one byte of input can become through a filter (image filters: their output is
/// bounded by the image's declared size, checked when it is drawn).
fn worst_ratio(filter: &Filter) -> u64 {
    match filter {
        Filter::FlateDecode => 1032,
        Filter::LzwDecode => 4096,
        Filter::RunLengthDecode => 64,
        Filter::Ascii85Decode => 4,
        _ => 1,
    }
}

fn early_change(stream: &Stream<'_>) -> bool {
    let parms = stream.dict().get::<Dict<'_>>(b"DecodeParms".as_slice());
    parms
        .and_then(|p| p.get::<i32>(b"EarlyChange".as_slice()))
        .is_none_or(|v| v != 0)
}

/// A writer that counts and keeps nothing, refusing past the stream limit.
struct Count(u64);

impl std::io::Write for Count {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        if self.0 > MAX_STREAM_BYTES {
            return Err(std::io::Error::other("over the limit"));
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a Flate stream inflates to (zlib, or raw deflate as readers fall back to), stopping
/// past the limit.
fn flate_size(raw: &[u8]) -> u64 {
    let mut zlib = Count(0);
    let _ = std::io::copy(&mut flate2::read::ZlibDecoder::new(raw), &mut zlib);
    let mut deflate = Count(0);
    let _ = std::io::copy(&mut flate2::read::DeflateDecoder::new(raw), &mut deflate);
    zlib.0.max(deflate.0)
}

/// What a run-length stream expands to.
fn run_length_size(raw: &[u8]) -> u64 {
    let (mut i, mut size) = (0, 0u64);
    while i < raw.len() {
        match raw[i] {
            128 => break,
            n @ 0..=127 => {
                size += u64::from(n) + 1;
                i += usize::from(n) + 2;
            }
            n => {
                size += 257 - u64::from(n);
                i += 2;
            }
        }
    }
    size
}

/// What an LZW stream (PDF's variant, MSB first) expands to: the length of each code's
/// string is tracked, never the string.
fn lzw_size(raw: &[u8], early: bool) -> u64 {
    let mut len = [0u32; 4096];
    len[..256].fill(1);
    let (mut next, mut width, mut prev): (usize, u32, Option<usize>) = (258, 9, None);
    let (mut acc, mut bits, mut size) = (0u32, 0u32, 0u64);
    for &byte in raw {
        acc = (acc << 8) | u32::from(byte);
        bits += 8;
        while bits >= width {
            bits -= width;
            let code = ((acc >> bits) & ((1 << width) - 1)) as usize;
            acc &= (1 << bits) - 1;
            match code {
                256 => {
                    next = 258;
                    width = 9;
                    prev = None;
                    continue;
                }
                257 => return size,
                _ => {}
            }
            let out = if code < next {
                len[code]
            } else {
                prev.map_or(1, |p| len[p] + 1)
            };
            size += u64::from(out);
            if size > MAX_STREAM_BYTES {
                return size;
            }
            if let (Some(p), true) = (prev, next < 4096) {
                len[next] = len[p] + 1;
                next += 1;
            }
            prev = Some(code.min(next - 1));
            let edge = next + usize::from(early);
            width = match edge {
                ..=511 => 9,
                512..=1023 => 10,
                1024..=2047 => 11,
                _ => 12,
            };
        }
    }
    size
}

/// The content bytes a page runs, each form counted every time it is drawn.
fn expanded_content(
    page: &hayro::hayro_interpret::hayro_syntax::page::Page<'_>,
) -> Result<u64, ScanError> {
    let own = page.page_stream().map_or(0, |s| s.len() as u64);
    let mut memo = HashMap::new();
    let forms = forms_drawn(page.operations(), page.resources(), &mut memo, 0)?;
    Ok(own.saturating_add(forms))
}

/// The expanded size of the forms a content stream draws. `memo` holds each form's
/// expanded size by object number; `None` while it is being counted (a form that draws
/// itself).
fn forms_drawn<'a>(
    mut ops: hayro::hayro_interpret::hayro_syntax::content::UntypedIter<'_>,
    resources: &hayro::hayro_interpret::hayro_syntax::page::Resources<'a>,
    memo: &mut HashMap<(u32, i32), Option<u64>>,
    depth: u32,
) -> Result<u64, ScanError> {
    let mut total: u64 = 0;
    while let Some(op) = ops.next() {
        if op.operator.as_ref() != b"Do" {
            continue;
        }
        let Some(name) = op.operands().next().and_then(|o| o.clone().into_name()) else {
            continue;
        };
        let Some(form) = resources.get_x_object(&name) else {
            continue;
        };
        if form
            .dict()
            .get::<Name<'_>>(b"Subtype".as_slice())
            .as_deref()
            != Some(b"Form".as_slice())
        {
            continue;
        }
        total = total.saturating_add(form_size(&form, resources, memo, depth)?);
        if total > MAX_CONTENT_BYTES {
            return Ok(total);
        }
    }
    Ok(total)
}

fn form_size<'a>(
    form: &Stream<'a>,
    parent: &hayro::hayro_interpret::hayro_syntax::page::Resources<'a>,
    memo: &mut HashMap<(u32, i32), Option<u64>>,
    depth: u32,
) -> Result<u64, ScanError> {
    let id = form.obj_id();
    let key = (id.obj_number, id.gen_number);
    match memo.get(&key) {
        Some(Some(size)) => return Ok(*size),
        Some(None) => return Err(limit("a form draws itself".to_string())),
        None => {}
    }
    if depth > 64 {
        return Err(limit("its forms are nested more than 64 deep".to_string()));
    }
    memo.insert(key, None);
    let content = form.decoded_data().unwrap_or_default();
    let own = content.len() as u64;
    let own_resources = form
        .dict()
        .get::<Dict<'_>>(b"Resources".as_slice())
        .map(hayro::hayro_interpret::hayro_syntax::page::Resources::new);
    let resources = own_resources.as_ref().unwrap_or(parent);
    let ops = hayro::hayro_interpret::hayro_syntax::content::UntypedIter::new(&content);
    let inner = forms_drawn(ops, resources, memo, depth + 1)?;
    let size = own.saturating_add(inner);
    memo.insert(key, Some(size));
    Ok(size)
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
