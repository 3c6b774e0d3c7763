package tui

import (
	"strings"
	"testing"
	"time"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/debugger"
	"cpu32/image"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// waitTimeout bounds every wait of the UI tests: far above what a step
// takes, even under -race on a loaded two-core machine, so that only a
// hang fails.
const waitTimeout = 30 * time.Second

// harness runs the UI in a tview application on a simulation screen, as
// Run does on a terminal, and drives it through the screen's key events.
type harness struct {
	t       testing.TB
	screen  tcell.SimulationScreen
	app     *tview.Application
	ui      *UI
	handled chan struct{} // one value per key the application has taken
	done    chan error    // receives app.Run's result
}

// assemble assembles src as prog.asm.
func assemble(t testing.TB, src string) *image.Program {
	t.Helper()
	p, err := assembler.Assemble("prog.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatalf("assemble: %v", err)
	}
	return p
}

// newHarness starts the UI over a session of p on a w×h screen.
func newHarness(t testing.TB, p *image.Program, w, h int) *harness {
	t.Helper()
	return newHarnessConfig(t, p, cpu.Config{Memory: 4096, Stack: 256}, w, h)
}

// newHarnessConfig is newHarness on a machine of cfg's size, with the
// session's options.
func newHarnessConfig(t testing.TB, p *image.Program, cfg cpu.Config, w, h int, opts ...debugger.Option) *harness {
	t.Helper()
	s, err := debugger.NewSession(p, cfg, opts...)
	if err != nil {
		t.Fatalf("session: %v", err)
	}
	hs := &harness{t: t, screen: tcell.NewSimulationScreen("UTF-8"), app: tview.NewApplication(),
		handled: make(chan struct{}, 1000), done: make(chan error, 1)}
	if err := attach(hs.app, hs.screen); err != nil {
		t.Fatal(err)
	}
	hs.screen.SetSize(w, h)
	hs.ui = New(s, hs.app)
	// Wrap the UI's key handler to learn when a key has been taken: the
	// application handles keys one at a time, in order, on its goroutine.
	capture := hs.app.GetInputCapture()
	hs.app.SetInputCapture(func(ev *tcell.EventKey) *tcell.EventKey {
		defer func() { hs.handled <- struct{}{} }()
		return capture(ev)
	})
	go func() { hs.done <- hs.app.Run() }()
	t.Cleanup(func() {
		hs.app.Stop()
		select {
		case <-hs.done:
		case <-time.After(waitTimeout):
			t.Error("the application did not stop")
		}
	})
	hs.waitFor("the first screen", func(s string) bool { return strings.Contains(s, "registers") })
	return hs
}

// onUI runs f on the UI goroutine and waits for it.
func (h *harness) onUI(f func()) {
	h.t.Helper()
	ran := make(chan struct{})
	go func() {
		h.app.QueueUpdate(f)
		close(ran)
	}()
	select {
	case <-ran:
	case <-time.After(waitTimeout):
		h.t.Fatal("the UI goroutine did not run an update")
	}
}

// inject sends one key and waits until the UI has taken it, without
// waiting for a run it starts.
func (h *harness) inject(key tcell.Key, r rune, mod tcell.ModMask) {
	h.t.Helper()
	h.screen.InjectKey(key, r, mod)
	select {
	case <-h.handled:
	case <-time.After(waitTimeout):
		h.t.Fatalf("key %v %q was not handled", key, r)
	}
}

// press sends one key and waits until the UI has taken it and, if it
// started the program running, until the run is over and drawn.
func (h *harness) press(key tcell.Key, r rune, mod tcell.ModMask) {
	h.t.Helper()
	h.inject(key, r, mod)
	h.waitIdle()
}

// keys presses each rune of s.
func (h *harness) keys(s string) {
	h.t.Helper()
	for _, r := range s {
		h.press(tcell.KeyRune, r, tcell.ModNone)
	}
}

// command opens the command line unless it is open, types line and
// presses Enter. The line stays open.
func (h *harness) command(line string) {
	h.t.Helper()
	open := false
	h.onUI(func() { open = h.ui.cmdOpen })
	if !open {
		h.keys(":")
	}
	h.keys(line)
	h.press(tcell.KeyEnter, 0, tcell.ModNone)
}

// waitIdle waits until no command runs. The UI draws in the same update
// that ends a run, so the screen is then up to date.
func (h *harness) waitIdle() {
	h.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		running := false
		h.onUI(func() { running = h.ui.running })
		if !running {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatal("the command is still running")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// cells returns the screen's cells, read on the UI goroutine.
func (h *harness) cells() ([]tcell.SimCell, int, int) {
	h.t.Helper()
	var cells []tcell.SimCell
	var w, hh int
	h.onUI(func() {
		c, cw, ch := h.screen.GetContents()
		cells, w, hh = append([]tcell.SimCell(nil), c...), cw, ch
	})
	return cells, w, hh
}

// lines returns the screen as text, one string per row.
func (h *harness) lines() []string {
	cells, w, hh := h.cells()
	return cellLines(cells, w, hh)
}

// cellLines turns simulation cells into rows of text.
func cellLines(cells []tcell.SimCell, w, h int) []string {
	out := make([]string, h)
	for y := 0; y < h; y++ {
		var b strings.Builder
		for x := 0; x < w; x++ {
			c := cells[y*w+x]
			if len(c.Runes) == 0 {
				// The second cell of a wide character holds nothing.
				continue
			}
			b.WriteString(string(c.Runes))
		}
		out[y] = strings.TrimRight(b.String(), " ")
	}
	return out
}

// text returns the whole screen as text.
func (h *harness) text() string { return strings.Join(h.lines(), "\n") }

// waitFor waits until the screen satisfies ok; it exists for what the UI
// draws from another goroutine (a running program's progress).
func (h *harness) waitFor(what string, ok func(screen string) bool) string {
	h.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		s := h.text()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s; the screen:\n%s", what, s)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// find returns the position of the first cell of text on the screen.
func (h *harness) find(text string) (x, y int, ok bool) {
	cells, w, hh := h.cells()
	for y := 0; y < hh; y++ {
		var runes []rune
		var xs []int
		for x := 0; x < w; x++ {
			if c := cells[y*w+x]; len(c.Runes) > 0 {
				runes = append(runes, c.Runes[0])
				xs = append(xs, x)
			}
		}
		if i := strings.Index(string(runes), text); i >= 0 {
			return xs[len([]rune(string(runes)[:i]))], y, true
		}
	}
	return 0, 0, false
}

// styleOf returns the style of the first cell of text on the screen.
func (h *harness) styleOf(text string) tcell.Style {
	h.t.Helper()
	x, y, ok := h.find(text)
	if !ok {
		h.t.Fatalf("%q is not on the screen:\n%s", text, h.text())
	}
	cells, w, _ := h.cells()
	return cells[y*w+x].Style
}

// row returns the screen row holding text.
func (h *harness) row(text string) string {
	h.t.Helper()
	for _, l := range h.lines() {
		if strings.Contains(l, text) {
			return l
		}
	}
	h.t.Fatalf("%q is not on the screen:\n%s", text, h.text())
	return ""
}

// status returns the status line (the screen's last row but one).
func (h *harness) status() string {
	l := h.lines()
	return l[len(l)-2]
}

// mustContain fails unless the screen contains every one of want.
func (h *harness) mustContain(want ...string) {
	h.t.Helper()
	s := h.text()
	for _, w := range want {
		if !strings.Contains(s, w) {
			h.t.Errorf("the screen lacks %q:\n%s", w, s)
		}
	}
}

// timeAfter is the channel of a wait's timeout.
func timeAfter() <-chan time.Time { return time.After(waitTimeout) }
