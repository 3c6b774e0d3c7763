package cpu

import (
	"bytes"
	"slices"
	"testing"
)

// The plain fast path counts a profile exactly as the exact path does, on
// the benchmark workloads, whose hot loops run inside self-looping and
// trial-division handlers, and through step budgets that end those loops
// in the middle of a round.
func TestFastPathCounts(t *testing.T) {
	sizes := map[string]uint32{"Count": 1000, "Primes": 40, "Fib": 12, "Memory": 20, "Print": 50}
	for _, w := range workloads {
		w.size = sizes[w.name]
		p := w.program(t)
		for _, chunk := range []uint64{^uint64(0), 1, 7, 100} {
			var runs [2]*CPU
			for i, exact := range []bool{true, false} {
				c, err := New(p, Config{Out: &bytes.Buffer{}})
				if err != nil {
					t.Fatal(err)
				}
				c.exactOnly = exact
				c.StartProfile()
				if !exact {
					c.SetJournal(nil)
				}
				for c.State() == Ready {
					c.Run(chunk)
				}
				runs[i] = c
			}
			want, got := runs[0], runs[1]
			if got.Steps() != want.Steps() || !slices.Equal(got.Profile().Counts, want.Profile().Counts) {
				t.Fatalf("%s, chunks of %d: %d steps, counts %v; want %d, %v", w.name, chunk,
					got.Steps(), got.Profile().Counts, want.Steps(), want.Profile().Counts)
			}
			gf, wf := sortedFuncs(got), sortedFuncs(want)
			if !slices.Equal(gf, wf) {
				t.Fatalf("%s, chunks of %d: functions %v, want %v", w.name, chunk, gf, wf)
			}
		}
	}
}

// sortedFuncs returns c's function tallies by target.
func sortedFuncs(c *CPU) []FuncSteps {
	f := c.Functions()
	slices.SortFunc(f, func(x, y FuncSteps) int { return int(x.Target) - int(y.Target) })
	return f
}
