package main

import (
	"errors"
	"io"
	"os"
	"time"

	"cpu32/cpu"
	"cpu32/internal/outfile"
)

// stdin is the input of a run without --input; tests replace it.
var stdin = os.Stdin

// programInput is where a run's rdn and rdc read: --input FILE, or
// standard input.
type programInput struct {
	r    *stoppable
	file *os.File
	own  bool // opened here, closed by close
}

// openInput opens --input's file, or takes standard input when path is ""
// or "-" (as Unix tools read "-").
func openInput(path string) (*programInput, error) {
	if path == "" || path == "-" {
		return &programInput{r: &stoppable{r: stdin}, file: stdin}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, &fileError{path, errors.New("no such file")}
		}
		return nil, &fileError{path, errors.New(outfile.Cause(err))}
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, &fileError{path, errors.New("is a directory, not an input file")}
	}
	return &programInput{r: &stoppable{r: f}, file: f, own: true}, nil
}

// drainTime bounds how long left reads a pipe to count what the program
// did not read: a writer that never closes its end (`yes |`, a grader's
// subprocess that keeps stdin open) must not keep the report from being
// written.
var drainTime = time.Second

// left counts the bytes of the input the program did not read. A regular
// file's size says it without reading; a pipe is read to its end, or for
// drainTime at most, so that count is what arrived by then; a terminal is
// not read further (that would wait for the user), so only what was typed
// and not read counts.
func (in *programInput) left(c *cpu.CPU) uint64 {
	if st, err := in.file.Stat(); err == nil {
		switch {
		case st.Mode().IsRegular() && in.own:
			if size := uint64(st.Size()); size >= c.InputRead() {
				return size - c.InputRead()
			}
		case st.Mode()&os.ModeCharDevice != 0:
			in.r.stop = true
		default:
			in.r.deadline = time.Now().Add(drainTime)
		}
	}
	n, _ := c.InputLeft()
	return n
}

func (in *programInput) close() {
	if in.own {
		in.file.Close()
	}
}

// stoppable is a reader that can be told to end early, at once or at a
// deadline.
type stoppable struct {
	r        io.Reader
	stop     bool
	deadline time.Time // when set, a read still waiting then ends the input
}

// Read reads from the underlying reader until stopped. Past a deadline, a
// read that has not returned is left behind in its goroutine, with a
// buffer of its own so that it never writes into p later; the process is
// about to report and exit.
func (s *stoppable) Read(p []byte) (int, error) {
	if s.stop {
		return 0, io.EOF
	}
	if s.deadline.IsZero() {
		return s.r.Read(p)
	}
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b := make([]byte, len(p))
		n, err := s.r.Read(b)
		done <- result{b[:n], err}
	}()
	select {
	case r := <-done:
		return copy(p, r.b), r.err
	case <-time.After(time.Until(s.deadline)):
		s.stop = true
		return 0, io.EOF
	}
}
