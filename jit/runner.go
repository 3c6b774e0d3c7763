package jit

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"cpu32/cpu"
	"cpu32/internal/samples"
	"cpu32/isa"
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
// Auto compiles it whatever the sample shows (earlySteps: sooner when it
// shows a quiet loop): some milliseconds, as long as compiling a loop or two
// takes, so that a program never spends much more on the compiler than it
// would have saved, and a short one (printing half a million numbers, 2 M
// steps) never compiles. 2^20 made the corpus 3-9% faster and printing
// half a million numbers 40% slower in CPU time (6 ms: a compile).
const hotSteps = 1 << 21

// earlySteps is how many steps a program runs in the interpreter before
// Auto may compile it sooner than hotSteps: when the sample shows it
// settled in a loop (settled) that does not print, read or call the host
// (quiet), what compiled code runs ten times faster. At 2^19 steps (about
// 2 ms) that pays for the compile (1-3 ms) once the program runs as long
// again (measured: a loop of 2^19+26 K steps 18% slower in CPU time, of
// 2^20 the same, of 2^21 33% faster); a program that prints or moves on
// compiles at hotSteps as before. The compile's price is its CPU time in
// a new process, not its work: a loop's module is 3-4 M host instructions,
// what the interpreter runs in 60-90 K steps, but 1.5-2 ms of CPU the
// first time (wazero's code, and some hundreds of heap pages, touched for
// the first time), so 2^18 (tried again, 2026-12-07) made a loop of 300 K
// steps 37% slower in CPU time (5.2 -> 7.1 ms) for 0.2-0.7 ms on longer ones.
const earlySteps = 1 << 19

// againSteps is earlySteps once Auto has compiled: a program that has
// left compiled code for other code has proved long-running, so Auto
// samples where it runs now for fewer steps, every againPiece (as many
// samples as over earlySteps), before it compiles again.
const (
	againSteps = earlySteps / 4
	againPiece = samplePiece / 4
)

// recallSteps is how many steps a program runs in the interpreter before
// Auto looks in the file cache (UseCache) for the hot addresses of an
// earlier run of the same program that compiled: found, it compiles them
// at once instead of sampling to earlySteps or hotSteps. A program
// shorter than that never reads the cache; at 2^17 steps (some 0.3 ms)
// one that does pays a few tens of microseconds when it finds nothing,
// and a compile, for nothing, only if it runs much shorter than before
// (its input changed).
const recallSteps = 1 << 17

// syncBytes is the size of the largest module Auto compiles before it
// goes on (some 500 words of code, a few milliseconds); a larger one
// compiles in the background while the interpreter goes on.
const syncBytes = 8 << 10

// syncAll makes Auto compile every module before it goes on: for tests
// whose outcome must not depend on when a background compile is ready.
var syncAll = false

// wholeWords is the size of the largest program Auto compiles whole, at
// once, when the program leaves the code compiled for where it was hot
// (an initialization loop, then the work): not sampled again for
// earlySteps and compiled again for where it is then (matrix multiply:
// 2^19 steps interpreted and a second compile, some 10% of its CPU time).
// Not at first: compiled whole, a hot loop may run slower than compiled
// alone (insertion sort: 20%; wazero allocates registers over the whole
// function). 1024 words compile in some 10 ms, in the background; at 256,
// ten exercises of 4 M steps each in one file of 418 words were compiled
// part by part, 70 ms of CPU against 21 compiled whole.
const wholeWords = 1024

// samplePiece is how many steps Auto interprets between two samples of
// where the program runs (the parts of it that are compiled), before it
// starts the compiler; piece, between two looks at the compiler once it
// has started.
const (
	piece       = 1 << 16
	samplePiece = samples.Piece
)

// Once compiled code runs, Auto looks every followSteps steps at how many
// of them ran compiled: fewer than half, and the program has moved on to
// code that was not hot when it was sampled (an initialization loop, then
// the real work), so Auto goes back to the interpreter, samples again and
// compiles again (what was hot before too), up to maxCompiles times; then
// it stays in the interpreter until the program has run compileSteps steps
// for every compile so far, and stepsPerByte for every byte of the modules
// compiled (some 20 ms of interpreting for a compile of a few), and may
// compile again: a program of ten loops one after the other (a week's
// exercises in one file) ran its last six interpreted, 1.5 times
// tinyvm's time, where compiled it takes 0.2.
const (
	followSteps  = 1 << 21
	maxCompiles  = 4
	compileSteps = 1 << 22
	stepsPerByte = 1 << 9
)

// spent reports whether Auto has compiled as often as the program's steps
// allow for now (maxCompiles, compileSteps).
func (r *Runner) spent() bool {
	steps := r.c.Steps()
	return r.compiles >= maxCompiles && (steps < uint64(r.compiles)*compileSteps || steps < r.bytes*stepsPerByte)
}

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
	pending  chan compiled // a compile started and not yet taken: Auto's, or Compiled's second stage
	samples  samples.Ring  // where the interpreter was, every samplePiece (againPiece) steps
	hot      []uint32      // the samples of the last compile
	whole    bool          // the last compile was of the whole program (wholeWords)
	recalled bool          // Auto looked for what was hot in an earlier run
	compiles int           // how many compiles Auto started
	bytes    uint64        // the size of the modules they compiled
	from     uint64        // the step at which Auto began to sample
	ioFrom   uint64        // the bytes printed and read by then
	noisy    bool          // the sample found a host call: no early compile
	err      error         // why the program could not be compiled, or is not run compiled
	ran      bool          // compiled code ran some of the program

	// Auto's measure of the two: the interpreter's speed until the
	// compile began, and the time and steps compiled code has taken since
	// it was ready.
	start      time.Time
	interpRate float64 // steps a second
	judged     bool
	codeSteps  uint64
	codeTime   time.Duration
	bestRate   float64 // steps a second of compiled code's fastest piece
	followFrom uint64  // the steps, and those run compiled, at the start of the followSteps
	followCode uint64
}

// Auto compares compiled code's speed with the interpreter's once it has
// run judgeSteps (or leaveSteps and judgeTime, when slower), and goes back to the
// interpreter for good if compiled code was slower (a program that spends
// its time printing or calling host functions, each a call out of
// compiled code).
const (
	judgeSteps = 1 << 21
	judgePiece = 1 << 16
	judgeTime  = 5 * time.Millisecond
)

// leaveSteps is how many steps compiled code runs before the judge looks
// whether fewer than half of them ran compiled (the program left the code
// at once), as the judge looks again at judgeSteps.
const leaveSteps = 1 << 18

// leaveStreak is how many steps the interpreter runs in a row outside
// compiled code before Auto takes the program to have left it (an
// initialization loop, then the work) and samples again at once, whether
// the code has been judged or not: a followSteps window would leave the
// program to the interpreter, one step at a time, for up to twice that
// (a program of two loops of 1.8 and 6 M steps: half its CPU time).
const leaveStreak = 1 << 17

// streak is the leaveStreak that Auto's code runs with, 0 for none: the
// last of maxCompiles compiles of part of the program is left only as
// before leaveStreak, after a followSteps in which fewer than half of the
// steps ran compiled. A program that comes back to its hot loop after
// each stretch of code not compiled (a report printed between two rounds
// of work) would otherwise spend its compiles on those stretches and,
// leaving the last, run in the interpreter for good: slower than the
// interpreter alone, for the compiles, where one compile of its loop ran
// it three times as fast.
func (r *Runner) streak() uint64 {
	if r.spent() && !r.whole {
		return 0
	}
	return leaveStreak
}

// leaveWindow is how many steps compiled code runs before the judge looks
// whether fewer than half of them ran compiled: leaveSteps, but a
// followSteps for the last of maxCompiles compiles of part of the program
// (streak): arriving from a background compile in a stretch of code that
// is not in it, it must not be left before the program is back in its
// loop.
func (r *Runner) leaveWindow() uint64 {
	if r.streak() == 0 {
		return followSteps
	}
	return leaveSteps
}

// left reports whether the interpreter has run leaveStreak steps in a row
// outside Auto's code, where that counts (streak).
func (r *Runner) left() bool { return r.streak() > 0 && r.code.outside() >= leaveStreak }

// errClosed is Runner.err once Close has given up a compile under way.
var errClosed = errors.New("jit: the runner was closed")

// errSlower is Runner.err when compiled code proved slower.
var errSlower = errors.New("jit: compiled code ran slower than the interpreter")

// errMoved is Runner.err when the program kept moving on to code not
// compiled.
var errMoved = errors.New("jit: the program kept leaving the code compiled for it")

// NewRunner returns a Runner for c. Where this build cannot compile
// (Supported is false), every engine interprets.
func NewRunner(c *cpu.CPU, e Engine) *Runner { return &Runner{c: c, e: e} }

// Run runs until the program stops or n more instructions have run, like
// cpu.CPU.Run (breakpoints are not looked at while compiled code runs).
func (r *Runner) Run(n uint64) (cpu.Stop, error) {
	c := r.c
	if r.err == errMoved && !r.whole && !r.spent() {
		r.err = nil // the program has run long enough to pay for another compile
	}
	if r.code == nil && r.err == nil && Supported && c.Plain() {
		switch r.e {
		case Compiled:
			r.compileStaged()
		case Auto:
			return r.auto(n)
		}
	}
	if r.code != nil {
		switch {
		case r.e != Auto && r.pending != nil:
			return r.staged(n)
		case r.e != Auto:
			return r.code.Run(n)
		case !r.judged:
			return r.judge(n)
		}
		return r.follow(n)
	}
	return c.Run(n)
}

// A program of more than stageWords words of code compiles in two stages
// under Compiled: first the code around the entry point, at most
// firstPart instructions, which runs at once, then the whole program in
// the background, which takes over once it is ready (a 10,000-instruction
// program: a few milliseconds, then about 0.2 s).
const (
	stageWords = 2000
	firstPart  = 300
)

// compileStaged compiles the program for Compiled, in two stages when it
// is large.
func (r *Runner) compileStaged() {
	c := r.c
	ws := c.Memory().Words()
	if len(c.Program().Code) <= stageWords {
		r.code, r.err = compile(c, nil)
		return
	}
	first, _ := prepare(c, ws, []uint32{c.EIP()}, firstPart, Watch{})
	if r.code, r.err = first(); r.err != nil {
		r.code, r.err = compile(c, nil)
		return
	}
	// After the first (wazero compiles one module at a time), on a copy
	// of memory, which the program goes on writing.
	r.pending = make(chan compiled, 1)
	go func(pending chan<- compiled, data []uint32) {
		build, _ := prepare(c, data, nil, 0, Watch{})
		k, err := build()
		pending <- compiled{k, err}
	}(r.pending, slices.Clone(ws))
}

// staged runs the first stage's code, piece by piece, until the whole
// program's is ready, and then that.
func (r *Runner) staged(n uint64) (cpu.Stop, error) {
	c := r.c
	for n > 0 {
		select {
		case res := <-r.pending:
			r.pending = nil
			if res.err == nil {
				r.drop()
				r.code = res.code
			}
			return r.Run(n)
		default:
		}
		before := c.Steps()
		stop, err := r.code.Run(min(n, piece))
		if err != nil || stop != cpu.StopLimit {
			return stop, err
		}
		n -= c.Steps() - before
	}
	return cpu.StopLimit, nil
}

// judge runs compiled code a judgePiece at a time, timing it, until it
// has run long enough to compare with the interpreter; then, if it ran
// slower than the interpreter had, it drops it and the interpreter goes
// on.
func (r *Runner) judge(n uint64) (cpu.Stop, error) {
	for n > 0 && r.code != nil && !r.judged {
		before, t := r.c.Steps(), time.Now()
		stop, err := r.code.run(min(n, judgePiece), r.streak())
		ran := r.c.Steps() - before
		took := time.Since(t)
		r.codeTime += took
		r.codeSteps += ran
		if rate := float64(ran) / max(took.Seconds(), 1e-9); ran >= judgePiece/2 && rate > r.bestRate {
			r.bestRate = rate
		}
		n -= ran
		if r.left() || r.codeSteps >= r.leaveWindow() && 2*r.code.inCode() < r.codeSteps {
			// The program has left the code already (an early
			// compile of what was an initialization loop): sample
			// again now, not after judgeSteps.
			r.resample()
		} else if r.codeSteps >= judgeSteps || r.codeSteps >= leaveSteps && r.codeTime >= judgeTime && r.bestRate < r.interpRate {
			// Early only to give up slow code soon: code that runs fast
			// is judged at judgeSteps, looking till then whether the
			// program leaves it, whatever the machine's load.
			r.judged = true
			switch {
			case 2*r.code.inCode() < r.codeSteps:
				// Not slower: elsewhere.
				r.resample()
			case r.bestRate < r.interpRate:
				// The fastest piece, not the mean: on a loaded machine
				// a piece the scheduler stopped only adds time, and one
				// such piece must not send a fast program back for good.
				r.drop()
				r.err = errSlower
				forgetHot(r.c)
			case r.whole:
				// Every address: a later run compiles the whole
				// program at once, not first what was hot before
				// the program moved on.
				rememberHot(r.c, everywhere(r.c))
			default:
				rememberHot(r.c, r.hot)
			}
		}
		if err != nil || stop != cpu.StopLimit {
			return stop, err
		}
	}
	if n == 0 {
		return cpu.StopLimit, nil
	}
	return r.Run(n)
}

// follow runs compiled code a followSteps at a time, and goes back to
// sampling after one in which fewer than half of the steps ran compiled,
// or at once once the interpreter has run leaveStreak steps in a row.
func (r *Runner) follow(n uint64) (cpu.Stop, error) {
	c := r.c
	if r.followFrom == 0 {
		r.followFrom, r.followCode = c.Steps(), r.code.inCode()
	}
	for n > 0 {
		before := c.Steps()
		stop, err := r.code.run(min(n, r.followFrom+followSteps-before), r.streak())
		n -= c.Steps() - before
		if left := r.left(); left || c.Steps() >= r.followFrom+followSteps {
			if left || 2*(r.code.inCode()-r.followCode) < c.Steps()-r.followFrom {
				r.resample()
				if err != nil || stop != cpu.StopLimit || n == 0 {
					return stop, err
				}
				return r.Run(n)
			}
			r.followFrom, r.followCode = c.Steps(), r.code.inCode()
		}
		if err != nil || stop != cpu.StopLimit {
			return stop, err
		}
	}
	return cpu.StopLimit, nil
}

// everywhere returns every address of c's code: as hot addresses, the
// whole program.
func everywhere(c *cpu.CPU) []uint32 {
	all := make([]uint32, len(c.Program().Code))
	for i := range all {
		all[i] = uint32(i)
	}
	return all
}

// drop frees the compiled code, remembering whether it ran.
func (r *Runner) drop() {
	r.ran = r.ran || r.code.Ran()
	r.code.Close()
	r.code = nil
}

// resample drops the compiled code, which the program has left, for the
// interpreter: Auto samples again and compiles again, unless it has
// compiled maxCompiles times or the code was the whole program's (what
// the program ran outside it, compiled code leaves to the interpreter).
func (r *Runner) resample() {
	r.drop()
	r.judged, r.codeSteps, r.codeTime, r.bestRate, r.followFrom = false, 0, 0, 0, 0
	r.samples.Reset()
	r.pending = nil
	r.start = time.Time{} // auto samples from here
	if r.spent() || r.whole {
		r.err = errMoved
	}
}

// auto interprets n steps a piece at a time, starts the compiler once the
// program has run hotSteps since it began to sample, and goes on in
// compiled code once it is ready.
func (r *Runner) auto(n uint64) (cpu.Stop, error) {
	c := r.c
	if r.start.IsZero() {
		r.start = time.Now()
		r.from = c.Steps()
		r.ioFrom = c.OutputBytes() + c.InputRead()
		r.noisy = false
	}
	for n > 0 {
		recall, small := false, len(c.Program().Code) <= wholeWords
		whole := r.compiles > 0 && small
		if r.compiles == 0 && !r.recalled && c.Steps()-r.from >= recallSteps {
			// A program that ran long before compiles at once what was
			// hot then, or the whole of it again (everywhere).
			r.recalled = true
			if hot := recallHot(c); hot != nil {
				r.samples.Set(hot)
				recall, whole = true, small && len(hot) == len(c.Program().Code)
			}
		}
		if r.pending == nil && (recall || whole || c.Steps()-r.from >= hotSteps || r.early()) {
			r.pending = make(chan compiled, 1)
			r.compiles++
			// What was hot before stays compiled, after what is hot
			// now (pick takes the first first).
			r.hot = append(r.samples.Kept(), r.hot...)
			// Translating reads memory (for jump tables): here, while
			// the interpreter does not write it. A small module compiles
			// here too, faster than the interpreter would have run in
			// the meantime; a large one in the background.
			// The interpreter's speed so far, before a compile here
			// adds its time.
			if c.Steps() > r.from { // else the last sample's (whole)
				r.interpRate = float64(c.Steps()-r.from) / time.Since(r.start).Seconds()
			}
			warmRuntime() // while translating
			hot := r.hot
			if r.whole = whole; whole {
				hot = nil
			}
			build, size := prepare(c, c.Memory().Words(), hot, maxHot, Watch{})
			r.bytes += uint64(size)
			if size <= syncBytes || syncAll {
				k, err := build()
				r.pending <- compiled{k, err}
			} else {
				go func(pending chan<- compiled) {
					k, err := build()
					pending <- compiled{k, err}
				}(r.pending)
			}
		}
		if r.pending != nil {
			select {
			case res := <-r.pending:
				r.code, r.err, r.pending = res.code, res.err, nil
				if r.code != nil {
					r.code.last = c.Steps()
				}
				return r.Run(n)
			default:
			}
		}
		before := c.Steps()
		p := uint64(piece)
		if r.pending == nil {
			p = samplePiece
			if r.compiles > 0 {
				p = againPiece
			}
		}
		stop, err := c.Run(min(n, p))
		if err != nil || stop != cpu.StopLimit {
			return stop, err
		}
		n -= c.Steps() - before
		if r.pending == nil {
			r.samples.Add(c.EIP())
		}
	}
	return cpu.StopLimit, nil
}

// settleWindow is how many of the last samples early compares with the
// settleWindow*2 before them, and settleGrain how many words of code one
// address of the sample stands for there.
const (
	settleWindow = 32
	settleGrain  = 64
)

// early reports whether Auto compiles now, before hotSteps: the program
// has run earlySteps (againSteps once it has compiled) since it began to
// sample, it is quiet (it printed and read less than a byte every 1024
// steps, and no sample is at a host call, which compiled code runs no
// faster than the interpreter: the call's own cost dominates) and it has settled (each of the last settleWindow samples falls
// in code, settleGrain words at a time, that the settleWindow*2 before
// them sampled: it is not moving on to code it has not run). It looks
// every eighth sample.
func (r *Runner) early() bool {
	c := r.c
	steps := c.Steps() - r.from
	early := uint64(earlySteps)
	if r.compiles > 0 {
		early = againSteps
	}
	if r.noisy || steps < early || r.samples.Taken()%8 != 0 || r.samples.Taken() < 3*settleWindow {
		return false
	}
	if c.OutputBytes()+c.InputRead()-r.ioFrom > steps>>10 {
		return false
	}
	sample := r.samples.Back
	var before [2 * settleWindow]uint32
	for i := range before {
		before[i] = sample(settleWindow+i) / settleGrain
	}
	for i := range settleWindow {
		if !slices.Contains(before[:], sample(i)/settleGrain) {
			return false
		}
	}
	for i := range 3 * settleWindow {
		if d, err := c.Decoded(sample(i)); err == nil && d.In.Flow == isa.HostFlow {
			r.noisy = true
			return false
		}
	}
	return true
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
	if r.pending != nil && r.err != errClosed {
		go func(pending <-chan compiled) {
			if res := <-pending; res.code != nil {
				res.code.Close()
			}
		}(r.pending)
		r.err = errClosed
	}
	if r.code != nil {
		return r.code.Close()
	}
	return nil
}
