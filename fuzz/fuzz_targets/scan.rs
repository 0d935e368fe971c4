//! Arbitrary bytes as an image file: an error or a result, never a panic, in bounded memory.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(found) = pixcode::scan::scan(data) {
        for payload in found {
            let _ = pixcode::inspect(payload.text.as_bytes());
        }
    }
});
