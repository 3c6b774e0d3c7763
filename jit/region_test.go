//go:build amd64 || arm64

package jit

import (
	"fmt"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
)

// TestRegions runs programs whose calls, rets and jumps cross from one
// region (wasm function) to another, cut into regions of every size,
// with step limits that stop them at every instruction, calls and rets
// included, on both tiers, with dispatches by br_table and by search.
func TestRegions(t *testing.T) {
	defer func(n, d uint32) { regionSize, denseTable = n, d }(regionSize, denseTable)
	for _, tc := range []struct{ name, src string }{
		{"calls", `
    mov ecx, 3
again:
    call far
    prn eax
    dec ecx
    jne again
    hlt
near:
    add eax, ecx
    ret
pad: nop
    nop
    nop
    nop
far:
    push ecx
    call near
    pop ecx
    mul eax, 3
    ret
`},
		{"ret-to-block", `
    call f
    prn 1
    hlt
other:
    prn 2
    hlt
f:
    mov [esp], other
    ret
`},
		{"ret-into-loop", `
    call f
    hlt
g:
    mov ecx, 3
inner:
    prn ecx
    dec ecx
    jne inner
    hlt
f:
    mov [esp], inner
    mov ecx, 2
    ret
`},
		{"ret-inside-instruction", `
    call f
    hlt
g:
    mov eax, 12345
    hlt
f:
    mov [esp], g
    add [esp], 1
    ret
`},
		{"ret-past-end", `
    call f
    hlt
f:
    mov [esp], 100000
    ret
`},
		{"ret-to-end", `
    call f
    hlt
f:
    mov [esp], end
    ret
end:
`},
		{"recursion-overflow", `
    mov eax, 0
f:
    inc eax
    call f
`},
		{"fib", `
    mov eax, 12
    call fib
    prn eax
    hlt
fib:
    cmp eax, 2
    jb done
    push eax
    sub eax, 1
    call fib
    pop ebx
    push eax
    mov eax, ebx
    sub eax, 2
    call fib
    pop ebx
    add eax, ebx
done:
    ret
`},
		{"jmp-through-register", `
    mov ebx, there
    mov ecx, 0
back:
    inc ecx
    cmp ecx, 4
    je out
    jmp ebx
there:
    prn ecx
    jmp back
out:
    hlt
`},
	} {
		p, err := assembler.Assemble(tc.name+".asm", []byte(tc.src), assembler.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range []uint32{1, 3, 8, 128} {
			regionSize, denseTable = size, 8
			if size == 128 {
				denseTable = 0 // a binary search, not a br_table
			}
			t.Run(fmt.Sprintf("%s/%d", tc.name, size), func(t *testing.T) {
				for _, chunk := range []uint64{1 << 40, 1, 3} {
					both(t, p, cpu.Config{Stack: 64, MaxSteps: cpu.NoSteps}, "", chunk, nil)
				}
				for steps := uint64(1); steps < 120; steps++ {
					both(t, p, cpu.Config{Stack: 64, MaxSteps: steps}, "", 1<<40, nil)
				}
			})
		}
	}
}

// TestEntries checks where compiled code can be entered from elsewhere
// (Go, another region, a computed jump): code whose address is in a jump
// table in data or in an operand, return addresses and loop headers, but
// not a block reached only by a jump inside its region, nor one that every
// computed jump reaches by a label (three, ahead of both). The addresses in
// operands and data are a guess, for speed: a computed jump anywhere else
// is left to the interpreter, exactly.
func TestEntries(t *testing.T) {
	p, err := assembler.Assemble("t.asm", []byte(`section .data
table: dd one, two
section .text
start:
    mov ecx, 0
    mov ebx, three
loop:
    call f
    jmp [table+ecx]
one:
    inc ecx
    jmp two
two:
    cmp ecx, 2
    jl loop
    jmp ebx
three:
    hlt
f:
    cmp eax, 0
    je fz
    ret
fz:
    ret
`), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]uint32{}
	for _, l := range p.Debug.Labels {
		labels[l.Name] = l.Value
	}
	c, err := cpu.New(p, cpu.Config{Memory: 256, Stack: 16})
	if err != nil {
		t.Fatal(err)
	}
	_, enter := plan(p.Code, c.Memory().Words(), p.Entry, 256, 16, nil, maxHot, Watch{}).module()
	for name, want := range map[string]bool{"start": true, "loop": true, "one": true, "two": true, "three": false, "fz": false} {
		if enter[labels[name]] != want {
			t.Errorf("%s (%d): entered %v, want %v", name, labels[name], enter[labels[name]], want)
		}
	}
	both(t, p, cpu.Config{MaxSteps: 1000}, "", 1<<40, nil)
}
