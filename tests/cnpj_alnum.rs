//! The first alphanumeric CNPJs from the field (spec `brcode.md` §3.2, the 2026 refresh): the
//! decoder's key check, the builder and the dynamic payload's key check agree on them.

use pixcode::pix::{BuildOptions, BuildProblem, Field, KeyKind};

const VALID: [&str; 2] = ["00000000E08G12", "93ZB0VRYV6KA67"];
const WRONG_DIGITS: &str = "93ZB0VRYV6KA66";

fn built(key: &str) -> Result<String, pixcode::pix::BuildError> {
    BuildOptions {
        key: Some(key),
        ..BuildOptions::new("Empresa Alfa", "Recife")
    }
    .build()
    .map(|b| b.payload)
}

#[test]
fn the_builder_and_the_decoder_take_the_valid_ones_and_refuse_the_wrong_digits() {
    for key in VALID {
        assert!(pixcode::pix::cnpj_is_valid(key), "{key}");
        let code = built(key).unwrap();
        let view = pixcode::decode(&code).unwrap();
        assert_eq!(view.key().unwrap().kind(), KeyKind::Cnpj, "{key}");
        assert_eq!(view.key().unwrap().as_str(), key);
    }
    assert!(!pixcode::pix::cnpj_is_valid(WRONG_DIGITS));
    let e = built(WRONG_DIGITS).unwrap_err();
    assert_eq!(e.field, Field::Key);
    assert!(matches!(e.problem, BuildProblem::Key(_)), "{e}");
    assert_eq!(e.problem.code(), "key_check_digits");
    // A code carrying it (written by hand, CRC right) decodes with a warning at the key, as
    // every check-digit failure does (BCB's own example CPF fails its digits); the valid
    // ones have none.
    let warned_at_key = |key: &str| {
        let good = built(VALID[1]).unwrap();
        let body = good[..good.len() - 4].replace(VALID[1], key);
        let code = format!("{body}{:04X}", pixcode::crc::crc16(body.as_bytes()));
        let report = pixcode::inspect(code.as_bytes());
        let pix = report.pix.expect("a Pix code");
        assert!(pix.report.errors.is_empty(), "{key}");
        let at_key = pix
            .report
            .warnings
            .iter()
            .any(|w| w.path.to_string() == "26.01");
        at_key
    };
    assert!(warned_at_key(WRONG_DIGITS));
    assert!(!warned_at_key(VALID[0]) && !warned_at_key(VALID[1]));
}

#[test]
fn the_dynamic_payload_check_agrees() {
    use pixcode::dynamic::{check_charge, parse_payload, PayContext};
    use pixcode::pix::Resource;
    let cob = |chave: &str| {
        format!(
            r#"{{"calendario":{{"criacao":"2026-12-01T10:00:00Z","apresentacao":"2026-12-01T10:00:00Z","expiracao":86400}},"txid":"fc9a4366ff3d4964b5dbc6c91a8722d3","revisao":0,"status":"ATIVA","valor":{{"original":"10.00"}},"chave":"{chave}"}}"#
        )
    };
    let at = "2026-12-01T12:00:00Z".parse().unwrap();
    for key in VALID {
        let read = parse_payload(Resource::Cob, cob(key).as_bytes()).unwrap();
        let pay = check_charge(&read.charge, &PayContext::new(at));
        assert!(pay.is_payable(), "{key}: {:?}", pay.errors);
        assert!(pay.findings.is_empty(), "{key}: {:?}", pay.findings);
    }
    // Wrong check digits are the decoder's key warning, here a finding: the same verdict.
    let read = parse_payload(Resource::Cob, cob(WRONG_DIGITS).as_bytes()).unwrap();
    let pay = check_charge(&read.charge, &PayContext::new(at));
    let codes: Vec<_> = pay.findings.iter().map(|e| e.code).collect();
    assert_eq!(codes, ["charge_key_format"]);
    assert!(
        pay.findings[0].message.contains("key_check_digits"),
        "{}",
        pay.findings[0].message
    );
}
