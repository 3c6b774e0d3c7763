//go:build amd64 || arm64

package jit

import (
	"testing"
	"time"

	"cpu32/assembler"
	"cpu32/cpu"
)

const countLoop = `start:
    mov ecx, 0
    mov eax, 0
loop:
    add eax, ecx
    xor eax, 5
    inc ecx
    cmp ecx, 10000000
    jl loop
    prn eax
`

func TestRanCompiled(t *testing.T) {
	p, err := assembler.Assemble("loop.asm", []byte(countLoop), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, compiled := range []bool{false, true} {
		c, err := cpu.New(p, cpu.Config{NoCallStack: true})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		run := c.Run
		if compiled {
			k, err := Compile(c)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("compile %v", time.Since(start))
			defer k.Close()
			run = k.Run
		}
		for c.State() == cpu.Ready {
			run(1 << 40)
		}
		t.Logf("compiled=%v: %d steps in %v (%.0f M/s)", compiled, c.Steps(), time.Since(start), float64(c.Steps())/time.Since(start).Seconds()/1e6)
	}
}
