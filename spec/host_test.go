package spec

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/cpu"
	"cpu32/image"
)

// errNoLuck is what the host function "fail" returns.
var errNoLuck = errors.New("no luck")

// testHost is the host the spec's snippets call: each function shows one
// thing a host function can do.
var testHost = map[string]cpu.HostFunc{
	// add2(a, b) returns a + b: arguments from [esp+1] up.
	"add2": func(h *cpu.Host) (uint32, error) {
		a, err := h.Arg(0)
		if err != nil {
			return 0, err
		}
		b, err := h.Arg(1)
		return a + b, err
	},
	// retaddr returns the word at [esp]: the return address.
	"retaddr": func(h *cpu.Host) (uint32, error) {
		esp, _ := h.Load(4)
		return h.Load(esp)
	},
	// poke(addr, v) stores v at addr and prints what it did.
	"poke": func(h *cpu.Host) (uint32, error) {
		a, _ := h.Arg(0)
		v, _ := h.Arg(1)
		h.Print(fmt.Sprintf("poke %d\n", a))
		return 0, h.Store(a, v)
	},
	"fail": func(h *cpu.Host) (uint32, error) { return 0, errNoLuck },
	// scribble writes memory and prints, then fails: none of it stays.
	"scribble": func(h *cpu.Host) (uint32, error) {
		h.Print("lost")
		_ = h.Store(40, 99)
		_ = h.Store(1, 99)
		return 0, errNoLuck
	},
	"boom": func(h *cpu.Host) (uint32, error) { panic("host bug") },
}

var withHost = cpu.Config{Host: testHost}

// `call name` on an extern: one step; the result in eax; esp, the flags
// and every other register as before; the arguments stay for the caller to
// remove; the return address is pushed during the call, as for call, so
// the word below esp keeps it.
var hostCases = cases(
	tc{name: "a host call returns its result in eax", src: "extern add2\npush 30\npush 12\ncall add2\nadd esp, 2\nprn eax",
		cfg: withHost, out: "42\n", steps: 5, regs: regs{eax: 42, esp: 1 << 18}, mem: mems{1<<18 - 3: 6}},
	tc{name: "a host call is one step and keeps the stack", src: "extern add2\npush 1\npush 2\ncall add2", cfg: withHost,
		steps: 3, depth: 2, regs: regs{eax: 3}},
	tc{name: "a host function sees the return address at [esp]", src: "extern retaddr\ncall retaddr\nnop", cfg: withHost,
		steps: 2, regs: regs{eax: 2}},
	tc{name: "callx is the same host call", src: "extern add2\npush 5\npush 6\ncallx add2", cfg: withHost, steps: 3, depth: 2, regs: regs{eax: 11}},
	tc{name: "a host function writes memory and prints", src: "extern poke\npush 7\npush 40\ncall poke\nprn [40]", cfg: withHost,
		out: "poke 40\n7\n", steps: 4, depth: 2, mem: mems{40: 7}},
	tc{name: "an extern declared twice is one extern", src: "extern add2\nextern add2, add2\npush 1\npush 1\ncall add2", cfg: withHost,
		steps: 3, depth: 2, regs: regs{eax: 2}},

	// host-error: the function's message, at the call, nothing changed.
	tc{name: "a host function's error is a host-error fault", src: "extern fail\nprn 1\ncall fail", cfg: withHost,
		out: "1\n", steps: 1, fault: cpu.HostError, eip: u32(2)},
	tc{name: "a failing host function changes nothing", src: "extern scribble\nmov ebx, 5\ncall scribble", cfg: withHost,
		steps: 1, fault: cpu.HostError, eip: u32(3), regs: regs{ebx: 5}, mem: mems{40: 0}},
	tc{name: "a host function that panics is a host-error", src: "extern boom\ncall boom", cfg: withHost,
		fault: cpu.HostError, eip: u32(0)},
	tc{name: "a host function's bad argument is a host-error", src: "extern add2\npush 1\ncall add2", cfg: withHost,
		steps: 1, depth: 1, fault: cpu.HostError, eip: u32(2)},
	tc{name: "a host store outside memory is a host-error", src: "extern poke\npush 1\npush 64\ncall poke", cfg: cpu.Config{Memory: 64, Stack: 8, Host: testHost},
		steps: 2, depth: 2, fault: cpu.HostError, eip: u32(4)},
	tc{name: "a host call on a full stack overflows", src: "extern add2\npush 1\npush 1\ncall add2", cfg: cpu.Config{Memory: 64, Stack: 2, Host: testHost},
		steps: 2, depth: 2, fault: cpu.StackOverflow, eip: u32(4)},
	tc{name: "a host call's output counts against the output limit", src: "extern poke\npush 7\npush 40\ncall poke",
		cfg: cpu.Config{MaxOutput: 4, Host: testHost}, steps: 2, depth: 2, fault: cpu.OutputLimit, eip: u32(4), mem: mems{40: 0}},
)

func TestHostCalls(t *testing.T) { runCases(t, hostCases) }

// host-error messages: the function's name, then its error; a panic says
// so. The cause is kept for errors.Is.
func TestHostErrorMessages(t *testing.T) {
	tests := []struct {
		src, msg string
	}{
		{"extern fail\ncall fail", "fail: no luck"},
		{"extern boom\ncall boom", "boom: panic: host bug"},
		{"extern add2\ncall add2", "add2: argument 1 is outside memory: the stack holds 0 words above the return address"},
		{"extern poke\npush 7\npush 6\ncall poke", "poke: a host function cannot write eip"},
	}
	for _, tt := range tests {
		r := run(t, tt.src, withHost)
		require.NotNil(t, r.fault, tt.src)
		require.Equal(t, cpu.HostError, r.fault.Kind)
		require.Equal(t, tt.msg, r.fault.Msg)
	}
	// A host call pushes its return address as call does: with esp moved
	// past the stack's base it says so, as a call would.
	r := run(t, "extern add2\nadd esp, 3\ncall add2", cpu.Config{Memory: 64, Stack: 8, Host: testHost})
	require.NotNil(t, r.fault)
	require.Equal(t, cpu.MemoryOutOfRange, r.fault.Kind)
	require.Equal(t, "call with esp 3 words past the stack's base (esp 67, base 64): esp was moved past the base; a stack slot is one word, so 'add esp, N' after a call drops N arguments", r.fault.Msg)

	r = run(t, "extern fail\ncall fail", withHost)
	require.ErrorIs(t, r.fault, errNoLuck)
	r = run(t, "extern boom\ncall boom", withHost)
	var pe *cpu.PanicError
	require.ErrorAs(t, r.fault, &pe)
	require.Equal(t, "host bug", pe.Value)
}

// An extern the host does not provide is refused when the program is
// loaded, not when the call is reached, naming it and its line.
func TestUnprovidedExtern(t *testing.T) {
	p := assemble(t, "prn 1\nextern add2, nosuch\ncall add2")
	_, err := cpu.New(p, withHost)
	var ee *cpu.ExternError
	require.ErrorAs(t, err, &ee)
	require.Equal(t, "spec.asm:2: extern 'nosuch' is not provided by the host (it provides: add2, boom, fail, poke, retaddr, scribble)", err.Error())
	_, err = cpu.New(p, cpu.Config{})
	require.EqualError(t, err, "spec.asm:2: extern 'add2' is not provided by the host (it provides none)")

	// A program that never calls an extern must still have it.
	_, err = cpu.New(assemble(t, "extern nosuch"), withHost)
	require.ErrorAs(t, err, &ee)
}

// A host call in a program without an extern table (a raw program) is an
// invalid instruction when it is reached.
func TestHostCallWithoutExterns(t *testing.T) {
	r := runProgram(t, &image.Program{Code: []uint32{0x08 | 0x800, 1, 0x2C | 0x800, 0}}, cpu.Config{})
	require.Equal(t, cpu.InvalidInstruction, r.fault.Kind)
	require.Equal(t, "host call of extern 0, but the program declares 0 externs", r.fault.Msg)
	require.Equal(t, "1\n", r.out)

	r = runProgram(t, &image.Program{Code: []uint32{0x2C | 0x400, 0}}, cpu.Config{})
	require.Equal(t, cpu.InvalidInstruction, r.fault.Kind)
	require.Equal(t, "word 0x42c is not an instruction: the operand of callx must be an immediate extern index", r.fault.Msg)
}

// Stepping back over a host call undoes what it wrote, eax and the return
// address's slot included, and its output count.
func TestHostStepBack(t *testing.T) {
	p := assemble(t, "extern poke\npush 9\npush 40\ncall poke")
	c, err := cpu.New(p, cpu.Config{Host: testHost, Memory: 64, Stack: 8})
	require.NoError(t, err)
	j := cpu.NewJournal(0)
	c.SetJournal(j)
	require.NoError(t, c.RunToEnd())
	_, changes, ok := j.Last()
	require.True(t, ok)
	require.Equal(t, []cpu.Change{{Addr: 61, Old: 0}, {Addr: 40, Old: 0}}, changes, "the return address's slot and [40]; not esp, the same after, nor eax, 0 before and after")
	before := c.Memory().Words()[40]
	require.Equal(t, uint32(9), before)
	out, ok := c.Back()
	require.True(t, ok)
	require.Equal(t, uint64(0), out)
	require.Equal(t, uint32(0), c.Memory().Words()[40])
	require.Equal(t, uint32(0), c.Memory().Words()[61], "the return address's slot")
	require.Equal(t, uint32(62), c.Memory().Reg(esp))
}
