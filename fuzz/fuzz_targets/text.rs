//! The checks that meet untrusted text before anything else: the duplicate-member check of
//! every JSON document a location serves, the terminal escaping of outside text, and the
//! location-URL rules. None may panic; each must agree with what it guards.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pixcode::dynamic::{duplicate_member, parse_payload};
use pixcode::pix::Resource;
use pixcode::text::{needs_escape, Escaped};

fuzz_target!(|data: &[u8]| {
    match duplicate_member(data) {
        // The payload reader refuses a document with a duplicate before reading anything.
        Some(path) => {
            let err = parse_payload(Resource::Cob, data).unwrap_err();
            assert_eq!(err.errors[0].code, "payload_duplicate_member", "{path}");
        }
        // Without duplicates, what serde_json keeps is the whole document: written back, it
        // still has none.
        None => {
            if let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) {
                let again = serde_json::to_vec(&v).unwrap();
                assert_eq!(duplicate_member(&again), None);
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let shown = Escaped(text).to_string();
        assert!(!shown.chars().any(needs_escape), "{shown:?}");
        if !text.chars().any(needs_escape) {
            assert_eq!(shown, text);
        }
        let _ = pixcode::pix::location_issue(text);
    }
});
