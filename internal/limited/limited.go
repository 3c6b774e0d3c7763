// Package limited reads files and streams with a bound on their size, so
// that an input that never ends (/dev/zero, a FIFO fed forever) or a huge
// file is refused after reading at most the bound, never read whole.
package limited

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// TooLargeError says that an input is larger than What may be.
type TooLargeError struct {
	Max  int64  // the bound, in bytes
	What string // what the bound is for: "a source file"
}

// Error reads "larger than 1 MiB, the limit for a source file".
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("larger than %s, the limit for %s", Size(e.Max), e.What)
}

// Size writes a byte count as people say it: "8 MiB", "1.5 KiB", "12 bytes".
func Size(n int64) string {
	units := []string{"bytes", "KiB", "MiB", "GiB"}
	v, u := float64(n), 0
	for v >= 1024 && u < len(units)-1 && n%1024 == 0 {
		v /= 1024
		u++
		n /= 1024
	}
	if u == 0 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%g %s", v, units[u])
}

// ReadAll reads r to its end, or fails with a *TooLargeError as soon as it
// has read more than max bytes. It reads in chunks, so that an endless
// stream costs about max bytes of memory before it is refused (a doubling
// buffer would cost twice that).
func ReadAll(r io.Reader, max int64, what string) ([]byte, error) {
	// Chunks grow from 16 KiB to 1 MiB: a small file costs little, a large
	// one few reads.
	chunk := 16 << 10
	var chunks [][]byte
	var total int64
	lr := io.LimitReader(r, max+1)
	for ; ; chunk = min(2*chunk, 1<<20) {
		b := make([]byte, chunk)
		n, err := io.ReadFull(lr, b)
		chunks = append(chunks, b[:n])
		total += int64(n)
		if total > max {
			return nil, &TooLargeError{Max: max, What: what}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(chunks) == 1 {
		return chunks[0], nil
	}
	data := make([]byte, 0, total)
	for _, c := range chunks {
		data = append(data, c...)
	}
	return data, nil
}

// ReadFile reads the file at path, which may be at most max bytes long. A
// regular file that is too large is refused without reading it; a device or
// a FIFO is read up to max+1 bytes.
func ReadFile(path string, max int64, what string) ([]byte, error) {
	return readFile(os.Open, path, max, what)
}

// ReadRegularFile is ReadFile for a reader that must not wait, such as a
// server that must go on answering its client: it reads only a regular
// file, and refuses anything else at once (OpenRegular).
func ReadRegularFile(path string, max int64, what string) ([]byte, error) {
	return readFile(OpenRegular, path, max, what)
}

func readFile(open func(string) (*os.File, error), path string, max int64, what string) ([]byte, error) {
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	switch {
	case st.IsDir():
		return nil, &os.PathError{Op: "read", Path: path, Err: errors.New("is a directory")}
	case st.Mode().IsRegular() && st.Size() > max:
		return nil, &TooLargeError{Max: max, What: what}
	}
	return ReadAll(f, max, what)
}

// NotRegularError says that a file is not a regular file, and what it is.
type NotRegularError struct {
	Kind string // "a named pipe", "a device", "a socket", "a directory", ...
}

// Error reads "is a named pipe, not a regular file".
func (e *NotRegularError) Error() string { return "is " + e.Kind + ", not a regular file" }

// OpenRegular opens path for reading if it is a regular file, and refuses
// anything else with a *NotRegularError, without waiting: a plain open of a
// named pipe waits for a writer, for ever if none comes, and a device such
// as /dev/zero never ends. It opens without blocking (which a regular
// file ignores) and then asks the open file what it is, so that a file
// swapped between a look and the open cannot slip through.
func OpenRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if m := st.Mode(); !m.IsRegular() {
		f.Close()
		return nil, &NotRegularError{Kind: kindOf(m)}
	}
	return f, nil
}

// kindOf names the kind of a file that is not regular.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
