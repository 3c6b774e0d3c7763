package debugger

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
)

// zeros is an input that never ends, like /dev/zero.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// A session keeps its whole input for step back and restart, so an input
// that never ends is refused once it passes MaxInput, not read until the
// machine runs out of memory.
func TestEndlessInputIsRefused(t *testing.T) {
	p, err := assembler.Assemble("in.asm", []byte("rdc eax\n"), assembler.Options{})
	require.NoError(t, err)
	_, err = NewSession(p, cpu.Config{Input: zeros{}})
	require.EqualError(t, err, "debugger: reading the input: larger than 64 MiB, the limit for a program's input")
}
