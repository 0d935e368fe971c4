//! `Resolver` and `resolve`: the core's `ResolverConfig` and `ResolveRequest`.

use super::*;

/// Resolves dynamic codes over HTTPS: fetches the location, verifies its JWS against the
/// resolver's own trust anchors, reads the charge and says whether it is payable. Keeps a
/// JWK Set cache between calls.
#[pyclass(frozen, module = "pixcode", name = "Resolver")]
pub(crate) struct Resolver {
    inner: RustResolver,
    runtime: tokio::runtime::Runtime,
}

/// The PEM documents of `ca_pem`: one `str` or `bytes`, or a list of them.
pub(crate) fn pem_documents(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Vec<u8>>> {
    let one = |o: &Bound<'_, PyAny>| -> PyResult<Vec<u8>> {
        if let Ok(s) = o.cast::<PyString>() {
            Ok(s.to_cow()?.as_bytes().to_vec())
        } else if let Ok(b) = o.cast::<PyBytes>() {
            Ok(b.as_bytes().to_vec())
        } else {
            Err(PyTypeError::new_err(format!(
                "ca_pem: expected PEM text or bytes (or a list of them) but got {}",
                o.get_type().name()?
            )))
        }
    };
    match obj {
        None => Ok(Vec::new()),
        Some(o) if o.is_instance_of::<PyString>() || o.is_instance_of::<PyBytes>() => {
            Ok(vec![one(o)?])
        }
        Some(o) => o.try_iter()?.map(|item| one(&item?)).collect(),
    }
}

pub(crate) static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `json.loads(text)`: the resolution as the dict `pixcode resolve --json` prints.
pub(crate) fn json_object<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let loads = JSON_LOADS.get_or_try_init(py, || {
        Ok::<_, PyErr>(py.import("json")?.getattr("loads")?.unbind())
    })?;
    loads.bind(py).call1((text,))
}

#[pymethods]
impl Resolver {
    /// A resolver: the arguments are the core's `dynamic::ResolverConfig` (`ca_pem` one PEM or
    /// a list; `resolve` `{"host": "addr:port"}`; `timeout` seconds), each `None` for the
    /// core's default.
    #[new]
    #[pyo3(signature = (*, ca_pem = None, default_roots = None, resolve = None, timeout = None))]
    fn new(
        ca_pem: Option<&Bound<'_, PyAny>>,
        default_roots: Option<bool>,
        resolve: Option<std::collections::BTreeMap<String, String>>,
        timeout: Option<f64>,
    ) -> PyResult<Resolver> {
        let pems = pem_documents(ca_pem)?;
        let pems: Vec<&[u8]> = pems.iter().map(Vec::as_slice).collect();
        let resolve = resolve.unwrap_or_default();
        let resolve: Vec<(&str, &str)> = resolve
            .iter()
            .map(|(h, a)| (h.as_str(), a.as_str()))
            .collect();
        let options = ResolverConfig {
            ca_pem: &pems,
            default_roots,
            resolve: &resolve,
            timeout,
        }
        .options()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let inner = RustResolver::new(options).map_err(|e| PyValueError::new_err(e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        Ok(Resolver { inner, runtime })
    }

    /// The resolution: exactly the object `pixcode resolve --json` prints, as a dict.
    /// `verified` and `payable` say whether to pay; `errors` say why not. The arguments are the
    /// core's `ResolveRequest::parse`: `date` (YYYY-MM-DD, default today in Brasília),
    /// `cod_mun` (the payer's 7-digit IBGE municipality, required for a cobv), `holidays`, `at`
    /// (RFC 3339, default now). The GIL is released while it waits.
    #[pyo3(signature = (code, *, date = None, cod_mun = None, holidays = None, at = None))]
    fn resolve<'py>(
        &self,
        py: Python<'py>,
        code: &str,
        date: Option<&str>,
        cod_mun: Option<&str>,
        holidays: Option<Vec<String>>,
        at: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request = ResolveRequest::parse(at, date, cod_mun, &holidays.unwrap_or_default())
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let code = code.to_owned();
        let r = py.detach(|| {
            self.runtime
                .block_on(self.inner.resolve_code(&code, &request))
        });
        let text = serde_json::to_string(&r).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        json_object(py, &text)
    }
}

/// `Resolver(...).resolve(code, ...)` with a fresh resolver: the keyword arguments of both.
#[pyfunction]
#[pyo3(signature = (code, *, ca_pem = None, default_roots = None, resolve = None, timeout = None,
    date = None, cod_mun = None, holidays = None, at = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn resolve<'py>(
    py: Python<'py>,
    code: &str,
    ca_pem: Option<&Bound<'_, PyAny>>,
    default_roots: Option<bool>,
    resolve: Option<std::collections::BTreeMap<String, String>>,
    timeout: Option<f64>,
    date: Option<&str>,
    cod_mun: Option<&str>,
    holidays: Option<Vec<String>>,
    at: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    Resolver::new(ca_pem, default_roots, resolve, timeout)?
        .resolve(py, code, date, cod_mun, holidays, at)
}

/// The keyword arguments of `Resolver` and `Resolver.resolve`, the core's `ResolverConfig`
/// members and `ResolveRequest::ARGUMENTS`. Read by `pixcode.RESOLVER_OPTIONS` and
/// `pixcode.RESOLVE_OPTIONS`.
#[pyfunction]
pub(crate) fn resolve_option_names() -> (Vec<&'static str>, Vec<&'static str>) {
    (
        ResolverConfig::MEMBERS.to_vec(),
        ResolveRequest::ARGUMENTS.to_vec(),
    )
}
