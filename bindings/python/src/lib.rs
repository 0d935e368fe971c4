//! The native half of the `pixcode` Python package (`pixcode._pixcode`). The public API is
//! re-exported, with its types, by `python/pixcode/__init__.py`.
#![forbid(unsafe_code)]

use pixcode::dynamic::{ResolveRequest, Resolver as RustResolver, ResolverConfig};
use pixcode::pix::{BuildError as RustBuildError, BuildOptions, Field};
use pixcode::render::{Options, Qr, RenderError as RustRenderError, TextOptions};
use pixcode::Profile;
use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyString};
use std::borrow::Cow;

mod build;
mod error;
mod nfc;
mod qr;
mod resolve;
mod verdicts;
mod view;

use build::*;
use error::*;
use nfc::*;
use qr::*;
use resolve::*;
use verdicts::*;
use view::*;

#[pymodule]
fn _pixcode(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("PixError", py.get_type::<PixError>())?;
    m.add("BuildError", py.get_type::<BuildError>())?;
    m.add("ScanError", py.get_type::<ScanError>())?;
    m.add_class::<BrCode>()?;
    m.add_class::<Resolver>()?;
    m.add_function(wrap_pyfunction!(decode, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(inspect_json, m)?)?;
    m.add_function(wrap_pyfunction!(build::build, m)?)?;
    m.add_function(wrap_pyfunction!(to_nfc_uri, m)?)?;
    m.add_function(wrap_pyfunction!(ndef_message, m)?)?;
    m.add_function(wrap_pyfunction!(read_ndef, m)?)?;
    m.add_function(wrap_pyfunction!(qr_png, m)?)?;
    m.add_function(wrap_pyfunction!(qr_svg, m)?)?;
    m.add_function(wrap_pyfunction!(scan_json, m)?)?;
    m.add_function(wrap_pyfunction!(field_names, m)?)?;
    m.add_function(wrap_pyfunction!(build_option_names, m)?)?;
    m.add_function(wrap_pyfunction!(qr_option_names, m)?)?;
    m.add_function(wrap_pyfunction!(resolve_option_names, m)?)?;
    m.add_function(wrap_pyfunction!(resolve::resolve, m)?)?;
    m.add_function(wrap_pyfunction!(validate_list, m)?)?;
    m.add_function(wrap_pyfunction!(validate_arrow, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
