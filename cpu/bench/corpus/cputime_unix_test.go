//go:build unix

package corpus_test

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used so far (user and
// system, every thread's): unlike the wall clock, it does not count the
// time the other processes of a shared machine take from this one.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return time.Since(processStart)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
