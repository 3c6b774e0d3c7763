//go:build amd64 || arm64

package jit

import (
	"bytes"
	"os"
	"slices"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
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
