package main

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// A run's heap is small (the machine's memory, the program, the output's
// buffer) and stays so, but compiling a program's hot loop leaves a few
// megabytes of garbage, which with Go's default of collecting at a 4 MB
// heap costs the run a collection of some milliseconds of CPU (an array
// program of 30 ms: 12%), waiting besides for compiled code, which the
// collector cannot stop, to come back to Go. So a run does not collect
// until its heap has grown by runGCHeadroom past what it holds at its
// start (a memory limit makes the runtime collect then), and once it has
// grown by half that (a program that keeps much: output captured for
// --json, a large program's compiles), it collects as Go does by default
// again, so that memory stays within a few times what the run keeps. GOGC
// or GOMEMLIMIT in the environment is the user's choice and left alone.
const runGCHeadroom = 64 << 20

// runGCBase is about what a run's heap holds at its start besides the
// machine's memory (the runtime's and the packages' own, the program):
// holdGC is told, not measured, so that a run that ends in its first chunk
// never reads the runtime's metrics (the first read takes 25-50 µs, 1% of
// `prn 1`).
const runGCBase = 4 << 20

// gcHeld is whether a run holds the collector (only one at a time: the
// settings are the process's).
var gcHeld atomic.Bool

// heldGC is the collector's setting during a run (holdGC).
type heldGC struct {
	percent int    // GOGC before the run
	limit   int64  // the memory limit before the run
	resume  uint64 // the heap's size at which the run collects as before
	held    bool
}

// holdGC stops collecting for a run that holds base bytes of heap, up to
// headroom more bytes, unless the environment sets GOGC or GOMEMLIMIT or
// another run holds it.
func holdGC(base, headroom uint64) *heldGC {
	g := &heldGC{}
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" || !gcHeld.CompareAndSwap(false, true) {
		return g
	}
	g.resume = base + headroom/2
	g.limit = debug.SetMemoryLimit(int64(min(base+headroom, math.MaxInt64)))
	g.percent = debug.SetGCPercent(-1)
	g.held = true
	return g
}

// check goes back to the collector's setting before the run once the heap
// has grown past the held headroom's half; runChunked calls it between
// chunks, after the first.
func (g *heldGC) check() {
	if g.held && heapBytes() > g.resume {
		g.release()
	}
}

// release goes back to the collector's setting before the run.
func (g *heldGC) release() {
	if g.held {
		debug.SetGCPercent(g.percent)
		debug.SetMemoryLimit(g.limit)
		g.held = false
		gcHeld.Store(false)
	}
}

// heapBytes returns the bytes of the Go heap's objects, the live and the
// garbage not yet collected (a read of the runtime's metrics, without
// stopping the program as runtime.ReadMemStats does).
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
