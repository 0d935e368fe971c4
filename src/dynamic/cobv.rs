//! What a cobv (a charge with a due date) costs on a given date, as the receiving PSP computes
//! `valor.final` (spec `brcode.md` §5.7, BCB Anexo III):
//!
//! **Vf = Vo − Va − Vd + Vj + Vm**, every component truncated (never rounded) to centavos,
//! on a banking [`Calendar`].
//!
//! All the arithmetic is on integers: amounts are centavos, rates are the exact decimal the
//! caller wrote, and the interest factor is truncated to 6 decimals as BCB prescribes. No
//! floating point is involved anywhere.
//!
//! The readings taken where BCB's text is ambiguous are listed in the module docs.

use core::fmt;

use super::calendar::{Calendar, Date};
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
    fn parts(&self) -> (Amount, bool, i128) {
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

/// The terms a cobv was created with (the Pix API's request model): the original value, the
/// due date, the validity after it and the optional abatimento, desconto, juros and multa.
///
/// ```
/// use pixcode::dynamic::{Calendar, Cobv, Juros, Multa};
/// // brcode.md §5.7: due Friday 2026-04-10, paid 10 days late, 1 %/month and a 2 % fine.
/// let mut cobv = Cobv::new("100.00".parse()?, "2026-04-10".parse()?);
/// cobv.juros = Some(Juros::PercentPerMonth("1.00".parse()?));
/// cobv.multa = Some(Multa::Percent("2.00".parse()?));
/// let b = cobv.on("2026-04-20".parse()?, &Calendar::national())?;
/// assert_eq!(b.juros.to_string(), "0.33");
/// assert_eq!(b.multa.to_string(), "2.00");
/// assert_eq!(b.final_value.to_string(), "102.33");
/// assert_eq!(b.days_late, 10);
/// assert!(b.payable);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cobv {
    /// `valor.original`.
    pub original: Amount,
    /// `calendario.dataDeVencimento`.
    pub due: Date,
    /// `calendario.validadeAposVencimento`: calendar days after the (rolled) due date during
    /// which the charge may still be paid. 30 unless set.
    pub validity_days: u32,
    /// `valor.abatimento`.
    pub abatimento: Option<Abatimento>,
    /// `valor.desconto`.
    pub desconto: Option<Desconto>,
    /// `valor.juros`.
    pub juros: Option<Juros>,
    /// `valor.multa`.
    pub multa: Option<Multa>,
}

/// What a cobv costs on one date, component by component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Breakdown {
    /// The date of the calculation (the payment date, `DPP`).
    pub on: Date,
    /// The due date as written.
    pub due: Date,
    /// The due date moved to the next business day when it is not one.
    pub due_rolled: Date,
    /// The last day the charge may be paid: `due_rolled` + the validity days.
    pub last_payable_day: Date,
    /// Whether the charge may be paid on `on` (on or before `last_payable_day`).
    pub payable: bool,
    /// Calendar days after `due_rolled` (0 when on time).
    pub days_late: i64,
    /// Calendar days before `due_rolled` (0 when on or after it).
    pub days_early: i64,
    /// `Vo`.
    pub original: Amount,
    /// `Va`.
    pub abatimento: Amount,
    /// `Vd`.
    pub desconto: Amount,
    /// `Vj`.
    pub juros: Amount,
    /// `Vm`.
    pub multa: Amount,
    /// `Vf = Vo − Va − Vd + Vj + Vm`.
    pub final_value: Amount,
}

/// `10^n` for the scales an [`Amount`] can have (at most 13 digits).
const fn pow10(n: u8) -> i128 {
    10i128.pow(n as u32)
}

/// An amount as `(numerator, denominator)`: exactly `mantissa / 10^scale`.
fn ratio(a: Amount) -> (i128, i128) {
    (i128::from(a.mantissa()), pow10(a.scale()))
}

fn cents(a: Amount, term: Term) -> Result<i128, CobvError> {
    a.cents().map(i128::from).ok_or(CobvError::Inexact { term })
}

/// `trunc(num / den)` for non-negative operands, with overflow reported against `term`.
fn mul_div(factors: &[i128], den: i128, term: Term) -> Result<i128, CobvError> {
    let mut num: i128 = 1;
    for &f in factors {
        num = num.checked_mul(f).ok_or(CobvError::Overflow { term })?;
    }
    Ok(num / den)
}

fn money(c: i128, term: Term) -> Result<Amount, CobvError> {
    let c = u64::try_from(c).map_err(|_| CobvError::Overflow { term })?;
    let a = Amount::from_minor_units(c, 2).map_err(|_| CobvError::Overflow { term })?;
    // The Pix money format has at most 10 integer digits.
    if c >= 1_000_000_000_000 {
        return Err(CobvError::Overflow { term });
    }
    Ok(a)
}

impl Cobv {
    /// A cobv of `original` due on `due`, valid 30 days after it, with no other terms.
    pub fn new(original: Amount, due: Date) -> Cobv {
        Cobv {
            original,
            due,
            validity_days: 30,
            abatimento: None,
            desconto: None,
            juros: None,
            multa: None,
        }
    }

    /// What the charge costs when paid on `on`, with non-business days from `calendar` (the
    /// payer's: national holidays plus those of their municipality).
    ///
    /// A date past the validity still gets its breakdown, with [`Breakdown::payable`] false.
    ///
    /// # Errors
    /// [`CobvError`] when the terms are inconsistent (a modality or a value out of range, a
    /// discount date after the due date, discounts above the value) or a component overflows
    /// the money format.
    pub fn on(&self, on: Date, calendar: &Calendar<'_>) -> Result<Breakdown, CobvError> {
        let vo = cents(self.original, Term::Original)?;
        if vo == 0 {
            return Err(CobvError::ZeroOriginal);
        }
        let due_rolled = calendar.roll_forward(self.due);
        let last_payable_day = due_rolled.add_days(i64::from(self.validity_days));
        let delta = on.days_since_epoch() - due_rolled.days_since_epoch();
        let (days_late, days_early) = (delta.max(0), (-delta).max(0));

        // Abatimento.
        let va = match self.abatimento {
            None => 0,
            Some(Abatimento::Value(v)) => cents(v, Term::Abatimento)?,
            Some(Abatimento::Percent(p)) => {
                let (m, d) = ratio(p);
                if m >= 100 * d {
                    return Err(CobvError::NotBelowOriginal {
                        term: Term::Abatimento,
                    });
                }
                mul_div(&[vo, m], 100 * d, Term::Abatimento)?
            }
        };
        if va >= vo {
            return Err(CobvError::NotBelowOriginal {
                term: Term::Abatimento,
            });
        }
        let base = vo - va;

        // Desconto.
        let vd = match self.desconto {
            None => 0,
            Some(Desconto::ValueUntil(dates)) | Some(Desconto::PercentUntil(dates)) => {
                let percent = matches!(self.desconto, Some(Desconto::PercentUntil(_)));
                let mut applies = None;
                for entry in dates.as_slice() {
                    if entry.until > self.due {
                        return Err(CobvError::DiscountAfterDue { until: entry.until });
                    }
                    let value = if percent {
                        let (m, d) = ratio(entry.value);
                        if m >= 100 * d {
                            return Err(CobvError::NotBelowOriginal {
                                term: Term::Desconto,
                            });
                        }
                        mul_div(&[base, m], 100 * d, Term::Desconto)?
                    } else {
                        let v = cents(entry.value, Term::Desconto)?;
                        if v >= vo {
                            return Err(CobvError::NotBelowOriginal {
                                term: Term::Desconto,
                            });
                        }
                        v
                    };
                    if applies.is_none() && on <= calendar.roll_forward(entry.until) {
                        applies = Some(value);
                    }
                }
                applies.unwrap_or(0)
            }
            Some(Desconto::ValuePerCalendarDay(v)) => mul_div(
                &[cents(v, Term::Desconto)?, days_early.into()],
                1,
                Term::Desconto,
            )?,
            Some(Desconto::ValuePerBusinessDay(v)) => {
                let days = calendar.business_days_between(on, due_rolled).max(0);
                mul_div(&[cents(v, Term::Desconto)?, days.into()], 1, Term::Desconto)?
            }
            Some(Desconto::PercentPerCalendarDay(p)) => {
                let (m, d) = ratio(p);
                mul_div(&[base, m, days_early.into()], 100 * d, Term::Desconto)?
            }
            Some(Desconto::PercentPerBusinessDay(p)) => {
                let (m, d) = ratio(p);
                let days = calendar.business_days_between(on, due_rolled).max(0);
                mul_div(&[base, m, days.into()], 100 * d, Term::Desconto)?
            }
        };
        if vd > base {
            return Err(CobvError::DiscountsExceedValue);
        }

        // Juros.
        let vj = match self.juros {
            None => 0,
            Some(j) => {
                let (value, business, n) = j.parts();
                let days = if business {
                    calendar.business_days_between(due_rolled, on).max(0)
                } else {
                    days_late
                };
                if n == 0 {
                    mul_div(&[cents(value, Term::Juros)?, days.into()], 1, Term::Juros)?
                } else {
                    let (m, d) = ratio(value);
                    // F = trunc6(m/d / 100 / n × days), in millionths.
                    let f = mul_div(&[m, days.into(), 1_000_000], d * 100 * n, Term::Juros)?;
                    mul_div(&[base, f], 1_000_000, Term::Juros)?
                }
            }
        };

        // Multa.
        let k = i128::from(days_late > 0);
        let vm = match self.multa {
            None => 0,
            Some(Multa::Value(v)) => cents(v, Term::Multa)? * k,
            Some(Multa::Percent(p)) => {
                let (m, d) = ratio(p);
                mul_div(&[base, m, k], 100 * d, Term::Multa)?
            }
        };

        let vf = base - vd + vj + vm;
        Ok(Breakdown {
            on,
            due: self.due,
            due_rolled,
            last_payable_day,
            payable: on <= last_payable_day,
            days_late,
            days_early,
            original: money(vo, Term::Original)?,
            abatimento: money(va, Term::Abatimento)?,
            desconto: money(vd, Term::Desconto)?,
            juros: money(vj, Term::Juros)?,
            multa: money(vm, Term::Multa)?,
            final_value: money(vf, Term::Final)?,
        })
    }
}

/// Whether `final` equals `original − abatimento − desconto + juros + multa` to the centavo,
/// as a served cobv payload must state it; missing components count as zero.
///
/// Returns `None` when a value is not exact to the centavo.
///
/// ```
/// use pixcode::dynamic::final_is_consistent;
/// let a = |s: &str| s.parse::<pixcode::Amount>().unwrap();
/// assert_eq!(final_is_consistent(a("100.00"), None, None, Some(a("0.33")), Some(a("2.00")), a("102.33")), Some(true));
/// assert_eq!(final_is_consistent(a("100.00"), None, Some(a("1.00")), None, None, a("100.00")), Some(false));
/// ```
pub fn final_is_consistent(
    original: Amount,
    abatimento: Option<Amount>,
    desconto: Option<Amount>,
    juros: Option<Amount>,
    multa: Option<Amount>,
    final_value: Amount,
) -> Option<bool> {
    let sum = components_sum(original, abatimento, desconto, juros, multa)?;
    Some(sum == i128::from(final_value.cents()?))
}

/// `original − abatimento − desconto + juros + multa` in centavos; `None` when a value is not
/// exact to the centavo.
pub(crate) fn components_sum(
    original: Amount,
    abatimento: Option<Amount>,
    desconto: Option<Amount>,
    juros: Option<Amount>,
    multa: Option<Amount>,
) -> Option<i128> {
    let c = |a: Option<Amount>| a.map_or(Some(0), |a| a.cents().map(i128::from));
    Some(c(Some(original))? - c(abatimento)? - c(desconto)? + c(juros)? + c(multa)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }
    fn a(s: &str) -> Amount {
        s.parse().unwrap()
    }
    fn run(c: &Cobv, on: &str) -> Breakdown {
        c.on(d(on), &Calendar::national()).unwrap()
    }

    #[test]
    fn spec_example_juros_and_multa() {
        let mut c = Cobv::new(a("100.00"), d("2026-04-10"));
        c.juros = Some(Juros::PercentPerMonth(a("1.00")));
        c.multa = Some(Multa::Percent(a("2.00")));
        let b = run(&c, "2026-04-20");
        assert_eq!(
            (b.juros, b.multa, b.final_value),
            (a("0.33"), a("2.00"), a("102.33"))
        );
        // On the due date itself: nothing added.
        let b = run(&c, "2026-04-10");
        assert_eq!(
            (b.juros, b.multa, b.final_value),
            (a("0.00"), a("0.00"), a("100.00"))
        );
    }

    #[test]
    fn spec_example_abatimento_and_daily_discount() {
        let mut c = Cobv::new(a("1500.00"), d("2026-04-10"));
        c.abatimento = Some(Abatimento::Percent(a("10.00")));
        c.desconto = Some(Desconto::PercentPerCalendarDay(a("0.15")));
        let b = run(&c, "2026-04-06");
        assert_eq!(b.abatimento, a("150.00"));
        assert_eq!(b.desconto, a("8.10"));
        assert_eq!(b.final_value, a("1341.90"));
    }
}
