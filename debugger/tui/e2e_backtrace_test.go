package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cpu32/debugger/internal/testprogs"
	"cpu32/internal/tmuxtest"
)

// TestBacktraceInTmux debugs a recursive program that faults at the
// bottom of its recursion, in a real terminal at 80x24: continue stops on
// the fault, bt lists the frames folded, up shows the caller's line, the
// stack pane names the calls, and h shows the heat gutter.
func TestBacktraceInTmux(t *testing.T) {
	_, bin := tmuxtest.Build(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "down.asm"), []byte(testprogs.Down), 0o644); err != nil {
		t.Fatal(err)
	}
	m := tmuxtest.Start(t, "backtrace", dir, 80, 24, nil, bin+" debug down.asm")
	m.WaitFor("start", "down.asm", "mov eax, 5", "steps 0")

	m.Send("c")
	m.WaitFor("fault", "fault", "divide-by-zero", "calls: [down x6] ← (main)")
	m.Send(":bt", "Enter")
	m.WaitFor("backtrace", "→ #0 down at down.asm:12", "  #1-5 down at down.asm:9 x5", "  #6 (main) at down.asm:3")
	m.Send("up 6", "Enter")
	screen := m.WaitFor("up", "◀ frame #6, in (main)", "calls: down x6 ← [(main)]")
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "◀ frame #6") && !strings.Contains(l, "call down") {
			t.Errorf("the source pane does not show frame 6's call: %q", l)
		}
	}
	m.Send("Escape")
	m.WaitFor("close the command line", "press : for a command")
	m.Send("h")
	m.WaitFor("heat", "6█", "5▇")
	m.Send("q")
	m.WaitExit("quit")
}
