package vm_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"cpu32/vm"
)

// A program runs with its input from an io.Reader and its output to an
// io.Writer.
func Example() {
	prog, err := vm.Assemble("sum.asm", `
        rdn ecx                 ; how many numbers
        mov eax, 0
again:  cmp ecx, 0
        je done
        rdn ebx
        add eax, ebx
        dec ecx
        jmp again
done:   prn eax`)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := vm.New(prog, vm.Config{Input: strings.NewReader("3 10 20 12"), Output: os.Stdout})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := m.Run(context.Background()); err != nil {
		fmt.Println(err)
	}
	fmt.Println("status:", m.Status(), "steps:", m.Steps())
	// Output:
	// 42
	// status: end steps: 23
}

// A program that does not assemble gives an *AssemblyError that lists every
// diagnostic.
func ExampleAssemble() {
	_, err := vm.Assemble("bad.asm", "mov 5, eax\njmp nowhere")
	var ae *vm.AssemblyError
	if errors.As(err, &ae) {
		for _, d := range ae.Diagnostics {
			fmt.Printf("%s:%d:%d: %s\n", d.File, d.Line, d.Col, d.Message)
		}
	}
	// Output:
	// bad.asm:1:5: destination must be a register or a memory operand
	// bad.asm:2:5: undefined name 'nowhere'
}

// A teacher grades a student's function rather than a whole program: Call
// runs gcd with arguments, as a Go function, as often as needed. In a Go
// test, each case would be a t.Run (see TestGradeGCD).
func ExampleMachine_Call() {
	student := `
; gcd(a, b): Euclid's algorithm, the C convention
gcd:    push ebp
        mov ebp, esp
        mov eax, [ebp+2]
        mov ebx, [ebp+3]
again:  cmp ebx, 0
        je done
        mod eax, ebx
        mov eax, ebx
        rem ebx
        jmp again
done:   pop ebp
        ret`
	prog, err := vm.Assemble("student.asm", student)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := vm.New(prog, vm.Config{MaxSteps: 10000})
	if err != nil {
		fmt.Println(err)
		return
	}
	score := 0
	tests := []struct{ a, b, want int32 }{{462, 1071, 21}, {17, 5, 1}, {12, 0, 12}, {0, 9, 9}, {1 << 30, 1 << 20, 1 << 20}}
	for _, tc := range tests {
		got, err := m.Call("gcd", tc.a, tc.b)
		switch {
		case err != nil:
			fmt.Printf("gcd(%d, %d): %v\n", tc.a, tc.b, err)
		case got != tc.want:
			fmt.Printf("gcd(%d, %d) = %d, want %d\n", tc.a, tc.b, got, tc.want)
		default:
			score++
		}
	}
	fmt.Printf("score: %d/%d\n", score, len(tests))
	// Output:
	// score: 5/5
}

// Host functions are Go functions the program calls with `call name`
// after `extern name`: they read arguments and memory and return eax.
func ExampleMachine_Register() {
	prog, err := vm.Assemble("greet.asm", `
        extern greet, square
        push name
        call greet
        add esp, 1
        push 12
        call square
        add esp, 1
        prn eax
section .data
name:   dd "Ada", 0`)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := vm.New(prog, vm.Config{Output: os.Stdout})
	if err != nil {
		fmt.Println(err)
		return
	}
	m.Register("greet", func(h *vm.Host) (int32, error) {
		addr, err := h.Arg(0)
		if err != nil {
			return 0, err
		}
		name, err := h.String(uint32(addr))
		h.Print("hello, " + name + "\n")
		return int32(len(name)), err
	})
	m.Register("square", func(h *vm.Host) (int32, error) {
		x, err := h.Arg(0)
		return x * x, err
	})
	if err := m.Run(context.Background()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// hello, Ada
	// 144
}

// A host function's error stops the program with a host-error fault, a
// *vm.Fault that says where, and whose cause is the function's error.
func ExampleFault() {
	prog, _ := vm.Assemble("div.asm", "extern check\npush 0\ncall check\nprn 1")
	m, _ := vm.New(prog, vm.Config{})
	errZero := errors.New("zero is not allowed")
	m.Register("check", func(h *vm.Host) (int32, error) {
		if x, _ := h.Arg(0); x == 0 {
			return 0, errZero
		}
		return 1, nil
	})
	err := m.Run(context.Background())
	var f *vm.Fault
	if errors.As(err, &f) {
		fmt.Println(f.Kind, f.Line, f.Message)
		fmt.Println(errors.Is(err, errZero))
		fmt.Println(err)
	}
	// Output:
	// host-error 3 check: zero is not allowed
	// true
	// host-error at div.asm:3 (eip 2): check: zero is not allowed
}

// Run stops when its context is done, saying where; Run again goes on.
func ExampleMachine_Run() {
	prog, _ := vm.Assemble("forever.asm", "loop: inc eax\njmp loop")
	m, _ := vm.New(prog, vm.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	err := m.Run(ctx)
	fmt.Println(errors.Is(err, context.DeadlineExceeded), m.Status())
	// Output:
	// true ready
}

// Registers, flags and memory are read and written by name or address.
func ExampleMachine_Reg() {
	prog, _ := vm.Assemble("data.asm", "mov eax, [count]\ncmp eax, 3\n.data\ncount: dd 7")
	m, _ := vm.New(prog, vm.Config{})
	_ = m.StoreLabel("count", 3)
	_ = m.Run(context.Background())
	eax, _ := m.Reg("eax")
	addr, _ := m.Addr("count")
	fmt.Println(eax, addr, m.Flags().ZF)
	// Output:
	// 3 32 true
}

// CallContext bounds a call by time: a function that does not return in
// time is stopped, and the machine, stopped in the middle of it, is
// Faulted until Reset (a fresh context is refused with ErrNeedsReset).
func ExampleMachine_CallContext() {
	prog, _ := vm.Assemble("loop.asm", "forever: jmp forever\nseven: mov eax, 7\nret")
	m, _ := vm.New(prog, vm.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err := m.CallContext(ctx, "forever")
	fmt.Println(errors.Is(err, context.DeadlineExceeded), m.Status(), m.Fault().Kind)

	_, err = m.CallContext(context.Background(), "seven")
	fmt.Println(errors.Is(err, vm.ErrNeedsReset))

	m.Reset()
	v, err := m.CallContext(context.Background(), "seven")
	fmt.Println(v, err, m.Status())
	// Output:
	// true fault stopped
	// true
	// 7 <nil> ready
}

// A Func is a function looked up once, for many calls; CallWith gives a
// call limits of its own and says what it cost.
func ExampleFunc_CallWith() {
	prog, _ := vm.Assemble("sum.asm", `
; sum(n): 1 + 2 + ... + n, printing a dot per step
sum:    mov ecx, [esp+1]
        mov eax, 0
again:  cmp ecx, 0
        je done
        add eax, ecx
        prc '.'
        dec ecx
        jmp again
done:   ret`)
	m, _ := vm.New(prog, vm.Config{Output: os.Stdout})
	sum := m.Func("sum")
	r, err := sum.CallWith(context.Background(), vm.Limits{}, 4)
	fmt.Printf("\n%+v %v\n", r, err)

	r, err = sum.CallWith(context.Background(), vm.Limits{MaxSteps: 20}, 100)
	fmt.Printf("\n%d steps: %v %v\n", r.Steps, errors.Is(err, vm.ErrStepLimit), err)

	fmt.Println(m.Func("summ").Err())
	// Output:
	// ....
	// {Value:10 Steps:29 Output:4} <nil>
	// ...
	// 20 steps: true step-limit at sum.asm:5 (eip 6): step limit of 20 reached
	// vm: no function "summ" in the program (its code labels: again, done, sum)
}

// RegisterFunc2 registers a plain Go function of two words: no Host, no
// Arg calls, and the context of the Run or Call the program is in.
func ExampleRegisterFunc2() {
	prog, _ := vm.Assemble("check.asm", `
        extern assert_eq
f:      mov eax, [esp+1]
        add eax, eax
        push 10
        push eax
        call assert_eq
        add esp, 2
        ret`)
	m, _ := vm.New(prog, vm.Config{})
	vm.RegisterFunc2(m, "assert_eq", func(ctx context.Context, got, want int32) (int32, error) {
		if got != want {
			return 0, fmt.Errorf("got %d, want %d", got, want)
		}
		return got, nil
	})
	f := m.Func("f")
	fmt.Println(f.Call(context.Background(), 5))
	fmt.Println(f.Call(context.Background(), 4))
	// Output:
	// 10 <nil>
	// 0 host-error at check.asm:7 (eip 10): assert_eq: got 8, want 10
}

// A host function's panic is a host-error fault: the *PanicError keeps
// the stack where it panicked, and a panicked error unwraps.
func ExamplePanicError() {
	prog, _ := vm.Assemble("p.asm", "extern read\ncall read")
	m, _ := vm.New(prog, vm.Config{})
	m.Register("read", func(h *vm.Host) (int32, error) { panic(io.EOF) })
	err := m.Run(context.Background())
	var pe *vm.PanicError
	fmt.Println(errors.Is(err, io.EOF), errors.As(err, &pe) && len(pe.Stack) > 0)
	fmt.Println(err)
	// Output:
	// true true
	// host-error at p.asm:2 (eip 0): read: panic: EOF
}

// Status and Fault tell where a machine stands; a Faulted machine refuses
// to run, with an error that wraps ErrNeedsReset and the fault, until
// Reset.
func ExampleMachine_Status() {
	prog, _ := vm.Assemble("s.asm", "spin: jmp spin")
	m, _ := vm.New(prog, vm.Config{MaxSteps: 1000})
	fmt.Println(m.Status())
	err := m.Run(context.Background())
	fmt.Println(m.Status(), m.Fault().Kind == vm.StepLimit, errors.Is(err, vm.ErrStepLimit))
	err = m.Run(context.Background())
	fmt.Println(errors.Is(err, vm.ErrNeedsReset), err)
	m.Reset()
	fmt.Println(m.Status(), m.Fault() == nil)
	// Output:
	// ready
	// fault true true
	// true vm: the machine needs Reset to run again (step-limit at s.asm:1 (eip 0): step limit of 1000 reached)
	// ready true
}

// Reset puts a machine back as New made it, at the cost of the pages the
// program wrote: a grader resets between cases instead of making a new
// machine.
func ExampleMachine_Reset() {
	prog, _ := vm.Assemble("r.asm", "bump: inc [count]\nmov eax, [count]\nret\n.data\ncount: dd 0")
	m, _ := vm.New(prog, vm.Config{})
	bump := m.Func("bump")
	for range 3 {
		v, _ := bump.Call(context.Background())
		fmt.Print(v, " ")
	}
	m.Reset()
	v, _ := bump.Call(context.Background())
	fmt.Println(v)
	// Output:
	// 1 2 3 1
}

// What no constructor made gives ErrNoProgram, not a panic.
func ExampleNew() {
	_, err := vm.New(&vm.Program{}, vm.Config{})
	fmt.Println(errors.Is(err, vm.ErrNoProgram))
	var m vm.Machine
	fmt.Println(errors.Is(m.Run(context.Background()), vm.ErrNoProgram))
	// Output:
	// true
	// true
}
