package main

import (
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

// quitSignals counts the runs watching for signals (watchSignals): while
// one is, SIGQUIT is theirs.
var quitSignals atomic.Int32

// SIGQUIT (Ctrl-\) ends any command as it ends a C program, with 128+3,
// rather than with the Go runtime's dump of its goroutines and exit 2,
// the status of bad input; a run stops on it cleanly, as on SIGINT.
func init() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGQUIT)
	go func() {
		for range ch {
			if quitSignals.Load() == 0 {
				os.Exit(128 + int(syscall.SIGQUIT))
			}
		}
	}()
}

// interrupt turns SIGINT, SIGTERM, SIGHUP and SIGQUIT into a flag that run checks
// between chunks of steps, so the interpreter loop itself pays nothing for
// it. The first signal asks the run to stop: it flushes the output, says
// where it stopped and exits with 128+signo (130 for SIGINT). A later
// signal is for a run stuck in a write that never returns (a pipe nobody
// reads): it exits with the same status once standard output has taken
// nothing for stuckTime. It cannot exit at once: timeout(1) signals the
// command and then its whole process group, so one request often arrives
// twice, and the copy must not cut the clean stop short.
type interrupt struct {
	signo   atomic.Int32  // 0 until a signal arrives
	stopped chan struct{} // closed when it does
	ch      chan os.Signal
	done    chan struct{}
	load    atomic.Pointer[pendingLoad] // the load under way (during), or nil
}

// stuckTime is how long standard output must take nothing, after a second
// signal, for the run to be taken as stuck.
var stuckTime = time.Second

// written counts the bytes standard output has taken (progressWriter):
// the sign that a stopping run is not stuck.
var written atomic.Uint64

// progressWriter is standard output, counting what it takes.
type progressWriter struct{ w io.Writer }

func (p progressWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	written.Add(uint64(n))
	return n, err
}

// watchSignals starts catching the signals; stop must be called when the
// run is over.
func watchSignals() *interrupt {
	in := &interrupt{stopped: make(chan struct{}), ch: make(chan os.Signal, 2), done: make(chan struct{})}
	quitSignals.Add(1)
	signal.Notify(in.ch, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	go func() {
		watching := false
		for {
			select {
			case <-in.done:
				return
			case s := <-in.ch:
				if in.signo.CompareAndSwap(0, int32(s.(syscall.Signal))) {
					close(in.stopped)
					if l := in.load.Load(); l != nil {
						l.giveUpLater()
					}
				} else if !watching {
					watching = true
					go exitWhenStuck(128 + int(in.signo.Load()))
				}
			}
		}
	}()
	return in
}

// during runs load; if a signal comes before it is done, it gives the
// load stuckTime more (a load about to finish finishes), then ends the
// process with the status giveUp returns once it has said so: opening a
// FIFO nobody writes to blocks for ever, and Ctrl-C must end that too.
// load runs on the caller's goroutine: on a goroutine of its own it cost
// every start a hand-over and the growth of a new stack.
func (in *interrupt) during(load func(), giveUp func() int) {
	l := &pendingLoad{giveUp: giveUp}
	in.load.Store(l)
	if in.signalled() != 0 { // it came before the load began
		l.giveUpLater()
	}
	load()
	in.load.Store(nil)
	if !l.state.CompareAndSwap(loadRunning, loadDone) {
		select {} // given up: the process is exiting
	}
}

// pendingLoad is a load during runs, as a signal finds it.
type pendingLoad struct {
	state  atomic.Int32 // loadRunning, then loadDone or loadGivenUp
	timed  atomic.Bool  // giveUpLater has set its timer
	giveUp func() int
}

const (
	loadRunning = iota
	loadDone
	loadGivenUp
)

// giveUpLater ends the process with giveUp's status if the load is still
// running stuckTime from now.
func (l *pendingLoad) giveUpLater() {
	if l.timed.Swap(true) {
		return
	}
	time.AfterFunc(stuckTime, func() {
		if l.state.CompareAndSwap(loadRunning, loadGivenUp) {
			os.Exit(l.giveUp())
		}
	})
}

// exitWhenStuck exits with code once standard output has taken nothing
// for stuckTime.
func exitWhenStuck(code int) {
	for {
		before := written.Load()
		time.Sleep(stuckTime)
		if written.Load() == before {
			os.Exit(code)
		}
	}
}

// stop stops catching the signals. After one has stopped the run, the
// process is on its way to exit with 128+N: a second, sent at once, is
// ignored rather than left to kill it before it has said where it stopped.
func (in *interrupt) stop() {
	if in.signo.Load() != 0 {
		signal.Ignore(syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	}
	signal.Stop(in.ch)
	quitSignals.Add(-1)
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
	status  *statusLine // says on the terminal that a read waits (nil: never)
	pending bool        // a read has been asked of the reading goroutine
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
	notice := ii.status.inputNotice()
	for {
		select {
		case res := <-ii.got:
			ii.pending = false
			ii.status.gotInput(res.b)
			return copy(p, res.b), res.err
		case <-ii.in.stopped:
			return 0, errInterrupted
		case <-notice: // the user is to type: say so
			ii.status.waiting()
			notice = nil
		}
	}
}

// close ends the reading goroutine once its read returns.
func (ii *interruptibleInput) close() {
	if ii.want != nil {
		close(ii.want)
	}
}
