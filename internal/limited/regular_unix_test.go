//go:build unix

package limited

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ReadRegularFile reads a regular file, and refuses anything else at once:
// a named pipe nobody writes (which a plain open waits on for ever), a
// device that never ends, a directory.
func TestReadRegularFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	require.NoError(t, os.WriteFile(file, []byte("12345"), 0o644))
	fifo := filepath.Join(dir, "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	link := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink(fifo, link))

	got, err := ReadRegularFile(file, 5, "x")
	require.NoError(t, err)
	assert.Equal(t, "12345", string(got))
	_, err = ReadRegularFile(file, 4, "x")
	assert.EqualError(t, err, "larger than 4 bytes, the limit for x")
	_, err = ReadRegularFile(filepath.Join(dir, "nope"), 4, "x")
	assert.ErrorIs(t, err, os.ErrNotExist)
	for path, want := range map[string]string{fifo: "is a named pipe, not a regular file", link: "is a named pipe, not a regular file",
		"/dev/zero": "is a device, not a regular file", dir: "is a directory, not a regular file"} {
		start := time.Now()
		_, err := ReadRegularFile(path, 1<<20, "x")
		assert.EqualError(t, err, want, path)
		var nr *NotRegularError
		assert.True(t, errors.As(err, &nr), path)
		assert.Less(t, time.Since(start), time.Second, path)
	}
}
