//go:build unix

package repl

import (
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The session reads only regular files: .load of a named pipe nobody
// writes, a typed %include of one, or a file that includes one is refused
// at once, where a plain open would wait for a writer for ever (Ctrl-C
// reaches no open). So are a device that never ends and a folder.
func TestLoadRefusesWhatIsNotARegularFile(t *testing.T) {
	t.Chdir(t.TempDir())
	require.NoError(t, syscall.Mkfifo("fifo", 0o644))
	require.NoError(t, os.WriteFile("inc.asm", []byte("%include \"fifo\"\nf: ret\n"), 0o644))
	require.NoError(t, os.Mkdir("dir", 0o755))
	require.NoError(t, os.Symlink("fifo", "link.asm"))
	s := newSession(t)
	for _, st := range []step{
		{".load fifo", "in: error: fifo: is a named pipe, not a regular file\n"},
		{".load link.asm", "in: error: link.asm: is a named pipe, not a regular file\n"},
		{`%include "fifo"`, "in:10: error: cannot include 'fifo': is a named pipe, not a regular file\n"},
		{".load inc.asm", "in: error: inc.asm:1:10: cannot include 'fifo': is a named pipe, not a regular file\n%include \"fifo\"\n         ^\n"},
		{".load /dev/zero", "in: error: /dev/zero: is a device, not a regular file\n"},
		{".load dir", "in: error: dir: is a directory, not a regular file\n"},
		{"mov eax, 1", "eax 0 -> 1\n"}, // the session is as it was
	} {
		done := make(chan string, 1)
		go func() { done <- s.Eval(st.in).Format(st.in, "in", false) }()
		select {
		case got := <-done:
			require.Equal(t, st.want, got, st.in)
		case <-time.After(5 * time.Second):
			t.Fatalf("%s waits for a writer of the pipe", st.in)
		}
	}

	// Nor does a session start on one.
	_, err := s.Load("fifo")
	require.EqualError(t, err, "fifo: is a named pipe, not a regular file")
}
