//! The OpenAPI 3.1 description served at `/openapi.json`. Each operation carries an example
//! request (path parameters, query, body), which the tests send to check that every path
//! answers and that every response has the fields this document says it requires.

use serde_json::{Value as Json, json};

const CASE_JSON: &str = r#"{"scheme":"fleksloentilskud","month":"2024-03","input":{"hourly_wage":"200","weekly_hours":"18"}}"#;

/// An error answer (the Error object) with what its status means.
fn error_response(code: &str) -> Json {
    let description = match code {
        "400" => {
            "bad_request or malformed: a body that is not TOML/JSON or not UTF-8, a query parameter this path does not take (at its name), or a parameter's value that cannot be read"
        }
        "404" => "not_found: no such scheme, rule set or version",
        "413" => "too_large or too_many_cases: a body or caseload over this server's limits",
        "415" => {
            "unsupported_media_type: /batch was sent something other than JSON Lines (a CSV caseload)"
        }
        "422" => {
            "the case, overlay or request breaks a rule (field, line, column, reason), or the law refuses the case"
        }
        "500" => "internal: a failure inside the server (it goes on serving)",
        "503" => {
            "timeout: the request took longer than this server's time limit (`--timeout-secs`); for /batch, the caseload could not start answering within it (once started, it ends with a timeout line instead)"
        }
        _ => "error",
    };
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

/// `codes` as a responses object.
fn error_responses(codes: &[&str]) -> Json {
    Json::Object(
        codes
            .iter()
            .map(|c| (c.to_string(), error_response(c)))
            .collect(),
    )
}

/// What every operation may answer besides its own: 400 for a query parameter it does not
/// take, 500 for a failure inside the server, 503 over the time limit.
const EVERY_OPERATION: [&str; 3] = ["400", "500", "503"];

fn ok(schema: Json, description: &str) -> Json {
    json!({"description": description, "content": {"application/json": {"schema": schema}}})
}

fn reference(name: &str) -> Json {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn array_of(name: &str) -> Json {
    json!({"type": "array", "items": reference(name)})
}

fn path_param(name: &str, example: &str, description: &str) -> Json {
    json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}, "example": example, "description": description})
}

/// The document.
pub fn document() -> Json {
    let mut doc = operations();
    if let Some(paths) = doc["paths"].as_object_mut() {
        for op in paths
            .values_mut()
            .filter_map(Json::as_object_mut)
            .flat_map(|ops| ops.values_mut())
        {
            if let Some(responses) = op["responses"].as_object_mut() {
                for code in EVERY_OPERATION {
                    responses
                        .entry(code)
                        .or_insert_with(|| error_response(code));
                }
            }
        }
    }
    doc
}

/// The document without the errors every operation shares.
fn operations() -> Json {
    let lang_param = json!({"name": "lang", "in": "query", "required": false, "schema": {"type": "string", "enum": ["da", "en"]},
        "description": "The language of a text or HTML explanation and of the reason and help of the case's errors (invalid_case, refused; else Accept-Language, else English). Other errors are in English. A result's JSON carries both languages."});
    let mut errors_422 = error_responses(&["400", "413", "422"]);
    let mut calc_responses = json!({
        "200": {"description": "the result: byte for byte the line `beregner calc --format json` prints (newline included); with format=text or html, the explanation in the reader's language",
            "content": {
                "application/json": {"schema": reference("Outcome")},
                "text/plain": {"schema": {"type": "string"}},
                "text/html": {"schema": {"type": "string"}}
            }}
    });
    if let (Some(a), Some(b)) = (calc_responses.as_object_mut(), errors_422.as_object_mut()) {
        a.append(b);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "beregner",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Deterministic calculations under Danish labour-market law (flex-jobs, wage subsidy, bonuses, dagpenge, sygedagpenge), each amount traced to its rule, paragraph of law and rule-set version. Errors are JSON {error, field, line, column, reason, errors} (the first problem at the top, every problem in errors, never empty). Besides each operation's own answers, a path not listed here answers 404 not_found (components.responses.NotFound), and a listed path asked with a method it does not take answers 405 method_not_allowed (components.responses.MethodNotAllowed)."
        },
        "paths": {
            "/health": {"get": {"summary": "Is the server up?", "responses": {"200": ok(reference("Health"), "up")}}},
            "/version": {"get": {"summary": "The program's version and the hash of its rule book", "responses": {"200": ok(reference("Version"), "the version")}}},
            "/openapi.json": {"get": {"summary": "This document", "responses": {"200": ok(json!({"type": "object", "required": ["openapi", "paths"]}), "the OpenAPI description")}}},
            "/schemes": {"get": {"summary": "Every scheme with its declared inputs and results", "responses": {"200": ok(array_of("Scheme"), "the schemes")}}},
            "/schemes/{name}": {"get": {"summary": "One scheme", "parameters": [path_param("name", "fleksloentilskud", "the scheme")],
                "responses": {"200": ok(reference("Scheme"), "the scheme"), "404": error_response("404")}}},
            "/rule-sets": {"get": {"summary": "Every rule-set version with its status and validity",
                "parameters": [{"name": "on", "in": "query", "required": false, "schema": {"type": "string", "format": "date"}, "example": "2024-03-01", "description": "only the versions in force on this date"}],
                "responses": {"200": ok(array_of("VersionSummary"), "the versions"), "400": error_response("400")}}},
            "/rule-sets/{id}": {"get": {"summary": "The versions of one rule set", "parameters": [path_param("id", "fleksloentilskud", "the rule set")],
                "responses": {"200": ok(reference("RuleSet"), "the rule set"), "404": error_response("404")}}},
            "/rule-sets/{id}/{version}": {"get": {"summary": "One version in full: parameters, roundings and rules with their legal sources",
                "parameters": [path_param("id", "fleksloentilskud", "the rule set"), path_param("version", "2024", "the version")],
                "responses": {"200": ok(reference("VersionDetail"), "the version"), "404": error_response("404")}}},
            "/calculate": {"post": {"summary": "Compute one case (a case file's TOML or JSON)",
                "parameters": [
                    {"name": "format", "in": "query", "required": false, "schema": {"type": "string", "enum": ["json", "text", "html"]}, "description": "json (default), or the explanation as text or a printable HTML page"},
                    lang_param
                ],
                "requestBody": {"required": true, "content": {
                    "application/json": {"schema": reference("Case"), "example": serde_json::from_str::<Json>(CASE_JSON).unwrap_or_default()},
                    "application/toml": {"schema": {"type": "string"}}
                }},
                "responses": calc_responses}},
            "/batch": {"post": {"summary": "Compute a caseload: JSON Lines in (one case per line), JSON Lines out (one result or error per case, streamed)",
                "requestBody": {"required": true, "content": {"application/x-ndjson": {"schema": {"type": "string"}, "example": format!("{CASE_JSON}\n{CASE_JSON}\n")}}},
                "responses": {
                    "200": {"description": "one line per case, in order from row 1: {row, scheme, month, rule_set, result} or {row, error}. The server's time limit holds for the whole caseload: a caseload that reaches it stops, and its last line is then the Error object with error = timeout, no row, and answered (the rows answered before it); the rows after those were not computed. A client takes an answer as whole only if every line has a row and there is one per case sent.", "content": {"application/x-ndjson": {"schema": reference("BatchLine")}}},
                    "400": error_response("400"),
                    "413": error_response("413"),
                    "415": error_response("415")
                }}},
            "/diff": {"post": {"summary": "The same cases under the bundled rules and under the bundled rules with a reform overlay",
                "requestBody": {"required": true, "content": {"application/json": {"schema": reference("DiffRequest"), "example": {
                    "overlay": "title = \"55 % becomes 50 %\"\n[[change]]\nrule_set = \"fleksloentilskud\"\nparameter = \"high_rate\"\nvalue = 50\nfrom = 2024-01-01\n",
                    "cases": [serde_json::from_str::<Json>(r#"{"scheme":"fleksloentilskud","month":"2024-03","input":{"wage":"25000"}}"#).unwrap_or_default()]
                }}}},
                "responses": {
                    "200": ok(reference("Diff"), "each case under both rule books, and a summary"),
                    "400": error_response("400"),
                    "413": error_response("413"),
                    "422": error_response("422")
                }}}
        },
        "components": {
        "responses": {
            "NotFound": {"description": "not_found: a path this document does not list", "content": {"application/json": {"schema": reference("Error")}}},
            "MethodNotAllowed": {"description": "method_not_allowed: a listed path with a method it does not take", "content": {"application/json": {"schema": reference("Error")}}}
        },
        "schemas": {
            "Error": {"type": "object", "required": ["error", "field", "line", "column", "reason", "errors"], "properties": {
                "error": {"type": "string", "description": "malformed, invalid_case, refused, invalid_overlay, invalid_request, too_large, too_many_cases, unsupported_media_type, not_found, method_not_allowed, timeout, internal, bad_request"},
                "field": {"type": ["string", "null"]}, "line": {"type": ["integer", "null"]}, "column": {"type": ["integer", "null"]},
                "reason": {"type": "string"},
                "errors": {"type": "array", "items": {"type": "object", "required": ["field", "line", "column", "reason", "help"]}}
            }},
            "Health": {"type": "object", "required": ["status"]},
            "Version": {"type": "object", "required": ["name", "version", "rule_book_sha256", "rule_sets", "versions", "shared_amounts"]},
            "Scheme": {"type": "object", "required": ["name", "family", "title", "title_da", "selected_by", "inputs", "results", "headline"], "properties": {
                "inputs": {"type": "array", "items": {"type": "object", "required": ["name", "required", "default", "description", "description_da", "kind"]}},
                "results": {"type": "array", "items": {"type": "object", "required": ["name", "outcome", "group"]}}
            }},
            "VersionSummary": {"type": "object", "required": ["id", "family", "version", "title", "status", "valid_from", "valid_to", "sha256"]},
            "RuleSet": {"type": "object", "required": ["id", "versions"], "properties": {"versions": array_of("VersionSummary")}},
            "LegalSource": {"type": "object", "required": ["act", "paragraph", "url"]},
            "VersionDetail": {"type": "object", "required": ["id", "family", "version", "status", "valid_from", "valid_to", "sha256", "file", "notes", "parameters", "roundings", "rules"], "properties": {
                "parameters": {"type": "array", "items": {"type": "object", "required": ["name", "value", "unit", "status", "description", "sources"], "properties": {"sources": array_of("LegalSource")}}},
                "roundings": {"type": "array", "items": {"type": "object", "required": ["name", "rounding", "status", "sources"]}},
                "rules": {"type": "array", "items": {"type": "object", "required": ["name", "description", "sources"], "properties": {"sources": array_of("LegalSource")}}}
            }},
            "Case": {"type": "object", "required": ["scheme", "input"], "description": "a case file: scheme, month (unless the scheme is chosen by an input date), [input]; see GET /schemes for each scheme's inputs"},
            "Outcome": {"type": "object", "required": ["scheme", "month", "rule_set", "rule_sets", "input", "result", "notes", "trace"], "properties": {
                "rule_set": {"type": "object", "description": "the version of the case's first (or only) part", "required": ["id", "version", "status", "valid_from", "valid_to", "sha256"]},
                "rule_sets": {"type": "array", "description": "every version the case was computed under, in date order: one, or more for a case cut where a version changes (a refund claim across New Year)", "items": {"type": "object", "required": ["id", "version", "status", "valid_from", "valid_to", "sha256"]}},
                "trace": {"type": "array", "items": {"type": "object", "required": ["rule", "label", "label_da", "formula", "inputs", "value", "kind", "rounding", "legal"], "properties": {"legal": array_of("LegalSource"), "rounding_derivation": {"type": "string", "description": "only where the rule set marks the step's rounding derived: why"}, "rounding_derivation_da": {"type": "string"}}}}
            }},
            "BatchLine": {"anyOf": [
                {"type": "object", "required": ["row"], "description": "a case's result or error"},
                {"allOf": [reference("Error"), {"type": "object", "required": ["answered"], "properties": {"error": {"const": "timeout"}, "answered": {"type": "integer"}}}], "description": "the last line of a caseload cut by the time limit"}
            ]},
            "DiffRequest": {"type": "object", "required": ["overlay", "cases"], "properties": {
                "overlay": {"type": "string", "description": "a reform overlay's TOML text (see `beregner diff --overlay`)"},
                "cases": {"type": "array", "items": {"description": "a case as a JSON object, or a case file's TOML or JSON text"}}
            }},
            "Diff": {"type": "object", "required": ["old", "new", "cases", "summary"], "properties": {
                "cases": {"type": "array", "items": {"type": "object", "required": ["case"]}},
                "summary": {"type": "object", "description": "as `beregner diff --format json` writes it: the counts; the headline's totals (`headline` names it, null over several schemes); every outcome's (amounts: changed, increased, decreased, totals, average; decisions: transitions); the largest changes; the parameters changed; the failures",
                    "required": ["cases", "computed", "changed", "intermediate_only", "increased", "decreased", "unchanged", "failed", "headline", "total_old", "total_new", "total_difference", "average_change", "largest", "outcomes", "parameter_changes", "failures"],
                    "properties": {
                        "outcomes": {"type": "array", "items": {"type": "object", "required": ["scheme", "field", "changed"]}},
                        "parameter_changes": {"type": "array", "items": {"type": "object", "required": ["rule_set", "old", "new", "parameters"]}},
                        "failures": {"type": "array", "items": {"type": "string"}},
                        "largest": {"type": "array", "items": {"type": "object", "required": ["case", "old", "new", "difference"]}}
                    }}
            }}
        }}
    })
}
