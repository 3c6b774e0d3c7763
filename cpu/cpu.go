package cpu

import (
	"errors"
	"fmt"
	"io"

	"cpu32/image"
	"cpu32/isa"
	"cpu32/memory"
)

// DefaultStack is the stack size in words when the user does not set one.
const DefaultStack = 4096

// Config sets up a machine.
type Config struct {
	Memory   int       // memory size in words; 0 means memory.DefaultSize
	Stack    int       // stack size in words; 0 means DefaultStack (use NoStack for none)
	MaxSteps uint64    // a step-limit fault before instruction MaxSteps+1; 0 means no limit (use NoSteps for a limit of 0)
	Out      io.Writer // where prn and prc write; nil discards
	// MaxOutput bounds the bytes prn and prc may write: the instruction
	// that would pass it faults with OutputLimit and prints nothing.
	// 0 means no limit.
	MaxOutput uint64
	// NoCallStack skips the shadow call stack (CallStack is then empty):
	// `cpu32 run` does, so that calls cost nothing, and rebuilds the
	// stack after a fault by running the program again with it
	// (ReplayCallStack).
	NoCallStack bool
	// Input is what rdn and rdc read; nil is an empty input. The machine
	// reads it as the program asks, a chunk at a time, so a program that
	// reads nothing never touches it.
	Input io.Reader
	// LazyMemory asks for memory that costs only the pages the program
	// touches, and a Reset that costs only the pages written since
	// (memory.NewLazy): for a host that makes or resets many machines.
	LazyMemory bool
	// Host provides the functions a program declares with `extern`. New
	// refuses a program that declares one the map does not have
	// (*ExternError).
	Host map[string]HostFunc
}

// NoStack, as Config.Stack, asks for a stack of zero words.
const NoStack = -1

// NoSteps, as Config.MaxSteps, asks for a step limit of zero: the first
// instruction faults with step-limit (`--max-steps 0`).
const NoSteps = ^uint64(0)

// ErrConfig is wrapped by every error New returns for a machine that cannot
// hold the program (exit status 2 in the CLI).
var ErrConfig = errors.New("bad machine configuration")

// State is where a machine stands between steps.
type State int

const (
	// Ready: the next Step or Run will execute the instruction at eip.
	Ready State = iota
	// Ended: eip reached the end of the code.
	Ended
	// Halted: a hlt ran.
	Halted
	// Faulted: the instruction at eip faulted; Fault says how.
	Faulted
)

var stateNames = [...]string{"ready", "end", "hlt", "fault"}

// String returns "ready", "end", "hlt" or "fault" (the last three are the
// --json "halted" values).
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("state(%d)", int(s))
}

// internal opcodes stored in the decoded program beside isa's.
const (
	opEnd     isa.Op = 0xF0 // the position just past the last instruction
	opMid     isa.Op = 0xF1 // a word inside an instruction: not a jump target
	opInvalid isa.Op = 0xF2 // a word that decodes to no instruction
	opBreak   isa.Op = 0xF3 // a breakpoint trap; orig holds the real opcode
)

// instr is one decoded instruction. For an isa.Rel operand, the word field
// holds the displacement and reg the register's address.
type instr struct {
	op         isa.Op
	orig       isa.Op // the real opcode under a breakpoint trap
	dk, sk     isa.Kind
	dreg, sreg uint8
	size       uint8
	dst, src   uint32
}

// CPU is one machine running one program.
type CPU struct {
	prog  *image.Program
	mem   *memory.Memory
	words []uint32
	size  uint32
	stack int64
	code  []instr // len(prog.Code)+1 entries, the last is opEnd

	maxSteps  uint64 // the step limit, when limited
	limited   bool
	out       io.Writer
	maxOutput uint64 // 0: no limit
	scratch   []byte

	steps    uint64
	outBytes uint64
	state    State
	fault    *Fault
	journal  *Journal
	calls    callStack
	prof     *Profile // counting, or nil (StartProfile)
	counted  counted  // the fast path's op being counted (countOp)

	fops      []fop // the fast path's form of code (fast.go)
	sops      []fop // fops before fusion: the journaling fast path's
	fastStale bool  // fops must be rebuilt before the fast path runs
	exactOnly bool  // never run the fast path (tests compare the two)

	in      input      // what rdn and rdc read
	hostFns []HostFunc // the function of each extern, by index
	host    Host       // the host call's, reused (hostCall)
	breaks  int        // how many breakpoints are armed (Plain)
}

// New loads p into a fresh machine. It fails when the memory cannot hold the
// reserved words, the data and the stack, or when p's entry point is not an
// instruction.
func New(p *image.Program, cfg Config) (*CPU, error) {
	size := cfg.Memory
	if size == 0 {
		size = memory.DefaultSize
	}
	stack := cfg.Stack
	switch {
	case stack == 0:
		stack = DefaultStack
	case stack == NoStack:
		stack = 0
	case stack < 0:
		return nil, fmt.Errorf("%w: stack size %d is negative", ErrConfig, stack)
	}
	if size < memory.Reserved || size > memory.MaxSize {
		return nil, fmt.Errorf("%w: memory size %d words is outside %d..%d", ErrConfig, size, memory.Reserved, memory.MaxSize)
	}
	if need := int64(memory.Reserved) + int64(len(p.Data)) + int64(stack); need > int64(size) {
		return nil, fmt.Errorf("%w: memory of %d words cannot hold the %d reserved words, %d words of data and a %d-word stack (%d needed)",
			ErrConfig, size, memory.Reserved, len(p.Data), stack, need)
	}
	newMem := memory.New
	if cfg.LazyMemory {
		newMem = memory.NewLazy
	}
	mem, err := newMem(size)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	c := &CPU{prog: p, mem: mem, words: mem.Words(), size: uint32(size), stack: int64(stack),
		maxSteps: cfg.MaxSteps, limited: cfg.MaxSteps != 0, out: cfg.Out, maxOutput: cfg.MaxOutput}
	if cfg.MaxSteps == NoSteps {
		c.maxSteps = 0
	}
	c.calls.off = cfg.NoCallStack
	if c.out == nil {
		c.out = io.Discard
	}
	c.decode()
	if !c.IsInstruction(p.Entry) {
		return nil, fmt.Errorf("%w: entry point %d is not the start of an instruction", ErrConfig, p.Entry)
	}
	if err := c.bindExterns(cfg.Host); err != nil {
		return nil, err
	}
	c.in.r = cfg.Input
	// Not Reset: the memory is new, so zero already, and clearing it
	// would touch every page of it; a large --memory costs only what the
	// program uses.
	c.restart()
	return c, nil
}

// decode turns the program's words into instrs, walking it from address 0.
// A word that is not an instruction becomes a one-word opInvalid, so that a
// bad word faults only when it is reached.
func (c *CPU) decode() {
	code := c.prog.Code
	c.code = make([]instr, len(code)+1)
	c.fastStale = true
	c.code[len(code)].op = opEnd
	for addr := 0; addr < len(code); {
		d, err := isa.Decode(code, uint32(addr))
		if err != nil {
			// Why it is invalid is asked again of isa.Decode when it
			// faults (invalidMsg): rare enough not to keep.
			c.code[addr] = instr{op: opInvalid, size: 1}
			addr++
			continue
		}
		in := instr{op: d.In.Op, size: uint8(d.Size())}
		if len(d.Operands) > 0 {
			in.dk, in.dreg, in.dst = operand(d.Operands[0])
		}
		if len(d.Operands) > 1 {
			in.sk, in.sreg, in.src = operand(d.Operands[1])
		}
		c.code[addr] = in
		for i := 1; i < d.Size(); i++ {
			c.code[addr+i].op = opMid
		}
		addr += d.Size()
	}
}

func operand(o isa.Operand) (isa.Kind, uint8, uint32) {
	if o.Kind == isa.Rel {
		reg, disp := isa.UnpackRel(o.Word)
		return isa.Rel, reg, uint32(disp)
	}
	return o.Kind, 0, o.Word
}

// Reset puts the machine back to its state before the first step: memory
// zeroed, data loaded, esp and ebp at the stack base, eip at the entry, and
// the input back at its start (a machine without a journal keeps only the
// input it has not read, so it starts again from there).
func (c *CPU) Reset() {
	c.mem.Reset()
	c.restart()
}

// restart is Reset on memory known to be zero.
func (c *CPU) restart() {
	c.in.pos, c.in.wait = c.in.base, false
	copy(c.words[image.DataBase:], c.prog.Data)
	c.words[memory.ESP] = c.size
	c.words[memory.EBP] = c.size
	c.words[memory.EIP] = c.prog.Entry
	c.steps, c.outBytes = 0, 0
	c.state, c.fault = Ready, nil
	c.calls.reset()
	if c.journal != nil {
		c.journal.clear()
	}
	if c.prof != nil { // the profile starts again with the run
		c.prof.reset()
	}
	c.settle(c.prog.Entry)
}

// settle records that the machine is at pc between steps: at the end of the
// code the program has ended.
func (c *CPU) settle(pc uint32) {
	c.words[memory.EIP] = pc
	if c.code[pc].op == opEnd && c.state == Ready {
		c.state = Ended
	}
}

// Program returns the loaded program.
func (c *CPU) Program() *image.Program { return c.prog }

// Memory returns the machine's memory, registers included. Changing it
// between steps is how a debugger sets registers and memory.
func (c *CPU) Memory() *memory.Memory { return c.mem }

// EIP returns the address of the next instruction to run.
func (c *CPU) EIP() uint32 { return c.words[memory.EIP] }

// Steps returns how many instructions have run.
func (c *CPU) Steps() uint64 { return c.steps }

// OutputBytes returns how many bytes prn and prc have written.
func (c *CPU) OutputBytes() uint64 { return c.outBytes }

// State returns where the machine stands.
func (c *CPU) State() State { return c.state }

// Fault returns the fault that stopped the machine, or nil.
func (c *CPU) Fault() *Fault { return c.fault }

// StackSize returns the stack's size in words.
func (c *CPU) StackSize() int { return int(c.stack) }

// StackDepth returns how many words are on the stack: memory size - esp.
func (c *CPU) StackDepth() int64 { return int64(c.size) - int64(c.words[memory.ESP]) }

// CodeLen returns the length of the code in words.
func (c *CPU) CodeLen() uint32 { return uint32(len(c.prog.Code)) }

// IsInstruction reports whether addr is the start of an instruction or the
// end of the code: the places eip may hold.
func (c *CPU) IsInstruction(addr uint32) bool {
	return uint64(addr) < uint64(len(c.code)) && c.code[addr].op != opMid
}

// Decoded returns the instruction at addr, decoded from the program's words.
func (c *CPU) Decoded(addr uint32) (isa.Decoded, error) {
	return isa.Decode(c.prog.Code, addr)
}

// SetJournal makes the machine record every change it makes into j, so
// that steps can be undone; nil stops recording.
func (c *CPU) SetJournal(j *Journal) {
	if j != nil {
		j.clear()
		if c.prof != nil { // its steps cannot be stepped back now
			c.prof.undo = c.prof.undo[:0]
		}
	}
	c.ResumeJournal(j)
}

// ResumeJournal makes the machine record into j again without clearing
// it: j must end where the machine is (a Restore to the snapshot taken
// when j was set aside brings the machine back there).
func (c *CPU) ResumeJournal(j *Journal) {
	c.journal = j
	c.calls.journaled = j != nil
	c.calls.settle()
}

// Journal returns the journal set by SetJournal, or nil.
func (c *CPU) Journal() *Journal { return c.journal }

// SetMaxOutput changes the output limit (Config.MaxOutput): the most bytes
// prn, prc and host functions may have written since the start; 0 means
// no limit.
func (c *CPU) SetMaxOutput(n uint64) { c.maxOutput = n }

// SetOutput changes where prn and prc write.
func (c *CPU) SetOutput(w io.Writer) {
	if w == nil {
		w = io.Discard
	}
	c.out = w
}

// SetBreakpoint arms or disarms a breakpoint on the instruction at addr.
// Run stops before executing an armed instruction; Step ignores them. It
// reports false when addr is not an instruction.
func (c *CPU) SetBreakpoint(addr uint32, on bool) bool {
	if !c.IsInstruction(addr) || c.code[addr].op == opEnd {
		return false
	}
	in := &c.code[addr]
	switch {
	case on && in.op != opBreak:
		in.orig, in.op = in.op, opBreak
		c.breaks++
	case !on && in.op == opBreak:
		in.op = in.orig
		c.breaks--
	}
	c.fastStale = true
	return true
}

// SetEIP moves eip between steps (a debugger's "jump"); addr must be an
// instruction or the end of the code. It clears a fault or an end.
func (c *CPU) SetEIP(addr uint32) bool {
	if !c.IsInstruction(addr) {
		return false
	}
	c.state, c.fault = Ready, nil
	c.settle(addr)
	return true
}

// Refault puts the machine back into fault f, which SetEIP cleared: a
// debugger undoing its own move of eip away from a faulting instruction
// needs the fault back without running anything.
func (c *CPU) Refault(f *Fault) {
	if f == nil {
		return
	}
	c.state, c.fault = Faulted, f
	c.words[memory.EIP] = f.EIP
}
