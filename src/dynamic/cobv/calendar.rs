//! The banking calendar of the Brazilian financial market, for cobv due dates (spec
//! `dynamic.md` §5): weekends, the national holidays, Carnival Monday and Tuesday and Corpus
//! Christi (bank holidays though federal optional days, CMN Res. 4.880/2020), 20 November from
//! 2024 (Lei 14.759/2023), plus the holidays of the payer's municipality, which the caller
//! supplies. Ash Wednesday is a business day.
//!
//! Dates are proleptic Gregorian calendar dates; no time zone is involved.

use core::fmt;

/// A calendar date (proleptic Gregorian), from year 1 to 9999.
///
/// ```
/// use pixcode::dynamic::Date;
/// let d: Date = "2026-02-16".parse()?;
/// assert_eq!((d.year(), d.month(), d.day()), (2026, 2, 16));
/// assert_eq!(d.weekday(), 1); // Monday
/// assert_eq!(d.add_days(-47).to_string(), "2025-12-31");
/// # Ok::<(), pixcode::dynamic::DateError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    // Field order gives the derived ordering: year, then month, then day.
    year: u16,
    month: u8,
    day: u8,
}

/// Why a date was refused.
///
/// ```
/// use pixcode::dynamic::{Date, DateError};
/// assert_eq!(Date::new(2025, 2, 29), Err(DateError::NoSuchDay));
/// assert_eq!("2025-2-1".parse::<Date>(), Err(DateError::Format));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DateError {
    /// Not written as `YYYY-MM-DD`.
    Format,
    /// A year outside 1–9999, a month outside 1–12, or a day the month does not have.
    NoSuchDay,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateError::Format => "expected a date as YYYY-MM-DD",
            DateError::NoSuchDay => "no such day in the calendar",
        })
    }
}

impl core::error::Error for DateError {}

const fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// The date `year-month-day`.
    ///
    /// # Errors
    /// [`DateError::NoSuchDay`] for a day the calendar does not have.
    pub const fn new(year: u16, month: u8, day: u8) -> Result<Date, DateError> {
        if year == 0 || year > 9999 || month == 0 || month > 12 || day == 0 {
            return Err(DateError::NoSuchDay);
        }
        if day > days_in_month(year, month) {
            return Err(DateError::NoSuchDay);
        }
        Ok(Date { year, month, day })
    }

    /// The year.
    pub const fn year(self) -> u16 {
        self.year
    }

    /// The month, 1–12.
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1–31.
    pub const fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before it).
    ///
    /// ```
    /// use pixcode::dynamic::Date;
    /// assert_eq!(Date::new(1970, 1, 1)?.days_since_epoch(), 0);
    /// assert_eq!(Date::new(2024, 2, 29)?.days_since_epoch(), 19_782);
    /// # Ok::<(), pixcode::dynamic::DateError>(())
    /// ```
    pub const fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (self.month as i64, self.day as i64);
        let y = self.year as i64 - if m <= 2 { 1 } else { 0 };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    ///
    /// # Errors
    /// [`DateError::NoSuchDay`] outside years 1–9999.
    pub const fn from_days_since_epoch(days: i64) -> Result<Date, DateError> {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
        if y < 1 || y > 9999 {
            return Err(DateError::NoSuchDay);
        }
        Date::new(y as u16, m as u8, d as u8)
    }

    /// The date `n` calendar days later (earlier when `n` is negative), clamped to the years
    /// 1–9999.
    pub fn add_days(self, n: i64) -> Date {
        let days = self.days_since_epoch().saturating_add(n);
        match Date::from_days_since_epoch(days) {
            Ok(d) => d,
            Err(_) if n < 0 => Date {
                year: 1,
                month: 1,
                day: 1,
            },
            Err(_) => Date {
                year: 9999,
                month: 12,
                day: 31,
            },
        }
    }

    /// The day of the week, ISO style: 1 = Monday … 7 = Sunday.
    pub const fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (4).
        ((self.days_since_epoch() + 3).rem_euclid(7) + 1) as u8
    }

    /// Whether the date falls on a Saturday or a Sunday.
    pub const fn is_weekend(self) -> bool {
        self.weekday() >= 6
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl core::str::FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Format);
        }
        let num = |r: core::ops::Range<usize>| -> Result<u16, DateError> {
            b[r].iter().try_fold(0u16, |acc, &c| {
                if c.is_ascii_digit() {
                    Ok(acc * 10 + u16::from(c - b'0'))
                } else {
                    Err(DateError::Format)
                }
            })
        };
        Date::new(num(0..4)?, num(5..7)? as u8, num(8..10)? as u8)
    }
}

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous Gregorian algorithm).
///
/// ```
/// use pixcode::dynamic::{easter, Date};
/// assert_eq!(easter(2026), Date::new(2026, 4, 5)?);
/// # Ok::<(), pixcode::dynamic::DateError>(())
/// ```
pub fn easter(year: u16) -> Date {
    let y = i64::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // Always a day in March or April.
    Date {
        year,
        month: month as u8,
        day: day as u8,
    }
}

/// Why a date is not a business day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NonBusinessDay {
    /// Saturday or Sunday.
    Weekend,
    /// A national holiday of the financial market, with its name.
    National(&'static str),
    /// A holiday the caller supplied (the payer's municipality).
    Local,
}

/// The national holiday on `date`, if any, with its name.
///
/// ```
/// use pixcode::dynamic::{national_holiday, Date};
/// assert_eq!(national_holiday(Date::new(2027, 2, 9)?), Some("Carnaval"));
/// assert_eq!(national_holiday(Date::new(2027, 2, 10)?), None); // Ash Wednesday
/// assert_eq!(national_holiday(Date::new(2023, 11, 20)?), None); // before Lei 14.759/2023
/// assert_eq!(national_holiday(Date::new(2024, 11, 20)?), Some("Consciência Negra"));
/// # Ok::<(), pixcode::dynamic::DateError>(())
/// ```
pub fn national_holiday(date: Date) -> Option<&'static str> {
    let fixed = match (date.month, date.day) {
        (1, 1) => Some("Confraternização Universal"),
        (4, 21) => Some("Tiradentes"),
        (5, 1) => Some("Dia do Trabalho"),
        (9, 7) => Some("Independência do Brasil"),
        (10, 12) => Some("Nossa Senhora Aparecida"),
        (11, 2) => Some("Finados"),
        (11, 15) => Some("Proclamação da República"),
        (11, 20) if date.year >= 2024 => Some("Consciência Negra"),
        (12, 25) => Some("Natal"),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    if !(2..=7).contains(&date.month) {
        return None;
    }
    match date.days_since_epoch() - easter(date.year).days_since_epoch() {
        -48 | -47 => Some("Carnaval"),
        -2 => Some("Paixão de Cristo"),
        60 => Some("Corpus Christi"),
        _ => None,
    }
}

/// The banking calendar: national non-business days and the caller's local holidays.
///
/// ```
/// use pixcode::dynamic::{Calendar, Date};
/// // São Paulo's anniversary, 25 January, as a municipal holiday.
/// let local = [Date::new(2027, 1, 25)?];
/// let cal = Calendar::with_local_holidays(&local);
/// // Friday 2027-01-22 + 1 business day skips the weekend and Monday the 25th.
/// assert_eq!(cal.add_business_days(Date::new(2027, 1, 22)?, 1), Date::new(2027, 1, 26)?);
/// // A due date on Carnival Monday rolls to Ash Wednesday.
/// assert_eq!(Calendar::national().roll_forward(Date::new(2027, 2, 8)?), Date::new(2027, 2, 10)?);
/// # Ok::<(), pixcode::dynamic::DateError>(())
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Calendar<'h> {
    local: &'h [Date],
}

impl<'h> Calendar<'h> {
    /// Weekends and national holidays only.
    pub const fn national() -> Calendar<'static> {
        Calendar { local: &[] }
    }

    /// Weekends, national holidays and `local` (the payer's municipal holidays).
    pub const fn with_local_holidays(local: &'h [Date]) -> Calendar<'h> {
        Calendar { local }
    }

    /// Why `date` is not a business day, or `None` when it is one.
    pub fn non_business(&self, date: Date) -> Option<NonBusinessDay> {
        if date.is_weekend() {
            Some(NonBusinessDay::Weekend)
        } else if let Some(name) = national_holiday(date) {
            Some(NonBusinessDay::National(name))
        } else if self.local.contains(&date) {
            Some(NonBusinessDay::Local)
        } else {
            None
        }
    }

    /// Whether `date` is a business day.
    pub fn is_business_day(&self, date: Date) -> bool {
        self.non_business(date).is_none()
    }

    /// `date` when it is a business day, else the next business day (how a due date that falls
    /// on a non-business day is carried over).
    pub fn roll_forward(&self, mut date: Date) -> Date {
        // At most a few days: no stretch of non-business days is longer than a long weekend
        // plus the caller's holidays, and the calendar ends in year 9999.
        while !self.is_business_day(date) && date < Date::MAX {
            date = date.add_days(1);
        }
        date
    }

    /// The business day `n` business days after `date` (before it when `n` is negative); the
    /// calendar's first or last day when the count runs past it.
    pub fn add_business_days(&self, mut date: Date, n: i64) -> Date {
        let step = if n < 0 { -1 } else { 1 };
        let mut left = n.unsigned_abs();
        while left > 0 {
            let next = date.add_days(step);
            if next == date {
                break; // the calendar's first or last day
            }
            date = next;
            if self.is_business_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// Business days in `(from, to]`: how many business days `to` is after `from` (negative
    /// when `to` is before `from`).
    ///
    /// ```
    /// use pixcode::dynamic::{Calendar, Date};
    /// let cal = Calendar::national();
    /// // Good Friday 2026 (3 April) and the weekend are not counted.
    /// assert_eq!(cal.business_days_between(Date::new(2026, 4, 2)?, Date::new(2026, 4, 6)?), 1);
    /// assert_eq!(cal.business_days_between(Date::new(2026, 4, 6)?, Date::new(2026, 4, 2)?), -1);
    /// # Ok::<(), pixcode::dynamic::DateError>(())
    /// ```
    pub fn business_days_between(&self, from: Date, to: Date) -> i64 {
        let (lo, hi, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let (a, b) = (lo.days_since_epoch(), hi.days_since_epoch());
        let mut count = 0;
        for day in a + 1..=b {
            if let Ok(d) = Date::from_days_since_epoch(day) {
                count += i64::from(self.is_business_day(d));
            }
        }
        sign * count
    }
}

impl Date {
    /// The first date: 0001-01-01.
    pub const MIN: Date = Date {
        year: 1,
        month: 1,
        day: 1,
    };
    /// The last date: 9999-12-31.
    pub const MAX: Date = Date {
        year: 9999,
        month: 12,
        day: 31,
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2021::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// ANBIMA's national holidays (the days with no settlement of bank reserves), 2024–2027,
    /// weekends included as ANBIMA lists them.
    const ANBIMA: &[(u16, &[&str])] = &[
        (
            2024,
            &[
                "2024-01-01",
                "2024-02-12",
                "2024-02-13",
                "2024-03-29",
                "2024-04-21",
                "2024-05-01",
                "2024-05-30",
                "2024-09-07",
                "2024-10-12",
                "2024-11-02",
                "2024-11-15",
                "2024-11-20",
                "2024-12-25",
            ],
        ),
        (
            2025,
            &[
                "2025-01-01",
                "2025-03-03",
                "2025-03-04",
                "2025-04-18",
                "2025-04-21",
                "2025-05-01",
                "2025-06-19",
                "2025-09-07",
                "2025-10-12",
                "2025-11-02",
                "2025-11-15",
                "2025-11-20",
                "2025-12-25",
            ],
        ),
        (
            2026,
            &[
                "2026-01-01",
                "2026-02-16",
                "2026-02-17",
                "2026-04-03",
                "2026-04-21",
                "2026-05-01",
                "2026-06-04",
                "2026-09-07",
                "2026-10-12",
                "2026-11-02",
                "2026-11-15",
                "2026-11-20",
                "2026-12-25",
            ],
        ),
        (
            2027,
            &[
                "2027-01-01",
                "2027-02-08",
                "2027-02-09",
                "2027-03-26",
                "2027-04-21",
                "2027-05-01",
                "2027-05-27",
                "2027-09-07",
                "2027-10-12",
                "2027-11-02",
                "2027-11-15",
                "2027-11-20",
                "2027-12-25",
            ],
        ),
    ];

    #[test]
    fn national_holidays_match_anbima_2024_to_2027() {
        for &(year, list) in ANBIMA {
            let listed: [Date; 13] = core::array::from_fn(|i| d(list[i]));
            let mut day = Date::new(year, 1, 1).unwrap();
            let mut found = 0;
            while day.year() == year {
                let expected = listed.contains(&day);
                assert_eq!(national_holiday(day).is_some(), expected, "{day}");
                found += usize::from(expected);
                day = day.add_days(1);
            }
            assert_eq!(found, 13, "{year}");
        }
    }

    #[test]
    fn easter_dates() {
        for (year, date) in [
            (2000, "2000-04-23"),
            (2019, "2019-04-21"),
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2038, "2038-04-25"),
            (2285, "2285-03-22"),
        ] {
            assert_eq!(easter(year), d(date), "{year}");
        }
    }

    #[test]
    fn days_round_trip_and_weekdays() {
        for days in (-719_162..2_932_896)
            .step_by(997)
            .chain([-719_162, 2_932_896])
        {
            let date = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(date.days_since_epoch(), days);
        }
        assert!(Date::from_days_since_epoch(-719_163).is_err());
        assert!(Date::from_days_since_epoch(2_932_897).is_err());
        assert_eq!(d("2026-12-01").weekday(), 2); // a Tuesday
        assert_eq!(d("2000-01-01").weekday(), 6);
        assert_eq!(d("2024-02-29").add_days(365), d("2025-02-28"));
        assert_eq!(Date::MAX.add_days(1), Date::MAX);
        assert_eq!(Date::MIN.add_days(-1), Date::MIN);
    }

    #[test]
    fn parsing_refuses_what_is_not_a_date() {
        for bad in [
            "",
            "2026-1-01",
            "2026/01/01",
            "2026-13-01",
            "2026-02-30",
            "0000-01-01",
            "2026-01-0a",
            "+026-01-01",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
        assert_eq!(d("2024-02-29").to_string(), "2024-02-29");
    }

    #[test]
    fn rolling_and_counting() {
        let cal = Calendar::national();
        // Saturday 2026-11-14, Sunday 15 (holiday), Monday 16 business.
        assert_eq!(cal.roll_forward(d("2026-11-14")), d("2026-11-16"));
        // Thursday 2026-06-04 is Corpus Christi.
        assert_eq!(cal.roll_forward(d("2026-06-04")), d("2026-06-05"));
        assert_eq!(cal.roll_forward(d("2026-06-05")), d("2026-06-05"));
        // Christmas 2026 is a Friday: the next business day is Monday 28.
        assert_eq!(cal.add_business_days(d("2026-12-24"), 1), d("2026-12-28"));
        assert_eq!(cal.add_business_days(d("2026-12-28"), -1), d("2026-12-24"));
        assert_eq!(cal.add_business_days(d("2026-12-28"), 0), d("2026-12-28"));
        assert_eq!(cal.add_business_days(Date::MIN, 1), d("0001-01-02"));
        assert_eq!(cal.add_business_days(Date::MAX, 3), Date::MAX);
        // 2026: 365 days − 104 weekend days − 12 holidays on weekdays (15 Nov is a Sunday).
        assert_eq!(
            cal.business_days_between(d("2025-12-31"), d("2026-12-31")),
            249
        );
        assert_eq!(
            cal.non_business(d("2026-02-17")),
            Some(NonBusinessDay::National("Carnaval"))
        );
        assert_eq!(cal.non_business(d("2026-02-18")), None);
        let local = [d("2026-01-20")];
        let rio = Calendar::with_local_holidays(&local);
        assert_eq!(
            rio.non_business(d("2026-01-20")),
            Some(NonBusinessDay::Local)
        );
        assert_eq!(rio.roll_forward(d("2026-01-20")), d("2026-01-21"));
    }
}
