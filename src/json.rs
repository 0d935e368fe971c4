//! The one rule every signed JSON document obeys before it is read (a location's payload, a
//! JWS header, a key set, a webhook delivery): no object has two members of the same name. RFC 8259 leaves duplicates to the reader, and readers differ
//! (serde_json keeps the last, others keep the first), so a signed payload with two `valor`
//! members would show one charge here and another to the payer's bank.

use std::format;
use std::string::String;
use std::vec::Vec;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// The path of the first member that appears twice in one object of `json` (`valor`,
/// `calendario.criacao`, `infoAdicionais[1].nome`), or `None` when there is none. A document
/// that is not JSON at all gives `None` too: its reader reports that.
///
/// Nesting is bounded by serde_json's recursion limit (128), so no input exhausts the stack.
///
/// ```
/// use pixcode::dynamic::duplicate_member;
/// assert_eq!(duplicate_member(br#"{"valor":{"original":"1.00"},"valor":{"original":"9.00"}}"#).as_deref(), Some("valor"));
/// assert_eq!(duplicate_member(br#"{"a":[{"b":1,"c":2,"b":3}]}"#).as_deref(), Some("a[0].b"));
/// // The same name in different objects is fine, and so is an escaped spelling of another name.
/// assert_eq!(duplicate_member(br#"{"a":{"x":1},"b":{"x":1},"\u0061b":0}"#), None);
/// // Escapes are compared decoded: "\u0061" is "a".
/// assert_eq!(duplicate_member(br#"{"a":1,"\u0061":2}"#).as_deref(), Some("a"));
/// ```
pub fn duplicate_member(json: &[u8]) -> Option<String> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let mut found = None;
    let _ = Check {
        path: String::new(),
        found: &mut found,
    }
    .deserialize(&mut de);
    found
}

/// Walks one value; on a duplicate it records the path and stops the walk with an error.
struct Check<'f> {
    path: String,
    found: &'f mut Option<String>,
}

impl<'de> DeserializeSeed<'de> for Check<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Check<'_> {
    type Value = ();

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0usize;
        loop {
            let seed = Check {
                path: format!("{}[{i}]", self.path),
                found: &mut *self.found,
            };
            if seq.next_element_seed(seed)?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            if seen.contains(&key) {
                *self.found = Some(path);
                return Err(de::Error::custom("duplicate member"));
            }
            map.next_value_seed(Check {
                path,
                found: &mut *self.found,
            })?;
            seen.push(key);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_and_shapes() {
        assert_eq!(duplicate_member(b"not json"), None);
        assert_eq!(
            duplicate_member(b"[1,2,{\"k\":1,\"k\":1}]").as_deref(),
            Some("[2].k")
        );
        // Deep nesting stops at the recursion limit instead of overflowing the stack.
        let deep = "[".repeat(100_000);
        assert_eq!(duplicate_member(deep.as_bytes()), None);
        let deep_dup = format!("{}{{\"a\":1,\"a\":2}}{}", "[".repeat(50), "]".repeat(50));
        assert!(duplicate_member(deep_dup.as_bytes())
            .unwrap()
            .ends_with("[0].a"));
    }
}
