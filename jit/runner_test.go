//go:build amd64 || arm64

package jit

import (
	"bytes"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
)

// runAll runs src to its end with engine e and returns the machine, its
// output and the engine that ran it.
func runAll(t *testing.T, src string, e Engine, journal bool) (*cpu.CPU, string, string) {
	t.Helper()
	p, err := assembler.Assemble("r.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	c, err := cpu.New(p, cpu.Config{Out: &out, NoCallStack: true})
	if err != nil {
		t.Fatal(err)
	}
	if journal {
		c.SetJournal(cpu.NewJournal(16))
	}
	r := NewRunner(c, e)
	defer r.Close()
	for c.State() == cpu.Ready {
		if _, err := r.Run(2 << 20); err != nil {
			t.Fatal(err)
		}
	}
	return c, out.String(), r.Engine()
}

func TestRunnerEngines(t *testing.T) {
	long := "mov ecx, 0\nl: add eax, ecx\nxor eax, 3\ninc ecx\ncmp ecx, 3000000\njl l\nprn eax\n"
	short := "mov ecx, 0\nl: inc ecx\ncmp ecx, 1000\njl l\nprn ecx\n"
	for _, tc := range []struct {
		name, src string
		e         Engine
		journal   bool
		want      string
	}{
		{"auto/long", long, Auto, false, "jit"},
		{"auto/short", short, Auto, false, "interp"},
		{"jit/short", short, Compiled, false, "jit"},
		{"interp/long", long, Interp, false, "interp"},
		{"journaled", long, Compiled, true, "interp"}, // watched step by step
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, out, engine := runAll(t, tc.src, tc.e, tc.journal)
			wc, wout, _ := runAll(t, tc.src, Interp, false)
			if engine != tc.want {
				t.Errorf("engine %s, want %s", engine, tc.want)
			}
			if out != wout || c.Steps() != wc.Steps() || c.State() != wc.State() {
				t.Errorf("%q after %d steps (%v); the interpreter: %q after %d (%v)", out, c.Steps(), c.State(), wout, wc.Steps(), wc.State())
			}
		})
	}
}

func TestEngineNames(t *testing.T) {
	for _, e := range []Engine{Auto, Interp, Compiled} {
		var got Engine
		if err := got.Set(e.String()); err != nil || got != e {
			t.Errorf("Set(%q) = %v, %v", e.String(), got, err)
		}
	}
	var e Engine
	if err := e.Set("fast"); err == nil || err.Error() != `unknown engine "fast" (want auto, interp or jit)` {
		t.Errorf("Set(fast): %v", err)
	}
}
