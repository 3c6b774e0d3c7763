package cmdlang

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/debugger"
	"cpu32/debugger/internal/testprogs"
	"cpu32/image"
	"cpu32/isa"
	"cpu32/memory"
)

func newSess(t testing.TB, src string, opts ...debugger.Option) *Interp {
	t.Helper()
	p, err := assembler.Assemble("prog.asm", []byte(src), assembler.Options{})
	require.NoError(t, err)
	s, err := newInterp(p, cpu.Config{Memory: 4096, Stack: 256}, opts...)
	require.NoError(t, err)
	return s
}

func run(t testing.TB, s *Interp, lines ...string) string {
	t.Helper()
	var out string
	for _, l := range lines {
		var err error
		out, err = s.Exec(l)
		require.NoError(t, err, "command %q", l)
	}
	return out
}

func line(s *Interp) int {
	_, l, _ := s.Where(s.CPU().EIP())
	return l
}

func reg(s *Interp, r memory.Reg) int32 { return int32(s.CPU().Memory().Reg(r)) }

// snapshot is everything step back must restore.
type snapshot struct {
	words  []uint32
	output string
	steps  uint64
	state  cpu.State
	fault  *cpu.Fault
}

func snap(s *Interp) snapshot {
	return snapshot{words: slices.Clone(s.CPU().Memory().Words()), output: s.Output(),
		steps: s.CPU().Steps(), state: s.CPU().State(), fault: s.CPU().Fault()}
}

func requireSame(t *testing.T, want, got snapshot) {
	t.Helper()
	require.Equal(t, want.steps, got.steps, "steps")
	require.Equal(t, want.state, got.state, "state")
	require.Equal(t, want.output, got.output, "output")
	require.Equal(t, want.fault, got.fault, "fault")
	for i := range want.words {
		if want.words[i] != got.words[i] {
			t.Fatalf("word %d (%s) is %d, want %d", i, regName(uint32(i)), int32(got.words[i]), int32(want.words[i]))
		}
	}
}

// modes runs a test twice: through cpu.Run with traps, and through the
// one-step loop that an enabled watchpoint forces.
func modes(t *testing.T, f func(t *testing.T, opts ...debugger.Option)) {
	t.Run("fast", func(t *testing.T) { f(t) })
	t.Run("stepwise", func(t *testing.T) { f(t, debugger.WithStepwise()) })
}

type stepCase struct {
	cmd    string
	line   int
	regs   map[memory.Reg]int32
	reason string // substring of Reason(); "" means it must be empty
}

func runSteps(t *testing.T, s *Interp, cases []stepCase) {
	t.Helper()
	for i, c := range cases {
		_, err := s.Exec(c.cmd)
		require.NoError(t, err, "case %d: %q", i, c.cmd)
		assert.Equal(t, c.line, line(s), "case %d: %q: line", i, c.cmd)
		for r, v := range c.regs {
			assert.Equal(t, v, reg(s, r), "case %d: %q: %s", i, c.cmd, r)
		}
		if c.reason == "" {
			assert.Empty(t, s.Reason(), "case %d: %q", i, c.cmd)
		} else {
			assert.Contains(t, s.Reason(), c.reason, "case %d: %q", i, c.cmd)
		}
	}
}

func TestStepSequence(t *testing.T) {
	modes(t, func(t *testing.T, opts ...debugger.Option) {
		s := newSess(t, testprogs.Fib, opts...)
		assert.Equal(t, 2, line(s), "execution starts at start's instruction")
		runSteps(t, s, []stepCase{
			{"step", 3, map[memory.Reg]int32{memory.EAX: 1}, ""},
			{"step 2", 5, map[memory.Reg]int32{memory.EBX: 0, memory.ECX: 1}, ""},
			{"s", 6, map[memory.Reg]int32{memory.EAX: 1}, ""},
			{"", 7, map[memory.Reg]int32{memory.EBX: 1}, ""}, // an empty line repeats
			{"next", 8, nil, ""},
			{"n 3", 11, map[memory.Reg]int32{memory.ECX: 2}, ""},
			{"stepi", 12, nil, ""}, // je not taken
			{"s 4", 5, map[memory.Reg]int32{memory.EAX: 1}, ""},
			{"step 1000", 0, map[memory.Reg]int32{memory.ECX: 15, memory.EAX: 196418}, "the program ended after 153 steps"},
		})
		assert.Equal(t, cpu.Ended, s.Status().State)
		assert.True(t, strings.HasPrefix(s.Output(), "1\n1\n2\n3\n5\n8\n"), s.Output())
		_, err := s.Exec("step")
		assert.ErrorContains(t, err, "the program is not running")
	})
}

func TestNextOverCall(t *testing.T) {
	modes(t, func(t *testing.T, opts ...debugger.Option) {
		s := newSess(t, testprogs.Fact, opts...)
		runSteps(t, s, []stepCase{
			{"step", 3, nil, ""},
			{"next", 4, map[memory.Reg]int32{memory.EAX: 120}, ""},
		})
		assert.EqualValues(t, 0, s.CPU().StackDepth())
		assert.Empty(t, s.Output(), "prn has not run yet")

		// In a recursion the return address is reached first by the
		// deepest frame; next waits for its own frame.
		run(t, s, "restart", "until 11")
		assert.Equal(t, 11, line(s))
		depth := s.CPU().StackDepth()
		run(t, s, "next")
		assert.Equal(t, 12, line(s))
		assert.EqualValues(t, 24, reg(s, memory.EAX), "fact(4)")
		assert.Equal(t, depth, s.CPU().StackDepth())

		// A breakpoint inside the call stops next.
		run(t, s, "restart", "step", "break base")
		out := run(t, s, "next")
		assert.Equal(t, 16, line(s))
		assert.Contains(t, out, "breakpoint 1 at prog.asm:16")
		assert.Equal(t, "breakpoint 1 at prog.asm:16", s.Reason())
	})
}

func TestFinish(t *testing.T) {
	modes(t, func(t *testing.T, opts ...debugger.Option) {
		s := newSess(t, testprogs.Fact, opts...)
		_, err := s.Exec("finish")
		assert.EqualError(t, err, "finish: not inside a call (the stack is empty)")

		run(t, s, "break fact", "continue")
		assert.Equal(t, 7, line(s))
		assert.EqualValues(t, 1, s.CPU().StackDepth())
		run(t, s, "finish") // the recursive call stops at the breakpoint first
		assert.Equal(t, 7, line(s))
		assert.EqualValues(t, 4, reg(s, memory.EAX))
		run(t, s, "restart", "continue", "delete", "finish")
		assert.Equal(t, 4, line(s))
		assert.EqualValues(t, 120, reg(s, memory.EAX))
		assert.EqualValues(t, 0, s.CPU().StackDepth())
		assert.Equal(t, "returned to prog.asm:4; eax = 120", s.Reason())

		// From a nested frame: back to the caller's frame, not the outermost.
		run(t, s, "restart", "break fact", "continue", "continue")
		assert.EqualValues(t, 4, reg(s, memory.EAX))
		run(t, s, "delete", "finish")
		assert.Equal(t, 12, line(s))
		assert.EqualValues(t, 24, reg(s, memory.EAX))

		// Sitting on the ret itself.
		run(t, s, "restart", "until 17")
		run(t, s, "finish")
		assert.Equal(t, 12, line(s))
		assert.EqualValues(t, 1, reg(s, memory.EAX))

		// A breakpoint on the way stops finish.
		run(t, s, "restart", "until 12", "break 13")
		run(t, s, "finish")
		assert.Equal(t, 13, line(s))
		assert.Contains(t, s.Reason(), "breakpoint")
	})
}

func TestBreakpointLocations(t *testing.T) {
	s := newSess(t, testprogs.Fib)
	cases := []struct {
		loc   string
		line  int
		label string
	}{
		{"7", 7, "7"},
		{"prog.asm:9", 9, "prog.asm:9"},
		{"loop", 5, "loop"},
		{"*15", 7, "*15"}, // prn eax is at address 15
		{"*loop+3", 6, "*loop+3"},
		{"1", 2, "1"}, // a line without code means the next line with some
	}
	for _, c := range cases {
		out, err := s.Exec("break " + c.loc)
		require.NoError(t, err, c.loc)
		bps := s.Breakpoints()
		b := bps[len(bps)-1]
		assert.Equal(t, c.line, b.Line, c.loc)
		assert.Equal(t, "prog.asm", b.File, c.loc)
		assert.Equal(t, c.label, b.Label, c.loc)
		assert.True(t, b.Enabled)
		assert.Contains(t, out, fmt.Sprintf("breakpoint %d at prog.asm:%d", b.ID, c.line))
	}
	// With no location, at eip.
	run(t, s, "step")
	out := run(t, s, "break")
	assert.Equal(t, "breakpoint 7 at prog.asm:3 (eip 3)", out)
	// A second breakpoint on a line says so.
	out = run(t, s, "b 7")
	assert.Equal(t, "breakpoint 8 at prog.asm:7 (eip 15) (breakpoints 1, 4 also there)", out)
}

func TestBreakpointsStopAndCount(t *testing.T) {
	modes(t, func(t *testing.T, opts ...debugger.Option) {
		s := newSess(t, testprogs.Fib, opts...)
		run(t, s, "break 7")
		for i := 1; i <= 3; i++ {
			out := run(t, s, "continue")
			assert.Equal(t, 7, line(s))
			assert.EqualValues(t, i, reg(s, memory.ECX), "iteration")
			assert.Equal(t, "breakpoint 1 at prog.asm:7\nprog.asm:7 (eip 15): prn eax", out)
			assert.Equal(t, i, s.Breakpoints()[0].Hits)
		}
		// A conditional breakpoint counts only when its condition holds.
		run(t, s, "delete 1", "break loop if ecx == 10")
		run(t, s, "continue")
		assert.Equal(t, 5, line(s))
		assert.EqualValues(t, 10, reg(s, memory.ECX))
		bp := s.Breakpoints()[0]
		assert.Equal(t, 1, bp.Hits)
		assert.Equal(t, "ecx == 10", bp.Cond)

		// disable, enable
		run(t, s, "break 9", "disable 3")
		out := run(t, s, "continue")
		assert.Contains(t, out, "the program ended")
		run(t, s, "restart")
		assert.Equal(t, 0, s.Breakpoints()[0].Hits, "restart resets hit counts")
		run(t, s, "enable 3", "continue")
		assert.Equal(t, 9, line(s))
		run(t, s, "delete 3", "continue")
		assert.Equal(t, 5, line(s))
		assert.EqualValues(t, 10, reg(s, memory.ECX))
		run(t, s, "condition 2", "restart", "continue")
		assert.EqualValues(t, 1, reg(s, memory.ECX), "now unconditional")
		run(t, s, "condition 2 eax > 100", "continue")
		assert.Greater(t, reg(s, memory.EAX), int32(100))

		// A condition that cannot be evaluated stops, saying why.
		run(t, s, "condition 2 [eax*100000] == 0", "restart", "continue")
		assert.Contains(t, s.Reason(), "cannot evaluate condition")
	})
}

func TestUntil(t *testing.T) {
	modes(t, func(t *testing.T, opts ...debugger.Option) {
		s := newSess(t, testprogs.Fib, opts...)
		out := run(t, s, "until 9")
		assert.Equal(t, 9, line(s))
		assert.Equal(t, "reached prog.asm:9\nprog.asm:9 (eip 19): inc ecx", out)
		run(t, s, "u 9") // from the target: the next time round
		assert.Equal(t, 9, line(s))
		assert.EqualValues(t, 2, reg(s, memory.ECX))
		run(t, s, "break 7", "until 9")
		assert.Equal(t, 7, line(s), "a breakpoint on the way stops until")
		_, err := s.Exec("run-to end")
		assert.EqualError(t, err, `label "end" is at the end of the code, where no instruction runs`)
	})
}

func TestWatchpoints(t *testing.T) {
	s := newSess(t, testprogs.Fib)
	out := run(t, s, "watch ecx")
	assert.Equal(t, "watch 1: ecx (address 2, now 0)", out)
	out = run(t, s, "continue")
	assert.Equal(t, "watch 1: ecx 0 -> 1\nprog.asm:5 (eip 9): loop: add eax, ebx", out)
	run(t, s, "continue")
	assert.Equal(t, 10, line(s))
	assert.Equal(t, "watch 1: ecx 1 -> 2", s.Reason())
	w := s.Watchpoints()[0]
	assert.Equal(t, 2, w.Hits)
	assert.EqualValues(t, 2, w.Old)
	assert.Equal(t, uint32(memory.ECX), w.Addr)

	// A step that changes a watched word reports it too.
	run(t, s, "until 9", "step")
	assert.Equal(t, "watch 1: ecx 2 -> 3", s.Reason())

	// Memory: the address is resolved when the watch is set.
	d := newSess(t, testprogs.Data)
	out = run(t, d, "watch [count]", "watch [buf+ecx]")
	assert.Equal(t, "watch 2: [buf+ecx] (address 33, now 1)", out)
	run(t, d, "continue")
	assert.Equal(t, "watch 1: [count] 0 -> 1", d.Reason())
	assert.Equal(t, 9, line(d))
	run(t, d, "continue")
	assert.Equal(t, "watch 2: [buf+ecx] 1 -> 11", d.Reason())
	run(t, d, "continue")
	assert.Equal(t, "watch 1: [count] 1 -> 2", d.Reason(), "ecx is 1 now, but watch 2 stays on buf+0")
	run(t, d, "disable 1", "continue")
	assert.Contains(t, d.Reason(), "the program halted (hlt) at prog.asm:14")
	info := run(t, d, "info breakpoints")
	assert.Equal(t, `Num  Type   Enb  Address  Where      Hits  Cond
1    watch  n    32       [count]    2     (now 3)
2    watch  y    33       [buf+ecx]  1     (now 11)`, info)

	// The watch and the end of the program in one step.
	e := newSess(t, "  mov eax, 1\n  mov eax, 2\n")
	run(t, e, "watch eax", "step")
	run(t, e, "continue")
	assert.Equal(t, "watch 1: eax 1 -> 2; the program ended after 2 steps", e.Reason())
}

func TestStepBackRestoresState(t *testing.T) {
	for _, src := range []string{testprogs.Fib, testprogs.Fact, testprogs.Data, testprogs.Fault} {
		s := newSess(t, src)
		var snaps []snapshot
		for s.CPU().State() == cpu.Ready {
			before := snap(s)
			out := run(t, s, "step")
			if s.CPU().State() == cpu.Faulted {
				after := snap(s) // not a step: a fault changes nothing but the state
				before.state, before.fault = after.state, after.fault
				requireSame(t, before, after)
				assert.Contains(t, out, "fault: ")
				break
			}
			snaps = append(snaps, before)
		}
		final := snap(s)
		require.Equal(t, len(snaps), s.Status().BackDepth)
		for i := len(snaps) - 1; i >= 0; i-- {
			run(t, s, "reverse-step")
			requireSame(t, snaps[i], snap(s))
		}
		_, err := s.Exec("rs")
		assert.EqualError(t, err, "cannot step back: at the start of the program")

		// Forward again in one go, then back in big strides.
		if final.state == cpu.Faulted {
			_, _ = s.Exec("continue")
		} else {
			run(t, s, "continue")
		}
		requireSame(t, final, snap(s))
		for i := len(snaps) - 1; i >= 0; i -= 3 {
			if i == len(snaps)-1 {
				run(t, s, "rs")
			} else {
				run(t, s, "rs 3")
			}
			requireSame(t, snaps[i], snap(s))
		}
	}
}

func TestChanged(t *testing.T) {
	s := newSess(t, testprogs.Fact)
	run(t, s, "step")
	assert.Equal(t, []uint32{uint32(memory.EAX)}, s.Changed())
	run(t, s, "step") // call: the stack slot and esp
	assert.ElementsMatch(t, []uint32{4095, uint32(memory.ESP)}, s.Changed())
	run(t, s, "step") // cmp: flags
	assert.Equal(t, []uint32{uint32(memory.FLAGS)}, s.Changed())
	run(t, s, "rs") // the words the undone step had written
	assert.Equal(t, []uint32{uint32(memory.FLAGS)}, s.Changed())
	run(t, s, "set [100] = 7")
	assert.Equal(t, []uint32{100}, s.Changed())
	run(t, s, "restart")
	assert.Empty(t, s.Changed())
	run(t, s, "step 2", "continue")
	// The last step of fact ends on a jmp, which writes nothing.
	assert.Empty(t, s.Changed())
}

func TestReverseContinue(t *testing.T) {
	s := newSess(t, testprogs.Fib)
	run(t, s, "break 7", "continue")
	first := snap(s)
	run(t, s, "continue")
	assert.NotEqual(t, first.steps, s.CPU().Steps())
	out := run(t, s, "reverse-continue")
	requireSame(t, first, snap(s))
	assert.Equal(t, "breakpoint 1 at prog.asm:7\nprog.asm:7 (eip 15): prn eax", out)
	assert.Equal(t, 2, s.Breakpoints()[0].Hits, "the two stops forward; going back counts none")

	out = run(t, s, "rc")
	assert.Equal(t, "reached the start of the program\nprog.asm:2 (eip 0): mov eax, 1", out)
	assert.EqualValues(t, 0, s.CPU().Steps())

	// Watched word: rc stops at the instruction that changed it.
	run(t, s, "delete", "until 10", "watch ecx")
	run(t, s, "rc")
	assert.Equal(t, 9, line(s))
	assert.Equal(t, "watch 2: ecx 2 -> 1", s.Reason())
	assert.EqualValues(t, 1, reg(s, memory.ECX))
	assert.Equal(t, 0, s.Watchpoints()[0].Hits, "no hits counted backward")
}

func TestReverseStepStopsAtBreakpoint(t *testing.T) {
	s := newSess(t, testprogs.Fib)
	run(t, s, "until 10", "break 7")
	out := run(t, s, "rs 100")
	assert.Equal(t, 7, line(s))
	assert.Contains(t, out, "breakpoint 1")
}

func TestHistoryBound(t *testing.T) {
	s := newSess(t, testprogs.Fib, debugger.WithHistory(10))
	limit := s.HistoryLimit()
	require.GreaterOrEqual(t, limit, 10)
	run(t, s, "step 100")
	assert.Equal(t, limit, s.Status().BackDepth)
	out := run(t, s, "rs 1000")
	assert.Contains(t, out, fmt.Sprintf("reached the start of the recorded history (%d steps are kept)", limit))
	assert.EqualValues(t, 100-limit, s.CPU().Steps())
	assert.Equal(t, 0, s.Status().BackDepth)
	_, err := s.Exec("rs")
	assert.EqualError(t, err, fmt.Sprintf("cannot step back: no recorded history (the last %d steps are kept)", limit))
	_, err = s.Exec("rc")
	assert.Error(t, err)

	// A set older than the history cannot be undone and is not counted.
	run(t, s, "set edx = 4", "step 100")
	assert.Equal(t, limit, s.Status().BackDepth)
	// The default keeps a million steps.
	d := newSess(t, testprogs.Fib)
	assert.GreaterOrEqual(t, d.HistoryLimit(), cpu.DefaultHistory)
}

func TestFaults(t *testing.T) {
	modes(t, func(t *testing.T, opts ...debugger.Option) {
		s := newSess(t, testprogs.Fault, opts...)
		out := run(t, s, "continue")
		st := s.Status()
		assert.Equal(t, cpu.Faulted, st.State)
		require.NotNil(t, st.Fault)
		assert.Equal(t, cpu.DivideByZero, st.Fault.Kind)
		assert.Equal(t, 5, line(s))
		assert.EqualValues(t, 10, st.Steps)
		assert.Equal(t, "fault: divide-by-zero at prog.asm:5 (eip 6): division by zero\nprog.asm:5 (eip 6): div eax, ebx", out)
		assert.Equal(t, "5\n5\n", s.Output())
		_, err := s.Exec("step")
		assert.EqualError(t, err, "the program faulted (divide-by-zero at prog.asm:5); reverse-step, set eip = ADDR to go on, or restart")
		// Inspect, then step back from it.
		assert.Equal(t, "ebx = 0 (0x00000000)", run(t, s, "p ebx"))
		run(t, s, "rs")
		assert.Equal(t, cpu.Ready, s.Status().State)
		assert.Nil(t, s.Status().Fault)
		assert.Equal(t, 8, line(s))
		assert.EqualValues(t, 9, s.Status().Steps)
		run(t, s, "step")
		assert.Equal(t, 5, line(s))
		run(t, s, "step")
		assert.Equal(t, cpu.Faulted, s.Status().State)
		assert.EqualValues(t, 10, s.Status().Steps, "a fault is not a step")
	})
}

func TestSetAndUndo(t *testing.T) {
	s := newSess(t, testprogs.Fault)
	_, _ = s.Exec("continue")
	faulted := snap(s)
	run(t, s, "set ebx = 1")
	assert.Equal(t, cpu.Faulted, s.Status().State, "setting a register keeps the fault")
	run(t, s, "set eip = eip")
	assert.Equal(t, cpu.Ready, s.Status().State, "setting eip goes on from the fault")
	run(t, s, "step")
	assert.Equal(t, 6, line(s))
	assert.EqualValues(t, 5, reg(s, memory.EAX))
	assert.Equal(t, 13, s.Status().BackDepth, "11 steps and 2 sets")
	run(t, s, "rs 2") // the div, then the set of eip: the fault comes back
	assert.Equal(t, cpu.Faulted, s.Status().State)
	assert.EqualValues(t, 1, reg(s, memory.EBX))
	run(t, s, "rs")
	requireSame(t, faulted, snap(s))
	run(t, s, "rs")
	assert.Equal(t, 8, line(s))

	// Memory, data labels and expressions.
	d := newSess(t, testprogs.Data)
	assert.Equal(t, "[32] = 42 (0x0000002a)", run(t, d, "set [count] = 6*7"))
	assert.Equal(t, "[count] = 42 (0x0000002a)", run(t, d, "p [count]"))
	assert.Equal(t, "ecx = -1 (0xffffffff)", run(t, d, "set var ecx = -1"))
	assert.Equal(t, "[34] = 7 (0x00000007)", run(t, d, "set [buf+ecx+2] = 7"), "[buf+1]")
	assert.Equal(t, "eip = 17 (0x00000011)", run(t, d, "set eip = 17"))
	assert.Equal(t, 14, line(d))
	run(t, d, "rs 4")
	assert.Equal(t, "[count] = 0 (0x00000000)", run(t, d, "p [count]"))
	assert.Equal(t, 6, line(d))
	assert.EqualValues(t, 0, reg(d, memory.ECX))

	// After a hlt: setting eip and undoing it brings the hlt back.
	run(t, d, "continue")
	assert.Equal(t, cpu.Halted, d.Status().State)
	halted := snap(d)
	run(t, d, "set eip = 0", "step", "rs 2")
	requireSame(t, halted, snap(d))
	// After the end: the same.
	e := newSess(t, testprogs.Fib)
	run(t, e, "continue")
	ended := snap(e)
	run(t, e, "set eip = loop", "rs")
	requireSame(t, ended, snap(e))
}

func TestRestart(t *testing.T) {
	s := newSess(t, testprogs.Fib)
	run(t, s, "break 7", "watch ebx", "continue", "continue", "set edx = 3")
	out := run(t, s, "restart")
	assert.Equal(t, "restarted\nprog.asm:2 (eip 0): mov eax, 1", out)
	st := s.Status()
	assert.EqualValues(t, 0, st.Steps)
	assert.Equal(t, 0, st.BackDepth)
	assert.Empty(t, s.Reason())
	assert.Empty(t, s.Output())
	assert.EqualValues(t, 0, reg(s, memory.EDX))
	require.Len(t, s.Breakpoints(), 1)
	require.Len(t, s.Watchpoints(), 1)
	assert.Equal(t, 0, s.Breakpoints()[0].Hits)
	assert.Equal(t, 0, s.Watchpoints()[0].Hits)
	assert.EqualValues(t, 0, s.Progress())
}

func TestEmptyLineRepeats(t *testing.T) {
	s := newSess(t, testprogs.Fib)
	out, err := s.Exec("")
	require.NoError(t, err)
	assert.Empty(t, out, "nothing to repeat yet")
	run(t, s, "s 2", "", "  ")
	assert.EqualValues(t, 6, s.CPU().Steps())
	run(t, s, "break 9", "")
	assert.Len(t, s.Breakpoints(), 1, "break is not repeated")
	assert.EqualValues(t, 6, s.CPU().Steps())
	_, err = s.Exec("step x")
	require.EqualError(t, err, `step: bad count "x" (want a positive whole number)`)
	run(t, s, "n", "bogus-but-failing-commands-do-not-count"[:0])
	assert.EqualValues(t, 8, s.CPU().Steps())
}

func TestToggleAndLines(t *testing.T) {
	s := newSess(t, testprogs.Fact+"\n\n")
	addr, ok := s.AddrOfLine("prog.asm", 6) // fact: alone on its line
	assert.True(t, ok)
	_, l, _ := s.Where(addr)
	assert.Equal(t, 7, l)
	_, ok = s.AddrOfLine("prog.asm", 18)
	assert.False(t, ok, "nothing at or below the last label")
	_, ok = s.AddrOfLine("other.asm", 2)
	assert.False(t, ok)

	msg, err := s.ToggleBreakpointAtLine("prog.asm", 16)
	require.NoError(t, err)
	assert.Equal(t, "breakpoint 1 at prog.asm:16", msg)
	run(t, s, "continue")
	assert.Equal(t, 16, line(s))
	msg, err = s.ToggleBreakpointAtLine("prog.asm", 16)
	require.NoError(t, err)
	assert.Equal(t, "deleted breakpoint 1", msg)
	assert.Empty(t, s.Breakpoints())
	_, err = s.ToggleBreakpointAtLine("prog.asm", 40)
	assert.EqualError(t, err, "no code at or below line 40 of prog.asm")
	_, err = s.ToggleBreakpointAtLine("nope.asm", 4)
	assert.EqualError(t, err, `no file "nope.asm" in the program (its files: prog.asm)`)
}

func TestBranchTaken(t *testing.T) {
	s := newSess(t, testprogs.Fib)
	_, ok := s.BranchTaken()
	assert.False(t, ok, "mov is not a branch")
	run(t, s, "until 11")
	taken, ok := s.BranchTaken()
	assert.True(t, ok)
	assert.False(t, taken, "je with ecx = 2")
	run(t, s, "until 15")
	taken, ok = s.BranchTaken()
	assert.True(t, ok)
	assert.True(t, taken, "jg with ebx > 0")
	run(t, s, "continue")
	_, ok = s.BranchTaken()
	assert.False(t, ok, "ended")
}

func TestInterrupt(t *testing.T) {
	for _, slow := range []bool{false, true} {
		// the race detector makes a full chunk take seconds
		s := newSess(t, "loop: inc eax\n  jmp loop\n", debugger.WithChunk(1<<14))
		if slow {
			run(t, s, "watch edi")
		}
		assert.True(t, IsRunning("continue"))
		done := make(chan string)
		go func() {
			out, _ := s.Exec("continue")
			done <- out
		}()
		deadline := time.Now().Add(20 * time.Second)
		for s.Progress() == 0 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		s.Interrupt()
		select {
		case out := <-done:
			assert.True(t, strings.HasPrefix(out, "interrupted\n"), out)
			assert.Equal(t, "interrupted", s.Reason())
			assert.Equal(t, cpu.Ready, s.Status().State)
			assert.Equal(t, s.Status().Steps, s.Progress())
		case <-time.After(20 * time.Second):
			t.Fatal("continue did not stop")
		}
		// The next command is not interrupted by the old request.
		run(t, s, "step 3")
	}
}

// A pause asked for before the running command has started still stops
// it: a UI starts runs on a goroutine, and the user's key can come first.
func TestInterruptBeforeTheRunStarts(t *testing.T) {
	s := newSess(t, "loop: inc eax\n  jmp loop\n", debugger.WithChunk(1<<14))
	s.Interrupt()
	done := make(chan string)
	go func() {
		out, _ := s.Exec("continue")
		done <- out
	}()
	select {
	case out := <-done:
		assert.True(t, strings.HasPrefix(out, "interrupted\n"), out)
	case <-time.After(20 * time.Second):
		t.Fatal("continue did not stop")
	}
	run(t, s, "step 3") // the request was used up
	assert.Equal(t, "", s.Reason())
}

func TestOutputTruncatedOnStepBack(t *testing.T) {
	s := newSess(t, testprogs.Data)
	run(t, s, "until 11")
	assert.Equal(t, "a", s.Output())
	run(t, s, "continue")
	assert.Equal(t, "aaa", s.Output())
	run(t, s, "rc")
	assert.Empty(t, s.Output())
}

func TestExpressions(t *testing.T) {
	s := newSess(t, testprogs.Data)
	run(t, s, "set eax = 5", "set ecx = 2", "set [buf+2] = -9")
	cases := []struct {
		expr string
		want int32
	}{
		{"eax", 5},
		{"EAX", 5},
		{"$eax", 5},
		{"eax+1", 6},
		{"-eax", -5},
		{"--eax", 5},
		{"eax - 10", -5},
		{"0x10", 16},
		{"0X1f", 31},
		{"10h", 16},
		{"0ffh", 255},
		{"0b101", 5},
		{"1F|h", 31},
		{"101|b", 5},
		{"'A'", 65},
		{"'\\n'", 10},
		{"' '", 32},
		{"(1+2)*3", 9},
		{"1+2*3", 7},
		{"7/2", 3},
		{"-7/2", -3},
		{"7%3", 1},
		{"-7%3", -1},
		{"-2147483648/-1", -2147483648},
		{"2147483647+1", -2147483648},
		{"4294967295", -1},
		{"-2147483648", -2147483648},
		{"eax == 5", 1},
		{"eax != 5", 0},
		{"-1 < 0", 1},
		{"0xFFFFFFFF < 0", 1},
		{"3 <= 3", 1},
		{"3 > 4", 0},
		{"3 >= 4", 0},
		{"1 && 0", 0},
		{"2 && 3", 1},
		{"0 || 2", 1},
		{"0 || 0", 0},
		{"0 && [99999]", 0}, // short-circuit: the bad load is not evaluated
		{"1 || [99999]", 1},
		{"eax == 5 && ecx == 2 || 0", 1},
		{"!0", 1},
		{"!7", 0},
		{"~0", -1},
		{"count", 32},
		{"buf", 33},
		{"start", 0},
		{"[count]", 0},
		{"[buf]", 1},
		{"[buf+1]", 2},
		{"[buf+ecx]", -9},
		{"[ecx+buf]", -9},
		{"[buf+ecx-1]", 2},
		{"[33]", 1},
		{"[1+1]", 2},      // ecx, the register at address 2
		{"[esp-4096]", 5}, // address 0: eax
		{"[buf+ecx] * -1", 9},
	}
	for _, c := range cases {
		v, err := s.Evaluate(c.expr)
		require.NoError(t, err, c.expr)
		assert.Equal(t, c.want, int32(v), c.expr)
		out := run(t, s, "print "+c.expr)
		assert.Equal(t, fmt.Sprintf("%s = %d (0x%08x)", c.expr, c.want, uint32(c.want)), out)
	}

	bad := []struct{ expr, err string }{
		{"", "missing expression"},
		{"1/0", "division by zero"},
		{"5%0", "division by zero"},
		{"[99999]", "address 99999 is outside memory (0..4095)"},
		{"[-1]", "address -1 is outside memory (0..4095)"},
		{"foo", `no register or label named "foo"`},
		{"Count", `no register or label named "Count"`},
		{"1 +", "expression ends too early"},
		{"(1", "missing ) in expression"},
		{"[1", "missing ] in expression"},
		{"1)", `unexpected ")" in expression "1)"`},
		{"0x", "invalid number '0x'"},
		{"12z", "invalid number '12z'"},
		{"0b102", "invalid number '0b102'"},
		{"99999999999", "number 99999999999 does not fit in 32 bits"},
		{"1 < 2 < 3", "comparisons do not chain; use && (a < b && b < c)"},
		{"'ab'", "bad character literal"},
		{"'\\q'", `unknown escape \q in character literal`},
		{"eax @ 1", `unexpected character '@' in expression`},
		{"eax ebx", `unexpected "ebx" in expression "eax ebx"`},
		{"=", `unexpected character '=' in expression`},
	}
	for _, c := range bad {
		_, err := s.Exec("print " + c.expr)
		require.Error(t, err, c.expr)
		assert.Contains(t, err.Error(), c.err, c.expr)
		assert.NotContains(t, err.Error(), "\n", "one line")
	}
}

func TestExamine(t *testing.T) {
	s := newSess(t, testprogs.Data)
	assert.Equal(t, "     32 <count>:           0           1           2           3", run(t, s, "x count"))
	assert.Equal(t, "     33 <buf>:           1           2", run(t, s, "x buf 2"))
	assert.Equal(t, "     33 <buf>:           1           2", run(t, s, "x/2 buf"))
	assert.Equal(t, "     34:           2           3           0           0\n     38:           0",
		run(t, s, "x buf + 1 5"))
	assert.Equal(t, "      0 <eax>:           0           0           0           0", run(t, s, "x 0"))
	assert.Equal(t, "   4094:           0           0\n(memory ends at 4095)", run(t, s, "x 4094 8"))
	assert.Equal(t, "   4094:           0           0\n(memory ends at 4095)", run(t, s, ""), "x repeats")
}

func TestInfo(t *testing.T) {
	s := newSess(t, testprogs.Fib)
	assert.Equal(t, "no breakpoints or watchpoints", run(t, s, "info breakpoints"))
	run(t, s, "break loop if ecx == 3", "watch eax", "break *15", "disable 3", "step 4")
	assert.Equal(t, `Num  Type   Enb  Address  Where              Hits  Cond
1    break  y    9        prog.asm:5 (loop)  0     ecx == 3
2    watch  y    0        eax                1     (now 1)
3    break  n    15       prog.asm:7 (*15)   0`, run(t, s, "i b"))
	regs := run(t, s, "info registers")
	assert.Contains(t, regs, "eax    1     (0x00000001)\n")
	assert.Contains(t, regs, "esp    4096  (0x00001000)\n")
	assert.Contains(t, regs, "flags  0     (0x00000000)  []\n")
	run(t, s, "until 11")
	assert.Contains(t, run(t, s, "info r"), "flags  10    (0x0000000a)  [SF CF]")
}

func TestHelp(t *testing.T) {
	s := newSess(t, testprogs.Fib)
	all := run(t, s, "help")
	for _, c := range Commands() {
		assert.NotEmpty(t, c.Help, c.Name)
		assert.Contains(t, all, c.Usage)
		text := run(t, s, "help "+c.Name)
		assert.True(t, strings.HasPrefix(text, c.Usage+"\n  "+c.Help), text)
		for _, a := range c.Aliases {
			assert.Equal(t, text, run(t, s, "help "+a))
		}
	}
	assert.Equal(t, "next [N]\n  run N instructions (default 1); a call runs until it returns\n  aliases: n, ni, nexti", run(t, s, "help next"))
	assert.Equal(t, `jle: jump if less or equal, signed (ZF or SF != OF)
  syntax:  jle target
  aliases: jng
  flags:   read: ZF or SF != OF
  example: jle loop
  opcode:  0x0A, 2 words`, run(t, s, "help jle"))
	text, ok := InstructionHelp("JNG")
	assert.True(t, ok)
	assert.True(t, strings.HasPrefix(text, "jle:"))
	_, ok = InstructionHelp("frob")
	assert.False(t, ok)
}

func TestQuit(t *testing.T) {
	s := newSess(t, testprogs.Fib)
	for _, q := range []string{"quit", "q", "exit"} {
		_, err := s.Exec(q)
		assert.True(t, errors.Is(err, ErrQuit))
	}
	_, err := s.Exec("quit now")
	assert.EqualError(t, err, "quit takes no arguments")
}

func TestIsRunning(t *testing.T) {
	for line, want := range map[string]bool{
		"step": true, "s 5": true, "n": true, "next": true, "finish": true, "c": true, "continue": true,
		"until 7": true, "u loop": true, "rs": true, "reverse-step 3": true, "rc": true, "reverse-continue": true,
		"": true, "  STEP": true,
		"break 7": false, "p eax": false, "x 100": false, "x/4 100": false, "set eax = 1": false, "info b": false,
		"restart": false, "help": false, "quit": false, "bogus": false, "watch eax": false, "delete": false,
	} {
		assert.Equal(t, want, IsRunning(line), "%q", line)
	}
}

// TestBadInput checks every command's complaint about bad input, and that
// a bad command changes nothing.
func TestBadInput(t *testing.T) {
	cases := []struct{ line, err string }{
		{"frob", `unknown command "frob" (try help)`},
		{"mov eax, 1", `unknown command "mov" (for the instruction, try help mov)`},
		{"step 0", `step: bad count "0" (want a positive whole number)`},
		{"step -1", `step: bad count "-1" (want a positive whole number)`},
		{"s two", `step: bad count "two" (want a positive whole number)`},
		{"next x", `next: bad count "x" (want a positive whole number)`},
		{"finish 2", "finish takes no arguments"},
		{"continue 3", "continue takes no arguments"},
		{"until", "until needs a location: until LOC (a line, FILE:LINE, a label or *ADDR)"},
		{"until 99", "no code at or below line 99 of prog.asm"},
		{"until nowhere", `no label "nowhere"`},
		{"rs x", `reverse-step: bad count "x" (want a positive whole number)`},
		{"rs", "cannot step back: at the start of the program"},
		{"rc now", "reverse-continue takes no arguments"},
		{"break 99", "no code at or below line 99 of prog.asm"},
		{"break 0", `bad line number "0"`},
		{"break other.asm:3", `no file "other.asm" in the program (its files: prog.asm)`},
		{"break prog.asm:x", `bad location "prog.asm:x": write FILE:LINE, e.g. fib.asm:7`},
		{"break nowhere", `no label "nowhere"`},
		{"break count", `"count" is a data label, not code (to stop when it changes: watch [count])`},
		{"break *1", "address 1 is not the start of an instruction"},
		{"break *500", "address 500 is not the start of an instruction"},
		{"break *-1", "address -1 is not the start of an instruction"},
		{"break *", "missing expression"},
		{"break 1+1", `bad location "1+1": write a line (7), FILE:LINE, a label or *ADDR`},
		{"break loop if", "break: missing condition after if"},
		{"break loop if ecx ==", "expression ends too early"},
		{"break loop if nope", `no register or label named "nope"`},
		{"condition", "usage: condition N [COND]"},
		{"condition 9 eax", "condition: no breakpoint number 9"},
		{"condition x", `condition: bad breakpoint number "x"`},
		{"condition 1 (", "expression ends too early"},
		{"watch", "usage: watch REG or watch [ADDR]"},
		{"watch count", `watch needs a register (eax) or a memory word ([count], [ebp-2]), not "count"`},
		{"watch eax+1", `watch needs a register (eax) or a memory word ([count], [ebp-2]), not "eax+1"`},
		{"watch [5000]", "address 5000 is outside memory (0..4095)"},
		{"watch [", "expression ends too early"},
		{"delete 7", "delete: no breakpoint or watchpoint number 7"},
		{"delete 1 7", "delete: no breakpoint or watchpoint number 7"},
		{"delete x", `delete: bad breakpoint number "x"`},
		{"disable 7", "disable: no breakpoint or watchpoint number 7"},
		{"enable 7", "enable: no breakpoint or watchpoint number 7"},
		{"print", "missing expression"},
		{"p 1 +", "expression ends too early"},
		{"x", "usage: x ADDR [COUNT]"},
		{"x 5000", "x: address 5000 is outside memory (0..4095)"},
		{"x 0 0", "x: bad count 0 (want 1..4096)"},
		{"x 0 5000", "x: bad count 5000 (want 1..4096)"},
		{"x nope", `no register or label named "nope"`},
		{"set", "usage: set REG = EXPR or set [ADDR] = EXPR"},
		{"set eax", "usage: set REG = EXPR or set [ADDR] = EXPR"},
		{"set eax == 1", "usage: set REG = EXPR or set [ADDR] = EXPR"},
		{"set 5 = 1", `set needs a register (eax) or a memory word ([count], [ebp-2]), not "5"`},
		{"set eax = ", "missing expression"},
		{"set eax = nope", `no register or label named "nope"`},
		{"set [5000] = 1", "address 5000 is outside memory (0..4095)"},
		{"set eip = 1", "set: 1 is not the address of an instruction (or the end of the code, 18)"},
		{"set eip = 100", "set: 100 is not the address of an instruction (or the end of the code, 18)"},
		{"set [6] = 2", "set: 2 is not the address of an instruction (or the end of the code, 18)"},
		{"info", "usage: info breakpoints, info registers or info lines"},
		{"info frames", "usage: info breakpoints, info registers or info lines"},
		{"restart now", "restart takes no arguments"},
		{"help frob", `help: no command or instruction "frob"`},
		{"quit now", "quit takes no arguments"},
	}
	s := newSess(t, testprogs.Data)
	run(t, s, "break loop")
	for _, c := range cases {
		before := snap(s)
		bps, wps := s.Breakpoints(), s.Watchpoints()
		out, err := s.Exec(c.line)
		require.Error(t, err, c.line)
		assert.Equal(t, c.err, err.Error(), c.line)
		assert.Empty(t, out, c.line)
		assert.NotContains(t, err.Error(), "\n", c.line)
		requireSame(t, before, snap(s))
		assert.Equal(t, bps, s.Breakpoints(), c.line)
		assert.Equal(t, wps, s.Watchpoints(), c.line)
		assert.Equal(t, 0, s.Status().BackDepth, c.line)
	}
}

func TestRawProgram(t *testing.T) {
	p, err := assembler.Assemble("prog.asm", []byte(testprogs.Fib), assembler.Options{})
	require.NoError(t, err)
	p.Debug = nil // as a raw word stream has
	s, err := newInterp(p, cpu.Config{})
	require.NoError(t, err)
	out := run(t, s, "step")
	assert.Equal(t, "eip 3 (eip 3): mov ebx, 0", out)
	_, err = s.Exec("break 5")
	assert.EqualError(t, err, "the program has no source lines (a raw program); write *5 for address 5")
	run(t, s, "break *9", "continue")
	assert.EqualValues(t, 9, s.CPU().EIP())
	assert.Equal(t, "breakpoint 1 at eip 9", s.Reason())
	_, ok := s.AddrOfLine("prog.asm", 3)
	assert.False(t, ok)
}

func TestNewSessionErrors(t *testing.T) {
	_, err := newInterp(nil, cpu.Config{})
	assert.Error(t, err)
	p, err := assembler.Assemble("prog.asm", []byte(testprogs.Fib), assembler.Options{})
	require.NoError(t, err)
	_, err = newInterp(p, cpu.Config{Memory: 40, Stack: 100})
	assert.ErrorIs(t, err, cpu.ErrConfig)
}

func TestStackOverflowFault(t *testing.T) {
	s := newSess(t, "f: call f\n")
	out := run(t, s, "continue")
	assert.Contains(t, out, "fault: stack-overflow at prog.asm:1")
	assert.EqualValues(t, 256, s.CPU().StackDepth())
	run(t, s, "rs 10")
	assert.EqualValues(t, 246, s.CPU().StackDepth())
	run(t, s, "finish") // no ret ever runs: finish runs into the fault again
	assert.Equal(t, cpu.StackOverflow, s.Status().Fault.Kind)
	assert.EqualValues(t, 256, s.CPU().StackDepth())
}

// TestChangedValues checks the values before the last step, step back or
// set that ChangedValues pairs with Changed's words: what a UI needs to
// show which flags a step changed.
func TestChangedValues(t *testing.T) {
	s := newSess(t, `start:
  mov eax, 1
  cmp eax, 1
  cmp eax, 2
  push 7
`)
	flags := uint32(memory.FLAGS)
	run(t, s, "step")
	assert.Equal(t, []cpu.Change{{Addr: uint32(memory.EAX), Old: 0}}, s.ChangedValues())
	run(t, s, "step") // cmp 1, 1: ZF
	assert.Equal(t, []cpu.Change{{Addr: flags, Old: 0}}, s.ChangedValues())
	run(t, s, "step") // cmp 1, 2: SF and CF
	assert.Equal(t, []cpu.Change{{Addr: flags, Old: uint32(isa.ZF)}}, s.ChangedValues())
	assert.Equal(t, uint32(isa.SF|isa.CF), s.CPU().Memory().Reg(memory.FLAGS))
	run(t, s, "rs") // the undone step's word, with its value before the step back
	assert.Equal(t, []cpu.Change{{Addr: flags, Old: uint32(isa.SF | isa.CF)}}, s.ChangedValues())
	assert.Equal(t, uint32(isa.ZF), s.CPU().Memory().Reg(memory.FLAGS))
	run(t, s, "set flags = 4")
	assert.Equal(t, []cpu.Change{{Addr: flags, Old: uint32(isa.ZF)}}, s.ChangedValues())
	run(t, s, "rs") // undoing the set
	assert.Equal(t, []cpu.Change{{Addr: flags, Old: 4}}, s.ChangedValues())
	run(t, s, "step", "step") // push: the slot and esp, once each
	ch := s.ChangedValues()
	assert.ElementsMatch(t, []uint32{uint32(memory.ESP), s.CPU().Memory().Reg(memory.ESP)}, s.Changed())
	require.Len(t, ch, 2)
	for _, c := range ch {
		if c.Addr == uint32(memory.ESP) {
			assert.Equal(t, s.CPU().Memory().Reg(memory.ESP)+1, c.Old)
		}
	}
	ch[0].Old = 12345 // a copy: the session's record is not the caller's to change
	assert.NotEqual(t, uint32(12345), s.ChangedValues()[0].Old)
	run(t, s, "restart")
	assert.Empty(t, s.ChangedValues())
}

// newInterp is a session of p with its command language.
func newInterp(p *image.Program, cfg cpu.Config, opts ...debugger.Option) (*Interp, error) {
	s, err := debugger.NewSession(p, cfg, opts...)
	if err != nil {
		return nil, err
	}
	return New(s), nil
}
