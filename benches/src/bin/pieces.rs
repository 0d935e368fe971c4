//! Rough timing of the decode pipeline's pieces (development aid; the figures that count
//! come from criterion).
use std::hint::black_box;
use std::time::Instant;

fn time(name: &str, n: u32, mut f: impl FnMut() -> usize) {
    let t = Instant::now();
    let mut acc = 0;
    for _ in 0..n {
        acc += f();
    }
    println!(
        "{name:<28} {:>8.1} ns  ({acc})",
        t.elapsed().as_nanos() as f64 / n as f64
    );
}

fn main() {
    let code = pixcode_benches::DYNAMIC;
    let n = 2_000_000;
    time("crc16", n, || {
        pixcode::crc::crc16(black_box(code.as_bytes())) as usize
    });
    time("payload new", n, || {
        pixcode::emv::Payload::new(black_box(code)).chars()
    });
    time("root walk", n, || {
        pixcode::emv::Payload::new(black_box(code))
            .objects()
            .count()
    });
    time("emv parse", n, || {
        pixcode::emv::Payload::parse(black_box(code)).is_ok() as usize
    });
    let p = pixcode::emv::Payload::new(code);
    time("brcode from_payload", n, || {
        pixcode::BrCode::from_payload(black_box(p)).is_ok() as usize
    });
    time("decode", n, || {
        pixcode::decode(black_box(code)).is_ok() as usize
    });
}
