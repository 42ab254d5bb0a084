//! Sickness benefit (sygedagpenge): the employer period, the employer's refund, the duration.

pub mod sygedagpenge_duration;
pub mod sygedagpenge_employer_period;
pub mod sygedagpenge_refund;
