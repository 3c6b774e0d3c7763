package cpu

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"unicode/utf8"

	"cpu32/isa"
	"cpu32/memory"
)

// Stop says why Run returned.
type Stop int

const (
	// StopEnd: the program ended, halted or faulted (see State).
	StopEnd Stop = iota
	// StopLimit: Run executed as many steps as it was asked to.
	StopLimit
	// StopBreak: the next instruction has a breakpoint.
	StopBreak
	// StopInput: the next instruction reads input the reader does not have
	// yet (ErrNoInput); nothing of it ran.
	StopInput
)

// Step runs one instruction, ignoring any breakpoint on it. It returns the
// fault, if the instruction faulted; stepping a machine that has stopped does
// nothing.
func (c *CPU) Step() error {
	if c.exec(c.steps+1) == StopInput {
		return ErrNoInput
	}
	if c.state == Faulted {
		return c.fault
	}
	return nil
}

// Run runs until the program stops or n more instructions have run, or
// before an instruction with a breakpoint (but not the first: Run resumes
// from a breakpoint it stopped at). A fault is returned and kept in Fault.
func (c *CPU) Run(n uint64) (Stop, error) {
	until := c.steps + n
	if until < c.steps { // overflow: run without a limit
		until = ^uint64(0)
	}
	stop := c.exec(until)
	if c.state == Faulted {
		return StopEnd, c.fault
	}
	return stop, nil
}

// RunToEnd runs until the program ends, halts or faults, ignoring
// breakpoints, and returns the fault if there was one.
func (c *CPU) RunToEnd() error {
	// Run resumes through the breakpoint it last stopped at, so calling it
	// again is enough to go on.
	for c.state == Ready {
		stop, err := c.Run(^uint64(0))
		if err != nil {
			return err
		}
		if stop == StopInput {
			return ErrNoInput
		}
	}
	return nil
}

// exec is the interpreter loop shared by Step and Run. It keeps pc and the
// step count in locals and writes them back on every way out. Every
// instruction checks everything that can fault before it writes anything,
// so a faulting instruction changes nothing. A breakpoint stops it before
// any instruction but the first: Step ignores breakpoints, and Run resumes
// from the one it stopped at.
func (c *CPU) exec(until uint64) Stop {
	if !c.fastOK() {
		return c.execExact(until, true, false)
	}
	// The fast path runs what it can; the exact path runs each instruction
	// it leaves, and those after it until the fast path can take over again.
	if c.fastStale {
		c.buildFast()
	}
	resume := true
	for c.state == Ready {
		lim := until
		if c.limited && c.maxSteps < lim {
			lim = c.maxSteps
		}
		if c.steps < lim && c.IsInstruction(c.words[memory.EIP]) {
			before := c.steps
			if c.journal != nil {
				c.runJournal(lim)
			} else {
				c.runFast(lim)
			}
			if c.steps != before {
				resume = false
			}
			if c.state != Ready {
				return StopEnd
			}
			// Reaching the end ends the program before any step budget
			// is looked at, as in the exact path.
			if c.code[c.words[memory.EIP]].op == opEnd {
				c.state = Ended
				return StopEnd
			}
		}
		stop := c.execExact(until, resume, true)
		resume = false
		if stop != stopYield {
			return stop
		}
	}
	return StopEnd
}

// stopYield is execExact's return when it leaves the next instruction to
// the fast path.
const stopYield Stop = -1

// execExact is the exact interpreter loop. It keeps pc and the step count
// in locals and writes them back on every way out. Every instruction checks
// everything that can fault before it writes anything, so a faulting
// instruction changes nothing. A breakpoint stops it before any
// instruction but the first when resume is true (Step ignores breakpoints,
// and Run resumes from the one it stopped at). With yield, it returns
// stopYield after an instruction when the next one is the fast path's.
func (c *CPU) execExact(until uint64, resume, yield bool) Stop {
	if c.state != Ready {
		return StopEnd
	}
	words, code, size := c.words, c.code, c.size
	pc := words[memory.EIP]
	if !c.IsInstruction(pc) {
		c.raise(EIPOutOfRange, pc, fmt.Sprintf("eip %d is not the start of an instruction", pc))
		return StopEnd
	}
	j := c.journal
	var counts []uint64 // a profile's counts, counted as each step commits
	if c.prof != nil {
		counts = c.prof.Counts
	}
	steps := c.steps
	fops := c.fops
	defer func() { c.steps = steps }()

	// fault, used as `return fault(...)`, records a fault at pc.
	fault := func(k FaultKind, msg string) Stop {
		if j != nil {
			j.drop()
		}
		c.raise(k, pc, msg)
		return StopEnd
	}

	for {
		if steps >= until {
			c.settle(pc)
			return StopLimit
		}
		// The step limit faults on instruction N+1 when it is about to run,
		// not at the end of instruction N: Run(N) and N Steps stop cleanly
		// before it. Nothing of this step is in the journal yet, so there
		// is nothing to drop.
		if c.limited && steps >= c.maxSteps && code[pc].op != opEnd {
			c.raise(StepLimit, pc, fmt.Sprintf("step limit of %d reached", c.maxSteps))
			return StopEnd
		}
		in := &code[pc]
		op := in.op
		if op == opBreak {
			if !resume {
				c.settle(pc)
				return StopBreak
			}
			op = in.orig
		}
		resume = false
		words[memory.EIP] = pc
		if j != nil {
			j.begin(pc, c.outBytes)
		}
		next := pc + uint32(in.size)

		switch op {
		case opEnd:
			if j != nil {
				j.drop()
			}
			c.state = Ended
			return StopEnd

		case isa.Nop:

		case isa.Mov, isa.Add, isa.Sub, isa.Mul, isa.Div, isa.And, isa.Or, isa.Xor, isa.Shl, isa.Shr,
			isa.Inc, isa.Dec, isa.Not, isa.Rem:
			a := in.dst
			if in.dk == isa.Rel {
				a += words[in.dreg]
			}
			if a >= size {
				return fault(MemoryOutOfRange, outside(a, size))
			}
			var s uint32
			if in.size == 3 { // a binary instruction: read its source
				s = in.src
				if in.sk != isa.Imm {
					sa := s
					if in.sk == isa.Rel {
						sa += words[in.sreg]
					}
					if sa >= size {
						return fault(MemoryOutOfRange, outside(sa, size))
					}
					s = words[sa]
				}
			}
			if op == isa.Div && s == 0 {
				return fault(DivideByZero, "division by zero")
			}
			d := arith(op, words[a], s, words[memory.REM])
			// Writing address 6 is a jump, checked before anything changes.
			if a == uint32(memory.EIP) {
				if !c.IsInstruction(d) {
					return fault(EIPOutOfRange, badTarget(d, c.CodeLen()))
				}
				next = d
			} else {
				if j != nil {
					j.record(a, words[a])
				}
				words[a] = d
			}

		case isa.Cmp, isa.Test, isa.Mod:
			x, fa, ok := c.load(in.dk, in.dreg, in.dst)
			if !ok {
				return fault(MemoryOutOfRange, outside(fa, size))
			}
			y, fa, ok := c.load(in.sk, in.sreg, in.src)
			if !ok {
				return fault(MemoryOutOfRange, outside(fa, size))
			}
			var a, v uint32
			switch op {
			case isa.Cmp:
				a, v = uint32(memory.FLAGS), compareFlags(x, y)
			case isa.Test:
				a, v = uint32(memory.FLAGS), resultFlags(x&y)
			case isa.Mod:
				if y == 0 {
					return fault(DivideByZero, "modulo by zero")
				}
				a, v = uint32(memory.REM), x%y
			}
			if j != nil {
				j.record(a, words[a])
			}
			words[a] = v

		case isa.Prn, isa.Prc:
			x, fa, ok := c.load(in.dk, in.dreg, in.dst)
			if !ok {
				return fault(MemoryOutOfRange, outside(fa, size))
			}
			if f := c.print(op == isa.Prn, x); f != nil {
				return c.stopAt(f, pc)
			}

		case isa.Push, isa.Pushf, isa.Call:
			esp := words[memory.ESP]
			if int64(size)-int64(esp) >= c.stack {
				return fault(StackOverflow, fmt.Sprintf("push onto a full stack (%d words)", c.stack))
			}
			var v uint32
			switch op {
			case isa.Push:
				x, fa, ok := c.load(in.dk, in.dreg, in.dst)
				if !ok {
					return fault(MemoryOutOfRange, outside(fa, size))
				}
				v = x
			case isa.Pushf:
				v = words[memory.FLAGS]
			case isa.Call:
				t, fa, ok := c.load(in.dk, in.dreg, in.dst)
				if !ok {
					return fault(MemoryOutOfRange, outside(fa, size))
				}
				if !c.IsInstruction(t) {
					return fault(EIPOutOfRange, badTarget(t, c.CodeLen()))
				}
				v = next
				next = t
			}
			sp := esp - 1
			if sp >= size {
				return fault(MemoryOutOfRange, outside(sp, size))
			}
			if j != nil {
				j.record(sp, words[sp])
				j.record(uint32(memory.ESP), esp)
			}
			if op == isa.Call && !c.calls.push(pc, next, sp) {
				c.recordCall(pc, next, sp, j, steps)
			} else if op == isa.Call && c.prof != nil && !c.calls.off {
				c.prof.enter(next, steps, nil) // push succeeds only without a journal
			}
			words[sp] = v
			words[memory.ESP] = sp

		case isa.Pop, isa.Popf, isa.Ret:
			esp := words[memory.ESP]
			if int64(size)-int64(esp) <= 0 {
				return fault(StackUnderflow, "pop from an empty stack")
			}
			v := words[esp]
			a := uint32(memory.FLAGS)
			switch op {
			case isa.Pop:
				// x86 computes a destination's address after esp moves.
				a = in.dst
				if in.dk == isa.Rel {
					base := words[in.dreg]
					if in.dreg == uint8(memory.ESP) {
						base = esp + 1
					}
					a += base
				}
				if a >= size {
					return fault(MemoryOutOfRange, outside(a, size))
				}
			case isa.Ret:
				a = uint32(memory.EIP)
			}
			if a == uint32(memory.EIP) && !c.IsInstruction(v) {
				return fault(EIPOutOfRange, badTarget(v, c.CodeLen()))
			}
			if j != nil {
				j.record(uint32(memory.ESP), esp)
			}
			words[memory.ESP] = esp + 1
			if a == uint32(memory.EIP) {
				if esp+1 > c.calls.top {
					if j != nil {
						c.dropRet(esp+1, j, steps) // a journal forces dropRet: pop would refuse
					} else {
						c.popped(esp+1, steps)
					}
				}
				next = v
			} else {
				if j != nil {
					j.record(a, words[a])
				}
				words[a] = v
			}

		case isa.Hlt:
			steps++
			if j != nil {
				j.commit()
			}
			if counts != nil {
				counts[pc]++
			}
			c.state = Halted
			words[memory.EIP] = pc
			return StopEnd

		case isa.Jmp, isa.Je, isa.Jne, isa.Jl, isa.Jle, isa.Jg, isa.Jge,
			isa.Jb, isa.Jbe, isa.Ja, isa.Jae, isa.Js, isa.Jns, isa.Jo, isa.Jno:
			if taken(isa.CondMasks[op], words[memory.FLAGS]) {
				t, fa, ok := c.load(in.dk, in.dreg, in.dst)
				if !ok {
					return fault(MemoryOutOfRange, outside(fa, size))
				}
				if !c.IsInstruction(t) {
					return fault(EIPOutOfRange, badTarget(t, c.CodeLen()))
				}
				next = t
			}

		case opInvalid:
			return fault(InvalidInstruction, c.invalidMsg(pc))

		default:
			// Input and host calls: rare, so kept out of the switch's
			// hot cases (extended, in host.go).
			n, f := c.extended(op, in, next, steps)
			if f != nil {
				return c.stopAt(f, pc)
			}
			next = n
		}

		steps++
		if j != nil {
			j.commit()
		}
		if counts != nil {
			counts[pc]++
		}
		pc = next
		words[memory.EIP] = pc
		if code[pc].op == opEnd {
			c.state = Ended
			return StopEnd
		}
		if yield && fops[pc].h != fExact {
			return stopYield
		}
	}
}

// load reads an operand's value. When the operand's address is outside
// memory it returns that address and false.
func (c *CPU) load(k isa.Kind, reg uint8, w uint32) (uint32, uint32, bool) {
	if k == isa.Imm {
		return w, 0, true
	}
	if k == isa.Rel {
		w += c.words[reg]
	}
	if w >= c.size {
		return 0, w, false
	}
	return c.words[w], 0, true
}

// raise stops the machine with a fault of kind k at pc.
func (c *CPU) raise(k FaultKind, pc uint32, msg string) {
	c.words[memory.EIP] = pc
	c.state = Faulted
	c.fault = &Fault{Kind: k, EIP: pc, Msg: c.explain(k, pc, msg)}
}

// outside is the message for an access to address a of a memory of size
// words, worded as memory's own RangeError so that the debugger and the
// interpreter say it alike.
func outside(a, size uint32) string {
	return (&memory.RangeError{Addr: a, Size: int(size)}).Error()
}

// invalidMsg says why the word at pc, which decode made an opInvalid, is
// not an instruction.
func (c *CPU) invalidMsg(pc uint32) string {
	reason := "it does not decode"
	var ie *isa.InvalidError
	if _, err := isa.Decode(c.prog.Code, pc); errors.As(err, &ie) {
		reason = ie.Reason
	}
	return fmt.Sprintf("word %#x is not an instruction: %s", c.prog.Code[pc], reason)
}

// badTarget is the message for a jump to t, which is not an instruction.
func badTarget(t, codeLen uint32) string {
	if t > codeLen {
		return fmt.Sprintf("jump to %d, past the end of the code (%d words)", int32(t), codeLen)
	}
	return fmt.Sprintf("jump to %d, which is inside an instruction", t)
}

// compareFlags returns the flags x86 cmp sets for the 32-bit x - y. It has
// no branches: compared values are often unpredictable, and a mispredicted
// branch costs more than the whole computation.
func compareFlags(x, y uint32) uint32 {
	r := x - y
	of := ((x ^ y) & (x ^ r)) >> 31 * isa.OF
	cf := (^x&y | ^(x^y)&r) >> 31 * isa.CF // the borrow out of bit 31: x < y
	return resultFlags(r) | of | cf
}

// resultFlags returns ZF and SF for a result, without branches.
func resultFlags(r uint32) uint32 {
	zf := uint32((uint64(r)-1)>>63) * isa.ZF
	return zf | r>>31*isa.SF
}

// emit writes b, an instruction's whole output, to the program's output. It
// returns the fault (without its EIP) when b would pass the output limit,
// in which case nothing is written, or when the write fails: a program
// whose output is lost must stop at once, not run on printing into the void.
func (c *CPU) emit(b []byte) *Fault {
	if c.maxOutput != 0 && c.outBytes+uint64(len(b)) > c.maxOutput {
		return &Fault{Kind: OutputLimit, Msg: fmt.Sprintf("output limit of %d bytes reached", c.maxOutput)}
	}
	n, err := c.out.Write(b)
	c.outBytes += uint64(n)
	if err == nil && n < len(b) {
		err = io.ErrShortWrite
	}
	if err != nil {
		return &Fault{Kind: WriteError, Msg: "write error: " + writeCause(err), Err: err}
	}
	return nil
}

// writeCause names why a write failed the way a Unix tool says it: "no
// space left on device" rather than "write /dev/stdout: no space left on
// device".
func writeCause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// arith computes the ALU instructions' results: d is the destination's
// value, s the source's, rem the rem register's. A zero divisor is the
// caller's to check.
func arith(op isa.Op, d, s, rem uint32) uint32 {
	switch op {
	case isa.Mov:
		d = s
	case isa.Add:
		d += s
	case isa.Sub:
		d -= s
	case isa.Mul:
		d *= s
	case isa.Div:
		d /= s
	case isa.And:
		d &= s
	case isa.Or:
		d |= s
	case isa.Xor:
		d ^= s
	case isa.Shl:
		d <<= s & 31
	case isa.Shr:
		d >>= s & 31
	case isa.Inc:
		d++
	case isa.Dec:
		d--
	case isa.Not:
		d = ^d
	case isa.Rem:
		d = rem
	}
	return d
}

// print writes x as prn (a signed decimal and a newline) or prc (a UTF-8
// character) does, returning emit's fault.
func (c *CPU) print(number bool, x uint32) *Fault {
	if number {
		c.scratch = append(strconv.AppendInt(c.scratch[:0], int64(int32(x)), 10), '\n')
	} else {
		c.scratch = utf8.AppendRune(c.scratch[:0], rune(int32(x)))
	}
	return c.emit(c.scratch)
}
