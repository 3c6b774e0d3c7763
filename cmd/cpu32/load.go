package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"cpu32/assembler"
	"cpu32/image"
	"cpu32/internal/limited"
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
	data, err := readInput(path, raw)
	if err != nil {
		return nil, nil, &fileError{path, err}
	}
	var p *image.Program
	switch {
	case raw:
		p, err = image.DecodeRaw(data)
	case image.IsImage(data):
		p, err = image.Decode(data)
	case isBinary(data):
		err = errors.New("not a program: a binary file that is not a cpu32 image (use --raw for a raw word stream)")
	default:
		return assembler.AssembleWithWarnings(path, data, assembler.Options{})
	}
	if err != nil {
		return nil, nil, &fileError{path, err}
	}
	return p, nil, nil
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

// isBinary reports whether data looks like a binary file rather than source
// text: its start has a NUL byte (git's test), or is not UTF-8 and has
// control characters that no text file has. Such a file gets one message
// instead of an assembly error that would echo its bytes to the terminal;
// a text file in another encoding still gets the assembler's message, which
// points at the line.
func isBinary(data []byte) bool {
	head := data[:min(len(data), 8000)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	if utf8.Valid(head) {
		return false
	}
	return bytes.ContainsFunc(head, func(r rune) bool {
		return r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\v' && r != '\f'
	})
}

// readInput reads a whole input file, never more of it than its kind may
// be (a source file, an image, a raw stream: told by its first bytes or by
// raw), so that /dev/zero or an endless FIFO is refused quickly. Its errors
// say what is wrong without the file's name: missing, a directory,
// unreadable, too large.
func readInput(path string, raw bool) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, errors.New("no such file")
		}
		return nil, errors.New(errCause(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, errors.New("is a directory, not a program file")
	}
	head := make([]byte, len(image.Magic))
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, errors.New(errCause(err))
	}
	head = head[:n]
	max, what := int64(assembler.MaxFileSize), "a source file"
	switch {
	case raw:
		max, what = image.MaxFileSize, "a raw program"
	case image.IsImage(head):
		max, what = image.MaxFileSize, "an image"
	}
	rest, err := limited.ReadAll(f, max-int64(n), what)
	var tl *limited.TooLargeError
	switch {
	case errors.As(err, &tl):
		return nil, &limited.TooLargeError{Max: max, What: what}
	case err != nil:
		return nil, errors.New(errCause(err))
	}
	return append(head, rest...), nil
}

// sameFile reports whether a and b name the same existing file.
func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false
	}
	return os.SameFile(sa, sb)
}
