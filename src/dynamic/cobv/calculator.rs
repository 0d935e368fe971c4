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

use super::calendar::{Calendar, Date};
use super::terms::*;
use crate::Amount;

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
