//! `decode`, `is_valid`, `inspect`: the typed view, built from the core's field registry.

use super::*;
use pixcode::nfc;

/// The names of the fields a `BrCode` reads, the core's registry in its order (each is an
/// attribute of `BrCode`; `amount` also has `amount_text`). Read by `pixcode.FIELD_NAMES`.
#[pyfunction]
pub(crate) fn field_names() -> Vec<&'static str> {
    Field::VIEW.iter().map(|f| f.json_key()).collect()
}

pub(crate) static DECIMAL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `decimal.Decimal(text)`.
pub(crate) fn decimal<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let class = DECIMAL.get_or_try_init(py, || {
        Ok::<_, PyErr>(py.import("decimal")?.getattr("Decimal")?.unbind())
    })?;
    class.bind(py).call1((text,))
}

/// A field of the payload: byte range, or absent.
#[derive(Clone, Copy)]
pub(crate) struct Span(u32, u32);

pub(crate) const ABSENT: Span = Span(u32::MAX, 0);

/// The fields a `BrCode` keeps: the core's registry, in its order.
pub(crate) const FIELDS: usize = Field::VIEW.len();

/// A decoded and validated Pix BR Code. Text fields are `str` or `None`; `amount` is a
/// `decimal.Decimal` (never a float).
#[pyclass(frozen, module = "pixcode", name = "BrCode")]
pub(crate) struct BrCode {
    payload: String,
    spans: [Span; FIELDS],
    kind: &'static str,
    key_kind: Option<&'static str>,
    single_use: bool,
    saque: bool,
    /// The host and `sig` of the `pix://` URI the code came in.
    nfc: Option<(String, Option<String>)>,
}

impl BrCode {
    /// The view of `v`, decoded from `payload`, keeping `payload` itself (moved, not copied).
    fn from_view(payload: &str, v: &pixcode::BrCode<'_>) -> PyResult<BrCode> {
        let mut spans = [ABSENT; FIELDS];
        for (span, field) in spans.iter_mut().zip(Field::VIEW) {
            if let Some(r) = v.span(field) {
                if r.end > payload.len() {
                    return Err(PyRuntimeError::new_err("a field outside its payload"));
                }
                *span = Span(r.start as u32, r.end as u32);
            }
        }
        Ok(BrCode {
            payload: String::new(),
            spans,
            kind: v.kind().as_str(),
            key_kind: v.key().map(|k| k.kind().as_str()),
            single_use: v.single_use(),
            saque: v.is_saque(),
            nfc: None,
        })
    }

    fn get(&self, f: Field) -> Option<&str> {
        let Span(a, b) = self.spans[f.view_index()?];
        (a != u32::MAX).then(|| &self.payload[a as usize..b as usize])
    }
}

#[pymethods]
impl BrCode {
    /// The payload, as given.
    #[getter]
    fn payload(&self) -> &str {
        &self.payload
    }
    /// `"static"`, `"dynamic"`, `"recurrence"`, `"static_recurrence"` or
    /// `"dynamic_recurrence"`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.kind
    }
    /// The Pix key (`26.01`) of a static code.
    #[getter]
    fn key(&self) -> Option<&str> {
        self.get(Field::Key)
    }
    /// `"cpf"`, `"cnpj"`, `"email"`, `"phone"`, `"evp"` or `"unknown"`.
    #[getter]
    fn key_kind(&self) -> Option<&'static str> {
        self.key_kind
    }
    /// The amount (`54`) as a `decimal.Decimal`.
    #[getter]
    fn amount<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.get(Field::Amount).map(|t| decimal(py, t)).transpose()
    }
    /// The amount exactly as written.
    #[getter]
    fn amount_text(&self) -> Option<&str> {
        self.get(Field::Amount)
    }
    #[getter]
    fn merchant_name(&self) -> Option<&str> {
        self.get(Field::MerchantName)
    }
    #[getter]
    fn merchant_city(&self) -> Option<&str> {
        self.get(Field::MerchantCity)
    }
    #[getter]
    fn postal_code(&self) -> Option<&str> {
        self.get(Field::PostalCode)
    }
    /// The txid (`62.05`); `"***"` when there is none.
    #[getter]
    fn txid(&self) -> Option<&str> {
        self.get(Field::Txid)
    }
    #[getter]
    fn additional_info(&self) -> Option<&str> {
        self.get(Field::AdditionalInfo)
    }
    /// The ISPB of the withdrawal facilitator (Pix Saque/Troco, `26.03`).
    #[getter]
    fn withdrawal_facilitator(&self) -> Option<&str> {
        self.get(Field::Saque)
    }
    #[getter]
    fn is_saque(&self) -> bool {
        self.saque
    }
    /// The location URL (`26.25`), without scheme.
    #[getter]
    fn location(&self) -> Option<&str> {
        self.get(Field::Url)
    }
    /// The recurrence URL (`80.25`, Pix Automático), without scheme.
    #[getter]
    fn recurrence(&self) -> Option<&str> {
        self.get(Field::RecurrenceUrl)
    }
    #[getter]
    fn point_of_initiation(&self) -> Option<&str> {
        self.get(Field::PointOfInitiation)
    }
    /// Whether `01` is `12` (may be paid once).
    #[getter]
    fn single_use(&self) -> bool {
        self.single_use
    }
    #[getter]
    fn merchant_category_code(&self) -> Option<&str> {
        self.get(Field::MerchantCategoryCode)
    }
    #[getter]
    fn currency(&self) -> Option<&str> {
        self.get(Field::Currency)
    }
    #[getter]
    fn country(&self) -> Option<&str> {
        self.get(Field::Country)
    }
    #[getter]
    fn brcode_version(&self) -> Option<&str> {
        self.get(Field::BrcodeVersion)
    }
    /// Where the code came from when it was given as a `pix://` URI (NFC): `{"host": …,
    /// "sig": …}` as in `inspect`'s `nfc`; `None` for a code given as itself.
    #[getter]
    fn nfc<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, pyo3::types::PyDict>>> {
        let Some((host, sig)) = &self.nfc else {
            return Ok(None);
        };
        let d = pyo3::types::PyDict::new(py);
        d.set_item("host", host)?;
        d.set_item("sig", sig)?;
        Ok(Some(d))
    }
    fn __repr__(&self) -> String {
        let shown = [
            Field::Key,
            Field::Amount,
            Field::MerchantName,
            Field::MerchantCity,
            Field::Txid,
            Field::Url,
        ]
        .map(|f| match self.get(f) {
            Some(s) => format!("{}={s:?}", f.json_key()),
            None => format!("{}=None", f.json_key()),
        });
        format!("BrCode(kind={:?}, {})", self.kind, shown.join(", "))
    }
    fn __str__(&self) -> &str {
        &self.payload
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<BrCode>()
            .is_ok_and(|o| o.get().payload == self.payload)
    }
    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.payload.hash(&mut h);
        h.finish()
    }
}

/// Decodes and validates a Pix BR Code, or the code in a `pix://` URI; raises `PixError` at
/// the first error (of the URI, or of the code).
#[pyfunction]
pub(crate) fn decode(code: &Bound<'_, PyAny>) -> PyResult<BrCode> {
    let py = code.py();
    let given = text(code)?;
    let input =
        nfc::Input::read(given.as_bytes()).map_err(|e| uri_error(py, nfc::UriError::Nfc(e)))?;
    let origin = input
        .origin()
        .map(|o| (o.host.to_owned(), o.sig.map(str::to_owned)));
    // A `&str`'s code, or a URI's (checked UTF-8 when read), is text.
    let text = input.code_str().unwrap_or_default().to_owned();
    let mut view = match pixcode::decode(&text) {
        Ok(view) => BrCode::from_view(&text, &view)?,
        Err(e) => return Err(pix_error(py, e)),
    };
    // The spans index `text`, which the object now keeps.
    view.payload = text;
    view.nfc = origin;
    Ok(view)
}

/// Whether `code` (or the code in a `pix://` URI) is a valid Pix BR Code (`profile` `"pix"`,
/// or `"emv"`, `"auto"`).
#[pyfunction]
#[pyo3(signature = (code, profile = "pix"))]
pub(crate) fn is_valid(code: &Bound<'_, PyAny>, profile: &str) -> PyResult<bool> {
    let profile = parse_profile(profile)?;
    if let Ok(s) = code.cast::<PyString>() {
        return Ok(match s.to_cow() {
            Ok(t) => nfc::verdict(t.as_bytes(), profile).is_ok(),
            Err(_) => false, // a lone surrogate is not UTF-8
        });
    }
    if let Ok(b) = code.cast::<PyBytes>() {
        return Ok(nfc::verdict(b.as_bytes(), profile).is_ok());
    }
    Err(PyTypeError::new_err(format!(
        "expected a str (or bytes) but got {}",
        code.get_type().name()?
    )))
}

/// The full report, as JSON text: exactly `pixcode decode --json` (for a `pix://` URI, with
/// `nfc`, or the refusal).
#[pyfunction]
pub(crate) fn inspect_json(code: &Bound<'_, PyAny>) -> PyResult<String> {
    let bytes = if let Ok(s) = code.cast::<PyString>() {
        str_bytes(s)?
    } else if let Ok(b) = code.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else {
        return Err(PyTypeError::new_err(format!(
            "expected a str (or bytes) but got {}",
            code.get_type().name()?
        )));
    };
    let json = match nfc::Input::read(&bytes) {
        Err(e) => serde_json::to_string(&nfc::Refused(e)),
        Ok(input) => {
            let report = pixcode::inspect(input.code());
            match input.origin() {
                Some(nfc) => serde_json::to_string(&nfc::WithOrigin {
                    nfc,
                    report: &report,
                }),
                None => serde_json::to_string(&report),
            }
        }
    };
    json.map_err(|e| PyRuntimeError::new_err(e.to_string()))
}
