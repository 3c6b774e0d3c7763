package tui

import (
	"fmt"
	"strconv"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// sourceView is the source pane: the listing with line numbers, breakpoint
// markers in the gutter, the current line (eip) highlighted and a cursor
// line of its own that the break and run-to keys use.
type sourceView struct {
	*tview.Box
	list   listing
	cur    int          // row of eip; -1 when eip is not in this listing
	note   string       // shown after the current row, e.g. "→ taken"
	fault  bool         // the instruction at eip faulted: its row is shown in red
	marks  map[int]bool // rows with a breakpoint: true if one is enabled
	cursor int
	top    int
	follow bool // at the next draw, scroll so that eip is visible
	// placed is set once the cursor has been put somewhere; until then,
	// and while the user leaves it on eip's line, it follows eip.
	placed bool
	// The heat gutter (key h): each row's count, and the hottest.
	heatOn  bool
	heat    map[int]uint64
	heatMax uint64
}

func newSourceView() *sourceView {
	v := &sourceView{Box: tview.NewBox(), cur: -1}
	v.SetBorder(true).SetTitle(" source ")
	return v
}

// setListing replaces what the pane lists, keeping the cursor in range.
func (v *sourceView) setListing(l listing) {
	v.list = l
	v.cursor = clamp(v.cursor, 0, len(l.lines)-1)
	if l.file != "" {
		v.SetTitle(" " + l.file + " ")
	} else {
		v.SetTitle(" disassembly ")
	}
}

// setState marks eip's row, its branch note, the breakpoints and whether
// eip's instruction faulted. A new current row makes the view follow eip.
func (v *sourceView) setState(cur int, note string, marks map[int]bool, fault bool) {
	v.fault = fault
	if cur != v.cur || v.cur < 0 {
		v.follow = true
	}
	if cur >= 0 && (!v.placed || v.cursor == v.cur) {
		v.cursor, v.placed = cur, true
	}
	v.cur, v.note, v.marks = cur, note, marks
}

// cursorLine returns the row under the cursor.
func (v *sourceView) cursorLine() (srcLine, bool) {
	if v.cursor < 0 || v.cursor >= len(v.list.lines) {
		return srcLine{}, false
	}
	return v.list.lines[v.cursor], true
}

// Draw draws the listing.
func (v *sourceView) Draw(screen tcell.Screen) {
	v.DrawForSubclass(screen, v)
	x, y, w, h := v.GetInnerRect()
	if w <= 0 || h <= 0 {
		return
	}
	n := len(v.list.lines)
	if v.follow && v.cur >= 0 {
		if v.cur < v.top || v.cur >= v.top+h {
			v.top = v.cur - h/3
		}
		if v.cursor < v.top || v.cursor >= v.top+h {
			v.cursor = v.cur
		}
		v.follow = false
	}
	if v.cursor < v.top {
		v.top = v.cursor
	}
	if v.cursor >= v.top+h {
		v.top = v.cursor - h + 1
	}
	v.top = clamp(v.top, 0, n-h)

	numW := 0
	if v.list.file != "" {
		numW = len(strconv.Itoa(n))
	}
	for row := 0; row < h && v.top+row < n; row++ {
		i := v.top + row
		line := v.list.lines[i]
		base := styleText
		switch {
		case i == v.cur && v.fault:
			base = styleFaulted
		case i == v.cur:
			base = styleCurrent
		case i == v.cursor && v.HasFocus():
			base = styleCursor
		}
		fill(screen, x, y+row, w, base)
		col := x
		// Gutter: breakpoint, line number, eip arrow.
		if on, ok := v.marks[i]; ok {
			st := styleBreak.Background(bg(base))
			if !on {
				st = styleBreakOf.Background(bg(base))
			}
			printAt(screen, col, y+row, 1, "●", st)
		}
		col += 2
		if numW > 0 {
			st := base.Foreground(tcell.ColorGray)
			if i == v.cursor {
				st = base.Reverse(true)
			}
			col += printAt(screen, col, y+row, x+w-col, fmt.Sprintf("%*d", numW, line.num), st)
			col++
		} else if i == v.cursor {
			// A disassembly has no line numbers: mark the cursor in the gutter.
			printAt(screen, col-1, y+row, 1, "›", base.Reverse(true))
		}
		if v.heatOn {
			v.drawHeat(screen, col, y+row, i, base)
			col += heatWidth
		}
		if i == v.cur {
			printAt(screen, col, y+row, x+w-col, "▶", styleMarker.Background(bg(base)))
		}
		col += 2
		if col >= x+w {
			continue
		}
		col += printAt(screen, col, y+row, x+w-col, line.text, base)
		if i == v.cur && v.note != "" && col+2 < x+w {
			printAt(screen, col+2, y+row, x+w-col-2, v.note, base.Foreground(tcell.ColorYellow).Bold(true))
		}
	}
}

// bg returns a style's background colour.
func bg(st tcell.Style) tcell.Color {
	_, b, _ := st.Decompose()
	return b
}

// InputHandler moves the cursor.
func (v *sourceView) InputHandler() func(event *tcell.EventKey, setFocus func(p tview.Primitive)) {
	return v.WrapInputHandler(func(ev *tcell.EventKey, _ func(p tview.Primitive)) {
		_, _, _, h := v.GetInnerRect()
		page := max(h-1, 1)
		switch ev.Key() {
		case tcell.KeyUp:
			v.cursor--
		case tcell.KeyDown:
			v.cursor++
		case tcell.KeyPgUp:
			v.cursor -= page
		case tcell.KeyPgDn:
			v.cursor += page
		case tcell.KeyHome:
			v.cursor = 0
		case tcell.KeyEnd:
			v.cursor = len(v.list.lines) - 1
		default:
			return
		}
		v.cursor = clamp(v.cursor, 0, len(v.list.lines)-1)
		v.follow, v.placed = false, true
	})
}
