package spec

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
)

// Every way of writing a number: each snippet leaves its value in eax.
var numberCases = cases(
	tc{name: "decimal", src: "mov eax, 31", steps: 1, regs: regs{eax: 31}},
	tc{name: "decimal with leading zeros", src: "mov eax, 007", steps: 1, regs: regs{eax: 7}},
	tc{name: "negative decimal", src: "mov eax, -31", steps: 1, regs: regs{eax: -31}},
	tc{name: "0x hex", src: "mov eax, 0x1F", steps: 1, regs: regs{eax: 31}},
	tc{name: "0x hex in lower case", src: "mov eax, 0x1f", steps: 1, regs: regs{eax: 31}},
	tc{name: "h suffix", src: "mov eax, 1Fh", steps: 1, regs: regs{eax: 31}},
	tc{name: "H suffix", src: "mov eax, 1FH", steps: 1, regs: regs{eax: 31}},
	tc{name: "h suffix in lower case", src: "mov eax, 1fh", steps: 1, regs: regs{eax: 31}},
	tc{name: "h suffix with a leading 0", src: "mov eax, 0ffh", steps: 1, regs: regs{eax: 255}},
	tc{name: "ffh is a label, not a number", src: "jmp x\nffh: nop\nx: mov eax, ffh", steps: 2, regs: regs{eax: 2}},
	tc{name: "0b binary", src: "mov eax, 0b101", steps: 1, regs: regs{eax: 5}},
	tc{name: "tinyvm hex 1F|h", src: "mov eax, 1F|h", steps: 1, regs: regs{eax: 31}},
	tc{name: "tinyvm hex 1f|h", src: "mov eax, 1f|h", steps: 1, regs: regs{eax: 31}},
	tc{name: "tinyvm binary 101|b", src: "mov eax, 101|b", steps: 1, regs: regs{eax: 5}},
	tc{name: "tinyvm hex may start with a letter: ff|h", src: "mov eax, ff|h\nmov ebx, [a|h]", steps: 2, regs: regs{eax: 255}},
	tc{name: "tinyvm hex FF|h beside a label ff", src: "ff: mov eax, FF|h\nprn ff", out: "0\n", steps: 2, regs: regs{eax: 255}},
	tc{name: "a hex suffix wins over a binary prefix", src: "mov eax, 0b1h", steps: 1, regs: regs{eax: 0xB1}},
	tc{name: "negative hex", src: "mov eax, -0x10", steps: 1, regs: regs{eax: -16}},
	tc{name: "the largest number", src: "mov eax, 4294967295", steps: 1, regs: regs{eax: -1}},
	tc{name: "the largest hex number", src: "mov eax, 0xFFFFFFFF", steps: 1, regs: regs{eax: -1}},
	tc{name: "the smallest number", src: "mov eax, -2147483648", steps: 1, regs: regs{eax: -2147483648}},
	tc{name: "2^31 wraps to the smallest signed", src: "mov eax, 2147483648", steps: 1, regs: regs{eax: -2147483648}},
	tc{name: "character", src: "mov eax, 'A'", steps: 1, regs: regs{eax: 65}},
	tc{name: "character digit", src: "mov eax, '0'", steps: 1, regs: regs{eax: 48}},
	tc{name: "character space", src: "mov eax, ' '", steps: 1, regs: regs{eax: 32}},
	tc{name: "escape \\n", src: `mov eax, '\n'`, steps: 1, regs: regs{eax: 10}},
	tc{name: "escape \\t", src: `mov eax, '\t'`, steps: 1, regs: regs{eax: 9}},
	tc{name: "escape \\r", src: `mov eax, '\r'`, steps: 1, regs: regs{eax: 13}},
	tc{name: "escape \\0", src: `mov eax, 7` + "\n" + `mov eax, '\0'`, steps: 2, regs: regs{eax: 0}},
	tc{name: "escape \\\\", src: `mov eax, '\\'`, steps: 1, regs: regs{eax: 92}},
	tc{name: "escape \\'", src: `mov eax, '\''`, steps: 1, regs: regs{eax: 39}},
	tc{name: "escape \\\"", src: `mov eax, '\"'`, steps: 1, regs: regs{eax: 34}},
	tc{name: "a double quote unescaped in a character", src: `mov eax, '"'`, steps: 1, regs: regs{eax: 34}},
	tc{name: "a non-ASCII character is its code point", src: "mov eax, '☺'\nprc eax", out: "☺", steps: 2, regs: regs{eax: 0x263A}},
	tc{name: "a sum of constants", src: "mov eax, 2+3-1", steps: 1, regs: regs{eax: 4}},
	tc{name: "a character plus a number", src: "mov eax, 'A'+1", steps: 1, regs: regs{eax: 66}},
	tc{name: "numbers everywhere an immediate goes", src: "push 0x10\npop eax\ncmp 1Fh, 31\nprn 101|b\nmod 0b111, 1F|h", out: "5\n", steps: 5,
		regs: regs{eax: 16, rem: 7}, flags: fl(zf)},
)

func TestNumbers(t *testing.T) { runCases(t, numberCases) }

// Comments, labels, case, layout, %define and %include.
var syntaxCases = cases(
	tc{name: "comments with # and ;", src: "# a comment\n; another\nmov eax, 1 ; after an instruction\nmov ebx, 2 # after an instruction\n   ; indented",
		steps: 2, regs: regs{eax: 1, ebx: 2}},
	tc{name: "comment characters inside quotes are characters", src: "prc ';'\nprc '#'\nprc 10", out: ";#\n", steps: 3},
	tc{name: "a comment right after a label", src: "l:; comment\nprn l", out: "0\n", steps: 1},
	tc{name: "blank lines, tabs and extra spaces", src: "\n\t mov   eax ,  5\t\n\n\tprn\teax\n\n", out: "5\n", steps: 2},
	tc{name: "CRLF line endings", src: "mov eax, 5\r\nprn eax\r\n", out: "5\n", steps: 2},
	tc{name: "labels may hold digits and underscores", src: "_a1: nop\nloop_2: prn _a1\nB_: prn loop_2", out: "0\n1\n", steps: 3},
	tc{name: "labels are case-sensitive", src: "jmp Loop\nloop: prn 1\nLoop: prn 2", out: "2\n", steps: 2},
	tc{name: "a label that merely starts like a register or mnemonic", src: "eaxx: nop\nmovie: nop\nprn movie", out: "1\n", steps: 3},
	tc{name: "upper-case mnemonics and registers", src: "MOV EAX, 5\nPRN EAX\nPUSH EAX\nPOP EBX\nJMP END\nNOP\nEND: HLT", out: "5\n", steps: 6,
		state: cpu.Halted, eip: u32(12), regs: regs{ebx: 5}},
	tc{name: "mixed-case mnemonics and registers", src: "Mov Eax, 5\nmOV [Esi+40], eAX\npRn [40]", out: "5\n", steps: 3},
	tc{name: "upper-case section names", src: "SECTION .DATA\nx: DD 3\nSECTION .TEXT\nPRN [x]", out: "3\n", steps: 1},
	tc{name: "%define a number", src: "%define N 10\nmov eax, N\nprn N", out: "10\n", steps: 2, regs: regs{eax: 10}},
	tc{name: "%define in a memory operand", src: "%define BUF 40\nmov [BUF], 3\nmov esi, 1\nmov [BUF+esi], 4\nprn [BUF+1]", out: "4\n", steps: 4, mem: mems{40: 3}},
	tc{name: "%define a character and a hex number", src: "%define NL '\\n'\n%define MASK 0FFh\nmov eax, 1234h\nand eax, MASK\nprc NL", out: "\n", steps: 3,
		regs: regs{eax: 0x34}},
	tc{name: "%define a negative number", src: "%define M -3\nprn M", out: "-3\n", steps: 1},
	tc{name: "a %define'd divisor", src: "%define TWO 2\nmov eax, 9\ndiv eax, TWO\nmod eax, TWO", steps: 3, regs: regs{eax: 4, rem: 0}},
	tc{name: "the countdown example", src: `; counts down from 3, keeps a running sum in memory, compares signed and unsigned
start:  mov ecx, 3
        mov [40], 0
again:  prn ecx
        add [40], ecx
        dec ecx
        cmp ecx, 0
        jg again
        mov eax, -1
        cmp eax, 1
        jl signed_less          ; -1 < 1 as signed numbers: taken
        prn 100
signed_less:
        cmp eax, 1
        ja unsigned_above       ; 0xFFFFFFFF > 1 as unsigned numbers: taken
        prn 200
unsigned_above:
        prn [40]`, out: "3\n2\n1\n6\n", steps: 23, eip: u32(37), flags: fl(sf),
		regs: regs{eax: -1, ebx: 0, ecx: 0, edx: 0, esp: base, ebp: base, rem: 0, esi: 0, edi: 0}},
	tc{name: "the underflow example", src: "; a ret with nothing on the stack faults; the output printed before it is kept\n        prn 1\n        push 5\n        pop eax\n        ret\n        prn 2",
		out: "1\n", steps: 3, fault: cpu.StackUnderflow, eip: u32(6), flags: fl(0), regs: regs{eax: 5, esp: base, ebp: base}},
)

func TestSyntax(t *testing.T) { runCases(t, syntaxCases) }

// %include in every form: "file", 'file' and tinyvm's unquoted file, looked
// up beside the including file, then in the current directory.
func TestInclude(t *testing.T) {
	const main = "testdata/include/main.asm"
	p, err := assembler.Assemble(main, readTestdata(t, "include/main.asm"), assembler.Options{})
	require.NoError(t, err)
	r := runProgram(t, p, cpu.Config{})
	require.Equal(t, cpu.Ended, r.state)
	require.Equal(t, "1\n2\n3\n4\n5\n", r.out)
	require.Equal(t, uint64(7), r.steps)

	// The included code sits where it was included, and the debug
	// information names the file each instruction came from.
	require.Equal(t, uint32(3), p.Entry, "print_three (prn, ret) comes first")
	file, line, ok := p.Debug.Where(0)
	require.True(t, ok)
	require.Equal(t, "testdata/include/lib/nested.asm", file)
	require.Equal(t, 2, line)
	file, line, ok = p.Debug.Where(p.Entry)
	require.True(t, ok)
	require.Equal(t, main, file)
	require.Equal(t, 6, line)
}

// AssembleFile reads the file itself and names it as given.
func TestAssembleFile(t *testing.T) {
	p, err := assembler.AssembleFile("testdata/include/main.asm", assembler.Options{})
	require.NoError(t, err)
	r := runProgram(t, p, cpu.Config{})
	require.Equal(t, "1\n2\n3\n4\n5\n", r.out)
}
