package repl

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/memory"
)

// newSession is a session on a small machine: 4096 words, a 256-word stack.
func newSession(t *testing.T) *Session {
	t.Helper()
	s, err := New(Config{Machine: cpu.Config{Memory: 4096, Stack: 256}})
	require.NoError(t, err)
	return s
}

// step is one typed line and what the session must print for it, as a
// script sees it (where "in", no caret).
type step struct{ in, want string }

func play(t *testing.T, s *Session, steps []step) {
	t.Helper()
	for i, st := range steps {
		got := s.Eval(st.in).Format(st.in, "in", false)
		require.Equal(t, st.want, got, "line %d: %q", i+1, st.in)
	}
}

func TestEval(t *testing.T) {
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"registers and flags", []step{
			{"mov eax, 5", "eax 0 -> 5\n"},
			{"mov ebx, eax", "ebx 0 -> 5\n"},
			{"sub ebx, 7", "ebx 5 -> -2\n"},
			{"cmp ebx, 0", "flags SF\n"},
			{"cmp eax, 5", "flags ZF\n"},
			{"mov ecx, 0", "no changes\n"},
			{"   ", ""},
			{"; a comment", ""},
		}},
		{"a loop typed line by line runs when it jumps back", []step{
			{"mov ecx, 0", "no changes\n"},
			{"loop: inc ecx", "loop = 3, ecx 0 -> 1\n"},
			{"add eax, ecx", "eax 0 -> 1\n"},
			{"cmp ecx, 4", "flags SF CF\n"},
			{"jl loop", "eax 1 -> 10, ecx 1 -> 4, flags ZF (13 steps)\n"},
			{"prn eax", "prints \"10\\n\"\n"},
		}},
		{"a label alone, then a backward jump", []step{
			{"top:", "top = 0\n"},
			{"inc eax", "eax 0 -> 1\n"},
			{"cmp eax, 3", "flags SF CF\n"},
			{"jne top", "eax 1 -> 3, flags ZF (7 steps)\n"},
		}},
		{"an unknown label is an error and nothing runs", []step{
			{"mov eax, 1", "eax 0 -> 1\n"},
			{"jmp later", "in:5: error: undefined name 'later'\n"},
			{"later: inc eax", "later = 3, eax 1 -> 2\n"},
		}},
		{"assembly errors name the column", []step{
			{"mvo eax, 1", "in:1: error: unknown instruction 'mvo' (did you mean 'mov'?)\n"},
			{"mov 5, eax", "in:5: error: destination must be a register or a memory operand\n"},
			{"mov eax, 1", "eax 0 -> 1\n"},
		}},
		{"a fault is undone and the line left out", []step{
			{"mov eax, 10", "eax 0 -> 10\n"},
			{"mov ebx, 0", "no changes\n"},
			{"div eax, ebx", "in: fault: divide-by-zero at div eax, ebx: division by zero; undone, the line was not added\n"},
			{"mov ebx, 2", "ebx 0 -> 2\n"},
			{"div eax, ebx", "eax 10 -> 5\n"},
		}},
		{"a fault after some steps undoes them all", []step{
			{"mov ecx, 3", "ecx 0 -> 3\n"},
			{"again: push ecx", "again = 3, esp 4096 -> 4095, [4095] 0 -> 3\n"},
			{"dec ecx", "ecx 3 -> 2\n"},
			{"pop eax", "eax 0 -> 3, esp 4095 -> 4096\n"},
			{"pop eax", "in: fault: stack-underflow at pop eax: pop from an empty stack; undone, the line was not added\n"},
			{".regs", "eax=3 ebx=0 ecx=2 edx=0 esp=4096 ebp=4096 eip=9 rem=0 flags=0 esi=0 edi=0\nflags: -\n"},
		}},
		{"data lines lay out words and code reads them", []step{
			{"section .data", "no changes\n"},
			{"nums: dd 4, 5, 6", "nums = 32, [32] 0 -> 4, [33] 0 -> 5, [34] 0 -> 6\n"},
			{"buf: resd 2", "buf = 35\n"},
			{"section .text", "no changes\n"},
			{"mov eax, [nums+2]", "eax 0 -> 6\n"},
			{"mov [buf+1], eax", "[36] 0 -> 6\n"},
			{".mem nums 5", "[32] 4 5 6 0 6\n"},
			{".mem eax 1", "[6] 6\n"},
			{".mem nums+1 2", "[33] 5 6\n"},
			{".mem buf-1 2", "[34] 6 0\n"},
			{".mem esp-2 1", "[4094] 0\n"},
			{".mem nums+x", "in: error: .mem: \"x\" is not an offset (a number)\n"},
			{".mem nope+1", "in: error: .mem: \"nope\" is not an address, a label or a register\n"},
		}},
		{"hlt and calls", []step{
			{"ret", "in: fault: stack-underflow at ret: pop from an empty stack; undone, the line was not added\n"},
			{"double: add eax, eax", "double = 0\n"},
			{"hlt", "halted\n"},
			{"mov eax, 21", "eax 0 -> 21\n"},
			{"call double", "eax 21 -> 42, esp 4096 -> 4095, [4095] 0 -> 9, halted (3 steps)\n"},
			{".bt", "double (typed:4)\n"},
			{"inc ebx", "ebx 0 -> 1\n"},
		}},
		{"a runaway loop stops at the limit and is undone", []step{
			{".limit 1000", "a line may run 1,000 steps\n"},
			{"inc eax", "eax 0 -> 1\n"},
			{"spin: inc ebx", "spin = 2, ebx 0 -> 1\n"},
			{"jmp spin", "in: stopped after 1,000 steps at jmp spin: the end of the line was never reached (an endless loop? .limit N sets the limit); undone, the line was not added\n"},
			{".regs", "eax=1 ebx=1 ecx=0 edx=0 esp=4096 ebp=4096 eip=4 rem=0 flags=0 esi=0 edi=0\nflags: -\n"},
			{".limit 0", "in: error: .limit: N must be a number from 1 to 10,000,000\n"},
		}},
		{"undo steps back a line and drops it", []step{
			{"mov ecx, 0", "no changes\n"},
			{"l: add eax, 2", "l = 3, eax 0 -> 2\n"},
			{"inc ecx", "ecx 0 -> 1\n"},
			{"cmp ecx, 3", "flags SF CF\n"},
			{"jl l", "eax 2 -> 6, ecx 1 -> 3, flags ZF (9 steps)\n"},
			{".undo", "undid jl l: eax 6 -> 2, ecx 3 -> 1, flags SF CF\n"},
			{".program", "   1      0  mov ecx, 0\n   2      3  l: add eax, 2\n   3      6  inc ecx\n   4      8  cmp ecx, 3\n"},
			{".undo", "undid cmp ecx, 3: flags -\n"},
			{"mov ebx, 7", "ebx 0 -> 7\n"},
			{".program", "   1      0  mov ecx, 0\n   2      3  l: add eax, 2\n   3      6  inc ecx\n   4      8  mov ebx, 7\n"},
		}},
		{"undo of data puts memory back", []step{
			{".data", "no changes\n"},
			{"x: dd 9", "x = 32, [32] 0 -> 9\n"},
			{".undo", "undid x: dd 9: [32] 9 -> 0\n"},
			{".undo", "undid .data: no changes\n"},
			{".undo", "in: error: nothing to undo\n"},
			{"x: inc eax", "x = 0, eax 0 -> 1\n"},
		}},
		{"the assembler's warnings about the typed line", []step{
			{".limit 1000", "a line may run 1,000 steps\n"},
			{"mov ecx, 3", "ecx 0 -> 3\n"},
			{"again: dec ecx", "again = 3, ecx 3 -> 2\n"},
			{"jnz again", "in:1: warning: jnz does not test 'dec ecx': dec sets no flags in cpu32 (only cmp and test do); put 'cmp ecx, 0' before the jnz\n" +
				"in: stopped after 1,000 steps at jnz again: the end of the line was never reached (an endless loop? .limit N sets the limit); undone, the line was not added\n"},
			{"cmp ecx, 0", "no changes\n"},
			{"jnz again", "ecx 2 -> 0, flags ZF (7 steps)\n"},
			{"spare: nop", "spare = 10\n"}, // never used: no warning, it was just typed
			{"mov eax, [again]", "in:11: warning: 'again' labels an instruction, so [again] reads the data word at address 3, which is edx, not the code; put the value in section .data under a label\nno changes\n"},
			{".data", "no changes\n"},
			{"d: dd 5", "d = 32, [32] 0 -> 5\n"},
			{".text", "no changes\n"},
			{"jmp d", "in:5: warning: 'd' is a data label: jmp goes to code address 32, not to the data; jump to a label in section .text\n" +
				"in: fault: eip-out-of-range at jmp d: jump to 32, past the end of the code (16 words); undone, the line was not added\n"},
		}},
		{"commands", []step{
			{".nope", "in: error: unknown command .nope (.help lists them)\n"},
			{".mem", "in: error: usage: .mem ADDR [N]\n"},
			{".mem 5000", "in: error: .mem: address 5000 is outside memory (4096 words)\n"},
			{".mem zz", "in: error: .mem: \"zz\" is not an address, a label or a register\n"},
			{".help jl", "jl: jump if less, signed (SF != OF)\n  syntax:  jl target\n  aliases: jnge\n  flags:   read: SF != OF\n  example: jl loop\n  opcode:  0x09, 2 words\n"},
			{".help nope", "in: error: .help: no instruction \"nope\"\n"},
			{".program", "(nothing typed yet)\n"},
			{".bt", "(no calls running)\n"},
			{".save x.asm", "in: error: .save: this session cannot write files\n"},
			{".quit", ""},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			play(t, newSession(t), tc.steps)
		})
	}
}

// The machine's state after a fault, a limit or an undo is exactly what it
// was before the line: registers, memory, steps and the call stack.
func TestStoppedLineLeavesTheMachineAsItWas(t *testing.T) {
	s := newSession(t)
	s.Eval("f: push 1")
	c := s.CPU()
	words := append([]uint32(nil), c.Memory().Words()...)
	steps := c.Steps()
	r := s.Eval("call f")
	require.Equal(t, Stopped, r.Kind)
	require.Equal(t, cpu.StackOverflow, r.Fault.Kind)
	require.Len(t, r.Frames(), 128, "128 calls of f fill the 256-word stack with a push each")
	require.Equal(t, words, c.Memory().Words())
	require.Equal(t, steps, c.Steps())
	require.Empty(t, c.CallStack())
	require.Equal(t, "call stack, innermost first (function, call site):\n  f (typed:2) x 127 more frames\n",
		r.Format("call f", "", false)[strings.Index(r.Format("call f", "", false), "\n")+1:])
}

func TestInterrupt(t *testing.T) {
	s := newSession(t)
	s.Eval(".limit 10000000")
	s.Eval("spin: inc eax")
	done := make(chan Result)
	go func() { done <- s.Eval("jmp spin") }()
	// The flag is cleared when the line starts running: press Ctrl-C
	// until it stops.
	var r Result
	for stopped := false; !stopped; {
		time.Sleep(5 * time.Millisecond)
		s.Interrupt()
		select {
		case r = <-done:
			stopped = true
		default:
		}
	}
	require.Equal(t, Stopped, r.Kind)
	require.Equal(t, Interrupted, r.Stop)
	require.Less(t, r.Steps, uint64(10_000_000))
	require.Equal(t, uint32(1), s.CPU().Memory().Reg(memory.EAX), "the interrupted line was undone")
	require.Equal(t, "eax 1 -> 2\n", s.Eval("inc eax").Format("", "", false), "the machine is still usable")
}

// A loaded file's functions can be called by hand; nothing of it runs
// before.
func TestLoadedFile(t *testing.T) {
	dir := t.TempDir()
	lib := filepath.Join(dir, "lib.asm")
	require.NoError(t, os.WriteFile(lib, []byte(`start:  prn 999      ; the file's own main code: never runs in the REPL
        hlt
; square: eax = eax * eax
square: mul eax, eax
        ret
section .data
seven:  dd 7
`), 0o644))
	s := newSession(t)
	_, err := s.Load(lib)
	require.NoError(t, err)
	play(t, s, []step{
		{".regs", "eax=0 ebx=0 ecx=0 edx=0 esp=4096 ebp=4096 eip=7 rem=0 flags=0 esi=0 edi=0\nflags: -\n"},
		{"mov eax, [seven]", "eax 0 -> 7\n"},
		{"call square", "eax 7 -> 49 (3 steps)\n"},
		{".program", withInclude(lib, "   1      7  mov eax, [seven]\n   2     10  call square\n")},
		{"seven: inc eax", "in:1: error: label 'seven' already defined at " + lib + ":7\n"},
	})

	// .save writes a program cpu32 run accepts, and that gets the same
	// result when it runs the typed lines.
	var saved []byte
	s.cfg.WriteFile = func(path string, data []byte) error { saved = data; return nil }
	play(t, s, []step{{".save out.asm", "saved 2 lines to out.asm\n"}})
	require.Equal(t, "; typed in cpu32 repl\n; run, it starts where lib.asm starts; the typed lines follow its code\n%include \""+lib+"\"\nsection .text\nmov eax, [seven]\ncall square\n", string(saved))
	p, err := assembler.Assemble(filepath.Join(dir, "out.asm"), saved, assembler.Options{})
	require.NoError(t, err)
	require.Equal(t, s.program().Code, p.Code)

	play(t, s, []step{
		{".reset", "reset\n"},
		{".regs", "eax=0 ebx=0 ecx=0 edx=0 esp=4096 ebp=4096 eip=7 rem=0 flags=0 esi=0 edi=0\nflags: -\n"},
		{".load " + filepath.Join(dir, "nosuch.asm"), "in: error: " + filepath.Join(dir, "nosuch.asm") + ": no such file\n"},
	})
}

func withInclude(file, lines string) string {
	return "            %include \"" + file + "\"\n" + lines
}

func TestDataPrompt(t *testing.T) {
	s := newSession(t)
	require.False(t, s.InData())
	s.Eval("section .data ; numbers follow")
	require.True(t, s.InData())
	s.Eval("x: dd 1")
	require.True(t, s.InData())
	s.Eval(".text")
	require.False(t, s.InData())
}

// What a line prints is kept in full up to a point, then cut with "...".
func TestOutputIsCapped(t *testing.T) {
	play(t, newSession(t), []step{
		{"mov ecx, 0", "no changes\n"},
		{"p: prc 'x'", "p = 3, prints \"x\"\n"},
		{"inc ecx", "ecx 0 -> 1\n"},
		{"cmp ecx, 500", "flags SF CF\n"},
		{"jl p", "ecx 1 -> 500, flags ZF, prints \"" + strings.Repeat("x", maxCaptured) + "...\" (1,997 steps)\n"},
	})
}

// On a terminal a warning points at its column under the typed line, as
// an error does, and the line's changes follow.
func TestWarningUnderTheLine(t *testing.T) {
	s := newSession(t)
	s.Eval("l: inc eax")
	got := s.Eval("jz l").Format("jz l", "", true)
	require.Equal(t, strings.Repeat(" ", len(Prompt))+"^ warning: jz does not test 'inc eax': inc sets no flags in cpu32 (only cmp and test do); put 'cmp eax, 0' before the jz\n"+
		"no changes\n", got)
}

// .load says what the loaded file gets warned about, as run would; with
// NoWarn (--no-warn) neither the file's nor a typed line's warnings show.
func TestWarningsOnLoadAndNoWarn(t *testing.T) {
	lib := filepath.Join(t.TempDir(), "lib.asm")
	require.NoError(t, os.WriteFile(lib, []byte("double: add eax, eax\n        ret\nspare:  ret\n"), 0o644))
	play(t, newSession(t), []step{
		{".load " + lib, "loaded " + lib + ": 5 words of code, 0 of data, 2 labels\n" +
			lib + ":1:1: warning: label 'double' is defined but never used\ndouble: add eax, eax\n^\n" +
			lib + ":3:1: warning: label 'spare' is defined but never used\nspare:  ret\n^\n"},
		{"l: inc eax", "l = 5, eax 0 -> 1\n"},
		{"jz l", "in:1: warning: jz does not test 'inc eax': inc sets no flags in cpu32 (only cmp and test do); put 'cmp eax, 0' before the jz\nno changes\n"},
	})
	s, err := New(Config{Machine: cpu.Config{Memory: 4096, Stack: 256}, NoWarn: true})
	require.NoError(t, err)
	play(t, s, []step{
		{".load " + lib, "loaded " + lib + ": 5 words of code, 0 of data, 2 labels\n"},
		{"l: inc eax", "l = 5, eax 0 -> 1\n"},
		{"jz l", "no changes\n"},
	})
}

// .save never leaves an input of the session broken: saved over the
// loaded file, it writes the file's own text and then the typed lines (an
// %include of itself would not assemble), and says so; it refuses a file
// the loaded one includes, and a loaded file edited since it was loaded.
func TestSaveOverInputs(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	lib := "f: mov eax, 5\nret\n%include \"util.asm\"" // no newline at its end
	util := "g: mov ebx, 7\nret\n"
	require.NoError(t, os.WriteFile("lib.asm", []byte(lib), 0o644))
	require.NoError(t, os.WriteFile("util.asm", []byte(util), 0o644))
	require.NoError(t, os.Symlink("lib.asm", "link.asm"))
	s, err := New(Config{Machine: cpu.Config{Memory: 4096, Stack: 256},
		WriteFile: func(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }})
	require.NoError(t, err)
	_, err = s.Load("lib.asm")
	require.NoError(t, err)
	standalone := lib + "\n; typed in cpu32 repl\nsection .text\ncall f\n"
	play(t, s, []step{
		{"call f", "eax 0 -> 5 (3 steps)\n"},
		{".save util.asm", "in: error: .save: refusing to write util.asm: lib.asm includes it\n"},
		{".save lib.asm", "saved 1 line to lib.asm, after its own text (it is the loaded file)\n"},
	})
	require.Equal(t, util, readFile(t, "util.asm"))
	require.Equal(t, standalone, readFile(t, "lib.asm"))
	p, err := assembler.AssembleFile("lib.asm", assembler.Options{})
	require.NoError(t, err, "the saved file assembles")
	require.Equal(t, s.program().Code, p.Code, "to the session's program")

	// The session goes on from the text it loaded, whatever the file
	// holds now, and saves again through another name of it.
	play(t, s, []step{
		{"call g", "ebx 0 -> 7 (3 steps)\n"},
		{".save link.asm", "saved 2 lines to link.asm, after its own text (it is the loaded file)\n"},
	})
	require.Equal(t, standalone+"call g\n", readFile(t, "lib.asm"))

	// Edited meanwhile: the edit is not written over.
	require.NoError(t, os.WriteFile("lib.asm", []byte("f: mov eax, 6\nret\n"), 0o644))
	play(t, s, []step{
		{".save lib.asm", "in: error: .save: lib.asm changed since it was loaded: .load it again, or save to another file\n"},
		{".save other.asm", "saved 2 lines to other.asm\n"},
	})
	require.Equal(t, "f: mov eax, 6\nret\n", readFile(t, "lib.asm"))
	require.Equal(t, "; typed in cpu32 repl\n; run, it starts where lib.asm starts; the typed lines follow its code\n"+
		"%include \"lib.asm\"\nsection .text\ncall f\ncall g\n", readFile(t, "other.asm"))
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// .load says what is wrong with the file itself, never with the %include
// the session builds on it; a command that takes nothing refuses an
// argument rather than ignore it.
func TestLoadErrorsAndStrayArguments(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	require.NoError(t, os.Mkdir("d", 0o755))
	require.NoError(t, os.WriteFile("bad.asm", []byte("mov 5, eax\n"), 0o644))
	play(t, newSession(t), []step{
		{".load d", "in: error: d: is a directory, not a regular file\n"},
		{".load nosuch.asm", "in: error: nosuch.asm: no such file\n"},
		{".load /dev/zero", "in: error: /dev/zero: is a device, not a regular file\n"},
		{".load bad.asm", "in: error: bad.asm:1:5: destination must be a register or a memory operand\nmov 5, eax\n    ^\n"},
		{".quit now", "in: error: .quit takes no arguments\n"},
		{".q 1", "in: error: .quit takes no arguments\n"},
		{".regs eax", "in: error: .regs takes no arguments\n"},
		{".undo 2", "in: error: .undo takes no arguments\n"},
	})
	require.Equal(t, Quit, newSession(t).Eval(".quit ").Kind)
}

// An error about a name defined twice names the first definition as
// .program and .bt number the typed lines, typed:N, not by the line of the
// source the session builds (which starts with the loaded file's
// %include), nor as the file "repl" that is nowhere.
func TestErrorsNameTypedLines(t *testing.T) {
	t.Chdir(t.TempDir())
	require.NoError(t, os.WriteFile("lib.asm", []byte("f: ret ; nowarn\n"), 0o644))
	play(t, newSession(t), []step{
		{"top: nop", "top = 0\n"},
		{"%define N 5", "no changes\n"},
		{"top: inc eax", "in:1: error: label 'top' already defined at typed:1\n"},
		{"%define N 6", "in:9: error: 'N' already defined by %define at typed:2\n"},
		{"f: nop", "f = 1\n"},
		{"f: nop", "in:1: error: label 'f' already defined at typed:3\n"},
	})
	play(t, newSession(t), []step{
		{".load lib.asm", "loaded lib.asm: 1 word of code, 0 of data, 1 label\n"},
		{"top: nop", "top = 1\n"},
		{"%define N 5", "no changes\n"},
		{"top: inc eax", "in:1: error: label 'top' already defined at typed:1\n"},
		{"%define N 6", "in:9: error: 'N' already defined by %define at typed:2\n"},
		{"f: nop", "in:1: error: label 'f' already defined at lib.asm:1\n"},
	})
}

// .load counts what it loaded in words people say: one label is "1
// label", not "1 labels".
func TestLoadCounts(t *testing.T) {
	t.Chdir(t.TempDir())
	require.NoError(t, os.WriteFile("one.asm", []byte("section .data\nx: dd 7 ; nowarn\nsection .text\nnop\n"), 0o644))
	require.NoError(t, os.WriteFile("none.asm", []byte("; nothing yet\n"), 0o644))
	play(t, newSession(t), []step{
		{".load one.asm", "loaded one.asm: 1 word of code, 1 of data, 1 label\n"},
		{".load none.asm", "loaded none.asm: 0 words of code, 0 of data, 0 labels\n"},
	})
}

// Eval refuses a line longer than MaxLine before the assembler sees it.
func TestLineTooLong(t *testing.T) {
	nop := "nop" + strings.Repeat(" ", MaxLine-3)
	play(t, newSession(t), []step{
		{nop + "\r\n", "no changes\n"},
		{nop + ";", "in: error: the line is longer than 4 KiB, the limit for a line\n"},
		{".program", "   1      0  nop\n"},
	})
}

// .undo puts eip back where it was: after a hlt, at the hlt (found by
// FuzzSession: it went to the end of the code).
func TestUndoAfterHlt(t *testing.T) {
	play(t, newSession(t), []step{
		{"hlt", "halted\n"},
		{"A:", "A = 1\n"},
		{".undo", "undid A:: no changes\n"},
		{".regs", "eax=0 ebx=0 ecx=0 edx=0 esp=4096 ebp=4096 eip=0 rem=0 flags=0 esi=0 edi=0\nflags: -\n"},
		{"mov eax, 1", "eax 0 -> 1\n"},
	})
}

// TestTypedNamesKeepColumns: a message's place in the typed program keeps
// its column when the line is renamed: repl:N:C becomes typed:M:C.
func TestTypedNamesKeepColumns(t *testing.T) {
	s := newSession(t)
	n := 1 + strings.Count(header(s.file), "\n") // the first typed line in the source
	require.Equal(t, "at typed:1:7 and typed:1", s.typedNames(fmt.Sprintf("at %s:%d:7 and %s:%d", replFile, n, replFile, n)))
}
