//! Every input that decodes as valid re-encodes byte for byte and decodes to the same view.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pixcode::emv::{reencode, Payload};

fuzz_target!(|s: &str| {
    let Ok(p) = Payload::parse(s) else { return };
    let out = reencode(&p, String::new()).expect("a valid payload re-encodes");
    assert_eq!(out, p.as_str());
    let again = Payload::parse(&out).expect("the re-encoding is valid");
    assert_eq!(again.objects().count(), p.objects().count());
    if let (Ok(a), Ok(b)) = (pixcode::decode(s), pixcode::decode(&out)) {
        assert_eq!(a.kind(), b.kind());
        assert_eq!(a.key(), b.key());
        assert_eq!(a.amount(), b.amount());
        assert_eq!(a.merchant_name(), b.merchant_name());
        assert_eq!(a.merchant_city(), b.merchant_city());
        assert_eq!(a.txid(), b.txid());
        assert_eq!(a.location(), b.location());
        assert_eq!(a.recurrence(), b.recurrence());
    }
});
