//! What every reader of a code accepts: the code itself or a `pix://` URI, unwrapped once, and
//! the JSON that says where a code came from (the CLI's and the bindings' `nfc` member).

use super::{is_pix_uri, NfcError, PixUri};
use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;

/// A code as a caller gave it: the code's bytes, unwrapped from a `pix://` URI when it was one.
///
/// Bytes that are not UTF-8 are never a URI: they stay as given, for the decoder to name
/// (`invalid_utf8`).
///
/// ```
/// use pixcode::nfc::Input;
/// let plain = Input::read(b"000201")?;
/// assert_eq!((plain.code(), plain.origin()), (&b"000201"[..], None));
/// let tapped = Input::read(b"pix://loja.example?qr=0002%2B01&sig=s1")?;
/// assert_eq!(tapped.code(), b"0002+01");
/// let origin = tapped.origin().unwrap();
/// assert_eq!((origin.host, origin.sig), ("loja.example", Some("s1")));
/// assert_eq!(Input::read(b"pix://loja.example").unwrap_err().code(), "nfc_qr_missing");
/// # Ok::<(), pixcode::nfc::NfcError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input<'a> {
    code: Cow<'a, [u8]>,
    uri: Option<PixUri<'a>>,
}

impl<'a> Input<'a> {
    /// Reads `given`: a `pix://` URI (any case) is parsed and its code percent-decoded; anything
    /// else is the code.
    ///
    /// # Errors
    /// [`NfcError`] for a URI that [`PixUri::parse`] refuses.
    pub fn read(given: &'a [u8]) -> Result<Input<'a>, NfcError> {
        let uri = match core::str::from_utf8(given) {
            Ok(text) if is_pix_uri(text) => PixUri::parse(text)?,
            _ => {
                return Ok(Input {
                    code: Cow::Borrowed(given),
                    uri: None,
                })
            }
        };
        let code = match uri.code() {
            Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        };
        Ok(Input {
            code,
            uri: Some(uri),
        })
    }

    /// The code's bytes.
    pub fn code(&self) -> &[u8] {
        &self.code
    }

    /// The code as text; `None` when its bytes are not UTF-8 (never the case for a URI's).
    pub fn code_str(&self) -> Option<&str> {
        core::str::from_utf8(&self.code).ok()
    }

    /// The URI, when the code came in one.
    pub fn uri(&self) -> Option<&PixUri<'a>> {
        self.uri.as_ref()
    }

    /// Where the code came from, when it came in a URI.
    pub fn origin(&self) -> Option<Origin<'a>> {
        self.uri.map(|u| Origin {
            host: u.host(),
            sig: u.sig(),
        })
    }
}

/// Where a code came from when it arrived in a `pix://` URI: the JSON's `nfc` member.
///
/// ```
/// let uri = pixcode::nfc::PixUri::parse("pix://h.example?qr=1")?;
/// assert_eq!(pixcode::nfc::Origin::of(&uri).host, "h.example");
/// # Ok::<(), pixcode::nfc::NfcError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Origin<'a> {
    /// The URI's host.
    pub host: &'a str,
    /// Its `sig`, as written (opaque, not verified).
    pub sig: Option<&'a str>,
}

impl<'a> Origin<'a> {
    /// The origin of a read URI.
    pub fn of(uri: &PixUri<'a>) -> Origin<'a> {
        Origin {
            host: uri.host(),
            sig: uri.sig(),
        }
    }
}

/// A report with where its code came from first: `{"nfc": {"host", "sig"}, …the report…}`.
///
/// ```
/// use pixcode::nfc::{Origin, WithOrigin};
/// let report = pixcode::inspect(b"000201");
/// let origin = Origin { host: "h.example", sig: None };
/// let json = serde_json::to_string(&WithOrigin { nfc: origin, report: &report }).unwrap();
/// assert!(json.starts_with(r#"{"nfc":{"host":"h.example","sig":null},"valid":false"#));
/// ```
#[cfg(feature = "serde")]
#[derive(Debug, serde::Serialize)]
pub struct WithOrigin<'a, T: serde::Serialize> {
    /// Where the code came from.
    pub nfc: Origin<'a>,
    /// The report on the code.
    #[serde(flatten)]
    pub report: &'a T,
}

/// A refused URI, as a report: `{"valid": false, "nfc": {"error": {"code", "offset",
/// "message"}}}`.
///
/// ```
/// let e = pixcode::nfc::PixUri::parse("pix://h.example").unwrap_err();
/// let json = serde_json::to_string(&pixcode::nfc::Refused(e)).unwrap();
/// assert!(json.starts_with(r#"{"valid":false,"nfc":{"error":{"code":"nfc_qr_missing","offset":15,"#));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused(pub NfcError);

#[cfg(feature = "serde")]
impl serde::Serialize for Refused {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Error<'e>(&'e NfcError);
        impl serde::Serialize for Error<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_struct("Error", 3)?;
                m.serialize_field("code", self.0.code())?;
                m.serialize_field("offset", &self.0.offset)?;
                m.serialize_field("message", &Message(self.0))?;
                m.end()
            }
        }
        struct Message<'e>(&'e NfcError);
        impl serde::Serialize for Message<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self.0)
            }
        }
        struct Nfc<'e>(&'e NfcError);
        impl serde::Serialize for Nfc<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_struct("Nfc", 1)?;
                m.serialize_field("error", &Error(self.0))?;
                m.end()
            }
        }
        let mut m = s.serialize_struct("Refused", 2)?;
        m.serialize_field("valid", &false)?;
        m.serialize_field("nfc", &Nfc(&self.0))?;
        m.end()
    }
}

/// Why a code or a URI was refused ([`uri_of`], [`verdict`]): the code is not a valid Pix
/// code, or the URI cannot be written or read, or an NDEF message holds none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UriError {
    /// The code (given, or the one in the given URI) is not a valid Pix code.
    Code(crate::Error),
    /// The URI: no host for a static code, a host that is not the location's, a refused URI.
    Nfc(NfcError),
    /// An NDEF message that holds no URI record to read.
    Ndef(super::NdefError),
}

impl UriError {
    /// The stable code of the refusal (`crc_mismatch`, `nfc_host_required`…).
    pub fn code(&self) -> &'static str {
        match self {
            UriError::Code(e) => e.code(),
            UriError::Nfc(e) => e.code(),
            UriError::Ndef(e) => e.code(),
        }
    }

    /// The byte offset in what was given (the code, or the URI).
    pub fn offset(&self) -> usize {
        match self {
            UriError::Code(e) => e.offset(),
            UriError::Nfc(e) => e.offset,
            UriError::Ndef(e) => e.offset,
        }
    }

    /// The field path of a code's error (`62.05`); empty for the URI's.
    pub fn path(&self) -> crate::Path {
        match self {
            UriError::Code(e) => e.path(),
            UriError::Nfc(_) | UriError::Ndef(_) => crate::Path::root(),
        }
    }
}

impl fmt::Display for UriError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UriError::Code(e) => write!(f, "not a valid Pix code: {e}"),
            UriError::Nfc(e) => write!(f, "{e}"),
            UriError::Ndef(e) => write!(f, "{e}"),
        }
    }
}

impl core::error::Error for UriError {}

/// The `pix://` URI to write for `given`, a code or a URI, whose code is first checked to be a
/// valid Pix code (a phone must not be handed one it cannot pay). A code's URI has the
/// location's host for a dynamic code and `host` for a static one ([`super::to_uri`]); a URI is
/// returned as given, once read, its host the one asked for when `host` is given.
///
/// # Errors
/// [`UriError`].
///
/// ```
/// use pixcode::nfc::uri_of;
/// let code = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
/// let uri = uri_of(code, Some("loja.example"), None)?;
/// assert!(uri.starts_with("pix://loja.example?qr=000201"));
/// assert_eq!(uri_of(&uri, None, None)?, uri);
/// assert_eq!(uri_of(code, None, None).unwrap_err().code(), "nfc_host_required");
/// assert_eq!(uri_of("000201", Some("h.example"), None).unwrap_err().code(), "crc_missing");
/// # Ok::<(), pixcode::nfc::UriError>(())
/// ```
pub fn uri_of(given: &str, host: Option<&str>, sig: Option<&str>) -> Result<String, UriError> {
    let input = Input::read(given.as_bytes()).map_err(UriError::Nfc)?;
    let code = input.code_str().unwrap_or_default();
    let view = crate::decode(code).map_err(UriError::Code)?;
    match input.uri() {
        None => super::to_uri(&view, host, sig).map_err(UriError::Nfc),
        Some(uri) => {
            if let Some(h) = host {
                if !h.eq_ignore_ascii_case(uri.host()) {
                    return Err(UriError::Nfc(NfcError {
                        problem: super::NfcProblem::HostMismatch,
                        offset: super::SCHEME.len(),
                    }));
                }
            }
            if sig.is_some() && sig != uri.sig() {
                return Err(UriError::Nfc(NfcError {
                    problem: super::NfcProblem::SigConflict,
                    offset: 0,
                }));
            }
            Ok(String::from(given))
        }
    }
}

/// [`crate::verdict`] of a code or a `pix://` URI: the URI is read and its code judged.
///
/// # Errors
/// [`UriError::Nfc`] for a refused URI, [`UriError::Code`] for the code's first error.
///
/// ```
/// use pixcode::{nfc, Profile};
/// let code = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
/// let uri = nfc::uri_of(code, Some("loja.example"), None)?;
/// assert!(nfc::verdict(uri.as_bytes(), Profile::Pix).is_ok());
/// assert_eq!(nfc::verdict(b"pix://loja.example?qr=%ZZ", Profile::Pix).unwrap_err().code(), "nfc_bad_escape");
/// assert_eq!(nfc::verdict(b"pix://loja.example?qr=000201", Profile::Pix).unwrap_err().code(), "crc_missing");
/// # Ok::<(), nfc::UriError>(())
/// ```
pub fn verdict(given: &[u8], profile: crate::Profile) -> Result<(), UriError> {
    let input = Input::read(given).map_err(UriError::Nfc)?;
    crate::verdict(input.code(), profile).map_err(UriError::Code)
}

/// An NDEF refusal read the same way as the other refusals (code, offset, message).
impl From<super::NdefError> for UriError {
    fn from(e: super::NdefError) -> UriError {
        UriError::Ndef(e)
    }
}
