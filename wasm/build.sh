#!/usr/bin/env bash
# Builds the WebAssembly package and the page: wasm/www/ is then a complete static site.
# Needs the wasm32-unknown-unknown target, wasm-bindgen-cli at the wasm-bindgen crate's exact
# version, and Node.js (for binaryen's wasm-opt); installs any of them that are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' wasm/Cargo.toml)
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$version" ]; then
  cargo install wasm-bindgen-cli --version "$version"
fi
# The tests read TOML fixtures with smol-toml (the module itself reads cases as JSON only).
{ [ -x wasm/node_modules/.bin/wasm-opt ] && [ -f wasm/node_modules/smol-toml/package.json ]; } \
  || (cd wasm && npm ci --no-audit --no-fund)

# Two modules from the same crate: the full one (every scheme; `wasm/tests/identical.mjs` and
# `robust.mjs` check it against the CLI for every fixture) and the page's (`--no-default-features`:
# only the schemes `wasm/www/app.js` computes, their rule sets and texts; see README, Size). The
# page's has its own profile so that each build keeps its own artifact.
module() {
  local profile=$1 out=$2
  shift 2
  cargo build -p beregner-wasm --target wasm32-unknown-unknown --profile "$profile" "$@"
  rm -rf "$out"
  wasm-bindgen --target web --no-typescript --out-dir "$out" \
    "target/wasm32-unknown-unknown/$profile/beregner_wasm.wasm"
  wasm/node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$out/beregner_wasm_bg.wasm" -o "$out/beregner_wasm_bg.wasm"
}
module wasm wasm/pkg-full
echo "wasm/pkg-full/beregner_wasm_bg.wasm (every scheme, for the tests): $(wc -c <wasm/pkg-full/beregner_wasm_bg.wasm) bytes"
module wasm-page wasm/www/pkg --no-default-features
# Pre-compressed copies next to each file a static host serves (`.br` and `.gz`, as nginx's
# gzip_static/brotli_static and most CDNs pick up); written by Node's zlib, so no other tool.
node --input-type=module -e '
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
for (const f of process.argv.slice(1)) {
  const body = readFileSync(f);
  const gz = gzipSync(body, { level: 9 });
  const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  writeFileSync(`${f}.gz`, gz);
  writeFileSync(`${f}.br`, br);
  console.log(`${f}: ${body.length} bytes, ${gz.length} gzipped, ${br.length} brotli`);
}' wasm/www/pkg/beregner_wasm_bg.wasm wasm/www/pkg/beregner_wasm.js
