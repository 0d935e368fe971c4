//! `decodeInto` (the typed view from the core's field registry), `inspect`, the names.

use super::*;
use crate::nfc::{uri_error, Unwrapped};
use pixcode::nfc as tap;

/// The words `decodeInto` writes: for each field of the core's registry
/// (`pixcode::pix::Field::VIEW`, named by [`field_names`]) its start and end in UTF-16 code
/// units (start `ABSENT` when the code has no such field), then the kind's index in
/// [`kind_names`] (`Kind::ALL`), the key kind's index in [`key_kind_names`] (`KeyKind::ALL`;
/// `ABSENT` for none), the flags (1: single use, 2: Pix Saque), and the amount in centavos as
/// high and low 32-bit halves (`ABSENT` twice for none).
pub(crate) const FIELDS: [Field; 15] = Field::VIEW;
pub(crate) const ABSENT: u32 = u32::MAX;

/// The `Uint32Array` `decodeInto` writes into (named, so that it is read as a value).
pub(crate) type Words<'a> = &'a mut [u32];

/// The layout of `decodeInto`'s words: the text fields in order, then `kind`, `keyKind`,
/// `flags`, `centsHigh`, `centsLow`.
#[napi]
pub fn field_names() -> Vec<&'static str> {
    FIELDS.iter().map(|f| f.js_key()).collect()
}

/// The names of the code kinds, by index.
#[napi]
pub fn kind_names() -> Vec<&'static str> {
    Kind::ALL.iter().map(|k| k.as_str()).collect()
}

/// The names of the key kinds, by index.
#[napi]
pub fn key_kind_names() -> Vec<&'static str> {
    KeyKind::ALL.iter().map(|k| k.as_str()).collect()
}

/// Decodes and validates `code` and writes where its fields are into `out` (at least
/// `fieldNames().length * 2 + 5` words), so that the JS side builds the view by slicing the
/// string it already holds: one native call, no object made here. A `pix://` URI is unwrapped:
/// the words then index the code returned, with the URI's host and `sig` (`undefined` for a
/// code given as itself). Throws an `Error` whose `code` is the rule's stable code
/// (`crc_mismatch`, `pix_key_format`, `nfc_bad_escape`…), with `path` (`62.05`) and `offset`
/// (bytes).
#[napi]
pub fn decode_into(
    env: Env,
    code: Either<String, Buffer>,
    out: Words,
) -> Result<Option<Unwrapped>> {
    let given = text(&env, &code)?;
    let input =
        tap::Input::read(given.as_bytes()).map_err(|e| uri_error(&env, tap::UriError::Nfc(e)))?;
    // A `&str`'s code, or a URI's (checked UTF-8 when read), is text.
    let text = input.code_str().unwrap_or_default();
    let words = 2 * FIELDS.len() + 5;
    if out.len() < words {
        return Err(invalid(format!(
            "out: expected at least {words} words but got {}",
            out.len()
        )));
    }
    let v = pixcode::decode(text).map_err(|e| pix_error(&env, e))?;
    // JS strings index UTF-16 code units: the same as bytes for ASCII; otherwise one pass
    // maps every character boundary to its unit.
    let map: Vec<u32> = if text.is_ascii() {
        Vec::new()
    } else {
        let mut m = vec![0u32; text.len() + 1];
        let mut unit = 0u32;
        for (i, c) in text.char_indices() {
            m[i] = unit;
            unit += c.len_utf16() as u32;
        }
        m[text.len()] = unit;
        m
    };
    let units = |byte: usize| -> u32 { map.get(byte).copied().unwrap_or(byte as u32) };
    for (i, field) in FIELDS.iter().enumerate() {
        let (a, b) = match v.span(*field) {
            None => (ABSENT, 0),
            Some(span) => (units(span.start), units(span.end)),
        };
        out[2 * i] = a;
        out[2 * i + 1] = b;
    }
    let n = 2 * FIELDS.len();
    out[n] = Kind::ALL
        .iter()
        .position(|k| *k == v.kind())
        .map_or(ABSENT, |i| i as u32);
    out[n + 1] = v
        .key()
        .and_then(|k| KeyKind::ALL.iter().position(|x| *x == k.kind()))
        .map_or(ABSENT, |i| i as u32);
    out[n + 2] = u32::from(v.single_use()) | u32::from(v.is_saque()) << 1;
    let (hi, lo) = match v.amount().and_then(|a| a.cents()) {
        Some(c) => ((c >> 32) as u32, c as u32),
        None => (ABSENT, ABSENT),
    };
    out[n + 3] = hi;
    out[n + 4] = lo;
    Ok(input.origin().map(|o| Unwrapped {
        code: text.to_owned(),
        host: o.host.to_owned(),
        sig: o.sig.map(str::to_owned),
    }))
}
