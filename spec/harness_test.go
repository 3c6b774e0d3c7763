// Package spec is cpu32's executable specification: every instruction,
// addressing mode, flag rule, fault kind and class of assembler error, each
// written as a small assembly snippet with the state it must produce.
// README.md beside this file states, in words, the rules these tests check.
package spec

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/image"
	"cpu32/isa"
	"cpu32/jit"
	"cpu32/memory"
)

// result is what running a snippet produced.
type result struct {
	out   string
	steps uint64
	state cpu.State
	fault *cpu.Fault
	c     *cpu.CPU
}

// reg returns a register's value as a signed number, as --json shows it.
func (r result) reg(x memory.Reg) int32 { return int32(r.c.Memory().Reg(x)) }

// mem returns the word at addr as a signed number.
func (r result) mem(t *testing.T, addr uint32) int32 {
	t.Helper()
	v, err := r.c.Memory().Load(addr)
	require.NoError(t, err)
	return int32(v)
}

// flags returns the flags word.
func (r result) flags() uint32 { return r.c.Memory().Reg(memory.FLAGS) }

// assemble assembles src as "spec.asm" and fails the test on an error.
func assemble(t *testing.T, src string) *image.Program {
	t.Helper()
	p, err := assembler.Assemble("spec.asm", []byte(src), assembler.Options{})
	require.NoError(t, err, "snippet should assemble:\n%s", src)
	return p
}

// run assembles src as "spec.asm" and runs it to its end on a machine
// configured by cfg (cfg.Out is replaced by a capture).
func run(t *testing.T, src string, cfg cpu.Config) result {
	t.Helper()
	return runProgram(t, assemble(t, src), cfg)
}

// runProgram runs an assembled program to its end.
func runProgram(t *testing.T, p *image.Program, cfg cpu.Config) result {
	t.Helper()
	var out bytes.Buffer
	cfg.Out = &out
	c, err := cpu.New(p, cfg)
	require.NoError(t, err)
	err = c.RunToEnd()
	r := result{out: out.String(), steps: c.Steps(), state: c.State(), fault: c.Fault(), c: c}
	if err != nil {
		var f *cpu.Fault
		require.True(t, errors.As(err, &f), "a run error must be a *cpu.Fault: %v", err)
		require.Equal(t, r.fault, f, "RunToEnd returns the fault the machine keeps")
	}
	if cfg.Input == nil && len(cfg.Host) == 0 { // a second run needs input and hosts that can run again
		sameCompiled(t, p, cfg, r)
	}
	return r
}

// sameCompiled runs p again in compiled code (package jit) and requires
// what the interpreter's run r ended with: output, steps, state, fault and
// every word of memory.
func sameCompiled(t *testing.T, p *image.Program, cfg cpu.Config, r result) {
	t.Helper()
	if !jit.Supported {
		return
	}
	var out bytes.Buffer
	cfg.Out, cfg.NoCallStack = &out, true
	c, err := cpu.New(p, cfg)
	require.NoError(t, err)
	k, err := jit.Compile(c)
	require.NoError(t, err)
	defer k.Close()
	for c.State() == cpu.Ready {
		if _, err := k.Run(1 << 40); err != nil {
			break
		}
	}
	require.Equal(t, r.out, out.String(), "compiled: output")
	require.Equal(t, r.steps, c.Steps(), "compiled: steps")
	require.Equal(t, r.state, c.State(), "compiled: state")
	require.Equal(t, r.fault, c.Fault(), "compiled: fault")
	require.Equal(t, r.c.Memory().Words(), c.Memory().Words(), "compiled: memory")
}

// asmError assembles src and returns the full diagnostics text.
func asmError(t *testing.T, src string) string {
	t.Helper()
	_, err := assembler.Assemble("spec.asm", []byte(src), assembler.Options{})
	require.Error(t, err, "snippet should not assemble:\n%s", src)
	var list assembler.ErrorList
	require.True(t, errors.As(err, &list), "assembly errors come as an assembler.ErrorList: %T", err)
	return err.Error()
}

// regs is an expectation on some registers.
type regs map[memory.Reg]int32

// mems is an expectation on some memory words, as signed numbers.
type mems map[uint32]int32

func requireRegs(t *testing.T, r result, want regs) {
	t.Helper()
	for reg, v := range want {
		require.Equal(t, v, r.reg(reg), "register %s", reg)
	}
}

// flagNames spells a flags word for failure messages: "ZF|CF".
func flagNames(f uint32) string {
	var parts []string
	for _, b := range []struct {
		m    uint32
		name string
	}{{isa.ZF, "ZF"}, {isa.SF, "SF"}, {isa.OF, "OF"}, {isa.CF, "CF"}} {
		if f&b.m != 0 {
			parts = append(parts, b.name)
		}
	}
	if rest := f &^ (isa.ZF | isa.SF | isa.OF | isa.CF); rest != 0 || len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("%#x", rest))
	}
	return strings.Join(parts, "|")
}

// u32 and fl make optional expectations.
func u32(v uint32) *uint32 { return &v }
func fl(v uint32) *uint32  { return &v }

// tc is one snippet and everything it must produce. out, steps, the final
// state and the stack depth are always checked; the rest when given.
type tc struct {
	name  string
	src   string
	cfg   cpu.Config
	out   string
	steps uint64
	state cpu.State     // the zero value (Ready) means Ended, or Faulted when fault is set
	fault cpu.FaultKind // the fault expected, if any; then eip must be given
	eip   *uint32       // eip at the end (the faulting instruction's address for a fault)
	depth int64         // cpu.StackDepth() at the end
	regs  regs
	mem   mems
	flags *uint32
	input string // the program's input (each run reads it afresh)
	left  int    // bytes of the input not read at the end
}

// config returns the case's machine configuration with a fresh reader of
// its input.
func (c tc) config() cpu.Config {
	cfg := c.cfg
	if c.input != "" {
		cfg.Input = strings.NewReader(c.input)
	}
	return cfg
}

// snippets are the sources of every registered run case, for
// TestEveryInstructionHasASpec.
var snippets []string

// cases registers a table's sources and returns it.
func cases(cs ...tc) []tc {
	for _, c := range cs {
		snippets = append(snippets, c.src)
	}
	return cs
}

// runCases runs each case as a subtest.
func runCases(t *testing.T, cs []tc) {
	t.Helper()
	names := map[string]bool{}
	for _, c := range cs {
		require.False(t, names[c.name], "two cases are called %q", c.name)
		names[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			check(t, c)
		})
	}
}

// check runs one case and compares everything it expects.
func check(t *testing.T, c tc) {
	t.Helper()
	r := run(t, c.src, c.config())
	want := c.state
	if want == cpu.Ready {
		want = cpu.Ended
		if c.fault != 0 {
			want = cpu.Faulted
		}
	}
	require.Equal(t, want, r.state, "state (fault: %v)", r.fault)
	if c.fault != 0 {
		require.NotNil(t, r.fault)
		require.Equal(t, c.fault, r.fault.Kind, "fault kind (%v)", r.fault)
		require.NotNil(t, c.eip, "a fault case must say where it faults")
		require.Equal(t, *c.eip, r.fault.EIP, "fault eip (%v)", r.fault)
		require.NotEmpty(t, r.fault.Msg)
	} else {
		require.Nil(t, r.fault)
	}
	require.Equal(t, c.out, r.out, "output")
	require.Equal(t, c.steps, r.steps, "steps")
	require.Equal(t, c.depth, r.c.StackDepth(), "stack depth")
	switch r.state {
	case cpu.Ended:
		require.Equal(t, r.c.CodeLen(), r.c.EIP(), "a program that ends has eip = the code's length")
	case cpu.Halted:
		d, err := r.c.Decoded(r.c.EIP())
		require.NoError(t, err)
		require.Equal(t, isa.Hlt, d.In.Op, "eip stays on the hlt")
	}
	if c.eip != nil {
		require.Equal(t, *c.eip, r.c.EIP(), "eip")
		require.Equal(t, int32(*c.eip), r.reg(memory.EIP), "eip register")
	}
	if c.flags != nil {
		require.Equal(t, flagNames(*c.flags), flagNames(r.flags()), "flags")
		require.Equal(t, *c.flags, r.flags(), "flags word")
	}
	requireRegs(t, r, c.regs)
	for a, v := range c.mem {
		require.Equal(t, v, r.mem(t, a), "memory [%d]", a)
	}
	read := r.c.InputRead()
	left, err := r.c.InputLeft()
	require.NoError(t, err)
	require.Equal(t, c.left, int(left), "input left")
	require.Equal(t, uint64(len(c.input)), read+left, "input read + left")
	if c.fault != 0 {
		requireFaultChangedNothing(t, c.src, c.config(), r)
	}
	requireStepwiseSame(t, c.src, c.config(), r)
}

// requireStepwiseSame runs src again one Step at a time and checks that it
// ends exactly as RunToEnd did: Step and Run share their semantics.
func requireStepwiseSame(t *testing.T, src string, cfg cpu.Config, want result) {
	t.Helper()
	var out bytes.Buffer
	cfg.Out = &out
	c, err := cpu.New(assemble(t, src), cfg)
	require.NoError(t, err)
	for n := uint64(0); c.State() == cpu.Ready; n++ {
		require.LessOrEqual(t, n, want.steps, "stepping runs no more instructions than running")
		_ = c.Step()
	}
	require.Equal(t, want.state, c.State(), "state when stepped")
	require.Equal(t, want.fault, c.Fault(), "fault when stepped")
	require.Equal(t, want.steps, c.Steps(), "steps when stepped")
	require.Equal(t, want.out, out.String(), "output when stepped")
	require.True(t, slices.Equal(want.c.Memory().Words(), c.Memory().Words()), "memory when stepped")
}

// requireFaultChangedNothing replays src to just before the faulting
// instruction and checks that running it changes no word of memory (eip
// included), counts no step and prints nothing.
func requireFaultChangedNothing(t *testing.T, src string, cfg cpu.Config, faulted result) {
	t.Helper()
	var out bytes.Buffer
	cfg.Out = &out
	c, err := cpu.New(assemble(t, src), cfg)
	require.NoError(t, err)
	stop, err := c.Run(faulted.steps)
	require.NoError(t, err, "the instructions before the fault run cleanly")
	require.Equal(t, cpu.StopLimit, stop)
	require.Equal(t, cpu.Ready, c.State())
	before := slices.Clone(c.Memory().Words())
	printed := out.String()
	read := c.InputRead()
	err = c.Step()
	require.Equal(t, read, c.InputRead(), "a faulting instruction reads no input")
	require.Error(t, err)
	var f *cpu.Fault
	require.True(t, errors.As(err, &f))
	require.Equal(t, faulted.fault.Kind, f.Kind)
	require.Equal(t, faulted.fault.EIP, f.EIP)
	require.Equal(t, faulted.steps, c.Steps(), "a faulting instruction is not counted")
	require.Equal(t, printed, out.String(), "a faulting instruction prints nothing")
	require.Equal(t, faulted.out, out.String(), "output before the fault is kept")
	after := c.Memory().Words()
	for a := range before {
		if before[a] != after[a] {
			require.Failf(t, "the faulting instruction changed memory",
				"[%d] was %d, now %d", a, int32(before[a]), int32(after[a]))
		}
	}
}

var (
	labelPrefix = regexp.MustCompile(`^\s*([A-Za-z_][A-Za-z0-9_]*\s*:\s*)*`)
	firstWord   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*`)
)

// mnemonicsIn returns the instruction mnemonics (as written, lower-cased)
// that start the lines of src.
func mnemonicsIn(src string) []string {
	var out []string
	for _, line := range strings.Split(src, "\n") {
		if i := strings.IndexAny(line, ";#"); i >= 0 && !strings.ContainsAny(line[:i], `'"`) {
			line = line[:i]
		}
		line = labelPrefix.ReplaceAllString(line, "")
		w := strings.ToLower(firstWord.FindString(line))
		if w != "" && isa.Lookup(w) != nil {
			out = append(out, w)
		}
	}
	return out
}

// TestEveryInstructionHasASpec fails when a mnemonic or alias of the isa
// table is not run by some snippet of the tables in this package.
func TestEveryInstructionHasASpec(t *testing.T) {
	used := map[string]int{}
	for _, s := range snippets {
		for _, m := range mnemonicsIn(s) {
			used[m]++
		}
	}
	require.NotEmpty(t, snippets)
	for _, in := range isa.Table {
		for _, name := range append([]string{in.Name}, in.Aliases...) {
			require.Positive(t, used[name], "no spec snippet runs %q (%s)", name, in.Summary)
		}
	}
	require.ElementsMatch(t, isa.Mnemonics(), sortedKeys(used), "every mnemonic a snippet uses is in the table")
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// readTestdata reads a file of testdata/.
func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return b
}
