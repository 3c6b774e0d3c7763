package tui

import (
	"strings"
	"testing"
)

// The stack pane names the slots that hold return addresses by the place
// the call returns to and the function it is in.
func TestStackPaneShowsReturnPlaces(t *testing.T) {
	src := `start:
  mov eax, 3
  call fact
  prn eax
  hlt
fact:
  cmp eax, 1
  jle base
  push eax
  dec eax
  call fact
  pop ecx
  mul eax, ecx
  ret
base:
  mov eax, 1
  ret
`
	h := newHarness(t, assemble(t, src), 120, 60)
	h.command("break base")
	h.command("continue")
	h.mustContain("    -> prog.asm:4", "    -> prog.asm:12 (in fact)")
	if n := strings.Count(h.text(), "-> prog.asm:12 (in fact)"); n != 2 {
		t.Errorf("%d return places in fact, want 2:\n%s", n, h.text())
	}
	// The row above a place is its return address: the word after the call.
	lines := h.lines()
	for i, l := range lines {
		if strings.Contains(l, "-> prog.asm:4") && !strings.Contains(lines[i-1], "           5") {
			t.Errorf("the word above the outermost place: %q", lines[i-1])
		}
	}
	// A return address overwritten by hand is no longer named.
	h.command("set [esp] = 99")
	if n := strings.Count(h.text(), "-> prog.asm:12 (in fact)"); n != 1 {
		t.Errorf("after overwriting the innermost return address: %d places in fact\n%s", n, h.text())
	}
}
