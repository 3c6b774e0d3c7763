package vm

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"

	"cpu32/cpu"
	"cpu32/isa"
	"cpu32/jit"
	"cpu32/memory"
)

// Config sets up a machine. The zero Config is the CLI's defaults: 262144
// words of memory, a 4096-word stack, no step limit, no input, output
// discarded.
type Config struct {
	Memory int // memory size in words; 0 means 262144
	Stack  int // stack size in words; 0 means 4096
	// MaxSteps bounds each Run and each Call: one that would run more
	// instructions stops with a step-limit fault. 0 means no limit.
	MaxSteps uint64
	Input    io.Reader // what rdn and rdc read; nil is an empty input; a panic in it is an end-of-input fault
	Output   io.Writer // where prn, prc and host functions print; nil discards; a panic in it is a write-error fault
	// MaxOutput bounds the bytes each Run and each Call may print, as
	// MaxSteps bounds their steps: the instruction that would pass it
	// faults with output-limit and prints nothing. 0 means no limit.
	MaxOutput uint64
	// Engine says what runs the program: jit.Auto (the zero value)
	// interprets and moves a long-running program to compiled code,
	// jit.Interp only interprets, jit.Compiled compiles at the first Run.
	// The results are the same.
	Engine jit.Engine
}

// Limits are a Call's own bounds (Func.CallWith); a zero field means the
// Config's.
type Limits struct {
	MaxSteps  uint64
	MaxOutput uint64
}

// chunk is how many instructions Run executes between looks at its
// context: a few milliseconds, so cancellation is prompt and costs
// nothing per instruction.
const chunk = 1 << 16

// Machine is one cpu32 machine running one program. Use it from one
// goroutine at a time. A Machine is made by New; the zero Machine's
// methods return ErrNoProgram (or zero values) rather than panic.
type Machine struct {
	prog     *Program
	cfg      Config
	c        *cpu.CPU
	runner   *jit.Runner // runs c with cfg.Engine
	in       *ctxReader  // cfg.Input, or nil
	funcs    map[string]hostFunc
	hostFns  []hostFunc      // the function of each extern, by index, once bound
	fault    *Fault          // why the machine stopped for good, or nil
	inCall   bool            // a host function is running: Run and Call may not
	ctx      context.Context // the running Run's or Call's, for host functions
	outLimit uint64          // the running Run's or Call's MaxOutput
}

// New loads p into a fresh machine. It fails when the memory cannot hold
// the reserved words, the program's data and the stack (ErrConfig), and
// for a nil or zero Program (ErrNoProgram).
//
// A machine's memory is allocated lazily where the system allows (Linux):
// New costs the decoding of the program and a few pages, whatever the
// memory size, and the memory costs only the pages the program touches.
func New(p *Program, cfg Config) (*Machine, error) {
	if p == nil || p.p == nil {
		return nil, ErrNoProgram
	}
	m := &Machine{prog: p, cfg: cfg, funcs: map[string]hostFunc{}}
	host := map[string]cpu.HostFunc{}
	for i, name := range p.p.Externs {
		host[name] = m.trampoline(i)
	}
	var input io.Reader
	if cfg.Input != nil {
		m.in = newCtxReader(cfg.Input)
		input = m.in
	}
	var out io.Writer
	if cfg.Output != nil {
		out = guardedWriter{cfg.Output}
	}
	// No shadow call stack: the Machine shows none, and compiled code
	// runs only without one.
	c, err := cpu.New(p.p, cpu.Config{Memory: cfg.Memory, Stack: cfg.Stack, Out: out,
		Input: input, Host: host, LazyMemory: true, NoCallStack: true})
	if err != nil {
		return nil, err
	}
	m.c = c
	m.runner = jit.NewRunner(c, cfg.Engine)
	// Compiled code lives in wazero's runtime until closed.
	runtime.AddCleanup(m, func(r *jit.Runner) { r.Close() }, m.runner)
	return m, nil
}

// guardedWriter is Config.Output as the machine writes it: a panic in
// the writer is a write-error fault whose cause is a *PanicError, as a
// host function's panic is a host-error, so that a bug in the embedder's
// writer stops the program rather than escaping Run.
type guardedWriter struct{ w io.Writer }

func (g guardedWriter) Write(p []byte) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			n, err = 0, cpu.Recovered(r)
		}
	}()
	return g.w.Write(p)
}

// loaded reports whether New made m.
func (m *Machine) loaded() bool { return m != nil && m.c != nil }

// checkExterns refuses to run a program with an extern no function was
// registered for, naming it and where it was declared, and otherwise
// binds each extern to its function.
func (m *Machine) checkExterns() error {
	if m.hostFns != nil {
		return nil
	}
	fns := make([]hostFunc, len(m.prog.p.Externs))
	for i, name := range m.prog.p.Externs {
		if fns[i] = m.funcs[name]; fns[i] == nil {
			e := &ExternError{Name: name}
			e.File, e.Line, _ = m.prog.p.Debug.ExternAt(i)
			for n := range m.funcs {
				e.Provided = append(e.Provided, n)
			}
			sort.Strings(e.Provided)
			return e
		}
	}
	m.hostFns = fns
	return nil
}

// ready says why the machine cannot run now, or nil.
func (m *Machine) ready() error {
	switch {
	case !m.loaded():
		return ErrNoProgram
	case m.inCall:
		return ErrInHostFunction
	case m.fault != nil:
		return fmt.Errorf("%w (%w)", ErrNeedsReset, m.fault)
	}
	return m.checkExterns()
}

// Run runs the program from where it stands until it ends, halts or
// faults, or ctx is done. A fault is returned as a *Fault; a cancelled
// context as a *StoppedError, which wraps ctx.Err() and says where the
// machine stopped, after which Run may be called again to go on. The
// context also ends a wait for input the program is blocked in, and is
// what host functions get (Host.Context).
func (m *Machine) Run(ctx context.Context) error {
	if err := m.ready(); err != nil {
		return err
	}
	_, err := m.run(ctx, Limits{})
	return err
}

// run runs as Run does, within lim (the Config's where zero), and
// returns how many steps it ran.
func (m *Machine) run(ctx context.Context, lim Limits) (uint64, error) {
	m.ctx = ctx
	if m.in != nil {
		m.in.ctx = ctx
	}
	maxSteps := cmp.Or(lim.MaxSteps, m.cfg.MaxSteps)
	m.outLimit = cmp.Or(lim.MaxOutput, m.cfg.MaxOutput)
	if m.outLimit > 0 {
		m.c.SetMaxOutput(satAdd(m.c.OutputBytes(), m.outLimit))
	} else {
		m.c.SetMaxOutput(0)
	}
	defer m.settle()
	start := m.c.Steps()
	for m.c.State() == cpu.Ready {
		if err := ctx.Err(); err != nil {
			return m.c.Steps() - start, &StoppedError{Steps: m.c.Steps(), EIP: m.c.EIP(), Err: err}
		}
		n := uint64(chunk)
		if maxSteps > 0 {
			left := maxSteps - (m.c.Steps() - start)
			if left == 0 {
				m.stop(StepLimit, fmt.Sprintf("step limit of %d reached", maxSteps), nil)
				return maxSteps, m.fault
			}
			n = min(n, left)
		}
		stop, err := m.runner.Run(n)
		if err != nil {
			f := m.c.Fault()
			msg := f.Msg
			if f.Kind == cpu.OutputLimit { // the cpu's limit counts from the start
				msg = fmt.Sprintf("output limit of %d bytes reached", m.outLimit)
			}
			m.stop(FaultKind(f.Kind.String()), msg, f.Err) // at the faulting instruction: eip stays on it
			return m.c.Steps() - start, m.fault
		}
		if stop == cpu.StopInput {
			if err := ctx.Err(); err != nil {
				return m.c.Steps() - start, &StoppedError{Steps: m.c.Steps(), EIP: m.c.EIP(), Err: err}
			}
			return m.c.Steps() - start, ErrNoInput
		}
	}
	return m.c.Steps() - start, nil
}

// settle ends a run: host functions and the input see no context
// between runs.
func (m *Machine) settle() {
	m.ctx = nil
	if m.in != nil {
		m.in.ctx = context.Background()
	}
}

// satAdd is a+b, or the largest uint64 when that overflows.
func satAdd(a, b uint64) uint64 {
	if a+b < a {
		return ^uint64(0)
	}
	return a + b
}

// stop stops the machine for good with a fault at eip.
func (m *Machine) stop(kind FaultKind, msg string, cause error) {
	f := &Fault{Kind: kind, Message: msg, EIP: m.c.EIP(), Err: cause}
	f.File, f.Line, _ = m.prog.p.Debug.Where(f.EIP)
	m.fault = f
}

// Reset puts the machine back to its state before the first step (memory,
// registers, the input), so that it can run again after a fault. It costs
// the pages of memory the program wrote (Linux; elsewhere, a clear of all
// memory) and the copy of the program's data: a few microseconds after a
// Call that touched little.
func (m *Machine) Reset() {
	if !m.loaded() {
		return
	}
	m.c.Reset()
	m.fault = nil
}

// Status says where the machine stands ("" for a Machine New did not
// make).
func (m *Machine) Status() State {
	switch {
	case !m.loaded():
		return "" // no program: not even ready
	case m.fault != nil:
		return Faulted
	}
	return State(m.c.State().String())
}

// Steps returns how many instructions have run since the start.
func (m *Machine) Steps() uint64 {
	if !m.loaded() {
		return 0
	}
	return m.c.Steps()
}

// Fault returns why the machine stopped for good, or nil: a fault of the
// program, a limit, or a Call that did not return.
func (m *Machine) Fault() *Fault {
	if !m.loaded() {
		return nil
	}
	return m.fault
}

// reg finds a register by name, in either case.
func reg(name string) (memory.Reg, error) {
	r, ok := memory.RegByName(strings.ToLower(name))
	if !ok {
		return 0, errorf(ErrUnknownRegister, "vm: no register %q (the registers are eax ebx ecx edx esp ebp eip rem flags esi edi)", name)
	}
	return r, nil
}

// Reg returns a register's value ("eax", "esp", "eip", "rem", "flags", ...).
func (m *Machine) Reg(name string) (int32, error) {
	if !m.loaded() {
		return 0, ErrNoProgram
	}
	r, err := reg(name)
	if err != nil {
		return 0, err
	}
	return int32(m.c.Memory().Reg(r)), nil
}

// SetReg sets a register. Setting eip moves execution, and must name the
// start of an instruction or the end of the code.
func (m *Machine) SetReg(name string, v int32) error {
	if !m.loaded() {
		return ErrNoProgram
	}
	r, err := reg(name)
	if err != nil {
		return err
	}
	if r == memory.EIP {
		if !m.c.SetEIP(uint32(v)) {
			return fmt.Errorf("vm: eip %d is not the start of an instruction", v)
		}
		return nil
	}
	m.c.Memory().SetReg(r, uint32(v))
	return nil
}

// Flags are the four flags of the flags register.
type Flags struct{ ZF, SF, OF, CF bool }

// Flags returns the flags.
func (m *Machine) Flags() Flags {
	if !m.loaded() {
		return Flags{}
	}
	f := m.c.Memory().Reg(memory.FLAGS)
	return Flags{f&isa.ZF != 0, f&isa.SF != 0, f&isa.OF != 0, f&isa.CF != 0}
}

// SetFlags sets the flags (and clears the flags word's other bits).
func (m *Machine) SetFlags(f Flags) {
	if !m.loaded() {
		return
	}
	var w uint32
	for _, b := range []struct {
		on   bool
		mask uint32
	}{{f.ZF, isa.ZF}, {f.SF, isa.SF}, {f.OF, isa.OF}, {f.CF, isa.CF}} {
		if b.on {
			w |= b.mask
		}
	}
	m.c.Memory().SetReg(memory.FLAGS, w)
}

// Load returns the word at addr (registers are addresses 0..10).
func (m *Machine) Load(addr uint32) (int32, error) {
	if !m.loaded() {
		return 0, ErrNoProgram
	}
	v, err := m.c.Memory().Load(addr)
	return int32(v), err
}

// Store writes the word at addr.
func (m *Machine) Store(addr uint32, v int32) error {
	if !m.loaded() {
		return ErrNoProgram
	}
	if addr == uint32(memory.EIP) {
		return m.SetReg("eip", v)
	}
	return m.c.Memory().Store(addr, uint32(v))
}

// Addr returns the address of a label: a data label's memory address or a
// code label's instruction address.
func (m *Machine) Addr(label string) (uint32, error) {
	if !m.loaded() {
		return 0, ErrNoProgram
	}
	l, ok := m.prog.p.Debug.Label(label)
	if !ok {
		return 0, errorf(ErrUnknownLabel, "vm: no label %q in the program", label)
	}
	return l.Value, nil
}

// dataAddr returns the address of a data label.
func (m *Machine) dataAddr(label string) (uint32, error) {
	if !m.loaded() {
		return 0, ErrNoProgram
	}
	l, ok := m.prog.p.Debug.Label(label)
	switch {
	case !ok:
		return 0, errorf(ErrUnknownLabel, "vm: no label %q in the program", label)
	case !l.Data:
		return 0, errorf(ErrUnknownLabel, "vm: %q labels code, not data", label)
	}
	return l.Value, nil
}

// LoadLabel returns the word at a data label: Load(Addr(label)).
func (m *Machine) LoadLabel(label string) (int32, error) {
	a, err := m.dataAddr(label)
	if err != nil {
		return 0, err
	}
	return m.Load(a)
}

// StoreLabel writes the word at a data label.
func (m *Machine) StoreLabel(label string, v int32) error {
	a, err := m.dataAddr(label)
	if err != nil {
		return err
	}
	return m.Store(a, v)
}

// InputLeft counts the bytes of the input the program has not read; it
// reads the rest of the input to count it.
func (m *Machine) InputLeft() (uint64, error) {
	if !m.loaded() {
		return 0, ErrNoProgram
	}
	return m.c.InputLeft()
}
