//! Time per image of `scan::scan`: a clean rendered code, a photo-like one (rotated, blurred,
//! unevenly lit, noisy) and a 1080 × 1920 screenshot with the code on an app-like background.
//! The images are made here, with a fixed seed, so the figures compare across runs.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use pixcode::render::{Options, Qr};

const CODE: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";

fn png(img: &image::GrayImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn clean() -> image::GrayImage {
    let bytes = Qr::new(CODE, &Options::default()).unwrap().to_png().unwrap();
    image::load_from_memory(&bytes).unwrap().to_luma8()
}

/// A small xorshift: the same noise every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Rotated by 17°, on a 900 × 900 grey card, blurred, lit from one side, with noise.
fn photo() -> image::GrayImage {
    let code = clean();
    let (cw, ch) = (code.width() as f64, code.height() as f64);
    let (a, side) = (17f64.to_radians(), 900u32);
    let c = f64::from(side) / 2.0;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let img = image::GrayImage::from_fn(side, side, |x, y| {
        let (dx, dy) = (f64::from(x) - c, f64::from(y) - c);
        let (sx, sy) = (dx * a.cos() + dy * a.sin() + cw / 2.0, -dx * a.sin() + dy * a.cos() + ch / 2.0);
        let v = if sx >= 0.0 && sy >= 0.0 && sx < cw && sy < ch {
            f64::from(code.get_pixel(sx as u32, sy as u32).0[0])
        } else {
            200.0
        };
        let light = 0.6 + 0.4 * f64::from(x) / f64::from(side);
        let noise = (rng.next() % 41) as f64 - 20.0;
        image::Luma([(v * light + 30.0 + noise).clamp(0.0, 255.0) as u8])
    });
    image::imageops::blur(&img, 1.2)
}

/// A 1080 × 1920 app screen: bars and text-like stripes, the code 600 pixels wide.
fn screenshot() -> image::GrayImage {
    let code = image::imageops::resize(&clean(), 600, 600, image::imageops::FilterType::Nearest);
    image::GrayImage::from_fn(1080, 1920, |x, y| {
        if (240..840).contains(&x) && (500..1100).contains(&y) {
            return *code.get_pixel(x - 240, y - 500);
        }
        let v = match y {
            0..=120 => 40,
            1200..=1800 if (y / 24) % 2 == 0 && (80..1000).contains(&x) => 90,
            _ => 245,
        };
        image::Luma([v])
    })
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("scan");
    for (name, img) in [("clean", clean()), ("photo", photo()), ("screenshot_1080x1920", screenshot())] {
        let bytes = png(&img);
        assert_eq!(pixcode::scan::scan(&bytes).expect(name)[0].text, CODE, "{name}");
        g.bench_function(name, |b| b.iter(|| pixcode::scan::scan(black_box(&bytes))));
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
