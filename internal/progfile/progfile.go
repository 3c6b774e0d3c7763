// Package progfile reads a program file the way every cpu32 front end
// takes one (cpu32 run, asm, debug, repl and the DAP server): an image,
// recognised by its magic, a raw word stream, or assembly source, each
// read no further than its kind may be long, so that /dev/zero or an
// endless pipe is refused quickly instead of filling memory.
package progfile

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"unicode/utf8"

	"cpu32/assembler"
	"cpu32/image"
	"cpu32/internal/limited"
)

// Read reads a whole program file, never more of it than its kind may be
// (a source file, an image, a raw stream: told by its first bytes or by
// raw). Its errors say what is wrong without the file's name: missing, a
// directory, unreadable, too large.
func Read(path string, raw bool) ([]byte, error) { return read(open, path, raw) }

// ReadRegular is Read for a reader that must not wait, such as a server
// that must go on answering its client: it reads only a regular file and
// refuses anything else at once with a *limited.NotRegularError.
func ReadRegular(path string, raw bool) ([]byte, error) {
	return read(limited.OpenRegular, path, raw)
}

func read(open func(string) (*os.File, error), path string, raw bool) ([]byte, error) {
	f, err := open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, errors.New("no such file")
		}
		return nil, errors.New(cause(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, errors.New("is a directory, not a program file")
	}
	head := make([]byte, len(image.Magic))
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, errors.New(cause(err))
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
		return nil, errors.New(cause(err))
	}
	return append(head, rest...), nil
}

// cause drops a *fs.PathError's operation and path: the caller names the
// file once.
func cause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Decode makes the program of a file's data: raw words when raw, an image
// when it starts with the image magic, or assembly source (with opts),
// whose warnings it returns too. An assembly error is the assembler's
// ErrorList; any other error says what is wrong with the whole file,
// without its name.
func Decode(path string, data []byte, raw bool, opts assembler.Options) (*image.Program, assembler.ErrorList, error) {
	var p *image.Program
	var err error
	switch {
	case raw:
		p, err = image.DecodeRaw(data)
	case image.IsImage(data):
		p, err = image.Decode(data)
	case IsBinary(data):
		err = errors.New("not a program: a binary file that is not a cpu32 image (use --raw for a raw word stream)")
	default:
		return assembler.AssembleWithWarnings(path, data, opts)
	}
	return p, nil, err
}

// IsBinary reports whether data looks like a binary file rather than source
// text: its start has a NUL byte (git's test), or is not UTF-8 and has
// control characters that no text file has. Such a file gets one message
// instead of an assembly error that would echo its bytes to the terminal;
// a text file in another encoding still gets the assembler's message, which
// points at the line.
func IsBinary(data []byte) bool {
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
