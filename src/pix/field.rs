//! The registry of a Pix code's fields: what the typed view reads and the builder writes, each
//! with its path, names and title, so that front ends iterate it instead of restating it.

use crate::finding::Path;

/// A field of a Pix code: read by the view ([`Field::VIEW`], [`BrCode::get`](super::BrCode::get)),
/// written by the [`Builder`](super::Builder) ([`Field::INPUTS`]), named by a
/// [`BuildError`](super::BuildError).
///
/// ```
/// use pixcode::pix::Field;
/// let code = pixcode::decode("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D")?;
/// let named: Vec<(&str, Option<&str>)> = Field::VIEW
///     .iter()
///     .map(|f| (f.json_key(), code.get(*f)))
///     .filter(|(_, v)| v.is_some())
///     .collect();
/// assert_eq!(named[0], ("key", Some("123e4567-e12b-12d1-a456-426655440000")));
/// assert_eq!(named[1], ("merchant_name", Some("Fulano de Tal")));
/// assert_eq!(Field::MerchantName.js_key(), "merchantName");
/// assert_eq!(Field::Txid.path().to_string(), "62.05");
/// assert_eq!(Field::Txid.title(), "Reference Label (txid)");
/// # Ok::<(), pixcode::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// The Pix key, `26.01`.
    Key,
    /// The location URL, `26.25`.
    Url,
    /// The recurrence URL, `80.25`.
    RecurrenceUrl,
    /// The amount, `54`.
    Amount,
    /// The merchant name, `59`.
    MerchantName,
    /// The merchant city, `60`.
    MerchantCity,
    /// The postal code, `61`.
    PostalCode,
    /// The txid, `62.05`.
    Txid,
    /// The additional information, `26.02`.
    AdditionalInfo,
    /// The withdrawal facilitator ISPB (Pix Saque), `26.03`.
    Saque,
    /// The merchant category code, `52`.
    MerchantCategoryCode,
    /// The point of initiation, `01`.
    PointOfInitiation,
    /// The transaction currency, `53` (always `986` in a Pix code).
    Currency,
    /// The country code, `58` (always `BR`).
    Country,
    /// The BR Code version, `62.50.01`.
    BrcodeVersion,
    /// The Pix template `26` as a whole.
    PixTemplate,
    /// The payload as a whole.
    Payload,
}

impl Field {
    /// The text fields of the typed view, in the order of `decode --json`'s `pix` object.
    pub const VIEW: [Field; 15] = [
        Field::Key,
        Field::Amount,
        Field::MerchantName,
        Field::MerchantCity,
        Field::PostalCode,
        Field::Txid,
        Field::AdditionalInfo,
        Field::Saque,
        Field::Url,
        Field::RecurrenceUrl,
        Field::PointOfInitiation,
        Field::MerchantCategoryCode,
        Field::Currency,
        Field::Country,
        Field::BrcodeVersion,
    ];

    /// The fields a caller gives the builder (the others it writes itself).
    pub const INPUTS: [Field; 12] = [
        Field::Key,
        Field::Url,
        Field::RecurrenceUrl,
        Field::Amount,
        Field::MerchantName,
        Field::MerchantCity,
        Field::PostalCode,
        Field::Txid,
        Field::AdditionalInfo,
        Field::Saque,
        Field::MerchantCategoryCode,
        Field::PointOfInitiation,
    ];

    /// The field's place in [`Field::VIEW`], `None` for one the view does not hold.
    ///
    /// ```
    /// use pixcode::pix::Field;
    /// assert_eq!(Field::Key.view_index(), Some(0));
    /// assert_eq!(Field::Payload.view_index(), None);
    /// ```
    pub fn view_index(self) -> Option<usize> {
        Field::VIEW.iter().position(|f| *f == self)
    }

    /// The field's path in the code (for the Pix template and the recurrence template, at
    /// their usual IDs, 26 and 80).
    ///
    /// ```
    /// assert_eq!(pixcode::pix::Field::Txid.path().to_string(), "62.05");
    /// ```
    pub fn path(self) -> Path {
        let r = Path::root();
        match self {
            Field::Key => r.child(26).child(1),
            Field::Url => r.child(26).child(25),
            Field::RecurrenceUrl => r.child(80).child(25),
            Field::Amount => r.child(54),
            Field::MerchantName => r.child(59),
            Field::MerchantCity => r.child(60),
            Field::PostalCode => r.child(61),
            Field::Txid => r.child(62).child(5),
            Field::AdditionalInfo => r.child(26).child(2),
            Field::Saque => r.child(26).child(3),
            Field::MerchantCategoryCode => r.child(52),
            Field::PointOfInitiation => r.child(1),
            Field::Currency => r.child(53),
            Field::Country => r.child(58),
            Field::BrcodeVersion => r.child(62).child(50).child(1),
            Field::PixTemplate => r.child(26),
            Field::Payload => r,
        }
    }

    /// A short English name, as messages say it: `"merchant name"`.
    pub const fn name(self) -> &'static str {
        match self {
            Field::Key => "key",
            Field::Url => "location URL",
            Field::RecurrenceUrl => "recurrence URL",
            Field::Amount => "amount",
            Field::MerchantName => "merchant name",
            Field::MerchantCity => "merchant city",
            Field::PostalCode => "postal code",
            Field::Txid => "txid",
            Field::AdditionalInfo => "additional info",
            Field::Saque => "withdrawal facilitator ISPB",
            Field::MerchantCategoryCode => "merchant category code",
            Field::PointOfInitiation => "point of initiation",
            Field::Currency => "currency",
            Field::Country => "country",
            Field::BrcodeVersion => "BR Code version",
            Field::PixTemplate => "Pix template",
            Field::Payload => "payload",
        }
    }

    /// The key in JSON (`decode --json`'s `pix` object) and the Python attribute:
    /// `"merchant_name"`.
    pub const fn json_key(self) -> &'static str {
        match self {
            Field::Key => "key",
            Field::Url => "location",
            Field::RecurrenceUrl => "recurrence",
            Field::Amount => "amount",
            Field::MerchantName => "merchant_name",
            Field::MerchantCity => "merchant_city",
            Field::PostalCode => "postal_code",
            Field::Txid => "txid",
            Field::AdditionalInfo => "additional_info",
            Field::Saque => "withdrawal_facilitator",
            Field::MerchantCategoryCode => "merchant_category_code",
            Field::PointOfInitiation => "point_of_initiation",
            Field::Currency => "currency",
            Field::Country => "country",
            Field::BrcodeVersion => "brcode_version",
            Field::PixTemplate => "pix_template",
            Field::Payload => "payload",
        }
    }

    /// The key in JavaScript: `"merchantName"`.
    pub const fn js_key(self) -> &'static str {
        match self {
            Field::Key => "key",
            Field::Url => "location",
            Field::RecurrenceUrl => "recurrence",
            Field::Amount => "amount",
            Field::MerchantName => "merchantName",
            Field::MerchantCity => "merchantCity",
            Field::PostalCode => "postalCode",
            Field::Txid => "txid",
            Field::AdditionalInfo => "additionalInfo",
            Field::Saque => "withdrawalFacilitator",
            Field::MerchantCategoryCode => "merchantCategoryCode",
            Field::PointOfInitiation => "pointOfInitiation",
            Field::Currency => "currency",
            Field::Country => "country",
            Field::BrcodeVersion => "brcodeVersion",
            Field::PixTemplate => "pixTemplate",
            Field::Payload => "payload",
        }
    }

    /// The field's title in the specifications (Pix names in the Pix templates, EMV names
    /// elsewhere): `"Merchant Name"`.
    pub fn title(self) -> &'static str {
        match self {
            Field::Payload => "Payload",
            f => super::names::field_name(f.path(), true).unwrap_or("Unknown"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_distinct_names_a_title_and_a_place() {
        let all = [
            Field::VIEW.as_slice(),
            &[Field::Url, Field::PixTemplate, Field::Payload],
        ]
        .concat();
        for (i, a) in all.iter().enumerate() {
            assert_ne!(a.title(), "Unknown", "{a:?}");
            for b in &all[i + 1..] {
                if a != b {
                    assert_ne!(a.json_key(), b.json_key());
                    assert_ne!(a.js_key(), b.js_key());
                    assert_ne!(a.path(), b.path());
                }
            }
        }
        for f in Field::INPUTS {
            assert!(f.view_index().is_some(), "{f:?} is written but not read");
        }
    }
}
