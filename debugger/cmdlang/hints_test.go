package cmdlang

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/debugger/internal/testprogs"
)

// help answers an x86 instruction cpu32 lacks with what to write instead,
// from the assembler's hint table.
func TestHelpForX86Habits(t *testing.T) {
	s := newSess(t, testprogs.Fib)
	require.Equal(t, "loop is not a cpu32 instruction (loop again): cpu32 has no loop: write 'dec ecx', 'cmp ecx, 0', 'jne again' (dec sets no flags, so the cmp is needed)",
		run(t, s, "help loop"))
	require.Equal(t, "int is not a cpu32 instruction (int 0x80): cpu32 has no interrupts or system calls: print with prn (a number) or prc (a character), stop with hlt",
		run(t, s, "help INT"))
	_, err := s.Exec("lea")
	require.EqualError(t, err, `unknown command "lea" (for the instruction, try help lea)`)
}
