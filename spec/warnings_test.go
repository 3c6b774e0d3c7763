package spec

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
)

// warnCase is a program that assembles and runs, and the exact warnings it
// gets (each "spec.asm:line:col: warning: message", its line and a caret).
type warnCase struct {
	name string
	src  string
	want []string // diag texts, in order; none when empty
}

// warnDiag is diag for a warning.
func warnDiag(line, col int, msg, text string) string {
	return strings.Replace(diag(line, col, msg, text), ": ", ": warning: ", 1)
}

// nums is a data section for the offset cases: nums holds 3 words, more 2,
// and end marks the end of the data (none warned about if unused); the
// line after it is line 6.
const nums = ".data\nnums: dd 1, 2, 3 ; nowarn if unused\nmore: dd 4, 5 ; nowarn\nend: ; nowarn\n.text\n"

const countdown = "start:  mov ecx, 3\nagain:  prn ecx\n        dec ecx\n        jnz again"

var warnCases = []warnCase{
	// A conditional jump after an instruction that sets flags on x86 only.
	{"dec then jnz", countdown, []string{warnDiag(4, 9,
		"jnz does not test 'dec ecx': dec sets no flags in cpu32 (only cmp and test do); put 'cmp ecx, 0' before the jnz", "        jnz again")}},
	{"sub then jg, a cmp before the label", "cmp eax, 0\nl: sub [n], 1\njg l\n.data\nn: dd 3", []string{warnDiag(3, 1,
		"jg does not test 'sub [n], 1': sub sets no flags in cpu32 (only cmp and test do); put 'cmp [n], 0' before the jg", "jg l")}},
	{"and then jz through a second jump", "l: and eax, 1\nje l\njz l", []string{
		warnDiag(2, 1, "je does not test 'and eax, 1': and sets no flags in cpu32 (only cmp and test do); put 'cmp eax, 0' before the je", "je l"),
		warnDiag(3, 1, "jz does not test 'and eax, 1': and sets no flags in cpu32 (only cmp and test do); put 'cmp eax, 0' before the jz", "jz l")}},
	{"dec then cmp then jnz", "l: dec ecx\ncmp ecx, 0\njnz l", nil},
	{"cmp then dec then jnz: the cmp is in the block", "l: cmp ecx, 1\ndec ecx\njne l", nil},
	{"test then inc", "l: test eax, eax\ninc eax\njz l", nil},
	{"popf sets the flags", "push 1\nl: inc eax\npopf\njz l", nil},
	{"a write to flags sets them", "l: inc eax\nmov flags, 1\njz l\nl2: inc eax\nmov [8], 0\njz l2", nil},
	{"a call may set the flags", "start: inc eax\ncall f\njz start\nhlt\nf: cmp eax, 0\nret", nil},
	{"a label starts a new block", "inc eax\nl: jz l", nil},
	{"a mov is no x86 habit", "l: mov eax, 0\njz l", nil},

	// Code labels read as data, data labels jumped to.
	{"a code label as memory", "there: mov eax, [there]", []string{warnDiag(1, 18,
		"'there' labels an instruction, so [there] reads the data word at address 0, which is eax, not the code; put the value in section .data under a label", "there: mov eax, [there]")}},
	{"a code label in an indexed operand", "nop\nt: nop\nnop\nmov eax, [t+ecx]\njmp t", []string{warnDiag(4, 11,
		"'t' labels an instruction, so [t+ecx] reads the data word at address 1, which is ebx, not the code; put the value in section .data under a label", "mov eax, [t+ecx]")}},
	{"a code label past the registers", "mov eax, 1\nmov eax, 2\nmov eax, 3\nmov eax, 4\nt: prn [t]", []string{warnDiag(5, 9,
		"'t' labels an instruction, so [t] reads the data word at address 12, not the code; put the value in section .data under a label", "t: prn [t]")}},
	{"a code label's value is fine", "t: mov eax, t", nil},
	{"a data label jumped to", ".data\nd: dd 0\n.text\njmp d", []string{warnDiag(4, 5,
		"'d' is a data label: jmp goes to code address 32, not to the data; jump to a label in section .text", "jmp d")}},
	{"a data label called", ".data\nd: dd 0\n.text\nstart: call d+1\nhlt", []string{warnDiag(4, 13,
		"'d' is a data label: call goes to code address 32, not to the data; jump to a label in section .text", "start: call d+1")}},
	{"a jump through a data word is fine", ".data\nd: dd l\n.text\njmp [d]\nl: prn 1", nil},

	// Unreachable code.
	{"after jmp", "jmp l\nprn 1\nprn 2\nl: nop", []string{warnDiag(2, 1,
		"unreachable: the jmp above never falls through and no label leads here (add a label, or remove the code)", "prn 1")}},
	{"a stretch of dead code is one warning", "hlt\nhlt\nprn 1\njmp x\nx: nop", []string{warnDiag(2, 1,
		"unreachable: the hlt above never falls through and no label leads here (add a label, or remove the code)", "hlt")}},
	{"after hlt", "hlt\n  prn 1", []string{warnDiag(2, 3,
		"unreachable: the hlt above never falls through and no label leads here (add a label, or remove the code)", "  prn 1")}},
	{"after a function's ret", "start: call f\nhlt\nf: ret\nprn 1", []string{warnDiag(4, 1,
		"unreachable: the ret above never falls through and no label leads here (add a label, or remove the code)", "prn 1")}},
	{"after a ret in the main code, which returns where the stack says", "push l\nret\nprn 1\nl: hlt", nil},
	{"a labelled line is reachable", "jmp l\nl: prn 1", nil},

	// Falling through into a function.
	{"the main code runs into a function", "start: call f\nprn eax\nf: mov eax, 1\nret", []string{warnDiag(3, 1,
		"the code above runs on into 'f', which is called as a function: its ret will return to whatever is on the stack; end the main code with hlt", "f: mov eax, 1")}},
	{"a call right before its function", "start: call f\nf: ret", []string{warnDiag(2, 1,
		"the code above runs on into 'f', which is called as a function: its ret will return to whatever is on the stack; end the main code with hlt", "f: ret")}},
	{"a label also jumped to is no function", "start: call f\nf: inc eax\ncmp eax, 5\njl f\nhlt", nil},

	// Unused labels.
	{"an unused code label", "start: nop\nspare: nop", []string{warnDiag(2, 1, "label 'spare' is defined but never used", "spare: nop")}},
	{"an unused data label", ".data\nx: dd 1\ny: dd 2\n.text\nprn [x]", []string{warnDiag(3, 1, "label 'y' is defined but never used", "y: dd 2")}},
	{"start is the entry point", "start: nop", nil},
	{"a label used in data", ".data\np: dd q\nq: dd 0\n.text\nprn [p]", nil},

	// x86's entry label means nothing here.
	{"_start is an ordinary label", "_start: prn 1", []string{warnDiag(1, 1,
		"'_start' is an ordinary label: only 'start' is special (execution begins at start, or at the first instruction when there is none); rename it start", "_start: prn 1")}},
	{"__start too, even when used", "prn 1\n__start: prn 2\njmp __start", []string{warnDiag(2, 1,
		"'__start' is an ordinary label: only 'start' is special (execution begins at start, or at the first instruction when there is none); rename it start", "__start: prn 2")}},
	{"_start beside start is only unused", "start: nop\n_start: nop", []string{warnDiag(2, 1, "label '_start' is defined but never used", "_start: nop")}},

	// A constant offset past a data label's own words: x86's byte offsets.
	{"[nums+4]: a byte offset", nums + "prn [nums+4]", []string{warnDiag(6, 6,
		"[nums+4] is past the end of 'nums', which holds 3 words ([nums] to [nums+2]): memory is word-addressed, so x86's [nums+4] is [nums+1] here", "prn [nums+4]")}},
	{"[nums+8] with a register", nums + "mov eax, [ nums + ecx + 8 ]", []string{warnDiag(6, 12,
		"[ nums + ecx + 8 ] is past the end of 'nums', which holds 3 words ([nums] to [nums+2]): memory is word-addressed, so x86's [ nums + ecx + 8 ] is [nums+ecx+2] here", "mov eax, [ nums + ecx + 8 ]")}},
	{"[nums+3] reads the next label", nums + "prn [nums+3]", []string{warnDiag(6, 6,
		"[nums+3] is past the end of 'nums', which holds 3 words ([nums] to [nums+2]); it reads [more]", "prn [nums+3]")}},
	{"a defined offset", "%define N 4\n" + nums + "prn [N+nums-1]", []string{warnDiag(7, 8,
		"[N+nums-1] is past the end of 'nums', which holds 3 words ([nums] to [nums+2]); it reads [more]", "prn [N+nums-1]")}},
	{"past the last label", nums + "prn [more+2]", []string{warnDiag(6, 6,
		"[more+2] is past the end of 'more', which holds 2 words ([more] to [more+1]); it reads past the end of the data", "prn [more+2]")}},
	{"a one-word label", ".data\nx: dd 1\ny: dd 2, 3\n.text\nprn [x+1]\nprn [y]", []string{warnDiag(5, 6,
		"[x+1] is past the end of 'x', which holds 1 word ([x]); it reads [y]", "prn [x+1]")}},
	{"past an end marker", nums + "prn [end+1]", []string{warnDiag(6, 6,
		"'end' labels the end of the data, so [end+1] reads past it", "prn [end+1]")}},
	{"resd words are the label's", ".data\nbuf: resd 10\n.text\nmov [buf+9], 1\nmov [buf+10], 1", []string{warnDiag(5, 6,
		"[buf+10] is past the end of 'buf', which holds 10 words ([buf] to [buf+9]); it reads past the end of the data", "mov [buf+10], 1")}},
	{"inside the label, an index, an end marker", nums + "prn [nums+2]\nprn [nums+ecx]\nprn [end-1]\nprn [end]\nprn [more-1]\nmov esi, nums+4\nprn [nums+ecx-1]", nil},
	{"two labels at one address share the words", ".data\nall:\nnums: dd 1, 2\n.text\nprn [all+1]\nprn [nums+1]", nil},
	{"a label and its offset in data", nums + "prn [p]\n.data\np: dd nums+7", nil},
	{"nowarn for a deliberate reach", nums + "prn [nums+3] ; nowarn: more follows nums", nil},

	// Silenced.
	{"a nowarn comment", "start: nop\nspare: nop ; nowarn: a place to break", nil},
	{"nowarn after #", "jmp l\nprn 1 # NOWARN\nl: nop", nil},
	{"nowarn in a string is no comment", ".data\ns: dd \"; nowarn\"", []string{warnDiag(2, 1, "label 's' is defined but never used", "s: dd \"; nowarn\"")}},
}

func TestWarnings(t *testing.T) {
	for _, c := range warnCases {
		t.Run(c.name, func(t *testing.T) {
			p, warns, err := assembler.AssembleWithWarnings("spec.asm", []byte(c.src), assembler.Options{})
			require.NoError(t, err)
			require.NotNil(t, p, "a program with warnings assembles")
			var got []string
			for _, w := range warns {
				require.True(t, w.Warning)
				got = append(got, w.Error())
			}
			require.Equal(t, c.want, got)
			plain, err := assembler.Assemble("spec.asm", []byte(c.src), assembler.Options{})
			require.NoError(t, err)
			require.Equal(t, plain, p, "warnings change nothing in the program")
		})
	}
}

// At most 100 warnings are reported; then one line says there are more.
func TestTooManyWarnings(t *testing.T) {
	var src strings.Builder
	for i := 0; i < 150; i++ {
		fmt.Fprintf(&src, "jmp l%d\nprn 1\nl%d: nop\n", i, i)
	}
	_, warns, err := assembler.AssembleWithWarnings("spec.asm", []byte(src.String()), assembler.Options{})
	require.NoError(t, err)
	require.Len(t, warns, 101)
	require.Equal(t, warnDiag(299, 1, "unreachable: the jmp above never falls through and no label leads here (add a label, or remove the code)", "prn 1"), warns[99].Error())
	require.Equal(t, "spec.asm: warning: too many warnings", warns[100].Error())
}

// A program with errors gets only its errors: warnings are for code that
// assembles.
func TestNoWarningsWithErrors(t *testing.T) {
	p, warns, err := assembler.AssembleWithWarnings("spec.asm", []byte("spare: nop\nmov 1, 2"), assembler.Options{})
	require.Nil(t, p)
	require.Nil(t, warns)
	require.Equal(t, diag(2, 5, "destination must be a register or a memory operand", "mov 1, 2"), err.Error())
}

// The sample programs and the contract's examples are what students copy
// from: none gets a warning.
func TestNoWarningsOnSamples(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../programs/*.asm", "../programs/lib/*.asm", "../cmd/cpu32/testdata/examples/*.asm"} {
		m, err := filepath.Glob(pattern)
		require.NoError(t, err)
		require.NotEmpty(t, m, pattern)
		files = append(files, m...)
	}
	checked := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		_, warns, err := assembler.AssembleWithWarnings(f, src, assembler.Options{})
		if strings.HasSuffix(f, "mistakes.asm") {
			require.Error(t, err, "the mistakes example does not assemble")
			continue
		}
		require.NoError(t, err, f)
		require.Empty(t, warns, "%s: %v", f, warns)
		checked++
	}
	require.GreaterOrEqual(t, checked, 14)
}

// No program of programs/ (nor a library it includes) reads past a data
// label's own words: the rule of the past-the-label warning lets every
// idiom they use through ([buf+ecx], end markers, resd buffers).
func TestNoPastLabelWarningOnPrograms(t *testing.T) {
	var files []string
	err := filepath.WalkDir("../programs", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".asm") {
			files = append(files, path)
		}
		return err
	})
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 14)
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		_, warns, err := assembler.AssembleWithWarnings(f, src, assembler.Options{})
		require.NoError(t, err, f)
		for _, w := range warns {
			require.NotContains(t, w.Msg, "is past the end of", "%s: %v", f, w)
			require.NotContains(t, w.Msg, "labels the end of the data", "%s: %v", f, w)
		}
	}
}
