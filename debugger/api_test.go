package debugger

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/debugger/internal/testprogs"
	"cpu32/memory"
)

// TestTypedRuns drives the typed API: each case sets a session up, runs
// one operation and checks the stop event it returns.
func TestTypedRuns(t *testing.T) {
	addr := func(t *testing.T, s *Session, loc string) uint32 {
		a, err := s.ResolveLocation(loc)
		require.NoError(t, err)
		return a
	}
	bp := func(loc string, o PointOptions) func(t *testing.T, s *Session) {
		return func(t *testing.T, s *Session) {
			_, err := s.SetBreakpoint(addr(t, s, loc), o)
			require.NoError(t, err)
		}
	}
	steps := func(n uint64) func(t *testing.T, s *Session) {
		return func(t *testing.T, s *Session) {
			_, err := s.Step(n)
			require.NoError(t, err)
		}
	}
	cases := []struct {
		name  string
		src   string
		cfg   cpu.Config
		setup func(t *testing.T, s *Session)
		op    func(s *Session) (StopEvent, error)
		want  StopEvent // Location's file is prog.asm when Line is set
		err   string
		check func(t *testing.T, s *Session)
	}{
		{name: "step", src: testprogs.Fib, op: func(s *Session) (StopEvent, error) { return s.Step(3) },
			want: StopEvent{Kind: StopDone, Steps: 3, Location: Location{Line: 5}}},
		{name: "step 0", src: testprogs.Fib, op: func(s *Session) (StopEvent, error) { return s.Step(0) },
			err: "step: the count must be positive"},
		{name: "breakpoint", src: testprogs.Fib, setup: bp("loop", PointOptions{}), op: (*Session).Continue,
			want: StopEvent{Kind: StopBreakpoint, Breakpoints: []int{1}, Steps: 3, Location: Location{Line: 5}}},
		{name: "condition", src: testprogs.Fib, setup: bp("loop", PointOptions{Cond: "ecx == 3"}), op: (*Session).Continue,
			want:  StopEvent{Kind: StopBreakpoint, Breakpoints: []int{1}, Steps: 3 + 2*11, Location: Location{Line: 5}},
			check: func(t *testing.T, s *Session) { assert.EqualValues(t, 3, reg(s, memory.ECX)) }},
		{name: "hit count", src: testprogs.Fib, setup: bp("loop", PointOptions{HitCond: "3"}), op: (*Session).Continue,
			want: StopEvent{Kind: StopBreakpoint, Breakpoints: []int{1}, Steps: 3 + 2*11, Location: Location{Line: 5}},
			check: func(t *testing.T, s *Session) {
				assert.Equal(t, 3, s.Breakpoints()[0].Hits)
				ev, err := s.Continue() // 3 or more: the next hit stops too
				require.NoError(t, err)
				assert.Equal(t, StopBreakpoint, ev.Kind)
				assert.Equal(t, 4, s.Breakpoints()[0].Hits)
			}},
		{name: "every second hit", src: testprogs.Fib, setup: bp("loop", PointOptions{HitCond: "% 2"}), op: (*Session).Continue,
			want: StopEvent{Kind: StopBreakpoint, Breakpoints: []int{1}, Steps: 3 + 11, Location: Location{Line: 5}}},
		{name: "condition and hit count", src: testprogs.Fib, setup: bp("loop", PointOptions{Cond: "ecx > 2", HitCond: "== 2"}), op: (*Session).Continue,
			want: StopEvent{Kind: StopBreakpoint, Breakpoints: []int{1}, Steps: 3 + 3*11, Location: Location{Line: 5}}},
		{name: "watchpoint", src: testprogs.Fib, op: (*Session).Continue,
			setup: func(t *testing.T, s *Session) {
				_, err := s.SetWatchpoint("ebx", PointOptions{})
				require.NoError(t, err)
			},
			want: StopEvent{Kind: StopWatchpoint, Watches: []WatchHit{{ID: 1, Expr: "ebx", Addr: uint32(memory.EBX), Old: 0, New: 1}},
				Steps: 5, Location: Location{Line: 7}}},
		{name: "watchpoint with a condition", src: testprogs.Fib, op: (*Session).Continue,
			setup: func(t *testing.T, s *Session) {
				_, err := s.SetWatchpoint("ebx", PointOptions{Cond: "ebx > 4"})
				require.NoError(t, err)
			},
			want: StopEvent{Kind: StopWatchpoint, Watches: []WatchHit{{ID: 1, Expr: "ebx", Addr: uint32(memory.EBX), Old: 3, New: 8}},
				Steps: 5 + 2*11, Location: Location{Line: 7}}},
		{name: "end", src: testprogs.Fib, op: (*Session).Continue, want: StopEvent{Kind: StopEnd, State: cpu.Ended, Steps: 3 + 14*11 - 4, Location: Location{EIP: 999}}},
		{name: "fault", src: testprogs.Fault, op: (*Session).Continue,
			want: StopEvent{Kind: StopFault, State: cpu.Faulted, Steps: 10, Location: Location{Line: 5}}},
		{name: "halt", src: testprogs.Data, op: (*Session).Continue,
			want: StopEvent{Kind: StopHalt, State: cpu.Halted, Steps: 1 + 3*6 + 1, Location: Location{Line: 14}}},
		{name: "step limit", src: "l: jmp l\n", cfg: cpu.Config{MaxSteps: 10}, op: (*Session).Continue,
			want: StopEvent{Kind: StopStepLimit, State: cpu.Faulted, Steps: 10, Location: Location{Line: 1}}},
		{name: "pause", src: "l: jmp l\n", setup: func(_ *testing.T, s *Session) { s.Interrupt() }, op: (*Session).Continue,
			want: StopEvent{Kind: StopPause, Location: Location{Line: 1}}},
		{name: "input", src: "  rdn eax\n", op: (*Session).Continue,
			want: StopEvent{Kind: StopInput, Location: Location{Line: 1}}},
		{name: "run to", src: testprogs.Fib, op: func(s *Session) (StopEvent, error) { return s.RunTo(addr(t, s, "9")) },
			want: StopEvent{Kind: StopDone, Target: true, Steps: 7, Location: Location{Line: 9}}},
		{name: "run to the middle of an instruction", src: testprogs.Fib, op: func(s *Session) (StopEvent, error) { return s.RunTo(1) },
			err: "address 1 is not the start of an instruction"},
		{name: "next over a call", src: testprogs.Fact, setup: steps(1), op: func(s *Session) (StopEvent, error) { return s.Next(1) },
			want:  StopEvent{Kind: StopDone, Steps: 37, Location: Location{Line: 4}},
			check: func(t *testing.T, s *Session) { assert.EqualValues(t, 120, reg(s, memory.EAX)) }},
		{name: "finish", src: testprogs.Fact, setup: steps(2), op: (*Session).Finish,
			want: StopEvent{Kind: StopDone, Returned: true, Steps: 36, Location: Location{Line: 4}}},
		{name: "finish outside a call", src: testprogs.Fact, op: (*Session).Finish,
			err: "finish: not inside a call (the stack is empty)"},
		{name: "step back", src: testprogs.Fib, setup: steps(5), op: func(s *Session) (StopEvent, error) { return s.StepBack(2) },
			want: StopEvent{Kind: StopDone, Back: true, Steps: 2, Location: Location{Line: 5}}},
		{name: "reverse continue", src: testprogs.Fib, setup: steps(5), op: (*Session).ReverseContinue,
			want: StopEvent{Kind: StopHistory, Back: true, Steps: 5, Location: Location{Line: 2}}},
		{name: "reverse continue to a breakpoint", src: testprogs.Fib,
			setup: func(t *testing.T, s *Session) { steps(30)(t, s); bp("6", PointOptions{})(t, s) },
			op:    (*Session).ReverseContinue,
			want:  StopEvent{Kind: StopBreakpoint, Breakpoints: []int{1}, Back: true, Steps: 4, Location: Location{Line: 6}}},
		{name: "nothing to step back", src: testprogs.Fib, op: (*Session).ReverseContinue,
			err: "cannot step back: at the start of the program"},
		{name: "the program ended", src: testprogs.Fib, setup: func(t *testing.T, s *Session) { _, _ = s.Continue() }, op: (*Session).Continue,
			err: "the program is not running (it has ended); restart it, or reverse-step"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := assembler.Assemble("prog.asm", []byte(c.src), assembler.Options{})
			require.NoError(t, err)
			cfg := c.cfg
			cfg.Memory, cfg.Stack = 4096, 256
			s, err := NewSession(p, cfg)
			require.NoError(t, err)
			if c.setup != nil {
				c.setup(t, s)
			}
			ev, err := c.op(s)
			if c.err != "" {
				require.EqualError(t, err, c.err)
				return
			}
			require.NoError(t, err)
			want := c.want
			if want.Location.Line != 0 {
				want.Location.File = "prog.asm"
				want.Location.EIP, _ = s.AddrOfLine("prog.asm", want.Location.Line)
			}
			if want.Location.EIP == 999 {
				want.Location.EIP = uint32(len(p.Code)) // the end of the code
			}
			if want.Kind == StopFault || want.Kind == StopStepLimit {
				require.NotNil(t, ev.Fault)
				want.Fault = ev.Fault
			}
			assert.Equal(t, want, ev)
			assert.Equal(t, ev, s.Status().Stop, "Status().Stop")
			if c.check != nil {
				c.check(t, s)
			}
		})
	}
}

func TestTypedFaultKinds(t *testing.T) {
	s := newSess(t, testprogs.Fault)
	ev, err := s.Continue()
	require.NoError(t, err)
	assert.Equal(t, cpu.DivideByZero, ev.Fault.Kind)
	assert.Equal(t, "fault", ev.Kind.String())
}

func TestTypedPoints(t *testing.T) {
	s := newSess(t, testprogs.Fib)
	b, err := s.SetBreakpoint(9, PointOptions{Cond: "ecx==3", HitCond: ">= 1", Label: "loop"})
	require.NoError(t, err)
	assert.Equal(t, Breakpoint{ID: 1, Addr: 9, File: "prog.asm", Line: 5, Label: "loop", Cond: "ecx==3", HitCond: ">= 1", Enabled: true}, b)
	w, err := s.SetWatchpoint("[100]", PointOptions{})
	require.NoError(t, err)
	assert.Equal(t, Watchpoint{ID: 2, Expr: "[100]", Addr: 100, Enabled: true}, w)

	errs := []struct {
		err  error
		want string
	}{
		{func() error { _, err := s.SetBreakpoint(1, PointOptions{}); return err }(), "address 1 is not the start of an instruction"},
		{func() error { _, err := s.SetBreakpoint(6, PointOptions{Cond: "ecx =="}); return err }(), "expression ends too early"},
		{func() error { _, err := s.SetBreakpoint(6, PointOptions{HitCond: ">= x"}); return err }(), `bad hit condition "x": write a count (5), or >= 5, > 5, == 5, < 5, <= 5, != 5, % 5`},
		{func() error { _, err := s.SetWatchpoint("1+2", PointOptions{}); return err }(), `watch needs a register (eax) or a memory word ([count], [ebp-2]), not "1+2"`},
		{s.Delete(9), "no breakpoint or watchpoint number 9"},
		{s.Enable(9, true), "no breakpoint or watchpoint number 9"},
		{s.SetConditions(9, PointOptions{}), "no breakpoint or watchpoint number 9"},
	}
	for i, e := range errs {
		assert.EqualError(t, e.err, e.want, "case %d", i)
	}

	require.NoError(t, s.Enable(1, false))
	require.NoError(t, s.SetConditions(1, PointOptions{HitCond: "2"}))
	assert.Equal(t, Breakpoint{ID: 1, Addr: 9, File: "prog.asm", Line: 5, Label: "loop", HitCond: "2"}, s.Breakpoints()[0])
	require.NoError(t, s.Delete(2))
	assert.Empty(t, s.Watchpoints())
	ev, err := s.Continue()
	require.NoError(t, err)
	assert.Equal(t, StopEnd, ev.Kind, "a disabled breakpoint does not stop")
}

func TestTypedEvaluateAndAssign(t *testing.T) {
	s := newSess(t, testprogs.Data)
	a, err := s.Assign("eax", "7*6")
	require.NoError(t, err)
	assert.Equal(t, Assignment{Addr: uint32(memory.EAX), Old: 0, New: 42}, a)
	a, err = s.Assign("[buf+1]", "-eax")
	require.NoError(t, err)
	assert.EqualValues(t, -42, int32(a.New))
	v, err := s.Evaluate("[buf+1] + eax")
	require.NoError(t, err)
	assert.EqualValues(t, 0, v)
	_, err = s.Evaluate("[99999]")
	assert.Error(t, err)
	_, err = s.Assign("3", "1")
	assert.EqualError(t, err, `set needs a register (eax) or a memory word ([count], [ebp-2]), not "3"`)
	a, err = s.SetWord(uint32(memory.ECX), 3)
	require.NoError(t, err)
	assert.Equal(t, Assignment{Addr: uint32(memory.ECX), Old: 0, New: 3}, a)
	_, err = s.SetWord(4096, 1)
	assert.EqualError(t, err, "address 4096 is outside memory (0..4095)")
	_, err = s.SetWord(uint32(memory.EIP), 1)
	assert.EqualError(t, err, "set: 1 is not the address of an instruction (or the end of the code, 18)")
	ev, err := s.StepBack(2) // undoes the last two assignments
	require.NoError(t, err)
	assert.Equal(t, StopDone, ev.Kind)
	v, _ = s.Evaluate("[buf+1]")
	assert.EqualValues(t, 2, v)
	v, _ = s.Evaluate("ecx")
	assert.EqualValues(t, 0, v)
}

// Only one typed run at a time; others may look between its chunks.
func TestTypedRunBusy(t *testing.T) {
	s := newSess(t, "l: inc eax\n  jmp l\n", WithChunk(1<<10))
	done := make(chan StopEvent)
	go func() {
		ev, _ := s.Continue()
		done <- ev
	}()
	for s.Progress() == 0 {
		_, _ = s.Evaluate("eax") // waits for the run to start or for a chunk's end
	}
	_, err := s.Step(1)
	assert.ErrorIs(t, err, ErrBusy)
	b, err := s.SetBreakpoint(0, PointOptions{}) // between two chunks: the run stops there
	require.NoError(t, err)
	ev := <-done
	assert.Equal(t, StopBreakpoint, ev.Kind)
	assert.Equal(t, []int{b.ID}, ev.Breakpoints)
}

// BreakHere stops at a breakpoint on the instruction about to run as a
// run arriving there would: its condition and hit count decide, and the
// hit is counted.
func TestBreakHere(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts PointOptions
		stop bool
		hits int
	}{
		{"plain", PointOptions{}, true, 1},
		{"condition holds", PointOptions{Cond: "eax == 0"}, true, 1},
		{"condition fails", PointOptions{Cond: "eax == 1"}, false, 0},
		{"first hit", PointOptions{HitCond: "1"}, true, 1},
		{"from the second hit on", PointOptions{HitCond: ">= 2"}, false, 1},
		{"every hit", PointOptions{HitCond: "% 1"}, true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSess(t, testprogs.Fib)
			b, err := s.SetBreakpoint(s.CPU().EIP(), tc.opts)
			require.NoError(t, err)
			ev, ok := s.BreakHere()
			require.Equal(t, tc.stop, ok)
			require.Equal(t, tc.hits, s.Breakpoints()[0].Hits)
			if tc.stop {
				require.Equal(t, StopBreakpoint, ev.Kind)
				require.Equal(t, []int{b.ID}, ev.Breakpoints)
				require.Equal(t, ev.Kind, s.Status().Stop.Kind)
			}
			require.Equal(t, uint64(0), s.CPU().Steps(), "nothing ran")
		})
	}
	// Elsewhere, or with the program ended, nothing stops.
	s := newSess(t, testprogs.Fib)
	_, err := s.SetBreakpoint(3, PointOptions{})
	require.NoError(t, err)
	_, ok := s.BreakHere()
	require.False(t, ok)
	_, err = s.SetBreakpoint(0, PointOptions{})
	require.NoError(t, err)
	_, err = s.Step(1)
	require.NoError(t, err)
	for s.CPU().State() == cpu.Ready {
		_, err = s.Step(1000)
		require.NoError(t, err)
	}
	_, ok = s.BreakHere()
	require.False(t, ok)
}
