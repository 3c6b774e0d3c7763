package dap

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"time"

	"github.com/google/go-dap"

	"cpu32/cpu"
)

// onRun answers a request that moves the program, then moves it on the run
// goroutine, whose stop is reported with events. What cannot move is
// refused at once: stepping back at the start, stepping out of no call.
// A forward move from a program that has ended or faulted ends the
// session, as continuing after an unrecovered fault does in other
// debuggers.
func (s *Server) onRun(r *dap.Request, op RunOp, resp dap.ResponseMessage) error {
	if !s.configured {
		return errors.New("send configurationDone first")
	}
	if s.isRunning() {
		return errRunning
	}
	c := s.eng.CPU()
	if op != StepBack && op != ReverseContinue && c.State() != cpu.Ready {
		s.out.send(resp)
		s.end(exitCode(c))
		return nil
	}
	if err := s.eng.Check(op); err != nil {
		return err
	}
	s.out.send(resp)
	s.startRun(op)
	return nil
}

// startRun moves the program on a goroutine that owns the engine until the
// run stops; it then reports the stop, unless the request loop holds the
// report to resume the run (see whilePaused).
func (s *Server) startRun(op RunOp) {
	s.mu.Lock()
	s.running, s.runOp, s.pauseWanted = true, op, false
	done := make(chan struct{})
	s.runDone = done
	s.mu.Unlock()
	go func() {
		defer close(done)
		var st Stop
		var err error
		stream := s.streamOutput()
		// A step over or out ends at this many frames; a log point met
		// deeper, inside a call, logs, and the step goes on by finishing
		// the frame it is to return from.
		target, finish := len(s.eng.Frames()), -1
		if op == StepOut {
			target--
		}
		for retried := false; ; {
			if finish >= 0 {
				st, err = s.eng.FinishFrame(finish)
				finish = -1
			} else {
				st, err = s.eng.Run(op)
			}
			if err == nil && s.launch.NoDebug && (st.Kind == StopBreakpoint || st.Kind == StopWatch) {
				op = Continue
				continue
			}
			// A log point logs (going forward, not back) and, unless a
			// breakpoint stops there too, the run goes on.
			if logs, rest := s.logStop(st); err == nil && len(logs) > 0 {
				if op != StepBack && op != ReverseContinue {
					s.logPoints(logs)
				}
				if st = rest; len(rest.IDs) > 0 {
					break
				}
				switch d := len(s.eng.Frames()); {
				case op == Continue || op == ReverseContinue:
					continue
				case (op == StepOver || op == StepOut) && d > target:
					finish = d - target - 1
					continue
				}
				st = Stop{Kind: StopDone} // the step ended on it
			}
			// A pause nobody asked for during this run is an interrupt
			// that came after the previous run had ended: the engine
			// kept it for the next one, this. Go on with the run.
			s.mu.Lock()
			stale := err == nil && st.Kind == StopPause && !s.pauseWanted && !retried
			s.mu.Unlock()
			if !stale {
				break
			}
			retried = true // the engine keeps one interrupt, not more
		}
		stream()
		msgs := s.stopEvents(op, st, err)
		s.mu.Lock()
		s.running = false
		hold := s.hold
		if hold {
			s.held, s.heldStop = msgs, st
		}
		s.mu.Unlock()
		if !hold {
			for _, m := range msgs {
				s.out.send(m)
			}
		}
	}()
}

// streamInterval is how often a run's new output is sent while it runs.
const streamInterval = 100 * time.Millisecond

// maxStreamed bounds the output sent at each interval.
const maxStreamed = 64 << 10

// streamOutput sends the program's output while a run goes on, as a
// terminal would show it; the returned func stops it, before the stop is
// reported. Only the run goroutine and this one, never both at once (the
// engine's Peek sees to it), touch what has been sent.
func (s *Server) streamOutput() (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(streamInterval)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				var text string
				s.eng.Peek(func() { text, _ = s.newOutput() })
				if n := len(text); n > maxStreamed {
					// An editor's console cannot keep up with a program
					// that prints megabytes a second: show the latest.
					s.console("(%d bytes of output not shown)\n", n-maxStreamed)
					text = text[n-maxStreamed:]
				}
				if text != "" {
					s.output("stdout", text)
				}
			}
		}
	}()
	return func() {
		close(quit)
		<-done
	}
}

// interrupt asks the running program to stop, and reports whether one was
// running (then done closes when it has stopped). The engine's Interrupt
// stops a run that has not reached the engine yet too.
func (s *Server) interrupt() (done chan struct{}, running bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running {
		s.pauseWanted = true
		s.eng.Interrupt()
	}
	return s.runDone, s.running
}

// whilePaused runs a request that changes breakpoints. Editors send those
// while the program runs (a click in the gutter): the run is interrupted,
// the change made, and a continue resumed; any other stop is reported.
func (s *Server) whilePaused(fn func() error) error {
	s.mu.Lock()
	op := s.runOp
	s.hold = true
	s.mu.Unlock()
	done, running := s.interrupt()
	if !running {
		s.mu.Lock()
		s.hold = false
		s.mu.Unlock()
		return fn()
	}
	<-done
	s.mu.Lock()
	held, st := s.held, s.heldStop
	s.hold, s.held = false, nil
	s.mu.Unlock()
	err := fn()
	if st.Kind == StopPause && (op == Continue || op == ReverseContinue) {
		s.startRun(op)
		return err
	}
	for _, m := range held {
		s.out.send(m)
	}
	return err
}

// stopEvents builds what the client is told when a run stops: the
// program's new output, then stopped, or exited and terminated at the end.
// It runs on the run goroutine while it still owns the engine.
func (s *Server) stopEvents(op RunOp, st Stop, err error) []dap.Message {
	var msgs []dap.Message
	out := func(category, text string) {
		msgs = append(msgs, &dap.OutputEvent{Event: event("output"), Body: dap.OutputEventBody{Category: category, Output: text}})
	}
	if text, took := s.newOutput(); text != "" {
		out("stdout", text)
	} else if took > 0 {
		out("console", fmt.Sprintf("(stepping back took back %d bytes of the program's output)\n", took))
	}
	stopped := func(reason, desc, text string, ids []int) {
		msgs = append(msgs, &dap.StoppedEvent{Event: event("stopped"), Body: dap.StoppedEventBody{
			Reason: reason, Description: desc, Text: text, ThreadId: threadID, AllThreadsStopped: true, HitBreakpointIds: ids}})
	}
	if err != nil {
		out("console", err.Error()+"\n")
		stopped("step", err.Error(), "", nil)
		return msgs
	}
	c := s.eng.CPU()
	switch st.Kind {
	case StopDone:
		stopped("step", "", "", nil)
	case StopBreakpoint:
		reason := "breakpoint"
		if len(st.IDs) > 0 && s.points.kind[st.IDs[0]] == instructionPoint {
			reason = "instruction breakpoint"
		}
		if st.Text != "" {
			out("console", st.Text+"\n")
		}
		stopped(reason, "", st.Text, st.IDs)
	case StopWatch:
		out("console", st.Text+"\n")
		stopped("data breakpoint", "", st.Text, st.IDs)
	case StopPause:
		stopped("pause", "", "", nil)
	case StopInput:
		msg := "the program waits for input: type input TEXT in the debug console (input -end ends the input), then continue"
		out("console", msg+"\n")
		stopped("pause", "waiting for input", msg, nil)
	case StopHistory:
		out("console", st.Text+"\n")
		stopped("step", st.Text, "", nil)
	case StopCompiled:
		out("console", st.Text+"\n")
		stopped("pause", "compiled code failed", st.Text, nil)
	case StopFault:
		f := st.Fault
		if f == nil {
			f = c.Fault()
		}
		line := faultLine(s, f)
		out("stderr", line+"\n")
		if s.stopOnFault.Load() && !s.launch.NoDebug && c.State() == cpu.Faulted {
			stopped("exception", "fault: "+f.Kind.String(), line, nil)
			break
		}
		msgs = append(msgs, s.endEvents(1)...)
	case StopEnd, StopHalt:
		if st.Text != "" {
			out("console", st.Text+"\n")
		}
		msgs = append(msgs, s.endEvents(exitCode(c))...)
	}
	return msgs
}

// faultLine says what `cpu32 run` says of a fault: its kind, where, and
// why.
func faultLine(s *Server, f *cpu.Fault) string {
	src, line := s.where(f.EIP)
	where := fmt.Sprintf("eip %d", f.EIP)
	if src != nil {
		where = fmt.Sprintf("%s:%d (eip %d)", src.Name, line, f.EIP)
	}
	return fmt.Sprintf("fault: %s at %s: %s", f.Kind, where, f.Msg)
}

// endEvents are exited and terminated, once per session.
func (s *Server) endEvents(code int) []dap.Message {
	if s.terminated {
		return nil
	}
	s.terminated = true
	return []dap.Message{
		&dap.ExitedEvent{Event: event("exited"), Body: dap.ExitedEventBody{ExitCode: code}},
		&dap.TerminatedEvent{Event: event("terminated")},
	}
}

// exitCode is `cpu32 run`'s exit status for where the machine stands: 1
// after a fault, else 0.
func exitCode(c *cpu.CPU) int {
	if c.State() == cpu.Faulted {
		return 1
	}
	return 0
}

func (s *Server) onPause(req *dap.PauseRequest) {
	s.interrupt()
	s.out.send(&dap.PauseResponse{Response: response(&req.Request)})
}

// onRestart starts the program again: memory, output and history reset,
// breakpoints kept. A program whose files changed since the launch is
// reassembled first, as a restart after an edit expects; one that no
// longer assembles is an error, and the old program stays.
func (s *Server) onRestart(req *dap.RestartRequest) error {
	if !s.configured {
		return errors.New("send configurationDone first")
	}
	wasRunning := s.isRunning()
	s.stopRun()
	a := s.launch
	s.background(&req.Request, func() func() error {
		l, err := a.resolve()
		return func() error { return s.restartDone(req, wasRunning, l, err) }
	})
	return nil
}

// restartDone restarts the program once its files are read again: the
// same program starts again, an edited one is reloaded.
func (s *Server) restartDone(req *dap.RestartRequest, wasRunning bool, l Launch, err error) error {
	var moves []dap.Message
	if err == nil && !reflect.DeepEqual(l.Program, s.eng.Program()) {
		var notes string
		before := s.breakpointLines()
		if notes, err = s.eng.Reload(l.Program); err == nil {
			s.findSources()
			s.console("%s\n", notes)
			if l.Warnings != "" {
				s.console("%s\n", l.Warnings)
			}
			moves = s.moves(before)
		}
	} else if err == nil {
		err = s.eng.Restart()
	}
	if err != nil {
		var le *loadError
		if errors.As(err, &le) {
			s.output("stderr", le.diagnostics+"\n")
		}
		if wasRunning {
			s.out.send(&dap.StoppedEvent{Event: event("stopped"), Body: dap.StoppedEventBody{
				Reason: "pause", ThreadId: threadID, AllThreadsStopped: true}})
		}
		return fmt.Errorf("the program did not reload; the old one is still loaded: %w", err)
	}
	s.sent = 0
	s.terminated = false
	s.out.send(&dap.RestartResponse{Response: response(&req.Request)})
	for _, m := range moves {
		s.out.send(m)
	}
	s.begin()
	return nil
}

// breakpointLines maps each breakpoint's id to its source line (0 for
// none).
func (s *Server) breakpointLines() map[int]int {
	out := map[int]int{}
	for id, addr := range s.eng.Breakpoints() {
		_, out[id] = s.where(addr)
	}
	return out
}

// moves are the events that tell the client of the source breakpoints a
// reload moved to another line or deleted.
func (s *Server) moves(before map[int]int) []dap.Message {
	after := s.eng.Breakpoints()
	var msgs []dap.Message
	ids := make([]int, 0, len(before))
	for id := range before {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		addr, ok := after[id]
		b := dap.Breakpoint{Id: id}
		reason := "removed"
		if ok {
			b.Source, b.Line = s.where(addr)
			if b.Line == before[id] || s.points.kind[id] != sourcePoint {
				continue
			}
			reason, b.Verified, b.InstructionReference = "changed", true, strconv.FormatUint(uint64(addr), 10)
		} else {
			delete(s.points.kind, id)
		}
		msgs = append(msgs, &dap.BreakpointEvent{Event: event("breakpoint"), Body: dap.BreakpointEventBody{Reason: reason, Breakpoint: b}})
	}
	return msgs
}
