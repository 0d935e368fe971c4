//! The parsers of dynamic-code resolution on arbitrary input: a location's answer (compact
//! JWS), its header checks, JWK Sets, the three payload schemas with their business checks,
//! and the timestamp reader. None may panic; a payload that reads must serialize and check.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pixcode::dynamic::{
    check_charge, parse_payload, read_location_answer, Jwks, PayContext, Policy, Timestamp,
    TrustAnchors, Verifier,
};
use pixcode::pix::Resource;

fuzz_target!(|data: &[u8]| {
    let verifier = Verifier::new(TrustAnchors::empty(), Policy::default());
    if let Ok((jws, _)) = read_location_answer(200, Some("application/jose"), data) {
        assert_eq!(
            jws.signing_input().len() + 1 + jws.as_str().rsplit('.').next().unwrap().len(),
            jws.as_str().len()
        );
        if let Ok(loc) = verifier.check_location("pix.example.com/qr/v2/cob/abc") {
            let _ = verifier.check_header(&loc, &jws);
        }
        let _ = parse_payload(Resource::Cob, jws.payload());
    }
    let _ = Jwks::parse(data);
    let at = Timestamp::from_unix(1_773_151_800, 0);
    for schema in [Resource::Cob, Resource::Cobv, Resource::Rec] {
        if let Ok(p) = parse_payload(schema, data) {
            assert_eq!(p.charge.resource(), schema);
            let _ = serde_json::to_string(&p.charge).unwrap();
            let mut ctx = PayContext::new(at);
            ctx.composto = data.len() % 2 == 0;
            let _ = check_charge(&p.charge, &ctx);
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(t) = text.parse::<Timestamp>() {
            // What it prints reads back as the same instant.
            assert_eq!(t.to_string().parse::<Timestamp>().unwrap(), t);
        }
        let _ = verifier.check_location(text);
    }
});
