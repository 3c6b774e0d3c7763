#!/bin/sh
# Builds the playground's engine: web/engine compiled to WebAssembly
# (static/engine.wasm) and the Go runtime's JavaScript support of the same
# Go version (static/wasm_exec.js). Run it (or go generate ./web) before
# building cpu32, so that `cpu32 web` embeds them. They are not committed:
# built from the sources, they are never stale. Each file is replaced only
# when it changed, by a rename, so a build that embeds them never sees half
# a file.
set -eu
cd "$(dirname "$0")"
GOOS=js GOARCH=wasm go build -trimpath -ldflags=-s -o static/.engine.wasm.tmp ./wasm
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" static/.wasm_exec.js.tmp
for f in engine.wasm wasm_exec.js; do
	if cmp -s "static/.$f.tmp" "static/$f"; then
		rm "static/.$f.tmp"
	else
		mv "static/.$f.tmp" "static/$f"
	fi
done
