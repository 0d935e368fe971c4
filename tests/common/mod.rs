//! Shared by the integration tests: the corpus payloads, read once per test binary.

use std::sync::OnceLock;

/// The payload of every record in `corpus/real-codes.jsonl`, in file order.
pub fn payloads() -> &'static [String] {
    static PAYLOADS: OnceLock<Vec<String>> = OnceLock::new();
    PAYLOADS.get_or_init(|| {
        include_str!("../../corpus/real-codes.jsonl")
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["payload"].as_str().unwrap().to_owned()
            })
            .collect()
    })
}
