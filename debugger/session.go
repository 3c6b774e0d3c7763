package debugger

import (
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"cpu32/cpu"
	"cpu32/image"
	"cpu32/isa"
	"cpu32/memory"
)

// Status is what the status line shows.
type Status struct {
	State     cpu.State  // ready (paused), end, hlt or fault
	Fault     *cpu.Fault // the fault, when State is cpu.Faulted
	Steps     uint64     // instructions executed
	BackDepth int        // how many steps can be undone
	Stop      StopEvent  // how the last run stopped (zero after a restart or a set of eip)
	Waiting   bool       // the next instruction reads input that has not been typed yet: feed Input
}

// Breakpoint is a stop on an instruction.
type Breakpoint struct {
	ID      int
	Addr    uint32
	File    string // source position, when known
	Line    int
	Label   string // how the user named it, e.g. "loop" or "fib.asm:7" or "12"
	Cond    string // condition source, "" for none
	HitCond string // hit condition (PointOptions.HitCond), "" for none
	Enabled bool
	Hits    int // times reached with the condition holding
}

// Watchpoint stops after an instruction changes a register or memory word.
type Watchpoint struct {
	ID      int
	Expr    string // as typed: "eax", "[100]", "[ebp-2]", "[count]"
	Addr    uint32 // the watched word's address (resolved when set)
	Old     uint32 // the word's value when last compared: its current value between commands
	Cond    string // stop only on a change after which this holds; "" for none
	HitCond string // hit condition (PointOptions.HitCond), "" for none
	Hits    int
	// Enabled is false after "disable N"; a disabled watchpoint costs
	// nothing, since the engine runs at full speed when none is enabled.
	Enabled bool
}

// breakpoint is a Breakpoint with its parsed conditions.
type breakpoint struct {
	Breakpoint
	cond *expr
	hit  *hitCond
}

// watchpoint is a Watchpoint with its parsed conditions.
type watchpoint struct {
	Watchpoint
	cond *expr
	hit  *hitCond
}

// setRecord remembers one `set`, so that reverse-step can undo it in its
// place in the timeline: it is undone when stepping back reaches the step
// count at which it was made.
type setRecord struct {
	steps    uint64 // cpu.Steps() when the set was made
	addr     uint32
	old      uint32
	oldState cpu.State // for a set of eip, which clears an end, hlt or fault
	oldFault *cpu.Fault
}

// Session is one debugging session over one program. The typed API (the
// runs, breakpoints, watchpoints, Evaluate, Assign, Peek) is safe while
// another goroutine runs (see api.go), as are Interrupt and Progress; the
// plain getters (Status, CPU, Output...) are for when nothing runs.
type Session struct {
	prog *image.Program
	cfg  cpu.Config
	opts options

	c    *cpu.CPU
	j    *cpu.Journal
	out  outputTail // the end of what the program printed; truncated on step back
	code codeInfo

	bps    []*breakpoint // by ID
	wps    []*watchpoint // by ID
	bpAt   map[uint32][]*breakpoint
	temps  map[uint32]bool // traps armed for the running command only
	nextID int
	sets   []setRecord // oldest first

	last    StopEvent    // the last run's stop
	changed []cpu.Change // what Changed reports, each word with its value before

	loader Loader // how reload reads the program again; nil: it cannot
	input  *Input // the program's input, kept whole for restart and reload

	sel selection // the frame that frame, up and down chose

	replay replay // a run's snapshots while it does not journal (replay.go)
	tier   tier   // compiled code for runs that do not journal (tier.go)

	countsShown atomic.Bool // the heat map is on screen: runs interpret every step

	interrupted atomic.Bool
	progress    atomic.Uint64

	// turn holds a token while nobody uses the session: a run takes it
	// for its whole length and lends it to Peek and the typed API between
	// two chunks.
	turn    chan struct{}
	peekers atomic.Int32
	busy    atomic.Bool // a typed run is going on
}

// options are the session's settings that NewSession's Options change.
type options struct {
	history  int    // steps the journal keeps
	tail     int    // output bytes kept
	chunk    uint64 // steps cpu.Run takes between looks at the interrupt flag and Peek
	stepwise bool   // always the one-step-at-a-time loop
	// snapEvery is the least time between two snapshots of a run that
	// sets the journal aside (replay.go); tests make it 0.
	snapEvery time.Duration
	compiler  Compiler // compiles for runs that do not journal; nil: they interpret
	eager     bool     // compile at the first such run, not once runs prove long
}

// Option changes a session's default settings.
type Option func(*options)

// WithHistory keeps the last n steps for stepping back (default
// cpu.DefaultHistory).
func WithHistory(n int) Option { return func(o *options) { o.history = n } }

// WithOutputTail keeps the last n bytes of the program's output (default
// DefaultOutputTail); older bytes are dropped, and counted.
func WithOutputTail(n int) Option { return func(o *options) { o.tail = max(n, 1) } }

// WithChunk makes a run look at a pause request and let Peek in every n
// steps (default 262,144: about ten milliseconds of work). A smaller
// chunk makes pausing quicker where steps are slow, as under the race
// detector.
func WithChunk(n uint64) Option { return func(o *options) { o.chunk = max(n, 1) } }

// WithStepwise takes every step alone, as an enabled watchpoint does,
// instead of running through cpu.Run: slower, and stopping at the same
// places, which is what tests of the two loops check.
func WithStepwise() Option { return func(o *options) { o.stepwise = true } }

// codeInfo is what the engine needs to know about each code address,
// decoded once: where calls and rets are, and instruction sizes.
type codeInfo struct {
	size []uint8 // 0 for a word inside an instruction
	op   []isa.Op
	rets []uint32
}

func decodeInfo(code []uint32) codeInfo {
	ci := codeInfo{size: make([]uint8, len(code)), op: make([]isa.Op, len(code))}
	for addr := 0; addr < len(code); {
		d, err := isa.Decode(code, uint32(addr))
		if err != nil {
			ci.size[addr], ci.op[addr] = 1, 0xFF
			addr++
			continue
		}
		ci.size[addr], ci.op[addr] = uint8(d.Size()), d.In.Op
		if d.In.Op == isa.Ret {
			ci.rets = append(ci.rets, uint32(addr))
		}
		addr += d.Size()
	}
	return ci
}

func (ci *codeInfo) is(addr uint32, op isa.Op) bool {
	return uint64(addr) < uint64(len(ci.op)) && ci.size[addr] != 0 && ci.op[addr] == op
}

// NewSession loads p into a fresh machine that records its steps for
// stepping back. cfg.Out is ignored: the session keeps the output's tail.
func NewSession(p *image.Program, cfg cpu.Config, opts ...Option) (*Session, error) {
	if p == nil {
		return nil, errors.New("debugger: no program")
	}
	o := options{history: cpu.DefaultHistory, tail: DefaultOutputTail, chunk: defaultChunk, snapEvery: defaultSnapEvery}
	for _, f := range opts {
		f(&o)
	}
	s := &Session{prog: p, cfg: cfg, opts: o, bpAt: map[uint32][]*breakpoint{}, temps: map[uint32]bool{}, nextID: 1,
		out: outputTail{limit: o.tail}, turn: make(chan struct{}, 1)}
	s.turn <- struct{}{}
	var err error
	if s.input, err = newInput(cfg.Input); err != nil {
		return nil, fmt.Errorf("debugger: reading the input: %w", err)
	}
	cfg.Out = &s.out
	cfg.Input = s.input.reader()
	c, err := cpu.New(p, cfg)
	if err != nil {
		return nil, err
	}
	s.c = c
	s.j = cpu.NewJournal(o.history)
	c.SetJournal(s.j)
	c.StartProfile() // the heat map's counts: they ride on the journal
	s.code = decodeInfo(p.Code)
	return s, nil
}

// CPU returns the machine (read it only while no command runs).
func (s *Session) CPU() *cpu.CPU { return s.c }

// Program returns the loaded program.
func (s *Session) Program() *image.Program { return s.prog }

// Status returns the current status.
func (s *Session) Status() Status {
	return Status{
		Waiting:   s.c.WaitingForInput(),
		State:     s.c.State(),
		Fault:     s.c.Fault(),
		Steps:     s.c.Steps(),
		BackDepth: s.backDepth(),
		Stop:      s.last,
	}
}

// backDepth counts the recorded steps plus the sets still reachable by
// stepping back through them.
func (s *Session) backDepth() int {
	n := s.j.Depth()
	if s.replay.aside { // a Peek during a run: the depth the journal will have
		n = int(min(uint64(s.j.Limit()), uint64(n)+s.c.Steps()-s.replay.start.Steps()))
	}
	lo := s.c.Steps() - uint64(n)
	for _, r := range s.sets {
		if r.steps >= lo {
			n++
		}
	}
	return n
}

// Where returns the source position of the instruction at addr.
func (s *Session) Where(addr uint32) (file string, line int, ok bool) {
	return s.prog.Debug.Where(addr)
}

// AddrOfLine returns the address of the first instruction on file:line, or
// of the next line below it that has one. file may also be a file's base
// name (fib.asm for programs/fib.asm) when that is unambiguous.
func (s *Session) AddrOfLine(file string, line int) (uint32, bool) {
	fi, err := s.fileIndex(file)
	if err != nil {
		return 0, false
	}
	addr, _, ok := s.prog.Debug.CodeFrom(fi, line)
	return addr, ok
}

// Changed returns the memory addresses (registers included, eip excluded)
// that the last step wrote, for highlighting; empty after a multi-step
// command other than the last step of it. After a step back it returns the
// words the undone step had written (now restored); after a set, the word
// set.
func (s *Session) Changed() []uint32 {
	var out []uint32
	for _, c := range s.changed {
		out = append(out, c.Addr)
	}
	return out
}

// ChangedValues returns the words Changed returns, in the same order, each
// with its value before the last step, step back or set: comparing it with
// the word's value now tells what changed in it (which flags, say). A word
// written with the value it held reads the same before and after.
func (s *Session) ChangedValues() []cpu.Change { return slices.Clone(s.changed) }

// lastChanged reads the most recent step's writes from the journal.
func (s *Session) lastChanged() []cpu.Change {
	_, ch, ok := s.j.Last()
	if !ok {
		return nil
	}
	return stepChanges(ch)
}

// stepChanges keeps one change per word, eip excluded: the first, whose
// Old is the word's value before the step.
func stepChanges(ch []cpu.Change) []cpu.Change {
	var out []cpu.Change
outer:
	for _, c := range ch {
		if c.Addr == uint32(memory.EIP) {
			continue
		}
		for _, o := range out {
			if o.Addr == c.Addr {
				continue outer
			}
		}
		out = append(out, c)
	}
	return out
}

// BranchTaken reports, when the instruction at eip is a conditional jump,
// whether it will be taken (ok false otherwise).
func (s *Session) BranchTaken() (taken, ok bool) {
	if s.c.State() != cpu.Ready {
		return false, false
	}
	d, err := s.c.Decoded(s.c.EIP())
	if err != nil || d.In.Flow != isa.Branch || d.In.Cond == nil {
		return false, false
	}
	return d.In.Cond(s.c.Memory().Reg(memory.FLAGS)), true
}

// Breakpoints returns the breakpoints, by ID.
func (s *Session) Breakpoints() []Breakpoint {
	out := make([]Breakpoint, len(s.bps))
	for i, b := range s.bps {
		out[i] = b.Breakpoint
	}
	return out
}

// Watchpoints returns the watchpoints, by ID.
func (s *Session) Watchpoints() []Watchpoint {
	out := make([]Watchpoint, len(s.wps))
	for i, w := range s.wps {
		out[i] = w.Watchpoint
	}
	return out
}

// ToggleBreakpointAtLine sets a breakpoint on file:line, or deletes the one
// there; it returns a message for the status line.
func (s *Session) ToggleBreakpointAtLine(file string, line int) (string, error) {
	addr, ok := s.AddrOfLine(file, line)
	if !ok {
		if _, err := s.fileIndex(file); err != nil {
			return "", err
		}
		return "", fmt.Errorf("no code at or below line %d of %s", line, file)
	}
	if there := s.bpAt[addr]; len(there) > 0 {
		ids := make([]int, len(there))
		for i, b := range there {
			ids[i] = b.ID
		}
		for _, id := range ids {
			s.deletePoint(id)
		}
		return fmt.Sprintf("deleted %s", BreakpointList(ids)), nil
	}
	b := s.addBreakpoint(addr, fmt.Sprintf("%s:%d", file, line), nil)
	return fmt.Sprintf("breakpoint %d at %s", b.ID, s.loc(addr)), nil
}

// Interrupt asks a running command to stop at the next chunk boundary. Safe
// from any goroutine.
func (s *Session) Interrupt() { s.interrupted.Store(true) }

// Progress returns the step count, safe from any goroutine while a command
// runs.
func (s *Session) Progress() uint64 { return s.progress.Load() }

// Peek runs f when no command is using the session: at once when none
// runs, or between two chunks of a running one (a few milliseconds), so
// that a UI can show a long run's registers and output as it goes. f may
// read the session but must not run commands or change it. Safe from any
// goroutine.
func (s *Session) Peek(f func()) {
	defer s.acquire()()
	f()
}

// letPeek lends the session to a waiting Peek, from a running command
// between two chunks. A peeker already waiting receives the token
// directly, so the run cannot take it straight back.
func (s *Session) letPeek() {
	if s.peekers.Load() > 0 {
		s.turn <- struct{}{}
		<-s.turn
	}
}

// loc names an address for messages: "fib.asm:7", or "eip 12" when the
// program has no source information for it.
func (s *Session) loc(addr uint32) string { return s.Location(addr).String() }

// restart gives the session a fresh machine: memory, output and history
// reset; breakpoints and watchpoints kept, with their hit counts zeroed.
func (s *Session) restart() {
	s.c.Reset()
	s.out.reset()
	s.sets = nil
	s.changed = nil
	s.last = StopEvent{}
	for _, b := range s.bps {
		b.Hits = 0
	}
	for _, w := range s.wps {
		w.Hits = 0
	}
	s.tier.ran = false // the counts start again
	s.syncWatches()
	s.progress.Store(0)
}
