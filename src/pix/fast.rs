//! The common path of [`super::decode`]: one pass over a payload framed without whitespace, with
//! no finding machinery, no paths and no offsets while the structure holds. An ASCII payload
//! advances by its lengths; one with other characters (`São Paulo`, `Maceió`) advances by
//! characters, counting UTF-8 continuation bytes a slice at a time.
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
use crate::tlv::{all_ascii, header, LengthUnits, TagSet};

/// The byte where a value of `chars` characters starting at byte `start` ends, counting UTF-8
/// continuation bytes (`10xxxxxx`) in slices that vectorize. `None` when `b` is too short.
/// Kept out of line: the ASCII walk must not pay for it.
#[inline(never)]
fn char_end(b: &[u8], start: usize, chars: usize) -> Option<usize> {
    let mut end = start + chars;
    let mut counted = start;
    let mut extra = 0;
    loop {
        extra += b
            .get(counted..end)?
            .iter()
            .filter(|&&x| (x as i8) < -64)
            .count();
        counted = end;
        let want = start + chars + extra;
        if want == end {
            // The last character's own continuation bytes belong to it.
            while b.get(end).is_some_and(|&x| (x as i8) < -64) {
                end += 1;
            }
            return Some(end);
        }
        end = want;
    }
}

/// The bytes from the first to the last non-ASCII byte of `b` (`start..end`): a value outside
/// this span is ASCII and ends `len` bytes after its start. Scanned a word at a time.
fn non_ascii_span(b: &[u8]) -> (usize, usize) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let word = |i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        u64::from_le_bytes(w) & HIGH
    };
    let n = b.len();
    let mut first = n;
    let mut i = 0;
    while i + 8 <= n {
        let w = word(i);
        if w != 0 {
            first = i + (w.trailing_zeros() / 8) as usize;
            break;
        }
        i += 8;
    }
    if first == n {
        first = (i..n).find(|&j| b[j] >= 0x80).unwrap_or(n);
    }
    let mut last = first;
    let mut j = n;
    while j >= first + 8 {
        let w = word(j - 8);
        if w != 0 {
            last = j - 8 + (7 - (w.leading_zeros() / 8) as usize);
            return (first, last + 1);
        }
        j -= 8;
    }
    for k in (first..j).rev() {
        if b[k] >= 0x80 {
            return (first, k + 1);
        }
    }
    (first, last)
}

/// Where the value of `len` characters starting at byte `start` ends: `len` bytes on when the
/// value lies outside `span` (the non-ASCII bytes; empty for an ASCII input), else by counting.
#[inline(always)]
fn value_end<const ASCII: bool>(
    b: &[u8],
    start: usize,
    len: u8,
    span: (usize, usize),
) -> Option<usize> {
    let end = start + len as usize;
    if ASCII || end <= span.0 || start >= span.1 {
        Some(end)
    } else {
        char_end(b, start, len as usize)
    }
}

/// Walks one level of `value`: every object frames and no ID repeats. `each` sees every
/// object in order.
#[inline(always)]
fn level<'a, const ASCII: bool>(value: &'a str, mut each: impl FnMut(u8, &'a str)) -> Option<()> {
    let b = value.as_bytes();
    let span = if ASCII { (0, 0) } else { non_ascii_span(b) };
    let mut pos = 0;
    let mut seen = TagSet::EMPTY;
    while pos < b.len() {
        let (tag, len) = header(&b[pos..])?;
        let start = pos + 4;
        let end = value_end::<ASCII>(b, start, len, span)?;
        let v = value.get(start..end)?;
        if !seen.insert(tag) {
            return None;
        }
        each(tag, v);
        pos = end;
    }
    Some(())
}

/// [`super::decode`]'s answer for `input` in the common shape (no whitespace around it,
/// `000201` first and `6304` and 4 characters last): the view,
/// the first Pix error when the EMV layer is valid, or the first EMV error when the structure
/// broke on the way (named by the EMV check alone, with no view gathered). `None` for any other
/// input, and for a non-ASCII one whose lengths do not frame in characters (they may frame in
/// bytes, which the full walk accepts with a warning): the full walk then decides.
#[inline]
pub(super) fn accept(input: &str) -> Option<Result<BrCode<'_>, Error>> {
    let b = input.as_bytes();
    let n = b.len();
    if n < 14 || b[..6] != *b"000201" || b[n - 8..n - 4] != *b"6304" {
        return None;
    }
    if all_ascii(b) {
        walk::<true>(input)
    } else {
        walk::<false>(input)
    }
}

/// [`accept`] once the shape is known, for ASCII input (lengths are byte counts) or not.
#[inline(always)]
fn walk<const ASCII: bool>(input: &str) -> Option<Result<BrCode<'_>, Error>> {
    let b = input.as_bytes();
    let n = b.len();
    let mut code = BrCode::blank(Payload::exact(input, ASCII));
    let span = if ASCII { (0, 0) } else { non_ascii_span(b) };
    let mut gather = Gather::new(&mut code);
    // One pass over the objects; `break 'broken` at the first EMV error, with where the
    // strict check is to resume: the object that broke and the IDs read before it.
    let resume = 'broken: {
        let body_end = n - 8;
        let mut pos = 6;
        let mut seen = TagSet::EMPTY;
        seen.insert(0); // read above
        while pos < body_end {
            let Some((tag, len)) = header(&b[pos..body_end]) else {
                break 'broken (pos, seen);
            };
            let start = pos + 4;
            let Some(v) = value_end::<ASCII>(b, start, len, span)
                .filter(|&end| end <= body_end)
                .and_then(|end| input.get(start..end))
            else {
                break 'broken (pos, seen);
            };
            let end = start + v.len();
            if !seen.insert(tag) {
                break 'broken (pos, seen); // marked before this object
            }
            match gather.root(tag, v) {
                Root::Value => {}
                Root::Template => {
                    // A template outside the non-ASCII span is walked as ASCII.
                    let framed = if ASCII || start + v.len() <= span.0 || start >= span.1 {
                        level::<true>(v, |t, c| gather.child(t, c, LengthUnits::Chars))
                    } else {
                        level::<false>(v, |t, c| gather.child(t, c, LengthUnits::Chars))
                    };
                    if framed.is_none() {
                        break 'broken (pos, seen.without(tag));
                    }
                    gather.close();
                }
                // 00 here is a duplicate; a 63 before the end is not last.
                Root::Frame => break 'broken (pos, seen.without(tag)),
            }
            pos = end;
        }
        // The structure holds; the CRC is checked last, so that a broken code costs no CRC.
        match crate::crc::parse_hex(&b[n - 4..]) {
            Some(declared) if crate::crc::crc16(&b[..n - 4]) == declared => {}
            _ => break 'broken (body_end, seen),
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
    };
    if !ASCII {
        return None; // the lengths may frame in bytes: the full walk decides
    }
    let (from, seen) = resume;
    broken(input, emv::Resume { from, seen }).map(|e| Err(Error::Emv(e)))
}

/// The first EMV error of a common-shape `input` whose structure broke on the one-pass walk at
/// `resume`; `None` (the full walk then decides) should the check find none.
#[cold]
#[inline(never)]
fn broken(input: &str, resume: emv::Resume) -> Option<Finding<emv::Problem>> {
    let mut first = FirstError(None);
    // Every object before `resume.from` passed the same checks the strict walk makes, so it
    // starts there: a broken code is not read twice.
    emv::check_from(&Payload::new(input), resume, &mut first);
    first.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::String;

    fn naive_span(b: &[u8]) -> (usize, usize) {
        match b.iter().position(|&x| x >= 0x80) {
            None => (b.len(), b.len()),
            Some(f) => (f, b.iter().rposition(|&x| x >= 0x80).unwrap() + 1),
        }
    }

    #[test]
    fn spans_and_character_ends_match_a_plain_count() {
        let pieces = ["a", "ó", "北", "😀", "0123456789", "Maceió", "São Paulo"];
        // Every sequence of up to 4 pieces, at every offset of an ASCII prefix.
        let mut texts = std::vec::Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for prefix in 0..9 {
                        let mut t = String::from(&"xxxxxxxxx"[..prefix]);
                        t.push_str(a);
                        t.push_str(b);
                        t.push_str(c);
                        texts.push(t);
                    }
                }
            }
        }
        texts.push(String::new());
        for t in &texts {
            let b = t.as_bytes();
            assert_eq!(non_ascii_span(b), naive_span(b), "{t:?}");
            let starts: std::vec::Vec<usize> = t.char_indices().map(|(i, _)| i).collect();
            for (k, &start) in starts.iter().enumerate() {
                for chars in 0..=starts.len() - k {
                    let expected = starts.get(k + chars).copied().unwrap_or(b.len());
                    assert_eq!(
                        char_end(b, start, chars),
                        Some(expected),
                        "{t:?} {start} {chars}"
                    );
                }
                assert_eq!(char_end(b, start, starts.len() - k + 1), None, "{t:?}");
            }
        }
    }
}
