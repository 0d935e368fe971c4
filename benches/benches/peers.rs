//! pixcode side by side with the peer crates, on the same inputs, in one run.
//!
//! `cargo bench --manifest-path benches/Cargo.toml` (add a group name to filter).

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use pixcode_benches::*;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `f` once outside the timer: a peer that panics or rejects the input is reported and
/// not timed, rather than silently skipped.
fn accepts(name: &str, input: &str, f: impl Fn(&str) -> bool) -> bool {
    match catch_unwind(AssertUnwindSafe(|| f(input))) {
        Ok(true) => true,
        Ok(false) => {
            eprintln!("note: {name} rejects this input");
            true
        }
        Err(_) => {
            eprintln!("note: {name} PANICS on this input; not timed");
            false
        }
    }
}

/// A peer's decode-and-validate entry point.
type Decoder = fn(&str) -> bool;

fn decode(c: &mut Criterion) {
    let mut g = c.benchmark_group("decode_validate");
    for (name, input) in decode_inputs() {
        g.throughput(Throughput::Bytes(input.len() as u64));
        g.bench_with_input(BenchmarkId::new("pixcode", name), &input, |b, i| {
            b.iter(|| pixcode::decode(black_box(i)).is_ok())
        });
        g.bench_with_input(BenchmarkId::new("pixcode_inspect", name), &input, |b, i| {
            b.iter(|| pixcode::inspect(black_box(i.as_bytes())).is_valid())
        });
        let peers: [(&str, Decoder); 3] = [
            ("brcode", peer::brcode),
            ("pix-brcode-parser", peer::pix_brcode_parser),
            ("promptparse", peer::promptparse),
        ];
        for (peer_name, f) in peers {
            eprintln!("[{name}] {peer_name}:");
            if accepts(peer_name, &input, f) {
                g.bench_with_input(BenchmarkId::new(peer_name, name), &input, |b, i| {
                    b.iter(|| f(black_box(i)))
                });
            }
        }
    }
    g.finish();
}

fn view(c: &mut Criterion) {
    let mut g = c.benchmark_group("pix_view");
    let payload = pixcode::emv::Payload::new(DYNAMIC);
    g.bench_function("pixcode/from_payload", |b| {
        b.iter(|| {
            let code = pixcode::BrCode::from_payload(black_box(payload)).unwrap();
            (
                code.location().map(|l| l.resource()),
                code.merchant_name(),
                code.txid(),
            )
        })
    });
    g.finish();
}

fn crc(c: &mut Criterion) {
    let mut g = c.benchmark_group("crc");
    for size in [64usize, 1024, 1 << 20] {
        let data: String = (0..size).map(|i| (b'0' + (i % 10) as u8) as char).collect();
        g.throughput(Throughput::Bytes(size as u64));
        g.bench_with_input(BenchmarkId::new("pixcode", size), &data, |b, d| {
            b.iter(|| pixcode::crc::crc16(black_box(d.as_bytes())))
        });
        g.bench_with_input(BenchmarkId::new("brcode", size), &data, |b, d| {
            b.iter(|| brcode::crc16_ccitt(black_box(d)))
        });
        g.bench_with_input(BenchmarkId::new("promptparse", size), &data, |b, d| {
            b.iter(|| promptparse::checksum(black_box(d), true))
        });
        g.bench_with_input(
            BenchmarkId::new("pix-brcode-parser", size),
            &data,
            |b, d| b.iter(|| pix_brcode_parser::validation::calculate_crc16(black_box(d))),
        );
    }
    g.finish();
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build_static");
    let mut buf = [0u8; 512];
    let n = pixcode_emit(&mut buf);
    assert_eq!(&buf[..n], STATIC.as_bytes());
    assert_eq!(promptparse_emit(), STATIC);
    g.bench_function("pixcode/build_into", |b| {
        b.iter(|| pixcode_emit(black_box(&mut buf)))
    });
    g.bench_function("promptparse", |b| b.iter(promptparse_emit));
    eprintln!(
        "note: pix-brcode-parser emits {}",
        if pix_brcode_parser_emit() == STATIC {
            "the same code"
        } else {
            "a different code"
        }
    );
    g.bench_function("pix-brcode-parser", |b| b.iter(pix_brcode_parser_emit));
    g.finish();

    let mut g = c.benchmark_group("build_dynamic");
    let url = "pix.example.com/8b3da2f39a4140d1a91abd93113bd441";
    g.bench_function("pixcode/build_into", |b| {
        b.iter(|| {
            pixcode::pix::Builder::new("Fulano de Tal", "BRASILIA")
                .url(black_box(url))
                .build_into(&mut buf)
                .unwrap()
                .payload
                .len()
        })
    });
    g.bench_function("pix-brcode", |b| {
        b.iter(|| {
            pix_brcode::qr_dinamico::PixDinamicoSchema::standard(
                "Fulano de Tal",
                "BRASILIA",
                "0",
                black_box(url),
            )
            .serialize_with_src()
        })
    });
    g.finish();
}

fn batch(c: &mut Criterion) {
    // What `pixcode validate` and `pixcode decode` do per line, into an in-memory sink.
    let lines: Vec<&str> = [STATIC, DYNAMIC, COMPOSTO, NON_ASCII, BROKEN].repeat(200);
    let mut g = c.benchmark_group("batch_cli_path");
    g.throughput(Throughput::Elements(lines.len() as u64));
    let mut sink = Vec::with_capacity(1 << 20);
    g.bench_function("validate", |b| {
        b.iter(|| {
            sink.clear();
            for l in &lines {
                match pixcode::verdict(l.as_bytes(), pixcode::Profile::Auto) {
                    Ok(()) => sink.extend_from_slice(b"valid\n"),
                    Err(e) => {
                        use std::io::Write;
                        writeln!(sink, "invalid: {e}").unwrap();
                    }
                }
            }
            sink.len()
        })
    });
    g.bench_function("decode_json", |b| {
        b.iter(|| {
            sink.clear();
            for l in &lines {
                serde_json::to_writer(&mut sink, &pixcode::inspect(l.as_bytes())).unwrap();
                sink.push(b'\n');
            }
            sink.len()
        })
    });
    g.finish();
}

fn render(c: &mut Criterion) {
    use pixcode::render::{Options, Qr};
    let mut g = c.benchmark_group("render_dynamic");
    let opts = Options::default();
    g.bench_function("pixcode/png", |b| {
        b.iter(|| {
            Qr::new(black_box(DYNAMIC), &opts)
                .unwrap()
                .to_png()
                .unwrap()
                .len()
        })
    });
    g.bench_function("pixcode/svg", |b| {
        b.iter(|| Qr::new(black_box(DYNAMIC), &opts).unwrap().to_svg().len())
    });
    g.bench_function("pixcode/symbol_only", |b| {
        b.iter(|| Qr::new(black_box(DYNAMIC), &opts).unwrap().version())
    });
    g.finish();
}

criterion_group!(benches, decode, view, crc, build, batch, render);
criterion_main!(benches);
