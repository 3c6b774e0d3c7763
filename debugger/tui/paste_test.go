package tui

import (
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"
)

// typeFast injects the runes of text as keys, as a terminal delivers a
// paste without bracketed paste, and waits until the UI has taken them.
func (h *harness) typeFast(text string) {
	h.t.Helper()
	go func() {
		for _, r := range text {
			h.screen.InjectKey(tcell.KeyRune, r, tcell.ModNone)
		}
	}()
	for range []rune(text) {
		select {
		case <-h.handled:
		case <-timeAfter():
			h.t.Fatal("a key was not handled")
		}
	}
}

// fullDraws counts the draws of every pane so far.
func (h *harness) fullDraws() int {
	var n int
	h.onUI(func() { n = h.ui.fullDraws })
	return n
}

// Typing in the command line redraws the line alone: a 10,000-character
// paste arriving key by key costs no full redraw, so it is handled in the
// time of 10,000 one-row draws (BenchmarkCommandLineKey measures one).
func TestLongPasteRedrawsOnlyTheLine(t *testing.T) {
	h := newFib(t)
	h.keys(":")
	before := h.fullDraws()
	text := strings.Repeat("abcdefghij", 1000)
	h.typeFast(text)
	for _, k := range []tcell.Key{tcell.KeyLeft, tcell.KeyBackspace2, tcell.KeyHome, tcell.KeyDelete, tcell.KeyEnd} {
		h.press(k, 0, tcell.ModNone)
	}
	if n := h.fullDraws() - before; n != 0 {
		t.Errorf("%d full redraws while typing, want none", n)
	}
	var got string
	h.onUI(func() { got = h.ui.cmd.GetText() })
	want := text[1:len(text)-2] + "j" // Delete at Home, Backspace before the last rune
	if got != want {
		t.Errorf("the line has %d characters, %q…, want %d", len(got), got[:20], len(want))
	}
	// The row shows the end of the line, where the cursor is, once the
	// line is drawn after the last key. How much of it depends on whether
	// a draw came between Home and End: without one, the row keeps the
	// scroll it had and shows a little less than a full width.
	_, w, _ := h.cells()
	h.waitFor("the end of the line", func(screen string) bool {
		row := screen[strings.LastIndexByte(screen, '\n')+1:]
		return strings.HasPrefix(row, ":") && strings.HasSuffix(want, row[1:]) && len(row) > w-10 && len(row) <= w-1
	})
	h.press(tcell.KeyEnter, 0, tcell.ModNone)
	if n := h.fullDraws() - before; n == 0 {
		t.Error("Enter did not redraw the screen")
	}
	if s := h.status(); !strings.Contains(s, `unknown command "bcdefghij`) {
		t.Errorf("status %q", s)
	}
}

// A bracketed paste arrives in one piece, its line breaks as spaces.
func TestBracketedPaste(t *testing.T) {
	h := newFib(t)
	h.keys(":p")
	h.onUI(func() { h.ui.cmd.PasteHandler()("  eax\n+1", nil) })
	var got string
	h.onUI(func() { got = h.ui.cmd.GetText() })
	if got != "p  eax +1" {
		t.Errorf("line %q", got)
	}
}

// BenchmarkCommandLineKey is one key typed into a long command line, as in
// a paste: the time a key takes, from the screen to the UI and drawn.
func BenchmarkCommandLineKey(b *testing.B) {
	h := newHarness(b, assemble(b, fibSrc), 80, 24)
	h.keys(":")
	h.typeFast(strings.Repeat("x", 10000))
	b.ResetTimer()
	h.typeFast(strings.Repeat("y", b.N))
}
