package tui

import (
	"fmt"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// maxStackRows bounds how many stack words a refresh copies: more than any
// pane shows, and cheap even for a deep recursion.
const maxStackRows = 2048

// stackView is the stack pane: the words from esp up to the stack base,
// with esp and ebp marked and the slots the last step wrote highlighted.
type stackView struct {
	*tview.Box
	words   []uint32 // memory from esp upward
	esp     uint32
	ebp     uint32
	base    uint32 // the stack base: the memory size
	changed map[uint32]bool
	hex     bool
	top     int // first row shown
	// returns names the slots that hold a running call's return address:
	// where it returns to, "-> fact.asm:19 (in fact)", shown under it.
	returns map[uint32]string
	// calls is the call-stack row at the top: "calls: down x5 ← (main)";
	// "" outside any call.
	calls string
}

// stackRow is one row of the pane: a word, its return place, or the base.
type stackRow struct {
	i     int    // index into words; len(words) for the base
	place string // for the row under a return address
}

// rowList lays out the rows: each word, with its return place under it.
func (v *stackView) rowList() []stackRow {
	rows := make([]stackRow, 0, len(v.words)+1)
	for i := range v.words {
		rows = append(rows, stackRow{i: i})
		if p, ok := v.returns[v.esp+uint32(i)]; ok {
			rows = append(rows, stackRow{i: i, place: p})
		}
	}
	return append(rows, stackRow{i: len(v.words)})
}

func newStackView() *stackView {
	v := &stackView{Box: tview.NewBox()}
	v.SetBorder(true).SetTitle(" stack ")
	return v
}

// setState gives the pane the stack's words and registers. A new esp
// scrolls back to the top of the stack.
func (v *stackView) setState(words []uint32, esp, ebp, base uint32, changed map[uint32]bool) {
	if esp != v.esp {
		v.top = 0
	}
	v.words, v.esp, v.ebp, v.base, v.changed = words, esp, ebp, base, changed
}

// marker names the registers that point at addr.
func (v *stackView) marker(addr uint32) string {
	switch {
	case addr == v.esp && addr == v.ebp:
		return "←esp ebp"
	case addr == v.esp:
		return "←esp"
	case addr == v.ebp:
		return "←ebp"
	}
	return ""
}

// rows is the number of rows the pane has to show: one per word, one per
// return place, and one for the base.
func (v *stackView) rows() int { return len(v.words) + len(v.returns) + 1 }

// Draw draws the words, top of the stack first, and the base below them.
func (v *stackView) Draw(screen tcell.Screen) {
	v.DrawForSubclass(screen, v)
	x, y, w, h := v.GetInnerRect()
	if h <= 0 {
		return
	}
	if v.esp > v.base {
		printAt(screen, x, y, w, fmt.Sprintf("esp %d is past the stack base %d", v.esp, v.base), styleError)
		return
	}
	if v.calls != "" {
		printAt(screen, x, y, w, v.calls, styleMarker)
		y, h = y+1, h-1
	}
	rows := v.rowList()
	v.top = clamp(v.top, 0, len(rows)-h)
	for row := 0; row < h && v.top+row < len(rows); row++ {
		i := rows[v.top+row].i
		addr := v.esp + uint32(i)
		if p := rows[v.top+row].place; p != "" {
			printAt(screen, x, y+row, w, "    "+p, styleMarker)
			continue
		}
		if i == len(v.words) {
			if addr != v.base {
				// The copy was cut short: the stack goes on below.
				printAt(screen, x, y+row, w, "      …", styleDim)
				continue
			}
			col := x + printAt(screen, x, y+row, w, fmt.Sprintf("%7d %11s ", addr, "(base)"), styleDim)
			printAt(screen, col, y+row, x+w-col, v.marker(addr), styleMarker)
			continue
		}
		st := styleText
		if v.changed[addr] {
			st = styleChanged
		}
		col := x + printAt(screen, x, y+row, w, fmt.Sprintf("%7d %11s ", addr, formatWord(v.words[i], v.hex)), st)
		printAt(screen, col, y+row, x+w-col, v.marker(addr), styleMarker)
	}
}

// InputHandler scrolls.
func (v *stackView) InputHandler() func(event *tcell.EventKey, setFocus func(p tview.Primitive)) {
	return v.WrapInputHandler(func(ev *tcell.EventKey, _ func(p tview.Primitive)) {
		_, _, _, h := v.GetInnerRect()
		v.top = scroll(ev, v.top, max(h-1, 1), v.rows())
	})
}

// scroll moves a first-row index for the arrow and page keys.
func scroll(ev *tcell.EventKey, top, page, rows int) int {
	switch ev.Key() {
	case tcell.KeyUp:
		top--
	case tcell.KeyDown:
		top++
	case tcell.KeyPgUp:
		top -= page
	case tcell.KeyPgDn:
		top += page
	case tcell.KeyHome:
		top = 0
	case tcell.KeyEnd:
		top = rows
	}
	return clamp(top, 0, rows-1)
}
