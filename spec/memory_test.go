package spec

import (
	"testing"

	"cpu32/cpu"
)

// Addressing modes: every way an operand names a place or a value.
var addressingCases = cases(
	tc{name: "register", src: "mov eax, 5\nmov ebx, eax", steps: 2, regs: regs{eax: 5, ebx: 5}},
	tc{name: "immediate", src: "mov eax, 5", steps: 1, regs: regs{eax: 5}},
	tc{name: "[number]", src: "mov [40], 5\nmov eax, [40]", steps: 2, regs: regs{eax: 5}, mem: mems{40: 5}},
	tc{name: "[hex number]", src: "mov [28h], 6\nmov eax, [0x28]\nmov ebx, [40]", steps: 3, regs: regs{eax: 6, ebx: 6}, mem: mems{40: 6}},
	tc{name: "[10h] is address 16", src: "mov [10h], 7\nmov eax, [16]", steps: 2, regs: regs{eax: 7}, mem: mems{16: 7}},
	tc{name: "[data label]", src: "section .data\nx: dd 5\nsection .text\nmov eax, [x]\nmov [x], 6", steps: 2, regs: regs{eax: 5}, mem: mems{32: 6}},
	tc{name: "[label+number]", src: "section .data\nx: dd 5, 6, 7\nsection .text\nmov eax, [x+2]", steps: 1, regs: regs{eax: 7}},
	tc{name: "[code label] is the label's value as an address", src: "mov edx, 9\nx: mov eax, [x]", steps: 2, regs: regs{eax: 9}},
	tc{name: "[reg]", src: "mov esi, 40\nmov [esi], 9\nmov eax, [40]", steps: 3, regs: regs{eax: 9}, mem: mems{40: 9}},
	tc{name: "[reg+n]", src: "mov [43], 9\nmov esi, 40\nmov eax, [esi+3]\nmov [esi+4], 8", steps: 4, regs: regs{eax: 9}, mem: mems{44: 8}},
	tc{name: "[reg-n]", src: "mov [37], 9\nmov ebp, 40\nmov eax, [ebp-3]\nmov [ebp-4], 8", steps: 4, regs: regs{eax: 9}, mem: mems{36: 8}},
	tc{name: "[n+reg]", src: "mov [43], 9\nmov ecx, 3\nmov eax, [40+ecx]", steps: 3, regs: regs{eax: 9}},
	tc{name: "[label+reg]", src: "section .data\nnums: dd 10, 20, 30\nsection .text\nmov ecx, 2\nmov eax, [nums+ecx]", steps: 2, regs: regs{eax: 30}},
	tc{name: "[reg+label]", src: "section .data\nnums: dd 10, 20, 30\nsection .text\nmov ecx, 1\nmov eax, [ecx+nums]", steps: 2, regs: regs{eax: 20}},
	tc{name: "[label+reg-n]", src: "section .data\nnums: dd 10, 20, 30\nsection .text\nmov ecx, 3\nmov eax, [nums+ecx-1]", steps: 2, regs: regs{eax: 30}},
	tc{name: "[reg] with every register", src: "mov [40], 1\nmov [41], 2\nmov eax, 40\nmov ebx, 41\nmov ecx, 40\nmov edx, 41\nmov esi, 40\nmov edi, 41\n" +
		"mov eax, [eax]\nmov ebx, [ebx]\nmov ecx, [ecx+1]\nmov edx, [edx-1]\nmov esi, [esi]\nmov edi, [edi]",
		steps: 14, regs: regs{eax: 1, ebx: 2, ecx: 2, edx: 1, esi: 1, edi: 2}},
	tc{name: "[rem+n] and [flags+n]", src: "mov [45], 3\nmov rem, 40\nmov flags, 44\nmov eax, [rem+5]\nmov ebx, [flags+1]", steps: 5, regs: regs{eax: 3, ebx: 3}},
	tc{name: "[eip+n] is relative to the instruction's own address", src: "mov [43], 9\nmov eax, [eip+40]", steps: 2, regs: regs{eax: 9}},
	tc{name: "register-relative addresses wrap", src: "mov [40], 9\nmov esi, -1\nmov eax, [esi+41]", steps: 3, regs: regs{eax: 9}},
	tc{name: "memory to memory, both register-relative", src: "mov [40], 4\nmov esi, 40\nmov edi, 50\nmov [edi+1], [esi]\nadd [edi+1], [esi]", steps: 5, mem: mems{51: 8}},
	tc{name: "memory to memory add", src: "mov [40], 4\nmov [41], 5\nadd [40], [41]", steps: 3, mem: mems{40: 9}},
	tc{name: "[reg] may point at a register", src: "mov esi, 1\nmov [esi], 42", steps: 2, regs: regs{ebx: 42}},
	tc{name: "the last word of memory", src: "mov [63], 1\nmov eax, [63]", cfg: small, steps: 2, regs: regs{eax: 1}},
)

func TestAddressing(t *testing.T) { runCases(t, addressingCases) }

// The registers live at addresses 0..10, 11..31 are reserved and read 0,
// ordinary memory starts at 32.
var registerMemoryCases = cases(
	tc{name: "writing addresses 0..10 writes the registers",
		src:   "mov [0], 100\nmov [1], 101\nmov [2], 102\nmov [3], 103\nmov [5], 105\nmov [7], 107\nmov [8], 108\nmov [9], 109\nmov [10], 110\nmov [4], 104",
		steps: 10, depth: base - 104,
		regs: regs{eax: 100, ebx: 101, ecx: 102, edx: 103, esp: 104, ebp: 105, eip: 30, rem: 107, flags: 108, esi: 109, edi: 110}},
	tc{name: "reading addresses 0..10 reads the registers",
		src: "mov eax, 1\nmov ebx, 2\nmov ecx, 3\nmov edx, 4\nmov esi, 9\nmov edi, 10\nmov rem, 7\nmov flags, 8\n" +
			"mov [40], [0]\nmov [41], [1]\nmov [42], [2]\nmov [43], [3]\nmov [44], [4]\nmov [45], [5]\nmov [46], [6]\nmov [47], [7]\nmov [48], [8]\nmov [49], [9]\nmov [50], [10]",
		steps: 19,
		mem:   mems{40: 1, 41: 2, 42: 3, 43: 4, 44: base, 45: base, 46: 42, 47: 7, 48: 8, 49: 9, 50: 10}},
	tc{name: "every register name is an operand", src: "mov eax, 1\nmov ebx, eax\nmov ecx, ebx\nmov edx, ecx\nmov esi, edx\nmov edi, esi\nmov rem, edi\nmov flags, rem\nmov ebp, flags\nmov eax, esp\nmov ebx, eip",
		steps: 11, regs: regs{eax: base, ebx: 30, ecx: 1, edx: 1, esi: 1, edi: 1, rem: 1, flags: 1, ebp: 1}},
	tc{name: "reading eip gives the instruction's own address", src: "nop\nnop\nmov eax, eip\nmov ebx, [6]", steps: 4, regs: regs{eax: 2, ebx: 5}},
	tc{name: "reserved addresses 11..31 read 0", src: "mov eax, 99\nmov ebx, 99\nmov ecx, 99\nmov eax, [11]\nmov ebx, [20]\nmov ecx, [31]",
		steps: 6, regs: regs{eax: 0, ebx: 0, ecx: 0}},
	tc{name: "ordinary memory from 32 starts zeroed", src: "mov eax, 99\nmov eax, [32]", steps: 2, regs: regs{eax: 0}},
	tc{name: "data starts at 32", src: ".data\nd: dd 5\n.text\nmov eax, [32]\nmov ebx, d", steps: 2, regs: regs{eax: 5, ebx: 32}},
)

func TestRegistersInMemory(t *testing.T) { runCases(t, registerMemoryCases) }

// An address outside 0 .. size-1 is a memory-out-of-range fault, whatever
// reads or writes it.
var memoryFaultCases = cases(
	tc{name: "write one past the end", src: "mov [64], 1", cfg: small, fault: cpu.MemoryOutOfRange, eip: u32(0)},
	tc{name: "read one past the end", src: "mov eax, 7\nmov eax, [64]", cfg: small, steps: 1, fault: cpu.MemoryOutOfRange, eip: u32(3), regs: regs{eax: 7}},
	tc{name: "read of the default memory's end", src: "mov eax, [262144]", fault: cpu.MemoryOutOfRange, eip: u32(0)},
	tc{name: "read of a negative address", src: "mov eax, [-1]", fault: cpu.MemoryOutOfRange, eip: u32(0)},
	tc{name: "register-relative past the end", src: "mov esi, 60\nmov eax, [esi+4]", cfg: small, steps: 1, fault: cpu.MemoryOutOfRange, eip: u32(3)},
	tc{name: "register-relative below 0", src: "mov eax, [esi-1]", cfg: small, fault: cpu.MemoryOutOfRange, eip: u32(0)},
	tc{name: "memory-to-memory with a bad source writes nothing", src: "mov [40], 3\nmov [40], [99]", cfg: small, steps: 1, fault: cpu.MemoryOutOfRange, eip: u32(3), mem: mems{40: 3}},
	tc{name: "add with a bad destination", src: "add [100], 1", cfg: small, fault: cpu.MemoryOutOfRange, eip: u32(0)},
	tc{name: "inc of a bad address", src: "inc [100]", cfg: small, fault: cpu.MemoryOutOfRange, eip: u32(0)},
	tc{name: "not of a bad address", src: "not [100]", cfg: small, fault: cpu.MemoryOutOfRange, eip: u32(0)},
	tc{name: "rem to a bad address", src: "rem [100]", cfg: small, fault: cpu.MemoryOutOfRange, eip: u32(0)},
	tc{name: "cmp of a bad address keeps the flags", src: "cmp 1, 1\ncmp [100], 1", cfg: small, steps: 1, fault: cpu.MemoryOutOfRange, eip: u32(3), flags: fl(zf)},
	tc{name: "test of a bad address", src: "test 1, [100]", cfg: small, fault: cpu.MemoryOutOfRange, eip: u32(0)},
	tc{name: "mod of a bad address keeps rem", src: "mod 7, 4\nmod [100], 3", cfg: small, steps: 1, fault: cpu.MemoryOutOfRange, eip: u32(3), regs: regs{rem: 3}},
	tc{name: "prn of a bad address prints nothing", src: "prn 1\nprn [100]", cfg: small, out: "1\n", steps: 1, fault: cpu.MemoryOutOfRange, eip: u32(2)},
	tc{name: "prc of a bad address", src: "prc [100]", cfg: small, fault: cpu.MemoryOutOfRange, eip: u32(0)},
	tc{name: "push of a bad address pushes nothing", src: "push [100]", cfg: small, fault: cpu.MemoryOutOfRange, eip: u32(0), depth: 0},
	tc{name: "pop to a bad address pops nothing", src: "push 1\npop [100]", cfg: small, steps: 1, fault: cpu.MemoryOutOfRange, eip: u32(2), depth: 1},
	tc{name: "push with esp moved past the end", src: "mov esp, 100\npush 1", cfg: small, steps: 1, fault: cpu.MemoryOutOfRange, eip: u32(3), depth: -36},
	tc{name: "jmp through a bad address", src: "jmp [100]", cfg: small, fault: cpu.MemoryOutOfRange, eip: u32(0)},
	tc{name: "call through a bad address pushes nothing", src: "call [100]", cfg: small, fault: cpu.MemoryOutOfRange, eip: u32(0), depth: 0},
	tc{name: "je taken through a bad address", src: "cmp 1, 1\nje [100]", cfg: small, steps: 1, fault: cpu.MemoryOutOfRange, eip: u32(3)},
	tc{name: "div by a bad address", src: "mov eax, 1\ndiv eax, [100]", cfg: small, steps: 1, fault: cpu.MemoryOutOfRange, eip: u32(3), regs: regs{eax: 1}},
)

func TestMemoryFaults(t *testing.T) { runCases(t, memoryFaultCases) }
