package main

import (
	"path/filepath"
	"strings"
	"testing"

	"cpu32/internal/tmuxtest"
)

// TestRunInTerminal runs a program in a real terminal: what it prints
// shows while it runs, a prompt without a newline shows before the run
// waits, followed by a note that it waits for input at the rdn, the line
// typed is its input and takes the note's place, the endless loop after it
// gets a live status line once it has run quietly for a while, and Ctrl-C
// from the keyboard stops it with the message (the status erased) and
// status 130.
func TestRunInTerminal(t *testing.T) {
	_, bin := tmuxtest.Build(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "p.asm"), "prn 1\nprc '?'\nrdn eax\nprn eax\nl: jmp l\n")
	m := tmuxtest.Start(t, "run", dir, 100, 20, nil, bin+` run p.asm; echo "exit $?"; sleep 60`)
	m.WaitFor("the prompt and the note before the input", "1\n? waiting for input (rdn at p.asm:3)\n")
	m.Send(" -42", "Enter") // rdn skips the space; tmux would take "-42" for a flag
	screen := m.WaitFor("the number read, printed while the loop runs", "1\n? -42\n-42\n")
	if strings.Contains(screen, "exit") || strings.Contains(screen, "waiting") {
		t.Fatalf("the endless loop ended on its own, or the note stayed:\n%s", screen)
	}
	m.WaitFor("the status of the quiet loop", "1\n? -42\n-42\nrunning: ", " steps, at p.asm:5 (Ctrl-C stops)\n")
	m.Send("C-c")
	screen = m.WaitFor("Ctrl-C", "1\n? -42\n-42\n", "interrupted at p.asm:5 (eip 8) after ", " steps\nexit 130")
	if strings.Contains(screen, "running") {
		t.Errorf("the status stayed after the run:\n%s", screen)
	}
}

// TestRunStatusFollowsAPartialLine: the status of a program that printed
// part of a line follows it, and leaves it whole when the run ends.
func TestRunStatusFollowsAPartialLine(t *testing.T) {
	_, bin := tmuxtest.Build(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "p.asm"), "prc 'w'\nprc ':'\nl: jmp l\n")
	m := tmuxtest.Start(t, "partial", dir, 100, 20, nil, bin+` run p.asm; s=$?; echo; echo "exit $s"; sleep 60`)
	m.WaitFor("the status", "w: running: ", " steps, at p.asm:3 (Ctrl-C stops)\n")
	m.Send("C-c")
	screen := m.WaitFor("Ctrl-C", "w:interrupted at p.asm:3 (eip 4) after ", "exit 130")
	if strings.Contains(screen, "running") {
		t.Errorf("the status stayed after the run:\n%s", screen)
	}
}
