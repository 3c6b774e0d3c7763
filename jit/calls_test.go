//go:build amd64 || arm64

package jit

import (
	"bytes"
	"os"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
)

// recursion are the benchmark programs of testdata/ that recurse in shapes
// the corpus has not: mutual recursion (evenodd), frames through ebp over
// an array (tree), three arguments on the stack (tak).
var recursion = []string{"evenodd", "tree", "tak"}

// TestRecursionPrograms runs the recursion programs on both tiers: they
// print their golden output and end alike, to the last word of memory.
func TestRecursionPrograms(t *testing.T) {
	for _, name := range recursion {
		t.Run(name, func(t *testing.T) {
			p, err := assembler.AssembleFile("testdata/"+name+".asm", assembler.Options{})
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile("testdata/" + name + ".out")
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			c, run := start(t, p, cpu.Config{Out: &out}, true, nil)
			if _, err := run(1 << 40); err != nil || c.State() != cpu.Ended {
				t.Fatalf("%v, %v", c.State(), err)
			}
			if out.String() != string(want) {
				t.Errorf("printed %q, want %q", out.String(), want)
			}
			both(t, p, cpu.Config{}, "", 1<<40, nil)
		})
	}
}
