package debugger

import (
	"fmt"
	"strings"

	"cpu32/cpu"
)

// StopKind says why a run stopped.
type StopKind int

// The kinds of stop. StopDone means the run did what it was asked: its
// steps ran, it reached its target, or the call returned.
const (
	StopDone       StopKind = iota
	StopBreakpoint          // an enabled breakpoint whose conditions hold
	StopWatchpoint          // a watched word changed
	StopFault               // the program faulted (Fault says how)
	StopEnd                 // eip ran past the last instruction
	StopHalt                // hlt
	StopPause               // Interrupt
	StopStepLimit           // the machine's step limit (Fault has kind cpu.StepLimit)
	StopInput               // rdn or rdc waits for input that has not come
	StopHistory             // stepping back reached the start of the program or of the kept history
	// StopCompiled: compiled code failed (a trap in it, a bug in cpu32's
	// compiling tier; Err says which). The machine is as the interpreter
	// has it before the failing code ran, and runs interpret from then on.
	StopCompiled
)

var stopNames = [...]string{"done", "breakpoint", "watchpoint", "fault", "end", "halt", "pause", "step-limit", "input", "history", "compiled-code-failed"}

// String names the kind: "done", "breakpoint", "fault" and so on.
func (k StopKind) String() string {
	if int(k) < len(stopNames) {
		return stopNames[k]
	}
	return fmt.Sprintf("stop(%d)", int(k))
}

// Location is a place in the program: an address and, when the program
// has source information for it, its file and line.
type Location struct {
	EIP  uint32
	File string // "" when unknown
	Line int
}

// String names the place in messages: "fib.asm:7", or "eip 12" when the
// program has no source line for it.
func (l Location) String() string {
	if l.File == "" {
		return fmt.Sprintf("eip %d", l.EIP)
	}
	return fmt.Sprintf("%s:%d", l.File, l.Line)
}

// WatchHit is one watched word that changed.
type WatchHit struct {
	ID       int
	Expr     string
	Addr     uint32
	Old, New uint32
}

// StopEvent is how a run ended: what every typed run returns, and what
// front ends (the command language, the UI, a DAP server) turn into words
// or protocol messages.
type StopEvent struct {
	Kind        StopKind
	Breakpoints []int      // StopBreakpoint: the breakpoints whose stop this is
	CondErr     error      // StopBreakpoint: the condition could not be evaluated, which stops too
	Watches     []WatchHit // StopWatchpoint: the words that changed
	Fault       *cpu.Fault // StopFault, StopStepLimit
	State       cpu.State  // the machine's state now: a watched change may also end the program
	Location    Location   // where eip is now
	Steps       uint64     // the instructions the run executed, or undid when it went back
	Back        bool       // the run went backward
	Returned    bool       // StopDone of Finish: the call returned
	Target      bool       // StopDone of RunTo: the target was reached
	Err         error      // StopCompiled: how the compiled code failed
}

// CompiledFailure is what front ends say of a StopCompiled stop: where,
// why, and that the machine shown is the one from before the failing
// code (one source for the status line, the console and DAP).
func (ev StopEvent) CompiledFailure() string {
	where := ev.Location.String()
	if ev.Location.File != "" {
		where += fmt.Sprintf(" (eip %d)", ev.Location.EIP)
	}
	why := "unknown error"
	if ev.Err != nil { // a wasm trap's message goes on with its stack
		why, _, _ = strings.Cut(ev.Err.Error(), "\n")
	}
	return fmt.Sprintf("compiled code failed at %s: %s (a bug in cpu32); shown as before that code ran, and the interpreter runs from here on", where, why)
}

// stateStop is the stop of a machine that is no longer ready.
func (s *Session) stateStop() StopEvent {
	switch s.c.State() {
	case cpu.Ended:
		return StopEvent{Kind: StopEnd}
	case cpu.Halted:
		return StopEvent{Kind: StopHalt}
	case cpu.Faulted:
		f := s.c.Fault()
		if f.Kind == cpu.StepLimit {
			return StopEvent{Kind: StopStepLimit, Fault: f}
		}
		return StopEvent{Kind: StopFault, Fault: f}
	}
	return StopEvent{Kind: StopDone}
}

// located completes a run's event with where the machine is now.
func (s *Session) located(ev StopEvent, steps uint64, back bool) StopEvent {
	ev.State, ev.Steps, ev.Back = s.c.State(), steps, back
	ev.Location = s.Location(s.c.EIP())
	return ev
}

// Location returns the source position of addr.
func (s *Session) Location(addr uint32) Location {
	l := Location{EIP: addr}
	if f, line, ok := s.Where(addr); ok {
		l.File, l.Line = f, line
	}
	return l
}
