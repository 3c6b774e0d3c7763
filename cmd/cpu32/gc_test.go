package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcSetting returns the collector's GOGC and memory limit, leaving them
// as they are.
func gcSetting() (int, int64) {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p, debug.SetMemoryLimit(-1)
}

// gcSink keeps the garbage TestHoldGC makes from being optimised away.
var gcSink []byte

// TestHoldGC checks when a run collects: not while its heap grows by less
// than half the headroom (a memory limit there), as before once the limit
// has made the runtime collect, or once the run ends; never when the
// environment sets GOGC, nor for a second run while one holds it.
func TestHoldGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	const headroom = 16 << 20

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.Sys - ms.HeapReleased // what the memory limit counts
	g := holdGC(base, headroom)
	if p, limit := gcSetting(); p != -1 || limit != int64(base+headroom/2) {
		t.Fatalf("held: GOGC %d, limit %d; want off and a limit of %d", p, limit, base+headroom/2)
	}
	if other := holdGC(base, headroom); other.held.Load() {
		t.Fatal("a second run holds the collector too")
	}
	gcs := ms.NumGC
	for made := 0; made < headroom/8; made += 64 << 10 {
		gcSink = make([]byte, 64<<10)
	}
	if runtime.ReadMemStats(&ms); ms.NumGC != gcs || !g.held.Load() {
		t.Fatalf("%d collections, held %v, after an eighth of the headroom; want none, held", ms.NumGC-gcs, g.held.Load())
	}
	// Garbage, far more than the limit: the runtime collects, and that
	// collection ends the hold.
	for made := 0; made < 16*headroom && g.held.Load(); made += 64 << 10 {
		gcSink = make([]byte, 64<<10)
	}
	for deadline := time.Now().Add(10 * time.Second); g.held.Load() && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond) // the cleanup that releases it runs on a goroutine of its own
	}
	runtime.ReadMemStats(&ms)
	if p, limit := gcSetting(); p != 100 || limit != math.MaxInt64 || ms.NumGC == gcs {
		t.Fatalf("after %d collections: GOGC %d, limit %d; want 100 and none after at least one", ms.NumGC-gcs, p, limit)
	}
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
	if g := holdGC(base, headroom); g.held.Load() {
		t.Fatal("held the collector although GOGC is set")
	}
}
