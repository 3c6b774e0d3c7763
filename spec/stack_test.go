package spec

import (
	"testing"

	"cpu32/cpu"
)

// small is a machine whose stack fills quickly: 64 words, the top 8 the
// stack, so esp and ebp start at 64.
var small = cpu.Config{Memory: 64, Stack: 8}

// push and pop: x86 order, last in first out, esp and the stack depth.
var stackCases = cases(
	tc{name: "esp and ebp start at the memory size", src: "", regs: regs{esp: base, ebp: base}},
	tc{name: "esp and ebp start at a small memory's size", src: "", cfg: small, regs: regs{esp: 64, ebp: 64}},
	tc{name: "push changes esp and the depth", src: "push eax", steps: 1, depth: 1, regs: regs{esp: base - 1, ebp: base}},
	tc{name: "push writes below the old esp", src: "push 5", cfg: small, steps: 1, depth: 1, regs: regs{esp: 63}, mem: mems{63: 5}},
	tc{name: "[esp] is the top element", src: "push 5\npush 6\nmov eax, [esp]\nmov ebx, [esp+1]", cfg: small, steps: 4, depth: 2,
		regs: regs{eax: 6, ebx: 5, esp: 62}, mem: mems{63: 5, 62: 6}},
	tc{name: "pop lowers the depth", src: "push eax\npush eax\npush eax\npop ebx", steps: 4, depth: 2},
	tc{name: "pop recovers the value", src: "mov eax, 10\npush eax\nmov eax, 2\npop eax", steps: 4, regs: regs{eax: 10, esp: base}},
	tc{name: "push and pop order", src: "push 10\npush 15\npush 20\npop eax\npop ebx\npop ecx", steps: 6, regs: regs{eax: 20, ebx: 15, ecx: 10}},
	tc{name: "pop leaves the word in memory", src: "push 7\npop eax", cfg: small, steps: 2, regs: regs{eax: 7, esp: 64}, mem: mems{63: 7}},
	tc{name: "push memory, pop memory", src: "mov [40], 7\npush [40]\npop [41]", steps: 3, mem: mems{41: 7}},
	tc{name: "push a register-relative operand", src: "push 3\npush 4\npush [esp+1]\npop eax", steps: 4, depth: 2, regs: regs{eax: 3}},
	tc{name: "a stack frame with ebp", src: "push 11\npush 22\nmov ebp, esp\nmov eax, [ebp+1]\nmov ebx, [ebp]\nmov [ebp-1], 33\nmov ecx, [61]",
		cfg: small, steps: 7, depth: 2, regs: regs{eax: 11, ebx: 22, ecx: 33, ebp: 62}},
	tc{name: "push esp pushes the old esp", src: "push esp\npop eax", steps: 2, regs: regs{eax: base, esp: base}},
	tc{name: "push esp on a small machine", src: "push 1\npush esp", cfg: small, steps: 2, depth: 2, mem: mems{62: 63}},
	tc{name: "pop esp leaves esp = the popped value", src: "push 40\npop esp", cfg: small, steps: 2, depth: 24, regs: regs{esp: 40}},
	tc{name: "pop [esp] addresses the word after esp moves", src: "push 7\npush 8\npop [esp]", cfg: small, steps: 3, depth: 1,
		regs: regs{esp: 63}, mem: mems{63: 8}},
	tc{name: "pop [esp+1] addresses the word after esp moves", src: "push 1\npush 2\npush 3\npop [esp+1]", cfg: small, steps: 4, depth: 2,
		regs: regs{esp: 62}, mem: mems{63: 3, 62: 2}},
	tc{name: "pop [esp-1] writes the popped slot", src: "push 1\npush 2\npop [esp-1]\npop eax", cfg: small, steps: 4,
		regs: regs{eax: 1}, mem: mems{62: 2}},
	tc{name: "the whole stack can be filled", src: "push 1\npush 2\npush 3\npush 4\npush 5\npush 6\npush 7\npush 8", cfg: small,
		steps: 8, depth: 8, regs: regs{esp: 56}, mem: mems{56: 8, 63: 1}},
	tc{name: "ret leaves the stack as before the call", src: "call f\nhlt\nf: ret", steps: 3, depth: 0, state: cpu.Halted, eip: u32(2)},
	tc{name: "pushf and popf move the flags word", src: "cmp 1, 2\npushf\ncmp 1, 1\npopf\npushf\npop eax", steps: 6, regs: regs{eax: 10}, flags: fl(sf | cf)},
	tc{name: "pushf does not change the flags", src: "cmp 1, 1\npushf", steps: 2, depth: 1, flags: fl(zf), mem: mems{base - 1: 1}},
)

func TestStack(t *testing.T) { runCases(t, stackCases) }

// The stack's limits: a push when the depth is already --stack overflows; a
// pop or ret when the depth is 0 or less underflows.
var stackFaultCases = cases(
	tc{name: "pop from an empty stack", src: "pop eax", fault: cpu.StackUnderflow, eip: u32(0), regs: regs{esp: base}},
	tc{name: "ret with an empty stack", src: "ret", fault: cpu.StackUnderflow, eip: u32(0)},
	tc{name: "popf with an empty stack", src: "popf", fault: cpu.StackUnderflow, eip: u32(0)},
	tc{name: "pop once too often", src: "push 1\npop eax\npop ebx", steps: 2, fault: cpu.StackUnderflow, eip: u32(4), regs: regs{eax: 1, ebx: 0}},
	tc{name: "pop when esp is above the base", src: "add esp, 1\npop eax", cfg: small, steps: 1, fault: cpu.StackUnderflow, eip: u32(3), depth: -1},
	tc{name: "underflow keeps the output", src: "prn 1\npush 5\npop eax\nret\nprn 2", out: "1\n", steps: 3, fault: cpu.StackUnderflow, eip: u32(6), regs: regs{eax: 5}},
	tc{name: "stack overflow in a push loop", src: "top: push eax\njmp top", cfg: small, steps: 16, depth: 8,
		fault: cpu.StackOverflow, eip: u32(0), regs: regs{esp: 56}},
	tc{name: "stack overflow by recursion", src: "f: call f", cfg: small, steps: 8, depth: 8, fault: cpu.StackOverflow, eip: u32(0)},
	tc{name: "stack overflow by pushf", src: "sub esp, 8\npushf", cfg: small, steps: 1, depth: 8, fault: cpu.StackOverflow, eip: u32(3)},
	tc{name: "stack overflow when esp was moved down", src: "mov esp, 0\npush 1", cfg: small, steps: 1, depth: 64, fault: cpu.StackOverflow, eip: u32(3)},
	tc{name: "a full stack is checked before the pushed operand is read", src: "sub esp, 8\npush [100]", cfg: small, steps: 1, depth: 8,
		fault: cpu.StackOverflow, eip: u32(3)},
	tc{name: "a machine with no stack overflows on the first push", src: "push 1", cfg: cpu.Config{Memory: 32, Stack: cpu.NoStack},
		fault: cpu.StackOverflow, eip: u32(0)},
	tc{name: "the default stack holds 4096 words", src: "mov ecx, 4096\nl: push ecx\ndec ecx\ncmp ecx, 0\njne l\npush 0",
		steps: 1 + 4*4096, depth: 4096, fault: cpu.StackOverflow, eip: u32(12)},
)

func TestStackFaults(t *testing.T) { runCases(t, stackFaultCases) }
