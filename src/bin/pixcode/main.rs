//! `pixcode`: decode and validate Pix BR Codes and EMV MPM payloads from a terminal or a pipe.

//!
//! | file | what it holds |
//! |---|---|
//! | `main.rs` | the commands and exit statuses |
//! | `batch.rs` | standard input as lines, answered on every core in input order |
//! | `args.rs` | the options of `encode`, `qr` and `kobana` |
//! | `report.rs` | the readable report of `decode` and the lines of `validate` |
//! | `encode.rs`, `draw.rs`, `kobana.rs`, `cobv.rs` | those commands |
//! | `dynamic.rs` | `resolve` and `location sign|jwks` |
//! | `nfc.rs` | `nfc uri|ndef|read`, and `pix://` URIs unwrapped wherever a code is accepted |

mod args;
mod batch;
mod cobv;
mod draw;
mod dynamic;
mod encode;
mod kobana;
mod nfc;
mod report;

use args::{DrawArgs, EncodeArgs, KobanaArgs};
use batch::Line;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};
use pixcode::Profile;
use report::{human, validate_line};
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

/// `--profile emv|pix|auto`, auto by default.
fn profile_parser() -> impl TypedValueParser<Value = Profile> {
    PossibleValuesParser::new(["auto", "pix", "emv"]).try_map(|s| s.parse::<Profile>())
}

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
        /// Read the payloads of every QR code in these images instead (PNG, JPEG, WebP, GIF,
        /// BMP, or PDF: every page); each symbol's text is shown with its decode.
        #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with = "payload")]
        image: Vec<std::path::PathBuf>,
        /// The rules behind the exit status: `pix` (a code that is not Pix fails), `emv`
        /// (structure only) or `auto` (Pix rules for a Pix code, EMV rules otherwise).
        #[arg(long, default_value = "auto", value_parser = profile_parser())]
        profile: Profile,
        /// Threads answering standard input: every core by default (or with 0); more than
        /// the cores is capped to the cores with a warning, more than 256 is refused. The
        /// output keeps the input's order.
        #[arg(long, value_name = "N", value_parser = batch::parse_jobs)]
        jobs: Option<usize>,
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
    /// Fetch a dynamic code's location, verify its signature and certificate, and say
    /// whether the charge is payable.
    ///
    /// Exit status 0 when verified and payable, 1 when not (each reason with its error
    /// code), 2 for a usage error.
    Resolve(Box<dynamic::ResolveArgs>),
    /// The receiver's side: sign a location payload, or write the JWK Set for a certificate.
    #[command(subcommand)]
    Location(dynamic::LocationCommand),
    /// What a charge with a due date (cobv) costs on a date: valor.final and its components.
    ///
    /// Exit status 0 when the charge is payable on the date, 1 when past its validity.
    Cobv(Box<cobv::CobvArgs>),
    /// Pix por Aproximação: a code's pix:// URI and its NDEF message, or read one.
    #[command(subcommand)]
    Nfc(nfc::NfcCommand),
    /// Decode and pay Pix codes through Kobana's API (token from KOBANA_API_TOKEN).
    Kobana(Box<KobanaArgs>),
    /// Print the text of every QR code in these images or PDFs, one a line, as read
    /// (control characters escaped); `decode --image` also decodes each.
    Scan {
        /// The files: PNG, JPEG, WebP, GIF, BMP or PDF.
        #[arg(value_name = "FILE", required = true)]
        files: Vec<std::path::PathBuf>,
    },
    /// Validate payloads: prints `valid`, or `invalid` with the first error, per payload.
    ///
    /// With no PAYLOAD, or `-`, reads standard input, one payload per line.
    Validate {
        /// The payload; `-` or nothing for standard input.
        payload: Option<String>,
        /// The rules that judge: `pix` (a code that is not Pix is invalid), `emv` (structure
        /// only) or `auto` (Pix rules for a Pix code, EMV rules otherwise; as `decode`).
        #[arg(long, default_value = "auto", value_parser = profile_parser())]
        profile: Profile,
        /// Threads answering standard input: every core by default (or with 0); more than
        /// the cores is capped to the cores with a warning, more than 256 is refused. The
        /// output keeps the input's order.
        #[arg(long, value_name = "N", value_parser = batch::parse_jobs)]
        jobs: Option<usize>,
    },
}

/// Exit status: 0 all valid, 1 some invalid, 2 usage or I/O error (clap's own errors exit 2).
fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            // Errors quote inputs and servers: escaped, so none can draw on the terminal.
            eprintln!("pixcode: {}", pixcode::text::Escaped(&e.to_string()));
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
            image,
            json,
            profile,
            ..
        } if !image.is_empty() => scan_files(&mut out, &image, json, profile)?,
        Command::Qr { payload, draw } => {
            let (code, _) = nfc::unwrap(&payload).map_err(|e| refused(e.to_string()))?;
            draw::draw_qr(&mut out, &code, &draw)?;
            true
        }
        Command::Decode {
            payload,
            json,
            profile,
            jobs,
            ..
        } => match payload.as_deref() {
            None | Some("-") => {
                batch::each_line(io::stdin(), &mut out, batch::jobs(jobs), |line, buf| {
                    let line = match line {
                        Line::Text(line) => line,
                        Line::TooLong(n) => {
                            too_long_json(buf, n);
                            return false;
                        }
                    };
                    // A pix:// URI (NFC) is unwrapped; its JSON says so.
                    if matches!(line.first(), Some(b'p' | b'P')) {
                        if let Some(valid) = decode_uri_line(buf, line, profile) {
                            return valid;
                        }
                    }
                    let report = pixcode::inspect(line);
                    // Writing to memory cannot fail, and the report always serializes.
                    let _ = serde_json::to_writer(&mut *buf, &report);
                    buf.push(b'\n');
                    report.is_valid_as(profile)
                })?
            }
            Some(p) => match nfc::unwrap(p) {
                // A refused URI is an invalid input, as a refused code is (exit 1).
                Err(e) => {
                    if json {
                        // One line, as in a batch (this shape has no pretty form to keep).
                        serde_json::to_writer(&mut out, &pixcode::nfc::Refused(e))?;
                        writeln!(out)?;
                    } else {
                        writeln!(out, "NFC: not a valid pix:// URI: {}: {e}", e.code())?;
                    }
                    false
                }
                Ok((code, uri)) => {
                    let report = pixcode::inspect(code.as_bytes());
                    match (json, uri) {
                        (true, Some(uri)) => {
                            serde_json::to_writer_pretty(
                                &mut out,
                                &nfc::with_origin(&uri, &report),
                            )?;
                            writeln!(out)?;
                        }
                        (true, None) => {
                            serde_json::to_writer_pretty(&mut out, &report)?;
                            writeln!(out)?;
                        }
                        (false, uri) => {
                            if let Some(uri) = uri {
                                let host = pixcode::text::Escaped(uri.host());
                                writeln!(out, "NFC: pix://{host}\n")?;
                            }
                            human(&mut out, &code, &report)?;
                        }
                    }
                    report.is_valid_as(profile)
                }
            },
        },
        Command::Scan { files } => scan_texts(&mut out, &files)?,
        Command::Encode(args) => encode::encode(&mut out, &args)?,
        Command::Kobana(args) => kobana::kobana(&mut out, &args)?,
        Command::Cobv(args) => cobv::cobv(&mut out, &args)?,
        Command::Resolve(args) => dynamic::resolve(&mut out, &args)?,
        Command::Nfc(cmd) => nfc::nfc(&mut out, &cmd)?,
        Command::Location(cmd) => dynamic::location(&mut out, &cmd)?,
        Command::Validate {
            payload,
            profile,
            jobs,
        } => match payload.as_deref() {
            None | Some("-") => batch::each_line(
                io::stdin(),
                &mut out,
                batch::jobs(jobs),
                |line, buf| match line {
                    Line::Text(line) if matches!(line.first(), Some(b'p' | b'P')) => {
                        validate_uri_line(buf, line, profile)
                    }
                    Line::Text(line) => validate_line(buf, line, profile).unwrap_or(false),
                    Line::TooLong(n) => {
                        let line = format!("invalid: {TOO_LONG}: {}", too_long_message(n));
                        buf.extend_from_slice(line.as_bytes());
                        buf.push(b'\n');
                        false
                    }
                },
            )?,
            Some(p) => {
                let mut line = Vec::new();
                let valid = validate_uri_line(&mut line, p.as_bytes(), profile);
                out.write_all(&line)?;
                valid
            }
        },
    };
    out.flush()?;
    Ok(all_valid)
}

/// A `decode` line that is a `pix://` URI: its code's report with `nfc`, or a refusal line;
/// `None` when the line is not a URI.
fn decode_uri_line(buf: &mut Vec<u8>, line: &[u8], profile: Profile) -> Option<bool> {
    let text = std::str::from_utf8(line)
        .ok()
        .filter(|t| pixcode::nfc::is_pix_uri(t))?;
    let valid = match nfc::unwrap(text) {
        Ok((code, Some(uri))) => {
            let report = pixcode::inspect(code.as_bytes());
            let _ = serde_json::to_writer(&mut *buf, &nfc::with_origin(&uri, &report));
            report.is_valid_as(profile)
        }
        Ok((_, None)) => return None,
        Err(e) => {
            let _ = serde_json::to_writer(&mut *buf, &pixcode::nfc::Refused(e));
            false
        }
    };
    buf.push(b'\n');
    Some(valid)
}

/// A `validate` line that may be a `pix://` URI.
fn validate_uri_line(buf: &mut Vec<u8>, line: &[u8], profile: Profile) -> bool {
    match std::str::from_utf8(line)
        .ok()
        .filter(|t| pixcode::nfc::is_pix_uri(t))
    {
        None => validate_line(buf, line, profile).unwrap_or(false),
        Some(text) => match nfc::unwrap(text) {
            Ok((code, _)) => validate_line(buf, code.as_bytes(), profile).unwrap_or(false),
            Err(e) => {
                let _ = writeln!(buf, "invalid: {}: {e}", e.code());
                false
            }
        },
    }
}

/// `decode --image`: every symbol of every file, its text and its decode; a file that cannot
/// be read is reported (a JSON line with `error` under `--json`) and the others still are.
fn scan_files(
    out: &mut impl Write,
    files: &[std::path::PathBuf],
    json: bool,
    profile: Profile,
) -> io::Result<bool> {
    use pixcode::text::Escaped;
    let mut all = true;
    let mut failed = Failures(0);
    for path in files {
        let file = path.display().to_string();
        // The error's stable code (a scan error's, or `io`) and its message.
        let symbols = match scan_file(path) {
            Ok(s) => s,
            Err((code, message, page)) => {
                if json {
                    let line = serde_json::json!({"file": file, "error": {"code": code, "message": message, "page": page}});
                    serde_json::to_writer(&mut *out, &line)?;
                    writeln!(out)?;
                }
                failed.report(&file, &message);
                continue;
            }
        };
        for (i, sym) in symbols.iter().enumerate() {
            let report = pixcode::inspect(sym.text.as_bytes());
            all &= report.is_valid_as(profile);
            if json {
                let line = serde_json::json!({
                    "file": file,
                    "symbol": i,
                    "text": sym.text,
                    "charset": sym.charset,
                    "inverted": sym.inverted,
                    "page": sym.page,
                    "corners": sym.corners,
                    "decode": report,
                });
                serde_json::to_writer(&mut *out, &line)?;
                writeln!(out)?;
            } else {
                let c = &sym.corners;
                writeln!(
                    out,
                    "{}: {}symbol {} of {}{}, corners ({}, {}) ({}, {}) ({}, {}) ({}, {})",
                    Escaped(&file),
                    sym.page.map(|p| format!("page {p}, ")).unwrap_or_default(),
                    i + 1,
                    symbols.len(),
                    if sym.inverted { ", light on dark" } else { "" },
                    c[0].x,
                    c[0].y,
                    c[1].x,
                    c[1].y,
                    c[2].x,
                    c[2].y,
                    c[3].x,
                    c[3].y
                )?;
                writeln!(out, "Text: {}", Escaped(&sym.text))?;
                if let Some(w) = sym.charset.warning() {
                    writeln!(out, "  warning: {w}")?;
                }
                human(out, &sym.text, &report)?;
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    failed.finish(files.len(), "image(s)")?;
    Ok(all)
}

/// The files that could not be read: each reported on standard error as it fails, and counted
/// into the error at the end (the others are still read).
struct Failures(usize);

impl Failures {
    fn report(&mut self, file: &str, message: &str) {
        use pixcode::text::Escaped;
        self.0 += 1;
        eprintln!("pixcode: {}: {}", Escaped(file), Escaped(message));
    }

    fn finish(self, total: usize, what: &str) -> io::Result<()> {
        if self.0 > 0 {
            return Err(refused(format!(
                "{} of {total} {what} could not be read",
                self.0
            )));
        }
        Ok(())
    }
}

/// Reads one image or PDF; on failure the error's stable code (a scan error's, or `io`), its
/// message and its page.
fn scan_file(
    path: &std::path::Path,
) -> Result<Vec<pixcode::scan::Symbol>, (&'static str, String, Option<u32>)> {
    match read_capped(path, pixcode::scan::MAX_ALLOC) {
        Ok(bytes) => pixcode::scan::scan(&bytes).map_err(|e| (e.code(), e.to_string(), e.page())),
        Err(e) => Err(("io", e.to_string(), None)),
    }
}

/// `scan`: the texts, one a line; a file that cannot be read is reported on standard error
/// and the others still are (exit 2 if any failed).
fn scan_texts(out: &mut impl Write, files: &[std::path::PathBuf]) -> io::Result<bool> {
    use pixcode::text::Escaped;
    let mut failed = Failures(0);
    for path in files {
        match scan_file(path) {
            Ok(symbols) => {
                for sym in symbols {
                    writeln!(out, "{}", Escaped(&sym.text))?;
                }
            }
            Err((_, message, _)) => failed.report(&path.display().to_string(), &message),
        }
    }
    out.flush()?;
    failed.finish(files.len(), "file(s)")?;
    Ok(true)
}

/// Reads a file of at most `max` bytes without ever holding more (a FIFO or a device has no
/// length to check first).
fn read_capped(path: &std::path::Path, max: u64) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(max + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(refused(format!(
            "{}: more than {max} bytes; an image is read up to that size",
            path.display()
        )));
    }
    Ok(bytes)
}

/// The code of a line longer than [`batch::MAX_LINE`] bytes, in `validate` and `decode`.
const TOO_LONG: &str = "line_too_long";

/// What `validate` and `decode` say of a line of `n` bytes, longer than [`batch::MAX_LINE`].
fn too_long_message(n: u64) -> String {
    format!(
        "the line has {n} bytes; a payload is at most {} characters, and lines over {} bytes are not read",
        pixcode::emv::MAX_PAYLOAD_CHARS,
        batch::MAX_LINE
    )
}

/// The `decode --json` answer to a line too long to read: the report's shape, with one error.
fn too_long_json(buf: &mut Vec<u8>, n: u64) {
    let json = serde_json::json!({
        "valid": false,
        "errors": [{
            "code": TOO_LONG,
            "path": "",
            "offset": batch::MAX_LINE,
            "message": too_long_message(n),
        }],
        "warnings": [],
        "crc": null,
        "objects": [],
        "pix": null,
    });
    let _ = serde_json::to_writer(&mut *buf, &json);
    buf.push(b'\n');
}

/// An input error: reported on standard error, exit status 2.
pub(crate) fn refused(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, Refused(msg))
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
