//! What can be wrong with a Pix code: each problem with its stable code, its severity and
//! its message, stated once.

use super::key::KeyIssue;
use super::{MAX_KEY_CHARS, MAX_URL_CHARS};
use crate::amount::AmountError;
use crate::emv::Snippet;
use crate::finding::{Code, Finding, Severity};
use core::fmt;

/// A Pix profile problem.
///
/// ```
/// use pixcode::{pix::Problem, Code, Severity};
/// assert_eq!(Problem::WrongCurrency.code(), "pix_wrong_currency");
/// assert_eq!(Problem::MissingTxid.severity(), Severity::Warning);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// No 26–51 template with GUI `br.gov.bcb.pix`: not a Pix code.
    NotPix,
    /// The Pix template has neither key (`01`) nor URL (`25`), and there is no recurrence.
    EmptyPixTemplate,
    /// A field Pix requires (52, 53, 58, 59, 60) is missing.
    MissingField,
    /// `53` is not `986` (BRL).
    WrongCurrency,
    /// `58` is not `BR`.
    WrongCountry,
    /// The key is longer than 77 characters.
    KeyTooLong {
        /// Its length.
        chars: usize,
    },
    /// A URL that is longer than 77 characters, carries a scheme or has characters outside
    /// RFC 3986.
    BadUrl {
        /// What is wrong.
        reason: UrlIssue,
    },
    /// `26.03` is not an 8-character ISPB `[0-9A-Z]{8}`.
    BadFss {
        /// The value found.
        found: Snippet,
    },
    /// A static txid that is neither `***` nor 1–25 of `[A-Za-z0-9]`.
    BadTxid {
        /// The value found.
        found: Snippet,
    },
    /// `54` is malformed.
    BadAmount(AmountError),
    /// `54` is zero.
    ZeroAmount,
    /// A key in no known format, or whose check digits fail.
    KeyFormat(KeyIssue),
    /// Both a key (`01`) and a URL (`25`) in the Pix template; the URL prevails.
    StaticDynamicMix,
    /// `54` or a txid other than `***` on a dynamic code, where they are ignored.
    DynamicFieldsIgnored,
    /// More than one Pix template of the same kind (26–51 or 80–99).
    MultiplePixTemplates,
    /// No `62.05` txid.
    MissingTxid,
    /// `59` over 25 or `60` over 15 characters.
    TooLong {
        /// The maximum.
        max: u8,
        /// The length found.
        chars: usize,
    },
    /// An amount not written as `\d{1,10}\.\d{2}`; some PSPs refuse it.
    AmountNotCanonical,
    /// Payment and recurrence URLs on different hosts (BCB requires the same PSP host).
    RecurrenceHostMismatch,
    /// The recurrence URL has no `/rec/` fragment.
    RecurrenceNotRec,
    /// `26.03` (Pix Saque) together with a recurrence; composto forbids Saque.
    SaqueWithRecurrence,
    /// `01 = 12` (single use) on a static code: meaningful but unusual.
    SingleUseStatic,
    /// `61` is not an 8-digit CEP.
    BadPostalCode,
    /// `55`–`57` (tip or fee) are not defined for Pix and are ignored by Pix apps.
    ConvenienceFeeNotPix,
    /// A sub-object of the Pix template other than `00`, `01`, `02`, `03` and `25`.
    UnknownPixSubfield,
    /// A location URL a payer's app must refuse to fetch: an IP address for a host, a query
    /// or a fragment, or a dot segment.
    UnsafeLocation(LocationIssue),
}

/// Why a payer must not fetch a location URL, though its characters are valid: stated once,
/// for the decoder (a warning), the builder (a refusal) and the resolver (an error).
///
/// ```
/// use pixcode::pix::{location_issue, LocationIssue};
/// assert_eq!(location_issue("127.0.0.1/qr/v2/cob/1"), Some(LocationIssue::IpHost));
/// assert_eq!(location_issue("pix.example.com/cobv/1?DPP=2026-01-01"), Some(LocationIssue::Query));
/// assert_eq!(location_issue("pix.example.com/rec/../cob/1"), Some(LocationIssue::DotSegment));
/// assert_eq!(location_issue("pix.example.com/qr/v2/cob/1"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LocationIssue {
    /// The host is an IP address, in any spelling a resolver takes (`127.0.0.1`, `127.1`,
    /// `2130706433`, `0x7f.1`): a PSP serves locations at its domain name.
    IpHost,
    /// A `?` query or `#` fragment: the payer adds `codMun` and `DPP` itself, and a server
    /// that keeps the first of two would price another date or municipality.
    Query,
    /// A `.` or `..` segment (`%2e` counted as a dot): the server may serve another resource
    /// than the one the path names.
    DotSegment,
}

impl LocationIssue {
    /// A stable snake_case code: `"location_ip_host"`, `"location_query"` or
    /// `"location_dot_segment"`.
    pub const fn code(self) -> &'static str {
        match self {
            LocationIssue::IpHost => "location_ip_host",
            LocationIssue::Query => "location_query",
            LocationIssue::DotSegment => "location_dot_segment",
        }
    }
}

impl fmt::Display for LocationIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LocationIssue::IpHost => {
                "the host is an IP address; a PSP serves Pix locations at its domain name"
            }
            LocationIssue::Query => {
                "the URL carries a query or a fragment; a location is a path, and the payer adds codMun and DPP itself"
            }
            LocationIssue::DotSegment => {
                "the path has a '.' or '..' segment, so the server may serve another resource than the one the path names"
            }
        })
    }
}

/// What is wrong with a location URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UrlIssue {
    /// Over 77 characters.
    TooLong {
        /// Its length.
        chars: usize,
    },
    /// Starts with a scheme such as `https://`; Pix URLs carry none.
    Scheme,
    /// A character RFC 3986 does not allow.
    BadChar {
        /// Character index.
        at: usize,
        /// The character.
        found: char,
    },
}

impl Code for Problem {
    fn code(&self) -> &'static str {
        use Problem::*;
        match self {
            NotPix => "pix_not_pix",
            EmptyPixTemplate => "pix_empty_template",
            MissingField => "pix_missing_field",
            WrongCurrency => "pix_wrong_currency",
            WrongCountry => "pix_wrong_country",
            KeyTooLong { .. } => "pix_key_too_long",
            BadUrl { .. } => "pix_bad_url",
            BadFss { .. } => "pix_bad_fss",
            BadTxid { .. } => "pix_bad_txid",
            BadAmount(_) => "pix_bad_amount",
            ZeroAmount => "pix_zero_amount",
            KeyFormat(_) => "pix_key_format",
            StaticDynamicMix => "pix_static_dynamic_mix",
            DynamicFieldsIgnored => "pix_dynamic_fields_ignored",
            MultiplePixTemplates => "pix_multiple_templates",
            MissingTxid => "pix_missing_txid",
            TooLong { .. } => "pix_too_long",
            AmountNotCanonical => "pix_amount_not_canonical",
            RecurrenceHostMismatch => "pix_recurrence_host_mismatch",
            RecurrenceNotRec => "pix_recurrence_not_rec",
            SaqueWithRecurrence => "pix_saque_with_recurrence",
            SingleUseStatic => "pix_single_use_static",
            BadPostalCode => "pix_bad_postal_code",
            ConvenienceFeeNotPix => "pix_convenience_fee",
            UnknownPixSubfield => "pix_unknown_subfield",
            UnsafeLocation(_) => "pix_unsafe_location",
        }
    }

    fn severity(&self) -> Severity {
        use Problem::*;
        // Every problem is listed: a new one does not compile until its severity is chosen.
        match self {
            NotPix
            | EmptyPixTemplate
            | MissingField
            | WrongCurrency
            | WrongCountry
            | KeyTooLong { .. }
            | BadUrl { .. }
            | BadFss { .. }
            | BadTxid { .. }
            | BadAmount(_)
            | ZeroAmount => Severity::Error,
            KeyFormat(_)
            | StaticDynamicMix
            | DynamicFieldsIgnored
            | MultiplePixTemplates
            | MissingTxid
            | TooLong { .. }
            | AmountNotCanonical
            | RecurrenceHostMismatch
            | RecurrenceNotRec
            | SaqueWithRecurrence
            | SingleUseStatic
            | BadPostalCode
            | ConvenienceFeeNotPix
            | UnknownPixSubfield
            | UnsafeLocation(_) => Severity::Warning,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Problem::*;
        match *self {
            NotPix => f.write_str(
                "not a Pix code: no Merchant Account Information template (26-51) with GUI br.gov.bcb.pix",
            ),
            EmptyPixTemplate => f.write_str(
                "the Pix template has neither a key (01) nor a URL (25), and there is no recurrence template",
            ),
            MissingField => f.write_str("Pix requires this object but it is missing"),
            WrongCurrency => f.write_str("expected currency \"986\" (BRL)"),
            WrongCountry => f.write_str("expected country code \"BR\""),
            KeyTooLong { chars } => write!(
                f,
                "expected a key of at most {MAX_KEY_CHARS} characters but found {chars}"
            ),
            BadUrl { reason: UrlIssue::TooLong { chars } } => write!(
                f,
                "expected a URL of at most {MAX_URL_CHARS} characters but found {chars}"
            ),
            BadUrl { reason: UrlIssue::Scheme } => f.write_str(
                "expected a URL without scheme (host/path); the app adds https:// itself",
            ),
            BadUrl { reason: UrlIssue::BadChar { found, .. } } => {
                write!(f, "the URL contains {found:?}, which RFC 3986 does not allow")
            }
            BadFss { found } => write!(
                f,
                "expected the withdrawal facilitator ISPB as 8 characters [0-9A-Z] but found {found}"
            ),
            BadTxid { found } => write!(
                f,
                "expected a txid of 1 to 25 letters and digits, or \"***\", but found {found}"
            ),
            BadAmount(e) => write!(f, "invalid amount: {e}"),
            ZeroAmount => f.write_str("the amount is zero"),
            KeyFormat(issue) => write!(f, "Pix key: {issue}"),
            StaticDynamicMix => f.write_str(
                "the Pix template has both a key (01) and a URL (25); apps use the URL",
            ),
            DynamicFieldsIgnored => f.write_str(
                "a dynamic code's amount (54) and txid (62.05) are ignored; the charge behind the URL prevails",
            ),
            MultiplePixTemplates => f.write_str("more than one Pix template of the same kind"),
            MissingTxid => f.write_str(
                "no txid (62.05); BCB says it is always present (\"***\" when unused)",
            ),
            TooLong { max, chars } => write!(
                f,
                "expected at most {max} characters but found {chars}; many apps refuse the code"
            ),
            AmountNotCanonical => f.write_str(
                "the amount does not have exactly 2 decimals; some PSPs refuse such amounts",
            ),
            RecurrenceHostMismatch => f.write_str(
                "the payment and recurrence URLs are on different hosts; BCB requires the same PSP host",
            ),
            RecurrenceNotRec => f.write_str("the recurrence URL has no /rec/ path fragment"),
            SaqueWithRecurrence => {
                f.write_str("Pix Saque (26.03) cannot be combined with a recurrence")
            }
            SingleUseStatic => {
                f.write_str("point of initiation 12 (single use) on a static code is unusual")
            }
            BadPostalCode => f.write_str("expected an 8-digit CEP"),
            ConvenienceFeeNotPix => {
                f.write_str("tip and convenience fees (55-57) are not defined for Pix")
            }
            UnknownPixSubfield => {
                f.write_str("this sub-object is not defined in the Pix template")
            }
            UnsafeLocation(issue) => write!(f, "{issue}; payers refuse to fetch it"),
        }
    }
}

/// A finding of the Pix profile.
pub type PixFinding = Finding<Problem>;
