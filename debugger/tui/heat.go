package tui

import (
	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"

	"cpu32/debugger"
)

// heatWidth is the width of the heat gutter: a count of up to five
// characters (1234, 12.3k, 4.5M) and a level block.
const heatWidth = 7

// heatLevels draw a line's share of the hottest line's count, so that the
// scale reads without colour too: blank for a line that never ran.
var heatLevels = []rune("▁▂▃▄▅▆▇█")

// heatColors go from cold to hot, one per level.
var heatColors = []tcell.Color{tcell.ColorNavy, tcell.ColorBlue, tcell.ColorTeal, tcell.ColorGreen,
	tcell.ColorOlive, tcell.ColorYellow, tcell.ColorOrange, tcell.ColorRed}

// heatLevel returns the level, 0..len(heatLevels)-1, of n against the
// hottest count.
func heatLevel(n, hottest uint64) int {
	if hottest == 0 {
		return 0
	}
	return int((n*uint64(len(heatLevels)-1) + hottest/2) / hottest)
}

// shortCount writes n in at most five characters.
func shortCount(n uint64) string {
	switch {
	case n < 10000:
		return fmt.Sprint(n)
	case n < 999500:
		return fmt.Sprintf("%.1fk", float64(n)/1e3)
	case n < 999500000:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1fG", float64(n)/1e9)
}

// heatRows sums the counts of the instructions on each row of the listing.
func (u *UI) heatRows(row func(uint32) (int, bool)) map[int]uint64 {
	counts := u.s.LineCounts()
	rows := map[int]uint64{}
	for addr, n := range counts {
		r, ok := row(uint32(addr))
		if !ok {
			continue
		}
		rows[r] += n
	}
	return rows
}

// drawHeat draws row i's gutter at col: its count and a block as high as
// its share of the hottest row's, coloured cold to hot.
func (v *sourceView) drawHeat(screen tcell.Screen, col, y, i int, base tcell.Style) {
	n, ok := v.heat[i]
	if !ok {
		return
	}
	printAt(screen, col, y, heatWidth-2, fmt.Sprintf("%5s", shortCount(n)), base.Foreground(tcell.ColorGray))
	if n == 0 {
		return
	}
	lv := heatLevel(n, v.heatMax)
	printAt(screen, col+heatWidth-2, y, 1, string(heatLevels[lv]), base.Foreground(heatColors[lv]))
}

// toggleHeat shows or hides the heat gutter. While it is shown, runs
// interpret every step, so that the counts stay exact; shown after
// compiled code ran, it returns a note that the counts miss those steps.
func (u *UI) toggleHeat() string {
	u.source.heatOn = !u.source.heatOn
	u.s.SetCountsShown(u.source.heatOn)
	u.refresh()
	if u.source.heatOn && !u.s.CountsComplete() {
		return "heat map: " + debugger.CountsNote
	}
	return ""
}

// callsLine is the stack pane's call-stack row: the functions running,
// innermost first, folded ("down x5 ← (main)"), the selected frame in
// brackets.
func callsLine(frames []debugger.Frame, sel int) string {
	var parts []string
	for i := 0; i < len(frames); {
		j := i + 1
		for j < len(frames) && frames[j].Function == frames[i].Function {
			j++
		}
		name := frames[i].Function
		if j-i > 1 {
			name += fmt.Sprintf(" x%d", j-i)
		}
		if sel >= i && sel < j {
			name = "[" + name + "]"
		}
		parts = append(parts, name)
		i = j
	}
	return "calls: " + strings.Join(parts, " ← ")
}
