package cpu

import (
	"slices"
	"testing"

	"cpu32/assembler"
)

// Recent's changes, put back newest first, take the journaled machine
// (run by the fast paths) to the memory an exact machine had that many
// steps before: every word a step wrote is there, with its old value.
func TestJournalRecent(t *testing.T) {
	p, err := assembler.Assemble("r.asm", []byte(`start: mov ecx, 0
loop:   inc ecx
        mov [buf+ecx], ecx
        call f
        cmp ecx, 40
        jl loop
        hlt
f:      push ecx
        add edx, ecx
        pop eax
        ret
section .data
buf:    dd 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
`), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := diffMachine(t, p, Config{}, true, false)
	var snaps [][]uint32 // memory before each step
	for ref.State() == Ready {
		snaps = append(snaps, slices.Clone(ref.Memory().Words()))
		if err := ref.Step(); err != nil {
			t.Fatal(err)
		}
	}
	c, _ := diffMachine(t, p, Config{}, false, true)
	if err := c.RunToEnd(); err != nil {
		t.Fatal(err)
	}
	steps := int(c.Steps())
	if steps != len(snaps) || c.State() != Halted {
		t.Fatalf("%v after %d steps, want halted after %d", c.State(), steps, len(snaps))
	}
	for _, n := range []int{0, 1, 2, 7, 100, steps} {
		changes, ok := c.Journal().Recent(n)
		if !ok {
			t.Fatalf("Recent(%d) of %d steps: not kept", n, steps)
		}
		words := slices.Clone(c.Memory().Words())
		for i := len(changes) - 1; i >= 0; i-- {
			words[changes[i].Addr] = changes[i].Old
		}
		want := ref.Memory().Words()
		if n > 0 {
			want = snaps[steps-n]
		}
		words[6], want[6] = 0, 0 // eip is not journaled as a change
		if !slices.Equal(words, want) {
			t.Fatalf("Recent(%d) does not lead back: %s", n, diff(want, words))
		}
	}
	if _, ok := c.Journal().Recent(steps + 1); ok {
		t.Fatalf("Recent(%d) of %d steps", steps+1, steps)
	}
}
