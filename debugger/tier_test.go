package debugger

import (
	"cpu32/debugger/internal/testprogs"
	"errors"
	"slices"
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

// interpreting is compiled code that runs through the interpreter,
// noting its closes.
type interpreting struct {
	c      *cpu.CPU
	breaks []uint32
	closed *[][]uint32 // the traps of each code closed
}

func (k *interpreting) Run(n uint64) (cpu.Stop, error) { return k.c.Run(n) }
func (k *interpreting) Close() error                   { *k.closed = append(*k.closed, k.breaks); return nil }

// TestCompiledCache: next over two calls in turn compiles once for each
// call's return (and once for the continue's traps), not at every next;
// a fifth set of traps closes the code of the least recently used, and
// Close closes the rest.
func TestCompiledCache(t *testing.T) {
	p, err := assembler.Assemble("calls.asm", []byte(testprogs.Calls), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var compiled [][]uint32
	var closed [][]uint32
	s, err := NewSession(p, cpu.Config{}, WithCompiler(func(c *cpu.CPU, _, _, breaks []uint32) (Compiled, error) {
		compiled = append(compiled, breaks)
		return &interpreting{c: c, breaks: breaks, closed: &closed}, nil
	}, true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Step(1); err != nil {
		t.Fatal(err)
	}
	for range 10 {
		for range 2 {
			if ev, err := s.Next(1); err != nil || ev.Kind != StopDone {
				t.Fatalf("next: %v, %v", ev.Kind, err)
			}
		}
		if _, err := s.Step(3); err != nil {
			t.Fatal(err)
		}
	}
	if main, _ := s.ResolveLocation("main"); s.CPU().EIP() != main || s.Status().Steps != 1+10*(2*300_003+3) {
		t.Fatalf("at eip %d after %d steps", s.CPU().EIP(), s.Status().Steps)
	}
	want := [][]uint32{{5}, {7}} // each call's return
	if !slices.EqualFunc(compiled, want, slices.Equal) || len(closed) != 0 {
		t.Fatalf("compiled for %v, closed %v; want %v, none closed", compiled, closed, want)
	}
	// Three more sets: breakpoints on hot, then on main (the continue's),
	// then both; the fifth closes the code of the first.
	for _, loc := range []string{"hot", "main"} {
		addr, _ := s.ResolveLocation(loc)
		if _, err := s.SetBreakpoint(addr, PointOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Continue(); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Delete(1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Continue(); err != nil {
		t.Fatal(err)
	}
	if len(compiled) != 5 || !slices.EqualFunc(closed, [][]uint32{{5}}, slices.Equal) {
		t.Fatalf("compiled for %v, closed %v; want 5 sets, the first closed", compiled, closed)
	}
	if err := s.Close(); err != nil || len(closed) != 5 {
		t.Fatalf("close: %v, closed %v; want all 5", err, closed)
	}
	if _, err := s.Continue(); err != nil || len(compiled) != 5 {
		t.Fatalf("after Close: %v, compiled %d times", err, len(compiled))
	}
}
