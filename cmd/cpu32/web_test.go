package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeSite stands in for the page's files, engine included, so that these
// tests do not need build.sh's output (web's browser test runs the real
// ones).
func fakeSite(t *testing.T) {
	t.Helper()
	old := webFiles
	webFiles = func() fs.FS {
		return fstest.MapFS{
			"index.html":   {Data: []byte("<!doctype html>")},
			"engine.wasm":  {Data: []byte("\x00asm")},
			"wasm_exec.js": {Data: []byte("// go")},
		}
	}
	t.Cleanup(func() { webFiles = old })
}

func TestWebExport(t *testing.T) {
	fakeSite(t)
	dir := filepath.Join(t.TempDir(), "site")
	prog := filepath.Join(t.TempDir(), "p.asm")
	require.NoError(t, os.WriteFile(prog, []byte("prn 1\n"), 0o666))
	r := cli(t, "web", "--export", dir, prog)
	require.Equal(t, result{"", "wrote the playground into " + dir + "\n", exitOK}, r)
	for name, want := range map[string]string{"index.html": "<!doctype html>", "engine.wasm": "\x00asm", "wasm_exec.js": "// go", "start.asm": "prn 1\n"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, want, string(got), name)
	}
	// Again, over the folder it wrote: the files are replaced.
	r = cli(t, "web", prog, "--export", dir)
	assert.Equal(t, exitOK, r.code, r.stderr)
}

func TestWebRefusals(t *testing.T) {
	fakeSite(t)
	dir := t.TempDir()
	notDir := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(notDir, nil, 0o666))
	for _, c := range []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no such program", []string{"web", filepath.Join(dir, "nosuch.asm")}, "cpu32 web: " + filepath.Join(dir, "nosuch.asm") + ": no such file or directory\n"},
		{"two programs", []string{"web", "a.asm", "b.asm"}, "cpu32 web: expected at most one program file\nRun 'cpu32 web --help' for usage.\n"},
		{"export and listen", []string{"web", "--export", dir, "--listen", ":0"}, "cpu32 web: --export writes files and serves nothing: leave --listen out\n"},
		{"export into a file", []string{"web", "--export", notDir}, "cpu32 web: --export " + notDir + ": not a directory\n"},
		{"bad address", []string{"web", "--listen", "nohost:99999"}, "cpu32 web: --listen nohost:99999: "},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := cli(t, c.args...)
			assert.Equal(t, exitUsage, r.code)
			assert.Empty(t, r.stdout)
			if c.name == "bad address" {
				assert.Contains(t, r.stderr, c.stderr)
				return
			}
			assert.Equal(t, c.stderr, r.stderr)
		})
	}
}

func TestWebWithoutEngine(t *testing.T) {
	old := webFiles
	webFiles = func() fs.FS { return fstest.MapFS{"index.html": {Data: []byte("x")}} }
	t.Cleanup(func() { webFiles = old })
	r := cli(t, "web", "--export", t.TempDir())
	assert.Equal(t, result{"", "cpu32 web: this cpu32 was built without the playground's engine: run `go generate ./web` (web/build.sh) and build cpu32 again\n", exitUsage}, r)
}

func TestWebHelp(t *testing.T) {
	r := cli(t, "web", "--help")
	assert.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stdout, "Usage: cpu32 web [flags] [FILE.asm]")
	assert.Contains(t, r.stdout, "--export DIR")
	assert.Contains(t, r.stdout, "--listen ADDR")
}
