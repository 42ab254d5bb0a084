//! The values beregner computes with and shows: amounts and hours ([`num`]), months and dates
//! ([`month`]), named roundings ([`rounding`]), weekly-hours histories ([`history`]).

pub mod history;
pub mod month;
pub mod num;
pub mod rounding;
pub mod value;
