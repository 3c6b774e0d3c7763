//go:build amd64 || arm64

package jit

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"testing"
	"time"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/isa"
)

const countLoop = `start:
    mov ecx, 0
    mov eax, 0
loop:
    add eax, ecx
    xor eax, 5
    inc ecx
    cmp ecx, 10000000
    jl loop
    prn eax
`

func TestRanCompiled(t *testing.T) {
	p, err := assembler.Assemble("loop.asm", []byte(countLoop), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, compiled := range []bool{false, true} {
		c, err := cpu.New(p, cpu.Config{NoCallStack: true})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		run := c.Run
		if compiled {
			k, err := Compile(c)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("compile %v", time.Since(start))
			defer k.Close()
			run = k.Run
		}
		for c.State() == cpu.Ready {
			run(1 << 40)
		}
		t.Logf("compiled=%v: %d steps in %v (%.0f M/s)", compiled, c.Steps(), time.Since(start), float64(c.Steps())/time.Since(start).Seconds()/1e6)
	}
}

// loops are the benchmark programs of testdata/ written to check that a
// change to how loops compile is general: a walk to a 0 with two ways
// back (scan), a loop tested at its top through three arrays (topdot), a
// loop left in its middle, with a division and no memory (isqrt).
var loops = []string{"scan", "topdot", "isqrt"}

// TestLoopPrograms runs the loop programs on both tiers.
func TestLoopPrograms(t *testing.T) { goldenPrograms(t, loops) }

// BenchmarkRun runs programs of different shapes to their end on the
// interpreter and on compiled code (compiled before the timing starts),
// in instructions a second.
func BenchmarkRun(b *testing.B) {
	names := []string{"collatz", "gcd", "xorshift", "nested", "ack", "../../cpu/bench/fib.vm", "../../cpu/bench/primes.vm"}
	for _, name := range append(append(names, recursion...), loops...) {
		path := "testdata/" + name + ".asm"
		if strings.HasSuffix(name, ".vm") {
			path, name = "testdata/"+name, strings.TrimSuffix(filepath.Base(name), ".vm")
		}
		p, err := assembler.AssembleFile(path, assembler.Options{})
		if err != nil {
			b.Fatal(err)
		}
		benchEngines(b, name, p)
	}
}

// functions writes a program of n small functions, each a loop over an
// array with a branch in it, the first calling the others in turn: the
// shape of a long program written by hand or by a compiler.
func functions(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	body := []string{"add eax, ecx", "xor ebx, eax", "mov edx, [esi+3]", "mov [esi+4], eax", "shl ebx, 1",
		"mul edx, 3", "and eax, 255", "sub edi, 1", "mov eax, [arr+ecx]"}
	var b strings.Builder
	b.WriteString("start:\n  mov esi, arr\n")
	for f := range n {
		fmt.Fprintf(&b, "  call f%d\n", f)
	}
	b.WriteString("  hlt\n")
	for f := range n {
		fmt.Fprintf(&b, "f%d:\n  push ebp\n  mov ebp, esp\n  mov ecx, 0\nl%da:\n", f, f)
		for range 3 + r.IntN(6) {
			fmt.Fprintf(&b, "  %s\n", body[r.IntN(len(body))])
		}
		if f > 0 && r.IntN(3) == 0 { // a call back to an earlier function
			fmt.Fprintf(&b, "  cmp ecx, 9\n  jne l%dc\n  call f%d\nl%dc:\n", f, r.IntN(f), f)
		}
		fmt.Fprintf(&b, "  cmp eax, %d\n  jl l%db\n  inc edx\nl%db:\n  inc ecx\n  cmp ecx, 10\n  jl l%da\n  pop ebp\n  ret\n", r.IntN(100), f, f, f)
	}
	b.WriteString("section .data\narr: resd 32\n")
	return b.String()
}

// BenchmarkCompile compiles whole programs of about 1,000, 10,000 and
// 50,000 instructions (functions with a loop each, some calling earlier
// ones), and the hot tenth of the 10,000 (what Auto compiles when the
// program spends its time there), for a fresh machine. It reports per
// thousand instructions the compile's wall and CPU time (every thread:
// wazero compiles on every core), the Go heap the compiled code keeps
// (wazero's executable memory, the machine code itself, is not in it) and
// the size of the wasm module, which wazero's time follows.
func BenchmarkCompile(b *testing.B) {
	for _, tc := range []struct {
		name  string
		funcs int
		hot   int // functions sampled as hot; 0: compile everything
	}{{"1k", 70, 0}, {"10k", 700, 0}, {"50k", 3500, 0}, {"10k-hot-tenth", 700, 70}} {
		b.Run(tc.name, func(b *testing.B) {
			p, err := assembler.Assemble("f.asm", []byte(functions(tc.funcs)), assembler.Options{})
			if err != nil {
				b.Fatal(err)
			}
			var hot []uint32
			if tc.hot > 0 {
				for _, l := range p.Debug.Labels {
					var f int
					if _, err := fmt.Sscanf(l.Name, "l%da", &f); err == nil && f < tc.hot {
						hot = append(hot, l.Value)
					}
				}
			}
			insns := countInstructions(p.Code)
			var kept uint64
			var size int
			b.ReportAllocs()
			cpu0 := processCPU()
			for b.Loop() {
				c, err := cpu.New(p, cpu.Config{NoCallStack: true})
				if err != nil {
					b.Fatal(err)
				}
				var m0, m1 goruntime.MemStats
				if kept == 0 {
					b.StopTimer()
					goruntime.GC()
					goruntime.ReadMemStats(&m0)
					b.StartTimer()
				}
				build, n := prepare(c, c.Memory().Words(), hot, maxHot, Watch{})
				size = n
				k, err := build()
				if err != nil {
					b.Fatal(err)
				}
				if kept == 0 {
					b.StopTimer()
					goruntime.GC()
					goruntime.ReadMemStats(&m1)
					kept = m1.HeapAlloc - min(m0.HeapAlloc, m1.HeapAlloc)
					b.StartTimer()
				}
				k.Close()
			}
			b.ReportMetric(float64(insns), "instructions")
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(insns), "ms/1k-instr")
			b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(b.N)/float64(insns), "ms-cpu/1k-instr")
			b.ReportMetric(float64(kept)/float64(insns), "KB-kept/1k-instr")
			b.ReportMetric(float64(size)/float64(insns), "KB-wasm/1k-instr")
		})
	}
}

// countInstructions returns how many instructions code holds.
func countInstructions(code []uint32) int {
	n := 0
	for a := uint32(0); a < uint32(len(code)); n++ {
		d, _ := isa.Decode(code, a)
		a += uint32(d.Size())
	}
	return n
}
