package tui

import (
	"strings"
	"testing"

	"cpu32/internal/tmuxtest"
)

// TestInputInTmux debugs programs/readsum.asm in a real terminal without
// --input: continue stops at the first rdn with the input line open, the
// lines typed there are what the program reads, and after going back to the
// start a second continue reads the same numbers again without asking.
func TestInputInTmux(t *testing.T) {
	root, bin := tmuxtest.Build(t)
	m := tmuxtest.Start(t, "input", root, 120, 40, nil, bin+" debug programs/readsum.asm")
	m.WaitFor("start", "programs/readsum.asm", "rdn ecx", "steps 0")

	m.Send("c")
	m.WaitFor("the first rdn waits", "waiting for input at programs/readsum.asm:4", inputLabel)
	m.Send("2 40", "Enter") // the count and the first number
	m.WaitFor("the second rdn waits", "waiting for input at programs/readsum.asm:8", "steps 10")
	m.Send("2", "Enter")
	screen := m.WaitFor("the end", "the program ended after 17 steps", "input> 2")
	if !strings.Contains(outputPane(screen), "42") {
		t.Errorf("the output pane does not show the sum 42:\n%s", screen)
	}

	m.Send(":reverse-continue", "Enter")
	m.WaitFor("back to the start", "steps 0")
	m.Send("Escape")
	m.WaitFor("close the command line", "press : for a command")
	m.Send("s")
	screen = m.WaitFor("step over the first rdn again", "steps 1", "ecx")
	if strings.Contains(screen, inputLabel) {
		t.Errorf("stepping forward over a read rdn asked for input again:\n%s", screen)
	}
	m.Send("c")
	screen = m.WaitFor("the same end without asking", "the program ended after 17 steps")
	if strings.Contains(screen, "waiting for input") || !strings.Contains(outputPane(screen), "42") {
		t.Errorf("the replay asked for input or printed something else:\n%s", screen)
	}
	m.Send(":p ebx", "Enter")
	m.WaitFor("the last number read again", "ebx = 2 (0x00000002)")
	m.Send("Escape")
	m.WaitFor("close the command line", "press : for a command")
	m.Send("q")
	m.WaitExit("q quits")
}

// TestInputFileInTmux debugs with --input: the program reads the file and
// never waits.
func TestInputFileInTmux(t *testing.T) {
	root, bin := tmuxtest.Build(t)
	m := tmuxtest.Start(t, "inputfile", root, 120, 40, nil, bin+" debug --input programs/readsum.in programs/readsum.asm")
	m.WaitFor("start", "programs/readsum.asm", "steps 0")
	m.Send("c")
	screen := m.WaitFor("the end", "the program ended after")
	if strings.Contains(screen, "waiting for input") || !strings.Contains(outputPane(screen), "1067") {
		t.Errorf("the program did not read programs/readsum.in:\n%s", screen)
	}
	m.Send("q")
	m.WaitExit("q quits")
}

// outputPane returns the text inside the output pane's frame, row by row:
// the right-hand box of the rows below the pane's title, up to its bottom.
func outputPane(screen string) string {
	var b strings.Builder
	in := false
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, " output ") {
			in = true
			continue
		}
		if !in {
			continue
		}
		i := strings.LastIndex(l, "││")
		if i < 0 {
			break
		}
		b.WriteString(strings.Trim(l[i:], "│ ") + "\n")
	}
	return b.String()
}
