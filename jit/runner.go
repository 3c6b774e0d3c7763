package jit

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"cpu32/cpu"
)

// Engine says what runs a machine's program.
type Engine int

const (
	// Auto interprets first and moves to compiled code once the program
	// proves long-running, so that a short one never waits for the
	// compiler.
	Auto Engine = iota
	// Interp only interprets.
	Interp
	// Compiled compiles before the first step (for tests and
	// measurements).
	Compiled
)

var engineNames = [...]string{"auto", "interp", "jit"}

// String returns "auto", "interp" or "jit", the names Set accepts.
func (e Engine) String() string {
	if int(e) < len(engineNames) {
		return engineNames[e]
	}
	return fmt.Sprintf("engine(%d)", int(e))
}

// Set parses an engine's name; Engine is a flag.Value.
func (e *Engine) Set(s string) error {
	for i, n := range engineNames {
		if s == n {
			*e = Engine(i)
			return nil
		}
	}
	return fmt.Errorf("unknown engine %q (want auto, interp or jit)", s)
}

// hotSteps is how many steps a program runs in the interpreter before
// Auto compiles it, in the background while the interpreter goes on: a few
// milliseconds, against the compiler's one or two.
const hotSteps = 1 << 21

// piece is how many steps Auto interprets between two looks at the
// compiler; samplePiece, between two samples of where the program runs
// (the parts of it that are compiled), before it starts the compiler.
const (
	piece       = 1 << 19
	samplePiece = 1 << 12
	maxSamples  = 1 << 10
)

type compiled struct {
	code *Code
	err  error
}

// Runner runs a machine with an engine. Its Run is cpu.CPU.Run's: the
// same results whichever engine runs.
type Runner struct {
	c        *cpu.CPU
	e        Engine
	code     *Code
	pending  chan compiled // Auto's compile in the background, once started
	samples  []uint32      // where the interpreter was, every samplePiece steps (a ring)
	nsamples int           // how many samples were taken
	err      error         // why the program could not be compiled, or is not run compiled
	ran      bool          // compiled code ran some of the program

	// Auto's measure of the two: the interpreter's speed until the code
	// was ready, and the time and steps compiled code has taken since.
	start      time.Time
	interpRate float64 // steps a second
	judged     bool
	codeSteps  uint64
	codeTime   time.Duration
}

// Auto compares compiled code's speed with the interpreter's once it has
// run judgeSteps, or judgePiece steps and judgeTime, and goes back to the
// interpreter for good if compiled code was slower (a program that spends
// its time printing or calling host functions, each a call out of
// compiled code).
const (
	judgeSteps = 1 << 21
	judgePiece = 1 << 16
	judgeTime  = 5 * time.Millisecond
)

// errClosed is Runner.err once Close has given up a compile under way.
var errClosed = errors.New("jit: the runner was closed")

// errSlower is Runner.err when compiled code proved slower.
var errSlower = errors.New("jit: compiled code ran slower than the interpreter")

// NewRunner returns a Runner for c. Where this build cannot compile
// (Supported is false), every engine interprets.
func NewRunner(c *cpu.CPU, e Engine) *Runner { return &Runner{c: c, e: e} }

// Run runs until the program stops or n more instructions have run, like
// cpu.CPU.Run (breakpoints are not looked at while compiled code runs).
func (r *Runner) Run(n uint64) (cpu.Stop, error) {
	c := r.c
	if r.code == nil && r.err == nil && Supported && c.Plain() {
		switch r.e {
		case Compiled:
			r.code, r.err = Compile(c)
		case Auto:
			return r.auto(n)
		}
	}
	if r.code != nil {
		if r.e != Auto || r.judged {
			return r.code.Run(n)
		}
		return r.judge(n)
	}
	return c.Run(n)
}

// judge runs compiled code a judgePiece at a time, timing it, until it
// has run long enough to compare with the interpreter; then, if it ran
// slower than the interpreter had, it drops it and the interpreter goes
// on.
func (r *Runner) judge(n uint64) (cpu.Stop, error) {
	for n > 0 && !r.judged {
		before, t := r.c.Steps(), time.Now()
		stop, err := r.code.Run(min(n, judgePiece))
		ran := r.c.Steps() - before
		r.codeTime += time.Since(t)
		r.codeSteps += ran
		r.ran = r.ran || r.code.Ran()
		if r.codeSteps >= judgeSteps || r.codeSteps >= judgePiece && r.codeTime >= judgeTime {
			r.judged = true
			if float64(r.codeSteps)/r.codeTime.Seconds() < r.interpRate {
				r.code.Close()
				r.code, r.err = nil, errSlower
			}
		}
		if err != nil || stop != cpu.StopLimit {
			return stop, err
		}
		n -= ran
	}
	if n == 0 {
		return cpu.StopLimit, nil
	}
	return r.Run(n)
}

// auto interprets n steps a piece at a time, starts the compiler once the
// program has run hotSteps, and goes on in compiled code once it is ready.
func (r *Runner) auto(n uint64) (cpu.Stop, error) {
	c := r.c
	if r.start.IsZero() {
		r.start = time.Now()
	}
	for n > 0 {
		if r.pending == nil && c.Steps() >= hotSteps {
			r.pending = make(chan compiled, 1)
			// The compiler reads a copy of memory: the interpreter goes
			// on writing it.
			go func(data, hot []uint32) {
				k, err := compileData(c, data, hot, Watch{})
				r.pending <- compiled{k, err}
			}(slices.Clone(c.Memory().Words()), r.samples)
		}
		if r.pending != nil {
			select {
			case res := <-r.pending:
				r.code, r.err = res.code, res.err
				r.interpRate = float64(c.Steps()) / time.Since(r.start).Seconds()
				return r.Run(n)
			default:
			}
		}
		before := c.Steps()
		p := uint64(piece)
		if r.pending == nil {
			p = samplePiece
		}
		stop, err := c.Run(min(n, p))
		if err != nil || stop != cpu.StopLimit {
			return stop, err
		}
		n -= c.Steps() - before
		if r.pending == nil { // the last maxSamples of them
			if len(r.samples) < maxSamples {
				r.samples = append(r.samples, c.EIP())
			} else {
				r.samples[r.nsamples%maxSamples] = c.EIP()
			}
			r.nsamples++
		}
	}
	return cpu.StopLimit, nil
}

// Engine returns "jit" when compiled code has run any of the program,
// else "interp": what the JSON report of a run says.
func (r *Runner) Engine() string {
	if r.ran || r.code != nil && r.code.Ran() {
		return "jit"
	}
	return "interp"
}

// Close frees the compiled code. It does not wait for a compile under
// way, which on a large program can take seconds after the interpreter
// has finished the run: that code is freed when it is ready.
func (r *Runner) Close() error {
	if r.pending != nil && r.code == nil && r.err == nil {
		go func(pending <-chan compiled) {
			if res := <-pending; res.code != nil {
				res.code.Close()
			}
		}(r.pending)
		r.err = errClosed
		return nil
	}
	if r.code != nil {
		return r.code.Close()
	}
	return nil
}
