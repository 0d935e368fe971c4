//! Measuring a PDF before anything is drawn: every compressed stream's output (counted, not
//! kept) and the content each page runs with its forms expanded.

use super::*;

/// Measures every compressed stream's output without keeping it.
pub(super) fn measure_streams(pdf: &Pdf) -> Result<(), ScanError> {
    let mut total: u64 = 0;
    for object in pdf.objects() {
        let Some(stream) = object.into_stream() else {
            continue;
        };
        let size = decoded_size(&stream)?;
        total = total.saturating_add(size);
        if total > MAX_DECODED_BYTES {
            return Err(limit(format!(
                "its streams decompress to more than {MAX_DECODED_BYTES} bytes in all"
            )));
        }
    }
    Ok(())
}

/// The most a stream decompresses to: the first filter measured exactly, each later one by
/// its worst ratio.
pub(super) fn decoded_size(stream: &Stream<'_>) -> Result<u64, ScanError> {
    let filters = stream.filters();
    let raw = stream.raw_data();
    let too_big = || {
        limit(format!(
            "a stream (object {}) decompresses to more than {MAX_STREAM_BYTES} bytes",
            stream.obj_id().obj_number
        ))
    };
    let mut size = raw.len() as u64;
    for (i, filter) in filters.iter().enumerate() {
        size = if i == 0 {
            match filter {
                Filter::FlateDecode => flate_size(&raw),
                Filter::LzwDecode => lzw_size(&raw, early_change(stream)),
                Filter::RunLengthDecode => run_length_size(&raw),
                _ => size.saturating_mul(worst_ratio(filter)),
            }
        } else {
            size.saturating_mul(worst_ratio(filter))
        };
        if size > MAX_STREAM_BYTES {
            return Err(too_big());
        }
    }
    Ok(size)
}

/// The most one byte of input can become through a filter (image filters: their output is
/// bounded by the image's declared size, checked when it is drawn).
pub(super) fn worst_ratio(filter: &Filter) -> u64 {
    match filter {
        Filter::FlateDecode => 1032,
        Filter::LzwDecode => 4096,
        Filter::RunLengthDecode => 64,
        Filter::Ascii85Decode => 4,
        _ => 1,
    }
}

pub(super) fn early_change(stream: &Stream<'_>) -> bool {
    let parms = stream.dict().get::<Dict<'_>>(b"DecodeParms".as_slice());
    parms
        .and_then(|p| p.get::<i32>(b"EarlyChange".as_slice()))
        .is_none_or(|v| v != 0)
}

/// A writer that counts and keeps nothing, refusing past the stream limit.
pub(super) struct Count(u64);

impl std::io::Write for Count {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        if self.0 > MAX_STREAM_BYTES {
            return Err(std::io::Error::other("over the limit"));
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a Flate stream inflates to (zlib, or raw deflate as readers fall back to), stopping
/// past the limit.
pub(super) fn flate_size(raw: &[u8]) -> u64 {
    let mut zlib = Count(0);
    let _ = std::io::copy(&mut flate2::read::ZlibDecoder::new(raw), &mut zlib);
    let mut deflate = Count(0);
    let _ = std::io::copy(&mut flate2::read::DeflateDecoder::new(raw), &mut deflate);
    zlib.0.max(deflate.0)
}

/// What a run-length stream expands to.
pub(super) fn run_length_size(raw: &[u8]) -> u64 {
    let (mut i, mut size) = (0, 0u64);
    while i < raw.len() {
        match raw[i] {
            128 => break,
            n @ 0..=127 => {
                size += u64::from(n) + 1;
                i += usize::from(n) + 2;
            }
            n => {
                size += 257 - u64::from(n);
                i += 2;
            }
        }
    }
    size
}

/// What an LZW stream (PDF's variant, MSB first) expands to: the length of each code's
/// string is tracked, never the string.
pub(super) fn lzw_size(raw: &[u8], early: bool) -> u64 {
    let mut len = [0u32; 4096];
    len[..256].fill(1);
    let (mut next, mut width, mut prev): (usize, u32, Option<usize>) = (258, 9, None);
    let (mut acc, mut bits, mut size) = (0u32, 0u32, 0u64);
    for &byte in raw {
        acc = (acc << 8) | u32::from(byte);
        bits += 8;
        while bits >= width {
            bits -= width;
            let code = ((acc >> bits) & ((1 << width) - 1)) as usize;
            acc &= (1 << bits) - 1;
            match code {
                256 => {
                    next = 258;
                    width = 9;
                    prev = None;
                    continue;
                }
                257 => return size,
                _ => {}
            }
            let out = if code < next {
                len[code]
            } else {
                prev.map_or(1, |p| len[p] + 1)
            };
            size += u64::from(out);
            if size > MAX_STREAM_BYTES {
                return size;
            }
            if let (Some(p), true) = (prev, next < 4096) {
                len[next] = len[p] + 1;
                next += 1;
            }
            prev = Some(code.min(next - 1));
            let edge = next + usize::from(early);
            width = match edge {
                ..=511 => 9,
                512..=1023 => 10,
                1024..=2047 => 11,
                _ => 12,
            };
        }
    }
    size
}

/// The content bytes a page runs, each form counted every time it is drawn.
pub(super) fn expanded_content(
    page: &hayro::hayro_interpret::hayro_syntax::page::Page<'_>,
) -> Result<u64, ScanError> {
    let own = page.page_stream().map_or(0, |s| s.len() as u64);
    let mut memo = HashMap::new();
    let forms = forms_drawn(page.operations(), page.resources(), &mut memo, 0)?;
    Ok(own.saturating_add(forms))
}

/// The expanded size of the forms a content stream draws. `memo` holds each form's
/// expanded size by object number; `None` while it is being counted (a form that draws
/// itself).
pub(super) fn forms_drawn<'a>(
    mut ops: hayro::hayro_interpret::hayro_syntax::content::UntypedIter<'_>,
    resources: &hayro::hayro_interpret::hayro_syntax::page::Resources<'a>,
    memo: &mut HashMap<(u32, i32), Option<u64>>,
    depth: u32,
) -> Result<u64, ScanError> {
    let mut total: u64 = 0;
    while let Some(op) = ops.next() {
        if op.operator.as_ref() != b"Do" {
            continue;
        }
        let Some(name) = op.operands().next().and_then(|o| o.clone().into_name()) else {
            continue;
        };
        let Some(form) = resources.get_x_object(&name) else {
            continue;
        };
        if form
            .dict()
            .get::<Name<'_>>(b"Subtype".as_slice())
            .as_deref()
            != Some(b"Form".as_slice())
        {
            continue;
        }
        total = total.saturating_add(form_size(&form, resources, memo, depth)?);
        if total > MAX_CONTENT_BYTES {
            return Ok(total);
        }
    }
    Ok(total)
}

pub(super) fn form_size<'a>(
    form: &Stream<'a>,
    parent: &hayro::hayro_interpret::hayro_syntax::page::Resources<'a>,
    memo: &mut HashMap<(u32, i32), Option<u64>>,
    depth: u32,
) -> Result<u64, ScanError> {
    let id = form.obj_id();
    let key = (id.obj_number, id.gen_number);
    match memo.get(&key) {
        Some(Some(size)) => return Ok(*size),
        Some(None) => return Err(limit("a form draws itself".to_string())),
        None => {}
    }
    if depth > 64 {
        return Err(limit("its forms are nested more than 64 deep".to_string()));
    }
    memo.insert(key, None);
    let content = form.decoded_data().unwrap_or_default();
    let own = content.len() as u64;
    let own_resources = form
        .dict()
        .get::<Dict<'_>>(b"Resources".as_slice())
        .map(hayro::hayro_interpret::hayro_syntax::page::Resources::new);
    let resources = own_resources.as_ref().unwrap_or(parent);
    let ops = hayro::hayro_interpret::hayro_syntax::content::UntypedIter::new(&content);
    let inner = forms_drawn(ops, resources, memo, depth + 1)?;
    let size = own.saturating_add(inner);
    memo.insert(key, Some(size));
    Ok(size)
}
