//! A case from named values instead of a file (`beregner calc fleksloentilskud --month 2026-03
//! --hourly-wage 200 --weekly-hours 18`): the scheme's declared inputs, read with the same
//! checks and messages as a case file's `[input]`.

use crate::engine::case::Case;
use crate::model::{Fields, Raw};
use crate::schemes::{self, CaseInput};
use crate::source::diag::{Diagnostic, SourceText, did_you_mean};
use crate::text::diag::settle;
use crate::values::month::Month;
use crate::values::value::{Said, Value};

/// An error about a named value (no file, so no line and column).
fn error(origin: &str, field: &str, reason: Said, help: Option<Said>) -> Diagnostic {
    let mut d = SourceText::new(origin, "").error_said(None, field, reason);
    if let Some(h) = help {
        d = d.help_said(h);
    }
    settle(&mut d);
    d
}

fn text(t: impl Into<String>) -> Value {
    Value::Text(t.into())
}

/// The case of `scheme` in `month` (optional for a scheme chosen by an input date) with the
/// input `values` (name, text as a case file would write it), named `origin` in messages.
/// Every problem is reported, each naming its field (`input.hourly_wage`).
pub fn case_from_values(
    scheme: &str,
    month: Option<&str>,
    values: &[(String, String)],
    origin: &str,
) -> Result<Case, Vec<Diagnostic>> {
    let Some(spec) = schemes::find(scheme) else {
        let help = match did_you_mean(scheme, schemes::names()) {
            Some(s) => Said::common("help.did_you_mean").with("name", text(s)),
            None => Said::common("help.known_schemes").with(
                "names",
                text(schemes::names().collect::<Vec<_>>().join(", ")),
            ),
        };
        return Err(vec![error(
            origin,
            "scheme",
            Said::common("case.unknown_scheme").with("name", text(scheme)),
            Some(help),
        )]);
    };
    let mut errors = Vec::new();
    let month: Option<Month> = match month {
        Some(m) => match crate::model::inputs::case_month(m) {
            Ok(m) => Some(m),
            Err(reason) => {
                errors.push(error(origin, "month", reason, None));
                None
            }
        },
        None if spec.selected_by.is_some() => None,
        None => {
            errors.push(error(
                origin,
                "month",
                Said::common("case.missing_field"),
                None,
            ));
            None
        }
    };
    for (i, (name, _)) in values.iter().enumerate() {
        if spec.input(name).is_none() {
            let help = did_you_mean(name, spec.inputs.iter().map(|s| s.name))
                .map(|s| Said::common("help.did_you_mean").with("name", text(s)))
                .unwrap_or_else(|| {
                    let names: Vec<&str> = spec.inputs.iter().map(|s| s.name).collect();
                    Said::common("help.inputs_of")
                        .with("scheme", text(spec.name))
                        .with("names", text(names.join(", ")))
                });
            errors.push(error(
                origin,
                &format!("input.{name}"),
                Said::common("case.unknown_field_named").with("name", text(name.as_str())),
                Some(help),
            ));
        } else if values[..i].iter().any(|(n, _)| n == name) {
            let reason = Said::common("case.given_twice");
            errors.push(error(origin, &format!("input.{name}"), reason, None));
        }
    }
    let get = |name: &'static str| {
        values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| Raw::Text(v.as_str()))
    };
    let mut fields = Fields::read(spec.name, spec.inputs, get);
    let input = CaseInput::read(spec, &mut fields);
    for e in &fields.errors {
        errors.push(error(
            origin,
            &format!("input.{}", e.field),
            e.said.clone(),
            None,
        ));
    }
    let input = match input {
        Some(i) if errors.is_empty() => i,
        _ => {
            if errors.is_empty() {
                errors.push(error(
                    origin,
                    "input",
                    Said::common("case.unreadable"),
                    None,
                ));
            }
            return Err(errors);
        }
    };
    let date = match spec.selected_by.and_then(|_| input.selecting_date()) {
        Some(d) => d,
        None => match month {
            Some(m) => m.first_day(),
            None => {
                let reason = Said::common("case.missing_field");
                return Err(vec![error(origin, "month", reason, None)]);
            }
        },
    };
    Ok(Case {
        origin: origin.to_string(),
        id: None,
        scheme: spec,
        month: month.unwrap_or_else(|| Month::of(date)),
        date,
        input,
        echo: fields.echo(),
        expected: Vec::new(),
        source: None,
        positions: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn a_case_from_values_computes_as_its_file_does() {
        let engine = crate::Engine::bundled().unwrap();
        let case = case_from_values(
            "fleksloentilskud",
            Some("2024-03"),
            &pairs(&[("hourly_wage", "200"), ("weekly_hours", "18")]),
            "flags",
        )
        .unwrap();
        let file = crate::engine::case::parse(
            &crate::SourceText::new(
                "flags",
                "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nhourly_wage = \"200\"\nweekly_hours = \"18\"\n",
            ),
            crate::Format::Toml,
        )
        .unwrap();
        let a = crate::render::to_json(&engine.calculate(case).unwrap());
        let b = crate::render::to_json(&engine.calculate(file).unwrap());
        assert_eq!(a, b);
    }

    #[test]
    fn values_are_checked_as_a_file_checks_them() {
        let errs = case_from_values(
            "fleksloentilskud",
            Some("2024-3"),
            &pairs(&[("hourly_wage", "-1"), ("weekly_hour", "18")]),
            "flags",
        )
        .unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "month",
                "input.weekly_hour",
                "input.hourly_wage",
                "input.weekly_hours"
            ]
        );
        assert!(errs[1].help.as_deref().unwrap().contains("weekly_hours"));
        assert!(
            errs[2].message.contains("-1 is negative"),
            "{}",
            errs[2].message
        );
        let unknown = case_from_values("fleksloentilskudd", None, &[], "x").unwrap_err();
        assert_eq!(unknown[0].message, "unknown scheme `fleksloentilskudd`");
        assert_eq!(
            unknown[0].help.as_deref(),
            Some("did you mean `fleksloentilskud`?")
        );
    }
}
