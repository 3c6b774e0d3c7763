//go:build unix

package dap

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-dap"
	"github.com/stretchr/testify/require"
)

// TestLaunchReadsOnlyFiles: a launch whose program, input or included
// file is a named pipe nobody writes, or a device that never ends, is
// refused at once with a response that says so; it used to wait on the
// pipe for ever, deaf to disconnect, or read /dev/zero until memory ran
// out.
func TestLaunchReadsOnlyFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	prog := writeProgram(t, "p.asm", "rdn eax\nprn eax\n")
	includes := writeProgram(t, "inc.asm", "%include '"+fifo+"'\nhlt\n")
	for _, tc := range []struct {
		name string
		args map[string]any
		want string
	}{
		{"program a pipe", map[string]any{"program": fifo}, "program " + fifo + ": is a named pipe, not a regular file"},
		{"program a device", map[string]any{"program": "/dev/zero"}, "program /dev/zero: is a device, not a regular file"},
		{"raw program a device", map[string]any{"program": "/dev/zero", "raw": true}, "program /dev/zero: is a device, not a regular file"},
		{"input a pipe", map[string]any{"program": prog, "input": fifo}, "input file " + fifo + ": is a named pipe, not a regular file"},
		{"input a device", map[string]any{"program": prog, "input": "/dev/zero"}, "input file /dev/zero: is a device, not a regular file"},
		{"an include a pipe", map[string]any{"program": includes}, "is a named pipe, not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t)
			call[*dap.InitializeResponse](c, &dap.InitializeRequest{})
			start := time.Now()
			require.Contains(t, fail(c, &dap.LaunchRequest{Arguments: launchJSON(t, tc.args)}), tc.want)
			require.Less(t, time.Since(start), 2*time.Second)
			call[*dap.DisconnectResponse](c, &dap.DisconnectRequest{})
		})
	}
}

// TestRestartReadsOnlyFiles: a restart reads the program again, and a
// program file that has become a named pipe is refused at once: the old
// program stays, and the session goes on.
func TestRestartReadsOnlyFiles(t *testing.T) {
	prog := writeProgram(t, "p.asm", "mov eax, 1\nprn eax\n")
	c := newClient(t)
	c.start(prog, map[string]any{"stopOnEntry": true})
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	c.stoppedAt("entry", 1)
	require.NoError(t, os.Remove(prog))
	require.NoError(t, syscall.Mkfifo(prog, 0o644))
	start := time.Now()
	require.Equal(t, "the program did not reload; the old one is still loaded: program "+prog+": is a named pipe, not a regular file",
		fail(c, &dap.RestartRequest{}))
	require.Less(t, time.Since(start), 2*time.Second)
	require.Equal(t, 1, c.frames()[0].Line)
}
