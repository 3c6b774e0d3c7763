// Command ansisvg renders a terminal screen, as `tmux capture-pane -e -p`
// prints it (text with SGR colour escapes), as an SVG image: the
// debugger's screenshot in README.md and docs/debugger.md comes from it (docs/screenshot.sh).
//
//	tmux capture-pane -e -p -t NAME | go run ./internal/ansisvg > screen.svg
package main

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"os"
	"strconv"
	"strings"
)

// The cell's size in pixels at the font size, for a monospace font.
const (
	fontSize   = 14
	cellWidth  = 8.4
	cellHeight = 17
)

// style is a cell's look: colours as "#rrggbb" ("" for the default).
type style struct {
	fg, bg               string
	bold, reverse, under bool
}

// cell is one character of the screen and its style.
type cell struct {
	r rune
	s style
}

// The terminal's default colours and the 16 standard colours (xterm's).
const (
	defaultFG = "#d0d0d0"
	defaultBG = "#1c1c1c"
)

var basic = [16]string{
	"#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
	"#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff",
}

// color256 is xterm's colour n of 256.
func color256(n int) string {
	switch {
	case n < 16:
		return basic[n]
	case n < 232:
		n -= 16
		level := func(v int) int {
			if v == 0 {
				return 0
			}
			return 55 + 40*v
		}
		return fmt.Sprintf("#%02x%02x%02x", level(n/36), level(n/6%6), level(n%6))
	default:
		v := 8 + 10*(n-232)
		return fmt.Sprintf("#%02x%02x%02x", v, v, v)
	}
}

// sgr applies the parameters of one SGR escape (ESC [ params m) to s.
func sgr(s style, params string) style {
	var ps []int
	for _, p := range strings.Split(params, ";") {
		n, _ := strconv.Atoi(p) // an empty parameter is 0
		ps = append(ps, n)
	}
	for i := 0; i < len(ps); i++ {
		switch p := ps[i]; {
		case p == 0:
			s = style{}
		case p == 1:
			s.bold = true
		case p == 4:
			s.under = true
		case p == 7:
			s.reverse = true
		case p == 22:
			s.bold = false
		case p == 24:
			s.under = false
		case p == 27:
			s.reverse = false
		case p >= 30 && p <= 37:
			s.fg = basic[p-30]
		case p >= 90 && p <= 97:
			s.fg = basic[p-90+8]
		case p == 39:
			s.fg = ""
		case p >= 40 && p <= 47:
			s.bg = basic[p-40]
		case p >= 100 && p <= 107:
			s.bg = basic[p-100+8]
		case p == 49:
			s.bg = ""
		case p == 38 || p == 48:
			c, n := extended(ps[i+1:])
			i += n
			if c == "" {
				break
			}
			if p == 38 {
				s.fg = c
			} else {
				s.bg = c
			}
		}
	}
	return s
}

// extended reads the colour after an SGR 38 or 48: 5;N (of 256) or
// 2;R;G;B. It returns the colour ("" when there is none) and how many
// parameters it took.
func extended(ps []int) (string, int) {
	switch {
	case len(ps) >= 2 && ps[0] == 5:
		return color256(ps[1] & 255), 2
	case len(ps) >= 4 && ps[0] == 2:
		return fmt.Sprintf("#%02x%02x%02x", ps[1]&255, ps[2]&255, ps[3]&255), 4
	}
	return "", 0
}

// parse splits the capture into rows of cells. Escapes other than SGR are
// dropped.
func parse(text string) [][]cell {
	var rows [][]cell
	var s style
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		var row []cell
		rs := []rune(line)
		for i := 0; i < len(rs); i++ {
			if rs[i] == 0x1b && i+1 < len(rs) && rs[i+1] == '[' {
				j := i + 2
				for j < len(rs) && (rs[j] < 0x40 || rs[j] > 0x7e) {
					j++
				}
				if j < len(rs) && rs[j] == 'm' {
					s = sgr(s, string(rs[i+2:j]))
				}
				i = j
				continue
			}
			if rs[i] < ' ' {
				continue
			}
			row = append(row, cell{rs[i], s})
		}
		rows = append(rows, row)
	}
	return rows
}

// colours returns the foreground and background a style paints.
func colours(s style) (fg, bg string) {
	fg, bg = s.fg, s.bg
	if fg == "" {
		fg = defaultFG
	}
	if bg == "" {
		bg = defaultBG
	}
	if s.reverse {
		fg, bg = bg, fg
	}
	return fg, bg
}

// render writes the rows as an SVG image: a background, a rectangle for
// each run of cells with another background, and each row's text in runs
// of one style.
func render(w io.Writer, rows [][]cell) error {
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	width, height := float64(cols)*cellWidth+16, float64(len(rows))*cellHeight+16
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f">`+"\n", width, height, width, height)
	fmt.Fprintf(b, `<rect width="100%%" height="100%%" rx="6" fill="%s"/>`+"\n", defaultBG)
	fmt.Fprintf(b, `<g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="%d" xml:space="preserve">`+"\n", fontSize)
	for y, row := range rows {
		top := 8 + float64(y)*cellHeight
		for x := 0; x < len(row); {
			_, bg := colours(row[x].s)
			end := x + 1
			for end < len(row) {
				if _, b2 := colours(row[end].s); b2 != bg {
					break
				}
				end++
			}
			if bg != defaultBG {
				fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%d" fill="%s"/>`+"\n", 8+float64(x)*cellWidth, top, float64(end-x)*cellWidth, cellHeight, bg)
			}
			x = end
		}
		for x := 0; x < len(row); {
			end := x + 1
			for end < len(row) && row[end].s == row[x].s {
				end++
			}
			var text strings.Builder
			for _, c := range row[x:end] {
				text.WriteRune(c.r)
			}
			if strings.TrimSpace(text.String()) != "" {
				fg, _ := colours(row[x].s)
				attrs := ""
				if row[x].s.bold {
					attrs += ` font-weight="bold"`
				}
				if row[x].s.under {
					attrs += ` text-decoration="underline"`
				}
				fmt.Fprintf(b, `<text x="%.1f" y="%.1f" fill="%s" textLength="%.1f"%s>%s</text>`+"\n",
					8+float64(x)*cellWidth, top+cellHeight-4, fg, float64(end-x)*cellWidth, attrs, html.EscapeString(text.String()))
			}
			x = end
		}
	}
	b.WriteString("</g>\n</svg>\n")
	return b.Flush()
}

func main() {
	in, err := io.ReadAll(io.LimitReader(os.Stdin, 1<<20))
	if err == nil {
		err = render(os.Stdout, parse(string(in)))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "ansisvg:", err)
		os.Exit(1)
	}
}
