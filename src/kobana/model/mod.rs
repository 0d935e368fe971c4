//! Kobana's resources as the OpenAPI documents describe them, read leniently: every field is
//! optional, unknown fields are ignored, enums are open, money is an exact decimal.

use std::prelude::rust_2021::*;
#[allow(unused_imports)]
use std::{format, vec};

use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::fmt;
use std::str::FromStr;

mod enums;
mod money;
mod requests;
mod resources;

pub use enums::*;
pub(crate) use money::opt_money;
pub use money::Money;
pub use requests::*;
pub use resources::*;
