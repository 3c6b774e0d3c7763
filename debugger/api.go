package debugger

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"cpu32/cpu"
	"cpu32/memory"
)

// This file is the session's typed API: what front ends (the command
// language, the UI, a DAP server) drive the engine with. Runs return a
// StopEvent; breakpoints and watchpoints are structs with ids. Every call
// is safe while another goroutine runs a command: a run waits for it to
// end (or returns ErrBusy for a typed run), anything else happens between
// two chunks of it.

// ErrBusy is what a typed run returns while another run is going on.
var ErrBusy = errors.New("the program is running (pause it first)")

// acquire takes the session from whoever uses it: at once when nobody
// does, or between two chunks of a running command.
func (s *Session) acquire() (release func()) {
	s.peekers.Add(1)
	<-s.turn
	s.peekers.Add(-1)
	return func() { s.turn <- struct{}{} }
}

// typedRun runs f as a typed run: one at a time, interruptible, and never
// crashing the caller on a bug of the engine's.
func (s *Session) typedRun(f func() (StopEvent, error)) (ev StopEvent, err error) {
	if !s.busy.CompareAndSwap(false, true) {
		return StopEvent{}, ErrBusy
	}
	defer s.busy.Store(false)
	<-s.turn
	defer func() { s.turn <- struct{}{} }()
	defer s.interrupted.Store(false) // cleared at the end: a pause asked for before the run began holds
	defer func() {
		if p := recover(); p != nil {
			ev, err = StopEvent{}, fmt.Errorf("internal error: %v", p)
		}
		s.progress.Store(s.c.Steps())
	}()
	return f()
}

// Step runs n instructions (n > 0), into calls.
func (s *Session) Step(n uint64) (StopEvent, error) {
	return s.typedRun(func() (StopEvent, error) { return s.step(n) })
}

// Next runs n instructions (n > 0); a call runs until it returns.
func (s *Session) Next(n uint64) (StopEvent, error) {
	return s.typedRun(func() (StopEvent, error) { return s.nextN(n) })
}

// Finish runs until the current call returns: until a ret leaves esp above
// where it is now.
func (s *Session) Finish() (StopEvent, error) { return s.typedRun(s.finish) }

// Continue runs until a breakpoint, a watchpoint, the end, a fault or a
// pause.
func (s *Session) Continue() (StopEvent, error) { return s.typedRun(s.cont) }

// RunTo runs until the instruction at addr is about to run; breakpoints
// and the rest still stop it first.
func (s *Session) RunTo(addr uint32) (StopEvent, error) {
	return s.typedRun(func() (StopEvent, error) { return s.runTo(addr) })
}

// StepBack undoes n steps (n > 0), sets included: registers, memory and
// output go back.
func (s *Session) StepBack(n uint64) (StopEvent, error) {
	return s.typedRun(func() (StopEvent, error) { return s.stepBack(n) })
}

// ReverseContinue runs backward until a breakpoint, a watched word
// changes, or the history runs out.
func (s *Session) ReverseContinue() (StopEvent, error) {
	return s.typedRun(func() (StopEvent, error) { return s.stepBack(0) })
}

// BreakHere checks the breakpoints on the instruction about to run as a
// run arriving there would, conditions and hit counts included (a hit is
// counted), and reports the stop when one holds. A run never stops where
// it starts, so a front end that starts the program running from its
// first instruction (an editor's launch without stop on entry) asks this
// first: a breakpoint on the first line stops there.
func (s *Session) BreakHere() (StopEvent, bool) {
	var ok bool
	ev, _ := s.typedRun(func() (StopEvent, error) {
		if s.c.State() != cpu.Ready {
			return StopEvent{}, nil
		}
		var ev StopEvent
		if ev, ok = s.userBreak(true); ok {
			s.stopped(ev)
		}
		return ev, nil
	})
	return ev, ok
}

// Restart starts the program again: fresh machine, output and history;
// breakpoints and watchpoints kept with their hit counts zeroed.
func (s *Session) Restart() error {
	_, err := s.typedRun(func() (StopEvent, error) {
		s.restart()
		return StopEvent{}, nil
	})
	return err
}

// step, nextN and the rest are the runs themselves, run by typedRun.

func (s *Session) step(n uint64) (StopEvent, error) {
	if n == 0 {
		return StopEvent{}, errors.New("step: the count must be positive")
	}
	if err := s.canRun(); err != nil {
		return StopEvent{}, err
	}
	return s.stopped(s.forward(runSpec{limit: n})), nil
}

func (s *Session) nextN(n uint64) (StopEvent, error) {
	if n == 0 {
		return StopEvent{}, errors.New("next: the count must be positive")
	}
	if err := s.canRun(); err != nil {
		return StopEvent{}, err
	}
	before := s.c.Steps()
	s.syncWatches()
	var ev StopEvent
	for i := uint64(0); i < n; i++ {
		if ev = s.next(); ev.Kind != StopDone {
			break
		}
	}
	s.noteSteps(before)
	return s.stopped(s.located(ev, s.c.Steps()-before, false)), nil
}

func (s *Session) finish() (StopEvent, error) {
	if err := s.canRun(); err != nil {
		return StopEvent{}, err
	}
	esp, err := s.finishESP()
	if err != nil {
		return StopEvent{}, err
	}
	ev := s.forward(runSpec{finish: true, finishESP: esp})
	ev.Returned = ev.Kind == StopDone
	return s.stopped(ev), nil
}

func (s *Session) cont() (StopEvent, error) {
	if err := s.canRun(); err != nil {
		return StopEvent{}, err
	}
	return s.stopped(s.forward(runSpec{})), nil
}

func (s *Session) runTo(addr uint32) (StopEvent, error) {
	if uint64(addr) >= uint64(len(s.prog.Code)) || s.code.size[addr] == 0 {
		return StopEvent{}, fmt.Errorf("address %d is not the start of an instruction", int32(addr))
	}
	if err := s.canRun(); err != nil {
		return StopEvent{}, err
	}
	ev := s.forward(runSpec{hasTarget: true, target: addr})
	ev.Target = ev.Kind == StopDone
	return s.stopped(ev), nil
}

// stepBack steps back n steps, or until something stops it when n is 0.
func (s *Session) stepBack(n uint64) (StopEvent, error) {
	if s.backDepth() == 0 {
		return StopEvent{}, s.noHistory()
	}
	return s.stopped(s.reverse(n)), nil
}

// stopped records a run's stop for Status.
func (s *Session) stopped(ev StopEvent) StopEvent {
	s.last = ev
	return ev
}

// PointOptions are what makes a breakpoint or watchpoint stop only
// sometimes.
type PointOptions struct {
	// Cond is an expression in the debugger's language: stop only when it
	// is not zero (a condition that cannot be evaluated stops too).
	Cond string
	// HitCond counts the times the point is reached with Cond holding, this
	// one included, and stops only when the count satisfies it: "5" or
	// ">= 5" (from the fifth on), "> 5", "== 5", "< 5", "<= 5", "!= 5",
	// "% 5" (every fifth). Running backward ignores it: hits count what
	// the program did.
	HitCond string
	// Label is how the user named a breakpoint's place ("loop",
	// "fib.asm:7"), for listings; "" names it by its source line.
	Label string
}

// hitCond is a parsed HitCond.
type hitCond struct {
	op string
	n  int
}

func parseHitCond(text string) (*hitCond, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, nil
	}
	op := ">="
	for _, o := range []string{">=", "<=", "==", "!=", ">", "<", "%"} {
		if rest, ok := strings.CutPrefix(text, o); ok {
			op, text = o, strings.TrimSpace(rest)
			break
		}
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 0 || op == "%" && n == 0 {
		return nil, fmt.Errorf("bad hit condition %q: write a count (5), or >= 5, > 5, == 5, < 5, <= 5, != 5, %% 5", text)
	}
	return &hitCond{op, n}, nil
}

// holds reports whether hits satisfies the condition (nil always does).
func (h *hitCond) holds(hits int) bool {
	if h == nil {
		return true
	}
	switch h.op {
	case ">":
		return hits > h.n
	case "<":
		return hits < h.n
	case "<=":
		return hits <= h.n
	case "==":
		return hits == h.n
	case "!=":
		return hits != h.n
	case "%":
		return hits%h.n == 0
	}
	return hits >= h.n
}

// conditions parses a point's options.
func (s *Session) conditions(o PointOptions) (*expr, *hitCond, error) {
	var cond *expr
	if strings.TrimSpace(o.Cond) != "" {
		var err error
		if cond, err = parseExpr(o.Cond, s.prog.Debug); err != nil {
			return nil, nil, err
		}
	}
	hc, err := parseHitCond(o.HitCond)
	if err != nil {
		return nil, nil, err
	}
	return cond, hc, nil
}

// SetBreakpoint sets an enabled breakpoint on the instruction at addr.
func (s *Session) SetBreakpoint(addr uint32, o PointOptions) (Breakpoint, error) {
	defer s.acquire()()
	b, err := s.setBreakpoint(addr, o)
	if err != nil {
		return Breakpoint{}, err
	}
	return b.Breakpoint, nil
}

func (s *Session) setBreakpoint(addr uint32, o PointOptions) (*breakpoint, error) {
	if uint64(addr) >= uint64(len(s.prog.Code)) || s.code.size[addr] == 0 {
		return nil, fmt.Errorf("address %d is not the start of an instruction", int32(addr))
	}
	cond, hc, err := s.conditions(o)
	if err != nil {
		return nil, err
	}
	label := o.Label
	if label == "" {
		label = s.loc(addr)
	}
	b := s.addBreakpoint(addr, label, cond)
	b.hit, b.HitCond = hc, strings.TrimSpace(o.HitCond)
	return b, nil
}

// SetWatchpoint starts watching a register ("eax") or a memory word
// ("[count]", "[ebp-2]": the address is computed now).
func (s *Session) SetWatchpoint(expr string, o PointOptions) (Watchpoint, error) {
	defer s.acquire()()
	w, err := s.setWatchpoint(expr, o)
	if err != nil {
		return Watchpoint{}, err
	}
	return w.Watchpoint, nil
}

func (s *Session) setWatchpoint(expr string, o PointOptions) (*watchpoint, error) {
	cond, hc, err := s.conditions(o)
	if err != nil {
		return nil, err
	}
	w, err := s.addWatch(expr)
	if err != nil {
		return nil, err
	}
	w.cond, w.hit = cond, hc
	if cond != nil {
		w.Cond = cond.src
	}
	w.HitCond = strings.TrimSpace(o.HitCond)
	return w, nil
}

// SetConditions replaces a breakpoint's or watchpoint's Cond and HitCond.
func (s *Session) SetConditions(id int, o PointOptions) error {
	defer s.acquire()()
	return s.setConditions(id, o)
}

func (s *Session) setConditions(id int, o PointOptions) error {
	cond, hc, err := s.conditions(o)
	if err != nil {
		return err
	}
	src := ""
	if cond != nil {
		src = cond.src
	}
	hcText := strings.TrimSpace(o.HitCond)
	for _, b := range s.bps {
		if b.ID == id {
			b.cond, b.Cond, b.hit, b.HitCond = cond, src, hc, hcText
			return nil
		}
	}
	for _, w := range s.wps {
		if w.ID == id {
			w.cond, w.Cond, w.hit, w.HitCond = cond, src, hc, hcText
			return nil
		}
	}
	return fmt.Errorf("no breakpoint or watchpoint number %d", id)
}

// Delete deletes breakpoint or watchpoint id.
func (s *Session) Delete(id int) error {
	defer s.acquire()()
	if !s.pointExists(id) {
		return fmt.Errorf("no breakpoint or watchpoint number %d", id)
	}
	s.deletePoint(id)
	return nil
}

// Enable enables or disables breakpoint or watchpoint id.
func (s *Session) Enable(id int, on bool) error {
	defer s.acquire()()
	if !s.pointExists(id) {
		return fmt.Errorf("no breakpoint or watchpoint number %d", id)
	}
	s.enablePoint(id, on)
	return nil
}

// ResolveLocation turns a location as the user writes it into the address
// of an instruction: "" (eip), a line of the main file (7), FILE:LINE, a
// code label, or *EXPR. A line without code means the next one with code.
func (s *Session) ResolveLocation(loc string) (uint32, error) {
	defer s.acquire()()
	return s.resolveLoc(loc)
}

// Expression checks an expression of the debugger's language without
// evaluating it, and returns it as the debugger shows it.
func (s *Session) Expression(text string) (string, error) {
	e, err := parseExpr(text, s.prog.Debug)
	if err != nil {
		return "", err
	}
	return e.src, nil
}

// HistoryLimit returns how many steps stepping back can undo at most.
func (s *Session) HistoryLimit() int { return s.j.Limit() }

// Evaluate computes an expression of the debugger's language: registers,
// [addr] memory words, labels, numbers and C's operators.
func (s *Session) Evaluate(text string) (uint32, error) {
	defer s.acquire()()
	e, err := parseExpr(text, s.prog.Debug)
	if err != nil {
		return 0, err
	}
	return e.eval(s.c.Memory())
}

// Assignment is what Assign did: the word, its value before and now.
type Assignment struct {
	Addr     uint32 // a register's number or a memory address
	Old, New uint32
}

// Assign sets a register ("eax") or memory word ("[count]") to the value
// of an expression. Stepping back undoes it in its place in the timeline;
// setting eip goes on from an end, a hlt or a fault.
func (s *Session) Assign(target, value string) (Assignment, error) {
	defer s.acquire()()
	return s.assign(target, value)
}

// assign is Assign for a caller holding the session.
func (s *Session) assign(target, value string) (Assignment, error) {
	lhs, err := parseExpr(target, s.prog.Debug)
	if err != nil {
		return Assignment{}, err
	}
	addr, err := s.place(lhs, "set")
	if err != nil {
		return Assignment{}, err
	}
	rhs, err := parseExpr(value, s.prog.Debug)
	if err != nil {
		return Assignment{}, err
	}
	v, err := rhs.eval(s.c.Memory())
	if err != nil {
		return Assignment{}, err
	}
	return s.setWord(addr, v)
}

// SetWord sets a register (by its number, memory.EAX...) or a memory word
// to v, as Assign does: stepping back undoes it, and setting eip goes on
// from an end, a hlt or a fault.
func (s *Session) SetWord(addr, v uint32) (Assignment, error) {
	defer s.acquire()()
	if uint64(addr) >= uint64(s.c.Memory().Size()) {
		return Assignment{}, fmt.Errorf("address %d is outside memory (0..%d)", int32(addr), s.c.Memory().Size()-1)
	}
	return s.setWord(addr, v)
}

func (s *Session) setWord(addr, v uint32) (Assignment, error) {
	s.rejoin() // a set between two chunks of a run: the journal must see it in its place
	mem := s.c.Memory()
	old, _ := mem.Load(addr)
	rec := setRecord{steps: s.c.Steps(), addr: addr, old: old, oldState: s.c.State(), oldFault: s.c.Fault()}
	if addr == uint32(memory.EIP) {
		if !s.c.SetEIP(v) {
			return Assignment{}, fmt.Errorf("set: %d is not the address of an instruction (or the end of the code, %d)", int32(v), len(s.prog.Code))
		}
		s.last = StopEvent{}
	} else {
		_ = mem.Store(addr, v) // the caller checked the address
	}
	s.pruneSets()
	s.sets = append(s.sets, rec)
	s.changed = []cpu.Change{{Addr: addr, Old: old}}
	s.syncWatches()
	return Assignment{Addr: addr, Old: old, New: v}, nil
}
