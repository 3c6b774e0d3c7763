package debugger

import (
	"errors"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/memory"
)

// trapLoopSrc counts to 3,000,000, keeping the count in [100] and
// printing it every 2^20.
const trapLoopSrc = `  mov ecx, 0
l:
  inc ecx
  mov [100], ecx
  mov eax, ecx
  and eax, 1048575
  cmp eax, 0
  jne skip
  prn ecx
skip:
  cmp ecx, 3000000
  jl l
  prn ecx
`

// wrecking is compiled code that runs its first pieces right (through the
// interpreter), then fails as a trap in compiled code would, after it
// has written registers, memory and output that the interpreter would
// not have: what a bug in the compiling tier leaves.
type wrecking struct {
	c        *cpu.CPU
	good     uint64 // the steps it runs right before it fails
	runs     int
	failedAt uint64 // the step count where it failed
	closed   bool
}

func (k *wrecking) Run(n uint64) (cpu.Stop, error) {
	k.runs++
	c := k.c
	if c.Steps() < k.good {
		return c.Run(min(n, k.good-c.Steps()))
	}
	k.failedAt = c.Steps()
	c.Memory().SetReg(memory.EAX, 12345)
	_ = c.Memory().Store(100, 7)
	c.Print(c.EIP(), true, 666)
	return cpu.StopEnd, errors.New("jit: wasm error: unreachable\nwasm stack trace:\n\t.run(i64,i64)")
}

func (k *wrecking) Close() error { k.closed = true; return nil }

// TestCompiledTrapStops: when compiled code fails, the run stops where
// the failing code began, with the machine (registers, memory, output, the
// history) as the interpreter has it there, not as the failing code left
// it, and says so; the next continue interprets to the end, and the
// session compiles no more.
func TestCompiledTrapStops(t *testing.T) {
	p, err := assembler.Assemble("count.asm", []byte(trapLoopSrc), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const good = 1_500_003
	var k *wrecking
	compiles := 0
	s, err := NewSession(p, cpu.Config{}, WithCompiler(func(c *cpu.CPU, _, _, _ []uint32) (Compiled, error) {
		compiles++
		k = &wrecking{c: c, good: good}
		return k, nil
	}, true))
	if err != nil {
		t.Fatal(err)
	}
	ev, err := s.Continue()
	if err != nil {
		t.Fatal(err)
	}
	if ev.Kind != StopCompiled || k == nil || k.failedAt != good || !k.closed {
		t.Fatalf("stopped with %v after %d steps (the code failed at %d, closed %v); want compiled-code-failed at %d", ev.Kind, s.Status().Steps, k.failedAt, k.closed, good)
	}
	ref, err := NewSession(p, cpu.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ref.Step(good); err != nil {
		t.Fatal(err)
	}
	if ev.Location != ref.Location(ref.CPU().EIP()) || ev.Steps != good {
		t.Fatalf("stopped at %v after %d steps, want %v after %d", ev.Location, ev.Steps, ref.Location(ref.CPU().EIP()), good)
	}
	sameView(t, "at the stop", s, ref)
	want := "compiled code failed at count.asm:5 (eip 8): jit: wasm error: unreachable (a bug in cpu32); shown as before that code ran, and the interpreter runs from here on"
	if got := ev.CompiledFailure(); got != want {
		t.Fatalf("the stop says\n%q\nwant\n%q", got, want)
	}
	runs := k.runs
	// Stepping back and on goes through the history the interpreter made.
	if _, err := s.StepBack(1000); err != nil {
		t.Fatal(err)
	}
	if _, err := ref.StepBack(1000); err != nil {
		t.Fatal(err)
	}
	sameView(t, "1000 steps back", s, ref)
	for _, x := range []*Session{s, ref} {
		if ev, err := x.Continue(); err != nil || ev.Kind != StopEnd {
			t.Fatalf("continue: %v, %v; want the end", ev.Kind, err)
		}
	}
	sameView(t, "at the end", s, ref)
	if s.Output() != "1048576\n2097152\n3000000\n" || compiles != 1 || k.runs != runs {
		t.Fatalf("output %q, %d compiles, %d runs of the code after it failed; want the count's three lines, 1 and 0", s.Output(), compiles, k.runs-runs)
	}
}
