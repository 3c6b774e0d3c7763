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
}

func newStatusLine() *statusLine {
	return &statusLine{Box: tview.NewBox().SetBackgroundColor(bg(styleStatus)), state: "paused", stateStyle: styleStatus}
}

// setStatus shows a paused machine's status.
func (l *statusLine) setStatus(st debugger.Status) {
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
		if st.Fault != nil && !strings.HasPrefix(st.Reason, "fault") {
			// The reason, when it is the fault, says it with the line.
			l.state = "fault: " + st.Fault.Error()
		}
		l.stateStyle = styleFault
	default:
		l.state = st.State.String()
	}
	l.detail = fmt.Sprintf("steps %d │ back %d", st.Steps, st.BackDepth)
	l.reason = st.Reason
}

// setRunning shows a running program's progress.
func (l *statusLine) setRunning(steps uint64) {
	l.state, l.stateStyle = "running…", styleRunning
	l.detail = fmt.Sprintf("steps %d │ Esc or Ctrl-C pauses", steps)
	l.reason = ""
}

// setMessage shows one line of information; setError one of trouble.
func (l *statusLine) setMessage(msg string) { l.msg, l.msgErr = firstLine(msg), false }
func (l *statusLine) setError(msg string)   { l.msg, l.msgErr = firstLine(msg), true }

// Draw draws the line, with the help hint on the right when it fits. The
// message comes before the reason: it answers what the user just did, and
// on a narrow terminal the reason is what gets cut.
func (l *statusLine) Draw(screen tcell.Screen) {
	l.DrawForSubclass(screen, l)
	x, y, w, h := l.GetInnerRect()
	if h <= 0 {
		return
	}
	fill(screen, x, y, w, styleStatus)
	const hint = "? help  : command  q quit "
	col := x + 1
	col += printAt(screen, col, y, x+w-col, l.state, l.stateStyle)
	col += printAt(screen, col, y, x+w-col, " │ "+l.detail, styleStatus)
	if l.msg != "" {
		st := styleStatus
		if l.msgErr {
			st = styleStatErr
		}
		col += printAt(screen, col, y, x+w-col, " │ ", styleStatus)
		col += printAt(screen, col, y, x+w-col, l.msg, st)
	}
	if l.reason != "" && l.reason != l.msg {
		col += printAt(screen, col, y, x+w-col, " │ "+l.reason, styleStatus)
	}
	if hw := textWidth(hint); x+w-hw > col+1 {
		printAt(screen, x+w-hw, y, hw, hint, styleStatus.Foreground(tcell.ColorLightGray))
	}
}
