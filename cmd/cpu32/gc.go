package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"sync/atomic"
)

// A run's heap is small (the machine's memory, the program, the output's
// buffer) and stays so, but compiling a program's hot loop leaves a few
// megabytes of garbage, which with Go's default of collecting at a 4 MB
// heap costs the run a collection of some milliseconds of CPU (an array
// program of 30 ms: 12%), waiting besides for compiled code, which the
// collector cannot stop, to come back to Go. So a run does not collect
// until its heap has grown by half of runGCHeadroom past what it holds at
// its start (a memory limit makes the runtime collect then), and after
// that first collection (a program that keeps much: output captured for
// --json, a large program's compiles) it collects as Go does by default
// again, so that memory stays within a few times what the run keeps. GOGC
// or GOMEMLIMIT in the environment is the user's choice and left alone.
const runGCHeadroom = 64 << 20

// runGCBase is about what a run's heap holds at its start besides the
// machine's memory (the runtime's and the packages' own, the program):
// holdGC is told, not measured. Nothing reads the heap's size during a
// run either: the package that reads it (runtime/metrics) costs every
// start of a process 0.1 ms to initialise.
const runGCBase = 4 << 20

// gcHeld is whether a run holds the collector (only one at a time: the
// settings are the process's).
var gcHeld atomic.Bool

// heldGC is the collector's setting during a run (holdGC).
type heldGC struct {
	percent int   // GOGC before the run
	limit   int64 // the memory limit before the run
	held    atomic.Bool
}

// holdGC stops collecting for a run that holds base bytes of heap until
// it has grown by half of headroom, unless the environment sets GOGC or
// GOMEMLIMIT or another run holds it.
func holdGC(base, headroom uint64) *heldGC {
	g := &heldGC{}
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" || !gcHeld.CompareAndSwap(false, true) {
		return g
	}
	g.limit = debug.SetMemoryLimit(int64(min(base+headroom/2, math.MaxInt64)))
	g.percent = debug.SetGCPercent(-1)
	g.held.Store(true)
	// The first collection, which the limit makes, ends the hold: it is
	// the one that finds the sentinel unreachable.
	runtime.AddCleanup(new(gcSentinel), (*heldGC).release, g)
	return g
}

// gcSentinel is garbage from its start, whose cleanup tells that the
// collector ran: it holds a pointer so that it is an object of its own,
// not one of the tiny allocator's, which share a block with others.
type gcSentinel struct{ _ *byte }

// release goes back to the collector's setting before the run: at the
// run's end, or at its first collection (from the runtime's cleanup
// goroutine), whichever comes first.
func (g *heldGC) release() {
	if g.held.CompareAndSwap(true, false) {
		debug.SetGCPercent(g.percent)
		debug.SetMemoryLimit(g.limit)
		gcHeld.Store(false)
	}
}
