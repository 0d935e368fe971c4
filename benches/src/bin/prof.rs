//! A loop to profile: `perf record target/release/prof [decode|emv|view|build|build_dynamic] [input] [N]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "decode".into());
    let which = args.next().unwrap_or_else(|| "dynamic".into());
    let n: usize = args
        .next()
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
        let i = std::hint::black_box(input.as_str());
        ok += usize::from(match what.as_str() {
            "emv" => pixcode::emv::Payload::parse(i).is_ok(),
            "view" => pixcode::BrCode::from_payload(pixcode::emv::Payload::new(i)).is_ok(),
            "build_dynamic" => {
                let mut buf = [0u8; 512];
                pixcode::pix::Builder::new("Fulano de Tal", "BRASILIA")
                    .url("pix.example.com/8b3da2f39a4140d1a91abd93113bd441")
                    .build_into(&mut buf)
                    .map_or(0, |b| b.payload.len())
                    > 0
            }
            "build" => {
                let mut buf = [0u8; 512];
                pixcode_benches::pixcode_emit(&mut buf) > 0
            }
            _ => pixcode::decode(i).is_ok(),
        });
    }
    println!("{ok}");
}
