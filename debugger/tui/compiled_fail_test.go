package tui

import (
	"errors"
	"strings"
	"testing"

	"cpu32/cpu"
	"cpu32/debugger"
)

// failing is compiled code that fails as a trap in it would (a bug in
// cpu32's compiling tier), having run nothing.
type failing struct{}

func (failing) Run(uint64) (cpu.Stop, error) {
	return cpu.StopEnd, errors.New("jit: wasm error: unreachable")
}
func (failing) Close() error { return nil }

// TestCompiledFails: a continue whose compiled code fails stops, and the
// status line says where and that the interpreter goes on, in full in the
// commands pane; the next continue runs to the end.
func TestCompiledFails(t *testing.T) {
	src := "  mov ecx, 0\nloop:\n  inc ecx\n  cmp ecx, 3000000\n  jl loop\n  prn ecx\n"
	fail := debugger.WithCompiler(func(*cpu.CPU, []uint32, []uint32, []uint32) (debugger.Compiled, error) {
		return failing{}, nil
	}, true)
	h := newHarnessConfig(t, assemble(t, src), cpu.Config{Memory: 4096, Stack: 256}, 120, 40, fail)
	h.keys("c")
	h.waitIdle()
	if st := h.status(); !strings.Contains(st, "paused │ steps 0 │ back 0 │ compiled code failed at prog.asm:1 (eip 0)") {
		t.Errorf("status line %q", st)
	}
	// The commands pane wraps the message: its words, joined.
	var words []string
	for _, l := range h.lines() {
		if i := strings.LastIndex(l, "│"); i > 0 && strings.Count(l, "│") >= 2 {
			l = l[:i]
			l = l[strings.LastIndex(l, "│")+len("│"):]
		}
		words = append(words, strings.Fields(l)...)
	}
	if !strings.Contains(strings.Join(words, " "), "jit: wasm error: unreachable (a bug in cpu32); shown as before that code ran, and the interpreter runs from here on") {
		t.Errorf("the screen does not say it all:\n%s", h.text())
	}
	h.keys("c")
	h.waitIdle()
	h.mustContain("3000000", "ended")
}
