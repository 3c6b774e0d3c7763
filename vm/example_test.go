package vm_test

import (
	"context"
	"errors"
	"fmt"
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
