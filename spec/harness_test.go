// Package spec is cpu32's executable specification: every instruction,
// addressing mode, flag rule, fault kind and class of assembler error, each
// written as a small assembly snippet with the state it must produce.
// README.md beside this file states, in words, the rules these tests check.
package spec

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/isa"
	"cpu32/memory"
)

// result is what running a snippet produced.
type result struct {
	out   string
	steps uint64
	state cpu.State
	fault *cpu.Fault
	c     *cpu.CPU
}

// reg returns a register's value as a signed number, as --json shows it.
func (r result) reg(x memory.Reg) int32 { return int32(r.c.Memory().Reg(x)) }

// mem returns the word at addr as a signed number.
func (r result) mem(t *testing.T, addr uint32) int32 {
	t.Helper()
	v, err := r.c.Memory().Load(addr)
	require.NoError(t, err)
	return int32(v)
}

// flags returns the flags word.
func (r result) flags() uint32 { return r.c.Memory().Reg(memory.FLAGS) }

// run assembles src as "spec.asm" and runs it to its end on a machine
// configured by cfg (cfg.Out is replaced by a capture).
func run(t *testing.T, src string, cfg cpu.Config) result {
	t.Helper()
	p, err := assembler.Assemble("spec.asm", []byte(src), assembler.Options{})
	require.NoError(t, err, "snippet should assemble:\n%s", src)
	var out bytes.Buffer
	cfg.Out = &out
	c, err := cpu.New(p, cfg)
	require.NoError(t, err)
	err = c.RunToEnd()
	r := result{out: out.String(), steps: c.Steps(), state: c.State(), fault: c.Fault(), c: c}
	if err != nil {
		var f *cpu.Fault
		require.True(t, errors.As(err, &f), "a run error must be a *cpu.Fault: %v", err)
	}
	return r
}

// asmError assembles src and returns the full diagnostics text.
func asmError(t *testing.T, src string) string {
	t.Helper()
	_, err := assembler.Assemble("spec.asm", []byte(src), assembler.Options{})
	require.Error(t, err, "snippet should not assemble:\n%s", src)
	return err.Error()
}

// regs is an expectation on some registers.
type regs map[memory.Reg]int32

func requireRegs(t *testing.T, r result, want regs) {
	t.Helper()
	for reg, v := range want {
		require.Equal(t, v, r.reg(reg), "register %s", reg)
	}
}

// flagBits spells a flags word for failure messages.
var _ = isa.ZF
