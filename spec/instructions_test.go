package spec

import (
	"testing"

	"cpu32/cpu"
	"cpu32/memory"
)

const (
	eax   = memory.EAX
	ebx   = memory.EBX
	ecx   = memory.ECX
	edx   = memory.EDX
	esp   = memory.ESP
	ebp   = memory.EBP
	eip   = memory.EIP
	rem   = memory.REM
	flags = memory.FLAGS
	esi   = memory.ESI
	edi   = memory.EDI
)

// base is the default stack base: the default memory size.
const base = memory.DefaultSize

// Arithmetic and bit instructions from registers, literals and memory, as
// rubycpu's suite checks them, plus 32-bit wrap-around.
var arithmeticCases = cases(
	// nop
	tc{name: "nop does nothing but count", src: "nop", steps: 1, eip: u32(1), regs: regs{eax: 0, esp: base, ebp: base}, flags: fl(0)},

	// mov
	tc{name: "mov literal to register", src: "mov ebx, 3", steps: 1, regs: regs{ebx: 3}},
	tc{name: "mov register to register", src: "mov eax, 7\nmov ecx, eax", steps: 2, regs: regs{eax: 7, ecx: 7}},
	tc{name: "mov literal to memory and back", src: "mov [100], 11\nmov eax, [100]", steps: 2, regs: regs{eax: 11}, mem: mems{100: 11}},
	tc{name: "mov memory to memory", src: "mov [100], 10\nmov [101], [100]\nmov ebx, [101]", steps: 3, regs: regs{ebx: 10}, mem: mems{101: 10}},
	tc{name: "mov negative literal", src: "mov edx, -42", steps: 1, regs: regs{edx: -42}},
	tc{name: "mov to esi edi and rem", src: "mov esi, 5\nmov edi, -5\nmov rem, 9\nmov eax, rem", steps: 4, regs: regs{esi: 5, edi: -5, rem: 9, eax: 9}},

	// add
	tc{name: "add literal", src: "mov ebx, 1\nadd ebx, 3", steps: 2, regs: regs{ebx: 4}},
	tc{name: "add register", src: "mov eax, 2\nmov edx, 3\nadd eax, edx", steps: 3, regs: regs{eax: 5, edx: 3}},
	tc{name: "add register to itself", src: "mov ecx, 1\nadd ecx, ecx", steps: 2, regs: regs{ecx: 2}},
	tc{name: "add from memory", src: "mov [40], 30\nmov eax, 12\nadd eax, [40]", steps: 3, regs: regs{eax: 42}},
	tc{name: "add to memory", src: "mov [40], 30\nadd [40], 12", steps: 2, mem: mems{40: 42}},
	tc{name: "add wraps past the largest signed", src: "mov eax, 0x7FFFFFFF\nadd eax, 1", steps: 2, regs: regs{eax: -2147483648}},
	tc{name: "add wraps past 2^32", src: "mov eax, -1\nadd eax, 1", steps: 2, regs: regs{eax: 0}},
	tc{name: "add a negative number", src: "mov eax, 5\nadd eax, -7", steps: 2, regs: regs{eax: -2}},

	// sub
	tc{name: "sub literal", src: "mov ebx, 3\nsub ebx, 1", steps: 2, regs: regs{ebx: 2}},
	tc{name: "sub register", src: "mov eax, 3\nmov edx, 2\nsub eax, edx", steps: 3, regs: regs{eax: 1}},
	tc{name: "sub register from itself", src: "mov ecx, 11\nsub ecx, ecx", steps: 2, regs: regs{ecx: 0}},
	tc{name: "sub from memory", src: "mov [40], 5\nmov eax, 12\nsub eax, [40]", steps: 3, regs: regs{eax: 7}},
	tc{name: "sub to memory", src: "mov [40], 5\nsub [40], 12", steps: 2, mem: mems{40: -7}},
	tc{name: "sub wraps below zero", src: "sub eax, 1", steps: 1, regs: regs{eax: -1}},
	tc{name: "sub wraps below the smallest signed", src: "mov eax, 0x80000000\nsub eax, 1", steps: 2, regs: regs{eax: 2147483647}},

	// mul
	tc{name: "mul literal", src: "mov ebx, 1\nmul ebx, 3", steps: 2, regs: regs{ebx: 3}},
	tc{name: "mul register", src: "mov eax, 2\nmov edx, 3\nmul eax, edx", steps: 3, regs: regs{eax: 6}},
	tc{name: "mul register by itself", src: "mov ecx, 3\nmul ecx, ecx", steps: 2, regs: regs{ecx: 9}},
	tc{name: "mul from memory", src: "mov [40], 7\nmov eax, 6\nmul eax, [40]", steps: 3, regs: regs{eax: 42}},
	tc{name: "mul to memory", src: "mov [40], 7\nmul [40], 6", steps: 2, mem: mems{40: 42}},
	tc{name: "mul keeps the low 32 bits", src: "mov eax, 0x10001\nmul eax, 0x10001", steps: 2, regs: regs{eax: 0x20001}},
	tc{name: "mul 2^16 by 2^16 is 0", src: "mov eax, 0x10000\nmul eax, 0x10000", steps: 2, regs: regs{eax: 0}},
	tc{name: "mul of a negative number", src: "mov eax, -3\nmul eax, 5", steps: 2, regs: regs{eax: -15}},

	// div
	tc{name: "div literal", src: "mov ebx, 9\ndiv ebx, 3", steps: 2, regs: regs{ebx: 3}},
	tc{name: "div register", src: "mov eax, 10\nmov edx, 5\ndiv eax, edx", steps: 3, regs: regs{eax: 2}},
	tc{name: "div register by itself", src: "mov ecx, 3\ndiv ecx, ecx", steps: 2, regs: regs{ecx: 1}},
	tc{name: "div from memory", src: "mov [40], 4\nmov eax, 17\ndiv eax, [40]", steps: 3, regs: regs{eax: 4}},
	tc{name: "div to memory", src: "mov [40], 17\ndiv [40], 4", steps: 2, mem: mems{40: 4}},
	tc{name: "div truncates", src: "mov eax, 7\ndiv eax, 2", steps: 2, regs: regs{eax: 3}},
	tc{name: "div is unsigned", src: "mov eax, -1\ndiv eax, 2", steps: 2, regs: regs{eax: 2147483647}},
	tc{name: "div of a negative number is unsigned", src: "mov eax, -6\ndiv eax, 2", steps: 2, regs: regs{eax: 2147483645}},
	tc{name: "div by a negative number is unsigned", src: "mov eax, 100\ndiv eax, -1", steps: 2, regs: regs{eax: 0}},
	tc{name: "div by a zero-padded literal 1", src: "mov eax, 8\ndiv eax, 0001", steps: 2, regs: regs{eax: 8}},

	// mod and rem
	tc{name: "mod puts the remainder in rem", src: "mod 10, 7", steps: 1, regs: regs{rem: 3}},
	tc{name: "mod of equal numbers is 0", src: "mod 5, 5", steps: 1, regs: regs{rem: 0}},
	tc{name: "mod registers", src: "mov eax, 17\nmov ebx, 5\nmod eax, ebx", steps: 3, regs: regs{rem: 2, eax: 17, ebx: 5}},
	tc{name: "mod literal by register", src: "mov eax, 4\nmod 3, eax", steps: 2, regs: regs{rem: 3, eax: 4}},
	tc{name: "mod from memory", src: "mov [40], 100\nmov [41], 7\nmod [40], [41]", steps: 3, regs: regs{rem: 2}, mem: mems{40: 100, 41: 7}},
	tc{name: "mod is unsigned", src: "mod -1, 10", steps: 1, regs: regs{rem: 5}},
	tc{name: "mod of a negative register is unsigned", src: "mov eax, -7\nmod eax, 2", steps: 2, regs: regs{rem: 1, eax: -7}},
	tc{name: "rem copies rem to a register", src: "mod 10, 3\nrem ecx", steps: 2, regs: regs{ecx: 1, rem: 1}},
	tc{name: "rem of 1 mod 1", src: "mov ebx, 9\nmod 1, 1\nrem ebx", steps: 3, regs: regs{ebx: 0}},
	tc{name: "rem to memory", src: "mod 20, 6\nrem [40]", steps: 2, mem: mems{40: 2}},
	tc{name: "rem reads address 7", src: "mov [7], 12\nrem eax", steps: 2, regs: regs{eax: 12, rem: 12}},

	// inc and dec
	tc{name: "inc a register", src: "mov ebx, 3\ninc ebx", steps: 2, regs: regs{ebx: 4}},
	tc{name: "inc from 0", src: "mov eax, 0\ninc eax", steps: 2, regs: regs{eax: 1}},
	tc{name: "inc memory", src: "mov [40], 41\ninc [40]", steps: 2, mem: mems{40: 42}},
	tc{name: "inc wraps past the largest signed", src: "mov eax, 2147483647\ninc eax", steps: 2, regs: regs{eax: -2147483648}},
	tc{name: "inc wraps -1 to 0", src: "mov eax, -1\ninc eax", steps: 2, regs: regs{eax: 0}},
	tc{name: "dec a register", src: "mov ecx, 3\ndec ecx", steps: 2, regs: regs{ecx: 2}},
	tc{name: "dec memory", src: "mov [40], 43\ndec [40]", steps: 2, mem: mems{40: 42}},
	tc{name: "dec wraps 0 to -1", src: "dec edx", steps: 1, regs: regs{edx: -1}},
	tc{name: "dec wraps past the smallest signed", src: "mov eax, -2147483648\ndec eax", steps: 2, regs: regs{eax: 2147483647}},

	// and, or, xor, not
	tc{name: "and literal", src: "mov ebx, 3\nand ebx, 6", steps: 2, regs: regs{ebx: 2}},
	tc{name: "and register", src: "mov eax, 4\nmov edx, 7\nand eax, edx", steps: 3, regs: regs{eax: 4}},
	tc{name: "and itself", src: "mov ecx, 3\nand ecx, ecx", steps: 2, regs: regs{ecx: 3}},
	tc{name: "and memory", src: "mov [40], 12\nmov eax, 10\nand eax, [40]\nand [40], 6", steps: 4, regs: regs{eax: 8}, mem: mems{40: 4}},
	tc{name: "and of high bits", src: "mov eax, -1\nand eax, 0xF0000000", steps: 2, regs: regs{eax: -268435456}},
	tc{name: "or literal", src: "mov ebx, 3\nor ebx, 6", steps: 2, regs: regs{ebx: 7}},
	tc{name: "or register", src: "mov eax, 4\nmov edx, 7\nor eax, edx", steps: 3, regs: regs{eax: 7}},
	tc{name: "or itself", src: "mov ecx, 3\nor ecx, ecx", steps: 2, regs: regs{ecx: 3}},
	tc{name: "or memory", src: "mov [40], 12\nmov eax, 3\nor eax, [40]\nor [40], 1", steps: 4, regs: regs{eax: 15}, mem: mems{40: 13}},
	tc{name: "xor literal", src: "mov ebx, 3\nxor ebx, 6", steps: 2, regs: regs{ebx: 5}},
	tc{name: "xor register", src: "mov eax, 4\nmov edx, 7\nxor eax, edx", steps: 3, regs: regs{eax: 3}},
	tc{name: "xor itself", src: "mov ecx, 3\nxor ecx, ecx", steps: 2, regs: regs{ecx: 0}},
	tc{name: "xor memory", src: "mov [40], 12\nmov eax, 10\nxor eax, [40]\nxor [40], -1", steps: 4, regs: regs{eax: 6}, mem: mems{40: -13}},
	tc{name: "not a register", src: "mov ebx, 1\nnot ebx", steps: 2, regs: regs{ebx: -2}},
	tc{name: "not of 0", src: "not eax", steps: 1, regs: regs{eax: -1}},
	tc{name: "not memory", src: "mov [40], 0x0F0F0F0F\nnot [40]", steps: 2, mem: mems{40: -252645136}},

	// shl and shr
	tc{name: "shl literal", src: "mov ebx, 4\nshl ebx, 2", steps: 2, regs: regs{ebx: 16}},
	tc{name: "shl register", src: "mov eax, 3\nmov edx, 4\nshl eax, edx", steps: 3, regs: regs{eax: 48}},
	tc{name: "shl itself", src: "mov ecx, 3\nshl ecx, ecx", steps: 2, regs: regs{ecx: 24}},
	tc{name: "shl memory", src: "mov [40], 5\nmov [41], 3\nshl [40], [41]", steps: 3, mem: mems{40: 40}},
	tc{name: "shl into the sign bit", src: "mov eax, 1\nshl eax, 31", steps: 2, regs: regs{eax: -2147483648}},
	tc{name: "shl drops the bits shifted out", src: "mov eax, 0x80000001\nshl eax, 1", steps: 2, regs: regs{eax: 2}},
	tc{name: "shl count is taken mod 32: 32 is 0", src: "mov eax, 5\nshl eax, 32", steps: 2, regs: regs{eax: 5}},
	tc{name: "shl count is taken mod 32: 33 is 1", src: "mov eax, 5\nshl eax, 33", steps: 2, regs: regs{eax: 10}},
	tc{name: "shr literal", src: "mov ebx, 30\nshr ebx, 2", steps: 2, regs: regs{ebx: 7}},
	tc{name: "shr register", src: "mov eax, 64\nmov edx, 3\nshr eax, edx", steps: 3, regs: regs{eax: 8}},
	tc{name: "shr itself", src: "mov ecx, 3\nshr ecx, ecx", steps: 2, regs: regs{ecx: 0}},
	tc{name: "shr memory", src: "mov [40], 40\nshr [40], 3", steps: 2, mem: mems{40: 5}},
	tc{name: "shr is logical", src: "mov eax, -1\nshr eax, 1", steps: 2, regs: regs{eax: 2147483647}},
	tc{name: "shr of a negative number brings in zeros", src: "mov eax, -16\nshr eax, 28", steps: 2, regs: regs{eax: 15}},
	tc{name: "shr count is taken mod 32: 35 is 3", src: "mov eax, 64\nshr eax, 35", steps: 2, regs: regs{eax: 8}},
	tc{name: "shr count is taken mod 32: -1 is 31", src: "mov eax, -1\nshr eax, -1", steps: 2, regs: regs{eax: 1}},
)

func TestArithmetic(t *testing.T) { runCases(t, arithmeticCases) }

// Output: prn prints a signed decimal and a newline; prc prints one
// character as UTF-8 and no newline. hlt stops, counted, with eip on it.
var outputCases = cases(
	tc{name: "prn a literal", src: "prn 1", out: "1\n", steps: 1},
	tc{name: "prn a negative literal", src: "prn -5", out: "-5\n", steps: 1},
	tc{name: "prn shows words as signed", src: "prn 0xFFFFFFFF\nprn 2147483648\nprn 2147483647", out: "-1\n-2147483648\n2147483647\n", steps: 3},
	tc{name: "prn 0", src: "prn 0", out: "0\n", steps: 1},
	tc{name: "prn a register", src: "mov eax, 42\nprn eax", out: "42\n", steps: 2},
	tc{name: "prn memory", src: "mov [40], -7\nprn [40]", out: "-7\n", steps: 2},
	tc{name: "prn a register-relative operand", src: "mov [41], 9\nmov esi, 40\nprn [esi+1]", out: "9\n", steps: 3},
	tc{name: "prn eip is the instruction's own address", src: "nop\nprn eip\nprn eip", out: "1\n3\n", steps: 3},
	tc{name: "prc a character", src: "prc 'A'", out: "A", steps: 1},
	tc{name: "prc prints no newline", src: "prc 'h'\nprc 'i'\nprc 10", out: "hi\n", steps: 3},
	tc{name: "prc is UTF-8", src: "prc 0x263A\nprc 0xE9\nprc 0x1F600", out: "☺é😀", steps: 3},
	tc{name: "prc a register and memory", src: "mov eax, 'x'\nmov [40], 'y'\nprc eax\nprc [40]", out: "xy", steps: 4},
	tc{name: "prc of a surrogate prints U+FFFD", src: "prc 0xD800", out: "\uFFFD", steps: 1},
	tc{name: "prc past U+10FFFF prints U+FFFD", src: "prc 0x110000", out: "\uFFFD", steps: 1},
	tc{name: "prc of a negative number prints U+FFFD", src: "prc -1", out: "\uFFFD", steps: 1},
	tc{name: "prc 0 prints a NUL byte", src: "prc 0", out: "\x00", steps: 1},
	tc{name: "hlt stops and counts, eip stays on it", src: "prn 1\nhlt\nprn 2", out: "1\n", steps: 2, state: cpu.Halted, eip: u32(2)},
	tc{name: "hlt alone", src: "hlt", steps: 1, state: cpu.Halted, eip: u32(0)},
	tc{name: "hlt in a subroutine leaves the stack", src: "call f\nprn 1\nf: hlt", steps: 2, state: cpu.Halted, eip: u32(4), depth: 1},
	tc{name: "the end of the code ends normally", src: "prn 1\nprn 2", out: "1\n2\n", steps: 2, eip: u32(4)},
)

func TestOutputAndHalt(t *testing.T) { runCases(t, outputCases) }
