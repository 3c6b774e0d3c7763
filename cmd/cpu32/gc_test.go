package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

// gcSetting returns the collector's GOGC and memory limit, leaving them
// as they are.
func gcSetting() (int, int64) {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p, debug.SetMemoryLimit(-1)
}

// TestHoldGC checks when a run collects: not while its heap grows by less
// than half the headroom (with a memory limit at the whole headroom), as
// before once it has grown more, or once the run ends; never when the
// environment sets GOGC, nor for a second run while one holds it.
func TestHoldGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	const headroom = 16 << 20

	base := heapBytes()
	g := holdGC(base, headroom)
	if p, limit := gcSetting(); p != -1 || limit != int64(base+headroom) {
		t.Fatalf("held: GOGC %d, limit %d; want off and a limit", p, limit)
	}
	if other := holdGC(base, headroom); other.held {
		t.Fatal("a second run holds the collector too")
	}
	g.check()
	if p, _ := gcSetting(); p != -1 {
		t.Fatalf("GOGC %d after a check with a small heap, want still off", p)
	}
	keep := make([]byte, headroom)
	for i := range keep {
		keep[i] = 1
	}
	g.check()
	if p, limit := gcSetting(); p != 100 || limit != math.MaxInt64 {
		t.Fatalf("after the heap grew by %d: GOGC %d, limit %d; want 100 and none", len(keep), p, limit)
	}
	runtime.KeepAlive(keep)
	g.release() // released already: changes nothing
	if p, _ := gcSetting(); p != 100 {
		t.Fatalf("GOGC %d after a second release", p)
	}

	g = holdGC(base, headroom)
	g.release()
	if p, limit := gcSetting(); p != 100 || limit != math.MaxInt64 {
		t.Fatalf("after the run: GOGC %d, limit %d; want 100 and none", p, limit)
	}

	t.Setenv("GOGC", "50")
	if g := holdGC(base, headroom); g.held {
		t.Fatal("held the collector although GOGC is set")
	}
}
