//go:build amd64 || arm64

package tui

import (
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"

	"cpu32/cpu"
	"cpu32/debugger/compiled"
	"cpu32/jit"
)

// TestHeatCompiled checks the heat map with compiled code: shown after a
// continue that ran compiled, it says its counts miss steps; shown from
// the start, the run interprets and the counts are exact.
func TestHeatCompiled(t *testing.T) {
	src := "  mov ecx, 0\nloop:\n  inc ecx\n  cmp ecx, 10000000\n  jl loop\n  prn ecx\n"
	h := newHarnessConfig(t, assemble(t, src), cpu.Config{Memory: 4096, Stack: 256}, 240, 40, compiled.Option(jit.Compiled))
	h.keys("c")
	h.waitIdle()
	h.keys("h")
	h.waitIdle()
	h.mustContain("heat map: the counts miss")
	h.command("restart")
	h.waitIdle()
	h.press(tcell.KeyEscape, 0, tcell.ModNone)
	h.keys("c")
	h.waitIdle()
	if row := h.row("inc ecx"); !strings.Contains(row, "10.0M█") {
		t.Errorf("inc ecx ran ten million times: %q", row)
	}
	if row := h.row("mov ecx, 0"); !strings.Contains(row, "1▁") {
		t.Errorf("mov ecx, 0 ran once: %q", row)
	}
}
