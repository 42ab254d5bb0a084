// No input can trap the WebAssembly build. Every fixture's case (its input as the CLI echoes it)
// is taken as a base, and every input its scheme declares is driven through and past its bounds:
// each call must return JSON, a result or errors, never throw (a Rust panic traps as
// `RuntimeError: unreachable`). The same extremes as crates/core/tests/robustness.rs.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { parse as parseToml } from "smol-toml";
import { initSync, calculate, schemes, check_input, whatif, add_amounts } from "../pkg-full/beregner_wasm.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
initSync({ module: readFileSync(join(root, "wasm/pkg-full/beregner_wasm_bg.wasm")) });

function files(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith(".toml") ? [path] : [];
  });
}

const EXTREMES = [
  "0", "-1", "-0.01", "0.0000000000000000000000000001", "1000000000",
  "99999999999999999999999999999", "79228162514264337593543950335", "-79228162514264337593543950335",
  "7.9e25", "4294967296", "0001-01-01", "9999-12-31", "0001-01/9999-12: work 0", "2024-W01/9999-W52: 168",
  "", "not a value", "15.600", "1.234,56",
];

const declared = Object.fromEntries(JSON.parse(schemes()).map((s) => [s.name, s]));
const fixtures = files(join(root, "fixtures"));
const lines = execFileSync("cargo", ["run", "-q", "--release", "-p", "beregner-cli", "--", "calc", "--format", "json", ...fixtures], { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }).trimEnd().split("\n");
let runs = 0;
const traps = [];
for (const line of lines) {
  const out = JSON.parse(line);
  const scheme = declared[out.scheme];
  assert.ok(scheme, `${out.scheme} is declared`);
  for (const input of scheme.inputs) {
    const values = input.kind === "flag" ? [true, ...EXTREMES] : EXTREMES;
    for (const v of values) {
      const c = { scheme: out.scheme, month: out.month, input: { ...out.input, [input.name]: v } };
      runs += 1;
      try {
        const res = JSON.parse(calculate(JSON.stringify(c)));
        assert.ok(res.result || res.errors, `a result or errors for ${JSON.stringify(c)}`);
      } catch (e) {
        traps.push(`${out.scheme}.${input.name} = ${JSON.stringify(v)}: ${e.message}`);
      }
    }
    if (input.kind !== "text") {
      for (const v of EXTREMES) {
        try {
          const res = JSON.parse(check_input(out.scheme, input.name, String(v), "da"));
          assert.ok("value" in res || "error" in res);
        } catch (e) {
          traps.push(`check_input ${out.scheme}.${input.name} = ${JSON.stringify(v)}: ${e.message}`);
        }
      }
    }
  }
}
assert.ok(runs > 1000, `${runs} cases`);
assert.deepEqual(traps, [], `${traps.length} of ${runs} calls threw:\n${traps.join("\n")}`);
console.log(`ok: ${runs} cases past their bounds, no trap in the WASM build`);

// The page's field checks come from the same declarations: Danish typing, the same bounds.
assert.deepEqual(JSON.parse(check_input("fleksloentilskud", "hourly_wage", "200,50", "da")), { value: "200.50" });
assert.deepEqual(JSON.parse(check_input("fleksloentilskud", "weekly_hours", "18,5", "da")), { value: "18.5" });
assert.match(JSON.parse(check_input("fleksloentilskud", "weekly_hours", "169", "da")).error, /169 er mere end 168/);
assert.match(JSON.parse(check_input("fleksloentilskud", "hourly_wage", "100.000", "en")).error, /more than 10\.000,00 kr\./);
console.log("ok: field checks from the declarations");

// Fuzzing the entry points the page uses: fixtures mutated at random (a seeded generator, so a
// finding reproduces), and random what-if requests. FUZZ_CASES sets how many (default 3000).
const fuzzCases = Number(process.env.FUZZ_CASES || 3000);
let seed = 0x9e3779b9;
const rand = (n) => {
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed % n;
};
const TOKENS = ["0", "-1", "79228162514264337593543950335", "7.9e25", "15.600", "1.234,56", "9999-12-31", "0001-01-01",
  "0001-01/9999-12: work 0", "2024-W01/9999-W52: 168", "\"", "[", "]", "{", "}", "=", ",", ";", "\n", "\u0000", "true", ""];
// As JSON: the page's build reads no TOML (a TOML text is refused, which the fuzz would only
// exercise once).
const texts = fixtures.map((f) => (f.endsWith(".json") ? readFileSync(f, "utf8") : JSON.stringify(parseToml(readFileSync(f, "utf8")))));
const mutate = (t) => {
  const tok = TOKENS[rand(TOKENS.length)];
  const i = rand(t.length + 1), j = rand(t.length + 1);
  switch (rand(3)) {
    case 0: return t.slice(0, i) + tok + t.slice(i);
    case 1: return t.slice(0, Math.min(i, j)) + t.slice(Math.max(i, j));
    default: return t.replace(/:"([^"]*)"/, `:"${tok}"`);
  }
};
const fuzzTraps = [];
for (let k = 0; k < fuzzCases; k++) {
  let t = texts[rand(texts.length)];
  for (let e = 0, n = 1 + rand(3); e < n; e++) t = mutate(t);
  try {
    const res = JSON.parse(calculate(t));
    assert.ok(res.result || res.errors);
  } catch (e) {
    fuzzTraps.push(`calculate: ${e.message}\n${t}`);
  }
  const req = { month: `20${10 + rand(20)}-0${1 + rand(9)}`, hourly_wage: TOKENS[rand(TOKENS.length)], hours: [TOKENS[rand(TOKENS.length)], String(rand(200))] };
  if (rand(2)) req.other_income = TOKENS[rand(TOKENS.length)];
  try {
    const res = JSON.parse(whatif(JSON.stringify(req)));
    assert.ok(res.rows || res.errors);
  } catch (e) {
    fuzzTraps.push(`whatif: ${e.message}\n${JSON.stringify(req)}`);
  }
}
assert.deepEqual(fuzzTraps.slice(0, 3), [], `${fuzzTraps.length} of ${2 * fuzzCases} fuzzed calls threw`);
console.log(`ok: ${2 * fuzzCases} fuzzed calls (calculate, whatif), no trap in the WASM build`);

// The page's exact sums (the first-year table): every extreme, alone and in pairs, gives a sum or
// an error object, never a trap.
let sums = 0;
for (const a of EXTREMES) {
  for (const b of [...EXTREMES, "-" + a]) {
    const res = JSON.parse(add_amounts(JSON.stringify([a, b, a])));
    assert.ok(typeof res.value === "string" || typeof res.error === "string", `add_amounts ${a} ${b}`);
    sums += 1;
  }
}
for (const text of ["", "{", "[", "[1,", "[[]]", "[{}]", "[null]", "[true]", "null", "\"x\""]) {
  assert.ok(typeof JSON.parse(add_amounts(text)).error === "string", `add_amounts ${text}`);
  sums += 1;
}
console.log(`ok: ${sums} sums (add_amounts), no trap in the WASM build`);
