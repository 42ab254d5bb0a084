//! Rounding is data: each rule set names its roundings (scale and mode) and the formulas apply
//! them by name, so a change of rounding convention is a rule-set change, not a code change.

use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RoundingMode {
    /// To nearest; a half goes away from zero ("nærmeste hele kronebeløb" as usually read).
    HalfUp,
    /// To nearest; a half goes to the even neighbour.
    HalfEven,
    /// Toward zero (truncation).
    Down,
    /// Away from zero.
    Up,
}

impl RoundingMode {
    pub const NAMES: [&'static str; 4] = ["half_up", "half_even", "down", "up"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "half_up" => Some(Self::HalfUp),
            "half_even" => Some(Self::HalfEven),
            "down" => Some(Self::Down),
            "up" => Some(Self::Up),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::HalfUp => "half_up",
            Self::HalfEven => "half_even",
            Self::Down => "down",
            Self::Up => "up",
        }
    }

    /// The mode in Danish: `halvt op` (5 rounds up), `halvt til lige`, `ned`, `op`.
    pub fn name_da(self) -> &'static str {
        match self {
            Self::HalfUp => "halvt op",
            Self::HalfEven => "halvt til lige",
            Self::Down => "ned",
            Self::Up => "op",
        }
    }

    fn strategy(self) -> RoundingStrategy {
        match self {
            Self::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Self::HalfEven => RoundingStrategy::MidpointNearestEven,
            Self::Down => RoundingStrategy::ToZero,
            Self::Up => RoundingStrategy::AwayFromZero,
        }
    }
}

/// A named rounding: `scale` decimals (0 = whole kroner, 2 = øre) and a mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rounding {
    pub scale: u32,
    pub mode: RoundingMode,
}

impl Rounding {
    pub const MAX_SCALE: u32 = 6;

    pub fn apply(self, value: Decimal) -> Decimal {
        value.round_dp_with_strategy(self.scale, self.mode.strategy())
    }
}

impl fmt::Display for Rounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.scale {
            0 => "whole kroner".to_string(),
            2 => "øre".to_string(),
            n => format!("{n} decimals"),
        };
        write!(f, "to {unit}, {}", self.mode.name())
    }
}

impl Rounding {
    /// How a rounding of money reads in Danish: `til øre, halvt op`.
    pub fn danish(self) -> String {
        let unit = match self.scale {
            0 => "hele kroner".to_string(),
            2 => "øre".to_string(),
            n => format!("{n} decimaler"),
        };
        format!("til {unit}, {}", self.mode.name_da())
    }

    /// How a rounding of a quantity that is not money reads in Danish: `til 2 decimaler, halvt op`.
    pub fn quantity_da(self) -> String {
        match self.scale {
            0 => format!("til hele tal, {}", self.mode.name_da()),
            n => format!("til {n} decimaler, {}", self.mode.name_da()),
        }
    }

    /// How a rounding of a quantity that is not money reads: `to 2 decimals, half_up`.
    pub fn quantity(self) -> String {
        match self.scale {
            0 => format!("to whole numbers, {}", self.mode.name()),
            n => format!("to {n} decimals, {}", self.mode.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn modes_differ_exactly_at_the_half() {
        let kr = |mode| Rounding { scale: 0, mode };
        assert_eq!(kr(RoundingMode::HalfUp).apply(d("377.50")), d("378"));
        assert_eq!(kr(RoundingMode::HalfEven).apply(d("377.50")), d("378"));
        assert_eq!(kr(RoundingMode::HalfEven).apply(d("376.50")), d("376"));
        assert_eq!(kr(RoundingMode::HalfUp).apply(d("377.25")), d("377"));
        assert_eq!(kr(RoundingMode::Down).apply(d("18260.67")), d("18260"));
        assert_eq!(kr(RoundingMode::Up).apply(d("37.0009")), d("38"));
    }
}
