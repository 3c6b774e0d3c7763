package tui

import (
	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// maxHistory bounds the command history.
const maxHistory = 500

// commandLine is the one-row command line that ':' opens: Enter runs the
// line (an empty one repeats the last command), Up and Down walk the
// history, Esc closes it.
type commandLine struct {
	*tview.InputField
	history []string
	pos     int    // index into history while walking it; len(history) is the line being typed
	draft   string // the line being typed, kept while walking the history
	onRun   func(line string)
	onClose func()
}

// closedHint is what the line shows while it is closed.
const closedHint = " press : for a command, ? for help"

func newCommandLine() *commandLine {
	c := &commandLine{InputField: tview.NewInputField()}
	c.SetLabel(" ").SetPlaceholder(closedHint).
		SetFieldBackgroundColor(tview.Styles.PrimitiveBackgroundColor).
		SetPlaceholderTextColor(tcell.ColorGray)
	c.SetDoneFunc(c.done)
	c.SetInputCapture(c.capture)
	return c
}

// open readies the line for typing.
func (c *commandLine) open() {
	c.SetLabel(":").SetPlaceholder("")
	c.SetText("")
	c.pos = len(c.history)
}

// closeLine empties the line and shows the hint again.
func (c *commandLine) closeLine() {
	c.SetLabel(" ").SetPlaceholder(closedHint)
	c.SetText("")
}

func (c *commandLine) done(key tcell.Key) {
	switch key {
	case tcell.KeyEnter:
		line := c.GetText()
		if line != "" && (len(c.history) == 0 || c.history[len(c.history)-1] != line) {
			c.history = append(c.history, line)
			if len(c.history) > maxHistory {
				c.history = c.history[1:]
			}
		}
		c.pos = len(c.history)
		c.SetText("")
		if c.onRun != nil {
			c.onRun(line)
		}
	case tcell.KeyEscape:
		if c.onClose != nil {
			c.onClose()
		}
	}
}

// capture walks the history; tview's input field would otherwise open its
// autocompletion on Down.
func (c *commandLine) capture(ev *tcell.EventKey) *tcell.EventKey {
	switch ev.Key() {
	case tcell.KeyUp:
		if c.pos == len(c.history) {
			c.draft = c.GetText()
		}
		if c.pos > 0 {
			c.pos--
			c.SetText(c.history[c.pos])
		}
		return nil
	case tcell.KeyDown:
		if c.pos < len(c.history) {
			c.pos++
			if c.pos == len(c.history) {
				c.SetText(c.draft)
			} else {
				c.SetText(c.history[c.pos])
			}
		}
		return nil
	case tcell.KeyTab, tcell.KeyBacktab:
		return nil // no completion; and Tab must not leave the line
	}
	return ev
}
