package vm

import (
	"context"
	"errors"
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
	MaxSteps  uint64
	Input     io.Reader // what rdn and rdc read; nil is an empty input; a panic in it is an end-of-input fault
	Output    io.Writer // where prn, prc and host functions print; nil discards; a panic in it is a write-error fault
	MaxOutput uint64    // the most bytes the program may print; 0 means no limit
	// Engine says what runs the program: jit.Auto (the zero value)
	// interprets and moves a long-running program to compiled code,
	// jit.Interp only interprets, jit.Compiled compiles at the first Run.
	// The results are the same.
	Engine jit.Engine
}

// ErrNoInput is Run's error when the input reader said cpu.ErrNoInput
// (it has nothing yet, but has not ended): the rdn or rdc did not run, and
// Run goes on from it once the reader has more.
var ErrNoInput = cpu.ErrNoInput

// chunk is how many instructions Run executes between looks at its
// context: a few milliseconds, so cancellation is prompt and costs
// nothing per instruction.
const chunk = 1 << 16

// Machine is one cpu32 machine running one program. Use it from one
// goroutine at a time.
type Machine struct {
	prog   *Program
	cfg    Config
	c      *cpu.CPU
	run    *jit.Runner // runs c with cfg.Engine
	in     *ctxReader  // cfg.Input, or nil
	funcs  map[string]HostFunc
	bound  bool  // every extern has a function
	stuck  error // why the machine cannot go on (a Call that did not return)
	inCall bool  // a host function is running: Run and Call may not
}

// New loads p into a fresh machine. It fails when the memory cannot hold
// the reserved words, the program's data and the stack.
func New(p *Program, cfg Config) (*Machine, error) {
	m := &Machine{prog: p, cfg: cfg, funcs: map[string]HostFunc{}}
	host := map[string]cpu.HostFunc{}
	for _, name := range p.p.Externs {
		host[name] = m.trampoline(name)
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
		MaxOutput: cfg.MaxOutput, Input: input, Host: host, NoCallStack: true})
	if err != nil {
		return nil, err
	}
	m.c = c
	m.run = jit.NewRunner(c, cfg.Engine)
	// Compiled code lives in wazero's runtime until closed.
	runtime.AddCleanup(m, func(r *jit.Runner) { r.Close() }, m.run)
	return m, nil
}

// guardedWriter is Config.Output as the machine writes it: a panic in
// the writer is a write-error fault whose cause is a *cpu.PanicError, as a
// host function's panic is a host-error, so that a bug in the embedder's
// writer stops the program rather than escaping Run.
type guardedWriter struct{ w io.Writer }

func (g guardedWriter) Write(p []byte) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			n, err = 0, &cpu.PanicError{Value: r}
		}
	}()
	return g.w.Write(p)
}

// Register gives the program the host function name, which it declares
// with `extern name` and calls with `call name`. Registering a name again
// replaces the function; a name the program does not declare is allowed
// (one host serves many programs).
func (m *Machine) Register(name string, fn HostFunc) {
	if fn == nil {
		delete(m.funcs, name)
	} else {
		m.funcs[name] = fn
	}
	m.bound = false
}

// checkExterns refuses to run a program with an extern no function was
// registered for, naming it and where it was declared.
func (m *Machine) checkExterns() error {
	if m.bound {
		return nil
	}
	for i, name := range m.prog.p.Externs {
		if m.funcs[name] == nil {
			e := &cpu.ExternError{Name: name}
			e.File, e.Line, _ = m.prog.p.Debug.ExternAt(i)
			for n := range m.funcs {
				e.Provided = append(e.Provided, n)
			}
			sort.Strings(e.Provided)
			return e
		}
	}
	m.bound = true
	return nil
}

// ready says why the machine cannot run now, or nil.
func (m *Machine) ready() error {
	switch {
	case m.inCall:
		return errors.New("vm: the machine is running a host function: Run and Call cannot be used from inside one")
	case m.stuck != nil:
		return m.stuck
	case m.c.State() == cpu.Faulted:
		return fmt.Errorf("vm: the machine has faulted (%w); Reset it to run again", m.Fault())
	}
	return m.checkExterns()
}

// Run runs the program from where it stands until it ends, halts or
// faults, or ctx is done. A fault is returned as a *Fault; a cancelled
// context as an error that wraps ctx.Err() and says where the machine
// stopped, after which Run may be called again to go on. The context also
// ends a wait for input the program is blocked in.
func (m *Machine) Run(ctx context.Context) error {
	if err := m.ready(); err != nil {
		return err
	}
	if m.in != nil {
		m.in.ctx = ctx
		defer func() { m.in.ctx = context.Background() }()
	}
	start := m.c.Steps()
	for m.c.State() == cpu.Ready {
		if err := ctx.Err(); err != nil {
			return &StoppedError{Steps: m.c.Steps(), EIP: m.c.EIP(), Err: err}
		}
		n := uint64(chunk)
		if m.cfg.MaxSteps > 0 {
			left := m.cfg.MaxSteps - (m.c.Steps() - start)
			if left == 0 {
				return m.stepLimit()
			}
			n = min(n, left)
		}
		stop, err := m.run.Run(n)
		if err != nil {
			return m.Fault()
		}
		if stop == cpu.StopInput {
			if err := ctx.Err(); err != nil {
				return &StoppedError{Steps: m.c.Steps(), EIP: m.c.EIP(), Err: err}
			}
			return ErrNoInput
		}
	}
	return nil
}

// stepLimit stops the machine for good: it is in the middle of something
// that took too long.
func (m *Machine) stepLimit() error {
	f := m.fault(&cpu.Fault{Kind: cpu.StepLimit, EIP: m.c.EIP(), Msg: fmt.Sprintf("step limit of %d reached", m.cfg.MaxSteps)})
	m.stuck = f
	return f
}

// StoppedError is Run's error when its context was cancelled or timed out.
type StoppedError struct {
	Steps uint64 // instructions run so far
	EIP   uint32 // the next instruction
	Err   error  // ctx.Err(): context.Canceled or context.DeadlineExceeded
}

// Error says why and where the run stopped.
func (e *StoppedError) Error() string {
	return fmt.Sprintf("vm: stopped at eip %d after %d steps: %v", e.EIP, e.Steps, e.Err)
}

// Unwrap returns the context's error, for errors.Is.
func (e *StoppedError) Unwrap() error { return e.Err }

// Reset puts the machine back to its state before the first step (memory,
// registers, the input), so that it can run again after a fault.
func (m *Machine) Reset() {
	m.c.Reset()
	m.stuck = nil
}

// Status is where a machine stands: "ready" (it can run), "end" (the
// program ran to its end), "hlt" or "fault", as --json's "halted" says.
func (m *Machine) Status() string { return m.c.State().String() }

// Steps returns how many instructions have run since the start.
func (m *Machine) Steps() uint64 { return m.c.Steps() }

// Fault returns the fault that stopped the machine, or nil.
func (m *Machine) Fault() *Fault {
	if m.stuck != nil {
		var f *Fault
		if errors.As(m.stuck, &f) {
			return f
		}
	}
	if f := m.c.Fault(); f != nil {
		return m.fault(f)
	}
	return nil
}

// Fault is a run-time error of the program: its kind ("divide-by-zero",
// "end-of-input", "host-error", ...: the names of --json), a message, and
// where: the faulting instruction's address and source line. The
// instruction did not run and changed nothing.
type Fault struct {
	Kind    string
	Message string
	EIP     uint32
	File    string // "" when the program has no source information
	Line    int
	Err     error // the cause: a host function's error, a write or read error
}

// Error reads like the CLI's fault line:
// "stack-underflow at prog.asm:5 (eip 6): pop from an empty stack".
func (f *Fault) Error() string {
	where := fmt.Sprintf("eip %d", f.EIP)
	if f.File != "" {
		where = fmt.Sprintf("%s:%d (eip %d)", f.File, f.Line, f.EIP)
	}
	return fmt.Sprintf("%s at %s: %s", f.Kind, where, f.Message)
}

// Unwrap returns the cause, for errors.Is and errors.As.
func (f *Fault) Unwrap() error { return f.Err }

func (m *Machine) fault(f *cpu.Fault) *Fault {
	out := &Fault{Kind: f.Kind.String(), Message: f.Msg, EIP: f.EIP, Err: f.Err}
	out.File, out.Line, _ = m.prog.p.Debug.Where(f.EIP)
	return out
}

// reg finds a register by name, in either case.
func reg(name string) (memory.Reg, error) {
	r, ok := memory.RegByName(strings.ToLower(name))
	if !ok {
		return 0, fmt.Errorf("vm: no register %q (the registers are eax ebx ecx edx esp ebp eip rem flags esi edi)", name)
	}
	return r, nil
}

// Reg returns a register's value ("eax", "esp", "eip", "rem", "flags", ...).
func (m *Machine) Reg(name string) (int32, error) {
	r, err := reg(name)
	if err != nil {
		return 0, err
	}
	return int32(m.c.Memory().Reg(r)), nil
}

// SetReg sets a register. Setting eip moves execution, and must name the
// start of an instruction or the end of the code.
func (m *Machine) SetReg(name string, v int32) error {
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
	f := m.c.Memory().Reg(memory.FLAGS)
	return Flags{f&isa.ZF != 0, f&isa.SF != 0, f&isa.OF != 0, f&isa.CF != 0}
}

// SetFlags sets the flags (and clears the flags word's other bits).
func (m *Machine) SetFlags(f Flags) {
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
	v, err := m.c.Memory().Load(addr)
	return int32(v), err
}

// Store writes the word at addr.
func (m *Machine) Store(addr uint32, v int32) error {
	if addr == uint32(memory.EIP) {
		return m.SetReg("eip", v)
	}
	return m.c.Memory().Store(addr, uint32(v))
}

// Addr returns the address of a label: a data label's memory address or a
// code label's instruction address.
func (m *Machine) Addr(label string) (uint32, error) {
	l, ok := m.prog.p.Debug.Label(label)
	if !ok {
		return 0, fmt.Errorf("vm: no label %q in the program", label)
	}
	return l.Value, nil
}

// dataAddr returns the address of a data label.
func (m *Machine) dataAddr(label string) (uint32, error) {
	l, ok := m.prog.p.Debug.Label(label)
	switch {
	case !ok:
		return 0, fmt.Errorf("vm: no label %q in the program", label)
	case !l.Data:
		return 0, fmt.Errorf("vm: %q labels code, not data", label)
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
func (m *Machine) InputLeft() (uint64, error) { return m.c.InputLeft() }
