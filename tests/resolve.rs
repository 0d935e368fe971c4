//! Dynamic codes end to end on loopback: a test CA and leaf certificates made here, an HTTPS
//! server serving locations and key sets as `pix.example.com`, codes resolved through the
//! resolver override. Every negative case has its own error code, and none panics.
#![cfg(feature = "resolve")]

mod support;

use std::time::Duration;

use pixcode::dynamic::{
    Alg, Charge, Resolution, ResolveRequest, Resolver, ResolverOptions, Signer,
};
use serde_json::json;
use support::{
    dynamic_code, raw_code, sign_raw, sign_raw_bytes, thumbprints, Answer, Ca, KeyKind, Leaf,
    LeafSpec, Server,
};

const AT: &str = "2026-03-10T14:10:00Z";
const COB_URL: &str = "pix.example.com/qr/v2/cob/7f3c9a1b2d4e";
const COBV_URL: &str = "pix.example.com/qr/v2/cobv/9d36b84fc70b";
const REC_URL: &str = "pix.example.com/qr/v2/rec/1a2b3c4d5e6f";
const JKU: &str = "https://pix.example.com/jwks";

fn cob(status: &str) -> serde_json::Value {
    json!({
        "revisao": 0,
        "calendario": {"criacao": "2026-03-10T14:05:00Z", "apresentacao": "2026-03-10T14:07:31Z", "expiracao": 3600},
        "devedor": {"cpf": "12345678909", "nome": "Maria Exemplo"},
        "valor": {"original": "37.90"},
        "chave": "pagamentos@example.com",
        "txid": "PEDIDO2026031000000000000042",
        "solicitacaoPagador": "Informe o número do pedido",
        "infoAdicionais": [{"nome": "Pedido", "valor": "42"}],
        "status": status
    })
}

fn cobv(due: &str) -> serde_json::Value {
    json!({
        "revisao": 1,
        "calendario": {"criacao": "2026-03-01T10:00:00Z", "apresentacao": "2026-03-10T14:07:31Z",
                       "dataDeVencimento": due, "validadeAposVencimento": 30},
        "devedor": {"cpf": "12345678909", "nome": "Maria Exemplo"},
        "recebedor": {"cnpj": "12345678000195", "nome": "Loja de Teste", "logradouro": "Rua A, 1",
                      "cidade": "São Paulo", "uf": "SP", "cep": "01001000"},
        "valor": {"original": "100.00", "juros": "0.33", "multa": "2.00", "final": "102.33"},
        "chave": "pagamentos@example.com",
        "txid": "BOLETO2026030100000000000007",
        "status": "ATIVA"
    })
}

fn rec(status: &str) -> serde_json::Value {
    json!({
        "idRec": "RR1234567820260310abcdefghijk",
        "vinculo": {"objeto": "Academia", "contrato": "C-42", "devedor": {"cpf": "12345678909", "nome": "Maria Exemplo"}},
        "calendario": {"dataInicial": "2026-04-01", "periodicidade": "MENSAL"},
        "valor": {"valorRec": "99.90"},
        "recebedor": {"cnpj": "12345678000195", "nome": "Academia de Teste", "ispbParticipante": "12345678"},
        "politicaRetentativa": "NAO_PERMITE",
        "atualizacao": [{"status": status, "data": "2026-03-10T14:00:00Z"}]
    })
}

struct World {
    ca: Ca,
    leaf: Leaf,
    server: Server,
    signer: Signer,
}

impl World {
    async fn new() -> World {
        World::with(LeafSpec::default(), Alg::Rs256).await
    }

    async fn with(spec: LeafSpec, alg: Alg) -> World {
        let ca = Ca::new("pixcode test CA");
        let leaf = ca.leaf(&spec);
        // The server's TLS certificate always names both hosts.
        let tls = ca.leaf(&LeafSpec::default());
        let server = Server::start(&tls).await;
        let signer = Signer::from_pem(
            leaf.key_pem.as_bytes(),
            leaf.chain_pem.as_bytes(),
            alg,
            JKU,
            None,
        )
        .expect("signer");
        server.route(
            "/jwks",
            Answer::new(
                200,
                "application/json",
                signer.jwks().to_string().into_bytes(),
            ),
        );
        World {
            ca,
            leaf,
            server,
            signer,
        }
    }

    fn options(&self) -> ResolverOptions {
        let mut o = ResolverOptions::without_default_roots();
        o.add_pem(self.ca.pem.as_bytes()).unwrap();
        o.resolve = vec![
            ("pix.example.com".into(), self.server.addr),
            ("other.example.com".into(), self.server.addr),
        ];
        o
    }

    fn resolver(&self) -> Resolver {
        Resolver::new(self.options()).unwrap()
    }

    fn serve(&self, url: &str, payload: &serde_json::Value) -> String {
        let jws = self.signer.sign(payload.to_string().as_bytes()).unwrap();
        self.server.route(path(url), Answer::jose(&jws));
        jws
    }
}

fn path(url: &str) -> &str {
    &url[url.find('/').unwrap()..]
}

fn request(on: &str) -> ResolveRequest {
    ResolveRequest {
        at: AT.parse().unwrap(),
        on: on.parse().unwrap(),
        cod_mun: Some("3550308".into()),
        holidays: vec![],
    }
}

async fn resolve(w: &World, code: &str) -> Resolution {
    w.resolver()
        .resolve_code(code, &request("2026-03-10"))
        .await
}

fn codes(r: &Resolution) -> Vec<&'static str> {
    r.errors.iter().map(|e| e.code).collect()
}

fn finding_codes(r: &Resolution) -> Vec<&'static str> {
    r.findings.iter().map(|e| e.code).collect()
}

#[tokio::test]
async fn a_cob_resolves_verified_and_payable() {
    let w = World::new().await;
    let jws = w.serve(COB_URL, &cob("ATIVA"));
    let r = resolve(&w, &dynamic_code(Some(COB_URL), None)).await;
    assert!(r.verified && r.payable, "{:?}", r.errors);
    let p = r.payment.as_ref().unwrap();
    assert_eq!(p.jws.as_deref(), Some(jws.as_str()));
    let Some(Charge::Cob(c)) = &p.charge else {
        panic!("{p:?}")
    };
    assert_eq!(c.valor.original.to_string(), "37.90");
    assert_eq!(c.txid, "PEDIDO2026031000000000000042");
    assert_eq!(
        c.solicitacao_pagador.as_deref(),
        Some("Informe o número do pedido")
    );
    let sig = p.signature.as_ref().unwrap();
    assert_eq!((sig.alg, sig.jku.as_str()), ("RS256", JKU));
    assert!(
        sig.certificate.subject.contains("pix.example.com"),
        "{}",
        sig.certificate.subject
    );
    assert!(sig.certificate.issuer.contains("pixcode test CA"));
    // The JSON shape (a public interface).
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["verified"], true);
    assert_eq!(v["payable"], true);
    assert_eq!(v["kind"], "cob");
    assert_eq!(v["charge"]["valor"]["original"], "37.90");
    assert_eq!(v["charge"]["calendario"]["criacao"], "2026-03-10T14:05:00Z");
    assert_eq!(v["signature"]["alg"], "RS256");
    assert_eq!(v["jws"], jws);
    assert_eq!(v["errors"], json!([]));
    // The key set was fetched once, the location once, without a query for a cob.
    assert_eq!(w.server.seen(), vec!["/qr/v2/cob/7f3c9a1b2d4e", "/jwks"]);
}

#[tokio::test]
async fn a_cobv_is_fetched_with_the_payers_municipality_and_date() {
    let w = World::new().await;
    w.serve(COBV_URL, &cobv("2026-03-10"));
    let r = w
        .resolver()
        .resolve_code(&dynamic_code(Some(COBV_URL), None), &request("2026-03-12"))
        .await;
    assert!(r.payable, "{:?}", r.errors);
    assert_eq!(
        w.server.seen()[0],
        "/qr/v2/cobv/9d36b84fc70b?codMun=3550308&DPP=2026-03-12"
    );
    let Some(Charge::Cobv(c)) = &r.payment.as_ref().unwrap().charge else {
        panic!()
    };
    assert_eq!(c.valor.final_value.to_string(), "102.33");
    // Past the validity (due 10 March + 30 days = 9 April).
    let r = w
        .resolver()
        .resolve_code(&dynamic_code(Some(COBV_URL), None), &request("2026-04-10"))
        .await;
    assert_eq!(codes(&r), ["cobv_past_validity"]);
    assert!(r.verified && !r.payable);
    // A final value that is not the sum of its parts.
    let mut bad = cobv("2026-03-10");
    bad["valor"]["final"] = json!("102.34");
    w.serve(COBV_URL, &bad);
    let r = w
        .resolver()
        .resolve_code(&dynamic_code(Some(COBV_URL), None), &request("2026-03-12"))
        .await;
    assert_eq!(codes(&r), ["cobv_final_inconsistent"]);
}

#[tokio::test]
async fn a_recurrence_alone_and_both_urls_of_a_composto() {
    let w = World::new().await;
    w.serve(REC_URL, &rec("CRIADA"));
    let r = resolve(&w, &dynamic_code(None, Some(REC_URL))).await;
    assert!(r.payable, "{:?}", r.errors);
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["kind"], "rec");
    assert_eq!(v["charge"]["idRec"], "RR1234567820260310abcdefghijk");

    w.serve(COB_URL, &cob("ATIVA"));
    let r = resolve(&w, &dynamic_code(Some(COB_URL), Some(REC_URL))).await;
    assert!(r.verified && r.payable, "{:?}", r.errors);
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["kind"], json!(["cob", "rec"]));
    assert_eq!(v["parts"].as_array().unwrap().len(), 2);
    assert_eq!(
        v["parts"][1]["charge"]["recebedor"]["ispbParticipante"],
        "12345678"
    );
}

#[tokio::test]
async fn journey_4_goes_on_without_the_recurrence_and_journey_3_does_not() {
    let w = World::new().await;
    w.serve(COBV_URL, &cobv("2026-03-10"));
    w.serve(COB_URL, &cob("ATIVA"));
    w.server.route(
        path(REC_URL),
        Answer::json(404, r#"{"title":"Não encontrado"}"#),
    );
    // cobv + rec: Journey 4.
    let r = resolve(&w, &dynamic_code(Some(COBV_URL), Some(REC_URL))).await;
    assert!(r.verified && r.payable, "{:?}", r.errors);
    assert!(finding_codes(&r).contains(&"recurrence_unavailable"));
    // cob + rec: Journey 3 aborts.
    let r = resolve(&w, &dynamic_code(Some(COB_URL), Some(REC_URL))).await;
    assert!(!r.payable);
    assert_eq!(codes(&r), ["location_not_found"]);
    // A recurrence that is no longer open.
    w.serve(REC_URL, &{
        let mut v = rec("CRIADA");
        v["atualizacao"] = json!([{"status": "CRIADA", "data": "2026-03-01T00:00:00Z"},
                                  {"status": "CANCELADA", "data": "2026-03-05T00:00:00Z"}]);
        v
    });
    let r = resolve(&w, &dynamic_code(None, Some(REC_URL))).await;
    assert_eq!(codes(&r), ["rec_not_open"]);
}

#[tokio::test]
async fn saque_and_troco_payloads() {
    let w = World::new().await;
    let mut saque = cob("ATIVA");
    saque["valor"] = json!({"original": "0.00", "modalidadeAlteracao": 0, "retirada": {"saque": {
        "valor": "50.00", "modalidadeAlteracao": 0, "prestadorDoServicoDeSaque": "12345678", "modalidadeAgente": "AGTEC"}}});
    w.serve(COB_URL, &saque);
    let r = resolve(&w, &dynamic_code(Some(COB_URL), None)).await;
    assert!(r.payable, "{:?}", r.errors);
    let mut troco = cob("ATIVA");
    troco["valor"] = json!({"original": "20.00", "retirada": {"troco": {
        "valor": "30.00", "prestadorDoServicoDeSaque": "12345678", "modalidadeAgente": "AGTOT"}}});
    w.serve(COB_URL, &troco);
    assert!(
        resolve(&w, &dynamic_code(Some(COB_URL), None))
            .await
            .payable
    );
    // A saque with a purchase amount, a troco through a withdrawal facilitator.
    saque["valor"]["original"] = json!("10.00");
    w.serve(COB_URL, &saque);
    assert_eq!(
        codes(&resolve(&w, &dynamic_code(Some(COB_URL), None)).await),
        ["saque_original_not_zero"]
    );
    troco["valor"]["retirada"]["troco"]["modalidadeAgente"] = json!("AGPSS");
    w.serve(COB_URL, &troco);
    assert_eq!(
        codes(&resolve(&w, &dynamic_code(Some(COB_URL), None)).await),
        ["retirada_agent"]
    );
}

#[tokio::test]
async fn ps256_and_es256_verify_too() {
    let w = World::with(LeafSpec::default(), Alg::Ps256).await;
    w.serve(COB_URL, &cob("ATIVA"));
    let r = resolve(&w, &dynamic_code(Some(COB_URL), None)).await;
    assert!(r.payable, "{:?}", r.errors);
    assert_eq!(r.payment.unwrap().signature.unwrap().alg, "PS256");

    let spec = LeafSpec {
        key: KeyKind::P256,
        ..LeafSpec::default()
    };
    let w = World::with(spec, Alg::Es256).await;
    w.serve(COB_URL, &cob("ATIVA"));
    let r = resolve(&w, &dynamic_code(Some(COB_URL), None)).await;
    assert!(r.payable, "{:?}", r.errors);
    assert_eq!(r.payment.unwrap().signature.unwrap().alg, "ES256");
}

/// Serves `jws` at the cob URL and returns the error codes of resolving it.
async fn outcome(w: &World, jws: &str) -> Vec<&'static str> {
    w.server.route(path(COB_URL), Answer::jose(jws));
    let r = resolve(w, &dynamic_code(Some(COB_URL), None)).await;
    assert!(!r.payable && !r.verified);
    assert!(
        r.payment.as_ref().unwrap().charge.is_none(),
        "nothing of the payload without verification"
    );
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["charge"], serde_json::Value::Null);
    assert_eq!(v["jws"], serde_json::Value::Null);
    codes(&r)
}

fn header(w: &World, alg: &str) -> serde_json::Value {
    let (x5t, x5t256) = thumbprints(&w.leaf.der);
    json!({"alg": alg, "kid": w.signer.kid(), "jku": JKU, "x5t": x5t, "x5t#S256": x5t256})
}

#[tokio::test]
async fn tampered_and_forged_signatures_are_refused() {
    let w = World::new().await;
    let payload = cob("ATIVA").to_string();
    let good = w.signer.sign(payload.as_bytes()).unwrap();
    let parts: Vec<&str> = good.split('.').collect();
    // The payload changed after signing.
    let other = base64_url(cob("CONCLUIDA").to_string().as_bytes());
    assert_eq!(
        outcome(&w, &format!("{}.{}.{}", parts[0], other, parts[2])).await,
        ["jws_signature_invalid"]
    );
    // The header changed after signing (same keys, another typ).
    let mut h = header(&w, "RS256");
    h["typ"] = json!("JOSE");
    let forged_header = base64_url(h.to_string().as_bytes());
    assert_eq!(
        outcome(&w, &format!("{forged_header}.{}.{}", parts[1], parts[2])).await,
        ["jws_signature_invalid"]
    );
    // alg none, with an empty signature.
    let none = format!(
        "{}.{}.",
        base64_url(header(&w, "none").to_string().as_bytes()),
        parts[1]
    );
    assert_eq!(outcome(&w, &none).await, ["jws_alg_none"]);
    // HS256 keyed with the public certificate (the classic forgery).
    let hs = {
        let input = format!(
            "{}.{}",
            base64_url(header(&w, "HS256").to_string().as_bytes()),
            parts[1]
        );
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, w.leaf.cert_pem.as_bytes());
        format!(
            "{input}.{}",
            base64_url(ring::hmac::sign(&key, input.as_bytes()).as_ref())
        )
    };
    assert_eq!(outcome(&w, &hs).await, ["jws_alg_hmac"]);
    // An alg that does not fit the key type.
    let es = sign_raw(&header(&w, "ES256"), payload.as_bytes(), &w.leaf.key_pem);
    assert_eq!(outcome(&w, &es).await, ["jwk_kty_mismatch"]);
}

fn base64_url(b: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

#[tokio::test]
async fn header_defects_each_have_their_code() {
    let w = World::new().await;
    let payload = cob("ATIVA").to_string();
    let sign = |h: serde_json::Value| sign_raw(&h, payload.as_bytes(), &w.leaf.key_pem);
    let mut h = header(&w, "RS256");
    h.as_object_mut().unwrap().remove("kid");
    assert_eq!(outcome(&w, &sign(h)).await, ["jws_kid_missing"]);
    let mut h = header(&w, "RS256");
    h["kid"] = json!("another-key");
    assert_eq!(outcome(&w, &sign(h)).await, ["jwks_kid_missing"]);
    let mut h = header(&w, "RS256");
    h["x5t"] = json!(thumbprints(&w.ca.der).0);
    assert_eq!(outcome(&w, &sign(h)).await, ["jws_thumbprint_mismatch"]);
    let mut h = header(&w, "RS256");
    h.as_object_mut().unwrap().remove("x5t");
    h.as_object_mut().unwrap().remove("x5t#S256");
    assert_eq!(outcome(&w, &sign(h)).await, ["jws_thumbprint_missing"]);
    let mut h = header(&w, "RS256");
    h["jku"] = json!("https://other.example.com/jwks");
    assert_eq!(outcome(&w, &sign(h)).await, ["jws_jku_host"]);
    let mut h = header(&w, "RS256");
    h["jku"] = json!("http://pix.example.com/jwks");
    assert_eq!(outcome(&w, &sign(h)).await, ["jws_jku_not_https"]);
    let mut h = header(&w, "RS256");
    h["crit"] = json!(["exp"]);
    assert_eq!(outcome(&w, &sign(h)).await, ["jws_crit_unsupported"]);
}

#[tokio::test]
async fn field_thumbprint_forms_are_read_with_a_finding() {
    use base64::Engine as _;
    let w = World::new().await;
    let payload = cob("ATIVA").to_string();
    let sha1 = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, &w.leaf.der);
    let padded = base64::engine::general_purpose::STANDARD.encode(sha1.as_ref());
    let hex: String = sha1.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    for (x5t, finding) in [
        (padded, "thumbprint_not_base64url"),
        (base64_url(hex.as_bytes()), "thumbprint_hex_text"),
    ] {
        let mut h = header(&w, "RS256");
        h["x5t"] = json!(x5t);
        h.as_object_mut().unwrap().remove("x5t#S256");
        w.server.route(
            path(COB_URL),
            Answer::jose(&sign_raw(&h, payload.as_bytes(), &w.leaf.key_pem)),
        );
        let r = resolve(&w, &dynamic_code(Some(COB_URL), None)).await;
        assert!(r.payable, "{:?}", r.errors);
        assert!(finding_codes(&r).contains(&finding), "{:?}", r.findings);
    }
    // A thumbprint of the wrong length is refused.
    let mut h = header(&w, "RS256");
    h["x5t"] = json!("AppendixAExampleA1JWKSRsaKey");
    assert_eq!(
        outcome(&w, &sign_raw(&h, payload.as_bytes(), &w.leaf.key_pem)).await,
        ["jws_thumbprint_format"]
    );
}

#[tokio::test]
async fn certificates_that_must_not_be_trusted() {
    // A chain to a root only the server vouches for: the leaf's CA is not among the anchors
    // (it is sent in x5c all the same).
    let w = World::new().await;
    let rogue = Ca::new("rogue CA");
    let leaf = rogue.leaf(&LeafSpec::default());
    let signer = Signer::from_pem(
        leaf.key_pem.as_bytes(),
        leaf.chain_pem.as_bytes(),
        Alg::Rs256,
        JKU,
        Some("rogue"),
    )
    .unwrap();
    w.server.route(
        "/jwks",
        Answer::new(
            200,
            "application/json",
            signer.jwks().to_string().into_bytes(),
        ),
    );
    let jws = signer.sign(cob("ATIVA").to_string().as_bytes()).unwrap();
    assert_eq!(outcome(&w, &jws).await, ["cert_untrusted"]);

    for (spec, code) in [
        (
            LeafSpec {
                not_after: (2025, 1, 1),
                ..LeafSpec::default()
            },
            "cert_expired",
        ),
        (
            LeafSpec {
                not_before: (2027, 1, 1),
                ..LeafSpec::default()
            },
            "cert_not_yet_valid",
        ),
        (
            LeafSpec {
                hosts: vec!["elsewhere.example.net".into()],
                ..LeafSpec::default()
            },
            "cert_name_mismatch",
        ),
    ] {
        let w = World::with(spec, Alg::Rs256).await;
        let jws = w.signer.sign(cob("ATIVA").to_string().as_bytes()).unwrap();
        assert_eq!(outcome(&w, &jws).await, [code]);
    }
    // A certificate without digitalSignature cannot even make a signer; serve its key set by
    // hand.
    let ca = Ca::new("pixcode test CA");
    let leaf = ca.leaf(&LeafSpec {
        digital_signature: false,
        ..LeafSpec::default()
    });
    let err = Signer::from_pem(
        leaf.key_pem.as_bytes(),
        leaf.chain_pem.as_bytes(),
        Alg::Rs256,
        JKU,
        None,
    )
    .unwrap_err();
    assert_eq!(err.code, "cert_key_usage");
    let w = World::new().await;
    let no_sig = w.ca.leaf(&LeafSpec {
        digital_signature: false,
        ..LeafSpec::default()
    });
    // Same RSA key as the served JWK: only the certificate in x5c differs.
    let mut set = w.signer.jwks();
    let b64 = |der: &[u8]| {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(der)
    };
    let (x5t, x5t256) = thumbprints(&no_sig.der);
    set["keys"][0]["x5c"] = json!([b64(&no_sig.der), b64(&w.ca.der)]);
    set["keys"][0]["x5t"] = json!(x5t);
    set["keys"][0]["x5t#S256"] = json!(x5t256);
    w.server.route(
        "/jwks",
        Answer::new(200, "application/json", set.to_string().into_bytes()),
    );
    let h =
        json!({"alg": "RS256", "kid": w.signer.kid(), "jku": JKU, "x5t": x5t, "x5t#S256": x5t256});
    let jws = sign_raw(&h, cob("ATIVA").to_string().as_bytes(), &w.leaf.key_pem);
    assert_eq!(outcome(&w, &jws).await, ["cert_key_usage"]);
}

#[tokio::test]
async fn http_answers_that_are_not_a_charge() {
    let w = World::new().await;
    let code = dynamic_code(Some(COB_URL), None);
    let run = |a: Answer| {
        w.server.route(path(COB_URL), a);
        async { codes(&resolve(&w, &code).await) }
    };
    assert_eq!(
        run(Answer::json(404, r#"{"title":"Cobrança não encontrada"}"#)).await,
        ["location_not_found"]
    );
    assert_eq!(
        run(Answer::new(
            410,
            "application/problem+json",
            br#"{"type":"https://pix.bcb.gov.br/api/v2/error/CobPayloadNaoEncontrado"}"#.to_vec()
        ))
        .await,
        ["location_gone"]
    );
    assert_eq!(
        run(Answer::new(
            400,
            "application/problem+json",
            r#"{"title":"DPP inválida"}"#.as_bytes().to_vec()
        ))
        .await,
        ["location_bad_request"]
    );
    assert_eq!(
        run(Answer::new(
            200,
            "text/html",
            b"<html><body>Entrar</body></html>".to_vec()
        ))
        .await,
        ["location_not_jws"]
    );
    assert_eq!(
        run(Answer::new(200, "application/jose", vec![b'a'; 200_000])).await,
        ["fetch_too_large"]
    );
    let mut redirect = Answer::new(302, "text/plain", Vec::new());
    redirect
        .extra_headers
        .push(("location".into(), "https://other.example.com/x".into()));
    assert_eq!(run(redirect).await, ["fetch_redirect"]);
    assert_eq!(
        run(Answer::new(503, "text/plain", b"busy".to_vec())).await,
        ["location_http_status"]
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let w = World::new().await;
    let mut hang = Answer::jose("x");
    hang.hang = true;
    w.server.route(path(COB_URL), hang);
    let mut o = w.options();
    o.timeout = Duration::from_millis(500);
    let r = Resolver::new(o)
        .unwrap()
        .resolve_code(&dynamic_code(Some(COB_URL), None), &request("2026-03-10"))
        .await;
    assert_eq!(codes(&r), ["fetch_timeout"]);
}

#[tokio::test]
async fn business_failures_of_a_verified_charge() {
    let w = World::new().await;
    w.serve(COB_URL, &cob("CONCLUIDA"));
    let r = resolve(&w, &dynamic_code(Some(COB_URL), None)).await;
    assert!(r.verified && !r.payable);
    assert_eq!(codes(&r), ["charge_concluded"]);
    w.serve(COB_URL, &cob("ATIVA"));
    let mut late = request("2026-03-10");
    late.at = "2026-03-10T15:05:00Z".parse().unwrap();
    let r = w
        .resolver()
        .resolve_code(&dynamic_code(Some(COB_URL), None), &late)
        .await;
    assert_eq!(codes(&r), ["cob_expired"]);
}

#[tokio::test]
async fn a_rotated_key_is_fetched_again_once() {
    let w = World::new().await;
    let resolver = w.resolver();
    w.serve(COB_URL, &cob("ATIVA"));
    let code = dynamic_code(Some(COB_URL), None);
    assert!(
        resolver
            .resolve_code(&code, &request("2026-03-10"))
            .await
            .payable
    );
    // The receiver rotates to a new key id; the cached set lacks it.
    let rotated = Signer::from_pem(
        w.leaf.key_pem.as_bytes(),
        w.leaf.chain_pem.as_bytes(),
        Alg::Rs256,
        JKU,
        Some("2026-rotated"),
    )
    .unwrap();
    w.server.route(
        "/jwks",
        Answer::new(
            200,
            "application/json",
            rotated.jwks().to_string().into_bytes(),
        ),
    );
    w.server.route(
        path(COB_URL),
        Answer::jose(&rotated.sign(cob("ATIVA").to_string().as_bytes()).unwrap()),
    );
    assert!(
        resolver
            .resolve_code(&code, &request("2026-03-10"))
            .await
            .payable
    );
    let jwks_fetches = w.server.seen().iter().filter(|p| *p == "/jwks").count();
    assert_eq!(jwks_fetches, 2);
    // Within the TTL the set is not fetched again.
    assert!(
        resolver
            .resolve_code(&code, &request("2026-03-10"))
            .await
            .payable
    );
    assert_eq!(w.server.seen().iter().filter(|p| *p == "/jwks").count(), 2);
}

#[tokio::test]
async fn codes_that_are_not_dynamic_or_not_valid() {
    let w = World::new().await;
    let r = resolve(&w, "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D").await;
    assert_eq!(codes(&r), ["code_not_dynamic"]);
    let r = resolve(&w, "000201").await;
    assert_eq!(codes(&r), ["code_invalid"]);
    // A host the policy does not allow is never contacted.
    let mut o = w.options();
    o.policy = pixcode::dynamic::Policy::default().allow_hosts(|h| h == "psp.example.org");
    let r = Resolver::new(o)
        .unwrap()
        .resolve_code(&dynamic_code(Some(COB_URL), None), &request("2026-03-10"))
        .await;
    assert_eq!(codes(&r), ["location_host_refused"]);
    assert!(w.server.seen().is_empty());
}

// ---- Hostile servers and payloads: a verified charge means only what its URL names. ----

/// Serves `payload` (JSON text as given) signed at `url` and resolves `code`.
async fn serve_text(w: &World, url: &str, payload: &str, code: &str) -> Resolution {
    let jws = w.signer.sign(payload.as_bytes()).unwrap();
    w.server.route(path(url), Answer::jose(&jws));
    resolve(w, code).await
}

#[tokio::test]
async fn a_payload_of_another_charge_kind_is_refused() {
    let w = World::new().await;
    // A cobv served at a cob URL: its due date, final value, interest and fine would be dropped.
    w.serve(COB_URL, &cobv("2026-01-10"));
    let r = resolve(&w, &dynamic_code(Some(COB_URL), None)).await;
    assert!(!r.verified && !r.payable, "{:?}", r.errors);
    assert!(
        codes(&r).iter().all(|c| *c == "payload_wrong_kind"),
        "{:?}",
        codes(&r)
    );
    assert!(codes(&r).len() >= 4);
    // A cob served at a cobv URL, and a rec at a cob URL.
    w.serve(COBV_URL, &{
        let mut v = cobv("2026-03-10");
        v["calendario"]["expiracao"] = json!(3600);
        v
    });
    let r = w
        .resolver()
        .resolve_code(&dynamic_code(Some(COBV_URL), None), &request("2026-03-10"))
        .await;
    assert_eq!(codes(&r), ["payload_wrong_kind"]);
    w.serve(COB_URL, &{
        let mut v = cob("ATIVA");
        v["idRec"] = json!("RR1234567820260310abcdefghijk");
        v
    });
    let r = resolve(&w, &dynamic_code(Some(COB_URL), None)).await;
    assert_eq!(codes(&r), ["payload_wrong_kind"]);
}

#[tokio::test]
async fn urls_must_name_the_resource_their_place_says() {
    let w = World::new().await;
    w.serve(REC_URL, &rec("CRIADA"));
    w.serve(COB_URL, &cob("ATIVA"));
    // A plain dynamic code whose payment URL is a recurrence.
    let r = resolve(&w, &raw_code(Some(REC_URL), None)).await;
    assert_eq!(codes(&r), ["payment_url_not_charge"]);
    assert!(!r.payable);
    // A composto whose two URLs are the same /rec/ URL.
    let r = resolve(&w, &raw_code(Some(REC_URL), Some(REC_URL))).await;
    assert_eq!(codes(&r), ["payment_url_not_charge"]);
    // A composto whose recurrence URL is a charge.
    let r = resolve(&w, &raw_code(Some(COB_URL), Some(COB_URL))).await;
    assert_eq!(codes(&r), ["recurrence_url_not_rec"]);
    // A composto across two hosts: BCB's rule is one receiving PSP for both.
    let r = resolve(
        &w,
        &raw_code(
            Some(COB_URL),
            Some("other.example.com/qr/v2/rec/1a2b3c4d5e6f"),
        ),
    )
    .await;
    assert_eq!(codes(&r), ["composto_hosts_differ"]);
    // None of these reached the server.
    assert!(w.server.seen().is_empty(), "{:?}", w.server.seen());
}

#[tokio::test]
async fn location_urls_that_are_not_a_psp_path_are_never_fetched() {
    let w = World::new().await;
    for (url, code) in [
        ("127.0.0.1/qr/v2/cob/7f3c9a1b2d4e", "location_ip_host"),
        ("10.1.2.3/qr/v2/cob/7f3c9a1b2d4e", "location_ip_host"),
        (
            "pix.example.com/qr/v2/cobv/9d36b84fc70b?DPP=2020-01-01&codMun=1234567",
            "location_query",
        ),
        (
            "pix.example.com/qr/v2/rec/../cob/7f3c9a1b2d4e",
            "location_dot_segment",
        ),
        (
            "pix.example.com/qr/v2/rec/%2E%2e/cob/7f3c9a1b2d4e",
            "location_dot_segment",
        ),
    ] {
        let r = resolve(&w, &raw_code(Some(url), None)).await;
        let r = if codes(&r) == ["payment_url_not_charge"] {
            // The raw path names a rec: as a recurrence URL it reaches the location checks.
            resolve(&w, &raw_code(None, Some(url))).await
        } else {
            r
        };
        assert_eq!(codes(&r), [code], "{url}");
        // The builder refuses to make such a code, and the decoder warns of it.
        let built = pixcode::pix::Builder::new("Loja", "RECIFE")
            .url(url)
            .build();
        assert!(built.is_err(), "{url}");
        let raw = raw_code(Some(url), None);
        let report = pixcode::inspect(raw.as_bytes());
        let warned = report
            .pix
            .as_ref()
            .unwrap()
            .report
            .warnings
            .iter()
            .any(|f| f.code() == "pix_unsafe_location");
        assert!(warned, "{url}");
    }
    assert!(w.server.seen().is_empty(), "{:?}", w.server.seen());
}

#[tokio::test]
async fn duplicate_members_are_refused_wherever_they_are() {
    let w = World::new().await;
    let code = dynamic_code(Some(COB_URL), None);
    // Two valor members: a first-wins reader would see 1.00, a last-wins one 37.90.
    let text = cob("ATIVA").to_string();
    let doubled = format!("{{\"valor\":{{\"original\":\"1.00\"}},{}", &text[1..]);
    let r = serve_text(&w, COB_URL, &doubled, &code).await;
    assert_eq!(codes(&r), ["payload_duplicate_member"]);
    assert!(r.payment.as_ref().unwrap().charge.is_none());
    // Two status members, one nested duplicate.
    let doubled = text.replacen(
        "\"status\":\"ATIVA\"",
        "\"status\":\"CONCLUIDA\",\"status\":\"ATIVA\"",
        1,
    );
    assert_eq!(
        codes(&serve_text(&w, COB_URL, &doubled, &code).await),
        ["payload_duplicate_member"]
    );
    let doubled = text.replacen(
        "\"expiracao\":3600",
        "\"expiracao\":3600,\"expiracao\":999999",
        1,
    );
    let r = serve_text(&w, COB_URL, &doubled, &code).await;
    assert_eq!(codes(&r), ["payload_duplicate_member"]);
    assert!(
        r.errors[0].message.contains("calendario.expiracao"),
        "{}",
        r.errors[0]
    );
    // In the JWS header.
    let h = header(&w, "RS256");
    let h_text = h.to_string();
    let doubled_header = format!("{{\"kid\":\"other\",{}", &h_text[1..]);
    let jws = sign_raw_bytes(doubled_header.as_bytes(), text.as_bytes(), &w.leaf.key_pem);
    assert_eq!(outcome(&w, &jws).await, ["jws_duplicate_member"]);
    // In the key set.
    let jwks = w.signer.jwks().to_string();
    let doubled_jwks = format!("{{\"keys\":[],{}", &jwks[1..]);
    w.server.route(
        "/jwks",
        Answer::new(200, "application/json", doubled_jwks.into_bytes()),
    );
    w.serve(COB_URL, &cob("ATIVA"));
    let r = resolve(&w, &code).await;
    assert_eq!(codes(&r), ["jwks_duplicate_member"]);
}

#[tokio::test]
async fn the_key_and_the_payer_are_judged_as_the_decoder_judges_them() {
    let w = World::new().await;
    let code = dynamic_code(Some(COB_URL), None);
    for (chave, error) in [
        ("", "charge_key_missing"),
        ("not a key", "charge_key_invalid"),
    ] {
        w.serve(COB_URL, &{
            let mut v = cob("ATIVA");
            v["chave"] = json!(chave);
            v
        });
        let r = resolve(&w, &code).await;
        assert_eq!(codes(&r), [error], "{chave:?}");
        assert!(r.verified && !r.payable);
    }
    // A key of a doubtful shape, a payer CPF with wrong check digits: findings, still payable.
    w.serve(COB_URL, &{
        let mut v = cob("ATIVA");
        v["chave"] = json!("12345678900");
        v["devedor"]["cpf"] = json!("11111111112");
        v
    });
    let r = resolve(&w, &code).await;
    assert!(r.payable, "{:?}", r.errors);
    let f = finding_codes(&r);
    assert!(
        f.contains(&"charge_key_format") && f.contains(&"party_check_digits"),
        "{f:?}"
    );
}

#[tokio::test]
async fn numbers_are_kept_exactly_or_refused() {
    let w = World::new().await;
    // 2^63 days after the due date: refused, never shown as 4294967295.
    let text = cobv("2026-03-10").to_string().replace(
        "\"validadeAposVencimento\":30",
        "\"validadeAposVencimento\":9223372036854775808",
    );
    let jws = w.signer.sign(text.as_bytes()).unwrap();
    w.server.route(path(COBV_URL), Answer::jose(&jws));
    let r = w
        .resolver()
        .resolve_code(&dynamic_code(Some(COBV_URL), None), &request("2026-03-12"))
        .await;
    assert_eq!(codes(&r), ["payload_range"]);
    // 2^70 seconds of expiry: refused as out of range; 2^64 − 1 is kept as it is.
    let code = dynamic_code(Some(COB_URL), None);
    let text = cob("ATIVA").to_string();
    let huge = text.replace("\"expiracao\":3600", "\"expiracao\":1180591620717411303424");
    assert_eq!(
        codes(&serve_text(&w, COB_URL, &huge, &code).await),
        ["payload_range"]
    );
    let max = text.replace("\"expiracao\":3600", "\"expiracao\":18446744073709551615");
    let r = serve_text(&w, COB_URL, &max, &code).await;
    assert!(r.payable, "{:?}", r.errors);
    let Some(Charge::Cob(c)) = &r.payment.as_ref().unwrap().charge else {
        panic!()
    };
    assert_eq!(c.calendario.expiracao, u64::MAX);
    // A retirada's modalidadeAlteracao of 300 is refused, not read as 255.
    let mut saque = cob("ATIVA");
    saque["valor"] = json!({"original": "0.00", "retirada": {"saque": {
        "valor": "50.00", "modalidadeAlteracao": 300, "prestadorDoServicoDeSaque": "12345678", "modalidadeAgente": "AGTEC"}}});
    w.serve(COB_URL, &saque);
    assert_eq!(codes(&resolve(&w, &code).await), ["payload_field"]);
    // A creation instant after the verification instant is a finding.
    w.serve(COB_URL, &{
        let mut v = cob("ATIVA");
        v["calendario"]["criacao"] = json!("9999-12-31T23:59:59Z");
        v
    });
    let r = resolve(&w, &code).await;
    assert!(
        finding_codes(&r).contains(&"criacao_in_future"),
        "{:?}",
        r.findings
    );
}

#[tokio::test]
async fn header_and_body_shapes_get_their_own_codes() {
    let w = World::new().await;
    let payload = cob("ATIVA").to_string();
    let sign = |h: serde_json::Value| sign_raw(&h, payload.as_bytes(), &w.leaf.key_pem);
    // RFC 7515 forbids an empty crit.
    let mut h = header(&w, "RS256");
    h["crit"] = json!([]);
    assert_eq!(outcome(&w, &sign(h)).await, ["jws_header"]);
    // A key set on another port of the location host.
    let mut h = header(&w, "RS256");
    h["jku"] = json!("https://pix.example.com:8443/jwks");
    assert_eq!(outcome(&w, &sign(h)).await, ["jws_jku_host"]);
    // The standard base64 alphabet and a line break inside are malformed JWSs.
    let good = w.signer.sign(payload.as_bytes()).unwrap();
    let standard = good.replace('-', "+").replace('_', "/");
    let standard = if standard == good {
        format!("{good}+/")
    } else {
        standard
    };
    assert_eq!(outcome(&w, &standard).await, ["jws_format"]);
    let mid = good.len() / 2;
    let broken = format!("{}\n{}", &good[..mid], &good[mid..]);
    assert_eq!(outcome(&w, &broken).await, ["jws_format"]);
}

#[tokio::test]
async fn the_timeout_is_the_total_for_a_code() {
    let w = World::new().await;
    let jws = w.signer.sign(cob("ATIVA").to_string().as_bytes()).unwrap();
    // The location and the key set each answer inside the timeout, but not both.
    let mut slow = Answer::jose(&jws);
    slow.delay = Some(Duration::from_millis(700));
    w.server.route(path(COB_URL), slow);
    let mut slow_keys = Answer::new(
        200,
        "application/json",
        w.signer.jwks().to_string().into_bytes(),
    );
    slow_keys.delay = Some(Duration::from_millis(700));
    w.server.route("/jwks", slow_keys);
    let mut o = w.options();
    o.timeout = Duration::from_millis(1000);
    let started = std::time::Instant::now();
    let r = Resolver::new(o)
        .unwrap()
        .resolve_code(&dynamic_code(Some(COB_URL), None), &request("2026-03-10"))
        .await;
    assert_eq!(codes(&r), ["fetch_timeout"]);
    assert!(!r.payable);
    assert!(
        started.elapsed() < Duration::from_millis(1400),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn nothing_of_an_unverified_payload_is_shown() {
    let w = World::new().await;
    // The signature holds but the payload does not read: its values stay hidden.
    let mut bad = cob("ATIVA");
    bad["txid"] = json!("SECRET-TXID");
    bad["valor"]["original"] = json!("SECRET-AMOUNT");
    bad["revisao"] = json!("7");
    w.serve(COB_URL, &bad);
    let r = resolve(&w, &dynamic_code(Some(COB_URL), None)).await;
    assert!(!r.verified && !r.payable);
    let text = serde_json::to_string(&r).unwrap();
    assert!(!text.contains("SECRET"), "{text}");
    assert!(!text.contains("Maria"), "{text}");
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["jws"], serde_json::Value::Null);
    assert_eq!(v["signature"], serde_json::Value::Null);
    assert_eq!(v["parts"][0]["jws"], serde_json::Value::Null);
    assert_eq!(v["parts"][0]["payable"], false);
    // A static code with a recurrence whose signature fails: not verified, so not payable.
    let static_rec = {
        let mut b = pixcode::pix::Builder::new("Loja de Teste", "SAO PAULO");
        b.key("12345678909").recurrence_url(REC_URL);
        b.build().unwrap().payload
    };
    let good = w.signer.sign(rec("CRIADA").to_string().as_bytes()).unwrap();
    let parts: Vec<&str> = good.split('.').collect();
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        base64_url(rec("APROVADA").to_string().as_bytes()),
        parts[2]
    );
    w.server.route(path(REC_URL), Answer::jose(&tampered));
    let r = resolve(&w, &static_rec).await;
    assert!(!r.verified && !r.payable, "{r:?}");
    assert_eq!(codes(&r), ["recurrence_unverified"]);
    let v = serde_json::to_value(&r).unwrap();
    for part in v["parts"].as_array().unwrap() {
        assert!(part["payable"] == false || part["verified"] == true);
    }
}
