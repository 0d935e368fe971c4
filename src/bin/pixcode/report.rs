//! What `decode` and `validate` print for a person.

use pixcode::text::{needs_escape, Escaped};
use pixcode::tlv::Objects;
use pixcode::{Code, Inspection, Path, Profile};
use std::io::{self, Write};

/// One line of `validate`: `valid`, or `invalid: ` and the first error under `profile`.
pub(crate) fn validate_line(
    out: &mut impl Write,
    line: &[u8],
    profile: Profile,
) -> io::Result<bool> {
    let result = pixcode::verdict(line, profile);
    match &result {
        Ok(()) => out.write_all(b"valid\n")?,
        Err(e) => writeln!(out, "invalid: {}", Escaped(&e.to_string()))?,
    }
    Ok(result.is_ok())
}

pub(crate) fn human(out: &mut impl Write, input: &str, r: &Inspection<'_>) -> io::Result<()> {
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
            // Every field the view reads, in the registry's order, with its registry name.
            for f in pixcode::pix::Field::VIEW {
                let Some(v) = c.get(f) else { continue };
                match (f, c.key()) {
                    (pixcode::pix::Field::Key, Some(k)) => {
                        writeln!(out, "  {:<28}{} ({})", f.name(), Escaped(v), k.kind())?
                    }
                    _ => writeln!(out, "  {:<28}{}", f.name(), Escaped(v))?,
                }
            }
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
                Escaped(o.value()),
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
        writeln!(out, "  {}", Escaped(&f.to_string()))?;
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
        .map(|c| if needs_escape(c) { '·' } else { c })
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
