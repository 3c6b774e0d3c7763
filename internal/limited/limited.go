// Package limited reads files and streams with a bound on their size, so
// that an input that never ends (/dev/zero, a FIFO fed forever) or a huge
// file is refused after reading at most the bound, never read whole.
package limited

import (
	"errors"
	"fmt"
	"io"
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
	f, err := os.Open(path)
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
