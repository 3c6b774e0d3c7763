//go:build amd64 || arm64

package jit

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
)

// stateSource writes a random state machine of the shape the layout
// reorders: a loop over a walk through data, k states that each read the
// next word, do a little arithmetic (a store through esi now and then,
// a call of a small function, a division), and branch to other states,
// backward as often as forward, by compares or through a jump table of
// the states (jmp [tab+eax]) whose words the program may rewrite; the
// last state falls out of the loop.
func stateSource(r *rand.Rand, k int) string {
	var b strings.Builder
	b.WriteString("section .data\ntab:\tdd ")
	for i := range k {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "s%d", i)
	}
	b.WriteString("\ndata:\tdd ")
	for i := range 24 {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d", r.IntN(3*k))
	}
	b.WriteString("\nsection .text\nstart:\tmov ebp, 0\n\tmov edi, 0\nround:\tmov esi, data\n\tmov ecx, 0\nhead:\tinc ecx\n\tcmp ecx, 40\n\tjge out\n")
	fmt.Fprintf(&b, "\tjmp s%d\n", r.IntN(k))
	state := func() string { return fmt.Sprintf("s%d", r.IntN(k)) }
	for i := range k {
		fmt.Fprintf(&b, "s%d:\tmov eax, [esi]\n\tinc esi\n", i)
		switch r.IntN(6) {
		case 0:
			b.WriteString("\tadd edi, eax\n\tprn edi\n")
		case 1:
			b.WriteString("\tmov [esi+1], edi\n\tmul edi, 3\n")
		case 2:
			b.WriteString("\tcall fn\n")
		case 3:
			fmt.Fprintf(&b, "\tmov edx, %d\n\tsub edx, ebp\n\tdiv edi, edx\n", r.IntN(4))
		case 4:
			b.WriteString("\tsub esi, 3\n")
		}
		if r.IntN(3) == 0 {
			fmt.Fprintf(&b, "\tcmp eax, %d\n\tjl %s\n", r.IntN(3*k), state())
		}
		if r.IntN(3) == 0 {
			fmt.Fprintf(&b, "\tcmp eax, %d\n\tje head\n", r.IntN(3*k))
		}
		switch r.IntN(4) {
		case 0:
			fmt.Fprintf(&b, "\tcmp eax, %d\n\tjae head\n\tjmp [tab+eax]\n", k)
		case 1:
			b.WriteString("\tjmp head\n")
		case 2:
			if i < k-1 {
				break // falls into the next state
			}
			fallthrough
		default:
			fmt.Fprintf(&b, "\tjmp %s\n", state())
		}
	}
	fmt.Fprintf(&b, "out:\tinc ebp\n\tcmp ebp, 2\n\tjne same\n\tmov [tab+%d], head\nsame:\tcmp ebp, 3\n\tjl round\n\tprn edi\n\thlt\n", r.IntN(k))
	b.WriteString("fn:\tadd edi, 5\n\tcmp edi, 100\n\tjl small\n\tshr edi, 2\nsmall:\tret\n")
	return b.String()
}

// TestLayoutGenerated runs random state machines (stateSource) on both
// tiers, cut by step limits and switched from the interpreter at every
// point, and checks that the layout moved blocks in most of them.
func TestLayoutGenerated(t *testing.T) {
	n := 24
	if testing.Short() {
		n = 8
	}
	moved := 0
	for seed := range uint64(n) {
		r := rand.New(rand.NewPCG(seed, 0x1a))
		src := stateSource(r, 3+r.IntN(8))
		name := fmt.Sprintf("states%d.asm", seed)
		p, err := assembler.Assemble(name, []byte(src), assembler.Options{})
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, src)
		}
		cfg := cpu.Config{Memory: 200, Stack: 8, MaxSteps: 4000}
		c, _, _ := planSource(t, src, cfg)
		if !slices.IsSortedFunc(c.blocks, func(a, b block) int { return int(a.start) - int(b.start) }) {
			moved++
		}
		a := advProg{name: name, p: p, cfg: cfg}
		ok := t.Run(name, func(t *testing.T) { advCheck(t, a, advBudget{limits: 20, switches: 20, turns: 2}) })
		if !ok {
			t.Logf("%s:\n%s", name, src)
		}
	}
	t.Logf("the layout moved blocks in %d of %d programs", moved, n)
	if moved < n/3 {
		t.Errorf("the layout moved blocks in %d of %d programs", moved, n)
	}
}
