//! Real phone photos of printed QR codes (zxing's blackbox suites `qrcode-3` and `qrcode-5`,
//! in `../shared/scan/` beside the checkout, as CI lays it out) read at four rotations: at least
//! zxing's own minimum read counts per rotation. The text read must equal the `.txt` exactly,
//! line breaks compared as LF (the files store LF where the symbols hold CRLF).
#![cfg(feature = "scan")]

use std::path::{Path, PathBuf};

fn folder(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/scan")
        .join(name);
    dir.is_dir().then_some(dir)
}

/// Reads per rotation (0°, 90°, 180°, 270°) and the images in the folder.
fn reads(dir: &Path) -> ([u32; 4], usize) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "txt"))
        .collect();
    files.sort();
    let mut counts = [0u32; 4];
    for f in &files {
        let want = std::fs::read_to_string(f.with_extension("txt"))
            .unwrap()
            .replace("\r\n", "\n");
        let img = image::open(f).unwrap().to_luma8();
        let turned = [
            img.clone(),
            image::imageops::rotate90(&img),
            image::imageops::rotate180(&img),
            image::imageops::rotate270(&img),
        ];
        for (i, t) in turned.iter().enumerate() {
            let mut png = std::io::Cursor::new(Vec::new());
            t.write_to(&mut png, image::ImageFormat::Png).unwrap();
            let found = pixcode::scan::scan(png.get_ref()).unwrap_or_default();
            if found.iter().any(|s| s.text.replace("\r\n", "\n") == want) {
                counts[i] += 1;
            }
        }
    }
    (counts, files.len())
}

#[test]
fn real_photos_read_at_least_as_zxing_requires() {
    let suites = [
        ("zxing-qrcode-3", [38, 39, 36, 39]),
        ("zxing-qrcode-5", [19, 19, 19, 19]),
    ];
    let mut ran = 0;
    for (name, minimum) in suites {
        let Some(dir) = folder(name) else {
            eprintln!("{name}: ../shared/scan is not beside this checkout; skipped");
            continue;
        };
        ran += 1;
        let (counts, images) = reads(&dir);
        eprintln!("{name}: {counts:?} of {images} at 0/90/180/270");
        for (got, want) in counts.iter().zip(minimum) {
            assert!(
                *got >= want,
                "{name}: {counts:?} is below zxing's minimum {minimum:?}"
            );
        }
    }
    // CI always lays shared/ beside the clone: there the photos must have been read.
    if std::env::var_os("CI").is_some() {
        assert_eq!(ran, 2, "CI must have ../shared/scan");
    }
}
