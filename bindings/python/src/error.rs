//! The exceptions, and the text of what a caller passes (`str` or UTF-8 `bytes`).

use super::*;

create_exception!(
    _pixcode,
    PixError,
    PyValueError,
    "Not a valid Pix BR Code. Attributes: `code` (the stable rule code), `path` (`62.05`), \
     `offset` (byte offset in the input) and `message`."
);
create_exception!(
    _pixcode,
    BuildError,
    PyValueError,
    "The builder refused an input. Attributes: `field`, `path`, `rule` (stable code) and \
     `message`."
);

create_exception!(
    _pixcode,
    ScanError,
    PyValueError,
    "No QR code could be read from an image. Attributes: `code` (`image`, `not_found`, \
     `too_complex`, `reader`) and `message`."
);

/// The text of a `str`, or of `bytes` that are UTF-8; other bytes are a `PixError`
/// (`invalid_utf8`), anything else a `TypeError`.
pub(crate) fn text<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, str>> {
    let py = obj.py();
    // The core names bytes that are not UTF-8 (`invalid_utf8`, with the offset).
    let not_utf8 = |bytes: &[u8]| match pixcode::decode_bytes(bytes) {
        Err(e) => pix_error(py, e),
        Ok(_) => PyRuntimeError::new_err("input not UTF-8 yet decoded"),
    };
    if let Ok(s) = obj.cast::<PyString>() {
        return match s.to_cow() {
            Ok(text) => Ok(text),
            // A lone surrogate: the bytes Python would write are not UTF-8, and say where.
            Err(_) => {
                let raw = s.call_method1("encode", ("utf-8", "surrogatepass"))?;
                Err(not_utf8(raw.cast::<PyBytes>()?.as_bytes()))
            }
        };
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return match std::str::from_utf8(b.as_bytes()) {
            Ok(s) => Ok(Cow::Owned(s.to_owned())),
            Err(_) => Err(not_utf8(b.as_bytes())),
        };
    }
    Err(PyTypeError::new_err(format!(
        "expected a str (or UTF-8 bytes) but got {}",
        obj.get_type().name()?
    )))
}

/// The bytes of a `str` as UTF-8; a lone surrogate is written as Python's `surrogatepass`
/// does, which is not UTF-8 and which the checks then name (`invalid_utf8`).
pub(crate) fn str_bytes(s: &Bound<'_, PyString>) -> PyResult<Vec<u8>> {
    match s.to_cow() {
        Ok(t) => Ok(t.into_owned().into_bytes()),
        Err(_) => Ok(s
            .call_method1("encode", ("utf-8", "surrogatepass"))?
            .cast::<PyBytes>()?
            .as_bytes()
            .to_vec()),
    }
}

pub(crate) fn pix_error(py: Python<'_>, e: pixcode::Error) -> PyErr {
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

pub(crate) fn build_error(py: Python<'_>, e: RustBuildError) -> PyErr {
    let message = e.to_string();
    let err = BuildError::new_err(message.clone());
    let value = err.value(py);
    let _ = value.setattr("field", e.field.name());
    let _ = value.setattr("path", e.field.path().to_string());
    let _ = value.setattr("rule", e.problem.code());
    let _ = value.setattr("message", message);
    err
}

pub(crate) fn parse_profile(p: &str) -> PyResult<Profile> {
    p.parse().map_err(|_| {
        PyValueError::new_err(format!(
            "profile: expected \"pix\", \"emv\" or \"auto\" but got {p:?}"
        ))
    })
}
