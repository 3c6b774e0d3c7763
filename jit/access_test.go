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

// accessPrograms are testdata/access's programs: loops through pointers
// and indexes that move by the data, which no loop entry check covers: a
// tree's walk down [esi+1] or [esi+2] (bst), two sorted arrays' pointers
// stepped by a compare (intersect), an index read from a table (gather),
// two strings walked to a difference (strcmp), records of different
// lengths walked by the length each holds (records).
func accessPrograms(t testing.TB) []string {
	files, err := filepath.Glob("testdata/access/*.asm")
	if err != nil || len(files) == 0 {
		t.Fatal("no programs", err)
	}
	return files
}

// TestAccessPrograms runs testdata/access's programs compiled and checks
// their output against the golden files (the interpreter's), and that
// both tiers end alike.
func TestAccessPrograms(t *testing.T) {
	for _, f := range accessPrograms(t) {
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
			if !testing.Short() {
				both(t, p, cpu.Config{}, "", 1<<40, nil)
			}
		})
	}
}

// BenchmarkAccess runs testdata/access's programs on both tiers (compiled
// before the timing starts), in instructions a second.
func BenchmarkAccess(b *testing.B) {
	for _, f := range accessPrograms(b) {
		p, err := assembler.AssembleFile(f, assembler.Options{})
		if err != nil {
			b.Fatal(err)
		}
		benchEngines(b, strings.TrimSuffix(filepath.Base(f), ".asm"), p)
	}
}
