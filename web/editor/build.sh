#!/bin/sh
# Rebuilds ../static/editor.js, the playground's editor (CodeMirror 6),
# from src/editor.js and the packages package-lock.json pins: npm ci
# installs exactly those, esbuild bundles them. The bundle's first line
# names the SHA-256 of the lockfile and of the source it was built from;
# web's TestEditorBundle checks them, and with CPU32_REBUILD_EDITOR=1 also
# rebuilds and compares byte for byte.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --ignore-scripts >/dev/null
lock=$(sha256sum package-lock.json | cut -d' ' -f1)
src=$(sha256sum src/editor.js | cut -d' ' -f1)
out=${1:-../static/editor.js}
./node_modules/.bin/esbuild src/editor.js --bundle --minify --format=iife --target=es2020 \
	--legal-comments=eof --log-level=warning \
	--banner:js="/* cpu32 playground editor: package-lock.json sha256 $lock, src/editor.js sha256 $src */" \
	--outfile="$out"
