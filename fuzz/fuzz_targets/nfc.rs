//! The NFC readers meet what a phone or a tag sends: a `pix://` URI (first byte 1) or an NDEF
//! message (first byte 0). Neither may panic; what reads must write back to the same thing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pixcode::nfc::{ndef_message, read_ndef, uri_for, PixUri};

fn check_uri(text: &str) {
    let Ok(uri) = PixUri::parse(text) else { return };
    let code = uri.code();
    let mut buf = [0u8; 8192];
    if let Ok(into) = uri.code_into(&mut buf) {
        assert_eq!(into, code);
    }
    // Written again (the sig is carried decoded-as-written, so only the code and host compare).
    let again = uri_for(&code, uri.host(), None).expect("a host that read writes");
    let back = PixUri::parse(&again).expect("what the writer writes reads");
    assert_eq!(back.code(), code);
    assert_eq!(back.host(), uri.host());
    // Whatever the code is, decoding it never panics.
    let _ = pixcode::decode(&code);
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    if mode & 1 == 0 {
        if let Ok(uri) = read_ndef(rest) {
            assert_eq!(read_ndef(&ndef_message(uri)), Ok(uri));
            check_uri(uri);
        }
    } else if let Ok(text) = std::str::from_utf8(rest) {
        check_uri(text);
        let message = ndef_message(text);
        assert_eq!(read_ndef(&message), Ok(text));
    }
});
