#!/usr/bin/env bash
# Every test: the Rust workspace (unit, property, rule-set validation, CLI end to end, snapshots,
# all fixtures), then the WebAssembly package (byte-identical to the CLI for every fixture) and
# the calculator page in a real headless Chromium. Installs what it needs that is missing: the
# wasm32 target, wasm-bindgen-cli, the Node packages (wasm/package-lock.json) and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --workspace
# The page's module (beregner-wasm without default features): only the page's schemes.
cargo test -p beregner-wasm --no-default-features

wasm/build.sh

if ! command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y chromium >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
  else
    echo "the browser test needs Chromium: install Debian's chromium, or set CHROMIUM=/path/to/chrome" >&2
    exit 1
  fi
fi
export CHROMIUM="${CHROMIUM:-$(command -v chromium)}"
(cd wasm && node tests/identical.mjs && node tests/robust.mjs && node tests/browser.mjs)
