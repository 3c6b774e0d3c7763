package vm_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"cpu32/jit"
	"cpu32/vm"
)

// TestEngines runs a long loop on every engine: the same output, steps and
// registers; and a context stops compiled code as it stops the
// interpreter.
func TestEngines(t *testing.T) {
	p, err := vm.Assemble("loop.asm", "mov ecx, 0\nl: add eax, ecx\nmod eax, 1000\nrem eax\ninc ecx\ncmp ecx, 2000000\njl l\nprn eax\n")
	if err != nil {
		t.Fatal(err)
	}
	type end struct {
		out   string
		steps uint64
		eax   int32
	}
	var ends []end
	for _, e := range []jit.Engine{jit.Interp, jit.Auto, jit.Compiled} {
		var out bytes.Buffer
		m, err := vm.New(p, vm.Config{Output: &out, Engine: e})
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Run(context.Background()); err != nil {
			t.Fatalf("%v: %v", e, err)
		}
		eax, _ := m.Reg("eax")
		ends = append(ends, end{out.String(), m.Steps(), eax})
	}
	if ends[0] != ends[1] || ends[0] != ends[2] {
		t.Errorf("interp, auto, jit: %+v", ends)
	}

	forever, err := vm.Assemble("forever.asm", "l: inc eax\njmp l\n")
	if err != nil {
		t.Fatal(err)
	}
	m, err := vm.New(forever, vm.Config{Engine: jit.Compiled})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	var stopped *vm.StoppedError
	if err := m.Run(ctx); !errors.As(err, &stopped) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run: %v, want a StoppedError for the deadline", err)
	}
	if eax, _ := m.Reg("eax"); uint64(eax) != (stopped.Steps+1)/2 { // inc, jmp, inc, ...
		t.Errorf("stopped after %d steps with eax %d", stopped.Steps, eax)
	}
}
