package debugger

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
	runToEnd(b, c)
}

// BenchmarkContinueNoop is `continue` over the loop with a breakpoint that
// is never hit (on the first instruction, which continue runs past), with
// the journal keeping the last million steps for reverse execution.
func BenchmarkContinueNoop(b *testing.B) {
	s, err := NewSession(noopProgram(b), cpu.Config{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.SetBreakpoint(0, PointOptions{}); err != nil {
		b.Fatal(err)
	}
	continueToEnd(b, s)
}

// benchProgram assembles one of cpu/bench's workloads with its size set
// by its %define.
func benchProgram(tb testing.TB, file, define string, size int) *image.Program {
	tb.Helper()
	src, err := os.ReadFile(filepath.Join("..", "cpu", "bench", file))
	if err != nil {
		tb.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	for i, l := range lines {
		if f := strings.Fields(l); len(f) == 3 && f[0] == "%define" && f[1] == define {
			lines[i] = fmt.Sprintf("%%define %s %d", define, size)
		}
	}
	p, err := assembler.Assemble(file, []byte(strings.Join(lines, "\n")), assembler.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// The workloads of the continue-versus-run bar: cpu/bench's counting loop
// (a loop the fast path runs inside one handler), trial division and
// recursive Fibonacci, each some 20-150 million steps, and the
// register-relative loads and stores of memory.asm and prn's loop.
var continueWorkloads = []struct {
	name, file, define string
	size               int
}{
	{"Count", "count.vm", "ROUNDS", 50_000_000},
	{"Primes", "primes.vm", "COUNT", 2000},
	{"Fib", "fib.vm", "ARG", 30},
	{"Memory", "memory.asm", "LEN", 2000},
	{"Print", "print.vm", "COUNT", 2_000_000},
}

// BenchmarkRun is `cpu32 run`'s speed on each workload (no call stack, no
// profile): the bar the debugger's continue is measured against.
func BenchmarkRun(b *testing.B) {
	for _, w := range continueWorkloads {
		b.Run(w.name, func(b *testing.B) {
			c, err := cpu.New(benchProgram(b, w.file, w.define, w.size), cpu.Config{NoCallStack: true})
			if err != nil {
				b.Fatal(err)
			}
			runToEnd(b, c)
		})
	}
}

// BenchmarkContinue is the debugger's continue to the end of each
// workload, with the journal's last million steps, the call stack and the
// heat map's profile kept as when every step is journaled.
func BenchmarkContinue(b *testing.B) {
	for _, w := range continueWorkloads {
		b.Run(w.name, func(b *testing.B) {
			s, err := NewSession(benchProgram(b, w.file, w.define, w.size), cpu.Config{})
			if err != nil {
				b.Fatal(err)
			}
			continueToEnd(b, s)
		})
	}
}

// continueToEnd reports how fast s continues from the start to the end,
// over and over, keeping the journal's full history. One untimed continue
// first lets the journal grow to its full size, a one-time cost of the
// session rather than of continue.
func continueToEnd(b *testing.B, s *Session) {
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
		if st := s.Status(); st.State != cpu.Ended || st.BackDepth != s.HistoryLimit() {
			b.Fatalf("continue stopped: %v, %d steps back", st.Stop.Kind, st.BackDepth)
		}
		steps += s.Status().Steps
	}
	b.ReportMetric(float64(steps)/time.Since(start).Seconds(), "instr/s")
}

// runToEnd reports how fast c runs its program from the start to the end,
// over and over, as cpu32 run runs it.
func runToEnd(b *testing.B, c *cpu.CPU) {
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
