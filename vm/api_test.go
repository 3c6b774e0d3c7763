package vm_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/cpu"
	"cpu32/vm"
)

// vm's kinds and states are the interpreter's names (--json's), one
// constant each: a kind the cpu adds must be added here too.
func TestKindsAndStatesAreTheMachines(t *testing.T) {
	kinds := map[cpu.FaultKind]vm.FaultKind{
		cpu.DivideByZero: vm.DivideByZero, cpu.StackOverflow: vm.StackOverflow, cpu.StackUnderflow: vm.StackUnderflow,
		cpu.MemoryOutOfRange: vm.MemoryOutOfRange, cpu.EIPOutOfRange: vm.EIPOutOfRange,
		cpu.InvalidInstruction: vm.InvalidInstruction, cpu.StepLimit: vm.StepLimit, cpu.OutputLimit: vm.OutputLimit,
		cpu.EndOfInput: vm.EndOfInput, cpu.InvalidInput: vm.InvalidInput, cpu.HostError: vm.HostError, cpu.WriteError: vm.WriteError,
	}
	require.Len(t, kinds, len(cpu.FaultKinds()))
	for _, k := range cpu.FaultKinds() {
		require.Equal(t, k.String(), string(kinds[k]))
	}
	for s, want := range map[cpu.State]vm.State{cpu.Ready: vm.Ready, cpu.Ended: vm.Ended, cpu.Halted: vm.Halted, cpu.Faulted: vm.Faulted} {
		require.Equal(t, s.String(), string(want))
	}
}

// A host function's panic keeps where it happened, and a panic with an
// error unwraps to it, as do one in the output writer and one in the
// input reader.
func TestPanicKeepsItsStackAndUnwraps(t *testing.T) {
	p, err := vm.Assemble("p.asm", "extern eof\ncall eof\nprn 1\nrdn eax")
	require.NoError(t, err)
	m, err := vm.New(p, vm.Config{})
	require.NoError(t, err)
	m.Register("eof", func(*vm.Host) (int32, error) { panic(io.EOF) })
	err = m.Run(context.Background())
	require.ErrorIs(t, err, io.EOF)
	var pe *vm.PanicError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, io.EOF, pe.Value)
	require.Contains(t, string(pe.Stack), "TestPanicKeepsItsStackAndUnwraps", "the stack where it panicked")
	require.EqualError(t, err, "host-error at p.asm:2 (eip 0): eof: panic: EOF")

	errW, errR := errors.New("writer"), errors.New("reader")
	m, err = vm.New(p, vm.Config{Output: panicWith{errW}, Input: panicWith{errR}})
	require.NoError(t, err)
	m.Register("eof", func(*vm.Host) (int32, error) { return 0, nil })
	err = m.Run(context.Background())
	require.ErrorIs(t, err, errW)
	require.ErrorAs(t, err, &pe)
	require.Contains(t, string(pe.Stack), "panicWith.Write")

	p, err = vm.Assemble("r.asm", "rdn eax")
	require.NoError(t, err)
	m, err = vm.New(p, vm.Config{Input: panicWith{errR}})
	require.NoError(t, err)
	err = m.Run(context.Background())
	require.ErrorIs(t, err, errR)
	require.ErrorAs(t, err, &pe)
	require.Contains(t, string(pe.Stack), "panicWith.Read")
}

// panicWith panics with its error on every use.
type panicWith struct{ err error }

func (p panicWith) Write([]byte) (int, error) { panic(p.err) }
func (p panicWith) Read([]byte) (int, error)  { panic(p.err) }

// Typed host functions: words in and out, the call's context, and errors
// that count arguments from 0 as Arg does.
func TestTypedHostFunctions(t *testing.T) {
	p, err := vm.Assemble("t.asm", "extern zero, neg, minus, mad, far\n"+
		"f0: call zero\nret\n"+
		"f1: push [esp+1]\ncall neg\nadd esp, 1\nret\n"+
		"f2: push [esp+2]\npush [esp+2]\ncall minus\nadd esp, 2\nret\n"+
		"f3: push [esp+3]\npush [esp+3]\npush [esp+3]\ncall mad\nadd esp, 3\nret\n"+
		"f4: call far\nret\n")
	require.NoError(t, err)
	m, err := vm.New(p, vm.Config{})
	require.NoError(t, err)
	type key struct{}
	vm.RegisterFunc0(m, "zero", func(ctx context.Context) (int32, error) {
		v, _ := ctx.Value(key{}).(int32)
		return v, nil
	})
	vm.RegisterFunc1(m, "neg", func(_ context.Context, a int32) (int32, error) { return -a, nil })
	vm.RegisterFunc2(m, "minus", func(_ context.Context, a int32, b uint32) (uint32, error) { return uint32(a) - b, nil })
	vm.RegisterFunc3(m, "mad", func(_ context.Context, a, b, c int32) (int32, error) { return a*b + c, nil })
	vm.RegisterFunc3(m, "far", func(_ context.Context, a, b, c int32) (int32, error) { return 0, nil })

	ctx := context.WithValue(context.Background(), key{}, int32(77))
	for _, tc := range []struct {
		fn   string
		args []int32
		want int32
	}{{"f0", nil, 77}, {"f1", []int32{5}, -5}, {"f2", []int32{10, 3}, 7}, {"f3", []int32{6, 7, 8}, 50}} {
		got, err := m.CallContext(ctx, tc.fn, tc.args...)
		require.NoError(t, err, tc.fn)
		require.Equal(t, tc.want, got, tc.fn)
	}
	// far reads three arguments from a stack that holds one word above
	// the return address (Call's own return address): argument 1 is the
	// first that is missing (it used to say 2).
	_, err = m.Func("f4").Call(ctx)
	require.ErrorIs(t, err, vm.ErrOutOfRange)
	require.EqualError(t, err, "host-error at t.asm:19 (eip 33): far: argument 1 is outside memory: the stack holds 1 words above the return address")
	m.Reset()
	m.Register("far", func(h *vm.Host) (int32, error) { return h.Arg(100000000) })
	_, err = m.Func("f4").Call(ctx)
	require.EqualError(t, err, "host-error at t.asm:19 (eip 33): far: argument 100000000 is outside memory: the stack holds 1 words above the return address")
	m.Reset()
	m.Register("far", func(h *vm.Host) (int32, error) { return h.Arg(-1) })
	_, err = m.Func("f4").Call(ctx)
	require.EqualError(t, err, "host-error at t.asm:19 (eip 33): far: argument -1 does not exist (the first is 0)")
}

// A HostFunc gets the context of the Run or Call it is called from.
func TestHostContext(t *testing.T) {
	p, err := vm.Assemble("c.asm", "extern which\njmp main\nf: call which\nret\nmain: call which")
	require.NoError(t, err)
	m, err := vm.New(p, vm.Config{})
	require.NoError(t, err)
	type key struct{}
	m.Register("which", func(h *vm.Host) (int32, error) {
		v, _ := h.Context().Value(key{}).(int32)
		return v, nil
	})
	for _, v := range []int32{1, 2} {
		got, err := m.CallContext(context.WithValue(context.Background(), key{}, v), "f")
		require.NoError(t, err)
		require.Equal(t, v, got)
	}
	require.NoError(t, m.Run(context.WithValue(context.Background(), key{}, int32(3))))
	eax, _ := m.Reg("eax")
	require.Equal(t, int32(3), eax)
}

// A Func is looked up once; CallWith's limits are the call's own, and
// its Result says what the call cost. Config.MaxOutput, like MaxSteps,
// bounds each call, not the calls together.
func TestFuncAndLimits(t *testing.T) {
	p, err := vm.Assemble("f.asm", "hlt\nthree: prc 'a'\nprc 'b'\nprc 'c'\nmov eax, 3\nret\nspin: jmp spin\n.data\nx: dd 0")
	require.NoError(t, err)
	var out strings.Builder
	m, err := vm.New(p, vm.Config{MaxSteps: 50, MaxOutput: 4, Output: &out})
	require.NoError(t, err)
	three := m.Func("three")
	require.NoError(t, three.Err())
	require.Equal(t, "three", three.Name())
	for range 3 { // 3 x 3 bytes: more than 4 together
		r, err := three.CallWith(context.Background(), vm.Limits{})
		require.NoError(t, err)
		require.Equal(t, vm.Result{Value: 3, Steps: 5, Output: 3}, r)
	}
	require.Equal(t, "abcabcabc", out.String())

	r, err := three.CallWith(context.Background(), vm.Limits{MaxOutput: 2})
	require.ErrorIs(t, err, vm.ErrOutputLimit)
	require.EqualError(t, err, "output-limit at f.asm:4 (eip 5): output limit of 2 bytes reached")
	require.Equal(t, vm.Result{Steps: 2, Output: 2}, r, "what it ran and printed before the fault")
	m.Reset()

	spin := m.Func("spin")
	r, err = spin.CallWith(context.Background(), vm.Limits{MaxSteps: 7})
	require.ErrorIs(t, err, vm.ErrStepLimit)
	require.EqualError(t, err, "step-limit at f.asm:7 (eip 11): step limit of 7 reached")
	require.Equal(t, uint64(7), r.Steps)
	m.Reset()
	_, err = spin.Call(context.Background())
	require.EqualError(t, err, "step-limit at f.asm:7 (eip 11): step limit of 50 reached", "the Config's limit")

	for _, name := range []string{"nosuch", "x"} {
		f := m.Func(name)
		require.ErrorIs(t, f.Err(), vm.ErrUnknownFunction)
		_, err = f.Call(context.Background())
		require.ErrorIs(t, err, vm.ErrUnknownFunction)
		_, err = m.Call(name)
		require.ErrorIs(t, err, vm.ErrUnknownFunction)
	}
	_, err = m.Reg("rax")
	require.ErrorIs(t, err, vm.ErrUnknownRegister)
	_, err = m.LoadLabel("three")
	require.ErrorIs(t, err, vm.ErrUnknownLabel)
	_, err = m.Load(1 << 30)
	var re *vm.RangeError
	require.ErrorAs(t, err, &re)
}

// A Call, by name or by Func, allocates nothing, nor does a host call of a
// typed function; a HostFunc's call allocates its *Host.
func TestCallAllocations(t *testing.T) {
	p, err := vm.Assemble("a.asm", "extern typed, plain\nhlt\nsum: mov eax, [esp+1]\nadd eax, [esp+2]\nret\n"+
		"t: push 4\ncall typed\nadd esp, 1\nret\np: push 4\ncall plain\nadd esp, 1\nret")
	require.NoError(t, err)
	m, err := vm.New(p, vm.Config{MaxSteps: 100})
	require.NoError(t, err)
	vm.RegisterFunc1(m, "typed", func(_ context.Context, x int32) (int32, error) { return x, nil })
	m.Register("plain", func(h *vm.Host) (int32, error) { return h.Arg(0) })
	ctx := context.Background()
	sum, typed, plain := m.Func("sum"), m.Func("t"), m.Func("p")
	for _, tc := range []struct {
		name string
		call func() (int32, error)
		want float64
	}{
		{"Call", func() (int32, error) { return m.Call("sum", 2, 3) }, 0},
		{"Func.Call", func() (int32, error) { return sum.Call(ctx, 2, 3) }, 0},
		{"typed host call", func() (int32, error) { return typed.Call(ctx) }, 0},
		{"HostFunc call", func() (int32, error) { return plain.Call(ctx) }, 1},
	} {
		var err error
		allocs := testing.AllocsPerRun(100, func() { _, err = tc.call() })
		require.NoError(t, err, tc.name)
		require.Equal(t, tc.want, allocs, tc.name)
	}
}

// A Machine or Program not made by this package gives ErrNoProgram, never
// a nil-pointer panic.
func TestZeroValues(t *testing.T) {
	_, err := vm.New(nil, vm.Config{})
	require.ErrorIs(t, err, vm.ErrNoProgram)
	_, err = vm.New(&vm.Program{}, vm.Config{})
	require.ErrorIs(t, err, vm.ErrNoProgram)
	_, err = (&vm.Program{}).Image()
	require.ErrorIs(t, err, vm.ErrNoProgram)
	require.Nil(t, (&vm.Program{}).Externs())
	require.Nil(t, (*vm.Program)(nil).Warnings())

	for _, m := range []*vm.Machine{{}, nil} {
		require.ErrorIs(t, m.Run(context.Background()), vm.ErrNoProgram)
		_, err = m.Call("f", 1)
		require.ErrorIs(t, err, vm.ErrNoProgram)
		_, err = m.Func("f").Call(context.Background())
		require.ErrorIs(t, err, vm.ErrNoProgram)
		_, err = m.Reg("eax")
		require.ErrorIs(t, err, vm.ErrNoProgram)
		require.ErrorIs(t, m.SetReg("eax", 1), vm.ErrNoProgram)
		_, err = m.Load(0)
		require.ErrorIs(t, err, vm.ErrNoProgram)
		require.ErrorIs(t, m.Store(0, 1), vm.ErrNoProgram)
		_, err = m.Addr("x")
		require.ErrorIs(t, err, vm.ErrNoProgram)
		_, err = m.LoadLabel("x")
		require.ErrorIs(t, err, vm.ErrNoProgram)
		require.ErrorIs(t, m.StoreLabel("x", 1), vm.ErrNoProgram)
		_, err = m.InputLeft()
		require.ErrorIs(t, err, vm.ErrNoProgram)
		m.Register("f", func(*vm.Host) (int32, error) { return 0, nil })
		vm.RegisterFunc0(m, "g", func(context.Context) (int32, error) { return 0, nil })
		m.RegisterStandard(1)
		m.Reset()
		m.SetFlags(vm.Flags{ZF: true})
		require.Equal(t, []any{vm.State(""), uint64(0), (*vm.Fault)(nil), vm.Flags{}},
			[]any{m.Status(), m.Steps(), m.Fault(), m.Flags()})
	}
}

// Reset brings back the machine New made: what a call wrote anywhere in
// memory is zero again, the data is the program's, the registers and the
// counts are the start's.
func TestResetAfterWritesAnywhere(t *testing.T) {
	p, err := vm.Assemble("w.asm", "hlt\nscribble: mov [x], 99\nmov [200000], 5\nmov [100], 6\nmov eax, 1\nhlt\n.data\nx: dd 42")
	require.NoError(t, err)
	m, err := vm.New(p, vm.Config{})
	require.NoError(t, err)
	fresh := func() []int32 {
		var ws []int32
		for _, a := range []uint32{0, 4, 5, 6, 100, 200000, 262143} {
			w, err := m.Load(a)
			require.NoError(t, err)
			ws = append(ws, w)
		}
		x, _ := m.LoadLabel("x")
		return append(ws, x)
	}
	want := fresh()
	require.Equal(t, []int32{0, 262144, 262144, 0, 0, 0, 0, 42}, want)
	for range 3 {
		_, err = m.Call("scribble")
		require.ErrorContains(t, err, "no-return", "it halts instead of returning")
		require.NotEqual(t, want, fresh())
		m.Reset()
		require.Equal(t, want, fresh())
		require.Equal(t, []any{vm.Ready, uint64(0)}, []any{m.Status(), m.Steps()})
	}
}
