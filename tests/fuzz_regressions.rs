//! Inputs the fuzzers found (kept in `fuzz/regressions/`), each with what it showed.

use pixcode::Code;

/// Every kept input: the strict and the full paths agree, nothing panics.
#[test]
fn every_kept_input_is_consistent() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let report = pixcode::inspect(&bytes);
        if let Ok(s) = std::str::from_utf8(&bytes) {
            let strict = pixcode::emv::Payload::parse(s);
            assert_eq!(strict.is_ok(), report.emv.is_valid());
            if let Err(e) = strict {
                assert_eq!(Some(&e), report.emv.errors.first());
            }
        }
        n += 1;
    }
    assert!(n >= 1);
}

/// A duplicate ID inside a payment-system template of 62 was an error in the full report but
/// was skipped by the strict path, which computes no warnings: the two verdicts differed.
#[test]
fn duplicate_inside_adf_payment_system_template_is_a_warning() {
    let input = "00020101021226150011com.paymaya5204411153036085405390.85802PH5920CIS BAYAD CENTER INC6005Pasig626950650020com.paymaya.billspay0107meralco0026046649015com.bayadcenter0105000010205MECOA630448E7";
    let report = pixcode::inspect(input.as_bytes());
    let dup = report
        .emv
        .warnings
        .iter()
        .find(|w| w.code() == "adf_subtemplate_duplicate_id")
        .expect("reported as a warning");
    assert_eq!(dup.path.to_string(), "62.50.00");
    assert!(!report
        .emv
        .errors
        .iter()
        .any(|e| e.problem.code() == "duplicate_id"));
    // The first error is the same on both paths.
    let strict = pixcode::emv::Payload::parse(input).unwrap_err();
    assert_eq!(Some(&strict), report.emv.errors.first());
}

/// A CRC in mixed case (`Df44`) was re-encoded all lowercase, so the round trip was not
/// byte-exact.
#[test]
fn mixed_case_crc_reencodes_as_written() {
    let input = "00020101021126280010A0000007750110010215477853037045802VN5912TUGIACOMPANY62310315TU GIA COMPUTER0708TUGIACO16304Df44";
    let p = pixcode::emv::Payload::parse(input).unwrap();
    assert_eq!(pixcode::emv::reencode(&p, String::new()).unwrap(), input);
    assert!(pixcode::inspect(input.as_bytes())
        .emv
        .warnings
        .contains("lowercase_crc"));
}
