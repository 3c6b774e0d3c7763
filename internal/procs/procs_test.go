package procs

import (
	"os"
	"runtime"
	"testing"
)

// The package's init holds the process to one processor; Release gives
// back what the runtime chose (GOMAXPROCS from the environment, or every
// core), once; Hold holds it again.
func TestHoldRelease(t *testing.T) {
	if _, set := os.LookupEnv("GOMAXPROCS"); set || runtime.NumCPU() < 2 || !Held() {
		// The runtime's choice is the container's CPU limit where
		// there is one: a machine limited to one processor holds none.
		t.Skip("needs more than one processor, not set in the environment")
	}
	if got := runtime.GOMAXPROCS(0); got != 1 {
		t.Fatalf("GOMAXPROCS at the tests' start = %d, want 1 (init holds it)", got)
	}
	chosen := int(held.Load()) // the runtime's choice, which Hold kept
	Release()
	if got := runtime.GOMAXPROCS(0); got != chosen {
		t.Fatalf("after Release GOMAXPROCS = %d, want %d", got, chosen)
	}
	if Held() {
		t.Fatal("Held() = true after Release")
	}
	runtime.GOMAXPROCS(2) // a later change is not undone by a second Release
	Release()
	if got := runtime.GOMAXPROCS(0); got != 2 {
		t.Fatalf("a second Release changed GOMAXPROCS to %d", got)
	}
	Hold()
	if got := runtime.GOMAXPROCS(0); got != 1 || !Held() {
		t.Fatalf("after Hold GOMAXPROCS = %d, Held() = %v; want 1, true", got, Held())
	}
	Hold() // holding twice keeps what to give back
	Release()
	if got := runtime.GOMAXPROCS(0); got != 2 {
		t.Fatalf("after Hold, Hold, Release GOMAXPROCS = %d, want 2", got)
	}
	runtime.GOMAXPROCS(1)
	Hold() // nothing to hold
	if Held() {
		t.Fatal("Held() = true after Hold at GOMAXPROCS 1")
	}
	runtime.GOMAXPROCS(runtime.NumCPU())
}
