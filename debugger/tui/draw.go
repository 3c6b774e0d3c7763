package tui

import (
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
	"github.com/rivo/uniseg"
)

// Styles shared by the panes. They are built on tview's theme so that the
// panes match the borders and titles tview draws.
var (
	styleText    = tcell.StyleDefault.Background(tview.Styles.PrimitiveBackgroundColor).Foreground(tview.Styles.PrimaryTextColor)
	styleDim     = styleText.Foreground(tcell.ColorGray)
	styleChanged = styleText.Foreground(tcell.ColorYellow).Bold(true)
	styleCurrent = styleText.Background(tcell.ColorNavy).Foreground(tcell.ColorWhite)
	styleFaulted = styleText.Background(tcell.ColorMaroon).Foreground(tcell.ColorWhite)
	styleCursor  = styleText.Background(tcell.ColorDimGray)
	styleBreak   = styleText.Foreground(tcell.ColorRed).Bold(true)
	styleBreakOf = styleText.Foreground(tcell.ColorGray).Dim(true)
	styleMarker  = styleText.Foreground(tcell.ColorGreen).Bold(true)
	// A flag reads without colour too: set is upper case (ZF), clear is
	// lower case (zf), and a flag the last step changed is reversed.
	styleFlagOn      = styleText.Foreground(tcell.ColorWhite).Bold(true)
	styleFlagOff     = styleText.Foreground(tcell.ColorGray).Dim(true)
	styleFlagChanged = styleChanged.Reverse(true)
	styleError       = styleText.Foreground(tcell.ColorRed).Bold(true)
	styleStatus      = tcell.StyleDefault.Background(tcell.ColorDarkSlateGray).Foreground(tcell.ColorWhite)
	styleRunning     = styleStatus.Foreground(tcell.ColorYellow).Bold(true)
	styleFault       = styleStatus.Foreground(tcell.ColorRed).Bold(true)
	styleStatErr     = styleStatus.Foreground(tcell.ColorOrangeRed).Bold(true)
)

// Border colours: the focused pane's border stands out.
var (
	borderNormal  = tview.Styles.BorderColor
	borderFocused = tcell.ColorYellow
)

// printAt writes text from column x of row y, clipped to maxW columns, and
// returns the number of columns used. It does not interpret tview's colour
// tags: program text such as "[ebp-2]" must appear as written.
func printAt(screen tcell.Screen, x, y, maxW int, text string, style tcell.Style) int {
	used := 0
	g := uniseg.NewGraphemes(text)
	for g.Next() {
		w := g.Width()
		if used+w > maxW {
			break
		}
		rs := g.Runes()
		if w == 0 { // a control character: show nothing rather than garble the row
			continue
		}
		screen.SetContent(x+used, y, rs[0], rs[1:], style)
		for i := 1; i < w; i++ { // the cells a wide character covers
			screen.SetContent(x+used+i, y, ' ', nil, style)
		}
		used += w
	}
	return used
}

// fill paints w cells of row y from column x.
func fill(screen tcell.Screen, x, y, w int, style tcell.Style) {
	for i := 0; i < w; i++ {
		screen.SetContent(x+i, y, ' ', nil, style)
	}
}

// textWidth is the number of columns text takes.
func textWidth(text string) int { return uniseg.StringWidth(text) }

// expandTabs replaces tabs with spaces up to the next multiple of eight
// columns, as an editor shows them.
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := 8 - col%8
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}

// wrapWords splits a line into rows of at most w columns, breaking at
// spaces. The spaces at a break are dropped; other runs of spaces, such as
// an indent or aligned columns, are kept. Only a word wider than w is
// broken inside, at w columns.
func wrapWords(line string, w int) []string {
	if w <= 0 || textWidth(line) <= w {
		return []string{line}
	}
	var rows []string
	var cur strings.Builder
	used := 0    // columns in cur
	spaces := "" // the spaces before the next word, when it stays on this row
	for i := 0; i < len(line); {
		j := i
		for j < len(line) && line[j] == ' ' {
			j++
		}
		if j > i {
			if used > 0 || len(rows) == 0 { // not at the start of a wrapped row
				spaces = line[i:j]
			}
			i = j
			continue
		}
		for j < len(line) && line[j] != ' ' {
			j++
		}
		word := line[i:j]
		i = j
		ww := textWidth(word)
		if used > 0 && used+len(spaces)+ww > w {
			rows = append(rows, cur.String())
			cur.Reset()
			used, spaces = 0, ""
		}
		word = spaces + word
		spaces = ""
		if used+textWidth(word) <= w {
			cur.WriteString(word)
			used += textWidth(word)
			continue
		}
		// A word wider than the row: break it, grapheme by grapheme.
		g := uniseg.NewGraphemes(word)
		for g.Next() {
			if cw := g.Width(); used+cw > w && used > 0 {
				rows = append(rows, cur.String())
				cur.Reset()
				used = 0
			}
			cur.WriteString(g.Str())
			used += g.Width()
		}
	}
	return append(rows, cur.String())
}

// firstLine returns the first line of s, for the one-line status message.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// clamp keeps v within lo..hi (hi wins when hi < lo).
func clamp(v, lo, hi int) int {
	if v > hi {
		v = hi
	}
	if v < lo {
		v = lo
	}
	return v
}
