package dap

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"cpu32/cpu"
	"cpu32/debugger"
	"cpu32/debugger/cmdlang"
	"cpu32/image"
)

// SessionEngine is a NewEngine: the debugger package's session over the
// launched program.
func SessionEngine(l Launch) (Engine, error) { return sessionEngine(l) }

// SessionEngineWith is SessionEngine with the sessions' options: `cpu32
// dap`'s, which choose what runs long continues (--engine).
func SessionEngineWith(opts ...debugger.Option) NewEngine {
	return func(l Launch) (Engine, error) { return sessionEngine(l, opts...) }
}

// sessionEngine is SessionEngine with the session's options.
func sessionEngine(l Launch, opts ...debugger.Option) (Engine, error) {
	s, err := debugger.NewSession(l.Program, l.Config, opts...)
	if err != nil {
		return nil, err
	}
	return &session{s: s, interp: cmdlang.New(s)}, nil
}

// session adapts a debugger.Session's typed API to Engine; the debug
// console's commands go to the command language.
type session struct {
	s      *debugger.Session
	interp *cmdlang.Interp
}

func (e *session) Program() *image.Program { return e.s.Program() }
func (e *session) CPU() *cpu.CPU           { return e.s.CPU() }
func (e *session) Interrupt()              { e.s.Interrupt() }
func (e *session) Restart() error          { return e.s.Restart() }
func (e *session) Delete(id int) error     { return e.s.Delete(id) }
func (e *session) Close() error            { return e.s.Close() }

func (e *session) OutputSize() uint64 {
	total, _ := e.s.OutputSize()
	return total
}

func (e *session) OutputFrom(off uint64) (string, uint64) { return e.s.OutputFrom(off) }
func (e *session) Peek(f func())                          { e.s.Peek(f) }
func (e *session) Evaluate(expr string) (uint32, error)   { return e.s.Evaluate(expr) }

func (e *session) SetWord(addr, v uint32) error {
	_, err := e.s.SetWord(addr, v)
	return err
}

func (e *session) Frames() []debugger.Frame { return e.s.Frames() }

func (e *session) Reload(p *image.Program) (string, error) { return e.s.Reload(p) }

func (e *session) Breakpoints() map[int]uint32 {
	out := map[int]uint32{}
	for _, b := range e.s.Breakpoints() {
		out[b.ID] = b.Addr
	}
	return out
}

func (e *session) AddBreakpoint(addr uint32, cond, hit string) (int, error) {
	b, err := e.s.SetBreakpoint(addr, debugger.PointOptions{Cond: cond, HitCond: hit})
	return b.ID, err
}

func (e *session) AddWatchpoint(place, cond, hit string) (Watch, error) {
	w, err := e.s.SetWatchpoint(place, debugger.PointOptions{Cond: cond, HitCond: hit})
	return Watch{ID: w.ID, Addr: w.Addr}, err
}

// Check says why op cannot start, as the run itself would.
func (e *session) Check(op RunOp) error {
	c := e.s.CPU()
	switch op {
	case StepBack, ReverseContinue:
		if e.s.Status().BackDepth > 0 {
			return nil
		}
		if c.Steps() == 0 {
			return errors.New("cannot step back: at the start of the program")
		}
		return errors.New("cannot step back: no recorded history is left")
	case StepOut:
		if c.State() == cpu.Ready && c.StackDepth() <= 0 {
			return errors.New("cannot step out: not inside a call (the stack is empty)")
		}
	}
	return nil
}

// Run moves the program with the session's typed runs.
func (e *session) Run(op RunOp) (Stop, error) {
	var ev debugger.StopEvent
	var err error
	switch op {
	case StepIn:
		ev, err = e.s.Step(1)
	case StepOver:
		ev, err = e.s.Next(1)
	case StepOut:
		ev, err = e.s.Finish()
	case Continue:
		ev, err = e.s.Continue()
	case StepBack:
		ev, err = e.s.StepBack(1)
	case ReverseContinue:
		ev, err = e.s.ReverseContinue()
	default:
		return Stop{}, fmt.Errorf("unknown run %d", op)
	}
	if err != nil {
		return Stop{}, err
	}
	return e.stop(ev), nil
}

// FinishFrame selects frame n and finishes it.
func (e *session) FinishFrame(n int) (Stop, error) {
	if err := e.s.SelectFrame(n); err != nil {
		return Stop{}, err
	}
	ev, err := e.s.Finish()
	if err != nil {
		return Stop{}, err
	}
	return e.stop(ev), nil
}

// stop turns the session's stop event into the server's, with a line of
// text for the console where the editor shows nothing of its own.
func (e *session) stop(ev debugger.StopEvent) Stop {
	c := e.s.CPU()
	st := Stop{Fault: ev.Fault}
	switch ev.Kind {
	case debugger.StopDone:
		st.Kind = StopDone
	case debugger.StopBreakpoint:
		st.Kind, st.IDs = StopBreakpoint, ev.Breakpoints
		if ev.CondErr != nil {
			st.Text = fmt.Sprintf("the breakpoint's condition cannot be evaluated: %v", ev.CondErr)
		}
	case debugger.StopWatchpoint:
		st.Kind = StopWatch
		var msgs []string
		for _, w := range ev.Watches {
			st.IDs = append(st.IDs, w.ID)
			msgs = append(msgs, fmt.Sprintf("watch %d: %s %d -> %d", w.ID, w.Expr, int32(w.Old), int32(w.New)))
		}
		st.Text = strings.Join(msgs, "; ")
	case debugger.StopFault, debugger.StopStepLimit:
		st.Kind = StopFault
	case debugger.StopEnd:
		st.Kind, st.Text = StopEnd, fmt.Sprintf("the program ended after %d steps", c.Steps())
	case debugger.StopHalt:
		st.Kind, st.Text = StopHalt, fmt.Sprintf("the program halted (hlt) after %d steps", c.Steps())
	case debugger.StopPause:
		st.Kind = StopPause
	case debugger.StopInput:
		st.Kind = StopInput
	case debugger.StopCompiled:
		st.Kind, st.Text = StopCompiled, ev.CompiledFailure()
	case debugger.StopHistory:
		st.Kind, st.Text = StopHistory, "reached the start of the recorded history"
		if c.Steps() == 0 {
			st.Text = "reached the start of the program"
		}
	}
	return st
}

// EntryStop asks the engine whether a breakpoint on the instruction at
// eip stops there (a run starting there would pass it).
func (e *session) EntryStop() (Stop, bool) {
	ev, ok := e.s.BreakHere()
	return e.stop(ev), ok
}

// Command runs a line of the debugger's command language, except the
// commands that move the program.
func (e *session) Command(line string) (string, error) {
	name, _, _ := strings.Cut(strings.TrimSpace(line), " ")
	name = strings.ToLower(name)
	known := false
	for _, c := range cmdlang.Commands() {
		if c.Name == name || slices.Contains(c.Aliases, name) {
			known = true
		}
	}
	switch {
	case !known:
		return "", ErrUnknownCommand
	case cmdlang.IsRunning(line):
		return "", ErrRunningCommand
	}
	out, err := e.interp.Exec(line)
	if errors.Is(err, cmdlang.ErrQuit) {
		return "", errors.New("to end the session, use the editor's stop button")
	}
	return out, err
}

func (e *session) Commands() []CommandName {
	var out []CommandName
	for _, c := range cmdlang.Commands() {
		out = append(out, CommandName{Name: c.Name, Help: c.Usage + ": " + c.Help})
	}
	return out
}
