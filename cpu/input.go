package cpu

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"cpu32/isa"
	"cpu32/memory"
)

// input is the program's input as rdn and rdc see it: the bytes read so far
// from the reader and the offset of the next unread one. The bytes stay in
// the buffer after they are read, so that a step back (which moves pos back)
// and the replay that follows read them again without asking the reader.
// Only a machine without a journal, which cannot step back, lets go of
// bytes it has read, so that a long input needs little memory.
type input struct {
	r    io.Reader
	buf  []byte // the input from offset base on
	base uint64 // offset of buf[0] in the whole input
	pos  uint64 // offset of the next unread byte
	eof  bool   // r said io.EOF: buf ends where the input ends
	err  error  // r failed; reported when the program reads past buf
	wait bool   // r said ErrNoInput: more may come, but not yet
	keep bool   // a Snapshot was taken: keep every byte read, for a Restore
}

// ErrNoInput is what a reader of Config.Input returns, with no bytes, to
// say that the input has not ended but has nothing yet: a debugger waiting
// for its user to type a line. The rdn or rdc that needs more does not run
// (it reads nothing and does not fault); Run returns StopInput and Step and
// RunToEnd return ErrNoInput, and running again once the reader has more
// goes on.
var ErrNoInput = errors.New("no input yet")

// errWait is the "fault" of an rdn or rdc that must wait for input.
var errWait = &Fault{Kind: waitInput, Msg: "waiting for input"}

// inputChunk is how much one read from the reader asks for.
const inputChunk = 4096

// byteAt returns the byte at offset off, reading from the reader as far as
// needed. ok is false at the end of the input or when the reader failed
// (then in.err says why).
func (in *input) byteAt(off uint64) (byte, bool) {
	for off-in.base >= uint64(len(in.buf)) {
		if in.eof || in.err != nil || in.r == nil || in.wait {
			return 0, false
		}
		in.fill()
	}
	return in.buf[off-in.base], true
}

// fill reads the next chunk. A reader that returns nothing and no error
// many times in a row is treated as failing, so that rdn cannot spin.
func (in *input) fill() {
	if cap(in.buf)-len(in.buf) < inputChunk {
		in.buf = append(in.buf, make([]byte, inputChunk)...)[:len(in.buf)]
	}
	for range 100 {
		n, err := in.r.Read(in.buf[len(in.buf):cap(in.buf)])
		in.buf = in.buf[:len(in.buf)+n]
		switch {
		case errors.Is(err, ErrNoInput):
			in.wait = n == 0
			return
		case errors.Is(err, io.EOF):
			in.eof = true
			return
		case err != nil:
			in.err = err
			return
		case n > 0:
			return
		}
	}
	in.err = io.ErrNoProgress
}

// forget lets go of the bytes before pos, for a machine that cannot step
// back: once they are more than half the buffer, moving the rest down is
// cheap enough.
func (in *input) forget() {
	if done := in.pos - in.base; done > inputChunk && done > uint64(len(in.buf))/2 {
		n := copy(in.buf, in.buf[done:])
		in.buf = in.buf[:n]
		in.base = in.pos
	}
}

// left counts the input not read yet: what is buffered past pos and the
// rest of the reader, which it reads to the end.
func (in *input) left() (uint64, error) {
	n := uint64(len(in.buf)) - (in.pos - in.base)
	if in.r == nil || in.eof || in.err != nil {
		return n, in.err
	}
	rest, err := io.Copy(io.Discard, in.r)
	// The bytes counted are gone: the program would find the input ending.
	in.eof = true
	if err != nil {
		in.err = err
	}
	return n + uint64(rest), err
}

// inputError is the end-of-input fault for a reader that failed.
func (in *input) inputError() *Fault {
	return &Fault{Kind: EndOfInput, Msg: "reading the input failed: " + writeCause(in.err), Err: in.err}
}

// isSpace is the white space rdn skips: space, tab, newline, carriage
// return, vertical tab and form feed, as C's isspace.
func isSpace(b byte) bool { return b == ' ' || b >= '\t' && b <= '\r' }

// maxDigits bounds how far rdn looks at digits: a number longer than this
// is out of range whatever it is. Leading zeros do not count.
const maxDigits = 20

// maxRun bounds the white space rdn skips before a number, and the
// leading zeros of a number: the input stays buffered from where rdn
// started until it is done, so without a bound a stream of spaces would
// fill memory. Far more than any input a person or a test writes.
const maxRun = 1 << 20

// scanNumber reads the number rdn would read at in.pos, without moving pos.
// It returns the value and the offset just past it, or the fault.
func (in *input) scanNumber() (uint32, uint64, *Fault) {
	off := in.pos
	for {
		b, ok := in.byteAt(off)
		if !ok {
			switch {
			case in.wait:
				return 0, 0, errWait
			case in.err != nil:
				return 0, 0, in.inputError()
			}
			return 0, 0, &Fault{Kind: EndOfInput, Msg: "rdn at the end of the input"}
		}
		if !isSpace(b) {
			break
		}
		if off-in.pos == maxRun {
			return 0, 0, &Fault{Kind: InvalidInput, Msg: "rdn found more than 1 MiB of white space where a number should be"}
		}
		off++
	}
	start := off
	if b, _ := in.byteAt(off); b == '-' || b == '+' {
		off++
	}
	digits := off
	significant := 0 // digits after the leading zeros
	for significant <= maxDigits && off-digits <= maxRun {
		b, ok := in.byteAt(off)
		if !ok || b < '0' || b > '9' {
			break
		}
		if significant > 0 || b != '0' {
			significant++
		}
		off++
	}
	switch {
	case in.wait: // the number may go on in what comes next
		return 0, 0, errWait
	case in.err != nil:
		return 0, 0, in.inputError()
	}
	if off == digits {
		return 0, 0, &Fault{Kind: InvalidInput, Msg: fmt.Sprintf("rdn expected a number, found %s", in.quote(start))}
	}
	if off-digits > maxRun {
		return 0, 0, &Fault{Kind: InvalidInput, Msg: fmt.Sprintf("rdn found %s, more than 1 MiB of digits", in.quote(start))}
	}
	text := string(in.buf[start-in.base : off-in.base])
	v, err := strconv.ParseInt(text, 10, 64)
	if err != nil || v < -1<<31 || v > 1<<32-1 {
		return 0, 0, &Fault{Kind: InvalidInput, Msg: fmt.Sprintf("rdn found %s, outside -2147483648..4294967295", in.quote(start))}
	}
	return uint32(v), off, nil
}

// quoteMax is how many characters of bad input a fault message shows.
const quoteMax = 24

// quote shows the input at off up to the next white space, as a Go string
// literal, shortened with "..." when long: what rdn found instead of a
// number.
func (in *input) quote(off uint64) string {
	end := off
	for end-off < 4*quoteMax {
		b, ok := in.byteAt(end)
		if !ok || isSpace(b) {
			break
		}
		end++
	}
	s := string(in.buf[off-in.base : end-in.base])
	if utf8.RuneCountInString(s) > quoteMax {
		s = string([]rune(s)[:quoteMax]) + "..."
	}
	return strconv.Quote(s)
}

// scanRune reads the character rdc would read at in.pos, without moving
// pos: its code point (-1 at the end of the input) and the offset past it.
// A byte that does not start a valid UTF-8 character reads as U+FFFD and
// is one byte long, as Go decodes it.
func (in *input) scanRune() (uint32, uint64, *Fault) {
	if c, ok := in.byteAt(in.pos); ok && c < utf8.RuneSelf {
		return uint32(c), in.pos + 1, nil
	}
	var b [utf8.UTFMax]byte
	n := 0
	for n < utf8.UTFMax {
		c, ok := in.byteAt(in.pos + uint64(n))
		if !ok {
			break
		}
		b[n] = c
		n++
		if utf8.FullRune(b[:n]) {
			break
		}
	}
	if in.wait && !utf8.FullRune(b[:n]) {
		return 0, 0, errWait
	}
	if n == 0 {
		if in.err != nil {
			return 0, 0, in.inputError()
		}
		return ^uint32(0), in.pos, nil
	}
	r, size := utf8.DecodeRune(b[:n])
	return uint32(r), in.pos + uint64(size), nil
}

// read runs rdn (number true) or rdc: it scans the input, then stores the
// value in the instruction's destination. Everything that can fault is
// checked before anything changes, so a faulting rdn reads nothing. It
// returns the next eip (a destination of eip is a jump) or the fault.
func (c *CPU) read(in *instr, next uint32, number bool) (uint32, *Fault) {
	a := in.dst
	if in.dk == isa.Rel {
		a += c.words[in.dreg]
	}
	if a >= c.size {
		return 0, &Fault{Kind: MemoryOutOfRange, Msg: outside(a, c.size)}
	}
	var v uint32
	var end uint64
	var f *Fault
	c.in.wait = false // ask the reader again
	if number {
		v, end, f = c.in.scanNumber()
	} else {
		v, end, f = c.in.scanRune()
	}
	if f != nil {
		return 0, f
	}
	if a == uint32(memory.EIP) {
		if !c.IsInstruction(v) {
			return 0, &Fault{Kind: EIPOutOfRange, Msg: badTarget(v, c.CodeLen())}
		}
		next = v
	}
	if j := c.journal; j != nil {
		if a != uint32(memory.EIP) {
			j.record(a, c.words[a])
		}
		j.noteInput(c.in.pos)
	}
	if a != uint32(memory.EIP) {
		c.words[a] = v
	}
	c.in.pos = end
	if c.journal == nil && !c.in.keep {
		c.in.forget()
	}
	return next, nil
}

// WaitingForInput reports whether the machine stopped before an rdn or rdc
// because its reader had no input yet (ErrNoInput).
func (c *CPU) WaitingForInput() bool {
	if !c.in.wait || c.state != Ready {
		return false
	}
	in := c.code[c.words[memory.EIP]]
	op := in.op
	if op == opBreak {
		op = in.orig
	}
	return op == isa.Rdn || op == isa.Rdc
}

// InputRead returns how many bytes of the input rdn and rdc have read.
func (c *CPU) InputRead() uint64 { return c.in.pos }

// InputLeft returns how many bytes of the input have not been read: those
// read from the reader but not by the program, and the rest of the reader,
// which it reads to its end (so call it when the run is over). The error is
// the reader's, if it failed.
func (c *CPU) InputLeft() (uint64, error) { return c.in.left() }
