package vscode

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"cpu32/debugger/dap"
)

// minNode is the oldest Node.js major version that the pinned @vscode/vsce
// runs on.
const minNode = 20

// nodeTimeout bounds the Node.js tests (a few seconds when they pass).
const nodeTimeout = 3 * time.Minute

// TestExtension runs the extension's Node.js tests (test/*.test.js): a
// whole session of `cpu32 dap`, freshly built, driven by VS Code's
// DebugClient; the packaging of the .vsix by @vscode/vsce; and where the
// extension finds the cpu32 binary. They need Node.js, npm and the pinned
// tools that `npm ci` installs from package-lock.json. Without them the
// test skips, saying what to do, except in CI (CI set), where it fails:
// .ci/run installs them.
func TestExtension(t *testing.T) {
	if testing.Short() {
		t.Skip("the extension's Node.js tests do not run with -short")
	}
	missing := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("CI") != "" {
			t.Fatalf(format, args...)
		}
		t.Skipf(format, args...)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not on PATH: install Node.js 20 or later and npm (Debian: apt-get install nodejs npm), then run `npm ci` in editors/vscode")
	}
	if v, err := exec.Command(node, "--version").Output(); err != nil {
		missing("node --version: %v", err)
	} else if major, _ := strconv.Atoi(strings.TrimPrefix(strings.SplitN(strings.TrimSpace(string(v)), ".", 2)[0], "v")); major < minNode {
		missing("node is %s: the pinned tools (@vscode/vsce) need Node.js %d or later", strings.TrimSpace(string(v)), minNode)
	}
	if _, err := exec.LookPath("npm"); err != nil {
		missing("npm is not on PATH: install it (Debian: apt-get install npm), then run `npm ci` in editors/vscode")
	}
	for _, pkg := range []string{"@vscode/debugadapter-testsupport", "@vscode/vsce"} {
		if _, err := os.Stat(filepath.Join("node_modules", pkg, "package.json")); err != nil {
			missing("%s is not installed: run `npm ci` in editors/vscode (it installs the versions package-lock.json pins)", pkg)
		}
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go is not on PATH: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "cpu32")
	build := exec.Command(gobin, "build", "-o", bin, "../../cmd/cpu32")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/cpu32: %v\n%s", err, out)
	}
	trackInputs(t)
	files, err := filepath.Glob("test/*.test.js")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test/*.test.js: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), nodeTimeout)
			defer cancel()
			cmd := exec.CommandContext(ctx, node, "--test", f)
			cmd.Env = append(os.Environ(), "CPU32_BIN="+bin)
			cmd.WaitDelay = 10 * time.Second
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("node --test %s: %v\n%s", f, err, out)
			}
		})
	}
}

// The test's result depends on what Node.js reads and on cpu32 itself, which
// go test's cache does not see: the cache keys on the files a test opens
// and on its binary's dependencies.
var _ dap.NewEngine = dap.SessionEngine // cpu32 dap's code: a change there runs the test again

// trackInputs reads the files the Node.js tests read (the extension's
// files but node_modules, whose versions the lockfile fixes, and the
// program they debug), so that a change in one of them runs the test
// again rather than taking the cached result.
func trackInputs(t *testing.T) {
	t.Helper()
	inputs := []string{"../../programs/fact.asm"}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && d.Name() == "node_modules":
			return filepath.SkipDir
		case d.Type().IsRegular():
			inputs = append(inputs, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range inputs {
		if _, err := os.ReadFile(f); err != nil {
			t.Fatal(err)
		}
	}
}
