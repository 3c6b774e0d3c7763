//go:build amd64 || arm64

package compiled

import (
	"cpu32/debugger/internal/testprogs"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/debugger"
	"cpu32/debugger/cmdlang"
	"cpu32/image"
	"cpu32/jit"
	"cpu32/memory"
)

// nestedSrc runs some 2.8 million steps of nested loops; its cold path
// (the multiples of 1009) runs 8 times, its inner loop's head 400,000.
const nestedSrc = `  mov edi, 0
  mov esi, 0
outer:
  mov ecx, 0
inner:
  mov eax, esi
  mul eax, ecx
  add eax, ecx
  mod eax, 1009
  rem edx
  cmp edx, 0
  jne warm
cold:
  inc edi
warm:
  inc ecx
  cmp ecx, 2000
  jl inner
  inc esi
  cmp esi, 200
  jl outer
  prn edi
`

// recSrc computes Fibonacci numbers by recursion, with the argument in
// eax and the result in ebx: every few steps a call or a ret.
const recSrc = `  mov ecx, 0
again:
  mov eax, 15
  call fib
  prn ebx
  inc ecx
  cmp ecx, 6
  jl again
  hlt
fib:
  cmp eax, 2
  jl small
  push eax
  dec eax
  call fib
  pop eax
  push ebx
  sub eax, 2
  call fib
  pop edx
  add ebx, edx
  ret
small:
  mov ebx, eax
  ret
`

// inputSrc reads numbers until a 0 and sums i*n over a long loop for each.
const inputSrc = `  mov edi, 0
read:
  rdn eax
  cmp eax, 0
  je done
  mov ecx, 0
sum:
  add edi, eax
  inc ecx
  cmp ecx, 300000
  jl sum
  jmp read
done:
  prn edi
`

// spy is Option(jit.Compiled) that keeps the code it compiles, to tell
// whether compiled code ran.
type spy struct {
	mu    sync.Mutex
	codes []*jit.Code
}

func (sp *spy) option() debugger.Option {
	return debugger.WithCompiler(func(c *cpu.CPU, data, hot, breaks []uint32) (debugger.Compiled, error) {
		k, err := compile(c, data, hot, breaks)
		if err == nil {
			sp.mu.Lock()
			sp.codes = append(sp.codes, k.(*jit.Code))
			sp.mu.Unlock()
		}
		return k, err
	}, true)
}

// ran reports whether any of the code compiled ran an instruction.
func (sp *spy) ran() bool {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	return slices.ContainsFunc(sp.codes, (*jit.Code).Ran)
}

func assemble(t testing.TB, name, src string) *image.Program {
	t.Helper()
	p, err := assembler.Assemble(name, []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// script is what a debugging session does to a program: breakpoints set
// first, and some set or deleted after a stop, continues to the end, then
// stepping back and reverse-continue and a continue again.
type script struct {
	name, src, input string
	breaks           []point // set before the first continue
	later            []point // set after the second stop
	deleteLater      bool    // delete the first breakpoint after the third stop
}

type point struct {
	loc string
	o   debugger.PointOptions
}

var scripts = []script{
	{name: "nested", src: nestedSrc, breaks: []point{{loc: "cold"}}},
	{name: "nested-cond", src: nestedSrc,
		breaks:      []point{{loc: "cold", o: debugger.PointOptions{Cond: "esi > 150"}}, {loc: "outer", o: debugger.PointOptions{HitCond: "% 60"}}},
		later:       []point{{loc: "warm", o: debugger.PointOptions{Cond: "ecx == 1999 && esi == 170"}}},
		deleteLater: true},
	{name: "nested-none", src: nestedSrc},
	{name: "recursion", src: recSrc, breaks: []point{{loc: "small", o: debugger.PointOptions{HitCond: "% 700"}}},
		later: []point{{loc: "fib", o: debugger.PointOptions{Cond: "eax == 14"}}}, deleteLater: true},
	{name: "input", src: inputSrc, input: "5\n-3\n7\n0\n", breaks: []point{{loc: "read"}}},
}

// play runs the script on a session made with opts and describes every
// stop: its kind, where, the step count, how far back it can go, the
// frames, the last step's writes; then the end: state, output, memory.
func play(t *testing.T, sc script, opts ...debugger.Option) (log []string, s *debugger.Session) {
	t.Helper()
	cfg := cpu.Config{}
	if sc.input != "" {
		cfg.Input = strings.NewReader(sc.input)
	}
	s, err := debugger.NewSession(assemble(t, sc.name+".asm", sc.src), cfg, append([]debugger.Option{debugger.WithHistory(5000)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	set := func(ps []point) {
		for _, p := range ps {
			addr, err := s.ResolveLocation(p.loc)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.SetBreakpoint(addr, p.o); err != nil {
				t.Fatal(err)
			}
		}
	}
	note := func(what string, ev debugger.StopEvent, err error) {
		st := s.Status()
		var frames []string
		for _, f := range s.Frames() {
			frames = append(frames, fmt.Sprintf("%s@%d", f.Function, f.Addr))
		}
		log = append(log, fmt.Sprintf("%s: %v %v at %d after %d steps, %d back, frames %v, changed %v, output %q",
			what, ev.Kind, err, s.CPU().EIP(), st.Steps, st.BackDepth, frames, s.ChangedValues(), s.Output()))
	}
	set(sc.breaks)
	back := false
	for i := 0; i < 40 && s.Status().State == cpu.Ready; i++ {
		ev, err := s.Continue()
		note("continue", ev, err)
		switch i {
		case 1:
			set(sc.later)
		case 2:
			if bs := s.Breakpoints(); sc.deleteLater && len(bs) > 0 {
				if err := s.Delete(bs[0].ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		if !back && (i == 3 || s.Status().State != cpu.Ready) {
			back = true
			ev, err = s.StepBack(1234)
			note("step back", ev, err)
			ev, err = s.ReverseContinue()
			note("reverse-continue", ev, err)
			ev, err = s.StepBack(1)
			note("step back", ev, err)
			ev, err = s.Continue()
			note("continue", ev, err)
		}
	}
	var sum uint32
	for i, w := range s.CPU().Memory().Words() {
		sum = sum*31 + w ^ uint32(i)
	}
	log = append(log, fmt.Sprintf("end: %v, fault %v, memory %x", s.Status().State, s.Status().Fault, sum))
	return log, s
}

// TestSameAsInterpreter plays each script on the interpreter alone and
// with compiled code (compiled at the first run, and as Auto compiles it,
// once runs prove long): the same stops, frames, step-back and
// reverse-continue results, output and final machine.
func TestSameAsInterpreter(t *testing.T) {
	for _, sc := range scripts {
		t.Run(sc.name, func(t *testing.T) {
			want, _ := play(t, sc)
			if len(want) < 4 {
				t.Fatalf("the script stopped only %d times:\n%s", len(want), strings.Join(want, "\n"))
			}
			var sp spy
			for _, o := range []struct {
				name string
				opt  debugger.Option
			}{{"jit", sp.option()}, {"auto", Option(jit.Auto)}} {
				got, _ := play(t, sc, o.opt)
				if !slices.Equal(got, want) {
					t.Fatalf("%v:\n%s\ninterpreter:\n%s", o.name, strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
			}
			if !sp.ran() {
				t.Error("compiled code did not run")
			}
		})
	}
}

// TestCountsShown checks that while the heat map is shown every step is
// interpreted: the counts are exact, as the interpreter's, and complete.
func TestCountsShown(t *testing.T) {
	sc := scripts[1]
	_, want := play(t, sc)
	p := assemble(t, sc.name+".asm", sc.src)
	s, err := debugger.NewSession(p, cpu.Config{}, Option(jit.Compiled))
	if err != nil {
		t.Fatal(err)
	}
	s.SetCountsShown(true)
	for s.Status().State == cpu.Ready {
		if _, err := s.Continue(); err != nil {
			t.Fatal(err)
		}
	}
	if !s.CountsComplete() || !slices.Equal(s.LineCounts(), want.LineCounts()) {
		t.Fatalf("counts complete %v: %v, want %v", s.CountsComplete(), s.LineCounts(), want.LineCounts())
	}
	// Hidden, compiled code runs and the counts miss its steps (on a run
	// longer than the history and a snapshot's interval: what is run again
	// for the journal is counted), until a restart.
	long := assemble(t, "count.asm", "  mov ecx, 0\nl:\n  inc ecx\n  cmp ecx, 20000000\n  jl l\n")
	s, err = debugger.NewSession(long, cpu.Config{}, Option(jit.Compiled))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Continue(); err != nil || s.Status().State != cpu.Ended {
		t.Fatalf("continue: %v, %v", err, s.Status().State)
	}
	if n := s.LineCounts()[2]; s.CountsComplete() || n >= 20000000 {
		t.Fatalf("compiled code ran, yet the counts are complete (%v): inc ran %d times", s.CountsComplete(), n)
	}
	out, err := cmdlang.New(s).Exec("profile 1")
	if err != nil || !strings.HasSuffix(out, "\nnote: "+debugger.CountsNote) {
		t.Fatalf("profile says %q, %v; want it to end with the note", out, err)
	}
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	if !s.CountsComplete() {
		t.Fatal("a restart left the counts incomplete")
	}
}

// TestPause interrupts a continue of an endless loop running compiled code:
// it stops at once with StopPause, and can step back.
func TestPause(t *testing.T) {
	p := assemble(t, "spin.asm", "  mov eax, 0\nspin:\n  inc eax\n  and eax, 1023\n  jmp spin\n")
	var sp spy
	s, err := debugger.NewSession(p, cpu.Config{}, sp.option())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan debugger.StopEvent)
	go func() {
		ev, _ := s.Continue()
		done <- ev
	}()
	time.Sleep(100 * time.Millisecond)
	asked := time.Now()
	s.Interrupt()
	select {
	case ev := <-done:
		if ev.Kind != debugger.StopPause {
			t.Fatalf("stopped with %v, want pause", ev.Kind)
		}
		if d := time.Since(asked); d > 3*time.Second {
			t.Errorf("the pause took %v", d)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the pause was not seen")
	}
	if !sp.ran() {
		t.Error("compiled code did not run")
	}
	st := s.Status()
	if st.BackDepth != s.HistoryLimit() {
		t.Fatalf("%d steps back after %d steps, want the history's %d", st.BackDepth, st.Steps, s.HistoryLimit())
	}
	eax := s.CPU().Memory().Reg(memory.EAX)
	if _, err := s.StepBack(3); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Step(3); err != nil {
		t.Fatal(err)
	}
	if got := s.CPU().Memory().Reg(memory.EAX); got != eax || s.Status().Steps != st.Steps {
		t.Fatalf("back 3 and on 3: eax %d after %d steps, want %d after %d", got, s.Status().Steps, eax, st.Steps)
	}
}

// trapping is compiled code that fails as a trap in it would (a bug in
// the compiler): it runs nothing and returns an error that is not a
// fault.
type trapping struct{ runs int }

func (k *trapping) Run(uint64) (cpu.Stop, error) {
	k.runs++
	return cpu.StopEnd, errors.New("jit: wasm error: unreachable")
}

func (k *trapping) Close() error { return nil }

// TestCompiledTraps: a continue whose compiled code fails stops there
// and says so, instead of entering the same code for ever; the next goes
// on in the interpreter to the program's end, with its output, and the
// session compiles no more.
func TestCompiledTraps(t *testing.T) {
	p := assemble(t, "count.asm", "  mov ecx, 0\nl:\n  inc ecx\n  cmp ecx, 3000000\n  jl l\n  prn ecx\n")
	k := &trapping{}
	compiles := 0
	s, err := debugger.NewSession(p, cpu.Config{}, debugger.WithCompiler(func(*cpu.CPU, []uint32, []uint32, []uint32) (debugger.Compiled, error) {
		compiles++
		return k, nil
	}, true))
	if err != nil {
		t.Fatal(err)
	}
	var kinds []debugger.StopKind
	for range 2 {
		done := make(chan error, 1)
		go func() {
			ev, err := s.Continue()
			kinds = append(kinds, ev.Kind)
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(20 * time.Second):
			s.Interrupt()
			t.Fatal("the continue did not end: the failing code was entered again and again")
		}
	}
	if !slices.Equal(kinds, []debugger.StopKind{debugger.StopCompiled, debugger.StopEnd}) {
		t.Fatalf("the continues stopped with %v, want compiled-code-failed, then end", kinds)
	}
	if s.Status().State != cpu.Ended || s.Output() != "3000000\n" || compiles != 1 || k.runs != 1 {
		t.Fatalf("state %v, output %q, %d compiles, %d runs of the code; want ended, 3000000, 1 and 1", s.Status().State, s.Output(), compiles, k.runs)
	}
}

// TestNextFinishCompiled steps over the first call of each turn and out
// of the second (step into it, then finish), six turns, on the
// interpreter and on compiled code: the same stops, frames and machine;
// and compiled code is made once for next's stop and once for finish's,
// not at each use.
func TestNextFinishCompiled(t *testing.T) {
	p := assemble(t, "calls.asm", testprogs.Calls)
	play := func(opts ...debugger.Option) []string {
		s, err := debugger.NewSession(p, cpu.Config{}, opts...)
		if err != nil {
			t.Fatal(err)
		}
		var log []string
		do := func(what string, ev debugger.StopEvent, err error) {
			if err != nil {
				t.Fatal(err)
			}
			log = append(log, fmt.Sprintf("%s: %v returned %v at %d after %d steps, frames %v, ecx %d, %d back",
				what, ev.Kind, ev.Returned, s.CPU().EIP(), s.Status().Steps, s.Frames(), s.CPU().Memory().Reg(memory.ECX), s.Status().BackDepth))
		}
		ev, err := s.Step(1)
		do("step", ev, err)
		for range 6 {
			ev, err = s.Next(1)
			do("next", ev, err)
			ev, err = s.Step(2)
			do("step 2", ev, err)
			ev, err = s.Finish()
			do("finish", ev, err)
			ev, err = s.Step(3)
			do("step 3", ev, err)
		}
		return log
	}
	want := play()
	var sp spy
	got := play(sp.option())
	if !slices.Equal(got, want) {
		t.Fatalf("compiled:\n%s\ninterpreter:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !sp.ran() || len(sp.codes) != 2 {
		t.Fatalf("compiled code ran: %v; compiled %d times, want 2", sp.ran(), len(sp.codes))
	}
}
