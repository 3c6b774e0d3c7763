package debugger

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/memory"
)

func newSess(t testing.TB, src string, opts ...Option) *Session {
	t.Helper()
	p, err := assembler.Assemble("prog.asm", []byte(src), assembler.Options{})
	require.NoError(t, err)
	s, err := NewSession(p, cpu.Config{Memory: 4096, Stack: 256}, opts...)
	require.NoError(t, err)
	return s
}

func reg(s *Session, r memory.Reg) int32 { return int32(s.CPU().Memory().Reg(r)) }
