package cpu

import (
	"fmt"

	"cpu32/isa"
	"cpu32/memory"
)

// FaultKind classifies a fault; its String is the name used in --json.
type FaultKind int

// The fault kinds of the contract.
const (
	DivideByZero FaultKind = iota + 1
	StackOverflow
	StackUnderflow
	MemoryOutOfRange
	EIPOutOfRange
	InvalidInstruction
	StepLimit
	// Added since the first contract.
	OutputLimit  // prn or prc would pass Config.MaxOutput bytes
	EndOfInput   // rdn at the end of the program's input
	InvalidInput // rdn found text that is not a number in range
	HostError    // a host function returned an error or panicked
	WriteError   // writing the program's output failed; Fault.Err says why
)

// waitInput is not a fault: it is how an rdn or rdc that must wait for
// input (ErrNoInput) stops the interpreter loop without faulting.
const waitInput FaultKind = -1

var faultNames = map[FaultKind]string{
	DivideByZero:       "divide-by-zero",
	StackOverflow:      "stack-overflow",
	StackUnderflow:     "stack-underflow",
	MemoryOutOfRange:   "memory-out-of-range",
	EIPOutOfRange:      "eip-out-of-range",
	InvalidInstruction: "invalid-instruction",
	StepLimit:          "step-limit",
	OutputLimit:        "output-limit",
	EndOfInput:         "end-of-input",
	InvalidInput:       "invalid-input",
	HostError:          "host-error",
	WriteError:         "write-error",
}

// String returns the kind's name, e.g. "stack-overflow".
func (k FaultKind) String() string {
	if s, ok := faultNames[k]; ok {
		return s
	}
	return fmt.Sprintf("fault(%d)", int(k))
}

// FaultKinds lists every kind, in order.
func FaultKinds() []FaultKind {
	return []FaultKind{DivideByZero, StackOverflow, StackUnderflow, MemoryOutOfRange, EIPOutOfRange, InvalidInstruction, StepLimit,
		OutputLimit, EndOfInput, InvalidInput, HostError, WriteError}
}

// Fault is a run-time error of the program. The instruction at EIP did not
// run and changed nothing; eip still points at it.
type Fault struct {
	Kind FaultKind
	EIP  uint32
	Msg  string
	Err  error // the cause, for WriteError and HostError; nil otherwise
}

// Unwrap returns the cause of a WriteError or HostError.
func (f *Fault) Unwrap() error { return f.Err }

// Error says what kind of fault, where, and why.
func (f *Fault) Error() string { return fmt.Sprintf("%s at eip %d: %s", f.Kind, f.EIP, f.Msg) }

// explain adds to a fault's message what the machine's state says about
// its cause, where x86 habits mislead: a push, pop, call or ret whose esp
// was moved out of the stack (it would only say "outside memory" or "empty
// stack"), and an address past memory that came from [esp+4k] or [ebp+4k],
// x86's byte offsets. It runs only when a fault is raised: the state is
// still the faulting instruction's, since a fault changes nothing.
func (c *CPU) explain(k FaultKind, pc uint32, msg string) string {
	if uint64(pc) >= uint64(len(c.prog.Code)) {
		return msg
	}
	in := c.code[pc]
	op := in.op
	if op == opBreak {
		op = in.orig
	}
	switch op {
	case isa.Push, isa.Call:
		if _, _, ok := c.load(in.dk, in.dreg, in.dst); !ok {
			break // the operand is outside memory, not the stack
		}
		fallthrough
	case isa.Pushf, isa.Callx:
		if k == MemoryOutOfRange || k == StackOverflow {
			if s := c.stackMsg(op, true); s != "" {
				return s
			}
		}
	case isa.Pop, isa.Popf, isa.Ret:
		if k == StackUnderflow {
			if s := c.stackMsg(op, false); s != "" {
				return s
			}
		}
	}
	if k == MemoryOutOfRange {
		return msg + c.byteOffsetHint(in, op)
	}
	return msg
}

// stackMsg says where esp is when a push (or a pop) faults because esp is
// outside the stack: past its base, where `add esp, 8` after a call with
// two arguments leaves it, or below its top. It returns "" when esp is in
// the stack and the plain message says it all.
func (c *CPU) stackMsg(op isa.Op, push bool) string {
	name := isa.ByOp(op).Name
	if op == isa.Callx {
		name = "call"
	}
	esp, size := c.words[memory.ESP], c.size
	const words = "a stack slot is one word, so 'add esp, N' after a call drops N arguments"
	switch {
	case int32(esp) < 0:
		return fmt.Sprintf("%s with esp %d, below address 0: esp was moved out of memory (it starts at the stack's base, %d)", name, int32(esp), size)
	case esp > size:
		return fmt.Sprintf("%s with esp %s past the stack's base (esp %d, base %d): esp was moved past the base; %s",
			name, plural(esp-size, "word"), esp, size, words)
	case push && int64(size)-int64(esp) > c.stack:
		top := uint32(int64(size) - c.stack)
		return fmt.Sprintf("%s with esp %s below the top of the %d-word stack (esp %d, top %d): esp was moved down past the stack; a stack slot is one word, so 'sub esp, N' makes room for N words",
			name, plural(top-esp, "word"), c.stack, esp, top)
	}
	return ""
}

// byteOffsetHint explains an address past memory that came from an operand
// [esp+4k] or [ebp+4k]: x86 counts those offsets in bytes, cpu32 in words.
// It returns "" for any other operand.
func (c *CPU) byteOffsetHint(in instr, op isa.Op) string {
	type ref struct {
		k    isa.Kind
		reg  uint8
		disp uint32
	}
	refs := []ref{{in.dk, in.dreg, in.dst}}
	if in.size == 3 {
		refs = append(refs, ref{in.sk, in.sreg, in.src})
	}
	for _, r := range refs {
		disp := int32(r.disp)
		if r.k != isa.Rel || r.reg != uint8(memory.ESP) && r.reg != uint8(memory.EBP) || disp < 4 || disp%4 != 0 {
			continue
		}
		base := c.words[r.reg]
		if op == isa.Pop && r.reg == uint8(memory.ESP) {
			base++ // pop's destination is addressed after esp moves
		}
		if base+uint32(disp) < c.size {
			continue
		}
		reg := memory.Reg(r.reg).String()
		first := "on entry to a function its first argument is [esp+1]"
		if reg == "ebp" {
			first = "after 'push ebp' and 'mov ebp, esp' a function's first argument is [ebp+2]"
		}
		return fmt.Sprintf(": memory is word-addressed, so [%s+%d] is %d words above %s, not %d bytes (%s)", reg, disp, disp, reg, disp, first)
	}
	return ""
}

// plural is "1 word" or "n words".
func plural(n uint32, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
