//! `validate_many`: verdicts of many codes, as lists or as Arrow buffers.

use super::*;

/// Verdicts of many codes, in the shapes Arrow wants: the validity bitmap (input not null),
/// the verdict bitmap (valid), the error bitmap (an error), one `u16` a code indexing `names`
/// (little endian), and the names of the errors met.
pub(crate) struct Verdicts {
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
pub(crate) fn validate_list(
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
pub(crate) fn validate_arrow<'py>(
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
