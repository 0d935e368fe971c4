//! The verdict on one input, stated once: [`inspect`] gathers every finding, [`verdict`] finds
//! the first error on the fast path, and [`Profile`] says which rules judge. The CLI, the
//! renderer and the bindings all ask these.

use crate::emv;
use crate::finding::{Finding, Path, Report};
use crate::pix::{self, Error};
use core::fmt;

/// Which rules a verdict applies.
///
/// ```
/// use pixcode::Profile;
/// assert_eq!("pix".parse::<Profile>(), Ok(Profile::Pix));
/// assert_eq!(Profile::default(), Profile::Auto);
/// assert_eq!(Profile::Emv.as_str(), "emv");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Profile {
    /// EMV MPM structure only: any scheme's well-formed payload is valid.
    Emv,
    /// EMV structure and the Pix rules: a payload that is not Pix is invalid
    /// (`pix_not_pix`).
    Pix,
    /// The Pix rules when the payload is a Pix code, the EMV rules otherwise.
    #[default]
    Auto,
}

impl Profile {
    /// `"emv"`, `"pix"` or `"auto"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Profile::Emv => "emv",
            Profile::Pix => "pix",
            Profile::Auto => "auto",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A profile name other than `emv`, `pix` and `auto`.
///
/// ```
/// let err = "visa".parse::<pixcode::Profile>().unwrap_err();
/// assert_eq!(err.to_string(), "expected a profile of emv, pix or auto");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProfileParseError;

impl fmt::Display for ProfileParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected a profile of emv, pix or auto")
    }
}

impl core::error::Error for ProfileParseError {}

impl core::str::FromStr for Profile {
    type Err = ProfileParseError;
    fn from_str(s: &str) -> Result<Profile, ProfileParseError> {
        match s {
            "emv" => Ok(Profile::Emv),
            "pix" => Ok(Profile::Pix),
            "auto" => Ok(Profile::Auto),
            _ => Err(ProfileParseError),
        }
    }
}

/// The first error of `input` under `profile`, by the fast strict path ([`crate::decode`]);
/// `Ok(())` when it has none. It is the same error as [`Inspection::first_error`] gives for the
/// same input and profile (the tests assert it on the corpus and on mutations).
///
/// # Errors
/// The first [`Error`]: invalid UTF-8 and every structure error are EMV errors; a Pix error
/// counts under [`Profile::Pix`], and under [`Profile::Auto`] when the payload is a Pix code.
///
/// ```
/// use pixcode::{verdict, Profile};
/// let promptpay = b"00020101021129370016A000000677010111011300668012345675802TH530376463046197";
/// assert!(verdict(promptpay, Profile::Auto).is_ok());
/// assert!(verdict(promptpay, Profile::Emv).is_ok());
/// assert_eq!(verdict(promptpay, Profile::Pix).unwrap_err().code(), "pix_not_pix");
/// assert_eq!(verdict(b"0002010102116304FFFF", Profile::Emv).unwrap_err().code(), "crc_mismatch");
/// ```
pub fn verdict(input: &[u8], profile: Profile) -> Result<(), Error> {
    let text = match emv::Payload::from_bytes(input) {
        Ok(p) => p.input(),
        Err(e) => return Err(Error::Emv(e)),
    };
    match pix::decode(text) {
        Ok(_) => Ok(()),
        // Pix errors come only after the whole EMV layer was found valid.
        Err(Error::Pix(e)) => match profile {
            Profile::Emv => Ok(()),
            Profile::Auto if e.problem == pix::Problem::NotPix => Ok(()),
            _ => Err(Error::Pix(e)),
        },
        Err(e) => Err(e),
    }
}

/// What the Pix layer contributes to a verdict.
enum PixPart<'r> {
    /// Nothing: EMV rules only, or a payload that is not Pix under `auto`.
    Nothing,
    /// The Pix report's errors.
    Report(&'r Report<pix::Problem>),
    /// One error: the payload is not Pix.
    NotPix,
}

/// The full verdict on one input: EMV structure and, for a Pix code, the Pix profile.
///
/// ```
/// use pixcode::Profile;
/// let report = pixcode::inspect(b"00020101021129370016A000000677010111011300668012345675802TH530376463046197");
/// assert!(report.is_valid());
/// assert!(report.pix.is_none());
/// assert_eq!(report.first_error(Profile::Pix).unwrap().code(), "pix_not_pix");
/// assert_eq!(report.error_count(Profile::Pix), 1);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Inspection<'a> {
    /// The framed payload, unless the input is not UTF-8.
    pub payload: Option<emv::Payload<'a>>,
    /// The CRC declared and computed, when the payload ends in `6304` and 4 characters.
    pub crc: Option<emv::CrcCheck<'a>>,
    /// EMV errors and warnings.
    pub emv: Report<emv::Problem>,
    /// The Pix view and its verdict; `None` when it is not a Pix code.
    pub pix: Option<pix::PixInspection<'a>>,
}

impl Inspection<'_> {
    /// What the Pix layer adds to the verdict under `profile`: nothing, its report, or
    /// `pix_not_pix` for a payload that is not Pix. The one statement of what each profile
    /// judges; [`Inspection::first_error`] and [`Inspection::error_count`] both read it.
    fn pix_part(&self, profile: Profile) -> PixPart<'_> {
        match (&self.pix, profile) {
            (_, Profile::Emv) | (None, Profile::Auto) => PixPart::Nothing,
            (Some(p), _) => PixPart::Report(&p.report),
            (None, Profile::Pix) => PixPart::NotPix,
        }
    }

    /// The first error under `profile`: the first EMV error, else the first Pix error (under
    /// [`Profile::Pix`], `pix_not_pix` for a payload that is not Pix).
    pub fn first_error(&self, profile: Profile) -> Option<Error> {
        if let Some(e) = self.emv.errors.first() {
            return Some(Error::Emv(*e));
        }
        match self.pix_part(profile) {
            PixPart::Nothing => None,
            PixPart::Report(r) => r.errors.first().map(|e| Error::Pix(*e)),
            PixPart::NotPix => Some(Error::Pix(Finding {
                problem: pix::Problem::NotPix,
                path: Path::root(),
                offset: self.payload.map_or(0, |p| p.offset()),
            })),
        }
    }

    /// How many errors count under `profile` (findings past a list's capacity included).
    pub fn error_count(&self, profile: Profile) -> usize {
        let emv = self.emv.errors.len() + self.emv.errors.dropped() as usize;
        emv + match self.pix_part(profile) {
            PixPart::Nothing => 0,
            PixPart::Report(r) => r.errors.len() + r.errors.dropped() as usize,
            PixPart::NotPix => 1,
        }
    }

    /// Whether there is no error under `profile`.
    pub fn is_valid_as(&self, profile: Profile) -> bool {
        self.first_error(profile).is_none()
    }

    /// Whether the payload is valid EMV and, when it is a Pix code, valid Pix
    /// ([`Profile::Auto`]).
    pub fn is_valid(&self) -> bool {
        self.is_valid_as(Profile::Auto)
    }
}

/// Checks `input` against every EMV rule and, when it is a Pix code, every Pix rule.
///
/// Never fails and never panics: every problem, invalid UTF-8 included, is a finding.
///
/// ```
/// let report = pixcode::inspect("00020101021126330014br.gov.bcb.pix0111002051041185204000053039865406350.005802BR5928Leone Parise Vieira da Silva6006Maceió62070503***6304E5FB".as_bytes());
/// assert!(report.emv.is_valid());
/// let pix = report.pix.unwrap();
/// assert_eq!(pix.code.merchant_city(), Some("Maceió"));
/// assert!(pix.report.warnings.contains("pix_too_long"));
/// ```
pub fn inspect(input: &[u8]) -> Inspection<'_> {
    let v = emv::validate(input);
    Inspection {
        payload: v.payload,
        crc: v.crc,
        emv: v.report,
        pix: v.payload.and_then(pix::inspect),
    }
}
