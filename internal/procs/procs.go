// Package procs holds a cpu32 process to one processor (GOMAXPROCS 1)
// from the start of its packages' initialization until a command needs
// more. With the runtime's default of every core, each goroutine that a
// start makes (the signal watchers', the runtime's own) wakes another
// thread to look for work, which finds none and sleeps again: some 10% of
// the CPU time of a short `cpu32 run` (issue 16: the process, not the
// program, is most of a short run's time).
//
// Only cmd/cpu32 imports it, for its init, which must come before the
// other packages' (those of its imports come first): so it imports nothing
// but runtime and sync/atomic, and does not look at the environment (the
// GOMAXPROCS a user sets there is what Release gives back).
package procs

import (
	"runtime"
	"sync/atomic"
)

// held is what GOMAXPROCS was before Hold, 0 when the process is not held.
var held atomic.Int32

func init() { Hold() }

// Hold holds the process to one processor until Release.
func Hold() {
	if n := runtime.GOMAXPROCS(1); n > 1 {
		held.CompareAndSwap(0, int32(n))
	}
}

// Release gives the process back the processors it had before Hold
// (every core, the container's limit, or GOMAXPROCS from the environment):
// for a command that may work in parallel (a compile in the background,
// a server, a grader's runs) or runs long enough for the collector's
// workers to matter. Only the first Release after a Hold does something.
func Release() {
	if n := held.Swap(0); n > 0 {
		runtime.GOMAXPROCS(int(n))
	}
}

// Held reports whether the process is held to one processor.
func Held() bool { return held.Load() > 0 }
