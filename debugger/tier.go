package debugger

import (
	"errors"
	"slices"
	"time"

	"cpu32/cpu"
	"cpu32/internal/samples"
)

// A long run that has set its journal aside (replay.go) steps through the
// interpreter's plain fast path; with a Compiler (WithCompiler), it runs
// compiled code instead, which is several times faster on loops. Nothing
// a run observes changes: the code is compiled to leave every armed
// breakpoint (and the run's temporary stops), every call and every ret to
// the interpreter, so breakpoints stop where they did and the call stack
// is kept; snapshots are taken at the same chunk boundaries, so stepping
// back after the run replays its last steps exactly as before; a pause
// is seen between two chunks, a fraction of a millisecond of compiled
// code. What compiled code cannot keep is the heat map's counts: while the
// heat map is shown (SetCountsShown) every step is interpreted, and when
// compiled code has run the counts miss its steps (CountsComplete) until a
// restart, or a stop that runs them all again for the journal.
// Watchpoints, and runs short enough to keep journaling, always interpret.
// The code is compiled for a set of armed traps; the session keeps the
// code of the last cacheSize sets, since next and finish arm stops of
// their own and disarm them at their end. Should compiled code fail (a
// trap in it), the run stops with StopCompiled where it began, the
// machine as the interpreter has it there (rewind), and the session
// interprets from then on. The session is the package's only user of the
// compiler, and the debugger itself does not import it: the playground's
// engine, built for the browser where nothing compiles, never links it.

// Compiled is compiled code for a session's machine: jit.Code.
type Compiled interface {
	// Run runs as cpu.CPU.Run does, stopping before the breakpoints the
	// code was compiled for but for the first instruction.
	Run(n uint64) (cpu.Stop, error)
	// Close frees the code.
	Close() error
}

// Compiler compiles c's program for runs that stop at the armed
// breakpoints at breaks and keep the call stack (jit.CompileWatched):
// data is a copy of c's memory, hot where the interpreter was sampled (the
// parts to compile). It may run in the background while c runs.
type Compiler func(c *cpu.CPU, data, hot, breaks []uint32) (Compiled, error)

// WithCompiler lets long runs use compiled code from f: once a session has
// interpreted compileAfter steps of runs set aside, it compiles in the
// background while the interpreter goes on, or at the first such run's
// start when eager (a test's, or --engine jit). Without it, or where f
// fails, the interpreter runs alone.
func WithCompiler(f Compiler, eager bool) Option {
	return func(o *options) { o.compiler, o.eager = f, eager }
}

// compileAfter is how many steps of runs set aside a session interprets
// before it compiles: a few milliseconds, against a compile's one or two,
// so that short continues never wait for the compiler.
const compileAfter = 1 << 21

// Compiled code runs judgeSteps, or for judgeTime, before the tier
// compares its speed with the interpreter's, and gives it up while the
// same traps are armed if it was slower (a recursion, where every call and
// ret goes back to the interpreter: many times slower).
const (
	judgeSteps = 1 << 22
	judgeTime  = 5 * time.Millisecond
)

// cacheSize is how many sets of armed traps a session keeps compiled code
// for (or remembers that it was slower): next, until and finish arm
// temporary stops and disarm them at their end, so each would compile
// again on its way in and on its way out.
const cacheSize = 4

// tier is a session's compiled code and what decides when it runs.
type tier struct {
	cache   []*entry           // by use, the latest first; at most cacheSize
	armed   []uint32           // the armed addresses now, sorted, when armedOK
	armedOK bool               // no trap changed since armed was made
	pending chan compileResult // a compile under way
	started bool               // a compile was started: sampling is over
	samples samples.Ring       // where the program ran, before the first compile
	failed  bool               // compiled code cannot be made, or failed: interpret

	// The interpreter's speed: steps and time interpreted in runs set
	// aside before the first compile.
	interpSteps uint64
	interpTime  time.Duration

	ran bool // compiled code has run since the last restart: the counts miss steps
}

// entry is the compiled code for one set of armed traps, and its measure.
type entry struct {
	breaks []uint32 // the armed addresses code was compiled for
	// code is nil once it proved slower than the interpreter with these
	// traps (a conditional breakpoint in a loop sends it back to Go every
	// turn, a recursion at every call and ret): interpret while they are
	// armed.
	code Compiled

	// The steps and time the code has run, until judged.
	codeSteps uint64
	codeTime  time.Duration
	judged    bool
}

type compileResult struct {
	code   Compiled
	breaks []uint32
	err    error
}

// runPlain is c.Run for a chunk of a run: through compiled code when
// the session has it (or gets it now) for the traps armed now and nothing
// observes single steps.
func (s *Session) runPlain(c *cpu.CPU, n uint64) (cpu.Stop, error) {
	t := &s.tier
	if s.opts.compiler == nil || t.failed || c != s.c || c.Journal() != nil || s.countsShown.Load() {
		return c.Run(n)
	}
	armed := s.armedTraps()
	s.collect(false) // (an eager compile is never left under way)
	e := t.find(armed)
	if e == nil && t.pending == nil && (s.opts.eager || t.interpSteps >= compileAfter) {
		s.startCompile(armed)
		s.collect(s.opts.eager)
		e = t.find(armed)
	}
	// The clock is read only while it is needed: a run that stops at a
	// conditional breakpoint in a loop comes here every few steps.
	before := c.Steps()
	switch {
	case e == nil && t.started || e != nil && e.code == nil:
		return c.Run(n)
	case e == nil: // the interpreter's speed, before the first compile
		start := time.Now()
		stop, err := s.interpret(n)
		t.interpSteps += c.Steps() - before
		t.interpTime += time.Since(start)
		return stop, err
	}
	var start time.Time
	if !e.judged {
		start = time.Now()
	}
	stop, err := e.code.Run(n)
	t.ran = t.ran || c.Steps() != before
	var f *cpu.Fault
	if err != nil && !errors.As(err, &f) {
		// The compiled code itself failed (a trap: a bug in the
		// compiler): this session compiles no more, rather than enter
		// the same code again and again, and the run stops where the
		// failing code began, as the interpreter has the machine there.
		t.failed = true
		t.closeAll()
		s.rewind()
		return cpu.StopEnd, &compiledError{err}
	}
	if !e.judged {
		t.judge(e, c.Steps()-before, time.Since(start))
	}
	return stop, err
}

// compiledError is how compiled code failed, which stops the run
// (StopCompiled).
type compiledError struct{ err error }

func (e *compiledError) Error() string { return e.err.Error() }
func (e *compiledError) Unwrap() error { return e.err }

// rewind puts the machine back as the interpreter has it where the
// compiled code that failed began (which, trapping, may have written
// memory and printed, but counted no steps): from the latest snapshot,
// taken at a chunk boundary before it, the interpreter runs again to that
// step count, printing again what was printed since the snapshot. Should
// it stop before (earlier compiled code was wrong too), the machine stays
// where it stopped, as the interpreter has it.
func (s *Session) rewind() {
	c := s.c
	n := c.Steps()
	c.Restore(s.replay.from(n))
	s.out.truncate(c.OutputBytes())
	c.RunTo(n)
}

// judge adds a run of e's code to its measure, and once it has run long
// enough, drops the code if it ran slower than the interpreter had: e's
// traps then keep the interpreter.
func (t *tier) judge(e *entry, steps uint64, d time.Duration) {
	e.codeSteps += steps
	e.codeTime += d
	if e.codeSteps < judgeSteps && e.codeTime < judgeTime {
		return
	}
	e.judged = true
	if e.codeTime.Seconds()*float64(t.interpSteps) > t.interpTime.Seconds()*float64(e.codeSteps) {
		e.code.Close()
		e.code = nil
	}
}

// find returns the entry for the traps armed, made the latest used, or
// nil.
func (t *tier) find(armed []uint32) *entry {
	for i, e := range t.cache {
		if slices.Equal(e.breaks, armed) {
			copy(t.cache[1:i+1], t.cache[:i])
			t.cache[0] = e
			return e
		}
	}
	return nil
}

// add keeps e as the latest used, closing the code of the least recently
// used when the cache is full.
func (t *tier) add(e *entry) {
	if len(t.cache) == cacheSize {
		if old := t.cache[cacheSize-1]; old.code != nil {
			old.code.Close()
		}
		t.cache = t.cache[:cacheSize-1]
	}
	t.cache = slices.Insert(t.cache, 0, e)
}

// closeAll closes every cached code.
func (t *tier) closeAll() {
	for _, e := range t.cache {
		if e.code != nil {
			e.code.Close()
		}
	}
	t.cache = nil
}

// interpret runs n steps through the interpreter, sampling where the
// program runs every samples.Piece steps, before the first compile.
func (s *Session) interpret(n uint64) (cpu.Stop, error) {
	t, c := &s.tier, s.c
	for n > 0 {
		before := c.Steps()
		stop, err := c.Run(min(n, samples.Piece))
		if err != nil || stop != cpu.StopLimit {
			return stop, err
		}
		n -= c.Steps() - before
		t.samples.Add(c.EIP())
	}
	return cpu.StopLimit, nil
}

// startCompile compiles for the traps armed in the background, from a copy
// of memory (the interpreter goes on writing it).
func (s *Session) startCompile(armed []uint32) {
	t, c, f := &s.tier, s.c, s.opts.compiler
	t.pending, t.started = make(chan compileResult, 1), true
	go func(pending chan<- compileResult, data, hot []uint32) {
		k, err := f(c, data, hot, armed)
		pending <- compileResult{k, armed, err}
	}(t.pending, slices.Clone(c.Memory().Words()), t.samples.Kept())
}

// collect takes the compile under way's code when it is ready (wait: when
// it has ended) into the cache: made for the traps armed now, or for
// those of a next or a finish, which may be armed again.
func (s *Session) collect(wait bool) {
	t := &s.tier
	if t.pending == nil {
		return
	}
	var res compileResult
	if wait {
		res = <-t.pending
	} else {
		select {
		case res = <-t.pending:
		default:
			return
		}
	}
	t.pending = nil
	if res.err != nil {
		t.failed = true
		t.closeAll() // never run again
		return
	}
	t.add(&entry{breaks: res.breaks, code: res.code})
}

// armedTraps returns the addresses of the traps armed now, sorted.
func (s *Session) armedTraps() []uint32 {
	t := &s.tier
	if t.armedOK {
		return t.armed
	}
	var armed []uint32 // a new array: a compile may hold the last one
	for a := range s.temps {
		armed = append(armed, a)
	}
	for a, bs := range s.bpAt {
		if !s.temps[a] && slices.ContainsFunc(bs, func(b *breakpoint) bool { return b.Enabled }) {
			armed = append(armed, a)
		}
	}
	// Sorted by insertion: there are a few, and slices.Sort would add 16
	// KB to the playground's engine.
	for i := 1; i < len(armed); i++ {
		for j := i; j > 0 && armed[j-1] > armed[j]; j-- {
			armed[j-1], armed[j] = armed[j], armed[j-1]
		}
	}
	t.armed, t.armedOK = armed, true
	return armed
}

// reset closes the code and a compile under way (which frees its code
// when it ends), for a new machine.
func (t *tier) reset() {
	t.closeAll()
	if t.pending != nil {
		go func(pending <-chan compileResult) {
			if res := <-pending; res.code != nil {
				res.code.Close()
			}
		}(t.pending)
	}
	*t = tier{}
}

// Close frees the session's compiled code, and its compile under way
// when that ends: what a front end calls when the session ends. The
// session stays usable, and interprets from then on.
func (s *Session) Close() error {
	defer s.acquire()()
	s.tier.reset()
	s.tier.failed = true
	return nil
}

// SetCountsShown tells the session whether LineCounts is on screen (the
// heat map): while it is, runs interpret every step so that the counts
// are exact. Safe from any goroutine; a running command sees it at its
// next chunk.
func (s *Session) SetCountsShown(on bool) { s.countsShown.Store(on) }

// CountsComplete reports whether LineCounts counts every step since the
// last restart: false once compiled code has run part of the program
// while the counts were not shown.
func (s *Session) CountsComplete() bool { return !s.tier.ran }

// CountsNote is what a front end says of the counts (the heat map, the
// profile command) when CountsComplete is false.
const CountsNote = "the counts miss the steps that ran compiled while the heat map was hidden; restart with it shown, or debug with --engine interp, to count every step"
