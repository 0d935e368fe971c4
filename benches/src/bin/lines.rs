//! Writes N lines for the batch CLI measurement: the static, dynamic, composto, non-ASCII and
//! broken inputs in turn. `lines 1000000 > /tmp/million.txt`.
use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let inputs = [
        pixcode_benches::STATIC,
        pixcode_benches::DYNAMIC,
        pixcode_benches::COMPOSTO,
        pixcode_benches::NON_ASCII,
        pixcode_benches::BROKEN,
    ];
    let mut out = BufWriter::new(std::io::stdout().lock());
    for i in 0..n {
        writeln!(out, "{}", inputs[i % inputs.len()])?;
    }
    out.flush()
}
