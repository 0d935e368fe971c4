//! The parts of the typed view that are values of their own: the kind of code, the key, the
//! location URL and the resource it names.

use super::key::{key_issue, KeyIssue, KeyKind};
use core::fmt;

/// Which flavour of Pix code this is (spec §5).
///
/// ```
/// let code = pixcode::decode("00020126180014br.gov.bcb.pix5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac1200026304F2DA")?;
/// assert_eq!(code.kind(), pixcode::pix::Kind::Recurrence);
/// assert!(code.kind().is_composto());
/// # Ok::<(), pixcode::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Kind {
    /// Everything to pay is in the code: key, optional amount and txid.
    Static,
    /// A location URL (`26.25`) from which the payer's app fetches a signed charge.
    Dynamic,
    /// Pix Automático with only a recurrence URL (Journey 2).
    Recurrence,
    /// Composto: a static payment plus a recurrence URL (Journey 4).
    StaticRecurrence,
    /// Composto: a dynamic payment URL plus a recurrence URL (Journeys 3 and 4).
    DynamicRecurrence,
    /// The Pix template holds neither a key nor a URL, and there is no recurrence template.
    Empty,
}

impl Kind {
    /// Every kind, in the order front ends number them.
    ///
    /// ```
    /// use pixcode::pix::Kind;
    /// assert_eq!(Kind::ALL.map(Kind::as_str)[0], "static");
    /// assert!(Kind::ALL.contains(&Kind::Empty));
    /// ```
    pub const ALL: [Kind; 6] = [
        Kind::Static,
        Kind::Dynamic,
        Kind::Recurrence,
        Kind::StaticRecurrence,
        Kind::DynamicRecurrence,
        Kind::Empty,
    ];

    /// Whether the code carries a recurrence (Pix Automático) template.
    pub fn is_composto(self) -> bool {
        matches!(
            self,
            Kind::Recurrence | Kind::StaticRecurrence | Kind::DynamicRecurrence
        )
    }

    /// Whether payment data comes from a location URL (54 and 62.05 are then ignored).
    pub fn is_dynamic(self) -> bool {
        matches!(self, Kind::Dynamic | Kind::DynamicRecurrence)
    }

    /// `"static"`, `"dynamic"`, `"recurrence"`, `"static_recurrence"`, `"dynamic_recurrence"`
    /// or `"empty"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Static => "static",
            Kind::Dynamic => "dynamic",
            Kind::Recurrence => "recurrence",
            Kind::StaticRecurrence => "static_recurrence",
            Kind::DynamicRecurrence => "dynamic_recurrence",
            Kind::Empty => "empty",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A Pix key as written in the code, with its kind.
///
/// ```
/// let code = pixcode::decode("00020126460014br.gov.bcb.pix0111123456789090209Pedido 42520400005303986540510.505802BR5912Loja Exemplo6009SAO PAULO62120508PEDIDO4263044552")?;
/// let key = code.key().unwrap();
/// assert_eq!(key.as_str(), "12345678909");
/// assert_eq!(key.kind(), pixcode::pix::KeyKind::Cpf);
/// assert_eq!(key.issue(), None);
/// # Ok::<(), pixcode::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key<'a> {
    text: &'a str,
    kind: KeyKind,
}

impl<'a> Key<'a> {
    /// Classifies `text`.
    pub fn new(text: &'a str) -> Key<'a> {
        Key {
            text,
            kind: KeyKind::classify(text),
        }
    }

    /// The key as written.
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// Its kind by shape.
    pub fn kind(&self) -> KeyKind {
        self.kind
    }

    /// A shape problem (check digits, case…), if any.
    pub fn issue(&self) -> Option<KeyIssue> {
        key_issue(self.text)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Key<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Key", 2)?;
        s.serialize_field("value", self.text)?;
        s.serialize_field("kind", &self.kind)?;
        s.end()
    }
}

/// What a location URL points at, from its path (spec §5.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Resource {
    /// An immediate charge (`cob`): no fragment or `/cob/`.
    Cob,
    /// A charge with a due date (`cobv`).
    Cobv,
    /// Recurrence parameters (`rec`), Pix Automático.
    Rec,
}

/// A location URL without scheme, as the code carries it (`host/path`).
///
/// ```
/// let loc = pixcode::pix::Location::new("pix.example.com/qr/v2/cobv/1e6c54d3");
/// assert_eq!(loc.host(), "pix.example.com");
/// assert_eq!(loc.path(), "/qr/v2/cobv/1e6c54d3");
/// assert_eq!(loc.resource(), pixcode::pix::Resource::Cobv);
/// assert_eq!(loc.https_parts(), ("https://", "pix.example.com/qr/v2/cobv/1e6c54d3"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location<'a> {
    url: &'a str,
}

impl<'a> Location<'a> {
    /// Wraps a URL as found in `26.25` or an 80–99 template's `25`.
    pub fn new(url: &'a str) -> Location<'a> {
        Location { url }
    }

    /// The URL as written.
    pub fn as_str(&self) -> &'a str {
        self.url
    }

    /// The host, lowercased comparison left to the caller: everything before the first `/`.
    pub fn host(&self) -> &'a str {
        self.url.split('/').next().unwrap_or("")
    }

    /// The path, from the first `/` (empty when there is none).
    pub fn path(&self) -> &'a str {
        self.url.find('/').map_or("", |i| &self.url[i..])
    }

    /// The resource type by path fragment.
    pub fn resource(&self) -> Resource {
        let path = self.path();
        if contains_ci(path, "/cobv") {
            Resource::Cobv
        } else if contains_ci(path, "/rec/") {
            Resource::Rec
        } else {
            Resource::Cob
        }
    }

    /// The two parts of the address to fetch: `"https://"` and the URL.
    pub fn https_parts(&self) -> (&'static str, &'a str) {
        ("https://", self.url)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Location<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Location", 3)?;
        s.serialize_field("url", self.url)?;
        s.serialize_field("host", self.host())?;
        s.serialize_field("resource", &self.resource())?;
        s.end()
    }
}

fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}
