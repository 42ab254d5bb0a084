//! The HTTP API driven in process (`tower::ServiceExt::oneshot`), and once over TCP.

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use beregner_core::{Engine, Format, SourceText, render};
use beregner_server::Config;
use serde_json::{Value as Json, json};
use tower::ServiceExt;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn app() -> Router {
    beregner_server::bundled(Config::default()).expect("bundled rules")
}

struct Answer {
    status: StatusCode,
    content_type: String,
    /// The `Allow` header, if any.
    allow: Option<String>,
    body: String,
}

impl Answer {
    fn json(&self) -> Json {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let allow = response
        .headers()
        .get(header::ALLOW)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    Answer {
        status,
        content_type,
        allow,
        body: String::from_utf8(bytes.to_vec()).expect("utf-8"),
    }
}

async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(app: &Router, uri: &str, content_type: &str, body: impl Into<Body>) -> Answer {
    send(
        app,
        Request::post(uri)
            .header(header::CONTENT_TYPE, content_type)
            .body(body.into())
            .unwrap(),
    )
    .await
}

fn fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for family in std::fs::read_dir(root().join("fixtures")).expect("fixtures") {
        let family = family.expect("entry").path();
        if !family.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&family).expect("family") {
            let p = f.expect("entry").path();
            if p.extension().is_some_and(|e| e == "toml" || e == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// What `beregner calc --format json` prints for a file: the CLI reads the case with
/// `case::parse`, computes it with `Engine::calculate` and writes `render::to_json` and a
/// newline (crates/cli/src/commands.rs `calc`). The end-to-end test in tests/calc.rs compares
/// the real binary with a running server.
fn cli_json(engine: &Engine, path: &Path) -> Option<String> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).expect("read");
    let format = Format::guess(&name, &text);
    let case = beregner_core::engine::case::parse(&SourceText::new(name, text), format).ok()?;
    engine
        .calculate(case)
        .ok()
        .map(|o| render::to_json(&o) + "\n")
}

#[tokio::test]
async fn every_fixture_answers_what_the_cli_prints_byte_for_byte() {
    let app = app();
    let engine = Engine::bundled().expect("rules");
    let files = fixtures();
    assert!(files.len() > 100, "{}", files.len());
    let mut computed = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read");
        let expected = cli_json(&engine, path);
        // As the file is written (TOML), with and without a Content-Type that says so.
        for ct in ["application/toml", "text/plain"] {
            let a = post(&app, "/calculate", ct, text.clone()).await;
            match &expected {
                Some(line) => {
                    assert_eq!(a.status, StatusCode::OK, "{}: {}", path.display(), a.body);
                    assert_eq!(&a.body, line, "{}", path.display());
                    assert_eq!(a.content_type, "application/json");
                }
                None => {
                    assert_eq!(
                        a.status,
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "{}",
                        path.display()
                    );
                    assert_eq!(a.json()["error"], "refused", "{}", a.body);
                }
            }
        }
        computed += usize::from(expected.is_some());
    }
    assert!(computed > 100, "{computed}");
}

#[tokio::test]
async fn a_json_case_answers_as_its_toml_twin() {
    let app = app();
    let toml =
        std::fs::read_to_string(root().join("fixtures/fleksjob/star-2024-hourly-200kr-18h.toml"))
            .expect("read");
    let json_case = r#"{"scheme":"fleksloentilskud","month":"2024-03","input":{"hourly_wage":"200","weekly_hours":"18"}}"#;
    let a = post(&app, "/calculate", "application/toml", toml).await;
    let b = post(&app, "/calculate", "application/json", json_case).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body, b.body);
    assert_eq!(b.json()["result"]["subsidy"], "15272.00");
}

#[tokio::test]
async fn explanations_follow_accept_language_or_lang() {
    let app = app();
    let case = r#"{"scheme":"fleksloentilskud","month":"2024-03","input":{"hourly_wage":"200","weekly_hours":"18"}}"#;
    let ask = |lang_header: Option<&str>, uri: &str| {
        let mut r = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
        if let Some(l) = lang_header {
            r = r.header(header::ACCEPT_LANGUAGE, l);
        }
        r.body(Body::from(case)).unwrap()
    };
    let da = send(
        &app,
        ask(Some("da-DK,da;q=0.9,en;q=0.5"), "/calculate?format=text"),
    )
    .await;
    assert_eq!(da.status, StatusCode::OK);
    assert!(da.body.contains("Måned: marts 2024"), "{}", da.body);
    assert!(da.body.contains("\nResultat\n"));
    let en = send(&app, ask(Some("en-GB, da;q=0.3"), "/calculate?format=text")).await;
    assert!(en.body.contains("Month: 2024-03"), "{}", en.body);
    let forced = send(&app, ask(Some("da"), "/calculate?format=text&lang=en")).await;
    assert!(forced.body.contains("Month: 2024-03"));
    let html = send(&app, ask(Some("da"), "/calculate?format=html")).await;
    assert_eq!(html.content_type, "text/html; charset=utf-8");
    assert!(html.body.contains("<html lang=\"da\">"));
    let bad = send(&app, ask(None, "/calculate?lang=fr")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["field"], "lang");
    // JSON carries both languages whatever is asked.
    let json_da = send(&app, ask(Some("da"), "/calculate")).await;
    let json_en = send(&app, ask(None, "/calculate")).await;
    assert_eq!(json_da.body, json_en.body);
}

#[tokio::test]
async fn errors_follow_the_readers_language_too() {
    let app = app();
    let ask = |lang: Option<&str>, body: &'static str| {
        let mut r = Request::post("/calculate").header(header::CONTENT_TYPE, "application/toml");
        if let Some(l) = lang {
            r = r.header(header::ACCEPT_LANGUAGE, l);
        }
        r.body(Body::from(body)).unwrap()
    };
    let negative = "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = \"-1\"\n";
    let da = send(&app, ask(Some("da-DK,da;q=0.9"), negative)).await;
    assert_eq!(da.status, StatusCode::UNPROCESSABLE_ENTITY);
    let e = da.json();
    assert_eq!(e["field"], "input.wage");
    assert_eq!(e["line"], 4);
    assert_eq!(
        e["reason"], "-1 er negativt; månedslønnen (inkl. begge pensionsbidrag) kan ikke være det",
        "{e}"
    );
    let en = send(&app, ask(None, negative)).await.json();
    assert_eq!(
        en["reason"],
        "-1 is negative; the monthly wage (incl. both pension contributions) cannot be negative",
        "{en}"
    );
    // A refusal by the engine (no version for the month), with Danish dates.
    let uncovered =
        "scheme = \"fleksloentilskud\"\nmonth = \"2099-03\"\n[input]\nwage = \"1000\"\n";
    let da = send(&app, ask(Some("da"), uncovered)).await.json();
    let reason = da["reason"].as_str().unwrap_or_default();
    assert!(
        reason.starts_with(
            "intet regelsæt fleksloentilskud gælder pr. marts 2099 (versionerne dækker 1. januar 2013 til "
        ),
        "{da}"
    );
}

#[tokio::test]
async fn errors_are_json_with_field_position_reason_and_status() {
    let app = app();
    // Not TOML at all: 400, with where.
    let a = post(
        &app,
        "/calculate",
        "application/toml",
        "scheme = \"fleksloentilskud\"\nmonth = \n",
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    let e = a.json();
    assert_eq!(e["error"], "malformed");
    assert_eq!(e["line"], 2);
    assert!(e["column"].is_u64());
    // A case that breaks a rule: 422 at its field.
    let a = post(
        &app,
        "/calculate",
        "application/toml",
        "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = \"-1\"\n",
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    let e = a.json();
    assert_eq!(e["error"], "invalid_case");
    assert_eq!(e["field"], "input.wage");
    assert_eq!(e["line"], 4);
    assert_eq!(e["column"], 8);
    assert!(
        e["reason"].as_str().unwrap().contains("-1 is negative"),
        "{e}"
    );
    assert_eq!(e["errors"][0]["field"], "input.wage");
    // Unknown fields name the closest.
    let a = post(
        &app,
        "/calculate",
        "application/json",
        r#"{"scheme":"fleksloentilskud","month":"2024-03","input":{"wgae":"1"}}"#,
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.body.contains("wage"), "{}", a.body);
    // A month no rule set covers: refused, 422.
    let a = post(
        &app,
        "/calculate",
        "application/json",
        r#"{"scheme":"fleksloentilskud","month":"1990-03","input":{"wage":"1000"}}"#,
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.json()["field"], "month");
    // Not UTF-8.
    let a = post(
        &app,
        "/calculate",
        "application/toml",
        vec![0xff, 0xfe, 0x00],
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    // Unknown path, wrong method, unknown query parameter, unknown scheme: JSON too.
    for (a, status) in [
        (get(&app, "/nope").await, StatusCode::NOT_FOUND),
        (
            get(&app, "/calculate").await,
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (get(&app, "/schemes/nope").await, StatusCode::NOT_FOUND),
        (get(&app, "/rule-sets/nope").await, StatusCode::NOT_FOUND),
        (
            get(&app, "/rule-sets/fleksloentilskud/1999").await,
            StatusCode::NOT_FOUND,
        ),
        (
            get(&app, "/rule-sets?on=2024-13-01").await,
            StatusCode::BAD_REQUEST,
        ),
        (
            post(&app, "/calculate?rules=/etc", "application/json", "{}").await,
            StatusCode::BAD_REQUEST,
        ),
    ] {
        assert_eq!(a.status, status, "{}", a.body);
        assert_eq!(a.content_type, "application/json");
        let e = a.json();
        for field in ["error", "field", "line", "column", "reason", "errors"] {
            assert!(e.get(field).is_some(), "{field} missing in {e}");
        }
    }
}

#[tokio::test]
async fn limits_on_body_size_and_caseload_answer_413() {
    let app = beregner_server::bundled(Config {
        max_body_bytes: 1000,
        max_batch_bytes: 4000,
        max_batch_cases: 3,
        ..Config::default()
    })
    .expect("rules");
    let big = format!("scheme = \"fleksloentilskud\"\n# {}\n", "x".repeat(2000));
    let a = post(&app, "/calculate", "application/toml", big).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(a.json()["error"], "too_large");
    // Without a Content-Length (streamed), the limit holds as the body is read.
    let stream = futures_util::stream::iter(
        (0..20).map(|_| Ok::<_, std::io::Error>(axum::body::Bytes::from(vec![b'#'; 100]))),
    );
    let a = post(
        &app,
        "/calculate",
        "application/toml",
        Body::from_stream(stream),
    )
    .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.body);
    assert_eq!(a.json()["error"], "too_large");
    let line = r#"{"scheme":"fleksloentilskud","month":"2024-03","input":{"wage":"15600"}}"#;
    let a = post(
        &app,
        "/batch",
        "application/x-ndjson",
        format!("{line}\n").repeat(4),
    )
    .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(a.json()["error"], "too_many_cases");
    let a = post(
        &app,
        "/batch",
        "application/x-ndjson",
        format!("{line}\n").repeat(3),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
}

#[tokio::test]
async fn a_csv_caseload_is_refused_as_the_wrong_media_type() {
    let app = app();
    let csv = "scheme,month,wage\nfleksloentilskud,2024-03,15600\n";
    let a = post(&app, "/batch", "text/csv", csv).await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", a.body);
    assert!(a.body.contains("unsupported_media_type"), "{}", a.body);
    assert!(a.body.contains("JSON Lines"), "{}", a.body);
}

#[tokio::test]
async fn a_caseload_streams_one_line_per_case_as_batch_writes_them() {
    let app = app();
    let good = r#"{"scheme":"fleksloentilskud","month":"2024-03","input":{"wage":"15600","full_time_wage":"32067"}}"#;
    let bad = r#"{"scheme":"fleksloentilskud","month":"2024-03","input":{"wage":"-5"}}"#;
    let body = format!("{good}\n\n{bad}\nnot json\n{good}\n");
    let a = post(&app, "/batch", "application/x-ndjson", body).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.content_type, "application/x-ndjson");
    let lines: Vec<Json> = a
        .body
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["row"], 1);
    assert_eq!(lines[0]["result"]["subsidy"], "15272.00");
    assert!(lines[1]["error"].as_str().unwrap().contains("negative"));
    assert!(lines[2]["error"].is_string());
    assert_eq!(lines[3]["row"], 4);
    // The line `beregner batch --to jsonl` writes (the same core function).
    let engine = Engine::bundled().unwrap();
    let case = beregner_core::tools::batch::case_from_json_line(good, "").unwrap();
    let (v, r, notes) =
        beregner_core::tools::batch::compute_noted(&engine, &case, &mut None).unwrap();
    assert_eq!(
        a.body.lines().next().unwrap(),
        beregner_core::tools::batch::jsonl_line(1, None, Ok((&case, v, &r, notes.as_slice())))
    );
}

#[tokio::test]
async fn a_diff_compares_the_bundled_rules_with_an_overlay_sent() {
    let app = app();
    let request = json!({
        "overlay": "title = \"55 % becomes 50 %\"\n[[change]]\nrule_set = \"fleksloentilskud\"\nparameter = \"high_rate\"\nvalue = 50\nfrom = 2024-01-01\n",
        "cases": [
            {"scheme": "fleksloentilskud", "month": "2024-03", "input": {"wage": "25000"}},
            "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = \"10000\"\n",
            {"scheme": "fleksloentilskud", "month": "2024-03", "input": {"wage": "-1"}}
        ]
    });
    let a = post(&app, "/diff", "application/json", request.to_string()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let d = a.json();
    // 25.000 kr.: 8.677 kr. over the 16.323 threshold at 55 % → 50 %: 433,85 kr. more tilskud.
    assert_eq!(d["cases"][0]["difference"]["difference"], "433.85");
    assert_eq!(d["cases"][0]["parameters"][0]["name"], "high_rate");
    // Below the threshold nothing changes.
    assert_eq!(d["cases"][1]["changed"], json!([]));
    assert_eq!(d["cases"][2]["error"]["field"], "input.wage");
    assert_eq!(d["summary"]["changed"], 1);
    assert_eq!(d["summary"]["failed"], 1);
    // A bad overlay: 422 at its field; a request that is not JSON: 400.
    let bad = json!({"overlay": "title = \"x\"\n[[change]]\nrule_set = \"fleksloentilskud\"\nparameter = \"hihg_rate\"\nvalue = 50\nfrom = 2024-01-01\n", "cases": []});
    let a = post(&app, "/diff", "application/json", bad.to_string()).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.json()["error"], "invalid_overlay");
    assert!(a.body.contains("high_rate"), "{}", a.body);
    let a = post(&app, "/diff", "application/json", "{").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    // A request can name no rules directory or file: unknown fields are refused.
    let a = post(
        &app,
        "/diff",
        "application/json",
        json!({"overlay": "", "cases": [], "rules": "/etc"}).to_string(),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.json()["field"], "rules");
}

#[tokio::test]
async fn schemes_rule_sets_and_parameters_with_their_sources() {
    let app = app();
    let s = get(&app, "/schemes").await.json();
    assert_eq!(
        s.as_array().unwrap().len(),
        beregner_core::schemes::SCHEMES.len()
    );
    let f = get(&app, "/schemes/fleksloentilskud").await.json();
    assert!(
        f["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["name"] == "hourly_wage")
    );
    let all = get(&app, "/rule-sets").await.json();
    let on = get(&app, "/rule-sets?on=2024-03-01").await.json();
    assert!(on.as_array().unwrap().len() < all.as_array().unwrap().len());
    assert!(
        on.as_array()
            .unwrap()
            .iter()
            .any(|v| v["id"] == "fleksloentilskud" && v["version"] == "2024")
    );
    let v = get(&app, "/rule-sets/fleksloentilskud/2024").await.json();
    let max = v["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "max_subsidy")
        .unwrap();
    // STAR's published 2024 maximum, with its legal source.
    assert_eq!(max["value"], "19952");
    assert!(
        max["sources"][0]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let version = get(&app, "/version").await.json();
    assert_eq!(
        version["rule_book_sha256"],
        beregner_core::tools::describe::rule_book_sha256(&beregner_core::rules::bundled_files())
    );
    assert_eq!(get(&app, "/health").await.json()["status"], "ok");
}

/// Every required field of `schema` (following `$ref`s, `allOf` and `anyOf`) is in `value`,
/// recursively, and every `const` holds.
fn check_required(doc: &Json, schema: &Json, value: &Json, at: &str) {
    let mut problems = Vec::new();
    missing(doc, schema, value, at, &mut problems);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn missing(doc: &Json, schema: &Json, value: &Json, at: &str, out: &mut Vec<String>) {
    let schema = match schema.get("$ref").and_then(Json::as_str) {
        Some(r) => {
            let name = r.trim_start_matches("#/components/schemas/");
            &doc["components"]["schemas"][name]
        }
        None => schema,
    };
    for sub in schema["allOf"].as_array().into_iter().flatten() {
        missing(doc, sub, value, at, out);
    }
    if let Some(any) = schema["anyOf"].as_array() {
        let fits = any.iter().any(|sub| {
            let mut p = Vec::new();
            missing(doc, sub, value, at, &mut p);
            p.is_empty()
        });
        if !fits {
            out.push(format!(
                "{at}: {value} fits none of {}",
                Json::from(any.clone())
            ));
        }
    }
    if let Some(c) = schema.get("const")
        && value != c
    {
        out.push(format!("{at}: {value} is not {c}"));
    }
    if let Some(required) = schema.get("required").and_then(Json::as_array) {
        for field in required {
            let field = field.as_str().unwrap();
            if value.get(field).is_none() {
                out.push(format!("{at}: `{field}` missing in {value}"));
            }
        }
    }
    if let (Some(props), Some(obj)) = (
        schema.get("properties").and_then(Json::as_object),
        value.as_object(),
    ) {
        for (k, sub) in props {
            if let Some(v) = obj.get(k) {
                missing(doc, sub, v, &format!("{at}.{k}"), out);
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            missing(doc, items, v, &format!("{at}[{i}]"), out);
        }
    }
}

/// The request the OpenAPI document gives as the example of `method path` (`op`), with
/// `extra` added to its query.
fn example_request(
    path: &str,
    method: &str,
    op: &Json,
    extra: Option<&str>,
) -> (String, Request<Body>) {
    let mut uri = path.to_string();
    let mut query = Vec::new();
    for p in op["parameters"].as_array().into_iter().flatten() {
        let (name, example) = (p["name"].as_str().unwrap(), &p["example"]);
        match (p["in"].as_str(), example.as_str()) {
            (Some("path"), Some(e)) => uri = uri.replace(&format!("{{{name}}}"), e),
            (Some("query"), Some(e)) => query.push(format!("{name}={e}")),
            (Some("path"), None) => panic!("{path}: path parameter {name} has no example"),
            _ => {}
        }
    }
    query.extend(extra.map(str::to_string));
    if !query.is_empty() {
        uri = format!("{uri}?{}", query.join("&"));
    }
    let request = match method {
        "get" => Request::get(&uri).body(Body::empty()).unwrap(),
        "post" => {
            let (ct, media) = op["requestBody"]["content"]
                .as_object()
                .unwrap()
                .iter()
                .find(|(_, m)| m.get("example").is_some())
                .unwrap_or_else(|| panic!("{path}: no example body"));
            let body = match &media["example"] {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            };
            Request::post(&uri)
                .header(header::CONTENT_TYPE, ct.as_str())
                .body(Body::from(body))
                .unwrap()
        }
        m => panic!("{path}: method {m}"),
    };
    (uri, request)
}

#[tokio::test]
async fn every_path_in_the_openapi_document_answers_as_it_says() {
    let app = app();
    let doc = get(&app, "/openapi.json").await.json();
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 11);
    let mut checked = 0;
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            let (uri, request) = example_request(path, method, op, None);
            let a = send(&app, request).await;
            assert_eq!(a.status, StatusCode::OK, "{method} {uri}: {}", a.body);
            let ok = &op["responses"]["200"]["content"];
            let (media, spec) = ok.as_object().unwrap().iter().next().unwrap();
            assert!(
                a.content_type.starts_with(media.as_str()),
                "{uri}: {} is not {media}",
                a.content_type
            );
            if media == "application/x-ndjson" {
                for line in a.body.lines() {
                    check_required(
                        &doc,
                        &spec["schema"],
                        &serde_json::from_str(line).unwrap(),
                        &uri,
                    );
                }
            } else {
                check_required(&doc, &spec["schema"], &a.json(), &uri);
            }
            // Every operation names the errors any may answer: 400 (a query parameter it does
            // not take), 500 and 503 (each provoked in its own test).
            for code in ["400", "500", "503"] {
                assert!(
                    op["responses"].get(code).is_some(),
                    "{method} {path}: {code} missing"
                );
            }
            // Every error the document names is the Error shape.
            for (code, r) in op["responses"].as_object().unwrap() {
                if code != "200" {
                    assert_eq!(
                        r["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/Error",
                        "{path} {code}"
                    );
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, paths.len());
    // And the error shape the document gives is what errors are.
    let e = get(&app, "/schemes/nope").await.json();
    check_required(
        &doc,
        &json!({"$ref": "#/components/schemas/Error"}),
        &e,
        "error",
    );
}

#[tokio::test]
async fn a_panic_answers_500_and_the_server_goes_on() {
    // A panic in a handler, caught by the layers every route gets.
    let state_app = app();
    let boom = beregner_server::with_layers(
        Router::new()
            .route(
                "/boom",
                axum::routing::get(|| async {
                    let boom: Option<&str> = std::hint::black_box(None);
                    boom.expect("boom in a handler")
                }),
            )
            .merge(state_app),
        &Config::default(),
    );
    let a = get(&boom, "/boom").await;
    assert_eq!(a.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(a.json()["error"], "internal");
    assert!(
        a.json()["reason"]
            .as_str()
            .unwrap()
            .contains("boom in a handler")
    );
    assert_eq!(get(&boom, "/health").await.status, StatusCode::OK);
    // A panic inside engine work (on the blocking pool) is a 500 too.
    let e = beregner_server::blocking(|| -> u32 { panic!("boom in the engine") })
        .await
        .unwrap_err();
    assert_eq!(e.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        e.to_json()["reason"]
            .as_str()
            .unwrap()
            .contains("boom in the engine")
    );
    // Over TCP: the same server answers the next request.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, boom).await });
    let raw = |path: &str| {
        let path = path.to_string();
        async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
            s.write_all(
                format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
            )
            .await
            .unwrap();
            let mut out = String::new();
            s.read_to_string(&mut out).await.unwrap();
            out
        }
    };
    assert!(raw("/boom").await.starts_with("HTTP/1.1 500"));
    assert!(raw("/boom").await.starts_with("HTTP/1.1 500"));
    assert!(raw("/health").await.starts_with("HTTP/1.1 200"));
    server.abort();
}

#[tokio::test]
async fn a_request_over_its_time_answers_503() {
    let slow = beregner_server::with_layers(
        Router::new().route(
            "/slow",
            axum::routing::get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        ),
        &Config {
            timeout: Duration::from_millis(50),
            ..Config::default()
        },
    );
    let a = get(&slow, "/slow").await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(a.json()["error"], "timeout");
}

#[tokio::test]
async fn an_unknown_query_parameter_is_refused_on_every_path() {
    let app = app();
    let doc = get(&app, "/openapi.json").await.json();
    let mut checked = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            // The example request, which answers 200, with one parameter no path takes.
            let (uri, request) = example_request(path, method, op, Some("rules=%2Fetc"));
            let a = send(&app, request).await;
            assert_eq!(
                a.status,
                StatusCode::BAD_REQUEST,
                "{method} {uri}: {}",
                a.body
            );
            let e = a.json();
            assert_eq!(e["error"], "bad_request", "{uri}: {e}");
            assert_eq!(e["field"], "rules", "{uri}: {e}");
            assert_eq!(e["errors"][0]["field"], "rules", "{uri}: {e}");
            assert!(
                e["reason"]
                    .as_str()
                    .unwrap()
                    .contains("unknown parameter `rules`"),
                "{uri}: {e}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, doc["paths"].as_object().unwrap().len());
    // A parameter a path does take is still taken; of two unknown ones, the first by name.
    assert_eq!(
        get(&app, "/rule-sets?on=2024-03-01").await.status,
        StatusCode::OK
    );
    let e = get(&app, "/schemes?zeta=1&alpha=2").await.json();
    assert_eq!(e["field"], "alpha", "{e}");
}

#[tokio::test]
async fn errors_the_layers_answer_name_their_reason_in_errors_too() {
    // A wrong method (axum's 405), a body whose Content-Length is over the limit (the limit
    // layer's 413) and a request over its time (the timeout layer's 503): each made JSON with
    // one entry in `errors`, as every other error.
    let app = beregner_server::with_layers(
        Router::new()
            .route(
                "/slow",
                axum::routing::get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "late"
                }),
            )
            .merge(
                beregner_server::bundled(Config {
                    max_body_bytes: 100,
                    ..Config::default()
                })
                .expect("rules"),
            ),
        &Config {
            timeout: Duration::from_millis(50),
            ..Config::default()
        },
    );
    let method = get(&app, "/calculate").await;
    let big = send(
        &app,
        Request::post("/calculate")
            .header(header::CONTENT_TYPE, "application/toml")
            .header(header::CONTENT_LENGTH, "200")
            .body(Body::from("#".repeat(200)))
            .unwrap(),
    )
    .await;
    let slow = get(&app, "/slow").await;
    for (a, status, error, reason) in [
        (
            &method,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "this path does not take this method",
        ),
        (
            &big,
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            "the body is larger than this server accepts",
        ),
        (
            &slow,
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            "the request took longer than this server allows",
        ),
    ] {
        assert_eq!(a.status, status, "{}", a.body);
        assert_eq!(a.content_type, "application/json");
        let e = a.json();
        assert_eq!(e["error"], error, "{e}");
        assert!(e["reason"].as_str().unwrap().starts_with(reason), "{e}");
        let errors = e["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{e}");
        assert_eq!(errors[0]["reason"], e["reason"], "{e}");
        assert_eq!(errors[0]["field"], Json::Null, "{e}");
        assert!(errors[0].get("help").is_some(), "{e}");
    }
}

/// A caseload of `n` copies of one fleksløntilskud case, as JSON Lines.
fn caseload_of(n: usize) -> String {
    let line = r#"{"scheme":"fleksloentilskud","month":"2024-03","input":{"wage":"15600"}}"#;
    format!("{line}\n").repeat(n)
}

#[tokio::test]
async fn a_caseload_that_cannot_start_within_the_time_limit_answers_503() {
    // 256 cases (the first lines sent) take some 20 ms in a debug build: over 1 ms.
    let app = beregner_server::bundled(Config {
        timeout: Duration::from_millis(1),
        ..Config::default()
    })
    .expect("rules");
    let a = post(&app, "/batch", "application/x-ndjson", caseload_of(300)).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{}", a.body);
    let e = a.json();
    assert_eq!(e["error"], "timeout", "{e}");
    assert_eq!(e["errors"].as_array().map(Vec::len), Some(1), "{e}");
}

/// Checks a caseload's body cut by the time limit: lines for the first rows in order, then
/// the timeout line (no `row`) saying how many were answered, fewer than `sent`.
fn check_cut(doc: &Json, lines: &[&str], sent: usize) {
    // Every line, the timeout line too, is a BatchLine of the OpenAPI document.
    for l in lines {
        let l: Json = serde_json::from_str(l).expect("json line");
        check_required(
            doc,
            &json!({"$ref": "#/components/schemas/BatchLine"}),
            &l,
            "line",
        );
    }
    let (last, answered) = lines.split_last().expect("lines");
    let last: Json = serde_json::from_str(last).expect("json");
    assert_eq!(last["error"], "timeout", "{last}");
    assert!(last.get("row").is_none(), "{last}");
    assert_eq!(last["errors"].as_array().map(Vec::len), Some(1), "{last}");
    assert_eq!(last["answered"], answered.len(), "{last}");
    assert!(
        !answered.is_empty() && answered.len() < sent,
        "{}",
        answered.len()
    );
    assert!(
        last["reason"]
            .as_str()
            .unwrap()
            .contains(&format!("{} of {sent} cases answered", answered.len())),
        "{last}"
    );
    for (i, l) in answered.iter().enumerate() {
        let l: Json = serde_json::from_str(l).expect("json line");
        assert_eq!(l["row"], i + 1);
        assert_eq!(l["result"]["subsidy"], "15272.00", "{l}");
    }
}

#[tokio::test]
async fn a_caseload_over_the_time_limit_stops_and_ends_with_a_timeout_line() {
    // 100,000 cases take some 8 s in a debug build (and well over the limit in a release
    // one); the limit is 300 ms, the first 256 lines some 20 ms.
    let limit = Duration::from_millis(300);
    let sent = 100_000;
    let app = beregner_server::bundled(Config {
        timeout: limit,
        ..Config::default()
    })
    .expect("rules");
    let started = std::time::Instant::now();
    let a = post(&app, "/batch", "application/x-ndjson", caseload_of(sent)).await;
    let took = started.elapsed();
    assert_eq!(a.status, StatusCode::OK);
    // Well before the 100,000 cases could be computed.
    assert!(took < limit + Duration::from_secs(2), "{took:?}");
    let doc = get(&app, "/openapi.json").await.json();
    check_cut(&doc, &a.body.lines().collect::<Vec<_>>(), sent);

    // Over TCP: the timeout line reaches the client, and the chunked body ends.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let raw = {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let body = caseload_of(sent);
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(
            format!(
                "POST /batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: {}\r\n\r\n",
                body.len()
            )
            .as_bytes(),
        )
        .await
        .unwrap();
        s.write_all(body.as_bytes()).await.unwrap();
        let mut out = Vec::new();
        // Read until the last chunk (the connection stays open).
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = tokio::time::timeout(Duration::from_secs(30), s.read(&mut buf))
                .await
                .expect("the answer ends")
                .unwrap();
            out.extend_from_slice(&buf[..n]);
            if n == 0 || out.ends_with(b"\r\n0\r\n\r\n") {
                break;
            }
        }
        String::from_utf8(out).expect("utf-8")
    };
    server.abort();
    let (head, chunked) = raw.split_once("\r\n\r\n").expect("head");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "{head}"
    );
    // De-chunk: size line, data, CRLF, up to the `0` chunk.
    let (mut rest, mut data, mut last_chunk) = (chunked, String::new(), false);
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).expect("chunk size");
        if size == 0 {
            last_chunk = true;
            break;
        }
        data.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    assert!(
        last_chunk,
        "no last chunk: {}",
        &data[data.len().saturating_sub(300)..]
    );
    check_cut(&doc, &data.lines().collect::<Vec<_>>(), sent);
}

#[tokio::test]
async fn every_listed_path_answers_405_to_other_methods_and_unlisted_paths_404_as_documented() {
    let app = app();
    let doc = get(&app, "/openapi.json").await.json();
    let shape_of = |name: &str| {
        let r = &doc["components"]["responses"][name];
        assert!(r.is_object(), "components.responses.{name} missing");
        r["content"]["application/json"]["schema"].clone()
    };
    let (not_allowed, not_found) = (shape_of("MethodNotAllowed"), shape_of("NotFound"));
    let mut checked = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        let ops = ops.as_object().unwrap();
        // The first operation's example gives the path's parameters.
        let (method, op) = ops.iter().next().unwrap();
        let (uri, _) = example_request(path, method, op, None);
        for other in ["GET", "POST", "PUT", "DELETE", "PATCH"] {
            if ops.contains_key(&other.to_ascii_lowercase()) {
                continue;
            }
            let a = send(
                &app,
                Request::builder()
                    .method(other)
                    .uri(&uri)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED, "{other} {uri}");
            assert_eq!(a.content_type, "application/json", "{other} {uri}");
            let e = a.json();
            assert_eq!(e["error"], "method_not_allowed", "{other} {uri}: {e}");
            // The methods the document lists are those the Allow header names (RFC 9110).
            let allow = a.allow.clone().unwrap_or_default();
            for m in ops.keys() {
                assert!(
                    allow.split(',').any(|x| x.trim().eq_ignore_ascii_case(m)),
                    "{other} {uri}: Allow {allow:?} lacks {m}"
                );
            }
            check_required(&doc, &not_allowed, &e, &format!("{other} {uri}"));
            checked += 1;
        }
    }
    assert!(checked >= 4 * doc["paths"].as_object().unwrap().len());
    for uri in [
        "/nope",
        "/schemes/fleksloentilskud/inputs",
        "/rule-sets/a/b/c",
        "/",
    ] {
        for method in ["GET", "POST"] {
            let a = send(
                &app,
                Request::builder()
                    .method(method)
                    .uri(uri)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            assert_eq!(a.status, StatusCode::NOT_FOUND, "{method} {uri}");
            let e = a.json();
            assert_eq!(e["error"], "not_found", "{method} {uri}: {e}");
            check_required(&doc, &not_found, &e, uri);
        }
    }
}

#[tokio::test]
async fn only_a_calculated_cases_errors_follow_the_readers_language() {
    // As the README says: /calculate's invalid_case and refused follow ?lang= or
    // Accept-Language; a TOML syntax error (the parser's), the server's own errors, /diff and
    // /batch answer in English whatever is asked.
    let app = app();
    let da = |uri: &str, ct: &str, body: &str| {
        Request::post(uri)
            .header(header::CONTENT_TYPE, ct)
            .header(header::ACCEPT_LANGUAGE, "da")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let negative = "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = \"-1\"\n";
    let a = send(&app, da("/calculate", "application/toml", negative)).await;
    assert!(
        a.json()["reason"]
            .as_str()
            .unwrap()
            .starts_with("-1 er negativt")
    );
    let a = send(&app, da("/calculate", "application/toml", "month = \n")).await;
    assert_eq!(a.json()["error"], "malformed");
    assert!(
        a.json()["reason"]
            .as_str()
            .unwrap()
            .starts_with("invalid TOML")
    );
    let a = send(&app, da("/calculate?x=1", "application/toml", "")).await;
    assert!(
        a.json()["reason"]
            .as_str()
            .unwrap()
            .starts_with("unknown parameter")
    );
    // A repeated parameter would silently take one of its values.
    let a = send(
        &app,
        da("/calculate?format=text&format=html", "application/toml", ""),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.json()["field"], "format");
    assert!(
        a.json()["reason"]
            .as_str()
            .unwrap()
            .contains("`format` is given more than once")
    );
    let line = r#"{"scheme":"fleksloentilskud","month":"2024-03","input":{"wage":"-1"}}"#;
    let a = send(&app, da("/batch", "application/x-ndjson", line)).await;
    assert!(
        a.json()["error"]
            .as_str()
            .unwrap()
            .contains("-1 is negative")
    );
    let overlay = "title = \"x\"\n[[change]]\nrule_set = \"fleksloentilskud\"\nparameter = \"high_rate\"\nvalue = 50\nfrom = 2024-01-01\n";
    let body = json!({"overlay": overlay, "cases": [serde_json::from_str::<Json>(line).unwrap()]});
    let a = send(&app, da("/diff", "application/json", &body.to_string())).await;
    let reason = &a.json()["cases"][0]["error"]["reason"];
    assert!(
        reason.as_str().unwrap().starts_with("-1 is negative"),
        "{reason}"
    );
    // /batch and /diff take no lang.
    for uri in ["/batch?lang=da", "/diff?lang=da"] {
        let a = send(&app, da(uri, "application/json", "")).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(a.json()["field"], "lang", "{uri}");
    }
}

/// POST /diff's summary is the CLI's (`Summary::to_json` in beregner-core): every outcome
/// counted, not only the headline (the audit found only the headline's counts here).
#[tokio::test]
async fn a_diff_summary_counts_each_outcome_as_the_cli_summary_does() {
    let app = app();
    // ATP to øre instead of whole kroner (bek. 1344/2015 § 2 says kroner): the tilskud, the
    // headline, is the same; the ATP withheld and the payout change where the ATP is under its
    // 500 kr. maximum.
    let overlay = "title = \"ATP to øre\"\n[[change]]\nrule_set = \"fleksloentilskud\"\nrounding = \"atp\"\nscale = 2\nmode = \"half_up\"\nfrom = 2024-01-01\n";
    let case =
        |w: &str| json!({"scheme": "fleksloentilskud", "month": "2024-03", "input": {"wage": w}});
    let body = json!({"overlay": overlay, "cases": [case("30000"), case("15600"), case("32000"), case("-1")]});
    let a = post(&app, "/diff", "application/json", body.to_string()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let s = &a.json()["summary"];
    // 30.000 kr.: reduction 30 % × 16.323 + 55 % × 13.677 = 12.419,25; tilskud 19.952 −
    // 12.419,25 = 7.532,75; ATP 5 % = 376,6375: 377 kr. → 376,64 kr.; payout 7.155,75 →
    // 7.156,11. 32.000 kr.: reduction 13.519,25; tilskud 6.432,75; ATP 321,6375: 322 →
    // 321,64; payout 6.110,75 → 6.111,11. 15.600 kr.: ATP 5 % of 15.272 is over 500: 500
    // either way. The headline does not move: no case is up or down.
    assert_eq!(s["changed"], 2, "{s}");
    assert_eq!(
        (s["increased"].clone(), s["decreased"].clone()),
        (json!(0), json!(0))
    );
    assert_eq!(s["total_difference"], "0.00");
    assert_eq!(s["largest"], json!([]), "{s}");
    let outcome = |field: &str| {
        s["outcomes"]
            .as_array()
            .unwrap_or_else(|| panic!("no outcomes in {s}"))
            .iter()
            .find(|o| o["scheme"] == "fleksloentilskud" && o["field"] == field)
            .cloned()
            .unwrap_or_else(|| panic!("{field} missing in {s}"))
    };
    let subsidy = outcome("subsidy");
    assert_eq!(subsidy["changed"], 0);
    assert_eq!(subsidy["total_old"], "29237.50");
    let atp = outcome("atp");
    assert_eq!(atp["changed"], 2);
    assert_eq!(atp["total_old"], "1199.00");
    assert_eq!(atp["total_new"], "1198.28");
    assert_eq!(atp["total_difference"], "-0.72");
    assert_eq!(atp["average_change"], "-0.36");
    let payout = outcome("payout");
    assert_eq!(payout["changed"], 2);
    assert_eq!(payout["total_difference"], "0.72");
    assert_eq!(payout["average_change"], "0.36");
    // In declared order (subsidy, atp, payout), and no entry for an unchanged decision.
    let fields: Vec<&str> = s["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["subsidy", "atp", "payout"]);
    let changes = &s["parameter_changes"][0];
    assert_eq!(changes["rule_set"], "fleksloentilskud", "{s}");
    assert_eq!(changes["parameters"][0]["name"], "rounding.atp");
    assert_eq!(changes["parameters"][0]["new"], "to øre, half_up");
    assert_eq!(s["failures"].as_array().map(Vec::len), Some(1), "{s}");
}
