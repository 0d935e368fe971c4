//! A loop to profile: `perf record target/release/prof [static|dynamic|…] [N]`.
fn main() {
    let which = std::env::args().nth(1).unwrap_or_else(|| "dynamic".into());
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5_000_000);
    let inputs = pixcode_benches::decode_inputs();
    let input = &inputs
        .iter()
        .find(|(k, _)| *k == which)
        .expect("input name")
        .1;
    let mut ok = 0;
    for _ in 0..n {
        ok += usize::from(pixcode::decode(std::hint::black_box(input)).is_ok());
    }
    println!("{ok}");
}
