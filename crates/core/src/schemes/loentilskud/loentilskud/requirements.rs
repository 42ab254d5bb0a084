//! The requirements a løntilskud job must meet, each with its reason either way and, for a failed
//! one, what would make it pass: prior unemployment (LAB § 69), the rimelighedskrav (BEK
//! 2636/2021 § 65) and net expansion (LAB § 79). Each outcome keeps the numbers its sentence
//! names, so the sentence is only written when a reader asks for it.

use rust_decimal::Decimal;

use super::NAME;
use crate::values::num;
use crate::values::value::{Said, Value};

/// The employer's sector: a public employer (BEK 2636/2021 § 3 nr. 3) has its own rate, hourly
/// wage and, for dagpenge recipients, duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sector {
    Private,
    Public,
}

impl Sector {
    pub const NAMES: [&'static str; 2] = ["private", "public"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "private" => Some(Sector::Private),
            "public" => Some(Sector::Public),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The sector as a reader sees it (`loentilskud.term.<name>`).
    pub fn word(self) -> Value {
        Value::word(NAME, self.name())
    }
}

/// The person's group (lov om en aktiv beskæftigelsesindsats § 6), as the rules tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Dagpenge,
    Kontanthjaelp,
    Aktivitetsparat,
    Uddannelseshjaelp,
    Sygedagpenge,
    Ressourceforloeb,
    Foertidspension,
    /// § 6 nr. 12: selvforsørgelses- og hjemrejseydelse or overgangsydelse, jobparat.
    Hjemrejseydelse,
}

impl Group {
    pub const NAMES: [&'static str; 8] = [
        "dagpenge",
        "kontanthjaelp",
        "aktivitetsparat",
        "uddannelseshjaelp",
        "sygedagpenge",
        "ressourceforloeb",
        "foertidspension",
        "hjemrejseydelse",
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "dagpenge" => Group::Dagpenge,
            "kontanthjaelp" => Group::Kontanthjaelp,
            "aktivitetsparat" => Group::Aktivitetsparat,
            "uddannelseshjaelp" => Group::Uddannelseshjaelp,
            "sygedagpenge" => Group::Sygedagpenge,
            "ressourceforloeb" => Group::Ressourceforloeb,
            "foertidspension" => Group::Foertidspension,
            "hjemrejseydelse" => Group::Hjemrejseydelse,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The group as a reader sees it: the Danish term of art in both languages.
    pub fn word(self) -> Value {
        Value::word(NAME, self.name())
    }

    /// § 72: a public employer pays these groups the fixed hourly wage; the others (sygedagpenge,
    /// ressourceforløb, førtidspension) are paid by the usual terms of the job.
    pub fn fixed_public_wage(self) -> bool {
        matches!(
            self,
            Group::Dagpenge
                | Group::Kontanthjaelp
                | Group::Aktivitetsparat
                | Group::Uddannelseshjaelp
                | Group::Hjemrejseydelse
        )
    }

    /// § 68 (LAB 2019): the shorter period at a public employer is for § 6 nr. 1 (dagpenge),
    /// nr. 2 (jobparate kontanthjælp), nr. 4 (uddannelsesparate uddannelseshjælp) and jobparate
    /// § 6 nr. 12. (`uddannelseshjaelp` is read as uddannelsesparat: the aktivitetsparate of
    /// nr. 3 and 5 are the group `aktivitetsparat`.)
    pub fn public_short_period(self) -> bool {
        matches!(
            self,
            Group::Dagpenge
                | Group::Kontanthjaelp
                | Group::Uddannelseshjaelp
                | Group::Hjemrejseydelse
        )
    }

    /// § 69 stk. 1 (any employer) covers the benefit groups; stk. 2 (private employers only)
    /// sygedagpenge and ressourceforløb; a førtidspensionist has no such requirement.
    pub fn prior_requirement(self, sector: Sector) -> bool {
        match self {
            Group::Foertidspension => false,
            Group::Sygedagpenge | Group::Ressourceforloeb => sector == Sector::Private,
            _ => true,
        }
    }

    /// The 2021-22 senior supplement (LAB § 80 a) is for dagpenge and kontanthjælp recipients.
    pub fn senior_group(self) -> bool {
        matches!(
            self,
            Group::Dagpenge | Group::Kontanthjaelp | Group::Aktivitetsparat
        )
    }
}

/// A staff figure as the employer's own statement writes it (full-time persons, `20,4`), in
/// both languages: the `failed` result quotes it so.
fn staff(d: Decimal) -> Value {
    Value::Text(num::plain_da(d))
}

/// The prior-unemployment requirement (§ 69): why it holds or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriorUnemployment {
    /// § 69 does not cover the group at this employer.
    NotRequired {
        group: Group,
        sector: Sector,
    },
    /// Stk. 3 nr. 2: over 50 (read as 50 or over).
    ExemptByAge {
        age: u32,
        from_age: u32,
    },
    /// Stk. 3 nr. 3.
    SingleParent,
    /// Stk. 3 nr. 1.
    NoQualifyingEducation,
    Met {
        months: u32,
        required: u32,
    },
    NotMet {
        months: u32,
        required: u32,
        from_age: u32,
    },
}

impl PriorUnemployment {
    pub fn ok(&self) -> bool {
        !matches!(self, PriorUnemployment::NotMet { .. })
    }

    pub fn said(&self) -> Said {
        let text = |key| Said::new(NAME, key);
        match *self {
            PriorUnemployment::NotRequired { group, sector } => text("text.prior_not_required")
                .with("group", group.word())
                .with("sector", sector.word()),
            PriorUnemployment::ExemptByAge { age, from_age } => text("text.prior_exempt_age")
                .with("age", Value::Number(age.into()))
                .with("from_age", Value::Number(from_age.into())),
            PriorUnemployment::SingleParent => text("text.prior_exempt_single_parent"),
            PriorUnemployment::NoQualifyingEducation => text("text.prior_exempt_no_education"),
            PriorUnemployment::Met { months, required } => text("text.prior_met")
                .with("months", Value::months(months))
                .with("required", Value::months(required)),
            PriorUnemployment::NotMet {
                months,
                required,
                from_age,
            } => text("text.prior_not_met")
                .with("months", Value::months(months))
                .with("required", Value::months(required))
                .with("more", Value::months(required.saturating_sub(months)))
                .with("over", Value::Number(from_age.saturating_sub(1).into())),
        }
    }
}

/// The rimelighedskrav (BEK 2636/2021 § 65): the employer's ordinary staff against the
/// subsidised persons with this hire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ratio {
    pub ordinary: Decimal,
    /// Persons already in praktik, løntilskud, nytteindsats or fleksjob.
    pub already: Decimal,
    /// The most subsidised persons the ordinary staff allow.
    pub cap: Decimal,
    /// Over the cap: the fewest ordinary employees that would allow this hire.
    pub needed: Option<Decimal>,
}

/// The ratio's parameters: 1 subsidised person per `small` ordinary employees up to
/// `threshold`, always at least 1, then 1 per `large` beyond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatioRule {
    pub small: u32,
    pub threshold: u32,
    pub large: u32,
}

impl RatioRule {
    fn small(&self) -> Decimal {
        Decimal::from(self.small.max(1))
    }

    fn large(&self) -> Decimal {
        Decimal::from(self.large.max(1))
    }

    /// The most subsidised persons `n` ordinary employees allow.
    pub fn cap(&self, n: Decimal) -> Decimal {
        let threshold = Decimal::from(self.threshold);
        let first = (n.min(threshold) / self.small()).floor().max(Decimal::ONE);
        let beyond = if n > threshold {
            ((n - threshold) / self.large()).floor()
        } else {
            Decimal::ZERO
        };
        first + beyond
    }

    /// The fewest (whole) ordinary employees whose cap is at least `persons`: `k × small` up to
    /// the threshold's share, then `threshold + (k − share) × large`, for `k` = `persons`
    /// rounded up.
    pub fn needed_for(&self, persons: Decimal) -> Decimal {
        let k = persons.ceil();
        let share = (Decimal::from(self.threshold) / self.small())
            .floor()
            .max(Decimal::ONE);
        if k <= Decimal::ONE {
            Decimal::ZERO
        } else if k <= share {
            k * self.small()
        } else {
            Decimal::from(self.threshold) + (k - share) * self.large()
        }
    }

    /// The requirement for `ordinary` employees with `already` subsidised persons and this hire.
    pub fn check(&self, ordinary: Decimal, already: Decimal) -> Ratio {
        let cap = self.cap(ordinary);
        let with_hire = already + Decimal::ONE;
        Ratio {
            ordinary,
            already,
            cap,
            needed: (with_hire > cap).then(|| self.needed_for(with_hire)),
        }
    }
}

impl Ratio {
    pub fn ok(&self) -> bool {
        self.needed.is_none()
    }

    /// How many more subsidised persons the employer may take in all (this hire included).
    pub fn may_take_more(&self) -> Decimal {
        (self.cap - self.already).max(Decimal::ZERO)
    }

    pub fn said(&self) -> Said {
        let said = |key| {
            Said::new(NAME, key)
                .with("ordinary", staff(self.ordinary))
                .with("cap", Value::Number(self.cap))
                .with("already", staff(self.already))
                .with("with_hire", staff(self.already + Decimal::ONE))
        };
        match self.needed {
            None => said("text.ratio_ok").with("more", staff(self.may_take_more())),
            Some(n) => said("text.ratio_over").with("needed", Value::Number(n)),
        }
    }
}

/// Net expansion (merbeskæftigelse, LAB § 79): staff with the hire above the average of the last
/// months, and no position vacated by dismissal or resignation recently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expansion {
    Vacated {
        months: u32,
    },
    Above {
        with_hire: Decimal,
        average: Decimal,
        months: u32,
    },
    NotAbove {
        with_hire: Decimal,
        average: Decimal,
        months: u32,
    },
}

impl Expansion {
    pub fn check(with_hire: Decimal, average: Decimal, months: u32, vacated: Option<u32>) -> Self {
        match vacated {
            Some(months) => Expansion::Vacated { months },
            None if with_hire > average => Expansion::Above {
                with_hire,
                average,
                months,
            },
            None => Expansion::NotAbove {
                with_hire,
                average,
                months,
            },
        }
    }

    pub fn ok(&self) -> bool {
        matches!(self, Expansion::Above { .. })
    }

    pub fn said(&self) -> Said {
        match *self {
            Expansion::Vacated { months } => {
                Said::new(NAME, "text.expansion_vacated").with("months", Value::months(months))
            }
            Expansion::Above {
                with_hire,
                average,
                months,
            } => Said::new(NAME, "text.expansion_above")
                .with("with_hire", staff(with_hire))
                .with("average", staff(average))
                .with("months", Value::months(months)),
            Expansion::NotAbove {
                with_hire,
                average,
                months,
            } => Said::new(NAME, "text.expansion_not_above")
                .with("with_hire", staff(with_hire))
                .with("average", staff(average))
                .with("months", Value::months(months))
                .with("grow", staff(average - with_hire)),
        }
    }
}

/// The failed requirements, each named by its result field: `ratio: …; expansion: …`.
pub fn failed(failed: Vec<(&'static str, Said)>) -> Option<Said> {
    failed
        .into_iter()
        .rev()
        .map(|(name, why)| {
            Said::new(NAME, "text.failed")
                .with("requirement", Value::Text(name.to_string()))
                .with("reason", Value::said(why))
        })
        .reduce(|rest, first| {
            Said::new(NAME, "text.failed_and")
                .with("first", Value::said(first))
                .with("rest", Value::said(rest))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEK_65: RatioRule = RatioRule {
        small: 5,
        threshold: 50,
        large: 10,
    };

    /// BEK 2636/2021 § 65: 1 per 5 ordinary employees up to 50, always at least 1, then 1 per
    /// 10 beyond (the fixtures ratio-*: 4 → 1, 5 → 1, 50 → 10, 59 → 10, 60 → 11).
    #[test]
    fn the_cap_counts_1_per_5_then_1_per_10() {
        let cap = |n: i64| BEK_65.cap(Decimal::from(n));
        assert_eq!(
            [0, 4, 5, 9, 10, 50, 59, 60, 300].map(cap),
            [1, 1, 1, 1, 2, 10, 10, 11, 35].map(Decimal::from)
        );
        assert_eq!(BEK_65.cap(Decimal::new(204, 1)), Decimal::from(4));
    }

    /// The closed form gives the same as searching upwards for the first staff that allows it,
    /// whatever the rule's numbers.
    #[test]
    fn the_staff_needed_is_the_first_that_allows_it() {
        for (small, threshold, large) in [(5, 50, 10), (3, 7, 4), (5, 3, 2), (1, 0, 1), (0, 10, 0)]
        {
            let rule = RatioRule {
                small,
                threshold,
                large,
            };
            for tenths in 0..250 {
                let persons = Decimal::new(tenths, 1);
                let searched = (0..10_000)
                    .map(Decimal::from)
                    .find(|n| rule.cap(*n) >= persons);
                assert_eq!(
                    Some(rule.needed_for(persons)),
                    searched,
                    "{persons} persons under {rule:?}"
                );
            }
        }
    }

    #[test]
    fn a_hire_over_the_cap_says_what_would_allow_it() {
        let over = BEK_65.check(Decimal::from(59), Decimal::from(10));
        assert!(!over.ok());
        assert_eq!(over.needed, Some(Decimal::from(60)));
        assert_eq!(over.may_take_more(), Decimal::ZERO);
        let room = BEK_65.check(Decimal::from(20), Decimal::ONE);
        assert!(room.ok());
        assert_eq!(room.may_take_more(), Decimal::from(3));
    }

    #[test]
    fn failed_requirements_are_joined_in_order() {
        use crate::text::{Lang, format::say};
        let why = |key| Said::new(NAME, key);
        assert_eq!(failed(Vec::new()), None);
        let both = failed(vec![
            ("prior_unemployment", why("text.prior_exempt_single_parent")),
            ("expansion", why("text.prior_exempt_no_education")),
        ]);
        assert_eq!(
            both.map(|s| say(&s, Lang::En)).as_deref(),
            Some(
                "prior_unemployment: exempt: single parent; expansion: exempt: no qualifying education"
            )
        );
    }
}
