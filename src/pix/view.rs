//! The typed Pix view ([`BrCode`]) and its parts, and the one mapping from data objects to
//! its fields. The full walk ([`BrCode::visit`]) and the one-pass path (`fast.rs`) both fill
//! the view through [`BrCode::take_root`], [`TemplateFields`], [`BrCode::take_template`] and
//! [`BrCode::take_additional`]: adding a field touches this file, its accessor and its serde.

use super::key::{key_issue, KeyIssue, KeyKind};
use super::{PixFinding, Problem, BRCODE_GUI, GUI};
use crate::amount::Amount;
use crate::emv::Payload;
use crate::finding::{Finding, Path};
use crate::tlv::{LengthUnits, Object, Objects};
use core::fmt;

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
    pub(super) payload: Payload<'a>,
    pub(super) kind: Kind,
    pub(super) template_id: u8,
    pub(super) template: &'a str,
    pub(super) key: Option<&'a str>,
    pub(super) info: Option<&'a str>,
    pub(super) fss: Option<&'a str>,
    pub(super) url: Option<&'a str>,
    pub(super) other_pix_subfield: Option<(u8, &'a str)>,
    pub(super) recurrence_id: u8,
    pub(super) recurrence: Option<&'a str>,
    pub(super) extra_templates: bool,
    pub(super) point_of_initiation: Option<&'a str>,
    pub(super) mcc: Option<&'a str>,
    pub(super) currency: Option<&'a str>,
    pub(super) amount: Option<&'a str>,
    pub(super) country: Option<&'a str>,
    pub(super) name: Option<&'a str>,
    pub(super) city: Option<&'a str>,
    pub(super) postal_code: Option<&'a str>,
    pub(super) additional_data: Option<&'a str>,
    pub(super) txid: Option<&'a str>,
    pub(super) brcode_version: Option<&'a str>,
    pub(super) fee: bool,
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

impl<'a> BrCode<'a> {
    /// A view with nothing found yet.
    pub(super) const fn blank(payload: Payload<'a>) -> BrCode<'a> {
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
fn brcode_version_in(template: Objects<'_>) -> Option<&str> {
    let mut subs = template.map_while(Result::ok);
    let gui = subs.next()?;
    if gui.tag() == 0 && gui.value().eq_ignore_ascii_case(BRCODE_GUI) {
        subs.find(|v| v.tag() == 1).map(|v| v.value())
    } else {
        None
    }
}

/// What one Pix template (26–51 or 80–99) holds, gathered sub-object by sub-object in any
/// order (spec §1.2): the GUI may stand anywhere among its siblings.
#[derive(Clone, Copy, Default)]
pub(super) struct TemplateFields<'a> {
    pub(super) gui: bool,
    pub(super) key: Option<&'a str>,
    pub(super) info: Option<&'a str>,
    pub(super) fss: Option<&'a str>,
    pub(super) url: Option<&'a str>,
    pub(super) other: Option<(u8, &'a str)>,
}

impl<'a> TemplateFields<'a> {
    /// Takes one sub-object; the first value of an ID is kept.
    #[inline(always)]
    pub(super) fn visit(&mut self, tag: u8, value: &'a str) {
        let slot = match tag {
            0 => {
                self.gui |= is_gui(value);
                return;
            }
            1 => &mut self.key,
            2 => &mut self.info,
            3 => &mut self.fss,
            25 => &mut self.url,
            _ => {
                if self.other.is_none() {
                    self.other = Some((tag, value));
                }
                return;
            }
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }
}

impl<'a> BrCode<'a> {
    /// Takes a primitive root object: `01`, `52`–`61`. Templates and other IDs are left to
    /// [`BrCode::take_template`] and [`BrCode::take_additional`]. The first value of an ID is
    /// kept.
    #[inline(always)]
    pub(super) fn take_root(&mut self, tag: u8, value: &'a str) {
        let slot = match tag {
            1 => &mut self.point_of_initiation,
            52 => &mut self.mcc,
            53 => &mut self.currency,
            54 => &mut self.amount,
            58 => &mut self.country,
            59 => &mut self.name,
            60 => &mut self.city,
            61 => &mut self.postal_code,
            55..=57 => {
                self.fee = true;
                return;
            }
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }

    /// Takes a template 26–51 (payment) or 80–99 (recurrence) whose sub-objects are `fields`.
    /// It counts only when its GUI is Pix; the first of each kind is kept and any further one
    /// is noted ([`Problem::MultiplePixTemplates`]).
    #[inline(always)]
    pub(super) fn take_template(&mut self, tag: u8, value: &'a str, fields: TemplateFields<'a>) {
        if !fields.gui {
            return;
        }
        if tag <= 51 {
            if self.template_id != 0 {
                self.extra_templates = true;
                return;
            }
            self.template_id = tag;
            self.template = value;
            self.key = fields.key;
            self.info = fields.info;
            self.fss = fields.fss;
            self.url = fields.url;
            self.other_pix_subfield = fields.other;
        } else {
            if self.recurrence_id != 0 {
                self.extra_templates = true;
                return;
            }
            self.recurrence_id = tag;
            self.recurrence = fields.url;
        }
    }

    /// Takes one sub-object of the Additional Data Field Template `62` (txid `05`, the BR
    /// Code version template `50`); `units` is how the payload counts lengths.
    #[inline(always)]
    pub(super) fn take_additional(&mut self, tag: u8, value: &'a str, units: LengthUnits) {
        match tag {
            5 if self.txid.is_none() => self.txid = Some(value),
            50 if self.brcode_version.is_none() => {
                self.brcode_version = brcode_version_in(Objects::at(value, 0, units));
            }
            _ => {}
        }
    }

    /// Takes a root object as the full walk meets it: the same mapping as the one-pass path,
    /// with templates read leniently (as far as they frame).
    pub(super) fn visit(&mut self, obj: &Object<'a>) {
        match obj.tag() {
            tag @ (26..=51 | 80..=99) => {
                let mut fields = TemplateFields::default();
                for sub in obj.children().map_while(Result::ok) {
                    fields.visit(sub.tag(), sub.value());
                }
                self.take_template(tag, obj.value(), fields);
            }
            62 => {
                if self.additional_data.is_some() {
                    return;
                }
                self.additional_data = Some(obj.value());
                let units = self.payload.length_units();
                for sub in obj.children().map_while(Result::ok) {
                    self.take_additional(sub.tag(), sub.value(), units);
                }
            }
            tag => self.take_root(tag, obj.value()),
        }
    }

    /// Ends the gathering: the kind is settled, or [`Problem::NotPix`] when no 26–51 template
    /// has the Pix GUI.
    #[inline(always)]
    pub(super) fn settle(mut self) -> Result<BrCode<'a>, PixFinding> {
        if self.template_id == 0 {
            return Err(Finding {
                problem: Problem::NotPix,
                path: Path::root(),
                offset: self.payload.offset(),
            });
        }
        self.settle_kind();
        Ok(self)
    }
}

impl<'a> BrCode<'a> {
    /// The Pix view of a framed payload, without checking it. Objects after a framing error
    /// are not seen.
    ///
    /// # Errors
    /// [`Problem::NotPix`] when no 26–51 template has the Pix GUI.
    pub fn from_payload(payload: Payload<'a>) -> Result<BrCode<'a>, PixFinding> {
        let mut code = BrCode::blank(payload);
        for obj in payload.objects().map_while(Result::ok) {
            code.visit(&obj);
        }
        code.settle()
    }

    /// Byte offset in the input of the object whose value is `value`.
    pub(super) fn offset_of(&self, value: &str) -> usize {
        (value.as_ptr() as usize)
            .wrapping_sub(self.payload.input().as_ptr() as usize)
            .wrapping_sub(4)
    }

    /// The byte offset just past the payload, where missing objects are reported.
    pub(super) fn end(&self) -> usize {
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
