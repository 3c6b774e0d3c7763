package spec

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/vm"
)

// The Go API (package vm) keeps the machine's rules: these cases check the
// parts of the contract it adds; vm's own tests check the rest of it.

// spy is a function that keeps what it found on the stack on entry: the
// return address and two arguments.
const spy = `spy:  mov eax, [esp]
      mov [back], eax
      mov eax, [esp+1]
      mov [a1], eax
      mov eax, [esp+2]
      mov [a2], eax
      sub eax, [a1]
      ret
section .data
back: dd 0
a1:  dd 0
a2:  dd 0`

// Call does the caller's half of the C convention: the first argument at
// [esp+1], the second above it, a return address at [esp]; the result is
// eax; afterwards eip and esp are where they were, and what the function
// wrote stays.
func TestEmbedCallConvention(t *testing.T) {
	p, err := vm.Assemble("spy.asm", spy)
	require.NoError(t, err)
	m, err := vm.New(p, vm.Config{})
	require.NoError(t, err)
	eip, _ := m.Reg("eip")
	esp, _ := m.Reg("esp")
	got, err := m.Call("spy", 10, 25)
	require.NoError(t, err)
	require.Equal(t, int32(15), got, "eax: a2 - a1")
	for label, want := range map[string]int32{"a1": 10, "a2": 25} {
		v, err := m.LoadLabel(label)
		require.NoError(t, err)
		require.Equal(t, want, v, label)
	}
	ret, _ := m.LoadLabel("back")
	require.NotZero(t, ret, "a return address was at [esp]")
	for reg, want := range map[string]int32{"eip": eip, "esp": esp} {
		v, _ := m.Reg(reg)
		require.Equal(t, want, v, reg)
	}
}

// A Go host function sees the convention as an assembly callee does: its
// first argument is the last one pushed; a host call is one step.
func TestEmbedHostConvention(t *testing.T) {
	p, err := vm.Assemble("h.asm", "extern sub2\npush 30\npush 12\ncall sub2\nadd esp, 2\nprn eax")
	require.NoError(t, err)
	var out bytes.Buffer
	m, err := vm.New(p, vm.Config{Output: &out})
	require.NoError(t, err)
	m.Register("sub2", func(h *vm.Host) (int32, error) {
		a, err := h.Arg(0)
		if err != nil {
			return 0, err
		}
		b, err := h.Arg(1)
		return a - b, err
	})
	require.NoError(t, m.Run(context.Background()))
	require.Equal(t, "-18\n", out.String())
	require.Equal(t, uint64(5), m.Steps())
}

// vm's faults are the machine's: the --json kind names, the faulting line;
// a host function's error or panic is a host-error at the call; an extern
// nobody registered stops the program before its first step, naming it and
// its line.
func TestEmbedFaults(t *testing.T) {
	errBad := errors.New("bad day")
	for _, tc := range []struct {
		src  string
		kind vm.FaultKind
		msg  string
		line int
	}{
		{"mov eax, 0\nprn 1\ndiv ebx, eax", vm.DivideByZero, "division by zero", 3},
		{"prn 1\nrdn eax", vm.EndOfInput, "rdn at the end of the input", 2},
		{"extern fail\nprn 1\ncall fail", vm.HostError, "fail: bad day", 3},
		{"extern boom\nprn 1\ncall boom", vm.HostError, "boom: panic: nil map", 3},
	} {
		p, err := vm.Assemble("f.asm", tc.src)
		require.NoError(t, err)
		var out bytes.Buffer
		m, err := vm.New(p, vm.Config{Output: &out})
		require.NoError(t, err)
		m.Register("fail", func(*vm.Host) (int32, error) { return 0, errBad })
		m.Register("boom", func(*vm.Host) (int32, error) { panic("nil map") })
		err = m.Run(context.Background())
		var f *vm.Fault
		require.ErrorAs(t, err, &f, tc.src)
		require.Equal(t, []any{tc.kind, tc.msg, "f.asm", tc.line}, []any{f.Kind, f.Message, f.File, f.Line}, tc.src)
		require.Equal(t, "1\n", out.String(), "the output up to the fault is kept")
		require.Equal(t, vm.Faulted, m.Status())
		if tc.kind == vm.HostError && tc.msg == "fail: bad day" {
			require.ErrorIs(t, err, errBad)
		}
	}

	p, err := vm.Assemble("e.asm", "prn 1\nextern nosuch\ncall nosuch")
	require.NoError(t, err)
	var out bytes.Buffer
	m, err := vm.New(p, vm.Config{Output: &out})
	require.NoError(t, err)
	err = m.Run(context.Background())
	var ee *vm.ExternError
	require.ErrorAs(t, err, &ee)
	require.EqualError(t, err, "e.asm:2: extern 'nosuch' is not provided by the host (it provides none)")
	require.Equal(t, []any{uint64(0), ""}, []any{m.Steps(), out.String()}, "nothing ran")
}

// A run stopped by its context, here half way (a host function cancels
// it), and run again ends as one run would.
func TestEmbedRunStoppedAndResumed(t *testing.T) {
	p, err := vm.Assemble("c.asm", "extern stop\nprn 1\ncall stop\nmov ecx, 300000\nl: add eax, ecx\ndec ecx\ncmp ecx, 0\njne l\nprn eax")
	require.NoError(t, err)
	var out bytes.Buffer
	m, err := vm.New(p, vm.Config{Output: &out})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	m.Register("stop", func(*vm.Host) (int32, error) { cancel(); return 0, nil })
	err = m.Run(ctx)
	var stopped *vm.StoppedError
	require.ErrorAs(t, err, &stopped)
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, "1\n", out.String())
	require.Equal(t, vm.Ready, m.Status())
	require.Less(t, stopped.Steps, uint64(2+1+4*300000), "stopped before the end")
	require.Equal(t, stopped.Steps, m.Steps())
	eip, _ := m.Reg("eip")
	require.Equal(t, int32(stopped.EIP), eip)

	require.NoError(t, m.Run(context.Background()))
	require.Equal(t, "1\n2050477040\n", out.String()) // 300000*300001/2, wrapped to 32 bits
	require.Equal(t, uint64(2+1+4*300000+1), m.Steps())
}
