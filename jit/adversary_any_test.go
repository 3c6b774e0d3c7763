package jit

import (
	"bytes"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
)

// TestEnginesAnywhere runs a program with every engine on whatever this
// build is: where nothing compiles (GOOS=js, 386, ...), every engine
// interprets, says so, and ends as the interpreter does.
func TestEnginesAnywhere(t *testing.T) {
	src := "mov ecx, 0\nl: add eax, ecx\nprn eax\ninc ecx\ncmp ecx, 20\njl l\ndiv eax, ebx\n"
	p, err := assembler.Assemble("a.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	type end struct {
		out   string
		steps uint64
		fault string
	}
	var want end
	for i, e := range []Engine{Interp, Auto, Compiled} {
		var out bytes.Buffer
		c, err := cpu.New(p, cpu.Config{Memory: 100, Stack: 8, Out: &out, NoCallStack: true})
		if err != nil {
			t.Fatal(err)
		}
		r := NewRunner(c, e)
		for c.State() == cpu.Ready {
			if _, err := r.Run(7); err != nil && c.Fault() == nil {
				t.Fatalf("%v: %v", e, err)
			}
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		got := end{out.String(), c.Steps(), c.Fault().Error()}
		if i == 0 {
			want = got
		} else if got != want {
			t.Errorf("%v: %+v, want %+v", e, got, want)
		}
		wantEngine := "interp"
		if Supported && e == Compiled {
			wantEngine = "jit"
		}
		if r.Engine() != wantEngine {
			t.Errorf("%v: engine %s, want %s", e, r.Engine(), wantEngine)
		}
	}
	if want.steps != 101 || want.fault != "divide-by-zero at eip 15: division by zero" {
		t.Errorf("the interpreter: %+v", want)
	}
}
