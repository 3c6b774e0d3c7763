//go:build !unix

package corpus_test

import "time"

// cpuTime returns the time since the process started: without getrusage,
// the wall clock stands in for the CPU time.
func cpuTime() time.Duration { return time.Since(processStart) }
