package vm_test

import (
	"context"
	"fmt"
	"testing"

	"cpu32/vm"
)

// benchMachine is a machine with three small functions: sum, in assembly;
// twice, which calls the host function hosttwice (a HostFunc); and
// twice2, which calls typedtwice (registered by RegisterFunc1).
func benchMachine(b *testing.B) *vm.Machine {
	b.Helper()
	p, err := vm.Assemble("b.asm", "extern hosttwice, typedtwice\nhlt\nsum:\n  mov eax, [esp+1]\n  add eax, [esp+2]\n  ret\n"+
		"twice:\n  push [esp+1]\n  call hosttwice\n  add esp, 1\n  ret\n"+
		"twice2:\n  push [esp+1]\n  call typedtwice\n  add esp, 1\n  ret\n")
	if err != nil {
		b.Fatal(err)
	}
	m, err := vm.New(p, vm.Config{})
	if err != nil {
		b.Fatal(err)
	}
	m.Register("hosttwice", func(h *vm.Host) (int32, error) {
		x, err := h.Arg(0)
		return 2 * x, err
	})
	vm.RegisterFunc1(m, "typedtwice", func(_ context.Context, x int32) (int32, error) { return 2 * x, nil })
	return m
}

// BenchmarkCall is the cost of calling a three-instruction function from
// Go by its name: what a grader's table of cases pays per case.
func BenchmarkCall(b *testing.B) {
	m := benchMachine(b)
	b.ReportAllocs()
	for b.Loop() {
		if v, err := m.Call("sum", 2, 3); err != nil || v != 5 {
			b.Fatal(v, err)
		}
	}
}

// BenchmarkFuncCall is BenchmarkCall through a Func looked up once.
func BenchmarkFuncCall(b *testing.B) {
	f := benchMachine(b).Func("sum")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if v, err := f.Call(ctx, 2, 3); err != nil || v != 5 {
			b.Fatal(v, err)
		}
	}
}

// BenchmarkHostCall is Call of a function that calls a HostFunc.
func BenchmarkHostCall(b *testing.B) {
	m := benchMachine(b)
	b.ReportAllocs()
	for b.Loop() {
		if v, err := m.Call("twice", 21); err != nil || v != 42 {
			b.Fatal(v, err)
		}
	}
}

// BenchmarkTypedHostCall is a Func's call of a function that calls a
// function registered by RegisterFunc1.
func BenchmarkTypedHostCall(b *testing.B) {
	f := benchMachine(b).Func("twice2")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if v, err := f.Call(ctx, 21); err != nil || v != 42 {
			b.Fatal(v, err)
		}
	}
}

// BenchmarkNew is the cost of a fresh machine, at the default memory and
// at 64 times it: what a grader that starts each student afresh pays.
func BenchmarkNew(b *testing.B) {
	p, err := vm.AssembleFile("../programs/gcd.asm")
	if err != nil {
		b.Fatal(err)
	}
	for _, words := range []int{262144, 1 << 24} {
		b.Run(fmt.Sprint(words), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := vm.New(p, vm.Config{Memory: words}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReset is the cost of Reset after a call, at the default
// memory: what a grader pays between cases.
func BenchmarkReset(b *testing.B) {
	m := benchMachine(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Call("sum", 2, 3); err != nil {
			b.Fatal(err)
		}
		m.Reset()
	}
}
