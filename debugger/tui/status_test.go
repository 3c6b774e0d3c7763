package tui

import (
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"

	"cpu32/debugger/internal/testprogs"
)

// The command line stays open after a command, and the status line says
// so while it is open; closed, its hint names the single keys again.
func TestStatusHintFollowsTheCommandLine(t *testing.T) {
	h := newFib(t)
	if s := h.status(); !strings.Contains(s, strings.TrimSpace(hintKeys)) {
		t.Errorf("closed: %q", s)
	}
	h.command("p eax")
	if s := h.status(); !strings.Contains(s, strings.TrimSpace(hintCmdLine)) {
		t.Errorf("after a command the line is open, and the hint must say so: %q", s)
	}
	h.keys("s") // typed into the line: no step
	if s := h.status(); !strings.Contains(s, "steps 0") {
		t.Errorf("s stepped while the line was open: %q", s)
	}
	h.press(tcell.KeyEnter, 0, tcell.ModNone) // "s" as a command
	h.press(tcell.KeyEnter, 0, tcell.ModNone) // an empty Enter repeats it
	if s := h.status(); !strings.Contains(s, "steps 2") {
		t.Errorf("Enter and an empty Enter: %q", s)
	}
	h.press(tcell.KeyEscape, 0, tcell.ModNone)
	if s := h.status(); !strings.Contains(s, strings.TrimSpace(hintKeys)) {
		t.Errorf("closed again: %q", s)
	}
	h.keys("s")
	if s := h.status(); !strings.Contains(s, "steps 3") {
		t.Errorf("s after Esc: %q", s)
	}
}

// At 80x24 a status message too long for the line is cut with a mark, and
// shows whole in the commands pane.
func TestLongStatusMessageWrapsIntoTheCommandsPane(t *testing.T) {
	h := newHarness(t, assemble(t, "start: nop\n"), 80, 24)
	h.keys(":s") // a command being typed: q would be text
	h.press(tcell.KeyCtrlC, 0, tcell.ModNone)
	msg := "nothing is running; Esc closes the command line, then q quits"
	s := h.status()
	if !strings.Contains(s, "nothing is running; Esc") || !strings.HasSuffix(strings.TrimRight(s, " "), "…") {
		t.Errorf("status line %q", s)
	}
	var pane []string
	h.onUI(func() { pane = append(pane, h.ui.cmdOut.lines...) })
	if len(pane) == 0 || pane[len(pane)-1] != msg {
		t.Errorf("the commands pane does not hold the whole message: %q", pane)
	}
	h.mustContain("the command line, then q quits│") // wrapped at a space
	// A short one stays on the line alone.
	h.press(tcell.KeyEscape, 0, tcell.ModNone)
	h.press(tcell.KeyCtrlC, 0, tcell.ModNone)
	h.onUI(func() { pane = h.ui.cmdOut.lines })
	if len(pane) != 1 {
		t.Errorf("a message that fits went to the commands pane: %q", pane)
	}
}

// The assembler's warnings open the debugger in the commands pane, and the
// status line says how many there are, since at 80x24 the pane shows only
// the last rows.
func TestWarningsOnOpening(t *testing.T) {
	h := newHarness(t, assemble(t, testprogs.Down), 80, 24)
	warns := "w.asm:4:3: warning: jnz does not test 'dec ecx': dec sets no flags in cpu32 (only cmp and test do); put 'cmp ecx, 0' before the jnz\n  jnz again\n  ^\n" +
		"w.asm:5:1: warning: label 'spare' is defined but never used\nspare: hlt\n^"
	go h.app.QueueUpdateDraw(func() { h.ui.showNotes([]string{warns}) })
	h.waitFor("the warnings", func(screen string) bool {
		return strings.Contains(screen, "2 warnings: Tab to the commands pane, ↑ scrolls") && strings.Contains(screen, "spare: hlt")
	})
}
