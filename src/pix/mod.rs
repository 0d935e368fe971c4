//! The Pix profile of the BR Code: a typed view of a payload whose Merchant Account
//! Information template has GUI `br.gov.bcb.pix`, and the Banco Central rules (spec §2.5–2.8).
//!
//! The EMV verdict and the Pix verdict are separate: a payload can be well-formed EMV and still
//! break a Pix rule (currency other than 986, a static txid with a space…).

mod builder;
mod fast;
mod fold;
mod key;

pub use builder::{BuildError, BuildProblem, Builder, Built, Field};
pub use fold::{fold_ascii, FoldError};
pub use key::{cnpj_is_valid, cpf_is_valid, key_issue, KeyIssue, KeyKind};

use crate::amount::{Amount, AmountError};
use crate::emv::{self, Payload, Snippet};
use crate::finding::{emit, Code, Finding, FirstError, Path, Report, Severity, Sink, Stop};
use crate::tlv::Object;
use core::fmt;

/// The Pix GUI, compared case-insensitively.
pub const GUI: &str = "br.gov.bcb.pix";
/// The GUI of the BR Code version template `62.50`.
pub const BRCODE_GUI: &str = "BR.GOV.BCB.BRCODE";
/// The longest key: 99 − 18 (GUI) − 4 (header).
pub const MAX_KEY_CHARS: usize = 77;
/// The longest location URL, without scheme.
pub const MAX_URL_CHARS: usize = 77;
/// The longest static txid.
pub const MAX_TXID_CHARS: usize = 25;

/// Which flavour of Pix code this is (spec §5).
///
/// ```
/// let code = pixcode::decode("00020126180014br.gov.bcb.pix5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac1200026304F2DA")?;
/// assert_eq!(code.kind(), pixcode::pix::Kind::Recurrence);
/// assert!(code.kind().is_composto());
/// # Ok::<(), pixcode::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Kind {
    /// Everything to pay is in the code: key, optional amount and txid.
    Static,
    /// A location URL (`26.25`) from which the payer's app fetches a signed charge.
    Dynamic,
    /// Pix Automático with only a recurrence URL (Journey 2).
    Recurrence,
    /// Composto: a static payment plus a recurrence URL (Journey 4).
    StaticRecurrence,
    /// Composto: a dynamic payment URL plus a recurrence URL (Journeys 3 and 4).
    DynamicRecurrence,
    /// The Pix template holds neither a key nor a URL, and there is no recurrence template.
    Empty,
}

impl Kind {
    /// Whether the code carries a recurrence (Pix Automático) template.
    pub fn is_composto(self) -> bool {
        matches!(
            self,
            Kind::Recurrence | Kind::StaticRecurrence | Kind::DynamicRecurrence
        )
    }

    /// Whether payment data comes from a location URL (54 and 62.05 are then ignored).
    pub fn is_dynamic(self) -> bool {
        matches!(self, Kind::Dynamic | Kind::DynamicRecurrence)
    }

    /// `"static"`, `"dynamic"`, `"recurrence"`, `"static_recurrence"`, `"dynamic_recurrence"`
    /// or `"empty"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Static => "static",
            Kind::Dynamic => "dynamic",
            Kind::Recurrence => "recurrence",
            Kind::StaticRecurrence => "static_recurrence",
            Kind::DynamicRecurrence => "dynamic_recurrence",
            Kind::Empty => "empty",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A Pix key as written in the code, with its kind.
///
/// ```
/// let code = pixcode::decode("00020126460014br.gov.bcb.pix0111123456789090209Pedido 42520400005303986540510.505802BR5912Loja Exemplo6009SAO PAULO62120508PEDIDO4263044552")?;
/// let key = code.key().unwrap();
/// assert_eq!(key.as_str(), "12345678909");
/// assert_eq!(key.kind(), pixcode::pix::KeyKind::Cpf);
/// assert_eq!(key.issue(), None);
/// # Ok::<(), pixcode::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key<'a> {
    text: &'a str,
    kind: KeyKind,
}

impl<'a> Key<'a> {
    /// Classifies `text`.
    pub fn new(text: &'a str) -> Key<'a> {
        Key {
            text,
            kind: KeyKind::classify(text),
        }
    }

    /// The key as written.
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// Its kind by shape.
    pub fn kind(&self) -> KeyKind {
        self.kind
    }

    /// A shape problem (check digits, case…), if any.
    pub fn issue(&self) -> Option<KeyIssue> {
        key_issue(self.text)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Key<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Key", 2)?;
        s.serialize_field("value", self.text)?;
        s.serialize_field("kind", &self.kind)?;
        s.end()
    }
}

/// What a location URL points at, from its path (spec §5.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Resource {
    /// An immediate charge (`cob`): no fragment or `/cob/`.
    Cob,
    /// A charge with a due date (`cobv`).
    Cobv,
    /// Recurrence parameters (`rec`), Pix Automático.
    Rec,
}

/// A location URL without scheme, as the code carries it (`host/path`).
///
/// ```
/// let loc = pixcode::pix::Location::new("pix.example.com/qr/v2/cobv/1e6c54d3");
/// assert_eq!(loc.host(), "pix.example.com");
/// assert_eq!(loc.path(), "/qr/v2/cobv/1e6c54d3");
/// assert_eq!(loc.resource(), pixcode::pix::Resource::Cobv);
/// assert_eq!(loc.https_parts(), ("https://", "pix.example.com/qr/v2/cobv/1e6c54d3"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location<'a> {
    url: &'a str,
}

impl<'a> Location<'a> {
    /// Wraps a URL as found in `26.25` or an 80–99 template's `25`.
    pub fn new(url: &'a str) -> Location<'a> {
        Location { url }
    }

    /// The URL as written.
    pub fn as_str(&self) -> &'a str {
        self.url
    }

    /// The host, lowercased comparison left to the caller: everything before the first `/`.
    pub fn host(&self) -> &'a str {
        self.url.split('/').next().unwrap_or("")
    }

    /// The path, from the first `/` (empty when there is none).
    pub fn path(&self) -> &'a str {
        self.url.find('/').map_or("", |i| &self.url[i..])
    }

    /// The resource type by path fragment.
    pub fn resource(&self) -> Resource {
        let path = self.path();
        if contains_ci(path, "/cobv") {
            Resource::Cobv
        } else if contains_ci(path, "/rec/") {
            Resource::Rec
        } else {
            Resource::Cob
        }
    }

    /// The two parts of the address to fetch: `"https://"` and the URL.
    pub fn https_parts(&self) -> (&'static str, &'a str) {
        ("https://", self.url)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Location<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Location", 3)?;
        s.serialize_field("url", self.url)?;
        s.serialize_field("host", self.host())?;
        s.serialize_field("resource", &self.resource())?;
        s.end()
    }
}

fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// A Pix profile problem.
///
/// ```
/// use pixcode::{pix::Problem, Code, Severity};
/// assert_eq!(Problem::WrongCurrency.code(), "pix_wrong_currency");
/// assert_eq!(Problem::MissingTxid.severity(), Severity::Warning);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// No 26–51 template with GUI `br.gov.bcb.pix`: not a Pix code.
    NotPix,
    /// The Pix template has neither key (`01`) nor URL (`25`), and there is no recurrence.
    EmptyPixTemplate,
    /// A field Pix requires (52, 53, 58, 59, 60) is missing.
    MissingField,
    /// `53` is not `986` (BRL).
    WrongCurrency,
    /// `58` is not `BR`.
    WrongCountry,
    /// The key is longer than 77 characters.
    KeyTooLong {
        /// Its length.
        chars: usize,
    },
    /// A URL that is longer than 77 characters, carries a scheme or has characters outside
    /// RFC 3986.
    BadUrl {
        /// What is wrong.
        reason: UrlIssue,
    },
    /// `26.03` is not an 8-character ISPB `[0-9A-Z]{8}`.
    BadFss {
        /// The value found.
        found: Snippet,
    },
    /// A static txid that is neither `***` nor 1–25 of `[A-Za-z0-9]`.
    BadTxid {
        /// The value found.
        found: Snippet,
    },
    /// `54` is malformed.
    BadAmount(AmountError),
    /// `54` is zero.
    ZeroAmount,
    /// A key in no known format, or whose check digits fail.
    KeyFormat(KeyIssue),
    /// Both a key (`01`) and a URL (`25`) in the Pix template; the URL prevails.
    StaticDynamicMix,
    /// `54` or a txid other than `***` on a dynamic code, where they are ignored.
    DynamicFieldsIgnored,
    /// More than one Pix template of the same kind (26–51 or 80–99).
    MultiplePixTemplates,
    /// No `62.05` txid.
    MissingTxid,
    /// `59` over 25 or `60` over 15 characters.
    TooLong {
        /// The maximum.
        max: u8,
        /// The length found.
        chars: usize,
    },
    /// An amount not written as `\d{1,10}\.\d{2}`; some PSPs refuse it.
    AmountNotCanonical,
    /// Payment and recurrence URLs on different hosts (BCB requires the same PSP host).
    RecurrenceHostMismatch,
    /// The recurrence URL has no `/rec/` fragment.
    RecurrenceNotRec,
    /// `26.03` (Pix Saque) together with a recurrence; composto forbids Saque.
    SaqueWithRecurrence,
    /// `01 = 12` (single use) on a static code: meaningful but unusual.
    SingleUseStatic,
    /// `61` is not an 8-digit CEP.
    BadPostalCode,
    /// `55`–`57` (tip or fee) are not defined for Pix and are ignored by Pix apps.
    ConvenienceFeeNotPix,
    /// A sub-object of the Pix template other than `00`, `01`, `02`, `03` and `25`.
    UnknownPixSubfield,
}

/// What is wrong with a location URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UrlIssue {
    /// Over 77 characters.
    TooLong {
        /// Its length.
        chars: usize,
    },
    /// Starts with a scheme such as `https://`; Pix URLs carry none.
    Scheme,
    /// A character RFC 3986 does not allow.
    BadChar {
        /// Character index.
        at: usize,
        /// The character.
        found: char,
    },
}

impl Code for Problem {
    fn code(&self) -> &'static str {
        use Problem::*;
        match self {
            NotPix => "pix_not_pix",
            EmptyPixTemplate => "pix_empty_template",
            MissingField => "pix_missing_field",
            WrongCurrency => "pix_wrong_currency",
            WrongCountry => "pix_wrong_country",
            KeyTooLong { .. } => "pix_key_too_long",
            BadUrl { .. } => "pix_bad_url",
            BadFss { .. } => "pix_bad_fss",
            BadTxid { .. } => "pix_bad_txid",
            BadAmount(_) => "pix_bad_amount",
            ZeroAmount => "pix_zero_amount",
            KeyFormat(_) => "pix_key_format",
            StaticDynamicMix => "pix_static_dynamic_mix",
            DynamicFieldsIgnored => "pix_dynamic_fields_ignored",
            MultiplePixTemplates => "pix_multiple_templates",
            MissingTxid => "pix_missing_txid",
            TooLong { .. } => "pix_too_long",
            AmountNotCanonical => "pix_amount_not_canonical",
            RecurrenceHostMismatch => "pix_recurrence_host_mismatch",
            RecurrenceNotRec => "pix_recurrence_not_rec",
            SaqueWithRecurrence => "pix_saque_with_recurrence",
            SingleUseStatic => "pix_single_use_static",
            BadPostalCode => "pix_bad_postal_code",
            ConvenienceFeeNotPix => "pix_convenience_fee",
            UnknownPixSubfield => "pix_unknown_subfield",
        }
    }

    fn severity(&self) -> Severity {
        use Problem::*;
        match self {
            NotPix
            | EmptyPixTemplate
            | MissingField
            | WrongCurrency
            | WrongCountry
            | KeyTooLong { .. }
            | BadUrl { .. }
            | BadFss { .. }
            | BadTxid { .. }
            | BadAmount(_)
            | ZeroAmount => Severity::Error,
            _ => Severity::Warning,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Problem::*;
        match *self {
            NotPix => f.write_str(
                "not a Pix code: no Merchant Account Information template (26-51) with GUI br.gov.bcb.pix",
            ),
            EmptyPixTemplate => f.write_str(
                "the Pix template has neither a key (01) nor a URL (25), and there is no recurrence template",
            ),
            MissingField => f.write_str("Pix requires this object but it is missing"),
            WrongCurrency => f.write_str("expected currency \"986\" (BRL)"),
            WrongCountry => f.write_str("expected country code \"BR\""),
            KeyTooLong { chars } => write!(
                f,
                "expected a key of at most {MAX_KEY_CHARS} characters but found {chars}"
            ),
            BadUrl { reason: UrlIssue::TooLong { chars } } => write!(
                f,
                "expected a URL of at most {MAX_URL_CHARS} characters but found {chars}"
            ),
            BadUrl { reason: UrlIssue::Scheme } => f.write_str(
                "expected a URL without scheme (host/path); the app adds https:// itself",
            ),
            BadUrl { reason: UrlIssue::BadChar { found, .. } } => {
                write!(f, "the URL contains {found:?}, which RFC 3986 does not allow")
            }
            BadFss { found } => write!(
                f,
                "expected the withdrawal facilitator ISPB as 8 characters [0-9A-Z] but found {found}"
            ),
            BadTxid { found } => write!(
                f,
                "expected a txid of 1 to 25 letters and digits, or \"***\", but found {found}"
            ),
            BadAmount(e) => write!(f, "invalid amount: {e}"),
            ZeroAmount => f.write_str("the amount is zero"),
            KeyFormat(issue) => write!(f, "Pix key: {issue}"),
            StaticDynamicMix => f.write_str(
                "the Pix template has both a key (01) and a URL (25); apps use the URL",
            ),
            DynamicFieldsIgnored => f.write_str(
                "a dynamic code's amount (54) and txid (62.05) are ignored; the charge behind the URL prevails",
            ),
            MultiplePixTemplates => f.write_str("more than one Pix template of the same kind"),
            MissingTxid => f.write_str(
                "no txid (62.05); BCB says it is always present (\"***\" when unused)",
            ),
            TooLong { max, chars } => write!(
                f,
                "expected at most {max} characters but found {chars}; many apps refuse the code"
            ),
            AmountNotCanonical => f.write_str(
                "the amount does not have exactly 2 decimals; some PSPs refuse such amounts",
            ),
            RecurrenceHostMismatch => f.write_str(
                "the payment and recurrence URLs are on different hosts; BCB requires the same PSP host",
            ),
            RecurrenceNotRec => f.write_str("the recurrence URL has no /rec/ path fragment"),
            SaqueWithRecurrence => {
                f.write_str("Pix Saque (26.03) cannot be combined with a recurrence")
            }
            SingleUseStatic => {
                f.write_str("point of initiation 12 (single use) on a static code is unusual")
            }
            BadPostalCode => f.write_str("expected an 8-digit CEP"),
            ConvenienceFeeNotPix => {
                f.write_str("tip and convenience fees (55-57) are not defined for Pix")
            }
            UnknownPixSubfield => {
                f.write_str("this sub-object is not defined in the Pix template")
            }
        }
    }
}

/// A finding of the Pix profile.
pub type PixFinding = Finding<Problem>;

/// The typed Pix view of a payload. Every value borrows from the input.
///
/// Get one with [`crate::decode`] (strict) or [`BrCode::from_payload`] (lenient: any payload
/// with a Pix template, whatever its errors).
///
/// ```
/// let code = pixcode::decode("00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***630464E4")?;
/// assert_eq!(code.kind(), pixcode::pix::Kind::Dynamic);
/// assert_eq!(code.location().unwrap().host(), "pix.example.com");
/// assert_eq!(code.merchant_name(), Some("Fulano de Tal"));
/// assert_eq!(code.merchant_city(), Some("BRASILIA"));
/// assert_eq!(code.txid(), Some("***"));
/// assert!(code.single_use());
/// # Ok::<(), pixcode::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct BrCode<'a> {
    payload: Payload<'a>,
    kind: Kind,
    template_id: u8,
    template: &'a str,
    key: Option<&'a str>,
    info: Option<&'a str>,
    fss: Option<&'a str>,
    url: Option<&'a str>,
    other_pix_subfield: Option<(u8, &'a str)>,
    recurrence_id: u8,
    recurrence: Option<&'a str>,
    extra_templates: bool,
    point_of_initiation: Option<&'a str>,
    mcc: Option<&'a str>,
    currency: Option<&'a str>,
    amount: Option<&'a str>,
    country: Option<&'a str>,
    name: Option<&'a str>,
    city: Option<&'a str>,
    postal_code: Option<&'a str>,
    additional_data: Option<&'a str>,
    txid: Option<&'a str>,
    brcode_version: Option<&'a str>,
    fee: bool,
}

fn is_pix_gui(template: &Object<'_>) -> bool {
    match template.children().next() {
        Some(Ok(gui)) => gui.tag() == 0 && is_gui(gui.value()),
        _ => false,
    }
}

/// Whether `v` is [`GUI`] in any letter case: two masked 8-byte compares.
#[inline(always)]
fn is_gui(v: &str) -> bool {
    const fn word(at: usize) -> (u64, u64) {
        let g = GUI.as_bytes();
        let (mut value, mut mask, mut i) = (0u64, 0u64, 0);
        while i < 8 {
            value |= (g[at + i] as u64) << (8 * i);
            if g[at + i].is_ascii_lowercase() {
                mask |= 0x20 << (8 * i);
            }
            i += 1;
        }
        (value, mask)
    }
    const LO: (u64, u64) = word(0);
    const HI: (u64, u64) = word(GUI.len() - 8);
    let b = v.as_bytes();
    if b.len() != GUI.len() {
        return false;
    }
    let read = |at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(w)
    };
    // Setting bit 5 lowercases a letter and maps no other byte onto one; it is set only where
    // the GUI has a letter, so `.` must match exactly.
    (read(0) | LO.1) == LO.0 && (read(GUI.len() - 8) | HI.1) == HI.0
}

fn chars(v: &str) -> usize {
    if v.is_ascii() {
        v.len()
    } else {
        v.chars().count()
    }
}

impl<'a> BrCode<'a> {
    /// A view with nothing found yet.
    const fn blank(payload: Payload<'a>) -> BrCode<'a> {
        BrCode {
            payload,
            kind: Kind::Empty,
            template_id: 0,
            template: "",
            key: None,
            info: None,
            fss: None,
            url: None,
            other_pix_subfield: None,
            recurrence_id: 0,
            recurrence: None,
            extra_templates: false,
            point_of_initiation: None,
            mcc: None,
            currency: None,
            amount: None,
            country: None,
            name: None,
            city: None,
            postal_code: None,
            additional_data: None,
            txid: None,
            brcode_version: None,
            fee: false,
        }
    }

    /// Sets the kind from the key, URL and recurrence URL found.
    fn settle_kind(&mut self) {
        self.kind = match (
            self.url.is_some(),
            self.key.is_some(),
            self.recurrence.is_some(),
        ) {
            (true, _, false) => Kind::Dynamic,
            (true, _, true) => Kind::DynamicRecurrence,
            (false, true, false) => Kind::Static,
            (false, true, true) => Kind::StaticRecurrence,
            (false, false, true) => Kind::Recurrence,
            (false, false, false) => Kind::Empty,
        };
    }
}

/// The version in a `62.50` template's children when its GUI is `BR.GOV.BCB.BRCODE`: sub-ID 01.
/// The template is read leniently (spec §1.1), as far as it frames.
fn brcode_version_in(template: crate::tlv::Objects<'_>) -> Option<&str> {
    let mut subs = template.map_while(Result::ok);
    let gui = subs.next()?;
    if gui.tag() == 0 && gui.value().eq_ignore_ascii_case(BRCODE_GUI) {
        subs.find(|v| v.tag() == 1).map(|v| v.value())
    } else {
        None
    }
}

/// Gathers the Pix view from root objects as a walk meets them.
struct Collector<'a> {
    code: BrCode<'a>,
    template: Option<Object<'a>>,
    recurrence_template: Option<Object<'a>>,
    adf: Option<Object<'a>>,
}

impl<'a> Collector<'a> {
    fn new(payload: Payload<'a>) -> Self {
        Collector {
            code: BrCode::blank(payload),
            template: None,
            recurrence_template: None,
            adf: None,
        }
    }

    #[inline(always)]
    fn visit(&mut self, obj: &Object<'a>) {
        let code = &mut self.code;
        let slot = match obj.tag() {
            1 => &mut code.point_of_initiation,
            52 => &mut code.mcc,
            53 => &mut code.currency,
            54 => &mut code.amount,
            58 => &mut code.country,
            59 => &mut code.name,
            60 => &mut code.city,
            61 => &mut code.postal_code,
            62 => {
                if self.adf.is_none() {
                    self.adf = Some(*obj);
                }
                return;
            }
            55..=57 => {
                code.fee = true;
                return;
            }
            26..=51 | 80..=99 if is_pix_gui(obj) => {
                let t = if obj.tag() <= 51 {
                    &mut self.template
                } else {
                    &mut self.recurrence_template
                };
                match t {
                    Some(_) => code.extra_templates = true,
                    None => *t = Some(*obj),
                }
                return;
            }
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(obj.value());
        }
    }

    fn finish(self) -> Result<BrCode<'a>, PixFinding> {
        let mut code = self.code;
        let Some(template) = self.template else {
            return Err(Finding {
                problem: Problem::NotPix,
                path: Path::root(),
                offset: code.payload.offset(),
            });
        };
        code.template_id = template.tag();
        code.template = template.value();
        for sub in template.children().map_while(Result::ok) {
            let slot = match sub.tag() {
                0 => continue,
                1 => &mut code.key,
                2 => &mut code.info,
                3 => &mut code.fss,
                25 => &mut code.url,
                tag => {
                    if code.other_pix_subfield.is_none() {
                        code.other_pix_subfield = Some((tag, sub.value()));
                    }
                    continue;
                }
            };
            if slot.is_none() {
                *slot = Some(sub.value());
            }
        }
        if let Some(rec) = self.recurrence_template {
            code.recurrence_id = rec.tag();
            code.recurrence = rec
                .children()
                .map_while(Result::ok)
                .find(|s| s.tag() == 25)
                .map(|s| s.value());
        }
        if let Some(adf) = self.adf {
            code.additional_data = Some(adf.value());
            for sub in adf.children().map_while(Result::ok) {
                match sub.tag() {
                    5 if code.txid.is_none() => code.txid = Some(sub.value()),
                    50 if code.brcode_version.is_none() => {
                        code.brcode_version = brcode_version_in(sub.children());
                    }
                    _ => {}
                }
            }
        }
        code.settle_kind();
        Ok(code)
    }
}

impl<'a> BrCode<'a> {
    /// The Pix view of a framed payload, without checking it. Objects after a framing error
    /// are not seen.
    ///
    /// # Errors
    /// [`Problem::NotPix`] when no 26–51 template has the Pix GUI.
    pub fn from_payload(payload: Payload<'a>) -> Result<BrCode<'a>, PixFinding> {
        let mut collector = Collector::new(payload);
        for obj in payload.objects().map_while(Result::ok) {
            collector.visit(&obj);
        }
        collector.finish()
    }

    /// Byte offset in the input of the object whose value is `value`.
    fn offset_of(&self, value: &str) -> usize {
        (value.as_ptr() as usize)
            .wrapping_sub(self.payload.input().as_ptr() as usize)
            .wrapping_sub(4)
    }

    /// The byte offset just past the payload, where missing objects are reported.
    fn end(&self) -> usize {
        self.payload.offset() + self.payload.as_str().len()
    }

    /// The underlying EMV payload.
    pub fn payload(&self) -> &Payload<'a> {
        &self.payload
    }

    /// The flavour of code.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The ID (26–51) of the Pix Merchant Account Information template.
    pub fn template_id(&self) -> u8 {
        self.template_id
    }

    /// The ID (80–99) of the Pix Automático template, when there is one.
    pub fn recurrence_template_id(&self) -> Option<u8> {
        (self.recurrence_id != 0).then_some(self.recurrence_id)
    }

    /// The Pix key (`26.01`), for static and static-composto codes.
    pub fn key(&self) -> Option<Key<'a>> {
        self.key.map(Key::new)
    }

    /// The amount (`54`). On dynamic codes apps ignore it: the charge behind the URL prevails.
    ///
    /// `None` when absent or malformed; see [`BrCode::amount_text`].
    pub fn amount(&self) -> Option<Amount> {
        self.amount.and_then(|v| Amount::parse(v).ok())
    }

    /// The amount exactly as written.
    pub fn amount_text(&self) -> Option<&'a str> {
        self.amount
    }

    /// The merchant name (`59`). Payer apps show the name DICT returns, not this one.
    pub fn merchant_name(&self) -> Option<&'a str> {
        self.name
    }

    /// The merchant city (`60`).
    pub fn merchant_city(&self) -> Option<&'a str> {
        self.city
    }

    /// The postal code (`61`), a CEP.
    pub fn postal_code(&self) -> Option<&'a str> {
        self.postal_code
    }

    /// The txid (`62.05`); `***` means none.
    pub fn txid(&self) -> Option<&'a str> {
        self.txid
    }

    /// The additional information shown to the payer (`26.02`).
    pub fn additional_info(&self) -> Option<&'a str> {
        self.info
    }

    /// The ISPB of the withdrawal facilitator (`26.03`): its presence makes a Pix Saque.
    pub fn withdrawal_facilitator(&self) -> Option<&'a str> {
        self.fss
    }

    /// Whether this is a Pix Saque code (`26.03` present).
    pub fn is_saque(&self) -> bool {
        self.fss.is_some()
    }

    /// The location URL of a dynamic code (`26.25`).
    pub fn location(&self) -> Option<Location<'a>> {
        self.url.map(Location::new)
    }

    /// The recurrence URL of a composto code (`25` of the 80–99 Pix template).
    pub fn recurrence(&self) -> Option<Location<'a>> {
        self.recurrence.map(Location::new)
    }

    /// The Point of Initiation Method (`01`): `"11"` or `"12"`.
    pub fn point_of_initiation(&self) -> Option<&'a str> {
        self.point_of_initiation
    }

    /// Whether `01 = 12`: the code may be paid only once.
    pub fn single_use(&self) -> bool {
        self.point_of_initiation == Some("12")
    }

    /// The Merchant Category Code (`52`), `"0000"` when not informed.
    pub fn merchant_category_code(&self) -> Option<&'a str> {
        self.mcc
    }

    /// The currency (`53`), `"986"` for BRL.
    pub fn currency(&self) -> Option<&'a str> {
        self.currency
    }

    /// The country (`58`), `"BR"`.
    pub fn country(&self) -> Option<&'a str> {
        self.country
    }

    /// The BR Code version from the `62.50` template (`BR.GOV.BCB.BRCODE`), such as `"1.0.0"`.
    pub fn brcode_version(&self) -> Option<&'a str> {
        self.brcode_version
    }
}

/// Runs every Pix rule on `code`, reporting to `sink` until it asks to stop.
pub fn check<S: Sink<Problem>>(code: &BrCode<'_>, sink: &mut S) {
    let _ = rules(code, sink);
}

/// Whether `b` is an RFC 3986 character (unreserved, reserved or `%`): printable ASCII but for
/// `"`, `<`, `>`, `\`, `^`, `` ` ``, `{`, `|` and `}`. Comparisons only, so a loop over a URL
/// vectorizes.
#[inline(always)]
const fn is_url_byte(b: u8) -> bool {
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
    let n = if bad { chars(url) } else { b.len() };
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
    if let Some(v) = c.key.filter(|v| chars(v) > MAX_KEY_CHARS) {
        emit(Problem::KeyTooLong { chars: chars(v) }, pix(1), at(v))?;
    }
    for (v, path) in [(c.url, pix(25)), (c.recurrence, rec(25))] {
        let Some(v) = v else { continue };
        if let Some(reason) = url_issue(v) {
            emit(Problem::BadUrl { reason }, path, at(v))?;
        }
    }
    if let Some(v) = c.fss {
        let b = v.as_bytes();
        if !(b.len() == 8
            && b.iter()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()))
        {
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
            let ok = v == "***"
                || (v.len() <= MAX_TXID_CHARS && v.bytes().all(|b| b.is_ascii_alphanumeric()));
            if !ok {
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
    for (slot, tag, max) in [(c.name, 59, 25u8), (c.city, 60, 15)] {
        if let Some(v) = slot.filter(|v| chars(v) > max as usize) {
            emit(
                Problem::TooLong {
                    max,
                    chars: chars(v),
                },
                root(tag),
                at(v),
            )?;
        }
    }
    if let (Some(u), Some(r)) = (c.url, c.recurrence) {
        if !Location::new(u)
            .host()
            .eq_ignore_ascii_case(Location::new(r).host())
        {
            emit(Problem::RecurrenceHostMismatch, rec(25), at(r))?;
        }
    }
    if let Some(r) = c.recurrence {
        if Location::new(r).resource() != Resource::Rec {
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
        if !(v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit())) {
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

/// The first error of a strict decode: EMV structure or Pix profile.
///
/// ```
/// let err = pixcode::decode("0002010102116304FFFF").unwrap_err();
/// assert_eq!(err.code(), "crc_mismatch");
/// assert_eq!(err.path().to_string(), "63");
/// assert_eq!(err.offset(), 16);
/// assert!(err.to_string().contains("declared CRC is FFFF"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The payload is not well-formed EMV MPM.
    #[error("{0}")]
    Emv(Finding<emv::Problem>),
    /// The payload is well-formed but breaks a Pix rule (or is not Pix at all).
    #[error("{0}")]
    Pix(Finding<Problem>),
}

impl Error {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Emv(f) => f.code(),
            Error::Pix(f) => f.code(),
        }
    }

    /// The field path, such as `62.05`.
    pub fn path(&self) -> Path {
        match self {
            Error::Emv(f) => f.path,
            Error::Pix(f) => f.path,
        }
    }

    /// The byte offset in the input.
    pub fn offset(&self) -> usize {
        match self {
            Error::Emv(f) => f.offset,
            Error::Pix(f) => f.offset,
        }
    }
}

/// Decodes and validates a Pix BR Code, stopping at the first EMV or Pix error.
///
/// Warnings are not computed here; [`crate::inspect`] gives the full report.
///
/// # Errors
/// The first [`Error`].
pub fn decode(input: &str) -> Result<BrCode<'_>, Error> {
    match fast::accept(input) {
        Some(answer) => answer,
        None => decode_walk(input),
    }
}

/// Both ways [`decode`] can read `input`: the one-pass common path (`None` when it declines)
/// and the full walk. They must agree; the tests and the fuzzers assert it.
#[doc(hidden)]
#[allow(clippy::type_complexity)]
pub fn decode_both(input: &str) -> (Option<Result<BrCode<'_>, Error>>, Result<BrCode<'_>, Error>) {
    (fast::accept(input), decode_walk(input))
}

/// [`decode`] by the full EMV walk and Pix collector, which also finds the first error.
fn decode_walk(input: &str) -> Result<BrCode<'_>, Error> {
    let payload = Payload::new(input);
    let mut first = FirstError(None);
    // One pass: the EMV walk hands each root object to the Pix collector.
    let mut collector = Collector::new(payload);
    emv::check_visit(&payload, &mut first, |o| collector.visit(o));
    if let Some(e) = first.0 {
        return Err(Error::Emv(e));
    }
    let code = collector.finish().map_err(Error::Pix)?;
    let mut first = FirstError(None);
    check(&code, &mut first);
    match first.0 {
        Some(e) => Err(Error::Pix(e)),
        None => Ok(code),
    }
}

/// A Pix view with its own verdict.
#[derive(Clone, Copy, Debug)]
pub struct PixInspection<'a> {
    /// The typed view.
    pub code: BrCode<'a>,
    /// Errors and warnings of the Pix profile.
    pub report: Report<Problem>,
}

impl PixInspection<'_> {
    /// Whether the code follows every Pix rule (its EMV verdict is separate).
    pub fn is_valid(&self) -> bool {
        self.report.is_valid()
    }
}

/// Builds the Pix view of `payload` and runs every rule; `None` when it is not a Pix code.
pub fn inspect(payload: Payload<'_>) -> Option<PixInspection<'_>> {
    let code = BrCode::from_payload(payload).ok()?;
    let mut report = Report::default();
    check(&code, &mut report);
    Some(PixInspection { code, report })
}

/// The name of the object at `path` in a payload whose Pix view is `code` (`None` when it is
/// not a Pix code): Pix names inside the Pix templates, EMV names elsewhere.
///
/// ```
/// use pixcode::{pix::object_name, Path};
/// let code = pixcode::decode("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D")?;
/// assert_eq!(object_name(Path::root().child(26).child(1), Some(&code)), Some("Pix Key"));
/// assert_eq!(object_name(Path::root().child(27).child(1), Some(&code)), None);
/// assert_eq!(object_name(Path::root().child(59), None), Some("Merchant Name"));
/// # Ok::<(), pixcode::Error>(())
/// ```
pub fn object_name(path: Path, code: Option<&BrCode<'_>>) -> Option<&'static str> {
    let root = path.tags().first().copied();
    let in_pix = code.is_some_and(|c| {
        root == Some(c.template_id) || (root.is_some() && root == c.recurrence_template_id())
    });
    field_name(path, in_pix)
}

/// The Pix name of the object at `path` where Pix defines one (`26.01` "Pix Key"), else the
/// EMV name.
///
/// ```
/// use pixcode::{pix::field_name, Path};
/// assert_eq!(field_name(Path::root().child(26).child(1), true), Some("Pix Key"));
/// assert_eq!(field_name(Path::root().child(62).child(5), true), Some("Reference Label (txid)"));
/// ```
pub fn field_name(path: Path, in_pix_template: bool) -> Option<&'static str> {
    match (path.tags(), in_pix_template) {
        ([26..=51, 1], true) => Some("Pix Key"),
        ([26..=51, 2], true) => Some("Additional Information"),
        ([26..=51, 3], true) => Some("Withdrawal Facilitator ISPB (Pix Saque)"),
        ([26..=51, 25], true) => Some("Location URL"),
        ([80..=99, 25], true) => Some("Recurrence URL"),
        ([26..=51], true) => Some("Merchant Account Information (Pix)"),
        ([80..=99], true) => Some("Unreserved Template (Pix Automático)"),
        ([62, 5], _) => Some("Reference Label (txid)"),
        ([62, 50, 1], _) => Some("BR Code Version"),
        _ => emv::field_name(path),
    }
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
