//! Test PKI and a loopback HTTPS server for dynamic-code tests: a CA and leaf certificates
//! made here, locations and key sets served on 127.0.0.1 under names such as
//! `pix.example.com` (reached through the resolver override). Nothing reaches the internet.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A fixed RSA-2048 PKCS#8 test key (rcgen cannot generate RSA keys with ring).
pub const RSA_KEY_PEM: &str = include_str!("../data/rsa2048-test-key.pem");

/// The key type of a leaf.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    Rsa,
    P256,
}

/// A certificate authority made for one test.
pub struct Ca {
    pub pem: String,
    pub der: Vec<u8>,
    issuer: Issuer<'static, KeyPair>,
}

/// What a leaf certificate should say.
#[derive(Clone, Debug)]
pub struct LeafSpec {
    pub hosts: Vec<String>,
    pub key: KeyKind,
    pub not_before: (i32, u8, u8),
    pub not_after: (i32, u8, u8),
    pub digital_signature: bool,
}

impl Default for LeafSpec {
    fn default() -> Self {
        LeafSpec {
            hosts: vec!["pix.example.com".into(), "other.example.com".into()],
            key: KeyKind::Rsa,
            not_before: (2020, 1, 1),
            not_after: (2040, 1, 1),
            digital_signature: true,
        }
    }
}

/// A leaf: its private key and its chain (leaf, then the CA), as PEM.
pub struct Leaf {
    pub key_pem: String,
    pub cert_pem: String,
    pub chain_pem: String,
    pub der: Vec<u8>,
}

impl Ca {
    pub fn new(name: &str) -> Ca {
        let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        params.not_before = rcgen::date_time_ymd(2019, 1, 1);
        params.not_after = rcgen::date_time_ymd(2045, 1, 1);
        let cert = params.self_signed(&key).unwrap();
        Ca {
            pem: cert.pem(),
            der: cert.der().to_vec(),
            issuer: Issuer::new(params, key),
        }
    }

    pub fn leaf(&self, spec: &LeafSpec) -> Leaf {
        let key = match spec.key {
            KeyKind::Rsa => {
                KeyPair::from_pkcs8_pem_and_sign_algo(RSA_KEY_PEM, &rcgen::PKCS_RSA_SHA256).unwrap()
            }
            KeyKind::P256 => KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap(),
        };
        let mut params = CertificateParams::new(spec.hosts.clone()).unwrap();
        params.distinguished_name.push(
            DnType::CommonName,
            spec.hosts.first().cloned().unwrap_or_default(),
        );
        params
            .distinguished_name
            .push(DnType::OrganizationName, "Recebedor de Teste");
        params.key_usages = if spec.digital_signature {
            vec![
                KeyUsagePurpose::DigitalSignature,
                KeyUsagePurpose::KeyEncipherment,
            ]
        } else {
            vec![KeyUsagePurpose::KeyEncipherment]
        };
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let (y, m, d) = spec.not_before;
        params.not_before = rcgen::date_time_ymd(y, m, d);
        let (y, m, d) = spec.not_after;
        params.not_after = rcgen::date_time_ymd(y, m, d);
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        let key_pem = match spec.key {
            KeyKind::Rsa => RSA_KEY_PEM.to_string(),
            KeyKind::P256 => key.serialize_pem(),
        };
        Leaf {
            key_pem,
            cert_pem: cert.pem(),
            chain_pem: format!("{}{}", cert.pem(), self.pem),
            der: cert.der().to_vec(),
        }
    }
}

/// One canned answer.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    pub extra_headers: Vec<(String, String)>,
    /// Never answer (for timeouts).
    pub hang: bool,
    /// Wait this long before answering (a server dripping just inside a timeout).
    pub delay: Option<Duration>,
}

impl Answer {
    pub fn jose(jws: &str) -> Answer {
        Answer::new(200, "application/jose", jws.as_bytes().to_vec())
    }
    pub fn json(status: u16, body: &str) -> Answer {
        Answer::new(status, "application/json", body.as_bytes().to_vec())
    }
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Answer {
        Answer {
            status,
            content_type: content_type.into(),
            body,
            extra_headers: Vec::new(),
            hang: false,
            delay: None,
        }
    }
}

/// The server's routes and the requests it saw.
#[derive(Default)]
pub struct Routes {
    pub answers: HashMap<String, Answer>,
    pub seen: Vec<String>,
}

/// A loopback HTTPS server presenting `leaf` (its chain) for every name.
pub struct Server {
    pub addr: SocketAddr,
    pub routes: Arc<Mutex<Routes>>,
}

impl Server {
    pub async fn start(tls: &Leaf) -> Server {
        let certs = rustls_pemfile_certs(&tls.chain_pem);
        let key = rustls::pki_types::PrivateKeyDer::try_from(pem_body(&tls.key_pem, "PRIVATE KEY"))
            .unwrap();
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let routes = Arc::new(Mutex::new(Routes::default()));
        let r = routes.clone();
        tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    return;
                };
                let acceptor = acceptor.clone();
                let routes = r.clone();
                tokio::spawn(async move {
                    let Ok(mut tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        match tls.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let head = String::from_utf8_lossy(&buf).to_string();
                    let target = head.split_whitespace().nth(1).unwrap_or("/").to_string();
                    let answer = {
                        let mut r = routes.lock().unwrap();
                        r.seen.push(target.clone());
                        let path = target.split('?').next().unwrap().to_string();
                        r.answers
                            .get(&target)
                            .or_else(|| r.answers.get(&path))
                            .cloned()
                            .unwrap_or_else(|| Answer::json(404, r#"{"title":"no route"}"#))
                    };
                    if answer.hang {
                        tokio::time::sleep(Duration::from_secs(60)).await;
                        return;
                    }
                    if let Some(d) = answer.delay {
                        tokio::time::sleep(d).await;
                    }
                    let mut out = format!(
                        "HTTP/1.1 {} X\r\ncontent-type: {}\r\ncontent-length: {}\r\nconnection: close\r\n",
                        answer.status,
                        answer.content_type,
                        answer.body.len()
                    );
                    for (k, v) in &answer.extra_headers {
                        out.push_str(&format!("{k}: {v}\r\n"));
                    }
                    out.push_str("\r\n");
                    let _ = tls.write_all(out.as_bytes()).await;
                    let _ = tls.write_all(&answer.body).await;
                    let _ = tls.shutdown().await;
                });
            }
        });
        Server { addr, routes }
    }

    pub fn route(&self, path: &str, answer: Answer) {
        self.routes
            .lock()
            .unwrap()
            .answers
            .insert(path.into(), answer);
    }

    pub fn seen(&self) -> Vec<String> {
        self.routes.lock().unwrap().seen.clone()
    }
}

fn pem_body(pem: &str, label: &str) -> Vec<u8> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = pem.find(&begin).unwrap() + begin.len();
    let stop = pem[start..].find(&end).unwrap() + start;
    let b64: String = pem[start..stop]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap()
}

fn rustls_pemfile_certs(pem: &str) -> Vec<rustls::pki_types::CertificateDer<'static>> {
    let mut out = Vec::new();
    let mut rest = pem;
    while let Some(i) = rest.find("-----BEGIN CERTIFICATE-----") {
        let block = &rest[i..];
        let end =
            block.find("-----END CERTIFICATE-----").unwrap() + "-----END CERTIFICATE-----".len();
        out.push(rustls::pki_types::CertificateDer::from(pem_body(
            &block[..end],
            "CERTIFICATE",
        )));
        rest = &block[end..];
    }
    out
}

/// Signs `header` (JSON) and `payload` with the RSA test key or a P-256 PKCS#8 key, as the
/// header's alg says, without any of the signer's checks: for crafting bad JWSs.
pub fn sign_raw(header: &serde_json::Value, payload: &[u8], key_pem: &str) -> String {
    sign_raw_bytes(header.to_string().as_bytes(), payload, key_pem)
}

/// As [`sign_raw`], with the header's bytes as given (a duplicate member, say).
pub fn sign_raw_bytes(header: &[u8], payload: &[u8], key_pem: &str) -> String {
    use ring::signature as s;
    let alg = serde_json::from_slice::<serde_json::Value>(header)
        .ok()
        .and_then(|h| h["alg"].as_str().map(str::to_string))
        .unwrap_or_default();
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let der = pem_body(key_pem, "PRIVATE KEY");
    let rng = ring::rand::SystemRandom::new();
    let sig = if let Ok(k) = s::RsaKeyPair::from_pkcs8(&der) {
        let pad: &dyn s::RsaEncoding = if alg.starts_with("PS") {
            &s::RSA_PSS_SHA256
        } else {
            &s::RSA_PKCS1_SHA256
        };
        let mut out = vec![0; k.public().modulus_len()];
        k.sign(pad, &rng, input.as_bytes(), &mut out).unwrap();
        out
    } else {
        let k =
            s::EcdsaKeyPair::from_pkcs8(&s::ECDSA_P256_SHA256_FIXED_SIGNING, &der, &rng).unwrap();
        k.sign(&rng, input.as_bytes()).unwrap().as_ref().to_vec()
    };
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig))
}

/// SHA-1 and SHA-256 thumbprints of a DER certificate, base64url.
pub fn thumbprints(der: &[u8]) -> (String, String) {
    (
        URL_SAFE_NO_PAD.encode(ring::digest::digest(
            &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
            der,
        )),
        URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, der)),
    )
}

/// A BR Code with these URLs written as they are, past the builder's checks: for codes the
/// builder refuses to make (a /rec/ payment URL, a composto across hosts).
pub fn raw_code(url: Option<&str>, recurrence: Option<&str>) -> String {
    use pixcode::emv::{Node, Writer};
    let mut w = Writer::new(String::new()).unwrap();
    w.value(1, "12").unwrap();
    match url {
        Some(u) => w.node(&Node::Template(
            26,
            &[Node::Value(0, "br.gov.bcb.pix"), Node::Value(25, u)],
        )),
        // A recurrence alone: the Pix template holds only its GUI.
        None => w.node(&Node::Template(26, &[Node::Value(0, "br.gov.bcb.pix")])),
    }
    .unwrap();
    w.value(52, "0000").unwrap();
    w.value(53, "986").unwrap();
    w.value(58, "BR").unwrap();
    w.value(59, "Loja de Teste").unwrap();
    w.value(60, "SAO PAULO").unwrap();
    w.node(&Node::Template(62, &[Node::Value(5, "***")]))
        .unwrap();
    if let Some(r) = recurrence {
        w.node(&Node::Template(
            80,
            &[Node::Value(0, "br.gov.bcb.pix"), Node::Value(25, r)],
        ))
        .unwrap();
    }
    w.finish().unwrap()
}

/// A BR Code for a dynamic (and optionally composto) charge at these URLs.
pub fn dynamic_code(url: Option<&str>, recurrence: Option<&str>) -> String {
    let mut b = pixcode::pix::Builder::new("Loja de Teste", "SAO PAULO");
    if let Some(u) = url {
        b.url(u);
    }
    if let Some(r) = recurrence {
        b.recurrence_url(r);
    }
    b.build().unwrap().payload
}
