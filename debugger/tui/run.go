package tui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"cpu32/debugger"
	"cpu32/debugger/cmdlang"
	"cpu32/isa"
)

// progressInterval is how often the status line shows a running
// program's step count: 20 times a second.
const progressInterval = 50 * time.Millisecond

// frameInterval is how often the panes show a running program's state:
// a few times a second, enough to watch output and registers move.
const frameInterval = 250 * time.Millisecond

// commandEntered runs a line typed in the command line. The line stays
// open after a command (the status line's hint says so), so a ':' typed
// out of habit before the next one is dropped.
func (u *UI) commandEntered(line string) {
	if u.resume != "" {
		u.inputEntered(line)
		return
	}
	if t := strings.TrimSpace(line); strings.HasPrefix(t, ":") && len(t) > 1 {
		line = strings.TrimSpace(t[1:])
	}
	if c, arg, ok := findUICommand(line); ok {
		u.cmdOut.appendText("(cpu32) " + line)
		u.status.setMessage("")
		out, err := c.run(u, arg)
		u.showResult(out, err)
		return
	}
	u.execute(line, true)
}

// execute runs an engine command line, typed or from a key.
func (u *UI) execute(line string, typed bool) {
	if u.running {
		return
	}
	echo := "(cpu32) " + line
	if typed {
		u.cmdOut.appendText(echo)
		echo = ""
	}
	u.start(echo, line, !cmdlang.IsRunning(line) || u.singleStep(line), func() (string, error) { return u.cmds.Exec(line) })
}

// start runs f, a command or a typed run: at once when it is quick, else
// on its own goroutine, so that the UI stays responsive and the user can
// interrupt it. echo, when not empty, names it in the commands pane before
// its output; line is the command f is, which runs again after the input
// the program waits for, if it does.
func (u *UI) start(echo, line string, quick bool, f func() (string, error)) {
	if u.running {
		return
	}
	u.status.setMessage("")
	if quick {
		out, err := f()
		u.finish(echo, out, err)
		u.afterRun(line)
		return
	}
	u.running = true
	u.quitAsked = false
	u.runGen++
	gen := u.runGen
	u.status.setRunning(u.s.Progress())
	done, ticked := make(chan struct{}), make(chan struct{})
	go u.tick(gen, u.mem.start, done, ticked)
	go func() {
		out, err := f()
		close(done)
		<-ticked // the session is the UI goroutine's again
		u.app.QueueUpdateDraw(func() {
			u.running = false
			u.status.setMessage("") // "pausing…" is over
			u.finish(echo, out, err)
			if u.quitAsked {
				u.status.setMessage("paused; press q again to quit")
			}
			u.afterRun(line)
		})
	}()
}

// runOp is a key's typed run: name is the command it is, for the commands
// pane; quick says whether it runs at once.
type runOp struct {
	name  string
	quick func(u *UI) bool
	run   func(s *debugger.Session) (debugger.StopEvent, error)
}

func always(*UI) bool { return true }
func never(*UI) bool  { return false }

// typedRun returns a key's handler that runs op.
func typedRun(op runOp) func(u *UI) {
	return func(u *UI) {
		u.start("(cpu32) "+op.name, op.name, op.quick(u), func() (string, error) {
			if _, err := op.run(u.s); err != nil {
				return "", err
			}
			return u.cmds.Report(), nil
		})
	}
}

// overCall reports whether next would run a call: then it may take long.
func (u *UI) overCall() bool {
	c := u.s.CPU()
	d, err := c.Decoded(c.EIP())
	return err == nil && d.In.Op == isa.Call
}

// singleStep reports whether line runs exactly one instruction forward or
// back. Such a command cannot take long, so it runs at once: a key held
// down then steps at the keyboard's repeat rate instead of losing the keys
// that arrive while a goroutine would run it. next is one such command
// unless eip is on a call.
func (u *UI) singleStep(line string) bool {
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "step", "s", "si", "stepi", "reverse-step", "rs":
		return true
	case "next", "n", "ni", "nexti":
		c := u.s.CPU()
		d, err := c.Decoded(c.EIP())
		return err == nil && d.In.Op != isa.Call
	}
	return false
}

// tick shows the running command's progress until done is closed, then
// closes ticked: the step count often, and the panes, read between two
// chunks of the run (the memory pane's from memStart), a few times a
// second.
func (u *UI) tick(gen int, memStart uint32, done <-chan struct{}, ticked chan<- struct{}) {
	defer close(ticked)
	t := time.NewTicker(progressInterval)
	defer t.Stop()
	last := time.Now()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			var f *frame
			if time.Since(last) >= frameInterval {
				last = time.Now()
				u.s.Peek(func() {
					fr := readFrame(u.s, memStart)
					f = &fr
				})
			}
			n := u.s.Progress()
			u.app.QueueUpdateDraw(func() {
				if u.running && u.runGen == gen {
					if f != nil {
						u.show(*f)
					}
					u.status.setRunning(n)
				}
			})
		}
	}
}

// finish shows a command's result and redraws every pane from the
// session. echo, when not empty, names a key's command in the command
// output before its output.
func (u *UI) finish(echo, out string, err error) {
	if errors.Is(err, cmdlang.ErrQuit) {
		u.quit()
		return
	}
	if echo != "" && (out != "" || err != nil) {
		u.cmdOut.appendText(echo)
	}
	u.refresh()
	u.showResult(out, err)
}

// showResult puts a command's output in the command output pane and its
// error, as one line, in the status line.
func (u *UI) showResult(out string, err error) {
	if out != "" {
		u.cmdOut.appendText(out)
	}
	if err != nil {
		u.cmdOut.appendText("error: " + err.Error())
		u.status.setErrorShown(err.Error())
	}
}

// runToCursor runs to the source pane's cursor line.
func (u *UI) runToCursor() {
	line, ok := u.source.cursorLine()
	name, addr := "", line.addr
	switch {
	case !ok:
		return
	case u.source.list.file != "":
		name = fmt.Sprintf("until %s:%d", u.source.list.file, line.num)
		a, found := u.s.AddrOfLine(u.source.list.file, line.num)
		if !found {
			u.status.setError(fmt.Sprintf("no code at or below line %d of %s", line.num, u.source.list.file))
			return
		}
		addr = a
	case line.hasAddr:
		name = fmt.Sprintf("until *%d", line.addr)
	default:
		u.status.setError("the cursor is not on an instruction")
		return
	}
	typedRun(runOp{name: name, quick: never, run: func(s *debugger.Session) (debugger.StopEvent, error) { return s.RunTo(addr) }})(u)
}

// toggleBreakpoint sets a breakpoint on the cursor's line, or deletes the
// ones there.
func (u *UI) toggleBreakpoint() {
	line, ok := u.source.cursorLine()
	if !ok {
		return
	}
	u.status.setMessage("")
	if file := u.source.list.file; file != "" {
		msg, err := u.s.ToggleBreakpointAtLine(file, line.num)
		u.refresh()
		if err != nil {
			u.status.setError(err.Error())
		} else {
			u.status.setMessage(msg)
		}
		return
	}
	if !line.hasAddr {
		u.status.setError("the cursor is not on an instruction")
		return
	}
	// A disassembly has no lines: toggle by address.
	var msg string
	var err error
	for _, b := range u.s.Breakpoints() {
		if b.Addr == line.addr {
			err = u.s.Delete(b.ID)
			msg = fmt.Sprintf("deleted breakpoint %d", b.ID)
			break
		}
	}
	if msg == "" {
		var b debugger.Breakpoint
		b, err = u.s.SetBreakpoint(line.addr, debugger.PointOptions{Label: fmt.Sprintf("*%d", line.addr)})
		msg = fmt.Sprintf("breakpoint %d at eip %d (eip %d)", b.ID, b.Addr, b.Addr)
	}
	u.refresh()
	if err != nil {
		u.status.setError(err.Error())
	} else {
		u.status.setMessage(msg)
	}
}
