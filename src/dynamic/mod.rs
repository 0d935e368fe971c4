//! Dynamic codes: what a location URL serves and when a charge is payable (feature `dynamic`,
//! no dependencies, `no_std`).
//!
//! This module grows step by step into the sans-IO side of dynamic-code resolution (spec
//! `dynamic.md`). It holds today the banking calendar on which cobv due dates are rolled and
//! counted ([`Calendar`], [`Date`]).

mod calendar;

pub use calendar::{easter, national_holiday, Calendar, Date, DateError, NonBusinessDay};
