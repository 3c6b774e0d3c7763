//go:build amd64 || arm64

package jit

import (
	"fmt"
	"slices"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/isa"
)

// TestInductionPlans checks what induct.go decides a loop checks at its
// entry: which registers, with which steps, bounded by which compare.
func TestInductionPlans(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string // the loop's registers and steps, and its bound: "" when it checks nothing
	}{
		{"counted up", "mov ecx, 0\nl: mov eax, [40+ecx]\ninc ecx\ncmp ecx, 8\njl l\n", "ecx+1 bound ecx jl 8"},
		{"two pointers, a counter down", "mov ecx, 4\nl: mov eax, [esi]\nmov [edi+1], eax\nadd esi, 2\nsub edi, 3\ndec ecx\ncmp ecx, 0\njne l\n",
			"esi+2 edi-3 bound ecx jne 0"},
		{"test at the top", "l: cmp 50, esi\njbe out\nmov [esi], 0\ninc esi\njmp l\nout: prn 1\n", "esi+1 bound esi jb 50"},
		{"a register the loop does not write", "l: add eax, [ebx+1]\nmul eax, 3\ncmp eax, 900\njb l\n", "ebx+0"},
		{"a step that depends on the data", "l: mov eax, [esi]\ncmp eax, 0\nje z\ninc esi\nz: inc esi\ncmp esi, 60\njl l\n", ""},
		{"a pointer loaded from memory", "l: mov esi, [esi+1]\ncmp esi, 0\njne l\n", ""},
		{"another way back", "l: mov eax, [40+ecx]\ninc ecx\ncmp eax, 0\nje l\ncmp ecx, 8\njl l\n", ""},
		{"an inner loop", "o: mov ecx, 0\nl: mov eax, [40+ecx]\ninc ecx\ncmp ecx, 4\njl l\ninc edx\ncmp edx, 3\njl o\n", "ecx+1 bound ecx jl 4"},
		{"a call inside", "l: mov eax, [40+ecx]\ncall f\ninc ecx\ncmp ecx, 8\njl l\nhlt\nf: ret\n", ""},
		{"two pointers that meet", "l: cmp esi, edi\njae out\nmov eax, [esi]\nmov ebx, [edi]\nmov [esi], ebx\nmov [edi], eax\ninc esi\ndec edi\njmp l\nout: prn 1\n",
			"esi+1 edi-1 bound esi jb edi"},
		{"two pointers the same way: no bound", "l: mov eax, [esi]\nmov [edi], eax\ninc esi\ninc edi\ncmp esi, edi\njl l\n", ""},
		{"jne with a step of 2", "l: mov eax, [40+ecx]\nadd ecx, 2\ncmp ecx, 8\njne l\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := assembler.Assemble("p.asm", []byte(tc.src), assembler.Options{})
			if err != nil {
				t.Fatal(err)
			}
			m, err := cpu.New(p, cpu.Config{Memory: 128, Stack: 8})
			if err != nil {
				t.Fatal(err)
			}
			ws := m.Memory().Words()
			c := plan(p.Code, ws, p.Entry, uint32(len(ws)), 8, nil, maxHot, Watch{})
			var got []string
			for _, lc := range c.checks {
				got = append(got, lc.String())
			}
			want := []string{tc.want}
			if tc.want == "" {
				want = nil
			}
			if !slices.Equal(got, want) {
				t.Errorf("checks %q, want %q", got, want)
			}
		})
	}
}

// String describes what a loop checks, as TestInductionPlans writes it.
func (lc *loopCheck) String() string {
	s := ""
	for i, hr := range lc.regs {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%s%+d", agenAll[hr.reg], hr.step)
	}
	if bd := lc.bound; bd != nil {
		x := fmt.Sprint(bd.x.w)
		if bd.x.k != isa.Imm {
			x = agenAll[bd.x.w]
		}
		s += fmt.Sprintf(" bound %s %v %s", agenAll[bd.c], bd.cont, x)
	}
	return s
}

// TestInductionFaults runs loops whose pointers walk off the end of
// memory, or down onto the reserved words, from every start near the
// edge and with the operands in every order, so that the fault comes at
// each operand of the body, in each iteration; compiled and interpreted,
// cut by step limits, switched at every step.
func TestInductionFaults(t *testing.T) {
	orders := [][3]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
	// The counter moves by 1, 2 (K by a shift) or 3 (K by a division) to
	// a bound that is not a multiple of its step.
	for _, by := range []int{1, 2, 3} {
		for _, up := range []bool{true, false} {
			for _, k := range orders {
				for start := range 3 {
					step, cmp, from := fmt.Sprintf("inc esi\n    add ecx, %d", by), fmt.Sprintf("cmp ecx, %d\n    jl l", 6*by-1), 121+start
					d := k
					if !up {
						step, from = fmt.Sprintf("dec esi\n    add ecx, %d", by), 35-start
						d = [3]int{-k[0], -k[1], -k[2]}
					}
					src := fmt.Sprintf(`    mov esi, %d
    mov ecx, 0
l:  mov eax, [esi%+d]
    prn ecx
    mov [esi%+d], eax
    add [esi%+d], 1
    %s
    %s
    prn esi
`, from, d[0], d[1], d[2], step, cmp)
					name := fmt.Sprintf("by %d, up=%v %v from %d", by, up, d, from)
					p, err := assembler.Assemble("f.asm", []byte(src), assembler.Options{})
					if err != nil {
						t.Fatal(err)
					}
					a := advProg{name: name, p: p, cfg: cpu.Config{Memory: 128, Stack: 8, MaxSteps: 1000}}
					advCheck(t, a, advBudget{limits: 10, switches: 6, turns: 2})
				}
			}
		}
	}
}

// TestBoundExact checks which immediate bounds keep the compared
// register's values exact up to the compare that stops the loop.
func TestBoundExact(t *testing.T) {
	for _, tc := range []struct {
		cont isa.Op
		x    uint32
		step int32
		want bool
	}{
		{isa.Jl, 0x7FFFFFFF, 1, true}, // the last value is INT_MAX at most
		{isa.Jl, 0x7FFFFFFF, 2, false},
		{isa.Jle, 0x7FFFFFFE, 1, true},
		{isa.Jle, 0x7FFFFFFF, 1, false},
		{isa.Jb, 0xFFFFFFFF, 1, true},
		{isa.Jb, 0xFFFFFFFF, 2, false},
		{isa.Jbe, 0xFFFFFFFF, 1, false},
		{isa.Jg, 0x80000000, -1, true}, // INT_MIN
		{isa.Jg, 0x80000000, -2, false},
		{isa.Jge, 0x80000001, -1, true},
		{isa.Jge, 0x80000000, -1, false},
		{isa.Ja, 0, -1, true},
		{isa.Ja, 0, -2, false},
		{isa.Jae, 0, -1, false}, // never stops
		{isa.Jae, 1, -1, true},
		{isa.Jne, 0, -1, true},
	} {
		bd := bound{x: opnd{k: isa.Imm, w: tc.x}, cont: tc.cont, step: tc.step}
		if got := bd.exact(); got != tc.want {
			t.Errorf("%v %#x, step %d: exact %v, want %v", tc.cont, tc.x, tc.step, got, tc.want)
		}
	}
}
