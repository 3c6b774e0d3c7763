package isa

import (
	"fmt"
	"sort"
	"strings"
)

// Op is an opcode number, the low byte of an opcode word.
type Op uint8

// Opcode numbers. 0x00-0x1C are rubycpu's and must not change; the rest are
// cpu32's own.
const (
	Nop  Op = 0x00
	Mov  Op = 0x01
	Cmp  Op = 0x02
	Jmp  Op = 0x03
	Je   Op = 0x04
	Mod  Op = 0x05
	Rem  Op = 0x06
	Inc  Op = 0x07
	Prn  Op = 0x08
	Jl   Op = 0x09
	Jle  Op = 0x0A
	Jg   Op = 0x0B
	Jge  Op = 0x0C
	Jne  Op = 0x0D
	Add  Op = 0x0E
	Sub  Op = 0x0F
	Push Op = 0x10
	Pop  Op = 0x11
	Call Op = 0x12
	Ret  Op = 0x13
	Dec  Op = 0x14
	Mul  Op = 0x15
	Div  Op = 0x16
	And  Op = 0x17
	Not  Op = 0x18
	Or   Op = 0x19
	Xor  Op = 0x1A
	Shl  Op = 0x1B
	Shr  Op = 0x1C

	Test  Op = 0x1D
	Pushf Op = 0x1E
	Popf  Op = 0x1F
	Prc   Op = 0x20
	Hlt   Op = 0x21
	Jb    Op = 0x22
	Jbe   Op = 0x23
	Ja    Op = 0x24
	Jae   Op = 0x25
	Js    Op = 0x26
	Jns   Op = 0x27
	Jo    Op = 0x28
	Jno   Op = 0x29
	Rdn   Op = 0x2A
	Rdc   Op = 0x2B
	Callx Op = 0x2C

	// NumOps bounds the opcode numbers in use; every Op is below it.
	NumOps = 0x2D
)

// Operand-kind bits of an opcode word. Exactly one kind bit is set for each
// operand an instruction has. The first four are rubycpu's.
const (
	OpMask  = 0x00FF // the opcode number
	SrcAddr = 0x0100 // source word is an address: the operand is memory[word]
	SrcVal  = 0x0200 // source word is the value itself (an immediate)
	DstAddr = 0x0400 // destination word is an address
	DstVal  = 0x0800 // destination word is the value itself
	SrcRel  = 0x1000 // source word packs a register and a displacement: memory[reg+disp]
	DstRel  = 0x2000 // destination word packs a register and a displacement

	SrcKinds = SrcAddr | SrcVal | SrcRel
	DstKinds = DstAddr | DstVal | DstRel
	// KnownBits is every bit an opcode word may have; any other set bit makes
	// the word an invalid instruction.
	KnownBits = OpMask | SrcKinds | DstKinds
)

// A register-relative operand word holds the register's address in its top
// four bits and a signed 28-bit displacement in the rest.
const (
	RelRegShift = 28
	RelDispBits = 28
	MinDisp     = -(1 << (RelDispBits - 1))
	MaxDisp     = 1<<(RelDispBits-1) - 1
)

// PackRel packs a register address and a displacement into one operand word.
// It reports false when the displacement does not fit.
func PackRel(reg uint8, disp int64) (uint32, bool) {
	if disp < MinDisp || disp > MaxDisp || reg >= 16 {
		return 0, false
	}
	return uint32(reg)<<RelRegShift | uint32(disp)&(1<<RelDispBits-1), true
}

// UnpackRel splits a register-relative operand word.
func UnpackRel(w uint32) (reg uint8, disp int32) {
	reg = uint8(w >> RelRegShift)
	disp = int32(w<<(32-RelDispBits)) >> (32 - RelDispBits)
	return reg, disp
}

// Flag masks in the flags register (address 8): rubycpu's, plus CF.
const (
	ZF = 1
	SF = 2
	OF = 4
	CF = 8
)

// Form is what an operand slot accepts.
type Form uint8

const (
	// Dest is a place to write: a register or a memory operand.
	Dest Form = iota + 1
	// Value is anything that has a value: an immediate, a register or memory.
	Value
	// Target is where a jump or call goes: a label, a number, a register or
	// memory (encoded exactly like Value).
	Target
	// Extern is a host function declared with `extern`: always an
	// immediate, the function's index in the program's extern table.
	Extern
)

// String names the form as the help and the diagnostics show it.
func (f Form) String() string {
	switch f {
	case Dest:
		return "dst"
	case Value:
		return "src"
	case Target:
		return "target"
	case Extern:
		return "extern"
	}
	return "?"
}

// Flow says how an instruction moves eip.
type Flow uint8

const (
	Next     Flow = iota // falls through to the next instruction
	Jump                 // always jumps
	Branch               // jumps when its condition holds
	CallFlow             // pushes the return address and jumps
	RetFlow              // pops eip
	HaltFlow             // stops the machine
	HostFlow             // calls a host function and goes on with the next instruction
)

// Instruction is one row of the table.
type Instruction struct {
	Op       Op
	Name     string
	Aliases  []string // other mnemonics that assemble to the same opcode
	Operands []Form
	Flow     Flow
	// Cond, for a conditional jump, says from the flags word whether it is
	// taken. The interpreter and the debugger's "will be taken" both use it.
	Cond    func(flags uint32) bool
	Summary string // one line: what it does
	Flags   string // how it treats the flags
	Example string // a line of assembly
	// Written is the mnemonic source and disassembly use when it is not
	// Name: a host call is written `call name`.
	Written string
}

// Mnemonic is the word the instruction is written with in source.
func (in *Instruction) Mnemonic() string {
	if in.Written != "" {
		return in.Written
	}
	return in.Name
}

// Size is the instruction's length in words.
func (in *Instruction) Size() int { return 1 + len(in.Operands) }

// Syntax renders the instruction's operand forms, e.g. "mov dst, src".
func (in *Instruction) Syntax() string {
	parts := make([]string, len(in.Operands))
	for i, f := range in.Operands {
		parts[i] = f.String()
	}
	// Two values compared or divided read better as a and b.
	if len(parts) == 2 && in.Operands[0] == Value {
		parts = []string{"a", "b"}
	}
	if len(parts) == 0 {
		return in.Name
	}
	return in.Name + " " + strings.Join(parts, ", ")
}

// has reports whether any bit of mask m is set in the flags word f.
func has(f, m uint32) bool { return f&m != 0 }

// noFlags is the flags text of every instruction that leaves them alone.
const noFlags = "unchanged"

var dv = []Form{Dest, Value}

// target is the operands of a jump: one target.
var target = []Form{Target}

// Table lists every instruction, in opcode order.
var Table = []Instruction{
	{Op: Nop, Name: "nop", Summary: "do nothing", Flags: noFlags, Example: "nop"},
	{Op: Mov, Name: "mov", Operands: dv, Summary: "dst = src", Flags: noFlags, Example: "mov eax, [esi+1]"},
	{Op: Cmp, Name: "cmp", Operands: []Form{Value, Value}, Summary: "compare a with b: set the flags from a - b, store nothing",
		Flags: "ZF SF OF CF set as x86 cmp does for the 32-bit a - b", Example: "cmp ecx, 10"},
	{Op: Jmp, Name: "jmp", Operands: []Form{Target}, Flow: Jump, Summary: "jump to target", Flags: noFlags, Example: "jmp loop"},
	{Op: Je, Name: "je", Aliases: []string{"jz"}, Operands: target, Flow: Branch, Cond: func(f uint32) bool { return has(f, ZF) },
		Summary: "jump if equal / zero (ZF)", Flags: "read: ZF", Example: "je loop"},
	{Op: Mod, Name: "mod", Operands: []Form{Value, Value}, Summary: "rem = a mod b (unsigned); b = 0 faults",
		Flags: noFlags, Example: "mod eax, 10"},
	{Op: Rem, Name: "rem", Operands: []Form{Dest}, Summary: "dst = rem (the remainder of the last mod)", Flags: noFlags, Example: "rem edx"},
	{Op: Inc, Name: "inc", Operands: []Form{Dest}, Summary: "dst = dst + 1", Flags: noFlags, Example: "inc ecx"},
	{Op: Prn, Name: "prn", Operands: []Form{Value}, Summary: "print src as a signed decimal and a newline", Flags: noFlags, Example: "prn eax"},
	{Op: Jl, Name: "jl", Aliases: []string{"jnge"}, Operands: target, Flow: Branch, Cond: func(f uint32) bool { return has(f, SF) != has(f, OF) },
		Summary: "jump if less, signed (SF != OF)", Flags: "read: SF != OF", Example: "jl loop"},
	{Op: Jle, Name: "jle", Aliases: []string{"jng"}, Operands: target, Flow: Branch, Cond: func(f uint32) bool { return has(f, ZF) || has(f, SF) != has(f, OF) },
		Summary: "jump if less or equal, signed (ZF or SF != OF)", Flags: "read: ZF or SF != OF", Example: "jle loop"},
	{Op: Jg, Name: "jg", Aliases: []string{"jnle"}, Operands: target, Flow: Branch, Cond: func(f uint32) bool { return !has(f, ZF) && has(f, SF) == has(f, OF) },
		Summary: "jump if greater, signed (not ZF and SF = OF)", Flags: "read: not ZF and SF = OF", Example: "jg loop"},
	{Op: Jge, Name: "jge", Aliases: []string{"jnl"}, Operands: target, Flow: Branch, Cond: func(f uint32) bool { return has(f, SF) == has(f, OF) },
		Summary: "jump if greater or equal, signed (SF = OF)", Flags: "read: SF = OF", Example: "jge loop"},
	{Op: Jne, Name: "jne", Aliases: []string{"jnz"}, Operands: target, Flow: Branch, Cond: func(f uint32) bool { return !has(f, ZF) },
		Summary: "jump if not equal / not zero (not ZF)", Flags: "read: not ZF", Example: "jne loop"},
	{Op: Add, Name: "add", Operands: dv, Summary: "dst = dst + src (wraps)", Flags: noFlags, Example: "add eax, ebx"},
	{Op: Sub, Name: "sub", Operands: dv, Summary: "dst = dst - src (wraps)", Flags: noFlags, Example: "sub esp, 2"},
	{Op: Push, Name: "push", Operands: []Form{Value}, Summary: "esp = esp - 1, then [esp] = src", Flags: noFlags, Example: "push eax"},
	{Op: Pop, Name: "pop", Operands: []Form{Dest}, Summary: "dst = [esp], then esp = esp + 1", Flags: noFlags, Example: "pop ebx"},
	{Op: Call, Name: "call", Operands: []Form{Target}, Flow: CallFlow, Summary: "push the address of the next instruction, jump to target (a host function declared with extern: see callx)",
		Flags: noFlags, Example: "call fact"},
	{Op: Ret, Name: "ret", Flow: RetFlow, Summary: "pop the return address into eip", Flags: noFlags, Example: "ret"},
	{Op: Dec, Name: "dec", Operands: []Form{Dest}, Summary: "dst = dst - 1", Flags: noFlags, Example: "dec ecx"},
	{Op: Mul, Name: "mul", Operands: dv, Summary: "dst = dst * src (low 32 bits)", Flags: noFlags, Example: "mul eax, 3"},
	{Op: Div, Name: "div", Operands: dv, Summary: "dst = dst / src (unsigned quotient); src = 0 faults", Flags: noFlags, Example: "div eax, 2"},
	{Op: And, Name: "and", Operands: dv, Summary: "dst = dst AND src", Flags: noFlags, Example: "and eax, 0xFF"},
	{Op: Not, Name: "not", Operands: []Form{Dest}, Summary: "dst = NOT dst (every bit flipped)", Flags: noFlags, Example: "not eax"},
	{Op: Or, Name: "or", Operands: dv, Summary: "dst = dst OR src", Flags: noFlags, Example: "or eax, 1"},
	{Op: Xor, Name: "xor", Operands: dv, Summary: "dst = dst XOR src", Flags: noFlags, Example: "xor eax, eax"},
	{Op: Shl, Name: "shl", Operands: dv, Summary: "dst = dst << (src mod 32)", Flags: noFlags, Example: "shl eax, 2"},
	{Op: Shr, Name: "shr", Operands: dv, Summary: "dst = dst >> (src mod 32), logical", Flags: noFlags, Example: "shr eax, 1"},
	{Op: Test, Name: "test", Operands: []Form{Value, Value}, Summary: "set the flags from a AND b, store nothing",
		Flags: "ZF SF from a AND b; OF CF cleared", Example: "test eax, 1"},
	{Op: Pushf, Name: "pushf", Summary: "push the flags word", Flags: noFlags, Example: "pushf"},
	{Op: Popf, Name: "popf", Summary: "pop the flags word", Flags: "replaced by the popped word", Example: "popf"},
	{Op: Prc, Name: "prc", Operands: []Form{Value}, Summary: "print the character whose code is src (UTF-8, no newline)", Flags: noFlags, Example: "prc 'A'"},
	{Op: Hlt, Name: "hlt", Flow: HaltFlow, Summary: "stop the program (eip stays on the hlt)", Flags: noFlags, Example: "hlt"},
	{Op: Jb, Name: "jb", Aliases: []string{"jc", "jnae"}, Operands: target, Flow: Branch, Cond: func(f uint32) bool { return has(f, CF) },
		Summary: "jump if below, unsigned (CF)", Flags: "read: CF", Example: "jb loop"},
	{Op: Jbe, Name: "jbe", Aliases: []string{"jna"}, Operands: target, Flow: Branch, Cond: func(f uint32) bool { return has(f, CF) || has(f, ZF) },
		Summary: "jump if below or equal, unsigned (CF or ZF)", Flags: "read: CF or ZF", Example: "jbe loop"},
	{Op: Ja, Name: "ja", Aliases: []string{"jnbe"}, Operands: target, Flow: Branch, Cond: func(f uint32) bool { return !has(f, CF) && !has(f, ZF) },
		Summary: "jump if above, unsigned (not CF and not ZF)", Flags: "read: not CF and not ZF", Example: "ja loop"},
	{Op: Jae, Name: "jae", Aliases: []string{"jnc", "jnb"}, Operands: target, Flow: Branch, Cond: func(f uint32) bool { return !has(f, CF) },
		Summary: "jump if above or equal, unsigned (not CF)", Flags: "read: not CF", Example: "jae loop"},
	{Op: Js, Name: "js", Operands: target, Flow: Branch, Cond: func(f uint32) bool { return has(f, SF) },
		Summary: "jump if sign (SF)", Flags: "read: SF", Example: "js loop"},
	{Op: Jns, Name: "jns", Operands: target, Flow: Branch, Cond: func(f uint32) bool { return !has(f, SF) },
		Summary: "jump if not sign (not SF)", Flags: "read: not SF", Example: "jns loop"},
	{Op: Jo, Name: "jo", Operands: target, Flow: Branch, Cond: func(f uint32) bool { return has(f, OF) },
		Summary: "jump if overflow (OF)", Flags: "read: OF", Example: "jo loop"},
	{Op: Jno, Name: "jno", Operands: target, Flow: Branch, Cond: func(f uint32) bool { return !has(f, OF) },
		Summary: "jump if not overflow (not OF)", Flags: "read: not OF", Example: "jno loop"},
	{Op: Rdn, Name: "rdn", Operands: []Form{Dest}, Summary: "dst = a signed decimal read from the input (white space skipped); end of input or not a number faults",
		Flags: noFlags, Example: "rdn eax"},
	{Op: Rdc, Name: "rdc", Operands: []Form{Dest}, Summary: "dst = the code point of one UTF-8 character read from the input; -1 at the end of the input",
		Flags: noFlags, Example: "rdc eax"},
	{Op: Callx, Name: "callx", Written: "call", Operands: []Form{Extern}, Flow: HostFlow,
		Summary: "call the host function extern (written `call name` after `extern name`): arguments from [esp+1] up, eax = its result; one step",
		Flags:   noFlags, Example: "call print_hex"},
}

var (
	byOp   [NumOps]*Instruction
	byName map[string]*Instruction
)

// CondMasks holds, for each opcode, its condition's truth table over the
// four flag bits (bit f set: taken with flags f), from the table's Cond
// functions; a jmp's is all ones, other instructions' 0. The interpreter
// tests it with a shift, the compiling tier emits it as a constant.
var CondMasks = func() (m [256]uint16) {
	for _, in := range Table {
		switch in.Flow {
		case Jump:
			m[in.Op] = 0xFFFF
		case Branch:
			for f := uint32(0); f < 16; f++ {
				if in.Cond(f) {
					m[in.Op] |= 1 << f
				}
			}
		}
	}
	return m
}()

func init() {
	names := 0
	for i := range Table {
		names += 1 + len(Table[i].Aliases)
	}
	byName = make(map[string]*Instruction, names) // sized: growing it costs a start more than filling it
	for i := range Table {
		in := &Table[i]
		if int(in.Op) >= NumOps || byOp[in.Op] != nil {
			panic(fmt.Sprintf("isa: opcode %#x of %s is out of range or used twice", in.Op, in.Name))
		}
		byOp[in.Op] = in
		for _, n := range append([]string{in.Name}, in.Aliases...) {
			if byName[n] != nil {
				panic("isa: mnemonic listed twice: " + n)
			}
			byName[n] = in
		}
	}
	for op, in := range byOp {
		if in == nil {
			panic(fmt.Sprintf("isa: opcode %#x has no row", op))
		}
	}
}

// ByOp returns the row for an opcode number, or nil.
func ByOp(op Op) *Instruction {
	if int(op) >= NumOps {
		return nil
	}
	return byOp[op]
}

// Lookup returns the row for a mnemonic or alias (lower case), or nil.
func Lookup(name string) *Instruction { return byName[name] }

// Mnemonics returns every mnemonic and alias, sorted.
func Mnemonics() []string {
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// String returns the opcode's mnemonic.
func (op Op) String() string {
	if in := ByOp(op); in != nil {
		return in.Name
	}
	return fmt.Sprintf("op(%#x)", uint8(op))
}

// FlagBit names one bit of the flags word.
type FlagBit struct {
	Mask uint32
	Name string
}

// FlagBits lists the flags in the order they are shown: ZF SF OF CF.
var FlagBits = []FlagBit{{ZF, "ZF"}, {SF, "SF"}, {OF, "OF"}, {CF, "CF"}}

// FlagNames returns the names of the flags set in f, in FlagBits order.
func FlagNames(f uint32) []string {
	var names []string
	for _, b := range FlagBits {
		if f&b.Mask != 0 {
			names = append(names, b.Name)
		}
	}
	return names
}
