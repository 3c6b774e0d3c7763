package main

import (
	"fmt"
	"io"
	"os"

	"cpu32/cpu"
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

// openInput opens --input's file, or takes standard input when path is "".
func openInput(path string) (*programInput, error) {
	if path == "" {
		return &programInput{r: &stoppable{r: stdin}, file: stdin}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("%s: no such file", path)
		}
		return nil, err
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s: is a directory, not an input file", path)
	}
	return &programInput{r: &stoppable{r: f}, file: f, own: true}, nil
}

// left counts the bytes of the input the program did not read. A regular
// file's size says it without reading; a pipe is read to its end; a
// terminal is not read further (that would wait for the user), so only
// what was typed and not read counts.
func (in *programInput) left(c *cpu.CPU) uint64 {
	if st, err := in.file.Stat(); err == nil {
		switch {
		case st.Mode().IsRegular() && in.own:
			if size := uint64(st.Size()); size >= c.InputRead() {
				return size - c.InputRead()
			}
		case st.Mode()&os.ModeCharDevice != 0:
			in.r.stop = true
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

// stoppable is a reader that can be told to end early.
type stoppable struct {
	r    io.Reader
	stop bool
}

// Read reads from the underlying reader until stopped.
func (s *stoppable) Read(p []byte) (int, error) {
	if s.stop {
		return 0, io.EOF
	}
	return s.r.Read(p)
}
