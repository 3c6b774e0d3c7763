//go:build amd64 || arm64

package jit

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
)

// dirPrograms returns the programs of testdata/dir, each with its golden
// output beside it (.out).
func dirPrograms(t testing.TB, dir string) []string {
	files, err := filepath.Glob("testdata/" + dir + "/*.asm")
	if err != nil || len(files) == 0 {
		t.Fatal("no programs", err)
	}
	return files
}

// goldenFiles runs each program compiled and checks its output against
// its golden file (the interpreter's); with alike, it also checks that the
// two tiers end alike.
func goldenFiles(t *testing.T, files []string, alike bool) {
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			p, err := assembler.AssembleFile(f, assembler.Options{})
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(strings.TrimSuffix(f, ".asm") + ".out")
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			c, run := start(t, p, cpu.Config{Out: &out}, true, nil)
			if _, err := run(1 << 40); err != nil || c.State() != cpu.Ended {
				t.Fatal(c.State(), err, c.Fault())
			}
			if out.String() != string(want) {
				t.Errorf("output %q, want %q", out.String(), want)
			}
			if alike {
				both(t, p, cpu.Config{}, "", 1<<40, nil)
			}
		})
	}
}

// benchFiles runs each program on both tiers (compiled before the timing
// starts), in instructions a second.
func benchFiles(b *testing.B, files []string) {
	for _, f := range files {
		p, err := assembler.AssembleFile(f, assembler.Options{})
		if err != nil {
			b.Fatal(err)
		}
		benchEngines(b, strings.TrimSuffix(filepath.Base(f), ".asm"), p)
	}
}

// testdata/access's programs are loops through pointers and indexes that
// move by the data, which no loop entry check covers: a tree's walk down
// [esi+1] or [esi+2] (bst), two sorted arrays' pointers stepped by a
// compare (intersect), an index read from a table (gather), two strings
// walked to a difference (strcmp), records of different lengths walked
// by the length each holds (records).

// TestAccessPrograms runs testdata/access's programs compiled against
// their golden output, and both tiers alike.
func TestAccessPrograms(t *testing.T) { goldenFiles(t, dirPrograms(t, "access"), true) }

// BenchmarkAccess runs testdata/access's programs on both tiers.
func BenchmarkAccess(b *testing.B) { benchFiles(b, dirPrograms(b, "access")) }
