//! What a caller chooses for a symbol, and what can go wrong drawing it.

use std::string::String;

/// QR error-correction level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum ErrorCorrection {
    /// About 7 % of the symbol can be restored.
    L,
    /// About 15 %: the common choice for payment codes, and the default.
    #[default]
    M,
    /// About 25 %.
    Q,
    /// About 30 %.
    H,
}

impl ErrorCorrection {
    pub(super) fn level(self) -> qrcode::EcLevel {
        match self {
            ErrorCorrection::L => qrcode::EcLevel::L,
            ErrorCorrection::M => qrcode::EcLevel::M,
            ErrorCorrection::Q => qrcode::EcLevel::Q,
            ErrorCorrection::H => qrcode::EcLevel::H,
        }
    }

    /// The ESC/POS `GS ( k` function 069 value (48–51).
    pub(super) fn escpos(self) -> u8 {
        match self {
            ErrorCorrection::L => 48,
            ErrorCorrection::M => 49,
            ErrorCorrection::Q => 50,
            ErrorCorrection::H => 51,
        }
    }
}

impl core::str::FromStr for ErrorCorrection {
    type Err = RenderError;
    fn from_str(s: &str) -> Result<Self, RenderError> {
        match s {
            "L" | "l" => Ok(ErrorCorrection::L),
            "M" | "m" => Ok(ErrorCorrection::M),
            "Q" | "q" => Ok(ErrorCorrection::Q),
            "H" | "h" => Ok(ErrorCorrection::H),
            _ => Err(RenderError::Option("error correction must be L, M, Q or H")),
        }
    }
}

/// How big the symbol is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    /// Pixels per module (PNG, raster ESC/POS) or user units per module (SVG).
    ModulePixels(u32),
    /// The whole symbol, quiet zone included, at most this many millimetres wide at `dpi`
    /// dots per inch; modules are whole dots.
    Millimetres {
        /// Target width in millimetres.
        mm: u32,
        /// The printer's or screen's resolution.
        dpi: u32,
    },
}

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Black.
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    /// White.
    pub const WHITE: Rgb = Rgb(255, 255, 255);

    /// Reads `#rrggbb` or `rrggbb`.
    ///
    /// ```
    /// assert_eq!(pixcode::render::Rgb::parse("#1a2B3c"), Some(pixcode::render::Rgb(0x1a, 0x2b, 0x3c)));
    /// ```
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#').unwrap_or(text);
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    /// WCAG relative luminance, in millionths (0 = black, 1 000 000 = white).
    pub(super) fn luminance(self) -> u64 {
        // sRGB to linear light, as WCAG 2 defines it (colour arithmetic, not money).
        fn lin(c: u8) -> u64 {
            let c = c as f64 / 255.0;
            let l = if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            };
            (l * 1_000_000.0) as u64
        }
        (2126 * lin(self.0) + 7152 * lin(self.1) + 722 * lin(self.2)) / 10_000
    }

    pub(super) fn hex(self) -> String {
        std::format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Contrast ratio of two colours, times 100 (WCAG: 100 is none, 2100 is black on white).
pub(super) fn contrast_x100(a: Rgb, b: Rgb) -> u64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 50_000) * 100 / (lo + 50_000)
}

/// The least contrast accepted between dark and light modules (WCAG ratio 3:1, times 100).
pub const MIN_CONTRAST_X100: u64 = 300;

/// Drawing options. The defaults suit a POS screen or receipt: level M, 8 pixels a module,
/// a 4-module quiet zone, black on white, no caption.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Error-correction level.
    pub error_correction: ErrorCorrection,
    /// Module or symbol size.
    pub size: Size,
    /// Light modules around the symbol; ISO/IEC 18004 asks for 4.
    pub quiet_zone: u32,
    /// Colour of dark modules.
    pub dark: Rgb,
    /// Colour of light modules and the background.
    pub light: Rgb,
    /// Write the amount and merchant name under the symbol (PNG and SVG).
    pub caption: bool,
    /// Draw a payload even when it has EMV or Pix errors. Never for a code to be paid.
    pub allow_invalid: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            error_correction: ErrorCorrection::M,
            size: Size::ModulePixels(8),
            quiet_zone: 4,
            dark: Rgb::BLACK,
            light: Rgb::WHITE,
            caption: false,
            allow_invalid: false,
        }
    }
}

/// Why a symbol could not be drawn.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The payload has an error; POS software must not print a code no bank can pay.
    #[error("refusing to draw an invalid code ({count} error(s)): {first}")]
    Invalid {
        /// The first error.
        first: crate::Error,
        /// How many EMV and Pix errors there are.
        count: usize,
    },
    /// An option out of range.
    #[error("{0}")]
    Option(&'static str),
    /// Dark and light colours too close to scan.
    #[error("dark and light colours have contrast {ratio_x100}/100, below the {MIN_CONTRAST_X100}/100 scanners need")]
    LowContrast {
        /// The contrast ratio times 100.
        ratio_x100: u64,
    },
    /// The symbol does not fit the requested physical size at the resolution.
    #[error("{modules} modules do not fit in {mm} mm at {dpi} dpi (at least 1 dot a module needs {need_mm} mm)")]
    TooSmall {
        /// Modules across, quiet zone included.
        modules: u32,
        /// Requested width.
        mm: u32,
        /// Resolution.
        dpi: u32,
        /// The least width that works.
        need_mm: u32,
    },
    /// The payload does not fit in a QR symbol at this error-correction level.
    #[error("the payload does not fit in a QR symbol at this error-correction level")]
    TooLong,
    /// The image encoder failed.
    #[error("image encoding failed: {0}")]
    Image(String),
}
