//! The Banco Central rules of the Pix profile (spec §2.5–2.8, §5), stated once: the decoder
//! reports them as findings ([`check`]) and the builder refuses what breaks them, through the
//! same predicates.

use super::key::key_issue;
use super::view::{BrCode, Kind, Location, Resource};
use super::{LocationIssue, Problem, UrlIssue, MAX_KEY_CHARS, MAX_TXID_CHARS, MAX_URL_CHARS};
use crate::amount::Amount;
use crate::emv::Snippet;
use crate::finding::{emit, Path, Sink, Stop};
use crate::tlv::char_len;

/// The longest merchant name (`59`) Pix apps accept, in characters.
pub const MAX_NAME_CHARS: usize = 25;
/// The longest merchant city (`60`) Pix apps accept, in characters.
pub const MAX_CITY_CHARS: usize = 15;

/// What is wrong with a static txid (`62.05`), when it is not `***`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TxidIssue {
    /// Empty.
    Empty,
    /// A character other than `[A-Za-z0-9]`, at a character index.
    BadChar { at: usize, found: char },
    /// Over [`MAX_TXID_CHARS`] characters.
    TooLong { chars: usize },
}

/// Whether `v` breaks the static txid rule: `***`, or 1 to 25 of `[A-Za-z0-9]`.
#[inline]
pub(crate) fn txid_issue(v: &str) -> Option<TxidIssue> {
    if v == "***"
        || (!v.is_empty()
            && v.len() <= MAX_TXID_CHARS
            && v.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return None;
    }
    txid_issue_detail(v)
}

/// What [`txid_issue`] reports for a txid that breaks the rule.
#[cold]
fn txid_issue_detail(v: &str) -> Option<TxidIssue> {
    if v.is_empty() {
        return Some(TxidIssue::Empty);
    }
    if let Some((at, found)) = v
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_alphanumeric())
    {
        return Some(TxidIssue::BadChar { at, found });
    }
    (v.len() > MAX_TXID_CHARS).then_some(TxidIssue::TooLong { chars: v.len() })
}

/// Whether `v` is an ISPB as Pix Saque writes it (`26.03`): 8 of `[0-9A-Z]`.
pub(crate) fn is_ispb(v: &str) -> bool {
    v.len() == 8
        && v.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// Whether `v` is a CEP (`61`): 8 digits.
pub(crate) fn is_cep(v: &str) -> bool {
    crate::emv::is_numeric(v, 8)
}

/// Whether two location URLs are on the same host (letter case aside), as a composto's
/// payment and recurrence URLs must be.
pub(crate) fn same_host(a: &str, b: &str) -> bool {
    Location::new(a)
        .host()
        .eq_ignore_ascii_case(Location::new(b).host())
}

/// The first reason a payer must not fetch `url` (see [`LocationIssue`]), or `None`.
pub fn location_issue(url: &str) -> Option<LocationIssue> {
    let loc = Location::new(url);
    let path = loc.path();
    if is_ip_literal(loc.host()) {
        Some(LocationIssue::IpHost)
    } else if path.contains(['?', '#']) {
        Some(LocationIssue::Query)
    } else if path.split('/').any(is_dot_segment) {
        Some(LocationIssue::DotSegment)
    } else {
        None
    }
}

/// Whether a host is an IP address in any spelling a resolver accepts: its last label is
/// not a name (top-level domains begin with a letter).
fn is_ip_literal(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    let last = host.rsplit('.').next().unwrap_or("");
    host.starts_with('[')
        || last.is_empty()
        || !last.as_bytes()[0].is_ascii_alphabetic()
        || (last.len() > 2 && last.as_bytes()[..2].eq_ignore_ascii_case(b"0x"))
}

/// Whether a path segment is `.` or `..`, each dot written as `.` or `%2e`.
fn is_dot_segment(seg: &str) -> bool {
    let mut rest = seg.as_bytes();
    let mut dots = 0;
    while !rest.is_empty() {
        if rest[0] == b'.' {
            rest = &rest[1..];
        } else if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case(b"%2e") {
            rest = &rest[3..];
        } else {
            return false;
        }
        dots += 1;
    }
    dots == 1 || dots == 2
}

/// Whether a recurrence URL points at a `rec` resource (`/rec/` in its path).
pub(crate) fn is_recurrence_url(url: &str) -> bool {
    Location::new(url).resource() == Resource::Rec
}

/// Runs every Pix rule on `code`, reporting to `sink` until it asks to stop.
pub fn check<S: Sink<Problem>>(code: &BrCode<'_>, sink: &mut S) {
    let _ = rules(code, sink);
}

/// Whether `b` is an RFC 3986 character (unreserved, reserved or `%`): printable ASCII but for
/// `"`, `<`, `>`, `\`, `^`, `` ` ``, `{`, `|` and `}`. Comparisons only, so a loop over a URL
/// vectorizes.
#[inline(always)]
pub(crate) const fn is_url_byte(b: u8) -> bool {
    (b.wrapping_sub(0x21) < 0x5E)
        & (b != b'"')
        & (b != b'`')
        & ((b | 2) != b'>') // < and >
        & ((b | 2) != b'^') // \ and ^
        & (b.wrapping_sub(b'{') >= 3) // { | }
}

/// What is wrong with a location URL for Pix (length, scheme, characters), if anything. The
/// decoder's rules and the builder both ask this.
pub(crate) fn url_issue(url: &str) -> Option<UrlIssue> {
    // One branch-free pass (it vectorizes) for a byte outside the set or a colon; only a URL
    // with either pays for more.
    let b = url.as_bytes();
    let unusual = b
        .iter()
        .fold(0u8, |acc, &c| acc | u8::from(!is_url_byte(c) | (c == b':')));
    if unusual == 0 {
        return (b.len() > MAX_URL_CHARS).then_some(UrlIssue::TooLong { chars: b.len() });
    }
    let bad = b.iter().any(|&c| !is_url_byte(c));
    let n = if bad { char_len(url) } else { b.len() };
    if n > MAX_URL_CHARS {
        Some(UrlIssue::TooLong { chars: n })
    } else if b.contains(&b':') && url.contains("://") {
        Some(UrlIssue::Scheme)
    } else if bad {
        url.chars()
            .enumerate()
            .find(|&(_, c)| !(c.is_ascii() && is_url_byte(c as u8)))
            .map(|(at, found)| UrlIssue::BadChar { at, found })
    } else {
        None
    }
}

fn rules<S: Sink<Problem>>(c: &BrCode<'_>, sink: &mut S) -> Result<(), Stop> {
    let warn = sink.wants_warnings();
    let mut emit = |problem: Problem, path: Path, offset: usize| emit(sink, problem, path, offset);
    let end = c.end();
    let root = |tag: u8| Path::root().child(tag);
    let pix = |sub: u8| Path::root().child(c.template_id).child(sub);
    let rec = |sub: u8| Path::root().child(c.recurrence_id).child(sub);
    let at = |v: &str| c.offset_of(v);

    if c.kind == Kind::Empty {
        emit(
            Problem::EmptyPixTemplate,
            root(c.template_id),
            at(c.template),
        )?;
    }
    for (slot, tag) in [
        (c.mcc, 52),
        (c.currency, 53),
        (c.country, 58),
        (c.name, 59),
        (c.city, 60),
    ] {
        if slot.is_none() {
            emit(Problem::MissingField, root(tag), end)?;
        }
    }
    if let Some(v) = c.currency.filter(|v| *v != "986") {
        emit(Problem::WrongCurrency, root(53), at(v))?;
    }
    if let Some(v) = c.country.filter(|v| *v != "BR") {
        emit(Problem::WrongCountry, root(58), at(v))?;
    }
    if let Some(v) = c.key.filter(|v| char_len(v) > MAX_KEY_CHARS) {
        emit(Problem::KeyTooLong { chars: char_len(v) }, pix(1), at(v))?;
    }
    for (v, path) in [(c.url, pix(25)), (c.recurrence, rec(25))] {
        let Some(v) = v else { continue };
        if let Some(reason) = url_issue(v) {
            emit(Problem::BadUrl { reason }, path, at(v))?;
        }
    }
    if let Some(v) = c.fss {
        if !is_ispb(v) {
            emit(
                Problem::BadFss {
                    found: Snippet::new(v),
                },
                pix(3),
                at(v),
            )?;
        }
    }
    if !c.kind.is_dynamic() {
        if let Some(v) = c.txid {
            if txid_issue(v).is_some() {
                emit(
                    Problem::BadTxid {
                        found: Snippet::new(v),
                    },
                    root(62).child(5),
                    at(v),
                )?;
            }
        }
    }
    if let Some(v) = c.amount {
        match Amount::parse(v) {
            Err(e) => emit(Problem::BadAmount(e), root(54), at(v))?,
            Ok(a) if a.is_zero() => emit(Problem::ZeroAmount, root(54), at(v))?,
            Ok(a) if warn && !a.is_canonical() => {
                emit(Problem::AmountNotCanonical, root(54), at(v))?
            }
            Ok(_) => {}
        }
    }
    if !warn {
        return Ok(());
    }

    if let Some(v) = c.key {
        if let Some(issue) = key_issue(v) {
            emit(Problem::KeyFormat(issue), pix(1), at(v))?;
        }
    }
    if let (Some(_), Some(v)) = (c.key, c.url) {
        emit(Problem::StaticDynamicMix, pix(25), at(v))?;
    }
    if c.kind.is_dynamic() {
        if let Some(v) = c.amount {
            emit(Problem::DynamicFieldsIgnored, root(54), at(v))?;
        }
        if let Some(v) = c.txid.filter(|v| *v != "***") {
            emit(Problem::DynamicFieldsIgnored, root(62).child(5), at(v))?;
        }
    }
    if c.extra_templates {
        emit(
            Problem::MultiplePixTemplates,
            root(c.template_id),
            at(c.template),
        )?;
    }
    if c.txid.is_none() {
        let offset = c.additional_data.map_or(end, at);
        emit(Problem::MissingTxid, root(62).child(5), offset)?;
    }
    for (slot, tag, max) in [(c.name, 59, MAX_NAME_CHARS), (c.city, 60, MAX_CITY_CHARS)] {
        if let Some(v) = slot.filter(|v| char_len(v) > max) {
            emit(
                Problem::TooLong {
                    max: max as u8,
                    chars: char_len(v),
                },
                root(tag),
                at(v),
            )?;
        }
    }
    for (v, path) in [(c.url, pix(25)), (c.recurrence, rec(25))] {
        let Some(v) = v else { continue };
        if let Some(issue) = location_issue(v) {
            emit(Problem::UnsafeLocation(issue), path, at(v))?;
        }
    }
    if let (Some(u), Some(r)) = (c.url, c.recurrence) {
        if !same_host(u, r) {
            emit(Problem::RecurrenceHostMismatch, rec(25), at(r))?;
        }
    }
    if let Some(r) = c.recurrence {
        if !is_recurrence_url(r) {
            emit(Problem::RecurrenceNotRec, rec(25), at(r))?;
        }
    }
    if let (Some(f), true) = (c.fss, c.recurrence_id != 0) {
        emit(Problem::SaqueWithRecurrence, pix(3), at(f))?;
    }
    if matches!(c.kind, Kind::Static) && c.single_use() {
        if let Some(v) = c.point_of_initiation {
            emit(Problem::SingleUseStatic, root(1), at(v))?;
        }
    }
    if let Some(v) = c.postal_code {
        if !is_cep(v) {
            emit(Problem::BadPostalCode, root(61), at(v))?;
        }
    }
    if c.fee {
        emit(Problem::ConvenienceFeeNotPix, root(55), c.payload.offset())?;
    }
    if let Some((tag, v)) = c.other_pix_subfield {
        emit(Problem::UnknownPixSubfield, pix(tag), at(v))?;
    }
    Ok(())
}

#[cfg(test)]
mod url_tests {
    use super::*;

    #[test]
    fn url_bytes_are_rfc_3986() {
        let set = b"-._~:/?#[]@!$&'()*+,;=%";
        for b in 0..=255u8 {
            let expected = b.is_ascii_alphanumeric() || set.contains(&b);
            assert_eq!(is_url_byte(b), expected, "byte {b:#04x}");
        }
    }

    #[test]
    fn url_issues_in_order() {
        assert_eq!(url_issue("pix.example.com/qr/1"), None);
        assert_eq!(url_issue("host:8443/qr/1"), None);
        assert_eq!(url_issue("https://pix.example.com"), Some(UrlIssue::Scheme));
        assert_eq!(
            url_issue("pix.example.com/a b"),
            Some(UrlIssue::BadChar { at: 17, found: ' ' })
        );
        assert_eq!(
            url_issue("pix.example.com/ç"),
            Some(UrlIssue::BadChar {
                at: 16, found: 'ç'
            })
        );
        let long = "a".repeat(78);
        assert_eq!(url_issue(&long), Some(UrlIssue::TooLong { chars: 78 }));
        let long = "ç".repeat(78);
        assert_eq!(url_issue(&long), Some(UrlIssue::TooLong { chars: 78 }));
        assert_eq!(
            url_issue(&"ç".repeat(77)),
            Some(UrlIssue::BadChar { at: 0, found: 'ç' })
        );
    }
}
