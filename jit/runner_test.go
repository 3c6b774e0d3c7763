//go:build amd64 || arm64

package jit

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
)

// runAll runs src to its end with engine e and returns the machine, its
// output and the engine that ran it.
func runAll(t *testing.T, src string, e Engine, journal bool) (*cpu.CPU, string, string) {
	t.Helper()
	p, err := assembler.Assemble("r.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	c, err := cpu.New(p, cpu.Config{Out: &out, NoCallStack: true})
	if err != nil {
		t.Fatal(err)
	}
	if journal {
		c.SetJournal(cpu.NewJournal(16))
	}
	r := NewRunner(c, e)
	defer r.Close()
	for c.State() == cpu.Ready {
		if _, err := r.Run(2 << 20); err != nil {
			t.Fatal(err)
		}
	}
	return c, out.String(), r.Engine()
}

func TestRunnerEngines(t *testing.T) {
	long := "mov ecx, 0\nl: add eax, ecx\nxor eax, 3\ninc ecx\ncmp ecx, 3000000\njl l\nprn eax\n"
	short := "mov ecx, 0\nl: inc ecx\ncmp ecx, 1000\njl l\nprn ecx\n"
	for _, tc := range []struct {
		name, src string
		e         Engine
		journal   bool
		want      string
	}{
		{"auto/long", long, Auto, false, "jit"},
		{"auto/short", short, Auto, false, "interp"},
		{"jit/short", short, Compiled, false, "jit"},
		{"interp/long", long, Interp, false, "interp"},
		{"journaled", long, Compiled, true, "interp"}, // watched step by step
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, out, engine := runAll(t, tc.src, tc.e, tc.journal)
			wc, wout, _ := runAll(t, tc.src, Interp, false)
			if engine != tc.want {
				t.Errorf("engine %s, want %s", engine, tc.want)
			}
			if out != wout || c.Steps() != wc.Steps() || c.State() != wc.State() {
				t.Errorf("%q after %d steps (%v); the interpreter: %q after %d (%v)", out, c.Steps(), c.State(), wout, wc.Steps(), wc.State())
			}
		})
	}
}

func TestEngineNames(t *testing.T) {
	for _, e := range []Engine{Auto, Interp, Compiled} {
		var got Engine
		if err := got.Set(e.String()); err != nil || got != e {
			t.Errorf("Set(%q) = %v, %v", e.String(), got, err)
		}
	}
	var e Engine
	if err := e.Set("fast"); err == nil || err.Error() != `unknown engine "fast" (want auto, interp or jit)` {
		t.Errorf("Set(fast): %v", err)
	}
}

// phases writes a program of loops one after the other, each over code
// of its own, loop i turning turns[i] times (5 steps a turn).
func phases(turns ...int) string {
	var b strings.Builder
	for i, n := range turns {
		fmt.Fprintf(&b, "    mov ecx, 0\np%d:\n    add eax, ecx\n    xor eax, %d\n    inc ecx\n    cmp ecx, %d\n    jl p%d\n", i, i+3, n, i)
	}
	b.WriteString("    prn eax\n")
	return b.String()
}

// large puts before src a stretch of code it jumps over, so that the
// program is larger than wholeWords and Auto compiles only where it was
// hot.
func large(src string) string {
	return "    jmp over\n" + strings.Repeat("    inc eax\n", wholeWords) + "over:\n" + src
}

// autoRun runs src to its end under Auto, checks its output against the
// interpreter's, and returns the runner.
func autoRun(t *testing.T, src string) *Runner {
	t.Helper()
	p, err := assembler.Assemble("r.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out, want bytes.Buffer
	c, err := cpu.New(p, cpu.Config{Out: &out, NoCallStack: true, Host: advHost()})
	if err != nil {
		t.Fatal(err)
	}
	r := NewRunner(c, Auto)
	t.Cleanup(func() { r.Close() })
	for c.State() == cpu.Ready {
		if _, err := r.Run(2 << 20); err != nil {
			t.Fatal(err)
		}
	}
	w, _ := cpu.New(p, cpu.Config{Out: &want, NoCallStack: true, Host: advHost()})
	w.Run(1 << 40)
	if out.String() != want.String() || c.Steps() != w.Steps() {
		t.Fatalf("%q after %d steps; the interpreter: %q after %d", out.String(), c.Steps(), want.String(), w.Steps())
	}
	return r
}

// TestAutoPhases runs a program (larger than wholeWords) whose first loop (5 M steps) is all Auto
// samples before it compiles, and whose second (10 M) is not in that
// code: Auto sees the program leave it, samples again, and runs the
// second loop compiled.
func TestAutoPhases(t *testing.T) {
	if !Supported {
		t.Skip("no compiler")
	}
	r := autoRun(t, large(phases(hotSteps/5+600_000, 2_000_000)))
	if r.compiles != 2 || r.code == nil {
		t.Fatalf("%d compiles, code %v (%v), want 2 and code", r.compiles, r.code != nil, r.err)
	}
	if got := r.code.inCode(); got < 5_000_000 {
		t.Fatalf("the second compile's code ran %d steps of the second loop's 10 M", got)
	}
}

// TestAutoLeft runs a program (larger than wholeWords) whose first loop Auto compiles early and
// which then leaves it for a second loop: Auto sees that at once, long
// before judgeSteps, and compiles the second loop for most of its 2 M
// steps.
func TestAutoLeft(t *testing.T) {
	if !Supported {
		t.Skip("no compiler")
	}
	r := autoRun(t, large(phases(earlySteps/5+40_000, hotSteps/5)))
	if r.compiles != 2 || r.code == nil {
		t.Fatalf("%d compiles, code %v (%v), want 2 and code", r.compiles, r.code != nil, r.err)
	}
	if got := r.code.inCode(); got < hotSteps/2 {
		t.Fatalf("the second compile's code ran %d steps of the second loop's %d", got, hotSteps)
	}
}

// TestAutoLeftLate runs programs whose first loop runs compiled long
// enough to be judged and followed, and which then leave it for a second
// loop of 3 M steps: Auto sees the program leave within leaveStreak steps,
// not a followSteps later, samples it for a quarter of earlySteps (it has
// proved long-running), and the second compile's code runs most of the
// second loop, whether it is of where the program was hot (a program
// larger than wholeWords) or of the whole program.
func TestAutoLeftLate(t *testing.T) {
	if !Supported {
		t.Skip("no compiler")
	}
	for _, tc := range []struct {
		name  string
		src   string
		whole bool
	}{
		{"hot", large(phases(800_000, 600_000)), false},
		{"whole", phases(800_000, 600_000), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := autoRun(t, tc.src)
			if r.compiles != 2 || r.whole != tc.whole || r.code == nil {
				t.Fatalf("%d compiles (the last whole: %v), code %v (%v), want 2 (whole: %v) and code", r.compiles, r.whole, r.code != nil, r.err, tc.whole)
			}
			if got := r.code.inCode(); got < 2_600_000 {
				t.Fatalf("the second compile's code ran %d steps of the second loop's 3 M", got)
			}
		})
	}
}

// TestAutoWhole runs the program of TestAutoLeft with no more code than
// wholeWords: Auto compiles the first loop when it is hot and, when the
// program leaves it, the whole program at once, in which the second loop
// runs.
func TestAutoWhole(t *testing.T) {
	if !Supported {
		t.Skip("no compiler")
	}
	// Small, and some 440 words (ten exercises in one file of 418 words
	// ran their last six interpreted).
	pad := "    jmp over\n" + strings.Repeat("    inc eax\n", 200) + "over:\n" // inc eax: two words
	for _, src := range []string{"", pad} {
		src += phases(earlySteps/5+40_000, hotSteps/5)
		r := autoRun(t, src)
		if r.compiles != 2 || !r.whole || r.code == nil {
			t.Fatalf("%d words: %d compiles (the last whole: %v), code %v (%v), want 2, the second of the whole program", r.c.CodeLen(), r.compiles, r.whole, r.code != nil, r.err)
		}
		if got := r.code.inCode(); got < hotSteps*3/4 {
			t.Fatalf("%d words: compiled code ran %d steps, fewer than 3/4 of the second loop's %d", r.c.CodeLen(), got, hotSteps)
		}
	}
}

// TestAutoWholeLeft runs a small loop most of whose steps compiled code
// leaves to the interpreter (after a computed jump to an address that is
// not an entry): Auto compiles the loop, then, as the program leaves it,
// the whole program, and then stays in the interpreter, as compiling
// again would not help.
func TestAutoWholeLeft(t *testing.T) {
	if !Supported {
		t.Skip("no compiler")
	}
	r := autoRun(t, "    mov ecx, 0\nl:  mov eax, t\n    add eax, 1\n    jmp eax\nt:  nop\n    inc ecx\n    add ebx, ecx\n    cmp ecx, 1000000\n    jl l\n    prn ebx\n")
	if r.compiles != 2 || !r.whole || r.err != errMoved || r.code != nil {
		t.Fatalf("%d compiles (the last whole: %v), code %v, err %v; want 2, whole, none and %v", r.compiles, r.whole, r.code != nil, r.err, errMoved)
	}
}

// TestAutoPhasesBounded runs programs (larger than wholeWords) of loops
// one after the other, each over code of its own: twelve of 1 M steps,
// where Auto compiles at most maxCompiles times and once more for every
// compileSteps the program has run, and six of 5 M steps, where it
// compiles again after maxCompiles (ten such loops, a week's exercises in
// one file, ran their last six in the interpreter).
func TestAutoPhasesBounded(t *testing.T) {
	if !Supported {
		t.Skip("no compiler")
	}
	for _, tc := range []struct {
		name  string
		turns []int
		more  bool // compiles more than maxCompiles times
	}{
		{"short loops", slices.Repeat([]int{200_000}, 12), false},
		{"long loops", slices.Repeat([]int{1_000_000}, maxCompiles+2), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := autoRun(t, large(phases(tc.turns...)))
			// The judge times compiled code by the clock: on a loaded
			// machine it may find it slower, and stop sooner.
			if r.err == errSlower {
				t.Skipf("compiled code judged slower (%d compiles)", r.compiles)
			}
			if bound := maxCompiles + int(r.c.Steps()/compileSteps); r.compiles > bound {
				t.Fatalf("%d compiles in %d steps, more than %d", r.compiles, r.c.Steps(), bound)
			}
			if more := r.compiles > maxCompiles; more != tc.more {
				t.Fatalf("%d compiles (%v), want more than %d: %v", r.compiles, r.err, maxCompiles, tc.more)
			}
		})
	}
}

// loop writes a program of one loop of turns turns over body (with ecx
// counting up).
func loop(turns int, body string) string {
	return fmt.Sprintf("extern steps\n    mov ecx, 0\nl:\n%s\n    inc ecx\n    cmp ecx, %d\n    jl l\n    prn eax\n", body, turns)
}

// TestAutoShort runs programs that never compile: loops just under
// earlySteps, and under hotSteps the loops that print (as long as printing
// half a million numbers), read or call the host, and a program that
// keeps moving on to new code.
func TestAutoShort(t *testing.T) {
	for _, tc := range []struct{ name, src string }{
		{"one loop", phases(earlySteps/5 - 10)},
		{"three loops", phases(earlySteps/15, earlySteps/15, earlySteps/15-10)},
		{"printing", loop(hotSteps/4-10, "    prn ecx")},
		{"printing sometimes", loop(hotSteps/8-10, "    test ecx, 31\n    jne s\n    prc 46\ns:")},
		{"host calls", loop(hotSteps/6-10, "    call steps\n    add ebx, eax")},
		{"moving", phases(slices.Repeat([]int{hotSteps / 5 / 80}, 79)...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := autoRun(t, tc.src); r.compiles != 0 || r.Engine() != "interp" {
				t.Fatalf("%d compiles, engine %s", r.compiles, r.Engine())
			}
		})
	}
}

// TestAutoEarly runs loops that do not print, read or call the host:
// Auto compiles them once they have run earlySteps and the sample shows
// them settled, long before hotSteps, also after a first loop over other
// code.
func TestAutoEarly(t *testing.T) {
	if !Supported {
		t.Skip("no compiler")
	}
	for _, tc := range []struct{ name, src string }{
		{"one loop", phases(hotSteps / 5)},
		{"after another", phases(earlySteps/10, hotSteps/5)},
		{"printing rarely", loop(hotSteps/4, "    test ecx, 4095\n    jne s\n    prc 46\ns:")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := autoRun(t, tc.src)
			if r.compiles != 1 || r.code == nil || r.whole {
				t.Fatalf("%d compiles (whole %v), code %v (%v), want 1 of where it was hot and code", r.compiles, r.whole, r.code != nil, r.err)
			}
			// Compiled code ran at least the last 5/8 of the steps.
			if got, all := r.code.inCode(), r.c.Steps(); got < all/8*5 {
				t.Fatalf("compiled code ran %d steps of %d", got, all)
			}
		})
	}
}

// TestCompiledStaged runs a program larger than stageWords under
// Compiled: the code around the entry runs first, the whole program's
// takes over when it is ready, and the results are the interpreter's.
func TestCompiledStaged(t *testing.T) {
	if !Supported {
		t.Skip("no compiler")
	}
	p, err := assembler.Assemble("r.asm", []byte(functions(300)), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Code) <= stageWords {
		t.Fatalf("%d words: not larger than stageWords", len(p.Code))
	}
	var out, want bytes.Buffer
	c, err := cpu.New(p, cpu.Config{Out: &out, NoCallStack: true})
	if err != nil {
		t.Fatal(err)
	}
	r := NewRunner(c, Compiled)
	defer r.Close()
	if _, err := r.Run(1); err != nil || r.code == nil {
		t.Fatalf("no code after the first step: %v, %v", err, r.err)
	}
	if r.pending == nil {
		t.Fatal("not staged")
	}
	if first := slices.Index(r.code.enter, true); first < 0 || slices.Contains(r.code.enter[len(p.Code)/2:], true) {
		t.Fatal("the first stage's code reaches far from the entry")
	}
	if _, err := r.Run(1000); err != nil {
		t.Fatal(err)
	}
	res := <-r.pending // the whole program's code, ready for the next Run
	r.pending = make(chan compiled, 1)
	r.pending <- res
	for c.State() == cpu.Ready {
		if _, err := r.Run(2 << 20); err != nil {
			t.Fatal(err)
		}
	}
	if r.pending != nil || !slices.Contains(r.code.enter[len(p.Code)/2:], true) {
		t.Fatal("the whole program's code did not take over")
	}
	w, _ := cpu.New(p, cpu.Config{Out: &want, NoCallStack: true})
	w.Run(1 << 40)
	if out.String() != want.String() || c.Steps() != w.Steps() || r.Engine() != "jit" {
		t.Fatalf("%q after %d steps (%s); the interpreter: %q after %d", out.String(), c.Steps(), r.Engine(), want.String(), w.Steps())
	}
}

// TestCodeLeave compiles a program's first loop only and runs it through
// its second: Code.run with a leave stops once the interpreter has run
// that many steps in a row outside compiled code, and Code.Run (no leave)
// runs on to the program's end, with the interpreter's results.
func TestCodeLeave(t *testing.T) {
	if !Supported {
		t.Skip("no compiler")
	}
	p, err := assembler.Assemble("r.asm", []byte(large(phases(100_000, 100_000))), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := cpu.New(p, cpu.Config{NoCallStack: true})
	if err != nil {
		t.Fatal(err)
	}
	c.Run(1000) // into the first loop
	k, err := compile(c, []uint32{c.EIP()})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	k.last = c.Steps()
	const leave = 10_000
	if stop, err := k.run(1<<40, leave); err != nil || stop != cpu.StopLimit || c.State() != cpu.Ready {
		t.Fatalf("stop %v, %v, state %v; want a stop at the limit", stop, err, c.State())
	}
	// The first loop ran compiled to its end (500 K steps and some),
	// then the interpreter leave steps, and at most one stride more.
	if out := k.outside(); out < leave || out >= leave+29 || k.inCode() < 490_000 || c.Steps() > 520_000 {
		t.Fatalf("stopped after %d steps outside, %d compiled, %d in all", out, k.inCode(), c.Steps())
	}
	if stop, err := k.Run(1 << 40); err != nil || stop != cpu.StopEnd {
		t.Fatalf("Run: stop %v, %v", stop, err)
	}
	w, _ := cpu.New(p, cpu.Config{NoCallStack: true})
	w.Run(1 << 40)
	if c.Steps() != w.Steps() || !slices.Equal(c.Memory().Words(), w.Memory().Words()) {
		t.Fatalf("%d steps; the interpreter: %d, or the memories differ", c.Steps(), w.Steps())
	}
}

// runCompiled assembles src, interprets its first start steps, compiles
// the code around where it stands (limit instructions of it, prepare's),
// runs it to its end through the code, chunk steps a run, and checks its
// output, steps and memory against the interpreter's. It returns the
// machine, the code and how many runs it took.
func runCompiled(t *testing.T, src string, start uint64, limit int, chunk uint64) (*cpu.CPU, *Code, uint64) {
	t.Helper()
	p, err := assembler.Assemble("r.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out, want bytes.Buffer
	c, err := cpu.New(p, cpu.Config{Out: &out, NoCallStack: true})
	if err != nil {
		t.Fatal(err)
	}
	c.Run(start)
	build, _ := prepare(c, c.Memory().Words(), []uint32{c.EIP()}, limit, Watch{})
	k, err := build()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Close() })
	runs := uint64(0)
	for c.State() == cpu.Ready {
		if _, err := k.Run(chunk); err != nil {
			t.Fatal(err)
		}
		runs++
	}
	w, _ := cpu.New(p, cpu.Config{Out: &want, NoCallStack: true})
	w.Run(1 << 40)
	if out.String() != want.String() || c.Steps() != w.Steps() || !slices.Equal(c.Memory().Words(), w.Memory().Words()) {
		t.Fatalf("%q after %d steps; the interpreter: %q after %d, or the memories differ", out.String(), c.Steps(), want.String(), w.Steps())
	}
	return c, k, runs
}

// TestCodeStrides compiles a loop but not the function it calls between
// its turns, and runs the program, which ends in a long loop of its own:
// outside compiled code the interpreter soon takes long strides (few calls
// of cpu.CPU.Run for the 1 M steps of the last loop, where one step at a
// time, or strideNear at a time, made tens of thousands), yet comes back
// to compiled code within a round of strides each time the function
// returns; the results are the interpreter's.
func TestCodeStrides(t *testing.T) {
	if !Supported {
		t.Skip("no compiler")
	}
	src := `    mov edi, 0
round:
    mov ecx, 0
a:  add eax, ecx
    xor eax, 3
    inc ecx
    cmp ecx, 100000
    jl a
    call f
    inc edi
    cmp edi, 3
    jl round
    mov ecx, 0
c:  sub edx, ecx
    or edx, 1
    inc ecx
    cmp ecx, 200000
    jl c
    prn eax
    prn ebx
    prn edx
    hlt
f:  mov ecx, 0
b:  add ebx, ecx
    xor ebx, 5
    inc ecx
    cmp ecx, 60000
    jl b
    ret
`
	// Into the first loop, then the loop of rounds alone (limit 1): not
	// the function it calls.
	_, k, _ := runCompiled(t, src, 1000, 1, 1<<40)
	// The rounds' 1.5 M steps ran compiled but for the first 1000 and,
	// after each of the two calls that return to them, at most a round
	// of strides.
	round := uint64(32 + 32*strideFar)
	if rounds := uint64(3 * 500_010); k.inCode() < rounds-1000-2*round || k.inCode() > rounds {
		t.Errorf("%d steps ran compiled, want %d less at most the first 1000 and two rounds of strides", k.inCode(), rounds)
	}
	// k.miss counts the calls of the interpreter since compiled code
	// last ran: the last loop's 1 M steps and what follows.
	if k.miss > 10_000 {
		t.Errorf("the interpreter was called %d times for the last loop's 1 M steps, want at most 10,000", k.miss)
	}
}

// straight writes n pairs of instructions that add ecx to eax and mix
// it: a stretch of straight code, 2n steps long.
func straight(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "    add eax, ecx\n    xor eax, %d\n", i+1)
	}
	return b.String()
}

// TestCodeResumes runs a loop of a 64-step body, compiled, in runs of a
// prime number of steps, as Runner and `cpu32 run` do: each run but the
// first starts where the last stopped, in the middle of the body, and the
// interpreter steps one at a time to the loop's head, where compiled code
// takes over; strides there would step over the head, for hundreds of
// steps a run.
func TestCodeResumes(t *testing.T) {
	if !Supported {
		t.Skip("no compiler")
	}
	src := "    mov ecx, 0\nl:\n" + straight(30) + "    inc ecx\n    cmp ecx, 50000\n    jl l\n    prn eax\n"
	c, k, runs := runCompiled(t, src, 1, maxHot, 10_007) // from the loop's head
	// Each run interprets at most a body's steps before the head, and
	// the last the prn and hlt after the loop.
	if outside := c.Steps() - 1 - k.inCode(); outside > 64*runs {
		t.Errorf("%d steps of %d ran outside compiled code in %d runs, want at most 64 a run", outside, c.Steps(), runs)
	}
}

// TestCodeStretches compiles a loop but not the function of 150 steps it
// calls every turn: the interpreter runs each call one step at a time for
// 32 steps, then in strides (some 12 runs of it a call), not one step at a
// time to the end of the call (151 runs), as it does at the start of a run
// (TestCodeResumes).
func TestCodeStretches(t *testing.T) {
	if !Supported {
		t.Skip("no compiler")
	}
	src := "    mov ecx, 0\nl:  call f\n    inc ecx\n    cmp ecx, 2000\n    jl l\n    prn eax\n    hlt\nf:\n" + straight(75) + "    ret\n"
	_, k, _ := runCompiled(t, src, 1, 1, 1<<40) // the loop alone
	if k.runs > 2000*80 {
		t.Errorf("the interpreter ran %d times for 2,000 calls of the function, want at most 80 a call", k.runs)
	}
}

// TestAutoRecallWhole runs a program of two loops, no larger than
// wholeWords, twice under Auto with the file cache: the first run compiles
// the first loop, then, as the program leaves it, the whole program, and
// keeps that; the second compiles the whole program once it has run
// recallSteps, and never again.
func TestAutoRecallWhole(t *testing.T) {
	if !Supported {
		t.Skip("no compiler")
	}
	UseCache(t.TempDir(), 64<<20)
	defer UseCache("", 0)
	src := phases(earlySteps/5+100_000, 600_000)
	if r := autoRun(t, src); r.compiles != 2 || !r.whole {
		t.Fatalf("first run: %d compiles (the last whole: %v), want 2, whole", r.compiles, r.whole)
	}
	r := autoRun(t, src)
	if r.compiles != 1 || !r.whole || r.code == nil || r.code.inCode() < 3_500_000 {
		t.Fatalf("second run: %d compiles (whole: %v), code %v (%v), want 1 of the whole program that runs both loops", r.compiles, r.whole, r.code != nil, r.err)
	}
}

// TestAutoComesBack runs a program that comes back to its hot loop (2 M
// steps a round) after each of more than maxCompiles stretches of code
// not compiled with it (each longer than leaveStreak, and together larger
// than maxHot): Auto spends its compiles on the stretches, and keeps the
// last, in which the loop runs, rather than leaving the rest of the
// program, loop and all, to the interpreter.
func TestAutoComesBack(t *testing.T) {
	if !Supported {
		t.Skip("no compiler")
	}
	const stretches, rounds = maxCompiles + 2, 2 * (maxCompiles + 2)
	body := strings.Repeat("    add ebx, ecx\n", maxHot/4)
	var b strings.Builder
	fmt.Fprintf(&b, "    mov edx, 0\nr:  mov ecx, 0\na:  add eax, ecx\n    xor eax, 3\n    inc ecx\n    cmp ecx, 400000\n    jl a\n")
	fmt.Fprintf(&b, "    mov esi, edx\n    mod esi, %d\n    rem esi\n", stretches)
	for k := range stretches {
		fmt.Fprintf(&b, "    cmp esi, %d\n    je s%d\n", k, k)
	}
	for k := range stretches {
		fmt.Fprintf(&b, "s%d: mov ecx, 0\ns%dl:\n%s    inc ecx\n    cmp ecx, %d\n    jl s%dl\n    jmp next\n", k, k, body, 2*leaveStreak/(maxHot/4), k)
	}
	fmt.Fprintf(&b, "next:\n    inc edx\n    cmp edx, %d\n    jl r\n    prn eax\n    prn ebx\n", rounds)
	// Compiles in the background are ready when the machine lets them
	// (the last may come after the loop's last round): here at once.
	syncAll = true
	defer func() { syncAll = false }()
	r := autoRun(t, b.String())
	// The judge times compiled code by the clock: on a loaded machine it
	// may find it slower, and stop sooner.
	if r.err == errSlower {
		t.Skipf("compiled code judged slower (%d compiles)", r.compiles)
	}
	if r.err != nil || r.code == nil || r.compiles > maxCompiles {
		t.Fatalf("%d compiles, code %v, err %v; want at most %d and the last kept", r.compiles, r.code != nil, r.err, maxCompiles)
	}
	if got := r.code.inCode(); got < rounds/2*1_500_000 {
		t.Fatalf("the last compile's code ran %d steps, fewer than 1.5 M of the loop's 2 M in each of the last %d rounds", got, rounds/2)
	}
}

// TestSlowerForgetsHot runs a program whose hot addresses an earlier run
// kept, with the judge made to find its compiled code slower: the kept
// addresses go, so that the next run does not compile them at once again.
func TestSlowerForgetsHot(t *testing.T) {
	if !Supported {
		t.Skip("no compiler")
	}
	dir := t.TempDir()
	UseCache(dir, 64<<20)
	defer UseCache("", 0)
	p, err := assembler.Assemble("r.asm", []byte(large(phases(4*judgeSteps))), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := cpu.New(p, cpu.Config{Out: io.Discard, NoCallStack: true})
	if err != nil {
		t.Fatal(err)
	}
	kept := filepath.Join(dir, "hot", hotKey(c))
	rememberHot(c, []uint32{uint32(wholeWords + 3)})
	if _, err := os.Stat(kept); err != nil {
		t.Fatal(err)
	}
	r := NewRunner(c, Auto)
	defer r.Close()
	for c.State() == cpu.Ready {
		if _, err := r.Run(9973); err != nil {
			t.Fatal(err)
		}
		if r.code != nil && !r.judged {
			r.interpRate = math.Inf(1) // compiled code is slower, whatever it measures
		}
	}
	if r.err != errSlower {
		t.Fatalf("err %v, want %v", r.err, errSlower)
	}
	if _, err := os.Stat(kept); !os.IsNotExist(err) {
		t.Fatalf("the hot addresses of code judged slower are still kept (%v)", err)
	}
}

// bigBody is a loop of turns iterations whose body is n instructions of
// register arithmetic in one straight run: hot code larger than maxHot.
func bigBody(n, turns int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "    mov ebp, %d\nl:\n", turns)
	ops := []string{"add eax, ebx", "xor ebx, ecx", "shl ecx, 1", "add edx, eax", "sub esi, edx", "xor edi, esi", "and ecx, 0xFFFF", "add ebx, 7"}
	for i := range n {
		b.WriteString("    " + ops[i%len(ops)] + "\n")
	}
	b.WriteString("    dec ebp\n    cmp ebp, 0\n    jne l\n    prn eax\n    prn edi\n")
	return b.String()
}

// manyCalls is a loop of turns iterations calling fns functions of n
// instructions each: hot code spread over more functions than maxHot
// instructions hold.
func manyCalls(fns, n, turns int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "    mov ebp, %d\nl:\n", turns)
	for f := range fns {
		fmt.Fprintf(&b, "    call f%d\n", f)
	}
	b.WriteString("    dec ebp\n    cmp ebp, 0\n    jne l\n    prn eax\n    hlt\n")
	for f := range fns {
		fmt.Fprintf(&b, "f%d:\n", f)
		for i := range n / 2 {
			fmt.Fprintf(&b, "    add eax, %d\n    xor eax, ebx\n", f*n+i)
		}
		b.WriteString("    ret\n")
	}
	return b.String()
}

// TestAutoBigHotCode runs programs whose hot code is larger than maxHot
// instructions: a loop with a body of 4,000 and a loop calling 80
// functions of 50. Auto compiles all the code its samples found hot, not
// the first maxHot instructions of it, which left a quarter of every
// iteration to the interpreter (1.5 times tinyvm's time, against 0.3).
func TestAutoBigHotCode(t *testing.T) {
	if !Supported {
		t.Skip("no compiler")
	}
	if testing.Short() {
		t.Skip("large programs")
	}
	syncAll = true
	defer func() { syncAll = false }()
	for _, tc := range []struct{ name, src string }{
		{"one body", bigBody(4000, 2000)},
		{"many functions", manyCalls(80, 50, 2500)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := autoRun(t, tc.src)
			if r.code == nil {
				t.Fatalf("%d compiles, no code (%v)", r.compiles, r.err)
			}
			// Compiled code ran at least the last 5/8 of the steps.
			if got, all := r.code.inCode(), r.c.Steps(); got < all/8*5 {
				t.Fatalf("compiled code ran %d steps of %d", got, all)
			}
		})
	}
}
