//! `beregner`: compute cases, check rule sets, inspect them, and run fixtures.
//!
//! Exit status: 0 success; 1 a rejected case, a failed check or a failed test; 2 usage error.

mod batch;
mod calc;
mod commands;
mod diff;
mod output;
mod regulate;
mod report_cmds;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "beregner",
    version,
    about = "Deterministic calculations under Danish labour-market law, each amount traced to its rule and paragraph",
    after_help = "Examples:\n  beregner calc fixtures/fleksjob/star-2024-hourly-200kr-18h.toml\n  beregner calc case.json --format json\n  beregner check --rules rules/\n  beregner rules show fleksloentilskud --on 2024-03-01\n  beregner test fixtures/"
)]
struct Cli {
    /// Use the rule sets in DIR instead of the bundled ones.
    #[arg(long, global = true, value_name = "DIR")]
    rules: Option<PathBuf>,

    /// Apply a reform overlay (a TOML file of parameter changes from a date); may be repeated.
    #[arg(long, global = true, value_name = "FILE")]
    overlay: Vec<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compute case files (TOML or JSON); `-` reads one case from stdin. Or one case without a
    /// file: `calc SCHEME --month YYYY-MM --hourly-wage 200 ...` (any declared input as a flag).
    Calc {
        #[arg(required = true, value_name = "FILE|SCHEME")]
        files: Vec<PathBuf>,
        /// `text`: an explanation for a person; `json`: one JSON object per case per line;
        /// `html`: a self-contained printable page for one case.
        #[arg(long, value_enum, default_value_t = calc::CalcFormat::Text)]
        format: calc::CalcFormat,
        /// The language of the text and HTML explanations (JSON carries both).
        #[arg(long, value_enum, default_value_t = calc::LangArg::En)]
        lang: calc::LangArg,
        /// A case without a file: its month (YYYY-MM).
        #[arg(long)]
        month: Option<String>,
        /// A case without a file: an input as NAME=VALUE (or `--NAME VALUE`); may be repeated.
        #[arg(long, value_name = "NAME=VALUE")]
        input: Vec<String>,
    },
    /// Load and validate every rule set; report each problem with file, line, column and field.
    Check,
    /// List rule sets and versions, or show one with its parameters and sources.
    Rules {
        #[command(subcommand)]
        action: Option<RulesAction>,
    },
    /// Compute a caseload: CSV (a header names the columns) or JSON Lines, one case per row.
    Batch {
        /// The caseload (`-` for stdin, with --from).
        #[arg(value_name = "INPUT")]
        input: PathBuf,
        /// Write results here instead of stdout (CSV or JSON Lines by extension).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The input's layout, when the file name does not tell.
        #[arg(long, value_enum)]
        from: Option<batch::Layout>,
        /// The CSV separator: `,`, `;` or `tab` (default: detected from the header line).
        #[arg(long, value_name = "SEP", value_parser = parse_delimiter)]
        delimiter: Option<u8>,
        /// Refuse a CSV column no scheme reads (default: skip it and name it in a note).
        #[arg(long)]
        strict_columns: bool,
        /// Read amounts the Danish way, `15.600,50` (a Danish Excel's export); the default
        /// reads `15600.50` and refuses `15.600`, which has two readings.
        #[arg(long)]
        decimal_comma: bool,
        /// The output's layout (default: as the input, or by --out's extension).
        #[arg(long, value_enum)]
        to: Option<batch::Layout>,
        /// Worker threads (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
        /// CSV output columns, comma-separated (e.g. `row,subsidy,atp`; default: all).
        #[arg(long, value_name = "LIST")]
        columns: Option<String>,
        /// With --out: print totals as `key: value` lines on stdout.
        #[arg(long)]
        stats: bool,
    },
    /// Compare the same cases under two rule books: which change, by how much, and why.
    Diff {
        /// Case files, directories of them, or .csv/.jsonl caseloads.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The old rule sets (default: --rules DIR, or the bundled ones).
        #[arg(long, value_name = "DIR")]
        old: Option<PathBuf>,
        /// The new rule sets (default: the old ones); --overlay files apply to this side.
        #[arg(long, value_name = "DIR")]
        new: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = diff::DiffFormat::Text)]
        format: diff::DiffFormat,
        /// List unchanged cases too.
        #[arg(long)]
        all: bool,
        /// Worker threads for caseloads (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// What changed between versions of a rule set (parameters, roundings, legal references).
    Changelog {
        /// The rule set (e.g. fleksloentilskud).
        id: String,
        /// From this version (`2024`) or the version in force on a date (`2024-06-01`).
        #[arg(long)]
        from: Option<String>,
        /// To this version or date.
        #[arg(long)]
        to: Option<String>,
        #[arg(long, value_enum, default_value_t = report_cmds::ReportFormat::Text)]
        format: report_cmds::ReportFormat,
    },
    /// Which rule-set versions and parameters no fixture exercises.
    Coverage {
        /// Fixture files or directories (default: fixtures).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Does working more pay? Fleksløntilskud and income at several weekly hours. Amounts are
    /// read as a person types them, as on the employer's page (`200,50`, `32.066,67`; `1.234`
    /// is 1.234 kr.), unlike `calc`'s flags, which read as a case file does.
    Whatif {
        /// The wage month (YYYY-MM).
        #[arg(long)]
        month: String,
        /// Hourly wage incl. pension, kr. (`200` or `200,50`).
        #[arg(long)]
        hourly_wage: String,
        /// Weekly hours to compare, rising, comma-separated (`;`-separated when written with a
        /// decimal comma: `10,5; 12`).
        #[arg(long, default_value = "10,12,15,20")]
        hours: String,
        /// The lønloft, kr. per month (default: the hourly wage at full time).
        #[arg(long)]
        full_time_wage: Option<String>,
        /// Other wage income per month, kr.
        #[arg(long)]
        other_income: Option<String>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Write a deterministic synthetic caseload (CSV) for benchmarks and regression runs.
    Generate {
        /// The scheme (e.g. fleksloentilskud).
        scheme: String,
        #[arg(long)]
        rows: u64,
        #[arg(long, default_value_t = 2024)]
        seed: u64,
        /// Every row in this month (YYYY-MM); default: spread over 2013-01 to 2026-12.
        #[arg(long)]
        month: Option<String>,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The dates the law sets for a case (deadlines, ends, due dates), each with its paragraph
    /// and rule-set version, as JSON or as an iCalendar file.
    Calendar {
        /// The case file (`-` reads stdin).
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = commands::CalendarFormat::Json)]
        format: commands::CalendarFormat,
        /// The language of the iCalendar titles and descriptions (JSON carries both).
        #[arg(long, value_enum, default_value_t = calc::LangArg::En)]
        lang: calc::LangArg,
        /// Write to this file instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Serve the HTTP/JSON API (on 127.0.0.1:8080 unless --listen says otherwise).
    Serve(serve::Options),
    /// Draft next year's version of every regulated rule set (status derived, each amount's chain).
    Regulate {
        /// The year to draft (its regulation date: 1 January, or the first Monday of January).
        #[arg(long)]
        year: i32,
        /// The regulation percentage for that year (e.g. 3.6; a fall as -0.5).
        #[arg(long, allow_negative_numbers = true)]
        percent: String,
        /// Percentage points deducted where lov nr. 630/2024 applies (e.g. 0.45).
        #[arg(long, allow_negative_numbers = true)]
        deduct: Option<String>,
        /// One percentage's value where the law's differ: KEY=X (keys in rules/regulation.toml).
        #[arg(long, value_name = "KEY=X")]
        percent_for: Vec<String>,
        /// Where to write the drafts, mirroring rules/ (default: drafts/YEAR).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Run every case file that carries expected values and report which pass.
    Test {
        /// Files or directories (default: fixtures).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum RulesAction {
    /// Every version of every rule set.
    List {
        /// Only the versions in force on DATE (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// One rule set: its parameters by version, or one version in full with --on.
    Show {
        id: String,
        /// The version in force on DATE (YYYY-MM-DD), in full.
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Per scheme, the dates covered by status (official, derived, not covered), as ranges.
    Coverage {
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// From this date (default: the first any version covers).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// To this date (default: the last any version names).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(help) = calc::scheme_help(&args) {
        print!("{help}");
        return ExitCode::SUCCESS;
    }
    let cli = Cli::parse_from(calc::rewrite_args(args));
    let rules = commands::RuleSource {
        dir: cli.rules.as_deref(),
        overlays: &cli.overlay,
    };
    let rules = &rules;
    let ok = match cli.command {
        Command::Calc {
            files,
            format,
            lang,
            month,
            input,
        } => calc::run(
            rules,
            &calc::Options {
                files: &files,
                format,
                lang,
                month: month.as_deref(),
                inputs: &input,
            },
        ),
        Command::Check => commands::check(rules),
        Command::Rules { action } => match action {
            None | Some(RulesAction::List { on: None }) => commands::rules_list(rules, None),
            Some(RulesAction::List { on: Some(on) }) => commands::rules_list(rules, Some(&on)),
            Some(RulesAction::Show { id, on }) => commands::rules_show(rules, &id, on.as_deref()),
            Some(RulesAction::Coverage { format, from, to }) => {
                regulate::coverage(rules, format, from.as_deref(), to.as_deref())
            }
        },
        Command::Test { paths } => commands::test(rules, &paths),
        Command::Serve(opts) => serve::run(rules, &opts),
        Command::Calendar {
            file,
            format,
            lang,
            out,
        } => commands::calendar(rules, &file, format, lang.into(), out.as_deref()),
        Command::Regulate {
            year,
            percent,
            deduct,
            percent_for,
            out,
        } => regulate::regulate(
            rules,
            &regulate::RegulateArgs {
                year,
                percent: &percent,
                deduct: deduct.as_deref(),
                percent_for: &percent_for,
                out: out.as_deref(),
            },
        ),
        Command::Batch {
            input,
            out,
            from,
            delimiter,
            strict_columns,
            decimal_comma,
            to,
            threads,
            columns,
            stats,
        } => commands::batch(
            rules,
            &batch::Options {
                input: &input,
                from,
                dialect: batch::Dialect {
                    delimiter,
                    strict_columns,
                    decimal_comma,
                },
                out: out.as_deref(),
                to,
                threads,
                columns: columns.as_deref(),
                stats,
            },
        ),
        Command::Diff {
            paths,
            old,
            new,
            format,
            all,
            threads,
        } => commands::diff(
            rules,
            &paths,
            old.as_deref(),
            new.as_deref(),
            format,
            all,
            threads,
        ),
        Command::Changelog {
            id,
            from,
            to,
            format,
        } => commands::changelog(rules, &id, from.as_deref(), to.as_deref(), format),
        Command::Coverage { paths } => commands::coverage(rules, &paths),
        Command::Whatif {
            month,
            hourly_wage,
            hours,
            full_time_wage,
            other_income,
            format,
        } => commands::whatif(
            rules,
            &month,
            &hourly_wage,
            &hours,
            full_time_wage.as_deref(),
            other_income.as_deref(),
            format,
        ),
        Command::Generate {
            scheme,
            rows,
            seed,
            month,
            out,
        } => commands::generate(&scheme, rows, seed, month.as_deref(), out.as_deref()),
    };
    match ok {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(code) => code,
    }
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "," => Ok(b','),
        ";" => Ok(b';'),
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        other => Err(format!("`{other}`: the separator is `,`, `;` or `tab`")),
    }
}
