//go:build amd64 || arm64

package jit

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/host"
	"cpu32/image"
)

// An adversary's tests: hand-written programs (testdata/adversary) and
// generated ones aimed at the corners where compiled code could part from
// the interpreter, each run to its end and cut by every step limit, with
// the switch from the interpreter to compiled code (as Auto makes it) at
// every step, and with the two taking turns in pieces of random sizes.

// advProg is a program and the machine it runs on.
type advProg struct {
	name  string
	p     *image.Program
	cfg   cpu.Config // Memory, Stack, MaxOutput; MaxSteps is the cap of the reference run
	input string
}

// outcome is everything a run leaves that a user can see.
type outcome struct {
	state cpu.State
	steps uint64
	fault string
	out   string
	read  uint64 // input bytes read
	words []uint32
}

// differs says how o differs from want, or "" when they are alike.
func (o outcome) differs(want outcome) string {
	switch {
	case o.state != want.state || o.steps != want.steps:
		return fmt.Sprintf("%v after %d steps, want %v after %d", o.state, o.steps, want.state, want.steps)
	case o.fault != want.fault:
		return fmt.Sprintf("fault %q, want %q", o.fault, want.fault)
	case o.out != want.out:
		return fmt.Sprintf("output %q, want %q", trim(o.out), trim(want.out))
	case o.read != want.read:
		return fmt.Sprintf("%d input bytes read, want %d", o.read, want.read)
	}
	for a := range o.words {
		if o.words[a] != want.words[a] {
			return fmt.Sprintf("word %d is %d, want %d", a, int32(o.words[a]), int32(want.words[a]))
		}
	}
	return ""
}

// how says how a run goes: the interpreter alone, compiled code from the
// start, the interpreter for switchAt steps and compiled code from there
// (as Auto switches), or the two taking turns in random pieces.
type how struct {
	compiled bool
	switchAt uint64
	hot      []uint32 // what to compile (nil: all)
	turns    uint64   // not 0: the seed of the pieces' sizes
	auto     bool     // a Runner with Auto
}

func (h how) String() string {
	switch {
	case h.auto:
		return "auto"
	case !h.compiled:
		return "interp"
	case h.turns != 0:
		return fmt.Sprintf("turns(seed %d, hot %v)", h.turns, h.hot)
	}
	return fmt.Sprintf("jit(switch at %d, hot %v)", h.switchAt, h.hot)
}

// advHost is the host of the generated and hand-written programs: the
// standard set and functions that write registers, fail and panic.
func advHost() map[string]cpu.HostFunc {
	m := host.Map(1)
	m["poke"] = func(h *cpu.Host) (uint32, error) { // poke(addr, v): [addr] = v
		a, err := h.Arg(0)
		if err != nil {
			return 0, err
		}
		v, err := h.Arg(1)
		if err != nil {
			return 0, err
		}
		return v, h.Store(a, v)
	}
	m["steps"] = func(h *cpu.Host) (uint32, error) { return uint32(h.Steps()), nil }
	m["fail"] = func(h *cpu.Host) (uint32, error) { return 0, errors.New("asked to fail") }
	m["boom"] = func(h *cpu.Host) (uint32, error) { panic("boom") }
	return m
}

// advRun runs a with step limit maxSteps (0: none; cpu.NoSteps: 0) the
// way h says.
func advRun(t testing.TB, a advProg, maxSteps uint64, h how) outcome {
	t.Helper()
	cfg := a.cfg
	cfg.MaxSteps = maxSteps
	var out bytes.Buffer
	cfg.Out = &out
	cfg.Input = strings.NewReader(a.input)
	cfg.Host = advHost()
	cfg.NoCallStack = true
	c, err := cpu.New(a.p, cfg)
	if err != nil {
		t.Fatal(err)
	}
	fail := func(stop cpu.Stop, err error) {
		if stop == cpu.StopInput || stop == cpu.StopBreak || err != nil && c.Fault() == nil {
			t.Fatalf("%s: %s: stop %v, %v", a.name, h, stop, err)
		}
	}
	switch {
	case h.auto:
		r := NewRunner(c, Auto)
		for c.State() == cpu.Ready {
			fail(r.Run(1 << 40))
		}
		r.Close()
	case !h.compiled:
		for c.State() == cpu.Ready {
			fail(c.Run(1 << 40))
		}
	default:
		if h.switchAt > 0 {
			fail(c.Run(h.switchAt))
		}
		if c.State() != cpu.Ready {
			break
		}
		k, err := compile(c, h.hot)
		if err != nil {
			t.Fatal(err)
		}
		defer k.Close()
		r := rand.New(rand.NewPCG(h.turns, 7))
		for i := 0; c.State() == cpu.Ready; i++ {
			if h.turns == 0 {
				fail(k.Run(1 << 40))
				continue
			}
			n := uint64(1 + r.IntN(12))
			if r.IntN(8) == 0 {
				n = uint64(1 + r.IntN(300))
			}
			if i%2 == 0 {
				fail(k.Run(n))
			} else {
				fail(c.Run(n))
			}
		}
	}
	o := outcome{state: c.State(), steps: c.Steps(), out: out.String(), read: c.InputRead(), words: slices.Clone(c.Memory().Words())}
	if f := c.Fault(); f != nil {
		o.fault = f.Error()
	}
	return o
}

// advBudget bounds the work of one program's check: every compiled run
// compiles afresh (a millisecond or two).
type advBudget struct {
	limits   uint64 // step limits: every one up to this many, then as many spread over the rest
	switches uint64 // switch points, spread over the run
	turns    int    // runs taking turns
}

// spread returns every n up to k, then k more spread evenly to last.
func spread(k, last uint64) []uint64 {
	var ns []uint64
	for n := uint64(0); n <= min(k, last); n++ {
		ns = append(ns, n)
	}
	if last > k {
		for i := uint64(1); i <= k; i++ {
			ns = append(ns, k+(last-k)*i/k)
		}
	}
	return ns
}

// advCheck runs a on compiled code in every way of how against the
// interpreter, and reports the first difference of each way.
func advCheck(t *testing.T, a advProg, b advBudget) {
	t.Helper()
	want := advRun(t, a, a.cfg.MaxSteps, how{})
	check := func(limit uint64, want outcome, h how) bool {
		t.Helper()
		if d := advRun(t, a, limit, h).differs(want); d != "" {
			t.Errorf("%s, --max-steps %d, %s: %s", a.name, int64(limit), h, d)
			return false
		}
		return true
	}
	if !check(a.cfg.MaxSteps, want, how{compiled: true}) {
		return
	}
	// Step limits up to the end, and one past it.
	for _, m := range spread(b.limits, want.steps+1) {
		limit := m
		if m == 0 {
			limit = cpu.NoSteps
		}
		if !check(limit, advRun(t, a, limit, how{}), how{compiled: true}) {
			return
		}
	}
	// The switch from the interpreter, compiling all of the program or
	// only where the interpreter stands (as Auto compiles what it
	// sampled).
	for _, k := range spread(b.switches/2, want.steps) {
		c, err := cpu.New(a.p, cpu.Config{Memory: a.cfg.Memory, Stack: a.cfg.Stack, Host: advHost(), Input: strings.NewReader(a.input), NoCallStack: true})
		if err != nil {
			t.Fatal(err)
		}
		c.Run(k)
		if k == 0 || c.State() != cpu.Ready {
			continue
		}
		if !check(a.cfg.MaxSteps, want, how{compiled: true, switchAt: k}) ||
			!check(a.cfg.MaxSteps, want, how{compiled: true, switchAt: k, hot: []uint32{c.EIP()}}) {
			return
		}
	}
	for seed := range b.turns {
		var hot []uint32
		if seed%2 == 1 {
			hot = []uint32{uint32(seed) % (uint32(len(a.p.Code)) + 1)}
		}
		if !check(a.cfg.MaxSteps, want, how{compiled: true, turns: uint64(seed + 1), hot: hot}) {
			return
		}
	}
}

// advHeader reads a hand-written program's settings from its first
// comment lines: `; memory 100`, `; stack 4`, `; max-output 10`,
// `; max-steps 5000`, `; input "12 x"`.
func advHeader(t *testing.T, name string, src []byte) advProg {
	a := advProg{name: name, cfg: cpu.Config{Memory: 256, Stack: 16, MaxSteps: 20000}}
	for _, line := range strings.Split(string(src), "\n") {
		if !strings.HasPrefix(line, "; ") {
			break
		}
		key, val, _ := strings.Cut(line[2:], " ")
		n, _ := strconv.ParseUint(val, 10, 64)
		switch key {
		case "memory":
			a.cfg.Memory = int(n)
		case "stack":
			a.cfg.Stack = int(n)
		case "max-output":
			a.cfg.MaxOutput = n
		case "max-steps":
			a.cfg.MaxSteps = n
		case "input":
			s, err := strconv.Unquote(val)
			if err != nil {
				t.Fatalf("%s: input %s: %v", name, val, err)
			}
			a.input = s
		}
	}
	return a
}

// TestAdversaryPrograms checks the hand-written programs of
// testdata/adversary.
func TestAdversaryPrograms(t *testing.T) {
	files, err := filepath.Glob("testdata/adversary/*.asm")
	if err != nil || len(files) == 0 {
		t.Fatal("no programs", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".asm"), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			a := advHeader(t, f, src)
			if a.p, err = assembler.Assemble(f, src, assembler.Options{}); err != nil {
				t.Fatal(err)
			}
			advCheck(t, a, advBudget{limits: 60, switches: 60, turns: 6})
		})
	}
}

// TestAdversaryRepros holds the smallest program of each difference the
// adversary tests found, with what the interpreter does.
func TestAdversaryRepros(t *testing.T) {
	for _, tc := range []struct {
		name, src, out string
	}{
		// pop read [esp] from memory, where a register kept in a local
		// is stale while compiled code runs.
		{"pop eax's word", "mov eax, 7\nmov esp, 0\npop ebx\nprn ebx\n", "7\n"},
		{"ret to eax", "mov eax, 9\nmov esp, 0\nret\nprn 1\nprn 2\n", "2\n"},
		{"popf from ecx's word", "mov ecx, 1\nmov esp, 2\npopf\nje z\nprn 1\nz: prn 0\n", "0\n"},
		{"pop eip's word", "mov esp, 6\npop eax\nprn eax\n", "3\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := assembler.Assemble("r.asm", []byte(tc.src), assembler.Options{})
			if err != nil {
				t.Fatal(err)
			}
			a := advProg{name: tc.name, p: p, cfg: cpu.Config{Memory: 64, Stack: 8, MaxSteps: 1000}}
			if want := advRun(t, a, a.cfg.MaxSteps, how{}); want.out != tc.out {
				t.Fatalf("the interpreter printed %q, want %q", want.out, tc.out)
			}
			advCheck(t, a, advBudget{limits: 20, switches: 20, turns: 2})
		})
	}
}
