//! One verdict for one code: `pixcode::verdict` (the fast strict path) and
//! `Inspection::first_error` (the full report) give the same first error under every profile,
//! on the corpus and on mutations of it.

use pixcode::{inspect, verdict, Profile};
use proptest::prelude::*;

const PROFILES: [Profile; 3] = [Profile::Emv, Profile::Pix, Profile::Auto];

mod common;
use common::payloads;

fn agree(input: &[u8]) {
    let report = inspect(input);
    for profile in PROFILES {
        let fast = verdict(input, profile).err();
        let full = report.first_error(profile);
        assert_eq!(
            fast,
            full,
            "{profile} on {:?}",
            String::from_utf8_lossy(input)
        );
        assert_eq!(report.is_valid_as(profile), fast.is_none());
        assert_eq!(report.error_count(profile) == 0, fast.is_none());
    }
    assert_eq!(report.is_valid(), report.is_valid_as(Profile::Auto));
}

#[test]
fn corpus_verdicts_agree() {
    let mut not_pix = 0;
    for code in payloads() {
        agree(code.as_bytes());
        let r = inspect(code.as_bytes());
        if r.emv.is_valid() && r.pix.is_none() {
            not_pix += 1;
            // A valid code of another scheme: valid under emv and auto, invalid under pix.
            assert!(verdict(code.as_bytes(), Profile::Auto).is_ok());
            assert_eq!(
                verdict(code.as_bytes(), Profile::Pix).unwrap_err().code(),
                "pix_not_pix"
            );
        }
    }
    assert!(not_pix > 10, "the corpus has codes of other schemes");
}

#[test]
fn odd_inputs_agree() {
    for input in [
        &b""[..],
        b"   ",
        b"\xff\xfe",
        b"000201",
        b"0002010102116304FFFF",
        b" 00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D\n",
    ] {
        agree(input);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]
    #[test]
    fn mutated_codes_agree(idx in 0usize..325, at in 0usize..600, byte in any::<u8>(), fix_crc in any::<bool>()) {
        let codes = payloads();
        let mut bytes = codes[idx % codes.len()].clone().into_bytes();
        let at = at % bytes.len();
        bytes[at] = byte;
        if fix_crc && bytes.len() > 4 {
            let n = bytes.len();
            let crc = pixcode::crc::crc16(&bytes[..n - 4]);
            bytes[n - 4..].copy_from_slice(&pixcode::crc::to_hex(crc));
        }
        agree(&bytes);
    }
}
