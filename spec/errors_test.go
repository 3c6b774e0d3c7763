package spec

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
)

// errCase is a source that must not assemble and the exact diagnostics it
// gets: "file:line:col: message", the source line, and a caret under the
// column, for each error, in order.
type errCase struct {
	name string
	bad  string // the source, assembled as spec.asm
	raw  bool   // assemble for a raw word stream
	want string
}

// diag builds the expected text of one error in spec.asm: the caret line
// repeats the tabs of the source line before the column, which counts
// characters.
func diag(line, col int, msg, text string) string {
	var caret strings.Builder
	for i, r := range []rune(text + strings.Repeat(" ", col)) {
		if i >= col-1 {
			break
		}
		if r == '\t' {
			caret.WriteByte('\t')
		} else {
			caret.WriteByte(' ')
		}
	}
	return fmt.Sprintf("spec.asm:%d:%d: %s\n%s\n%s^", line, col, msg, text, caret.String())
}

var errorCases = []errCase{
	// A literal destination.
	{name: "mov to a literal", bad: "mov 5, eax",
		want: "spec.asm:1:5: destination must be a register or a memory operand\nmov 5, eax\n    ^"},
	{name: "inc of a literal", bad: "inc 8", want: diag(1, 5, "destination must be a register or a memory operand", "inc 8")},
	{name: "pop to a literal", bad: "pop 3", want: diag(1, 5, "destination must be a register or a memory operand", "pop 3")},
	{name: "rem to a literal", bad: "rem 8", want: diag(1, 5, "destination must be a register or a memory operand", "rem 8")},
	{name: "not of a literal", bad: "not 3", want: diag(1, 5, "destination must be a register or a memory operand", "not 3")},
	{name: "add to a label", bad: "l: add l, 1", want: diag(1, 8, "destination must be a register or a memory operand", "l: add l, 1")},
	{name: "sub from a character", bad: "sub 'a', eax", want: diag(1, 5, "destination must be a register or a memory operand", "sub 'a', eax")},

	// A literal 0 divisor.
	{name: "div by literal 0", bad: "div eax, 0", want: diag(1, 10, "division by a literal 0", "div eax, 0")},
	{name: "mod by literal 0", bad: "mod eax, 0", want: diag(1, 10, "division by a literal 0", "mod eax, 0")},
	{name: "mod of a literal by literal 0", bad: "mod 5, 0", want: diag(1, 8, "division by a literal 0", "mod 5, 0")},
	{name: "div by hex 0", bad: "div eax, 0x0", want: diag(1, 10, "division by a literal 0", "div eax, 0x0")},
	{name: "div by a constant sum of 0", bad: "div eax, 1-1", want: diag(1, 10, "division by a literal 0", "div eax, 1-1")},
	{name: "div by a %define'd 0", bad: "%define Z 0\ndiv eax, Z", want: diag(2, 10, "division by a literal 0", "div eax, Z")},

	// Undefined names.
	{name: "jump to an undefined label", bad: "jmp nowhere", want: diag(1, 5, "undefined name 'nowhere'", "jmp nowhere")},
	{name: "undefined name in a memory operand", bad: "mov eax, [buf+2]", want: diag(1, 11, "undefined name 'buf'", "mov eax, [buf+2]")},
	{name: "undefined name with a suggestion", bad: "loop: nop\njmp lop", want: diag(2, 5, "undefined name 'lop' (did you mean 'loop'?)", "jmp lop")},
	{name: "labels are case-sensitive", bad: "Loop: nop\njmp loop", want: diag(2, 5, "undefined name 'loop' (did you mean 'Loop'?)", "jmp loop")},
	{name: "undefined name in dd", bad: ".data\nd: dd missing", want: diag(2, 7, "undefined name 'missing'", "d: dd missing")},

	// Duplicate labels and defines.
	{name: "duplicate label", bad: "a: nop\na: nop", want: diag(2, 1, "label 'a' already defined at spec.asm:1", "a: nop")},
	{name: "duplicate label in data and code", bad: ".data\nx: dd 1\n.text\nx: nop", want: diag(4, 1, "label 'x' already defined at spec.asm:2", "x: nop")},
	{name: "%define twice", bad: "%define N 1\n%define N 2", want: diag(2, 9, "'N' already defined by %define at spec.asm:1", "%define N 2")},
	{name: "a label named like a %define", bad: "%define N 1\nN: nop", want: diag(2, 1, "'N' already defined by %define at spec.asm:1", "N: nop")},
	{name: "a %define named like a label", bad: "N: nop\n%define N 1", want: diag(2, 9, "'N' already defined as a label at spec.asm:1", "%define N 1")},

	// Wrong operand counts.
	{name: "mov with one operand", bad: "mov eax", want: diag(1, 1, "mov takes 2 operands (mov dst, src), found 1", "mov eax")},
	{name: "mov with none", bad: "mov", want: diag(1, 1, "mov takes 2 operands (mov dst, src), found 0", "mov")},
	{name: "add with three", bad: "add eax, 1, 2", want: diag(1, 13, "add takes 2 operands (add dst, src), found 3", "add eax, 1, 2")},
	{name: "push with none", bad: "push", want: diag(1, 1, "push takes 1 operand (push src), found 0", "push")},
	{name: "jmp with none", bad: "jmp", want: diag(1, 1, "jmp takes 1 operand (jmp target), found 0", "jmp")},
	{name: "jz with two", bad: "jz a, b", want: diag(1, 7, "jz takes 1 operand (jz target), found 2", "jz a, b")},
	{name: "nop with one", bad: "nop eax", want: diag(1, 5, "nop takes no operands, found 1", "nop eax")},
	{name: "ret with one", bad: "ret 1", want: diag(1, 5, "cpu32's ret pops only the return address: drop the arguments after the call with 'add esp, 1' (a stack slot is one word)", "ret 1")},
	{name: "cmp with one", bad: "cmp eax", want: diag(1, 1, "cmp takes 2 operands (cmp src, src), found 1", "cmp eax")},
	{name: "a missing comma", bad: "mov eax 1", want: diag(1, 9, "unexpected '1' (missing ','?)", "mov eax 1")},
	{name: "a missing operand after a comma", bad: "mov eax,", want: diag(1, 9, "missing operand", "mov eax,")},

	// Wrong operand kinds and malformed operands.
	{name: "a register plus a constant outside brackets", bad: "mov eax, ebx+1",
		want: diag(1, 10, "a register can be added to a constant only inside [ ], as in [esi+3]", "mov eax, ebx+1")},
	{name: "two registers in a memory operand", bad: "mov eax, [ebx+ecx]", want: diag(1, 15, "an operand may use only one register", "mov eax, [ebx+ecx]")},
	{name: "a subtracted register", bad: "mov eax, [10-esi]", want: diag(1, 14, "a register cannot be subtracted", "mov eax, [10-esi]")},
	{name: "a string as an operand", bad: `mov eax, "ab"`,
		want: diag(1, 10, "a character literal holds exactly one character; a string is only allowed as a dd value", `mov eax, "ab"`)},
	{name: "an empty memory operand", bad: "mov eax, []", want: diag(1, 10, "empty memory operand", "mov eax, []")},
	{name: "a missing ]", bad: "mov eax, [40", want: diag(1, 13, "missing ']'", "mov eax, [40")},
	{name: "a register in dd", bad: ".data\nd: dd eax", want: diag(2, 7, "a dd value must be a constant, not a register or memory operand", "d: dd eax")},
	{name: "a displacement too large", bad: "mov eax, [esi+0x8000000]",
		want: diag(1, 10, "displacement 134217728 does not fit in a register-relative operand (-134217728..134217727)", "mov eax, [esi+0x8000000]")},
	{name: "a displacement too small", bad: "mov eax, [esi-134217729]",
		want: diag(1, 10, "displacement -134217729 does not fit in a register-relative operand (-134217728..134217727)", "mov eax, [esi-134217729]")},

	// Unknown mnemonics.
	{name: "unknown mnemonic with did-you-mean", bad: "mvo eax, 1", want: diag(1, 1, "unknown instruction 'mvo' (did you mean 'mov'?)", "mvo eax, 1")},
	{name: "unknown upper-case mnemonic with did-you-mean", bad: "PUHS eax", want: diag(1, 1, "unknown instruction 'PUHS' (did you mean 'push'?)", "PUHS eax")},
	{name: "unknown mnemonic far from any", bad: "frobnicate 1, 2", want: diag(1, 1, "unknown instruction 'frobnicate'", "frobnicate 1, 2")},
	{name: "a label without its colon", bad: "xyzzy\nnop", want: diag(1, 1, "unknown instruction 'xyzzy' (missing ':' after a label?)", "xyzzy")},

	// Numbers out of range or malformed.
	{name: "2^32", bad: "mov eax, 4294967296", want: diag(1, 10, "number 4294967296 is out of range (-2147483648..4294967295)", "mov eax, 4294967296")},
	{name: "below -2^31", bad: "mov eax, -2147483649", want: diag(1, 11, "number -2147483649 is out of range (-2147483648..4294967295)", "mov eax, -2147483649")},
	{name: "hex above 32 bits", bad: "push 0x100000000", want: diag(1, 6, "number 0x100000000 is out of range (-2147483648..4294967295)", "push 0x100000000")},
	{name: "h-suffix hex above 32 bits", bad: "push 100000000h", want: diag(1, 6, "number 100000000h is out of range (-2147483648..4294967295)", "push 100000000h")},
	{name: "a very long number", bad: "push 99999999999999999999999", want: diag(1, 6, "number 99999999999999999999999 is out of range (-2147483648..4294967295)", "push 99999999999999999999999")},
	{name: "dd out of range", bad: ".data\nd: dd 4294967296", want: diag(2, 7, "number 4294967296 is out of range (-2147483648..4294967295)", "d: dd 4294967296")},
	{name: "hex digits without a base", bad: "push 1F", want: diag(1, 6, "invalid number '1F' (write hexadecimal as 0x1F or 1Fh)", "push 1F")},
	{name: "a bad binary digit", bad: "push 0b102", want: diag(1, 6, "invalid number '0b102'", "push 0b102")},
	{name: "a bad tinyvm base", bad: "push 12|x", want: diag(1, 6, "invalid number '12|x' (tinyvm writes 1F|h or 101|b)", "push 12|x")},
	{name: "an unterminated character", bad: "prc 'a", want: diag(1, 5, "unterminated character literal", "prc 'a")},
	{name: "an unknown escape", bad: `prc '\q'`, want: diag(1, 6, `unknown escape '\q' (use \n \t \r \0 \\ \' or \")`, `prc '\q'`)},

	// Bad label names.
	{name: "a label named like a register", bad: "eax: nop", want: diag(1, 1, "'eax' is a register name and cannot be a label", "eax: nop")},
	{name: "a label named like eip", bad: "eip: nop", want: diag(1, 1, "'eip' is a register name and cannot be a label", "eip: nop")},
	{name: "a label named like a register in upper case", bad: "EAX: nop", want: diag(1, 1, "'EAX' is a register name and cannot be a label", "EAX: nop")},
	{name: "a label named like a mnemonic", bad: "mov: nop", want: diag(1, 1, "'mov' is an instruction name and cannot be a label", "mov: nop")},
	{name: "a label named like an alias", bad: "jz: nop", want: diag(1, 1, "'jz' is an instruction name and cannot be a label", "jz: nop")},
	{name: "a %define named like a register", bad: "%define esp 1", want: diag(1, 9, "'esp' is a register name and cannot be defined", "%define esp 1")},
	{name: "a label starting with a digit", bad: "1abc: nop", want: diag(1, 1, "unexpected '1abc' (expected a label, an instruction or a directive)", "1abc: nop")},

	// Sections, directives and the entry point.
	{name: ".data in raw mode", bad: "section .data\nx: dd 1", raw: true,
		want: diag(1, 9, "a raw program cannot have a .data section (assemble to an image instead)", "section .data")},
	{name: "bare .data in raw mode", bad: ".data", raw: true,
		want: diag(1, 1, "a raw program cannot have a .data section (assemble to an image instead)", ".data")},
	{name: "an instruction in .data", bad: ".data\nnop", want: diag(2, 1, "instruction 'nop' in the .data section (switch back with 'section .text')", "nop")},
	{name: "dd in .text", bad: "dd 1", want: diag(1, 1, "dd outside the .data section (put 'section .data' before it)", "dd 1")},
	{name: "resd in .text", bad: "resd 1", want: diag(1, 1, "resd outside the .data section (put 'section .data' before it)", "resd 1")},
	{name: "a negative resd", bad: ".data\nresd -1", want: diag(2, 6, "resd count -1 is negative", "resd -1")},
	{name: "an unknown section", bad: "section .bss", want: diag(1, 9, "unknown section '.bss' (cpu32 has .text and .data)", "section .bss")},
	{name: "an unknown directive", bad: "%macro x", want: diag(1, 1, "unknown directive '%macro' (cpu32 has %include and %define)", "%macro x")},
	{name: "%define without a value", bad: "%define N", want: diag(1, 10, "%define N needs a value", "%define N")},
	{name: "start labels data", bad: ".data\nstart: dd 1", want: diag(2, 1, "'start' is the entry point, so it must label an instruction", "start: dd 1")},
	{name: "a missing include", bad: "%include \"nope.asm\"", want: diag(1, 10, "cannot find included file 'nope.asm' (looked for nope.asm)", "%include \"nope.asm\"")},

	// Externs: host functions, used only by call.
	{name: "extern without a name", bad: "extern", want: diag(1, 7, "extern needs the name of a host function", "extern")},
	{name: "extern of a number", bad: "extern 5", want: diag(1, 8, "unexpected '5' (expected the name of a host function)", "extern 5")},
	{name: "extern list missing a comma", bad: "extern a b", want: diag(1, 10, "unexpected 'b' (missing ','?)", "extern a b")},
	{name: "extern named like a label", bad: "f: nop\nextern f", want: diag(2, 8, "'f' already defined at spec.asm:1; an extern needs a name of its own", "extern f")},
	{name: "a label named like an extern", bad: "extern f\nf: nop", want: diag(2, 1, "'f' already defined at spec.asm:1; an extern needs a name of its own", "f: nop")},
	{name: "extern named like a register", bad: "extern eax", want: diag(1, 8, "'eax' is a register name and cannot be an extern", "extern eax")},
	{name: "an extern as a value", bad: "extern f\nmov eax, f", want: diag(2, 10, "'f' is a host function (extern): the only use of it is `call f`", "mov eax, f")},
	{name: "an extern as a jump target", bad: "extern f\njmp f", want: diag(2, 5, "'f' is a host function (extern): the only use of it is `call f`", "jmp f")},
	{name: "an extern in an address", bad: "extern f\ncall [f]", want: diag(2, 7, "'f' is a host function (extern): the only use of it is `call f`", "call [f]")},
	{name: "callx of a label", bad: "f: callx f", want: diag(1, 10, "callx needs the name of a host function declared with extern", "f: callx f")},
	{name: "extern in raw mode", bad: "extern f", raw: true,
		want: diag(1, 1, "a raw program cannot declare externs: it has no table to name them (assemble to an image instead)", "extern f")},
	{name: "extern is not a label", bad: "extern: nop", want: diag(1, 1, "'extern' is a directive name and cannot be a label", "extern: nop")},

	// The caret follows tabs, and counts characters, not bytes.
	{name: "the caret line repeats tabs", bad: "\tmov 5, eax", want: "spec.asm:1:6: destination must be a register or a memory operand\n\tmov 5, eax\n\t    ^"},
	{name: "the column counts characters", bad: "add ['é'+1], 'é', 3", want: diag(1, 19, "add takes 2 operands (add dst, src), found 3", "add ['é'+1], 'é', 3")},

	// Several errors in one file are all reported, in order, one per line.
	{name: "the mistakes example", bad: "; three mistakes, all reported at once\n        mov 5, eax\n        jmp nowhere\n        mvo eax, 1",
		want: diag(2, 13, "destination must be a register or a memory operand", "        mov 5, eax") + "\n" +
			diag(3, 13, "undefined name 'nowhere'", "        jmp nowhere") + "\n" +
			diag(4, 9, "unknown instruction 'mvo' (did you mean 'mov'?)", "        mvo eax, 1")},
	{name: "errors of both passes in line order", bad: "jmp a\nmov 1, 2\na: nop\na: nop\ndiv eax, 0",
		want: diag(2, 5, "destination must be a register or a memory operand", "mov 1, 2") + "\n" +
			diag(4, 1, "label 'a' already defined at spec.asm:3", "a: nop") + "\n" +
			diag(5, 10, "division by a literal 0", "div eax, 0")},
	{name: "one error per line", bad: "mov 1, [ebx+ecx]\nfoo 0, 0", want: diag(1, 13, "an operand may use only one register", "mov 1, [ebx+ecx]") + "\n" +
		diag(2, 1, "unknown instruction 'foo'", "foo 0, 0")},
}

func TestAssemblyErrors(t *testing.T) {
	for _, c := range errorCases {
		t.Run(c.name, func(t *testing.T) {
			p, err := assembler.Assemble("spec.asm", []byte(c.bad), assembler.Options{Raw: c.raw})
			require.Error(t, err, "should not assemble:\n%s", c.bad)
			require.Nil(t, p, "nothing is produced when there are errors")
			var list assembler.ErrorList
			require.True(t, errors.As(err, &list), "errors come as an assembler.ErrorList: %T", err)
			require.Equal(t, c.want, err.Error())
			require.Len(t, list, strings.Count(c.want, "\nspec.asm:")+1, "one entry per error")
		})
	}
}

// At most 100 errors are reported; then one line says there are more.
func TestTooManyErrors(t *testing.T) {
	text := asmError(t, strings.Repeat("mov 1, 1\n", 150))
	lines := strings.Split(text, "\n")
	require.Len(t, lines, 3*100+1)
	require.Equal(t, diag(100, 5, "destination must be a register or a memory operand", "mov 1, 1"), strings.Join(lines[297:300], "\n"))
	require.Equal(t, "spec.asm: too many errors", lines[300])
}

// Errors in included files name the file they are in; they come in the
// order the files were first read.
func TestIncludeErrors(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"an include cycle", "cycle/a.asm",
			"testdata/cycle/b.asm:2:10: include cycle: testdata/cycle/a.asm -> testdata/cycle/b.asm -> testdata/cycle/a.asm\n" +
				"%include \"a.asm\"\n         ^"},
		{"a file including itself", "cycle/self.asm",
			"testdata/cycle/self.asm:1:10: include cycle: testdata/cycle/self.asm -> testdata/cycle/self.asm\n" +
				"%include \"self.asm\"\n         ^"},
		{"a missing include beside a file", "errors/missing.asm",
			"testdata/errors/missing.asm:2:10: cannot find included file 'nope.asm' (looked for testdata/errors/nope.asm and nope.asm)\n" +
				"%include \"nope.asm\"\n         ^"},
		// In the order the lines are read: the included file's where the
		// %include stands (line 2 of main.asm).
		{"errors in the including and the included file", "errors/main.asm",
			"testdata/errors/main.asm:1:5: destination must be a register or a memory operand\nmov 1, eax\n    ^\n" +
				"testdata/errors/bad.asm:2:1: unknown instruction 'mvo' (did you mean 'mov'?)\nmvo eax, 1\n^\n" +
				"testdata/errors/main.asm:3:5: undefined name 'nowhere'\njmp nowhere\n    ^"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "testdata/" + tt.file
			_, err := assembler.Assemble(name, readTestdata(t, tt.file), assembler.Options{})
			require.Error(t, err)
			require.Equal(t, tt.want, err.Error())
		})
	}
}
