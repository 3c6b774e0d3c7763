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

// inductPrograms are testdata/induct's programs: loops through registers
// that move by a register (stride), bounded by two that move (twoptr),
// walks that end on the data (walk), and through addresses worked out
// from the loop's registers in its body: row*COLS+col (stencil2d,
// transpose), amount-coin (coins), n-1-i (revpair), a pointer plus a
// field's offset (records).
func inductPrograms(t testing.TB) []string {
	files, err := filepath.Glob("testdata/induct/*.asm")
	if err != nil || len(files) == 0 {
		t.Fatal("no programs", err)
	}
	return files
}

// TestInductPrograms runs testdata/induct's programs compiled and checks
// their output against the golden files (the interpreter's).
func TestInductPrograms(t *testing.T) {
	for _, f := range inductPrograms(t) {
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
			if _, err := run(1 << 40); err != nil || c.Fault() != nil {
				t.Fatal(err, c.Fault())
			}
			if out.String() != string(want) {
				t.Errorf("output %q, want %q", out.String(), want)
			}
		})
	}
}

// BenchmarkInduct runs testdata/induct's programs on both tiers (compiled
// before the timing starts), in instructions a second.
func BenchmarkInduct(b *testing.B) {
	for _, f := range inductPrograms(b) {
		p, err := assembler.AssembleFile(f, assembler.Options{})
		if err != nil {
			b.Fatal(err)
		}
		benchEngines(b, strings.TrimSuffix(filepath.Base(f), ".asm"), p)
	}
}
