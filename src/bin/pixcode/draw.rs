//! `pixcode qr`: drawing a payload as PNG, SVG, terminal text or ESC/POS bytes.

use crate::args::DrawArgs;
use crate::refused;
use std::io::{self, Write};

pub(crate) fn draw_options(d: &DrawArgs) -> io::Result<pixcode::render::Options> {
    use pixcode::render::{Options, TextOptions, ESCPOS_MODULE_PIXELS};
    let module_pixels = match (d.module, d.mm) {
        (None, None) if d.escpos => Some(ESCPOS_MODULE_PIXELS),
        (px, _) => px,
    };
    Options::from_text(&TextOptions {
        error_correction: d.ec.as_deref(),
        module_pixels,
        mm: d.mm,
        dpi: d.dpi,
        quiet_zone: d.quiet_zone,
        dark: d.dark.as_deref(),
        light: d.light.as_deref(),
        caption: Some(d.caption),
        allow_invalid: Some(d.force),
    })
    .map_err(|e| refused(e.to_string()))
}

pub(crate) fn draw_qr(out: &mut impl Write, payload: &str, d: &DrawArgs) -> io::Result<()> {
    use pixcode::render::{EscPos, Qr};
    let qr = Qr::new(payload, &draw_options(d)?).map_err(|e| refused(e.to_string()))?;
    let bytes: Vec<u8> = if d.escpos {
        let mode = if d.raster {
            EscPos::Raster
        } else {
            EscPos::Native
        };
        qr.to_escpos(mode).map_err(|e| refused(e.to_string()))?
    } else if d.terminal || d.output.is_none() {
        qr.to_terminal(d.invert).into_bytes()
    } else {
        let path = d.output.as_deref().unwrap_or(std::path::Path::new(""));
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("png") => qr.to_png().map_err(|e| refused(e.to_string()))?,
            Some("svg") => qr.to_svg().into_bytes(),
            _ => {
                return Err(refused(format!(
                    "{}: the output must end in .png or .svg",
                    path.display()
                )))
            }
        }
    };
    match (&d.output, d.terminal) {
        (Some(path), false) => std::fs::write(path, bytes),
        _ => out.write_all(&bytes),
    }
}
