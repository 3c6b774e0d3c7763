package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"cpu32/internal/outfile"
)

// writeError is a failed write of what a command was asked to print: the
// program's output, the JSON report, a disassembly or an image. The command
// stops at once and exits with exitWrite, saying why once on stderr.
type writeError struct{ err error }

func (e *writeError) Error() string { return "write error: " + outfile.Cause(e.err) }
func (e *writeError) Unwrap() error { return e.err }

// reportWriteError prints a failed write's one line and returns exitWrite.
func reportWriteError(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "cpu32: write error: %s\n", outfile.Cause(err))
	return exitWrite
}

// errWriter remembers the first error of a series of writes, so a report
// of many small writes is checked once at the end (as bufio.Writer does).
type errWriter struct {
	w   io.Writer
	err error
}

// Write passes p on unless an earlier write failed.
func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	e.err = err
	return n, err
}

// isTerminal reports whether w is a terminal, where output should appear
// as it is printed.
func isTerminal(w io.Writer) bool { return terminalFile(w) != nil }

// terminalFile returns the terminal w writes to, or nil when w is not
// one (a file, a pipe, a buffer).
func terminalFile(w io.Writer) *os.File {
	for {
		switch x := w.(type) {
		case *errWriter:
			w = x.w
		case progressWriter:
			w = x.w
		case *statusWatch:
			w = x.w
		case *os.File:
			if term.IsTerminal(int(x.Fd())) {
				return x
			}
			return nil
		default:
			return nil
		}
	}
}

// programOutput is where run sends what the program prints. Flush pushes
// out what is buffered; run calls it between chunks of steps and on every
// way out (an end, a fault, a signal).
type programOutput interface {
	io.Writer
	Flush() error
}

// newProgramOutput picks the buffering for stdout: line buffered on a
// terminal, 64 KiB blocks into a file or pipe (half a million prn lines
// into a file must stay fast).
func newProgramOutput(stdout io.Writer) programOutput {
	bw := bufio.NewWriterSize(stdout, 64<<10)
	if isTerminal(stdout) {
		return lineBuffered{bw}
	}
	return bw
}

// lineBuffered flushes after every write that ends a line, as C's stdio
// does on a terminal.
type lineBuffered struct{ *bufio.Writer }

// Write buffers p and flushes when it holds a newline.
func (l lineBuffered) Write(p []byte) (int, error) {
	n, err := l.Writer.Write(p)
	if err == nil && bytes.IndexByte(p, '\n') >= 0 {
		err = l.Flush()
	}
	return n, err
}

// unbuffered writes straight through: under --trace the output and the
// trace lines must interleave in order.
type unbuffered struct{ io.Writer }

// Flush has nothing to do.
func (unbuffered) Flush() error { return nil }

// capture keeps the program's output for --json in 1 MiB chunks, so that it
// never holds a second, doubled copy while it grows (the output limit
// bounds the total).
type capture struct {
	chunks [][]byte
	n      int
}

const captureChunk = 1 << 20

// Write keeps a copy of p.
func (c *capture) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(c.chunks) == 0 || len(c.chunks[len(c.chunks)-1]) == captureChunk {
			c.chunks = append(c.chunks, make([]byte, 0, captureChunk))
		}
		last := &c.chunks[len(c.chunks)-1]
		k := min(len(p), captureChunk-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
	c.n += n
	return n, nil
}

// Flush has nothing to do: the output is printed with the report.
func (c *capture) Flush() error { return nil }

// String returns everything captured (for tests and small outputs).
func (c *capture) String() string {
	b := make([]byte, 0, c.n)
	for _, ch := range c.chunks {
		b = append(b, ch...)
	}
	return string(b)
}
