//go:build unix

package limited

import "syscall"

// openNonblock makes OpenRegular's open return at once on a named pipe
// that has no writer, where a plain open would wait for one.
const openNonblock = syscall.O_NONBLOCK
