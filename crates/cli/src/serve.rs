//! `beregner serve`: the HTTP/JSON API (crates/server) over the rule sets this command was
//! given (the bundled ones, or the operator's `--rules DIR` and `--overlay FILE`; a request
//! cannot choose them). It listens on 127.0.0.1 unless `--listen` says otherwise.

use std::borrow::Cow;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use beregner_core::rules::{self, RuleFile};
use beregner_core::tools::describe;

use crate::commands::{self, RuleSource};

#[derive(clap::Args)]
pub struct Options {
    /// The address to listen on. The API has no authentication: keep it on the loopback
    /// address unless a proxy in front of it guards it.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    pub listen: SocketAddr,
    /// The largest body of a case or a diff request, in bytes.
    #[arg(long, default_value_t = 1 << 20)]
    pub max_body_bytes: usize,
    /// The largest caseload body (POST /batch), in bytes.
    #[arg(long, default_value_t = 32 << 20)]
    pub max_batch_bytes: usize,
    /// The most cases in one caseload (POST /batch).
    #[arg(long, default_value_t = 100_000)]
    pub max_batch_cases: usize,
    /// The most cases in one diff request (POST /diff).
    #[arg(long, default_value_t = 10_000)]
    pub max_diff_cases: usize,
    /// The longest a request may take to answer, in seconds.
    #[arg(long, default_value_t = 30)]
    pub timeout_secs: u64,
}

pub fn run(rules: &RuleSource, opts: &Options) -> Result<bool, ExitCode> {
    let engine = commands::engine(rules)?;
    // The hash /version reports: every rule file and overlay this server computes with.
    let mut files: Vec<RuleFile> = match rules.dir {
        None => rules::bundled_files(),
        Some(dir) => rules::read_dir(dir).map_err(|d| {
            eprintln!("{d}");
            ExitCode::from(1)
        })?,
    };
    for path in rules.overlays {
        let bytes = beregner_core::source::file::read(path, true).map_err(|e| {
            eprintln!("{}: error: cannot read: {e}", path.display());
            ExitCode::from(1)
        })?;
        files.push(RuleFile {
            name: format!("overlay:{}", PathBuf::from(path).display()),
            bytes: Cow::Owned(bytes),
        });
    }
    let sha = describe::rule_book_sha256(&files);
    let config = beregner_server::Config {
        max_body_bytes: opts.max_body_bytes,
        max_batch_bytes: opts.max_batch_bytes,
        max_batch_cases: opts.max_batch_cases,
        max_diff_cases: opts.max_diff_cases,
        timeout: Duration::from_secs(opts.timeout_secs.max(1)),
    };
    if !opts.listen.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}, not a loopback address: the API has no authentication",
            opts.listen
        );
    }
    let app = beregner_server::app(engine, sha.clone(), config);
    beregner_server::serve_blocking(opts.listen, app, |addr| {
        eprintln!(
            "beregner serve: listening on http://{addr} (rule book sha256 {sha}); Ctrl-C stops"
        );
    })
    .map(|()| true)
    .map_err(|e| {
        eprintln!("error: {}: {e}", opts.listen);
        ExitCode::from(1)
    })
}
