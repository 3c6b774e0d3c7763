package debugger

import (
	"testing"
	"time"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/image"
)

// noopSrc runs 4,000,001 instructions: the speed bar's loop.
const noopSrc = `  mov eax, 0
loop:
  nop
  inc eax
  cmp eax, 1000000
  jl loop
`

func noopProgram(tb testing.TB) *image.Program {
	tb.Helper()
	p, err := assembler.Assemble("noop.asm", []byte(noopSrc), assembler.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// BenchmarkRunNoop is the interpreter's raw speed, without a journal: the
// bar the debugger's continue is measured against.
func BenchmarkRunNoop(b *testing.B) {
	p := noopProgram(b)
	c, err := cpu.New(p, cpu.Config{})
	if err != nil {
		b.Fatal(err)
	}
	var steps uint64
	start := time.Now()
	for b.Loop() {
		c.Reset()
		if err := c.RunToEnd(); err != nil {
			b.Fatal(err)
		}
		steps += c.Steps()
	}
	b.ReportMetric(float64(steps)/time.Since(start).Seconds(), "instr/s")
}

// BenchmarkContinueNoop is `continue` over the loop with a breakpoint that
// is never hit (on the first instruction, which continue runs past), with
// the journal recording every step for reverse execution. One untimed run
// first lets the journal grow to its full million steps, a one-time cost
// of the session rather than of continue.
func BenchmarkContinueNoop(b *testing.B) {
	s, err := NewSession(noopProgram(b), cpu.Config{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.SetBreakpoint(0, PointOptions{}); err != nil {
		b.Fatal(err)
	}
	if _, err := s.Continue(); err != nil {
		b.Fatal(err)
	}
	var steps uint64
	start := time.Now()
	for b.Loop() {
		s.restart()
		if _, err := s.Continue(); err != nil {
			b.Fatal(err)
		}
		if s.Status().State != cpu.Ended {
			b.Fatalf("continue stopped: %v", s.Status().Stop.Kind)
		}
		steps += s.Status().Steps
	}
	b.ReportMetric(float64(steps)/time.Since(start).Seconds(), "instr/s")
}
