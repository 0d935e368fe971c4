//! The Pix profile of the BR Code: a typed view of a payload whose Merchant Account
//! Information template has GUI `br.gov.bcb.pix`, and the Banco Central rules (spec §2.5–2.8).
//!
//! The EMV verdict and the Pix verdict are separate: a payload can be well-formed EMV and still
//! break a Pix rule (currency other than 986, a static txid with a space…).
//!
//! | file | what it holds |
//! |---|---|
//! | `view.rs` | [`BrCode`] and its parts, and the one mapping from objects to its fields |
//! | `problem.rs` | [`Problem`]: every Pix finding with its code, severity and message |
//! | `rules.rs` | the Pix rules and their predicates, shared by [`check`] and the [`Builder`] |
//! | `decode.rs` | [`decode`] (strict) and [`inspect`] (full report) |
//! | `fast.rs` | the one-pass common path of [`decode`] |
//! | `names.rs` | object names for reports |
//! | `builder.rs`, `build_error.rs` | writing codes, and why an input was refused |
//! | `key.rs`, `fold.rs` | Pix keys, folding text to ASCII |

mod build_error;
mod builder;
mod decode;
mod fast;
mod field;
mod fold;
mod key;
mod names;
mod options;
mod parts;
mod problem;
pub(crate) mod rules;
mod view;

pub use builder::{BuildError, BuildProblem, Builder, Built, Field};
pub use decode::{decode, decode_both, decode_bytes, inspect, Error, PixInspection};
pub use fold::{fold_ascii, FoldError};
pub use key::{cnpj_is_valid, cpf_is_valid, key_issue, KeyIssue, KeyKind};
pub use names::{field_name, object_name};
pub use options::BuildOptions;
pub use problem::{LocationIssue, PixFinding, Problem, UrlIssue};
pub use rules::{check, location_issue, MAX_CITY_CHARS, MAX_NAME_CHARS};
pub use view::{BrCode, Key, Kind, Location, Resource};

/// The Pix GUI, compared case-insensitively.
pub const GUI: &str = "br.gov.bcb.pix";
/// The GUI of the BR Code version template `62.50`.
pub const BRCODE_GUI: &str = "BR.GOV.BCB.BRCODE";
/// The longest key: 99 − 18 (GUI) − 4 (header).
pub const MAX_KEY_CHARS: usize = 77;
/// The longest location URL, without scheme.
pub const MAX_URL_CHARS: usize = 77;
/// The longest static txid.
pub const MAX_TXID_CHARS: usize = 25;
