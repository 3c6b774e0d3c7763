//go:build unix

package main

import (
	"io"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The REPL never waits on a named pipe: cpu32 repl FIFO and .load refuse
// one (a pipe nobody writes would hang the session past Ctrl-C), and
// .save to one that nobody reads is refused at once; one that is read
// gets the program.
func TestReplNamedPipes(t *testing.T) {
	t.Chdir(t.TempDir())
	require.NoError(t, syscall.Mkfifo("fifo", 0o644))
	run := func(script string, args ...string) result {
		t.Helper()
		done := make(chan result, 1)
		go withStdin(t, script, func() { done <- cli(t, append([]string{"repl"}, args...)...) })
		select {
		case r := <-done:
			return r
		case <-time.After(5 * time.Second):
			t.Fatalf("cpu32 repl %v < %q waits on the pipe", args, script)
			return result{}
		}
	}

	require.Equal(t, result{"", "cpu32: fifo: is a named pipe, not a regular file\n", exitUsage}, run("", "fifo"))
	require.Equal(t, result{"eax 0 -> 1\n<stdin>:2: error: fifo: is a named pipe, not a regular file\n" +
		"<stdin>:3: error: .save: fifo: is a named pipe that nobody reads\n",
		"cpu32 repl: 2 lines failed: <stdin>:2, <stdin>:3\n", exitFault}, run("mov eax, 1\n.load fifo\n.save fifo\n"))

	read := make(chan string, 1)
	go func() {
		f, err := os.Open("fifo") // waits for the writer
		if err != nil {
			read <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		read <- string(b)
	}()
	// The reader opens the pipe once the test's goroutine runs: until
	// then .save is refused, and the script is typed again.
	deadline := time.Now().Add(5 * time.Second)
	for {
		r := run("mov eax, 1\n.save fifo\n")
		if r.code == exitOK {
			require.Equal(t, result{"eax 0 -> 1\nsaved 1 line to fifo\n", "", exitOK}, r)
			break
		}
		require.Contains(t, r.stdout, "is a named pipe that nobody reads")
		if time.Now().After(deadline) {
			t.Fatal("the reader never opened the pipe")
		}
		time.Sleep(10 * time.Millisecond)
	}
	require.Equal(t, "; typed in cpu32 repl\nmov eax, 1\n", <-read)
}
