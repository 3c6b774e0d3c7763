package tui

import (
	"fmt"
	"strings"

	"cpu32/cpu"
	"cpu32/debugger"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// statusLine is the one-row status: the machine's state, the step count,
// how far back one can step, why the last command stopped, and a message
// (an error is shown in its own colour). Program output never goes here.
type statusLine struct {
	*tview.Box
	state      string
	stateStyle tcell.Style
	detail     string // steps and back depth, or a running program's progress
	reason     string // why the last running command stopped
	msg        string
	msgErr     bool
	// cmdOpen is true while the command line has the keys: the hint then
	// says how it behaves instead of naming keys that would be typed.
	cmdOpen bool
	// width is the line's width at the last draw, to tell whether a
	// message fits.
	width int
	// overflow, when set, receives a message too long for the line, so
	// that it can be read in full elsewhere (the commands pane).
	overflow func(msg string)
	// running is true while a program runs: only the pause and quit
	// keys work then.
	running bool
}

// Hints on the right of the status line: with the command line closed,
// single keys work; while it is open, it stays open after each command.
const (
	hintKeys    = "? help  : command  q quit "
	hintCmdLine = "line stays open: Enter runs, empty Enter repeats, Esc closes "
	hintRunning = "Esc pause  q quit "
)

func newStatusLine() *statusLine {
	return &statusLine{Box: tview.NewBox().SetBackgroundColor(bg(styleStatus)), state: "paused", stateStyle: styleStatus}
}

// setStatus shows a paused machine's status.
func (l *statusLine) setStatus(st debugger.Status, reason string) {
	l.stateStyle = styleStatus.Bold(true)
	switch st.State {
	case cpu.Ready:
		l.state = "paused"
	case cpu.Ended:
		l.state = "ended"
	case cpu.Halted:
		l.state = "halted"
	case cpu.Faulted:
		l.state = "fault"
		if k := st.Stop.Kind; st.Fault != nil && k != debugger.StopFault && k != debugger.StopStepLimit {
			// A run that stopped at the fault says it in its reason, with
			// the line.
			l.state = "fault: " + st.Fault.Error()
		}
		l.stateStyle = styleFault
	default:
		l.state = st.State.String()
	}
	l.detail = fmt.Sprintf("steps %d │ back %d", st.Steps, st.BackDepth)
	l.reason = reason
	l.running = false
}

// setRunning shows a running program's progress.
func (l *statusLine) setRunning(steps uint64) {
	l.state, l.stateStyle = "running…", styleRunning
	l.detail = fmt.Sprintf("steps %d │ Esc to pause", steps)
	l.reason = ""
	l.running = true
}

// setMessage shows one line of information; setError one of trouble. A
// message longer than the line goes to overflow too.
func (l *statusLine) setMessage(msg string) { l.set(msg, false, true) }
func (l *statusLine) setError(msg string)   { l.set(msg, true, true) }

// setErrorShown is setError for an error the commands pane already shows.
func (l *statusLine) setErrorShown(msg string) { l.set(msg, true, false) }

func (l *statusLine) set(msg string, isErr, overflow bool) {
	l.msg, l.msgErr = firstLine(msg), isErr
	if overflow && l.overflow != nil && msg != "" && !l.fits(msg) {
		l.overflow(strings.TrimSpace(msg))
	}
}

// fits says whether msg shows whole on the line as it was last drawn: on
// one row, after the state and the step counts.
func (l *statusLine) fits(msg string) bool {
	if l.width == 0 {
		return true // not drawn yet: nothing to compare with
	}
	used := 1 + textWidth(l.state) + textWidth(" │ "+l.detail) + textWidth(" │ ")
	return !strings.Contains(strings.TrimSpace(msg), "\n") && used+textWidth(msg) <= l.width
}

// Draw draws the line, with the help hint on the right when it fits. The
// message comes before the reason: it answers what the user just did, and
// on a narrow terminal the reason is what gets cut.
func (l *statusLine) Draw(screen tcell.Screen) {
	l.DrawForSubclass(screen, l)
	x, y, w, h := l.GetInnerRect()
	if h <= 0 {
		return
	}
	l.width = w
	fill(screen, x, y, w, styleStatus)
	hint := hintKeys
	if l.cmdOpen {
		hint = hintCmdLine
	}
	if l.running {
		hint = hintRunning
	}
	col := x + 1
	col += printAt(screen, col, y, x+w-col, l.state, l.stateStyle)
	col += printAt(screen, col, y, x+w-col, " │ "+l.detail, styleStatus)
	if l.msg != "" {
		st := styleStatus
		if l.msgErr {
			st = styleStatErr
		}
		col += printAt(screen, col, y, x+w-col, " │ ", styleStatus)
		if room := x + w - col; textWidth(l.msg) > room && room > 1 {
			// Cut with a mark: the whole message is in the commands pane.
			col += printAt(screen, col, y, room-1, l.msg, st)
			col += printAt(screen, col, y, 1, "…", st)
		} else {
			col += printAt(screen, col, y, room, l.msg, st)
		}
	}
	if l.reason != "" && l.reason != l.msg {
		col += printAt(screen, col, y, x+w-col, " │ "+l.reason, styleStatus)
	}
	if hw := textWidth(hint); x+w-hw > col+1 {
		printAt(screen, x+w-hw, y, hw, hint, styleStatus.Foreground(tcell.ColorLightGray))
	}
}
