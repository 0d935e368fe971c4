//! What a cobv costs on a date: every modality against hand-checked figures (each comment
//! shows the arithmetic), the rolling of due and discount dates, the validity window, and the
//! refusals.
#![cfg(feature = "cobv")]

use pixcode::dynamic::{
    final_is_consistent, Abatimento, Breakdown, Calendar, Cobv, CobvError, DatedDiscount, Desconto,
    DiscountDates, Juros, Multa, Term,
};
use pixcode::Amount;
use proptest::prelude::*;

fn a(s: &str) -> Amount {
    s.parse().unwrap()
}
fn d(s: &str) -> pixcode::dynamic::Date {
    s.parse().unwrap()
}
/// Due Friday 2026-04-10 (Good Friday is 04-03, Tiradentes Tuesday 04-21).
fn cobv(original: &str) -> Cobv {
    Cobv::new(a(original), d("2026-04-10"))
}
fn on(c: &Cobv, date: &str) -> Breakdown {
    c.on(d(date), &Calendar::national()).unwrap()
}
fn fin(c: &Cobv, date: &str) -> String {
    on(c, date).final_value.to_string()
}

#[test]
fn abatimento_modalities() {
    let mut c = cobv("200.00");
    c.abatimento = Some(Abatimento::Value(a("10.00")));
    assert_eq!(fin(&c, "2026-04-10"), "190.00");
    // 123.45 × 7.77 % = 9.592065 → 9.59.
    let mut c = cobv("123.45");
    c.abatimento = Some(Abatimento::Percent(a("7.77")));
    assert_eq!(on(&c, "2026-04-01").abatimento, a("9.59"));
    assert_eq!(fin(&c, "2026-04-01"), "113.86");
}

#[test]
fn dated_value_discount_takes_the_earliest_date_not_yet_passed() {
    let mut c = cobv("100.00");
    let dates = DiscountDates::new(&[
        // Sunday 04-05 moves to Monday 04-06 (Good Friday and the weekend come before).
        DatedDiscount {
            until: d("2026-04-05"),
            value: a("5.00"),
        },
        DatedDiscount {
            until: d("2026-04-01"),
            value: a("10.00"),
        },
    ])
    .unwrap();
    c.desconto = Some(Desconto::ValueUntil(dates));
    for (date, expected) in [
        ("2026-03-31", "90.00"),
        ("2026-04-01", "90.00"),
        ("2026-04-02", "95.00"),
        ("2026-04-06", "95.00"),
        ("2026-04-07", "100.00"),
        ("2026-04-10", "100.00"),
    ] {
        assert_eq!(fin(&c, date), expected, "paid on {date}");
    }
}

#[test]
fn dated_percent_discount_applies_to_the_value_less_the_abatimento() {
    // Vo 333.33, Va 33.33: 300.00 × 3.33 % = 9.99 → Vf 290.01.
    let mut c = cobv("333.33");
    c.abatimento = Some(Abatimento::Value(a("33.33")));
    let dates = DiscountDates::new(&[DatedDiscount {
        until: d("2026-04-08"),
        value: a("3.33"),
    }])
    .unwrap();
    c.desconto = Some(Desconto::PercentUntil(dates));
    let b = on(&c, "2026-04-08");
    assert_eq!((b.desconto, b.final_value), (a("9.99"), a("290.01")));
    assert_eq!(fin(&c, "2026-04-09"), "300.00");
}

#[test]
fn per_day_discounts_count_days_of_anticipation() {
    // Modality 3: 0.50 a calendar day, 4 days early (04-06 → 04-10).
    let mut c = cobv("100.00");
    c.desconto = Some(Desconto::ValuePerCalendarDay(a("0.50")));
    let b = on(&c, "2026-04-06");
    assert_eq!((b.days_early, b.desconto), (4, a("2.00")));
    // Modality 4: 0.50 a business day from Wed 04-01: 02, 06, 07, 08, 09, 10 (Good Friday
    // and the weekend are not counted) = 6 → 3.00.
    c.desconto = Some(Desconto::ValuePerBusinessDay(a("0.50")));
    assert_eq!(on(&c, "2026-04-01").desconto, a("3.00"));
    // Modality 5: 1500 − 150 = 1350 × 0.15 % × 4 = 8.10 (brcode.md §5.7).
    let mut c = cobv("1500.00");
    c.abatimento = Some(Abatimento::Percent(a("10.00")));
    c.desconto = Some(Desconto::PercentPerCalendarDay(a("0.15")));
    assert_eq!(fin(&c, "2026-04-06"), "1341.90");
    // Modality 6: 999.99 × 0.10 % × 6 business days = 5.99994 → 5.99.
    let mut c = cobv("999.99");
    c.desconto = Some(Desconto::PercentPerBusinessDay(a("0.10")));
    let b = on(&c, "2026-04-01");
    assert_eq!((b.desconto, b.final_value), (a("5.99"), a("994.00")));
    // No discount on or after the due date.
    assert_eq!(on(&c, "2026-04-10").desconto, a("0.00"));
    assert_eq!(on(&c, "2026-04-15").desconto, a("0.00"));
}

#[test]
fn juros_calendar_day_modalities() {
    // Modality 1: 0.25 a day × 10 days = 2.50.
    let mut c = cobv("100.00");
    c.juros = Some(Juros::ValuePerCalendarDay(a("0.25")));
    assert_eq!(fin(&c, "2026-04-20"), "102.50");
    // Modality 2: F = trunc6(0.033 % × 10) = 0.0033; 1234.56 × 0.0033 = 4.074048 → 4.07.
    let mut c = cobv("1234.56");
    c.juros = Some(Juros::PercentPerDay(a("0.033")));
    assert_eq!(on(&c, "2026-04-20").juros, a("4.07"));
    // Modality 3: the spec's example, F = trunc6(1 %/30 × 10) = 0.003333 → 0.33.
    let mut c = cobv("100.00");
    c.juros = Some(Juros::PercentPerMonth(a("1.00")));
    assert_eq!(on(&c, "2026-04-20").juros, a("0.33"));
    // Modality 4: F = trunc6(12 %/360 × 10) = 0.003333, truncated once after the days:
    // 100000.00 × 0.003333 = 333.30 (truncating the daily rate first would give 333.00).
    let mut c = cobv("100000.00");
    c.juros = Some(Juros::PercentPerYear(a("12.00")));
    assert_eq!(on(&c, "2026-04-20").juros, a("333.30"));
}

#[test]
fn juros_business_day_modalities() {
    // Due Fri 04-10, paid Wed 04-22: business days 13–17, 20, 22 (21 is Tiradentes) = 7.
    let mut c = cobv("500.00");
    c.juros = Some(Juros::ValuePerBusinessDay(a("0.10")));
    let b = on(&c, "2026-04-22");
    assert_eq!((b.days_late, b.juros), (12, a("0.70")));
    // Modality 6: F = 0.05 % × 7 = 0.0035 → 1.75.
    c.juros = Some(Juros::PercentPerBusinessDay(a("0.05")));
    assert_eq!(on(&c, "2026-04-22").juros, a("1.75"));
    // Modality 7: F = trunc6(2 %/21 × 7) = 0.006666 → 3.333 → 3.33.
    c.juros = Some(Juros::PercentPerMonthBusinessDays(a("2.00")));
    assert_eq!(on(&c, "2026-04-22").juros, a("3.33"));
    // Modality 8: F = 25.2 %/252 × 7 = 0.007 → 3.50.
    c.juros = Some(Juros::PercentPerYearBusinessDays(a("25.20")));
    assert_eq!(on(&c, "2026-04-22").juros, a("3.50"));
    // A Saturday after a Friday due date: one calendar day late, no business day.
    c.juros = Some(Juros::ValuePerBusinessDay(a("0.10")));
    c.multa = Some(Multa::Value(a("5.00")));
    let b = on(&c, "2026-04-11");
    assert_eq!((b.days_late, b.juros, b.multa), (1, a("0.00"), a("5.00")));
}

#[test]
fn multa_is_due_once_from_the_first_day_late() {
    let mut c = cobv("100.00");
    c.multa = Some(Multa::Value(a("5.00")));
    assert_eq!(on(&c, "2026-04-10").multa, a("0.00"));
    assert_eq!(on(&c, "2026-04-11").multa, a("5.00"));
    assert_eq!(on(&c, "2026-05-01").multa, a("5.00"));
    // Modality 2 on Vo − Va, with juros on the same base:
    // Va 100.00; 30 days late: F = trunc6(1 %/30 × 30) = 0.01 → 9.00; multa 2 % → 18.00.
    let mut c = cobv("1000.00");
    c.abatimento = Some(Abatimento::Percent(a("10.00")));
    c.juros = Some(Juros::PercentPerMonth(a("1.00")));
    c.multa = Some(Multa::Percent(a("2.00")));
    let b = on(&c, "2026-05-10");
    assert_eq!(
        (b.abatimento, b.juros, b.multa, b.final_value),
        (a("100.00"), a("9.00"), a("18.00"), a("927.00"))
    );
}

#[test]
fn a_due_date_on_a_non_business_day_rolls_forward() {
    // Saturday 2026-04-04 rolls to Monday 04-06.
    let mut c = Cobv::new(a("100.00"), d("2026-04-04"));
    c.multa = Some(Multa::Value(a("1.00")));
    let b = on(&c, "2026-04-06");
    assert_eq!(
        (b.due_rolled, b.days_late, b.multa),
        (d("2026-04-06"), 0, a("0.00"))
    );
    assert_eq!(on(&c, "2026-04-07").multa, a("1.00"));
    // Sunday 2027-02-07 rolls over Carnival to Ash Wednesday 02-10.
    let c = Cobv::new(a("100.00"), d("2027-02-07"));
    assert_eq!(on(&c, "2027-02-10").due_rolled, d("2027-02-10"));
    // A municipal holiday rolls it only with the payer's calendar.
    let mut c = Cobv::new(a("100.00"), d("2027-01-25"));
    c.multa = Some(Multa::Value(a("1.00")));
    let local = [d("2027-01-25")];
    let sp = Calendar::with_local_holidays(&local);
    assert_eq!(c.on(d("2027-01-26"), &sp).unwrap().multa, a("0.00"));
    assert_eq!(on(&c, "2027-01-26").multa, a("1.00"));
}

#[test]
fn validity_runs_calendar_days_from_the_rolled_due_date() {
    let mut c = cobv("100.00");
    let b = on(&c, "2026-05-10");
    assert_eq!(b.last_payable_day, d("2026-05-10"));
    assert!(b.payable);
    assert!(!on(&c, "2026-05-11").payable);
    c.validity_days = 0;
    assert!(on(&c, "2026-04-10").payable);
    assert!(!on(&c, "2026-04-11").payable);
    // Due Saturday 04-04 → Monday 04-06, + 1 day → 04-07.
    let mut c = Cobv::new(a("1.00"), d("2026-04-04"));
    c.validity_days = 1;
    assert_eq!(on(&c, "2026-04-01").last_payable_day, d("2026-04-07"));
}

#[test]
fn inconsistent_terms_are_refused_with_the_term_named() {
    let cal = Calendar::national();
    let mut c = cobv("100.00");
    c.abatimento = Some(Abatimento::Value(a("100.00")));
    assert_eq!(
        c.on(d("2026-04-01"), &cal),
        Err(CobvError::NotBelowOriginal {
            term: Term::Abatimento
        })
    );

    let mut c = cobv("100.00");
    let late = DiscountDates::new(&[DatedDiscount {
        until: d("2026-04-11"),
        value: a("1.00"),
    }])
    .unwrap();
    c.desconto = Some(Desconto::ValueUntil(late));
    assert_eq!(
        c.on(d("2026-04-01"), &cal),
        Err(CobvError::DiscountAfterDue {
            until: d("2026-04-11")
        })
    );

    // 10.00 a day for 30 days is more than the 100.00 owed.
    c.desconto = Some(Desconto::ValuePerCalendarDay(a("10.00")));
    assert_eq!(
        c.on(d("2026-03-11"), &cal),
        Err(CobvError::DiscountsExceedValue)
    );

    let c = cobv("0.00");
    assert_eq!(c.on(d("2026-04-01"), &cal), Err(CobvError::ZeroOriginal));
    let c = cobv("1.005");
    assert_eq!(
        c.on(d("2026-04-01"), &cal),
        Err(CobvError::Inexact {
            term: Term::Original
        })
    );

    assert_eq!(
        Juros::from_modality(0, a("1.00")),
        Err(CobvError::Modality {
            term: Term::Juros,
            found: 0
        })
    );
    assert!(Multa::from_modality(3, a("1.00")).is_err());
    assert!(Abatimento::from_modality(0, a("1.00")).is_err());
    assert!(Desconto::from_modality(2, a("1.00")).is_err());
    assert!(DiscountDates::new(&[]).is_err());

    // Interest that does not fit the money format is an error, not a wrapped number.
    let mut c = cobv("9999999999.99");
    c.juros = Some(Juros::PercentPerDay(a("100.00")));
    assert_eq!(
        c.on(d("2026-05-10"), &cal),
        Err(CobvError::Overflow { term: Term::Juros })
    );
}

proptest! {
    /// Whatever the terms, the breakdown states a final value consistent with its parts, and
    /// nothing is added on time nor subtracted when late.
    #[test]
    fn the_final_value_is_the_sum_of_its_parts(
        vo in 1u64..100_000_000,
        ab in proptest::option::of(0u64..5_000),
        juros_mod in 1u8..=8,
        juros_rate in 0u64..1_000,
        disc_mod in 3u8..=6,
        disc_rate in 0u64..10,
        multa_rate in 0u64..1_000,
        offset in -60i64..60,
    ) {
        let mut c = Cobv::new(Amount::from_minor_units(vo, 2).unwrap(), d("2026-04-10"));
        c.abatimento = ab.map(|p| Abatimento::Percent(Amount::from_minor_units(p, 2).unwrap()));
        c.juros = Some(Juros::from_modality(juros_mod, Amount::from_minor_units(juros_rate, 2).unwrap()).unwrap());
        c.desconto = Some(Desconto::from_modality(disc_mod, Amount::from_minor_units(disc_rate, 2).unwrap()).unwrap());
        c.multa = Some(Multa::Percent(Amount::from_minor_units(multa_rate, 2).unwrap()));
        let when = d("2026-04-10").add_days(offset);
        match c.on(when, &Calendar::national()) {
            Ok(b) => {
                prop_assert_eq!(
                    final_is_consistent(b.original, Some(b.abatimento), Some(b.desconto), Some(b.juros), Some(b.multa), b.final_value),
                    Some(true)
                );
                if offset <= 0 {
                    prop_assert!(b.juros.is_zero() && b.multa.is_zero());
                } else {
                    prop_assert!(b.desconto.is_zero());
                }
                prop_assert_eq!(b.payable, offset <= 30);
            }
            Err(e) => prop_assert_eq!(e, CobvError::DiscountsExceedValue),
        }
    }
}
