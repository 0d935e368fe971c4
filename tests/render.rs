//! Rendering round trips: every valid Pix code of the corpus and builder codes at each
//! error-correction level are drawn, read back with an independent QR reader (rqrr), and must
//! give the exact payload. Plus the refusals, options, SVG, terminal and ESC/POS outputs.
#![cfg(all(feature = "render", feature = "scan"))]

use pixcode::pix::Builder;
use pixcode::render::{ErrorCorrection, EscPos, Options, Qr, RenderError, Rgb, Size};
use pixcode::scan::{scan, ScanError};
use serde_json::Value;

const STATIC: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
const BROKEN: &str = "00020126360014BR.GOV.BCB.PIX0114+5511943214321520400005303986540566.665802BR5907EMPRESA6008BRASILIA62080503***6304170E";

fn read_back(png: &[u8]) -> String {
    let found = scan(png).expect("the reader finds the code");
    assert_eq!(found.len(), 1);
    found.into_iter().next().unwrap().text
}

#[test]
fn every_valid_pix_code_of_the_corpus_reads_back_exactly() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/real-codes.jsonl"
    ))
    .unwrap();
    let (mut n, mut non_ascii) = (0, 0);
    for line in text.lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        let payload = r["payload"].as_str().unwrap();
        let report = pixcode::inspect(payload.as_bytes());
        if report.pix.is_none() || !report.is_valid() {
            continue;
        }
        let opts = Options {
            size: Size::ModulePixels(3),
            ..Options::default()
        };
        let png = Qr::new(payload, &opts).unwrap().to_png().unwrap();
        assert_eq!(read_back(&png), payload.trim(), "{}", r["id"]);
        n += 1;
        non_ascii += usize::from(!payload.is_ascii());
    }
    assert!(n >= 40, "only {n} codes drawn");
    assert!(non_ascii >= 1, "no non-ASCII code drawn");
}

#[test]
fn builder_codes_read_back_at_every_level() {
    let codes = [
        Builder::new("Padaria São José", "São Paulo")
            .key("12345678909")
            .amount("10.50".parse().unwrap())
            .txid("PEDIDO42")
            .build()
            .unwrap()
            .payload,
        Builder::new("Fulano de Tal", "BRASILIA")
            .url("pix.example.com/qr/v2/cobv/1e6c54d3ec9449b7a7fc53b6b0f998e7")
            .recurrence_url("pix.example.com/qr/v2/rec/3ffa640fa4f14080adccb949fa2dc0d0")
            .build()
            .unwrap()
            .payload,
        Builder::new("Café", "Maceió")
            .key("fulano@example.com")
            .fold_ascii(false)
            .build()
            .unwrap()
            .payload,
    ];
    for code in &codes {
        for ec in [
            ErrorCorrection::L,
            ErrorCorrection::M,
            ErrorCorrection::Q,
            ErrorCorrection::H,
        ] {
            let opts = Options {
                error_correction: ec,
                size: Size::ModulePixels(3),
                ..Options::default()
            };
            let png = Qr::new(code, &opts).unwrap().to_png().unwrap();
            assert_eq!(&read_back(&png), code, "{ec:?}");
        }
    }
}

#[test]
fn versions_match_spec_table() {
    // Spec §4.5: BCB static is version 7/8/10/11 at L/M/Q/H; dynamic composto FB42 is 10/11/13/16.
    let fb42 = "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac1200026304FB42";
    for (code, versions) in [(STATIC, [7, 8, 10, 11]), (fb42, [10, 11, 13, 16])] {
        for (ec, v) in [
            ErrorCorrection::L,
            ErrorCorrection::M,
            ErrorCorrection::Q,
            ErrorCorrection::H,
        ]
        .into_iter()
        .zip(versions)
        {
            let qr = Qr::new(
                code,
                &Options {
                    error_correction: ec,
                    ..Options::default()
                },
            )
            .unwrap();
            assert_eq!(qr.version(), v, "{ec:?}");
        }
    }
}

#[test]
fn invalid_codes_are_refused_unless_forced() {
    match Qr::new(BROKEN, &Options::default()) {
        Err(RenderError::Invalid { first, count }) => {
            assert_eq!(first.code(), "template_not_tlv");
            assert!(count >= 1);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // A well-formed EMV code that breaks a Pix rule is refused too.
    let mut w = pixcode::emv::Writer::new(String::new()).unwrap();
    w.node(&pixcode::emv::Node::Template(
        26,
        &[
            pixcode::emv::Node::Value(0, "br.gov.bcb.pix"),
            pixcode::emv::Node::Value(1, "12345678909"),
        ],
    ))
    .unwrap();
    w.value(52, "0000")
        .unwrap()
        .value(53, "840")
        .unwrap()
        .value(58, "BR")
        .unwrap();
    w.value(59, "Loja").unwrap().value(60, "Recife").unwrap();
    let usd = w.finish().unwrap();
    match Qr::new(&usd, &Options::default()) {
        Err(RenderError::Invalid { first, .. }) => assert_eq!(first.code(), "pix_wrong_currency"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    let forced = Qr::new(
        BROKEN,
        &Options {
            allow_invalid: true,
            size: Size::ModulePixels(3),
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(read_back(&forced.to_png().unwrap()), BROKEN);
}

#[test]
fn options_out_of_range_are_clear_errors() {
    let bad = |o: Options| Qr::new(STATIC, &o).unwrap_err();
    assert!(matches!(
        bad(Options {
            size: Size::ModulePixels(0),
            ..Options::default()
        }),
        RenderError::Option(_)
    ));
    assert!(matches!(
        bad(Options {
            quiet_zone: 1000,
            ..Options::default()
        }),
        RenderError::Option(_)
    ));
    assert!(matches!(
        bad(Options {
            dark: Rgb(120, 120, 120),
            light: Rgb(140, 140, 140),
            ..Options::default()
        }),
        RenderError::LowContrast { .. }
    ));
    assert!(matches!(
        bad(Options {
            dark: Rgb::WHITE,
            light: Rgb::BLACK,
            ..Options::default()
        }),
        RenderError::LowContrast { .. }
    ));
    match bad(Options {
        size: Size::Millimetres { mm: 5, dpi: 203 },
        ..Options::default()
    }) {
        RenderError::TooSmall {
            modules, need_mm, ..
        } => {
            assert_eq!(modules, 49 + 8);
            assert_eq!(need_mm, 8);
        }
        other => panic!("{other:?}"),
    }
    // 30 mm at 203 dpi: 239 dots for 57 modules, 4 dots a module.
    let qr = Qr::new(
        STATIC,
        &Options {
            size: Size::Millimetres { mm: 30, dpi: 203 },
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(qr.to_image().unwrap().width(), 57 * 4);
    assert_eq!(read_back(&qr.to_png().unwrap()), STATIC);
}

#[test]
fn svg_is_vector_and_draws_the_same_modules() {
    let qr = Qr::new(STATIC, &Options::default()).unwrap();
    let svg = qr.to_svg();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("shape-rendering=\"crispEdges\""));
    assert!(!svg.contains("<image"));
    // Rebuild the module grid from the path's runs.
    let d = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let w = qr.width();
    let mut grid = vec![false; (w + 8) * (w + 8)];
    for cmd in d.split('M').filter(|c| !c.is_empty()) {
        let (xy, rest) = cmd.split_once('h').unwrap();
        let (x, y) = xy.split_once(' ').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        let run: usize = rest.split_once('v').unwrap().0.parse().unwrap();
        for i in 0..run {
            grid[y * (w + 8) + x + i] = true;
        }
    }
    for y in 0..w {
        for x in 0..w {
            assert_eq!(grid[(y + 4) * (w + 8) + x + 4], qr.is_dark(x, y));
        }
    }
}

#[test]
fn caption_shows_amount_and_merchant() {
    let code = Builder::new("Loja Exemplo", "Recife")
        .key("12345678909")
        .amount("1234.5".parse().unwrap())
        .build()
        .unwrap()
        .payload;
    let qr = Qr::new(
        &code,
        &Options {
            caption: true,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(qr.caption(), Some("R$ 1.234,50 - Loja Exemplo"));
    assert!(qr.to_svg().contains(">R$ 1.234,50 - Loja Exemplo</text>"));
    let img = qr.to_image().unwrap();
    assert!(img.height() > img.width(), "a band for the caption");
    // The caption band is not blank, and the symbol still reads.
    let band_dark = (img.width()..img.height()).any(|y| {
        (0..img.width()).any(|x| img.get_pixel(x, y.min(img.height() - 1)).0 == [0, 0, 0])
    });
    assert!(band_dark);
    assert_eq!(read_back(&qr.to_png().unwrap()), code);
}

#[test]
fn terminal_fits_80_columns() {
    let qr = Qr::new(STATIC, &Options::default()).unwrap();
    let text = qr.to_terminal(false);
    let lines: Vec<&str> = text.lines().collect();
    let full = qr.width() + 8;
    assert_eq!(lines.len(), full.div_ceil(2));
    assert!(lines
        .iter()
        .all(|l| l.chars().count() == full && full <= 80));
    // Line 2 holds rows 4 and 5: the finder pattern's top edge (7 dark modules) over its
    // second row (dark, 5 light, dark).
    let top: String = lines[2].chars().skip(4).take(7).collect();
    assert_eq!(top, "█▀▀▀▀▀█");
    let inverted = qr.to_terminal(true);
    assert_ne!(inverted, text);
    assert_eq!(inverted.lines().count(), lines.len());
}

#[test]
fn escpos_native_and_raster() {
    let qr = Qr::new(
        STATIC,
        &Options {
            size: Size::ModulePixels(6),
            ..Options::default()
        },
    )
    .unwrap();
    let native = qr.to_escpos(EscPos::Native).unwrap();
    assert_eq!(&native[..5], &[0x1B, 0x40, 0x1B, 0x61, 0x01]);
    let store_len = STATIC.len() + 3;
    let mut store = vec![
        0x1D,
        0x28,
        0x6B,
        (store_len & 0xFF) as u8,
        (store_len >> 8) as u8,
        0x31,
        0x50,
        0x30,
    ];
    store.extend_from_slice(STATIC.as_bytes());
    assert!(native.windows(store.len()).any(|w| w == store.as_slice()));
    assert!(native
        .windows(8)
        .any(|w| w == [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 6]));
    assert!(native
        .windows(8)
        .any(|w| w == [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 49]));
    assert!(native
        .windows(8)
        .any(|w| w == [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30]));

    // The raster image, decoded from its bits, reads back as the payload.
    let raster = qr.to_escpos(EscPos::Raster).unwrap();
    let at = raster
        .windows(4)
        .position(|w| w == [0x1D, 0x76, 0x30, 0x00])
        .unwrap();
    let row_bytes = raster[at + 4] as usize | (raster[at + 5] as usize) << 8;
    let rows = raster[at + 6] as usize | (raster[at + 7] as usize) << 8;
    let bits = &raster[at + 8..at + 8 + row_bytes * rows];
    let img = image::GrayImage::from_fn((row_bytes * 8) as u32, rows as u32, |x, y| {
        let byte = bits[y as usize * row_bytes + x as usize / 8];
        image::Luma([if byte & (0x80 >> (x % 8)) != 0 {
            0
        } else {
            255
        }])
    });
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png).unwrap();
    assert_eq!(read_back(png.get_ref()), STATIC);
    assert!(matches!(
        Qr::new(
            STATIC,
            &Options {
                size: Size::ModulePixels(20),
                ..Options::default()
            }
        )
        .unwrap()
        .to_escpos(EscPos::Native),
        Err(RenderError::Option(_))
    ));
}

#[test]
fn jpeg_photos_read_back() {
    let qr = Qr::new(
        STATIC,
        &Options {
            size: Size::ModulePixels(4),
            ..Options::default()
        },
    )
    .unwrap();
    let img = qr.to_image().unwrap();
    let mut jpeg = std::io::Cursor::new(Vec::new());
    img.write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    assert_eq!(read_back(jpeg.get_ref()), STATIC);
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn bad_images_fail_cleanly() {
    assert!(matches!(scan(b""), Err(ScanError::Image(_))));
    assert!(matches!(
        scan(b"not an image at all"),
        Err(ScanError::Image(_))
    ));
    // A PNG header that claims 100000 x 100000 pixels: refused by the limits, not decoded.
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    assert!(matches!(scan(&png), Err(ScanError::Image(_))));
    // A truncated PNG.
    let good = Qr::new(STATIC, &Options::default())
        .unwrap()
        .to_png()
        .unwrap();
    assert!(matches!(
        scan(&good[..good.len() / 2]),
        Err(ScanError::Image(_))
    ));
    // A blank image has no code.
    let blank = image::GrayImage::from_pixel(64, 64, image::Luma([255]));
    let mut out = std::io::Cursor::new(Vec::new());
    blank.write_to(&mut out, image::ImageFormat::Png).unwrap();
    assert!(matches!(scan(out.get_ref()), Err(ScanError::NotFound)));
}

/// A PNG of `side` pixels tiled with QR finder patterns (7 × 7 modules of `px` pixels, a
/// module of white between them): the shape that makes a reader try every triple.
fn finder_tiling(side: u32, px: u32) -> Vec<u8> {
    let pitch = 8 * px;
    let img = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = ((x % pitch) / px, (y % pitch) / px);
        let ring = mx.max(my) == 6 || mx.min(my) == 0;
        let core = (2..=4).contains(&mx) && (2..=4).contains(&my);
        let inside = mx < 7 && my < 7;
        image::Luma([if inside && (ring || core) { 0 } else { 255 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Finder-pattern tilings are answered within the work bound, whatever their size: no hang,
/// no panic, a clear error (or a code, if one is read).
#[test]
fn finder_pattern_tilings_are_answered_in_bounded_time() {
    for (side, px) in [(400, 2), (800, 2), (800, 3), (1200, 4)] {
        let png = finder_tiling(side, px);
        assert!(png.len() < 64 * 1024, "{side}: {} bytes", png.len());
        let started = std::time::Instant::now();
        let result = scan(&png);
        let took = started.elapsed();
        assert!(
            matches!(result, Err(ScanError::TooComplex | ScanError::NotFound)),
            "{side}×{side} at {px} px: {result:?}"
        );
        // Generous for a debug build on a loaded machine; the bound is in copies, not seconds.
        assert!(
            took.as_secs() < 60,
            "{side}×{side} at {px} px took {took:?}"
        );
    }
}

fn png_of(img: &image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn drawn() -> image::DynamicImage {
    let png = Qr::new(STATIC, &Options::default())
        .unwrap()
        .to_png()
        .unwrap();
    image::load_from_memory(&png).unwrap()
}

/// Light on dark (a dark-mode screenshot): found on the second pass, and marked so.
#[test]
fn inverted_codes_are_read() {
    let mut img = drawn();
    img.invert();
    let found = scan(&png_of(&img, image::ImageFormat::Png)).unwrap();
    assert_eq!(found, [STATIC]);
    assert!(found[0].inverted);
}

/// WebP, GIF and BMP read as PNG does; a transparent background counts as white.
#[test]
fn other_formats_and_transparency() {
    let img = drawn();
    for format in [
        image::ImageFormat::WebP,
        image::ImageFormat::Gif,
        image::ImageFormat::Bmp,
    ] {
        let bytes = png_of(&image::DynamicImage::ImageRgba8(img.to_rgba8()), format);
        assert_eq!(scan(&bytes).unwrap(), [STATIC], "{format:?}");
    }
    // Black modules on a fully transparent (black) background.
    let luma = img.to_luma8();
    let rgba = image::RgbaImage::from_fn(luma.width(), luma.height(), |x, y| {
        let dark = luma.get_pixel(x, y).0[0] < 128;
        image::Rgba(if dark { [0, 0, 0, 255] } else { [0, 0, 0, 0] })
    });
    let bytes = png_of(
        &image::DynamicImage::ImageRgba8(rgba),
        image::ImageFormat::Png,
    );
    let found = scan(&bytes).unwrap();
    assert_eq!(found, [STATIC]);
    assert!(!found[0].inverted);
}

/// A code whose bytes are ISO-8859-1 (a generator that did not write UTF-8): read as the QR
/// standard's default, and said so, never refused.
#[test]
fn latin1_bytes_are_read_as_iso_8859_1() {
    let text = "Jos\u{e9} da Silva, S\u{e3}o Paulo";
    let latin1: Vec<u8> = text.chars().map(|c| c as u8).collect();
    let code = qrcode::QrCode::new(&latin1).unwrap();
    let w = code.width() as u32;
    let colors = code.to_colors();
    let img = image::GrayImage::from_fn((w + 8) * 6, (w + 8) * 6, |x, y| {
        let (mx, my) = (x / 6, y / 6);
        let inside = (4..w + 4).contains(&mx) && (4..w + 4).contains(&my);
        let dark = inside && colors[((my - 4) * w + (mx - 4)) as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let found = scan(&png_of(
        &image::DynamicImage::ImageLuma8(img),
        image::ImageFormat::Png,
    ))
    .unwrap();
    assert_eq!(found[0].text, text);
    assert_eq!(found[0].charset, pixcode::scan::Charset::Latin1);
}

/// What the retry passes are for: modules of 1.5 pixels (read at twice the size) and heavy
/// speckle noise (read through a 3 × 3 median).
#[test]
fn small_modules_and_heavy_noise_are_read_by_the_retries() {
    let opts = Options {
        size: Size::ModulePixels(3),
        ..Options::default()
    };
    let img = image::load_from_memory(&Qr::new(STATIC, &opts).unwrap().to_png().unwrap())
        .unwrap()
        .to_luma8();
    let small = image::imageops::resize(
        &img,
        img.width() / 2,
        img.height() / 2,
        image::imageops::FilterType::Triangle,
    );
    let found = scan(&png_of(
        &image::DynamicImage::ImageLuma8(small),
        image::ImageFormat::Png,
    ))
    .unwrap();
    assert_eq!(found, [STATIC]);
    // Salt and pepper on a quarter of the pixels, fixed seed.
    let opts = Options {
        size: Size::ModulePixels(5),
        ..Options::default()
    };
    let mut img = image::load_from_memory(&Qr::new(STATIC, &opts).unwrap().to_png().unwrap())
        .unwrap()
        .to_luma8();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for p in img.pixels_mut() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        match state % 8 {
            0 => p.0[0] = 0,
            1 => p.0[0] = 255,
            _ => {}
        }
    }
    let found = scan(&png_of(
        &image::DynamicImage::ImageLuma8(img),
        image::ImageFormat::Png,
    ))
    .unwrap();
    assert_eq!(found, [STATIC]);
}
