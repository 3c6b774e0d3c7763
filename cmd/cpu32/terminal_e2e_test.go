package main

import (
	"path/filepath"
	"strings"
	"testing"

	"cpu32/internal/tmuxtest"
)

// TestRunInTerminal runs a program in a real terminal: what it prints
// shows while it runs, a prompt without a newline shows before the run
// waits, the line typed is its input, and Ctrl-C from the keyboard stops
// the endless loop after it with the message and status 130.
func TestRunInTerminal(t *testing.T) {
	_, bin := tmuxtest.Build(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "p.asm"), "prn 1\nprc '?'\nrdn eax\nprn eax\nl: jmp l\n")
	m := tmuxtest.Start(t, "run", dir, 100, 20, nil, bin+` run p.asm; echo "exit $?"; sleep 60`)
	m.WaitFor("the prompt before the input", "1\n?")
	m.Send(" -42", "Enter") // rdn skips the space; tmux would take "-42" for a flag
	screen := m.WaitFor("the number read, printed while the loop runs", "? -42\n-42\n")
	if strings.Contains(screen, "exit") {
		t.Fatalf("the endless loop ended on its own:\n%s", screen)
	}
	m.Send("C-c")
	m.WaitFor("Ctrl-C", "interrupted at p.asm:5 (eip 8) after ", " steps\nexit 130")
}
