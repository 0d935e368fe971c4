//! `build`: the core's `BuildOptions`, filled from keyword arguments.

use super::*;

/// The arguments of `build`, the core's `BuildOptions` members in their order. Read by
/// `pixcode.BUILD_OPTIONS`.
#[pyfunction]
pub(crate) fn build_option_names() -> Vec<&'static str> {
    BuildOptions::MEMBERS.to_vec()
}

/// The amount of `build`: a `Decimal`, `int` or `str`, never a float.
/// The text of a `Decimal`, `int` or `str` amount; a float or a bool is refused (a float cannot
/// hold money exactly). The core parses the text.
pub(crate) fn amount_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if obj.is_instance_of::<pyo3::types::PyFloat>() {
        return Err(PyTypeError::new_err(
            "amount: a float cannot hold money exactly; give a decimal.Decimal, an int or a str",
        ));
    }
    if obj.is_instance_of::<pyo3::types::PyBool>() {
        return Err(PyTypeError::new_err(
            "amount: expected a Decimal, int or str, not a bool",
        ));
    }
    if obj.is_instance_of::<PyString>() {
        obj.extract()
    } else if obj.is_instance_of::<pyo3::types::PyInt>() || obj.get_type().name()? == "Decimal" {
        obj.str()?.extract()
    } else {
        Err(PyTypeError::new_err(format!(
            "amount: expected a Decimal, int or str but got {}",
            obj.get_type().name()?
        )))
    }
}

/// Builds a static, dynamic or composto code. Refusals are `BuildError`.
#[pyfunction]
#[pyo3(signature = (
    merchant_name, merchant_city, *, key = None, url = None, recurrence_url = None,
    amount = None, txid = None, additional_info = None, saque = None, postal_code = None,
    merchant_category_code = None, single_use = None, fold_ascii = true, truncate = false
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn build(
    py: Python<'_>,
    merchant_name: &str,
    merchant_city: &str,
    key: Option<&str>,
    url: Option<&str>,
    recurrence_url: Option<&str>,
    amount: Option<&Bound<'_, PyAny>>,
    txid: Option<&str>,
    additional_info: Option<&str>,
    saque: Option<&str>,
    postal_code: Option<&str>,
    merchant_category_code: Option<&str>,
    single_use: Option<bool>,
    fold_ascii: bool,
    truncate: bool,
) -> PyResult<String> {
    let amount = amount.map(amount_text).transpose()?;
    BuildOptions {
        merchant_name,
        merchant_city,
        key,
        url,
        recurrence_url,
        amount: amount.as_deref(),
        txid,
        additional_info,
        saque,
        postal_code,
        merchant_category_code,
        single_use,
        fold_ascii,
        truncate,
    }
    .build()
    .map(|built| built.payload)
    .map_err(|e| build_error(py, e))
}
