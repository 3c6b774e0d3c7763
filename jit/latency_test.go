//go:build amd64 || arm64

package jit

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"cpu32/assembler"
	"cpu32/cpu"
)

// latencyPrograms are small hot programs: a loop of five instructions, a
// loop calling a function, and some 200 instructions of straight code
// around two loops, the first filling an array, the second summing it
// five times (the program leaves the first loop's code for the second).
var latencyPrograms = []struct{ name, src string }{
	{"loop", "    mov ecx, 3000000\n    mov ebx, 7\nl:  add eax, ebx\n    xor eax, ecx\n    dec ecx\n    cmp ecx, 0\n    jne l\n    prn eax\n"},
	{"call", "    mov ecx, 1000000\n    mov eax, 1\nl:  call f\n    dec ecx\n    cmp ecx, 0\n    jne l\n    prn eax\n    hlt\nf:  mul eax, 3\n    add eax, ecx\n    and eax, 0xffffff\n    ret\n"},
	{"two", twoLoops()},
}

// twoLoops writes the "two" program of latencyPrograms.
func twoLoops() string {
	var b strings.Builder
	b.WriteString("%define LEN 200000\nsection .data\narr: resd LEN\nsection .text\n    mov esi, arr\n    mov eax, 12345\n    mov ecx, LEN\n")
	for i := range 40 {
		fmt.Fprintf(&b, "    add eax, %d\n    xor eax, %d\n", i*7+1, i*13+5)
	}
	b.WriteString("fill: mul eax, 1103515245\n    add eax, 12345\n    mov edx, eax\n    shr edx, 8\n    mov [esi], edx\n    inc esi\n    dec ecx\n    cmp ecx, 0\n    jne fill\n")
	for i := range 40 {
		fmt.Fprintf(&b, "    sub ebx, %d\n    or ebx, %d\n", i*3+2, i+1)
	}
	b.WriteString("    mov eax, 0\n    mov edi, 0\npass: mov ecx, 0\nsum: mov edx, [arr+ecx]\n    mul edx, ecx\n    add eax, edx\n    inc ecx\n" +
		"    cmp ecx, LEN\n    jl sum\n    inc edi\n    cmp edi, 5\n    jl pass\n    prn eax\n    prn ebx\n")
	return b.String()
}

// BenchmarkAutoLatency runs small hot programs under Auto, in chunks as
// `cpu32 run` does, and reports the time from a fresh machine to the
// first step run compiled (ms-first: the interpreter until Auto decides,
// the translation, wazero's compile, the instantiation) and to the end of
// the run (ms-end), besides the interpreter's time for the whole run
// (ms-interp). wazero's runtime is made once before, as a process makes
// it once.
func BenchmarkAutoLatency(b *testing.B) {
	runtime("")
	for _, tc := range latencyPrograms {
		p, err := assembler.Assemble(tc.name+".asm", []byte(tc.src), assembler.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name, func(b *testing.B) {
			var first, end, interp time.Duration
			for b.Loop() {
				c, err := cpu.New(p, cpu.Config{NoCallStack: true})
				if err != nil {
					b.Fatal(err)
				}
				r := NewRunner(c, Auto)
				t := time.Now()
				for c.State() == cpu.Ready && r.Engine() != "jit" {
					if _, err := r.Run(1 << 16); err != nil {
						b.Fatal(err)
					}
				}
				first += time.Since(t)
				for c.State() == cpu.Ready {
					if _, err := r.Run(2 << 20); err != nil {
						b.Fatal(err)
					}
				}
				end += time.Since(t)
				r.Close()
				w, _ := cpu.New(p, cpu.Config{NoCallStack: true})
				t = time.Now()
				w.Run(1 << 40)
				interp += time.Since(t)
				if w.Steps() != c.Steps() {
					b.Fatalf("%d steps, the interpreter %d", c.Steps(), w.Steps())
				}
			}
			n := float64(b.N) * 1e6
			b.ReportMetric(float64(first.Nanoseconds())/n, "ms-first")
			b.ReportMetric(float64(end.Nanoseconds())/n, "ms-end")
			b.ReportMetric(float64(interp.Nanoseconds())/n, "ms-interp")
		})
	}
}
