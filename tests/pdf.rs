//! Reading codes from PDFs made here: vector squares (in a form, rotated), raster images
//! (Flate and JPEG), image masks, several pages; and hostile files, each refused with the
//! limit it crossed, quickly: decompression and form bombs, huge images, too many pages,
//! painting without end, garbage and truncated files.
#![cfg(all(feature = "render", feature = "pdf"))]

use pixcode::render::{Options, Qr};
use pixcode::scan::{scan, ScanError};
use std::io::Write;

const STATIC: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
const OTHER: &str = "00020126360014br.gov.bcb.pix0114+55119432143215204000053039865406123.455802BR5913FULANO DE TAL6008BRASILIA62070503***6304D3CD";

/// A PDF assembled object by object; objects 1 and 2 are the catalog and the page tree.
struct Doc {
    objects: Vec<Vec<u8>>,
    pages: Vec<usize>,
}

impl Doc {
    fn new() -> Doc {
        Doc {
            objects: vec![Vec::new(), Vec::new()],
            pages: Vec::new(),
        }
    }

    fn add(&mut self, body: impl Into<Vec<u8>>) -> usize {
        self.objects.push(body.into());
        self.objects.len()
    }

    fn stream(&mut self, dict: &str, data: &[u8]) -> usize {
        let mut body = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        self.add(body)
    }

    /// An A4 page with this content and resources.
    fn page(&mut self, content: &str, resources: &str) -> usize {
        let content = self.stream("", content.as_bytes());
        let page = self.add(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R /Resources << {resources} >> >>"
        ));
        self.pages.push(page);
        page
    }

    fn finish(mut self) -> Vec<u8> {
        self.objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>".to_vec();
        let kids: Vec<String> = self.pages.iter().map(|p| format!("{p} 0 R")).collect();
        self.objects[1] = format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            self.pages.len()
        )
        .into_bytes();
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in self.objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        let n = self.objects.len() + 1;
        out.extend_from_slice(format!("xref\n0 {n}\n0000000000 65535 f \n").as_bytes());
        for offset in offsets {
            out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size {n} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
        );
        out
    }
}

fn qr(code: &str) -> Qr {
    Qr::new(code, &Options::default()).unwrap()
}

/// The symbol as filled squares of 1 unit, origin at the top-left module, y down.
fn squares(code: &str) -> String {
    let q = qr(code);
    let mut out = String::from("0 g\n");
    for y in 0..q.width() {
        for x in 0..q.width() {
            if q.is_dark(x, y) {
                out += &format!("{x} {} 1 1 re\n", q.width() - 1 - y);
            }
        }
    }
    out + "f\n"
}

/// The symbol as grey pixels, `scale` a module, with a 4-module quiet zone.
fn pixels(code: &str, scale: usize) -> (usize, Vec<u8>) {
    let q = qr(code);
    let side = (q.width() + 8) * scale;
    let mut px = vec![255u8; side * side];
    for y in 0..side {
        for x in 0..side {
            let (mx, my) = ((x / scale).wrapping_sub(4), (y / scale).wrapping_sub(4));
            if q.is_dark(mx, my) {
                px[y * side + x] = 0;
            }
        }
    }
    (side, px)
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(data).unwrap();
    z.finish().unwrap()
}

fn pdf_error(pdf: &[u8]) -> ScanError {
    let started = std::time::Instant::now();
    let error = scan(pdf).expect_err("the file is refused");
    // Not a timing assertion of speed: a refusal must come before the work, so even an
    // unoptimised build answers in seconds rather than the hours the file asks for.
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
    error
}

#[test]
fn vector_squares_in_a_rotated_form_on_the_second_page() {
    let mut doc = Doc::new();
    doc.page(
        "BT /F1 12 Tf 72 720 Td (Boleto) Tj ET",
        "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>",
    );
    let form = doc.stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 100 100]",
        squares(STATIC).as_bytes(),
    );
    // 4 points a module, turned by 30 degrees.
    doc.page(
        "q 3.4641 2 -2 3.4641 250 300 cm /Qr Do Q",
        &format!("/XObject << /Qr {form} 0 R >>"),
    );
    let found = scan(&doc.finish()).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].text, STATIC);
    assert_eq!(found[0].page, Some(2));
    // The corners are on the page drawn at 200 dpi (1652 × 2338 pixels).
    for c in found[0].corners {
        assert!(
            (0..1653).contains(&c.x) && (0..2339).contains(&c.y),
            "{c:?}"
        );
    }
}

#[test]
fn a_small_raster_image_is_read_at_its_own_resolution() {
    let (side, px) = pixels(STATIC, 6);
    let mut doc = Doc::new();
    let image = doc.stream(
        &format!("/Type /XObject /Subtype /Image /Width {side} /Height {side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"),
        &deflate(&px),
    );
    // 0.25 inch across: 50 pixels on the page drawn at 200 dpi, under a pixel a module.
    doc.page(
        "q 18 0 0 18 100 600 cm /Im Do Q",
        &format!("/XObject << /Im {image} 0 R >>"),
    );
    let found = scan(&doc.finish()).unwrap();
    assert_eq!(found, [STATIC]);
    // Its corners map onto the page, where the image is: x 100–118 pt, y 224–242 pt from
    // the top, times 200/72.
    for c in found[0].corners {
        assert!((270..=335).contains(&c.x), "{c:?}");
        assert!((615..=680).contains(&c.y), "{c:?}");
    }
}

#[test]
fn jpeg_images_and_image_masks_on_two_pages_are_both_read() {
    let (side, px) = pixels(STATIC, 4);
    let mut jpeg = Vec::new();
    image::GrayImage::from_raw(side as u32, side as u32, px)
        .unwrap()
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    // An image mask: one bit a sample, 0 where the fill colour is painted.
    let (mside, mpx) = pixels(OTHER, 3);
    let row = mside.div_ceil(8);
    let mut bits = vec![0u8; row * mside];
    for y in 0..mside {
        for x in 0..mside {
            if mpx[y * mside + x] == 255 {
                bits[y * row + x / 8] |= 0x80 >> (x % 8);
            }
        }
    }
    let mut doc = Doc::new();
    let im = doc.stream(
        &format!("/Type /XObject /Subtype /Image /Width {side} /Height {side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode"),
        &jpeg,
    );
    doc.page(
        "q 200 0 0 200 100 500 cm /Im Do Q",
        &format!("/XObject << /Im {im} 0 R >>"),
    );
    let mask = doc.stream(
        &format!("/Type /XObject /Subtype /Image /Width {mside} /Height {mside} /ImageMask true /BitsPerComponent 1"),
        &bits,
    );
    doc.page(
        "q 0 0 0.5 rg 220 0 0 220 80 400 cm /M Do Q",
        &format!("/XObject << /M {mask} 0 R >>"),
    );
    let found = scan(&doc.finish()).unwrap();
    let got: Vec<(&str, Option<u32>)> = found.iter().map(|s| (s.text.as_str(), s.page)).collect();
    assert_eq!(got, [(STATIC, Some(1)), (OTHER, Some(2))]);
}

#[test]
fn a_pdf_with_no_code_is_not_found() {
    let mut doc = Doc::new();
    doc.page("0 g 100 100 200 50 re f", "");
    assert!(matches!(scan(&doc.finish()), Err(ScanError::NotFound)));
}

#[test]
fn a_decompression_bomb_is_refused_before_it_is_inflated() {
    let mut doc = Doc::new();
    let bomb = deflate(&vec![b' '; 80 << 20]);
    let content = doc.stream("/Filter /FlateDecode", &bomb);
    let page = doc.add(format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R >>"
    ));
    doc.pages.push(page);
    let e = pdf_error(&doc.finish());
    assert_eq!(e.code(), "pdf");
    assert!(e.to_string().contains("decompresses to more than"), "{e}");
}

/// Form k draws form k-1 twice: 2^40 runs of the innermost.
fn form_bomb() -> Vec<u8> {
    let mut doc = Doc::new();
    let mut previous = doc.stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 10 10]",
        b"0 0 1 1 re f",
    );
    for _ in 0..40 {
        previous = doc.stream(
            &format!("/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /F {previous} 0 R >> >>"),
            b"/F Do /F Do",
        );
    }
    doc.page("/F Do", &format!("/XObject << /F {previous} 0 R >>"));
    doc.finish()
}

#[test]
fn forms_that_draw_each_other_exponentially_are_refused() {
    let e = pdf_error(&form_bomb());
    assert_eq!((e.code(), e.page()), ("pdf", Some(1)));
    assert!(e.to_string().contains("forms expanded"), "{e}");
}

#[test]
fn a_form_that_draws_itself_twice_ends() {
    let mut doc = Doc::new();
    // Object 3 is the form, drawing itself twice through its own resources.
    let form = doc.stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /F 3 0 R >> >>",
        b"0 0 1 1 re f /F Do /F Do",
    );
    assert_eq!(form, 3);
    doc.page("/F Do", "/XObject << /F 3 0 R >>");
    let e = pdf_error(&doc.finish());
    assert!(matches!(e.code(), "pdf" | "not_found"), "{e}");
}

#[test]
fn painting_without_end_is_stopped_by_the_budget() {
    // 16,384 fills of the whole page: 64 G pixels painted at 200 dpi.
    let mut doc = Doc::new();
    let fill = doc.stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 595 842]",
        b"0 0 595 842 re f",
    );
    let by128 = doc.stream(
        &format!("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /F {fill} 0 R >> >>"),
        "/F Do ".repeat(128).as_bytes(),
    );
    doc.page(
        &"/G Do ".repeat(128),
        &format!("/XObject << /G {by128} 0 R >>"),
    );
    let e = pdf_error(&doc.finish());
    assert_eq!(e.code(), "pdf");
    assert!(e.to_string().contains("paints more than"), "{e}");
}

#[test]
fn a_huge_declared_image_is_refused_before_it_is_decoded() {
    let mut doc = Doc::new();
    let image = doc.stream(
        "/Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
        &deflate(&[0u8; 1000]),
    );
    doc.page(
        "q 500 0 0 500 0 0 cm /Im Do Q",
        &format!("/XObject << /Im {image} 0 R >>"),
    );
    let e = pdf_error(&doc.finish());
    assert!(e.to_string().contains("100000 × 100000"), "{e}");
}

#[test]
fn too_many_pages_are_refused() {
    let mut doc = Doc::new();
    for _ in 0..=pixcode::scan::pdf::MAX_PAGES {
        doc.page("", "");
    }
    let e = pdf_error(&doc.finish());
    assert!(e.to_string().contains("pages, more than"), "{e}");
}

#[test]
fn garbage_truncated_and_mutated_files_get_errors_not_panics() {
    assert_eq!(scan(b"%PDF-1.7\nnothing here").unwrap_err().code(), "pdf");
    let mut doc = Doc::new();
    doc.page(&squares(STATIC), "");
    let good = doc.finish();
    for cut in [20, good.len() / 3, good.len() / 2, good.len() - 30] {
        // Readers repair what they can: a cut file is refused or read, never a panic.
        let _ = scan(&good[..cut]);
    }
    // Bytes changed at a stride (structure, content and cross-reference table): still an
    // answer each time.
    let mut rng = 0x2545f491u32;
    for i in (9..good.len()).step_by(good.len() / 6) {
        let mut bad = good.clone();
        rng ^= rng << 13;
        rng ^= rng >> 17;
        rng ^= rng << 5;
        bad[i] = rng as u8;
        let _ = scan(&bad);
    }
}

#[test]
fn the_cli_gives_the_page_and_scan_prints_the_texts() {
    let dir = std::env::temp_dir().join(format!("pixcode-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut doc = Doc::new();
    doc.page("", "");
    doc.page(&format!("q 4 0 0 4 100 300 cm\n{}Q", squares(STATIC)), "");
    let pdf = dir.join("boleto.pdf");
    std::fs::write(&pdf, doc.finish()).unwrap();
    let png = dir.join("code.png");
    std::fs::write(&png, qr(STATIC).to_png().unwrap()).unwrap();
    let bin = env!("CARGO_BIN_EXE_pixcode");

    let out = std::process::Command::new(bin)
        .args(["decode", "--json", "--image"])
        .arg(&pdf)
        .arg(&png)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["page"], 2);
    assert_eq!(lines[0]["text"], STATIC);
    assert_eq!(lines[0]["decode"]["valid"], true);
    assert_eq!(lines[1]["page"], serde_json::Value::Null);

    let out = std::process::Command::new(bin)
        .arg("decode")
        .arg("--image")
        .arg(&pdf)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("boleto.pdf: page 2, symbol 1 of 1"), "{text}");

    let out = std::process::Command::new(bin)
        .arg("scan")
        .arg(&pdf)
        .arg(&png)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{STATIC}\n{STATIC}\n")
    );

    // A refused PDF: a JSON error line with the page, exit 2.
    let bad = dir.join("bad.pdf");
    std::fs::write(&bad, form_bomb()).unwrap();
    let out = std::process::Command::new(bin)
        .args(["decode", "--json", "--image"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let line: serde_json::Value =
        serde_json::from_str(String::from_utf8(out.stdout).unwrap().trim()).unwrap();
    assert_eq!(line["error"]["code"], "pdf");
    assert_eq!(line["error"]["page"], 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The PDF the Python and Node tests read (`tests/data/vector-code.pdf`): the static code as
/// squares on page 2. Written again with `PIXCODE_BLESS=1`.
#[test]
fn the_bindings_fixture_is_the_one_made_here() {
    let mut doc = Doc::new();
    doc.page("", "");
    doc.page(&format!("q 4 0 0 4 100 300 cm\n{}Q", squares(STATIC)), "");
    let made = doc.finish();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/vector-code.pdf");
    if std::env::var_os("PIXCODE_BLESS").is_some() {
        std::fs::write(path, &made).unwrap();
    }
    assert_eq!(
        std::fs::read(path).unwrap(),
        made,
        "run with PIXCODE_BLESS=1 to rewrite it"
    );
    let found = scan(&made).unwrap();
    assert_eq!((found[0].text.as_str(), found[0].page), (STATIC, Some(2)));
}

/// A tiling pattern filling the page; `step` apart, its cell one small square.
fn patterned_page(step: &str, cell: &str) -> Vec<u8> {
    let mut doc = Doc::new();
    let pattern = doc.stream(
        &format!("/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 1 1] /XStep {step} /YStep {step} /Resources << >>"),
        cell.as_bytes(),
    );
    doc.page(
        &format!("/Pattern cs /P scn 0 0 595 842 re f\nq 4 0 0 4 100 300 cm\n1 1 1 rg -4 -4 {} {} re f\n{}Q", qr(STATIC).width() + 8, qr(STATIC).width() + 8, squares(STATIC)),
        &format!("/Pattern << /P {pattern} 0 R >>"),
    );
    doc.finish()
}

#[test]
fn a_tiling_pattern_is_drawn_and_a_dense_one_is_refused() {
    // A light hatch every 8 points behind the code: read.
    let found = scan(&patterned_page("8", "0.8 g 0 0 1 1 re f")).unwrap();
    assert_eq!(found, [STATIC]);
    // Cells a twentieth of a point apart over the page: 2 * 10^8 copies.
    let e = pdf_error(&patterned_page("0.05", "0 g 0 0 1 1 re f"));
    assert!(e.to_string().contains("path elements"), "{e}");
}

#[test]
fn type3_glyphs_that_draw_themselves_are_counted() {
    // Font 3's glyph `a` shows `aaaa` in the same font: 4^50 glyphs if nothing counts them.
    let mut doc = Doc::new();
    let glyph = doc.stream("", b"0 0 d0 BT /F 1 Tf (aaaa) Tj ET 0 0 1 1 re f");
    assert_eq!(glyph, 3);
    let font = doc.add(
        "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1 1] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /a 3 0 R >> /Encoding << /Type /Encoding /Differences [97 /a] >> /FirstChar 97 /LastChar 97 /Widths [1000] /Resources << /Font << /F 4 0 R >> >> >>",
    );
    assert_eq!(font, 4);
    doc.page(
        "BT /F 12 Tf 100 100 Td (aaaa) Tj ET",
        "/Font << /F 4 0 R >>",
    );
    let e = pdf_error(&doc.finish());
    assert!(matches!(e.code(), "pdf" | "not_found"), "{e}");
}
