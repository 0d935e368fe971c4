//! EMV MPM structure rules: what makes a payload well-formed (errors) and what is merely worth
//! knowing (warnings), for any scheme (Pix, PromptPay, VietQR, QRIS, KHQR, SGQR…).
//!
//! The rules are those of spec §1.7: IDs and lengths, `00` first and equal to `01`, `63` last
//! with 4 hexadecimal digits and a matching CRC, no duplicate ID at one level, templates
//! 26–51, 62, 64 and 80–99 that parse as TLV, and a walk that lands exactly on the final `63`.
//!
//! | file | what it holds |
//! |---|---|
//! | `problem.rs` | [`Problem`]: every EMV finding with its code, severity and message |
//! | `payload.rs` | [`Payload`], the framed text, and [`CrcCheck`] |
//! | `check.rs` | the structure rules: [`validate`], [`check`] |
//! | `writer.rs` | [`Writer`] and [`reencode`] |

mod check;
mod payload;
mod problem;
mod writer;

pub use check::{check, check_visit, validate, Validation};
pub(crate) use check::{check_from, Resume};
pub use payload::{CrcCheck, Payload};
pub use problem::{EmvFinding, Problem, Snippet};
pub use writer::{reencode, ByteBuf, Node, Writer, WriterError};

use crate::finding::Path;

/// The longest payload EMV recommends, in characters.
pub const MAX_PAYLOAD_CHARS: usize = 512;

/// Whether `v` is exactly `n` ASCII digits, the EMV format `N` of a fixed length (52: 4, 53: 3,
/// a CEP: 8).
///
/// ```
/// assert!(pixcode::emv::is_numeric("0000", 4));
/// assert!(!pixcode::emv::is_numeric("00A0", 4));
/// assert!(!pixcode::emv::is_numeric("000", 4));
/// ```
pub fn is_numeric(v: &str, n: usize) -> bool {
    v.len() == n && v.bytes().all(|b| b.is_ascii_digit())
}

/// Whether the object at `path` is read as a template: root 26–51, 62, 64 and 80–99, and the
/// payment-system templates 50–99 inside 62 (spec §1.1).
///
/// ```
/// use pixcode::{emv::is_template, Path};
/// assert!(is_template(Path::root().child(26)));
/// assert!(is_template(Path::root().child(62).child(50)));
/// assert!(!is_template(Path::root().child(59)));
/// assert!(!is_template(Path::root().child(26).child(1)));
/// ```
pub fn is_template(path: Path) -> bool {
    matches!(
        path.tags(),
        [26..=51 | 62 | 64 | 80..=99] | [62, 50..=99]
    )
}

/// The EMV name of the object at `path`, such as `"Merchant Name"` for `59`.
///
/// Sub-objects of Merchant Account Information templates other than the GUI belong to the
/// template's owner and have no EMV name.
///
/// ```
/// use pixcode::{emv::field_name, Path};
/// assert_eq!(field_name(Path::root().child(59)), Some("Merchant Name"));
/// assert_eq!(field_name(Path::root().child(62).child(5)), Some("Reference Label"));
/// assert_eq!(field_name(Path::root().child(26).child(0)), Some("Globally Unique Identifier"));
/// ```
pub fn field_name(path: Path) -> Option<&'static str> {
    match *path.tags() {
        [t] => Some(match t {
            0 => "Payload Format Indicator",
            1 => "Point of Initiation Method",
            2..=3 => "Merchant Account Information (Visa)",
            4..=5 => "Merchant Account Information (Mastercard)",
            6..=8 | 17..=25 => "Merchant Account Information (EMVCo reserved)",
            9..=10 => "Merchant Account Information (Discover)",
            11..=12 => "Merchant Account Information (Amex)",
            13..=14 => "Merchant Account Information (JCB)",
            15..=16 => "Merchant Account Information (UnionPay)",
            26..=51 => "Merchant Account Information",
            52 => "Merchant Category Code",
            53 => "Transaction Currency",
            54 => "Transaction Amount",
            55 => "Tip or Convenience Indicator",
            56 => "Value of Convenience Fee Fixed",
            57 => "Value of Convenience Fee Percentage",
            58 => "Country Code",
            59 => "Merchant Name",
            60 => "Merchant City",
            61 => "Postal Code",
            62 => "Additional Data Field Template",
            63 => "CRC",
            64 => "Merchant Information - Language Template",
            65..=79 => "RFU for EMVCo",
            _ => "Unreserved Template",
        }),
        [26..=51 | 80..=99, 0] => Some("Globally Unique Identifier"),
        [62, t] => Some(match t {
            1 => "Bill Number",
            2 => "Mobile Number",
            3 => "Store Label",
            4 => "Loyalty Number",
            5 => "Reference Label",
            6 => "Customer Label",
            7 => "Terminal Label",
            8 => "Purpose of Transaction",
            9 => "Additional Consumer Data Request",
            10 => "Merchant Tax ID",
            11 => "Merchant Channel",
            50..=99 => "Payment System Specific Template",
            _ => "RFU for EMVCo",
        }),
        [62, 50..=99, 0] => Some("Globally Unique Identifier"),
        [64, t] => Some(match t {
            0 => "Language Preference",
            1 => "Merchant Name - Alternate Language",
            2 => "Merchant City - Alternate Language",
            _ => "RFU for EMVCo",
        }),
        _ => None,
    }
}
