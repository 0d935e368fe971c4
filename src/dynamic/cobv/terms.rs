//! The terms of a cobv, as the Pix API writes them: abatimento, desconto, juros and multa, each
//! read from its modality and value, and the errors of the calculator.

use core::fmt;

use super::calendar::Date;
use crate::Amount;

/// The most dated discounts a cobv may carry.
pub const MAX_DISCOUNT_DATES: usize = 3;

/// The abatimento (a reduction granted whatever the date): modality 1 or 2.
///
/// ```
/// use pixcode::dynamic::Abatimento;
/// let a = Abatimento::from_modality(2, "10.00".parse()?)?;
/// assert_eq!(a, Abatimento::Percent("10.00".parse()?));
/// assert_eq!(a.modality(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Abatimento {
    /// Modality 1: a fixed value.
    Value(Amount),
    /// Modality 2: a percentage of the original value.
    Percent(Amount),
}

/// One dated discount of modality 1 or 2: the value or percentage that applies when paying on
/// or before `until`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DatedDiscount {
    /// The last day this discount applies (moved to the next business day when it is not one).
    pub until: Date,
    /// A value (modality 1) or a percentage (modality 2).
    pub value: Amount,
}

/// Up to three dated discounts, kept in date order.
///
/// ```
/// use pixcode::dynamic::{DatedDiscount, DiscountDates};
/// let late = DatedDiscount { until: "2026-04-08".parse()?, value: "5.00".parse()? };
/// let early = DatedDiscount { until: "2026-04-01".parse()?, value: "10.00".parse()? };
/// let dates = DiscountDates::new(&[late, early])?;
/// assert_eq!(dates.as_slice(), &[early, late]);
/// assert!(DiscountDates::new(&[early, early, early, late]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiscountDates {
    entries: [DatedDiscount; MAX_DISCOUNT_DATES],
    len: u8,
}

impl DiscountDates {
    /// The discounts in `entries`, sorted by date.
    ///
    /// # Errors
    /// [`CobvError::DiscountDates`] when `entries` is empty, has more than three entries or
    /// two entries on the same date.
    pub fn new(entries: &[DatedDiscount]) -> Result<DiscountDates, CobvError> {
        if entries.is_empty() || entries.len() > MAX_DISCOUNT_DATES {
            return Err(CobvError::DiscountDates {
                count: entries.len(),
            });
        }
        let filler = entries[0];
        let mut sorted = [filler; MAX_DISCOUNT_DATES];
        sorted[..entries.len()].copy_from_slice(entries);
        let slice = &mut sorted[..entries.len()];
        slice.sort_unstable_by_key(|d| d.until);
        if slice.windows(2).any(|w| w[0].until == w[1].until) {
            return Err(CobvError::DiscountDates {
                count: entries.len(),
            });
        }
        Ok(DiscountDates {
            entries: sorted,
            len: entries.len() as u8,
        })
    }

    /// The discounts, earliest first.
    pub fn as_slice(&self) -> &[DatedDiscount] {
        &self.entries[..usize::from(self.len)]
    }
}

/// The desconto (a reduction for paying early): modalities 1 to 6.
///
/// ```
/// use pixcode::dynamic::Desconto;
/// let d = Desconto::from_modality(5, "0.15".parse()?)?;
/// assert_eq!(d, Desconto::PercentPerCalendarDay("0.15".parse()?));
/// assert_eq!(d.modality(), 5);
/// // Modalities 1 and 2 need dates: see `Desconto::ValueUntil`.
/// assert!(Desconto::from_modality(1, "5.00".parse()?).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Desconto {
    /// Modality 1: a fixed value up to each date.
    ValueUntil(DiscountDates),
    /// Modality 2: a percentage of `Vo − Va` up to each date.
    PercentUntil(DiscountDates),
    /// Modality 3: a value per calendar day of anticipation.
    ValuePerCalendarDay(Amount),
    /// Modality 4: a value per business day of anticipation.
    ValuePerBusinessDay(Amount),
    /// Modality 5: a percentage of `Vo − Va` per calendar day of anticipation.
    PercentPerCalendarDay(Amount),
    /// Modality 6: a percentage of `Vo − Va` per business day of anticipation.
    PercentPerBusinessDay(Amount),
}

/// The juros (interest for paying late): modalities 1 to 8.
///
/// ```
/// use pixcode::dynamic::Juros;
/// let j = Juros::from_modality(3, "1.00".parse()?)?;
/// assert_eq!(j, Juros::PercentPerMonth("1.00".parse()?));
/// assert!(Juros::from_modality(9, "1.00".parse()?).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Juros {
    /// Modality 1: a value per calendar day late.
    ValuePerCalendarDay(Amount),
    /// Modality 2: a percentage per calendar day late.
    PercentPerDay(Amount),
    /// Modality 3: a percentage per month, counted in calendar days (n = 30).
    PercentPerMonth(Amount),
    /// Modality 4: a percentage per year, counted in calendar days (n = 360).
    PercentPerYear(Amount),
    /// Modality 5: a value per business day late.
    ValuePerBusinessDay(Amount),
    /// Modality 6: a percentage per business day late.
    PercentPerBusinessDay(Amount),
    /// Modality 7: a percentage per month, counted in business days (n = 21).
    PercentPerMonthBusinessDays(Amount),
    /// Modality 8: a percentage per year, counted in business days (n = 252).
    PercentPerYearBusinessDays(Amount),
}

/// The multa (a one-off fine for paying late): modality 1 or 2.
///
/// ```
/// use pixcode::dynamic::Multa;
/// assert_eq!(Multa::from_modality(2, "2.00".parse()?)?.modality(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Multa {
    /// Modality 1: a fixed value.
    Value(Amount),
    /// Modality 2: a percentage of `Vo − Va`.
    Percent(Amount),
}

impl Abatimento {
    /// The abatimento of BCB modality `modality` with `value` (`valorPerc`).
    ///
    /// # Errors
    /// [`CobvError::Modality`] for a modality other than 1 or 2.
    pub fn from_modality(modality: u8, value: Amount) -> Result<Abatimento, CobvError> {
        match modality {
            1 => Ok(Abatimento::Value(value)),
            2 => Ok(Abatimento::Percent(value)),
            found => Err(CobvError::Modality {
                term: Term::Abatimento,
                found,
            }),
        }
    }

    /// The BCB modality number.
    pub fn modality(&self) -> u8 {
        match self {
            Abatimento::Value(_) => 1,
            Abatimento::Percent(_) => 2,
        }
    }
}

impl Desconto {
    /// The per-day desconto of BCB modality 3 to 6 with `value` (`valorPerc`). Modalities 1 and
    /// 2 carry dates: build them with [`Desconto::ValueUntil`] / [`Desconto::PercentUntil`].
    ///
    /// # Errors
    /// [`CobvError::Modality`] for a modality other than 3 to 6 (1 and 2 included: they need
    /// dates).
    pub fn from_modality(modality: u8, value: Amount) -> Result<Desconto, CobvError> {
        match modality {
            3 => Ok(Desconto::ValuePerCalendarDay(value)),
            4 => Ok(Desconto::ValuePerBusinessDay(value)),
            5 => Ok(Desconto::PercentPerCalendarDay(value)),
            6 => Ok(Desconto::PercentPerBusinessDay(value)),
            found => Err(CobvError::Modality {
                term: Term::Desconto,
                found,
            }),
        }
    }

    /// The BCB modality number.
    pub fn modality(&self) -> u8 {
        match self {
            Desconto::ValueUntil(_) => 1,
            Desconto::PercentUntil(_) => 2,
            Desconto::ValuePerCalendarDay(_) => 3,
            Desconto::ValuePerBusinessDay(_) => 4,
            Desconto::PercentPerCalendarDay(_) => 5,
            Desconto::PercentPerBusinessDay(_) => 6,
        }
    }
}

impl Juros {
    /// The juros of BCB modality `modality` (1 to 8) with `value` (`valorPerc`).
    ///
    /// # Errors
    /// [`CobvError::Modality`] for a modality other than 1 to 8.
    pub fn from_modality(modality: u8, value: Amount) -> Result<Juros, CobvError> {
        Ok(match modality {
            1 => Juros::ValuePerCalendarDay(value),
            2 => Juros::PercentPerDay(value),
            3 => Juros::PercentPerMonth(value),
            4 => Juros::PercentPerYear(value),
            5 => Juros::ValuePerBusinessDay(value),
            6 => Juros::PercentPerBusinessDay(value),
            7 => Juros::PercentPerMonthBusinessDays(value),
            8 => Juros::PercentPerYearBusinessDays(value),
            found => {
                return Err(CobvError::Modality {
                    term: Term::Juros,
                    found,
                })
            }
        })
    }

    /// The BCB modality number.
    pub fn modality(&self) -> u8 {
        match self {
            Juros::ValuePerCalendarDay(_) => 1,
            Juros::PercentPerDay(_) => 2,
            Juros::PercentPerMonth(_) => 3,
            Juros::PercentPerYear(_) => 4,
            Juros::ValuePerBusinessDay(_) => 5,
            Juros::PercentPerBusinessDay(_) => 6,
            Juros::PercentPerMonthBusinessDays(_) => 7,
            Juros::PercentPerYearBusinessDays(_) => 8,
        }
    }

    /// `(value, counted in business days, n)`: `n` is 0 for a value per day.
    pub(super) fn parts(&self) -> (Amount, bool, i128) {
        match *self {
            Juros::ValuePerCalendarDay(v) => (v, false, 0),
            Juros::PercentPerDay(v) => (v, false, 1),
            Juros::PercentPerMonth(v) => (v, false, 30),
            Juros::PercentPerYear(v) => (v, false, 360),
            Juros::ValuePerBusinessDay(v) => (v, true, 0),
            Juros::PercentPerBusinessDay(v) => (v, true, 1),
            Juros::PercentPerMonthBusinessDays(v) => (v, true, 21),
            Juros::PercentPerYearBusinessDays(v) => (v, true, 252),
        }
    }
}

impl Multa {
    /// The multa of BCB modality `modality` (1 or 2) with `value` (`valorPerc`).
    ///
    /// # Errors
    /// [`CobvError::Modality`] for a modality other than 1 or 2.
    pub fn from_modality(modality: u8, value: Amount) -> Result<Multa, CobvError> {
        match modality {
            1 => Ok(Multa::Value(value)),
            2 => Ok(Multa::Percent(value)),
            found => Err(CobvError::Modality {
                term: Term::Multa,
                found,
            }),
        }
    }

    /// The BCB modality number.
    pub fn modality(&self) -> u8 {
        match self {
            Multa::Value(_) => 1,
            Multa::Percent(_) => 2,
        }
    }
}

/// Which term of a cobv an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Term {
    /// `valor.original`.
    Original,
    /// `valor.abatimento`.
    Abatimento,
    /// `valor.desconto`.
    Desconto,
    /// `valor.juros`.
    Juros,
    /// `valor.multa`.
    Multa,
    /// `valor.final`.
    Final,
}

impl Term {
    /// The field's name in the Pix API: `abatimento`, `desconto`, …
    pub fn name(self) -> &'static str {
        match self {
            Term::Original => "original",
            Term::Abatimento => "abatimento",
            Term::Desconto => "desconto",
            Term::Juros => "juros",
            Term::Multa => "multa",
            Term::Final => "final",
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a cobv's terms cannot be computed.
///
/// ```
/// use pixcode::dynamic::{Cobv, CobvError, Abatimento, Term};
/// let mut c = Cobv::new("100.00".parse()?, "2026-04-10".parse()?);
/// c.abatimento = Some(Abatimento::Percent("100.00".parse()?));
/// let err = c.on("2026-04-01".parse()?, &Default::default()).unwrap_err();
/// assert_eq!(err, CobvError::NotBelowOriginal { term: Term::Abatimento });
/// assert_eq!(err.to_string(), "the abatimento must be smaller than the original value");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CobvError {
    /// A modality number the term does not have.
    Modality {
        /// The term.
        term: Term,
        /// The number given.
        found: u8,
    },
    /// A money value with more than two decimals.
    Inexact {
        /// The term.
        term: Term,
    },
    /// The original value is zero.
    ZeroOriginal,
    /// An abatimento or desconto not smaller than the original value (or not under 100 %).
    NotBelowOriginal {
        /// The term.
        term: Term,
    },
    /// Dated discounts: none, more than three, or two on one date.
    DiscountDates {
        /// How many were given.
        count: usize,
    },
    /// A dated discount after the due date.
    DiscountAfterDue {
        /// The discount's date.
        until: Date,
    },
    /// The discounts on this date exceed what is left to pay.
    DiscountsExceedValue,
    /// A component does not fit the Pix money format (`\d{1,10}\.\d{2}`).
    Overflow {
        /// The term.
        term: Term,
    },
}

impl fmt::Display for CobvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            CobvError::Modality { term, found } => {
                let expected = match term {
                    Term::Abatimento | Term::Multa => "1 or 2",
                    Term::Desconto => "1 to 6 (3 to 6 without dates)",
                    _ => "1 to 8",
                };
                write!(f, "expected a {term} modality {expected} but found {found}")
            }
            CobvError::Inexact { term } => write!(
                f,
                "the {term} value has more than two decimals; money is exact to the centavo"
            ),
            CobvError::ZeroOriginal => f.write_str("the original value must be above zero"),
            CobvError::NotBelowOriginal { term } => {
                write!(f, "the {term} must be smaller than the original value")
            }
            CobvError::DiscountDates { count } => write!(
                f,
                "expected 1 to {MAX_DISCOUNT_DATES} dated discounts on distinct dates but found {count}"
            ),
            CobvError::DiscountAfterDue { until } => {
                write!(f, "the discount date {until} is after the due date")
            }
            CobvError::DiscountsExceedValue => {
                f.write_str("the discounts exceed the value left to pay")
            }
            CobvError::Overflow { term } => {
                write!(f, "the {term} does not fit in 10 digits and 2 decimals")
            }
        }
    }
}

impl core::error::Error for CobvError {}
