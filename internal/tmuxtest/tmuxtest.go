// Package tmuxtest runs cpu32 in a real terminal for end-to-end tests: it
// builds the binary, starts it in a tmux server of its own (never the
// user's), types keys and waits for text on the screen.
package tmuxtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Timeout bounds each wait for the screen: generous, for a loaded machine.
const Timeout = 30 * time.Second

// Session is one tmux server and its one window.
type Session struct {
	t       *testing.T
	socket  string
	session string
}

// ModuleRoot finds the repository's root from the go tool.
func ModuleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		t.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// built is the binary Build made, once for the whole test binary: a link
// takes a second or two, and the end-to-end tests are many.
var built struct {
	once sync.Once
	dir  string // the folder it is in, which Main removes
	bin  string
	err  error
}

// Build builds the cpu32 command and returns the module root and the
// binary. The binary is built once per test binary, into a temporary
// folder that Main removes when the tests are done (a package whose tests
// call Build runs them through Main). It skips the test under -short.
func Build(t *testing.T) (root, bin string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	root = ModuleRoot(t)
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "cpu32-tmuxtest-")
		if built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "cpu32")
		build := exec.Command("go", "build", "-o", built.bin, "./cmd/cpu32")
		build.Dir = root
		if out, err := build.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return root, built.bin
}

// Main runs the tests of m, then removes the binary Build made, and
// returns their exit status: a package's TestMain is os.Exit(Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	return code
}

// Start runs command (a shell command line) in dir in a new tmux window of
// width x height, with env added to its environment. It skips the test
// when tmux is not installed; the server is killed when the test ends.
func Start(t *testing.T, name, dir string, width, height int, env []string, command string) *Session {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	m := &Session{t: t, socket: fmt.Sprintf("cpu32-%s-%d", name, os.Getpid()), session: name}
	t.Cleanup(func() { m.run("kill-server") })
	args := []string{"new-session", "-d", "-s", m.session, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), "-c", dir}
	for _, e := range env {
		args = append(args, "-e", e)
	}
	if out, err := m.run(append(args, command)...); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	return m
}

func (m *Session) run(args ...string) (string, error) {
	cmd := exec.Command("tmux", append([]string{"-L", m.socket, "-f", "/dev/null"}, args...)...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// Send types keys (tmux key names such as Enter, Up, C-c, or text).
func (m *Session) Send(keys ...string) {
	m.t.Helper()
	if out, err := m.run(append([]string{"send-keys", "-t", m.session}, keys...)...); err != nil {
		m.t.Fatalf("tmux send-keys %v: %v\n%s", keys, err, out)
	}
}

// Screen returns the window's text.
func (m *Session) Screen() string {
	out, _ := m.run("capture-pane", "-p", "-t", m.session)
	return out
}

// WaitFor polls the screen until it shows every one of want, and returns
// it; stage names the wait in the failure.
func (m *Session) WaitFor(stage string, want ...string) string {
	m.t.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		screen := m.Screen()
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

// WaitExit waits until the program has left (its window closed).
func (m *Session) WaitExit(stage string) {
	m.t.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		if _, err := m.run("has-session", "-t", m.session); err != nil {
			return
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("%s: the program did not exit; the terminal shows:\n%s", stage, m.Screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
