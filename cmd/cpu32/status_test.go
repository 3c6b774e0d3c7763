package main

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
)

// fakeTerm is a terminal small enough to check the status line against: it
// keeps the characters on its rows and the cursor, wraps a full row when
// the next character comes (as xterm does), turns \n into \r\n (as a tty's
// ONLCR does), and knows the escape sequences the status writes.
type fakeTerm struct {
	width int
	rows  [][]rune
	r, c  int
	wrap  bool   // the cursor is past the last column: the next character wraps
	esc   []byte // an escape sequence being read
}

func (t *fakeTerm) row() []rune {
	for len(t.rows) <= t.r {
		t.rows = append(t.rows, nil)
	}
	return t.rows[t.r]
}

func (t *fakeTerm) Write(p []byte) (int, error) {
	for _, r := range string(p) {
		if t.esc != nil {
			t.esc = append(t.esc, string(r)...)
			if len(t.esc) > 1 && r >= 0x40 && r <= 0x7e {
				t.control(string(t.esc))
				t.esc = nil
			}
			continue
		}
		switch r {
		case 0x1b:
			t.esc = []byte{}
		case '\r':
			t.c, t.wrap = 0, false
		case '\n':
			t.r, t.c, t.wrap = t.r+1, 0, false
		case '\t':
			t.c = min((t.c/8+1)*8, t.width-1)
		default:
			if t.wrap {
				t.r, t.c, t.wrap = t.r+1, 0, false
			}
			row := t.row()
			for len(row) <= t.c {
				row = append(row, ' ')
			}
			row[t.c] = r
			t.rows[t.r] = row
			if t.c == t.width-1 {
				t.wrap = true
			} else {
				t.c++
			}
		}
	}
	return len(p), nil
}

// control runs "[nA" and the like (the ESC already read).
func (t *fakeTerm) control(seq string) {
	n, err := strconv.Atoi(seq[1 : len(seq)-1])
	if err != nil {
		n = 1
	}
	t.wrap = false
	switch seq[len(seq)-1] {
	case 'A':
		t.r = max(t.r-n, 0)
	case 'C':
		t.c = min(t.c+n, t.width-1)
	case 'K':
		t.rows[t.r] = t.row()[:min(t.c, len(t.row()))]
	case 'J':
		t.rows[t.r] = t.row()[:min(t.c, len(t.row()))]
		t.rows = t.rows[:t.r+1]
	case 'm': // colours: nothing moves
	default:
		panic("fakeTerm: unknown sequence " + strconv.Quote(seq))
	}
}

// screen is what the terminal shows, row by row, with the cursor as █
// when it is on a row's end.
func (t *fakeTerm) screen() string {
	var b strings.Builder
	for i := 0; i < len(t.rows) || i <= t.r; i++ {
		var row []rune
		if i < len(t.rows) {
			row = t.rows[i]
		}
		line := strings.TrimRight(string(row), " ")
		if i == t.r && !t.wrap && t.c >= len([]rune(line)) {
			line += strings.Repeat(" ", t.c-len([]rune(line))) + "█"
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// statusRig is a status line on a fake terminal, with a clock the test
// moves, for a machine stopped at the program's rdn (line 3).
type statusRig struct {
	s    *statusLine
	term *fakeTerm
	now  time.Time
	out  io.Writer // the program's output, through the status's watch
}

func newStatusRig(t *testing.T, width int) *statusRig {
	p, err := assembler.Assemble("p.asm", []byte("prn 1\nprc '?'\nrdn eax\nl: jmp l\n"), assembler.Options{})
	require.NoError(t, err)
	c, err := cpu.New(p, cpu.Config{Out: io.Discard, Input: noInputYet{}})
	require.NoError(t, err)
	_, err = c.Run(100)
	require.NoError(t, err)
	g := &statusRig{term: &fakeTerm{width: width}, now: time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)}
	g.s = &statusLine{w: g.term, cols: func() int { return width }, clock: func() time.Time { return g.now }, shared: true}
	g.s.begin(c, "p.asm", nil)
	g.s.input, g.s.echo = os.Stdin, true // as begin sets them for a terminal
	g.out = g.s.watch(g.term)
	return g
}

// noInputYet is input that has nothing yet: the machine stops at rdn.
type noInputYet struct{}

func (noInputYet) Read([]byte) (int, error) { return 0, cpu.ErrNoInput }

func (g *statusRig) after(d time.Duration) { g.now = g.now.Add(d) }
func (g *statusRig) print(s string)        { io.WriteString(g.out, s) }
func (g *statusRig) typed(s string)        { io.WriteString(g.term, s) } // the terminal's echo

// The status on a terminal: shown only after a quiet while, drawn where
// the cursor is, kept out of the way of the program's output, and gone
// when the run ends or the input comes, with the screen as if it had never
// been there. (The machine's step count is 2, its eip at rdn, line 3.)
func TestStatusLineOnAFakeTerminal(t *testing.T) {
	running := "running: 2 steps, at p.asm:3 (Ctrl-C stops)"
	for _, tc := range []struct {
		name  string
		width int
		run   func(g *statusRig)
		want  string
	}{
		{"not before 1.5 s", 80, func(g *statusRig) {
			g.after(1400 * time.Millisecond)
			g.s.between()
		}, "█\n"},
		{"after 1.5 s of a quiet run", 80, func(g *statusRig) {
			g.after(1500 * time.Millisecond)
			g.s.between()
		}, running + "█\n"},
		{"erased at the end", 80, func(g *statusRig) {
			g.after(2 * time.Second)
			g.s.between()
			g.s.end()
		}, "█\n"},
		{"erased before the program prints, then waits for quiet again", 80, func(g *statusRig) {
			g.after(2 * time.Second)
			g.s.between()
			g.print("12\n")
			g.after(time.Second)
			g.s.between()
			g.after(time.Second)
			g.s.between()
		}, "12\n█\n"},
		{"back after a quiet while once the program printed", 80, func(g *statusRig) {
			g.print("12\n")
			g.after(time.Second)
			g.s.between()
			g.after(1600 * time.Millisecond)
			g.s.between()
		}, "12\n" + running + "█\n"},
		{"after a partial line, and erased back to it", 80, func(g *statusRig) {
			g.print("working")
			g.s.between()
			g.after(2 * time.Second)
			g.s.between()
			g.typed("^C") // the terminal's echo of Ctrl-C
			g.s.end()
		}, "working█\n"},
		{"redrawn in place, a shorter line leaving nothing behind", 80, func(g *statusRig) {
			g.print("w:")
			g.s.between()
			g.after(2 * time.Second)
			g.s.between()
			g.s.draw("short")
		}, "w: short█\n"},
		{"cut to the terminal's width", 30, func(g *statusRig) {
			g.after(2 * time.Second)
			g.s.between()
		}, "running: 2 steps, at p.asm:3…█\n"},
		{"not where fewer than 20 columns are left", 30, func(g *statusRig) {
			g.print("a prompt of twelve:")
			g.after(2 * time.Second)
			g.s.between()
		}, "a prompt of twelve:█\n"},
		{"waiting for input after the prompt", 80, func(g *statusRig) {
			g.print("1\n?")
			g.s.waiting()
		}, "1\n? waiting for input (rdn at p.asm:3) █\n"},
		{"the line typed takes the notice's place", 80, func(g *statusRig) {
			g.print("1\n?")
			g.s.waiting()
			g.typed(" -42\n")
			g.s.gotInput([]byte(" -42\n"))
			g.print("-42\n")
		}, "1\n? -42\n-42\n█\n"},
		{"a line typed over several rows", 40, func(g *statusRig) {
			g.print("n? ")
			g.s.waiting()
			line := strings.Repeat("1234567890", 5) + "\n"
			g.typed(line)
			g.s.gotInput([]byte(line))
		}, "n? 1234567890123456789012345678901234567\n8901234567890\n█\n"},
		{"the end of the input (Ctrl-D) echoes nothing", 80, func(g *statusRig) {
			g.print("?")
			g.s.waiting()
			g.s.gotInput(nil)
		}, "?█\n"},
		{"Ctrl-C while waiting", 80, func(g *statusRig) {
			g.print("?")
			g.s.waiting()
			g.typed("12^C")
			g.s.end()
		}, "?█\n"},
		{"control characters typed show as the terminal echoed them", 80, func(g *statusRig) {
			g.s.waiting()
			g.typed("a^[b\n")
			g.s.gotInput([]byte("a\x1bb\n"))
		}, "a^[b\n█\n"},
		{"the quiet while begins again with the input", 80, func(g *statusRig) {
			g.s.waiting()
			g.typed("5\n")
			g.s.gotInput([]byte("5\n"))
			g.after(1400 * time.Millisecond)
			g.s.between()
		}, "5\n█\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newStatusRig(t, tc.width)
			tc.run(g)
			assert.Equal(t, tc.want, g.term.screen())
		})
	}
}

// With echo off the terminal showed nothing of the line typed, so nothing
// of it is written back.
func TestStatusLineInputWithoutEcho(t *testing.T) {
	g := newStatusRig(t, 80)
	g.s.echo = false
	g.print("pin: ")
	g.s.waiting()
	g.s.gotInput([]byte("1234\n"))
	assert.Equal(t, "pin: █\n", g.term.screen())
}

// Output that does not go to the status's terminal (a file, a pipe) is
// not watched: the status does not wait for it to be quiet.
func TestStatusLineOutputElsewhere(t *testing.T) {
	g := newStatusRig(t, 80)
	g.s.shared = false
	var file bytes.Buffer
	out := g.s.watch(&file)
	assert.Same(t, &file, out)
	io.WriteString(out, "12\n")
	g.after(2 * time.Second)
	g.s.between()
	assert.Equal(t, "running: 2 steps, at p.asm:3 (Ctrl-C stops)█\n", g.term.screen())
}

// The status is only for a terminal: a pipe, a file or a buffer as stderr
// gets none (terminal_test.go has the terminals).
func TestStatusLineOnlyOnATerminal(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	f, err := os.Create(t.TempDir() + "/err")
	require.NoError(t, err)
	defer f.Close()
	for _, stderr := range []io.Writer{w, f, &bytes.Buffer{}} {
		assert.Nil(t, newStatusLine(os.Stdout, stderr), "%T", stderr)
	}
	var nilStatus *statusLine // every method of a run without one does nothing
	nilStatus.between()
	nilStatus.gotInput([]byte("x"))
	nilStatus.end()
	nilStatus.begin(nil, "", nil)
	assert.Nil(t, nilStatus.inputNotice())
	assert.Same(t, w, nilStatus.watch(w))
}

func TestGrouped(t *testing.T) {
	for n, want := range map[uint64]string{0: "0", 999: "999", 1000: "1,000", 123456789: "123,456,789", 1 << 63: "9,223,372,036,854,775,808"} {
		assert.Equal(t, want, grouped(n))
	}
}
