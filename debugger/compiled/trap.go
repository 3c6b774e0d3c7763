//go:build cpu32trap

package compiled

import (
	"errors"

	"cpu32/cpu"
	"cpu32/debugger"
	"cpu32/memory"
)

// A cpu32 built with the tag cpu32trap has compiled code in the debugger
// that fails at its first run, as a trap in it would (a bug in the
// compiling tier), after writing 57005 (0xdead) into eax: what the
// debugger then shows is tested end to end (the TUI's
// TestCompiledFailsInTmux). No release is built with it.
func init() {
	compile = func(c *cpu.CPU, data, hot, breaks []uint32) (debugger.Compiled, error) {
		return scribbling{c}, nil
	}
}

type scribbling struct{ c *cpu.CPU }

func (k scribbling) Run(uint64) (cpu.Stop, error) {
	k.c.Memory().SetReg(memory.EAX, 0xdead)
	return cpu.StopEnd, errors.New("jit: wasm error: unreachable (cpu32trap)")
}

func (scribbling) Close() error { return nil }
