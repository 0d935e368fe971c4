//! Every record of `corpus/real-codes.jsonl` is checked: the EMV verdict against the
//! reference, the CRC verdict, the byte-length hint, and for Pix codes the typed view against
//! an independent naive reading of the same payload.

use pixcode::tlv::LengthUnits;
use serde_json::Value;
use std::collections::HashMap;

/// Records where this crate's EMV verdict is allowed to differ from the reference, with the
/// reason. It may only shrink.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[];

fn records() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/real-codes.jsonl");
    let text = std::fs::read_to_string(path).expect("corpus file");
    text.lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

#[test]
fn corpus_has_every_record_with_provenance() {
    let recs = records();
    assert_eq!(recs.len(), 325);
    for r in &recs {
        assert!(r["source"].is_object(), "{} has no provenance", r["id"]);
        assert!(r["payload"].is_string());
    }
}

#[test]
fn emv_verdict_matches_reference() {
    let recs = records();
    let mut disagree = Vec::new();
    let mut agree = 0;
    for r in &recs {
        let id = r["id"].as_str().unwrap();
        let payload = r["payload"].as_str().unwrap();
        let expected = r["reference"]["valid"].as_bool().unwrap();
        let got = pixcode::inspect(payload.as_bytes());
        let known = KNOWN_DIFFERENCES.iter().any(|(k, _)| *k == id);
        if (got.emv.is_valid() == expected) == known {
            disagree.push(format!(
                "{id}: expected valid={expected}, got errors {:?}; reference errors {}",
                got.emv.errors, r["reference"]["errors"]
            ));
        } else {
            agree += 1;
        }
        // The strict decoder agrees with the full report on the EMV verdict.
        let strict = pixcode::emv::Payload::parse(payload);
        assert_eq!(strict.is_ok(), got.emv.is_valid(), "{id}");
        if let Err(e) = strict {
            assert_eq!(
                Some(&e),
                got.emv.errors.first(),
                "{id}: first error differs"
            );
        }
    }
    assert!(disagree.is_empty(), "{}", disagree.join("\n"));
    assert_eq!(agree, recs.len());
}

#[test]
fn crc_verdict_matches_reference() {
    for r in records() {
        let payload = r["payload"].as_str().unwrap();
        let expected = r["reference"]["crc_ok"].as_bool().unwrap();
        let got = pixcode::inspect(payload.as_bytes())
            .crc
            .is_some_and(|c| c.matches());
        assert_eq!(got, expected, "{}: {payload}", r["id"]);
    }
}

#[test]
fn byte_counted_lengths_are_recognised() {
    let mut seen = 0;
    for r in records() {
        let reference = &r["reference"];
        let payload = r["payload"].as_str().unwrap();
        if reference["length_units"] == "bytes_only" {
            seen += 1;
            let report = pixcode::inspect(payload.as_bytes());
            assert!(!report.emv.is_valid());
            assert!(
                report.emv.warnings.contains("lengths_counted_in_bytes"),
                "{}: {:?}",
                r["id"],
                report.emv.warnings
            );
            // Read leniently in bytes, the same payload frames.
            let lenient = pixcode::emv::Payload::with_units(payload, LengthUnits::Bytes);
            assert!(lenient.objects().all(|o| o.is_ok()), "{}", r["id"]);
        }
    }
    assert!(seen > 0);
}

#[test]
fn reference_warnings_are_reported() {
    // The reference's vocabulary, mapped to this crate's codes.
    let map: HashMap<&str, &str> = [
        ("missing_mandatory", "missing_mandatory"),
        (
            "missing_merchant_account_info",
            "missing_merchant_account_info",
        ),
        ("rfu_id_used", "rfu_id"),
        ("non_ascii", "non_ascii"),
        ("bad_numeric_field", "bad_numeric_field"),
        ("bad_point_of_initiation", "bad_point_of_initiation"),
        ("adf_subtemplate_not_tlv", "adf_subtemplate_not_tlv"),
        ("oversize_payload", "oversize_payload"),
        ("bad_amount", "bad_amount"),
        ("bad_country_code", "bad_country_code"),
        ("control_char", "control_char"),
    ]
    .into_iter()
    .collect();
    for r in records() {
        if r["reference"]["valid"] != true {
            continue;
        }
        let payload = r["payload"].as_str().unwrap();
        let report = pixcode::inspect(payload.as_bytes());
        for w in r["reference"]["warnings"].as_array().unwrap() {
            let code = w.as_str().or_else(|| w["code"].as_str()).unwrap();
            let ours = map[code];
            assert!(
                report.emv.warnings.contains(ours),
                "{}: reference warns {code}, we have {:?}",
                r["id"],
                report.emv.warnings
            );
        }
    }
}

/// A deliberately simple second reading: recursive, character-based, no shortcuts.
fn naive(s: &str) -> Option<Vec<(u8, String)>> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while i < chars.len() {
        let head: String = chars.get(i..i + 4)?.iter().collect();
        let id: u8 = head[..2].parse().ok()?;
        let len: usize = head[2..].parse().ok()?;
        let value: String = chars.get(i + 4..i + 4 + len)?.iter().collect();
        out.push((id, value));
        i += 4 + len;
    }
    Some(out)
}

fn lookup(objs: &[(u8, String)], id: u8) -> Option<&str> {
    objs.iter().find(|(i, _)| *i == id).map(|(_, v)| v.as_str())
}

#[test]
fn pix_view_matches_a_naive_reading() {
    let mut checked = 0;
    for r in records() {
        let payload = r["payload"].as_str().unwrap();
        let report = pixcode::inspect(payload.as_bytes());
        if !report.emv.is_valid() {
            continue;
        }
        let root = naive(payload.trim()).expect("valid payloads frame naively");
        let pix_mai = root.iter().find(|(id, v)| {
            (26..=51).contains(id)
                && naive(v).is_some_and(|s| {
                    lookup(&s, 0).is_some_and(|g| g.eq_ignore_ascii_case("br.gov.bcb.pix"))
                })
        });
        let Some((mai_id, mai)) = pix_mai else {
            assert!(report.pix.is_none(), "{}: not Pix, yet a Pix view", r["id"]);
            continue;
        };
        let pix = report.pix.expect("a Pix view");
        let code = pix.code;
        let sub = naive(mai).unwrap();
        let adf = lookup(&root, 62).and_then(naive).unwrap_or_default();
        assert_eq!(code.template_id(), *mai_id);
        assert_eq!(code.key().map(|k| k.as_str()), lookup(&sub, 1));
        assert_eq!(code.additional_info(), lookup(&sub, 2));
        assert_eq!(code.withdrawal_facilitator(), lookup(&sub, 3));
        assert_eq!(code.location().map(|l| l.as_str()), lookup(&sub, 25));
        assert_eq!(code.amount_text(), lookup(&root, 54));
        assert_eq!(code.merchant_name(), lookup(&root, 59));
        assert_eq!(code.merchant_city(), lookup(&root, 60));
        assert_eq!(code.postal_code(), lookup(&root, 61));
        assert_eq!(code.currency(), lookup(&root, 53));
        assert_eq!(code.txid(), lookup(&adf, 5));
        if let (Some(text), Some(amount)) = (code.amount_text(), code.amount()) {
            // Exact: the decimal string and the minor units agree digit for digit.
            let (int, frac) = text.split_once('.').unwrap_or((text, ""));
            if frac.len() <= 2 {
                let expected: u64 = format!("{int}{frac:0<2}").parse().unwrap();
                assert_eq!(amount.cents(), Some(expected), "{text}");
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 69, "EMV-valid Pix codes in the corpus");
}
