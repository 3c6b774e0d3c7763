//go:build !unix

package limited

// openNonblock is 0 where the system has no non-blocking open (Windows,
// js/wasm): there a named pipe of the Unix kind does not exist, and the Stat
// of the open file still refuses what is not regular.
const openNonblock = 0

// noReader is never true where an open does not wait for a reader.
func noReader(error) bool { return false }
