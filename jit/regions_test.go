//go:build amd64 || arm64

package jit

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/image"
)

// padded returns testdata/regions' program name with n dead nops
// inserted at its line "# pad", which moves the code after it by n words.
func padded(t testing.TB, name string, n int) *image.Program {
	t.Helper()
	src, err := os.ReadFile("testdata/regions/" + name + ".asm")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	if !strings.Contains(s, "\n# pad\n") {
		t.Fatalf("%s.asm has no line '# pad'", name)
	}
	s = strings.Replace(s, "\n# pad\n", "\n"+strings.Repeat("\tnop\n", n), 1)
	p, err := assembler.Assemble(name+".asm", []byte(s), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// crossings runs p on the interpreter an instruction at a time and
// counts the steps that go from one region of c's plan to another (or
// to or from code not compiled): each is a return to the exported
// function and a way through the other region's dispatch in compiled
// code. inside counts those of them within one function: fns are the
// labels where p's functions start, each running to the next one's.
func crossings(t *testing.T, p *image.Program, c *compiler, fns []string) (all, inside int) {
	t.Helper()
	m, err := cpu.New(p, cpu.Config{NoCallStack: true})
	if err != nil {
		t.Fatal(err)
	}
	// By address: the region, and how many functions start at or before it.
	region, fn := make([]int, len(p.Code)+1), make([]int, len(p.Code)+1)
	for _, sp := range c.spans {
		for a := sp.start; a < uint32(len(region)); a++ {
			region[a] = sp.region
		}
	}
	var starts []uint32
	for _, f := range fns {
		starts = append(starts, label(t, p, f))
	}
	slices.Sort(starts)
	for a := range fn {
		for fn[a] < len(starts) && starts[fn[a]] <= uint32(a) {
			fn[a]++
		}
	}
	at := func(s []int, a uint32) int { return s[min(a, uint32(len(s)-1))] }
	for m.State() == cpu.Ready {
		from, in := at(region, m.EIP()), at(fn, m.EIP())
		if err := m.Step(); err != nil {
			t.Fatal(err)
		}
		if m.State() == cpu.Ready && m.EIP() < uint32(len(p.Code)) && at(region, m.EIP()) != from {
			all++
			if at(fn, m.EIP()) == in {
				inside++
			}
		}
	}
	return all, inside
}

// TestRegionCuts moves the functions of testdata/regions' programs
// across the boundaries between regions, 8 words at a time, and counts
// the jumps, calls and returns between regions in a run of each compiled
// whole: there are none, wherever the code falls. A function cut in two
// by a region's end left its region and came back on every call (a
// recursive sum with a frame ran 2-2.5 times slower than the same code a
// few words earlier), and a loop calling a function in the next region
// did so on every iteration (3.4 times slower).
func TestRegionCuts(t *testing.T) {
	for _, tc := range []struct {
		name string
		fns  []string // the labels where its functions start
	}{
		{"frames", []string{"start", "sum", "count"}},
		{"calls", []string{"start", "digits", "gcd", "steps", "rot", "mix", "bits", "depth", "score"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var counts []string
			bad := false
			for pad := 0; pad <= 2*int(regionSize); pad += 8 {
				p := padded(t, tc.name, pad)
				c, err := cpu.New(p, cpu.Config{NoCallStack: true})
				if err != nil {
					t.Fatal(err)
				}
				ws := c.Memory().Words()
				pl := plan(p.Code, ws, p.Entry, uint32(len(ws)), uint32(c.StackSize()), nil, 0, Watch{})
				all, inside := crossings(t, p, pl, tc.fns)
				counts = append(counts, fmt.Sprintf("%d:%d/%d", pad, inside, all))
				bad = bad || all > 0
			}
			t.Logf("%d words; padding:crossings inside functions/all %s", len(padded(t, tc.name, 0).Code), strings.Join(counts, " "))
			if bad {
				t.Errorf("calls or a function cut across regions (padding:crossings inside functions/all %s)", strings.Join(counts, " "))
			}
		})
	}
}

// regionPrograms are testdata/regions' programs: functions that a padding
// moves across the boundaries between regions.
var regionPrograms = []string{"frames", "calls"}

// TestRegionPrograms runs the programs on both tiers, as written and
// padded so that a region's end falls inside each function.
func TestRegionPrograms(t *testing.T) {
	var names []string
	for _, name := range regionPrograms {
		names = append(names, "regions/"+name)
	}
	goldenPrograms(t, names)
	for _, name := range regionPrograms {
		for _, pad := range []int{100, 150, 200} {
			both(t, padded(t, name, pad), cpu.Config{}, "", 1<<40, nil)
		}
	}
}

// BenchmarkRegions runs the programs compiled, padded by 0 to 240 words:
// how fast a function runs must not depend on where it falls.
func BenchmarkRegions(b *testing.B) {
	for _, name := range regionPrograms {
		for pad := 0; pad <= 240; pad += 40 {
			benchEngines(b, fmt.Sprintf("%s-pad%d", name, pad), padded(b, name, pad))
		}
	}
}

// TestFunctionEnds checks where functionEnds finds functions' last
// blocks: the last a constant call's target reaches up to its rets,
// whichever function's code reached it first, and none for a function
// that jumps before its start or spans more than maxFuncWords.
func TestFunctionEnds(t *testing.T) {
	long := strings.Repeat("    add eax, 1\n", int(maxFuncWords))
	for _, tc := range []struct {
		name, src string
		fn, end   string // the function's label, and a label in its last block ("" for none)
	}{
		{"two returns", "    call f\n    hlt\nf:  cmp eax, 0\n    je z\n    ret\nz:  mov eax, 1\nlast: ret\n", "f", "last"},
		{"a loop", "    call f\n    hlt\nf:  mov ecx, 3\nl:  dec ecx\n    cmp ecx, 0\n    jne l\nlast: ret\n", "f", "last"},
		{"tail jump into one called later", "    call f\n    call g\n    hlt\nf:  inc eax\n    jmp g\ng:  mov ebx, eax\nlast: ret\n", "g", "last"},
		{"jumps before its start", "    call f\n    hlt\nb:  ret\nf:  cmp eax, 0\n    je b\n    ret\n", "f", ""},
		{"too long", "    call f\n    hlt\nf:\n" + long + "    ret\n", "f", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, c := shapesPlan(t, tc.src, nil)
			got := c.functionEnds()[c.blockAt[label(t, p, tc.fn)]]
			want := -1
			if tc.end != "" {
				for a := label(t, p, tc.end); want < 0; a-- { // the block that holds it
					want = int(c.blockAt[a])
				}
			}
			if got != want {
				t.Errorf("function %s ends at block %d, want %d", tc.fn, got, want)
			}
		})
	}
}
