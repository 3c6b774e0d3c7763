package tui

import (
	"strings"

	"cpu32/debugger/cmdlang"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// helpRow is one entry of the help: a key or command on the left, what it
// does on the right; a heading has only a left part.
type helpRow struct {
	left, right string
	heading     bool
}

// helpRows lists every key from the key table, every engine command from
// cmdlang.Commands, the UI's own commands, and how the registers pane
// shows the flags.
func helpRows() []helpRow {
	var rows []helpRow
	heading := func(s string) { rows = append(rows, helpRow{left: s, heading: true}) }

	heading("KEYS")
	keys := keyBindings()
	keyW := 0
	for _, b := range keys {
		keyW = max(keyW, textWidth(keyNamesOf(b.keys)))
	}
	for _, b := range keys {
		k := keyNamesOf(b.keys)
		rows = append(rows, helpRow{left: k + strings.Repeat(" ", keyW-textWidth(k)) + "  " + b.name, right: b.help})
	}

	rows = append(rows, helpRow{})
	heading("COMMANDS (press : and type one; an empty line repeats the last)")
	for _, c := range cmdlang.Commands() {
		left := c.Usage
		if left == "" {
			left = c.Name
		}
		if len(c.Aliases) > 0 {
			left += "  (" + strings.Join(c.Aliases, ", ") + ")"
		}
		rows = append(rows, helpRow{left: left, right: c.Help})
	}
	for _, c := range uiCommands() {
		rows = append(rows, helpRow{left: c.usage, right: c.help})
	}
	rows = append(rows, helpRow{})
	heading("FLAGS (in the registers pane)")
	rows = append(rows,
		helpRow{left: "ZF SF OF CF", right: "upper case: the flag is set"},
		helpRow{left: "zf sf of cf", right: "lower case: the flag is clear"},
		helpRow{left: "reversed", right: "the last step (or step back, or set) changed the flag"})
	rows = append(rows, helpRow{}, helpRow{left: "Esc, ? or F1 closes this help; ↑ ↓ PgUp PgDn scroll it.", heading: true})
	return rows
}

// helpView is the help overlay: two columns, the right one wrapped with a
// hanging indent so that a narrow terminal still reads as a table.
type helpView struct {
	*tview.Box
	rows []helpRow
	top  int
}

func newHelpView() *helpView {
	v := &helpView{Box: tview.NewBox(), rows: helpRows()}
	v.SetBorder(true).SetTitle(" help ").SetBorderColor(borderFocused)
	return v
}

// lines lays the rows out for a width: each line is a left and a right part.
func (v *helpView) lines(w int) [][2]string {
	leftW := 0
	for _, r := range v.rows {
		if !r.heading {
			leftW = max(leftW, textWidth(r.left))
		}
	}
	leftW = min(leftW, w/2)
	rightW := max(w-leftW-4, 10)
	var out [][2]string
	for _, r := range v.rows {
		if r.heading || r.right == "" {
			out = append(out, [2]string{r.left, ""})
			continue
		}
		left := r.left
		if textWidth(left) > leftW {
			// A long usage gets a line of its own.
			out = append(out, [2]string{left, ""})
			left = ""
		}
		for _, piece := range wrapWords(r.right, rightW) {
			out = append(out, [2]string{left, piece})
			left = ""
		}
	}
	return out
}

// Draw draws the visible lines.
func (v *helpView) Draw(screen tcell.Screen) {
	v.DrawForSubclass(screen, v)
	x, y, w, h := v.GetInnerRect()
	if w <= 2 || h <= 0 {
		return
	}
	x, w = x+1, w-2 // a margin inside the border
	lines := v.lines(w)
	leftW := 0
	for _, r := range v.rows {
		if !r.heading {
			leftW = max(leftW, textWidth(r.left))
		}
	}
	leftW = min(leftW, w/2)
	v.top = clamp(v.top, 0, len(lines)-h)
	for i := 0; i < h && v.top+i < len(lines); i++ {
		l := lines[v.top+i]
		st := styleText
		if l[1] == "" && isHeading(v.rows, l[0]) {
			st = styleText.Bold(true).Foreground(tcell.ColorYellow)
		}
		printAt(screen, x, y+i, w, l[0], st)
		if l[1] != "" {
			printAt(screen, x+leftW+2, y+i, w-leftW-2, l[1], styleText)
		}
	}
}

// isHeading reports whether text is one of the rows' headings.
func isHeading(rows []helpRow, text string) bool {
	for _, r := range rows {
		if r.heading && r.left == text && text != "" {
			return true
		}
	}
	return false
}

// InputHandler scrolls.
func (v *helpView) InputHandler() func(event *tcell.EventKey, setFocus func(p tview.Primitive)) {
	return v.WrapInputHandler(func(ev *tcell.EventKey, _ func(p tview.Primitive)) {
		_, _, w, h := v.GetInnerRect()
		v.top = scroll(ev, v.top, max(h-1, 1), len(v.lines(max(w-2, 1))))
	})
}

// centered places p in the middle of the screen, taking the given share of
// its width and height.
func centered(p tview.Primitive, width, height int) tview.Primitive {
	column := tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(nil, 0, 1, false).
		AddItem(p, 0, height, true).
		AddItem(nil, 0, 1, false)
	return tview.NewFlex().
		AddItem(nil, 0, 1, false).
		AddItem(column, 0, width, true).
		AddItem(nil, 0, 1, false)
}
