package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReloadInTmux debugs a program in a real terminal (its warning shown in
// the commands pane), edits its file,
// and reloads it with the R key: the new source shows, the breakpoint
// stays on its label, and a version that does not assemble leaves the old
// program running with the errors in the commands pane.
func TestReloadInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	_, bin := buildCPU32(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "count.asm")
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(src, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("start: mov ecx, 3\nagain: prn ecx\n  dec ecx\n  cmp ecx, 0\n  jg again\nspare:\n")

	m := &tmux{t: t, socket: fmt.Sprintf("cpu32-reload-%d", os.Getpid()), session: "reload"}
	t.Cleanup(func() { m.run("kill-server") })
	if out, err := m.run("new-session", "-d", "-s", m.session, "-x", "200", "-y", "50", "-c", dir,
		bin+" debug count.asm"); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	// The assembler's warnings show in the commands pane.
	m.waitFor("start", "count.asm", "mov ecx, 3", "steps 0", "count.asm:6:1: warning: label 'spare' is defined but never used")
	m.send(":break again", "Enter")
	m.waitFor("break", "breakpoint 1 at count.asm:2")
	m.send("Escape")
	m.waitFor("close the command line", "press : for a command")
	m.send("c")
	m.waitFor("continue", "steps 1", "breakpoint 1")

	// The student adds a line above the loop.
	write("; counts down\nstart: mov ecx, 2\nagain: prn ecx\n  dec ecx\n  cmp ecx, 0\n  jg again\n  hlt\n")
	m.send("R")
	screen := m.waitFor("reload", "reloaded and restarted: 6 instructions", "breakpoint 1 (again) moved from count.asm:2 to count.asm:3", "steps 0", "; counts down")
	if !strings.Contains(screen, " 2 ▶ start: mov ecx, 2") {
		t.Errorf("after reload eip is not on line 2 of the new source:\n%s", screen)
	}
	m.send("c")
	screen = m.waitFor("continue after reload", "steps 1", "breakpoint 1 at count.asm:3")
	if !strings.Contains(screen, "● 3 ▶ again: prn ecx") {
		t.Errorf("the breakpoint did not stay on its label:\n%s", screen)
	}

	// A mistake: the old program stays, the errors show.
	write("start: mvo ecx, 2\n")
	m.send("R")
	m.waitFor("reload with errors", "the program did not reload; the old one is still running",
		"count.asm:1:8: unknown instruction 'mvo'", "steps 1")
	m.send("c")
	m.waitFor("the old program still runs", "steps 5")

	m.send("q")
	deadline := time.Now().Add(waitTimeout)
	for {
		if _, err := m.run("has-session", "-t", m.session); err != nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("q did not quit; the terminal shows:\n%s", m.capture())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
