package spec

import (
	"fmt"
	"testing"

	"cpu32/cpu"
)

// jumpCond is one conditional jump mnemonic (or alias) with comparisons
// that take it and comparisons that do not.
type jumpCond struct {
	mnemonic   string
	taken, not []string // "a, b" operands of a cmp
}

// The signed jumps read SF, OF and ZF; the unsigned ones CF and ZF. -1
// against 1 tells them apart: signed less, unsigned above.
var jumpConds = []jumpCond{
	{"je", []string{"5, 5", "-1, -1"}, []string{"5, 6", "-1, 1"}},
	{"jz", []string{"5, 5"}, []string{"6, 5"}},
	{"jne", []string{"5, 6", "-1, 1"}, []string{"5, 5"}},
	{"jnz", []string{"6, 5"}, []string{"5, 5"}},
	{"jl", []string{"1, 5", "-1, 1", "0x80000000, 1"}, []string{"3, 3", "1, -1", "3, 2", "0x7FFFFFFF, -1"}},
	{"jnge", []string{"-1, 1"}, []string{"1, -1"}},
	{"jle", []string{"3, 3", "-1, 1", "1, 5"}, []string{"1, -1", "3, 2"}},
	{"jng", []string{"3, 3"}, []string{"1, -1"}},
	{"jg", []string{"4, 1", "1, -1", "0x7FFFFFFF, -1"}, []string{"3, 3", "-1, 1", "1, 3", "0x80000000, 1"}},
	{"jnle", []string{"1, -1"}, []string{"-1, 1"}},
	{"jge", []string{"3, 3", "5, 1", "1, -1"}, []string{"-1, 1", "1, 4"}},
	{"jnl", []string{"1, -1"}, []string{"-1, 1"}},
	{"jb", []string{"1, -1", "1, 2"}, []string{"-1, 1", "1, 1", "2, 1"}},
	{"jc", []string{"1, -1"}, []string{"-1, 1"}},
	{"jnae", []string{"1, -1"}, []string{"-1, 1"}},
	{"jbe", []string{"1, 1", "1, -1"}, []string{"-1, 1"}},
	{"jna", []string{"1, 1"}, []string{"-1, 1"}},
	{"ja", []string{"-1, 1", "2, 1"}, []string{"1, 1", "1, -1"}},
	{"jnbe", []string{"-1, 1"}, []string{"1, 1"}},
	{"jae", []string{"-1, 1", "1, 1"}, []string{"1, -1"}},
	{"jnc", []string{"-1, 1"}, []string{"1, -1"}},
	{"jnb", []string{"1, 1"}, []string{"1, -1"}},
	{"js", []string{"1, 2", "-1, 1"}, []string{"2, 1", "1, 1", "0x80000000, 1"}},
	{"jns", []string{"2, 1", "1, 1"}, []string{"1, 2"}},
	{"jo", []string{"0x7FFFFFFF, -1", "0x80000000, 1"}, []string{"1, 2", "-1, 1"}},
	{"jno", []string{"1, 2", "-1, 1"}, []string{"0x7FFFFFFF, -1"}},
}

// conditionalJumpCases are rubycpu's shape: a taken jump skips one mov and
// runs 4 instructions, a jump not taken runs all 5.
var conditionalJumpCases = func() []tc {
	var cs []tc
	for _, j := range jumpConds {
		for _, taken := range []bool{true, false} {
			pairs, steps, result, what := j.taken, uint64(4), int32(1), "taken"
			if !taken {
				pairs, steps, result, what = j.not, 5, 2, "not taken"
			}
			for _, p := range pairs {
				src := fmt.Sprintf("mov eax, 1\ncmp %s\n%s target\nmov eax, 2\ntarget: nop", p, j.mnemonic)
				cs = append(cs, tc{name: fmt.Sprintf("%s after cmp %s is %s", j.mnemonic, p, what), src: src,
					steps: steps, eip: u32(12), regs: regs{eax: result}})
			}
		}
	}
	return cases(cs...)
}()

func TestConditionalJumps(t *testing.T) { runCases(t, conditionalJumpCases) }

// jmp, call, ret and the jump targets: labels, numbers, registers, memory.
var jumpCases = cases(
	tc{name: "jmp skips forward", src: "jmp skip\nmov eax, 5\nskip: nop", steps: 2, eip: u32(6), regs: regs{eax: 0}},
	tc{name: "jmp loops backward", src: "mov ecx, 3\nagain: prn ecx\ndec ecx\ncmp ecx, 0\njg again",
		out: "3\n2\n1\n", steps: 13, regs: regs{ecx: 0}, flags: fl(zf)},
	tc{name: "jmp to a number", src: "jmp 4\nprn 1\nprn 2", out: "2\n", steps: 2},
	tc{name: "jmp to a register", src: "mov eax, skip\njmp eax\nprn 1\nskip: prn 2", out: "2\n", steps: 3},
	tc{name: "jmp to a memory operand", src: "mov [40], skip\njmp [40]\nprn 1\nskip: prn 2", out: "2\n", steps: 3},
	tc{name: "jmp to a register-relative operand", src: "mov [40], skip\nmov esi, 38\njmp [esi+2]\nprn 1\nskip: prn 2", out: "2\n", steps: 4},
	tc{name: "je to a register", src: "mov ebx, skip\ncmp 1, 1\nje ebx\nprn 1\nskip: prn 2", out: "2\n", steps: 4},
	tc{name: "jne to a memory operand, not taken", src: "mov [40], skip\ncmp 1, 1\njne [40]\nprn 1\nskip: prn 2", out: "1\n2\n", steps: 5},
	tc{name: "a jump not taken does not check its target", src: "cmp 1, 2\nje 1000\nprn 1", out: "1\n", steps: 3},
	tc{name: "a jump to exactly the end of the code ends normally", src: "jmp 2", steps: 1, eip: u32(2)},
	tc{name: "a jump to a label at the end ends normally", src: "jmp end\nprn 1\nend:", steps: 1, eip: u32(4)},
	tc{name: "call pushes the next instruction's address", src: "nop\ncall f\nnop\nf: mov eax, [esp]", steps: 3, depth: 1, regs: regs{eax: 3, esp: base - 1}, mem: mems{base - 1: 3}},
	tc{name: "call skips and leaves its return address", src: "call skip\nmov eax, 5\nskip: nop", steps: 2, depth: 1, regs: regs{eax: 0}},
	tc{name: "call and ret", src: "call skip\nmov eax, 5\njmp end\nskip: mov eax, 4\nret\nend: nop", steps: 6, regs: regs{eax: 5}},
	tc{name: "call to a register", src: "mov eax, f\ncall eax\nprn 2\nhlt\nf: prn 1\nret", out: "1\n2\n", steps: 6, state: cpu.Halted, eip: u32(7)},
	tc{name: "call to a memory operand", src: "mov [40], f\ncall [40]\nprn 2\nhlt\nf: prn 1\nret", out: "1\n2\n", steps: 6, state: cpu.Halted, eip: u32(7)},
	tc{name: "call to a number", src: "call 4\nprn 2\nf: prn 1", out: "1\n", steps: 2, depth: 1},
	tc{name: "ret pops into eip", src: "push done\nret\nprn 1\ndone: prn 2", out: "2\n", steps: 3},
	tc{name: "nested calls return in order", src: "call a\nprn 3\nhlt\na: call b\nprn 2\nret\nb: prn 1\nret",
		out: "1\n2\n3\n", steps: 8, state: cpu.Halted, eip: u32(4)},
	tc{name: "a recursive countdown", src: "start: mov eax, 3\ncall f\nhlt\nf: cmp eax, 0\nje done\nprn eax\ndec eax\ncall f\ndone: ret",
		out: "3\n2\n1\n", steps: 2 + 3*5 + 3 + 3 + 1, state: cpu.Halted, eip: u32(5)},
	tc{name: "writing address 6 is a jump", src: "mov [6], skip\nprn 1\nskip: prn 2", out: "2\n", steps: 2},
	tc{name: "mov eip is a jump", src: "mov eip, skip\nprn 1\nskip: prn 2", out: "2\n", steps: 2},
	tc{name: "add eip adds to the instruction's own address", src: "nop\nadd eip, 5\nprn 1\nprn 2", out: "2\n", steps: 3},
	tc{name: "pop eip is a ret", src: "push done\npop eip\nprn 1\ndone: prn 2", out: "2\n", steps: 3},
	tc{name: "mov to eip of the end ends normally", src: "mov [6], 3", steps: 1, eip: u32(3)},
	tc{name: "execution starts at start", src: "prn 1\nstart: prn 2", out: "2\n", steps: 1, eip: u32(4)},
	tc{name: "start may be anywhere, code before it runs when reached", src: "f: prn 1\nret\nstart: call f\nprn 2", out: "1\n2\n", steps: 4},
	tc{name: "without start execution starts at the first instruction", src: "prn 1\nmain: prn 2", out: "1\n2\n", steps: 2},
	tc{name: "an empty program runs 0 steps and ends", src: "", steps: 0, eip: u32(0)},
	tc{name: "a program of comments and labels runs 0 steps", src: "; nothing\n# here\nstart:\n", steps: 0, eip: u32(0)},
)

func TestJumps(t *testing.T) { runCases(t, jumpCases) }

// A jump, call, ret or write of eip to a place that is not the start of an
// instruction (or the end of the code) faults on the jumping instruction.
var badJumpCases = cases(
	tc{name: "jmp into the middle of itself", src: "jmp 1\nnop", fault: cpu.EIPOutOfRange, eip: u32(0)},
	tc{name: "jmp into the middle of an instruction", src: "mov eax, 1\njmp 2", steps: 1, fault: cpu.EIPOutOfRange, eip: u32(3), regs: regs{eax: 1}},
	tc{name: "jmp past the end", src: "prn 1\njmp 100", out: "1\n", steps: 1, fault: cpu.EIPOutOfRange, eip: u32(2)},
	tc{name: "jmp to a negative address", src: "jmp -1", fault: cpu.EIPOutOfRange, eip: u32(0)},
	tc{name: "jmp via a register to a bad target", src: "mov eax, 4\njmp eax", steps: 1, fault: cpu.EIPOutOfRange, eip: u32(3)},
	tc{name: "je taken to a bad target", src: "cmp 1, 1\nje 1", steps: 1, fault: cpu.EIPOutOfRange, eip: u32(3), flags: fl(zf)},
	tc{name: "call to a bad target pushes nothing", src: "call 99", fault: cpu.EIPOutOfRange, eip: u32(0), depth: 0},
	tc{name: "ret to a bad target pops nothing", src: "push 1\nret", steps: 1, fault: cpu.EIPOutOfRange, eip: u32(2), depth: 1},
	tc{name: "pop eip to a bad target pops nothing", src: "push 50\npop eip", steps: 1, fault: cpu.EIPOutOfRange, eip: u32(2), depth: 1},
	tc{name: "mov eip into an instruction", src: "mov eip, 1", fault: cpu.EIPOutOfRange, eip: u32(0)},
	tc{name: "inc eip lands inside the inc", src: "inc eip", fault: cpu.EIPOutOfRange, eip: u32(0)},
	tc{name: "add eip past the end", src: "nop\nadd [6], 100", steps: 1, fault: cpu.EIPOutOfRange, eip: u32(1)},
)

func TestBadJumps(t *testing.T) { runCases(t, badJumpCases) }
