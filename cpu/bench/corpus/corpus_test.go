// Package corpus_test is the benchmark corpus of issue 16: programs of
// different shapes, written as a student or a teacher would write them and
// not for any optimiser, each beside the same algorithm in plain Go
// (native_test.go). The .vm programs are also accepted by tinyvm
// (../corpus.sh runs them on both as whole processes); the .asm ones need
// cpu32's .data, register-indirect operands, prc or host calls.
//
// Each program is sized by one %define: as written (the size its golden
// NAME.out was printed at, and ../corpus.sh runs) it takes a good part of
// a second; the Go benchmarks run it at a smaller size.
//
//	go test -run x -bench Corpus ./cpu/bench/corpus/
//
// BenchmarkCorpus/NAME/ENGINE reports emulated instructions per second
// (instr/s) and the time over the native version's in the same process
// (x-native); BenchmarkCorpus/NAME/native is the native version alone.
// x-native is a ratio of CPU times, not of wall times: on the project's
// shared 2-core machine a wall-clock ratio moves by several times with the
// load of the other processes, a ratio of CPU times much less.
package corpus_test

import (
	"bufio"
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/host"
	"cpu32/image"
	"cpu32/internal/long"
	"cpu32/jit"
)

// A machine is what an engine makes of a program: run it to its end, put
// it back as it was loaded, and say how many instructions the last run
// executed. *cpu.CPU is one. A machine that is also an io.Closer is closed
// when the test or benchmark that made it ends.
type machine interface {
	RunToEnd() error
	Reset()
	Steps() uint64
}

// An engine runs programs. Every test and benchmark of the corpus runs on
// each engine in engines, so that a new one (the compiling tier of issue
// 16) is checked and measured by adding a line here.
type engine struct {
	name string
	new  func(p *image.Program, cfg cpu.Config) (machine, error)
}

var engines = []engine{
	{"interp", func(p *image.Program, cfg cpu.Config) (machine, error) {
		c, err := cpu.New(p, cfg)
		if err != nil {
			return nil, err
		}
		return c, nil
	}},
	{"jit", func(p *image.Program, cfg cpu.Config) (machine, error) {
		c, err := cpu.New(p, cfg)
		if err != nil {
			return nil, err
		}
		k, err := jit.Compile(c)
		if err != nil {
			return nil, err
		}
		return driven{c, k.Run, ^uint64(0), k.Close}, nil
	}},
	{"auto", func(p *image.Program, cfg cpu.Config) (machine, error) {
		c, err := cpu.New(p, cfg)
		if err != nil {
			return nil, err
		}
		r := jit.NewRunner(c, jit.Auto)
		return driven{c, r.Run, runChunk, r.Close}, nil
	}},
}

// driven is a machine whose program runs through another engine than
// its interpreter: compiled code (package jit), compiled when it is made,
// or a jit.Runner, run as `cpu32 run` runs it (jit.Auto: interpreted
// first, compiled once it proves long-running; after a Reset it goes on
// with the code it compiled), chunk steps at a time.
type driven struct {
	*cpu.CPU
	run   func(uint64) (cpu.Stop, error)
	chunk uint64
	close func() error
}

// runChunk is cmd/cpu32's: the steps run between two looks at Ctrl-C.
const runChunk = 2 << 20

func (m driven) RunToEnd() error {
	for m.State() == cpu.Ready {
		stop, err := m.run(m.chunk)
		if err != nil {
			return err
		}
		if stop == cpu.StopInput {
			return cpu.ErrNoInput
		}
	}
	return nil
}

func (m driven) Close() error { return m.close() }

// config is the machine `cpu32 run` makes (no shadow call stack, the
// standard host functions with the default seed 1), printing to out.
func config(out *bytes.Buffer) cpu.Config {
	return cpu.Config{NoCallStack: true, Host: host.Map(1), Out: out}
}

// A program is one file of the corpus.
type program struct {
	file   string // in this folder
	define string // the %define that sizes it
	bench  uint32 // its size in the Go benchmarks
	native func(size uint32) string
}

var corpus = []program{
	{"nested.vm", "N", 60, nativeNested},
	{"xorshift.vm", "COUNT", 100_000, nativeXorshift},
	{"gcd.vm", "N", 200, nativeGCD},
	{"collatz.vm", "N", 3000, nativeCollatz},
	{"ackermann.vm", "N", 60, nativeAckermann},
	{"binomial.vm", "N", 16, nativeBinomial},
	{"table.vm", "N", 100, nativeTable},
	{"sieve.asm", "ROUNDS", 1, nativeSieve},
	{"bubble.asm", "LEN", 500, nativeBubble},
	{"reverse.asm", "ROUNDS", 3001, nativeReverse},
	{"matmul.asm", "N", 50, nativeMatmul},
	{"bsearch.asm", "QUERIES", 10_000, nativeBsearch},
	{"dice.asm", "ROLLS", 100_000, nativeDice},
	{"hist.asm", "COUNT", 500_000, nativeHist},
	{"insort.asm", "LEN", 1500, nativeInsort},
	{"stencil.asm", "STEPS", 25, nativeStencil},
	{"strhash.asm", "ROUNDS", 50, nativeStrhash},
	{"list.asm", "ROUNDS", 30, nativeList},
	{"bytecode.asm", "ITER", 20_000, nativeBytecode},
	{"crc32.vm", "COUNT", 100_000, nativeCRC32},
	{"popcount.vm", "COUNT", 100_000, nativePopcount},
	{"powmod.vm", "LIMIT", 4000, nativePowmod},
	{"digits.vm", "COUNT", 10_000, nativeDigits},
	{"qsort.asm", "ROUNDS", 2, nativeQsort},
	{"heapsort.asm", "ROUNDS", 2, nativeHeapsort},
	{"life.asm", "GENS", 200, nativeLife},
	{"memo.asm", "ROUNDS", 1, nativeMemo},
	{"fsm.asm", "ROUNDS", 5000, nativeFsm},
	{"wide.asm", "ITER", 200_000, nativeWide},
	{"mergesort.asm", "LEN", 4000, nativeMergesort},
	{"cmul.asm", "ROUNDS", 40, nativeCmul},
	{"shellsort.asm", "ROUNDS", 1, nativeShellsort},
	{"kmp.asm", "ROUNDS", 1, nativeKMP},
	{"rle.asm", "ROUNDS", 2, nativeRLE},
	{"window.asm", "ROUNDS", 1, nativeWindow},
	{"flood.asm", "ROUNDS", 10, nativeFlood},
	{"hashtab.asm", "ROUNDS", 1, nativeHashtab},
	{"rpn.asm", "ROUNDS", 500, nativeRPN},
	{"knapsack.asm", "ROUNDS", 1, nativeKnapsack},
	{"happy.vm", "LIMIT", 5000, nativeHappy},
	{"walk.vm", "WALKS", 3, nativeWalk},
	{"queens.vm", "N", 11, nativeQueens},
	{"factor.vm", "N", 20_000, nativeFactor},
	{"fibmat.vm", "COUNT", 5000, nativeFibmat},
	{"rule30.vm", "GENS", 50_000, nativeRule30},
	{"floyd.asm", "V", 60, nativeFloyd},
	{"horspool.asm", "PATTERNS", 60, nativeHorspool},
	{"pqueue.asm", "HOLDS", 20_000, nativePqueue},
	{"bigfact.asm", "N", 1000, nativeBigfact},
	{"bitsieve.asm", "WORDS", 4096, nativeBitsieve},
	{"radix.asm", "ROUNDS", 1, nativeRadix},
	{"stackvm.asm", "ITER", 20_000, nativeStackvm},
	{"tsp.asm", "ROUNDS", 3, nativeTSP},
	{"palin.vm", "N", 30_000, nativePalin},
	{"hofstad.vm", "N", 30, nativeHofstad},
	{"triangle.vm", "N", 300, nativeTriangle},
	{"niven.vm", "N", 50_000, nativeNiven},
	{"gray.vm", "COUNT", 20_000, nativeGray},
	{"mandel.vm", "W", 32, nativeMandel},
	{"amicable.vm", "N", 3000, nativeAmicable},
	{"hanoi.vm", "N", 12, nativeHanoi},
	{"strings.asm", "ROUNDS", 30, nativeStrings},
	{"lsearch.asm", "QUERIES", 200, nativeLsearch},
	{"twoptr.asm", "TARGETS", 40, nativeTwoptr},
	{"bf.asm", "ROUNDS", 2, nativeBF},
	{"det.asm", "ROUNDS", 30, nativeDet},
	{"ant.asm", "STEPS", 100_000, nativeAnt},
	{"rsum.asm", "QUERIES", 2000, nativeRsum},
	{"partition.asm", "N", 30, nativePartition},
	{"mixed.vm", "N", 3000, nativeMixed},
	{"primes.vm", "N", 20_000, nativePrimes},
	{"fptr.asm", "COUNT", 100_000, nativeFptr},
	{"switch.asm", "ROUNDS", 20, nativeSwitch},
	{"sat.asm", "ROUNDS", 1, nativeSat},
	{"countsort.asm", "ROUNDS", 6, nativeCountsort},
	{"flags.asm", "COUNT", 100_000, nativeFlags},
	{"digstack.vm", "N", 30_000, nativeDigstack},
	{"regstate.vm", "COUNT", 100_000, nativeRegstate},
	{"exercises.vm", "N", 10_000, nativeExercises},
}

// name is the program's file name without its extension.
func (p program) name() string { return p.file[:strings.LastIndexByte(p.file, '.')] }

// source returns the program's source with its size set to size (0: as
// written), and the size it has then.
func (p program) source(tb testing.TB, size uint32) ([]byte, uint32) {
	src, err := os.ReadFile(p.file)
	if err != nil {
		tb.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	for i, l := range lines {
		f := strings.Fields(l)
		if len(f) < 3 || f[0] != "%define" || f[1] != p.define {
			continue
		}
		if size == 0 {
			n, err := strconv.ParseUint(f[2], 10, 32)
			if err != nil {
				tb.Fatalf("%s:%d: %%define %s: %v", p.file, i+1, p.define, err)
			}
			return src, uint32(n)
		}
		lines[i] = fmt.Sprintf("%%define %s %d", p.define, size)
		return []byte(strings.Join(lines, "\n")), size
	}
	tb.Fatalf("%s has no %%define %s", p.file, p.define)
	return nil, 0
}

// assemble assembles the program at size (0: as written).
func (p program) assemble(tb testing.TB, size uint32) (*image.Program, uint32) {
	src, size := p.source(tb, size)
	img, err := assembler.Assemble(p.file, src, assembler.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return img, size
}

// run runs img to its end once on e and returns what it printed and the
// machine, ready to run again after a Reset.
func run(tb testing.TB, e engine, img *image.Program, out *bytes.Buffer) machine {
	m, err := e.new(img, config(out))
	if err != nil {
		tb.Fatal(err)
	}
	if c, ok := m.(io.Closer); ok {
		tb.Cleanup(func() {
			if err := c.Close(); err != nil {
				tb.Error(err)
			}
		})
	}
	if err := m.RunToEnd(); err != nil {
		tb.Fatal(err)
	}
	return m
}

// TestCorpus checks that every program, as written, prints its golden
// NAME.out on every engine, and that its native version prints the same at
// that size and at the benchmarks' size (so that the benchmarks compare
// the same work). The runs at full size on the engines (about a second
// each) are long runs: only -tags long makes them, and not with -short.
func TestCorpus(t *testing.T) {
	if len(corpus) < 12 {
		t.Fatalf("the corpus has %d programs, issue 16 asks for at least 10 and this one for 12", len(corpus))
	}
	for _, p := range corpus {
		t.Run(p.name(), func(t *testing.T) {
			golden, err := os.ReadFile(p.name() + ".out")
			if err != nil {
				t.Fatalf("every corpus program needs a golden file: %v", err)
			}
			img, full := p.assemble(t, 0)
			if got := p.native(full); got != string(golden) {
				t.Errorf("native, size %d: printed %.80q, want %.80q (%s.out)", full, got, golden, p.name())
			}
			small, _ := p.assemble(t, p.bench)
			want := p.native(p.bench)
			for _, e := range engines {
				var out bytes.Buffer
				m := run(t, e, small, &out)
				if out.String() != want {
					t.Errorf("%s, size %d: printed %.80q, want the native version's %.80q", e.name, p.bench, out.String(), want)
				}
				// A second run after Reset is what the benchmarks time.
				first := m.Steps()
				out.Reset()
				m.Reset()
				if err := m.RunToEnd(); err != nil {
					t.Fatal(err)
				}
				if out.String() != want || m.Steps() != first {
					t.Errorf("%s, size %d, after Reset: printed %.80q in %d steps, want %.80q in %d", e.name, p.bench, out.String(), m.Steps(), want, first)
				}
				if testing.Short() || !long.Run {
					continue
				}
				out.Reset()
				run(t, e, img, &out)
				if out.String() != string(golden) {
					t.Errorf("%s, size %d: printed %.80q, want %.80q (%s.out)", e.name, full, out.String(), golden, p.name())
				}
			}
		})
	}
}

// TestCorpusEnginesAgree runs every program at its benchmark size on the
// interpreter and on each other engine side by side, in chunks of uneven
// lengths (a few steps, then thousands), and checks after every chunk
// that both machines hold the same memory (the registers are its first
// words), steps, state, fault and output: a difference that the final
// output would hide, or that shows only when a run is cut in the middle
// of a block, is found at the chunk where it first appears. Without
// -tags long it compares the compiled tier alone, for the first
// agreeSteps steps (TestCorpus checks the ends; auto has hardly compiled
// by then), which keeps it to about a second.
func TestCorpusEnginesAgree(t *testing.T) {
	for _, p := range corpus {
		t.Run(p.name(), func(t *testing.T) {
			img, _ := p.assemble(t, p.bench)
			for _, e := range engines[1:] {
				if e.name != "jit" && !long.Run {
					continue
				}
				var want, got bytes.Buffer
				ref, err := cpu.New(img, config(&want))
				if err != nil {
					t.Fatal(err)
				}
				m, err := e.new(img, config(&got))
				if err != nil {
					t.Fatal(err)
				}
				d := m.(driven)
				t.Cleanup(func() {
					if err := d.Close(); err != nil {
						t.Error(err)
					}
				})
				x := uint64(len(p.file)) // the chunks' lengths, an LCG per program
				for chunk := 0; ref.State() == cpu.Ready && (long.Run || ref.Steps() < agreeSteps); chunk++ {
					x = x*6364136223846793005 + 1442695040888963407
					n := x>>33%50_000 + 1
					if chunk < 8 {
						n = x>>33%10 + 1
					}
					wantStop, wantErr := ref.Run(n)
					gotStop, gotErr := d.run(n)
					if gotStop != wantStop || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) ||
						d.Steps() != ref.Steps() || d.State() != ref.State() ||
						!slices.Equal(d.Memory().Words(), ref.Memory().Words()) || got.String() != want.String() {
						t.Fatalf("%s, chunk %d of %d steps: stop %v, %v after %d steps, eip %d, want stop %v, %v after %d steps, eip %d (registers %v, want %v; memory equal: %v; output equal: %v)",
							e.name, chunk, n, gotStop, gotErr, d.Steps(), d.EIP(), wantStop, wantErr, ref.Steps(), ref.EIP(),
							d.Memory().Words()[:11], ref.Memory().Words()[:11],
							slices.Equal(d.Memory().Words(), ref.Memory().Words()), got.String() == want.String())
					}
				}
			}
		})
	}
}

// agreeSteps is where TestCorpusEnginesAgree stops without -tags long.
const agreeSteps = 2_000_000

// TestCorpusOnTinyvm checks that the .vm programs stay within what tinyvm
// accepts: with TINYVM naming tinyvm's tvmi binary, each prints its
// golden NAME.out there too (some two seconds in all). Without TINYVM it
// is skipped; ../corpus.sh checks the same on every run.
func TestCorpusOnTinyvm(t *testing.T) {
	tvmi := os.Getenv("TINYVM")
	if tvmi == "" {
		t.Skip("TINYVM is not set: point it at tinyvm's tvmi binary to run the .vm programs there")
	}
	for _, p := range corpus {
		if !strings.HasSuffix(p.file, ".vm") {
			continue
		}
		t.Run(p.name(), func(t *testing.T) {
			golden, err := os.ReadFile(p.name() + ".out")
			if err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(tvmi, p.file).Output()
			if err != nil {
				t.Fatalf("%s %s: %v", tvmi, p.file, err)
			}
			if string(out) != string(golden) {
				t.Errorf("tinyvm printed %.80q, want %.80q (%s.out)", out, golden, p.name())
			}
		})
	}
}

// BenchmarkCorpus runs each program at its benchmark size on each engine,
// and its native version.
func BenchmarkCorpus(b *testing.B) {
	for _, p := range corpus {
		b.Run(p.name(), func(b *testing.B) {
			img, size := p.assemble(b, p.bench)
			want := p.native(size)
			for _, e := range engines {
				b.Run(e.name, func(b *testing.B) { benchEngine(b, e, img, want, p) })
			}
			b.Run("native", func(b *testing.B) {
				for b.Loop() {
					sink = p.native(size)
				}
			})
		})
	}
}

// benchEngine runs img to its end b.N times on e, checking its output
// first, and reports emulated instructions per second, instructions per
// run and the time over the native version's.
func benchEngine(b *testing.B, e engine, img *image.Program, want string, p program) {
	var out bytes.Buffer
	m := run(b, e, img, &out)
	if out.String() != want {
		b.Fatalf("printed %.60q, want %.60q", out.String(), want)
	}
	perRun := m.Steps()
	var steps uint64
	start := cpuTime()
	for b.Loop() {
		out.Reset()
		m.Reset()
		if err := m.RunToEnd(); err != nil {
			b.Fatal(err)
		}
		steps += m.Steps()
	}
	cpu := cpuTime() - start
	if steps != perRun*uint64(b.N) {
		b.Fatalf("%d steps in %d runs of %d", steps, b.N, perRun)
	}
	b.ReportMetric(float64(steps)/b.Elapsed().Seconds(), "instr/s")
	b.ReportMetric(float64(perRun), "instr/op")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/nativeTime(p), "x-native")
}

var sink string

var (
	nativeMu sync.Mutex
	nativeNs = map[string]float64{}
)

// processStart stands in for the start of the CPU time where there is
// none (cputime_other_test.go).
var processStart = time.Now()

// nativeTime returns the native version's CPU time per run at the
// benchmark size in nanoseconds, measured once per process: the best of
// three rounds of at least 200 ms each (testing.Benchmark cannot run
// inside a benchmark).
func nativeTime(p program) float64 {
	nativeMu.Lock()
	defer nativeMu.Unlock()
	if ns, ok := nativeNs[p.file]; ok {
		return ns
	}
	ns := 0.0
	for range 3 {
		n, start := 0, cpuTime()
		for cpuTime()-start < 200*time.Millisecond || n == 0 {
			sink = p.native(p.bench)
			n++
		}
		if t := float64((cpuTime() - start).Nanoseconds()) / float64(n); ns == 0 || t < ns {
			ns = t
		}
	}
	nativeNs[p.file] = ns
	return ns
}

// TestMain lets ../corpus.sh time a native version as a whole process, as
// it times `cpu32 run`: with CORPUS_NATIVE=NAME in its environment the
// test binary runs NAME's native version at the size NAME's file is
// written at, prints its output and exits.
func TestMain(m *testing.M) {
	name := os.Getenv("CORPUS_NATIVE")
	if name == "" {
		os.Exit(m.Run())
	}
	for _, p := range corpus {
		if p.name() != name {
			continue
		}
		_, size := p.source(fatalTB{}, 0)
		w := bufio.NewWriter(os.Stdout)
		if _, err := w.WriteString(p.native(size)); err != nil {
			fatalTB{}.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			fatalTB{}.Fatal(err)
		}
		os.Exit(0)
	}
	fatalTB{}.Fatalf("CORPUS_NATIVE=%s: no such program in the corpus", name)
}

// fatalTB is the testing.TB of TestMain's native runs: Fatal prints to
// stderr and exits 2.
type fatalTB struct{ testing.TB }

func (fatalTB) Fatal(args ...any) {
	fmt.Fprintln(os.Stderr, append([]any{"corpus:"}, args...)...)
	os.Exit(2)
}

func (fatalTB) Fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "corpus: "+format+"\n", args...)
	os.Exit(2)
}

// TestCRC32IsIEEE checks that crc32.vm's algorithm, bit by bit, is the
// CRC-32 of the standard library over the same bytes.
func TestCRC32IsIEEE(t *testing.T) {
	const count = 10_000
	buf := make([]byte, count)
	x := uint32(2024)
	for i := range buf {
		x = x*1103515245 + 12345
		buf[i] = byte(x >> 16)
	}
	if got, want := nativeCRC32(count), prns(crc32.ChecksumIEEE(buf)); got != want {
		t.Errorf("nativeCRC32(%d) = %q, hash/crc32 says %q", count, got, want)
	}
}
