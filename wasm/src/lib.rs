//! beregner in the browser: a thin wasm-bindgen layer over `beregner-core` with the bundled rule
//! sets. Every function takes and returns text (JSON), so the page needs no knowledge of Rust
//! types, and the result of [`calculate`] is byte-for-byte the line `beregner calc --format json`
//! prints for the same case. Bad input returns `{"errors": [...]}`, never a trap.

use std::sync::OnceLock;

use beregner_core::engine::case;
use beregner_core::source::tree::{Kind, Node, parse_json};
use beregner_core::tools::whatif;
use beregner_core::values::num;
use beregner_core::{Diagnostic, Engine, Format, SourceText, render as report};
use serde_json::json;
use wasm_bindgen::prelude::*;

fn engine() -> Result<&'static Engine, String> {
    static ENGINE: OnceLock<Option<Engine>> = OnceLock::new();
    // The rule book validated when this module was built, in its compact form (no TOML, loader
    // or validator in the page); missing only when the rule sets did not validate then.
    ENGINE.get_or_init(beregner_bundled::compact_engine).as_ref().ok_or_else(|| {
        "the bundled rule sets did not validate when this module was built (run `beregner check`)"
            .to_string()
    })
}

fn error_json(diags: &[Diagnostic]) -> String {
    json!({"errors": diags.iter().map(|d| json!({
        "file": d.file,
        "field": d.field,
        "line": d.position.map(|p| p.0),
        "column": d.position.map(|p| p.1),
        "reason": d.message,
        "help": d.help,
    })).collect::<Vec<_>>()})
    .to_string()
}

fn simple_error(field: &str, reason: &str) -> String {
    json!({"errors": [{"file": "", "field": field, "line": null, "column": null, "reason": reason, "help": null}]}).to_string()
}

/// Computes a case given as JSON text (this build reads no TOML: a TOML case is refused,
/// naming JSON). Returns the same JSON line as
/// `beregner calc --format json` (without the newline), or `{"errors": [...]}`.
#[wasm_bindgen]
pub fn calculate(case_text: &str) -> String {
    let engine = match engine() {
        Ok(e) => e,
        Err(e) => return simple_error("rules", &e),
    };
    let src = SourceText::new("case", case_text);
    let format = Format::guess("case", case_text);
    match case::parse(&src, format) {
        Ok(case) => match engine.calculate(case) {
            Ok(outcome) => report::to_json(&outcome),
            Err(d) => error_json(&[d]),
        },
        Err(diags) => error_json(&diags),
    }
}

/// The readable explanation of a case (as `beregner calc` prints it). Not in the page's module
/// (the page explains from `calculate`'s result).
#[cfg(feature = "full")]
#[wasm_bindgen]
pub fn explain(case_text: &str) -> String {
    let engine = match engine() {
        Ok(e) => e,
        Err(e) => return e,
    };
    let src = SourceText::new("case", case_text);
    match case::parse(&src, Format::guess("case", case_text)).map_err(|d| {
        d.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    }) {
        Ok(case) => match engine.calculate(case) {
            Ok(outcome) => report::to_text(&outcome),
            Err(d) => d.to_string(),
        },
        Err(e) => e,
    }
}

/// The schemes and their rule-set versions: `[{"id", "version", "valid_from", "valid_to", "status", "sha256"}]`.
/// `ids` (comma-separated, `"fleksloentilskud,loentilskud"`) lists only those rule sets, so that
/// only they are decoded; without it (or empty), every rule set.
#[wasm_bindgen]
pub fn rule_sets(ids: Option<String>) -> String {
    let wanted: Vec<&str> = ids
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .collect();
    match engine() {
        Ok(e) => {
            let book = e.rule_book();
            json!(
                book.ids()
                    .filter(|id| wanted.is_empty() || wanted.contains(id))
                    .flat_map(|id| book.versions(id))
                    .map(|v| json!({
                        "id": v.id,
                        "version": v.version,
                        "valid_from": v.valid_from.to_string(),
                        "valid_to": v.valid_to.map(|d| d.to_string()),
                        "status": v.status.name(),
                        "sha256": v.sha256,
                    }))
                    .collect::<Vec<_>>()
            )
            .to_string()
        }
        Err(e) => simple_error("rules", &e),
    }
}

/// "Does working more pay?" for `{"month": "2024-03", "hourly_wage": "200", "hours": ["10", "15"],
/// "full_time_wage": null, "other_income": null}`; the same JSON as `beregner whatif --format json`.
#[wasm_bindgen]
pub fn whatif(request: &str) -> String {
    let engine = match engine() {
        Ok(e) => e,
        Err(e) => return simple_error("rules", &e),
    };
    // Read by the same JSON reader as a case (serde_json only writes JSON in this build).
    let root = match parse_json(&SourceText::new("request", request)) {
        Ok(root) => root,
        Err(d) => return error_json(&[d]),
    };
    let entries = match &root.kind {
        Kind::Table(entries) => entries.as_slice(),
        _ => &[],
    };
    // A field the request does not know is a mistake, as in a case file.
    const KNOWN: [&str; 5] = [
        "month",
        "hourly_wage",
        "hours",
        "full_time_wage",
        "other_income",
    ];
    if let Some(e) = entries.iter().find(|e| !KNOWN.contains(&e.key.as_str())) {
        return simple_error(
            &e.key,
            &format!("unknown field `{}` (known: {})", e.key, KNOWN.join(", ")),
        );
    }
    let node = |k: &str| entries.iter().find(|e| e.key == k).map(|e| &e.value);
    fn text(n: &Node) -> Option<&str> {
        match &n.kind {
            Kind::String(t) | Kind::Number(t) => Some(t.as_str()),
            _ => None,
        }
    }
    let field = |k: &str| node(k).and_then(text);
    let hours: Vec<&str> = match node("hours").map(|n| &n.kind) {
        Some(Kind::Array(items)) => items.iter().map(|h| text(h).unwrap_or_default()).collect(),
        _ => Vec::new(),
    };
    // Read by fleksløntilskud's declared inputs, as the CLI reads its flags.
    let typed = whatif::Typed {
        danish: true,
        month: field("month"),
        hourly_wage: field("hourly_wage"),
        hours,
        full_time_wage: field("full_time_wage"),
        other_income: field("other_income"),
    };
    let r = match typed.read() {
        Ok(r) => r,
        Err(errors) => return error_json(&errors),
    };
    match whatif::fleksloentilskud(
        engine,
        r.month,
        r.hourly_wage,
        &r.hours,
        r.full_time_wage,
        r.other_income,
    ) {
        Ok(w) => w.to_json(),
        Err(d) => error_json(&[d]),
    }
}

/// Every scheme's declaration: its inputs (kind, bounds, whether required, description in
/// Danish and English) and results, so the page checks its fields by the same rules as case
/// files: `[{"name", "family", "title", "title_da", "selected_by", "inputs": [...], "results": [...]}]`.
/// Not in the page's module (the page checks its fields with [`check_input`]).
#[cfg(feature = "full")]
#[wasm_bindgen]
pub fn schemes() -> String {
    beregner_core::tools::describe::schemes().to_string()
}

/// Checks one field as a person typed it (`15.272,00`, `18,5`), by the scheme's declaration:
/// `{"value": "15272.00"}` (as JSON carries it) or `{"error": "..."}` in `lang` (`da`, `en`).
#[wasm_bindgen]
pub fn check_input(scheme: &str, field: &str, text: &str, lang: &str) -> String {
    use beregner_core::text::{Lang, format};
    let lang = Lang::parse(lang).unwrap_or(Lang::Da);
    let Some(spec) = beregner_core::schemes::find(scheme) else {
        return json!({"error": format!("unknown scheme `{scheme}`")}).to_string();
    };
    let Some(input) = spec.input(field) else {
        return json!({"error": format!("`{field}` is not an input of {scheme}")}).to_string();
    };
    match beregner_core::model::inputs::check_typed(spec, input.name, text) {
        Ok(v) => json!({"value": format::canonical(&v)}).to_string(),
        Err(said) => json!({"error": format::say(&said, lang)}).to_string(),
    }
}

/// Reads an amount as a person types it (`15.272,00`, `15272`, `15272,5`):
/// `{"value": "15272.00"}` or `{"error": "..."}`.
#[wasm_bindgen]
pub fn parse_amount(text: &str) -> String {
    match num::parse_amount_da(text) {
        Ok(d) if d.is_sign_negative() => {
            json!({"error": "the amount is negative", "code": "negative"}).to_string()
        }
        Ok(d) if d.normalize().scale() > 2 => {
            json!({"error": "more than two decimals (øre)", "code": "decimals"}).to_string()
        }
        Ok(d) => json!({"value": num::fixed(d, 2)}).to_string(),
        Err(e) => json!({"error": e, "code": "not_an_amount"}).to_string(),
    }
}

/// Writes an amount (`15272.5`) the Danish way: `15.272,50`. Unreadable input comes back as is.
#[wasm_bindgen]
pub fn format_amount(text: &str) -> String {
    match num::parse_decimal(text) {
        // `-0.00` is 0,00: a zero has no sign.
        Ok(d) if d.is_zero() => num::danish(rust_decimal::Decimal::ZERO, 2),
        Ok(d) => num::danish(d, 2),
        Err(_) => text.to_string(),
    }
}

/// Adds amounts the page holds as the core wrote them (`"15600.00"`, `"-9333.71"`), exactly, for
/// the first-year table's net costs and totals: `["15600.00", "-9333.71"]` gives
/// `{"value": "6266.29"}`; an unreadable amount or an overflow gives `{"error": "..."}`.
/// No rounding: every amount added is already one the core rounded. Each is read as a case
/// file reads an amount (`15.600`, with two readings, and more than two decimals are refused).
#[wasm_bindgen]
pub fn add_amounts(list: &str) -> String {
    let root = match parse_json(&SourceText::new("amounts", list)) {
        Ok(root) => root,
        Err(d) => return json!({"error": d.message}).to_string(),
    };
    let Kind::Array(items) = &root.kind else {
        return json!({"error": "expected a list of amounts"}).to_string();
    };
    let mut sum = rust_decimal::Decimal::ZERO;
    for item in items {
        let text = match &item.kind {
            Kind::String(t) | Kind::Number(t) => t.as_str(),
            _ => return json!({"error": "expected a list of amounts"}).to_string(),
        };
        // Read as a case file reads an amount (the one reading: `15.600` has two and is
        // refused), signed, to the øre.
        let d = match num::read_amount(text) {
            Ok(d) if d.normalize().scale() <= 2 => d,
            _ => return json!({"error": format!("`{text}` is not an amount")}).to_string(),
        };
        match sum.checked_add(d) {
            Some(s) => sum = s,
            None => return json!({"error": "the sum is too large"}).to_string(),
        }
    }
    json!({"value": num::fixed(sum, 2)}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calculate_matches_the_cli_json_and_errors_are_objects() {
        let out = calculate(
            r#"{"scheme":"fleksloentilskud","month":"2024-03","input":{"hourly_wage":"200","weekly_hours":"18"}}"#,
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["result"]["subsidy"], "15272.00");
        let bad =
            calculate(r#"{"scheme":"fleksloentilskud","month":"2024-03","input":{"wage":"-1"}}"#);
        let v: serde_json::Value = serde_json::from_str(&bad).unwrap();
        assert_eq!(v["errors"][0]["field"], "input.wage");
        assert!(calculate("not a case").contains("\"errors\""));
        assert!(calculate("").contains("\"errors\""));
    }

    #[test]
    fn amounts_add_exactly() {
        assert_eq!(
            add_amounts(r#"["15600.00","-9333.71"]"#),
            r#"{"value":"6266.29"}"#
        );
        assert_eq!(add_amounts("[]"), r#"{"value":"0.00"}"#);
        assert!(add_amounts(r#"["x"]"#).contains("error"));
        // Read as case files read amounts: `15.600` has two readings, `1.234` is no amount in øre.
        assert!(add_amounts(r#"["15.600"]"#).contains("error"));
        assert!(
            whatif(r#"{"month":"2024-03","hourly_wage":"200","hours":["10"],"extra":1}"#)
                .contains("unknown field `extra`")
        );
        assert!(add_amounts(r#"["1.234"]"#).contains("error"));
        assert!(add_amounts("{").contains("error"));
        assert!(add_amounts(r#"["79228162514264337593543950335","1"]"#).contains("error"));
    }

    #[test]
    fn amounts_read_and_write_the_danish_way() {
        assert_eq!(parse_amount("15.272,00"), r#"{"value":"15272.00"}"#);
        assert_eq!(parse_amount("200"), r#"{"value":"200.00"}"#);
        assert!(parse_amount("abc").contains(r#""code":"not_an_amount""#));
        assert!(parse_amount("1.234.5").contains(r#""code":"not_an_amount""#));
        assert!(parse_amount("12,345").contains(r#""code":"decimals""#));
        assert!(parse_amount("-5").contains("negative"));
        assert_eq!(format_amount("15272.5"), "15.272,50");
    }

    #[test]
    fn fields_are_checked_by_their_declaration_as_a_person_types_them() {
        assert_eq!(
            check_input("fleksloentilskud", "wage", "15.272,5", "da"),
            r#"{"value":"15272.50"}"#
        );
        assert_eq!(
            check_input("fleksloentilskud", "weekly_hours", "18,5", "en"),
            r#"{"value":"18.5"}"#
        );
        let too_many = check_input("fleksloentilskud", "weekly_hours", "169", "da");
        assert!(
            too_many.contains("169 er mere end 168, det højeste de ugentlige timer kan være"),
            "{too_many}"
        );
        assert!(check_input("fleksloentilskud", "wage", "-5", "en").contains("is negative"));
        assert!(check_input("fleksloentilskud", "nope", "1", "en").contains("not an input"));
    }

    #[cfg(feature = "full")]
    #[test]
    fn every_scheme_declares_its_inputs() {
        let declared: serde_json::Value = serde_json::from_str(&schemes()).unwrap();
        let fleks = declared
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "fleksloentilskud")
            .unwrap();
        assert_eq!(fleks["inputs"][3]["name"], "hourly_wage");
        assert_eq!(fleks["inputs"][3]["kind"], "amount");
        assert_eq!(fleks["inputs"][3]["max"], "10000");
        assert_eq!(fleks["inputs"][3]["description_da"], "timelønnen");
    }

    /// The page's module registers the page's schemes, and decodes their rule sets, only.
    #[cfg(not(feature = "full"))]
    #[test]
    fn the_page_module_holds_the_page_schemes_only() {
        let names: Vec<&str> = beregner_core::schemes::names().collect();
        let mut page = beregner_core::schemes::PAGE.to_vec();
        let mut sorted = names.clone();
        page.sort_unstable();
        sorted.sort_unstable();
        assert_eq!(sorted, page);
        let sets: serde_json::Value = serde_json::from_str(&rule_sets(None)).unwrap();
        let mut ids: Vec<&str> = sets
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["id"].as_str().unwrap())
            .collect();
        ids.dedup();
        ids.sort_unstable();
        assert_eq!(ids, page);
        assert!(check_input("ledighedsydelse", "wage", "1", "da").contains("unknown scheme"));
    }

    #[test]
    fn whatif_validates_its_request() {
        let ok = whatif(r#"{"month":"2024-03","hourly_wage":"200","hours":["10","18"]}"#);
        assert!(ok.contains("\"rows\""), "{ok}");
        assert!(
            whatif(r#"{"month":"2024-03","hourly_wage":"x","hours":["10"]}"#)
                .contains("hourly_wage")
        );
        assert!(
            whatif(r#"{"month":"2024-03","hourly_wage":"200","hours":["200"]}"#).contains("hours")
        );
        assert!(whatif("{").contains("errors"));
    }
}
