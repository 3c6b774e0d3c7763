//go:build amd64 || arm64

package jit

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"cpu32/assembler"
	"cpu32/cpu"
)

// worstCases are programs written to make one wasm function huge or its
// loops deep: what once made wazero's compile time grow much faster than
// the code.
var worstCases = []struct{ name, src string }{
	{"loops nested 2,000 deep", nestedLoops(2000)},
	{"a jump table of 5,000 targets", jumpTable(5000)},
	{"3,000 labels in one loop", labelsInLoop(3000)},
	{"labels filling one loop", labelsInLoop(int(maxLoopWords) / 8)},
	{"a straight line of 65,536 instructions", straightLine(65536)},
	{"700 functions with a loop each", functions(700)},
}

// nestedLoops writes loops nested n deep, each turning once.
func nestedLoops(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "section .data\nctr: resd %d\nsection .text\n", n)
	for i := range n {
		fmt.Fprintf(&b, "    mov [ctr+%d], 0\nl%d:\n", i, i)
	}
	for i := n - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "    inc [ctr+%d]\n    cmp [ctr+%d], 1\n    jl l%d\n", i, i, i)
	}
	b.WriteString("    prn [ctr]\n")
	return b.String()
}

// jumpTable writes a loop that jumps through a table of n addresses of
// code, each target adding to eax.
func jumpTable(n int) string {
	var b strings.Builder
	b.WriteString("    mov ecx, 0\nagain:\n    mov ebx, ecx\n    mod ebx, " + fmt.Sprint(n) + "\n    mov ebx, rem\n    jmp [table+ebx]\nback:\n    inc ecx\n    cmp ecx, 20000\n    jl again\n    prn eax\n    hlt\n")
	for i := range n {
		fmt.Fprintf(&b, "t%d:\n    add eax, %d\n    jmp back\n", i, i%7+1)
	}
	b.WriteString("section .data\ntable:\n")
	for i := range n {
		fmt.Fprintf(&b, "    dd t%d\n", i)
	}
	return b.String()
}

// labelsInLoop writes a loop whose body is n compares, each branching
// over an instruction to the next label.
func labelsInLoop(n int) string {
	var b strings.Builder
	b.WriteString("    mov ecx, 3\nloop:\n")
	for i := range n {
		fmt.Fprintf(&b, "    cmp ecx, %d\n    je l%d\n    inc eax\nl%d:\n", i%5, i, i)
	}
	b.WriteString("    dec ecx\n    jne loop\n    prn eax\n")
	return b.String()
}

// straightLine writes n instructions without a jump.
func straightLine(n int) string {
	var b strings.Builder
	ops := []string{"add eax, 3", "xor eax, ebx", "mov ebx, eax", "shl ebx, 1", "inc ecx"}
	for i := range n {
		b.WriteString("    " + ops[i%len(ops)] + "\n")
	}
	b.WriteString("    prn eax\n    prn ecx\n")
	return b.String()
}

// planStats is what the compiler decided for a program: the largest
// region in words, its most nested wasm loops, and how many loops were
// undone (not wasm loops) for the bounds.
type planStats struct {
	words, nest, blockInsns int
}

func statsOf(c *compiler) planStats {
	var s planStats
	for r := range c.regions {
		lo, hi := c.bounds(r)
		s.words = max(s.words, int(hi-lo))
	}
	var open []int
	for i, bl := range c.blocks {
		for len(open) > 0 && c.loopEnd[open[len(open)-1]] < i {
			open = open[:len(open)-1]
		}
		if c.loopEnd[i] >= 0 {
			open = append(open, i)
			s.nest = max(s.nest, len(open))
		}
		s.blockInsns = max(s.blockInsns, len(bl.ins))
	}
	return s
}

// TestAdversaryCompileTime compiles the worst cases: whatever the program,
// no region (wasm function) is larger than about regionSize plus one
// loop of maxLoopWords, no wasm loops nest deeper than maxNest, and no
// block holds more than maxBlock instructions, so that compile time is
// linear in the program. Before these bounds, loops nested 2,000 deep
// (20,000 words) took 25-30 s and 200 MB to compile. The time ceiling is
// generous (a few milliseconds a thousand words are measured): it catches
// growth, not a slow machine. Each then runs on both tiers.
func TestAdversaryCompileTime(t *testing.T) {
	for _, tc := range worstCases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := assembler.Assemble("w.asm", []byte(tc.src), assembler.Options{})
			if err != nil {
				t.Fatal(err)
			}
			cfg := cpu.Config{Memory: 1 << 16, Stack: 64, NoCallStack: true, MaxSteps: 1 << 22}
			c, err := cpu.New(p, cfg)
			if err != nil {
				t.Fatal(err)
			}
			ws := c.Memory().Words()
			s := statsOf(plan(p.Code, ws, p.Entry, uint32(len(ws)), uint32(c.StackSize()), nil, 0, Watch{}))
			if limit := int(regionSize+maxLoopWords) + 3*maxBlock; s.words > limit {
				t.Errorf("a region of %d words, more than %d", s.words, limit)
			}
			if s.nest > maxNest {
				t.Errorf("wasm loops nested %d deep, more than %d", s.nest, maxNest)
			}
			if s.blockInsns > maxBlock {
				t.Errorf("a block of %d instructions, more than %d", s.blockInsns, maxBlock)
			}
			start := time.Now()
			k, err := Compile(c)
			if err != nil {
				t.Fatal(err)
			}
			d := time.Since(start)
			k.Close()
			t.Logf("%d words: %d-word regions at most, loops %d deep; compiled in %v", len(p.Code), s.words, s.nest, d)
			if ceiling := time.Duration(len(p.Code)) * 250 * time.Microsecond; d > ceiling {
				t.Errorf("compiling %d words took %v, more than %v", len(p.Code), d, ceiling)
			}
			both(t, p, cfg, "", 1<<40, nil)
		})
	}
}

// TestDifferentialBounds runs generated programs with the compiler's
// bounds made tiny, so that loops are undone (their back edges go through
// the dispatch or to another region) and blocks are cut at every size.
func TestDifferentialBounds(t *testing.T) {
	defer func(w uint32, n, b int) { maxLoopWords, maxNest, maxBlock = w, n, b }(maxLoopWords, maxNest, maxBlock)
	n := 600
	if testing.Short() {
		n = 60
	}
	for seed := range n {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(seed), 23))
			p := gen(r, 1+r.IntN(60))
			maxLoopWords, maxNest, maxBlock = uint32(r.IntN(20)), r.IntN(3), 1+r.IntN(4)
			cfg := cpu.Config{Memory: 64 + r.IntN(64), Stack: 1 + r.IntN(12), MaxSteps: uint64(1 + r.IntN(3000))}
			chunk := []uint64{1 << 40, 1, 3, 17}[r.IntN(4)]
			both(t, p, cfg, "12 -7 x 5", chunk, nil)
		})
	}
}

// BenchmarkWorstCases compiles each of the worst cases whole, in
// milliseconds per thousand words of code.
func BenchmarkWorstCases(b *testing.B) {
	for _, tc := range worstCases {
		b.Run(strings.ReplaceAll(tc.name, " ", "-"), func(b *testing.B) {
			p, err := assembler.Assemble("w.asm", []byte(tc.src), assembler.Options{})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				c, err := cpu.New(p, cpu.Config{Memory: 1 << 16, Stack: 64, NoCallStack: true})
				if err != nil {
					b.Fatal(err)
				}
				k, err := Compile(c)
				if err != nil {
					b.Fatal(err)
				}
				k.Close()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(len(p.Code)), "ms/1k-words")
		})
	}
}

// BenchmarkReady measures how long --engine jit takes from a machine to
// its first steps run compiled, for a program of about 10,000
// instructions (functions(700)): the first stage of compileStaged. The
// whole program's compile, in the background, is given up.
func BenchmarkReady(b *testing.B) {
	p, err := assembler.Assemble("f.asm", []byte(functions(700)), assembler.Options{})
	if err != nil {
		b.Fatal(err)
	}
	runtime("") // made once a process, as the first compile does
	for b.Loop() {
		c, err := cpu.New(p, cpu.Config{NoCallStack: true})
		if err != nil {
			b.Fatal(err)
		}
		r := NewRunner(c, Compiled)
		if _, err := r.Run(100); err != nil || !r.code.Ran() {
			b.Fatalf("no step ran compiled: %v", err)
		}
		b.StopTimer()
		if r.pending != nil {
			if res := <-r.pending; res.code != nil {
				res.code.Close()
			}
			r.pending = nil
		}
		r.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms-ready")
}
