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

/// The drawing options as a front end receives them, as text and numbers, each `None` for the
/// default: [`Options::from_text`] is the one place they are read and the defaults applied.
///
/// Not `#[non_exhaustive]` on purpose: a front end fills it with a literal naming every member,
/// so a member added here fails to compile there until it is exposed. [`TextOptions::MEMBERS`]
/// names them for front ends whose names no compiler checks.
///
/// ```
/// use pixcode::render::{ErrorCorrection, Options, Rgb, Size, TextOptions};
/// let o = Options::from_text(&TextOptions { dark: Some("#1a2b3c"), ..TextOptions::default() })?;
/// assert_eq!(o.dark, Rgb(0x1a, 0x2b, 0x3c));
/// assert_eq!(o.error_correction, ErrorCorrection::M);
/// assert_eq!(o.size, Size::ModulePixels(8));
///
/// let e = Options::from_text(&TextOptions { light: Some("white"), ..TextOptions::default() }).unwrap_err();
/// assert_eq!(e.to_string(), "light: expected a colour such as \"#1a2b3c\" but got \"white\"");
/// # Ok::<(), pixcode::render::RenderError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextOptions<'a> {
    /// `L`, `M`, `Q` or `H` (default `M`).
    pub error_correction: Option<&'a str>,
    /// Pixels (or SVG user units) a module (default 8).
    pub module_pixels: Option<u32>,
    /// The whole symbol at most this many millimetres wide, at `dpi` (instead of
    /// `module_pixels`).
    pub mm: Option<u32>,
    /// The printer's resolution, dots per inch, for `mm`.
    pub dpi: Option<u32>,
    /// Light modules around the symbol (default 4, as ISO/IEC 18004 asks).
    pub quiet_zone: Option<u32>,
    /// The colour of dark modules, `#rrggbb` (default black).
    pub dark: Option<&'a str>,
    /// The colour of light modules and the background, `#rrggbb` (default white).
    pub light: Option<&'a str>,
    /// Write the amount and merchant name under the symbol (default no).
    pub caption: Option<bool>,
    /// Draw a payload even when it has errors, never for a code to be paid (default no).
    pub allow_invalid: Option<bool>,
}

impl TextOptions<'_> {
    /// The members' names, in declaration order.
    ///
    /// ```
    /// assert_eq!(pixcode::render::TextOptions::MEMBERS[0], "error_correction");
    /// ```
    pub const MEMBERS: [&'static str; 9] = [
        "error_correction",
        "module_pixels",
        "mm",
        "dpi",
        "quiet_zone",
        "dark",
        "light",
        "caption",
        "allow_invalid",
    ];
}

/// Pixels a module in ESC/POS output when no size is given (the CLI's `--escpos`), smaller than
/// a screen's 8 for the narrow paper of receipt printers.
pub const ESCPOS_MODULE_PIXELS: u32 = 6;

impl Options {
    /// Reads options given as text, applying the defaults of [`Options::default`] to every
    /// `None`. A refusal names the option: [`RenderError::BadOption`].
    ///
    /// ```
    /// use pixcode::render::{Options, Size, TextOptions};
    /// let o = Options::from_text(&TextOptions { mm: Some(30), dpi: Some(203), ..Default::default() })?;
    /// assert_eq!(o.size, Size::Millimetres { mm: 30, dpi: 203 });
    /// assert!(Options::from_text(&TextOptions { mm: Some(30), ..Default::default() }).is_err());
    /// # Ok::<(), pixcode::render::RenderError>(())
    /// ```
    pub fn from_text(t: &TextOptions<'_>) -> Result<Options, RenderError> {
        let TextOptions {
            error_correction,
            module_pixels,
            mm,
            dpi,
            quiet_zone,
            dark,
            light,
            caption,
            allow_invalid,
        } = *t;
        let d = Options::default();
        let bad =
            |option: &'static str, expected: &'static str, found: &str| RenderError::BadOption {
                option,
                expected,
                found: found.into(),
            };
        let colour = |option: &'static str, text: Option<&str>, default: Rgb| match text {
            None => Ok(default),
            Some(v) => Rgb::parse(v).ok_or_else(|| bad(option, "a colour such as \"#1a2b3c\"", v)),
        };
        let size = match (module_pixels, mm, dpi) {
            (Some(_), Some(_), _) => {
                return Err(RenderError::Option(
                    "module_pixels and mm are two sizes: give one of them",
                ))
            }
            (Some(px), None, _) => Size::ModulePixels(px),
            (None, Some(mm), Some(dpi)) => Size::Millimetres { mm, dpi },
            (None, Some(_), None) => {
                return Err(RenderError::Option(
                    "mm needs dpi, the resolution it is drawn at",
                ))
            }
            (None, None, _) => d.size,
        };
        Ok(Options {
            error_correction: match error_correction {
                None => d.error_correction,
                Some(v) => v
                    .parse()
                    .map_err(|_| bad("error_correction", "L, M, Q or H", v))?,
            },
            size,
            quiet_zone: quiet_zone.unwrap_or(d.quiet_zone),
            dark: colour("dark", dark, d.dark)?,
            light: colour("light", light, d.light)?,
            caption: caption.unwrap_or(d.caption),
            allow_invalid: allow_invalid.unwrap_or(d.allow_invalid),
        })
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
    /// An option given as text that does not read ([`Options::from_text`]).
    #[error("{option}: expected {expected} but got {found:?}")]
    BadOption {
        /// The option, as [`TextOptions::MEMBERS`] names it.
        option: &'static str,
        /// What it takes.
        expected: &'static str,
        /// What was given.
        found: String,
    },
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;
    use std::vec::Vec;

    #[test]
    fn members_name_every_member_in_order() {
        let debug = std::format!("{:?}", TextOptions::default());
        let inner = debug
            .strip_prefix("TextOptions { ")
            .and_then(|s| s.strip_suffix(" }"));
        let names: Vec<&str> = inner
            .unwrap()
            .split(", ")
            .map(|m| m.split(':').next().unwrap())
            .collect();
        assert_eq!(names, TextOptions::MEMBERS);
    }

    #[test]
    fn text_options_default_to_the_defaults_and_name_what_they_refuse() {
        let d = Options::from_text(&TextOptions::default()).unwrap();
        let o = Options::default();
        assert_eq!(
            (
                d.error_correction,
                d.size,
                d.quiet_zone,
                d.dark,
                d.light,
                d.caption,
                d.allow_invalid
            ),
            (
                o.error_correction,
                o.size,
                o.quiet_zone,
                o.dark,
                o.light,
                o.caption,
                o.allow_invalid
            )
        );
        let refused = |t: TextOptions<'_>| Options::from_text(&t).unwrap_err().to_string();
        assert!(refused(TextOptions {
            error_correction: Some("Z"),
            ..Default::default()
        })
        .starts_with("error_correction: expected L, M, Q or H"));
        assert!(refused(TextOptions {
            dark: Some("#12345"),
            ..Default::default()
        })
        .starts_with("dark:"));
        assert!(refused(TextOptions {
            module_pixels: Some(2),
            mm: Some(20),
            dpi: Some(203),
            ..Default::default()
        })
        .contains("give one"));
    }
}
