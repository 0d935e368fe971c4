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

/// The names of the fields a `BrCode` reads, the core's registry in its order (each is an
/// attribute of `BrCode`; `amount` also has `amount_text`). Read by `pixcode.FIELD_NAMES`.
#[pyfunction]
fn field_names() -> Vec<&'static str> {
    Field::VIEW.iter().map(|f| f.json_key()).collect()
}

/// The arguments of `build`, the core's `BuildOptions` members in their order. Read by
/// `pixcode.BUILD_OPTIONS`.
#[pyfunction]
fn build_option_names() -> Vec<&'static str> {
    BuildOptions::MEMBERS.to_vec()
}

/// Every QR code in an image (PNG, JPEG, WebP, GIF, BMP) or PDF, as the JSON array of
/// `pixcode::scan::Symbol` (`text`, `charset`, `corners`, `inverted`, `page`); the GIL is released
/// while it reads. Read by `pixcode.scan`.
#[pyfunction]
fn scan_json(py: Python<'_>, image: &Bound<'_, PyBytes>) -> PyResult<String> {
    let bytes = image.as_bytes().to_vec();
    match py.detach(move || pixcode::scan::scan(&bytes)) {
        Ok(symbols) => {
            serde_json::to_string(&symbols).map_err(|e| PyRuntimeError::new_err(e.to_string()))
        }
        Err(e) => {
            let err = ScanError::new_err(e.to_string());
            let value = err.value(py);
            let _ = value.setattr("code", e.code());
            let _ = value.setattr("message", e.to_string());
            let _ = value.setattr("page", e.page());
            Err(err)
        }
    }
}

/// The text of a `str`, or of `bytes` that are UTF-8; other bytes are a `PixError`
/// (`invalid_utf8`), anything else a `TypeError`.
fn text<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, str>> {
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
fn str_bytes(s: &Bound<'_, PyString>) -> PyResult<Vec<u8>> {
    match s.to_cow() {
        Ok(t) => Ok(t.into_owned().into_bytes()),
        Err(_) => Ok(s
            .call_method1("encode", ("utf-8", "surrogatepass"))?
            .cast::<PyBytes>()?
            .as_bytes()
            .to_vec()),
    }
}

fn pix_error(py: Python<'_>, e: pixcode::Error) -> PyErr {
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

fn build_error(py: Python<'_>, e: RustBuildError) -> PyErr {
    let message = e.to_string();
    let err = BuildError::new_err(message.clone());
    let value = err.value(py);
    let _ = value.setattr("field", e.field.name());
    let _ = value.setattr("path", e.field.path().to_string());
    let _ = value.setattr("rule", e.problem.code());
    let _ = value.setattr("message", message);
    err
}

static DECIMAL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `decimal.Decimal(text)`.
fn decimal<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let class = DECIMAL.get_or_try_init(py, || {
        Ok::<_, PyErr>(py.import("decimal")?.getattr("Decimal")?.unbind())
    })?;
    class.bind(py).call1((text,))
}

/// A field of the payload: byte range, or absent.
#[derive(Clone, Copy)]
struct Span(u32, u32);

const ABSENT: Span = Span(u32::MAX, 0);

/// The fields a `BrCode` keeps: the core's registry, in its order.
const FIELDS: usize = Field::VIEW.len();

/// A decoded and validated Pix BR Code. Text fields are `str` or `None`; `amount` is a
/// `decimal.Decimal` (never a float).
#[pyclass(frozen, module = "pixcode", name = "BrCode")]
struct BrCode {
    payload: String,
    spans: [Span; FIELDS],
    kind: &'static str,
    key_kind: Option<&'static str>,
    single_use: bool,
    saque: bool,
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

/// Decodes and validates a Pix BR Code; raises `PixError` at the first error.
#[pyfunction]
fn decode(code: &Bound<'_, PyAny>) -> PyResult<BrCode> {
    let py = code.py();
    let text = text(code)?.into_owned();
    let mut view = match pixcode::decode(&text) {
        Ok(view) => BrCode::from_view(&text, &view)?,
        Err(e) => return Err(pix_error(py, e)),
    };
    // The spans index `text`, which the object now keeps.
    view.payload = text;
    Ok(view)
}

/// Whether `code` is a valid Pix BR Code (`profile` `"pix"`, or `"emv"`, `"auto"`).
#[pyfunction]
#[pyo3(signature = (code, profile = "pix"))]
fn is_valid(code: &Bound<'_, PyAny>, profile: &str) -> PyResult<bool> {
    let profile = parse_profile(profile)?;
    if let Ok(s) = code.cast::<PyString>() {
        return Ok(match s.to_cow() {
            Ok(t) => pixcode::verdict(t.as_bytes(), profile).is_ok(),
            Err(_) => false, // a lone surrogate is not UTF-8
        });
    }
    if let Ok(b) = code.cast::<PyBytes>() {
        return Ok(pixcode::verdict(b.as_bytes(), profile).is_ok());
    }
    Err(PyTypeError::new_err(format!(
        "expected a str (or bytes) but got {}",
        code.get_type().name()?
    )))
}

/// The full report, as JSON text: exactly `pixcode decode --json`.
#[pyfunction]
fn inspect_json(code: &Bound<'_, PyAny>) -> PyResult<String> {
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
    serde_json::to_string(&pixcode::inspect(&bytes))
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

fn parse_profile(p: &str) -> PyResult<Profile> {
    p.parse().map_err(|_| {
        PyValueError::new_err(format!(
            "profile: expected \"pix\", \"emv\" or \"auto\" but got {p:?}"
        ))
    })
}

/// The amount of `build`: a `Decimal`, `int` or `str`, never a float.
/// The text of a `Decimal`, `int` or `str` amount; a float or a bool is refused (a float cannot
/// hold money exactly). The core parses the text.
fn amount_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
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
fn build(
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

fn render_options(t: TextOptions<'_>) -> PyResult<Options> {
    Options::from_text(&t).map_err(|e| PyValueError::new_err(e.to_string()))
}

fn render_error(py: Python<'_>, e: RustRenderError) -> PyErr {
    match e {
        RustRenderError::Invalid { first, .. } => pix_error(py, first),
        other => PyValueError::new_err(other.to_string()),
    }
}

fn qr(py: Python<'_>, code: &Bound<'_, PyAny>, o: &Options) -> PyResult<Qr> {
    let text = text(code)?;
    Qr::new(&text, o).map_err(|e| render_error(py, e))
}

/// A PNG of the code's QR symbol. An invalid code raises `PixError` unless `allow_invalid`.
/// Every option left `None` takes the core's default (`pixcode::render::Options`).
#[pyfunction]
#[pyo3(signature = (code, *, error_correction = None, module_pixels = None, mm = None,
    dpi = None, quiet_zone = None, dark = None, light = None, caption = None,
    allow_invalid = None))]
#[allow(clippy::too_many_arguments)]
fn qr_png<'py>(
    py: Python<'py>,
    code: &Bound<'py, PyAny>,
    error_correction: Option<&str>,
    module_pixels: Option<u32>,
    mm: Option<u32>,
    dpi: Option<u32>,
    quiet_zone: Option<u32>,
    dark: Option<&str>,
    light: Option<&str>,
    caption: Option<bool>,
    allow_invalid: Option<bool>,
) -> PyResult<Bound<'py, PyBytes>> {
    let o = render_options(TextOptions {
        error_correction,
        module_pixels,
        mm,
        dpi,
        quiet_zone,
        dark,
        light,
        caption,
        allow_invalid,
    })?;
    let png = qr(py, code, &o)?
        .to_png()
        .map_err(|e| render_error(py, e))?;
    Ok(PyBytes::new(py, &png))
}

/// An SVG document of the code's QR symbol. An invalid code raises `PixError` unless
/// `allow_invalid`. Every option left `None` takes the core's default.
#[pyfunction]
#[pyo3(signature = (code, *, error_correction = None, module_pixels = None, mm = None,
    dpi = None, quiet_zone = None, dark = None, light = None, caption = None,
    allow_invalid = None))]
#[allow(clippy::too_many_arguments)]
fn qr_svg(
    py: Python<'_>,
    code: &Bound<'_, PyAny>,
    error_correction: Option<&str>,
    module_pixels: Option<u32>,
    mm: Option<u32>,
    dpi: Option<u32>,
    quiet_zone: Option<u32>,
    dark: Option<&str>,
    light: Option<&str>,
    caption: Option<bool>,
    allow_invalid: Option<bool>,
) -> PyResult<String> {
    let o = render_options(TextOptions {
        error_correction,
        module_pixels,
        mm,
        dpi,
        quiet_zone,
        dark,
        light,
        caption,
        allow_invalid,
    })?;
    Ok(qr(py, code, &o)?.to_svg())
}

/// The keyword arguments of `qr_png` and `qr_svg`, the core's `TextOptions` members in their
/// order. Read by `pixcode.QR_OPTIONS`.
#[pyfunction]
fn qr_option_names() -> Vec<&'static str> {
    TextOptions::MEMBERS.to_vec()
}

/// Verdicts of many codes, in the shapes Arrow wants: the validity bitmap (input not null),
/// the verdict bitmap (valid), the error bitmap (an error), one `u16` a code indexing `names`
/// (little endian), and the names of the errors met.
struct Verdicts {
    present: Vec<u8>,
    valid: Vec<u8>,
    erred: Vec<u8>,
    index: Vec<u8>,
    names: Vec<&'static str>,
}

impl Verdicts {
    fn new(n: usize) -> Verdicts {
        Verdicts {
            present: vec![0; n.div_ceil(8)],
            valid: vec![0; n.div_ceil(8)],
            erred: vec![0; n.div_ceil(8)],
            index: vec![0; 2 * n],
            names: Vec::new(),
        }
    }

    fn judge(&mut self, i: usize, code: Option<&[u8]>, profile: Profile) {
        let Some(code) = code else { return };
        let bit = 1u8 << (i % 8);
        self.present[i / 8] |= bit;
        match pixcode::verdict(code, profile) {
            Ok(()) => self.valid[i / 8] |= bit,
            Err(e) => {
                self.erred[i / 8] |= bit;
                let name = e.code();
                let k = match self.names.iter().position(|n| *n == name) {
                    Some(k) => k,
                    None => {
                        self.names.push(name);
                        self.names.len() - 1
                    }
                };
                self.index[2 * i..2 * i + 2].copy_from_slice(&(k as u16).to_le_bytes());
            }
        }
    }

    fn into_py(self, py: Python<'_>) -> VerdictTuple<'_> {
        (
            PyBytes::new(py, &self.present),
            PyBytes::new(py, &self.valid),
            PyBytes::new(py, &self.erred),
            PyBytes::new(py, &self.index),
            self.names,
        )
    }
}

type VerdictTuple<'py> = (
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Vec<&'static str>,
);

/// Verdicts of a sequence of `str`, `bytes` or `None`, the GIL released while judging: a
/// `bool` a code (`None` for `None`) and the first error's code (`None` when valid or `None`).
#[pyfunction]
#[pyo3(signature = (codes, profile = "pix"))]
#[allow(clippy::type_complexity)]
fn validate_list(
    codes: &Bound<'_, PyAny>,
    profile: &str,
) -> PyResult<(Vec<Option<bool>>, Vec<Option<&'static str>>)> {
    let py = codes.py();
    let profile = parse_profile(profile)?;
    let mut owned: Vec<Option<Vec<u8>>> = Vec::new();
    for (i, item) in codes.try_iter()?.enumerate() {
        let item = item?;
        owned.push(if item.is_none() {
            None
        } else if let Ok(s) = item.cast::<PyString>() {
            Some(str_bytes(s)?)
        } else if let Ok(b) = item.cast::<PyBytes>() {
            Some(b.as_bytes().to_vec())
        } else {
            return Err(PyTypeError::new_err(format!(
                "codes[{i}]: expected a str, bytes or None but got {}",
                item.get_type().name()?
            )));
        });
    }
    Ok(py.detach(|| {
        owned
            .iter()
            .map(|c| match c {
                None => (None, None),
                Some(c) => match pixcode::verdict(c, profile) {
                    Ok(()) => (Some(true), None),
                    Err(e) => (Some(false), Some(e.code())),
                },
            })
            .unzip()
    }))
}

/// Verdicts of an Arrow string array given by its buffers (as `bytes`: the stable ABI of
/// Python 3.9 has no buffer protocol): `offsets` (i32, or i64 when `large`), `data`, the
/// optional validity bitmap, the array's `offset` and `length`. The GIL is released while
/// judging.
#[pyfunction]
#[pyo3(signature = (offsets, data, validity, offset, length, large, profile = "pix"))]
#[allow(clippy::too_many_arguments)]
fn validate_arrow<'py>(
    py: Python<'py>,
    offsets: &Bound<'py, PyBytes>,
    data: &Bound<'py, PyBytes>,
    validity: Option<&Bound<'py, PyBytes>>,
    offset: usize,
    length: usize,
    large: bool,
    profile: &str,
) -> PyResult<VerdictTuple<'py>> {
    let profile = parse_profile(profile)?;
    let (offsets, data) = (offsets.as_bytes(), data.as_bytes());
    let validity = validity.map(|v| v.as_bytes());
    let width = if large { 8 } else { 4 };
    if offsets.len() < (offset + length + 1) * width {
        return Err(PyValueError::new_err(
            "offsets buffer shorter than the array",
        ));
    }
    if let Some(v) = &validity {
        if v.len() * 8 < offset + length {
            return Err(PyValueError::new_err(
                "validity bitmap shorter than the array",
            ));
        }
    }
    let at = |i: usize| -> usize {
        let b = &offsets[i * width..(i + 1) * width];
        if large {
            i64::from_le_bytes(b.try_into().unwrap_or([0; 8])).max(0) as usize
        } else {
            i32::from_le_bytes(b.try_into().unwrap_or([0; 4])).max(0) as usize
        }
    };
    let result = py.detach(|| {
        let mut v = Verdicts::new(length);
        for i in 0..length {
            let j = offset + i;
            let present = validity
                .as_ref()
                .is_none_or(|bits| bits[j / 8] & (1 << (j % 8)) != 0);
            if !present {
                continue;
            }
            let (a, b) = (at(j), at(j + 1));
            let Some(code) = data.get(a..b) else {
                return Err(format!(
                    "offsets {a}..{b} of element {i} outside the data buffer"
                ));
            };
            v.judge(i, Some(code), profile);
        }
        Ok(v)
    });
    result.map(|v| v.into_py(py)).map_err(PyValueError::new_err)
}

/// Resolves dynamic codes over HTTPS: fetches the location, verifies its JWS against the
/// resolver's own trust anchors, reads the charge and says whether it is payable. Keeps a
/// JWK Set cache between calls.
#[pyclass(frozen, module = "pixcode", name = "Resolver")]
struct Resolver {
    inner: RustResolver,
    runtime: tokio::runtime::Runtime,
}

/// The PEM documents of `ca_pem`: one `str` or `bytes`, or a list of them.
fn pem_documents(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Vec<u8>>> {
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

static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `json.loads(text)`: the resolution as the dict `pixcode resolve --json` prints.
fn json_object<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
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
        let resolve: Vec<(&str, &str)> =
            resolve.iter().map(|(h, a)| (h.as_str(), a.as_str())).collect();
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
fn resolve<'py>(
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
fn resolve_option_names() -> (Vec<&'static str>, Vec<&'static str>) {
    (ResolverConfig::MEMBERS.to_vec(), ResolveRequest::ARGUMENTS.to_vec())
}

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
    m.add_function(wrap_pyfunction!(build, m)?)?;
    m.add_function(wrap_pyfunction!(qr_png, m)?)?;
    m.add_function(wrap_pyfunction!(qr_svg, m)?)?;
    m.add_function(wrap_pyfunction!(scan_json, m)?)?;
    m.add_function(wrap_pyfunction!(field_names, m)?)?;
    m.add_function(wrap_pyfunction!(build_option_names, m)?)?;
    m.add_function(wrap_pyfunction!(qr_option_names, m)?)?;
    m.add_function(wrap_pyfunction!(resolve_option_names, m)?)?;
    m.add_function(wrap_pyfunction!(resolve, m)?)?;
    m.add_function(wrap_pyfunction!(validate_list, m)?)?;
    m.add_function(wrap_pyfunction!(validate_arrow, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
