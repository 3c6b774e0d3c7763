package jit

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBuildsWithoutCompiler builds the package for an architecture with no
// compiler (other.go): Runner uses only what that build's Code has, so
// cpu32 builds, and interprets, everywhere Go does.
func TestBuildsWithoutCompiler(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the package for 386")
	}
	// Stat the sources, so that go test's cache of this result goes
	// stale when one changes (other.go is not in the test's own build).
	srcs, _ := filepath.Glob("*.go")
	for _, f := range srcs {
		os.Stat(f)
	}
	cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=386", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("GOARCH=386 go build: %v\n%s", err, out)
	}
}
