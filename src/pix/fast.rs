//! The common path of [`super::decode`]: one pass over a payload that is ASCII and framed without
//! whitespace, with no finding machinery, no paths and no offsets while the structure holds.
//! When the EMV layer is valid its answer is final (the view, or the first Pix error, found by
//! the same rules on the same view). When the structure breaks, the EMV check alone (no view
//! gathered) names the error. Any input of another shape goes to the full walk.
//!
//! It checks every EMV error rule the full walk checks in strict mode (framing, CRC, TLV at the
//! root and inside 26–51, 62, 64 and 80–99, duplicates, `00` first and `01`, `63` last and
//! hexadecimal) and then runs the same Pix rules (`rules.rs`) on the view, which it fills
//! through the same mapping as the full walk (`view.rs`). `tests/fast_path.rs` and the `decode` fuzz
//! target assert that both paths agree on every input.

use super::rules::check;
use super::view::{BrCode, Gather, Root};
use super::Error;
use crate::emv::{self, Payload};
use crate::finding::{Finding, FirstError};
use crate::tlv::{all_ascii, header, LengthUnits};

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

/// [`super::decode`]'s answer for `input` in the common shape (ASCII, no whitespace around it,
/// `000201` first and `6304` and 4 characters last): the view,
/// the first Pix error when the EMV layer is valid, or the first EMV error when the structure
/// broke on the way (named by the EMV check alone, with no view gathered). `None` for any other
/// input: the full walk then decides.
#[inline]
pub(super) fn accept(input: &str) -> Option<Result<BrCode<'_>, Error>> {
    let b = input.as_bytes();
    let n = b.len();
    if n < 14 || b[..6] != *b"000201" || b[n - 8..n - 4] != *b"6304" || !all_ascii(b) {
        return None;
    }
    let mut code = BrCode::blank(Payload::ascii_exact(input));
    let mut gather = Gather::new(&mut code);
    // One pass over the objects; `break 'broken` at the first EMV error.
    'broken: {
        let body_end = n - 8;
        let mut pos = 6;
        let mut seen = Seen::default();
        seen.insert(0); // read above
        while pos < body_end {
            let Some((tag, len)) = header(&b[pos..body_end]) else {
                break 'broken;
            };
            let start = pos + 4;
            let end = start + len as usize;
            let Some(v) = input.get(start..end).filter(|_| end <= body_end) else {
                break 'broken;
            };
            if !seen.insert(tag) {
                break 'broken;
            }
            match gather.root(tag, v) {
                Root::Value => {}
                Root::Template => {
                    if level(v, |t, c| gather.child(t, c, LengthUnits::Chars)).is_none() {
                        break 'broken;
                    }
                    gather.close();
                }
                // 00 here is a duplicate; a 63 before the end is not last.
                Root::Frame => break 'broken,
            }
            pos = end;
        }
        // The structure holds; the CRC is checked last, so that a broken code costs no CRC.
        match crate::crc::parse_hex(&b[n - 4..]) {
            Some(declared) if crate::crc::crc16(&b[..n - 4]) == declared => {}
            _ => break 'broken,
        }
        // The EMV layer is valid: from here on the answer is final, as the full walk would
        // give it.
        if let Err(e) = gather.finish() {
            return Some(Err(Error::Pix(e)));
        }
        let mut first = FirstError(None);
        check(&code, &mut first);
        return Some(match first.0 {
            None => Ok(code),
            Some(e) => Err(Error::Pix(e)),
        });
    }
    broken(input).map(|e| Err(Error::Emv(e)))
}

/// The first EMV error of a common-shape `input` whose structure broke on the one-pass walk;
/// `None` (the full walk then decides) should the check find none.
#[cold]
#[inline(never)]
fn broken(input: &str) -> Option<Finding<emv::Problem>> {
    let mut first = FirstError(None);
    // Through `check_visit` with a closure of its own: an instance of the walk apart from
    // `Payload::parse`'s, whose inlining a second caller would change (callgrind: +300
    // instructions a parse).
    emv::check_visit(&Payload::new(input), &mut first, |_| {});
    first.0
}
