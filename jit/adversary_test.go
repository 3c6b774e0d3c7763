//go:build amd64 || arm64

package jit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

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
	ran   string // which engine ran (Runner.Engine), not compared
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
	m["peek"] = func(h *cpu.Host) (uint32, error) { // peek(addr): [addr]
		a, err := h.Arg(0)
		if err != nil {
			return 0, err
		}
		return h.Load(a)
	}
	m["steps"] = func(h *cpu.Host) (uint32, error) { return uint32(h.Steps()), nil }
	m["fail"] = func(h *cpu.Host) (uint32, error) { return 0, errors.New("asked to fail") }
	m["boom"] = func(h *cpu.Host) (uint32, error) { panic("boom") }
	return m
}

// advRun runs a with step limit maxSteps (0: none; cpu.NoSteps: 0) the
// way h says.
func advRun(t testing.TB, a advProg, maxSteps uint64, h how) (o outcome) {
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
		defer func() { o.ran = r.Engine() }()
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
	o = outcome{state: c.State(), steps: c.Steps(), out: out.String(), read: c.InputRead(), words: slices.Clone(c.Memory().Words())}
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
			if a.p, err = assembler.AssembleFile(f, assembler.Options{}); err != nil {
				t.Fatal(err)
			}
			advCheck(t, a, advBudget{limits: 60, switches: 60, turns: 6})
		})
	}
}

// deepJump jumps from the top into the innermost of 14 nested loops.
var deepJump = func() string {
	var b strings.Builder
	b.WriteString("    jmp l13\n")
	for i := range 13 {
		fmt.Fprintf(&b, "l%d: nop\n", i)
	}
	b.WriteString("l13:\n")
	b.WriteString("    inc eax\n    cmp eax, 1\n    je out\n")
	for i := 13; i >= 0; i-- {
		fmt.Fprintf(&b, "    jmp l%d\n", i)
	}
	b.WriteString("out:\n    prn eax\n")
	return b.String()
}()

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
		// A jump from outside to the header of a loop nested deeper than
		// maxEntryDepth had no entry (the header's depth check overwrote
		// the jump's need): it went to the bad-target path, which "undid"
		// a computed jump never made (eip 0, esp 0).
		{"jump into a loop 14 deep", deepJump, "1\n"},
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

// agen writes a random program, as source, aimed where the compiled code
// and the interpreter could part: what gen (diff_test.go) reaches rarely
// or not at all. Host calls (gen has none); esp moved onto the register
// words, then pop, ret, push; register words written through [reg+k]
// with reg holding a small number, eip among them (a jump) and flags;
// flags words of any value through popf, mov flags and [8]; computed
// jumps (jmp reg, ret to a pushed or tampered address, writes of eip,
// tables in data) to labels anywhere, in loops or not, and a word off;
// nested counted loops entered from the side; recursion to overflow;
// edge values (INT_MIN, -1, 0x80000000, shift counts past 31); input;
// output; hlt; the entry point anywhere.
type agen struct {
	r      *rand.Rand
	tame   bool // fewer of what faults soon, so that runs go on longer
	deep   int  // how deep loops nest
	lines  []string
	nlabel int
	depth  int
	nfunc  int
}

var (
	agenRegs  = []string{"eax", "ebx", "ecx", "edx", "esi", "edi", "ebp"}
	agenAll   = []string{"eax", "ebx", "ecx", "edx", "esp", "ebp", "eip", "rem", "flags", "esi", "edi"}
	agenEdges = []string{"0", "1", "-1", "2", "-2", "31", "32", "33", "63", "0x7FFFFFFF", "0x80000000", "0x80000001", "0xFFFFFFFE", "6", "8", "100"}
	agenOps   = []string{"mov", "add", "sub", "mul", "and", "or", "xor", "shl", "shr", "div"}
	agenJumps = []string{"je", "jne", "jl", "jle", "jg", "jge", "jb", "jbe", "ja", "jae", "js", "jns", "jo", "jno"}
)

func (g *agen) emit(format string, args ...any) {
	g.lines = append(g.lines, "    "+fmt.Sprintf(format, args...))
}

// label places a new label here and returns it.
func (g *agen) label() string {
	g.nlabel++
	l := fmt.Sprintf("L%d", g.nlabel)
	g.lines = append(g.lines, l+":")
	return l
}

// anyLabel is a placeholder for a label anywhere in the program, filled
// in at the end.
const anyLabel = "@L"

func (g *agen) pick(s []string) string { return s[g.r.IntN(len(s))] }

func (g *agen) reg() string {
	if g.r.IntN(12) == 0 {
		return g.pick(agenAll)
	}
	return g.pick(agenRegs)
}

func (g *agen) value() string {
	switch g.r.IntN(10) {
	case 0, 1, 2:
		return g.pick(agenEdges)
	case 3:
		return fmt.Sprint(g.r.IntN(40))
	case 4:
		return anyLabel
	case 5, 6:
		return g.mem()
	}
	return g.reg()
}

// mem is a memory operand: the data, the register words, the reserved
// words, through a register now and then.
func (g *agen) mem() string {
	switch g.r.IntN(8) {
	case 0:
		return fmt.Sprintf("[%d]", g.r.IntN(32))
	case 1:
		if g.r.IntN(2) == 0 {
			return fmt.Sprintf("[%s%+d]", g.pick([]string{"esp", "ebp"}), g.r.IntN(6)-4)
		}
		return fmt.Sprintf("[%s%+d]", g.reg(), g.r.IntN(12)-4)
	case 2:
		return fmt.Sprintf("[vals+%d]", g.r.IntN(16))
	}
	return fmt.Sprintf("[buf+%d]", g.r.IntN(16))
}

// divisor is a divisor that may be zero at run time, not a literal 0
// (an assembly error).
func (g *agen) divisor() string {
	if v := g.value(); v != "0" && v != anyLabel && g.r.IntN(3) == 0 { // a label may be at 0
		return v
	}
	return g.pick([]string{"3", "7", "-1", "0x80000000"})
}

func (g *agen) dest() string {
	if g.r.IntN(4) == 0 {
		return g.mem()
	}
	return g.reg()
}

// block writes about n statements.
func (g *agen) block(n int) {
	for range n {
		if g.r.IntN(4) == 0 {
			g.label()
		}
		g.stmt()
	}
}

func (g *agen) stmt() {
	r := g.r
	x := r.IntN(100)
	if g.tame && x >= 58 && x < 93 && r.IntN(4) > 0 {
		x = r.IntN(52)
	}
	switch {
	case x < 25:
		op := g.pick(agenOps)
		src := g.value()
		if op == "div" {
			src = g.divisor()
		}
		g.emit("%s %s, %s", op, g.dest(), src)
	case x < 30:
		g.emit("%s %s", g.pick([]string{"inc", "dec", "not", "rem"}), g.dest())
	case x < 33:
		g.emit("mod %s, %s", g.value(), g.divisor())
	case x < 45: // a compare and a branch, forward or anywhere
		g.emit("%s %s, %s", g.pick([]string{"cmp", "cmp", "test"}), g.value(), g.value())
		if r.IntN(3) == 0 {
			g.emit("%s %s", g.pick(agenJumps), anyLabel)
			return
		}
		j := g.pick(agenJumps)
		g.nlabel++
		l := fmt.Sprintf("L%d", g.nlabel)
		g.emit("%s %s", j, l)
		g.block(r.IntN(3))
		g.lines = append(g.lines, l+":")
	case x < 52 && g.depth < g.deep: // a counted loop, its counter in memory
		g.depth++
		cnt := fmt.Sprintf("[cnt+%d]", g.depth)
		g.emit("mov %s, %d", cnt, 1+r.IntN(6))
		top := g.label()
		g.block(1 + r.IntN(5))
		g.emit("dec %s", cnt)
		g.emit("cmp %s, 0", cnt)
		g.emit("jg %s", top)
		g.depth--
	case x < 58: // a computed jump
		switch r.IntN(7) {
		case 0:
			g.emit("mov %s, %s", "eax", anyLabel)
			if r.IntN(4) == 0 {
				g.emit("add eax, %d", r.IntN(3))
			}
			g.emit("jmp eax")
		case 1:
			g.emit("push %s", anyLabel)
			g.emit("ret")
		case 2:
			g.emit("mov [6], %s", anyLabel)
		case 3:
			g.emit("mov ebx, %d", 2+r.IntN(3))
			g.emit("mov [ebx+%d], %s", 6-2-r.IntN(3)+0, anyLabel) // lands on eip or next to it
		case 4:
			g.emit("mov esi, %d", r.IntN(4))
			g.emit("jmp [tbl+esi]")
		case 5:
			g.emit("add eip, %d", r.IntN(8))
		case 6:
			g.emit("push %s", anyLabel)
			g.emit("pop eip")
		}
	case x < 64: // the stack on the register words, push esp, pop esp
		switch r.IntN(6) {
		case 0:
			g.emit("mov [cnt+20], esp")
			g.emit("mov esp, %d", r.IntN(12))
			g.emit("pop %s", g.dest())
			g.emit("mov esp, [cnt+20]")
		case 1:
			g.emit("mov [cnt+20], esp")
			g.emit("mov esp, %d", r.IntN(12))
			g.emit("ret")
		case 2:
			g.emit("push esp")
			g.emit("pop %s", g.dest())
		case 3:
			g.emit("push %s", g.value())
			g.emit("pop esp")
		case 4:
			g.emit("%s esp, %d", g.pick([]string{"add", "sub"}), r.IntN(4))
		case 5:
			g.emit("push %s", g.value())
		}
	case x < 70: // the flags word
		switch r.IntN(4) {
		case 0:
			g.emit("push %s", g.value())
			g.emit("popf")
		case 1:
			g.emit("mov flags, %s", g.value())
		case 2:
			g.emit("pushf")
			g.emit("pop %s", g.dest())
		case 3:
			g.emit("mov [8], %s", g.value())
		}
		g.emit("%s %s", g.pick(agenJumps), anyLabel)
	case x < 74:
		g.emit("call f%d", r.IntN(3))
	case x < 77:
		g.emit("push %s", g.pick([]string{"3", "50", "eax", "ecx"}))
		g.emit("call rec")
		g.emit("add esp, 1")
	case x < 83:
		g.emit("%s %s", g.pick([]string{"prn", "prn", "prc"}), g.value())
	case x < 86:
		g.emit("%s %s", g.pick([]string{"rdn", "rdc"}), g.dest())
	case x < 92:
		switch r.IntN(6) {
		case 0:
			g.emit("push %s", g.value())
			g.emit("call rand")
			g.emit("add esp, 1")
		case 1:
			g.emit("call steps")
		case 2:
			g.emit("push %s", g.value())
			g.emit("push %d", r.IntN(12))
			g.emit("call poke")
			g.emit("add esp, 2")
		case 3:
			g.emit("push %s", g.value())
			g.emit("call print_hex")
			g.emit("add esp, 1")
		case 4:
			g.emit("push vals")
			g.emit("call print_str")
			g.emit("add esp, 1")
		case 5:
			g.emit("call %s", g.pick([]string{"fail", "boom", "print_hex"}))
		}
	case x < 93:
		g.emit("hlt")
	case x < 96: // a register word through [reg+k]
		k := r.IntN(11)
		g.emit("mov esi, %d", k-2)
		g.emit("mov [esi+2], %s", g.value())
	default:
		g.emit("jmp %s", anyLabel)
	}
}

// program writes a whole program of about n statements.
func (g *agen) program(n int) string {
	startAt := -1
	if g.r.IntN(3) == 0 && !slices.Contains(g.lines, "start:") {
		startAt = g.r.IntN(n)
	}
	for i := range n {
		if i == startAt {
			g.lines = append(g.lines, "start:")
		}
		g.stmt()
	}
	switch g.r.IntN(3) {
	case 0:
		g.emit("hlt")
	case 1:
		g.emit("jmp theend")
	default: // on into f0, whose ret underflows, unless tame
		if g.tame {
			g.emit("jmp theend")
		}
	}
	for f := range 3 {
		g.lines = append(g.lines, fmt.Sprintf("f%d:", f))
		if g.r.IntN(3) == 0 {
			g.emit("mov [esp], %s", anyLabel) // a tampered return address
		}
		g.block(g.r.IntN(4))
		g.emit("ret")
	}
	g.lines = append(g.lines, "rec:", "    mov eax, [esp+1]", "    cmp eax, 0", "    je recb",
		"    dec eax", "    push eax", "    call rec", "    add esp, 1", "recb:", "    ret", "theend:")
	var labels []string
	for _, l := range g.lines {
		// A tame program jumps only within its main part.
		if l, ok := strings.CutSuffix(l, ":"); ok && (!g.tame || l[0] == 'L' || l == "theend") {
			labels = append(labels, l)
		}
	}
	var b strings.Builder
	b.WriteString("extern rand\nextern steps\nextern poke\nextern print_hex\nextern print_str\nextern fail\nextern boom\n")
	b.WriteString("section .data\nvals: dd 0, 1, -1, 0x7FFFFFFF, 0x80000000, 72, 105, 0, 33, 32, 6, 8, 2, 3, 4, 5\n")
	b.WriteString("buf: resd 16\ncnt: resd 24\ntbl: dd ")
	for i := range 4 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(g.pick(labels))
	}
	b.WriteString("\nsection .text\n")
	for _, l := range g.lines {
		for strings.Contains(l, anyLabel) {
			l = strings.Replace(l, anyLabel, g.pick(labels), 1)
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

var agenInputs = []string{"", "5", "12 -7 x 3", "2147483647 -2147483648 4294967295 4294967296", "héllo €\n1 2 3", "  -0 +5 0x10 7", "1 2 3 4 5 6 7 8 9 10 11 12"}

// agenProg writes program seed of about n statements on a machine of its
// own.
func agenProg(t testing.TB, seed uint64, n int) advProg {
	r := rand.New(rand.NewPCG(seed, 0xad))
	g := &agen{r: r, tame: seed%2 == 0, deep: agenDeep(seed)}
	src := g.program(n)
	name := fmt.Sprintf("gen%d.asm", seed)
	p, err := assembler.Assemble(name, []byte(src), assembler.Options{})
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, src)
	}
	cfg := cpu.Config{Memory: 130 + r.IntN(150), Stack: 2 + r.IntN(30), MaxSteps: uint64(100 + r.IntN(3000))}
	if r.IntN(4) == 0 {
		cfg.MaxOutput = uint64(1 + r.IntN(60))
	}
	return advProg{name: name, p: p, cfg: cfg, input: agenInputs[r.IntN(len(agenInputs))]}
}

// TestAdversaryGenerated checks generated programs (ADVERSARY_N of them,
// 60 by default; ADVERSARY_SEED moves the first seed, ADVERSARY_SIZE
// bounds their statements).
func TestAdversaryGenerated(t *testing.T) {
	n, first := uint64(60), uint64(0)
	if testing.Short() {
		n = 15
	}
	if s := os.Getenv("ADVERSARY_N"); s != "" {
		n, _ = strconv.ParseUint(s, 10, 64)
	}
	if s := os.Getenv("ADVERSARY_SEED"); s != "" {
		first, _ = strconv.ParseUint(s, 10, 64)
	}
	size := uint64(40) // statements: 5 up to 5+size
	if s := os.Getenv("ADVERSARY_SIZE"); s != "" {
		size, _ = strconv.ParseUint(s, 10, 64)
	}
	for seed := first; seed < first+n; seed++ {
		stmts := 5 + int(seed%size)
		a := agenProg(t, seed, stmts)
		t.Run(a.name, func(t *testing.T) {
			advCheck(t, a, advBudget{limits: 12, switches: 10, turns: 2})
			if t.Failed() {
				t.Logf("the program:\n%s", agenSource(seed, stmts))
			}
		})
	}
}

// agenDeep is how deep program seed's loops may nest: now and then past
// the compiler's entry depth (maxEntryDepth).
func agenDeep(seed uint64) int {
	if seed%5 == 3 {
		return maxEntryDepth + 3
	}
	return 4
}

// agenSource is program seed's source, for a failure's log.
func agenSource(seed uint64, n int) string {
	g := &agen{r: rand.New(rand.NewPCG(seed, 0xad)), tame: seed%2 == 0, deep: agenDeep(seed)}
	return g.program(n)
}

// agenLong writes a generated tame body inside a loop of turns turns, a
// program long enough for Auto to compile it.
func agenLong(seed uint64, turns int) string {
	g := &agen{r: rand.New(rand.NewPCG(seed, 0x10)), tame: true, deep: 4}
	g.lines = append(g.lines, "start:", fmt.Sprintf("    mov [cnt+0], %d", turns), "outer:")
	g.depth = 1
	src := g.program(4 + int(seed%12))
	return strings.Replace(src, "\n    jmp theend\nf0:", "\n    dec [cnt+0]\n    cmp [cnt+0], 0\n    jg outer\n    jmp theend\nf0:", 1)
}

// TestAdversaryAuto runs long generated programs with Auto, which
// interprets, compiles what it sampled in the background and switches
// when the compiler is ready, wherever the program then is; and then cut
// by step limits past the switch.
func TestAdversaryAuto(t *testing.T) {
	if testing.Short() {
		t.Skip("long programs")
	}
	found, ran := 0, map[string]int{}
	defer func() { t.Logf("engines: %v", ran) }()
	for seed := uint64(0); found < 6 && seed < 200; seed++ {
		src := agenLong(seed, 300000)
		if !strings.Contains(src, "jg outer") {
			continue // the body ended with hlt
		}
		p, err := assembler.Assemble("long.asm", []byte(src), assembler.Options{})
		if err != nil {
			t.Fatalf("%v\n%s", err, src)
		}
		a := advProg{name: fmt.Sprintf("long%d", seed), p: p, cfg: cpu.Config{Memory: 200, Stack: 16, MaxSteps: 6_000_000, MaxOutput: 1 << 16}, input: "1 2 3"}
		want := advRun(t, a, a.cfg.MaxSteps, how{})
		if want.steps < hotSteps+hotSteps/2 {
			continue
		}
		found++
		t.Run(a.name, func(t *testing.T) {
			t.Logf("%d steps, %v %s", want.steps, want.state, want.fault)
			r := rand.New(rand.NewPCG(seed, 3))
			for _, limit := range []uint64{a.cfg.MaxSteps, hotSteps + uint64(r.IntN(int(want.steps-hotSteps))), want.steps - uint64(r.IntN(1000))} {
				w := want
				if limit != a.cfg.MaxSteps {
					w = advRun(t, a, limit, how{})
				}
				got := advRun(t, a, limit, how{auto: true})
				if d := got.differs(w); d != "" {
					t.Errorf("--max-steps %d: %s\n%s", limit, d, src)
				}
				ran[got.ran]++
			}
		})
	}
	if found == 0 {
		t.Fatal("no generated program ran long enough")
	}
}

// TestAdversaryJudge drops Auto's compiled code in the middle of a long
// run, as Auto does when it measured compiled code slower than the
// interpreter: the interpreter goes on from wherever compiled code
// stopped.
func TestAdversaryJudge(t *testing.T) {
	if testing.Short() {
		t.Skip("long programs")
	}
	dropped := 0
	for seed := uint64(0); dropped < 3 && seed < 100; seed++ {
		src := agenLong(seed, 400000)
		p, err := assembler.Assemble("long.asm", []byte(src), assembler.Options{})
		if err != nil {
			t.Fatalf("%v\n%s", err, src)
		}
		a := advProg{name: fmt.Sprintf("long%d", seed), p: p, cfg: cpu.Config{Memory: 200, Stack: 16, MaxSteps: 9_000_000, MaxOutput: 1 << 16}, input: "1 2 3"}
		want := advRun(t, a, a.cfg.MaxSteps, how{})
		if want.steps < 2*hotSteps+judgeSteps {
			continue
		}
		var out bytes.Buffer
		cfg := a.cfg
		cfg.Out, cfg.Input, cfg.Host, cfg.NoCallStack = &out, strings.NewReader(a.input), advHost(), true
		c, err := cpu.New(p, cfg)
		if err != nil {
			t.Fatal(err)
		}
		r := NewRunner(c, Auto)
		for c.State() == cpu.Ready {
			if _, err := r.Run(9973); err != nil && c.Fault() == nil {
				t.Fatal(err)
			}
			if r.code != nil && !r.judged {
				r.interpRate = math.Inf(1) // compiled code is slower, whatever it measures
			}
		}
		r.Close()
		if r.err != errSlower {
			continue // compiled too late to be judged
		}
		dropped++
		got := outcome{state: c.State(), steps: c.Steps(), out: out.String(), read: c.InputRead(), words: c.Memory().Words()}
		if c.Fault() != nil {
			got.fault = c.Fault().Error()
		}
		if d := got.differs(want); d != "" {
			t.Errorf("%s: %s\n%s", a.name, d, src)
		}
	}
	if dropped == 0 {
		t.Fatal("no run had its compiled code dropped")
	}
}

// TestAdversaryBig compiles a program longer than Auto compiles at once
// (maxHot), only the parts where it was at a few steps, and runs on from
// there.
func TestAdversaryBig(t *testing.T) {
	if testing.Short() {
		t.Skip("a large program")
	}
	for _, seed := range []uint64{1} {
		a := agenProg(t, 1000000+seed, 2500)
		if len(a.p.Code) <= maxHot {
			t.Fatalf("%d words: not larger than maxHot", len(a.p.Code))
		}
		a.cfg.MaxSteps = 20000
		want := advRun(t, a, a.cfg.MaxSteps, how{})
		r := rand.New(rand.NewPCG(seed, 5))
		for range 2 {
			k := uint64(r.IntN(int(want.steps) + 1))
			c, err := cpu.New(a.p, cpu.Config{Memory: a.cfg.Memory, Stack: a.cfg.Stack, Host: advHost(), Input: strings.NewReader(a.input), NoCallStack: true})
			if err != nil {
				t.Fatal(err)
			}
			c.Run(k)
			hot := []uint32{c.EIP(), uint32(r.IntN(len(a.p.Code))), uint32(r.IntN(len(a.p.Code)))}
			h := how{compiled: true, switchAt: k, hot: hot}
			if d := advRun(t, a, a.cfg.MaxSteps, h).differs(want); d != "" {
				t.Errorf("%s (%d steps), %s: %s", a.name, want.steps, h, d)
			}
		}
	}
}

// trickle is an input that has one byte at a time, and says ErrNoInput
// (more to come, not yet) before each.
type trickle struct {
	s    string
	wait bool
}

func (r *trickle) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, io.EOF
	}
	if r.wait = !r.wait; r.wait {
		return 0, cpu.ErrNoInput
	}
	p[0], r.s = r.s[0], r.s[1:]
	return 1, nil
}

// TestAdversaryWaitingInput reads input that comes a byte at a time
// (StopInput in between) in compiled code's loops: Run returns at each
// wait with nothing of the read done, and goes on when called again.
func TestAdversaryWaitingInput(t *testing.T) {
	src := "start:\n    mov ecx, 0\nloop:\n    rdc eax\n    cmp eax, -1\n    je nums\n    add ecx, eax\n    inc [40]\n    jmp loop\nnums:\n    rdn eax\n    prn eax\n    jmp nums\n"
	p, err := assembler.Assemble("w.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, input := range []string{"", "ab", "héllo", "12 x"} {
		var ends []string
		for _, compiled := range []bool{false, true} {
			var out bytes.Buffer
			c, run := start(t, p, cpu.Config{Memory: 100, Stack: 4, Out: &out, Input: &trickle{s: input}}, compiled, nil)
			waits := 0
			for c.State() == cpu.Ready {
				stop, err := run(3)
				if stop == cpu.StopInput {
					waits++
				} else if err != nil && c.Fault() == nil {
					t.Fatal(err)
				}
			}
			ends = append(ends, fmt.Sprintf("%d waits, %d steps, output %q, ecx %d, [40] %d, %v", waits, c.Steps(), out.String(), c.Memory().Words()[2], c.Memory().Words()[40], c.Fault()))
		}
		if ends[0] != ends[1] {
			t.Errorf("input %q: compiled: %s; interpreter: %s", input, ends[1], ends[0])
		}
	}
}

// TestAdversaryMemorySizes runs the stack's edges and the last word of
// memories of sizes around the wasm page (16384 words) and the smallest
// that hold the stack.
func TestAdversaryMemorySizes(t *testing.T) {
	src := `start:
    mov esi, esp
    dec esi
    mov ecx, 0
loop:
    push ecx
    mov [esi], ecx
    add eax, [esi]
    add eax, [esp]
    pop ebx
    mov edi, esp
    sub edi, ecx
    mov edx, [edi-1]
    add eax, edx
    inc ecx
    cmp ecx, 40
    jl loop
    prn eax
    mov esi, esp
    mov [esi], 5
`
	p, err := assembler.Assemble("m.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{40, 41, 16383, 16384, 16385, 32768, 262144, 262145} {
		for _, stack := range []int{cpu.NoStack, 1, 8, size - 32} {
			if stack == size-32 && size > 1000 {
				continue
			}
			a := advProg{name: fmt.Sprintf("memory %d, stack %d", size, stack), p: p, cfg: cpu.Config{Memory: size, Stack: stack, MaxSteps: 5000}}
			advCheck(t, a, advBudget{limits: 5, switches: 4})
		}
	}
}

// TestAdversaryCloseDoesNotWait closes a Runner whose compile in the
// background is not ready: Close must not wait for it (on a large
// program it takes seconds, after a run the interpreter has finished),
// and the code, once ready, is freed.
func TestAdversaryCloseDoesNotWait(t *testing.T) {
	p, err := assembler.Assemble("c.asm", []byte("l: inc eax\njmp l\n"), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := cpu.New(p, cpu.Config{Memory: 64, Stack: 4, NoCallStack: true})
	if err != nil {
		t.Fatal(err)
	}
	r := NewRunner(c, Auto)
	r.pending = make(chan compiled, 1) // a compile under way
	closed := make(chan error)
	go func() { closed <- r.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close waits for the compile under way")
	}
	k, err := Compile(c)
	if err != nil {
		t.Fatal(err)
	}
	r.pending <- compiled{code: k} // the compile ends after Close
	for deadline := time.Now().Add(5 * time.Second); !k.mod.IsClosed(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the code compiled after Close is not freed")
		}
	}
}
