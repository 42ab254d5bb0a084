//! beregner's HTTP/JSON API (`beregner serve`): the engine for case-management systems.
//!
//! - `POST /calculate`: one case (TOML or JSON, as a case file) → the line `beregner calc
//!   --format json` prints, byte for byte; `?format=text|html` for the explanation in the
//!   reader's language (`?lang=da|en` or `Accept-Language`).
//! - `POST /batch`: a caseload as JSON Lines → one result line per case, streamed (the lines
//!   `beregner batch --to jsonl` writes); cut at the time limit by a last `timeout` line.
//! - `GET /schemes`, `/schemes/{name}`: the schemes and their declared inputs and results.
//! - `GET /rule-sets`, `/rule-sets/{id}`, `/rule-sets/{id}/{version}`: versions with status and
//!   validity; one version's parameters, roundings and rules with their legal sources.
//! - `POST /diff`: the bundled rules against the same rules with a reform overlay sent in the
//!   request, over the cases sent.
//! - `GET /health`, `/version` (with the rule book's hash), `/openapi.json`.
//!
//! Safe by default: the CLI listens on 127.0.0.1 unless told otherwise; bodies, caseloads and
//! time per request are limited; no request names a file or a rules directory (an overlay is
//! data, applied in memory); every error is JSON `{error, field, line, column, reason, errors}`
//! with its HTTP status; a panic answers 500 and the server goes on.

mod api;
pub mod openapi;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Response, StatusCode, header};
use beregner_core::Engine;

pub use api::{ApiError, blocking, language};

/// The limits of a server.
#[derive(Debug, Clone)]
pub struct Config {
    /// The largest body of a case or a diff request, in bytes.
    pub max_body_bytes: usize,
    /// The largest caseload body (`/batch`), in bytes.
    pub max_batch_bytes: usize,
    /// The most cases in one caseload.
    pub max_batch_cases: usize,
    /// The most cases in one diff request.
    pub max_diff_cases: usize,
    /// The longest a request may take to answer: over it, 503 `timeout`. A caseload
    /// (`/batch`) is held to it as a whole: one that cannot start answering within it answers
    /// 503; one that has started stops there, its last line the `timeout` error.
    pub timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            max_body_bytes: 1 << 20,
            max_batch_bytes: 32 << 20,
            max_batch_cases: 100_000,
            max_diff_cases: 10_000,
            timeout: Duration::from_secs(30),
        }
    }
}

/// What every handler shares: the engine (read only), its rule book's hash and the limits.
pub struct Shared {
    pub engine: Engine,
    pub rule_book_sha256: String,
    pub config: Config,
}

pub type State = Arc<Shared>;

/// The API over `engine` (whose rule files hash to `rule_book_sha256`), with its limits,
/// timeouts, JSON errors and panic catching.
pub fn app(engine: Engine, rule_book_sha256: String, config: Config) -> Router {
    let state = Arc::new(Shared {
        engine,
        rule_book_sha256,
        config,
    });
    with_layers(api::routes(state.clone()), &state.config)
}

/// The API over the rule sets bundled in the binary.
pub fn bundled(config: Config) -> Result<Router, String> {
    let files = beregner_core::rules::bundled_files();
    let sha = beregner_core::tools::describe::rule_book_sha256(&files);
    let engine = Engine::from_files(&files).map_err(|d| {
        d.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    Ok(app(engine, sha, config))
}

/// The layers every route gets: a panic answers 500 (JSON) and the server goes on; a request
/// that takes longer than the timeout answers 503; every error that is not JSON yet (an
/// unknown path, a wrong method, a body over the limit) is made JSON.
pub fn with_layers(router: Router, config: &Config) -> Router {
    use tower_http::catch_panic::CatchPanicLayer;
    use tower_http::timeout::TimeoutLayer;
    router
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            config.timeout,
        ))
        .layer(axum::middleware::map_response(json_errors))
        .layer(CatchPanicLayer::custom(panic_response))
}

/// A panic's answer: 500 with what it said.
fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    let said = panic_message(panic.as_ref());
    ApiError::internal(format!("the request failed inside the server: {said}")).response()
}

pub(crate) fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "a panic".to_string())
}

/// Makes every error response JSON: axum's and tower-http's own (404, 405, 413, 503) come as
/// text or empty.
async fn json_errors(response: Response<Body>) -> Response<Body> {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if status.as_u16() < 400 || is_json {
        return response;
    }
    let text = axum::body::to_bytes(response.into_body(), 64 << 10)
        .await
        .ok()
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .filter(|t| !t.is_empty());
    let (error, reason) = match status {
        StatusCode::NOT_FOUND => ("not_found", "no such path; see /openapi.json".to_string()),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "this path does not take this method; see /openapi.json".to_string(),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "too_large",
            "the body is larger than this server accepts".to_string(),
        ),
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT => (
            "timeout",
            "the request took longer than this server allows".to_string(),
        ),
        s if s.is_server_error() => ("internal", "the server failed".to_string()),
        _ => ("bad_request", "the request was refused".to_string()),
    };
    let reason = match text {
        Some(t)
            if !matches!(
                status,
                StatusCode::NOT_FOUND | StatusCode::SERVICE_UNAVAILABLE
            ) =>
        {
            format!("{reason}: {t}")
        }
        _ => reason,
    };
    // One problem, as every other error has: `errors` is never empty.
    ApiError::new(status, error, None, reason).response()
}

/// Serves `app` on `addr` until Ctrl-C (or SIGTERM), on a multi-threaded runtime; `ready` is
/// told the address bound (the port, when `addr` asks for any).
pub fn serve_blocking(
    addr: std::net::SocketAddr,
    app: Router,
    ready: impl FnOnce(std::net::SocketAddr),
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        ready(listener.local_addr()?);
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown())
            .await
    })
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
