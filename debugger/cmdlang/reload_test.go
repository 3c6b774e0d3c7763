package cmdlang

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/debugger"
	"cpu32/image"
)

// source is a file the test edits between reloads.
type source struct {
	t    *testing.T
	text string
}

func (f *source) load() (*image.Program, string, error) {
	p, warns, err := assembler.AssembleWithWarnings("prog.asm", []byte(f.text), assembler.Options{})
	if err != nil {
		return nil, "", err
	}
	w := ""
	if len(warns) > 0 {
		w = warns.Error()
	}
	return p, w, nil
}

const countSrc = `section .data
n: dd 3
section .text
start: mov ecx, [n]
again: prn ecx
  dec ecx
  cmp ecx, 0
  jg again
  hlt
`

// The edited file: a line and a comment added above the loop, the loop's
// body longer.
const countSrc2 = `section .data
n: dd 3
section .text
start: mov ecx, [n]
  mov eax, 0
; the loop
again: prn ecx
  add eax, ecx
  dec ecx
  cmp ecx, 0
  jg again
  hlt
`

func TestReload(t *testing.T) {
	f := &source{t: t, text: countSrc}
	s := newSess(t, f.text)
	s.SetLoader(f.load)
	run(t, s, "break again", "break 6", "break 9", "watch [n]", "watch ecx", "break 7 if ecx == 1", "disable 5", "continue")
	require.Equal(t, 5, line(s))

	f.text = countSrc2
	out := run(t, s, "reload")
	require.Equal(t, "reloaded and restarted: 8 instructions; 6 breakpoints and watchpoints kept\n"+
		"breakpoint 1 (again) moved from prog.asm:5 to prog.asm:7\n"+
		"breakpoint 2 moved from prog.asm:6 to prog.asm:7", out)
	require.Equal(t, uint64(0), s.Status().Steps, "restarted")
	require.Equal(t, "", s.Output())
	bps := s.Breakpoints()
	require.Len(t, bps, 4)
	require.Equal(t, []int{1, 2, 3, 6}, []int{bps[0].ID, bps[1].ID, bps[2].ID, bps[3].ID}, "ids are kept")
	require.Equal(t, 7, bps[0].Line, "a label breakpoint follows its label")
	require.Equal(t, 9, bps[2].Line, "line 9 has code in the new file too: dec ecx")
	require.Equal(t, 7, bps[3].Line, "line 7 too: prn ecx")
	require.Equal(t, "ecx == 1", bps[3].Cond)
	wps := s.Watchpoints()
	require.Len(t, wps, 2)
	require.Equal(t, 4, wps[0].ID)
	require.Equal(t, 5, wps[1].ID)
	require.False(t, wps[1].Enabled, "disabled stays disabled")

	// The new program runs, and stops at the kept breakpoints.
	run(t, s, "continue")
	require.Equal(t, 7, line(s))
	out = run(t, s, "print eax")
	require.Equal(t, "eax = 0 (0x00000000)", out)

	// A later edit removes the lines a breakpoint was on.
	f.text = "start: prn 1\n"
	out = run(t, s, "reload")
	require.Equal(t, "reloaded and restarted: 1 instruction; 1 breakpoint or watchpoint kept\n"+
		"breakpoint 1 (again) could not be placed and is deleted: no label \"again\"\n"+
		"breakpoint 2 could not be placed and is deleted: no code at or below line 7 of prog.asm\n"+
		"breakpoint 3 could not be placed and is deleted: no code at or below line 9 of prog.asm\n"+
		"breakpoint 6 could not be placed and is deleted: no code at or below line 7 of prog.asm\n"+
		"watchpoint 4 ([n]) could not be placed and is deleted: no register or label named \"n\"", out)
	require.Equal(t, []debugger.Watchpoint{{ID: 5, Expr: "ecx", Addr: 2}}, s.Watchpoints(), "the register watch stays, still disabled")
	run(t, s, "continue")
	require.Equal(t, "1\n", s.Output())
}

// A program that does not assemble leaves the old one running, where it
// was.
func TestReloadKeepsTheOldProgramOnErrors(t *testing.T) {
	f := &source{t: t, text: countSrc}
	s := newSess(t, f.text)
	s.SetLoader(f.load)
	run(t, s, "break again", "continue", "step")
	before := snap(s)
	f.text = "start: mvo eax, 1\n"
	_, err := s.Exec("reload")
	require.EqualError(t, err, "the program did not reload; the old one is still running:\n"+
		"prog.asm:1:8: unknown instruction 'mvo' (did you mean 'mov'?)\nstart: mvo eax, 1\n       ^")
	requireSame(t, before, snap(s))
	require.Len(t, s.Breakpoints(), 1)
	run(t, s, "continue", "continue")
	require.Equal(t, "3\n2\n", s.Output())
}

func TestReloadWarningsAndNoLoader(t *testing.T) {
	f := &source{t: t, text: "start: nop\nspare: hlt\n"}
	s := newSess(t, countSrc)
	_, err := s.Exec("reload")
	require.True(t, errors.Is(err, debugger.ErrNoLoader))
	s.SetLoader(f.load)
	out := run(t, s, "reload")
	require.Equal(t, "reloaded and restarted: 2 instructions; no breakpoints or watchpoints kept\n"+
		"prog.asm:2:1: warning: label 'spare' is defined but never used\nspare: hlt\n^", out)

	// A program too large for the machine is refused, and nothing changes.
	_, err = s.Reload(&image.Program{Code: []uint32{0}, Data: make([]uint32, 8000)})
	require.EqualError(t, err, "bad machine configuration: memory of 4096 words cannot hold the 32 reserved words, 8000 words of data and a 256-word stack (8288 needed)")
	require.Equal(t, 2, len(s.Program().Code))
}
