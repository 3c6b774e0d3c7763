package cpu

import (
	"fmt"
	"runtime/debug"
	"slices"
	"sort"
	"strings"

	"cpu32/isa"
	"cpu32/memory"
)

// HostFunc is a function the host provides to programs, which declare it
// with `extern name` and call it with `call name`. It reads its arguments
// and memory through h and returns the value the program finds in eax, or
// an error, which stops the program with a host-error fault at the call.
type HostFunc func(h *Host) (uint32, error)

// Host is what a host function sees of the machine during one call. The
// call follows the C convention: the return address is at [esp] and the
// first argument at [esp+1], as for a function written in assembly. What a
// host function stores or prints takes effect only if it returns without an
// error, so that a faulting call, like every faulting instruction, changes
// nothing; and it is journaled, so that a debugger can step back over it.
// A Host is valid only during its call: the machine reuses it for the next.
type Host struct {
	c       *CPU
	name    string
	esp     uint32   // esp during the call: the return address's slot
	steps   uint64   // instructions run before the call
	changes []Change // every word written during the call, oldest first
	out     []byte   // what the function printed, written when it returns
}

// Steps returns how many instructions ran before this call: a number that
// is the same when a debugger steps back over the call and runs it again.
func (h *Host) Steps() uint64 { return h.steps }

// Name returns the name the program called the function by.
func (h *Host) Name() string { return h.name }

// Arg returns argument i (0 is the first), the word at [esp+1+i].
func (h *Host) Arg(i int) (uint32, error) {
	if i < 0 {
		return 0, fmt.Errorf("argument %d does not exist", i)
	}
	a := uint64(h.esp) + 1 + uint64(i)
	if a >= uint64(h.c.size) {
		return 0, fmt.Errorf("argument %d is outside memory: the stack holds %d words above the return address", i+1, uint64(h.c.size)-uint64(h.esp)-1)
	}
	return h.c.words[a], nil
}

// ArgWords returns how many words the stack holds above the return
// address: the arguments Arg can read.
func (h *Host) ArgWords() uint64 { return uint64(h.c.size) - uint64(h.esp) - 1 }

// Load returns the word at addr (registers included: eax is address 0).
func (h *Host) Load(addr uint32) (uint32, error) {
	if addr >= h.c.size {
		return 0, &memory.RangeError{Addr: addr, Size: int(h.c.size)}
	}
	return h.c.words[addr], nil
}

// Store writes v at addr. eip (address 6) cannot be written: a host call
// returns to the instruction after it; and eax is overwritten by the
// function's result.
func (h *Host) Store(addr, v uint32) error {
	if addr >= h.c.size {
		return &memory.RangeError{Addr: addr, Size: int(h.c.size)}
	}
	if addr == uint32(memory.EIP) {
		return fmt.Errorf("a host function cannot write eip")
	}
	h.set(addr, v)
	return nil
}

func (h *Host) set(addr, v uint32) {
	h.changes = append(h.changes, Change{addr, h.c.words[addr]})
	h.c.words[addr] = v
}

// Print adds s to the program's output, as prc would.
func (h *Host) Print(s string) { h.out = append(h.out, s...) }

// Write adds p to the program's output; it never fails (what is printed
// is written, with the output limit applied, when the function returns).
func (h *Host) Write(p []byte) (int, error) {
	h.out = append(h.out, p...)
	return len(p), nil
}

// Input returns the next byte of the program's input without reading it,
// and false at its end.
func (h *Host) Input() (byte, bool) { return h.c.in.byteAt(h.c.in.pos) }

// net returns the call's changes as one per word that it changed, with
// the word's value before the call: esp, pushed and popped again, is not
// one, and the trace and the debugger show what the call did.
func (h *Host) net() []Change {
	first := map[uint32]bool{}
	var out []Change
	for _, ch := range h.changes {
		if !first[ch.Addr] {
			first[ch.Addr] = true
			if h.c.words[ch.Addr] != ch.Old {
				out = append(out, ch)
			}
		}
	}
	return out
}

// undo puts back every word the call wrote, newest first.
func (h *Host) undo() {
	for i := len(h.changes) - 1; i >= 0; i-- {
		h.c.words[h.changes[i].Addr] = h.changes[i].Old
	}
}

// ExternError says that a program declares an extern the host does not
// provide; New refuses such a program, naming the extern and where it was
// declared.
type ExternError struct {
	Name     string
	File     string // "" when the program has no debug information
	Line     int
	Provided []string // the host's functions, sorted
}

// Error reads "prog.asm:3: extern 'foo' is not provided by the host (it
// provides: abs, print_hex)".
func (e *ExternError) Error() string {
	where := ""
	if e.File != "" {
		where = fmt.Sprintf("%s:%d: ", e.File, e.Line)
	}
	provides := "it provides none"
	if len(e.Provided) > 0 {
		provides = "it provides: " + strings.Join(e.Provided, ", ")
	}
	return fmt.Sprintf("%sextern '%s' is not provided by the host (%s)", where, e.Name, provides)
}

// bindExterns finds the host function of each of the program's externs.
func (c *CPU) bindExterns(host map[string]HostFunc) error {
	c.hostFns = make([]HostFunc, len(c.prog.Externs))
	for i, name := range c.prog.Externs {
		fn := host[name]
		if fn == nil {
			e := &ExternError{Name: name}
			e.File, e.Line, _ = c.prog.Debug.ExternAt(i)
			for n, f := range host {
				if f != nil {
					e.Provided = append(e.Provided, n)
				}
			}
			sort.Strings(e.Provided)
			return e
		}
		c.hostFns[i] = fn
	}
	return nil
}

// hostCall runs a host call: it pushes the return address, as call does,
// calls the function, stores its result in eax and pops the return address
// again. A function that fails or panics, or whose output cannot be
// written, faults with everything it changed put back.
func (c *CPU) hostCall(in *instr, next uint32, steps uint64) *Fault {
	idx := in.dst
	if uint64(idx) >= uint64(len(c.hostFns)) {
		return &Fault{Kind: InvalidInstruction, Msg: fmt.Sprintf("host call of extern %d, but the program declares %d externs", idx, len(c.hostFns))}
	}
	esp := c.words[memory.ESP]
	if int64(c.size)-int64(esp) >= c.stack {
		return &Fault{Kind: StackOverflow, Msg: fmt.Sprintf("push onto a full stack (%d words)", c.stack)}
	}
	sp := esp - 1
	if sp >= c.size {
		return &Fault{Kind: MemoryOutOfRange, Msg: outside(sp, c.size)}
	}
	// One Host per machine, reused: a host call allocates nothing. A Host
	// is the machine during its call only.
	h := &c.host
	*h = Host{c: c, name: c.prog.Externs[idx], esp: sp, steps: steps, changes: h.changes[:0], out: h.out[:0]}
	h.set(sp, next)
	h.set(uint32(memory.ESP), sp)
	v, err := callHost(c.hostFns[idx], h)
	if err == nil {
		h.set(uint32(memory.ESP), esp)
		h.set(uint32(memory.EAX), v)
		if len(h.out) > 0 {
			if f := c.emit(h.out); f != nil {
				h.undo()
				return f
			}
		}
		if c.journal != nil {
			c.journal.noteChanges(h.net())
		}
		return nil
	}
	h.undo()
	return &Fault{Kind: HostError, Msg: h.name + ": " + err.Error(), Err: err}
}

// stopAt stops the machine with fault f of the instruction at pc, which
// changed nothing: the journal forgets the step it began.
func (c *CPU) stopAt(f *Fault, pc uint32) Stop {
	if c.journal != nil {
		c.journal.drop()
	}
	if f == errWait {
		c.words[memory.EIP] = pc
		return StopInput
	}
	f.EIP = pc
	f.Msg = c.explain(f.Kind, pc, f.Msg)
	c.words[memory.EIP] = pc
	c.state, c.fault = Faulted, f
	return StopEnd
}

// callHost calls fn, turning a panic into an error: a host function's bug
// must not take the process down.
func callHost(fn HostFunc, h *Host) (v uint32, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &PanicError{Value: r}
		}
	}()
	return fn(h)
}

// PanicError is the cause of a host-error fault whose function panicked.
type PanicError struct {
	Value any
	// Stack is the goroutine's stack where it panicked, when the code that
	// recovered kept it (Recovered; vm does, the interpreter does not, so
	// that a fault is the same whether stepped or run).
	Stack []byte
}

// Recovered makes the PanicError of v, a value recover returned, with the
// stack: called in the deferred function that recovered, that is the stack
// of the panic.
func Recovered(v any) *PanicError { return &PanicError{Value: v, Stack: debug.Stack()} }

// Error says what the panic was.
func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Unwrap returns the panic's value when it is an error, so that
// panic(io.EOF) is errors.Is io.EOF.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// HostNames returns the names of the program's externs, in the order of
// its extern table.
func (c *CPU) HostNames() []string { return slices.Clone(c.prog.Externs) }

// extended runs the instructions that the interpreter loop's switch leaves
// to its default case: rdn, rdc and host calls. It returns the next eip,
// or the fault.
func (c *CPU) extended(op isa.Op, in *instr, next uint32, steps uint64) (uint32, *Fault) {
	switch op {
	case isa.Rdn, isa.Rdc:
		return c.read(in, next, op == isa.Rdn)
	case isa.Callx:
		return next, c.hostCall(in, next, steps)
	}
	return 0, &Fault{Kind: InvalidInstruction, Msg: fmt.Sprintf("opcode %#x is not implemented", uint8(op))}
}
