package main

import (
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

// interrupt turns SIGINT, SIGTERM and SIGHUP into a flag that run checks
// between chunks of steps, so the interpreter loop itself pays nothing for
// it. The first signal asks the run to stop: it flushes the output, says
// where it stopped and exits with 128+signo (130 for SIGINT). A second
// signal, for a run stuck in a write that never returns (a pipe nobody
// reads), exits at once with the same status; but not one that comes
// within duplicateTime of the first: timeout(1) signals the command and
// then its whole process group, so one request can arrive twice.
type interrupt struct {
	signo   atomic.Int32  // 0 until a signal arrives
	stopped chan struct{} // closed when it does
	ch      chan os.Signal
	done    chan struct{}
}

// duplicateTime is how soon after the first a second signal is taken for
// a copy of it rather than a second request: far longer than timeout's
// two kills apart, shorter than a person pressing Ctrl-C again.
const duplicateTime = 300 * time.Millisecond

// watchSignals starts catching the signals; stop must be called when the
// run is over.
func watchSignals() *interrupt {
	in := &interrupt{stopped: make(chan struct{}), ch: make(chan os.Signal, 2), done: make(chan struct{})}
	signal.Notify(in.ch, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		var first time.Time
		for {
			select {
			case <-in.done:
				return
			case s := <-in.ch:
				n := int32(s.(syscall.Signal))
				if in.signo.CompareAndSwap(0, n) {
					first = time.Now()
					close(in.stopped)
				} else if time.Since(first) >= duplicateTime {
					os.Exit(128 + int(in.signo.Load()))
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

// interruptibleInput is the program's input as run gives it to the
// machine. Before it waits for more input it flushes the output, so that a
// prompt printed without a newline shows (as C's stdio does); and a signal
// that comes while it waits (a program waiting for a number on a terminal)
// ends the wait with errInterrupted instead of going unnoticed until the
// user types something.
type interruptibleInput struct {
	r       io.Reader
	out     programOutput
	in      *interrupt
	pending bool // a read has been asked of the reading goroutine
	want    chan int
	got     chan readResult
}

type readResult struct {
	b   []byte
	err error
}

func newInterruptibleInput(r io.Reader, out programOutput, in *interrupt) *interruptibleInput {
	return &interruptibleInput{r: r, out: out, in: in}
}

// Read reads from the underlying reader in a goroutine of its own and
// waits for the data or a signal.
func (ii *interruptibleInput) Read(p []byte) (int, error) {
	ii.out.Flush() // a failed flush shows again on the next write
	if ii.in.signalled() != 0 {
		return 0, errInterrupted
	}
	if ii.want == nil {
		ii.want, ii.got = make(chan int), make(chan readResult, 1)
		go func() {
			// One buffer serves every read: Read copies a result out
			// before it asks for the next one.
			var b []byte
			for n := range ii.want {
				if cap(b) < n {
					b = make([]byte, n)
				}
				k, err := ii.r.Read(b[:n])
				ii.got <- readResult{b[:k], err}
			}
		}()
	}
	if !ii.pending {
		ii.want <- len(p)
		ii.pending = true
	}
	select {
	case res := <-ii.got:
		ii.pending = false
		return copy(p, res.b), res.err
	case <-ii.in.stopped:
		return 0, errInterrupted
	}
}

// close ends the reading goroutine once its read returns.
func (ii *interruptibleInput) close() {
	if ii.want != nil {
		close(ii.want)
	}
}
