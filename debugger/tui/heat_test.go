package tui

import (
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"

	"cpu32/debugger/internal/testprogs"
)

func TestHeatGutter(t *testing.T) {
	h := newHarness(t, assemble(t, testprogs.Down), 80, 24)
	h.keys("c")
	h.waitIdle()
	h.keys("h")
	h.waitIdle()
	// down's first lines ran 6 times, the hottest: a full block; its call
	// 5 times; start's mov once: the coldest block.
	for _, want := range []string{"   6█", "   5▇", "   1▂"} {
		if !strings.Contains(h.text(), want) {
			t.Fatalf("the heat gutter lacks %q:\n%s", want, h.text())
		}
	}
	if row := h.row("cmp eax, 0"); !strings.Contains(row, "6█") {
		t.Errorf("line 6 (cmp eax, 0) ran 6 times: %q", row)
	}
	if row := h.row("div eax, eax"); !strings.Contains(row, "0") || strings.ContainsAny(row, "▁▂▃▄▅▆▇█") {
		t.Errorf("the faulting div never ran: %q", row)
	}
	if st := h.styleOf("6█"); st == (tcell.Style{}) {
		t.Errorf("no style on the hottest block")
	}
	// Counts follow step back.
	h.keys("S")
	h.waitIdle()
	if row := h.row("cmp eax, 0"); !strings.Contains(row, "6█") {
		t.Errorf("stepping back the fault (which did not run) changes no count: %q", row)
	}
	h.command("reverse-step 3")
	h.waitIdle()
	if row := h.row("cmp eax, 0"); !strings.Contains(row, "5█") {
		t.Errorf("after stepping back over the last cmp it ran 5 times: %q", row)
	}
	// h again hides the gutter.
	h.press(tcell.KeyEscape, 0, tcell.ModNone)
	h.keys("h")
	h.waitIdle()
	if strings.Contains(h.text(), "5█") {
		t.Errorf("h did not hide the gutter:\n%s", h.text())
	}
	// The heat command toggles it too.
	h.command("heat")
	h.waitIdle()
	if row := h.row("cmp eax, 0"); !strings.Contains(row, "5█") {
		t.Errorf("heat did not show the gutter: %q", row)
	}
	h.command("heat")
	h.waitIdle()
	if strings.Contains(h.text(), "5█") {
		t.Errorf("heat did not hide the gutter:\n%s", h.text())
	}
}

func TestFrameSelectionShowsItsLine(t *testing.T) {
	h := newHarness(t, assemble(t, testprogs.Down), 80, 24)
	h.keys("c")
	h.waitIdle()
	h.mustContain("calls: [down x6] ← (main)")
	regs := func() string { // the registers pane's eip and esp rows
		return regRow(h.row("eip ")) + "\n" + regRow(h.row("esp "))
	}
	before := regs()
	h.command("up 6")
	h.waitIdle()
	h.mustContain("#6 (main) at prog.asm:3", "calls: down x6 ← [(main)]", "◀ frame #6, in (main)")
	if after := regs(); after != before {
		t.Errorf("selecting a frame changed the registers pane (they stay the machine's):\n%s\nwas\n%s", after, before)
	}
	if row := h.row("◀ frame #6"); !strings.Contains(row, "call down") {
		t.Errorf("the source pane does not show frame 6's line (3, call down): %q", row)
	}
	h.command("down 5")
	h.waitIdle()
	if row := h.row("◀ frame #1"); !strings.Contains(row, "call down") || !strings.Contains(row, " 9 ") {
		t.Errorf("frame 1 stands on line 9's call: %q", row)
	}
	h.command("frame 0")
	h.waitIdle()
	if strings.Contains(h.text(), "◀ frame") {
		t.Errorf("frame 0 is eip's line, with no frame note:\n%s", h.text())
	}
}

// regRow is the registers pane's part of a screen row.
func regRow(row string) string {
	if i := strings.LastIndex(row, "│eip"); i >= 0 {
		return row[i:]
	}
	if i := strings.LastIndex(row, "│esp"); i >= 0 {
		return row[i:]
	}
	return row
}
