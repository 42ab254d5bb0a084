//! Employer bonuses and the jobpræmie: payments earned by a hire kept for a period. The hiring
//! bonuses share how a hire is read ([`hire`]) and how a payment earned over a period is checked
//! ([`installment`]); their shared texts are the catalogue scope `bonus`.

pub mod fleksjobbonus;
pub mod hire;
pub mod igu_bonus;
pub mod installment;
pub mod jobpraemie;
pub mod no_scheme;
pub mod refugee_bonus;

use crate::model::{Calc, Recorder};
use crate::values::value::{Said, Value};
use hire::{FAMILY, Sector};

/// The employer step every hiring bonus takes: a private employer always, a public one only
/// where the version's `public_employers` says so. Returns whether this employer qualifies.
fn employer_step<R: Recorder>(c: &mut Calc<R>, sector: Sector, public_ok: bool) -> bool {
    let allowed = sector == Sector::Private || public_ok;
    c.step("employer", "employer", |s| {
        let key = if public_ok {
            "text.employers_all"
        } else {
            "text.employers_private"
        };
        s.value(Value::Bool(allowed))
            .arg("sector", sector.value())
            .input("public_employers", Value::Bool(public_ok))
            .text(Said::new(FAMILY, key));
    });
    allowed
}
