//! Arbitrary bytes into the decoder and validator: no panic, and the strict and full paths
//! agree.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = pixcode::inspect(data);
    match std::str::from_utf8(data) {
        Ok(s) => {
            let emv = pixcode::emv::Payload::parse(s);
            assert_eq!(emv.is_ok(), report.emv.is_valid());
            if let Err(e) = &emv {
                assert_eq!(Some(e), report.emv.errors.first());
            }
            let strict = pixcode::decode(s);
            assert_eq!(strict.is_ok(), report.is_valid() && report.pix.is_some());
        }
        Err(_) => assert!(!report.emv.is_valid()),
    }
    for f in report.emv.errors.iter().chain(report.emv.warnings.iter()) {
        assert!(f.offset <= data.len());
        let _ = f.to_string();
    }
    if let Some(pix) = &report.pix {
        for f in pix.report.errors.iter().chain(pix.report.warnings.iter()) {
            assert!(f.offset <= data.len());
            let _ = f.to_string();
        }
    }
});
