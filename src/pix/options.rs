//! What a front end gives the builder, as text: one struct every front end fills.

use super::build_error::{err, BuildError, BuildProblem, Field};
use super::builder::Builder;
#[cfg(feature = "alloc")]
use super::builder::Built;
use crate::amount::Amount;

/// Every input of the [`Builder`], as a front end receives it: text and flags, the amount as
/// decimal text (`"10.50"`, never a float). [`BuildOptions::build`] is the one place this text is
/// parsed; [`Builder`] stays the typed, allocation-free API.
///
/// The struct is not `#[non_exhaustive]` on purpose: a front end fills it with a literal naming
/// every member (no `..Default::default()`), so a member added here fails to compile in every
/// front end until it is exposed there. [`BuildOptions::MEMBERS`] names the members for
/// front ends whose names a compiler does not check (keyword arguments, option objects).
///
/// ```
/// use pixcode::pix::{BuildOptions, Field};
/// let built = BuildOptions {
///     merchant_name: "Fulano de Tal",
///     merchant_city: "BRASILIA",
///     key: Some("123e4567-e12b-12d1-a456-426655440000"),
///     url: None,
///     recurrence_url: None,
///     amount: Some("10.5"),
///     txid: None,
///     additional_info: None,
///     saque: None,
///     postal_code: None,
///     merchant_category_code: None,
///     single_use: None,
///     fold_ascii: true,
///     truncate: false,
/// }
/// .build()?;
/// assert_eq!(pixcode::decode(&built.payload)?.amount_text(), Some("10.50"));
///
/// let refused = BuildOptions { key: Some("12345678909"), amount: Some("1,50"), ..BuildOptions::new("Loja", "Recife") }
///     .build()
///     .unwrap_err();
/// assert_eq!(refused.field, Field::Amount);
/// assert_eq!(refused.problem.code(), "bad_amount");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuildOptions<'a> {
    /// The merchant name, `59`.
    pub merchant_name: &'a str,
    /// The merchant city, `60`.
    pub merchant_city: &'a str,
    /// The Pix key, `26.01` (a static code).
    pub key: Option<&'a str>,
    /// The location URL without scheme, `26.25` (a dynamic code).
    pub url: Option<&'a str>,
    /// The recurrence URL, `80.25` (Pix Automático).
    pub recurrence_url: Option<&'a str>,
    /// The amount, `54`, as decimal text: `"10.50"`, `"3"`.
    pub amount: Option<&'a str>,
    /// The txid, `62.05`.
    pub txid: Option<&'a str>,
    /// The additional information, `26.02`.
    pub additional_info: Option<&'a str>,
    /// The withdrawal facilitator's ISPB (Pix Saque), `26.03`.
    pub saque: Option<&'a str>,
    /// The postal code, `61`.
    pub postal_code: Option<&'a str>,
    /// The merchant category code, `52` (`0000` when `None`).
    pub merchant_category_code: Option<&'a str>,
    /// `Some(true)` writes `01 = 12` (single use), `Some(false)` `01 = 11`; `None`: dynamic
    /// codes are single use, static codes omit `01`.
    pub single_use: Option<bool>,
    /// Fold name, city and additional info to ASCII (`São` → `Sao`); `true` by default.
    pub fold_ascii: bool,
    /// Cut a name or city still too long after folding instead of refusing it; `false` by
    /// default.
    pub truncate: bool,
}

impl<'a> BuildOptions<'a> {
    /// The members' names, in declaration order: the keyword arguments of a front end that
    /// takes them by name (Python's `build`), camel-cased where the language wants it (Node).
    ///
    /// ```
    /// assert_eq!(pixcode::pix::BuildOptions::MEMBERS[0], "merchant_name");
    /// ```
    pub const MEMBERS: [&'static str; 14] = [
        "merchant_name",
        "merchant_city",
        "key",
        "url",
        "recurrence_url",
        "amount",
        "txid",
        "additional_info",
        "saque",
        "postal_code",
        "merchant_category_code",
        "single_use",
        "fold_ascii",
        "truncate",
    ];

    /// Options with a name and a city and every default: no key, no URL, no amount, folding on,
    /// no truncation.
    ///
    /// ```
    /// let o = pixcode::pix::BuildOptions::new("Loja", "Recife");
    /// assert!(o.fold_ascii && !o.truncate && o.key.is_none());
    /// ```
    pub const fn new(merchant_name: &'a str, merchant_city: &'a str) -> BuildOptions<'a> {
        BuildOptions {
            merchant_name,
            merchant_city,
            key: None,
            url: None,
            recurrence_url: None,
            amount: None,
            txid: None,
            additional_info: None,
            saque: None,
            postal_code: None,
            merchant_category_code: None,
            single_use: None,
            fold_ascii: true,
            truncate: false,
        }
    }

    /// The [`Builder`] these options describe, the amount parsed; a refusal names
    /// [`Field::Amount`] with [`BuildProblem::Amount`].
    ///
    /// ```
    /// let mut buf = [0u8; 512];
    /// let b = pixcode::pix::BuildOptions { key: Some("12345678909"), ..pixcode::pix::BuildOptions::new("Loja", "Recife") }
    ///     .builder()?;
    /// assert!(b.build_into(&mut buf)?.payload.starts_with("000201"));
    /// # Ok::<(), pixcode::pix::BuildError>(())
    /// ```
    pub fn builder(&self) -> Result<Builder<'a>, BuildError> {
        // Destructured so that a member added above is a compile error here until it is used.
        let BuildOptions {
            merchant_name,
            merchant_city,
            key,
            url,
            recurrence_url,
            amount,
            txid,
            additional_info,
            saque,
            postal_code,
            merchant_category_code,
            single_use,
            fold_ascii,
            truncate,
        } = *self;
        let mut b = Builder::new(merchant_name, merchant_city);
        b.fold_ascii(fold_ascii).truncate(truncate);
        if let Some(v) = key {
            b.key(v);
        }
        if let Some(v) = url {
            b.url(v);
        }
        if let Some(v) = recurrence_url {
            b.recurrence_url(v);
        }
        if let Some(text) = amount {
            let a = Amount::parse(text).map_err(|e| err(Field::Amount, BuildProblem::Amount(e)))?;
            b.amount(a);
        }
        if let Some(v) = txid {
            b.txid(v);
        }
        if let Some(v) = additional_info {
            b.additional_info(v);
        }
        if let Some(v) = saque {
            b.saque(v);
        }
        if let Some(v) = postal_code {
            b.postal_code(v);
        }
        if let Some(v) = merchant_category_code {
            b.merchant_category_code(v);
        }
        if let Some(v) = single_use {
            b.single_use(v);
        }
        Ok(b)
    }

    /// Builds the code (see [`Builder::build`]).
    ///
    /// ```
    /// let o = pixcode::pix::BuildOptions { key: Some("12345678909"), ..pixcode::pix::BuildOptions::new("Café", "Maceió") };
    /// assert_eq!(pixcode::decode(&o.build()?.payload)?.merchant_name(), Some("Cafe"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "alloc")]
    pub fn build(&self) -> Result<Built<alloc::string::String>, BuildError> {
        self.builder()?.build()
    }
}

impl Default for BuildOptions<'_> {
    /// [`BuildOptions::new`] with an empty name and city (which the builder refuses).
    fn default() -> Self {
        BuildOptions::new("", "")
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;

    #[test]
    fn members_name_every_member_in_order() {
        // Debug prints every member by name, so a member added without a name here fails.
        let debug = std::format!("{:?}", BuildOptions::default());
        let inner = debug
            .strip_prefix("BuildOptions { ")
            .and_then(|s| s.strip_suffix(" }"))
            .unwrap();
        let names: std::vec::Vec<&str> = inner
            .split(", ")
            .map(|m| m.split(':').next().unwrap())
            .collect();
        assert_eq!(names, BuildOptions::MEMBERS);
    }

    #[test]
    fn every_builder_input_has_a_member() {
        // The registry's inputs are the members less the three flags; single_use writes 01.
        for f in Field::INPUTS {
            let member = match f {
                Field::Url => "url",
                Field::RecurrenceUrl => "recurrence_url",
                Field::Saque => "saque",
                Field::PointOfInitiation => "single_use",
                f => f.json_key(),
            };
            assert!(BuildOptions::MEMBERS.contains(&member), "{f:?}");
        }
        assert_eq!(Field::INPUTS.len() + 2, BuildOptions::MEMBERS.len());
    }

    #[test]
    fn a_bad_amount_is_the_amount_field() {
        for text in ["1.234", "-1", "abc", "", "1e3"] {
            let e = BuildOptions {
                key: Some("12345678909"),
                amount: Some(text),
                ..BuildOptions::new("Loja", "Recife")
            }
            .build()
            .unwrap_err();
            assert_eq!(e.field, Field::Amount, "{text:?}");
        }
    }
}
