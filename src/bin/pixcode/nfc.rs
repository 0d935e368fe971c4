//! `pixcode nfc uri|ndef|read` (Pix por Aproximação), and the unwrapping of a `pix://` URI
//! wherever a code is accepted.

use crate::refused;
use clap::Subcommand;
use pixcode::nfc::{self, PixUri};
use std::borrow::Cow;
use std::io::{self, IsTerminal, Read, Write};

/// `pixcode nfc`: the `pix://` URI and its NDEF message.
#[derive(Subcommand)]
pub(crate) enum NfcCommand {
    /// Print the pix:// URI of a code (the location's host for a dynamic code).
    Uri {
        /// The BR Code.
        code: String,
        /// The host of a static code (a dynamic code carries its own).
        #[arg(long)]
        host: Option<String>,
        /// The opaque sig parameter to append (BCB reserves it; nothing verifies it).
        #[arg(long)]
        sig: Option<String>,
    },
    /// Write the NDEF message (one URI record) of a code or a pix:// URI, to FILE or, binary,
    /// to standard output when it is not a terminal.
    Ndef {
        /// The BR Code, or a pix:// URI.
        code: String,
        /// The host of a static code.
        #[arg(long)]
        host: Option<String>,
        /// Write the message here.
        #[arg(short, long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
    /// Read an NDEF message (FILE, or standard input) and decode the code in it.
    Read {
        /// The message; standard input when absent or `-`.
        file: Option<std::path::PathBuf>,
        /// Print the decode as JSON, with `nfc: {host, sig}`.
        #[arg(long)]
        json: bool,
    },
}

/// The code in `input`: itself, or the one a `pix://` URI carries (with the URI read).
pub(crate) fn unwrap(input: &str) -> Result<(Cow<'_, str>, Option<PixUri<'_>>), nfc::NfcError> {
    let read = nfc::Input::read(input.as_bytes())?;
    let uri = read.uri().copied();
    // The code of a `&str`, or of a URI (checked UTF-8 when read), is text.
    let code = match read.uri() {
        None => Cow::Borrowed(input),
        Some(u) => u.code(),
    };
    Ok((code, uri))
}

/// `{"nfc": …, …report}` for a code that came in `uri`.
pub(crate) fn with_origin<'a, T: serde::Serialize>(
    uri: &PixUri<'a>,
    report: &'a T,
) -> nfc::WithOrigin<'a, T> {
    nfc::WithOrigin {
        nfc: nfc::Origin::of(uri),
        report,
    }
}

fn uri_of(code: &str, host: Option<&str>, sig: Option<&str>) -> io::Result<String> {
    nfc::uri_of(code, host, sig).map_err(|e| refused(format!("{}: {e}", e.code())))
}

pub(crate) fn nfc(out: &mut impl Write, cmd: &NfcCommand) -> io::Result<bool> {
    match cmd {
        NfcCommand::Uri { code, host, sig } => {
            writeln!(out, "{}", uri_of(code, host.as_deref(), sig.as_deref())?)?;
            Ok(true)
        }
        NfcCommand::Ndef { code, host, output } => {
            // A URI given is read, and its code checked valid, before a phone is handed it.
            let uri = uri_of(code, host.as_deref(), None)?;
            let message = nfc::ndef_message(&uri);
            match output {
                Some(path) => std::fs::write(path, message)?,
                None if io::stdout().is_terminal() => {
                    return Err(refused(
                        "an NDEF message is binary: give -o FILE or send standard output to a pipe"
                            .into(),
                    ))
                }
                None => out.write_all(&message)?,
            }
            Ok(true)
        }
        NfcCommand::Read { file, json } => {
            let mut bytes = Vec::new();
            // An NDEF message for a tag is small; a megabyte is far beyond any.
            const MAX: u64 = 1 << 20;
            match file.as_deref() {
                None => io::stdin().take(MAX + 1).read_to_end(&mut bytes)?,
                Some(p) if p.as_os_str() == "-" => {
                    io::stdin().take(MAX + 1).read_to_end(&mut bytes)?
                }
                Some(p) => std::fs::File::open(p)?
                    .take(MAX + 1)
                    .read_to_end(&mut bytes)?,
            };
            if bytes.len() as u64 > MAX {
                return Err(refused(format!(
                    "more than {MAX} bytes: not an NDEF message for a tag"
                )));
            }
            let uri = nfc::read_ndef(&bytes).map_err(|e| refused(format!("{}: {e}", e.code())))?;
            let parsed = PixUri::parse(uri).map_err(|e| refused(format!("{}: {e}", e.code())))?;
            let code = parsed.code();
            let report = pixcode::inspect(code.as_bytes());
            if *json {
                serde_json::to_writer_pretty(&mut *out, &with_origin(&parsed, &report))?;
                writeln!(out)?;
            } else {
                use pixcode::text::Escaped;
                writeln!(out, "NFC: pix://{}", Escaped(parsed.host()))?;
                if let Some(sig) = parsed.sig() {
                    writeln!(out, "  sig (not verified)      {}", Escaped(sig))?;
                }
                writeln!(out)?;
                crate::report::human(out, &code, &report)?;
            }
            Ok(report.is_valid())
        }
    }
}
