//go:build amd64 || arm64

package jit

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
)

// earlyPrograms are testdata/early's programs, loops whose entry check
// cannot prove every iteration they could run: searches that stop at a
// hit with a bound far past the data (findbig, findptr, gridfind), walks
// down to a bound on the register words (rfind), walks to a 0 with no
// bound (strlen) and down to a sentinel near the register words
// (sentsort), a bound in a memory word (boundword), and loops the
// analysis found no bound for (decjne: test ecx, ecx; stride3: != with a
// step of 3).
func earlyPrograms(t testing.TB) []string { return dirPrograms(t, "early") }

// TestEarlyPrograms runs testdata/early's programs compiled against their
// golden output (the interpreter's), and both tiers alike.
func TestEarlyPrograms(t *testing.T) { goldenFiles(t, earlyPrograms(t), true) }

// TestEarlyCompiled checks that testdata/early's programs run at least
// 98% of their steps in compiled code (before, a loop whose entry check
// failed ran interpreted, 10 to 200 times slower than the interpreter
// alone: 0.7% of findbig's steps ran compiled).
func TestEarlyCompiled(t *testing.T) {
	for _, f := range earlyPrograms(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			p, err := assembler.AssembleFile(f, assembler.Options{})
			if err != nil {
				t.Fatal(err)
			}
			c, err := cpu.New(p, cpu.Config{Out: io.Discard, NoCallStack: true})
			if err != nil {
				t.Fatal(err)
			}
			k, err := Compile(c)
			if err != nil {
				t.Fatal(err)
			}
			defer k.Close()
			if _, err := k.Run(1 << 40); err != nil || c.State() != cpu.Ended {
				t.Fatalf("%v, %v", c.State(), err)
			}
			in := float64(k.inCode()) / float64(c.Steps())
			t.Logf("%d steps, %.4f compiled; loops checked at the entry: %q", c.Steps(), in, loopPlans(t, f))
			if in < 0.98 {
				t.Errorf("%.4f of the steps ran compiled, want at least 0.98", in)
			}
		})
	}
}

// loopPlans returns what each loop of file f checks at its entry.
func loopPlans(t *testing.T, f string) []string {
	src, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	c, p, _ := planSource(t, string(src), cpu.Config{})
	var s []string
	for h, lc := range c.checks {
		name, _ := p.Debug.CodeLabelAt(c.blocks[h].start)
		s = append(s, name+": "+lc.String())
	}
	slices.Sort(s)
	return s
}

// BenchmarkEarly runs testdata/early's programs on both tiers (compiled
// before the timing starts), in instructions a second.
func BenchmarkEarly(b *testing.B) { benchFiles(b, earlyPrograms(b)) }
