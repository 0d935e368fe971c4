//! What a cobv costs on a date (feature `cobv`, `no_std`, no dependencies): the banking
//! calendar on which due dates are rolled and counted, instants and dates, and the calculator.

pub(crate) mod calculator;
pub(crate) mod calendar;
pub(crate) mod terms;
pub(crate) mod time;
