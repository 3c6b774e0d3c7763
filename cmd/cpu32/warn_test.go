package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// Warnings go to stderr from asm, run and debug's loading, never stop
// anything, and --no-warn silences them.
func TestWarnings(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "w.asm")
	writeFile(t, src, "start: mov ecx, 2\nagain: prn ecx\n  dec ecx\n  cmp ecx, 0\n  jne again\nspare: hlt\n")
	warning := src + ":6:1: warning: label 'spare' is defined but never used\nspare: hlt\n^\n"

	r := cli(t, "run", src)
	require.Equal(t, result{"2\n1\n", warning, exitOK}, r)
	r = cli(t, "run", "--no-warn", src)
	require.Equal(t, result{"2\n1\n", "", exitOK}, r)

	wrote := "wrote " + filepath.Join(dir, "w.img") + " (13 words)\n"
	r = cli(t, "asm", src, "-o", filepath.Join(dir, "w.img"))
	require.Equal(t, result{"", warning + wrote, exitOK}, r)
	r = cli(t, "asm", "--no-warn", src, "-o", filepath.Join(dir, "w.img"))
	require.Equal(t, result{"", wrote, exitOK}, r)
	// An image has no source to warn about.
	r = cli(t, "run", filepath.Join(dir, "w.img"))
	require.Equal(t, result{"2\n1\n", "", exitOK}, r)

	// --json lists them under "warnings" (and on stderr as always); a
	// program without warnings has no such key.
	r = cli(t, "run", "--json", src)
	require.Equal(t, warning, r.stderr)
	var rep map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	require.Equal(t, []any{map[string]any{"file": src, "line": 6.0, "col": 1.0, "message": "label 'spare' is defined but never used"}}, rep["warnings"])
	r = cli(t, "run", "--json", "--no-warn", src)
	rep = nil
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	require.NotContains(t, rep, "warnings")
}
