//! The typed Pix view ([`BrCode`]) and its parts, and the one mapping from data objects to
//! its fields ([`Gather`]). The full walk and the one-pass path (`fast.rs`) both fill the view
//! through it: adding a field touches this file, its accessor and its serde.

use super::{PixFinding, Problem, BRCODE_GUI, GUI};
use crate::amount::Amount;
use crate::emv::Payload;
use crate::finding::{Finding, Path};
use crate::tlv::{LengthUnits, Object, Objects};

pub use super::parts::{Key, Kind, Location, Resource};

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

/// What a root object is, for the walk that hands it to [`Gather::root`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Root {
    /// A primitive object.
    Value,
    /// A template (26–51, 62, 64, 80–99): its sub-objects come next, through
    /// [`Gather::child`], then [`Gather::close`].
    Template,
    /// `00` or `63`, which frame the payload.
    Frame,
}

/// Gathers the Pix view from objects in payload order: each root object through
/// [`Gather::root`], and right after a template its sub-objects through [`Gather::child`].
/// This is the one mapping from objects to [`BrCode`] fields; the full walk and the one-pass
/// path both feed it. The first value of an ID is kept; a template counts as Pix when a
/// sub-`00` is the Pix GUI, wherever it stands among its siblings (spec §1.2, §2.5).
pub(super) struct Gather<'a, 'c> {
    /// The view so far.
    code: &'c mut BrCode<'a>,
    /// The template whose sub-objects come next (26–51, 62 or 80–99), or 0.
    open: u8,
    /// Its value.
    open_value: &'a str,
    /// Whether its GUI is Pix.
    gui: bool,
    /// Whether sub-objects were written to the view before its GUI was known.
    tentative: bool,
}

impl<'a, 'c> Gather<'a, 'c> {
    /// Gathers into `code`, a view with nothing found yet ([`BrCode::blank`]).
    #[inline(always)]
    pub(super) fn new(code: &'c mut BrCode<'a>) -> Self {
        Gather {
            code,
            open: 0,
            open_value: "",
            gui: false,
            tentative: false,
        }
    }

    /// Takes a root object and says what it is to the walk that met it.
    #[inline(always)]
    pub(super) fn root(&mut self, tag: u8, value: &'a str) -> Root {
        let code = &mut *self.code;
        let slot = match tag {
            26..=51 | 80..=99 => {
                self.open = tag;
                self.open_value = value;
                return Root::Template;
            }
            62 => {
                if code.additional_data.is_none() {
                    code.additional_data = Some(value);
                    self.open = 62;
                }
                return Root::Template;
            }
            64 => return Root::Template,
            0 | 63 => return Root::Frame,
            1 => &mut code.point_of_initiation,
            52 => &mut code.mcc,
            53 => &mut code.currency,
            54 => &mut code.amount,
            58 => &mut code.country,
            59 => &mut code.name,
            60 => &mut code.city,
            61 => &mut code.postal_code,
            55..=57 => {
                code.fee = true;
                return Root::Value;
            }
            _ => return Root::Value,
        };
        if slot.is_none() {
            *slot = Some(value);
        }
        Root::Value
    }

    /// Takes a sub-object of the root object last taken; `units` is how the payload counts
    /// lengths (for the `62.50` template inside).
    #[inline(always)]
    pub(super) fn child(&mut self, tag: u8, value: &'a str, units: LengthUnits) {
        let code = &mut *self.code;
        let slot = match (self.open, tag) {
            (0 | 64, _) => return,
            (62, 5) => &mut code.txid,
            (62, 50) => {
                if code.brcode_version.is_none() {
                    code.brcode_version = brcode_version_in(Objects::at(value, 0, units));
                }
                return;
            }
            (62, _) => return,
            (_, 0) => {
                self.gui |= is_gui(value);
                return;
            }
            // A payment template's fields go to the view while no Pix one has been taken; they
            // are taken back if its GUI turns out not to be Pix.
            (26..=51, _) if code.template_id == 0 => {
                self.tentative = true;
                match tag {
                    1 => &mut code.key,
                    2 => &mut code.info,
                    3 => &mut code.fss,
                    25 => &mut code.url,
                    _ => {
                        if code.other_pix_subfield.is_none() {
                            code.other_pix_subfield = Some((tag, value));
                        }
                        return;
                    }
                }
            }
            (80..=99, 25) if code.recurrence_id == 0 => {
                self.tentative = true;
                &mut code.recurrence
            }
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }

    /// Ends the open template: a Pix one is taken (the first of each kind; a further one is
    /// noted as [`Problem::MultiplePixTemplates`]), another one's tentative fields are taken
    /// back.
    #[inline(always)]
    pub(super) fn close(&mut self) {
        let tag = self.open;
        if !matches!(tag, 26..=51 | 80..=99) {
            self.open = 0;
            return;
        }
        let code = &mut *self.code;
        let payment = tag <= 51;
        let id = if payment {
            &mut code.template_id
        } else {
            &mut code.recurrence_id
        };
        if self.gui {
            if *id == 0 {
                *id = tag;
                if payment {
                    code.template = self.open_value;
                }
            } else {
                code.extra_templates = true;
            }
        } else if self.tentative {
            if payment {
                code.key = None;
                code.info = None;
                code.fss = None;
                code.url = None;
                code.other_pix_subfield = None;
            } else {
                code.recurrence = None;
            }
        }
        self.open = 0;
        self.gui = false;
        self.tentative = false;
    }

    /// Takes an object as the full walk meets it: a root object or a template's sub-object.
    #[inline(always)]
    pub(super) fn visit(&mut self, obj: &Object<'a>) {
        match obj.path().depth() {
            1 => {
                if self.open != 0 {
                    self.close();
                }
                self.root(obj.tag(), obj.value());
            }
            2 => self.child(obj.tag(), obj.value(), self.code.payload.length_units()),
            _ => {}
        }
    }

    /// Ends the gathering: the kind is settled, or [`Problem::NotPix`] when no 26–51 template
    /// has the Pix GUI.
    #[inline(always)]
    pub(super) fn finish(&mut self) -> Result<(), PixFinding> {
        if self.open != 0 {
            self.close();
        }
        let code = &mut *self.code;
        if code.template_id == 0 {
            return Err(Finding {
                problem: Problem::NotPix,
                path: Path::root(),
                offset: code.payload.offset(),
            });
        }
        code.settle_kind();
        Ok(())
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
        let mut gather = Gather::new(&mut code);
        for obj in payload.objects().map_while(Result::ok) {
            gather.visit(&obj);
            if matches!(obj.tag(), 26..=51 | 62 | 80..=99) {
                for sub in obj.children().map_while(Result::ok) {
                    gather.visit(&sub);
                }
            }
        }
        gather.finish()?;
        Ok(code)
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

    /// The text of `field`, as [`Field::VIEW`](super::Field::VIEW) lists them; `None` when
    /// the code has none (and for fields the view does not hold).
    ///
    /// ```
    /// use pixcode::pix::Field;
    /// let code = pixcode::decode("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D")?;
    /// assert_eq!(code.get(Field::MerchantCity), Some("BRASILIA"));
    /// assert_eq!(code.get(Field::Amount), None);
    /// for f in Field::VIEW {
    ///     assert_eq!(code.get(f).map(|t| &code.payload().input()[code.span(f).unwrap()]), code.get(f));
    /// }
    /// # Ok::<(), pixcode::Error>(())
    /// ```
    pub fn get(&self, field: super::Field) -> Option<&'a str> {
        use super::Field as F;
        match field {
            F::Key => self.key().map(|k| k.as_str()),
            F::Amount => self.amount_text(),
            F::MerchantName => self.merchant_name(),
            F::MerchantCity => self.merchant_city(),
            F::PostalCode => self.postal_code(),
            F::Txid => self.txid(),
            F::AdditionalInfo => self.additional_info(),
            F::Saque => self.withdrawal_facilitator(),
            F::Url => self.location().map(|l| l.as_str()),
            F::RecurrenceUrl => self.recurrence().map(|l| l.as_str()),
            F::PointOfInitiation => self.point_of_initiation(),
            F::MerchantCategoryCode => self.merchant_category_code(),
            F::Currency => self.currency(),
            F::Country => self.country(),
            F::BrcodeVersion => self.brcode_version(),
            F::PixTemplate | F::Payload => None,
        }
    }

    /// Where the text of `field` is, in bytes of the input the code was decoded from
    /// ([`Payload::input`]): the range that [`BrCode::get`] borrows, for front ends that keep
    /// the input and slice it.
    pub fn span(&self, field: super::Field) -> Option<core::ops::Range<usize>> {
        let text = self.get(field)?;
        let start = (text.as_ptr() as usize).wrapping_sub(self.payload.input().as_ptr() as usize);
        Some(start..start + text.len())
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
