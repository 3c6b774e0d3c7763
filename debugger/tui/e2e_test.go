package tui

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cpu32/internal/tmuxtest"
)

// TestDebugCommandRefusesBadInput checks that cpu32 debug reports a bad
// program or bad flags with status 2 before it takes over the terminal.
func TestDebugCommandRefusesBadInput(t *testing.T) {
	_, bin := tmuxtest.Build(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.asm")
	if err := os.WriteFile(bad, []byte("start:\n  mov 5, eax\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.asm")
	if err := os.WriteFile(good, []byte("start:\n  prn 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"assembly error", []string{"debug", bad}, "bad.asm:2:7: destination must be a register or a memory operand"},
		{"missing file", []string{"debug", filepath.Join(dir, "nosuch.asm")}, "no such file"},
		{"no file", []string{"debug"}, "expected one program file"},
		{"bad flag", []string{"debug", "--memory", "5", good}, "--memory"},
		{"machine too small", []string{"debug", "--memory", "64", "--stack", "64", good}, "cannot hold"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(bin, c.args...)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 2 {
				t.Errorf("exit: %v, want status 2\n%s", err, out)
			}
			if !strings.Contains(string(out), c.want) {
				t.Errorf("output lacks %q:\n%s", c.want, out)
			}
		})
	}
}

// TestEndToEndInTmux builds cpu32 and debugs programs/fib.asm in a real
// terminal: step, break, continue, print, step back, quit.
func TestEndToEndInTmux(t *testing.T) {
	root, bin := tmuxtest.Build(t)
	if _, err := os.Stat(filepath.Join(root, "programs", "fib.asm")); err != nil {
		t.Fatalf("programs/fib.asm: %v", err)
	}

	start := time.Now()
	m := tmuxtest.Start(t, "debug", root, 120, 40, nil, bin+" debug programs/fib.asm")
	m.WaitFor("start", "programs/fib.asm", "mov eax, 1", "paused", "steps 0")
	t.Logf("first screen after %v", time.Since(start))

	m.Send("s")
	screen := m.WaitFor("step", "steps 1")
	if !strings.Contains(screen, "  5 ▶   mov ebx, 0") {
		t.Errorf("after a step eip is not on line 5:\n%s", screen)
	}

	m.Send(":break loop", "Enter")
	m.WaitFor("break", "breakpoint 1 at programs/fib.asm:8")
	m.Send("Escape")
	m.WaitFor("close the command line", "press : for a command")

	m.Send("c")
	screen = m.WaitFor("continue", "steps 3", "breakpoint 1")
	if !strings.Contains(screen, "●  8 ▶ loop: add eax, ebx") {
		t.Errorf("continue did not stop on the breakpoint at line 8:\n%s", screen)
	}

	m.Send(":p eax", "Enter")
	m.WaitFor("print", "eax = 1 (0x00000001)")
	m.Send("Escape")
	m.WaitFor("close the command line", "press : for a command")

	m.Send("S")
	screen = m.WaitFor("step back", "steps 2", "back 2")
	if !strings.Contains(screen, "  6 ▶   mov ecx, 1") {
		t.Errorf("after a step back eip is not on line 6:\n%s", screen)
	}

	m.Send("q")
	m.WaitExit("q quits")
}

// TestQuitFromTheCommandLineInTmux: q typed into the command line left
// open by a command quits, and "quit" typed there with Enter, at a person's
// pace, quits with none of its keys left over for the terminal to echo.
func TestQuitFromTheCommandLineInTmux(t *testing.T) {
	root, bin := tmuxtest.Build(t)
	for _, tc := range []struct {
		name string
		keys []string
	}{
		{"q", []string{"q"}},
		{"quit", []string{"q", "u", "i", "t", "Enter"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tmuxtest.Start(t, "quit"+tc.name, root, 120, 40, nil, bin+` debug programs/fib.asm; echo "exit $?"; sleep 60`)
			m.WaitFor("start", "programs/fib.asm", "steps 0")
			m.Send(":step", "Enter")
			m.WaitFor("the line stays open", "steps 1", "line stays open")
			for _, k := range tc.keys { // as fast as a person types
				m.Send(k)
				time.Sleep(60 * time.Millisecond)
			}
			screen := m.WaitFor("quit", "exit 0")
			if strings.Contains(screen, "uit") {
				t.Errorf("keys of quit were left for the terminal:\n%s", screen)
			}
		})
	}
}
