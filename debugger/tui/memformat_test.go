package tui

import (
	"strings"
	"testing"
)

// The memory pane opens in signed decimal, the contract's default view;
// the m key cycles it through hex, characters and back, and `mem hex` and
// the others choose one.
func TestMemoryFormats(t *testing.T) {
	h := newHarness(t, assemble(t, "section .data\nmsg: dd \"Hi\", 10, 0, -5\nsection .text\nstart:\n  nop\n"), 120, 40)
	row := func() string { return h.row("    32:") }
	h.mustContain("─ memory from 32 ─")
	if r := row(); !strings.Contains(r, "         72         105          10           0 |Hi..|") {
		t.Errorf("decimal: %q", r)
	}
	h.keys("m")
	h.mustContain("memory from 32, hex", "memory in hex")
	if r := row(); !strings.Contains(r, "00000048 00000069 0000000a 00000000 fffffffb") || !strings.Contains(r, "|Hi...") {
		t.Errorf("hex: %q", r)
	}
	h.keys("m")
	h.mustContain("memory from 32, characters")
	if r := row(); !strings.Contains(r, `'H'  'i'  '\n' '\0' -5   '\0'`) {
		t.Errorf("characters: %q", r)
	}
	h.keys("m")
	h.mustContain("─ memory from 32 ─")
	h.command("mem hex")
	h.mustContain("memory from 32, hex")
	h.command("mem chars")
	h.mustContain("memory from 32, characters")
	h.command("mem dec")
	h.mustContain("─ memory from 32 ─")
}

func TestCharCell(t *testing.T) {
	for w, want := range map[uint32]string{'A': "'A'", '\n': `'\n'`, 0: `'\0'`, '.': "'.'", 7: "7", 0xFFFFFFFF: "-1", 'é': "'é'"} {
		if got := charCell(w); got != want {
			t.Errorf("charCell(%d) = %q, want %q", w, got, want)
		}
	}
}
