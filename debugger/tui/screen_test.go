package tui

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"

	"github.com/gdamore/tcell/v2"
)

var update = flag.Bool("update", false, "rewrite testdata/screen.txt from the current UI")

// TestScreenCapture renders programs/fib.asm after a breakpoint and a few
// steps and compares it with testdata/screen.txt, the capture
// docs/debugger.md shows. Run `go test ./debugger/tui -run TestScreenCapture -update` after
// changing the UI's look.
func TestScreenCapture(t *testing.T) {
	got := fibScreen(t)
	golden := filepath.Join("testdata", "screen.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("the screen differs from %s (run with -update if the change is intended):\n%s", golden, got)
	}
}

// fibScreen renders programs/fib.asm after a breakpoint, two continues and
// two steps, with the default flags: the screen docs/debugger.md shows.
func fibScreen(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "programs", "fib.asm"))
	if err != nil {
		t.Fatalf("programs/fib.asm: %v", err)
	}
	p, err := assembler.Assemble("programs/fib.asm", src, assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The machine of the default flags, so that docs/debugger.md shows what a
	// user sees (esp at 262144).
	h := newHarnessConfig(t, p, cpu.Config{}, 110, 34)
	h.command("break loop")
	h.press(tcell.KeyEscape, 0, tcell.ModNone)
	h.keys("ccss")
	return strings.Join(h.lines(), "\n") + "\n"
}
