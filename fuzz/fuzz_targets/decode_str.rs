//! Arbitrary text, so multibyte paths are exercised, through the full report and its JSON.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let report = pixcode::inspect(s.as_bytes());
    let json = serde_json::to_value(&report).expect("every report serializes");
    assert_eq!(json["valid"], report.emv.is_valid());
    // Every object offset is on a character boundary of the input.
    if let Some(p) = report.payload {
        for o in p.objects().map_while(Result::ok) {
            assert!(s.is_char_boundary(o.offset()));
            assert!(s.is_char_boundary(o.end()));
            assert_eq!(o.value().chars().count(), o.len_chars());
        }
    }
    if let Ok(code) = pixcode::decode(s) {
        let _ = (code.key(), code.amount(), code.location(), code.recurrence());
    }
});
