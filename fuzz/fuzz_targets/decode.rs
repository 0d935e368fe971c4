//! Arbitrary bytes into the decoder and validator: no panic, and the strict and full paths
//! agree (the common one-pass path of `decode` included), and so do the two verdicts.
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
            // The one-pass common path and the full walk give the same answer.
            let (common, walk) = pixcode::pix::decode_both(s);
            match (common, walk) {
                (None, _) => {}
                (Some(Ok(c)), Ok(w)) => assert_eq!(format!("{c:?}"), format!("{w:?}")),
                (Some(Err(c)), Err(w)) => assert_eq!(c, w),
                (c, w) => panic!("paths disagree: {c:?} against {w:?}"),
            }
        }
        Err(_) => assert!(!report.emv.is_valid()),
    }
    // One verdict: the fast check and the full report name the same first error.
    for profile in [
        pixcode::Profile::Emv,
        pixcode::Profile::Pix,
        pixcode::Profile::Auto,
    ] {
        assert_eq!(
            pixcode::verdict(data, profile).err(),
            report.first_error(profile)
        );
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
