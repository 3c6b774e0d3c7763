package assembler

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMistakesGolden checks the contract's worked example byte for byte,
// apart from the "did you mean" hint, which the examples leave free.
func TestMistakesGolden(t *testing.T) {
	src, err := os.ReadFile("testdata/mistakes.asm")
	require.NoError(t, err)
	want, err := os.ReadFile("testdata/mistakes.golden")
	require.NoError(t, err)
	p, err := Assemble("mistakes.asm", src, Options{})
	require.Nil(t, p)
	require.Equal(t, string(want), err.Error()+"\n")
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
		raw             bool
	}{
		{"literal destination", "mov 5, eax", "t.asm:1:5: destination must be a register or a memory operand\nmov 5, eax\n    ^", false},
		{"caret copies tabs", "\t mov\t5, eax", "t.asm:1:7: destination must be a register or a memory operand\n\t mov\t5, eax\n\t    \t^", false},
		{"column counts characters", "prc 'é' ; é\nmov 5, 'é'", "t.asm:2:5: destination must be a register or a memory operand\nmov 5, 'é'\n    ^", false},
		{"undefined name", "jmp nowhere", "t.asm:1:5: undefined name 'nowhere'\njmp nowhere\n    ^", false},
		{"undefined name hint", "loop: nop\njmp lopp", "t.asm:2:5: undefined name 'lopp' (did you mean 'loop'?)\njmp lopp\n    ^", false},
		{"undefined name case hint", "Loop: nop\njmp LOOP", "t.asm:2:5: undefined name 'LOOP' (did you mean 'Loop'?)\njmp LOOP\n    ^", false},
		{"undefined in memory", "mov eax, [buf+ecx]", "t.asm:1:11: undefined name 'buf'\nmov eax, [buf+ecx]\n          ^", false},
		{"unknown instruction transposed", "mvo eax, 1", "t.asm:1:1: unknown instruction 'mvo' (did you mean 'mov'?)\nmvo eax, 1\n^", false},
		{"unknown instruction extra letter", "  movv eax, 1", "t.asm:1:3: unknown instruction 'movv' (did you mean 'mov'?)\n  movv eax, 1\n  ^", false},
		{"unknown instruction far", "frobnicate eax", "t.asm:1:1: unknown instruction 'frobnicate'\nfrobnicate eax\n^", false},
		{"label without colon", "loop\n", "t.asm:1:1: unknown instruction 'loop' (missing ':' after a label?)\nloop\n^", false},
		{"too few operands", "mov eax", "t.asm:1:1: mov takes 2 operands (mov dst, src), found 1\nmov eax\n^", false},
		{"too many operands", "prn 1, 2", "t.asm:1:8: prn takes 1 operand (prn src), found 2\nprn 1, 2\n       ^", false},
		{"no operands", "ret 1", "t.asm:1:5: cpu32's ret pops only the return address: drop the arguments after the call with 'add esp, 1' (a stack slot is one word)\nret 1\n    ^", false},
		{"alias in count", "jz", "t.asm:1:1: jz takes 1 operand (jz target), found 0\njz\n^", false},
		{"missing operand at end", "mov eax,", "t.asm:1:9: missing operand\nmov eax,\n        ^", false},
		{"missing operand before comma", "mov , eax", "t.asm:1:5: missing operand\nmov , eax\n    ^", false},
		{"missing comma", "mov eax 5", "t.asm:1:9: unexpected '5' (missing ','?)\nmov eax 5\n        ^", false},
		{"junk after operand", "mov eax, 5 ]", "t.asm:1:12: unexpected ']'\nmov eax, 5 ]\n           ^", false},
		{"unclosed bracket", "mov eax, [ebx", "t.asm:1:14: missing ']'\nmov eax, [ebx\n             ^", false},
		{"junk in bracket", "mov eax, [ebx 1]", "t.asm:1:15: unexpected '1' in a memory operand (expected ']')\nmov eax, [ebx 1]\n              ^", false},
		{"empty bracket", "mov eax, []", "t.asm:1:10: empty memory operand\nmov eax, []\n         ^", false},
		{"two registers", "mov eax, [eax+ebx]", "t.asm:1:15: an operand may use only one register\nmov eax, [eax+ebx]\n              ^", false},
		{"subtracted register", "mov eax, [10-ebx]", "t.asm:1:14: a register cannot be subtracted\nmov eax, [10-ebx]\n             ^", false},
		{"register sum outside brackets", "mov eax, ebx+1", "t.asm:1:10: a register can be added to a constant only inside [ ], as in [esi+3]\nmov eax, ebx+1\n         ^", false},
		{"operator without term", "mov eax, 1+", "t.asm:1:12: unexpected end of line (expected a number, a name or a register)\nmov eax, 1+\n           ^", false},
		{"number too big", "mov eax, 4294967296", "t.asm:1:10: number 4294967296 is out of range (-2147483648..4294967295)\nmov eax, 4294967296\n         ^", false},
		{"number too small", "mov eax, -2147483649", "t.asm:1:11: number -2147483649 is out of range (-2147483648..4294967295)\nmov eax, -2147483649\n          ^", false},
		{"hex too big", "push 100000000h", "t.asm:1:6: number 100000000h is out of range (-2147483648..4294967295)\npush 100000000h\n     ^", false},
		{"huge number", "push 99999999999999999999999999", "t.asm:1:6: number 99999999999999999999999999 is out of range (-2147483648..4294967295)\npush 99999999999999999999999999\n     ^", false},
		{"hex without prefix", "push 12ab", "t.asm:1:6: invalid number '12ab' (write hexadecimal as 0x12ab or 12abh)\npush 12ab\n     ^", false},
		{"bad number", "push 0x", "t.asm:1:6: invalid number '0x'\npush 0x\n     ^", false},
		{"bad binary", "push 0b102", "t.asm:1:6: invalid number '0b102'\npush 0b102\n     ^", false},
		{"bad tinyvm base", "push 12|q", "t.asm:1:6: invalid number '12|q' (tinyvm writes 1F|h or 101|b)\npush 12|q\n     ^", false},
		{"long char", "push 'ab'", "t.asm:1:6: a character literal holds exactly one character; a string is only allowed as a dd value\npush 'ab'\n     ^", false},
		{"empty char", "push ''", "t.asm:1:6: a character literal holds exactly one character; a string is only allowed as a dd value\npush ''\n     ^", false},
		{"unterminated char", "push 'a", "t.asm:1:6: unterminated character literal\npush 'a\n     ^", false},
		{"unterminated string", "section .data\ndd \"abc", "t.asm:2:4: unterminated string\ndd \"abc\n   ^", false},
		{"unterminated escape", `push '\`, "t.asm:1:6: unterminated character literal\npush '\\\n     ^", false},
		{"bad escape", `push '\q'`, "t.asm:1:7: unknown escape '\\q' (use \\n \\t \\r \\0 \\\\ \\' or \\\")\npush '\\q'\n      ^", false},
		{"unexpected character", "mov eax, @", "t.asm:1:10: unexpected character '@'\nmov eax, @\n         ^", false},
		{"lone percent", "% define", "t.asm:1:1: unexpected character '%'\n% define\n^", false},
		{"statement start", "[eax]", "t.asm:1:1: unexpected '[' (expected a label, an instruction or a directive)\n[eax]\n^", false},
		{"division by zero", "div eax, 0", "t.asm:1:10: division by a literal 0\ndiv eax, 0\n         ^", false},
		{"mod by defined zero", "%define Z 0\nmod eax, Z", "t.asm:2:10: division by a literal 0\nmod eax, Z\n         ^", false},
		{"mod by zero expression", "mod 5, 2-2", "t.asm:1:8: division by a literal 0\nmod 5, 2-2\n       ^", false},
		{"duplicate label", "x: nop\n  x: nop", "t.asm:2:3: label 'x' already defined at t.asm:1\n  x: nop\n  ^", false},
		{"register label", "EAX: nop", "t.asm:1:1: 'EAX' is a register name and cannot be a label\nEAX: nop\n^", false},
		{"mnemonic label", "test: nop", "t.asm:1:1: 'test' is an instruction name and cannot be a label\ntest: nop\n^", false},
		{"directive label", "dd: nop", "t.asm:1:1: 'dd' is a directive name and cannot be a label\ndd: nop\n^", false},
		{"define twice", "%define N 1\n%define N 2", "t.asm:2:9: 'N' already defined by %define at t.asm:1\n%define N 2\n        ^", false},
		{"define clashes with label", "N: nop\n%define N 2", "t.asm:2:9: 'N' already defined as a label at t.asm:1\n%define N 2\n        ^", false},
		{"label clashes with define", "%define N 2\nN: nop", "t.asm:2:1: 'N' already defined by %define at t.asm:1\nN: nop\n^", false},
		{"define register", "%define eax 1", "t.asm:1:9: 'eax' is a register name and cannot be defined\n%define eax 1\n        ^", false},
		{"define without value", "%define N", "t.asm:1:10: %define N needs a value\n%define N\n         ^", false},
		{"define without name", "%define", "t.asm:1:8: unexpected end of line (expected a name after %define)\n%define\n       ^", false},
		{"define two values", "%define N 1 2", "t.asm:1:13: unexpected '2' (a %define value is one number)\n%define N 1 2\n            ^", false},
		{"define label value", "x: nop\n%define N x", "t.asm:2:11: 'x' is a label; a %define value must be a number or a %defined name\n%define N x\n          ^", false},
		{"define later name", "%define N M\n%define M 1", "t.asm:1:11: undefined name 'M' (a %define value may only use numbers and names %defined above it)\n%define N M\n          ^", false},
		{"define register value", "%define N eax", "t.asm:1:11: a %define value must be a number\n%define N eax\n          ^", false},
		{"unknown directive", "%macro x", "t.asm:1:1: unknown directive '%macro' (cpu32 has %include and %define)\n%macro x\n^", false},
		{"unknown section", "section .bss", "t.asm:1:9: unknown section '.bss' (cpu32 has .text and .data)\nsection .bss\n        ^", false},
		{"section without name", "section data", "t.asm:1:9: unexpected 'data' (expected .text or .data)\nsection data\n        ^", false},
		{"junk after dd", ".data\ndd 1 2", "t.asm:2:6: unexpected '2' (missing ','?)\ndd 1 2\n     ^", false},
		{"label before instruction without colon", "again mov eax, 1", "t.asm:1:1: unknown instruction 'again' (missing ':' after a label?)\nagain mov eax, 1\n^", false},
		{"junk after section", ".data x", "t.asm:1:7: unexpected 'x'\n.data x\n      ^", false},
		{"instruction in data", "section .data\n  mov eax, 1", "t.asm:2:3: instruction 'mov' in the .data section (switch back with 'section .text')\n  mov eax, 1\n  ^", false},
		{"dd in text", "x: dd 1", "t.asm:1:4: dd outside the .data section (put 'section .data' before it)\nx: dd 1\n   ^", false},
		{"resd in text", "resd 1", "t.asm:1:1: resd outside the .data section (put 'section .data' before it)\nresd 1\n^", false},
		{"empty dd", ".data\ndd", "t.asm:2:3: dd needs at least one value\ndd\n  ^", false},
		{"register in dd", ".data\ndd 1, eax", "t.asm:2:7: a dd value must be a constant, not a register or memory operand\ndd 1, eax\n      ^", false},
		{"undefined in dd", ".data\ndd 1, x", "t.asm:2:7: undefined name 'x'\ndd 1, x\n      ^", false},
		{"negative resd", ".data\nresd -1", "t.asm:2:6: resd count -1 is negative\nresd -1\n     ^", false},
		{"resd label", ".data\nx: resd x", "t.asm:2:9: 'x' is a label; a resd count must be a number or a %defined name\nx: resd x\n        ^", false},
		{"resd too big", ".data\nresd 4000000000", "t.asm:2:6: too much data: more than 268435424 words\nresd 4000000000\n     ^", false},
		{"resd without count", ".data\nresd", "t.asm:2:5: resd needs a count\nresd\n    ^", false},
		{"start in data", ".data\nstart: dd 1", "t.asm:2:1: 'start' is the entry point, so it must label an instruction\nstart: dd 1\n^", false},
		{"displacement too big", "mov eax, [ebp+200000000]", "t.asm:1:10: displacement 200000000 does not fit in a register-relative operand (-134217728..134217727)\nmov eax, [ebp+200000000]\n         ^", false},
		{"missing include", "nop\n%include \"missing.asm\"", "t.asm:2:10: cannot find included file 'missing.asm' (looked for missing.asm)\n%include \"missing.asm\"\n         ^", false},
		{"missing include unquoted", "%include lib/missing.asm ; x", "t.asm:1:10: cannot find included file 'lib/missing.asm' (looked for lib/missing.asm)\n%include lib/missing.asm ; x\n         ^", false},
		{"include without name", "%include", "t.asm:1:9: %include needs a file name\n%include\n        ^", false},
		{"include junk", "%include 'a' 'b'", "t.asm:1:14: unexpected character 'b' after the file name\n%include 'a' 'b'\n             ^", false},
		{"raw data", "section .data\nx: dd 1", "t.asm:1:9: a raw program cannot have a .data section (assemble to an image instead)\nsection .data\n        ^", true},
		{"raw bare data", "nop\n.data", "t.asm:2:1: a raw program cannot have a .data section (assemble to an image instead)\n.data\n^", true},
		{"NUL byte", "nop\nab\x00c\nfoo", "t.asm:2:3: t.asm is not a text file (it holds a NUL byte)\nab\n  ^", false},
		{"invalid UTF-8", "nop\nprn 'é'\x80", "t.asm:2:8: t.asm is not a text file (it is not valid UTF-8)\nprn 'é'\n       ^", false},
		{"image file", "CPU32IMG\x01\x00\x00\x00\xff\xfe", "t.asm:1:10: t.asm is not a text file (it holds a NUL byte)\nCPU32IMG\\x01\n            ^", false},
		{"one error per line", "mov 5, nowhere", "t.asm:1:5: destination must be a register or a memory operand\nmov 5, nowhere\n    ^", false},
		{"errors sorted by line", "jmp a\nmov 1, 2\njmp b", "t.asm:1:5: undefined name 'a'\njmp a\n    ^\nt.asm:2:5: destination must be a register or a memory operand\nmov 1, 2\n    ^\nt.asm:3:5: undefined name 'b'\njmp b\n    ^", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Assemble("t.asm", []byte(tt.src), Options{Raw: tt.raw, ReadFile: files{}.read})
			require.Nil(t, p)
			var list ErrorList
			require.ErrorAs(t, err, &list)
			require.Equal(t, tt.want, err.Error())
		})
	}
}

// TestErrorsAcrossFiles checks that errors come in the order the files were
// first read, then by line.
func TestErrorsAcrossFiles(t *testing.T) {
	fsys := files{"b.asm": "foo\n"}
	_, err := Assemble("m.asm", []byte("nop\n%include \"b.asm\"\njmp x\nmov 1, 1\n"), Options{ReadFile: fsys.read})
	// In reading order: b.asm's error where line 2 includes it, though
	// the undefined name is found only in pass two.
	require.EqualError(t, err, "b.asm:1:1: unknown instruction 'foo' (missing ':' after a label?)\nfoo\n^\n"+
		"m.asm:3:5: undefined name 'x'\njmp x\n    ^\n"+
		"m.asm:4:5: destination must be a register or a memory operand\nmov 1, 1\n    ^")
}

func TestPosAndErrorText(t *testing.T) {
	require.Equal(t, "f:1:2", Pos{File: "f", Line: 1, Col: 2}.String())
	require.Equal(t, "f:3", Pos{File: "f", Line: 3}.String())
	// A column past the end of the line puts the caret after it.
	e := &Error{Pos: Pos{File: "f", Line: 1, Col: 6}, Msg: "m", Text: "\tab"}
	require.Equal(t, "f:1:6: m\n\tab\n\t    ^", e.Error())
}
