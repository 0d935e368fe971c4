//! `pixcode resolve`, `pixcode location sign` and `pixcode location jwks` against a loopback
//! HTTPS server: the key set and the JWS the CLI writes are what the server serves, and the
//! resolve report says what was verified.
#![cfg(all(feature = "cli", feature = "resolve"))]

mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use support::{dynamic_code, Answer, Ca, LeafSpec, Server};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pixcode"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn temp(name: &str, content: &str) -> String {
    let dir = std::env::temp_dir().join(format!("pixcode-cli-dynamic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.to_str().unwrap().to_string()
}

const URL: &str = "pix.example.com/qr/v2/cob/7f3c9a1b2d4e";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_serve_and_resolve_from_the_command_line() {
    let ca = Ca::new("pixcode test CA");
    let leaf = ca.leaf(&LeafSpec::default());
    let server = Server::start(&leaf).await;
    let (key, cert, ca_file) = (
        temp("key.pem", &leaf.key_pem),
        temp("chain.pem", &leaf.chain_pem),
        temp("ca.pem", &ca.pem),
    );
    // The receiver's side: the key set and a signed payload.
    let jwks = run(&["location", "jwks", "--cert", &cert, "--kid", "k1"], b"");
    assert_eq!(
        jwks.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&jwks.stderr)
    );
    server.route("/jwks", Answer::new(200, "application/json", jwks.stdout));
    let payload = r#"{"revisao":0,"calendario":{"criacao":"2026-03-10T14:05:00Z","apresentacao":"2026-03-10T14:07:31Z","expiracao":3600},
        "valor":{"original":"37.90"},"chave":"pagamentos@example.com","txid":"PEDIDO2026031000000000000042",
        "solicitacaoPagador":"Informe o pedido","status":"ATIVA"}"#;
    let signed = run(
        &[
            "location",
            "sign",
            "--key",
            &key,
            "--cert",
            &cert,
            "--jku",
            "https://pix.example.com/jwks",
            "--kid",
            "k1",
        ],
        payload.as_bytes(),
    );
    assert_eq!(
        signed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&signed.stderr)
    );
    let jws = String::from_utf8(signed.stdout).unwrap().trim().to_string();
    server.route("/qr/v2/cob/7f3c9a1b2d4e", Answer::jose(&jws));

    // The payer's side.
    let code = dynamic_code(Some(URL), None);
    let addr = format!("pix.example.com={}", server.addr);
    let base = [
        "resolve",
        &code,
        "--ca-file",
        &ca_file,
        "--no-default-roots",
        "--resolve",
        &addr,
        "--at",
        "2026-03-10T14:10:00Z",
    ];
    let out = run(&[&base[..], &["--json"]].concat(), b"");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["verified"], true);
    assert_eq!(v["payable"], true);
    assert_eq!(v["kind"], "cob");
    assert_eq!(v["charge"]["valor"]["original"], "37.90");
    assert_eq!(v["signature"]["kid"], "k1");
    assert_eq!(v["jws"], jws);

    let text = run(&base, b"");
    assert_eq!(text.status.code(), Some(0));
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("verified  yes"), "{text}");
    assert!(text.contains("amount        37.90"), "{text}");
    assert!(text.contains("payer prompt  Informe o pedido"), "{text}");
    assert!(
        text.contains("expires       2026-03-10T15:05:00Z"),
        "{text}"
    );

    // An hour later the charge has expired: exit 1, with the error code.
    let mut late = base.to_vec();
    late[8] = "2026-03-10T15:10:00Z";
    let out = run(&[&late[..], &["--json"]].concat(), b"");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"][0]["code"], "cob_expired");
    // Without the test CA the chain is not trusted: nothing of the payload is shown.
    let mut untrusted = base.to_vec();
    untrusted.drain(2..4);
    let out = run(&[&untrusted[..], &["--json"]].concat(), b"");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"][0]["code"], "fetch_failed", "{v}");
    assert_eq!(v["charge"], serde_json::Value::Null);
}

#[test]
fn usage_errors_exit_two() {
    let cobv = dynamic_code(Some("pix.example.com/qr/cobv/abc"), None);
    for (args, message) in [
        (vec!["resolve", cobv.as_str()], "add --cod-mun"),
        (
            vec!["resolve", cobv.as_str(), "--cod-mun", "35503"],
            "7-digit IBGE code",
        ),
        (
            vec!["resolve", cobv.as_str(), "--resolve", "nohost"],
            "HOST=ADDR:PORT",
        ),
        (
            vec!["resolve", cobv.as_str(), "--at", "yesterday"],
            "--at: expected an RFC 3339 timestamp",
        ),
        (
            vec!["location", "jwks", "--cert", "/nonexistent.pem"],
            "/nonexistent.pem",
        ),
        (
            vec![
                "location",
                "sign",
                "--key",
                "k",
                "--cert",
                "c",
                "--jku",
                "https://x/j",
                "--alg",
                "HS256",
            ],
            "--alg: expected one of",
        ),
    ] {
        let out = run(&args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(message), "{args:?}: {err}");
    }
}

/// A server's problem+json detail and a signed payload's texts carry escape sequences, line
/// breaks and a right-to-left override: the readable report shows them escaped, so none can
/// clear the screen or draw a verdict of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_server_text_is_escaped_in_the_report() {
    let ca = Ca::new("pixcode test CA");
    let leaf = ca.leaf(&LeafSpec::default());
    let server = Server::start(&leaf).await;
    let ca_file = temp("ca-hostile.pem", &ca.pem);
    let (key, cert) = (
        temp("key-h.pem", &leaf.key_pem),
        temp("chain-h.pem", &leaf.chain_pem),
    );
    let jwks = run(&["location", "jwks", "--cert", &cert, "--kid", "k1"], b"");
    server.route("/jwks", Answer::new(200, "application/json", jwks.stdout));
    let payload = serde_json::json!({"revisao":0,"calendario":{"criacao":"2026-03-10T14:05:00Z","apresentacao":"2026-03-10T14:07:31Z","expiracao":3600},
        "valor":{"original":"37.90"},"chave":"pagamentos@example.com","txid":"PEDIDO2026031000000000000042",
        "devedor":{"cpf":"12345678909","nome":"Maria\u{1b}]0;owned\u{7}"},
        "solicitacaoPagador":"Pague\u{1b}[2J\nverified  no\u{202e}","status":"ATIVA"}).to_string();
    let signed = run(
        &[
            "location",
            "sign",
            "--key",
            &key,
            "--cert",
            &cert,
            "--jku",
            "https://pix.example.com/jwks",
            "--kid",
            "k1",
        ],
        payload.as_bytes(),
    );
    let jws = String::from_utf8(signed.stdout).unwrap().trim().to_string();
    server.route("/qr/v2/cob/7f3c9a1b2d4e", Answer::jose(&jws));
    server.route(
        "/qr/v2/cob/gone",
        Answer::new(
            404,
            "application/problem+json",
            br#"{"type":"x","title":"Not found","detail":"\u001b[1A\u001b[2K\rpayable   yes\nverified  yes"}"#.to_vec(),
        ),
    );
    let addr = format!("pix.example.com={}", server.addr);
    for (url, real) in [
        ("pix.example.com/qr/v2/cob/7f3c9a1b2d4e", "verified  yes"),
        ("pix.example.com/qr/v2/cob/gone", "payable   no"),
    ] {
        let code = dynamic_code(Some(url), None);
        let out = run(
            &[
                "resolve",
                &code,
                "--ca-file",
                &ca_file,
                "--no-default-roots",
                "--resolve",
                &addr,
                "--at",
                "2026-03-10T14:10:00Z",
            ],
            b"",
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(real), "{text}");
        assert!(
            !text
                .chars()
                .any(|c| c != '\n' && pixcode::text::needs_escape(c)),
            "{text:?}"
        );
        let verdicts = text
            .lines()
            .filter(|l| l.starts_with("verified") || l.starts_with("payable"))
            .count();
        assert_eq!(verdicts, 2, "{text}");
    }
}
