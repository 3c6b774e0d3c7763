package tui

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cpu32/cpu"
	"cpu32/debugger"
	"cpu32/debugger/cmdlang"
	"cpu32/isa"
	"cpu32/memory"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// fibSrc is rubycpu's fib sample, as programs/fib.asm has it.
const fibSrc = `start:
  mov eax, 1
  mov ebx, 0
  mov ecx, 1

loop: add eax, ebx
  add ebx, eax

  prn eax
  prn ebx

  inc ecx
  cmp ecx, 15
  je end

  cmp eax, 0
  jl end

  cmp ebx, 0
  jg loop


end:
`

func newFib(t *testing.T) *harness { return newHarness(t, assemble(t, fibSrc), 120, 40) }

// hasBackground reports whether a style paints the given background.
func hasBackground(st tcell.Style, c tcell.Color) bool {
	_, b, _ := st.Decompose()
	return b == c
}

func TestFirstScreen(t *testing.T) {
	h := newFib(t)
	h.mustContain("prog.asm", "registers", "stack", "memory from 32", "output", "commands")
	if row := h.row("mov eax, 1"); !strings.Contains(row, "2 ▶") {
		t.Errorf("the current line is not marked: %q", row)
	}
	if st := h.styleOf("mov eax, 1"); !hasBackground(st, bg(styleCurrent)) {
		t.Errorf("the current line is not highlighted: %v", st)
	}
	if st := h.styleOf("mov ebx, 0"); hasBackground(st, bg(styleCurrent)) {
		t.Errorf("a line other than eip's is highlighted")
	}
	if s := h.status(); !strings.Contains(s, "paused") || !strings.Contains(s, "steps 0") {
		t.Errorf("status line %q", s)
	}
	if row := h.row("esp "); !strings.Contains(row, "4096") {
		t.Errorf("esp row %q", row)
	}
}

func TestStepShowsAndHighlightsRegisters(t *testing.T) {
	h := newFib(t)
	h.keys("s")
	if row := h.row("eax "); !strings.HasSuffix(strings.TrimSpace(strings.Split(row, "│")[len(strings.Split(row, "│"))-2]), "1") {
		t.Errorf("eax after one step: %q", row)
	}
	if st := h.styleOf("eax "); st != styleChanged {
		t.Errorf("eax is not highlighted after the step that wrote it")
	}
	if row := h.row("mov ebx, 0"); !strings.Contains(row, "▶") {
		t.Errorf("eip did not move to line 3: %q", row)
	}
	h.press(tcell.KeyF11, 0, tcell.ModNone) // the alias of s
	if st := h.styleOf("eax "); st == styleChanged {
		t.Errorf("eax is still highlighted after a step that did not write it")
	}
	if st := h.styleOf("ebx "); st != styleChanged {
		t.Errorf("ebx is not highlighted after mov ebx, 0")
	}
	if s := h.status(); !strings.Contains(s, "steps 2") || !strings.Contains(s, "back 2") {
		t.Errorf("status line %q", s)
	}
}

func TestStepBack(t *testing.T) {
	h := newFib(t)
	h.keys("sss")
	h.keys("S")
	if s := h.status(); !strings.Contains(s, "steps 2") {
		t.Errorf("after S: %q", s)
	}
	if row := h.row("mov ecx, 1"); !strings.Contains(row, "▶") {
		t.Errorf("eip is not back on line 4: %q", row)
	}
}

func TestBreakpointContinueAndToggle(t *testing.T) {
	h := newFib(t)
	// The cursor starts on eip's line (2); line 7 is five rows down.
	for range 5 {
		h.press(tcell.KeyDown, 0, tcell.ModNone)
	}
	h.keys("b")
	if row := h.row("add ebx, eax"); !strings.HasPrefix(strings.TrimLeft(row, "│║"), "●") {
		t.Errorf("no breakpoint marker on line 7: %q", row)
	}
	if fg, _, _ := h.styleOf("●").Decompose(); fg != tcell.ColorRed {
		t.Errorf("the marker is not red")
	}
	h.keys("c")
	if s := h.status(); !strings.Contains(s, "paused") || !strings.Contains(s, "breakpoint 1") {
		t.Errorf("status after continue: %q", s)
	}
	if row := h.row("add ebx, eax"); !strings.Contains(row, "▶") {
		t.Errorf("eip is not on the breakpoint's line: %q", row)
	}
	h.command("disable 1")
	if st := h.styleOf("●"); st != styleBreakOf.Background(bg(styleCurrent)) {
		t.Errorf("a disabled breakpoint is not dimmed: %v", st)
	}
	h.press(tcell.KeyEscape, 0, tcell.ModNone)
	h.keys("b")
	if _, _, ok := h.find("●"); ok {
		t.Errorf("b did not delete the breakpoint:\n%s", h.text())
	}
}

func TestRunToCursor(t *testing.T) {
	h := newFib(t)
	for range 7 { // line 9: prn eax
		h.press(tcell.KeyDown, 0, tcell.ModNone)
	}
	h.keys("u")
	if row := h.row("prn eax"); !strings.Contains(row, "▶") {
		t.Errorf("u did not run to the cursor's line: %q", row)
	}
	if s := h.status(); !strings.Contains(s, "steps 5") {
		t.Errorf("status %q", s)
	}
}

func TestBranchNote(t *testing.T) {
	h := newFib(t)
	h.command("until 20") // jg loop, with ebx > 0: taken
	h.press(tcell.KeyEscape, 0, tcell.ModNone)
	if row := h.row("jg loop"); !strings.Contains(row, "→ taken") {
		t.Errorf("the branch line does not say it is taken: %q", row)
	}
	h.command("until 14") // je end, with ecx = 3: not taken
	if row := h.row("je end"); !strings.Contains(row, "→ not taken") {
		t.Errorf("the branch line does not say it is not taken: %q", row)
	}
}

func TestHelpOverlayListsEveryKeyAndCommand(t *testing.T) {
	h := newHarness(t, assemble(t, fibSrc), 200, 80)
	h.keys("?")
	screen := h.text()
	for _, b := range keyBindings() {
		for _, k := range b.keys {
			if !strings.Contains(screen, k.String()) {
				t.Errorf("the help lacks key %s", k)
			}
		}
		if !strings.Contains(screen, b.help) {
			t.Errorf("the help lacks %q", b.help)
		}
	}
	for _, c := range cmdlang.Commands() {
		if !strings.Contains(screen, c.Usage) || !strings.Contains(screen, c.Help) {
			t.Errorf("the help lacks command %s", c.Name)
		}
		for _, a := range c.Aliases {
			if !strings.Contains(screen, a) {
				t.Errorf("the help lacks alias %s of %s", a, c.Name)
			}
		}
	}
	for _, c := range uiCommands() {
		if !strings.Contains(screen, c.usage) {
			t.Errorf("the help lacks UI command %s", c.name)
		}
	}
	h.press(tcell.KeyEscape, 0, tcell.ModNone)
	if strings.Contains(h.text(), "COMMANDS") {
		t.Error("Esc did not close the help")
	}
	h.press(tcell.KeyF1, 0, tcell.ModNone)
	h.mustContain("KEYS", "COMMANDS")
	h.keys("?")
	if strings.Contains(h.text(), "KEYS") {
		t.Error("? did not close the help")
	}
}

func TestCommandLinePrint(t *testing.T) {
	h := newFib(t)
	h.keys("s")
	h.command("p eax")
	h.mustContain("(cpu32) p eax", "eax = 1 (0x00000001)")
	if s := h.status(); strings.Contains(s, "eax =") {
		t.Errorf("command output went to the status line: %q", s)
	}
}

func TestCommandLineErrorGoesToStatusLine(t *testing.T) {
	h := newFib(t)
	h.command("frobnicate")
	if s := h.status(); !strings.Contains(s, `unknown command "frobnicate"`) {
		t.Errorf("status %q", s)
	}
}

func TestCommandLineRepeatAndHistory(t *testing.T) {
	h := newFib(t)
	h.command("step")
	h.press(tcell.KeyEnter, 0, tcell.ModNone) // an empty line repeats the step
	if s := h.status(); !strings.Contains(s, "steps 2") {
		t.Errorf("an empty line did not repeat step: %q", s)
	}
	h.keys("p ebx")
	h.press(tcell.KeyEnter, 0, tcell.ModNone)
	field := func() string {
		var s string
		h.onUI(func() { s = h.ui.cmd.GetText() })
		return s
	}
	h.press(tcell.KeyUp, 0, tcell.ModNone)
	if got := field(); got != "p ebx" {
		t.Errorf("Up: %q", got)
	}
	h.press(tcell.KeyUp, 0, tcell.ModNone)
	if got := field(); got != "step" {
		t.Errorf("Up Up: %q", got)
	}
	h.press(tcell.KeyDown, 0, tcell.ModNone)
	h.press(tcell.KeyDown, 0, tcell.ModNone)
	if got := field(); got != "" {
		t.Errorf("Down Down: %q", got)
	}
	h.press(tcell.KeyEscape, 0, tcell.ModNone)
	h.keys("s") // the command line is closed: s is the key again
	if s := h.status(); !strings.Contains(s, "steps 3") {
		t.Errorf("after Esc and s: %q", s)
	}
}

func TestCtrlCDoesNotQuit(t *testing.T) {
	h := newFib(t)
	h.press(tcell.KeyCtrlC, 0, tcell.ModCtrl)
	select {
	case err := <-h.done:
		t.Fatalf("Ctrl-C quit the debugger (%v)", err)
	default:
	}
	h.keys("s") // still alive and answering
	if s := h.status(); !strings.Contains(s, "steps 1") {
		t.Errorf("status %q", s)
	}
}

// q quits with the command line closed, and typed into the open one when
// it is empty (the line stays open after every command, so q is typed there
// out of habit), as quit and q with Enter do.
func TestQuit(t *testing.T) {
	q := func(h *harness) { h.screen.InjectKey(tcell.KeyRune, 'q', tcell.ModNone) }
	typed := func(line string) func(h *harness) {
		return func(h *harness) {
			h.keys(line)
			h.screen.InjectKey(tcell.KeyEnter, 0, tcell.ModNone)
		}
	}
	for _, tc := range []struct {
		name   string
		prog   string
		before func(h *harness)
		quit   func(h *harness)
	}{
		{"key", fibSrc, nil, q},
		{"command", fibSrc, nil, typed(":quit")},
		{"q and Enter", fibSrc, nil, typed(":q")},
		{"quit typed on the line left open", fibSrc, func(h *harness) { h.command("step") }, typed("quit")},
		{"q on the open command line", fibSrc, func(h *harness) { h.keys(":") }, q},
		{"q on the line left open by a command", fibSrc, func(h *harness) { h.command("step") }, q},
		{"q again after q paused a run started on the command line", longLoop, func(h *harness) {
			h.keys(":continue")
			h.inject(tcell.KeyEnter, 0, tcell.ModNone)
			h.waitFor("the run", func(string) bool { return strings.Contains(h.status(), "running…") })
			h.inject(tcell.KeyRune, 'q', tcell.ModNone)
			h.waitIdle()
			if s := h.status(); !strings.Contains(s, "press q again to quit") {
				t.Errorf("status after q while running: %q", s)
			}
		}, q},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, assemble(t, tc.prog), 120, 40)
			if tc.before != nil {
				tc.before(h)
			}
			select {
			case err := <-h.done:
				t.Fatalf("quit too early (%v)", err)
			default:
			}
			tc.quit(h)
			select {
			case err := <-h.done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
				h.done <- err // for the cleanup
			case <-timeAfter():
				t.Fatalf("it did not quit:\n%s", h.text())
			}
		})
	}
}

// q is text where the line holds a command being typed or takes the
// program's input: only an empty command line turns it into quit.
func TestQOnTheLineIsTextElsewhere(t *testing.T) {
	h := newHarness(t, assemble(t, "rdc eax\nprn eax\n"), 120, 40)
	line := func() (s string) {
		h.onUI(func() { s = h.ui.cmd.GetText() })
		return s
	}
	h.keys(":p q")
	time.Sleep(2 * lineQuitDelay)
	if got := line(); got != "p q" {
		t.Errorf("the line holds %q; want p q", got)
	}
	h.press(tcell.KeyCtrlU, 0, tcell.ModCtrl)
	h.press(tcell.KeyCtrlC, 0, tcell.ModCtrl)
	if s := h.status(); !strings.Contains(s, "nothing is running; q quits") {
		t.Errorf("Ctrl-C on the empty line: %q", s)
	}
	h.command("continue")
	h.mustContain(inputLabel, "waiting for input")
	h.keys("q")
	time.Sleep(2 * lineQuitDelay)
	if got := line(); got != "q" {
		t.Errorf("the input line holds %q; want q", got)
	}
	h.press(tcell.KeyEnter, 0, tcell.ModNone)
	var out string
	h.onUI(func() { out = h.ui.s.Output() })
	if out != "113\n" {
		t.Errorf("the program read %q; want q (113)", out)
	}
	select {
	case err := <-h.done:
		t.Fatalf("q on the input line quit (%v)", err)
	default:
	}
}

// longLoop never ends on its own: far more than 100 million steps, so that
// however slowly the test machine runs, the program is still running when
// the test pauses it (a loop that could end made this test flaky).
const longLoop = `start:
  mov ecx, 0
again:
  inc ecx
  jmp again
`

func TestLongRunStaysResponsiveAndPauses(t *testing.T) {
	h := newHarness(t, assemble(t, longLoop), 120, 40)
	h.inject(tcell.KeyRune, 'c', tcell.ModNone)
	// The status line shows the progress while the program runs, and it
	// keeps moving.
	steps := func(screen string) int {
		m := regexp.MustCompile(`running… │ steps (\d+)`).FindStringSubmatch(screen)
		if m == nil {
			return -1
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	first := h.waitFor("progress", func(s string) bool { return strings.Contains(s, "running…") && steps(s) > 0 })
	h.waitFor("more progress", func(s string) bool { return strings.Contains(s, "running…") && steps(s) > steps(first) })
	// Keys other than the pause keys are ignored while it runs.
	h.inject(tcell.KeyRune, 's', tcell.ModNone)
	h.inject(tcell.KeyCtrlC, 0, tcell.ModCtrl)
	h.waitIdle()
	s := h.status()
	if !strings.Contains(s, "paused") || !strings.Contains(s, "interrupted") || strings.Contains(s, "pausing") {
		t.Errorf("status after Ctrl-C: %q", s)
	}
	select {
	case <-h.done:
		t.Fatal("Ctrl-C quit the debugger")
	default:
	}
	// Esc pauses too.
	h.inject(tcell.KeyRune, 'c', tcell.ModNone)
	h.waitFor("running", func(s string) bool { return strings.Contains(s, "running…") })
	h.press(tcell.KeyEscape, 0, tcell.ModNone)
	if s := h.status(); !strings.Contains(s, "paused") || !strings.Contains(s, "interrupted") {
		t.Errorf("status after Esc: %q", s)
	}
}

func TestOutputAndFault(t *testing.T) {
	src := `start:
  prn 42
  mov ebx, 0
  div eax, ebx
  prn 7
`
	h := newHarness(t, assemble(t, src), 120, 40)
	h.keys("c")
	s := h.status()
	if !strings.Contains(s, "fault: divide-by-zero") {
		t.Errorf("status after the fault: %q", s)
	}
	if strings.Contains(s, "42") {
		t.Errorf("program output in the status line: %q", s)
	}
	if st := h.styleOf("div eax, ebx"); !hasBackground(st, bg(styleFaulted)) {
		t.Errorf("the faulting line is not shown as such: %v", st)
	}
	if row := h.row("output"); row == "" {
		t.Error("no output pane")
	}
	var out string
	h.onUI(func() { out = h.ui.output.text() })
	if out != "42" {
		t.Errorf("output pane %q", out)
	}
	h.keys("S") // step back out of the fault
	if s := h.status(); !strings.Contains(s, "paused") {
		t.Errorf("after S: %q", s)
	}
}

func TestDisassemblyWithoutSource(t *testing.T) {
	p := assemble(t, fibSrc)
	p.Debug.Source = nil
	h := newHarness(t, p, 120, 40)
	h.mustContain("disassembly", "mov eax, 1", "jg loop", "loop:")
	if row := h.row("mov eax, 1"); !strings.Contains(row, "0:") || !strings.Contains(row, "▶") {
		t.Errorf("first instruction row %q", row)
	}
	h.press(tcell.KeyDown, 0, tcell.ModNone)
	h.keys("b")
	if row := h.row("mov ebx, 0"); !strings.Contains(row, "●") {
		t.Errorf("no breakpoint on the second instruction: %q", row)
	}
	h.keys("c")
	if row := h.row("mov ebx, 0"); !strings.Contains(row, "▶") {
		t.Errorf("continue did not stop at the breakpoint: %q", row)
	}
	h.keys("b")
	if _, _, ok := h.find("●"); ok {
		t.Error("b did not delete the breakpoint")
	}
}

func TestHexToggleAndMemCommand(t *testing.T) {
	src := `section .data
msg: dd "Hi", 0
section .text
start:
  mov eax, 255
  mov [msg], 'Y'
`
	h := newHarness(t, assemble(t, src), 120, 40)
	h.keys("ss")
	if row := h.row("eax "); !strings.Contains(row, "255") {
		t.Errorf("eax %q", row)
	}
	h.keys("x")
	if row := h.row("eax "); !strings.Contains(row, "0x000000ff") {
		t.Errorf("eax in hex %q", row)
	}
	h.command("mem hex")
	row := h.row("    32:")
	if !strings.Contains(row, "00000059 00000069") || !strings.Contains(row, "|Yi.") {
		t.Errorf("memory row %q", row)
	}
	if st := h.styleOf("00000059"); st != styleChanged {
		t.Error("the word the step wrote is not highlighted")
	}
	h.command("mem msg+1")
	h.mustContain("memory from 33")
	h.command("mem nowhere")
	if s := h.status(); !strings.Contains(s, `"nowhere"`) {
		t.Errorf("status %q", s)
	}
	// Past either end of memory is an error, and the pane stays put.
	for _, c := range []struct{ arg, want string }{
		{"-1", "mem: address -1 is outside memory (0..4095)"},
		{"4096", "mem: address 4096 is outside memory (0..4095)"},
		{"999999999", "mem: address 999999999 is outside memory (0..4095)"},
		{"99999999999999999999", "mem: address 99999999999999999999 is outside memory (0..4095)"},
		{"msg-100", "mem: address -68 is outside memory (0..4095)"},
	} {
		h.command("mem " + c.arg)
		if s := h.status(); !strings.Contains(s, c.want) {
			t.Errorf("mem %s: status %q, want %q", c.arg, s, c.want)
		}
		h.mustContain("memory from 33")
	}
}

func TestWatchList(t *testing.T) {
	h := newFib(t)
	h.command("watch ebx")
	h.command("continue")
	h.mustContain("watch", "ebx")
	if s := h.status(); !strings.Contains(s, "watch") {
		t.Errorf("status %q", s)
	}
}

func TestStackPane(t *testing.T) {
	src := `start:
  push 5
  push 6
  mov ebp, esp
`
	h := newHarness(t, assemble(t, src), 120, 40)
	h.keys("ss")
	if st := h.styleOf("   4094 "); st != styleChanged {
		t.Error("the slot the push wrote is not highlighted")
	}
	h.keys("s")
	if row := h.row("←esp ebp"); !strings.Contains(row, "   4094           6 ←esp ebp") {
		t.Errorf("top of the stack: %q", row)
	}
	if row := h.row("   4095 "); !strings.Contains(row, "   4095           5") {
		t.Errorf("second slot: %q", row)
	}
	if st := h.styleOf("   4094 "); st == styleChanged {
		t.Error("a slot the last step did not write is highlighted")
	}
}

func TestTabCyclesFocus(t *testing.T) {
	h := newFib(t)
	check := func(want int) {
		t.Helper()
		h.onUI(func() {
			for i, b := range h.ui.panes {
				if got := b.GetBorderColor() == borderFocused; got != (i == want) {
					t.Errorf("pane %d focused border = %v, want pane %d", i, got, want)
				}
			}
			if h.app.GetFocus() != h.ui.panes[want] {
				t.Errorf("the focus is not on pane %d", want)
			}
		})
	}
	check(0)
	h.press(tcell.KeyTab, 0, tcell.ModNone)
	check(1)
	h.press(tcell.KeyBacktab, 0, tcell.ModNone)
	h.press(tcell.KeyBacktab, 0, tcell.ModNone)
	check(len(h.ui.panes) - 1)
}

func TestKeyTableMarkdown(t *testing.T) {
	md := KeyTableMarkdown()
	for _, want := range []string{"| Key | Also | Action | What it does |", "| `s` | `F11` | step |",
		"| `f` | `Shift-F11` | finish |", "| `?` | `F1` | help |", "| `:` |  | command |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if n := strings.Count(md, "\n"); n != len(keyBindings())+2 {
		t.Errorf("%d lines for %d keys", n, len(keyBindings()))
	}
}

func TestKeySpecMatches(t *testing.T) {
	for _, c := range []struct {
		spec keySpec
		ev   *tcell.EventKey
		want bool
	}{
		{special(tcell.KeyF11), tcell.NewEventKey(tcell.KeyF11, 0, tcell.ModNone), true},
		{special(tcell.KeyF11), tcell.NewEventKey(tcell.KeyF11, 0, tcell.ModShift), false},
		{modified(tcell.KeyF11, tcell.ModShift), tcell.NewEventKey(tcell.KeyF11, 0, tcell.ModShift), true},
		{runeKey('s'), tcell.NewEventKey(tcell.KeyRune, 's', tcell.ModNone), true},
		{runeKey('s'), tcell.NewEventKey(tcell.KeyRune, 'S', tcell.ModNone), false},
		{runeKey('s'), tcell.NewEventKey(tcell.KeyRune, 's', tcell.ModAlt), false},
		{special(tcell.KeyCtrlC), tcell.NewEventKey(tcell.KeyCtrlC, 0, tcell.ModCtrl), true},
		{special(tcell.KeyCtrlC), tcell.NewEventKey(tcell.KeyRune, 'c', tcell.ModCtrl), true},
		{special(tcell.KeyBacktab), tcell.NewEventKey(tcell.KeyBacktab, 0, tcell.ModShift), true},
	} {
		if got := c.spec.matches(c.ev); got != c.want {
			t.Errorf("%s matches %s = %v", c.spec, c.ev.Name(), got)
		}
	}
}

// TestKeyTableHasNoDuplicates keeps two rows from claiming one key: the
// first would silently win.
func TestKeyTableHasNoDuplicates(t *testing.T) {
	seen := map[keySpec]string{}
	for _, b := range keyBindings() {
		for _, k := range append(append([]keySpec{}, b.keys...), b.hidden...) {
			if other, ok := seen[k]; ok {
				t.Errorf("key %s is bound to %s and %s", k, other, b.name)
			}
			seen[k] = b.name
		}
	}
}

func TestRawProgramWithoutDebugInfo(t *testing.T) {
	p := assemble(t, fibSrc)
	p.Debug = nil
	h := newHarness(t, p, 120, 40)
	h.mustContain("disassembly", "mov eax, 1", "jg 9")
	h.keys("s")
	if row := h.row("mov ebx, 0"); !strings.Contains(row, "▶") {
		t.Errorf("eip row %q", row)
	}
	h.press(tcell.KeyDown, 0, tcell.ModNone)
	h.press(tcell.KeyDown, 0, tcell.ModNone)
	h.keys("b")
	if row := h.row("add eax, ebx"); !strings.Contains(row, "●") {
		t.Errorf("no breakpoint marker: %q\n%s", row, h.text())
	}
	h.press(tcell.KeyUp, 0, tcell.ModNone)
	h.keys("u")
	if row := h.row("mov ecx, 1"); !strings.Contains(row, "▶") {
		t.Errorf("u did not run to the cursor: %q", row)
	}
}

// TestTinyScreens draws the UI on screens too small for it: it must clip,
// never panic.
func TestTinyScreens(t *testing.T) {
	p := assemble(t, fibSrc)
	s, err := debugger.NewSession(p, cpu.Config{})
	if err != nil {
		t.Fatal(err)
	}
	screen := tcell.NewSimulationScreen("UTF-8")
	if err := screen.Init(); err != nil {
		t.Fatal(err)
	}
	u := New(s, tview.NewApplication())
	u.toggleHelp()
	for _, size := range [][2]int{{1, 1}, {10, 3}, {30, 8}, {60, 12}, {200, 3}} {
		screen.SetSize(size[0], size[1])
		u.Root().SetRect(0, 0, size[0], size[1])
		u.Root().Draw(screen)
		u.toggleHelp()
		u.Root().Draw(screen)
	}
}

// TestSmallTerminal checks the 80x24 layout: every register and the flags
// show (two registers a row), the stack pane keeps rows of its own, no pane
// spills over another's border, and the memory dump shows words and their
// characters.
func TestSmallTerminal(t *testing.T) {
	src := `section .data
msg: dd "Hi", 0
section .text
start:
  push 7
  mov eax, [msg]
`
	h := newHarness(t, assemble(t, src), 80, 24)
	h.keys("s")
	for _, r := range regOrder {
		if _, _, ok := h.find(r.String() + " "); !ok {
			t.Errorf("register %s is not shown:\n%s", r, h.text())
		}
	}
	h.mustContain("zf sf of cf", "─ stack ─", "─ output ─", "─ commands ─", "─ memory from 32 ─")
	if row := h.row("←esp"); !strings.Contains(row, "7") {
		t.Errorf("the stack pane does not show the pushed word: %q", row)
	}
	if row := h.row("    32:"); !strings.Contains(row, "        72         105") || !strings.Contains(row, "|Hi") {
		t.Errorf("memory row at 80 columns %q", row)
	}
}

// TestWideMemoryRows checks that a wide memory pane shows more words a
// row, in decimal and in hex, with a character each.
func TestWideMemoryRows(t *testing.T) {
	h := newHarness(t, assemble(t, "section .data\nmsg: dd \"ABCDEFGHIJ\"\nsection .text\nstart:\n  nop\n"), 200, 50)
	if row := h.row("    32:"); !strings.Contains(row, "         65          66          67          68          69          70") {
		t.Errorf("decimal memory row at 200 columns %q", row)
	}
	h.command("mem hex")
	if row := h.row("    32:"); !strings.Contains(row, "00000041 00000042 00000043 00000044 00000045 00000046 00000047 00000048 |ABCDEFGH|") {
		t.Errorf("memory row at 200 columns %q", row)
	}
	h.mustContain("    40: 00000049 0000004a")
}

// TestStatusLineKeepsTheErrorVisible checks that on a narrow terminal a bad
// command's error is not cut off by the reason of the last stop, and that a
// fault is not said twice.
func TestStatusLineKeepsTheErrorVisible(t *testing.T) {
	src := `start:
  mov ebx, 0
  div eax, ebx
`
	h := newHarness(t, assemble(t, src), 80, 24)
	h.keys("c")
	s := h.status()
	if strings.Count(s, "divide-by-zero") != 1 || !strings.Contains(s, "prog.asm:3") {
		t.Errorf("status after the fault: %q", s)
	}
	h.command("x 99999")
	if s := h.status(); !strings.Contains(s, "fault") || !strings.Contains(s, "outside memory") {
		t.Errorf("status after a bad command: %q", s)
	}
}

// TestColonBeforeACommand checks that a ':' typed out of habit in the open
// command line does not make the command unknown.
func TestColonBeforeACommand(t *testing.T) {
	h := newFib(t)
	h.command("s")
	h.command(":s")
	if s := h.status(); !strings.Contains(s, "steps 2") {
		t.Errorf("status %q", s)
	}
}

// TestNextKeysAreNotLost checks that n pressed quickly on instructions that
// are not calls steps once a key, as s does, instead of dropping the keys
// that arrive while a run goes on.
func TestNextKeysAreNotLost(t *testing.T) {
	h := newFib(t)
	for i := 0; i < 5; i++ {
		h.screen.InjectKey(tcell.KeyRune, 'n', tcell.ModNone)
	}
	for i := 0; i < 5; i++ {
		select {
		case <-h.handled:
		case <-timeAfter():
			t.Fatal("n was not handled")
		}
	}
	h.waitIdle()
	if s := h.status(); !strings.Contains(s, "steps 5 ") {
		t.Errorf("five n keys: status %q", s)
	}
}

// paneRows returns the rows of a pane's inside as text, without trailing
// spaces or empty rows at the end.
func (h *harness) paneRows(p interface{ GetInnerRect() (int, int, int, int) }) (rows []string, w, hh int) {
	h.t.Helper()
	var x, y int
	h.onUI(func() { x, y, w, hh = p.GetInnerRect() })
	cells, sw, _ := h.cells()
	for r := y; r < y+hh; r++ {
		var b strings.Builder
		for c := x; c < x+w; c++ {
			b.WriteString(string(cells[r*sw+c].Runes))
		}
		rows = append(rows, strings.TrimRight(b.String(), " "))
	}
	for len(rows) > 0 && rows[len(rows)-1] == "" {
		rows = rows[:len(rows)-1]
	}
	return rows, w, hh
}

// TestCommandsPaneWrapsAtSpaces checks that the commands pane wraps a long
// line between words, and breaks only a word wider than the pane.
func TestCommandsPaneWrapsAtSpaces(t *testing.T) {
	h := newHarness(t, assemble(t, fibSrc), 80, 64)
	long := strings.Repeat("x", 45)
	h.command("continue") // "the program ended after 153 steps"
	h.command("p " + long)
	rows, w, hh := h.paneRows(h.ui.cmdOut)
	var text string
	h.onUI(func() { text = h.ui.cmdOut.text() })
	if w >= len(long) || w < 20 || len(rows) == 0 || rows[0] != "(cpu32) continue" {
		t.Fatalf("the test needs a pane narrower than %d columns showing every row; it is %dx%d:\n%s", len(long), w, hh, strings.Join(rows, "\n"))
	}
	// The rows hold the text's words in order, none cut but the long one,
	// cut every w columns.
	var want, got []string
	for _, f := range strings.Fields(text) {
		for len(f) > w {
			want, f = append(want, f[:w]), f[w:]
		}
		want = append(want, f)
	}
	for _, r := range rows {
		got = append(got, strings.Fields(r)...)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("the commands pane cut a word; the rows:\n%s\nthe words: %q", strings.Join(rows, "\n"), want)
	}
	for i, r := range rows {
		if strings.HasPrefix(r, "steps") && !strings.HasSuffix(rows[i-1], " 153") {
			t.Errorf("rows %q, %q", rows[i-1], r)
		}
	}
	if !slices.Contains(rows, long[:w]) {
		t.Errorf("the word wider than the pane is not broken at %d columns:\n%s", w, strings.Join(rows, "\n"))
	}
}

// TestWrapWords checks the wrapping of the text panes and the help.
func TestWrapWords(t *testing.T) {
	for _, c := range []struct {
		line string
		w    int
		want []string
	}{
		{"short", 10, []string{"short"}},
		{"the program ended after 153 steps", 19, []string{"the program ended", "after 153 steps"}},
		{"eax    1   (0x00000001)  [ZF]", 22, []string{"eax    1", "(0x00000001)  [ZF]"}},
		{"eax    1   (0x00000001)  [ZF]", 24, []string{"eax    1   (0x00000001)", "[ZF]"}},
		{"  indented line here", 12, []string{"  indented", "line here"}},
		{"a abcdefghijkl b", 5, []string{"a", "abcde", "fghij", "kl b"}},
		{"wide 漢字漢字 x", 6, []string{"wide", "漢字漢", "字 x"}},
		{"", 5, []string{""}},
	} {
		if got := wrapWords(c.line, c.w); !slices.Equal(got, c.want) {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", c.line, c.w, got, c.want)
		}
		for _, r := range wrapWords(c.line, c.w) {
			if textWidth(r) > c.w {
				t.Errorf("wrapWords(%q, %d): row %q is too wide", c.line, c.w, r)
			}
		}
	}
}

// flagStyles returns the style of each flag in the registers pane, which
// must read flags (upper case set, lower case clear).
func (h *harness) flagStyles(flags string) []tcell.Style {
	h.t.Helper()
	x, y, ok := h.find(flags)
	if !ok {
		h.t.Fatalf("the registers pane does not show the flags as %q:\n%s", flags, h.text())
	}
	cells, w, _ := h.cells()
	var out []tcell.Style
	for i := range isa.FlagBits {
		out = append(out, cells[y*w+x+3*i].Style)
	}
	return out
}

// TestFlagsReadWithoutColourAndShowChanges checks that the flags say set
// or clear by their case, not by colour alone, and that the flags the last
// step (or step back) changed are reversed, and only those.
func TestFlagsReadWithoutColourAndShowChanges(t *testing.T) {
	src := `start:
  mov eax, 1
  cmp eax, 1
  cmp eax, 2
  mov ebx, 3
`
	for _, size := range [][2]int{{120, 40}, {80, 24}} { // one register a row, and two
		h := newHarness(t, assemble(t, src), size[0], size[1])
		on, off, chg := styleFlagOn, styleFlagOff, styleFlagChanged
		check := func(after, flags string, want ...tcell.Style) {
			t.Helper()
			got := h.flagStyles(flags)
			for i, f := range isa.FlagBits {
				if got[i] != want[i] {
					t.Errorf("%dx%d, after %s: %s has style %v, want %v", size[0], size[1], after, f.Name, got[i], want[i])
				}
			}
		}
		check("the start", "zf sf of cf", off, off, off, off)
		h.keys("ss")
		check("cmp 1, 1", "ZF sf of cf", chg, off, off, off)
		h.keys("s")
		check("cmp 1, 2", "zf SF of CF", chg, chg, off, chg)
		if _, _, a := chg.Decompose(); a&tcell.AttrReverse == 0 {
			t.Error("a changed flag is shown by colour alone")
		}
		h.keys("s")
		check("mov", "zf SF of CF", off, on, off, on)
		h.keys("SS") // back over the mov, then over cmp 1, 2
		check("two steps back", "ZF sf of cf", chg, chg, off, chg)
		h.command("set flags = 4")
		check("set flags = 4", "zf sf OF cf", chg, off, chg, off)
	}
}

// While a long run goes on, the panes follow it a few times a second, the
// status line says which keys work, and q pauses, then asks.
func TestPanesFollowALongRun(t *testing.T) {
	h := newHarness(t, assemble(t, `start:
  mov ecx, 0
again:
  inc ecx
  prn ecx
  jmp again
`), 120, 40)
	h.inject(tcell.KeyRune, 'c', tcell.ModNone)
	var out string
	var ecx uint32
	h.waitFor("the panes to follow the run", func(string) bool {
		running := false
		h.onUI(func() { running, out, ecx = h.ui.running, h.ui.output.text(), h.ui.regs.regs[memory.ECX] })
		return running && ecx > 0 && out != ""
	})
	// The frame is read between two instructions: after inc, prn may not
	// have run yet.
	last := out[strings.LastIndexByte(out, '\n')+1:]
	if last != fmt.Sprint(ecx) && last != fmt.Sprint(ecx-1) {
		t.Errorf("ecx is %d but the output ends %q", ecx, out[max(len(out)-30, 0):])
	}
	// The screen is drawn after a key is taken: wait for it.
	h.waitFor("the running status", func(string) bool {
		s := h.status()
		return strings.Contains(s, "running… │ steps") && strings.Contains(s, "Esc to pause") && strings.Contains(s, "Esc pause  q quit")
	})
	h.inject(tcell.KeyRune, 's', tcell.ModNone)
	h.waitFor("a note on s", func(string) bool { return strings.Contains(h.status(), "the program is running: Esc pauses") })
	h.inject(tcell.KeyRune, 'q', tcell.ModNone)
	h.waitIdle()
	if s := h.status(); !strings.Contains(s, "paused") || !strings.Contains(s, "press q again to quit") {
		t.Errorf("status after q while running: %q", s)
	}
	select {
	case <-h.done:
		t.Fatal("q during a run quit at once")
	default:
	}
	h.screen.InjectKey(tcell.KeyRune, 'q', tcell.ModNone)
	select {
	case err := <-h.done:
		h.done <- err // for the cleanup
	case <-timeAfter():
		t.Fatal("q did not quit")
	}
}

// A program that printed more than the output pane keeps shows the end,
// and the pane's title says how much came before.
func TestOutputPaneShowsTheEnd(t *testing.T) {
	h := newHarness(t, assemble(t, "l: prn 12345\n  jmp l\n"), 120, 40)
	h.command("step 40000")                      // 20,000 lines of 6 bytes
	h.mustContain("output (108.0 KB not shown)") // 120,000 bytes less the last 2,000 lines
	var out string
	h.onUI(func() { out = h.ui.output.text() })
	if want := strings.Repeat("12345\n", maxPaneLines); out != strings.TrimSuffix(want, "\n") {
		t.Errorf("the pane has %d bytes, want the last %d", len(out), len(want))
	}
}
