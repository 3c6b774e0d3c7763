package cmdlang

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/host"
	"cpu32/memory"
)

const hostSrc = `extern print_hex, rand
  push 255
  call print_hex
  add esp, 1
  push 1000
  call rand
  add esp, 1
  prn eax
`

// The debugger steps over a host call as one instruction, with its result
// in eax and its output in the output; stepping back over rand and forward
// again draws the same number.
func TestHostCallStep(t *testing.T) {
	p, err := assembler.Assemble("prog.asm", []byte(hostSrc), assembler.Options{})
	require.NoError(t, err)
	s, err := newInterp(p, cpu.Config{Host: host.Map(7)})
	require.NoError(t, err)
	run(t, s, "step")
	out := run(t, s, "step")
	assert.Contains(t, out, "prog.asm:4 (eip 4): add esp, 1")
	assert.Equal(t, uint64(2), s.Status().Steps, "the call is one step")
	assert.Equal(t, int32(255), reg(s, memory.EAX))
	assert.Equal(t, "0xFF\n", s.Output())

	run(t, s, "step 2")
	run(t, s, "next")
	drawn := reg(s, memory.EAX)
	assert.Equal(t, uint64(5), s.Status().Steps, "next over a host call is one step too")
	assert.True(t, drawn >= 0 && drawn < 1000, "rand(1000) drew %d", drawn)
	run(t, s, "reverse-step")
	assert.Equal(t, int32(255), reg(s, memory.EAX), "step back undoes the call's eax")
	run(t, s, "step")
	assert.Equal(t, drawn, reg(s, memory.EAX), "the same number again")
	run(t, s, "continue")
	assert.Equal(t, cpu.Ended, s.Status().State)
	assert.Equal(t, fmt.Sprintf("0xFF\n%d\n", drawn), s.Output())
}

// help names the input instructions as it does every other, from the
// opcode table.
func TestHelpInput(t *testing.T) {
	s := newSess(t, readSrc)
	assert.Equal(t, `rdn: dst = a signed decimal read from the input (white space skipped); end of input or not a number faults
  syntax:  rdn dst
  flags:   unchanged
  example: rdn eax
  opcode:  0x2A, 2 words`, run(t, s, "help rdn"))
	assert.Contains(t, run(t, s, "help rdc"), "rdc: dst = the code point of one UTF-8 character read from the input; -1 at the end of the input\n")
}
