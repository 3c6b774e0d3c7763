//go:build amd64 || arm64

package jit

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"cpu32/assembler"
	"cpu32/cpu"
)

// readyChild is the environment variable that makes TestReadyChild measure
// (in a process of its own, started by BenchmarkReadyProcess) and not
// skip.
const readyChild = "CPU32_JIT_READY_CHILD"

// readyTimes is what TestReadyChild measures, in milliseconds from the
// moment the machine is made (the program assembled, as `cpu32 run` has
// it before it runs): wall and CPU time (the whole process's, every
// thread) until the first instruction runs compiled, and until the
// whole program is compiled (--engine jit's second stage).
type readyTimes struct {
	Instructions        int
	FirstWall, FirstCPU float64
	WholeWall, WholeCPU float64
}

// processCPU returns the CPU time the process has used, every thread.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// readyProgram is the program the ready figures are measured on: about
// 10,000 instructions of small functions (functions).
func readyProgram() []byte { return []byte(functions(540)) }

// TestReadyChild runs only under BenchmarkReadyProcess: in a new process,
// where wazero's runtime is not made yet and nothing has been compiled,
// as for `cpu32 run --engine jit`, it times the way to compiled code of a
// program of about 10,000 instructions and prints readyTimes as JSON.
func TestReadyChild(t *testing.T) {
	if os.Getenv(readyChild) == "" {
		t.Skip("run by BenchmarkReadyProcess")
	}
	p, err := assembler.Assemble("f.asm", readyProgram(), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := cpu.New(p, cpu.Config{NoCallStack: true})
	if err != nil {
		t.Fatal(err)
	}
	rt := readyTimes{Instructions: countInstructions(p.Code)}
	cpu0, wall0 := processCPU(), time.Now()
	r := NewRunner(c, Compiled)
	for !(r.code != nil && r.code.Ran()) {
		if _, err := r.Run(1); err != nil || c.State() != cpu.Ready {
			t.Fatalf("no instruction ran compiled: %v", err)
		}
	}
	rt.FirstWall, rt.FirstCPU = ms(time.Since(wall0)), ms(processCPU()-cpu0)
	if r.pending == nil {
		t.Fatal("the program compiled in one stage")
	}
	res := <-r.pending
	if res.err != nil {
		t.Fatal(res.err)
	}
	rt.WholeWall, rt.WholeCPU = ms(time.Since(wall0)), ms(processCPU()-cpu0)
	res.code.Close()
	r.pending = nil
	r.Close()
	out, _ := json.Marshal(rt)
	fmt.Printf("ready %s\n", out)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkReadyProcess measures, each time in a new process (the test
// binary itself, running TestReadyChild), how long --engine jit takes to
// run the first instruction of a 10,000-instruction program compiled, and
// to compile the whole program, in wall and CPU time from the machine
// made: what a user sees, wazero's runtime made and its code first
// touched included. It reports the medians.
func BenchmarkReadyProcess(b *testing.B) {
	var all []readyTimes
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestReadyChild$", "-test.count", "1")
		cmd.Env = append(os.Environ(), readyChild+"=1", "CPU32_CACHE=off")
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("%v: %s", err, out)
		}
		var rt readyTimes
		var ok bool
		for l := range strings.Lines(string(out)) {
			if j, found := strings.CutPrefix(l, "ready "); found {
				ok = json.Unmarshal([]byte(j), &rt) == nil
			}
		}
		if !ok {
			b.Fatalf("no figures in %q", out)
		}
		all = append(all, rt)
	}
	med := func(f func(readyTimes) float64) float64 {
		v := make([]float64, len(all))
		for i, rt := range all {
			v[i] = f(rt)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	b.ReportMetric(float64(all[0].Instructions), "instructions")
	b.ReportMetric(med(func(r readyTimes) float64 { return r.FirstWall }), "ms-first-wall")
	b.ReportMetric(med(func(r readyTimes) float64 { return r.FirstCPU }), "ms-first-cpu")
	b.ReportMetric(med(func(r readyTimes) float64 { return r.WholeWall }), "ms-whole-wall")
	b.ReportMetric(med(func(r readyTimes) float64 { return r.WholeCPU }), "ms-whole-cpu")
}
