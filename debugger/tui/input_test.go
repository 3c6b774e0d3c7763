package tui

import (
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"

	"cpu32/cpu"
)

// A program that waits for input turns the command line into its input
// line: the line typed goes to the program, and the command that waited
// goes on. Ctrl-D ends the input.
func TestInputLine(t *testing.T) {
	h := newHarness(t, assemble(t, "rdn eax\nprn eax\nrdc ebx\nrdc ecx\nprn ecx"), 120, 40)
	h.command("continue")
	h.waitIdle()
	h.mustContain(inputLabel, "waiting for input")
	h.keys("42")
	h.press(tcell.KeyEnter, 0, tcell.ModNone)
	h.waitIdle()
	h.mustContain(inputLabel+"42", "42")
	// rdc read the newline after 42; the second rdc waits.
	h.mustContain(inputLabel)
	h.press(tcell.KeyCtrlD, 0, tcell.ModNone)
	h.waitIdle()
	var state cpu.State
	var out string
	h.onUI(func() { state, out = h.ui.s.Status().State, h.ui.s.Output() })
	if state != cpu.Ended || out != "42\n-1\n" {
		t.Fatalf("state %v, output %q; want the end and 42, -1", state, out)
	}
	if strings.Contains(h.lines()[len(h.lines())-1], inputLabel) {
		t.Error("the input line stayed after the program ended")
	}
}

// Esc on the input line goes back to commands; `input TEXT` still feeds
// the program.
func TestInputLineEsc(t *testing.T) {
	h := newHarness(t, assemble(t, "rdn eax\nprn eax"), 120, 40)
	h.command("step")
	h.waitIdle()
	h.mustContain(inputLabel)
	h.press(tcell.KeyEscape, 0, tcell.ModNone)
	h.command("input 7")
	h.command("continue")
	h.waitIdle()
	h.mustContain("7")
	var out string
	h.onUI(func() { out = h.ui.s.Output() })
	if out != "7\n" {
		t.Fatalf("output %q", out)
	}
}
