package cpu

import (
	"testing"

	"cpu32/assembler"
)

// fibCallsSrc computes fib(24) by naive recursion: 150,049 calls and as
// many rets among 1.2 million instructions, the shadow call stack's worst
// case.
const fibCallsSrc = `start:  mov eax, 24
        call fib
        prn eax
        hlt
; fib: eax = fib(eax), ebx and ecx preserved
fib:    cmp eax, 2
        jl done
        push ebx
        push eax
        dec eax
        call fib
        mov ebx, eax
        pop eax
        sub eax, 2
        call fib
        add eax, ebx
        pop ebx
done:   ret
`

// BenchmarkCalls runs recursive fib(24): call and ret heavy.
func BenchmarkCalls(b *testing.B) {
	p, err := assembler.Assemble("fib.asm", []byte(fibCallsSrc), assembler.Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchRun(b, p, "46368\n", Config{}, nil, nil)
}
