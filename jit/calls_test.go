//go:build amd64 || arm64

package jit

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/image"
	"cpu32/isa"
	"cpu32/memory"
)

// recursion are the benchmark programs of testdata/ that recurse in shapes
// the corpus has not: mutual recursion (evenodd), frames through ebp over
// an array (tree), three arguments on the stack (tak).
var recursion = []string{"evenodd", "tree", "tak"}

// TestRecursionPrograms runs the recursion programs on both tiers: they
// print their golden output and end alike, to the last word of memory.
func TestRecursionPrograms(t *testing.T) { goldenPrograms(t, recursion) }

// goldenPrograms runs programs of testdata/ on both tiers: they print
// their golden output and end alike, to the last word of memory.
func goldenPrograms(t *testing.T, names []string) {
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			p, err := assembler.AssembleFile("testdata/"+name+".asm", assembler.Options{})
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile("testdata/" + name + ".out")
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			c, run := start(t, p, cpu.Config{Out: &out}, true, nil)
			if _, err := run(1 << 40); err != nil || c.State() != cpu.Ended {
				t.Fatalf("%v, %v", c.State(), err)
			}
			if out.String() != string(want) {
				t.Errorf("printed %q, want %q", out.String(), want)
			}
			both(t, p, cpu.Config{}, "", 1<<40, nil)
		})
	}
}

// TestPassed checks which registers compiled code keeps in locals: those
// an operand names or addresses through, esp always, rem for mod and rem;
// no other (they stay in memory).
func TestPassed(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []memory.Reg
	}{
		{"mov eax, 1", []memory.Reg{memory.EAX, memory.ESP}},
		{"mov eax, 5", []memory.Reg{memory.EAX, memory.ESP}}, // 5 is a value, not ebp
		{"mov [5], 1", []memory.Reg{memory.ESP, memory.EBP}},
		{"mov [esi+2], edi", []memory.Reg{memory.ESP, memory.ESI, memory.EDI}},
		{"mod ebx, 3\nrem ecx", []memory.Reg{memory.EBX, memory.ECX, memory.ESP, memory.REM}},
		{"push 1\ncall f\nf: ret", []memory.Reg{memory.ESP}},
		{"mov [6], 0\nmov [8], 1", []memory.Reg{memory.ESP}}, // eip and flags are not kept in locals
		{"jmp [edx]\nprn [40]", []memory.Reg{memory.EDX, memory.ESP}},
	} {
		p, err := assembler.Assemble("p.asm", []byte(tc.src), assembler.Options{})
		if err != nil {
			t.Fatal(err)
		}
		c := &compiler{codeLen: uint32(len(p.Code))}
		c.decode(p.Code)
		c.passed()
		var got []memory.Reg
		for _, r := range c.pass {
			got = append(got, memory.Reg(r))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: %v, want %v", tc.src, got, tc.want)
		}
	}
}

// TestLeaf checks which calls run a copy of their function (inlines):
// code that runs to a ret that no jump before it jumps past, with jumps
// forward only, at most maxInline instructions; not one with a jump back
// or out, a call or an input, nor one longer.
func TestLeaf(t *testing.T) {
	long := "f:"
	for range maxInline - 1 {
		long += " inc eax\n"
	}
	for _, tc := range []struct {
		name, f string
		want    int // the copy's instructions, 0: none
	}{
		{"one", "f: ret", 1},
		{"straight", "f: mov eax, [esp]\n add ebx, eax\n prn ebx\n ret", 4},
		{"label inside", "f: inc eax\ng: inc ebx\n ret", 3},
		{"longest", long + " ret", maxInline},
		{"too long", long + " inc eax\n ret", 0},
		{"jump forward", "f: cmp eax, 0\n je g\n inc eax\ng: ret", 4},
		{"rets", "f: cmp eax, 0\n jge g\n mov eax, 0\n ret\ng: jmp h\n inc eax\nh: ret", 7},
		{"jump back", "f: inc eax\ng: cmp eax, 9\n jl g\n ret", 0},
		{"jump out", "f: cmp eax, 0\n je g\n ret\ng: inc eax\n hlt", 0},
		{"jump through a register", "f: jmp eax\n ret", 0},
		{"call", "f: call g\n ret\ng: ret", 0},
		{"input", "f: rdn eax\n ret", 0},
		{"eip", "f: mov eip, [esp]", 0},
		{"no ret", "f: inc eax", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, p := copiesOf(t, "start: call f\n hlt\n"+tc.f+"\n")
			if got := len(c.inlined(c.at[p.Entry])); got != tc.want {
				t.Errorf("a copy of %d instructions, want %d", got, tc.want)
			}
		})
	}
}

// TestInlineWritesBack: a register that only a copy of a function in
// another region writes (ebx: the loop's region has no instruction that
// writes it) is written back whenever the code returns to Go: runs in
// pieces of a few steps and whole.
func TestInlineWritesBack(t *testing.T) {
	src := "start: mov ecx, 0\nloop: call f\n inc ecx\n cmp ecx, 50\n jl loop\n prn ebx\n hlt\n"
	for range 2 * regionSize {
		src += " nop\n"
	}
	src += "f: add ebx, ecx\n ret\n"
	p, err := assembler.Assemble("p.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, _, _ := planSource(t, src, cpu.Config{})
	if c.region[c.blockAt[p.Entry]] == c.region[c.blockAt[uint32(len(p.Code))-4]] {
		t.Fatal("the function is in the loop's region")
	}
	for _, piece := range []uint64{3, 40, 101, 1 << 40} {
		both(t, p, cpu.Config{}, "", piece, nil)
	}
}

// TestInlineWindow: the calls of one regionSize window of code copy at
// most maxInlined instructions; the calls past that jump to the function.
func TestInlineWindow(t *testing.T) {
	src := "start:\n"
	n := 2 * maxInlined / maxInline
	for range n {
		src += " call f\n"
	}
	src += " hlt\nf:"
	for range maxInline - 1 {
		src += " inc eax\n"
	}
	src += " ret\n"
	c, p := copiesOf(t, src)
	if got, want := len(c.copies), maxInlined/maxInline; got != want {
		t.Errorf("%d calls copy f, want %d", got, want)
	}
	both(t, p, cpu.Config{}, "", 1<<40, nil)
}

// TestReturnSites checks where each ret is predicted to return
// (returnSites): to the blocks after the calls of the functions that reach
// it, through their jumps and the calls they make; a ret no function
// reaches (nil) compares with every block a call returns to.
func TestReturnSites(t *testing.T) {
	src := `start:	mov eax, 5
	call even
s1:	call odd
s2:	call shared
s3:	jmp done
even:	cmp eax, 0
	jne even1
	ret			; r1
even1:	dec eax
	call odd
s4:	inc eax
	ret			; r2
odd:	cmp eax, 0
	jne odd1
	jmp tail
odd1:	dec eax
	call even
s5:	inc eax
tail:	ret			; r3
shared:	inc ebx
	ret			; r4
done:	prn eax
	push last
	ret			; r5: reached by no function
last:	prn ebx
`
	c, p, _ := planSource(t, src, cpu.Config{})
	at := map[string]int{}
	for _, l := range p.Debug.Labels {
		at[l.Name] = int(c.blockAt[l.Value])
	}
	rets := map[string]int{}
	for i, bl := range c.blocks {
		if n := len(bl.ins); n > 0 && bl.ins[n-1].op == isa.Ret {
			rets[fmt.Sprintf("r%d", len(rets)+1)] = i
		}
	}
	for _, tc := range []struct {
		ret  string
		want []string
	}{
		{"r1", []string{"s1", "s5"}},
		{"r2", []string{"s1", "s5"}},
		{"r3", []string{"s2", "s4"}},
		{"r4", []string{"s3"}},
		{"r5", nil},
	} {
		var got, want []int
		got = append(got, c.retSites[rets[tc.ret]]...)
		for _, s := range tc.want {
			want = append(want, at[s])
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s returns to blocks %v, want %v (%v)", tc.ret, got, want, tc.want)
		}
	}
	both(t, p, cpu.Config{}, "", 1<<40, nil)
}

// copiesOf assembles src and decides which of its calls run a copy of
// their function (inlines).
func copiesOf(t *testing.T, src string) (*compiler, *image.Program) {
	t.Helper()
	p, err := assembler.Assemble("p.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := &compiler{codeLen: uint32(len(p.Code))}
	c.decode(p.Code)
	c.inlines()
	return c, p
}
