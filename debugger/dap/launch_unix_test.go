//go:build unix

package dap

import (
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
