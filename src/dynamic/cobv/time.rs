//! Instants as RFC 3339 writes them (`2020-09-15T19:39:54.013Z`), for the timestamps of a
//! location payload and the verification time of a certificate.

use core::fmt;

use super::calendar::{Date, DateError};

/// An instant: seconds and nanoseconds since 1970-01-01T00:00:00Z (UTC, no leap seconds).
///
/// ```
/// use pixcode::dynamic::Timestamp;
/// let t: Timestamp = "2020-09-15T19:39:54.013Z".parse()?;
/// assert_eq!(t.unix_seconds(), 1_600_198_794);
/// assert_eq!(t.nanos(), 13_000_000);
/// assert_eq!(t.to_string(), "2020-09-15T19:39:54.013Z");
/// // An offset is applied: this is the same instant.
/// assert_eq!("2020-09-15T16:39:54.013-03:00".parse::<Timestamp>()?, t);
/// assert_eq!(t.date_at_offset(-3 * 3600).to_string(), "2020-09-15");
/// # Ok::<(), pixcode::dynamic::TimestampError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    secs: i64,
    nanos: u32,
}

/// Why a text is not an RFC 3339 timestamp.
///
/// ```
/// use pixcode::dynamic::{Timestamp, TimestampError};
/// assert_eq!("2020-09-15 19:39".parse::<Timestamp>(), Err(TimestampError::Format));
/// assert_eq!("2020-09-15T19:39:54".parse::<Timestamp>(), Err(TimestampError::NoOffset));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimestampError {
    /// Not `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    Format,
    /// No `Z` or offset at the end: the instant is ambiguous.
    NoOffset,
    /// A day, hour, minute or second out of range.
    OutOfRange,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimestampError::Format => "expected an RFC 3339 timestamp such as 2026-03-10T14:05:00Z",
            TimestampError::NoOffset => {
                "the timestamp has no time zone (Z or ±HH:MM), so its instant is unknown"
            }
            TimestampError::OutOfRange => "a date or time field is out of range",
        })
    }
}

impl core::error::Error for TimestampError {}

impl From<DateError> for TimestampError {
    fn from(e: DateError) -> Self {
        match e {
            DateError::Format => TimestampError::Format,
            DateError::NoSuchDay => TimestampError::OutOfRange,
        }
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

impl Timestamp {
    /// The instant `secs` seconds and `nanos` nanoseconds after the Unix epoch.
    ///
    /// `nanos` above 999 999 999 is carried into the seconds.
    pub const fn from_unix(secs: i64, nanos: u32) -> Timestamp {
        Timestamp {
            secs: secs + (nanos / 1_000_000_000) as i64,
            nanos: nanos % 1_000_000_000,
        }
    }

    /// Whole seconds since the epoch.
    pub const fn unix_seconds(self) -> i64 {
        self.secs
    }

    /// The fraction of the second, in nanoseconds.
    pub const fn nanos(self) -> u32 {
        self.nanos
    }

    /// The instant `seconds` later.
    pub const fn add_seconds(self, seconds: i64) -> Timestamp {
        Timestamp {
            secs: self.secs.saturating_add(seconds),
            nanos: self.nanos,
        }
    }

    /// The calendar date at this instant in a zone `offset_seconds` east of UTC
    /// (Brasília is `-3 * 3600`).
    pub fn date_at_offset(self, offset_seconds: i64) -> Date {
        let days = (self.secs + offset_seconds).div_euclid(86_400);
        Date::from_days_since_epoch(days).unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
    }

    /// The calendar date at this instant in Brasília (UTC−3, no daylight saving since 2019):
    /// the default payment date of a cobv.
    ///
    /// ```
    /// use pixcode::dynamic::Timestamp;
    /// let t: Timestamp = "2026-03-11T02:59:59Z".parse()?;
    /// assert_eq!(t.date_in_brasilia().to_string(), "2026-03-10");
    /// # Ok::<(), pixcode::dynamic::TimestampError>(())
    /// ```
    pub fn date_in_brasilia(self) -> Date {
        self.date_at_offset(-3 * 3600)
    }

    /// The current instant (from the system clock).
    #[cfg(feature = "std")]
    pub fn now() -> Timestamp {
        match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => Timestamp::from_unix(d.as_secs() as i64, d.subsec_nanos()),
            Err(_) => Timestamp::from_unix(0, 0),
        }
    }
}

impl core::str::FromStr for Timestamp {
    type Err = TimestampError;

    /// RFC 3339: `YYYY-MM-DDTHH:MM:SS`, an optional fraction of up to 9 digits, and `Z` or an
    /// offset. `t`, `z` and a space for `T` are accepted, as RFC 3339 allows.
    fn from_str(s: &str) -> Result<Timestamp, TimestampError> {
        let b = s.as_bytes();
        if b.len() < 19 || !s.is_ascii() {
            return Err(TimestampError::Format);
        }
        let date: Date = s[..10].parse()?;
        if !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
            return Err(TimestampError::Format);
        }
        let field = |r: core::ops::Range<usize>| digits(&b[r]).ok_or(TimestampError::Format);
        let (h, m, sec) = (field(11..13)?, field(14..16)?, field(17..19)?);
        // 60 is a leap second: counted as the last second of the minute.
        if h > 23 || m > 59 || sec > 60 {
            return Err(TimestampError::OutOfRange);
        }
        let mut rest = &b[19..];
        let mut nanos = 0u32;
        if let [b'.', frac @ ..] = rest {
            let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 || n > 9 {
                return Err(TimestampError::Format);
            }
            nanos = digits(&frac[..n]).ok_or(TimestampError::Format)? * 10u32.pow(9 - n as u32);
            rest = &frac[n..];
        }
        let offset: i64 = match rest {
            [] => return Err(TimestampError::NoOffset),
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), hh @ .., b':', m1, m2] if hh.len() == 2 => {
                let oh = digits(hh).ok_or(TimestampError::Format)?;
                let om = digits(&[*m1, *m2]).ok_or(TimestampError::Format)?;
                if oh > 23 || om > 59 {
                    return Err(TimestampError::OutOfRange);
                }
                let o = i64::from(oh * 3600 + om * 60);
                if *sign == b'-' {
                    -o
                } else {
                    o
                }
            }
            _ => return Err(TimestampError::Format),
        };
        let sec = sec.min(59);
        let secs = date.days_since_epoch() * 86_400 + i64::from(h * 3600 + m * 60 + sec) - offset;
        Ok(Timestamp { secs, nanos })
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC; the fraction only when non-zero, in milliseconds when that is exact.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = self.date_at_offset(0);
        let s = self.secs.rem_euclid(86_400);
        write!(f, "{date}T{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)?;
        if self.nanos == 0 {
        } else if self.nanos.is_multiple_of(1_000_000) {
            write!(f, ".{:03}", self.nanos / 1_000_000)?;
        } else {
            write!(f, ".{:09}", self.nanos)?;
        }
        f.write_str("Z")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;

    #[test]
    fn parses_and_refuses() {
        let t: Timestamp = "1970-01-01T00:00:00Z".parse().unwrap();
        assert_eq!(t, Timestamp::from_unix(0, 0));
        let t: Timestamp = "2026-03-10t14:05:00.5+01:30".parse().unwrap();
        assert_eq!(t.to_string(), "2026-03-10T12:35:00.500Z");
        assert_eq!(
            "1969-12-31T23:59:59.000000001Z"
                .parse::<Timestamp>()
                .unwrap()
                .unix_seconds(),
            -1
        );
        for bad in [
            "",
            "2026-03-10",
            "2026-03-10T14:05Z",
            "2026-03-10T24:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-03-10T14:05:00.Z",
            "2026-03-10T14:05:00.1234567890Z",
            "2026-03-10T14:05:00+0100",
            "2026-03-10T14:05:00Zjunk",
            "2026-03-10T14:05:00+25:00",
            "2026-03-10T14:０5:00Z",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad}");
        }
    }
}
