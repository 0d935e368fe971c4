//! The `pixcode` binary: its exit statuses, the JSON-lines batch mode and the readable output.
#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Command, Output, Stdio};

const STATIC: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
const BROKEN: &str = "00020126360014BR.GOV.BCB.PIX0114+5511943214321520400005303986540566.665802BR5907EMPRESA6008BRASILIA62080503***6304170E";

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pixcode"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Written from another thread: a large input would otherwise fill the pipes both ways.
    let mut input = child.stdin.take().unwrap();
    let data = stdin.unwrap_or_default().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

#[test]
fn decode_a_valid_code() {
    let out = run(&["decode", STATIC], None);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("59 Merchant Name"), "{text}");
    assert!(text.contains("Fulano de Tal"));
    assert!(text.contains("Pix: valid (static)"));
    assert!(text.contains("(evp)"));
}

#[test]
fn decode_points_a_caret_at_the_error() {
    let out = run(&["decode", BROKEN], None);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("error at 62 (byte 110)"))
        .expect("the error is listed");
    let lines: Vec<&str> = text.lines().collect();
    let (snippet, caret) = (lines[line + 1], lines[line + 2]);
    let col = caret.find('^').unwrap();
    // The caret stands under the '6' at byte 110 of the input.
    let shown: Vec<char> = snippet.chars().collect();
    assert_eq!(shown[col], '6', "{snippet}\n{caret}");
    assert!(snippet.contains("62080503***6304"));
}

#[test]
fn decode_json_for_one_code() {
    let out = run(&["decode", "--json", STATIC], None);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["crc"]["computed"], "1D3D");
    assert_eq!(v["objects"][1]["id"], "26");
    assert_eq!(
        v["objects"][1]["children"][1]["value"],
        "123e4567-e12b-12d1-a456-426655440000"
    );
    assert_eq!(v["pix"]["kind"], "static");
    assert_eq!(v["pix"]["key"]["kind"], "evp");
    assert_eq!(v["pix"]["valid"], true);
}

#[test]
fn batch_mode_answers_every_line_in_order() {
    let mut input = Vec::new();
    input.extend_from_slice(STATIC.as_bytes());
    input.push(b'\n');
    input.push(b'\n'); // empty line
    input.extend_from_slice(b"\xff\xfe not utf-8\n");
    input.extend_from_slice(BROKEN.as_bytes());
    input.push(b'\n');
    input.extend_from_slice(STATIC.as_bytes()); // no final LF
    let out = run(&["decode"], Some(&input));
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["valid"], true);
    assert_eq!(lines[1]["errors"][0]["code"], "empty");
    assert_eq!(lines[2]["errors"][0]["code"], "invalid_utf8");
    assert_eq!(lines[2]["pix"], serde_json::Value::Null);
    assert_eq!(lines[3]["errors"][0]["code"], "template_not_tlv");
    assert_eq!(lines[4]["valid"], true);
}

#[test]
fn batch_of_valid_codes_exits_zero() {
    let input = format!("{STATIC}\n{STATIC}\n");
    let out = run(&["decode", "-"], Some(input.as_bytes()));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 2);
}

#[test]
fn validate_lines() {
    let input = format!("{STATIC}\n{BROKEN}\n");
    let out = run(&["validate"], Some(input.as_bytes()));
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "valid");
    assert!(
        lines[1].starts_with("invalid: error at 62 (byte 110)"),
        "{}",
        lines[1]
    );
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(run(&["frobnicate"], None).status.code(), Some(2));
    assert_eq!(run(&[], None).status.code(), Some(2));
}

#[test]
fn encode_prints_a_code_that_decodes() {
    let out = run(
        &[
            "encode",
            "--name",
            "Padaria São José",
            "--city",
            "São Paulo",
            "--key",
            "12345678909",
            "--amount",
            "10.5",
            "--txid",
            "PEDIDO42",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let payload = String::from_utf8(out.stdout).unwrap();
    let code = pixcode::decode(payload.trim_end()).unwrap();
    assert_eq!(code.merchant_name(), Some("Padaria Sao Jose"));
    assert_eq!(code.amount_text(), Some("10.50"));
    assert_eq!(code.txid(), Some("PEDIDO42"));
}

#[test]
fn encode_json_and_refusals() {
    let out = run(
        &[
            "encode",
            "--name",
            "Fulano de Tal",
            "--city",
            "BRASILIA",
            "--url",
            "pix.example.com/8b3da2f39a4140d1a91abd93113bd441",
            "--json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["payload"], "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***630464E4");
    assert_eq!(v["decoded"]["pix"]["kind"], "dynamic");

    for (args, message) in [
        (
            vec!["--key", "12345678900"],
            "key (26.01): the check digits do not match",
        ),
        (
            vec!["--key", "12345678909", "--amount", "1,00"],
            "amount (54)",
        ),
        (
            vec!["--key", "12345678909", "--url", "pix.example.com/x"],
            "location URL (26.25)",
        ),
        (vec!["--url", "https://pix.example.com/x"], "without scheme"),
        (
            vec!["--key", "12345678909", "--txid", "PEDIDO 42"],
            "txid (62.05)",
        ),
    ] {
        let mut all = vec!["encode", "--name", "Loja", "--city", "Recife"];
        all.extend(args);
        let out = run(&all, None);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(message), "{err}");
    }
}

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("pixcode-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn qr_to_png_and_svg_reads_back_with_decode_image() {
    for name in ["code.png", "code.svg"] {
        let path = temp(name);
        let out = run(
            &["qr", STATIC, "-o", path.to_str().unwrap(), "--caption"],
            None,
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let bytes = std::fs::read(&path).unwrap();
        if name.ends_with("svg") {
            assert!(bytes.starts_with(b"<svg"));
            continue;
        }
        let out = run(
            &["decode", "--json", "--image", path.to_str().unwrap()],
            None,
        );
        assert_eq!(out.status.code(), Some(0));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["text"], STATIC);
        assert_eq!(v["charset"], "utf-8");
        assert_eq!(v["inverted"], false);
        assert_eq!(v["corners"].as_array().unwrap().len(), 4);
        assert_eq!(v["decode"]["pix"]["merchant_name"], "Fulano de Tal");
        assert_eq!(v["decode"]["crc"]["declared"], "1D3D");
        // The readable form shows the text read.
        let out = run(&["decode", "--image", path.to_str().unwrap()], None);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(&format!("Text: {STATIC}")), "{text}");
    }
}

#[test]
fn qr_terminal_escpos_and_refusals() {
    let out = run(&["qr", STATIC, "--terminal"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().all(|l| l.chars().count() <= 80));
    assert!(text.contains('█'));

    let path = temp("receipt.bin");
    let out = run(
        &["qr", STATIC, "--escpos", "-o", path.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(&[0x1B, 0x40]));
    assert!(bytes.windows(STATIC.len()).any(|w| w == STATIC.as_bytes()));

    let out = run(&["qr", BROKEN], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("refusing to draw an invalid code"));
    let out = run(&["qr", BROKEN, "--force", "--terminal"], None);
    assert_eq!(out.status.code(), Some(0));
    let out = run(&["qr", STATIC, "--module", "0"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        &["qr", STATIC, "--dark", "#777777", "--light", "#888888"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        &[
            "qr",
            STATIC,
            "--mm",
            "5",
            "--dpi",
            "203",
            "-o",
            temp("small.png").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("do not fit in 5 mm at 203 dpi"));

    let garbage = temp("garbage.png");
    std::fs::write(&garbage, b"not an image").unwrap();
    let out = run(&["decode", "--image", garbage.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn encode_with_qr_in_one_step() {
    let path = temp("encoded.png");
    let out = run(
        &[
            "encode",
            "--name",
            "Loja",
            "--city",
            "Recife",
            "--key",
            "12345678909",
            "--amount",
            "5",
            "--qr",
            path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let payload = String::from_utf8(out.stdout).unwrap();
    let found = pixcode::scan::scan(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(found, [payload.trim_end()]);
}

#[test]
fn kobana_needs_a_token_and_refuses_invalid_codes_offline() {
    let out = Command::new(env!("CARGO_BIN_EXE_pixcode"))
        .args(["kobana", "decode", STATIC])
        .env_remove("KOBANA_API_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("KOBANA_API_TOKEN"));
    // An invalid code fails before any request: the base URL points nowhere reachable.
    let out = Command::new(env!("CARGO_BIN_EXE_pixcode"))
        .args([
            "kobana",
            "--base-url",
            "http://127.0.0.1:9",
            "pay",
            BROKEN,
            "--financial-account",
            "acc",
        ])
        .env("KOBANA_API_TOKEN", "secret-token-value")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("invalid and was not sent"), "{err}");
    assert!(!err.contains("secret-token-value"));
}

/// A valid PromptPay code: well-formed EMV, not Pix.
const PROMPTPAY: &str =
    "00020101021129370016A000000677010111011300668012345675802TH530376463046197";

#[test]
fn decode_and_validate_give_one_verdict_under_each_profile() {
    // The default (auto) judges a code that is not Pix by the EMV rules, for both commands.
    for profile in [None, Some("auto"), Some("emv")] {
        let mut args = vec!["validate", PROMPTPAY];
        let mut dec = vec!["decode", PROMPTPAY];
        if let Some(p) = profile {
            args.extend(["--profile", p]);
            dec.extend(["--profile", p]);
        }
        let v = run(&args, None);
        assert_eq!(v.status.code(), Some(0), "validate {profile:?}");
        assert_eq!(String::from_utf8(v.stdout).unwrap(), "valid\n");
        assert_eq!(run(&dec, None).status.code(), Some(0), "decode {profile:?}");
    }
    let v = run(&["validate", PROMPTPAY, "--profile", "pix"], None);
    assert_eq!(v.status.code(), Some(1));
    assert!(String::from_utf8(v.stdout)
        .unwrap()
        .starts_with("invalid: error (byte 0): not a Pix code"));
    assert_eq!(
        run(&["decode", PROMPTPAY, "--profile", "pix"], None)
            .status
            .code(),
        Some(1)
    );
    // A Pix code with a Pix error fails under auto and pix, passes under emv.
    let wrong_currency = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053038405802BR5913Fulano de Tal6008BRASILIA62070503***6304";
    let crc = pixcode::crc::crc16(wrong_currency.as_bytes());
    let code = format!(
        "{wrong_currency}{}",
        std::str::from_utf8(&pixcode::crc::to_hex(crc)).unwrap()
    );
    for (p, status) in [("auto", 1), ("pix", 1), ("emv", 0)] {
        let v = run(&["validate", &code, "--profile", p], None);
        assert_eq!(v.status.code(), Some(status), "validate --profile {p}");
        let d = run(&["decode", &code, "--profile", p], None);
        assert_eq!(d.status.code(), Some(status), "decode --profile {p}");
    }
    // An unknown profile is a usage error.
    assert_eq!(
        run(&["validate", STATIC, "--profile", "visa"], None)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn kobana_flags_work_after_the_subcommand() {
    // --base-url, --production/--sandbox and --contact are global: accepted after the
    // subcommand. The invalid code then fails offline, before any request.
    let out = Command::new(env!("CARGO_BIN_EXE_pixcode"))
        .args([
            "kobana",
            "decode",
            BROKEN,
            "--base-url",
            "http://127.0.0.1:9",
            "--sandbox",
            "--contact",
            "dev@example.com",
        ])
        .env("KOBANA_API_TOKEN", "secret-token-value")
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("invalid and was not sent"), "{err}");
    // A valid code goes to the base URL given after the subcommand: nothing listens there.
    let out = Command::new(env!("CARGO_BIN_EXE_pixcode"))
        .args([
            "kobana",
            "payments",
            "get",
            "abc",
            "--base-url",
            "http://127.0.0.1:9",
        ])
        .env("KOBANA_API_TOKEN", "secret-token-value")
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("transport error"), "{err}");
    assert!(err.contains("127.0.0.1:9"), "{err}");
}

#[test]
fn cobv_prints_the_breakdown_and_exits_on_payability() {
    // brcode.md §5.7's example: 1 %/month over 10 days and a 2 % fine.
    let args = [
        "cobv",
        "--original",
        "100.00",
        "--due",
        "2026-04-10",
        "--on",
        "2026-04-20",
        "--juros",
        "3:1.00",
        "--multa",
        "2:2.00",
    ];
    let out = run(&args, None);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("+0.33  (modality 3)"), "{text}");
    assert!(text.contains("+2.00  (modality 2)"), "{text}");
    let final_line = text.lines().find(|l| l.starts_with("final")).unwrap();
    assert!(final_line.ends_with("102.33"), "{text}");

    // Dated discounts, a due date on Saturday moved to Monday, and a date past the validity.
    let args = [
        "cobv",
        "--original",
        "100.00",
        "--due",
        "2026-04-04",
        "--on",
        "2026-04-01",
        "--desconto",
        "1:2026-04-03:5.00",
        "--desconto",
        "1:2026-04-01:10.00",
        "--validity",
        "1",
        "--json",
    ];
    let out = run(&args, None);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valor"]["desconto"], "10.00");
    assert_eq!(v["valor"]["final"], "90.00");
    assert_eq!(v["due_rolled"], "2026-04-06");
    assert_eq!(v["last_payable_day"], "2026-04-07");
    assert_eq!(
        v["terms"]["desconto"]["descontoDataFixa"][0]["data"],
        "2026-04-01"
    );
    let mut late = args;
    late[6] = "2026-04-08";
    let out = run(&late, None);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["payable"], false);

    // A municipal holiday moves the due date too.
    let args = [
        "cobv",
        "--original",
        "10.00",
        "--due",
        "2027-01-25",
        "--on",
        "2027-01-26",
        "--multa",
        "1:1.00",
        "--holiday",
        "2027-01-25",
        "--json",
    ];
    let v: serde_json::Value = serde_json::from_slice(&run(&args, None).stdout).unwrap();
    assert_eq!(v["valor"]["multa"], "0.00");
    assert_eq!(v["due_rolled"], "2027-01-26");
}

#[test]
fn cobv_refuses_bad_terms_with_usage_status() {
    for (args, message) in [
        (
            &["--juros", "9:1.00"][..],
            "expected a juros modality 1 to 8 but found 9",
        ),
        (&["--multa", "2"][..], "--multa: expected MODALITY:VALUE"),
        (
            &["--desconto", "1:5.00"][..],
            "modality 1 expects MODALITY:DATE:VALUE",
        ),
        (
            &["--desconto", "5:0.10", "--desconto", "5:0.20"][..],
            "takes one value",
        ),
        (
            &["--abatimento", "1:100.00"][..],
            "the abatimento must be smaller than the original value",
        ),
        (&["--on", "2026-02-30"][..], "--on: no such day"),
    ] {
        let mut all = vec!["cobv", "--original", "100.00", "--due", "2026-04-10"];
        all.extend_from_slice(args);
        let out = run(&all, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(message), "{args:?}: {err}");
    }
}

#[test]
fn batch_on_several_threads_keeps_the_input_order() {
    // 30 000 lines of varied codes, some invalid, a few blank: several blocks per thread.
    let codes = [STATIC, BROKEN, "", "000201", STATIC];
    let mut input = Vec::new();
    let mut expected_valid = Vec::new();
    for i in 0..30_000usize {
        let code = codes[(i * 7 + i / 3) % codes.len()];
        input.extend_from_slice(code.as_bytes());
        input.push(b'\n');
        expected_valid.push(code == STATIC);
    }
    for cmd in ["validate", "decode"] {
        let one = run(&[cmd, "--jobs", "1"], Some(&input));
        let many = run(&[cmd, "--jobs", "4"], Some(&input));
        let default = run(&[cmd], Some(&input));
        assert_eq!(one.status.code(), Some(1));
        assert_eq!(
            one.stdout, many.stdout,
            "{cmd}: --jobs 4 differs from --jobs 1"
        );
        assert_eq!(
            one.stdout, default.stdout,
            "{cmd}: the default differs from --jobs 1"
        );
        let text = String::from_utf8(one.stdout).unwrap();
        let verdicts: Vec<bool> = text
            .lines()
            .map(|l| match cmd {
                "validate" => l == "valid",
                _ => serde_json::from_str::<serde_json::Value>(l).unwrap()["valid"] == true,
            })
            .collect();
        assert_eq!(verdicts, expected_valid, "{cmd}");
    }
    // All valid: exit 0 on every thread count.
    let all = format!("{STATIC}\n").repeat(5_000);
    assert_eq!(
        run(&["validate", "--jobs", "3"], Some(all.as_bytes()))
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&["validate", "--jobs", "0"], Some(all.as_bytes()))
            .status
            .code(),
        Some(0)
    );
}

/// Runs `args` on `chunks` of input written one after another (never held whole), and returns
/// the output with the highest resident memory seen while it ran (`VmHWM`, in KiB).
fn run_streaming(
    args: &[&str],
    chunks: impl Iterator<Item = Vec<u8>> + Send + 'static,
) -> (Output, u64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pixcode"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        for c in chunks {
            if input.write_all(&c).is_err() {
                break;
            }
        }
    });
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let watcher = {
        let peak = peak.clone();
        std::thread::spawn(move || loop {
            let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
                return;
            };
            if let Some(kb) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak.fetch_max(kb, std::sync::atomic::Ordering::Relaxed);
            }
            if status.contains("State:\tZ") {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        })
    };
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    watcher.join().unwrap();
    (out, peak.load(std::sync::atomic::Ordering::Relaxed))
}

/// One 256 MiB line of NUL bytes, then a valid code: the long line gets its own answer, the
/// code after it is still answered, and memory stays far below the line's size.
#[test]
fn an_endless_line_is_answered_in_bounded_memory() {
    for cmd in ["validate", "decode"] {
        let chunks = (0..256)
            .map(|_| vec![0u8; 1 << 20])
            .chain(std::iter::once(format!("\n{STATIC}\n").into_bytes()));
        let (out, peak_kb) = run_streaming(&[cmd], chunks);
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{cmd}: {text:.300}");
        assert!(lines[0].contains("line_too_long"), "{cmd}: {}", lines[0]);
        assert!(
            lines[0].contains(&(256u64 << 20).to_string()),
            "{cmd}: {}",
            lines[0]
        );
        match cmd {
            "validate" => assert_eq!(lines[1], "valid"),
            _ => assert!(lines[1].starts_with("{\"valid\":true")),
        }
        assert!(
            peak_kb < 64 * 1024,
            "{cmd} held {peak_kb} KiB for one long line"
        );
    }
}

/// Five million empty lines: one answer each, in bounded memory.
#[test]
fn millions_of_empty_lines_stay_in_bounded_memory() {
    let chunks = (0..5).map(|_| vec![b'\n'; 1_000_000]);
    let (out, peak_kb) = run_streaming(&["decode"], chunks);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        out.stdout.iter().filter(|b| **b == b'\n').count(),
        5_000_000
    );
    assert!(peak_kb < 64 * 1024, "held {peak_kb} KiB");
}

#[test]
fn absurd_job_counts_are_usage_errors_or_capped() {
    for n in [
        "18446744073709551615",
        "18446744073709551616",
        "4294967296",
        "1000000",
        "257",
    ] {
        let out = run(&["validate", "--jobs", n], Some(STATIC.as_bytes()));
        assert_eq!(out.status.code(), Some(2), "--jobs {n}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--jobs"),
            "--jobs {n}"
        );
    }
    let out = run(&["validate", "--jobs", "256"], Some(STATIC.as_bytes()));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, b"valid\n");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores < 256 {
        assert!(String::from_utf8_lossy(&out.stderr).contains("warning: --jobs 256"));
    }
}

/// Values from a code never reach the terminal raw: escape sequences, line breaks and
/// bidirectional overrides in a BR Code's fields come out escaped, in `decode` and `validate`.
#[test]
fn hostile_text_in_a_code_is_escaped_on_the_terminal() {
    use pixcode::emv::{Node, Writer};
    let mut w = Writer::new(String::new()).unwrap();
    w.node(&Node::Template(
        26,
        &[
            Node::Value(0, "br.gov.bcb.pix"),
            Node::Value(1, "12345678909"),
        ],
    ))
    .unwrap();
    w.value(52, "0000").unwrap();
    w.value(53, "986").unwrap();
    w.value(58, "BR").unwrap();
    w.value(59, "Loja\u{1b}[2J\u{9b}31m").unwrap();
    w.value(60, "X\nPix: valid\u{202e}").unwrap();
    w.node(&Node::Template(62, &[Node::Value(5, "***")]))
        .unwrap();
    let code = w.finish().unwrap();
    for args in [
        vec!["decode", code.as_str()],
        vec!["validate", code.as_str()],
    ] {
        let out = run(&args, None);
        let text = String::from_utf8(out.stdout.clone()).unwrap();
        assert!(
            !text
                .chars()
                .any(|c| c != '\n' && pixcode::text::needs_escape(c)),
            "{args:?}: {text:?}"
        );
        assert!(
            !text.lines().any(|l| l.trim() == "Pix: valid"),
            "{args:?}: {text}"
        );
        assert!(!String::from_utf8_lossy(&out.stderr).contains('\u{1b}'));
    }
    let out = run(&["decode", &code], None);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(r"Loja\u{1b}[2J\u{9b}31m"), "{text}");
}

/// An endless "image" (a character device) is refused at the size cap, not read whole.
#[test]
fn an_endless_image_file_is_refused_at_the_cap() {
    let out = run(&["decode", "--image", "/dev/zero"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("more than 268435456 bytes"), "{err}");
}

/// Several files at once: each symbol is a JSON line; a file without a code gets a line with
/// its error, the others are still read, and the exit status is 2.
#[test]
fn several_images_each_report_their_symbols_or_their_error() {
    let good = temp("several-good.png");
    assert_eq!(
        run(&["qr", STATIC, "-o", good.to_str().unwrap()], None)
            .status
            .code(),
        Some(0)
    );
    let blank = temp("several-blank.png");
    let img = image::GrayImage::from_pixel(64, 64, image::Luma([255]));
    img.save(&blank).unwrap();
    let out = run(
        &[
            "decode",
            "--json",
            "--image",
            good.to_str().unwrap(),
            blank.to_str().unwrap(),
            good.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["text"], STATIC);
    assert_eq!(lines[1]["error"]["code"], "not_found");
    assert_eq!(lines[2]["text"], STATIC);
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 of 3 image(s) could not be read"));
}

#[test]
fn nfc_uri_ndef_and_read_and_uris_wherever_a_code_goes() {
    const CODE: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
    let out = run(&["nfc", "uri", CODE, "--host", "loja.example.com"], None);
    assert_eq!(out.status.code(), Some(0));
    let uri = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(
        uri.starts_with("pix://loja.example.com?qr=000201") && uri.contains("Fulano%20de%20Tal"),
        "{uri}"
    );
    // A static code needs a host.
    assert_eq!(run(&["nfc", "uri", CODE], None).status.code(), Some(2));

    // decode and validate take the URI; the JSON says where the code came from.
    let out = run(&["decode", &uri, "--json"], None);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["nfc"]["host"], "loja.example.com");
    assert_eq!(v["pix"]["merchant_name"], "Fulano de Tal");
    let lines = format!("{CODE}\n{uri}\npix://x.example\n");
    let out = run(&["validate"], Some(lines.as_bytes()));
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let got: Vec<&str> = text.lines().collect();
    assert_eq!(got[..2], ["valid", "valid"]);
    assert!(
        got[2].starts_with("invalid: nfc_qr_missing: "),
        "{}",
        got[2]
    );
    let out = run(&["decode"], Some(lines.as_bytes()));
    let rows: Vec<serde_json::Value> = out
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert!(rows[0].get("nfc").is_none());
    assert_eq!(rows[1]["nfc"]["host"], "loja.example.com");
    assert_eq!(rows[2]["nfc"]["error"]["code"], "nfc_qr_missing");
    assert_eq!(
        run(&["validate", "pix://h.example?qr=1%G"], None)
            .status
            .code(),
        Some(1)
    );

    // NDEF to a file and to a pipe, read back; the code inside is decoded.
    let file = temp("code.ndef");
    let out = run(
        &[
            "nfc",
            "ndef",
            CODE,
            "--host",
            "loja.example.com",
            "-o",
            file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let message = std::fs::read(&file).unwrap();
    assert_eq!(&message[..2], &[0xD1, 0x01]);
    let piped = run(&["nfc", "ndef", &uri], None).stdout;
    assert_eq!(piped, message);
    // A URI with another host than the one asked for, or whose code is not valid, is refused.
    let out = run(&["nfc", "ndef", &uri, "--host", "other.example"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nfc_host_mismatch"));
    let bad = uri.replace("63041D3D", "63041D3E");
    let out = run(&["nfc", "ndef", &bad], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("crc_mismatch"));
    // A refused URI given as the argument: one JSON line, exit 1.
    let out = run(&["decode", "--json", "pix://h.example?qr=1%G"], None);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["nfc"]["error"]["code"], "nfc_bad_escape");
    assert_eq!(v["nfc"]["error"]["offset"], 20);
    let out = run(&["nfc", "read", "--json"], Some(&message));
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["nfc"]["host"], "loja.example.com");
    assert_eq!(v["valid"], true);
    let out = run(&["nfc", "read"], Some(&message[..message.len() - 3]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ndef_truncated"));

    // encode writes the URI; a phone key's + travels as %2B.
    let out = run(
        &[
            "encode",
            "--name",
            "Loja",
            "--city",
            "Recife",
            "--key",
            "+5561912345678",
            "--nfc-uri",
            "--nfc-host",
            "loja.example.com",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let uri = String::from_utf8(out.stdout).unwrap();
    assert!(
        uri.contains("%2B5561912345678") && !uri.contains('+'),
        "{uri}"
    );
}
