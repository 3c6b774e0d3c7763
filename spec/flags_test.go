package spec

import (
	"fmt"
	"testing"

	"cpu32/isa"
)

const (
	zf = isa.ZF
	sf = isa.SF
	of = isa.OF
	cf = isa.CF
)

// cmp sets ZF, SF, OF and CF exactly as x86 cmp does for the 32-bit a - b,
// and replaces the whole flags word.
var cmpCases = cases(
	tc{name: "cmp equal", src: "cmp 11, 11", steps: 1, flags: fl(zf)},
	tc{name: "cmp greater", src: "cmp 8, 4", steps: 1, flags: fl(0)},
	tc{name: "cmp less", src: "cmp 3, 6", steps: 1, flags: fl(sf | cf)},
	tc{name: "cmp 1, 2 sets SF and CF", src: "cmp 1, 2", steps: 1, flags: fl(sf | cf)},
	tc{name: "cmp 0, 0", src: "cmp 0, 0", steps: 1, flags: fl(zf)},
	tc{name: "cmp 0, 1", src: "cmp 0, 1", steps: 1, flags: fl(sf | cf)},
	tc{name: "cmp 5, 0", src: "cmp 5, 0", steps: 1, flags: fl(0)},
	tc{name: "cmp -1, -1", src: "cmp -1, -1", steps: 1, flags: fl(zf)},
	tc{name: "cmp -1, 1: signed less, unsigned above", src: "cmp -1, 1", steps: 1, flags: fl(sf)},
	tc{name: "cmp 1, -1: signed greater, unsigned below", src: "cmp 1, -1", steps: 1, flags: fl(cf)},
	tc{name: "cmp 0x7FFFFFFF, -1 overflows", src: "cmp 0x7FFFFFFF, -1", steps: 1, flags: fl(sf | of | cf)},
	tc{name: "cmp 0x80000000, 1 overflows", src: "cmp 0x80000000, 1", steps: 1, flags: fl(of)},
	tc{name: "cmp 0, 0x80000000 overflows", src: "cmp 0, 0x80000000", steps: 1, flags: fl(sf | of | cf)},
	tc{name: "cmp smallest with itself", src: "cmp -2147483648, -2147483648", steps: 1, flags: fl(zf)},
	tc{name: "cmp -2, -1", src: "cmp -2, -1", steps: 1, flags: fl(sf | cf)},
	tc{name: "cmp registers equal", src: "mov eax, 1\nmov ebx, 1\ncmp eax, ebx", steps: 3, flags: fl(zf), regs: regs{eax: 1, ebx: 1}},
	tc{name: "cmp registers unequal", src: "mov eax, 1\nmov ebx, 2\ncmp eax, ebx", steps: 3, flags: fl(sf | cf)},
	tc{name: "cmp register to literal", src: "mov edx, 2\ncmp edx, 2", steps: 2, flags: fl(zf)},
	tc{name: "cmp literal to register", src: "mov ecx, 2\ncmp 7, ecx", steps: 2, flags: fl(0)},
	tc{name: "cmp memory to memory", src: "mov [40], 3\nmov [41], 9\ncmp [40], [41]", steps: 3, flags: fl(sf | cf)},
	tc{name: "cmp stores nothing", src: "mov eax, 5\ncmp eax, 3", steps: 2, regs: regs{eax: 5, rem: 0}, flags: fl(0)},
	tc{name: "cmp replaces the whole flags word", src: "mov flags, 0xF0\ncmp 1, 1", steps: 2, flags: fl(zf)},
	tc{name: "cmp clears flags set before", src: "cmp 0x7FFFFFFF, -1\ncmp 2, 1", steps: 2, flags: fl(0)},
)

func TestCmp(t *testing.T) { runCases(t, cmpCases) }

// test sets ZF and SF from a AND b, clears OF and CF, stores nothing.
var testCases = cases(
	tc{name: "test with a zero result", src: "test 1, 2", steps: 1, flags: fl(zf)},
	tc{name: "test 0, 0", src: "test 0, 0", steps: 1, flags: fl(zf)},
	tc{name: "test with a positive result", src: "test 3, 1", steps: 1, flags: fl(0)},
	tc{name: "test with a negative result", src: "test -1, -1", steps: 1, flags: fl(sf)},
	tc{name: "test of the sign bit", src: "test 0x80000000, 0xFFFFFFFF", steps: 1, flags: fl(sf)},
	tc{name: "test clears OF and CF", src: "cmp 0x7FFFFFFF, -1\ntest 1, 1", steps: 2, flags: fl(0)},
	tc{name: "test clears OF and CF and keeps SF", src: "cmp 0x7FFFFFFF, -1\ntest -1, 0x80000000", steps: 2, flags: fl(sf)},
	tc{name: "test registers and memory, storing nothing", src: "mov eax, 6\nmov [40], 3\ntest eax, [40]", steps: 3, regs: regs{eax: 6}, mem: mems{40: 3}, flags: fl(0)},
	tc{name: "test a register with itself", src: "test eax, eax", steps: 1, flags: fl(zf)},
)

func TestTest(t *testing.T) { runCases(t, testCases) }

// Every instruction but cmp, test and popf (and writes of address 8) leaves
// the flags alone, whatever its result.
var flagsKeptCases = func() []tc {
	ops := []struct{ name, src string }{
		{"add that overflows", "mov eax, 0x7FFFFFFF\nadd eax, 1"},
		{"add to zero", "mov eax, -1\nadd eax, 1"},
		{"sub to zero", "mov eax, 1\nsub eax, 1"},
		{"sub below zero", "sub eax, 1"},
		{"mul", "mov eax, 0x10000\nmul eax, 0x10000"},
		{"div", "mov eax, 1\ndiv eax, 2"},
		{"mod", "mod 4, 2"},
		{"rem", "rem eax"},
		{"inc", "mov eax, -1\ninc eax"},
		{"dec", "mov eax, 1\ndec eax"},
		{"and", "and eax, 0"},
		{"or", "or eax, -1"},
		{"xor", "xor eax, eax"},
		{"not", "not eax"},
		{"shl", "mov eax, 1\nshl eax, 31"},
		{"shr", "shr eax, 1"},
		{"mov", "mov eax, 0"},
		{"push and pop", "push 0\npop eax"},
		{"prn", "prn 0"},
		{"nop", "nop"},
	}
	var cs []tc
	for _, before := range []struct {
		cmp   string
		flags uint32
	}{{"cmp 1, 2", sf | cf}, {"cmp 1, 1", zf}, {"cmp 0x80000000, 1", of}} {
		for _, o := range ops {
			src := before.cmp + "\n" + o.src
			out := ""
			if o.name == "prn" {
				out = "0\n"
			}
			cs = append(cs, tc{name: fmt.Sprintf("%s keeps the flags of %s", o.name, before.cmp), src: src, out: out,
				steps: uint64(len(mnemonicsIn(src))), flags: fl(before.flags)})
		}
	}
	return cases(cs...)
}()

func TestOtherInstructionsKeepTheFlags(t *testing.T) { runCases(t, flagsKeptCases) }

// popf and writes to address 8 store any word; pushf pushes it whole; the
// jumps look only at the four flag bits.
var flagsWordCases = cases(
	tc{name: "pushf pushes the flags word", src: "cmp 1, 2\npushf\npop eax", steps: 3, regs: regs{eax: int32(sf | cf)}, flags: fl(sf | cf)},
	tc{name: "popf pops the flags word", src: "push 5\npopf", steps: 2, flags: fl(5), depth: 0},
	tc{name: "popf restores flags saved by pushf", src: "cmp 1, 1\npushf\ncmp 1, 2\npopf", steps: 4, flags: fl(zf)},
	tc{name: "popf stores any word", src: "push 0xFFFFFFF0\npopf\npushf\npop eax", steps: 4, flags: fl(0xFFFFFFF0), regs: regs{eax: -16}},
	tc{name: "mov to address 8 stores any word", src: "mov [8], 0x12345", steps: 1, flags: fl(0x12345)},
	tc{name: "mov to flags by name", src: "mov flags, 15\nmov eax, [8]", steps: 2, flags: fl(15), regs: regs{eax: 15}},
	tc{name: "jumps ignore bits above the four flags: je", src: "push 0xFFFFFFF0\npopf\nje skip\nprn 1\nskip: prn 2", out: "1\n2\n", steps: 5},
	tc{name: "jumps ignore bits above the four flags: jne", src: "push 0xFFFFFFF0\npopf\njne skip\nprn 1\nskip: prn 2", out: "2\n", steps: 4},
	tc{name: "jumps ignore bits above the four flags: jl", src: "mov flags, 0xFFFFFFF2\njl skip\nprn 1\nskip: prn 2", out: "2\n", steps: 3},
	tc{name: "all four flags: jl is not taken when SF = OF", src: "mov flags, 15\njl skip\nprn 1\nskip: prn 2", out: "1\n2\n", steps: 4},
	tc{name: "all four flags: jbe is taken", src: "mov flags, 15\njbe skip\nprn 1\nskip: prn 2", out: "2\n", steps: 3},
)

func TestFlagsWord(t *testing.T) { runCases(t, flagsWordCases) }
