use super::*;
use crate::model::Raw;
use crate::text::{Lang, format::say};

/// A case's fields: a private job for a dagpenge recipient, with `extra` added or replaced.
fn fields(extra: &[(&'static str, &'static str)]) -> Fields<'static> {
    let base = [
        ("start_date", "2023-03-01"),
        ("sector", "private"),
        ("group", "dagpenge"),
        ("age", "35"),
        ("months_on_benefit", "7"),
        ("ordinary_employees", "20"),
        ("subsidised_employees", "0"),
        ("average_employees_12_months", "20"),
        ("employees_with_hire", "21"),
    ];
    let extra = extra.to_vec();
    Fields::read(NAME, Loentilskud::SPEC.inputs, move |name| {
        extra
            .iter()
            .chain(base.iter())
            .find(|(n, _)| *n == name)
            .map(|(_, v)| Raw::Text(v))
    })
}

fn errors(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, String)> {
    let mut f = fields(extra);
    assert_eq!(Loentilskud::read(&mut f), None);
    f.errors
        .iter()
        .map(|e| (e.field, say(&e.said, Lang::En)))
        .collect()
}

#[test]
fn a_case_reads_with_its_defaults() {
    let mut f = fields(&[("average_employees_12_months", "20,4")]);
    let i = Loentilskud::read(&mut f).expect("a well-formed case");
    assert_eq!(i.average_employees_12_months, Decimal::new(204, 1));
    assert!(!i.single_parent && !i.position_vacated);
    assert_eq!(i.refunded_hours, Decimal::ZERO);
    assert_eq!(i.hours_paid, None);
}

#[test]
fn the_grant_comes_before_the_start_and_hours_are_given_or_estimated() {
    assert_eq!(
        errors(&[
            ("granted", "2023-04-01"),
            ("hours_paid", "100"),
            ("weekly_hours", "20")
        ]),
        [
            (
                "granted",
                "the job must be granted (2023-04-01) before it starts (2023-03-01)".to_string()
            ),
            (
                "weekly_hours",
                "give either hours_paid (the month's paid hours) or weekly_hours (an estimate), not both"
                    .to_string()
            ),
        ]
    );
}

/// The bounds of the declaration: a month has at most 744 hours, a week 168; staff figures are
/// people, and `1.000` is a thousand to a Danish reader.
#[test]
fn inputs_are_bounded() {
    let errs = errors(&[
        ("refunded_hours", "745"),
        ("weekly_hours", "169"),
        ("age", "-1"),
        ("ordinary_employees", "1.000"),
        ("subsidised_employees", "2000000"),
    ]);
    let fields: Vec<&str> = errs.iter().map(|(f, _)| *f).collect();
    assert_eq!(
        fields,
        [
            "age",
            "ordinary_employees",
            "subsidised_employees",
            "weekly_hours",
            "refunded_hours"
        ]
    );
    assert!(
        errs[1].1.contains("a Danish reader reads 1000"),
        "{}",
        errs[1].1
    );
}

/// The yearly figures are amounts like any other: one reading, and what a Danish reader reads
/// otherwise is refused (the one reader, `values::num::read_amount`).
#[test]
fn yearly_figures_have_the_one_reading_of_an_amount() {
    let mut f = fields(&[
        ("wage_costs_year", "300000"),
        ("subsidy_year", "160000.50"),
        ("monthly_benefit", "9541.50"),
    ]);
    let i = Loentilskud::read(&mut f).expect("a well-formed case");
    assert_eq!(i.wage_costs_year, Some(Decimal::from(300_000)));
    assert_eq!(i.subsidy_year, Some(Decimal::new(16_000_050, 2)));
    assert_eq!(i.monthly_benefit, Some(Decimal::new(954_150, 2)));
    let errs = errors(&[
        ("wage_costs_year", "300.000"),
        ("subsidy_year", "160.000,50"),
        ("monthly_benefit", "9541,50"),
    ]);
    assert_eq!(errs.len(), 3, "{errs:?}");
    let errs = errors(&[("wage_costs_year", "-5"), ("subsidy_year", "1,234")]);
    assert_eq!(errs.len(), 2, "{errs:?}");
}

#[test]
fn requirement_sentences_name_what_would_pass() {
    let not_met = PriorUnemployment::NotMet {
        months: 5,
        required: 6,
        from_age: 50,
    };
    assert_eq!(
        say(&not_met.said(), Lang::En),
        "5 months on benefits, fewer than 6: passes after 1 more month, or if over 49, a single parent or without qualifying education"
    );
    assert_eq!(
        say(&not_met.said(), Lang::Da),
        "5 måneder på offentlig forsørgelse, færre end 6: opfyldt efter 1 måned mere, eller hvis personen er over 49 år, enlig forsørger eller uden erhvervskompetencegivende uddannelse"
    );
    let expansion = Expansion::check(Decimal::from(20), Decimal::new(204, 1), 12, None);
    assert_eq!(
        say(&expansion.said(), Lang::Da),
        "20 med ansættelsen, ikke over gennemsnittet for 12 måneder på 20,4: antallet af ansatte skal vokse med mere end 0,4"
    );
}

/// § 72 stk. 4: "Antallet af arbejdstimer rundes op til nærmeste antal hele timer". A
/// quotient a hair over a whole number goes up a whole hour: 37,0009 → 38, 36,9999 → 37.
/// That is why the benefit per hour is kept in øre first (see the fixture
/// public-hours-2020-max-dagpenge-37: 19.083 ÷ 160,33 = 119,02 gives 36,9999 and 37 hours;
/// unrounded, 119,0232... would give 37,0009 and 38 hours, against practice).
#[test]
fn public_hours_round_up_any_part_of_an_hour() {
    use crate::values::rounding::RoundingMode;
    let up = Rounding {
        scale: 0,
        mode: RoundingMode::Up,
    };
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(up.apply(d("37.0009")), d("38"));
    assert_eq!(up.apply(d("36.9999")), d("37"));
    assert_eq!(up.apply(d("37")), d("37"));
}
