package spec

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/image"
)

// .data and .text, dd and resd, and the values of labels.
var dataCases = cases(
	tc{name: "dd numbers from 32", src: "section .data\nx: dd 1, 2, 3\nsection .text\nmov eax, [x]\nmov ebx, [x+2]\nmov ecx, x",
		steps: 3, regs: regs{eax: 1, ebx: 3, ecx: 32}, mem: mems{32: 1, 33: 2, 34: 3, 35: 0}},
	tc{name: ".data and .text without section", src: ".data\nx: dd 7\n.text\nmov eax, [x]", steps: 1, regs: regs{eax: 7}},
	tc{name: "dd characters", src: ".data\nc: dd 'A', '\\n', 'z'\n.text\nnop", steps: 1, mem: mems{32: 65, 33: 10, 34: 122}},
	tc{name: "dd a string: one word per character, no terminator", src: ".data\ns: dd \"hi\"\nt: dd 5\n.text\nmov eax, t",
		steps: 1, regs: regs{eax: 34}, mem: mems{32: 'h', 33: 'i', 34: 5}},
	tc{name: "dd a string with escapes and a 0", src: ".data\ns: dd \"a\\tb\\n\", 0\n.text\nnop", steps: 1, mem: mems{32: 'a', 33: 9, 34: 'b', 35: 10, 36: 0}},
	tc{name: "dd a string of non-ASCII characters", src: ".data\ns: dd \"é☺\"\n.text\nprc [s]\nprc [s+1]", out: "é☺", steps: 2, mem: mems{32: 0xE9, 33: 0x263A}},
	tc{name: "comment characters inside a dd string", src: ".data\ns: dd \"a;b#c\" ; a comment\n.text\nprc [s+1]\nprc [s+3] # another", out: ";#", steps: 2,
		mem: mems{32: 'a', 33: ';', 34: 'b', 35: '#', 36: 'c', 37: 0}},
	tc{name: "dd a single-quoted string", src: ".data\ns: dd 'ab'\n.text\nnop", steps: 1, mem: mems{32: 'a', 33: 'b'}},
	tc{name: "dd negative numbers and range limits", src: ".data\nd: dd -1, -2147483648, 4294967295, 0x80000000\n.text\nnop",
		steps: 1, mem: mems{32: -1, 33: -2147483648, 34: -1, 35: -2147483648}},
	tc{name: "dd mixes numbers, characters and strings", src: ".data\nd: dd 1, 'x', \"yz\", 2\n.text\nnop", steps: 1, mem: mems{32: 1, 33: 'x', 34: 'y', 35: 'z', 36: 2}},
	tc{name: "dd a label's value", src: ".data\na: dd 5\np: dd a, f\n.text\nnop\nf: nop", steps: 2, mem: mems{33: 32, 34: 1}},
	tc{name: "dd an expression", src: "%define N 4\n.data\nd: dd N+1, 'a'-1\n.text\nnop", steps: 1, mem: mems{32: 5, 33: 96}},
	tc{name: "resd reserves zero words", src: ".data\nbuf: resd 4\nafter: dd 7\n.text\nmov eax, after\nmov ebx, [buf+3]\nmov ecx, [36]",
		steps: 3, regs: regs{eax: 36, ebx: 0, ecx: 7}},
	tc{name: "resd 0", src: ".data\na: resd 0\nb: dd 1\n.text\nmov eax, a\nmov ebx, b", steps: 2, regs: regs{eax: 32, ebx: 32}},
	tc{name: "resd of a defined count", src: "%define SIZE 3\n.data\nbuf: resd SIZE\nend: dd 0\n.text\nmov eax, end", steps: 1, regs: regs{eax: 35}},
	tc{name: "data labels count words", src: ".data\na: dd 1\nb: dd 2, 3\nc: dd \"four\"\nd: dd 4\n.text\nprn a\nprn b\nprn c\nprn d",
		out: "32\n33\n35\n39\n", steps: 4},
	tc{name: "data is laid out in source order across sections",
		src: ".data\na: dd 1\n.text\nmov eax, a\n.data\nb: dd 2\n.text\nmov ebx, b\nmov ecx, [b]", steps: 3, regs: regs{eax: 32, ebx: 33, ecx: 2}},
	tc{name: "a data label on its own line", src: ".data\nx:\n  dd 9\n.text\nmov eax, [x]", steps: 1, regs: regs{eax: 9}},
	tc{name: "code labels are instruction addresses", src: "a: nop\nb: mov eax, b\nc: prn c\nd: prn d", out: "4\n6\n", steps: 4, regs: regs{eax: 1}},
	tc{name: "a code label alone on its line labels the next instruction", src: "nop\nx:\n\nprn x", out: "1\n", steps: 2},
	tc{name: "two labels on one instruction", src: "nop\na: b: prn a\nprn b", out: "1\n1\n", steps: 3},
	tc{name: "a label may be used before it is defined", src: "prn later\nlater: nop", out: "2\n", steps: 2},
	tc{name: "the greet example", src: "section .data\nname:   dd \"cpu32\", 0\nsection .text\nstart:  mov esi, name\nnext:   mov eax, [esi]\n" +
		"        cmp eax, 0\n        je done\n        prc eax\n        inc esi\n        jmp next\ndone:   prc 10\n        prn name",
		out: "cpu32\n32\n", steps: 36, eip: u32(21), flags: fl(zf), regs: regs{eax: 0, esi: 37, esp: base}},
)

func TestData(t *testing.T) { runCases(t, dataCases) }

// The assembler's program: data words, entry point, and a program with no
// data has none.
func TestProgramLayout(t *testing.T) {
	p := assemble(t, ".data\nx: dd 1, 2\ny: resd 2\n.text\nnop\nstart: prn x")
	require.Equal(t, []uint32{1, 2, 0, 0}, p.Data)
	require.Equal(t, uint32(1), p.Entry)
	require.Equal(t, image.DataBase, 32)

	p = assemble(t, "nop")
	require.Empty(t, p.Data)
	require.Equal(t, uint32(0), p.Entry)
}
