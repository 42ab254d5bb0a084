//! `beregner calc`: case files, or one case given on the command line
//! (`beregner calc fleksloentilskud --month 2026-03 --hourly-wage 200 --weekly-hours 18`),
//! written as text (in English or Danish), JSON, or a printable HTML page.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use beregner_core::engine::given;
use beregner_core::source::diag::Severity;
use beregner_core::text::Lang;
use beregner_core::text::diag;
use beregner_core::text::format::say;
use beregner_core::values::value::{Said, Value};
use beregner_core::{Diagnostic, render};

use crate::commands::{self, RuleSource};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CalcFormat {
    /// An explanation for a person.
    Text,
    /// One JSON object per case per line.
    Json,
    /// A self-contained printable page for one case (a citizen's letter).
    Html,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    En,
    Da,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::En => Lang::En,
            LangArg::Da => Lang::Da,
        }
    }
}

/// calc's own options, which an input of the same name cannot take over.
const OWN: [&str; 6] = ["format", "lang", "month", "input", "rules", "overlay"];

/// Rewrites `calc`'s `--<input> VALUE` (or `--<input>=VALUE`), for any input a scheme declares
/// (`--hourly-wage 200` for `hourly_wage`), as `--input hourly_wage=200`, so every scheme's
/// inputs are flags without a flag per input in the parser.
pub fn rewrite_args(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let args: Vec<OsString> = args.into_iter().collect();
    // Only after the `calc` subcommand (global options with a value may come before it).
    let mut i = 1;
    while i < args.len() {
        match args[i].to_str() {
            Some("--rules" | "--overlay") => i += 2,
            Some(a) if a.starts_with("--rules=") || a.starts_with("--overlay=") => i += 1,
            _ => break,
        }
    }
    if args.get(i).and_then(|a| a.to_str()) != Some("calc") {
        return args;
    }
    let declared = |name: &str| {
        beregner_core::schemes::SCHEMES
            .iter()
            .any(|s| s.input(name).is_some())
    };
    // A yes/no input in every scheme that declares it: given bare (`--completed`), it is yes.
    let switch = |name: &str| {
        beregner_core::schemes::SCHEMES.iter().all(|s| {
            s.input(name)
                .is_none_or(|i| matches!(i.kind, beregner_core::rules::spec::InputKind::Flag))
        })
    };
    let mut out: Vec<OsString> = args[..=i].to_vec();
    let mut rest = args[i + 1..].iter();
    while let Some(arg) = rest.next() {
        let Some(flag) = arg.to_str().and_then(|a| a.strip_prefix("--")) else {
            out.push(arg.clone());
            continue;
        };
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (flag, None),
        };
        let field = name.replace('-', "_");
        if OWN.contains(&name) || !declared(&field) {
            out.push(arg.clone());
            continue;
        }
        // The next argument is the value, unless it is the next flag (`--wage --month ...`).
        let next_is_flag = rest
            .as_slice()
            .first()
            .and_then(|a| a.to_str())
            .is_none_or(|a| a.starts_with("--"));
        let value = match inline {
            Some(v) => Some(v),
            None if next_is_flag && switch(&field) => Some("true".to_string()),
            None if next_is_flag => Some(String::new()),
            None => rest.next().map(|v| v.to_string_lossy().into_owned()),
        };
        out.push("--input".into());
        // Without a value, clap says so: `--input` needs one.
        if let Some(v) = value {
            out.push(format!("{field}={v}").into());
        }
    }
    out
}

/// `calc SCHEME --help` (or `-h`): the scheme's declared inputs as flags, with what each holds,
/// its kind and bounds, and its results, from the same declaration a case file is read by;
/// `None` for any other command line (clap's help then). `--lang da` gives the Danish texts.
pub fn scheme_help(args: &[OsString]) -> Option<String> {
    use beregner_core::rules::spec::{InputKind, Need};
    use beregner_core::text::catalogue;
    let args: Vec<&str> = args
        .iter()
        .skip(1)
        .map(|a| a.to_str())
        .collect::<Option<_>>()?;
    let at = args.iter().position(|a| *a == "calc")?;
    let rest = &args[at + 1..];
    if !rest.iter().any(|a| matches!(*a, "--help" | "-h")) {
        return None;
    }
    let scheme = rest.iter().find_map(|a| beregner_core::schemes::find(a))?;
    let lang = match rest.windows(2).find(|w| w[0] == "--lang").map(|w| w[1]) {
        Some("da") => Lang::Da,
        _ if rest.contains(&"--lang=da") => Lang::Da,
        _ => Lang::En,
    };
    let text = |key: &str| catalogue::fill(lang, scheme.name, key, &mut |_| None);
    let mut out = format!("{}: {}\n\n", scheme.name, text("title"));
    let when = match scheme.selected_by {
        Some(input) => format!("--{} VALUE", input.replace('_', "-")),
        None => "--month YYYY-MM".to_string(),
    };
    // The words around the flags, in the language asked for (`cli.scheme_help` in the
    // catalogue): `{max}`, `{word}`, `{names}` and `{value}` filled from the declaration.
    let say = |key: &str, args: &[(&str, String)]| {
        catalogue::fill(lang, "cli", &format!("scheme_help.{key}"), &mut |name| {
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
        })
    };
    out.push_str(&format!(
        "{}: beregner calc {} {when} [--NAME VALUE ...] [--format text|json|html] \
         [--lang en|da]\n\n{}:\n",
        say("usage", &[]),
        scheme.name,
        say("inputs", &[]),
    ));
    for i in scheme.inputs {
        let max = |m: &dyn std::fmt::Display| [("max", m.to_string())];
        let kind = match i.kind {
            InputKind::Amount { max: m } => say("amount", &max(&m)),
            InputKind::AmountOrWord { max: m, word } => say(
                "amount_or_word",
                &[("max", m.to_string()), ("word", word.to_string())],
            ),
            InputKind::Hours { max: m } => say("hours", &max(&m)),
            InputKind::Weeks { max: m } => say("weeks", &max(&m)),
            InputKind::Count { max: m } | InputKind::Persons { max: m } => say("whole", &max(&m)),
            InputKind::Date => say("date", &[]),
            InputKind::Month => say("month", &[]),
            InputKind::Choice(c) => say("choice", &[("names", c.join(", "))]),
            InputKind::Flag => say("flag", &[]),
            InputKind::Text => say("text", &[]),
        };
        let (star, default) = match i.need {
            Need::Required => ("*", String::new()),
            Need::Default(d) => (
                "",
                format!(" ({})", say("default", &[("value", d.to_string())])),
            ),
            Need::Optional => ("", String::new()),
        };
        let flag = format!("--{}{star}", i.name.replace('_', "-"));
        out.push_str(&format!(
            "  {flag:<32} {}{default}\n  {:<32} [{kind}]\n",
            text(&format!("input.{}", i.name)),
            ""
        ));
    }
    let results: Vec<&str> = scheme.results.iter().map(|r| r.name).collect();
    out.push_str(&format!(
        "\n{}: {}\n",
        say("results", &[]),
        results.join(", ")
    ));
    Some(out)
}

pub struct Options<'a> {
    pub files: &'a [PathBuf],
    pub format: CalcFormat,
    pub lang: LangArg,
    pub month: Option<&'a str>,
    pub inputs: &'a [String],
}

fn write_out(text: &str) -> bool {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(text.as_bytes()).is_ok()
}

/// A one-off case's problem, named by its flag: `error: --hourly-wage: -1 is negative; …`.
fn eprint_flag_errors(diags: &[Diagnostic], lang: Lang) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let level = diag::level(Severity::Error, lang);
    for d in diags {
        let field = d.field.strip_prefix("input.").unwrap_or(&d.field);
        let flag = match field {
            "" => String::new(),
            "scheme" => "scheme: ".to_string(),
            f => format!("--{}: ", f.replace('_', "-")),
        };
        // An input's suggestion names the flag (`--hourly-wage`), not the field.
        let suggested = d.help_sentence().and_then(|h| match h.arg("name") {
            Some(Value::Text(name))
                if h.key == "help.did_you_mean" && d.field.starts_with("input.") =>
            {
                let flag = Value::Text(format!("--{}", name.replace('_', "-")));
                Some(say(
                    &Said::common("help.did_you_mean").with("name", flag),
                    lang,
                ))
            }
            _ => None,
        });
        let help = suggested
            .or_else(|| diag::help(d, lang).map(|h| h.into_owned()))
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        let _ = writeln!(err, "{level}: {flag}{}{help}", diag::message(d, lang));
    }
}

pub fn run(rules: &RuleSource, opts: &Options) -> Result<bool, ExitCode> {
    let lang = Lang::from(opts.lang);
    let one_off = opts.month.is_some()
        || !opts.inputs.is_empty()
        || (opts.files.len() == 1
            && !opts.files[0].exists()
            && opts.files[0]
                .to_str()
                .is_some_and(|s| beregner_core::schemes::find(s).is_some()));
    if !one_off {
        if opts.format == CalcFormat::Html && opts.files.len() != 1 {
            eprintln!("error: --format html writes the page of one case; give one case file");
            return Err(ExitCode::from(2));
        }
        // In English the file path reads and writes each case as it goes; in Danish (errors in
        // Danish too) and for HTML the loop below does.
        if lang == Lang::En && opts.format != CalcFormat::Html {
            let format = match opts.format {
                CalcFormat::Json => crate::OutputFormat::Json,
                _ => crate::OutputFormat::Text,
            };
            return commands::calc(rules, opts.files, format);
        }
    }
    let engine = commands::engine(rules)?;
    let cases = if one_off {
        let [scheme] = opts.files else {
            eprintln!(
                "error: a case given by --month and --input names one scheme: `beregner calc SCHEME --month YYYY-MM --INPUT VALUE ...`"
            );
            return Err(ExitCode::from(2));
        };
        let scheme = scheme.to_string_lossy();
        let mut values = Vec::with_capacity(opts.inputs.len());
        for pair in opts.inputs {
            let Some((name, value)) = pair.split_once('=') else {
                eprintln!("error: --input `{pair}`: write it as NAME=VALUE, e.g. hourly_wage=200");
                return Err(ExitCode::from(2));
            };
            values.push((name.trim().replace('-', "_"), value.trim().to_string()));
        }
        match given::case_from_values(&scheme, opts.month, &values, "command line") {
            Ok(case) => vec![Ok(case)],
            Err(diags) => {
                eprint_flag_errors(&diags, lang);
                return Ok(false);
            }
        }
    } else {
        opts.files.iter().map(|p| commands::read_case(p)).collect()
    };
    let mut all_ok = true;
    for (i, case) in cases.into_iter().enumerate() {
        let outcome = case.and_then(|c| engine.calculate(c).map_err(|d| vec![d]));
        match outcome {
            Ok(outcome) => {
                let text = match opts.format {
                    CalcFormat::Json => render::to_json(&outcome) + "\n",
                    CalcFormat::Html => render::html::to_html(&outcome, lang),
                    CalcFormat::Text => {
                        let sep = if i > 0 { "\n" } else { "" };
                        format!("{sep}{}", render::to_text_in(&outcome, lang))
                    }
                };
                if !write_out(&text) {
                    return Ok(false);
                }
            }
            Err(diags) => {
                all_ok = false;
                if one_off {
                    eprint_flag_errors(&diags, lang);
                } else {
                    commands::eprint_all_in(&diags, lang);
                }
            }
        }
    }
    Ok(all_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<OsString> {
        s.split_whitespace().map(OsString::from).collect()
    }

    #[test]
    fn declared_inputs_become_input_pairs_after_calc_only() {
        assert_eq!(
            rewrite_args(words(
                "beregner --rules r calc fleksloentilskud --month 2026-03 --hourly-wage 200 --weekly-hours=18 --format json"
            )),
            words(
                "beregner --rules r calc fleksloentilskud --month 2026-03 --input hourly_wage=200 --input weekly_hours=18 --format json"
            )
        );
        let other = words("beregner whatif --hourly-wage 200 --month 2024-03");
        assert_eq!(rewrite_args(other.clone()), other);
    }
}
