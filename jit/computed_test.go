//go:build amd64 || arm64

package jit

import (
	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/image"
)

// TestPointers checks which blocks of a loop are taken as pointers and so
// made entries (pointers, entries) in a program with a computed jump (jmp
// ebx): the words of a table in the data, a mov's and a push's immediate
// source; not a lone word of the data, nor a cmp's operand that equals a
// block's address. Without a computed jump, none is; with only rets, the
// table's are not.
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
	checkPointed(t, src+"\tjmp ebx\n", map[string]bool{"a": true, "b": true, "m": true, "p": true, "c": false, "q": false})
	checkPointed(t, src, map[string]bool{"a": false, "b": false, "m": false, "p": false, "c": false, "q": false})
	// rets alone go where calls and pushes put addresses, not to a table.
	checkPointed(t, src+"\tcall f\nf:\tret\n", map[string]bool{"a": false, "b": false, "m": true, "p": true, "c": false, "q": false})
}

// TestPointersThroughMemory: a word of the data that a jmp reads at a
// constant address (a function pointer, jmp [fp]) is a place the jump
// goes, so its block is an entry, alone as it is; so is a lone word that
// holds the address of a block nothing reaches but a computed jump (g:
// after a jmp, no jump to it), as direct-threaded code interleaves its
// handlers' addresses with their operands; not a lone word that holds a
// block a constant jump reaches (k). The jump is after the loop: inside
// it, the layout puts it before g and h, whose labels it then reaches.
func TestPointersThroughMemory(t *testing.T) {
	src := `section .data
fp:	dd h
gap:	dd 5000
other:	dd g
gap2:	dd 5000
more:	dd k
section .text
start:	mov ecx, 0
loop:	inc ecx
	cmp ecx, 20
	jge out
	cmp ecx, 7
	je k
	jmp disp
g:	inc ebx
	jmp h
k:	inc edx
h:	add eax, ecx
	jmp loop
out:	prn eax
	hlt
disp:	jmp [fp]
`
	checkPointed(t, src, map[string]bool{"h": true, "g": true, "k": false})
	// Without the computed jump, nothing is a pointer.
	checkPointed(t, strings.Replace(src, "jmp [fp]", "jmp loop", 1), map[string]bool{"h": false, "g": false, "k": false})
}

// checkPointed plans src and checks, for each label inside a loop, whether
// its block is pointed at and an entry.
func checkPointed(t *testing.T, src string, want map[string]bool) {
	t.Helper()
	c, p, m := planSource(t, src, cpu.Config{})
	addr := map[string]uint32{}
	for _, l := range p.Debug.Labels {
		addr[l.Name] = l.Value
	}
	for label, w := range want {
		bi := c.blockAt[addr[label]]
		if bi < 0 {
			t.Fatalf("%s (%d) starts no block", label, addr[label])
		}
		if c.scopeOf[bi] < 0 {
			t.Fatalf("%s is not inside the loop", label)
		}
		if c.pointed[bi] != w || c.want[bi] != w || (c.entryID[bi] >= 0) != w {
			t.Errorf("%s: pointed %v, entry %v (id %d), want both %v", label, c.pointed[bi], c.want[bi], c.entryID[bi], w)
		}
	}
	// The same through the path a run takes (Compile, from the machine).
	k, err := Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	for label, w := range want {
		if k.enter[addr[label]] != w {
			t.Errorf("compiled: %s can be entered: %v, want %v", label, k.enter[addr[label]], w)
		}
	}
}

// TestJumpsComputed checks which programs have a jump that may take its
// target from a register or memory, and so look for pointers, and which of
// them have one other than ret, and so look at memory for them.
func TestJumpsComputed(t *testing.T) {
	for _, tc := range []struct {
		src        string
		any, other bool
	}{
		{"l: inc ecx\n cmp ecx, 5\n jl l\n jmp e\ne: hlt\n", false, false},
		{"l: inc ecx\n cmp ecx, 5\n jl l\n call f\n hlt\nf: prn ecx\n hlt\n", false, false},
		{"call f\n hlt\nf: ret\n", true, false},
		{"mov eax, e\n jmp eax\ne: hlt\n", true, true},
		{"section .data\nfp: dd e\nsection .text\n jmp [fp]\ne: hlt\n", true, true},
		{"mov ebx, 0\n cmp ecx, 0\n je [ebx+t]\n hlt\nt: hlt\n", true, true},
		{"mov eax, f\n call eax\n hlt\nf: ret\n", true, true},
		{"push e\n pop eip\ne: hlt\n", true, true},
		{"mov eip, e\ne: hlt\n", true, true},
	} {
		p, err := assembler.Assemble("p.asm", []byte(tc.src), assembler.Options{})
		if err != nil {
			t.Fatalf("%q: %v", tc.src, err)
		}
		c := plan(p.Code, nil, p.Entry, 1024, 64, nil, 0, Watch{})
		if any, other := c.jumpsComputed(); any != tc.any || other != tc.other {
			t.Errorf("%q: %v, %v; want %v, %v", tc.src, any, other, tc.any, tc.other)
		}
	}
}

// TestJumpTableIntoLoopsAhead: a jump table whose handlers sit inside
// loops of their own after the jump (a handler jumps back to another, as a
// tokenizer's states do) is entered at those loops' headers with the
// handler's entry number; the runs end as the interpreter's, in every
// chunk, and with the step limit cut at every step of the first rounds
// and every fifth later.
func TestJumpTableIntoLoopsAhead(t *testing.T) {
	src := `section .data
states:	dd s0, s1, s2
text:	dd 5, 0, 3, 3, 1, 0, 2, 2, 4, 1, 0, 9
section .text
start:	mov ebp, 30
round:	mov esi, text
	mov ebx, 0
next:	mov eax, [esi]
	inc esi
	cmp eax, 9
	je done
	jmp [states+ebx]
s0:	cmp eax, 2
	jl one
	mov ebx, 2
	add edi, eax
	jmp next
one:	mov ebx, 1
	jmp next
s1:	add ecx, eax
	cmp eax, 3
	je s1b
	mov ebx, 0
	jmp s0
s1b:	mov ebx, 2
	jmp next
s2:	mul edx, 3
	add edx, eax
	cmp eax, 1
	je next
	mov ebx, 1
	jmp s1
done:	dec ebp
	cmp ebp, 0
	jne round
	prn ecx
	prn edx
	prn edi
`
	p, err := assembler.Assemble("fsm.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, chunk := range []uint64{1 << 40, 7, 1} {
		both(t, p, cpu.Config{}, "", chunk, nil)
	}
	for n := uint64(1); n < 2400; n += 1 + n/200*4 {
		both(t, p, cpu.Config{MaxSteps: n}, "", 1<<40, nil)
	}
}

// TestDirectOnly: the blocks a jump table holds are pointers but no
// entries when every computed jump reaches them by a label (cases ahead
// of the jump in its loop); those a jump reaches only through the
// dispatch (the table read again after the cases, jumping back) stay
// entries, and so does a block whose address a push takes (a ret may go
// there).
func TestDirectOnly(t *testing.T) {
	src := `section .data
tab:	dd a, b
section .text
start:	mov ecx, 0
top:	inc ecx
	mov eax, ecx
	and eax, 1
	jmp [tab+eax]
a:	add ebx, 1
	jmp q
b:	add ebx, 2
q:	cmp ecx, 50
	jl top
`
	for _, tc := range []struct {
		tail string
		want bool
	}{
		{"", false},
		{"\tjmp [tab+eax]\n", true},      // a jump from after the cases: through the dispatch
		{"\tpush a\n\tpush b\n", true},   // a ret may go there
		{"\tpush q\n\tpop eip\n", false}, // a pop into eip, as a ret, goes where a push put the address
	} {
		c, p, _ := planSource(t, src+tc.tail, cpu.Config{})
		for _, l := range p.Debug.Labels {
			if l.Name != "a" && l.Name != "b" {
				continue
			}
			if bi := c.blockAt[l.Value]; !c.pointed[bi] || c.want[bi] != tc.want {
				t.Errorf("%q: %s pointed %v, entry %v, want true, %v", tc.tail, l.Name, c.pointed[bi], c.want[bi], tc.want)
			}
		}
	}
}

// TestOutsideLoops: computed jumps in no loop (outside: threaded code,
// each handler dispatching itself) go to the top dispatch for the blocks
// that are entries (a jump cannot reach by a label those before it) and
// branch by a label to those that are none (out, after every jump); the
// program runs alike on both tiers, cut by every step limit.
func TestOutsideLoops(t *testing.T) {
	src := `section .data
tab:	dd a, b, c, d, out
prog:	dd 2, 0, 3, 1, 2, 3, 0, 1, 3, 4
section .text
start:	mov esi, prog
	jmp disp
a:	add ebx, 1
	jmp disp
b:	add ebx, 2
disp:	mov eax, [esi]
	inc esi
	jmp [tab+eax]
c:	add ebx, 3
	mov eax, [esi]
	inc esi
	jmp [tab+eax]
d:	add ebx, 4
	mov eax, [esi]
	inc esi
	jmp [tab+eax]
out:	prn ebx
`
	c, p, _ := planSource(t, src, cpu.Config{})
	for _, l := range p.Debug.Labels {
		if want, ok := map[string]bool{"a": true, "b": true, "c": true, "d": true, "out": false}[l.Name]; ok {
			if bi := c.blockAt[l.Value]; !c.pointed[bi] || c.want[bi] != want || !c.outside(int(bi)) {
				t.Errorf("%s pointed %v, entry %v, in no loop %v, want true, %v, true", l.Name, c.pointed[bi], c.want[bi], c.outside(int(bi)), want)
			}
		}
	}
	for n := uint64(1); n < 60; n++ {
		both(t, p, cpu.Config{MaxSteps: n}, "", 1<<40, nil)
	}
	both(t, p, cpu.Config{}, "", 1<<40, nil)
}

// planSource assembles src, makes a machine of it with cfg and plans its
// compile whole.
func planSource(t *testing.T, src string, cfg cpu.Config) (*compiler, *image.Program, *cpu.CPU) {
	t.Helper()
	p, err := assembler.Assemble("p.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cfg.NoCallStack = true
	m, err := cpu.New(p, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ws := m.Memory().Words()
	return plan(p.Code, ws, p.Entry, uint32(len(ws)), uint32(m.StackSize()), nil, 0, Watch{}), p, m
}
