//! `pixcode`: decode and validate Pix BR Codes and EMV MPM payloads from a terminal or a pipe.

use clap::{Parser, Subcommand};
use pixcode::tlv::Objects;
use pixcode::{Code, Inspection, Path};
use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

/// Read and check Pix BR Codes and other EMV merchant-presented QR payloads.
#[derive(Parser)]
#[command(name = "pixcode", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode a payload: its objects, the Pix view and every error and warning.
    ///
    /// With no PAYLOAD, or `-`, reads standard input, one payload per line, and writes one
    /// JSON object per input line, in order.
    Decode {
        /// The payload (`000201…6304ABCD`); `-` or nothing for standard input.
        payload: Option<String>,
        /// Print JSON instead of the readable tree.
        #[arg(long)]
        json: bool,
        /// Read the payload from the QR code in a PNG or JPEG image instead.
        #[arg(long, value_name = "FILE", conflicts_with = "payload")]
        image: Option<std::path::PathBuf>,
    },
    /// Draw a payload as a QR code: PNG or SVG file, terminal, or ESC/POS printer bytes.
    ///
    /// The payload is validated first: a code with errors is refused unless --force.
    Qr {
        /// The payload to draw.
        payload: String,
        #[command(flatten)]
        draw: DrawArgs,
    },
    /// Build a Pix code: static (--key), dynamic (--url) or Pix Automático (--recurrence-url).
    ///
    /// Prints the payload; a refused input is reported with the field and rule, exit status 2.
    Encode(Box<EncodeArgs>),
    /// Decode and pay Pix codes through Kobana's API (token from KOBANA_API_TOKEN).
    Kobana(Box<KobanaArgs>),
    /// Validate payloads: prints `valid`, or `invalid` with the first error, per payload.
    ///
    /// With no PAYLOAD, or `-`, reads standard input, one payload per line.
    Validate {
        /// The payload; `-` or nothing for standard input.
        payload: Option<String>,
    },
}

#[derive(clap::Args)]
struct EncodeArgs {
    /// Merchant name (59), folded to ASCII, at most 25 characters.
    #[arg(long)]
    name: String,
    /// Merchant city (60), folded to ASCII, at most 15 characters.
    #[arg(long)]
    city: String,
    /// Pix key for a static code: CPF, CNPJ, e-mail, +55 mobile or random key.
    #[arg(long)]
    key: Option<String>,
    /// Location URL without scheme, for a dynamic code.
    #[arg(long)]
    url: Option<String>,
    /// Recurrence URL (with /rec/) for Pix Automático.
    #[arg(long)]
    recurrence_url: Option<String>,
    /// Exact amount, such as 10.50 (static codes).
    #[arg(long)]
    amount: Option<String>,
    /// txid, 1 to 25 letters and digits (static codes); *** by default.
    #[arg(long)]
    txid: Option<String>,
    /// Additional information shown to the payer (static codes).
    #[arg(long)]
    info: Option<String>,
    /// Postal code (CEP, 8 digits).
    #[arg(long)]
    postal_code: Option<String>,
    /// Pix Saque: the withdrawal facilitator's ISPB (8 characters).
    #[arg(long)]
    saque: Option<String>,
    /// Merchant category code, 4 digits; 0000 by default.
    #[arg(long)]
    mcc: Option<String>,
    /// Mark the code single use (01 = 12); the default for dynamic codes.
    #[arg(long, conflicts_with = "reusable")]
    single_use: bool,
    /// Mark the code reusable (01 = 11).
    #[arg(long)]
    reusable: bool,
    /// Keep name, city and info as UTF-8 instead of folding them to ASCII.
    #[arg(long)]
    no_fold: bool,
    /// Cut a name or city that is too long instead of refusing it.
    #[arg(long)]
    truncate: bool,
    /// Print the payload with its decoded view as JSON.
    #[arg(long)]
    json: bool,
    /// Also draw the code as a QR image (.png or .svg).
    #[arg(long, value_name = "FILE")]
    qr: Option<std::path::PathBuf>,
}

#[derive(clap::Args)]
struct DrawArgs {
    /// Output file: .png or .svg (with --escpos: the printer bytes). Without it, the code is
    /// drawn in the terminal.
    #[arg(short, long, value_name = "FILE")]
    output: Option<std::path::PathBuf>,
    /// Draw in the terminal with Unicode half blocks.
    #[arg(long)]
    terminal: bool,
    /// Swap dark and light in the terminal (for light text on a dark background).
    #[arg(long)]
    invert: bool,
    /// ESC/POS receipt-printer bytes, with the printer's own QR commands (GS ( k).
    #[arg(long)]
    escpos: bool,
    /// With --escpos: send a raster image (GS v 0) for printers without QR commands.
    #[arg(long, requires = "escpos")]
    raster: bool,
    /// Error-correction level: L, M, Q or H.
    #[arg(long, default_value = "M")]
    ec: String,
    /// Pixels (or printer dots) per module.
    #[arg(long, value_name = "PX", conflicts_with = "mm")]
    module: Option<u32>,
    /// Target width of the whole symbol in millimetres (needs --dpi).
    #[arg(long, requires = "dpi")]
    mm: Option<u32>,
    /// Resolution for --mm, in dots per inch (203 for most receipt printers).
    #[arg(long)]
    dpi: Option<u32>,
    /// Quiet zone in modules; 4 unless asked.
    #[arg(long, default_value_t = 4)]
    quiet_zone: u32,
    /// Dark module colour, #rrggbb.
    #[arg(long, default_value = "#000000")]
    dark: String,
    /// Light module colour, #rrggbb.
    #[arg(long, default_value = "#ffffff")]
    light: String,
    /// Write the amount and merchant name under the symbol (PNG and SVG).
    #[arg(long)]
    caption: bool,
    /// Draw even a code with errors. Never for a code someone will pay.
    #[arg(long)]
    force: bool,
}

#[derive(clap::Args)]
struct KobanaArgs {
    /// Use the sandbox (the default).
    #[arg(long, conflicts_with = "production")]
    sandbox: bool,
    /// Use production: real money.
    #[arg(long)]
    production: bool,
    /// Another base URL (a mock server).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Contact e-mail for the User-Agent, as Kobana asks of integrators.
    #[arg(long)]
    contact: Option<String>,
    /// Send codes without checking them locally first.
    #[arg(long)]
    no_precheck: bool,
    /// The idempotency key of a POST or PUT (a new UUIDv4 by default; reuse it to retry).
    #[arg(long, global = true)]
    idempotency_key: Option<String>,
    #[command(subcommand)]
    command: KobanaCommand,
}

#[derive(Subcommand)]
enum KobanaCommand {
    /// Decode a code with Kobana (POST /v2/data/pix_qrcode_queries).
    Decode {
        /// The Pix code.
        code: String,
        /// Your id for the query.
        #[arg(long)]
        external_id: Option<String>,
    },
    /// The unverified POST /v2/payment/pix/decode (in no Kobana API document).
    DecodeUnverified {
        /// The Pix code.
        code: String,
    },
    /// Create a Pix payment from a code (POST /v2/payment/pix); send it with `batch create`.
    Pay {
        /// The Pix code.
        code: String,
        /// The source financial account uid.
        #[arg(long)]
        financial_account: String,
        /// Exact amount (taken from the code when omitted).
        #[arg(long)]
        amount: Option<String>,
        /// Schedule date, YYYY-MM-DD.
        #[arg(long)]
        scheduled_to: Option<String>,
        /// Your id.
        #[arg(long)]
        external_id: Option<String>,
    },
    /// Pix payments.
    #[command(subcommand)]
    Payments(PaymentsCommand),
    /// Payment batches.
    #[command(subcommand)]
    Batch(BatchCommand),
}

#[derive(Subcommand)]
enum PaymentsCommand {
    /// List payments, one JSON line per page.
    List {
        /// Items per page (1-50).
        #[arg(long, default_value_t = 50)]
        per_page: u32,
        /// Pages to fetch at most (Kobana allows 60 GET an hour).
        #[arg(long, default_value_t = 1)]
        pages: u32,
    },
    /// One payment.
    Get {
        /// Its uid.
        uid: String,
    },
    /// Request the cancellation of a payment.
    Cancel {
        /// Its uid.
        uid: String,
    },
}

#[derive(Subcommand)]
enum BatchCommand {
    /// Create a Pix batch from payment uids and/or codes (sends them to the bank).
    Create {
        /// The source financial account uid.
        #[arg(long)]
        financial_account: String,
        /// An existing payment's uid (repeatable).
        #[arg(long = "payment")]
        payments: Vec<String>,
        /// A code to pay inline (repeatable).
        #[arg(long = "code")]
        codes: Vec<String>,
    },
    /// Approve a batch awaiting approval.
    Approve {
        /// Its uid.
        uid: String,
    },
    /// Reprove (refuse) a batch.
    Reprove {
        /// Its uid.
        uid: String,
    },
    /// Cancel a batch.
    Cancel {
        /// Its uid.
        uid: String,
    },
    /// One batch.
    Get {
        /// Its uid.
        uid: String,
    },
    /// List batches, one JSON line per page.
    List {
        /// Items per page (1-50).
        #[arg(long, default_value_t = 50)]
        per_page: u32,
        /// Pages to fetch at most.
        #[arg(long, default_value_t = 1)]
        pages: u32,
    },
}

/// Exit status: 0 all valid, 1 some invalid, 2 usage or I/O error (clap's own errors exit 2).
fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("pixcode: {e}");
            ExitCode::from(2)
        }
    }
}

/// Runs the command; `Ok(true)` when every payload was valid.
fn run(cli: Cli) -> io::Result<bool> {
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let all_valid = match cli.command {
        Command::Decode {
            image: Some(path),
            json,
            ..
        } => {
            let bytes = std::fs::read(&path)?;
            let found = pixcode::scan::scan(&bytes).map_err(|e| refused(e.to_string()))?;
            let mut all = true;
            for p in &found {
                let report = pixcode::inspect(p.as_bytes());
                if json {
                    serde_json::to_writer(&mut out, &report)?;
                    writeln!(out)?;
                } else {
                    human(&mut out, p, &report)?;
                }
                all &= report.is_valid();
            }
            all
        }
        Command::Qr { payload, draw } => {
            draw_qr(&mut out, &payload, &draw)?;
            true
        }
        Command::Decode { payload, json, .. } => match payload.as_deref() {
            None | Some("-") => each_line(|line| {
                let report = pixcode::inspect(line);
                serde_json::to_writer(&mut out, &report)?;
                out.write_all(b"\n")?;
                Ok(report.is_valid())
            })?,
            Some(p) => {
                let report = pixcode::inspect(p.as_bytes());
                if json {
                    serde_json::to_writer_pretty(&mut out, &report)?;
                    writeln!(out)?;
                } else {
                    human(&mut out, p, &report)?;
                }
                report.is_valid()
            }
        },
        Command::Encode(args) => encode(&mut out, &args)?,
        Command::Kobana(args) => kobana(&mut out, &args)?,
        Command::Validate { payload } => match payload.as_deref() {
            None | Some("-") => each_line(|line| validate_line(&mut out, line))?,
            Some(p) => validate_line(&mut out, p.as_bytes())?,
        },
    };
    out.flush()?;
    Ok(all_valid)
}

/// An input error: reported on standard error, exit status 2.
fn refused(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, Refused(msg))
}

fn draw_options(d: &DrawArgs) -> io::Result<pixcode::render::Options> {
    use pixcode::render::{Options, Rgb, Size};
    let colour =
        |s: &str| Rgb::parse(s).ok_or_else(|| refused(format!("not a #rrggbb colour: {s}")));
    Ok(Options {
        error_correction: d
            .ec
            .parse()
            .map_err(|e: pixcode::render::RenderError| refused(e.to_string()))?,
        size: match (d.module, d.mm, d.dpi) {
            (Some(px), _, _) => Size::ModulePixels(px),
            (None, Some(mm), Some(dpi)) => Size::Millimetres { mm, dpi },
            _ => Size::ModulePixels(if d.escpos { 6 } else { 8 }),
        },
        quiet_zone: d.quiet_zone,
        dark: colour(&d.dark)?,
        light: colour(&d.light)?,
        caption: d.caption,
        allow_invalid: d.force,
    })
}

fn draw_qr(out: &mut impl Write, payload: &str, d: &DrawArgs) -> io::Result<()> {
    use pixcode::render::{EscPos, Qr};
    let qr = Qr::new(payload, &draw_options(d)?).map_err(|e| refused(e.to_string()))?;
    let bytes: Vec<u8> = if d.escpos {
        let mode = if d.raster {
            EscPos::Raster
        } else {
            EscPos::Native
        };
        qr.to_escpos(mode).map_err(|e| refused(e.to_string()))?
    } else if d.terminal || d.output.is_none() {
        qr.to_terminal(d.invert).into_bytes()
    } else {
        let path = d.output.as_deref().unwrap_or(std::path::Path::new(""));
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("png") => qr.to_png().map_err(|e| refused(e.to_string()))?,
            Some("svg") => qr.to_svg().into_bytes(),
            _ => {
                return Err(refused(format!(
                    "{}: the output must end in .png or .svg",
                    path.display()
                )))
            }
        }
    };
    match (&d.output, d.terminal) {
        (Some(path), false) => std::fs::write(path, bytes),
        _ => out.write_all(&bytes),
    }
}

fn kobana(out: &mut impl Write, a: &KobanaArgs) -> io::Result<bool> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(kobana_run(out, a))
}

fn reply_json<T>(r: &pixcode::kobana::Reply<T>) -> serde_json::Value {
    serde_json::json!({
        "status": r.status,
        "idempotency_key": r.idempotency_key.as_ref().map(|k| k.to_string()),
        "message": r.message,
        "rate_limit": {
            "limit": r.rate_limit.limit,
            "remaining": r.rate_limit.remaining,
            "reset": r.rate_limit.reset,
        },
        "data": r.raw,
    })
}

/// Kobana errors: an API answer exits 1 with its JSON on standard output; anything else is
/// reported on standard error and exits 2.
fn kobana_error(out: &mut impl Write, e: pixcode::kobana::Error) -> io::Result<bool> {
    use pixcode::kobana::{Error, ErrorItem};
    match e {
        Error::Api(api) => {
            let items: Vec<String> = api.items.iter().map(ErrorItem::to_string).collect();
            let json = serde_json::json!({
                "status": api.status,
                "errors": items,
                "idempotency_key": api.idempotency_key,
                "retry_after": api.rate_limit.retry_after,
                "body": api.raw,
            });
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)?;
            eprintln!("pixcode: {api}");
            Ok(false)
        }
        other => Err(refused(other.to_string())),
    }
}

async fn kobana_run(out: &mut impl Write, a: &KobanaArgs) -> io::Result<bool> {
    use pixcode::kobana::*;
    let fail = |e: Error| refused(e.to_string());
    let mut config = Config::from_env()
        .map_err(fail)?
        .environment(if a.production {
            Environment::Production
        } else {
            Environment::Sandbox
        })
        .precheck(!a.no_precheck);
    if let Some(b) = &a.base_url {
        config = config.base_url_override(b.clone());
    }
    if let Some(c) = &a.contact {
        config = config.contact(c.clone());
    }
    let client = Client::new(config).map_err(fail)?;
    let key = a
        .idempotency_key
        .as_deref()
        .map(IdempotencyKey::new)
        .transpose()
        .map_err(fail)?;
    let money = |s: &str| -> io::Result<Money> {
        let amount = pixcode::Amount::parse(s).map_err(|e| refused(format!("amount: {e}")))?;
        if amount.is_zero() {
            return Err(refused("amount: must be greater than zero".into()));
        }
        Ok(Money::from(amount))
    };
    macro_rules! one {
        ($call:expr) => {
            match $call.await {
                Ok(r) => {
                    serde_json::to_writer_pretty(&mut *out, &reply_json(&r))?;
                    writeln!(out)?;
                    Ok(true)
                }
                Err(e) => kobana_error(out, e),
            }
        };
    }
    macro_rules! pages {
        ($pager:expr, $max:expr) => {{
            let mut pager = $pager.map_err(fail)?;
            let mut n = 0;
            while n < $max {
                match pager.next_page().await {
                    None => break,
                    Some(Ok(page)) => {
                        let raw = serde_json::json!({
                            "page": page.pagination.as_ref().and_then(|p| p.page),
                            "next_url": page.pagination.as_ref().and_then(|p| p.next_url.clone()),
                            "data": page.raw,
                        });
                        serde_json::to_writer(&mut *out, &raw)?;
                        writeln!(out)?;
                    }
                    Some(Err(e)) => return kobana_error(out, e),
                }
                n += 1;
            }
            Ok(true)
        }};
    }
    match &a.command {
        KobanaCommand::Decode { code, external_id } => one!(client.decode(
            &NewQrcodeQuery {
                qrcode: code.clone(),
                external_id: external_id.clone(),
                ..Default::default()
            },
            key
        )),
        KobanaCommand::DecodeUnverified { code } => one!(client.decode_unverified(code, key)),
        KobanaCommand::Pay {
            code,
            financial_account,
            amount,
            scheduled_to,
            external_id,
        } => {
            let payment = NewPixPayment {
                financial_account_uid: financial_account.clone(),
                qrcode: code.clone(),
                amount: amount.as_deref().map(money).transpose()?,
                scheduled_to: scheduled_to.clone(),
                external_id: external_id.clone(),
                ..Default::default()
            };
            one!(client.create_pix_payment(&payment, key))
        }
        KobanaCommand::Payments(PaymentsCommand::List { per_page, pages }) => {
            pages!(client.pix_payments(*per_page), *pages)
        }
        KobanaCommand::Payments(PaymentsCommand::Get { uid }) => one!(client.get_pix_payment(uid)),
        KobanaCommand::Payments(PaymentsCommand::Cancel { uid }) => {
            one!(client.cancel_pix_payment(uid, key))
        }
        KobanaCommand::Batch(BatchCommand::Create {
            financial_account,
            payments,
            codes,
        }) => {
            let mut items: Vec<BatchItem> = payments
                .iter()
                .map(|u| BatchItem::Existing { uid: u.clone() })
                .collect();
            items.extend(codes.iter().map(|c| {
                BatchItem::New(NewBatchPayment {
                    qrcode: c.clone(),
                    ..Default::default()
                })
            }));
            let batch = NewPixBatch {
                financial_account_uid: financial_account.clone(),
                payments: items,
                payment_account_uid: None,
            };
            one!(client.create_pix_batch(&batch, key))
        }
        KobanaCommand::Batch(BatchCommand::Approve { uid }) => {
            one!(client.batch_command(uid, BatchOp::Approve, key))
        }
        KobanaCommand::Batch(BatchCommand::Reprove { uid }) => {
            one!(client.batch_command(uid, BatchOp::Reprove, key))
        }
        KobanaCommand::Batch(BatchCommand::Cancel { uid }) => {
            one!(client.batch_command(uid, BatchOp::Cancel, key))
        }
        KobanaCommand::Batch(BatchCommand::Get { uid }) => one!(client.get_batch(uid)),
        KobanaCommand::Batch(BatchCommand::List { per_page, pages }) => {
            pages!(client.batches(*per_page), *pages)
        }
    }
}

/// A refused input: reported on standard error, exit status 2.
#[derive(Debug)]
struct Refused(String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

fn encode(out: &mut impl Write, a: &EncodeArgs) -> io::Result<bool> {
    let mut b = pixcode::pix::Builder::new(&a.name, &a.city);
    let amount = a
        .amount
        .as_deref()
        .map(pixcode::Amount::parse)
        .transpose()
        .map_err(|e| refused(format!("amount (54): {e}")))?;
    if let Some(v) = &a.key {
        b.key(v);
    }
    if let Some(v) = &a.url {
        b.url(v);
    }
    if let Some(v) = &a.recurrence_url {
        b.recurrence_url(v);
    }
    if let Some(v) = amount {
        b.amount(v);
    }
    if let Some(v) = &a.txid {
        b.txid(v);
    }
    if let Some(v) = &a.info {
        b.additional_info(v);
    }
    if let Some(v) = &a.postal_code {
        b.postal_code(v);
    }
    if let Some(v) = &a.saque {
        b.saque(v);
    }
    if let Some(v) = &a.mcc {
        b.merchant_category_code(v);
    }
    if a.single_use || a.reusable {
        b.single_use(a.single_use);
    }
    b.fold_ascii(!a.no_fold).truncate(a.truncate);
    let built = b.build().map_err(|e| refused(e.to_string()))?;
    for (what, n) in [
        ("merchant name", built.name_cut),
        ("merchant city", built.city_cut),
    ] {
        if n > 0 {
            eprintln!("pixcode: note: cut {n} character(s) from the {what}");
        }
    }
    if a.json {
        let report = pixcode::inspect(built.payload.as_bytes());
        let json = serde_json::json!({
            "payload": built.payload,
            "name_cut": built.name_cut,
            "city_cut": built.city_cut,
            "decoded": report,
        });
        serde_json::to_writer_pretty(&mut *out, &json)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", built.payload)?;
    }
    if let Some(path) = &a.qr {
        let qr = pixcode::render::Qr::new(&built.payload, &Default::default())
            .map_err(|e| refused(e.to_string()))?;
        let bytes = match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("svg") => qr.to_svg().into_bytes(),
            _ => qr.to_png().map_err(|e| refused(e.to_string()))?,
        };
        std::fs::write(path, bytes)?;
    }
    Ok(true)
}

/// Calls `f` on each LF-terminated line of standard input (the LF removed; a final line
/// without LF counts too). Returns whether `f` returned `true` for every line.
fn each_line(mut f: impl FnMut(&[u8]) -> io::Result<bool>) -> io::Result<bool> {
    let stdin = io::stdin();
    let mut input = io::BufReader::with_capacity(1 << 16, stdin.lock());
    let mut line = Vec::with_capacity(1024);
    let mut all = true;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(all);
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        all &= f(&line)?;
    }
}

fn validate_line(out: &mut impl Write, line: &[u8]) -> io::Result<bool> {
    let result = match std::str::from_utf8(line) {
        Ok(s) => pixcode::decode(s).map(|_| ()).map_err(|e| e.to_string()),
        Err(_) => Err(pixcode::inspect(line).emv.errors[0].to_string()),
    };
    match result {
        Ok(()) => out.write_all(b"valid\n")?,
        Err(ref e) => writeln!(out, "invalid: {e}")?,
    }
    Ok(result.is_ok())
}

fn human(out: &mut impl Write, input: &str, r: &Inspection<'_>) -> io::Result<()> {
    let code = r.pix.as_ref().map(|p| &p.code);
    if let Some(p) = &r.payload {
        writeln!(out, "Objects ({} characters):", p.chars())?;
        tree(out, p.objects(), 1, code)?;
    }
    match &r.crc {
        Some(c) => {
            let hex = c.computed_hex();
            let computed = std::str::from_utf8(&hex).unwrap_or("");
            let verdict = if c.matches() {
                "matches"
            } else {
                "does NOT match"
            };
            writeln!(
                out,
                "\nCRC: declared {}, computed {computed}: {verdict}",
                c.declared
            )?;
        }
        None => writeln!(out, "\nCRC: no final 6304 object")?,
    }
    writeln!(
        out,
        "EMV: {}",
        if r.emv.is_valid() { "valid" } else { "INVALID" }
    )?;
    findings(out, input, r.emv.errors.iter().chain(r.emv.warnings.iter()))?;
    dropped(out, r.emv.errors.dropped() + r.emv.warnings.dropped())?;
    match &r.pix {
        None => writeln!(
            out,
            "\nPix: not a Pix code (no template with GUI br.gov.bcb.pix)"
        )?,
        Some(pix) => {
            let c = &pix.code;
            let verdict = match (pix.is_valid(), r.emv.is_valid()) {
                (false, _) => "INVALID",
                (true, true) => "valid",
                // The Pix rules only saw the objects before the EMV error.
                (true, false) => "no Pix rule broken in the readable part",
            };
            writeln!(out, "\nPix: {verdict} ({})", c.kind())?;
            let field = |out: &mut dyn Write, name: &str, v: Option<&str>| -> io::Result<()> {
                match v {
                    Some(v) => writeln!(out, "  {name:<24}{v}"),
                    None => Ok(()),
                }
            };
            if let Some(k) = c.key() {
                writeln!(out, "  {:<24}{} ({})", "key", k.as_str(), k.kind())?;
            }
            field(out, "amount", c.amount_text())?;
            field(out, "merchant name", c.merchant_name())?;
            field(out, "merchant city", c.merchant_city())?;
            field(out, "postal code", c.postal_code())?;
            field(out, "txid", c.txid())?;
            field(out, "additional info", c.additional_info())?;
            field(out, "withdrawal facilitator", c.withdrawal_facilitator())?;
            field(out, "location", c.location().map(|l| l.as_str()))?;
            field(out, "recurrence", c.recurrence().map(|l| l.as_str()))?;
            field(out, "point of initiation", c.point_of_initiation())?;
            field(out, "brcode version", c.brcode_version())?;
            findings(
                out,
                input,
                pix.report.errors.iter().chain(pix.report.warnings.iter()),
            )?;
            dropped(
                out,
                pix.report.errors.dropped() + pix.report.warnings.dropped(),
            )?;
        }
    }
    Ok(())
}

fn tree(
    out: &mut impl Write,
    objects: Objects<'_>,
    depth: usize,
    code: Option<&pixcode::BrCode<'_>>,
) -> io::Result<()> {
    for item in objects {
        let Ok(o) = item else {
            writeln!(
                out,
                "{:indent$}(cannot be read further)",
                "",
                indent = depth * 2
            )?;
            break;
        };
        let name = pixcode::pix::object_name(o.path(), code).unwrap_or("");
        if pixcode::emv::is_template(o.path()) && o.children().all(|c| c.is_ok()) {
            writeln!(
                out,
                "{:indent$}{:02} {name}",
                "",
                o.tag(),
                indent = depth * 2
            )?;
            tree(out, o.children(), depth + 1, code)?;
        } else {
            let label = format!("{:02} {name}", o.tag());
            let width = 44usize.saturating_sub(depth * 2);
            writeln!(
                out,
                "{:indent$}{label:<width$} {}",
                "",
                o.value(),
                indent = depth * 2
            )?;
        }
    }
    Ok(())
}

fn findings<'f, P: Code + 'f>(
    out: &mut impl Write,
    input: &str,
    list: impl Iterator<Item = &'f pixcode::Finding<P>>,
) -> io::Result<()> {
    for f in list {
        writeln!(out, "  {f}")?;
        caret(out, input, f.offset, f.path)?;
    }
    Ok(())
}

fn dropped(out: &mut impl Write, n: u32) -> io::Result<()> {
    if n > 0 {
        writeln!(out, "  … and {n} more findings not listed")?;
    }
    Ok(())
}

/// Shows up to 60 characters of the input around byte `offset`, with a caret under it.
fn caret(out: &mut impl Write, input: &str, offset: usize, _path: Path) -> io::Result<()> {
    let offset = offset.min(input.len());
    let mut start = offset.saturating_sub(30);
    while !input.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (offset + 30).min(input.len());
    while !input.is_char_boundary(end) {
        end += 1;
    }
    let shown: String = input[start..end]
        .chars()
        .map(|c| if c.is_control() { '·' } else { c })
        .collect();
    let column = input[start..]
        .char_indices()
        .take_while(|(i, _)| start + i < offset)
        .count();
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < input.len() { "…" } else { "" };
    writeln!(out, "      {lead}{shown}{tail}")?;
    writeln!(
        out,
        "      {}{}^",
        if start > 0 { " " } else { "" },
        " ".repeat(column)
    )
}
