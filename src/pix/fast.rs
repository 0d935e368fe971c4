//! The common path of [`super::decode`]: one pass over a payload that is ASCII and framed without
//! whitespace, with no finding machinery, no paths and no offsets while the structure holds.
//! When the EMV layer is valid its answer is final (the view, or the first Pix error, found by
//! the same rules on the same view); otherwise it says "not sure" and the caller runs the full
//! walk, which names the EMV error.
//!
//! It checks every EMV error rule the full walk checks in strict mode (framing, CRC, TLV at the
//! root and inside 26–51, 62, 64 and 80–99, duplicates, `00` first and `01`, `63` last and
//! hexadecimal) and then runs the same Pix rules ([`super::rules`]) on the view. The view is
//! gathered as [`super::Collector`] gathers it. `tests/fast_path.rs` and the `decode` fuzz
//! target assert that both paths agree on every input.

use super::{brcode_version_in, is_gui, BrCode, Error, Problem};
use crate::emv::Payload;
use crate::finding::{Finding, FirstError, Path};
use crate::tlv::{all_ascii, header, LengthUnits, Objects};

/// The IDs met at one level, a bit each (IDs are `0..=99`).
#[derive(Default)]
struct Seen([u64; 2]);

impl Seen {
    /// Marks `tag`; `false` when it was marked already.
    #[inline(always)]
    fn insert(&mut self, tag: u8) -> bool {
        let word = &mut self.0[usize::from(tag >> 6) & 1];
        let bit = 1u64 << (tag & 63);
        let new = *word & bit == 0;
        *word |= bit;
        new
    }
}

/// Walks one level of the ASCII `value`: every object frames and no ID repeats. `each` sees every
/// object in order.
#[inline(always)]
fn level<'a>(value: &'a str, mut each: impl FnMut(u8, &'a str)) -> Option<()> {
    let b = value.as_bytes();
    let mut pos = 0;
    let mut seen = Seen::default();
    while pos < b.len() {
        let (tag, len) = header(&b[pos..])?;
        let start = pos + 4;
        let end = start + len as usize;
        let v = value.get(start..end)?;
        if !seen.insert(tag) {
            return None;
        }
        each(tag, v);
        pos = end;
    }
    Some(())
}

/// [`super::decode`]'s answer for `input` when its EMV layer is valid on the common path (ASCII,
/// no whitespace around it): the view, or the first Pix error. `None` when the EMV layer is
/// broken or the input unusual: the full walk then decides and names the error.
#[inline]
pub(super) fn accept(input: &str) -> Option<Result<BrCode<'_>, Error>> {
    let b = input.as_bytes();
    let n = b.len();
    if n < 14 || b[..6] != *b"000201" || b[n - 8..n - 4] != *b"6304" || !all_ascii(b) {
        return None;
    }
    let mut code = BrCode::blank(Payload::ascii_exact(input));
    let mut template: Option<(u8, &str)> = None;
    let mut recurrence: Option<u8> = None;
    let body_end = n - 8;
    let mut pos = 6;
    let mut seen = Seen::default();
    seen.insert(0); // read above
    while pos < body_end {
        let (tag, len) = header(&b[pos..body_end])?;
        let start = pos + 4;
        let end = start + len as usize;
        let v = input.get(start..end).filter(|_| end <= body_end)?;
        if !seen.insert(tag) {
            return None;
        }
        match tag {
            // 00 is a duplicate; a 63 before the end is not last.
            0 | 63 => return None,
            1 => code.point_of_initiation = Some(v),
            26..=51 | 80..=99 => {
                let payment = tag <= 51;
                let taken = if payment {
                    template.is_some()
                } else {
                    recurrence.is_some()
                };
                let mut first = true;
                let mut gui = false;
                level(v, |t, c| {
                    if first {
                        first = false;
                        gui = t == 0 && is_gui(c);
                    } else if gui && !taken {
                        let slot = match (payment, t) {
                            (true, 1) => &mut code.key,
                            (true, 2) => &mut code.info,
                            (true, 3) => &mut code.fss,
                            (true, 25) => &mut code.url,
                            (true, _) => {
                                if code.other_pix_subfield.is_none() {
                                    code.other_pix_subfield = Some((t, c));
                                }
                                return;
                            }
                            (false, 25) => &mut code.recurrence,
                            (false, _) => return,
                        };
                        *slot = Some(c);
                    }
                })?;
                if gui {
                    if taken {
                        code.extra_templates = true;
                    } else if payment {
                        template = Some((tag, v));
                    } else {
                        recurrence = Some(tag);
                    }
                }
            }
            52 => code.mcc = Some(v),
            53 => code.currency = Some(v),
            54 => code.amount = Some(v),
            55..=57 => code.fee = true,
            58 => code.country = Some(v),
            59 => code.name = Some(v),
            60 => code.city = Some(v),
            61 => code.postal_code = Some(v),
            62 => {
                level(v, |t, c| match t {
                    5 => code.txid = Some(c),
                    50 => {
                        code.brcode_version =
                            brcode_version_in(Objects::at(c, 0, LengthUnits::Chars))
                    }
                    _ => {}
                })?;
                code.additional_data = Some(v);
            }
            64 => level(v, |_, _| {})?,
            _ => {}
        }
        pos = end;
    }

    // The structure holds; the CRC is checked last, so that a broken code costs no CRC here.
    let declared = crate::crc::parse_hex(&b[n - 4..])?;
    if crate::crc::crc16(&b[..n - 4]) != declared {
        return None;
    }
    // The EMV layer is valid: from here on the answer is final, as the full walk would give it.
    let Some((template_id, template)) = template else {
        return Some(Err(Error::Pix(Finding {
            problem: Problem::NotPix,
            path: Path::root(),
            offset: 0,
        })));
    };
    code.template_id = template_id;
    code.template = template;
    code.recurrence_id = recurrence.unwrap_or(0);
    code.settle_kind();
    let mut first = FirstError(None);
    super::check(&code, &mut first);
    Some(match first.0 {
        None => Ok(code),
        Some(e) => Err(Error::Pix(e)),
    })
}
