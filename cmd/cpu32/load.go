package main

import (
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"cpu32/assembler"
	"cpu32/image"
	"cpu32/internal/progfile"
)

// loadProgram reads path as an image (recognised by its magic), a raw word
// stream (raw), or assembly source. On failure it prints what is wrong and
// where to stderr and returns false: the caller exits with exitUsage.
func loadProgram(path string, raw bool, stderr io.Writer) (*image.Program, bool) {
	p, _, ok := loadProgramWarn(path, raw, stderr)
	return p, ok
}

// loadProgramWarn is loadProgram that also returns the assembler's warnings
// about a source file (none for an image or raw words).
func loadProgramWarn(path string, raw bool, stderr io.Writer) (*image.Program, assembler.ErrorList, bool) {
	p, warns, err := readProgram(path, raw)
	if err != nil {
		printLoadError(stderr, err)
		return nil, nil, false
	}
	return p, warns, true
}

// readProgram reads and loads the program file at path. Its error is the
// assembler's ErrorList, or a *fileError that names the file; nothing is
// printed, so that the debugger's reload can show it in its own window.
func readProgram(path string, raw bool) (*image.Program, assembler.ErrorList, error) {
	return new(loading).readProgram(path, raw)
}

// loading names the file a load is waiting for: the program, or a file it
// includes (a FIFO nobody writes to), so that a signal that stops the wait
// says which (stoppedLoading). It is read from another goroutine.
type loading struct{ file atomic.Pointer[string] }

// reading returns the file being read, or "" before the load starts.
func (l *loading) reading() string {
	if f := l.file.Load(); f != nil {
		return *f
	}
	return ""
}

// readProgram is the package's readProgram, noting each file as it is
// read.
func (l *loading) readProgram(path string, raw bool) (*image.Program, assembler.ErrorList, error) {
	l.file.Store(&path)
	data, err := progfile.Read(path, raw)
	if err != nil {
		return nil, nil, &fileError{path, err}
	}
	include := func(name string) ([]byte, error) {
		l.file.Store(&name)
		defer l.file.Store(&path)
		return assembler.ReadSource(name)
	}
	p, warns, err := progfile.Decode(path, data, raw, assembler.Options{ReadFile: include})
	var list assembler.ErrorList
	if err != nil && !errors.As(err, &list) {
		return nil, nil, &fileError{path, err}
	}
	return p, warns, err
}

// fileError is what is wrong with a whole file (missing, corrupt, a
// machine too small for it): "FILE: what".
type fileError struct {
	path string
	err  error
}

func (e *fileError) Error() string { return e.path + ": " + e.err.Error() }
func (e *fileError) Unwrap() error { return e.err }

// printWarnings prints the assembler's warnings, in the diagnostics' form.
func printWarnings(stderr io.Writer, warns assembler.ErrorList) {
	if len(warns) > 0 {
		fmt.Fprintln(stderr, warns.Error())
	}
}

// printLoadError prints why a program could not be loaded: an assembler's
// diagnostics as they are (they name file, line and column), anything else
// (which names the file) after "cpu32: ".
func printLoadError(stderr io.Writer, err error) {
	var list assembler.ErrorList
	if errors.As(err, &list) {
		fmt.Fprintln(stderr, list.Error())
	} else {
		fmt.Fprintf(stderr, "cpu32: %v\n", err)
	}
}
