package tui

import (
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
	"github.com/rivo/uniseg"
)

// maxHistory bounds the command history.
const maxHistory = 500

// commandLine is the one-row command line that ':' opens: Enter runs the
// line (an empty one repeats the last command), Up and Down walk the
// history, Esc closes it. It is its own small editor rather than tview's
// input field, whose every key costs time in the length of the line: a
// key here costs the width of the row, so a long paste stays quick.
type commandLine struct {
	*tview.Box
	text    []rune
	cursor  int // index into text
	offset  int // the first rune shown: the row scrolls to keep the cursor in view
	isOpen  bool
	history []string
	pos     int    // index into history while walking it; len(history) is the line being typed
	draft   string // the line being typed, kept while walking the history
	onRun   func(line string)
	onClose func()
	onEOF   func() // Ctrl-D: the end of the program's input
	// label replaces the ':' while the line takes the program's input,
	// and hint then says so while nothing is typed.
	label, hint string
}

// closedHint is what the line shows while it is closed.
const closedHint = " press : for a command, ? for help"

var (
	styleCmdLabel = styleText.Foreground(tview.Styles.SecondaryTextColor)
	styleCmdHint  = styleText.Foreground(tcell.ColorGray)
)

func newCommandLine() *commandLine {
	return &commandLine{Box: tview.NewBox()}
}

// open readies the line for typing.
func (c *commandLine) open() {
	c.isOpen = true
	c.label, c.hint = "", ""
	c.SetText("")
	c.pos = len(c.history)
}

// closeLine empties the line and shows the hint again.
func (c *commandLine) closeLine() {
	c.isOpen = false
	c.SetText("")
}

// GetText returns the line as typed.
func (c *commandLine) GetText() string { return string(c.text) }

// SetText replaces the line and puts the cursor at its end.
func (c *commandLine) SetText(s string) {
	c.text = []rune(s)
	c.cursor, c.offset = len(c.text), 0
}

// insert types s at the cursor.
func (c *commandLine) insert(s string) {
	r := []rune(s)
	c.text = append(c.text[:c.cursor], append(r, c.text[c.cursor:]...)...)
	c.cursor += len(r)
}

// Draw draws the label, then the part of the line around the cursor.
func (c *commandLine) Draw(screen tcell.Screen) {
	c.DrawForSubclass(screen, c)
	x, y, w, h := c.GetInnerRect()
	if h <= 0 || w <= 1 {
		return
	}
	fill(screen, x, y, w, styleText)
	if !c.isOpen {
		printAt(screen, x+1, y, w-1, closedHint, styleCmdHint)
		return
	}
	label := ":"
	if c.label != "" {
		label = c.label
	}
	lw := printAt(screen, x, y, w-1, label, styleCmdLabel)
	x, w = x+lw, w-lw
	if len(c.text) == 0 && c.hint != "" {
		printAt(screen, x+1, y, w-1, c.hint, styleCmdHint)
	}
	c.scrollTo(w)
	used := printAt(screen, x, y, w, string(c.text[c.offset:c.cursor]), styleText)
	if used < w {
		printAt(screen, x+used, y, w-used, string(c.text[c.cursor:min(len(c.text), c.cursor+w)]), styleText)
	}
	if c.HasFocus() {
		screen.ShowCursor(x+used, y)
	}
}

// scrollTo moves the first rune shown so that the cursor stays in a row of
// w columns, with a column left for the cursor itself. It looks only at
// the runes it would show, however long the line.
func (c *commandLine) scrollTo(w int) {
	if c.cursor < c.offset {
		c.offset = c.cursor
	}
	used, first := 0, c.cursor
	for first > c.offset {
		rw := uniseg.StringWidth(string(c.text[first-1]))
		if used+rw > w-1 {
			break
		}
		used += rw
		first--
	}
	c.offset = first
}

// InputHandler edits the line: characters, Backspace, Delete, Left,
// Right, Home and End (and Ctrl-A, Ctrl-E, Ctrl-U, Ctrl-K, Ctrl-W as in a
// shell), Up and Down for the history, Enter and Esc.
func (c *commandLine) InputHandler() func(event *tcell.EventKey, setFocus func(p tview.Primitive)) {
	return c.WrapInputHandler(func(ev *tcell.EventKey, _ func(p tview.Primitive)) {
		switch ev.Key() {
		case tcell.KeyRune:
			c.insert(string(ev.Rune()))
		case tcell.KeyBackspace, tcell.KeyBackspace2:
			if c.cursor > 0 {
				c.text = append(c.text[:c.cursor-1], c.text[c.cursor:]...)
				c.cursor--
			}
		case tcell.KeyDelete:
			if c.cursor < len(c.text) {
				c.text = append(c.text[:c.cursor], c.text[c.cursor+1:]...)
			}
		case tcell.KeyLeft:
			c.cursor = max(c.cursor-1, 0)
		case tcell.KeyRight:
			c.cursor = min(c.cursor+1, len(c.text))
		case tcell.KeyHome, tcell.KeyCtrlA:
			c.cursor = 0
		case tcell.KeyEnd, tcell.KeyCtrlE:
			c.cursor = len(c.text)
		case tcell.KeyCtrlU:
			c.text, c.cursor = c.text[c.cursor:], 0
		case tcell.KeyCtrlK:
			c.text = c.text[:c.cursor]
		case tcell.KeyCtrlW:
			i := c.cursor
			for i > 0 && c.text[i-1] == ' ' {
				i--
			}
			for i > 0 && c.text[i-1] != ' ' {
				i--
			}
			c.text, c.cursor = append(c.text[:i], c.text[c.cursor:]...), i
		case tcell.KeyUp, tcell.KeyDown:
			c.walkHistory(ev.Key() == tcell.KeyUp)
		case tcell.KeyEnter:
			c.enter()
		case tcell.KeyCtrlD:
			if c.onEOF != nil {
				c.onEOF()
			}
		case tcell.KeyEscape:
			if c.onClose != nil {
				c.onClose()
			}
		}
	})
}

// PasteHandler types a bracketed paste at once, its line breaks as
// spaces: a paste runs nothing until Enter.
func (c *commandLine) PasteHandler() func(text string, setFocus func(p tview.Primitive)) {
	return c.WrapPasteHandler(func(text string, _ func(p tview.Primitive)) {
		c.insert(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ").Replace(text))
	})
}

// editKey reports whether ev only edits the line: the screen then needs
// only the line redrawn.
func editKey(ev *tcell.EventKey) bool {
	switch ev.Key() {
	case tcell.KeyRune, tcell.KeyBackspace, tcell.KeyBackspace2, tcell.KeyDelete, tcell.KeyLeft, tcell.KeyRight,
		tcell.KeyHome, tcell.KeyEnd, tcell.KeyCtrlA, tcell.KeyCtrlE, tcell.KeyCtrlU, tcell.KeyCtrlK, tcell.KeyCtrlW,
		tcell.KeyUp, tcell.KeyDown, tcell.KeyTab, tcell.KeyBacktab:
		return true
	}
	return false
}

func (c *commandLine) enter() {
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
}

// walkHistory shows the previous (up) or next line of the history; below
// the newest is the line that was being typed.
func (c *commandLine) walkHistory(up bool) {
	if up {
		if c.pos == len(c.history) {
			c.draft = c.GetText()
		}
		if c.pos > 0 {
			c.pos--
			c.SetText(c.history[c.pos])
		}
		return
	}
	if c.pos < len(c.history) {
		c.pos++
		if c.pos == len(c.history) {
			c.SetText(c.draft)
		} else {
			c.SetText(c.history[c.pos])
		}
	}
}
