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
use support::{dynamic_code, sign_raw, thumbprints, Answer, Ca, KeyKind, Leaf, LeafSpec, Server};

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
