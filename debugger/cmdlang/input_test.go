package cmdlang

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/memory"
)

const readSrc = `rdn eax
  rdn ebx
  add eax, ebx
  prn eax
  rdc ecx
  rdc edx
`

// Without --input, a program that reads waits for the user: the run stops
// before the rdn, says so, and `input TEXT` feeds it a line.
func TestInputWaits(t *testing.T) {
	s := newSess(t, readSrc)
	out := run(t, s, "continue")
	assert.Contains(t, out, "waiting for input at prog.asm:1: type `input TEXT` (or `input -end`), then go on")
	st := s.Status()
	assert.True(t, st.Waiting)
	assert.Equal(t, cpu.Ready, st.State)
	assert.Equal(t, uint64(0), st.Steps)

	assert.Equal(t, `input: "20\n"`, run(t, s, "input 20"))
	out = run(t, s, "continue")
	assert.Contains(t, out, "waiting for input at prog.asm:2")
	assert.Equal(t, uint64(1), s.Status().Steps)
	run(t, s, "input  22 ", "continue")
	assert.Equal(t, "42\n", s.Output())
	assert.Equal(t, int32(10), reg(s, memory.ECX), "the newline after 22")
	assert.True(t, s.Status().Waiting, "rdc waits too")
	run(t, s, "input -end", "continue")
	assert.Equal(t, cpu.Ended, s.Status().State)
	assert.Equal(t, int32(-1), reg(s, memory.EDX), "the end of the input")
	_, err := s.Exec("input more")
	assert.ErrorContains(t, err, "the input has ended")

	// Stepping back over the rdns and forward again reads the same
	// numbers, without waiting; so does a restart.
	run(t, s, "reverse-step 6")
	assert.Equal(t, uint64(0), s.Status().Steps)
	run(t, s, "continue")
	assert.Equal(t, cpu.Ended, s.Status().State)
	assert.Equal(t, "42\n", s.Output())
	run(t, s, "restart", "continue")
	assert.Equal(t, cpu.Ended, s.Status().State)
	assert.Equal(t, "42\n", s.Output())
}

// With an input given at the start, the program reads it and never waits;
// its end is the end of the input.
func TestInputGiven(t *testing.T) {
	p, err := assembler.Assemble("prog.asm", []byte(readSrc), assembler.Options{})
	require.NoError(t, err)
	s, err := newInterp(p, cpu.Config{Input: strings.NewReader("1 2")})
	require.NoError(t, err)
	run(t, s, "continue")
	assert.Equal(t, cpu.Ended, s.Status().State)
	assert.Equal(t, "3\n", s.Output())
	assert.Equal(t, int32(-1), reg(s, memory.ECX))
	_, err = s.Exec("input 5")
	assert.ErrorContains(t, err, "the input has ended")

	s, err = newInterp(p, cpu.Config{Input: strings.NewReader("1 x")})
	require.NoError(t, err)
	out := run(t, s, "continue")
	assert.Equal(t, "fault: invalid-input at prog.asm:2 (eip 2): rdn expected a number, found \"x\"\nprog.asm:2 (eip 2): rdn ebx", strings.TrimSpace(out))
}
