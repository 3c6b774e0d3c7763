//go:build !unix

package limited

// openNonblock is 0 where the system has no non-blocking open (Windows,
// js/wasm): there a named pipe of the Unix kind does not exist, and the Stat
// of the open file still refuses what is not regular.
const openNonblock = 0
