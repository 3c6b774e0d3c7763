package tui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"cpu32/internal/tmuxtest"
)

// TestCompiledFailsInTmux debugs, in a real terminal, with a cpu32 built
// so that compiled code fails at its first run after writing 57005 into
// eax (the tag cpu32trap): the continue stops where the code began, the
// status line says where and why, the commands pane says it whole, the
// registers are the interpreter's (eax 0, not 57005), and the next
// continue interprets to the end.
func TestCompiledFailsInTmux(t *testing.T) {
	root, _ := tmuxtest.Build(t) // skips under -short
	dir := t.TempDir()
	bin := filepath.Join(dir, "cpu32-trap")
	build := exec.Command("go", "build", "-tags", "cpu32trap", "-o", bin, "./cmd/cpu32")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	src := "  mov eax, 7\n  mov ecx, 0\nl:\n  inc ecx\n  cmp ecx, 3000000\n  jl l\n  prn ecx\n"
	if err := os.WriteFile(filepath.Join(dir, "loop.asm"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m := tmuxtest.Start(t, "compiled", dir, 120, 30, nil, bin+" debug --engine jit loop.asm")
	m.WaitFor("start", "loop.asm", "mov eax, 7", "steps 0")
	m.Send("c")
	screen := m.WaitFor("the failure", "paused │ steps 0 │ back 0 │ compiled code failed at loop.asm:1 (eip 0): jit: wasm",
		"unreachable (cpu32trap) (a", "bug in cpu32); shown as before that code ran,", "and the interpreter runs from here on",
		"eax          0 ebx")
	if strings.Contains(screen, "57005") {
		t.Errorf("the screen shows what the failing code wrote:\n%s", screen)
	}
	m.Send("c")
	m.WaitFor("the end", "3000000", "ended │ steps 9000003")
	m.Send("q")
	m.WaitExit("quit")
}
