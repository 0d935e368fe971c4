//! Pix por Aproximação: decode → URI → NDEF → read → decode is the identity, a `+` survives
//! both ways, and what a phone could send that is not a `pix://` URI is refused.

use pixcode::nfc::{ndef_message, read_ndef, to_uri, NfcProblem, PixUri};
use pixcode::pix::BuildOptions;
use proptest::prelude::*;

/// A static code of a phone key (`+55…`), whose `+` a form decoder would turn into a space.
fn phone_code() -> String {
    BuildOptions {
        key: Some("+5561912345678"),
        additional_info: Some("Pedido #42 & mais 100%"),
        ..BuildOptions::new("Padaria Sao Joao", "Brasilia")
    }
    .build()
    .unwrap()
    .payload
}

#[test]
fn a_phone_key_keeps_its_plus_both_ways() {
    let code = phone_code();
    let view = pixcode::decode(&code).unwrap();
    let uri = to_uri(&view, Some("loja.example.com"), None).unwrap();
    assert!(uri.contains("%2B5561912345678"), "{uri}");
    assert!(
        !uri["pix://".len()..].contains(['+', ' ', '#', '&']),
        "{uri}"
    );
    let back = PixUri::parse(&uri).unwrap().code().into_owned();
    assert_eq!(back, code);
    // A producer that left the + raw is read as a + too, never as a space.
    let raw = format!(
        "pix://loja.example.com?qr={}",
        pixcode::nfc::percent_encode(&code).replace("%2B", "+")
    );
    assert!(raw.contains("+5561912345678"));
    let read = PixUri::parse(&raw).unwrap().code().into_owned();
    assert_eq!(read, code);
    assert_eq!(
        pixcode::decode(&read).unwrap().key().unwrap().as_str(),
        "+5561912345678"
    );
}

#[test]
fn a_dynamic_code_travels_with_its_location_host() {
    let code = "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***630464E4";
    let view = pixcode::decode(code).unwrap();
    let uri = to_uri(&view, None, Some("opaque+sig")).unwrap();
    let parsed = PixUri::parse(&uri).unwrap();
    assert_eq!(parsed.host(), "pix.example.com");
    assert_eq!(parsed.sig(), Some("opaque%2Bsig"));
    assert_eq!(parsed.code(), code);
    assert_eq!(
        to_uri(&view, Some("other.example"), None)
            .unwrap_err()
            .problem,
        NfcProblem::HostMismatch
    );
    let static_view = pixcode::decode("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D").unwrap();
    assert_eq!(
        to_uri(&static_view, None, None).unwrap_err().problem,
        NfcProblem::HostRequired
    );
}

#[test]
fn a_long_code_needs_the_long_ndef_form() {
    // A composto (Pix Automático) with a due-date charge: two long URLs, slashes escaped.
    let code = BuildOptions {
        url: Some("pix.example.com/qr/v2/cobv/1e6c54d3ec9449b7a7fc53b6b0f998e7"),
        recurrence_url: Some("pix.example.com/qr/v2/rec/3ffa640fa4f14080adccb949fa2dc0d0"),
        ..BuildOptions::new("Padaria e Confeitaria", "Sao Paulo")
    }
    .build()
    .unwrap()
    .payload;
    let uri = to_uri(&pixcode::decode(&code).unwrap(), None, None).unwrap();
    assert!(
        uri.len() + 1 > pixcode::nfc::MAX_SHORT_PAYLOAD,
        "{} bytes",
        uri.len()
    );
    let message = ndef_message(&uri);
    assert_eq!(message[0] & 0x10, 0, "the long form");
    let read = read_ndef(&message).unwrap();
    assert_eq!(PixUri::parse(read).unwrap().code(), code);
}

fn text() -> impl Strategy<Value = String> {
    // Names and infos with the characters a URI must escape.
    "[A-Za-z0-9 +%&#=?/.~_-]{1,20}"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn decode_uri_ndef_read_decode_is_the_identity(
        name in "[A-Za-z][A-Za-z0-9 ]{0,20}",
        info in proptest::option::of(text()),
        phone in "[0-9]{8,9}",
        host in "[a-z][a-z0-9-]{0,10}(\\.[a-z][a-z0-9-]{0,10}){1,3}",
    ) {
        let key = format!("+55619{phone}");
        let Ok(built) = (BuildOptions {
            key: Some(&key[..14.min(key.len())]),
            additional_info: info.as_deref(),
            ..BuildOptions::new(&name, "Recife")
        }).build() else { return Ok(()) };
        let view = pixcode::decode(&built.payload).unwrap();
        let uri = to_uri(&view, Some(&host), None).unwrap();
        let message = ndef_message(&uri);
        let read = read_ndef(&message).unwrap();
        let parsed = PixUri::parse(read).unwrap();
        prop_assert_eq!(parsed.host(), host.as_str());
        let code = parsed.code();
        let again = pixcode::decode(&code).unwrap();
        prop_assert_eq!(again.payload().input(), built.payload.as_str());
        prop_assert_eq!(again.key().unwrap().as_str(), view.key().unwrap().as_str());
    }

    #[test]
    fn no_input_panics_the_readers(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = read_ndef(&bytes);
        if let Ok(s) = std::str::from_utf8(&bytes) {
            let _ = PixUri::parse(s).map(|u| u.code());
            let with_scheme = format!("pix://h.example?qr={s}");
            if let Ok(u) = PixUri::parse(&with_scheme) {
                let mut buf = [0u8; 512];
                let _ = u.code_into(&mut buf);
            }
        }
    }
}
