package debugger

import (
	"errors"
	"fmt"

	"cpu32/backtrace"
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

// SelectFrame selects frame n of Frames (0 is the innermost), which
// finish then returns from; stepping or any change of eip selects frame 0
// again.
func (s *Session) SelectFrame(n int) error {
	frames := s.Frames()
	if n < 0 || n >= len(frames) {
		return fmt.Errorf("no frame #%d: the frames are #0 to #%d", n, len(frames)-1)
	}
	s.sel = selection{n: n, steps: s.c.Steps(), eip: s.c.EIP()}
	return nil
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
