//! Money as an exact decimal, read from and written as JSON numbers.

use super::*;

/// An exact amount in reais, read from and written as a JSON number without passing through a
/// float (`100.4` stays `100.4`).
///
/// ```
/// use pixcode::kobana::Money;
/// let m: Money = serde_json::from_str("100.40").unwrap();
/// assert_eq!(m.to_string(), "100.40");
/// assert_eq!(serde_json::to_string(&m).unwrap(), "100.40");
/// let s: Money = serde_json::from_str("\"12.5\"").unwrap(); // a string is accepted too
/// assert_eq!(s.0, "12.5".parse().unwrap());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub Decimal);

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Money {
    type Err = rust_decimal::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decimal::from_str_exact(s).map(Money)
    }
}

impl From<Decimal> for Money {
    fn from(d: Decimal) -> Self {
        Money(d)
    }
}

impl From<crate::Amount> for Money {
    fn from(a: crate::Amount) -> Self {
        Money(a.to_decimal())
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The decimal's own digits, emitted verbatim as a JSON number.
        let raw = RawValue::from_string(self.0.to_string()).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let text = raw.get().trim();
        let digits = text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(text);
        Decimal::from_str_exact(digits)
            .or_else(|_| Decimal::from_scientific(digits))
            .map(Money)
            .map_err(|_| D::Error::custom(format!("expected an amount, found {text}")))
    }
}

/// Deserializes an optional [`Money`] where `null` is `None`.
pub(crate) mod opt_money {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Money>, D::Error> {
        let raw = Option::<Box<RawValue>>::deserialize(d)?;
        match raw {
            None => Ok(None),
            Some(r) if r.get().trim() == "null" => Ok(None),
            Some(r) => serde_json::from_str::<Money>(r.get())
                .map(Some)
                .map_err(D::Error::custom),
        }
    }
}
