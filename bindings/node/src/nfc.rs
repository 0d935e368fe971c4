//! Pix por Aproximação: `toNfcUri`, `ndefMessage`, `readNdef`, and the URI refusals as
//! `Error`s.

use super::*;
use pixcode::nfc::{self, UriError};

/// A refused code, URI or NDEF message as an `Error` with `code`, `path` and `offset`.
pub(crate) fn uri_error(env: &Env, e: UriError) -> Error {
    if let UriError::Code(e) = e {
        return pix_error(env, e);
    }
    js_error(
        env,
        e.code(),
        e.to_string(),
        &[
            ("path", Either::A(e.path().to_string())),
            ("offset", Either::B(e.offset() as u32)),
        ],
    )
}

/// Where a code given as a `pix://` URI came from, and the code it carried.
#[napi(object)]
pub struct Unwrapped {
    /// The BR Code, percent-decoded.
    pub code: String,
    /// The URI's host.
    pub host: String,
    /// Its `sig`, as written (opaque, not verified).
    pub sig: Option<String>,
}

/// The `pix://` URI of a valid code (the location's host for a dynamic code, `host` for a
/// static one); a URI given is checked and returned as it is. Throws with the refusal's
/// `code` (`nfc_host_required`, `crc_mismatch`…).
#[napi]
pub fn to_nfc_uri(
    env: Env,
    code: Either<String, Buffer>,
    host: Option<String>,
    sig: Option<String>,
) -> Result<String> {
    nfc::uri_of(text(&env, &code)?, host.as_deref(), sig.as_deref()).map_err(|e| uri_error(&env, e))
}

/// The NDEF message (one URI record) for a valid code or a `pix://` URI.
#[napi]
pub fn ndef_message(
    env: Env,
    code: Either<String, Buffer>,
    host: Option<String>,
) -> Result<Buffer> {
    let uri =
        nfc::uri_of(text(&env, &code)?, host.as_deref(), None).map_err(|e| uri_error(&env, e))?;
    Ok(nfc::ndef_message(&uri).into())
}

/// The `pix://` URI an NDEF message holds (decode it with `decode`). Throws with `code`
/// `ndef_truncated`, `ndef_chunked`… and the byte `offset`.
#[napi]
pub fn read_ndef(env: Env, message: Buffer) -> Result<String> {
    nfc::read_ndef(&message)
        .map(str::to_owned)
        .map_err(|e| uri_error(&env, e.into()))
}
