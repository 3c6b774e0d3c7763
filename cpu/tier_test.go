package cpu

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/memory"
)

// Extended runs a host call, rdn or rdc as the interpreter does, for a
// tier that has run some steps the machine has not counted yet: the host
// function sees them, and neither the steps nor eip move.
func TestExtended(t *testing.T) {
	src := "extern steps\nextern fail\nnop\ncall steps\nrdn eax\nrdn [6]\ncall fail\nrdc ebx\n"
	p, err := assembler.Assemble("x.asm", []byte(src), assembler.Options{})
	require.NoError(t, err)
	host := map[string]HostFunc{
		"steps": func(h *Host) (uint32, error) { return uint32(h.Steps()), nil },
		"fail":  func(h *Host) (uint32, error) { return 0, errors.New("no") },
	}
	in := &waiting{s: "42 "}
	c, err := New(p, Config{Host: host, Input: in})
	require.NoError(t, err)
	ws := c.Memory().Words()

	ok, wait := c.Extended(1, 5) // call steps, after 5 steps the tier ran
	require.True(t, ok)
	require.False(t, wait)
	require.Equal(t, uint32(5), ws[memory.EAX])
	require.Equal(t, uint64(0), c.Steps())

	ok, _ = c.Extended(3, 6) // rdn eax
	require.True(t, ok)
	require.Equal(t, uint32(42), ws[memory.EAX])

	ok, wait = c.Extended(5, 7) // rdn [6]: a jump, left to the interpreter
	require.False(t, ok)
	require.False(t, wait)
	require.Equal(t, Ready, c.State())
	require.Equal(t, 1, in.asked)

	ok, _ = c.Extended(9, 7) // rdc ebx: the space after 42
	require.True(t, ok)
	require.Equal(t, uint32(' '), ws[memory.EBX])
	ok, wait = c.Extended(9, 8) // rdc ebx: nothing yet
	require.False(t, ok)
	require.True(t, wait)
	require.Equal(t, Ready, c.State())
	require.Equal(t, uint32(9), ws[memory.EIP])

	ok, wait = c.Extended(7, 8) // call fail
	require.False(t, ok)
	require.False(t, wait)
	require.Equal(t, Faulted, c.State())
	require.Equal(t, uint32(7), c.Fault().EIP)
	require.Equal(t, HostError, c.Fault().Kind)
	require.Equal(t, uint32(7), ws[memory.EIP])
}

// waiting has the bytes of s, then nothing yet, and counts the reads.
type waiting struct {
	s     string
	asked int
}

func (w *waiting) Read(p []byte) (int, error) {
	w.asked++
	if w.s == "" {
		return 0, ErrNoInput
	}
	n := copy(p, w.s)
	w.s = w.s[n:]
	return n, nil
}
