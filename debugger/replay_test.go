package debugger

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
)

// snapshotOften takes a run's snapshots by steps alone, however fast they
// run, so that short runs take several.
func snapshotOften(o *options) { o.snapEvery = 0 }

// view is everything a user can see of a session, for comparing two.
func view(s *Session) string {
	var b strings.Builder
	st := s.Status()
	fmt.Fprintf(&b, "state %v fault %v steps %d back %d waiting %v\n", st.State, st.Fault, st.Steps, st.BackDepth, st.Waiting)
	total, dropped := s.OutputSize()
	fmt.Fprintf(&b, "output %d %d %q\n", total, dropped, s.Output())
	fmt.Fprintf(&b, "memory %v\n", s.CPU().Memory().Words())
	fmt.Fprintf(&b, "calls %v forgotten %d frames %v\n", s.CPU().CallStack(), s.CPU().Forgotten(), s.Frames())
	fmt.Fprintf(&b, "counts %v\n", s.LineCounts())
	f := s.CPU().Functions()
	slices.SortFunc(f, func(x, y cpu.FuncSteps) int { return int(x.Target) - int(y.Target) })
	fmt.Fprintf(&b, "functions %v\n", f)
	fmt.Fprintf(&b, "changed %v\n", s.ChangedValues())
	for _, p := range s.Breakpoints() {
		fmt.Fprintf(&b, "breakpoint %d hits %d\n", p.ID, p.Hits)
	}
	return b.String()
}

// sameView fails unless a and b look alike; it shows where they differ.
func sameView(t *testing.T, what string, a, b *Session) {
	t.Helper()
	va, vb := view(a), view(b)
	if va == vb {
		return
	}
	la, lb := strings.Split(va, "\n"), strings.Split(vb, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			t.Fatalf("%s: sessions differ:\n%.400s\nwant\n%.400s", what, la[i], lb[i])
		}
	}
	t.Fatalf("%s: sessions differ", what)
}

const replayLoopSrc = `start:  mov ecx, 0
loop:   inc ecx
        prn ecx
        cmp ecx, 30000
        jl loop
        hlt
`

const replayFibSrc = `start:  mov eax, 17
        call fib
        prn ebx
        mov eax, 0
        div ecx, eax
fib:    cmp eax, 2
        jl base
        dec eax
        call fib
        push ebx
        dec eax
        call fib
        pop ecx
        add ebx, ecx
        add eax, 2
        ret
base:   mov ebx, eax
        ret
`

const replayCountSrc = `start:  mov eax, 0
loop:   inc eax
        cmp eax, 200000
        jl loop
        mov ecx, 2
trial:  cmp ecx, eax
        je done
        mod eax, ecx
        rem edx
        cmp edx, 0
        je done
        add ecx, 1
        jmp trial
done:   prn ecx
`

const replayInputSrc = `loop:   rdn eax
        add ebx, eax
        prn ebx
        jmp loop
`

// TestReplayMatchesJournal runs each case's commands in a session that
// sets the journal aside on long runs (small chunks and a short history,
// so that both happen often) and in one that journals every step alone,
// and fails unless both look exactly alike after every command: stops of
// every kind, then step back and reverse-continue across the steps run
// again, back to where the history ends, and forward again.
func TestReplayMatchesJournal(t *testing.T) {
	type op struct {
		name string
		do   func(s *Session) (StopEvent, error)
	}
	cont := op{"continue", (*Session).Continue}
	rev := op{"reverse-continue", (*Session).ReverseContinue}
	back := func(n uint64) op {
		return op{fmt.Sprintf("back %d", n), func(s *Session) (StopEvent, error) { return s.StepBack(n) }}
	}
	step := func(n uint64) op {
		return op{fmt.Sprintf("step %d", n), func(s *Session) (StopEvent, error) { return s.Step(n) }}
	}
	bp := func(loc string, o PointOptions) func(t *testing.T, s *Session) {
		return func(t *testing.T, s *Session) {
			a, err := s.ResolveLocation(loc)
			require.NoError(t, err)
			_, err = s.SetBreakpoint(a, o)
			require.NoError(t, err)
		}
	}
	undo := []op{back(1), back(2), back(1500), back(3700), rev, back(1)}
	cases := []struct {
		name    string
		src     string
		cfg     cpu.Config
		history int
		setup   func(t *testing.T, s *Session)
		ops     []op
	}{
		{name: "breakpoint, output, halt", src: replayLoopSrc, history: 5000,
			setup: bp("loop", PointOptions{Cond: "ecx == 20000"}),
			ops:   append(append([]op{cont}, undo...), cont, back(4999), cont, cont, back(6000), rev)},
		{name: "shorter than the history", src: replayLoopSrc, history: 200000,
			setup: bp("loop", PointOptions{Cond: "ecx == 20000"}),
			ops:   []op{cont, back(1), back(79990), back(20), step(3), cont, back(3), cont}},
		{name: "hit count, calls, fault", src: replayFibSrc, history: 3000,
			setup: bp("base", PointOptions{HitCond: "1000"}),
			ops:   append(append([]op{cont}, undo...), cont, back(10), cont, cont, back(2999), back(2), cont)},
		{name: "step limit", src: replayFibSrc, history: 3000, cfg: cpu.Config{MaxSteps: 12345},
			ops: []op{cont, back(1), back(2998), back(1), cont, step(1)}},
		{name: "output limit", src: replayLoopSrc, history: 4000, cfg: cpu.Config{MaxOutput: 50000},
			ops: []op{cont, back(5), cont}},
		{name: "self-looping handlers, end", src: replayCountSrc, history: 7000,
			ops: append(append([]op{cont}, undo...), step(2), cont)},
		{name: "breakpoint inside trial division", src: replayCountSrc, history: 7000,
			setup: bp("done", PointOptions{}), ops: append([]op{cont}, undo...)},
		{name: "watchpoint", src: replayLoopSrc, history: 5000,
			setup: func(t *testing.T, s *Session) {
				_, err := s.SetWatchpoint("ecx", PointOptions{Cond: "ecx == 9000"})
				require.NoError(t, err)
			},
			ops: []op{cont, back(2000), cont}},
		{name: "input", src: replayInputSrc, history: 3000,
			setup: func(t *testing.T, s *Session) {
				var in strings.Builder
				for i := range 9000 {
					fmt.Fprintf(&in, "%d ", i)
				}
				s.FeedInput(in.String())
			},
			ops: []op{cont, back(1), back(2500), cont,
				{"feed", func(s *Session) (StopEvent, error) { s.FeedInput("5 6 7"); return s.Continue() }},
				back(100), cont,
				{"close", func(s *Session) (StopEvent, error) { s.Input().Close(); return s.Continue() }},
				back(2999), cont}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := assembler.Assemble("prog.asm", []byte(tc.src), assembler.Options{})
			require.NoError(t, err)
			cfg := tc.cfg
			cfg.Memory, cfg.Stack = 4096, 256
			a, err := NewSession(p, cfg, WithChunk(1000), WithHistory(tc.history), snapshotOften)
			require.NoError(t, err)
			b, err := NewSession(p, cfg, WithStepwise(), WithHistory(tc.history))
			require.NoError(t, err)
			for _, s := range []*Session{a, b} {
				if tc.setup != nil {
					tc.setup(t, s)
				}
			}
			for i, o := range tc.ops {
				what := fmt.Sprintf("op %d (%s)", i, o.name)
				eva, erra := o.do(a)
				evb, errb := o.do(b)
				require.Equal(t, errb, erra, what)
				require.Equal(t, evb, eva, what)
				sameView(t, what, a, b)
			}
		})
	}
}

// A paused run sets the journal aside too: after the pause, the session
// looks exactly like one that ran as many steps one at a time.
func TestReplayAfterPause(t *testing.T) {
	src := "start: mov eax, 0\nloop: inc eax\n  prn eax\n  call f\n  jmp loop\nf: add ebx, eax\n  ret\n"
	p, err := assembler.Assemble("prog.asm", []byte(src), assembler.Options{})
	require.NoError(t, err)
	cfg := cpu.Config{Memory: 4096, Stack: 256}
	a, err := NewSession(p, cfg, WithChunk(1000), WithHistory(5000), snapshotOften)
	require.NoError(t, err)
	b, err := NewSession(p, cfg, WithStepwise(), WithHistory(5000))
	require.NoError(t, err)
	go func() {
		for a.Progress() < 50000 {
			time.Sleep(time.Millisecond)
		}
		a.Interrupt()
	}()
	ev, err := a.Continue()
	require.NoError(t, err)
	require.Equal(t, StopPause, ev.Kind)
	_, err = b.Step(ev.Steps)
	require.NoError(t, err)
	b.last = a.last
	sameView(t, "paused", a, b)
	for _, n := range []uint64{1, 4000, 998, 5} {
		_, err = a.StepBack(n)
		require.NoError(t, err)
		_, err = b.StepBack(n)
		require.NoError(t, err)
		sameView(t, fmt.Sprintf("back %d", n), a, b)
	}
}

// Peek between two chunks of a run that set the journal aside sees the
// machine as it is: the profile counts every step run so far, and the
// history is as deep as it will be when the run stops.
func TestPeekWhileAside(t *testing.T) {
	s := newSess(t, "start: mov eax, 0\nloop: inc eax\n  cmp eax, 5\n  jne loop\n  call f\n  jmp start\nf: ret\n",
		WithChunk(1000), WithHistory(3000))
	done := make(chan StopEvent)
	go func() {
		ev, _ := s.Continue()
		done <- ev
	}()
	var steps, counted uint64
	var back int
	for steps < 200000 {
		s.Peek(func() {
			steps, back = s.Progress(), s.Status().BackDepth
			counted = 0
			for _, n := range s.LineCounts() {
				counted += n
			}
			if s.CPU().Steps() != counted {
				t.Errorf("%d steps, %d counted", s.CPU().Steps(), counted)
			}
		})
		time.Sleep(100 * time.Microsecond)
	}
	s.Interrupt()
	ev := <-done
	require.Equal(t, StopPause, ev.Kind)
	require.Equal(t, s.HistoryLimit(), back)
	require.Equal(t, s.HistoryLimit(), s.Status().BackDepth)
}

// A set between two chunks of a run that set the journal aside takes its
// place in the timeline, as in a run that journals every step: stepping
// back reaches it and undoes it.
func TestSetWhileAside(t *testing.T) {
	s := newSess(t, "l: inc eax\n  jmp l\n", WithChunk(1000), WithHistory(300000), snapshotOften)
	// The stop comes 100,000 steps after the set, well inside the history,
	// wherever the set lands: a condition on the steps themselves would race
	// with the run, which goes on while the test sets a breakpoint.
	bp, err := s.SetBreakpoint(0, PointOptions{Cond: "ebx == 77", HitCond: "50000"})
	require.NoError(t, err)
	done := make(chan StopEvent)
	go func() {
		ev, _ := s.Continue()
		done <- ev
	}()
	for s.Progress() < uint64(s.HistoryLimit())+50000 { // set aside by then
		time.Sleep(100 * time.Microsecond)
	}
	_, err = s.Assign("ebx", "77")
	require.NoError(t, err)
	at := s.sets[0].steps
	ev := <-done
	require.Equal(t, StopBreakpoint, ev.Kind)
	require.NoError(t, s.Delete(bp.ID)) // stepping back would stop at it
	n := s.Status().Steps
	require.InDelta(t, 100000, n-at, 2, "the 50,000th loop after the set")
	require.EqualValues(t, 77, reg(s, 1))
	_, err = s.StepBack(n - at)
	require.NoError(t, err)
	require.EqualValues(t, 77, reg(s, 1))
	require.EqualValues(t, (at+1)/2, reg(s, 0), "eax counts the incs")
	_, err = s.StepBack(1)
	require.NoError(t, err)
	require.EqualValues(t, 0, reg(s, 1), "the set is undone")
	require.Equal(t, at, s.Status().Steps)
}

// TestReplayFromNearSnapshot: at a stop, the run set aside goes back to
// a snapshot from less than an interval before the journal's first step,
// not to where it set the journal aside (which ran the whole run again
// when its kept snapshots were all after that step).
func TestReplayFromNearSnapshot(t *testing.T) {
	for _, loops := range []int{300_000, 1_000_000, 1_234_567} {
		src := fmt.Sprintf("  mov eax, 0\nloop:\n  nop\n  inc eax\n  cmp eax, %d\n  jl loop\n", loops)
		p, err := assembler.Assemble("noop.asm", []byte(src), assembler.Options{})
		require.NoError(t, err)
		s, err := NewSession(p, cpu.Config{}, snapshotOften)
		require.NoError(t, err)
		_, err = s.Continue()
		require.NoError(t, err)
		r, n, limit := &s.replay, s.c.Steps(), uint64(s.j.Limit())
		require.Equal(t, s.HistoryLimit(), s.Status().BackDepth, "%d loops", loops)
		from := r.from(n - limit).Steps()
		require.Less(t, n-limit-from, r.every+uint64(s.opts.chunk), "%d loops: from %d for %d of %d steps", loops, from, n-limit, n)
	}
}
