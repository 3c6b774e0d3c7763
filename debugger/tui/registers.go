package tui

import (
	"fmt"
	"strings"

	"cpu32/isa"
	"cpu32/memory"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// regOrder is the order the registers pane lists them in.
var regOrder = memory.DisplayOrder[:]

// registersView is the registers pane: every named register, the ones the
// last step wrote highlighted, and the flags by name: upper case when set,
// lower case when clear, reversed when the last step changed them.
type registersView struct {
	*tview.Box
	regs      [memory.NumRegs]uint32
	changed   map[uint32]bool
	flagsDiff uint32 // the flag bits the last step changed
	hex       bool
}

// regRowsFull and regRowsCompact are the pane's heights, borders
// included: one register a row and the flags below, or on a short terminal
// two registers a row and the flags after the flags register.
var (
	regRowsFull    = len(regOrder) + 3
	regRowsCompact = (len(regOrder)+1)/2 + 2
)

// regColumn is the width of one register in the two-column layout: a
// name, a space and a value, then a space before the next column.
const regColumn = 15

func newRegistersView() *registersView {
	v := &registersView{Box: tview.NewBox()}
	v.SetBorder(true).SetTitle(" registers ")
	return v
}

// setState gives the pane the register values, the changed addresses and
// the flag bits the last step changed.
func (v *registersView) setState(regs [memory.NumRegs]uint32, changed map[uint32]bool, flagsDiff uint32) {
	v.regs, v.changed, v.flagsDiff = regs, changed, flagsDiff
}

// formatWord shows a word as the machine's default view does (signed
// decimal) or in hex.
func formatWord(w uint32, hex bool) string {
	if hex {
		return fmt.Sprintf("0x%08x", w)
	}
	return fmt.Sprint(int32(w))
}

// Draw draws one register a row, then the flags; when the pane is too
// short for that, two registers a row.
func (v *registersView) Draw(screen tcell.Screen) {
	v.DrawForSubclass(screen, v)
	x, y, w, h := v.GetInnerRect()
	compact := h < len(regOrder)+1 && w >= 2*regColumn
	row, col := 0, x
	for i, r := range regOrder {
		if row >= h {
			return
		}
		st := styleText
		if v.changed[uint32(r)] {
			st = styleChanged
		}
		if !compact {
			printAt(screen, x, y+row, w, fmt.Sprintf("%-5s %11s", r, formatWord(v.regs[r], v.hex)), st)
			row++
			continue
		}
		text := fmt.Sprintf("%-3s %10s", r, formatWord(v.regs[r], v.hex))
		if r == memory.FLAGS {
			text = fmt.Sprintf("%s %s", r, formatWord(v.regs[r], v.hex))
		}
		col = x + (i%2)*regColumn
		col += printAt(screen, col, y+row, x+w-col, text, st)
		if i%2 == 1 && i < len(regOrder)-1 {
			row++
		}
	}
	if !compact {
		if row >= h {
			return
		}
		col = x + 6
	} else {
		col += 2
	}
	for _, f := range isa.FlagBits {
		name, st := flagLabel(f, v.regs[memory.FLAGS], v.flagsDiff)
		col += printAt(screen, col, y+row, x+w-col, name, st) + 1
	}
}

// flagLabel is how the pane shows flag f of the flags word: its name in
// upper case when set and in lower case when clear, so that it reads
// without colour, and reversed when diff says the last step changed it.
func flagLabel(f isa.FlagBit, flags, diff uint32) (string, tcell.Style) {
	name, st := strings.ToLower(f.Name), styleFlagOff
	if flags&f.Mask != 0 {
		name, st = f.Name, styleFlagOn
	}
	if diff&f.Mask != 0 {
		st = styleFlagChanged
	}
	return name, st
}
