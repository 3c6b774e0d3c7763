//go:build amd64 || arm64

package jit

import (
	"fmt"
	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
)

// stackPrograms have blocks of several pushes and pops, checked once at
// the block's start (stackChecks), whose stack fills or empties at each
// push or pop of the block in turn, and blocks where esp moves otherwise
// in the middle.
var stackPrograms = []struct{ name, src string }{
	{"pushes fill the stack", `start:
    mov ecx, 0
loop:
    push ecx
    push ecx
    inc ecx
    push ecx
    cmp ecx, 1000
    jl loop
    hlt
`},
	{"pops empty it", `start:
    mov ecx, 0
fill:
    push ecx
    inc ecx
    cmp ecx, 7
    jl fill
loop:
    pop eax
    add ebx, eax
    pop edx
    pop eax
    jmp loop
`},
	{"a call and a push after pops", `start:
    mov ecx, 0
loop:
    pop eax
    push ecx
    push ecx
    call f
    inc ecx
    jmp loop
f:
    pop edx
    push edx
    push edx
    push edx
    pop eax
    ret
`},
	{"esp moved in the middle", `start:
    mov ecx, 0
loop:
    push ecx
    sub esp, 2
    push ecx
    pop eax
    pop eax
    add esp, 1
    push eax
    inc ecx
    cmp ecx, 1000
    jl loop
    hlt
`},
	{"pop esp", `start:
    mov eax, 0
    push eax
    push esp
    pop esp
    pop eax
    pop eax
    push eax
    hlt
`},
}

// TestStackChecks runs the programs both ways, whole and in chunks of
// every size up to 12 steps (a step limit at each place of each block),
// with stacks of every size up to 12 words, so that every push and pop
// of a block checked at its start is, in some run, the one that faults.
func TestStackChecks(t *testing.T) {
	for _, tc := range stackPrograms {
		p, err := assembler.Assemble("s.asm", []byte(tc.src), assembler.Options{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for stack := 2; stack <= 12; stack++ {
			for _, chunk := range []uint64{1 << 40, 1, 2, 3, 5, 7, 11, 12} {
				t.Run(fmt.Sprintf("%s/stack=%d/chunk=%d", tc.name, stack, chunk), func(t *testing.T) {
					both(t, p, cpu.Config{Memory: 256, Stack: stack}, "", chunk, nil)
				})
			}
		}
	}
}

// TestStackRange checks what stackChecks decides for blocks of pushes and
// pops: the range esp must be in at the block's start, and which pushes
// and pops that covers.
func TestStackRange(t *testing.T) {
	c := &compiler{size: 256, low: 200}
	for _, tc := range []struct {
		name   string
		src    string
		lo, hi uint32
		done   int
	}{
		// A push needs low < esp <= size; the k-th (from 0) finds esp-k.
		{"three pushes", "push eax\npush eax\npush eax\n", 203, 256, 3},
		// A pop needs memory.Reserved (32) <= esp < size, the k-th at esp+k.
		{"two pops", "pop eax\npop ebx\n", 32, 254, 2},
		{"push, pop, pop", "push eax\npop eax\npop eax\n", 201, 255, 3},
		{"arithmetic between", "push eax\nadd eax, 1\ncmp eax, 2\npush eax\n", 202, 256, 2},
		{"esp written", "push eax\nmov esp, 7\npush eax\n", 201, 256, 1},
		{"pop esp", "pop esp\npop eax\n", 32, 255, 1},
		{"no room for both", "pop eax\n" + strings.Repeat("push eax\n", 60), 0, 0, 0},
		{"none", "add eax, 1\n", 0, 0, 0},
		{"input first", "rdn eax\npush eax\n", 0, 0, 0},
	} {
		p, err := assembler.Assemble("r.asm", []byte(tc.src), assembler.Options{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		c.codeLen = uint32(len(p.Code))
		c.decode(p.Code)
		var ins []*ins
		for a := uint32(0); a < c.codeLen; a = c.at[a].next {
			ins = append(ins, c.at[a])
		}
		lo, hi, done := c.stackRange(ins)
		if lo != tc.lo || hi != tc.hi || len(done) != tc.done {
			t.Errorf("%s: [%d, %d] for %d instructions, want [%d, %d] for %d", tc.name, lo, hi, len(done), tc.lo, tc.hi, tc.done)
		}
	}
}
