//! What verifying a location's JWS costs beyond the bare signature check: the header, the key
//! lookup, the thumbprints, the JWK-versus-certificate comparison and the chain to our own
//! anchors, with the JWK Set already cached (as the resolver holds it). RS256 with a 2048-bit
//! key and ES256, each next to the signature check alone.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use pixcode::dynamic::{
    parse_payload, verify_signature_only, Alg, Jwks, Jws, Policy, Signer, TrustAnchors, Verifier,
};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};

const RSA_KEY_PEM: &str = include_str!("../../tests/data/rsa2048-test-key.pem");
const PAYLOAD: &str = r#"{"revisao":0,"calendario":{"criacao":"2026-03-10T14:05:00Z","apresentacao":"2026-03-10T14:07:31Z","expiracao":3600},"devedor":{"cpf":"12345678909","nome":"Maria Exemplo"},"valor":{"original":"37.90"},"chave":"pagamentos@example.com","txid":"PEDIDO2026031000000000000042","solicitacaoPagador":"Informe o número do pedido","infoAdicionais":[{"nome":"Pedido","valor":"42"}],"status":"ATIVA"}"#;

struct Setup {
    verifier: Verifier,
    jwks: Jwks,
    jws: Jws,
}

fn setup(alg: Alg) -> Setup {
    let ca_key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name.push(DnType::CommonName, "bench CA");
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::DigitalSignature];
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);
    let (key, key_pem) = if alg == Alg::Es256 {
        let k = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let pem = k.serialize_pem();
        (k, pem)
    } else {
        let k = KeyPair::from_pkcs8_pem_and_sign_algo(RSA_KEY_PEM, &rcgen::PKCS_RSA_SHA256).unwrap();
        (k, RSA_KEY_PEM.to_string())
    };
    let mut leaf = CertificateParams::new(vec!["pix.example.com".to_string()]).unwrap();
    leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let leaf = leaf.signed_by(&key, &issuer).unwrap();
    let chain = format!("{}{}", leaf.pem(), ca_cert.pem());
    let signer = Signer::from_pem(key_pem.as_bytes(), chain.as_bytes(), alg, "https://pix.example.com/jwks", Some("k1")).unwrap();
    let jws = Jws::parse(&signer.sign(PAYLOAD.as_bytes()).unwrap()).unwrap();
    let jwks = Jwks::parse(signer.jwks().to_string().as_bytes()).unwrap();
    let mut anchors = TrustAnchors::empty();
    anchors.add_pem(ca_cert.pem().as_bytes()).unwrap();
    Setup {
        verifier: Verifier::new(anchors, Policy::default()),
        jwks,
        jws,
    }
}

fn verify(c: &mut Criterion) {
    let mut g = c.benchmark_group("verify");
    let at = "2026-03-10T14:10:00Z".parse().unwrap();
    for (name, alg) in [("rs256_2048", Alg::Rs256), ("es256", Alg::Es256)] {
        let s = setup(alg);
        let loc = s.verifier.check_location("pix.example.com/qr/v2/cob/7f3c9a1b2d4e").unwrap();
        let key = s.jwks.find("k1").unwrap().clone();
        assert!(s.verifier.verify(&loc, &s.jws, &s.jwks, at).is_ok());
        g.bench_function(format!("{name}/signature_only"), |b| {
            b.iter(|| verify_signature_only(black_box(&s.jws), black_box(&key)).unwrap())
        });
        g.bench_function(format!("{name}/full_cached_jwks"), |b| {
            b.iter(|| s.verifier.verify(&loc, black_box(&s.jws), &s.jwks, at).unwrap())
        });
        g.bench_function(format!("{name}/full_and_payload"), |b| {
            b.iter(|| {
                let v = s.verifier.verify(&loc, black_box(&s.jws), &s.jwks, at).unwrap();
                parse_payload(pixcode::pix::Resource::Cob, v.payload()).unwrap()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, verify);
criterion_main!(benches);
