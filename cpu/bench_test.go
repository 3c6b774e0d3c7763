package cpu

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cpu32/assembler"
	"cpu32/image"
)

// A workload is one of the benchmark programs in bench/ (the files
// bench/vs-tinyvm.sh also gives tinyvm), run at a size that takes a few
// milliseconds, beside the same algorithm written directly in Go.
type workload struct {
	name   string
	file   string // in bench/
	define string // the %define whose value sets the size
	size   uint32
	native func(n uint32) string // the same algorithm in Go; returns the output
}

var workloads = []workload{
	{"Count", "count.vm", "ROUNDS", 1_000_000, nativeCount},
	{"Primes", "primes.vm", "COUNT", 300, nativePrimes},
	{"Fib", "fib.vm", "ARG", 20, nativeFib},
	{"Memory", "memory.asm", "LEN", 200, nativeMemory},
	{"Print", "print.vm", "COUNT", 20_000, nativePrint},
}

// program assembles the workload at its benchmark size.
func (w workload) program(tb testing.TB) *image.Program {
	src, err := os.ReadFile("bench/" + w.file)
	if err != nil {
		tb.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	found := false
	for i, l := range lines {
		if f := strings.Fields(l); len(f) == 3 && f[0] == "%define" && f[1] == w.define {
			lines[i] = fmt.Sprintf("%%define %s %d", w.define, w.size)
			found = true
		}
	}
	if !found {
		tb.Fatalf("%s has no %%define %s", w.file, w.define)
	}
	p, err := assembler.Assemble(w.file, []byte(strings.Join(lines, "\n")), assembler.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// Each workload has sub-benchmarks: cpu32 (a plain run on a machine that
// keeps a call stack, the Config default), run (a machine without one, as
// `cpu32 run` makes), journal (every step recorded for undo, as the
// debugger runs) and native (the algorithm in Go). All but native report
// emulated instructions per second and x-native, their time over native's.
func BenchmarkCount(b *testing.B)  { benchWorkload(b, workloads[0]) }
func BenchmarkPrimes(b *testing.B) { benchWorkload(b, workloads[1]) }
func BenchmarkFib(b *testing.B)    { benchWorkload(b, workloads[2]) }
func BenchmarkMemory(b *testing.B) { benchWorkload(b, workloads[3]) }
func BenchmarkPrint(b *testing.B)  { benchWorkload(b, workloads[4]) }

func benchWorkload(b *testing.B, w workload) {
	p := w.program(b)
	want := w.native(w.size)
	b.Run("cpu32", func(b *testing.B) { benchRun(b, p, want, Config{}, nil, &w) })
	b.Run("run", func(b *testing.B) { benchRun(b, p, want, Config{NoCallStack: true}, nil, &w) })
	b.Run("journal", func(b *testing.B) { benchRun(b, p, want, Config{}, NewJournal(0), &w) })
	b.Run("native", func(b *testing.B) {
		for b.Loop() {
			sink = w.native(w.size)
		}
	})
}

var sink string

var (
	nativeMu sync.Mutex
	nativeNs = map[string]float64{}
)

// nativeTime returns the native version's time per run in nanoseconds,
// measured once per process.
func nativeTime(w workload) float64 {
	nativeMu.Lock()
	defer nativeMu.Unlock()
	if ns, ok := nativeNs[w.name]; ok {
		return ns
	}
	// testing.Benchmark cannot run inside a benchmark: time it by hand,
	// for at least 200 ms, best of three.
	ns := 0.0
	for range 3 {
		n, start := 0, time.Now()
		for time.Since(start) < 200*time.Millisecond || n == 0 {
			sink = w.native(w.size)
			n++
		}
		if t := float64(time.Since(start).Nanoseconds()) / float64(n); ns == 0 || t < ns {
			ns = t
		}
	}
	nativeNs[w.name] = ns
	return ns
}

// benchRun runs p to its end b.N times on a machine of cfg, recording into j if
// it is not nil, checks its output, and reports emulated instructions per
// second and, for a workload, the time over its native version's.
func benchRun(b *testing.B, p *image.Program, want string, cfg Config, j *Journal, w *workload) {
	var out bytes.Buffer
	cfg.Out = &out
	c, err := New(p, cfg)
	if err != nil {
		b.Fatal(err)
	}
	c.SetJournal(j)
	if err := c.RunToEnd(); err != nil {
		b.Fatal(err)
	}
	if out.String() != want {
		b.Fatalf("output %.60q, want %.60q", out.String(), want)
	}
	perRun := c.Steps()
	var steps uint64
	for b.Loop() {
		out.Reset()
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
	if w != nil {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/nativeTime(*w), "x-native")
	}
}

// The native versions follow the programs instruction for instruction, on
// uint32 as the machine computes.

func nativeCount(n uint32) string {
	var eax uint32
	for {
		eax++
		if int32(eax) >= int32(n) {
			break
		}
	}
	return strconv.Itoa(int(eax)) + "\n"
}

func nativePrimes(count uint32) string {
	var found uint32
	for cand := uint32(2); ; cand++ {
		div := uint32(2)
		for cand != div && cand%div != 0 {
			div++
		}
		if cand == div {
			found++
			if found == count {
				return strconv.Itoa(int(cand)) + "\n"
			}
		}
	}
}

func nativeFib(n uint32) string {
	var fib func(n uint32) uint32
	fib = func(n uint32) uint32 {
		if int32(n) < 2 {
			return n
		}
		return fib(n-1) + fib(n-2)
	}
	return strconv.Itoa(int(fib(n))) + "\n"
}

func nativeMemory(n uint32) string {
	arr := make([]uint32, n)
	x := uint32(12345)
	for i := range arr {
		x = x*1103515245 + 12345
		arr[i] = x >> 16 & 0x7FFF
	}
	for last := int(n) - 1; last > 0; last-- {
		for i := 0; i < last; i++ {
			if arr[i] > arr[i+1] {
				arr[i], arr[i+1] = arr[i+1], arr[i]
			}
		}
	}
	var sum uint32
	for _, v := range arr {
		sum += v
	}
	return fmt.Sprintf("%d\n%d\n%d\n", int32(sum), arr[0], arr[n-1])
}

func nativePrint(n uint32) string {
	var out bytes.Buffer
	var buf []byte
	for i := uint32(0); i < n; i++ {
		buf = append(strconv.AppendInt(buf[:0], int64(int32(i)), 10), '\n')
		out.Write(buf)
	}
	return out.String()
}
