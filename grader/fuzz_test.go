package grader

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseBytes: no test file makes Parse panic, and every error it
// gives is located in the file (file:line:col, file:line or the file).
func FuzzParseBytes(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/bad/*.yaml")
	seeds = append(seeds, "testdata/class/gcd.test.yaml", "testdata/every.test.yaml", "testdata/hostile/hostile.test.yaml")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const path = "testdata/fuzz.test.yaml"
		s, err := ParseBytes(path, data)
		if err == nil {
			if s == nil || len(s.Cases) == 0 {
				t.Fatalf("no error and no cases: %+v", s)
			}
			return
		}
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 || len(list) > maxErrors+1 {
			t.Fatalf("not a list of 1..%d errors: %#v", maxErrors+1, err)
		}
		for _, e := range list {
			if e.Pos.File != path || !strings.HasPrefix(e.Error(), path+":") && e.Pos.Line != 0 {
				t.Fatalf("an error not located in the file: %q", e.Error())
			}
			if strings.Contains(e.Msg, "\n") {
				t.Fatalf("a message of more than one line: %q", e.Msg)
			}
		}
	})
}
