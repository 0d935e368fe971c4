//! Any bytes give a clear answer: no panic, no hang, no silent wrong answer.

use pixcode::{decode, inspect, Code};
use proptest::prelude::*;

const STATIC: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";

fn first_error(input: &[u8]) -> &'static str {
    let r = inspect(input);
    r.emv.errors.first().map(|e| e.code()).unwrap_or("none")
}

#[test]
fn named_bad_inputs() {
    assert_eq!(first_error(b""), "empty");
    assert_eq!(first_error(b"   \n"), "empty");
    assert_eq!(first_error(b"\xff\xfe000201"), "invalid_utf8");
    assert_eq!(first_error(b"000"), "truncated_header");
    assert_eq!(first_error(b"0002"), "value_overrun");
    assert_eq!(first_error(b"000201\x00"), "truncated_header");
    assert_eq!(first_error(b"00020101"), "truncated_header");
    assert_eq!(first_error(b"0X0201"), "bad_id");
    assert_eq!(first_error(b"00x201"), "bad_length");
    assert_eq!(first_error(b"000001"), "zero_length");
    assert_eq!(first_error(b"000201599912"), "value_overrun");
    assert_eq!(first_error(b"010211000201"), "format_indicator_not_first");
    assert_eq!(first_error(b"000202"), "bad_format_indicator");
    assert_eq!(first_error(b"000201"), "crc_missing");
    assert_eq!(first_error(b"0002016303ABC"), "crc_malformed");
    assert_eq!(first_error(b"0002016304XYZW"), "crc_malformed");
    assert_eq!(first_error("000201😀".as_bytes()), "bad_id");
    // Lengths count characters: 3 characters remain, though 6 bytes do.
    let r = inspect("0002015904ab😀".as_bytes());
    assert_eq!(r.emv.errors[0].code(), "value_overrun");
    assert!(r.emv.errors[0]
        .to_string()
        .ends_with("declares length 04 but only 3 characters remain"));
}

#[test]
fn crc_not_last_and_trailing_garbage() {
    let body = "0002016304";
    let crc = format!("{body}{:04X}", pixcode::crc::crc16(body.as_bytes()));
    assert!(inspect(crc.as_bytes()).emv.is_valid());
    assert!(inspect(crc.as_bytes())
        .emv
        .warnings
        .contains("missing_mandatory"));
    let after = format!("{crc}5802BR");
    assert_eq!(first_error(after.as_bytes()), "crc_not_last");
    let garbage = format!("{crc}xx");
    assert_eq!(first_error(garbage.as_bytes()), "truncated_header");
}

#[test]
fn ten_megabytes_of_digits() {
    let big = "1".repeat(10 * 1024 * 1024);
    let r = inspect(big.as_bytes());
    assert!(!r.emv.is_valid());
    assert!(decode(&big).is_err());
    // A long but well-framed payload: many small objects, then no CRC.
    let mut many = String::from("000201");
    while many.len() < 1_000_000 {
        many.push_str("6502ab");
    }
    let r = inspect(many.as_bytes());
    assert_eq!(r.emv.errors[0].code(), "duplicate_id");
    assert!(
        r.emv.errors.dropped() > 0,
        "findings past capacity are counted"
    );
    assert!(r.emv.warnings.contains("oversize_payload"));
}

#[test]
fn whitespace_and_case_are_warnings() {
    let padded = format!("  {STATIC}\r\n");
    let r = inspect(padded.as_bytes());
    assert!(r.emv.is_valid());
    assert!(r.emv.warnings.contains("surrounding_whitespace"));
    // Offsets stay those of the input.
    let code = decode(&padded).unwrap();
    assert_eq!(code.payload().offset(), 2);
    let lower = STATIC.replace("63041D3D", "63041d3d");
    let r = inspect(lower.as_bytes());
    assert!(r.emv.is_valid());
    assert!(r.emv.warnings.contains("lowercase_crc"));
}

#[test]
fn every_error_names_code_path_and_offset() {
    let r = inspect(b"0002012606000412");
    let e = &r.emv.errors[0];
    assert_eq!(e.code(), "template_not_tlv");
    assert_eq!(e.path.to_string(), "26.00");
    assert_eq!(e.offset, 10);
    assert_eq!(
        e.to_string(),
        "error at 26.00 (byte 10): template 26 does not hold valid data objects: declares length 04 but only 2 characters remain"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let r = inspect(&bytes);
        if let Ok(s) = std::str::from_utf8(&bytes) {
            prop_assert_eq!(decode(s).is_ok(), r.is_valid() && r.pix.is_some());
        } else {
            prop_assert!(!r.emv.is_valid());
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(s in "\\PC{0,300}") {
        let r = inspect(s.as_bytes());
        for f in r.emv.errors.iter().chain(r.emv.warnings.iter()) {
            prop_assert!(f.offset <= s.len());
            prop_assert!(!f.problem.code().is_empty());
        }
    }

    #[test]
    fn mutated_codes_are_caught(pos in 0usize..137, byte in any::<u8>()) {
        let mut bytes = STATIC.as_bytes().to_vec();
        prop_assume!(bytes[pos] != byte);
        bytes[pos] = byte;
        let r = inspect(&bytes);
        // A single changed byte before the CRC is always caught by the CRC or the structure.
        if pos < 133 {
            prop_assert!(!r.emv.is_valid(), "mutation at {} accepted", pos);
        }
    }

    #[test]
    fn tlv_structure_of_generated_payloads(objs in proptest::collection::vec((0u8..100, "[ -~]{1,20}"), 0..8)) {
        // Generated well-framed payloads read back object for object.
        let mut s = String::from("000201");
        for (tag, value) in &objs {
            pixcode::tlv::write_object(&mut s, *tag, value).unwrap();
        }
        let read: Vec<(u8, &str)> = pixcode::tlv::Objects::new(&s, Default::default())
            .skip(1)
            .map(|o| o.map(|o| (o.tag(), o.value())).unwrap())
            .collect();
        let expected: Vec<(u8, &str)> = objs.iter().map(|(t, v)| (*t, v.as_str())).collect();
        prop_assert_eq!(read, expected);
    }
}
