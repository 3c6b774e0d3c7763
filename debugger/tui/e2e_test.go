package tui

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tmux drives one tmux server of its own, so that the test never touches
// the user's sessions.
type tmux struct {
	t       *testing.T
	socket  string
	session string
}

func (m *tmux) run(args ...string) (string, error) {
	cmd := exec.Command("tmux", append([]string{"-L", m.socket, "-f", "/dev/null"}, args...)...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// send types keys into the session (tmux key names such as Enter, Escape).
func (m *tmux) send(keys ...string) {
	m.t.Helper()
	if out, err := m.run(append([]string{"send-keys", "-t", m.session}, keys...)...); err != nil {
		m.t.Fatalf("tmux send-keys %v: %v\n%s", keys, err, out)
	}
}

// capture returns the pane's text.
func (m *tmux) capture() string {
	out, _ := m.run("capture-pane", "-p", "-t", m.session)
	return out
}

// waitFor polls the pane until it shows every one of want.
func (m *tmux) waitFor(stage string, want ...string) string {
	m.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		screen := m.capture()
		missing := ""
		for _, w := range want {
			if !strings.Contains(screen, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return screen
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("%s: the terminal never showed %q; it shows:\n%s", stage, missing, screen)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// moduleRoot finds the repository's root from the go tool.
func moduleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		t.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// buildCPU32 builds the cpu32 command into a temporary folder and returns
// the module root and the binary.
func buildCPU32(t *testing.T) (root, bin string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	root = moduleRoot(t)
	bin = filepath.Join(t.TempDir(), "cpu32")
	build := exec.Command("go", "build", "-o", bin, "./cmd/cpu32")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return root, bin
}

// TestDebugCommandRefusesBadInput checks that cpu32 debug reports a bad
// program or bad flags with status 2 before it takes over the terminal.
func TestDebugCommandRefusesBadInput(t *testing.T) {
	_, bin := buildCPU32(t)
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
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	root, bin := buildCPU32(t)
	if _, err := os.Stat(filepath.Join(root, "programs", "fib.asm")); err != nil {
		t.Fatalf("programs/fib.asm: %v", err)
	}

	m := &tmux{t: t, socket: fmt.Sprintf("cpu32-e2e-%d", os.Getpid()), session: "debug"}
	t.Cleanup(func() { m.run("kill-server") })
	start := time.Now()
	if out, err := m.run("new-session", "-d", "-s", m.session, "-x", "120", "-y", "40", "-c", root,
		bin+" debug programs/fib.asm"); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	m.waitFor("start", "programs/fib.asm", "mov eax, 1", "paused", "steps 0")
	t.Logf("first screen after %v", time.Since(start))

	m.send("s")
	screen := m.waitFor("step", "steps 1")
	if !strings.Contains(screen, "  5 ▶   mov ebx, 0") {
		t.Errorf("after a step eip is not on line 5:\n%s", screen)
	}

	m.send(":break loop", "Enter")
	m.waitFor("break", "breakpoint 1 at programs/fib.asm:8")
	m.send("Escape")
	m.waitFor("close the command line", "press : for a command")

	m.send("c")
	screen = m.waitFor("continue", "steps 3", "breakpoint 1")
	if !strings.Contains(screen, "●  8 ▶ loop: add eax, ebx") {
		t.Errorf("continue did not stop on the breakpoint at line 8:\n%s", screen)
	}

	m.send(":p eax", "Enter")
	m.waitFor("print", "eax = 1 (0x00000001)")
	m.send("Escape")
	m.waitFor("close the command line", "press : for a command")

	m.send("S")
	screen = m.waitFor("step back", "steps 2", "back 2")
	if !strings.Contains(screen, "  6 ▶   mov ecx, 1") {
		t.Errorf("after a step back eip is not on line 6:\n%s", screen)
	}

	m.send("q")
	deadline := time.Now().Add(waitTimeout)
	for {
		if _, err := m.run("has-session", "-t", m.session); err != nil {
			break // the debugger quit, and its window with it
		}
		if time.Now().After(deadline) {
			t.Fatalf("q did not quit; the terminal shows:\n%s", m.capture())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
