//! Dynamic codes: what a location URL serves and what a charge costs (features `cobv` and
//! `dynamic`).
//!
//! * Feature `cobv` (no dependencies, `no_std`): the banking calendar on which cobv due dates
//!   are rolled and counted ([`Calendar`], [`Date`]) and the calculator of what a cobv costs on
//!   a date ([`Cobv`], [`Breakdown`]), as the receiving PSP computes `valor.final`.
//!
//! # What a cobv costs
//!
//! **Vf = Vo − Va − Vd + Vj + Vm** (spec `brcode.md` §5.7, BCB Anexo III), every component
//! truncated to centavos, on integers only.
//!
//! Readings taken where the text is not settled (each is tested):
//! * A due date on a non-business day rolls to the next business day, and the rolled date is the
//!   due date for everything: validity, discounts, interest and fine.
//! * The last payable day is the rolled due date plus `validadeAposVencimento` calendar days,
//!   not rolled again (Pix runs every day).
//! * The interest factor `F = trunc6(Ij/100 / n × Dα)` is truncated once, after multiplying by
//!   the days, as the formula is written.
//! * Per-day discounts count the days of anticipation from the payment date to the rolled due
//!   date: `(calc, due]` in calendar or business days.

mod calendar;
mod cobv;

pub use calendar::{easter, national_holiday, Calendar, Date, DateError, NonBusinessDay};
pub use cobv::{
    final_is_consistent, Abatimento, Breakdown, Cobv, CobvError, DatedDiscount, Desconto,
    DiscountDates, Juros, Multa, Term, MAX_DISCOUNT_DATES,
};
