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
[ -x wasm/node_modules/.bin/wasm-opt ] || (cd wasm && npm ci --no-audit --no-fund)

cargo build -p beregner-wasm --target wasm32-unknown-unknown --profile wasm
rm -rf wasm/www/pkg
wasm-bindgen --target web --no-typescript --out-dir wasm/www/pkg \
  target/wasm32-unknown-unknown/wasm/beregner_wasm.wasm
wasm/node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  wasm/www/pkg/beregner_wasm_bg.wasm -o wasm/www/pkg/beregner_wasm_bg.wasm
size=$(wc -c < wasm/www/pkg/beregner_wasm_bg.wasm)
gz=$(gzip -9 -c wasm/www/pkg/beregner_wasm_bg.wasm | wc -c)
echo "wasm/www/pkg/beregner_wasm_bg.wasm: $size bytes, $gz gzipped"
