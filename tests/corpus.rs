//! Every record of `corpus/real-codes.jsonl` is checked against its reference EMV verdict.

use serde_json::Value;

fn records() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/real-codes.jsonl"
    ))
    .unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn emv_verdict_matches_reference() {
    let recs = records();
    let mut disagree = Vec::new();
    for r in &recs {
        let payload = r["payload"].as_str().unwrap();
        let expected = r["reference"]["valid"].as_bool().unwrap();
        let got = pixcode::inspect(payload.as_bytes());
        if got.emv.is_valid() != expected {
            disagree.push(format!(
                "{} {} expected {} got {:?} ref {}",
                r["id"], &payload, expected, got.emv.errors, r["reference"]["errors"]
            ));
        }
    }
    for d in &disagree {
        eprintln!("{d}");
    }
    assert!(
        disagree.is_empty(),
        "{} of {} disagree",
        disagree.len(),
        recs.len()
    );
}
