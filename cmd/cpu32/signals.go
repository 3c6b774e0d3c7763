package main

import (
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

// interrupt turns SIGINT, SIGTERM and SIGHUP into a flag that run checks
// between chunks of steps, so the interpreter loop itself pays nothing for
// it. The first signal asks the run to stop: it flushes the output, says
// where it stopped and exits with 128+signo (130 for SIGINT). A second
// signal, for a run stuck in a write that never returns (a pipe nobody
// reads), exits at once with the same status.
type interrupt struct {
	signo atomic.Int32 // 0 until a signal arrives
	ch    chan os.Signal
	done  chan struct{}
}

// watchSignals starts catching the signals; stop must be called when the
// run is over.
func watchSignals() *interrupt {
	in := &interrupt{ch: make(chan os.Signal, 2), done: make(chan struct{})}
	signal.Notify(in.ch, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		for {
			select {
			case <-in.done:
				return
			case s := <-in.ch:
				n := int32(s.(syscall.Signal))
				if !in.signo.CompareAndSwap(0, n) {
					os.Exit(128 + int(n))
				}
			}
		}
	}()
	return in
}

// stop stops catching the signals.
func (in *interrupt) stop() {
	signal.Stop(in.ch)
	close(in.done)
}

// signalled returns the number of the signal that asked the run to stop,
// or 0.
func (in *interrupt) signalled() int {
	if in == nil {
		return 0
	}
	return int(in.signo.Load())
}
