package debugger

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"cpu32/backtrace"
	"cpu32/profile"
)

// Frame is one frame of the running program, as backtrace lists it: #0 is
// the function eip is in, each next one the function that called it, and
// the last the main code, which nothing called. Addr is where the frame
// stands: eip for #0, the call it is making for the others.
type Frame struct {
	N        int
	Function string // the label called; "(main)" for the main code
	Addr     uint32
	File     string // "" without debug information
	Line     int
}

// MainFunction names the frame of the main code.
const MainFunction = "(main)"

// selection is the frame that frame, up and down chose. It holds only
// while the machine stays where it was: any step moves it back to #0.
type selection struct {
	n     int
	steps uint64
	eip   uint32
}

// Frames returns the program's frames, innermost first, from the machine's
// shadow call stack (see cpu.CallStack).
func (s *Session) Frames() []Frame {
	calls := backtrace.Of(s.c)
	frames := make([]Frame, 0, len(calls)+1)
	addr := s.c.EIP()
	for i := 0; i <= len(calls); i++ {
		name := MainFunction
		if i < len(calls) {
			name = calls[i].Function
		}
		f := Frame{N: i, Function: name, Addr: addr}
		f.File, f.Line, _ = s.Where(addr)
		frames = append(frames, f)
		if i < len(calls) {
			addr = calls[i].Site
		}
	}
	return frames
}

// SelectedFrame returns the frame frame, up or down selected (0 when the
// machine has moved since).
func (s *Session) SelectedFrame() int {
	if s.sel.steps != s.c.Steps() || s.sel.eip != s.c.EIP() {
		return 0
	}
	return s.sel.n
}

func (s *Session) selectFrame(n int) (string, error) {
	frames := s.Frames()
	if n < 0 || n >= len(frames) {
		return "", fmt.Errorf("no frame #%d: the frames are #0 to #%d", n, len(frames)-1)
	}
	s.sel = selection{n: n, steps: s.c.Steps(), eip: s.c.EIP()}
	return s.frameLine(frames[n]), nil
}

// frameLine is one line of backtrace: "#1 fact at fact.asm:14".
func (s *Session) frameLine(f Frame) string {
	return fmt.Sprintf("#%d %s at %s", f.N, f.Function, s.loc(f.Addr))
}

// minFoldedFrames is how many identical frames in a row backtrace lists
// before it folds them into one line.
const minFoldedFrames = 4

func (s *Session) cmdBacktrace(args string) (string, error) {
	if args != "" {
		return "", errors.New("usage: backtrace")
	}
	frames := s.Frames()
	sel := s.SelectedFrame()
	var b strings.Builder
	for i := 0; i < len(frames); {
		j := i + 1
		for j < len(frames) && frames[j].Function == frames[i].Function && frames[j].Addr == frames[i].Addr {
			j++
		}
		mark := "  "
		if sel >= i && sel < j {
			mark = "→ "
		}
		if j-i >= minFoldedFrames {
			// Short enough for the debugger's narrow commands pane:
			// "#1-5 down at down.asm:9 x5".
			fmt.Fprintf(&b, "%s#%d-%d %s at %s x%s\n", mark, i, j-1, frames[i].Function, s.loc(frames[i].Addr),
				backtrace.Commas(uint64(j-i)))
			i = j
			continue
		}
		for ; i < j; i++ {
			mark := "  "
			if i == sel {
				mark = "→ "
			}
			fmt.Fprintf(&b, "%s%s\n", mark, s.frameLine(frames[i]))
		}
	}
	if n := s.c.Forgotten(); n > 0 {
		fmt.Fprintf(&b, "  (%s outer calls not kept)\n", backtrace.Commas(n))
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

func (s *Session) cmdFrame(args string) (string, error) {
	if args == "" {
		return s.frameLine(s.Frames()[s.SelectedFrame()]), nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(args, "#"))
	if err != nil {
		return "", errors.New("usage: frame N (backtrace lists them)")
	}
	return s.selectFrame(n)
}

// cmdUp and cmdDown move the selection toward the caller or the callee.
func (s *Session) cmdUp(args string) (string, error)   { return s.moveFrame(args, 1) }
func (s *Session) cmdDown(args string) (string, error) { return s.moveFrame(args, -1) }

func (s *Session) moveFrame(args string, dir int) (string, error) {
	n := 1
	if args != "" {
		var err error
		if n, err = strconv.Atoi(args); err != nil || n < 1 {
			return "", errors.New("usage: up [N] or down [N]")
		}
	}
	to := s.SelectedFrame() + dir*n
	last := len(s.Frames()) - 1
	switch {
	case to < 0 && s.SelectedFrame() == 0:
		return "", errors.New("down: already at the innermost frame (#0)")
	case to > last && s.SelectedFrame() == last:
		return "", fmt.Errorf("up: already at the outermost frame (#%d, the main code)", last)
	}
	return s.selectFrame(max(0, min(to, last)))
}

// finishESP is the esp that a ret from the selected frame's function
// leaves esp above: the slot of its return address.
func (s *Session) finishESP() (uint32, error) {
	calls := s.c.CallStack()
	n := s.SelectedFrame()
	if n >= len(calls) {
		if len(calls) == 0 {
			return 0, errors.New("finish: not inside a call (the stack is empty)")
		}
		return 0, errors.New("finish: the selected frame is the main code, which nothing called")
	}
	return calls[n].ESP, nil
}

// LineCounts returns how many times each instruction ran, by code address:
// it follows step back, and restarts with the program.
func (s *Session) LineCounts() []uint64 {
	if p := s.c.Profile(); p != nil {
		return p.Counts
	}
	return nil
}

// defaultHottest is how many lines profile lists unless told.
const defaultHottest = 10

func (s *Session) cmdProfile(args string) (string, error) {
	n := defaultHottest
	if args != "" {
		var err error
		if n, err = strconv.Atoi(args); err != nil || n < 1 {
			return "", errors.New("usage: profile [N]")
		}
	}
	r := profile.Of(s.c)
	if r == nil || r.Steps == 0 {
		return "no steps yet: the counts start with the first step", nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s steps; the hottest lines:\n", backtrace.Commas(r.Steps))
	for _, l := range r.Hottest(n) {
		fmt.Fprintf(&b, "  %6s %12s  %s:%d  %s\n", r.Percent(l.Count), backtrace.Commas(l.Count), l.File, l.Line, l.Text)
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}
