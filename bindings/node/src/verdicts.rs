//! `isValid`, `firstError`, `inspect`: verdicts and reports under a profile.

use super::*;

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

/// Whether `code` is valid: `pix` (default: EMV and Pix rules), `emv` or `auto`.
#[napi]
pub fn is_valid(code: Either<String, Buffer>, profile_name: Option<String>) -> Result<bool> {
    Ok(pixcode::verdict(bytes(&code), profile(profile_name)?).is_ok())
}

/// The first error's stable code, or `null` when valid: the verdict without an exception.
#[napi]
pub fn first_error(
    code: Either<String, Buffer>,
    profile_name: Option<String>,
) -> Result<Option<&'static str>> {
    Ok(pixcode::verdict(bytes(&code), profile(profile_name)?)
        .err()
        .map(|e| e.code()))
}

/// Every finding, EMV and Pix: exactly the object `pixcode decode --json` prints.
#[napi(ts_return_type = "Record<string, unknown>")]
pub fn inspect(code: Either<String, Buffer>) -> Result<serde_json::Value> {
    serde_json::to_value(pixcode::inspect(bytes(&code))).map_err(|e| invalid(e.to_string()))
}
