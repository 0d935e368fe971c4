//! Exact money amounts as EMV writes them (`54`, `56`): digits with at most one `.`.
//!
//! No floating point anywhere: an [`Amount`] keeps the integer of its digits and the number of
//! decimals, so `"10.50"` is exactly 1050 hundredths.

use core::fmt;

/// The most characters an EMV amount may have.
pub const MAX_AMOUNT_CHARS: usize = 13;

/// An exact, non-negative decimal amount.
///
/// ```
/// use pixcode::Amount;
/// let a: Amount = "10.50".parse()?;
/// assert_eq!(a.to_minor_units(2), Some(1050));
/// assert_eq!(a.to_string(), "10.50");
/// assert!(a.is_canonical());
/// assert_eq!(Amount::from_minor_units(1050, 2)?, a);
/// assert!("1e3".parse::<Amount>().is_err());
/// assert!("1,00".parse::<Amount>().is_err());
/// # Ok::<(), pixcode::AmountError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Amount {
    /// All the digits as one integer: `10.50` is 1050.
    units: u64,
    /// Digits after the point.
    scale: u8,
    /// Digits before the point.
    int_digits: u8,
    /// Whether a point was written (`"98."` has one, with scale 0).
    point: bool,
}

/// Why a text is not an EMV amount.
///
/// ```
/// use pixcode::{Amount, AmountError};
/// assert_eq!(Amount::parse("-1"), Err(AmountError::InvalidChar { at: 0, found: '-' }));
/// assert_eq!(Amount::parse(""), Err(AmountError::Empty));
/// assert_eq!(Amount::parse("1.2.3"), Err(AmountError::SecondPoint { at: 3 }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AmountError {
    /// The text is empty.
    Empty,
    /// The text has more than 13 characters.
    TooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// A character other than a digit or `.`.
    InvalidChar {
        /// Character index.
        at: usize,
        /// The character.
        found: char,
    },
    /// A second `.`.
    SecondPoint {
        /// Character index.
        at: usize,
    },
    /// No digit at all (`"."`).
    NoDigits,
    /// More decimals than the requested exponent holds exactly.
    Inexact {
        /// Decimals present.
        scale: u8,
        /// Decimals allowed.
        exponent: u8,
    },
    /// The value does not fit in 13 characters.
    Overflow,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            AmountError::Empty => f.write_str("expected an amount but found an empty value"),
            AmountError::TooLong { chars } => write!(
                f,
                "expected at most {MAX_AMOUNT_CHARS} characters but found {chars}"
            ),
            AmountError::InvalidChar { at, found } => write!(
                f,
                "expected digits and one '.' but found {found:?} at character {at}"
            ),
            AmountError::SecondPoint { at } => {
                write!(
                    f,
                    "expected at most one '.' but found another at character {at}"
                )
            }
            AmountError::NoDigits => f.write_str("expected at least one digit"),
            AmountError::Inexact { scale, exponent } => write!(
                f,
                "the amount has {scale} decimals but only {exponent} can be represented exactly"
            ),
            AmountError::Overflow => f.write_str("the amount does not fit in 13 characters"),
        }
    }
}

impl core::error::Error for AmountError {}

impl Amount {
    /// Reads an amount in the EMV format: 1 to 13 characters, digits with at most one `.`.
    ///
    /// `"98.73"`, `"98"` and `"98."` are accepted; so is `"0"` (see [`Amount::is_zero`]: the
    /// validators refuse a zero transaction amount).
    ///
    /// # Errors
    /// [`AmountError`] for anything else: signs, exponents, commas, spaces, `NaN`.
    pub fn parse(text: &str) -> Result<Amount, AmountError> {
        let bytes = text.as_bytes();
        if bytes.is_empty() {
            return Err(AmountError::Empty);
        }
        if bytes.len() > MAX_AMOUNT_CHARS {
            let chars = crate::tlv::char_len(text);
            if chars > MAX_AMOUNT_CHARS {
                return Err(AmountError::TooLong { chars });
            }
        }
        let mut units: u64 = 0;
        let mut int_digits = 0u8;
        let mut scale = 0u8;
        let mut point = false;
        for (at, ch) in text.chars().enumerate() {
            match ch {
                '0'..='9' => {
                    // At most 13 digits: never overflows u64.
                    units = units * 10 + (ch as u8 - b'0') as u64;
                    if point {
                        scale += 1;
                    } else {
                        int_digits += 1;
                    }
                }
                '.' if point => return Err(AmountError::SecondPoint { at }),
                '.' => point = true,
                found => return Err(AmountError::InvalidChar { at, found }),
            }
        }
        if int_digits == 0 && scale == 0 {
            return Err(AmountError::NoDigits);
        }
        Ok(Amount {
            units,
            scale,
            int_digits,
            point,
        })
    }

    /// An amount of `minor` units at `exponent` decimals, written with exactly `exponent`
    /// decimals: `from_minor_units(1050, 2)` is `10.50`.
    ///
    /// # Errors
    /// [`AmountError::Overflow`] when the text would exceed 13 characters.
    ///
    /// ```
    /// let a = pixcode::Amount::from_minor_units(5, 2)?;
    /// assert_eq!(a.to_string(), "0.05");
    /// assert!(pixcode::Amount::from_minor_units(10_000_000_000_000, 2).is_err());
    /// # Ok::<(), pixcode::AmountError>(())
    /// ```
    pub fn from_minor_units(minor: u64, exponent: u8) -> Result<Amount, AmountError> {
        let mut digits = 1u8;
        let mut v = minor;
        while v >= 10 {
            v /= 10;
            digits += 1;
        }
        let int_digits = digits.saturating_sub(exponent).max(1);
        let chars = int_digits as usize + exponent as usize + usize::from(exponent > 0);
        if chars > MAX_AMOUNT_CHARS {
            return Err(AmountError::Overflow);
        }
        Ok(Amount {
            units: minor,
            scale: exponent,
            int_digits,
            point: exponent > 0,
        })
    }

    /// The value in minor units at `exponent` decimals (2 for BRL cents), when it is exact.
    ///
    /// Returns `None` when the amount has more non-zero decimals than `exponent` holds, or
    /// when the result overflows.
    ///
    /// ```
    /// let a = pixcode::Amount::parse("98.")?;
    /// assert_eq!(a.to_minor_units(2), Some(9800));
    /// assert_eq!(pixcode::Amount::parse("1.005")?.to_minor_units(2), None);
    /// assert_eq!(pixcode::Amount::parse("1.500")?.to_minor_units(2), Some(150));
    /// # Ok::<(), pixcode::AmountError>(())
    /// ```
    pub fn to_minor_units(&self, exponent: u8) -> Option<u64> {
        if self.scale <= exponent {
            let factor = 10u64.checked_pow((exponent - self.scale) as u32)?;
            self.units.checked_mul(factor)
        } else {
            let divisor = 10u64.checked_pow((self.scale - exponent) as u32)?;
            self.units
                .is_multiple_of(divisor)
                .then_some(self.units / divisor)
        }
    }

    /// The value in centavos, when exact: `to_minor_units(2)`.
    pub fn cents(&self) -> Option<u64> {
        self.to_minor_units(2)
    }

    /// All the digits as one integer (`10.50` gives 1050); see [`Amount::scale`].
    pub fn mantissa(&self) -> u64 {
        self.units
    }

    /// The number of digits after the point.
    pub fn scale(&self) -> u8 {
        self.scale
    }

    /// Whether the amount is zero (`"0"`, `"0.00"`).
    pub fn is_zero(&self) -> bool {
        self.units == 0
    }

    /// Whether the text has the form the Pix API uses for money, `^\d{1,10}\.\d{2}$`.
    ///
    /// ```
    /// assert!(pixcode::Amount::parse("1.00")?.is_canonical());
    /// assert!(!pixcode::Amount::parse("1")?.is_canonical());
    /// assert!(!pixcode::Amount::parse("1.5")?.is_canonical());
    /// # Ok::<(), pixcode::AmountError>(())
    /// ```
    pub fn is_canonical(&self) -> bool {
        self.point && self.scale == 2 && (1..=10).contains(&self.int_digits)
    }

    /// The same value written with exactly two decimals, as the encoder emits it.
    ///
    /// # Errors
    /// [`AmountError::Inexact`] with more than 2 significant decimals; [`AmountError::Overflow`]
    /// when the result does not fit in 13 characters.
    ///
    /// ```
    /// let a = pixcode::Amount::parse("7")?.to_canonical()?;
    /// assert_eq!(a.to_string(), "7.00");
    /// # Ok::<(), pixcode::AmountError>(())
    /// ```
    pub fn to_canonical(&self) -> Result<Amount, AmountError> {
        let cents = self.cents().ok_or(AmountError::Inexact {
            scale: self.scale,
            exponent: 2,
        })?;
        Amount::from_minor_units(cents, 2)
    }

    /// Converts to a [`rust_decimal::Decimal`] with the same digits and scale.
    ///
    /// ```
    /// let d = pixcode::Amount::parse("10.50")?.to_decimal();
    /// assert_eq!(d.to_string(), "10.50");
    /// # Ok::<(), pixcode::AmountError>(())
    /// ```
    #[cfg(feature = "rust_decimal")]
    pub fn to_decimal(&self) -> rust_decimal::Decimal {
        rust_decimal::Decimal::from_i128_with_scale(self.units as i128, self.scale as u32)
    }
}

#[cfg(feature = "rust_decimal")]
impl From<Amount> for rust_decimal::Decimal {
    fn from(a: Amount) -> Self {
        a.to_decimal()
    }
}

#[cfg(feature = "rust_decimal")]
impl TryFrom<rust_decimal::Decimal> for Amount {
    type Error = AmountError;
    /// Exact conversion of a non-negative decimal; the scale is kept.
    fn try_from(d: rust_decimal::Decimal) -> Result<Self, AmountError> {
        if d.is_sign_negative() && !d.is_zero() {
            return Err(AmountError::InvalidChar { at: 0, found: '-' });
        }
        let scale = u8::try_from(d.scale()).map_err(|_| AmountError::Overflow)?;
        let units =
            u64::try_from(d.mantissa().unsigned_abs()).map_err(|_| AmountError::Overflow)?;
        Amount::from_minor_units(units, scale)
    }
}

impl core::str::FromStr for Amount {
    type Err = AmountError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Amount::parse(s)
    }
}

impl fmt::Display for Amount {
    /// Writes the digits with the point where they had it: `98.`, `10.50`, `7`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [b'0'; 24];
        let total = self.int_digits as usize + self.scale as usize;
        let mut v = self.units;
        for i in (0..total).rev() {
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
        let digits = core::str::from_utf8(&buf[..total]).map_err(|_| fmt::Error)?;
        let (int, frac) = digits.split_at(self.int_digits as usize);
        f.write_str(int)?;
        if self.point {
            f.write_str(".")?;
            f.write_str(frac)?;
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Amount {
    /// An amount serializes as its exact decimal string, never as a float.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2021::*;

    #[test]
    fn refuses_non_emv_forms() {
        for bad in [
            "",
            "1e3",
            "-1",
            "NaN",
            "1,00",
            "+1",
            "3 705",
            ".",
            "1.2.3",
            "12345678901234",
            "inf",
            "１",
            "1.0.",
        ] {
            assert!(Amount::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn accepts_emv_forms_exactly() {
        for (text, cents) in [
            ("98.73", Some(9873)),
            ("98", Some(9800)),
            ("98.", Some(9800)),
            ("0.01", Some(1)),
            (".5", Some(50)),
            ("1.005", None),
            ("9999999999999", Some(999_999_999_999_900)),
            ("9999999999.99", Some(999_999_999_999)),
            ("007", Some(700)),
        ] {
            let a = Amount::parse(text).unwrap();
            assert_eq!(a.cents(), cents, "{text}");
            assert_eq!(a.to_string(), text, "display keeps the digits as written");
        }
    }
}
