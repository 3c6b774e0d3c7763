package tui

import (
	"fmt"
	"strings"

	"cpu32/image"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// maxWordsPerRow is how many words a hex-dump row shows at most; a
// narrower pane shows fewer.
const maxWordsPerRow = 8

// wordsPerRow is how many words fit in a row of w columns in hex (the widest cells a scroll key may need): the
// address (7), a word in hex and a space each (9), then a character each
// between bars with two spaces before them.
func wordsPerRow(w int) int { return memHex.perRow(w) }

// maxMemRows bounds how many rows a refresh copies: more than a pane shows.
const maxMemRows = 128

// watchRow is one watchpoint with its current value.
type watchRow struct {
	id      int
	expr    string
	addr    uint32
	value   uint32
	ok      bool // false when the address is outside memory
	enabled bool
}

// memoryView is the memory pane: a hex dump from a chosen address (the
// address, the words in hex and each word as a character), the words the
// last step wrote highlighted, and below it the watch list.
type memoryView struct {
	*tview.Box
	start   uint32
	size    uint32   // the memory's size in words
	words   []uint32 // memory from start on
	changed map[uint32]bool
	watches []watchRow
	format  memFormat
	// read loads a word. The pane reads memory itself only when it is
	// scrolled by a key, and keys are ignored while a command runs.
	read func(addr uint32) (uint32, bool)
}

func newMemoryView() *memoryView {
	v := &memoryView{Box: tview.NewBox(), start: image.DataBase}
	v.SetBorder(true)
	v.setTitle()
	return v
}

func (v *memoryView) setTitle() {
	v.SetTitle(fmt.Sprintf(" memory from %d%s ", v.start, memFormats[v.format].title))
}

// setState gives the pane the memory's size, how to read it when
// scrolled, the words from start (where the pane was when they were read),
// the changed addresses and the watch list.
func (v *memoryView) setState(size uint32, read func(addr uint32) (uint32, bool), start uint32, words []uint32, changed map[uint32]bool, watches []watchRow) {
	v.size, v.read, v.changed, v.watches = size, read, changed, watches
	if start != v.start {
		v.reload()
		return
	}
	v.words = words
}

// setStart moves the dump to addr.
func (v *memoryView) setStart(addr uint32) {
	if v.size > 0 && addr >= v.size {
		addr = v.size - 1
	}
	v.start = addr
	v.setTitle()
	v.reload()
}

// reload copies the words the pane can show.
func (v *memoryView) reload() {
	v.words = v.words[:0]
	if v.read == nil {
		return
	}
	for a := uint64(v.start); a < uint64(v.size) && a < uint64(v.start)+maxMemRows*maxWordsPerRow; a++ {
		w, ok := v.read(uint32(a))
		if !ok {
			break
		}
		v.words = append(v.words, w)
	}
}

// wordChar shows a word as the character it codes, as prc would print it,
// or '.' when it is not a printable character.
func wordChar(w uint32) string {
	if w >= 0x20 && w < 0x7f || w >= 0xa0 && w <= 0x10ffff && (w < 0xd800 || w > 0xdfff) {
		if textWidth(string(rune(w))) == 1 {
			return string(rune(w))
		}
	}
	return "."
}

// Draw draws the dump, then the watch list.
func (v *memoryView) Draw(screen tcell.Screen) {
	v.DrawForSubclass(screen, v)
	x, y, w, h := v.GetInnerRect()
	if h <= 0 {
		return
	}
	dumpRows := h
	if len(v.watches) > 0 {
		dumpRows = max(h-len(v.watches)-1, 1)
	}
	n := v.format.perRow(w)
	cw, withChars := v.format.cellWidth()
	for row := 0; row < dumpRows && row*n < len(v.words); row++ {
		addr := v.start + uint32(row*n)
		col := x + printAt(screen, x, y+row, w, fmt.Sprintf("%6d:", addr), styleDim)
		var chars strings.Builder
		for i := 0; i < n; i++ {
			k := row*n + i
			if k >= len(v.words) {
				break
			}
			word := v.words[k]
			st := styleText
			if v.changed[addr+uint32(i)] {
				st = styleChanged
			}
			col++
			if col < x+w {
				col += printAt(screen, col, y+row, x+w-col, v.format.cell(word), st)
			}
			chars.WriteString(wordChar(word))
		}
		col = x + 7 + (cw+1)*n + 1
		if withChars && col < x+w {
			printAt(screen, col, y+row, x+w-col, "|"+chars.String()+"|", styleDim)
		}
	}
	if len(v.watches) == 0 || h < 2 {
		return
	}
	row := dumpRows
	printAt(screen, x, y+row, w, "watch", styleDim)
	for _, wr := range v.watches {
		row++
		if row >= h {
			return
		}
		text := fmt.Sprintf("%3d  %-12s [%d] = ", wr.id, wr.expr, wr.addr)
		if wr.ok {
			text += fmt.Sprintf("%d (0x%08x)", int32(wr.value), wr.value)
		} else {
			text += "outside memory"
		}
		st := styleText
		switch {
		case !wr.enabled:
			text += " (disabled)"
			st = styleDim
		case v.changed[wr.addr]:
			st = styleChanged
		}
		printAt(screen, x, y+row, w, text, st)
	}
}

// InputHandler scrolls the dump a row or a page at a time.
func (v *memoryView) InputHandler() func(event *tcell.EventKey, setFocus func(p tview.Primitive)) {
	return v.WrapInputHandler(func(ev *tcell.EventKey, _ func(p tview.Primitive)) {
		_, _, w, h := v.GetInnerRect()
		n := int64(v.format.perRow(w))
		page := int64(max(h-1, 1)) * n
		start := int64(v.start)
		switch ev.Key() {
		case tcell.KeyUp:
			start -= n
		case tcell.KeyDown:
			start += n
		case tcell.KeyPgUp:
			start -= page
		case tcell.KeyPgDn:
			start += page
		case tcell.KeyHome:
			start = 0
		case tcell.KeyEnd:
			start = int64(v.size) - page
		default:
			return
		}
		if start >= int64(v.size) {
			start = int64(v.size) - 1
		}
		v.setStart(uint32(max(start, 0)))
	})
}
