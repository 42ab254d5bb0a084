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

cargo build -p beregner-wasm --target wasm32-unknown-unknown --profile wasm
rm -rf wasm/www/pkg
wasm-bindgen --target web --no-typescript --out-dir wasm/www/pkg \
  target/wasm32-unknown-unknown/wasm/beregner_wasm.wasm
wasm/node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  wasm/www/pkg/beregner_wasm_bg.wasm -o wasm/www/pkg/beregner_wasm_bg.wasm
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
