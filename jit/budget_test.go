//go:build amd64 || arm64

package jit

import (
	"slices"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/memory"
)

// budgetLoops has loops whose bodies are several blocks, of paths of
// different lengths, one nested in another and one after it in the same
// outer loop: the blocks a header's budget test vouches for.
const budgetLoops = `
start:	mov ecx, 0
outer:	mov esi, 40
	mov edx, 0
inner:	mov eax, [esi]
	cmp eax, ecx
	jb small
	add [esi+1], eax
	inc edx
	mov [esi], edx
	jmp next
small:	inc [esi]
next:	inc esi
	cmp esi, 46
	jb inner
	mov edi, 3
after:	dec edi
	add [50], edi
	cmp edi, 0
	jne after
	inc ecx
	cmp ecx, 5
	jl outer
	prn [50]
	prn [41]
`

// parkLoops has inner loops under register pressure (more values live
// than wazero has registers), registers the outer loop changes before
// each and reads after it, and at the end such a loop that faults in its
// middle (a division by a counter that reaches 0): its exits, step limits
// and the fault, write back every register exactly.
const parkLoops = `
start:	mov ebx, 7
	mov ebp, 100
	mov edi, 0
outer:	mov ecx, 0
	add ebx, 3
	add ebp, ebx
	mov esi, 40
inner:	mov eax, [esi]
	mov edx, [esi+1]
	add eax, edx
	xor eax, edi
	inc eax
	mov [esi], eax
	add edi, eax
	inc esi
	cmp esi, 48
	jb inner
	add ecx, ebx
	prn ecx
	add [50], ebp
	cmp ebp, 400
	jl outer
	mov ecx, 4
	mov ebx, 9
	mov esi, 40
last:	mov eax, [esi]
	mov edx, [esi+1]
	add eax, edi
	div eax, ecx
	add [esi+2], eax
	xor edi, edx
	dec ecx
	inc esi
	cmp esi, 48
	jb last
	prn edi
`

// TestBudgetEveryStep stops compiled code at every step of programs whose
// loops test the budget once an iteration (on the edges into their header):
// each stop must be the
// interpreter's, to the step, and so must every run cut in pieces of each
// size up to 40.
func TestBudgetEveryStep(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		end       cpu.State
	}{
		{"budget", budgetLoops, cpu.Ended},
		{"park", parkLoops, cpu.Faulted},
	} {
		t.Run(tc.name, func(t *testing.T) { budgetEveryStep(t, tc.src, tc.end) })
	}
}

func budgetEveryStep(t *testing.T, src string, end cpu.State) {
	p, err := assembler.Assemble("budget.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := advProg{name: "budget", p: p, cfg: cpu.Config{Memory: 64, Stack: 4, MaxSteps: 1 << 20}}
	want := advRun(t, a, a.cfg.MaxSteps, how{})
	if want.state != end || want.steps < 300 {
		t.Fatalf("the program ran %d steps to %v, want a few hundred to %v", want.steps, want.state, end)
	}
	for limit := uint64(1); limit <= want.steps+1; limit++ {
		if d := advRun(t, a, limit, how{compiled: true}).differs(advRun(t, a, limit, how{})); d != "" {
			t.Fatalf("--max-steps %d: %s", limit, d)
		}
	}
	for piece := uint64(1); piece <= 40; piece++ {
		c, err := cpu.New(p, cpu.Config{Memory: 64, Stack: 4, NoCallStack: true})
		if err != nil {
			t.Fatal(err)
		}
		k, err := compile(c, nil)
		if err != nil {
			t.Fatal(err)
		}
		for runs := 0; c.State() == cpu.Ready; runs++ {
			before := c.Steps()
			if _, err := k.Run(piece); err != nil && c.State() != cpu.Faulted {
				t.Fatal(err)
			}
			if got := c.Steps() - before; got != piece && c.State() == cpu.Ready {
				t.Fatalf("pieces of %d: run %d ran %d steps", piece, runs, got)
			}
		}
		k.Close()
		w := c.Memory().Words()
		if c.Steps() != want.steps || w[50] != want.words[50] || !slices.Equal(w[:memory.Reserved], want.words[:memory.Reserved]) {
			t.Errorf("pieces of %d: %d steps, [50] = %d, registers %v, want %d steps, %d, %v", piece, c.Steps(), w[50], w[:memory.Reserved], want.steps, want.words[50], want.words[:memory.Reserved])
		}
	}
}
