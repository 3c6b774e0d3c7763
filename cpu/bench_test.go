package cpu

import (
	"bytes"
	"testing"

	"cpu32/assembler"
	"cpu32/image"
)

// primesSrc counts the primes below 20000 by trial division with mod and
// rem, trying divisors up to the square root: about 3.1 million
// instructions, most of them the inner loop's arithmetic and jumps.
const primesSrc = `; count the primes below 20000
        mov ecx, 0          ; primes found
        mov eax, 2          ; the candidate
next:   mov ebx, 2          ; the divisor
try:    mov edx, ebx
        mul edx, ebx
        cmp edx, eax        ; divisor squared past the candidate: a prime
        ja prime
        mod eax, ebx
        rem edx
        cmp edx, 0
        je composite
        inc ebx
        jmp try
prime:  inc ecx
composite:
        inc eax
        cmp eax, 20000
        jb next
        prn ecx
`

// benchRun runs p to its end b.N times on one machine, checks its output
// once, and reports emulated instructions per second.
func benchRun(b *testing.B, p *image.Program, wantOut string) {
	benchRunJournal(b, p, wantOut, nil)
}

// benchRunJournal is benchRun recording into j, as the debugger does.
func benchRunJournal(b *testing.B, p *image.Program, wantOut string, j *Journal) {
	var out bytes.Buffer
	c, err := New(p, Config{Out: &out})
	if err != nil {
		b.Fatal(err)
	}
	c.SetJournal(j)
	if err := c.RunToEnd(); err != nil {
		b.Fatal(err)
	}
	if out.String() != wantOut {
		b.Fatalf("output %q, want %q", out.String(), wantOut)
	}
	perRun := c.Steps()
	var steps uint64
	for b.Loop() {
		c.Reset()
		if err := c.RunToEnd(); err != nil {
			b.Fatal(err)
		}
		steps += c.Steps()
	}
	if steps != perRun*uint64(b.N) {
		b.Fatalf("%d steps in %d runs of %d", steps, b.N, perRun)
	}
	b.ReportMetric(float64(steps)/b.Elapsed().Seconds(), "instr/s")
	b.ReportMetric(float64(perRun), "instr/op")
}

// BenchmarkNoop runs programs/noop.asm, a 1,000,000-iteration loop of nop,
// inc, cmp and jl.
func BenchmarkNoop(b *testing.B) {
	p, err := assembler.AssembleFile("../programs/noop.asm", assembler.Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchRun(b, p, "1000000\n")
}

// BenchmarkPrimes counts the primes below 20000 (there are 2262).
func BenchmarkPrimes(b *testing.B) {
	p, err := assembler.Assemble("primes.asm", []byte(primesSrc), assembler.Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchRun(b, p, "2262\n")
}

// BenchmarkPrimesJournal is BenchmarkPrimes with a journal recording every
// step for undo, the debugger's cost of running.
func BenchmarkPrimesJournal(b *testing.B) {
	p, err := assembler.Assemble("primes.asm", []byte(primesSrc), assembler.Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchRunJournal(b, p, "2262\n", NewJournal(0))
}
