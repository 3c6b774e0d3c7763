//go:build unix

package limited

import (
	"errors"
	"syscall"
)

// openNonblock makes OpenRegular's open return at once on a named pipe
// that has no writer, where a plain open would wait for one.
const openNonblock = syscall.O_NONBLOCK

// noReader reports whether err is what a non-blocking open for writing of
// a named pipe says when no process has it open for reading.
func noReader(err error) bool { return errors.Is(err, syscall.ENXIO) }
