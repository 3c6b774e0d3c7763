//go:build amd64 || arm64

package jit

import (
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
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

// TestBudgetEveryStep stops compiled code at every step of a program whose
// loops test the budget once an iteration: each stop must be the
// interpreter's, to the step, and so must every run cut in pieces of each
// size up to 40.
func TestBudgetEveryStep(t *testing.T) {
	p, err := assembler.Assemble("budget.asm", []byte(budgetLoops), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := advProg{name: "budget", p: p, cfg: cpu.Config{Memory: 64, Stack: 4, MaxSteps: 1 << 20}}
	want := advRun(t, a, a.cfg.MaxSteps, how{})
	if want.state != cpu.Ended || want.steps < 300 {
		t.Fatalf("the program ran %d steps to %v, want a few hundred to its end", want.steps, want.state)
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
			if _, err := k.Run(piece); err != nil {
				t.Fatal(err)
			}
			if got := c.Steps() - before; got != piece && c.State() == cpu.Ready {
				t.Fatalf("pieces of %d: run %d ran %d steps", piece, runs, got)
			}
		}
		k.Close()
		if c.Steps() != want.steps || c.Memory().Words()[50] != want.words[50] {
			t.Errorf("pieces of %d: %d steps, [50] = %d, want %d steps, %d", piece, c.Steps(), c.Memory().Words()[50], want.steps, want.words[50])
		}
	}
}
