//go:build amd64 || arm64

package jit

import (
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
)

// TestPointers checks which blocks of a loop are taken as pointers and so
// made entries (pointers, entries): the words of a table in the data, a
// mov's and a push's immediate source; not a lone word of the data, nor
// a cmp's operand that equals a block's address.
func TestPointers(t *testing.T) {
	src := `section .data
tab:	dd a, b
one:	dd 5000, c, 5000
section .text
start:	mov ecx, 0
top:	inc ecx
	cmp ecx, q
	je a
	jne b
a:	mov eax, m
b:	push p
	pop ebx
	jmp c
c:	jmp m
m:	jmp p
p:	jmp q
q:	cmp ecx, 50
	jl top
`
	p, err := assembler.Assemble("p.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := cpu.New(p, cpu.Config{NoCallStack: true})
	if err != nil {
		t.Fatal(err)
	}
	ws := m.Memory().Words()
	c := plan(p.Code, ws, p.Entry, uint32(len(ws)), uint32(m.StackSize()), nil, 0, Watch{})
	addr := map[string]uint32{}
	for _, l := range p.Debug.Labels {
		addr[l.Name] = l.Value
	}
	for _, tc := range []struct {
		label string
		want  bool
	}{
		{"a", true}, {"b", true}, {"m", true}, {"p", true},
		{"c", false}, {"q", false},
	} {
		bi := c.blockAt[addr[tc.label]]
		if bi < 0 {
			t.Fatalf("%s (%d) starts no block", tc.label, addr[tc.label])
		}
		if c.scopeOf[bi] < 0 {
			t.Fatalf("%s is not inside the loop", tc.label)
		}
		if c.pointed[bi] != tc.want || c.want[bi] != tc.want || (c.entryID[bi] >= 0) != tc.want {
			t.Errorf("%s: pointed %v, entry %v (id %d), want both %v", tc.label, c.pointed[bi], c.want[bi], c.entryID[bi], tc.want)
		}
	}
}
