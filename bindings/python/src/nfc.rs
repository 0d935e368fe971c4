//! Pix por Aproximação: `to_nfc_uri`, `ndef_message`, `read_ndef`; and the URI refusals as
//! `PixError`.

use super::*;
use pixcode::nfc::{self, UriError};

/// A refused code, URI or NDEF message as a `PixError` (`code`, `path`, `offset`, `message`).
pub(crate) fn uri_error(py: Python<'_>, e: UriError) -> PyErr {
    if let UriError::Code(e) = e {
        return pix_error(py, e);
    }
    let message = e.to_string();
    let err = PixError::new_err(message.clone());
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail.
    let _ = value.setattr("code", e.code());
    let _ = value.setattr("path", e.path().to_string());
    let _ = value.setattr("offset", e.offset());
    let _ = value.setattr("message", message);
    err
}

/// The `pix://` URI of a valid code (the location's host for a dynamic code, `host` for a
/// static one); a URI given is checked and returned as it is.
#[pyfunction]
#[pyo3(signature = (code, host = None, sig = None))]
pub(crate) fn to_nfc_uri(
    code: &Bound<'_, PyAny>,
    host: Option<&str>,
    sig: Option<&str>,
) -> PyResult<String> {
    let text = text(code)?;
    nfc::uri_of(&text, host, sig).map_err(|e| uri_error(code.py(), e))
}

/// The NDEF message (one URI record) for a valid code or a `pix://` URI.
#[pyfunction]
#[pyo3(signature = (code, host = None))]
pub(crate) fn ndef_message<'py>(
    code: &Bound<'py, PyAny>,
    host: Option<&str>,
) -> PyResult<Bound<'py, PyBytes>> {
    let text = text(code)?;
    let uri = nfc::uri_of(&text, host, None).map_err(|e| uri_error(code.py(), e))?;
    Ok(PyBytes::new(code.py(), &nfc::ndef_message(&uri)))
}

/// The `pix://` URI an NDEF message holds (decode it with `decode`).
#[pyfunction]
pub(crate) fn read_ndef(message: &Bound<'_, PyAny>) -> PyResult<String> {
    let bytes = message.cast::<PyBytes>().map_err(|_| {
        PyTypeError::new_err(format!(
            "expected bytes but got {}",
            message
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })?;
    nfc::read_ndef(bytes.as_bytes())
        .map(str::to_owned)
        .map_err(|e| uri_error(message.py(), e.into()))
}
