//! The routes and their handlers. The engine's work runs on the blocking pool (it is CPU work),
//! each call caught: a panic there answers 500 and the server goes on.

use std::collections::HashMap;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request};
use axum::http::{HeaderMap, HeaderValue, Response, StatusCode, header};
use axum::routing::{get, post};
use beregner_core::engine::case::{self, Format};
use beregner_core::rules::overlay;
use beregner_core::text::Lang;
use beregner_core::tools::{batch, describe, diff};
use beregner_core::values::num;
use beregner_core::values::value::Value;
use beregner_core::{Diagnostic, Engine, SourceText, render};
use serde_json::{Value as Json, json};
use tower_http::limit::RequestBodyLimitLayer;

use crate::State;

/// An error answer: `{error, field, line, column, reason, errors: [...]}` with its status. The
/// top-level `field`, `line`, `column` and `reason` are the first problem's; `errors` has them
/// all (each with `help` where there is one).
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub error: &'static str,
    pub problems: Vec<Problem>,
}

#[derive(Debug)]
pub struct Problem {
    pub field: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub reason: String,
    pub help: Option<String>,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        error: &'static str,
        field: Option<&str>,
        reason: impl Into<String>,
    ) -> Self {
        Self {
            status,
            error,
            problems: vec![Problem {
                field: field.map(str::to_string),
                line: None,
                column: None,
                reason: reason.into(),
                help: None,
            }],
        }
    }

    pub fn internal(reason: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", None, reason)
    }

    fn from_diagnostics(status: StatusCode, error: &'static str, diags: &[Diagnostic]) -> Self {
        Self::from_diagnostics_in(status, error, diags, Lang::En)
    }

    /// As [`ApiError::from_diagnostics`], each reason and help in `lang` where it is a
    /// catalogue sentence (the reader asked for `lang` by `?lang=` or `Accept-Language`).
    fn from_diagnostics_in(
        status: StatusCode,
        error: &'static str,
        diags: &[Diagnostic],
        lang: Lang,
    ) -> Self {
        Self {
            status,
            error,
            problems: diags
                .iter()
                .map(|d| Problem {
                    field: Some(d.field.clone()).filter(|f| !f.is_empty()),
                    line: d.position.map(|p| p.0),
                    column: d.position.map(|p| p.1),
                    reason: beregner_core::text::diag::message(d, lang).into_owned(),
                    help: beregner_core::text::diag::help(d, lang).map(|h| h.into_owned()),
                })
                .collect(),
        }
    }

    /// The first problem's reason.
    fn reason(&self) -> String {
        self.problems
            .first()
            .map(|p| p.reason.clone())
            .unwrap_or_default()
    }

    pub fn to_json(&self) -> Json {
        let first = self.problems.first();
        json!({
            "error": self.error,
            "field": first.and_then(|p| p.field.clone()),
            "line": first.and_then(|p| p.line),
            "column": first.and_then(|p| p.column),
            "reason": first.map(|p| p.reason.clone()).unwrap_or_default(),
            "errors": self.problems.iter().map(|p| json!({
                "field": p.field, "line": p.line, "column": p.column,
                "reason": p.reason, "help": p.help,
            })).collect::<Vec<_>>(),
        })
    }

    pub fn response(&self) -> Response<Body> {
        respond(self.status, "application/json", self.to_json().to_string())
    }
}

impl axum::response::IntoResponse for ApiError {
    fn into_response(self) -> axum::response::Response {
        self.response()
    }
}

type Answer = Result<Response<Body>, ApiError>;

fn respond(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Body>,
) -> Response<Body> {
    let mut r = Response::new(body.into());
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

fn json_ok(v: &Json) -> Answer {
    Ok(respond(StatusCode::OK, "application/json", v.to_string()))
}

pub fn routes(state: State) -> Router {
    let body = state.config.max_body_bytes;
    let batch_body = state.config.max_batch_bytes;
    let s = state.clone();
    Router::new()
        .route("/health", get(health))
        .route("/version", get(version))
        .route("/openapi.json", get(openapi))
        .route("/schemes", get(schemes))
        .route("/schemes/{name}", get(scheme))
        .route("/rule-sets", get(rule_sets))
        .route("/rule-sets/{id}", get(rule_set))
        .route("/rule-sets/{id}/{version}", get(rule_set_version))
        .route(
            "/calculate",
            post(calculate).layer(RequestBodyLimitLayer::new(body)),
        )
        .route(
            "/batch",
            post(caseload).layer(RequestBodyLimitLayer::new(batch_body)),
        )
        .route(
            "/diff",
            post(diff_request).layer(RequestBodyLimitLayer::new(body)),
        )
        .fallback(|| async {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                None,
                "no such path; see /openapi.json",
            )
        })
        .with_state(s)
}

/// Runs engine work on the blocking pool; a panic there is a 500, not a lost server.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        let said = if e.is_panic() {
            crate::panic_message(e.into_panic().as_ref())
        } else {
            "cancelled".to_string()
        };
        ApiError::internal(format!("the engine failed on this request: {said}"))
    })
}

/// The query of a path that takes no parameters: any parameter is refused (400).
type NoParams = Query<Vec<(String, String)>>;

async fn health(Query(q): NoParams) -> Answer {
    only_params(q, &[])?;
    json_ok(&json!({"status": "ok"}))
}

async fn openapi(Query(q): NoParams) -> Answer {
    only_params(q, &[])?;
    json_ok(&crate::openapi::document())
}

async fn schemes(Query(q): NoParams) -> Answer {
    only_params(q, &[])?;
    json_ok(&describe::schemes())
}

async fn version(
    axum::extract::State(state): axum::extract::State<State>,
    Query(q): NoParams,
) -> Answer {
    only_params(q, &[])?;
    let book = state.engine.rule_book();
    json_ok(&json!({
        "name": "beregner",
        "version": env!("CARGO_PKG_VERSION"),
        "rule_book_sha256": state.rule_book_sha256,
        "rule_sets": book.ids().count(),
        "versions": book.all().count(),
        "shared_amounts": book.shared.all().count(),
    }))
}

async fn scheme(Path(name): Path<String>, Query(q): NoParams) -> Answer {
    only_params(q, &[])?;
    match beregner_core::schemes::find(&name) {
        Some(s) => json_ok(&describe::scheme(s)),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            Some("scheme"),
            format!(
                "unknown scheme `{name}` (known: {})",
                beregner_core::schemes::names()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// Refuses a query parameter the path does not take (400 at that parameter; of several, the
/// first by name, so the answer does not depend on hashing).
/// The query's parameters by name; an unknown or repeated parameter is refused (400): a
/// repeated `format=` would otherwise silently take one of its values.
fn only_params(
    q: Vec<(String, String)>,
    known: &[&str],
) -> Result<HashMap<String, String>, ApiError> {
    let bad = |k: &str, why: String| {
        Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            Some(k),
            why,
        ))
    };
    if let Some((k, _)) = q.iter().filter(|(k, _)| !known.contains(&k.as_str())).min() {
        return bad(
            k,
            format!(
                "unknown parameter `{k}`{}",
                if known.is_empty() {
                    String::new()
                } else {
                    format!(" (known: {})", known.join(", "))
                }
            ),
        );
    }
    let mut params = HashMap::new();
    for (k, v) in q {
        if params.contains_key(&k) {
            return bad(&k, format!("`{k}` is given more than once"));
        }
        params.insert(k, v);
    }
    Ok(params)
}

async fn rule_sets(
    axum::extract::State(state): axum::extract::State<State>,
    Query(q): Query<Vec<(String, String)>>,
) -> Answer {
    let q = only_params(q, &["on"])?;
    let on = match q.get("on") {
        Some(text) => Some(
            beregner_core::values::month::parse_date(text).ok_or_else(|| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    Some("on"),
                    format!("`{text}` is not a date; write it as YYYY-MM-DD"),
                )
            })?,
        ),
        None => None,
    };
    json_ok(&describe::versions(state.engine.rule_book(), on))
}

fn unknown_rule_set(state: &State, id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        Some("id"),
        format!(
            "no rule set `{id}` (known: {})",
            state
                .engine
                .rule_book()
                .ids()
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
}

async fn rule_set(
    axum::extract::State(state): axum::extract::State<State>,
    Path(id): Path<String>,
    Query(q): NoParams,
) -> Answer {
    only_params(q, &[])?;
    let versions = state.engine.rule_book().versions(&id);
    if versions.is_empty() {
        return Err(unknown_rule_set(&state, &id));
    }
    json_ok(&json!({
        "id": id,
        "versions": versions.iter().map(describe::version_summary).collect::<Vec<_>>(),
    }))
}

async fn rule_set_version(
    axum::extract::State(state): axum::extract::State<State>,
    Path((id, version)): Path<(String, String)>,
    Query(q): NoParams,
) -> Answer {
    only_params(q, &[])?;
    let book = state.engine.rule_book();
    if book.versions(&id).is_empty() {
        return Err(unknown_rule_set(&state, &id));
    }
    match book.version(&id, &version) {
        Some(v) => json_ok(&describe::version_detail(v)),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            Some("version"),
            format!(
                "rule set `{id}` has no version `{version}` (versions: {})",
                book.versions(&id)
                    .iter()
                    .map(|v| v.version.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// The reader's language: `?lang=`, else the first of `Accept-Language` (by weight) that is
/// Danish or English, else English.
pub fn language(query: Option<&str>, headers: &HeaderMap) -> Result<Lang, ApiError> {
    if let Some(code) = query {
        return Lang::parse(code.trim()).ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                Some("lang"),
                format!("`{code}` is not a language this server speaks (da, en)"),
            )
        });
    }
    let Some(accept) = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return Ok(Lang::En);
    };
    let mut offers: Vec<(u32, usize, Lang)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .next()
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let lang = Lang::parse(primary)?;
            (q > 0.0).then_some(((q * 1000.0) as u32, i, lang))
        })
        .collect();
    offers.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(offers.first().map_or(Lang::En, |o| o.2))
}

/// The body as text, or why not (413 over the limit, 400 not UTF-8).
async fn body_text(request: Request) -> Result<String, ApiError> {
    let bytes: Bytes = axum::body::to_bytes(request.into_body(), usize::MAX)
        .await
        .map_err(|e| {
            let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
            while let Some(s) = source {
                if s.is::<http_body_util::LengthLimitError>() {
                    return ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "too_large",
                        None,
                        "the body is larger than this server accepts",
                    );
                }
                source = s.source();
            }
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                None,
                format!("cannot read the body: {e}"),
            )
        })?;
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            None,
            format!("the body is not UTF-8 text: {e}"),
        )
    })
}

/// How a case body is written: by its Content-Type, else as a case file's text says.
fn case_format(headers: &HeaderMap, text: &str) -> Format {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if ct.contains("json") {
        Format::Json
    } else if ct.contains("toml") {
        Format::Toml
    } else {
        Format::guess("request", text)
    }
}

/// Reads a case: text that is not TOML or JSON at all is a 400; a case that breaks the
/// rules of a case file (a missing field, an amount out of bounds) is a 422.
fn read_case(
    name: &str,
    text: String,
    format: Format,
    lang: Lang,
) -> Result<beregner_core::Case, ApiError> {
    let src = SourceText::new(name, text);
    let syntax = match format {
        Format::Toml => beregner_core::source::tree::parse_toml(&src),
        Format::Json => beregner_core::source::tree::parse_json(&src),
    };
    if let Err(d) = syntax {
        return Err(ApiError::from_diagnostics(
            StatusCode::BAD_REQUEST,
            "malformed",
            &[d],
        ));
    }
    case::parse(&src, format).map_err(|diags| {
        ApiError::from_diagnostics_in(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_case",
            &diags,
            lang,
        )
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Json,
    Text,
    Html,
}

fn shape(query: Option<&str>, headers: &HeaderMap) -> Result<Shape, ApiError> {
    match query {
        Some("json") => Ok(Shape::Json),
        Some("text") => Ok(Shape::Text),
        Some("html") => Ok(Shape::Html),
        Some(other) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            Some("format"),
            format!("`{other}` is not a format (json, text, html)"),
        )),
        None => {
            let accept = headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            Ok(if accept.starts_with("text/html") {
                Shape::Html
            } else if accept.starts_with("text/plain") {
                Shape::Text
            } else {
                Shape::Json
            })
        }
    }
}

async fn calculate(
    axum::extract::State(state): axum::extract::State<State>,
    Query(q): Query<Vec<(String, String)>>,
    headers: HeaderMap,
    request: Request,
) -> Answer {
    let q = only_params(q, &["format", "lang"])?;
    let shape = shape(q.get("format").map(String::as_str), &headers)?;
    let lang = language(q.get("lang").map(String::as_str), &headers)?;
    let text = body_text(request).await?;
    let format = case_format(&headers, &text);
    let out = blocking(move || -> Result<(String, &'static str), ApiError> {
        let case = read_case("request", text, format, lang)?;
        let outcome = state.engine.calculate(case).map_err(|d| {
            ApiError::from_diagnostics_in(StatusCode::UNPROCESSABLE_ENTITY, "refused", &[d], lang)
        })?;
        Ok(match shape {
            // The line `beregner calc --format json` prints, newline included.
            Shape::Json => (render::to_json(&outcome) + "\n", "application/json"),
            Shape::Text => (
                render::to_text_in(&outcome, lang),
                "text/plain; charset=utf-8",
            ),
            Shape::Html => (
                render::html::to_html(&outcome, lang),
                "text/html; charset=utf-8",
            ),
        })
    })
    .await??;
    let mut r = respond(StatusCode::OK, out.1, out.0);
    r.headers_mut().insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.code()),
    );
    Ok(r)
}

/// Lines of a caseload computed and sent together.
const CHUNK: usize = 256;

/// A caseload is held to the server's time limit as a whole, from the request's start to its
/// last line. Its first lines (up to [`CHUNK`]) are computed before the answer starts: a
/// caseload that cannot start within the limit answers 503 `timeout` (the timeout layer's).
/// Once the 200 is sent, a caseload that reaches the limit stops: its last line is the
/// `timeout` error (the Error object, with no `row`, and `answered`: the rows answered before
/// it, in order from row 1), and the body ends there. (Breaking the body off instead would
/// lose that line: hyper drops what it has buffered when a body fails.)
async fn caseload(
    axum::extract::State(state): axum::extract::State<State>,
    Query(q): Query<Vec<(String, String)>>,
    request: Request,
) -> Answer {
    let deadline = tokio::time::Instant::now() + state.config.timeout;
    let limit = state.config.timeout;
    only_params(q, &[])?;
    // JSON Lines only: a CSV caseload (`text/csv`) would otherwise answer 200 with an error
    // for every row. No Content-Type, or any JSON or plain-text one, is read as JSON Lines.
    let ct = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !(ct.is_empty() || ct.contains("json") || ct.starts_with("text/plain")) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            None,
            format!(
                "/batch takes a caseload as JSON Lines (application/x-ndjson), not `{ct}`; `beregner batch` reads CSV"
            ),
        ));
    }
    let text = body_text(request).await?;
    let rows = text.lines().filter(|l| !l.trim().is_empty()).count();
    let max = state.config.max_batch_cases;
    if rows > max {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_cases",
            None,
            format!("{rows} cases; this server computes at most {max} in one request"),
        ));
    }
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Bytes>(4);
    tokio::task::spawn_blocking(move || {
        let engine: &Engine = &state.engine;
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let mut last = None;
        let mut row = 0u64;
        for chunk in lines.chunks(CHUNK) {
            let mut out = String::with_capacity(chunk.len() * 200);
            for line in chunk {
                row += 1;
                // One bad or failing row is its own error line, never a stop.
                let computed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let case = batch::case_from_json_line(line, "")?;
                    batch::compute_noted(engine, &case, &mut last)
                        .map(|(v, r, notes)| (case, v, r, notes))
                }));
                let text = match computed {
                    Ok(Ok((case, version, result, notes))) => batch::jsonl_line(
                        row,
                        case.id.as_deref(),
                        Ok((&case, version, &result, notes.as_slice())),
                    ),
                    Ok(Err(e)) => batch::jsonl_line(row, None, Err(&e)),
                    Err(panic) => {
                        last = None;
                        json!({"row": row, "error": format!("the engine failed on this case: {}", crate::panic_message(panic.as_ref()))}).to_string()
                    }
                };
                out.push_str(&text);
                out.push('\n');
            }
            // The client went away, or the time limit cut the answer: stop computing.
            if tx.blocking_send(Bytes::from(out)).is_err() {
                return;
            }
        }
    });
    // The first lines, within the limit (else the timeout layer answers 503).
    let first = rx.recv().await;
    let stream = futures_util::stream::unfold(
        (Some(rx), first, 0usize),
        move |(rx, mut pending, mut answered)| async move {
            // `None`: the timeout line was sent, the answer ends.
            let mut rx = rx?;
            let next = match pending.take() {
                Some(lines) => Some(lines),
                None if tokio::time::Instant::now() >= deadline => None,
                None => match tokio::time::timeout_at(deadline, rx.recv()).await {
                    Ok(Some(lines)) => Some(lines),
                    // Every line sent.
                    Ok(None) => return None,
                    Err(_) => None,
                },
            };
            match next {
                Some(lines) => {
                    answered += lines.iter().filter(|b| **b == b'\n').count();
                    Some((Ok::<_, std::io::Error>(lines), (Some(rx), None, answered)))
                }
                None => {
                    // The limit is reached: the computing stops at its next chunk.
                    rx.close();
                    let mut line = ApiError::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "timeout",
                        None,
                        format!(
                            "the caseload took longer than this server allows ({} s): {answered} of {rows} cases answered, the rest not computed",
                            limit.as_secs_f64()
                        ),
                    )
                    .to_json();
                    line["answered"] = json!(answered);
                    let line = Bytes::from(line.to_string() + "\n");
                    Some((Ok(line), (None, None, answered)))
                }
            }
        },
    );
    Ok(respond(
        StatusCode::OK,
        "application/x-ndjson",
        Body::from_stream(stream),
    ))
}

fn amount_or_value(v: &Value) -> Json {
    match v {
        Value::Bool(b) => json!(b),
        Value::None => Json::Null,
        other => json!(beregner_core::text::format::canonical(other)),
    }
}

fn fields_json(fields: &[(&'static str, Value)]) -> Json {
    Json::Object(
        fields
            .iter()
            .map(|(k, v)| (k.to_string(), amount_or_value(v)))
            .collect(),
    )
}

async fn diff_request(
    axum::extract::State(state): axum::extract::State<State>,
    Query(q): Query<Vec<(String, String)>>,
    request: Request,
) -> Answer {
    let deadline = std::time::Instant::now() + state.config.timeout;
    only_params(q, &[])?;
    let text = body_text(request).await?;
    let body: Json = serde_json::from_str(&text).map_err(|e| {
        let mut err = ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed",
            None,
            format!("the body is not JSON: {e}"),
        );
        err.problems[0].line = u32::try_from(e.line()).ok();
        err.problems[0].column = u32::try_from(e.column()).ok();
        err
    })?;
    let bad = |field: &str, reason: &str| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            Some(field),
            reason,
        )
    };
    let Some(obj) = body.as_object() else {
        return Err(bad(
            "",
            "expected an object {\"overlay\": \"<TOML>\", \"cases\": [...]}",
        ));
    };
    if let Some(k) = obj
        .keys()
        .find(|k| !["overlay", "cases"].contains(&k.as_str()))
    {
        return Err(bad(
            k,
            &format!("unknown field `{k}` (fields: overlay, cases)"),
        ));
    }
    let Some(overlay_text) = obj.get("overlay").and_then(Json::as_str) else {
        return Err(bad(
            "overlay",
            "missing: the reform overlay as TOML text (title and [[change]] tables)",
        ));
    };
    let Some(cases) = obj.get("cases").and_then(Json::as_array) else {
        return Err(bad(
            "cases",
            "missing: an array of cases (JSON objects or TOML text)",
        ));
    };
    let max = state.config.max_diff_cases;
    if cases.len() > max {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_cases",
            Some("cases"),
            format!(
                "{} cases; this server compares at most {max} in one request",
                cases.len()
            ),
        ));
    }
    let overlay_text = overlay_text.to_string();
    let cases: Vec<Json> = cases.clone();
    let out = blocking(move || compare(&state, overlay_text, cases, deadline)).await??;
    json_ok(&out)
}

/// The diff's work, on the blocking pool. It stops at the time limit: the timeout layer
/// answers 503 then, and the cases left are not computed for an answer no one will read.
fn compare(
    state: &crate::Shared,
    overlay_text: String,
    cases: Vec<Json>,
    deadline: std::time::Instant,
) -> Result<Json, ApiError> {
    let overlay = overlay::parse(
        &SourceText::new("overlay", overlay_text),
        beregner_core::schemes::SCHEMES,
    )
    .map_err(|d| {
        ApiError::from_diagnostics(StatusCode::UNPROCESSABLE_ENTITY, "invalid_overlay", &d)
    })?;
    let apply = |o: &overlay::Overlay| {
        state.engine.with_overlay(o).map_err(|d| {
            ApiError::from_diagnostics(StatusCode::UNPROCESSABLE_ENTITY, "invalid_overlay", &d)
        })
    };
    // A reform is measured against the status quo projected over the same period.
    let old = apply(&overlay.baseline())?;
    let new = apply(&overlay)?;
    let mut summary = diff::Summary::default();
    let mut parameter_changes = diff::ParameterChanges::new();
    let mut failures = Vec::new();
    let mut results = Vec::with_capacity(cases.len());
    for (i, c) in cases.iter().enumerate() {
        if std::time::Instant::now() >= deadline {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "timeout",
                None,
                "the request took longer than this server allows",
            ));
        }
        let name = format!("cases[{i}]");
        let case = match c {
            Json::String(t) => read_case(&name, t.clone(), Format::guess(&name, t), Lang::En),
            Json::Object(_) => read_case(&name, c.to_string(), Format::Json, Lang::En),
            _ => Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_case",
                None,
                "a case is a JSON object or a case file's text",
            )),
        };
        let case = match case {
            Ok(c) => c,
            Err(e) => {
                summary.failed += 1;
                failures.push(format!("{name}: {}", e.reason()));
                results.push(json!({"case": i, "error": e.to_json()}));
                continue;
            }
        };
        match diff::diff_case(&old, &new, &case) {
            Ok(d) => {
                summary.add(&name, &d);
                parameter_changes
                    .entry((
                        d.old_version.id.clone(),
                        d.old_version.version.clone(),
                        d.new_version.version.clone(),
                    ))
                    .or_insert_with(|| diff::parameter_changes(d.old_version, d.new_version));
                let (field, o, n, delta) = d.headline();
                results.push(json!({
                    "case": i,
                    "scheme": case.scheme.name,
                    "month": case.month.to_string(),
                    "old": {"rule_set": {"id": d.old_version.id, "version": d.old_version.version, "sha256": d.old_version.sha256}, "result": fields_json(&d.old_fields)},
                    "new": {"rule_set": {"id": d.new_version.id, "version": d.new_version.version, "sha256": d.new_version.sha256}, "result": fields_json(d.new_fields())},
                    "difference": {"field": field, "old": num::fixed(o, 2), "new": num::fixed(n, 2), "difference": num::fixed(delta, 2)},
                    "changed_outcomes": d.outcomes.iter().map(|c| json!({
                        "field": c.field, "old": amount_or_value(&c.old), "new": amount_or_value(&c.new),
                        "difference": c.difference.map(|x| match c.old { Value::Amount(_) => num::fixed(x, 2), _ => num::plain(x) }),
                    })).collect::<Vec<_>>(),
                    "changed": d.changed.iter().map(|c| c.0).collect::<Vec<_>>(),
                    "first_difference": d.first.as_ref().map(|f| json!({
                        "rule": f.rule, "what": f.what, "old": diff::written(&f.old), "new": diff::written(&f.new),
                        "legal": d.new_version.rule_sources(f.rule).iter().map(|l| json!({"act": l.act, "paragraph": l.paragraph, "url": l.url})).collect::<Vec<_>>(),
                    })),
                    "parameters": diff::parameter_changes(d.old_version, d.new_version).iter().map(|c| json!({
                        "name": c.name, "old": c.old, "new": c.new,
                    })).collect::<Vec<_>>(),
                }));
            }
            Err(e) => {
                summary.failed += 1;
                let (side, d) = match e {
                    diff::DiffError::Old(d) => ("old", d),
                    diff::DiffError::New(d) => ("new", d),
                };
                failures.push(format!("{name}: {side}: {}", d.message));
                let err =
                    ApiError::from_diagnostics(StatusCode::UNPROCESSABLE_ENTITY, "refused", &[*d]);
                results.push(json!({"case": i, "side": side, "error": err.to_json()}));
            }
        }
    }
    Ok(json!({
        "old": {"rules": "bundled", "rule_book_sha256": state.rule_book_sha256},
        "new": {"rules": "bundled", "rule_book_sha256": state.rule_book_sha256, "overlay": {"title": overlay.title, "sha256": overlay.sha256}},
        "cases": results,
        "summary": summary.to_json(&parameter_changes, &failures),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared() -> crate::Shared {
        let files = beregner_core::rules::bundled_files();
        crate::Shared {
            engine: Engine::from_files(&files).expect("bundled rules"),
            rule_book_sha256: String::new(),
            config: crate::Config::default(),
        }
    }

    const OVERLAY: &str = "title = \"x\"\n[[change]]\nrule_set = \"fleksloentilskud\"\nparameter = \"high_rate\"\nvalue = 50\nfrom = 2024-01-01\n";

    #[test]
    fn a_diff_stops_computing_at_the_time_limit() {
        let state = shared();
        let case =
            json!({"scheme": "fleksloentilskud", "month": "2024-03", "input": {"wage": "25000"}});
        let cases = vec![case; 100];
        // Within the limit: every case.
        let later = std::time::Instant::now() + std::time::Duration::from_secs(600);
        let done = compare(&state, OVERLAY.to_string(), cases.clone(), later).expect("diff");
        assert_eq!(done["summary"]["computed"], 100);
        // At it: no case is computed (the answer would be thrown away), the timeout's error.
        let now = std::time::Instant::now();
        let e = compare(&state, OVERLAY.to_string(), cases, now).expect_err("timeout");
        assert_eq!(e.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(e.error, "timeout");
    }
}
