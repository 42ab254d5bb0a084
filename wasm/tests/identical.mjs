// The WebAssembly build must give byte-identical results to the CLI: every fixture is run through
// `beregner calc --format json` and through the WASM `calculate`, and the lines must match. So
// must the what-if table. Bad input must come back as an error object, never a trap.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { parse as parseToml } from "smol-toml";
import { initSync, calculate, whatif, parse_amount, format_amount, rule_sets } from "../pkg-full/beregner_wasm.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
initSync({ module: readFileSync(join(root, "wasm/pkg-full/beregner_wasm_bg.wasm")) });

const cli = (args) => execFileSync("cargo", ["run", "-q", "--release", "-p", "beregner-cli", "--", ...args], { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });

function files(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith(".toml") || name.endsWith(".json") ? [path] : [];
  });
}

const fixtures = files(join(root, "fixtures"));
assert.ok(fixtures.length >= 20, "the fixtures are found");
const expected = cli(["calc", "--format", "json", ...fixtures]).trimEnd().split("\n");
assert.equal(expected.length, fixtures.length);
// The page's build reads cases as JSON only (no TOML parser in it): each TOML fixture goes to the
// WASM as the same case in JSON, so this also checks that the two readers agree.
const asJson = (file) => {
  const text = readFileSync(file, "utf8");
  return file.endsWith(".json") ? text : JSON.stringify(parseToml(text));
};
fixtures.forEach((file, i) => {
  const got = calculate(asJson(file));
  assert.equal(got, expected[i], `WASM and CLI differ for ${file}`);
});
console.log(`ok: ${fixtures.length} fixtures byte-identical between WASM and CLI`);

// The same case given as JSON.
const json = JSON.stringify({ scheme: "fleksloentilskud", month: "2024-03", input: { hourly_wage: "200", weekly_hours: "18" } });
const star = cli(["calc", "--format", "json", join(root, "fixtures/fleksjob/star-2024-hourly-200kr-18h.toml")]).trimEnd();
assert.equal(calculate(json), star);

// The what-if table.
const request = { month: "2024-03", hourly_wage: "200", hours: ["10", "12", "15", "20"] };
const cliWhatif = cli(["whatif", "--month", "2024-03", "--hourly-wage", "200", "--hours", "10,12,15,20", "--format", "json"]).trimEnd();
assert.equal(whatif(JSON.stringify(request)), cliWhatif);
console.log("ok: what-if byte-identical between WASM and CLI");

// Bad input: error objects with field and reason, never an exception.
const bad = [
  ["", "scheme", "missing required field"],
  ["scheme = \"fleksloentilskud\"", "", "JSON only"],
  ["{", "", "invalid JSON"],
  [JSON.stringify({ scheme: "fleksloentilskud", month: "2024-03", input: { wage: "-1" } }), "input.wage", "negative"],
  [JSON.stringify({ scheme: "fleksloentilskud", month: "2031-01", input: { wage: "100" } }), "month", "no rule set in force for 2031-01"],
  [JSON.stringify({ scheme: "fleks", month: "2024-03", input: { wage: "100" } }), "scheme", "unknown scheme"],
  [JSON.stringify({ scheme: "fleksloentilskud", month: "2024-03", input: { hourly_wage: "200", weekly_hours: "500" } }), "input.weekly_hours", "168"],
];
for (const [input, field, reason] of bad) {
  const out = JSON.parse(calculate(input));
  assert.ok(Array.isArray(out.errors), `errors for ${input}`);
  assert.equal(out.errors[0].field, field);
  assert.ok(out.errors[0].reason.includes(reason), `${out.errors[0].reason} mentions ${reason}`);
}
assert.ok(JSON.parse(whatif("{}")).errors);
// What-if inputs have the bounds of a case file's: a negative wage is refused, naming the field.
const negative = JSON.parse(whatif(JSON.stringify({ month: "2024-03", hourly_wage: "-200", hours: ["10"] })));
assert.equal(negative.errors[0].field, "hourly_wage");
assert.ok(negative.errors[0].reason.includes("negative"), negative.errors[0].reason);
const tooMany = JSON.parse(whatif(JSON.stringify({ month: "2024-03", hourly_wage: "200", hours: ["10", "169"] })));
assert.equal(tooMany.errors[0].field, "weekly_hours");
assert.deepEqual(JSON.parse(parse_amount("15.272,00")), { value: "15272.00" });
assert.deepEqual(JSON.parse(parse_amount("15272")), { value: "15272.00" });
assert.ok(JSON.parse(parse_amount("abc")).error);
assert.equal(format_amount("15272"), "15.272,00");
// The rule sets are listed with their validity (not pinned by count: a new year adds a version).
assert.ok(JSON.parse(rule_sets()).some((v) => v.id === "fleksloentilskud" && v.version === "2024"
  && v.valid_from === "2024-01-01" && v.valid_to === "2024-12-31" && v.status === "enacted"));
// Limited to named rule sets: the same entries, in the same order, as in the whole list.
const all = JSON.parse(rule_sets());
assert.deepEqual(JSON.parse(rule_sets("loentilskud, fleksloentilskud")),
  all.filter((v) => v.id === "fleksloentilskud" || v.id === "loentilskud"));
assert.deepEqual(JSON.parse(rule_sets("")), all);
console.log("ok: bad input returns error objects");

// The page's module (wasm/www/pkg, built without the other schemes): the same line as the CLI
// for every fixture of the page's schemes and for the what-if table; every other scheme is
// unknown to it. Its schemes are those of crates/core/src/schemes/page.rs, and its rule sets
// those the page asks for (PAGE_RULE_SETS in wasm/www/app.js).
const page = await import("../www/pkg/beregner_wasm.js");
page.initSync({ module: readFileSync(join(root, "wasm/www/pkg/beregner_wasm_bg.wasm")) });
const PAGE = [...readFileSync(join(root, "crates/core/src/schemes/page.rs"), "utf8").matchAll(/^\s+"([a-z_]+)",$/gm)].map((m) => m[1]).sort();
assert.equal(PAGE.length, 5, "the page's schemes are read from page.rs");
const asked = readFileSync(join(root, "wasm/www/app.js"), "utf8").match(/const PAGE_RULE_SETS = "([^"]*)"/)[1].split(",").sort();
assert.deepEqual(asked, PAGE, "the page asks for the rule sets of the page's schemes");
assert.deepEqual([...new Set(JSON.parse(page.rule_sets()).map((v) => v.id))].sort(), PAGE);
assert.deepEqual(JSON.parse(page.rule_sets(asked.join(","))), all.filter((v) => PAGE.includes(v.id)));
let pageCases = 0;
fixtures.forEach((file, i) => {
  const text = asJson(file);
  const got = page.calculate(text);
  if (PAGE.includes(JSON.parse(text).scheme)) {
    assert.equal(got, expected[i], `the page's WASM and the CLI differ for ${file}`);
    pageCases += 1;
  } else {
    const out = JSON.parse(got);
    assert.ok(out.errors?.some((e) => e.field === "scheme" && e.reason.includes("unknown scheme")), `${file}: ${got.slice(0, 300)}`);
  }
});
assert.ok(pageCases >= 20, `the page's schemes have fixtures (${pageCases})`);
assert.equal(page.calculate(json), star);
assert.equal(page.whatif(JSON.stringify(request)), cliWhatif);
assert.equal(page.explain, undefined, "the page's module has no explain export");
console.log(`ok: the page's module: ${pageCases} fixtures and the what-if byte-identical to the CLI; other schemes unknown`);
