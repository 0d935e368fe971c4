//! The sans-IO side of dynamic codes: BCB's own examples (their signatures hold under the RFC
//! key, their placeholder headers must fail), the payload schemas with their leniencies, and
//! what the signer writes.
#![cfg(feature = "dynamic")]

mod support;

use pixcode::dynamic::{
    parse_payload, verify_signature_only, Alg, Charge, ChargeStatus, Jwk, Jwks, Jws, Policy,
    Signer, TrustAnchors, Verifier,
};
use pixcode::pix::Resource;
use serde_json::Value;
use support::{Ca, KeyKind, LeafSpec};

fn vectors() -> Value {
    serde_json::from_str(include_str!("../corpus/dynamic/bcb-location-examples.json")).unwrap()
}

fn example(name: &str) -> Jws {
    let v = vectors();
    let e = v["examples"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .unwrap();
    Jws::parse(e["jws"].as_str().unwrap()).unwrap()
}

fn rfc_key() -> Jwk {
    let v = vectors();
    let set = serde_json::json!({ "keys": [v["rfc7517_a1_public_key"]] });
    Jwks::parse(set.to_string().as_bytes())
        .unwrap()
        .keys
        .remove(0)
}

#[test]
fn bcb_examples_verify_under_the_rfc_key_but_fail_the_header_checks() {
    let verifier = Verifier::new(TrustAnchors::mozilla(), Policy::default());
    for (name, url) in [
        ("cob", "pix.example.com/qr/v2/a1b2c3"),
        ("cobv", "pix.example.com/qr/v2/cobv/a1b2c3"),
    ] {
        let jws = example(name);
        verify_signature_only(&jws, &rfc_key()).unwrap();
        // One changed payload byte and the signature no longer holds.
        let mut tampered = jws.as_str().to_string();
        let dot = tampered.find('.').unwrap() + 5;
        let c = tampered.as_bytes()[dot];
        tampered.replace_range(dot..dot + 1, if c == b'A' { "B" } else { "A" });
        let tampered = Jws::parse(&tampered).unwrap();
        assert_eq!(
            verify_signature_only(&tampered, &rfc_key())
                .unwrap_err()
                .code,
            "jws_signature_invalid"
        );
        // The placeholder x5t is not a SHA-1 thumbprint (and the jku is another host).
        let loc = verifier.check_location(url).unwrap();
        let err = verifier.check_header(&loc, &jws).unwrap_err();
        assert_eq!(err.error.code, "jws_jku_host", "{name}");
        let mut policy = Policy::default();
        policy.jku_same_host = false;
        let lax = Verifier::new(TrustAnchors::mozilla(), policy);
        let err = lax.check_header(&loc, &jws).unwrap_err();
        assert_eq!(err.error.code, "jws_thumbprint_format", "{name}");
    }
    // The rec example's key is not published: its header passes, its key cannot be had.
    let rec = example("rec");
    let loc = verifier
        .check_location("qr-h.sandbox.pix.bcb.gov.br/rest/rec/a1")
        .unwrap();
    let h = verifier.check_header(&loc, &rec).unwrap();
    assert_eq!(h.kid, "N24NIX9Gvwnn2pi-WOH8oQCbdHiZHWinroZYqdhq2V0PCI");
    assert_eq!(
        verify_signature_only(&rec, &rfc_key()).unwrap_err().code,
        "jws_signature_invalid"
    );
}

#[test]
fn bcb_example_payloads_read_with_their_quirks_as_findings() {
    let cob = parse_payload(Resource::Cob, example("cob").payload()).unwrap();
    let Charge::Cob(c) = &cob.charge else {
        panic!()
    };
    assert_eq!((c.revisao, c.calendario.expiracao), (3, 3600));
    assert_eq!(c.status, ChargeStatus::Ativa);
    let codes: Vec<_> = cob.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["integer_as_string", "integer_as_string"]);

    let cobv = parse_payload(Resource::Cobv, example("cobv").payload()).unwrap();
    let Charge::Cobv(c) = &cobv.charge else {
        panic!()
    };
    assert_eq!(c.valor.final_value.to_string(), "140.45");
    assert_eq!(c.calendario.data_de_vencimento.to_string(), "2020-12-31");
    assert!(cobv.findings.iter().any(|f| f.code == "money_comma"));
    // Consistent: 123.45 + 15.00 + 2.00 = 140.45.
    let at = "2020-12-30T12:00:00Z".parse().unwrap();
    let pay = pixcode::dynamic::check_charge(&cobv.charge, &pixcode::dynamic::PayContext::new(at));
    assert!(pay.is_payable(), "{:?}", pay.errors);

    let rec = parse_payload(Resource::Rec, example("rec").payload()).unwrap();
    let Charge::Rec(r) = &rec.charge else {
        panic!()
    };
    assert_eq!(r.calendario.as_ref().unwrap().periodicidade, "MENSAL");
    assert!(rec.findings.iter().any(|f| f.code == "field_misspelled"));
    // The schema is the URL's: the cob payload read as a cobv misses its required fields.
    let err = parse_payload(Resource::Cobv, example("cob").payload()).unwrap_err();
    let codes: Vec<_> = err.errors.iter().map(|e| e.code).collect();
    assert!(codes.contains(&"payload_missing_field"), "{codes:?}");
}

#[test]
fn payload_errors_name_the_field() {
    let errors = |schema, json: &str| -> Vec<String> {
        parse_payload(schema, json.as_bytes())
            .unwrap_err()
            .errors
            .iter()
            .map(|e| e.to_string())
            .collect()
    };
    let e = errors(Resource::Cob, "[]");
    assert_eq!(
        e,
        ["payload_type: expected the payload to be an object but found an array"]
    );
    let e = errors(Resource::Cob, "not json");
    assert!(e[0].starts_with("payload_not_json: "), "{e:?}");
    let base = r#"{"revisao":0,"calendario":{"criacao":"2026-03-10T14:05:00Z","apresentacao":"2026-03-10T14:07:31Z"},"chave":"k","txid":"PEDIDO2026031000000000000042","status":"ATIVA","valor":{"original":ORIG}}"#;
    let e = errors(Resource::Cob, &base.replace("ORIG", "10.5"));
    assert_eq!(e, ["payload_money: valor.original is a JSON number with a fraction or a sign, which cannot be read exactly; money must be a string such as \"10.50\""]);
    // An unusable payload is not verified: its errors name members, never their values.
    let e = errors(Resource::Cob, &base.replace("ORIG", "\"-1.00\""));
    assert_eq!(
        e,
        ["payload_money: valor.original is not an amount (digits with an optional point and decimals)"]
    );
    let e = errors(
        Resource::Cob,
        &base
            .replace("ORIG", "\"1.00\"")
            .replace("PEDIDO2026031000000000000042", "short"),
    );
    assert_eq!(
        e,
        ["payload_txid: txid is not 26 to 35 letters and digits, as a charge's txid is"]
    );
    let e = errors(
        Resource::Cob,
        &base
            .replace("ORIG", "\"1.00\"")
            .replace("2026-03-10T14:05:00Z", "2026-03-10"),
    );
    assert_eq!(
        e,
        ["payload_timestamp: calendario.criacao is not an RFC 3339 instant (such as 2026-03-10T14:05:00Z)"]
    );
    // Leniencies are findings: a number as money, an unknown field, the default expiry.
    let ok = parse_payload(
        Resource::Cob,
        base.replace("ORIG", "10")
            .replace("\"chave\"", "\"extra\":1,\"chave\"")
            .as_bytes(),
    )
    .unwrap();
    let codes: Vec<_> = ok.findings.iter().map(|f| f.code).collect();
    assert_eq!(
        codes,
        ["unknown_field", "default_applied", "money_as_number"]
    );
}

#[test]
fn the_signer_writes_what_a_verifier_reads() {
    let ca = Ca::new("pixcode test CA");
    for (key, alg) in [
        (KeyKind::Rsa, Alg::Rs256),
        (KeyKind::Rsa, Alg::Ps256),
        (KeyKind::P256, Alg::Es256),
    ] {
        let leaf = ca.leaf(&LeafSpec {
            key,
            ..LeafSpec::default()
        });
        let signer = Signer::from_pem(
            leaf.key_pem.as_bytes(),
            leaf.chain_pem.as_bytes(),
            alg,
            "https://pix.example.com/jwks",
            Some("k1"),
        )
        .unwrap();
        let jws = Jws::parse(&signer.sign(br#"{"a":1}"#).unwrap()).unwrap();
        let h = jws.header();
        assert_eq!(h.alg.as_deref(), Some(alg.name()));
        assert_eq!(
            (h.kid.as_deref(), h.jku.as_deref()),
            (Some("k1"), Some("https://pix.example.com/jwks"))
        );
        let (x5t, x5t256) = support::thumbprints(&leaf.der);
        assert_eq!(
            (h.x5t.as_deref(), h.x5t_s256.as_deref()),
            (Some(x5t.as_str()), Some(x5t256.as_str()))
        );
        let set = signer.jwks();
        let k = &set["keys"][0];
        assert_eq!(k["alg"], alg.name());
        assert_eq!(k["use"], "sig");
        assert_eq!(k["x5t"], x5t);
        let x5c = k["x5c"].as_array().unwrap();
        assert_eq!(x5c.len(), 2, "leaf then CA");
        assert!(x5c
            .iter()
            .all(|c| !c.as_str().unwrap().contains(['\n', '\r', ' '])));
        let parsed = Jwks::parse(set.to_string().as_bytes()).unwrap();
        verify_signature_only(&jws, parsed.find("k1").unwrap()).unwrap();
        // The JWKS written from the certificate alone is the same document.
        let alone =
            pixcode::dynamic::jwks_for_chain(leaf.chain_pem.as_bytes(), Some(alg), Some("k1"))
                .unwrap();
        assert_eq!(alone, set);
    }
    // A key that is not the certificate's, an alg that does not fit the key.
    let rsa = ca.leaf(&LeafSpec::default());
    let ec = ca.leaf(&LeafSpec {
        key: KeyKind::P256,
        ..LeafSpec::default()
    });
    let err = Signer::from_pem(
        ec.key_pem.as_bytes(),
        rsa.chain_pem.as_bytes(),
        Alg::Es256,
        "https://pix.example.com/j",
        None,
    )
    .unwrap_err();
    assert_eq!(err.code, "signer_key_mismatch");
    let err = Signer::from_pem(
        rsa.key_pem.as_bytes(),
        rsa.chain_pem.as_bytes(),
        Alg::Es256,
        "https://pix.example.com/j",
        None,
    )
    .unwrap_err();
    assert_eq!(err.code, "signer_key_invalid");
    let err = Signer::from_pem(
        rsa.key_pem.as_bytes(),
        rsa.chain_pem.as_bytes(),
        Alg::Rs256,
        "http://pix.example.com/j",
        None,
    )
    .unwrap_err();
    assert_eq!(err.code, "jws_jku_not_https");
}

#[test]
fn jws_shapes_that_are_refused() {
    for (text, code) in [
        ("", "jws_format"),
        ("a.b", "jws_format"),
        ("a.b.c.d", "jws_format"),
        ("eyJhbGciOiJSUzI1NiJ9=.e30.AA", "jws_format"),
        ("e30.e30.A+A", "jws_format"),
        ("bm90IGpzb24.e30.AA", "jws_header"),
        ("WzFd.e30.AA", "jws_header"),
        ("eyJhbGciOjF9.e30.AA", "jws_header"),
    ] {
        assert_eq!(Jws::parse(text).unwrap_err().code, code, "{text:?}");
    }
}

/// A valid signature by a 1024-bit RSA key (made with openssl for this test) is refused for
/// its key size, under its own code, not as a forgery.
#[test]
fn a_weak_key_is_named_as_weak() {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("data/rsa1024-weak-key.json")).unwrap();
    let jws = pixcode::dynamic::Jws::parse(v["jws"].as_str().unwrap()).unwrap();
    let jwks = pixcode::dynamic::Jwks::parse(
        serde_json::json!({ "keys": [v["jwk"]] })
            .to_string()
            .as_bytes(),
    )
    .unwrap();
    // The signature is good: ring's legacy 1024-bit parameters accept it.
    use base64::Engine as _;
    let b64 = |s: &str| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s)
            .unwrap()
    };
    let n = b64(v["jwk"]["n"].as_str().unwrap());
    let e = b64(v["jwk"]["e"].as_str().unwrap());
    ring::signature::RsaPublicKeyComponents { n: &n, e: &e }
        .verify(
            &ring::signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
            jws.signing_input(),
            jws.signature(),
        )
        .expect("the test vector's signature is valid");
    let err = pixcode::dynamic::verify_signature_only(&jws, &jwks.keys[0]).unwrap_err();
    assert_eq!(err.code, "jwk_key_too_small", "{err}");
    assert!(
        err.message.contains("1024 bits") && err.message.contains("2048"),
        "{err}"
    );
    assert_eq!(pixcode::dynamic::MIN_RSA_BITS, 2048);
}

/// The README's list of dynamic-code codes (a public interface) is the catalogue: the same
/// codes, each bullet the errors of one stage, the findings in their own bullet.
#[test]
fn the_readme_lists_every_rule_of_the_catalogue_under_its_stage() {
    use pixcode::dynamic::{Rule, Stage};
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme
        .split("### Dynamic-code codes (public interface)")
        .nth(1)
        .unwrap()
        .split("Codes new in this version")
        .next()
        .unwrap();
    let stage_of = |title: &str| match title {
        "The code and the location" => Some(Stage::Code),
        "Fetching" => Some(Stage::Fetch),
        "The answers" => Some(Stage::Answer),
        "The JWS" => Some(Stage::Jws),
        "The key" => Some(Stage::Key),
        "The certificate" => Some(Stage::Certificate),
        "The payload" => Some(Stage::Payload),
        "The business checks" => Some(Stage::Charge),
        "The signer" => Some(Stage::Signer),
        "Findings" => None,
        other => panic!("a README bullet the test does not know: {other:?}"),
    };
    let mut listed = Vec::new();
    for bullet in section.split("\n* **").skip(1) {
        let title = bullet.split("**").next().unwrap().trim_end_matches(':');
        let stage = stage_of(title);
        // Codes are the backquoted snake_case words (the bullet's parentheses explain some).
        let codes: Vec<&str> = bullet
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|c| {
                c.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            })
            .collect();
        for code in codes {
            let rule = Rule::find(code)
                .unwrap_or_else(|| panic!("{code} is in the README, not in the catalogue"));
            match stage {
                Some(s) => {
                    assert_eq!(rule.stage, s, "{code} listed under {title}");
                    assert!(rule.is_error(), "{code} listed as an error");
                }
                None => assert!(!rule.is_error(), "{code} listed as a finding"),
            }
            listed.push(code);
        }
    }
    for rule in Rule::ALL {
        assert!(
            listed.contains(&rule.code),
            "{} is in the catalogue, not in the README",
            rule.code
        );
    }
    assert_eq!(listed.len(), Rule::ALL.len(), "a code listed twice");
}

/// Members added to the rec by API 2.8.1–2.10.0 are known: no unknown-field finding.
#[test]
fn rec_members_of_api_2_10_are_known() {
    let base = example("rec").payload().to_vec();
    let mut v: serde_json::Value = serde_json::from_slice(&base).unwrap();
    v["encerramento"] = serde_json::json!({"data": "2027-01-01"});
    v["recebedor"]["convenio"] = serde_json::json!("12345");
    let read = parse_payload(Resource::Rec, serde_json::to_vec(&v).unwrap().as_slice()).unwrap();
    let unknown: Vec<_> = read
        .findings
        .iter()
        .filter(|f| f.code == "unknown_field")
        .collect();
    assert!(unknown.is_empty(), "{unknown:?}");
    // Another new member is still a finding.
    v["recebedor"]["novidade"] = serde_json::json!(1);
    let read = parse_payload(Resource::Rec, serde_json::to_vec(&v).unwrap().as_slice()).unwrap();
    assert!(read
        .findings
        .iter()
        .any(|f| f.code == "unknown_field" && f.message.contains("novidade")));
}
