//go:build amd64 || arm64

package jit

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/image"
)

// start makes a machine for p without a call stack and returns it with
// its Run: the interpreter's, or compiled code's (the parts of p holding
// the addresses in hot, or all of it when hot is nil).
func start(t testing.TB, p *image.Program, cfg cpu.Config, compiled bool, hot []uint32) (*cpu.CPU, func(uint64) (cpu.Stop, error)) {
	t.Helper()
	cfg.NoCallStack = true
	c, err := cpu.New(p, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !compiled {
		return c, c.Run
	}
	k, err := compile(c, hot)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Close() })
	return c, k.Run
}

// both runs p on the interpreter and on compiled code, Run(chunk) at a
// time, and fails unless they end alike: state, steps, fault, output,
// and every word of memory, registers included.
// With hot not nil, only the parts of the program holding those addresses
// are compiled.
func both(t testing.TB, p *image.Program, cfg cpu.Config, input string, chunk uint64, hot []uint32) {
	t.Helper()
	run := func(compiled bool) (*cpu.CPU, *bytes.Buffer) {
		var out bytes.Buffer
		cfg.Out = &out
		cfg.Input = strings.NewReader(input)
		c, run := start(t, p, cfg, compiled, hot)
		for c.State() == cpu.Ready {
			stop, err := run(chunk)
			if stop == cpu.StopInput || err != nil && c.Fault() == nil {
				t.Fatalf("compiled=%v: stop %v, %v", compiled, stop, err)
			}
		}
		return c, &out
	}
	want, wout := run(false)
	got, gout := run(true)
	if got.State() != want.State() || got.Steps() != want.Steps() || gout.String() != wout.String() {
		t.Fatalf("compiled: %v after %d steps, output %q; interpreter: %v after %d steps, output %q",
			got.State(), got.Steps(), trim(gout.String()), want.State(), want.Steps(), trim(wout.String()))
	}
	if (got.Fault() == nil) != (want.Fault() == nil) || got.Fault() != nil && got.Fault().Error() != want.Fault().Error() {
		t.Fatalf("compiled: fault %v; interpreter: %v", got.Fault(), want.Fault())
	}
	gw, ww := got.Memory().Words(), want.Memory().Words()
	if i := slices.Compare(gw, ww); i != 0 {
		for a := range gw {
			if gw[a] != ww[a] {
				t.Fatalf("compiled: word %d is %d; interpreter: %d", a, int32(gw[a]), int32(ww[a]))
			}
		}
	}
}

func trim(s string) string {
	if len(s) > 200 {
		return s[:100] + "..." + s[len(s)-100:]
	}
	return s
}

func TestSamplePrograms(t *testing.T) {
	sources, err := filepath.Glob("../programs/*.asm")
	if err != nil || len(sources) == 0 {
		t.Fatal("no sample programs", err)
	}
	for _, src := range sources {
		name := strings.TrimSuffix(src, ".asm")
		t.Run(filepath.Base(name), func(t *testing.T) {
			p, err := assembler.AssembleFile(src, assembler.Options{})
			if err != nil {
				t.Fatal(err)
			}
			in, _ := os.ReadFile(name + ".in")
			for _, chunk := range []uint64{1 << 40, 7, 1} {
				both(t, p, cpu.Config{}, string(in), chunk, nil)
			}
		})
	}
}
