package tui

import (
	"fmt"
	"strconv"
)

// memFormat is how the memory pane shows each word; the m key and
// `mem hex|dec|chars` switch it.
type memFormat uint8

const (
	memDec   memFormat = iota // signed decimal, as prn prints, with the characters: the default view the contract asks for
	memHex                    // 8 hex digits, with the characters at the end of the row
	memChars                  // each word as the character it codes: 'H' '\n'
)

// memFormats names the formats as the `mem` command takes them, in the
// order the key cycles through them.
var memFormats = []struct {
	name, title, long string // as `mem` takes it, in the pane's title, in the status line
}{
	{"dec", "", "signed decimal"}, {"hex", ", hex", "hex"}, {"chars", ", characters", "characters"},
}

// cellWidth is the columns one word takes in the format, and whether the
// row ends with the words as characters between bars.
func (f memFormat) cellWidth() (int, bool) {
	switch f {
	case memDec:
		return 11, true
	case memChars:
		return 4, false
	}
	return 8, true
}

// cell shows one word in the format.
func (f memFormat) cell(w uint32) string {
	switch f {
	case memDec:
		return fmt.Sprintf("%11d", int32(w))
	case memChars:
		return fmt.Sprintf("%-4s", charCell(w))
	}
	return fmt.Sprintf("%08x", w)
}

// charCell shows a word as a character literal when it codes a printable
// character or a common escape, else as its signed number.
func charCell(w uint32) string {
	switch w {
	case '\n':
		return `'\n'`
	case '\t':
		return `'\t'`
	case '\r':
		return `'\r'`
	case 0:
		return `'\0'`
	}
	if c := wordChar(w); c != "." || w == '.' {
		return "'" + c + "'"
	}
	return strconv.Itoa(int(int32(w)))
}

// perRow is how many words fit in a row of w columns: the address (7), a
// space and a cell each, then, for hex and decimal, a character each
// between bars with a space before them.
func (f memFormat) perRow(w int) int {
	cw, chars := f.cellWidth()
	per, fixed := cw+1, 7
	if chars {
		per, fixed = per+1, fixed+3
	}
	return clamp((w-fixed)/per, 1, maxWordsPerRow)
}

// cycleMemFormat shows the memory pane's words in the next format.
func (u *UI) cycleMemFormat() {
	u.setMemFormat(memFormat((int(u.mem.format) + 1) % len(memFormats)))
}

func (u *UI) setMemFormat(f memFormat) {
	u.mem.format = f
	u.mem.setTitle()
	u.status.setMessage("memory in " + memFormats[f].long)
}
