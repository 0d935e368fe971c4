//! `qrPng`, `qrSvg` (the core's `render::TextOptions`) and `scan`.

use super::*;

/// How `qrPng` and `qrSvg` draw: every option left out takes the core's default
/// (`pixcode::render::Options`).
#[napi(object)]
#[derive(Default)]
pub struct QrOptions {
    /// `L`, `M` (default), `Q` or `H`.
    pub error_correction: Option<String>,
    /// Pixels a module (default 8).
    pub module_pixels: Option<u32>,
    /// The whole symbol at most this many millimetres wide at `dpi` (instead of `modulePixels`).
    pub mm: Option<u32>,
    /// Dots per inch, for `mm`.
    pub dpi: Option<u32>,
    /// Light modules around the symbol (default 4).
    pub quiet_zone: Option<u32>,
    /// `#rrggbb` (default black).
    pub dark: Option<String>,
    /// `#rrggbb` (default white).
    pub light: Option<String>,
    /// The amount and merchant under the symbol.
    pub caption: Option<bool>,
    /// Draw a code with errors (never for a code to be paid).
    pub allow_invalid: Option<bool>,
}

/// The members of `QrOptions`, camel-cased, in the core's order (`render::TextOptions`).
#[napi]
pub fn qr_option_names() -> Vec<String> {
    TextOptions::MEMBERS.iter().map(|m| camel(m)).collect()
}

pub(crate) fn render_options(o: Option<QrOptions>) -> Result<Options> {
    let o = o.unwrap_or_default();
    Options::from_text(&TextOptions {
        error_correction: o.error_correction.as_deref(),
        module_pixels: o.module_pixels,
        mm: o.mm,
        dpi: o.dpi,
        quiet_zone: o.quiet_zone,
        dark: o.dark.as_deref(),
        light: o.light.as_deref(),
        caption: o.caption,
        allow_invalid: o.allow_invalid,
    })
    .map_err(|e| invalid(js_message(&e)))
}

/// The core's message, with the option named as JavaScript names it.
pub(crate) fn js_message(e: &RenderError) -> String {
    let message = e.to_string();
    match e {
        RenderError::BadOption { option, .. } => message.replacen(option, &camel(option), 1),
        _ => message,
    }
}

pub(crate) fn render_error(env: &Env, e: RenderError) -> Error {
    match e {
        RenderError::Invalid { first, .. } => pix_error(env, first),
        other => invalid(other.to_string()),
    }
}

pub(crate) fn qr(
    env: &Env,
    code: &Either<String, Buffer>,
    options: Option<QrOptions>,
) -> Result<Qr> {
    let o = render_options(options)?;
    let text = text(env, code)?;
    Qr::new(text, &o).map_err(|e| render_error(env, e))
}

/// A PNG of the code's QR symbol. An invalid code throws (as `decode`) unless `allowInvalid`.
#[napi]
pub fn qr_png(
    env: Env,
    code: Either<String, Buffer>,
    options: Option<QrOptions>,
) -> Result<Buffer> {
    let png = qr(&env, &code, options)?
        .to_png()
        .map_err(|e| render_error(&env, e))?;
    Ok(png.into())
}

/// An SVG document of the code's QR symbol. An invalid code throws unless `allowInvalid`.
#[napi]
pub fn qr_svg(
    env: Env,
    code: Either<String, Buffer>,
    options: Option<QrOptions>,
) -> Result<String> {
    Ok(qr(&env, &code, options)?.to_svg())
}

/// A point of an image, in pixels from its top-left corner.
#[napi(object)]
pub struct ScanPoint {
    /// Pixels to the right.
    pub x: i32,
    /// Pixels down.
    pub y: i32,
}

/// One QR code read from an image (`pixcode::scan::Symbol`).
#[napi(object)]
pub struct ScanSymbol {
    /// The text, exactly as read.
    pub text: String,
    /// `utf-8`, `iso-8859-1` (bytes that are not UTF-8, which a Pix code must be) or `eci`.
    pub charset: String,
    /// Top-left, top-right, bottom-right, bottom-left of the symbol.
    pub corners: Vec<ScanPoint>,
    /// Found with its colours inverted (light on dark).
    pub inverted: bool,
    /// The page of a PDF, counted from 1; absent for an image. The corners of a symbol on a
    /// page are in pixels of the page drawn at 200 dpi.
    pub page: Option<u32>,
}

/// Every QR code in an image (PNG, JPEG, WebP, GIF, BMP) or a PDF (every page). When none can
/// be read it throws an `Error` whose `code` is `image`, `not_found`, `too_complex`, `reader`
/// or `pdf`.
#[napi]
pub fn scan(env: Env, image: Buffer) -> Result<Vec<ScanSymbol>> {
    match pixcode::scan::scan(&image) {
        Ok(symbols) => Ok(symbols
            .into_iter()
            .map(|s| ScanSymbol {
                charset: s.charset.as_str().to_owned(),
                corners: s
                    .corners
                    .iter()
                    .map(|c| ScanPoint { x: c.x, y: c.y })
                    .collect(),
                text: s.text,
                inverted: s.inverted,
                page: s.page,
            })
            .collect()),
        Err(e) => Err(js_error(&env, e.code(), e.to_string(), &[])),
    }
}
