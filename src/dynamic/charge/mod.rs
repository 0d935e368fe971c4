//! The JSON a location serves once its signature holds: cob, cobv and rec (spec `brcode.md`
//! §5.6, Pix API 2.9.0), read leniently where real servers are sloppy, each leniency a
//! finding, and strictly where a payer's money depends on it.
//!
//! The schemas ([`schema`]), the reader ([`reader`]: [`parse_payload`]) with one file a schema,
//! and the business checks ([`check`]) that say whether a verified charge is payable.

use crate::dynamic::rules::{rule, Rule};
use std::string::{String, ToString};
use std::vec::Vec;
use std::{format, vec};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::dynamic::cobv::calendar::Date;
use crate::dynamic::cobv::time::Timestamp;
use crate::dynamic::problem::Problem;
use crate::pix::Resource;
use crate::Amount;

pub(crate) mod check;
mod cob;
mod cobv;
mod party;
mod reader;
mod rec;
mod schema;

use reader::{join, kind, Reader};
pub use reader::{parse_payload, Payload};
pub use schema::*;
