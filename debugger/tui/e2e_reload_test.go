package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cpu32/internal/tmuxtest"
)

// TestReloadInTmux debugs a program in a real terminal (its warning shown in
// the commands pane), edits its file,
// and reloads it with the R key: the new source shows, the breakpoint
// stays on its label, and a version that does not assemble leaves the old
// program running with the errors in the commands pane.
func TestReloadInTmux(t *testing.T) {
	_, bin := tmuxtest.Build(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "count.asm")
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(src, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("start: mov ecx, 3\nagain: prn ecx\n  dec ecx\n  cmp ecx, 0\n  jg again\nspare:\n")

	m := tmuxtest.Start(t, "reload", dir, 200, 50, nil, bin+" debug count.asm")
	// The assembler's warnings show in the commands pane.
	m.WaitFor("start", "count.asm", "mov ecx, 3", "steps 0", "count.asm:6:1: warning: label 'spare' is defined but never used")
	m.Send(":break again", "Enter")
	m.WaitFor("break", "breakpoint 1 at count.asm:2")
	m.Send("Escape")
	m.WaitFor("close the command line", "press : for a command")
	m.Send("c")
	m.WaitFor("continue", "steps 1", "breakpoint 1")

	// The student adds a line above the loop.
	write("; counts down\nstart: mov ecx, 2\nagain: prn ecx\n  dec ecx\n  cmp ecx, 0\n  jg again\n  hlt\n")
	m.Send("R")
	screen := m.WaitFor("reload", "reloaded and restarted: 6 instructions", "breakpoint 1 (again) moved from count.asm:2 to count.asm:3", "steps 0", "; counts down")
	if !strings.Contains(screen, " 2 ▶ start: mov ecx, 2") {
		t.Errorf("after reload eip is not on line 2 of the new source:\n%s", screen)
	}
	m.Send("c")
	screen = m.WaitFor("continue after reload", "steps 1", "breakpoint 1 at count.asm:3")
	if !strings.Contains(screen, "● 3 ▶ again: prn ecx") {
		t.Errorf("the breakpoint did not stay on its label:\n%s", screen)
	}

	// A mistake: the old program stays, the errors show.
	write("start: mvo ecx, 2\n")
	m.Send("R")
	m.WaitFor("reload with errors", "the program did not reload; the old one is still running",
		"count.asm:1:8: unknown instruction 'mvo'", "steps 1")
	m.Send("c")
	m.WaitFor("the old program still runs", "steps 5")

	m.Send("q")
	m.WaitExit("q quits")
}
