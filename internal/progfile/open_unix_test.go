//go:build linux

package progfile

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMain lets the test binary be a fresh process that reads a program
// (pollerChild).
func TestMain(m *testing.M) {
	if path := os.Getenv("PROGFILE_READ"); path != "" {
		pollerChild(path)
	}
	os.Exit(m.Run())
}

// pollerChild reads the program at path and prints what it read and
// whether the process then had an epoll instance, the runtime's poller
// (its descriptors looked at through readlink, which opens nothing).
func pollerChild(path string) {
	data, err := Read(path, false)
	poller := false
	for fd := range 256 {
		if l, _ := os.Readlink(fmt.Sprintf("/proc/self/fd/%d", fd)); strings.Contains(l, "eventpoll") {
			poller = true
		}
	}
	fmt.Printf("%q %v poller=%v\n", data, err, poller)
	os.Exit(0)
}

// Reading a program file leaves the runtime's poller unmade: a short run
// that reads nothing else pays for no epoll instance and eventfd.
func TestReadMakesNoPoller(t *testing.T) {
	src := filepath.Join(t.TempDir(), "p.asm")
	require.NoError(t, os.WriteFile(src, []byte("prn 1\n"), 0o644))
	exe, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(exe, "-test.run", "^$")
	cmd.Env = append(os.Environ(), "PROGFILE_READ="+src)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Equal(t, "\"prn 1\\n\" <nil> poller=false\n", string(out))
}
