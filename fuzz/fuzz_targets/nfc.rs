//! The NFC readers meet what a phone or a tag sends: a `pix://` URI (first byte 1) or an NDEF
//! message (first byte 0). Neither may panic; what reads must write back to the same thing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pixcode::nfc::{ndef_message, read_ndef, uri_for, uri_of, Input, PixUri};
use pixcode::Profile;

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
    // What the front ends call agrees: the input's code is the URI's, its verdict the code's,
    // and a URI written for a valid code is the one given.
    let input = Input::read(text.as_bytes()).expect("a URI that parsed reads");
    assert_eq!(input.code(), code.as_bytes());
    assert_eq!(input.origin().map(|o| o.host), Some(uri.host()));
    assert_eq!(
        pixcode::nfc::verdict(text.as_bytes(), Profile::Pix).is_ok(),
        pixcode::verdict(code.as_bytes(), Profile::Pix).is_ok()
    );
    if pixcode::decode(&code).is_ok() {
        assert_eq!(uri_of(text, None, uri.sig()).as_deref(), Ok(text));
    }
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
        if !pixcode::nfc::is_pix_uri(text) {
            // Not a URI: the input is the text itself.
            assert_eq!(Input::read(rest).map(|i| i.code().len()), Ok(rest.len()));
        }
        let message = ndef_message(text);
        assert_eq!(read_ndef(&message), Ok(text));
    }
});
