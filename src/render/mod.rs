//! QR symbols of payloads for POS printers and screens: PNG, SVG, terminal text and ESC/POS.
//!
//! A payload is validated before it is drawn: a code with an EMV or Pix error is refused with
//! the decoder's error, unless [`Options::allow_invalid`] asks to draw it anyway. Symbols use
//! byte mode (spec §4.5: lowercase letters and `*` rule out the alphanumeric mode), the
//! smallest version that fits, level M and a 4-module quiet zone by default. A payload that is
//! not ASCII carries an ECI 26 (UTF-8) header.
//!
//! ```
//! use pixcode::render::{Options, Qr};
//! let qr = Qr::new("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D", &Options::default())?;
//! assert_eq!(qr.version(), 8);          // spec §4.5: 137 characters at level M
//! let png = qr.to_png()?;
//! assert_eq!(&png[1..4], b"PNG");
//! assert!(qr.to_svg().starts_with("<svg"));
//! # Ok::<(), pixcode::render::RenderError>(())
//! ```
//!
//! `options.rs` holds what a caller chooses ([`Options`], [`ErrorCorrection`], [`Size`],
//! [`Rgb`]) and what can go wrong ([`RenderError`]); this file draws.

mod options;

pub use options::{
    ErrorCorrection, Options, RenderError, Rgb, Size, TextOptions, ESCPOS_MODULE_PIXELS,
    MIN_CONTRAST_X100,
};

use crate::{inspect, Profile};
use options::contrast_x100;
use std::fmt;
use std::string::{String, ToString};
use std::vec::Vec;

/// A QR symbol of a payload, ready to be written in several formats.
#[derive(Clone, Debug)]
pub struct Qr {
    payload: String,
    width: usize,
    modules: Vec<bool>,
    version: i16,
    options: Options,
    caption: Option<String>,
}

impl Qr {
    /// Validates `payload` and encodes it as a QR symbol.
    ///
    /// # Errors
    /// [`RenderError::Invalid`] for a payload with errors (unless allowed), and option errors.
    pub fn new(payload: &str, options: &Options) -> Result<Qr, RenderError> {
        let report = inspect(payload.as_bytes());
        let payload = report.payload.map_or(payload, |p| p.as_str());
        if let (Some(first), false) = (report.first_error(Profile::Auto), options.allow_invalid) {
            return Err(RenderError::Invalid {
                first,
                count: report.error_count(Profile::Auto),
            });
        }
        if options.quiet_zone > 40 {
            return Err(RenderError::Option(
                "the quiet zone must be 0 to 40 modules",
            ));
        }
        if let Size::ModulePixels(0) = options.size {
            return Err(RenderError::Option(
                "the module size must be at least 1 pixel",
            ));
        }
        if let Size::ModulePixels(px) = options.size {
            if px > 100 {
                return Err(RenderError::Option(
                    "the module size must be at most 100 pixels",
                ));
            }
        }
        let ratio = contrast_x100(options.dark, options.light);
        if ratio < MIN_CONTRAST_X100 || options.dark.luminance() >= options.light.luminance() {
            return Err(RenderError::LowContrast { ratio_x100: ratio });
        }
        let code = encode(payload.as_bytes(), options.error_correction)?;
        let version = match code.version() {
            qrcode::Version::Normal(v) | qrcode::Version::Micro(v) => v,
        };
        let width = code.width();
        let modules = code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        let caption = options.caption.then(|| caption_for(payload)).flatten();
        let qr = Qr {
            payload: payload.into(),
            width,
            modules,
            version,
            options: options.clone(),
            caption,
        };
        qr.module_px()?;
        Ok(qr)
    }

    /// The QR version (1–40).
    pub fn version(&self) -> i16 {
        self.version
    }

    /// Modules across, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` is dark (outside the symbol: light).
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.modules[y * self.width + x]
    }

    /// The caption drawn under the symbol, when asked for and the code has a name or amount.
    pub fn caption(&self) -> Option<&str> {
        self.caption.as_deref()
    }

    /// Modules across with the quiet zone.
    fn full(&self) -> u32 {
        self.width as u32 + 2 * self.options.quiet_zone
    }

    /// Pixels per module for raster outputs.
    fn module_px(&self) -> Result<u32, RenderError> {
        match self.options.size {
            Size::ModulePixels(px) => Ok(px),
            Size::Millimetres { mm, dpi } => {
                if dpi == 0 || dpi > 2400 || mm == 0 || mm > 1000 {
                    return Err(RenderError::Option(
                        "size needs 1-1000 mm and a resolution of 1-2400 dpi",
                    ));
                }
                let modules = self.full();
                // Dots across = mm * dpi / 25.4, in integers.
                let px = (mm as u64 * dpi as u64 * 10 / 254) / modules as u64;
                if px == 0 {
                    let need_mm = (modules as u64 * 254).div_ceil(dpi as u64 * 10) as u32;
                    return Err(RenderError::TooSmall {
                        modules,
                        mm,
                        dpi,
                        need_mm,
                    });
                }
                Ok(px.min(100) as u32)
            }
        }
    }

    /// The symbol as a PNG image, with the caption under it when asked for.
    ///
    /// # Errors
    /// [`RenderError::Image`] if the PNG encoder fails.
    pub fn to_png(&self) -> Result<Vec<u8>, RenderError> {
        let img = self.to_image()?;
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png)
            .map_err(|e| RenderError::Image(e.to_string()))?;
        Ok(out.into_inner())
    }

    /// The symbol as an RGB image.
    ///
    /// # Errors
    /// Option errors for sizes that do not fit.
    pub fn to_image(&self) -> Result<image::RgbImage, RenderError> {
        let px = self.module_px()?;
        let side = self.full() * px;
        let caption_rows = self
            .caption
            .as_ref()
            .map_or(0, |_| 8 * caption_scale(px) + 2 * px);
        let (dark, light) = (self.options.dark, self.options.light);
        let mut img = image::RgbImage::from_pixel(
            side,
            side + caption_rows,
            image::Rgb([light.0, light.1, light.2]),
        );
        let q = self.options.quiet_zone;
        for y in 0..self.width {
            for x in 0..self.width {
                if self.modules[y * self.width + x] {
                    let (x0, y0) = ((x as u32 + q) * px, (y as u32 + q) * px);
                    for dy in 0..px {
                        for dx in 0..px {
                            img.put_pixel(x0 + dx, y0 + dy, image::Rgb([dark.0, dark.1, dark.2]));
                        }
                    }
                }
            }
        }
        if let Some(text) = &self.caption {
            draw_text(&mut img, text, side, caption_scale(px), dark);
        }
        Ok(img)
    }

    /// The symbol as SVG: one path of whole modules, crisp at any scale, no raster inside.
    pub fn to_svg(&self) -> String {
        // The view box counts modules; width and height scale it to the requested size.
        let full = self.full();
        let rows = full + if self.caption.is_some() { 3 } else { 0 };
        let (w, h) = match self.options.size {
            Size::ModulePixels(px) => {
                (std::format!("{}", full * px), std::format!("{}", rows * px))
            }
            Size::Millimetres { mm, .. } => (
                std::format!("{mm}mm"),
                std::format!("{}mm", mm as u64 * rows as u64 / full as u64),
            ),
        };
        let q = self.options.quiet_zone as usize;
        let mut path = String::new();
        for y in 0..self.width {
            let row = &self.modules[y * self.width..(y + 1) * self.width];
            let mut x = 0;
            while x < self.width {
                if row[x] {
                    let start = x;
                    while x < self.width && row[x] {
                        x += 1;
                    }
                    let run = x - start;
                    path.push_str(&std::format!("M{} {}h{run}v1h-{run}z", start + q, y + q));
                } else {
                    x += 1;
                }
            }
        }
        let mut svg = std::format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {full} {rows}\" shape-rendering=\"crispEdges\">\
<rect width=\"100%\" height=\"100%\" fill=\"{}\"/><path fill=\"{}\" d=\"{path}\"/>",
            self.options.light.hex(),
            self.options.dark.hex(),
        );
        if let Some(text) = &self.caption {
            svg.push_str(&std::format!(
                "<text x=\"{}\" y=\"{}\" font-family=\"sans-serif\" font-size=\"2\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
                full / 2,
                full + 2,
                self.options.dark.hex(),
                xml_escape(text)
            ));
        }
        svg.push_str("</svg>\n");
        svg
    }

    /// The symbol as text with Unicode half blocks (`▀ ▄ █`), two module rows a line.
    ///
    /// `invert` swaps the roles for terminals with light text on a dark background: the
    /// blocks then draw the light modules. A version-10 symbol with its quiet zone takes 65
    /// columns; very long payloads (version 16 and up) need more than 80.
    pub fn to_terminal(&self, invert: bool) -> String {
        let q = self.options.quiet_zone as isize;
        let full = self.full() as isize;
        let lit = |x: isize, y: isize| -> bool {
            let dark = x >= q && y >= q && self.is_dark((x - q) as usize, (y - q) as usize);
            // A block is drawn where the foreground colour shows.
            dark != invert
        };
        let mut out = String::new();
        let mut y = 0;
        while y < full {
            for x in 0..full {
                out.push(match (lit(x, y), y + 1 < full && lit(x, y + 1)) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                });
            }
            out.push('\n');
            y += 2;
        }
        out
    }

    /// ESC/POS bytes for a receipt printer: initialise, centre, the symbol, a line feed.
    ///
    /// [`EscPos::Native`] sends the printer's own QR commands (`GS ( k`: model 2, module
    /// size, error correction, store, print); [`EscPos::Raster`] sends the symbol as a
    /// bit image (`GS v 0`) for printers without them.
    ///
    /// # Errors
    /// Option errors: native module sizes are 1–16 dots.
    pub fn to_escpos(&self, mode: EscPos) -> Result<Vec<u8>, RenderError> {
        let mut out = Vec::with_capacity(64 + self.payload.len());
        out.extend_from_slice(&[0x1B, 0x40, 0x1B, 0x61, 0x01]); // ESC @, ESC a 1 (centre)
        match mode {
            EscPos::Native => {
                let px = self.module_px()?;
                if !(1..=16).contains(&px) {
                    return Err(RenderError::Option(
                        "native ESC/POS QR module size must be 1 to 16 dots",
                    ));
                }
                let gs_k = |out: &mut Vec<u8>, body: &[u8]| {
                    let n = body.len();
                    out.extend_from_slice(&[0x1D, 0x28, 0x6B, (n & 0xFF) as u8, (n >> 8) as u8]);
                    out.extend_from_slice(body);
                };
                gs_k(&mut out, &[0x31, 0x41, 0x32, 0x00]); // model 2
                gs_k(&mut out, &[0x31, 0x43, px as u8]); // module size
                gs_k(
                    &mut out,
                    &[0x31, 0x45, self.options.error_correction.escpos()],
                );
                let mut store = Vec::with_capacity(3 + self.payload.len());
                store.extend_from_slice(&[0x31, 0x50, 0x30]);
                store.extend_from_slice(self.payload.as_bytes());
                gs_k(&mut out, &store); // store the data
                gs_k(&mut out, &[0x31, 0x51, 0x30]); // print
            }
            EscPos::Raster => {
                let img = self.to_image()?;
                let (w, h) = (img.width() as usize, img.height() as usize);
                let row_bytes = w.div_ceil(8);
                if row_bytes > 0xFFFF || h > 0xFFFF {
                    return Err(RenderError::Option(
                        "the raster image is too large for GS v 0",
                    ));
                }
                out.extend_from_slice(&[
                    0x1D,
                    0x76,
                    0x30,
                    0x00,
                    (row_bytes & 0xFF) as u8,
                    (row_bytes >> 8) as u8,
                    (h & 0xFF) as u8,
                    (h >> 8) as u8,
                ]);
                let dark = self.options.dark;
                for y in 0..h {
                    for bx in 0..row_bytes {
                        let mut byte = 0u8;
                        for bit in 0..8 {
                            let x = bx * 8 + bit;
                            if x < w
                                && img.get_pixel(x as u32, y as u32).0 == [dark.0, dark.1, dark.2]
                            {
                                byte |= 0x80 >> bit;
                            }
                        }
                        out.push(byte);
                    }
                }
            }
        }
        out.extend_from_slice(&[0x0A, 0x0A]);
        Ok(out)
    }
}

/// How to send a symbol to an ESC/POS printer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EscPos {
    /// The printer's QR commands (`GS ( k`).
    Native,
    /// A raster bit image (`GS v 0`).
    Raster,
}

/// Byte mode, the smallest version that fits, ECI 26 (UTF-8) for non-ASCII payloads.
fn encode(data: &[u8], ec: ErrorCorrection) -> Result<qrcode::QrCode, RenderError> {
    use qrcode::bits::Bits;
    for v in 1..=40 {
        let mut bits = Bits::new(qrcode::Version::Normal(v));
        if !data.is_ascii() && bits.push_eci_designator(26).is_err() {
            continue;
        }
        if bits.push_byte_data(data).is_ok() && bits.push_terminator(ec.level()).is_ok() {
            return qrcode::QrCode::with_bits(bits, ec.level()).map_err(|_| RenderError::TooLong);
        }
    }
    Err(RenderError::TooLong)
}

/// "R$ 1.234,56 - MERCHANT", from what the code carries.
fn caption_for(payload: &str) -> Option<String> {
    let code = crate::pix::BrCode::from_payload(crate::emv::Payload::new(payload)).ok();
    let name = code
        .and_then(|c| c.merchant_name())
        .or_else(|| crate::emv::Payload::new(payload).get(59).map(|o| o.value()));
    let amount = code
        .filter(|c| !c.kind().is_dynamic())
        .and_then(|c| c.amount())
        .and_then(|a| a.cents())
        .map(brl);
    match (amount, name) {
        (Some(a), Some(n)) => Some(std::format!("{a} - {n}")),
        (Some(a), None) => Some(a),
        (None, Some(n)) => Some(n.into()),
        (None, None) => None,
    }
}

/// Formats centavos as Brazilian reais: `R$ 1.234,56`.
fn brl(cents: u64) -> String {
    let (int, frac) = (cents / 100, cents % 100);
    let digits = int.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    std::format!("R$ {grouped},{frac:02}")
}

fn caption_scale(module_px: u32) -> u32 {
    (module_px / 4).max(1)
}

/// Draws `text` centred in the band under the symbol with an 8x8 bitmap font; characters
/// outside printable ASCII are folded first, and the text is cut to the image width.
fn draw_text(img: &mut image::RgbImage, text: &str, side: u32, scale: u32, colour: Rgb) {
    use font8x8::UnicodeFonts;
    let mut buf = [0u8; 256];
    let folded = crate::pix::fold_ascii(text, &mut buf).unwrap_or("?");
    let glyph_w = 8 * scale;
    let max_chars = (side / glyph_w) as usize;
    let shown: Vec<char> = folded.chars().take(max_chars).collect();
    let width = shown.len() as u32 * glyph_w;
    let x0 = (side - width.min(side)) / 2;
    let y0 = side + scale * 4;
    for (i, ch) in shown.iter().enumerate() {
        let Some(rows) = font8x8::BASIC_FONTS.get(*ch) else {
            continue;
        };
        for (ry, row) in rows.iter().enumerate() {
            for rx in 0..8 {
                if row & (1 << rx) != 0 {
                    for dy in 0..scale {
                        for dx in 0..scale {
                            let x = x0 + i as u32 * glyph_w + rx * scale + dx;
                            let y = y0 + ry as u32 * scale + dy;
                            if x < img.width() && y < img.height() {
                                img.put_pixel(x, y, image::Rgb([colour.0, colour.1, colour.2]));
                            }
                        }
                    }
                }
            }
        }
    }
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

impl fmt::Display for Qr {
    /// The terminal rendering.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_terminal(false))
    }
}
