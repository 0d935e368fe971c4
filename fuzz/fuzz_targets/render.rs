//! Valid payloads render and read back exactly (small modules keep it cheap).
#![no_main]
use libfuzzer_sys::fuzz_target;
use pixcode::render::{ErrorCorrection, Options, Qr, Size};

fuzz_target!(|s: &str| {
    if s.len() > 600 || !pixcode::inspect(s.as_bytes()).is_valid() {
        return;
    }
    let opts = Options {
        error_correction: ErrorCorrection::L,
        size: Size::ModulePixels(2),
        ..Options::default()
    };
    let qr = Qr::new(s, &opts).expect("a valid payload renders");
    let png = qr.to_png().expect("PNG encodes");
    let found = pixcode::scan::scan(&png).expect("the symbol reads back");
    assert_eq!(found, [s.trim()]);
    let _ = (qr.to_svg(), qr.to_terminal(true));
});
