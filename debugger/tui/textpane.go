package tui

import (
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// maxPaneLines bounds the lines a text pane keeps; older ones scroll away.
const maxPaneLines = 2000

// textPane shows lines of plain text, wrapped at spaces, following the end
// unless the user scrolls up. The program's output and the commands' output
// each have one, so that neither mixes into the other.
type textPane struct {
	*tview.Box
	lines  []string
	scroll int // rows scrolled up from the end
}

func newTextPane(title string) *textPane {
	p := &textPane{Box: tview.NewBox()}
	p.SetBorder(true).SetTitle(" " + title + " ")
	return p
}

// setText replaces the text.
func (p *textPane) setText(text string) {
	p.lines = splitLines(text)
	p.trim()
}

// appendText adds text at the end and scrolls to it.
func (p *textPane) appendText(text string) {
	p.lines = append(p.lines, splitLines(text)...)
	p.trim()
	p.scroll = 0
}

func (p *textPane) trim() {
	if n := len(p.lines) - maxPaneLines; n > 0 {
		p.lines = append(p.lines[:0:0], p.lines[n:]...)
	}
}

// splitLines splits text into lines, without an empty last one for a
// final newline; tabs are expanded.
func splitLines(text string) []string {
	text = strings.TrimSuffix(text, "\n")
	if text == "" {
		return nil
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = expandTabs(strings.TrimSuffix(l, "\r"))
	}
	return lines
}

// text returns the pane's text, for tests and captures.
func (p *textPane) text() string { return strings.Join(p.lines, "\n") }

// Draw draws the last rows that fit, scrolled up by p.scroll rows.
func (p *textPane) Draw(screen tcell.Screen) {
	p.DrawForSubclass(screen, p)
	x, y, w, h := p.GetInnerRect()
	if w <= 0 || h <= 0 {
		return
	}
	// Wrap from the end until the window plus the scroll is full: the
	// output can be long and only its end is shown.
	var rows []string
	for i := len(p.lines) - 1; i >= 0 && len(rows) < h+p.scroll; i-- {
		rows = append(wrapWords(p.lines[i], w), rows...)
	}
	p.scroll = clamp(p.scroll, 0, max(len(rows)-h, 0))
	end := len(rows) - p.scroll
	start := max(end-h, 0)
	for i, r := range rows[start:end] {
		printAt(screen, x, y+i, w, r, styleText)
	}
}

// InputHandler scrolls.
func (p *textPane) InputHandler() func(event *tcell.EventKey, setFocus func(p tview.Primitive)) {
	return p.WrapInputHandler(func(ev *tcell.EventKey, _ func(p tview.Primitive)) {
		_, _, _, h := p.GetInnerRect()
		page := max(h-1, 1)
		switch ev.Key() {
		case tcell.KeyUp:
			p.scroll++
		case tcell.KeyDown:
			p.scroll--
		case tcell.KeyPgUp:
			p.scroll += page
		case tcell.KeyPgDn:
			p.scroll -= page
		case tcell.KeyHome:
			p.scroll = len(p.lines) * 4 // clamped to the top when drawn
		case tcell.KeyEnd:
			p.scroll = 0
		}
		p.scroll = max(p.scroll, 0)
	})
}
