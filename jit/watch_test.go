//go:build amd64 || arm64

package jit

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/image"
)

// watchedRun runs p with a call stack and the breakpoints at breaks armed,
// no journal, Run(chunk) at a time, through the interpreter or through
// code compiled for that Watch, and describes every stop: its kind, step
// count, eip and call stack, then the end: state, fault, output and a
// digest of memory.
func watchedRun(t *testing.T, p *image.Program, cfg cpu.Config, input string, breaks []uint32, chunk uint64, compiled bool) []string {
	t.Helper()
	var out strings.Builder
	cfg.Out, cfg.Input = &out, strings.NewReader(input)
	c, err := cpu.New(p, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range breaks {
		c.SetBreakpoint(a, true)
	}
	run := c.Run
	if compiled {
		k, err := CompileWatched(c, slices.Clone(c.Memory().Words()), nil, Watch{Breaks: breaks, Calls: true})
		if err != nil {
			t.Fatal(err)
		}
		defer k.Close()
		run = k.Run
	}
	var log []string
	for i := 0; c.State() == cpu.Ready && i < 10000; i++ {
		stop, err := run(chunk)
		if stop == cpu.StopInput {
			break
		}
		if err == nil && stop != cpu.StopLimit || c.State() == cpu.Ready && stop == cpu.StopBreak {
			log = append(log, fmt.Sprintf("stop %d at %d after %d, calls %v", stop, c.EIP(), c.Steps(), c.CallStack()))
		}
	}
	var sum uint32
	for i, w := range c.Memory().Words() {
		sum = sum*31 + w ^ uint32(i)
	}
	return append(log, fmt.Sprintf("%v after %d at %d, fault %v, calls %v, output %q, memory %x",
		c.State(), c.Steps(), c.EIP(), c.Fault(), c.CallStack(), out.String(), sum))
}

// TestWatched runs programs with breakpoints and the call stack watched on
// both tiers: compiled code stops at the same breakpoints, after the same
// steps, with the same call stack, and ends alike.
func TestWatched(t *testing.T) {
	check := func(t *testing.T, p *image.Program, cfg cpu.Config, input string, breaks []uint32, chunk uint64) {
		t.Helper()
		want := watchedRun(t, p, cfg, input, breaks, chunk, false)
		got := watchedRun(t, p, cfg, input, breaks, chunk, true)
		if !slices.Equal(got, want) {
			t.Fatalf("breaks %v, chunk %d:\ncompiled:\n%s\ninterpreter:\n%s", breaks, chunk,
				strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	sources, err := filepath.Glob("../programs/*.asm")
	if err != nil || len(sources) == 0 {
		t.Fatal("no sample programs", err)
	}
	// Memory words kept in locals, reached by breakpoints' stops.
	kept, err := filepath.Glob("testdata/adversary/promote_*.asm")
	if err != nil || len(kept) == 0 {
		t.Fatal("no promote programs", err)
	}
	sources = append(sources, kept...)
	for _, src := range sources {
		t.Run(filepath.Base(src), func(t *testing.T) {
			p, err := assembler.AssembleFile(src, assembler.Options{})
			if err != nil {
				t.Fatal(err)
			}
			in := "7\n5\n12\n"
			for _, every := range []int{0, 3, 11} {
				var breaks []uint32
				for a := 0; every > 0 && a < len(p.Code); a += every {
					breaks = append(breaks, uint32(a))
				}
				for _, chunk := range []uint64{1 << 40, 7, 1} {
					check(t, p, cpu.Config{MaxSteps: 200000, Host: advHost()}, in, breaks, chunk)
				}
			}
		})
	}
	for seed := range 300 {
		r := rand.New(rand.NewPCG(uint64(seed), 23))
		p := gen(r, 1+r.IntN(40))
		cfg := cpu.Config{Memory: 64 + r.IntN(64), Stack: 1 + r.IntN(12), MaxSteps: uint64(1 + r.IntN(3000))}
		var breaks []uint32
		for range r.IntN(4) {
			breaks = append(breaks, uint32(r.IntN(len(p.Code)+1)))
		}
		chunk := []uint64{1 << 40, 1, 3, 17}[r.IntN(4)]
		t.Run(fmt.Sprint(seed), func(t *testing.T) { check(t, p, cfg, "12 -7 x 5", breaks, chunk) })
	}
}
