//! `isValid`, `firstError`, `inspect`: verdicts and reports under a profile.

use super::*;
use pixcode::nfc;

/// The bytes of a code given as a string or a Buffer.
pub(crate) fn bytes(code: &Either<String, Buffer>) -> &[u8] {
    match code {
        Either::A(s) => s.as_bytes(),
        Either::B(b) => b,
    }
}

pub(crate) fn profile(p: Option<String>) -> Result<Profile> {
    match p.as_deref() {
        None => Ok(Profile::Pix),
        Some(p) => p.parse().map_err(|_| {
            invalid(format!(
                "profile: expected \"pix\", \"emv\" or \"auto\" but got {p:?}"
            ))
        }),
    }
}

/// Whether `code` (or the code in a `pix://` URI) is valid: `pix` (default: EMV and Pix
/// rules), `emv` or `auto`.
#[napi]
pub fn is_valid(code: Either<String, Buffer>, profile_name: Option<String>) -> Result<bool> {
    Ok(nfc::verdict(bytes(&code), profile(profile_name)?).is_ok())
}

/// The first error's stable code (the URI's, for a refused `pix://` URI), or `null` when
/// valid: the verdict without an exception.
#[napi]
pub fn first_error(
    code: Either<String, Buffer>,
    profile_name: Option<String>,
) -> Result<Option<&'static str>> {
    Ok(nfc::verdict(bytes(&code), profile(profile_name)?)
        .err()
        .map(|e| e.code()))
}

/// Every finding, EMV and Pix: exactly the object `pixcode decode --json` prints (for a
/// `pix://` URI, with `nfc`, or the refusal).
#[napi(ts_return_type = "Record<string, unknown>")]
pub fn inspect(code: Either<String, Buffer>) -> Result<serde_json::Value> {
    let value = match nfc::Input::read(bytes(&code)) {
        Err(e) => serde_json::to_value(nfc::Refused(e)),
        Ok(input) => {
            let report = pixcode::inspect(input.code());
            match input.origin() {
                Some(origin) => serde_json::to_value(nfc::WithOrigin {
                    nfc: origin,
                    report: &report,
                }),
                None => serde_json::to_value(report),
            }
        }
    };
    value.map_err(|e| invalid(e.to_string()))
}
