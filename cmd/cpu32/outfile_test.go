package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/image"
)

// asmProcess runs `cpu32 asm ARGS` as a process and returns its status and
// stderr.
func asmProcess(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := command(t, append([]string{"asm"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	return exitCode(t, cmd.Run()), stderr.String()
}

// asm -o writes what it is given the way a careful Unix tool does: it
// replaces regular files atomically keeping their mode, follows links,
// keeps hard links together and writes through devices and FIFOs, and
// refuses a FIFO nobody reads instead of waiting for ever.
func TestAsmOutputs(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, "x.asm", "start: prn 1\n")
	p, err := assembler.AssembleFile("x.asm", assembler.Options{})
	require.NoError(t, err)
	img, err := image.Encode(p)
	require.NoError(t, err)
	want := string(img)

	t.Run("empty name", func(t *testing.T) {
		code, stderr := asmProcess(t, "x.asm", "-o", "")
		assert.Equal(t, exitUsage, code)
		assert.Contains(t, stderr, "-o needs a file name")
	})
	t.Run("a directory", func(t *testing.T) {
		require.NoError(t, os.Mkdir("d", 0o755))
		code, stderr := asmProcess(t, "x.asm", "-o", "d")
		assert.Equal(t, exitUsage, code)
		assert.Equal(t, "cpu32 asm: cannot write d: is a directory\n", stderr)
	})
	t.Run("mode kept", func(t *testing.T) {
		for _, mode := range []os.FileMode{0o400, 0o755, 0o600} {
			writeFile(t, "m.img", "old")
			require.NoError(t, os.Chmod("m.img", mode))
			code, stderr := asmProcess(t, "x.asm", "-o", "m.img")
			require.Equal(t, exitOK, code, stderr)
			assert.Equal(t, want, readFile(t, "m.img"))
			st, err := os.Stat("m.img")
			require.NoError(t, err)
			assert.Equal(t, mode, st.Mode().Perm())
		}
	})
	t.Run("a new file follows the umask", func(t *testing.T) {
		for _, tc := range []struct{ umask, mode os.FileMode }{{0o022, 0o644}, {0o077, 0o600}, {0o002, 0o664}} {
			old := syscall.Umask(int(tc.umask)) // the child inherits it
			code, stderr := asmProcess(t, "x.asm", "-o", "new.img")
			syscall.Umask(old)
			require.Equal(t, exitOK, code, stderr)
			st, err := os.Stat("new.img")
			require.NoError(t, err)
			assert.Equal(t, tc.mode, st.Mode().Perm(), "umask %03o", tc.umask)
			require.NoError(t, os.Remove("new.img"))
		}
	})
	t.Run("symlink followed", func(t *testing.T) {
		writeFile(t, "real.img", "old")
		require.NoError(t, os.Symlink("real.img", "link.img"))
		require.NoError(t, os.Symlink("sub/new.img", "dangling.img"))
		require.NoError(t, os.Mkdir("sub", 0o755))
		for _, name := range []string{"link.img", "dangling.img"} {
			code, stderr := asmProcess(t, "x.asm", "-o", name)
			require.Equal(t, exitOK, code, stderr)
			st, err := os.Lstat(name)
			require.NoError(t, err)
			assert.Equal(t, os.ModeSymlink, st.Mode()&os.ModeSymlink, "%s is still a link", name)
		}
		assert.Equal(t, want, readFile(t, "real.img"))
		assert.Equal(t, want, readFile(t, "sub/new.img"))
	})
	t.Run("hard links kept together", func(t *testing.T) {
		writeFile(t, "a.img", "old contents, longer than the image will be, so that truncation shows"+string(bytes.Repeat([]byte("x"), 500)))
		require.NoError(t, os.Link("a.img", "b.img"))
		code, stderr := asmProcess(t, "x.asm", "-o", "a.img")
		require.Equal(t, exitOK, code, stderr)
		assert.Equal(t, want, readFile(t, "a.img"))
		assert.Equal(t, want, readFile(t, "b.img"), "the other name sees the new image")
		sa, _ := os.Stat("a.img")
		sb, _ := os.Stat("b.img")
		assert.True(t, os.SameFile(sa, sb))
	})
	t.Run("FIFO written through", func(t *testing.T) {
		require.NoError(t, syscall.Mkfifo("pipe.img", 0o644))
		got := make(chan string)
		go func() {
			f, err := os.Open("pipe.img")
			if err != nil {
				got <- err.Error()
				return
			}
			defer f.Close()
			b, _ := io.ReadAll(f)
			got <- string(b)
		}()
		code, stderr := asmProcess(t, "x.asm", "-o", "pipe.img")
		require.Equal(t, exitOK, code, stderr)
		assert.Equal(t, want, <-got)
		st, err := os.Lstat("pipe.img")
		require.NoError(t, err)
		assert.Equal(t, os.ModeNamedPipe, st.Mode()&os.ModeNamedPipe, "still a FIFO")
	})
	t.Run("FIFO nobody reads", func(t *testing.T) {
		// A plain open would wait for a reader for ever: asm waits a
		// second for one, then refuses the FIFO, naming it.
		require.NoError(t, syscall.Mkfifo("unread.img", 0o644))
		cmd := command(t, "asm", "x.asm", "-o", "unread.img")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			assert.Equal(t, exitUsage, exitCode(t, err))
			assert.Equal(t, "cpu32 asm: cannot write unread.img: is a named pipe that nobody reads\n", stderr.String())
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
			t.Fatal("cpu32 asm -o FIFO waits for a reader")
		}
		st, err := os.Lstat("unread.img")
		require.NoError(t, err)
		assert.Equal(t, os.ModeNamedPipe, st.Mode()&os.ModeNamedPipe, "still a FIFO")
	})
	t.Run("/dev/full", func(t *testing.T) {
		if _, err := os.Stat("/dev/full"); err != nil {
			t.Skip("no /dev/full")
		}
		code, stderr := asmProcess(t, "x.asm", "-o", "/dev/full")
		assert.Equal(t, exitWrite, code)
		assert.Equal(t, "cpu32: write error: /dev/full: no space left on device\n", stderr)
		st, err := os.Stat("/dev/full")
		require.NoError(t, err)
		assert.NotZero(t, st.Mode()&os.ModeCharDevice, "still a device")
	})
	t.Run("/dev/stdout", func(t *testing.T) {
		if _, err := os.Stat("/dev/stdout"); err != nil {
			t.Skip("no /dev/stdout")
		}
		cmd := command(t, "asm", "x.asm", "-o", "/dev/stdout")
		var stdout, stderr bytes.Buffer // a pipe
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		require.Equal(t, exitOK, exitCode(t, cmd.Run()), stderr.String())
		assert.Equal(t, want, stdout.String())
	})
	t.Run("/dev/null", func(t *testing.T) {
		code, stderr := asmProcess(t, "x.asm", "-o", "/dev/null")
		assert.Equal(t, exitOK, code, stderr)
		st, err := os.Stat("/dev/null")
		require.NoError(t, err)
		assert.NotZero(t, st.Mode()&os.ModeCharDevice, "still a device")
	})
	t.Run("/dev/null as another user", func(t *testing.T) {
		if os.Getuid() != 0 {
			t.Skip("needs root to run as nobody") // and as non-root the test above is this one
		}
		// nobody must reach the source and the program: open up the test's
		// folders and run a copy of the test binary from there.
		for _, d := range []string{dir, filepath.Dir(dir)} {
			require.NoError(t, os.Chmod(d, 0o755))
		}
		exe, err := os.Executable()
		require.NoError(t, err)
		b, err := os.ReadFile(exe)
		require.NoError(t, err)
		bin := filepath.Join(t.TempDir(), "cpu32")
		require.NoError(t, os.Chmod(filepath.Dir(bin), 0o755))
		require.NoError(t, os.Chmod(filepath.Dir(filepath.Dir(bin)), 0o755))
		require.NoError(t, os.WriteFile(bin, b, 0o755))
		cmd := command(t, "asm", "x.asm", "-o", "/dev/null")
		cmd.Path, cmd.Args[0] = bin, bin
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err = cmd.Run()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Skipf("cannot run as nobody here: %v", err)
		}
		assert.Equal(t, exitOK, exitCode(t, err), stderr.String())
	})
	assertOnly(t, ".", "x.asm", "d", "m.img", "real.img", "link.img", "dangling.img", "sub", "a.img", "b.img", "pipe.img", "unread.img")
}
