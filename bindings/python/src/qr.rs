//! `qr_png`, `qr_svg` (the core's `render::TextOptions`) and `scan`.

use super::*;

pub(crate) fn render_options(t: TextOptions<'_>) -> PyResult<Options> {
    Options::from_text(&t).map_err(|e| PyValueError::new_err(e.to_string()))
}

pub(crate) fn render_error(py: Python<'_>, e: RustRenderError) -> PyErr {
    match e {
        RustRenderError::Invalid { first, .. } => pix_error(py, first),
        other => PyValueError::new_err(other.to_string()),
    }
}

pub(crate) fn qr(py: Python<'_>, code: &Bound<'_, PyAny>, o: &Options) -> PyResult<Qr> {
    let text = text(code)?;
    Qr::new(&text, o).map_err(|e| render_error(py, e))
}

/// A PNG of the code's QR symbol. An invalid code raises `PixError` unless `allow_invalid`.
/// Every option left `None` takes the core's default (`pixcode::render::Options`).
#[pyfunction]
#[pyo3(signature = (code, *, error_correction = None, module_pixels = None, mm = None,
    dpi = None, quiet_zone = None, dark = None, light = None, caption = None,
    allow_invalid = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn qr_png<'py>(
    py: Python<'py>,
    code: &Bound<'py, PyAny>,
    error_correction: Option<&str>,
    module_pixels: Option<u32>,
    mm: Option<u32>,
    dpi: Option<u32>,
    quiet_zone: Option<u32>,
    dark: Option<&str>,
    light: Option<&str>,
    caption: Option<bool>,
    allow_invalid: Option<bool>,
) -> PyResult<Bound<'py, PyBytes>> {
    let o = render_options(TextOptions {
        error_correction,
        module_pixels,
        mm,
        dpi,
        quiet_zone,
        dark,
        light,
        caption,
        allow_invalid,
    })?;
    let png = qr(py, code, &o)?
        .to_png()
        .map_err(|e| render_error(py, e))?;
    Ok(PyBytes::new(py, &png))
}

/// An SVG document of the code's QR symbol. An invalid code raises `PixError` unless
/// `allow_invalid`. Every option left `None` takes the core's default.
#[pyfunction]
#[pyo3(signature = (code, *, error_correction = None, module_pixels = None, mm = None,
    dpi = None, quiet_zone = None, dark = None, light = None, caption = None,
    allow_invalid = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn qr_svg(
    py: Python<'_>,
    code: &Bound<'_, PyAny>,
    error_correction: Option<&str>,
    module_pixels: Option<u32>,
    mm: Option<u32>,
    dpi: Option<u32>,
    quiet_zone: Option<u32>,
    dark: Option<&str>,
    light: Option<&str>,
    caption: Option<bool>,
    allow_invalid: Option<bool>,
) -> PyResult<String> {
    let o = render_options(TextOptions {
        error_correction,
        module_pixels,
        mm,
        dpi,
        quiet_zone,
        dark,
        light,
        caption,
        allow_invalid,
    })?;
    Ok(qr(py, code, &o)?.to_svg())
}

/// The keyword arguments of `qr_png` and `qr_svg`, the core's `TextOptions` members in their
/// order. Read by `pixcode.QR_OPTIONS`.
#[pyfunction]
pub(crate) fn qr_option_names() -> Vec<&'static str> {
    TextOptions::MEMBERS.to_vec()
}

/// Every QR code in an image (PNG, JPEG, WebP, GIF, BMP) or PDF, as the JSON array of
/// `pixcode::scan::Symbol` (`text`, `charset`, `corners`, `inverted`, `page`); the GIL is released
/// while it reads. Read by `pixcode.scan`.
#[pyfunction]
pub(crate) fn scan_json(py: Python<'_>, image: &Bound<'_, PyBytes>) -> PyResult<String> {
    let bytes = image.as_bytes().to_vec();
    match py.detach(move || pixcode::scan::scan(&bytes)) {
        Ok(symbols) => {
            serde_json::to_string(&symbols).map_err(|e| PyRuntimeError::new_err(e.to_string()))
        }
        Err(e) => {
            let err = ScanError::new_err(e.to_string());
            let value = err.value(py);
            let _ = value.setattr("code", e.code());
            let _ = value.setattr("message", e.to_string());
            let _ = value.setattr("page", e.page());
            Err(err)
        }
    }
}
