//go:build amd64 || arm64

package jit

import (
	"bytes"
	"os"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/image"
)

// dispatchPrograms are programs whose time goes to computed jumps, each
// of another shape than the corpus's fsm and bytecode (testdata/dispatch):
// a switch of eight cases through jmp [cases+eax] and a jump to the join;
// direct-threaded code, whose handlers each end in jmp eax to the next
// handler's address read from the program; callbacks through call
// [fns+edx] and call eax, returning with ret; a token-threaded stack
// machine (each handler dispatches through a table of handler and operand
// count pairs); three states held as a handler's address in a register
// (jmp ebx); a function called from several sites in nested loops; and a
// recursive-descent evaluator, whose returns unwind through several
// frames of mutually recursive functions; small functions with forward
// branches and several rets (abs, clamp, max) called from a loop.
var dispatchPrograms = []string{"switch", "threaded", "callback", "stackvm", "states", "sites", "recurse", "clamp"}

// TestDispatchPrograms runs the dispatch programs compiled: they print
// their golden output, end alike on both tiers to the last word of
// memory, and run all but a few instructions in compiled code.
func TestDispatchPrograms(t *testing.T) {
	for _, name := range dispatchPrograms {
		t.Run(name, func(t *testing.T) {
			p, err := assembler.AssembleFile("testdata/dispatch/"+name+".asm", assembler.Options{})
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile("testdata/dispatch/" + name + ".out")
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			c, err := cpu.New(p, cpu.Config{Out: &out, NoCallStack: true})
			if err != nil {
				t.Fatal(err)
			}
			k, err := Compile(c)
			if err != nil {
				t.Fatal(err)
			}
			defer k.Close()
			if _, err := k.Run(1 << 40); err != nil || c.State() != cpu.Ended && c.State() != cpu.Halted {
				t.Fatalf("%v, %v", c.State(), err)
			}
			if out.String() != string(want) {
				t.Errorf("printed %q, want %q", out.String(), want)
			}
			if left := c.Steps() - k.inCode(); left > 10 {
				t.Errorf("%d of %d steps interpreted", left, c.Steps())
			}
			both(t, p, cpu.Config{}, "", 1<<40, nil)
		})
	}
}

// BenchmarkDispatch runs the dispatch programs to their end, interpreted
// and compiled (before the timing starts), in instructions a second.
func BenchmarkDispatch(b *testing.B) {
	for _, name := range dispatchPrograms {
		p, err := assembler.AssembleFile("testdata/dispatch/"+name+".asm", assembler.Options{})
		if err != nil {
			b.Fatal(err)
		}
		benchEngines(b, name, p)
	}
}

// benchEngines runs p to its end, interpreted and compiled (before the
// timing starts), as benchmarks name/interp and name/jit, in instructions
// a second.
func benchEngines(b *testing.B, name string, p *image.Program) {
	for _, compiled := range []bool{false, true} {
		b.Run(name+"/"+map[bool]string{false: "interp", true: "jit"}[compiled], func(b *testing.B) {
			steps := uint64(0)
			for b.Loop() {
				b.StopTimer()
				c, run := start(b, p, cpu.Config{}, compiled, nil)
				b.StartTimer()
				if _, err := run(1 << 40); err != nil || c.State() == cpu.Faulted {
					b.Fatal(err)
				}
				steps += c.Steps()
			}
			b.ReportMetric(float64(steps)/b.Elapsed().Seconds()/1e6, "Minstr/s")
		})
	}
}
