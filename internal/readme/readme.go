// Package readme keeps the documentation (README.md and docs/*.md) true.
// Check keeps a page's generated parts true: a test gives it the text
// between two markers, and it fails when the file says something else, or
// rewrites the file when the test runs with -update. Blocks and Commands
// read a page's code blocks and the commands they show with their output,
// for a test to run (cmd/cpu32's TestDocExamples).
package readme

import (
	"os"
	"strings"
	"testing"

	"cpu32/internal/outfile"
)

// Check compares the text of path between begin and end with body. With
// update it writes body there instead; otherwise a difference fails t,
// telling how to regenerate it (regen, e.g. "go test ./isa -update").
func Check(t *testing.T, path, begin, end, body, regen string, update bool) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i, j := strings.Index(text, begin), strings.Index(text, end)
	if i < 0 || j < i+len(begin) {
		t.Fatalf("%s lacks the markers %q and %q", path, begin, end)
	}
	want := text[:i+len(begin)] + body + text[j:]
	if update {
		if err := outfile.Write(path, []byte(want)); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want != text {
		t.Errorf("%s is stale between %q and %q: run `%s`", path, begin, end, regen)
	}
}
