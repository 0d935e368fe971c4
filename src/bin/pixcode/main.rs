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

mod args;
mod batch;
mod cobv;
mod draw;
mod dynamic;
mod encode;
mod kobana;
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
        /// Read the payload from the QR code in a PNG or JPEG image instead.
        #[arg(long, value_name = "FILE", conflicts_with = "payload")]
        image: Option<std::path::PathBuf>,
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
    /// Decode and pay Pix codes through Kobana's API (token from KOBANA_API_TOKEN).
    Kobana(Box<KobanaArgs>),
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
            image: Some(path),
            json,
            profile,
            ..
        } => {
            let bytes = read_capped(&path, pixcode::scan::MAX_ALLOC)?;
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
                all &= report.is_valid_as(profile);
            }
            all
        }
        Command::Qr { payload, draw } => {
            draw::draw_qr(&mut out, &payload, &draw)?;
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
                    let Line::Text(line) = line else {
                        too_long_json(buf, line);
                        return false;
                    };
                    let report = pixcode::inspect(line);
                    // Writing to memory cannot fail, and the report always serializes.
                    let _ = serde_json::to_writer(&mut *buf, &report);
                    buf.push(b'\n');
                    report.is_valid_as(profile)
                })?
            }
            Some(p) => {
                let report = pixcode::inspect(p.as_bytes());
                if json {
                    serde_json::to_writer_pretty(&mut out, &report)?;
                    writeln!(out)?;
                } else {
                    human(&mut out, p, &report)?;
                }
                report.is_valid_as(profile)
            }
        },
        Command::Encode(args) => encode::encode(&mut out, &args)?,
        Command::Kobana(args) => kobana::kobana(&mut out, &args)?,
        Command::Cobv(args) => cobv::cobv(&mut out, &args)?,
        Command::Resolve(args) => dynamic::resolve(&mut out, &args)?,
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
                    Line::Text(line) => validate_line(buf, line, profile).unwrap_or(false),
                    Line::TooLong(_) => {
                        buf.extend_from_slice(b"invalid: ");
                        buf.extend_from_slice(too_long_message(line).as_bytes());
                        buf.push(b'\n');
                        false
                    }
                },
            )?,
            Some(p) => validate_line(&mut out, p.as_bytes(), profile)?,
        },
    };
    out.flush()?;
    Ok(all_valid)
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

/// What `validate` and `decode` say of a line longer than [`batch::MAX_LINE`] bytes.
fn too_long_message(line: Line<'_>) -> String {
    let n = match line {
        Line::TooLong(n) => n,
        Line::Text(t) => t.len() as u64,
    };
    format!(
        "line_too_long: the line has {n} bytes; a payload is at most 512 characters, and lines over {} bytes are not read",
        batch::MAX_LINE
    )
}

/// The `decode --json` answer to a line too long to read: the report's shape, with one error.
fn too_long_json(buf: &mut Vec<u8>, line: Line<'_>) {
    let message = too_long_message(line);
    let json = serde_json::json!({
        "valid": false,
        "errors": [{
            "code": "line_too_long",
            "path": "",
            "offset": batch::MAX_LINE,
            "message": message.trim_start_matches("line_too_long: "),
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
