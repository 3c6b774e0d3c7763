package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"cpu32/cpu"
)

// The live status of `cpu32 run` on a terminal. A program that runs for a
// while without printing (an endless loop, most often) gets one line on
// stderr that says it is alive: its steps so far, the line it is at and
// that Ctrl-C stops it, as cargo and go show their progress. A program
// waiting for input typed at the terminal gets one that says so, and where.
// Neither is ever written into a pipe or a file, nor under --json or
// --trace, and each is erased before anything else reaches the terminal:
// the terminal reads as if it had never been there.
//
// The interpreter knows nothing of it. The run already stops every
// runChunk steps (a few milliseconds) to look for a signal; the status is
// drawn there, from the machine's step count and eip, so the loop pays
// nothing for it.
//
// The line is drawn where the cursor is: after a prompt the program printed
// without a newline, it follows the prompt, and erasing it puts the cursor
// back there. So statusLine tracks the cursor's column when the program's
// output goes to the same terminal (statusWatch), and erases by going back
// to that column and clearing to the end of the screen.

const (
	// statusDelay is how long a run must have gone on without printing
	// before the status shows.
	statusDelay = 1500 * time.Millisecond
	// statusRefresh is how often the status is drawn again.
	statusRefresh = 250 * time.Millisecond
	// inputNoticeDelay is how long a read of the terminal must wait
	// before the status says the program waits for input: a line typed
	// ahead is read at once, without a flash of the notice.
	inputNoticeDelay = 100 * time.Millisecond
)

// statusLine draws and erases the live status on the terminal w.
type statusLine struct {
	w     io.Writer  // stderr, a terminal
	cols  func() int // the terminal's width
	clock func() time.Time

	// shared is true when the program's output goes to the same
	// terminal: the status then waits while the program prints, and is
	// erased before the output is written.
	shared bool
	// input is the terminal the program reads from (nil: its input is a
	// file or a pipe, and nobody types it).
	input *os.File
	echo  bool // the input terminal shows what is typed

	c    *cpu.CPU
	path string

	next    time.Time // when the status may be drawn (again)
	printed bool      // the program printed since the last look

	// The cursor: its column on the terminal, the last byte printed
	// and whether an escape sequence is being printed.
	col    int
	last   byte
	escape int // 0: none; 1: after ESC; 2: in a CSI sequence

	shown    bool // a status is on the terminal
	shownCol int  // the column it begins at
	shownLen int  // its width in columns
	off      bool // a write failed: no more status
}

// newStatusLine returns the live status for a run whose program prints to
// stdout and whose messages go to stderr, or nil when stderr is not a
// terminal that understands the cursor's escape sequences.
func newStatusLine(stdout, stderr io.Writer) *statusLine {
	errTTY := terminalFile(stderr)
	if errTTY == nil || os.Getenv("TERM") == "dumb" {
		return nil
	}
	fd := int(errTTY.Fd())
	s := &statusLine{w: stderr, clock: time.Now, cols: func() int {
		if w, _, err := term.GetSize(fd); err == nil && w > 0 {
			return w
		}
		return 80
	}}
	if outTTY := terminalFile(stdout); outTTY != nil {
		a, errA := outTTY.Stat()
		b, errB := errTTY.Stat()
		s.shared = errA == nil && errB == nil && os.SameFile(a, b)
	}
	return s
}

// watch returns what the program's output is to be written to: w, erasing
// the status first and following the cursor when w is the status's
// terminal.
func (s *statusLine) watch(w io.Writer) io.Writer {
	if s == nil || !s.shared {
		return w
	}
	return &statusWatch{w: w, s: s}
}

// begin starts the clock of run c of the program at path, whose input is
// in: the status of reads waits only when it is a terminal.
func (s *statusLine) begin(c *cpu.CPU, path string, in *os.File) {
	if s == nil {
		return
	}
	s.c, s.path = c, path
	if in != nil && term.IsTerminal(int(in.Fd())) {
		s.input, s.echo = in, echoes(in)
	}
	s.next = s.clock().Add(statusDelay)
}

// between draws the status, if it is time to, between two chunks of the
// run (after the output was flushed).
func (s *statusLine) between() {
	if s == nil || s.off {
		return
	}
	now := s.clock()
	if s.printed {
		s.printed = false
		s.next = now.Add(statusDelay) // the program shows it is alive
		return
	}
	if now.Before(s.next) {
		return
	}
	s.next = now.Add(statusRefresh)
	s.draw(fmt.Sprintf("running: %s steps, at %s (Ctrl-C stops)",
		grouped(s.c.Steps()), location(s.c.Program(), s.path, s.c.EIP())))
}

// inputNotice returns a channel that fires when a read that has waited
// inputNoticeDelay should say so, or nil (never) when the program's input
// is not a terminal.
func (s *statusLine) inputNotice() <-chan time.Time {
	if s == nil || s.off || s.input == nil || s.c == nil {
		return nil
	}
	return time.After(inputNoticeDelay)
}

// waiting says the program waits for input, at which instruction and line.
func (s *statusLine) waiting() {
	pc := s.c.EIP()
	what := "at " + location(s.c.Program(), s.path, pc)
	if d, err := s.c.Decoded(pc); err == nil {
		what = d.In.Name + " " + what
	}
	s.draw("waiting for input (" + what + ") ")
}

// gotInput erases the waiting notice once the read returned b. The
// terminal echoed the line typed after the notice, so it is erased too and
// written again where the notice began.
func (s *statusLine) gotInput(b []byte) {
	if s == nil || !s.shown {
		return
	}
	echoed := ""
	if s.echo {
		echoed = echoText(b)
	}
	rows := advance(s.shownCol+s.shownLen, echoed, s.cols())
	up := ""
	if rows > 0 {
		up = fmt.Sprintf("\x1b[%dA", rows)
	}
	s.shown = false
	s.write(up + s.toColumn(s.shownCol) + "\x1b[J" + echoed)
	s.printing([]byte(echoed))
	s.next = s.clock().Add(statusDelay)
}

// end erases the status: the run is over, and what follows on stderr
// (a fault, where Ctrl-C stopped it) begins where the status was.
func (s *statusLine) end() {
	if s != nil {
		s.erase()
	}
}

// draw shows text at the cursor, cut to the terminal's width: the line
// must never wrap, or erasing it would leave a row behind.
func (s *statusLine) draw(text string) {
	width := s.cols()
	col := s.col
	if width > 0 {
		col %= width
		if s.col > 0 && col == 0 { // the cursor waits at the end of a full row
			return
		}
	}
	if col > 0 && s.last != ' ' {
		text = " " + text
	}
	room := width - col - 1
	if room < 20 {
		return
	}
	if n := utf8.RuneCountInString(text); n > room {
		text = string([]rune(text)[:room-1]) + "…"
	}
	seq := ""
	if s.shown {
		seq = s.toColumn(s.shownCol) + "\x1b[K"
	}
	s.shown, s.shownCol, s.shownLen = true, col, utf8.RuneCountInString(text)
	s.write(seq + "\x1b[2m" + text + "\x1b[22m")
}

// erase takes the status off the terminal, leaving the cursor where it
// was before it was drawn.
func (s *statusLine) erase() {
	if s.shown {
		s.shown = false
		s.write(s.toColumn(s.shownCol) + "\x1b[J")
	}
}

// toColumn moves the cursor to column col of its row.
func (s *statusLine) toColumn(col int) string {
	if col == 0 {
		return "\r"
	}
	return fmt.Sprintf("\r\x1b[%dC", col)
}

func (s *statusLine) write(seq string) {
	if _, err := io.WriteString(s.w, seq); err != nil {
		s.off, s.shown = true, false
	}
}

// printing follows the cursor over p, which the program prints: the
// column after it, ignoring escape sequences (colours) and counting a
// character of several bytes once.
func (s *statusLine) printing(p []byte) {
	for _, b := range p {
		switch {
		case s.escape == 1:
			s.escape = 0
			if b == '[' {
				s.escape = 2
			}
			continue
		case s.escape == 2:
			if b >= 0x40 && b <= 0x7e {
				s.escape = 0
			}
			continue
		}
		switch {
		case b == 0x1b:
			s.escape = 1
		case b == '\n' || b == '\r':
			s.col = 0
		case b == '\t':
			s.col = (s.col/8 + 1) * 8
		case b == '\b':
			s.col = max(s.col-1, 0)
		case b < 0x20 || b == 0x7f || b&0xc0 == 0x80: // no column of its own
		default:
			s.col++
		}
		s.last = b
	}
}

// statusWatch is the program's output on the status's terminal: it erases
// the status before each write and follows the cursor.
type statusWatch struct {
	w io.Writer
	s *statusLine
}

// Write erases the status, then writes p and follows the cursor over it.
func (w *statusWatch) Write(p []byte) (int, error) {
	w.s.erase()
	n, err := w.w.Write(p)
	w.s.printing(p[:n])
	w.s.printed = true
	return n, err
}

// echoText is what a terminal shows of input b as it is typed: control
// characters as ^X (ECHOCTL), and nothing that could move the cursor but
// tabs and line ends.
func echoText(b []byte) string {
	var sb strings.Builder
	for _, r := range string(b) {
		switch {
		case r == '\n' || r == '\t':
			sb.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			sb.WriteString("^" + string(rune(r^0x40)))
		case r == utf8.RuneError:
			sb.WriteRune('?')
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// advance returns how many rows down the cursor is once text is written
// from column col of a terminal width columns wide: a row that fills up
// wraps when the next character comes.
func advance(col int, text string, width int) (rows int) {
	for _, r := range text {
		switch r {
		case '\n':
			rows, col = rows+1, 0
			continue
		case '\t':
			col = min((col/8+1)*8, width)
			continue
		}
		if col >= width {
			rows, col = rows+1, 0
		}
		col++
	}
	return rows
}

// grouped writes n with a comma every three digits: a count that changes
// four times a second is read by its size.
func grouped(n uint64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
