package isa

import "fmt"

// Kind is how an operand word is read.
type Kind uint8

const (
	// Imm: the word is the value itself.
	Imm Kind = iota + 1
	// Addr: the word is a memory address (a register is the address of that
	// register, so `eax` is Addr 0).
	Addr
	// Rel: the word packs a register and a displacement; the operand is
	// memory[register's value + displacement].
	Rel
)

// Operand is one decoded operand.
type Operand struct {
	Kind Kind
	Word uint32
}

// Decoded is one instruction read from code.
type Decoded struct {
	In       *Instruction
	Operands []Operand // len(In.Operands) entries
}

// Size is the decoded instruction's length in words.
func (d Decoded) Size() int { return d.In.Size() }

// slot bits for an instruction's operands: a one-operand instruction keeps
// its operand in the destination slot, as rubycpu does.
var slotBits = [2][4]uint32{
	{0, DstVal, DstAddr, DstRel}, // first operand, indexed by Kind
	{0, SrcVal, SrcAddr, SrcRel}, // second operand
}

func kindOf(word uint32, slot int) (Kind, bool) {
	var k Kind
	n := 0
	for kind := Imm; kind <= Rel; kind++ {
		if word&slotBits[slot][kind] != 0 {
			k = kind
			n++
		}
	}
	return k, n == 1
}

// InvalidError says why the word at Addr is not an instruction.
type InvalidError struct {
	Addr   uint32
	Word   uint32
	Reason string
}

// Error says which word is bad and why.
func (e *InvalidError) Error() string {
	return fmt.Sprintf("word %#x at %d is not an instruction: %s", e.Word, e.Addr, e.Reason)
}

// Decode reads the instruction at addr. It fails, with an *InvalidError, when
// the opcode word names no instruction, has operand bits that do not match
// the instruction's operands, writes to an immediate, or runs past the end.
func Decode(code []uint32, addr uint32) (Decoded, error) {
	if uint64(addr) >= uint64(len(code)) {
		return Decoded{}, &InvalidError{Addr: addr, Reason: "past the end of the code"}
	}
	w := code[addr]
	bad := func(format string, args ...any) (Decoded, error) {
		return Decoded{}, &InvalidError{Addr: addr, Word: w, Reason: fmt.Sprintf(format, args...)}
	}
	in := ByOp(Op(w & OpMask))
	if in == nil {
		return bad("unknown opcode %#x", w&OpMask)
	}
	if w&^KnownBits != 0 {
		return bad("unknown bits %#x", w&^KnownBits)
	}
	n := len(in.Operands)
	if n < 2 && w&SrcKinds != 0 {
		return bad("%s has no source operand", in.Name)
	}
	if n < 1 && w&DstKinds != 0 {
		return bad("%s has no operands", in.Name)
	}
	if uint64(addr)+uint64(n) >= uint64(len(code)) {
		return bad("%s needs %d operand words; the code ends first", in.Name, n)
	}
	d := Decoded{In: in, Operands: make([]Operand, n)}
	for i, form := range in.Operands {
		k, ok := kindOf(w, i)
		if !ok {
			return bad("operand %d of %s has no single kind", i+1, in.Name)
		}
		if form == Dest && k == Imm {
			return bad("the destination of %s is an immediate", in.Name)
		}
		if form == Extern && k != Imm {
			return bad("the operand of %s must be an immediate extern index", in.Name)
		}
		d.Operands[i] = Operand{Kind: k, Word: code[addr+1+uint32(i)]}
	}
	return d, nil
}

// Encode returns the words of an instruction with the given operands. The
// caller (the assembler) has already checked the operands against the row.
func Encode(in *Instruction, ops []Operand) []uint32 {
	w := uint32(in.Op)
	out := make([]uint32, 1, 1+len(ops))
	for i, o := range ops {
		w |= slotBits[i][o.Kind]
		out = append(out, o.Word)
	}
	out[0] = w
	return out
}
