//go:build amd64 || arm64

package jit

import (
	"fmt"
	"slices"
	"strings"
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
		{"a register step", "l: mov [40+eax], 1\nadd eax, ecx\ncmp eax, 90\njl l\n", "eax+ecx bound eax jl 90"},
		{"a register step down, bounded by a register", "l: add edx, [esi]\nsub esi, ebx\ncmp esi, edi\nja l\n", "esi-ebx bound esi ja edi"},
		{"a register step and a constant, operands after it", "l: add esi, ebx\ninc esi\nmov eax, [esi+2]\nmov [esi], eax\ncmp esi, 90\njb l\n", "esi+1+ebx at+ebx bound esi jb 90"},
		{"twice a register step", "l: mov eax, [esi]\nadd esi, ebx\nadd esi, ebx\ninc ecx\ncmp ecx, 9\njb l\n", "esi+2ebx bound ecx jb 9"},
		{"operands before and after a register step", "l: mov eax, [esi]\nadd esi, ebx\nmov [esi], eax\ninc ecx\ncmp ecx, 9\njb l\n",
			"bound ecx jb 9 fam esi by ebx fam ebx+esi by ebx"},
		{"an index less a register the loop does not write", "l: mov edx, ecx\nsub edx, ebx\nmov edx, [40+edx]\ncmp edx, [40+ecx]\njle k\nmov [40+ecx], edx\nk: dec ecx\ncmp ecx, ebx\njge l\n",
			"ecx-1 bound ecx jge ebx fam -ebx+ecx by -1"},
		{"row times a constant plus column", "l: mov eax, ecx\nmul eax, 10\nadd eax, edx\nmov ebx, [40+eax]\nmov [41+eax], ebx\ninc edx\ncmp edx, 9\njl l\n",
			"bound edx jl 9 fam 10ecx+edx by 1"},
		{"the other index moves by the row", "l: mov eax, edx\nshl eax, 3\nadd eax, ecx\nmov ebx, [40+eax]\ninc edx\ncmp edx, 8\njl l\n",
			"bound edx jl 8 fam ecx+8edx by 8"},
		{"a field pointer", "l: mov eax, esi\nadd eax, 2\nadd [eax], 1\nadd esi, 4\ncmp esi, edi\njb l\n",
			"bound esi jb edi fam esi by 4"},
		{"a mirrored index", "l: mov edx, ebx\nsub edx, ecx\nmov eax, [40+edx]\nmov [40+ecx], eax\ninc ecx\ncmp ecx, 20\njl l\n",
			"ecx+1 bound ecx jl 20 fam ebx-ecx by -1"},
		{"not of an index", "l: mov edx, ecx\nnot edx\nmov eax, [90+edx]\ninc ecx\ncmp ecx, 20\njl l\n",
			"bound ecx jl 20 fam -ecx by -1"},
		{"an index that does not move", "l: mov edx, ebx\nadd edx, 5\nadd eax, [edx]\ninc ecx\ncmp ecx, 20\njl l\n",
			"bound ecx jl 20 fam ebx by 0"},
		{"an index through a register the loop writes otherwise", "l: mov edx, ecx\nadd edx, eax\nmov eax, [40+edx]\ninc ecx\ncmp ecx, 20\njl l\n", ""},
		{"zeroed, then an index added", "l: xor edx, edx\nadd edx, ecx\nmov eax, [40+edx]\ninc ecx\ncmp ecx, 20\njl l\n",
			"bound ecx jl 20 fam ecx by 1"},
		{"a hole moved down by a copy, compared through another", "l: mov edx, esi\nsub edx, ebx\ncmp edx, 40\njl out\nmov ebp, [edx]\ncmp ebp, eax\njbe out\nmov [esi], ebp\nmov esi, edx\njmp l\nout: prn 1\n", ""},
		{"a pointer moved by a copy", "l: mov eax, [esi]\nmov edx, esi\nadd edx, ebx\nmov esi, edx\ninc ecx\ncmp ecx, 9\njl l\n", "esi+ebx bound ecx jl 9"},
		{"an index times a register", "l: mov edx, ecx\nmul edx, ebx\nmov eax, [40+edx]\ninc ecx\ncmp ecx, 20\njl l\n", ""},
		{"an index that moves with no bound, to a 0", "l: mov edx, ecx\nmov eax, [40+edx]\ninc ecx\ncmp eax, 0\njne l\n", ""},
		{"a walk to a 0 tested at the top", "l: cmp [esi], 0\nje out\ninc esi\njmp l\nout: prn esi\n", ""},
		{"a search with no bound", "l: mov eax, [esi+1]\nadd edi, 2\ncmp eax, [edi]\nje out\nsub esi, 3\njmp l\nout: prn esi\n", ""},
		{"test r, r as a bound", "l: add eax, [esi]\ninc esi\ndec ecx\ntest ecx, ecx\njne l\n", "esi+1 bound ecx jne 0"},
		{"test of two registers", "l: add eax, [esi]\ninc esi\ndec ecx\ntest ecx, edx\njne l\n", ""},
		{"a count with no bound", "l: add eax, [esi]\ninc esi\nadd ecx, 2\ncmp ecx, 9\njne l\n", ""},
		{"an index set two ways", "l: mov edx, ecx\ncmp eax, 0\nje z\nadd edx, 1\nz: mov eax, [40+edx]\ninc ecx\ncmp ecx, 20\njl l\n", ""},
		{"a register step the loop writes", "l: mov [40+eax], 1\nadd eax, ecx\ninc ecx\ncmp eax, 90\njl l\n", ""},
		{"two register steps", "l: mov [40+eax], 1\nadd eax, ecx\nadd eax, edx\ncmp eax, 90\njl l\n", ""},
		{"a register added to itself", "l: mov [40+eax], 1\nadd eax, eax\ncmp eax, 90\njl l\n", ""},
		{"a register step with jne", "l: mov [40+eax], 1\nadd eax, ecx\ncmp eax, 90\njne l\n", ""},
		{"a bound in a word the region keeps", "l: mov eax, [esi]\nadd [100], eax\ninc esi\ninc ecx\ncmp ecx, [101]\njl l\n", "esi+1 bound ecx jl [101]"},
		{"a bound in a word the loop writes", "l: mov eax, [esi]\nadd [101], eax\ninc esi\ninc ecx\ncmp ecx, [101]\njl l\n", ""},
		{"a bound in a word the region does not keep (an array starts there)", "l: mov eax, [esi+101]\ninc esi\ninc ecx\ncmp ecx, [101]\njl l\n", ""},
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
		s += agenAll[hr.reg] + hr.step.String()
		if hr.at.n != 0 {
			s += " at" + hr.at.String()
		}
	}
	if bd := lc.bound; bd != nil {
		x := fmt.Sprint(bd.x.w)
		switch {
		case bd.x.k == isa.Imm:
		case isReg(bd.x.w):
			x = agenAll[bd.x.w]
		default:
			x = fmt.Sprintf("[%d]", bd.x.w)
		}
		s += fmt.Sprintf(" bound %s %v %s", agenAll[bd.c], bd.cont, x)
	}
	for _, fm := range lc.fams {
		s += " fam " + fm.f.String() + " by " + fm.step.String()
	}
	return strings.TrimSpace(s)
}

// String writes a form as TestInductionPlans does: 10ecx+edx-3, +0.
func (f form) String() string {
	s := ""
	for _, t := range f.t[:f.n] {
		switch {
		case t.a == 1:
			s += "+" + agenAll[t.r]
		case t.a == -1:
			s += "-" + agenAll[t.r]
		default:
			s += fmt.Sprintf("%+d%s", t.a, agenAll[t.r])
		}
	}
	if f.c != 0 || f.n == 0 {
		s += fmt.Sprintf("%+d", f.c)
	}
	return strings.TrimPrefix(s, "+")
}

// String writes a delta as TestInductionPlans does: +1, -2, +ecx,
// +3-2edx.
func (a delta) String() string {
	s := ""
	if a.d != 0 || a.n == 0 {
		s = fmt.Sprintf("%+d", a.d)
	}
	switch {
	case a.n == 1:
		s += "+" + agenAll[a.s]
	case a.n == -1:
		s += "-" + agenAll[a.s]
	case a.n != 0:
		s += fmt.Sprintf("%+d%s", a.n, agenAll[a.s])
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
	// a bound that is not a multiple of its step, by 0 or -1 (never
	// there); by an immediate, or by registers the loop does not write
	// (ebx for the counter, edx for the pointer).
	for _, reg := range []bool{false, true} {
		for _, by := range []int{1, 2, 3, 0, -1} {
			if !reg && by < 1 {
				continue // by an immediate, these are not bounded
			}
			for _, up := range []bool{true, false} {
				for i, k := range orders {
					if reg && i%2 == 1 {
						continue
					}
					for start := range 3 {
						ptr, cnt := "inc esi", fmt.Sprintf("add ecx, %d", by)
						if !up {
							ptr = "dec esi"
						}
						if reg {
							ptr, cnt = "add esi, edx", "add ecx, ebx"
						}
						d, from, dir := k, 121+start, 1
						if !up {
							d, from, dir = [3]int{-k[0], -k[1], -k[2]}, 35-start, -1
						}
						src := fmt.Sprintf(`    mov esi, %d
    mov ecx, 0
    mov ebx, %d
    mov edx, %d
l:  mov eax, [esi%+d]
    prn ecx
    mov [esi%+d], eax
    add [esi%+d], 1
    %s
    %s
    cmp ecx, %d
    jl l
    prn esi
`, from, by, dir, d[0], d[1], d[2], ptr, cnt, 6*by-1)
						name := fmt.Sprintf("by %d, register %v, up=%v %v from %d", by, reg, up, d, from)
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
		bd := bound{x: opnd{k: isa.Imm, w: tc.x}, cont: tc.cont, step: delta{state: dKnown, d: tc.step}}
		if got := bd.exact(); got != tc.want {
			t.Errorf("%v %#x, step %d: exact %v, want %v", tc.cont, tc.x, tc.step, got, tc.want)
		}
	}
}

// TestInductionSelfBound runs loops bounded by the register that walks,
// stepping by a register (selfCheck: no iteration count), toward the
// end of memory and down onto the register words, with the compare
// after the step and the operands before it (and the other way round),
// in every compare form, by steps that close in, by 0, the wrong way and
// by more than maxStep; compiled and interpreted, cut by step limits.
func TestInductionSelfBound(t *testing.T) {
	forms := []string{
		"l:  mov eax, [esi%+d]\n    add [esi%+d], 1\n    add edi, 3\n    prn esi\n    add esi, edx\n    cmp esi, %s\n    %s l\n    prn eax\n    prn edi\n%.0[5]s",
		"l:  cmp esi, %[3]s\n    %[5]s out\n    add esi, edx\n    mov eax, [esi%+[1]d]\n    add [esi%+[2]d], eax\n    add edi, 3\n    prn esi\n    jmp l\nout: prn eax\n    prn edi\n",
	}
	type dir struct {
		steps []int
		conts []isa.Op
		from  []int
		x     []string
	}
	dirs := []dir{
		{[]int{1, 3, 0, -1, maxStep + 1}, []isa.Op{isa.Jl, isa.Jle, isa.Jb, isa.Jbe}, []int{117}, []string{"125", "127", "128", "ecx"}},
		{[]int{-1, -2, -3, 1}, []isa.Op{isa.Jg, isa.Jge, isa.Ja, isa.Jae}, []int{45}, []string{"33", "32", "31", "10", "9", "ecx"}},
	}
	ks := [][2]int{{0, 1}, {-1, 2}, {2, 0}}
	self, n := 0, 0
	for fi, form := range forms {
		for di, d := range dirs {
			for _, st := range d.steps {
				for _, cont := range d.conts {
					for _, from := range d.from {
						for _, x := range d.x {
							for _, k := range ks {
								body := fmt.Sprintf(form, k[0], k[1], x, cont, negated[cont])
								src := fmt.Sprintf("    mov esi, %d\n    mov edx, %d\n    mov ecx, %d\n%s", from, st, 126-di*94, body)
								p, err := assembler.Assemble("s.asm", []byte(src), assembler.Options{})
								if err != nil {
									t.Fatalf("%v\n%s", err, src)
								}
								cfg := cpu.Config{Memory: 128, Stack: 8, MaxSteps: 600}
								m, _ := cpu.New(p, cfg)
								ws := m.Memory().Words()
								for _, lc := range plan(p.Code, ws, p.Entry, uint32(len(ws)), 8, nil, maxHot, Watch{}).checks {
									if lc.self {
										self++
									}
								}
								n++
								name := fmt.Sprintf("form %d by %d %v %s from %d %v", fi, st, cont, x, from, k)
								advCheck(t, advProg{name: name, p: p, cfg: cfg}, advBudget{limits: 2, switches: 2, turns: 1})
							}
						}
					}
				}
			}
		}
	}
	if self < n*3/4 {
		t.Errorf("%d of %d loops checked by selfCheck", self, n)
	}
}

// TestDerivedWalks runs loops through derived addresses (derive.go) that
// walk off the end of memory or down onto the register words (writing
// them: eip, flags, the counter itself), in the middle of the walk or
// only in the iteration whose compare stops the loop, with operands on
// both sides of the compare (a group made before it must not reach those
// after it: they are not checked for that iteration); compiled and
// interpreted, cut by step limits, switched at every step.
func TestDerivedWalks(t *testing.T) {
	// Each form sets edx from ecx (up by 1 from 0 to 8, or down from 8 to
	// 0) and ebx, which the loop does not write; its operands are at
	// [edx], before the compare, and at [edx+k] after it.
	forms := []struct{ name, set string }{
		{"ecx+ebx", "mov edx, ecx\n    add edx, ebx"},
		{"ebx-ecx", "mov edx, ebx\n    sub edx, ecx"},
		{"2ecx+ebx", "mov edx, ecx\n    shl edx, 1\n    add edx, ebx"},
		{"-ecx+ebx, by not", "mov edx, ecx\n    not edx\n    add edx, ebx\n    inc edx"},
		{"3ecx+ebx", "mov edx, ecx\n    mul edx, 3\n    add edx, ebx"},
	}
	fams, n := 0, 0
	for _, fm := range forms {
		for _, up := range []bool{true, false} {
			for _, base := range []int{5, 22, 32, 100, 110, 127} {
				for _, k := range []int{0, 3, -3, 20, -40} {
					for _, write := range []string{"add [edx], 1", "mov eax, [edx]"} {
						from, step, cmp, stop := 0, "inc", "cmp ecx, 8", "jge"
						if !up {
							from, step, cmp, stop = 8, "dec", "cmp ecx, 0", "jle"
						}
						src := fmt.Sprintf(`    mov ecx, %d
    mov ebx, %d
l:  %s
    %s
    %s
    %s out
    add [edx%+d], 5
    %s ecx
    jmp l
out: prn eax
    prn edx
`, from, base, fm.set, write, cmp, stop, k, step)
						p, err := assembler.Assemble("d.asm", []byte(src), assembler.Options{})
						if err != nil {
							t.Fatalf("%v\n%s", err, src)
						}
						cfg := cpu.Config{Memory: 128, Stack: 8, MaxSteps: 400}
						m, _ := cpu.New(p, cfg)
						ws := m.Memory().Words()
						for _, lc := range plan(p.Code, ws, p.Entry, uint32(len(ws)), 8, nil, maxHot, Watch{}).checks {
							if len(lc.fams) > 0 {
								fams++
							}
						}
						n++
						name := fmt.Sprintf("%s up=%v ebx %d k %d %s", fm.name, up, base, k, write)
						advCheck(t, advProg{name: name, p: p, cfg: cfg}, advBudget{limits: 2, switches: 2, turns: 1})
					}
				}
			}
		}
	}
	if fams < n*3/4 {
		t.Errorf("%d of %d loops check families at entry", fams, n)
	}
}

// TestDerivedWrap runs loops through derived addresses whose values wrap
// around 2^32 on the way (a large counter shifted, a register near 2^32
// added): the entry check works on signed values in int64, so some of
// these pass it and run unchecked, others fail it and run interpreted;
// both must match the interpreter.
func TestDerivedWrap(t *testing.T) {
	for _, tc := range []struct {
		name           string
		ecx, ebx, from int64
	}{
		{"shifted past 2^32", 0x40000000, 40, 0},
		{"shifted past 2^32, down onto the registers", 0x40000000, 3, 0},
		{"a register near 2^32", 10, 0xFFFFFFF0, 0},
		{"a register near 2^31", 10, 0x7FFFFFF0, 0},
		{"a counter near 2^31", 0x7FFFFFFC, 40, 0},
		{"a counter near 2^32", 0xFFFFFFFC, 80, 0},
	} {
		src := fmt.Sprintf(`    mov ecx, %d
    mov ebx, %d
    mov esi, 0
l:  mov edx, ecx
    shl edx, 2
    add edx, ebx
    add esi, [edx+1]
    mov [edx+2], esi
    mov eax, ecx
    sub eax, ebx
    not eax
    add [eax+100], 1
    inc ecx
    cmp ecx, %d
    jne l
    prn esi
`, tc.ecx, tc.ebx, uint32(tc.ecx+8))
		p, err := assembler.Assemble("w.asm", []byte(src), assembler.Options{})
		if err != nil {
			t.Fatalf("%v\n%s", err, src)
		}
		cfg := cpu.Config{Memory: 256, Stack: 8, MaxSteps: 400}
		m, _ := cpu.New(p, cfg)
		ws := m.Memory().Words()
		checks := plan(p.Code, ws, p.Entry, uint32(len(ws)), 8, nil, maxHot, Watch{}).checks
		var got []string
		for _, lc := range checks {
			got = append(got, lc.String())
		}
		if want := []string{"bound ecx jne " + fmt.Sprint(uint32(tc.ecx+8)) + " fam ebx+4ecx by 4 fam ebx-ecx by -1"}; !slices.Equal(got, want) {
			t.Errorf("%s: checks %q, want %q", tc.name, got, want)
		}
		advCheck(t, advProg{name: tc.name, p: p, cfg: cfg}, advBudget{limits: 4, switches: 4, turns: 2})
	}
}
