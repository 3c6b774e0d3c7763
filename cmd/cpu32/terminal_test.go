//go:build linux

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openPTY opens a pseudo-terminal pair: what is written to the returned
// terminal (the side a program sees) is read from master.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Skipf("cannot unlock the pseudo-terminal: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Skipf("cannot name the pseudo-terminal: %v", e)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return m, s
}

// ptyReader reads master in a goroutine of its own (a pseudo-terminal is
// not always pollable, so a read deadline may not work).
func ptyReader(master *os.File) chan string {
	ch := make(chan string, 16)
	go func() {
		b := make([]byte, 256)
		for {
			n, err := master.Read(b)
			if err != nil {
				return
			}
			ch <- string(b[:n])
		}
	}()
	return ch
}

// readSoon returns what the terminal showed within a moment, or "".
func readSoon(ch chan string) string {
	select {
	case s := <-ch:
		return s
	case <-time.After(300 * time.Millisecond):
		return ""
	}
}

// On a terminal the program's output is line buffered: a line shows as soon
// as it is printed, a partial line when the run flushes (between chunks,
// before input, at the end). Into anything else it is block buffered.
func TestTerminalOutputLineBuffered(t *testing.T) {
	master, tty := openPTY(t)
	shown := ptyReader(master)
	out := newProgramOutput(&errWriter{w: stdoutWriter(tty)}) // as main and realMain wrap it
	_, isLine := out.(lineBuffered)
	require.True(t, isLine, "a terminal gets line buffering")

	_, err := out.Write([]byte("12\n"))
	require.NoError(t, err)
	assert.Equal(t, "12\r\n", readSoon(shown), "the line shows without a flush")
	_, err = out.Write([]byte("?"))
	require.NoError(t, err)
	assert.Equal(t, "", readSoon(shown), "a partial line waits")
	require.NoError(t, out.Flush())
	assert.Equal(t, "?", readSoon(shown))

	f, err := os.Create(t.TempDir() + "/out")
	require.NoError(t, err)
	defer f.Close()
	_, isLine = newProgramOutput(&errWriter{w: stdoutWriter(f)}).(lineBuffered)
	assert.False(t, isLine, "a file gets block buffering")
}

// `debug --input -` cannot read a terminal the debugger draws on: it says
// so before it takes the screen.
func TestDebugInputDashOnATerminal(t *testing.T) {
	_, tty := openPTY(t)
	old := stdin
	stdin = tty
	defer func() { stdin = old }()
	prog := t.TempDir() + "/p.asm"
	writeFile(t, prog, "rdn eax\n")
	r := cli(t, "debug", "--input", "-", prog)
	assert.Equal(t, exitUsage, r.code)
	assert.Equal(t, "cpu32: --input -: standard input is the terminal the debugger draws on; leave --input out and type the input when the program waits\n", r.stderr)
}

// readUntil reads the terminal until it has shown want, and returns all it
// showed; it fails the test after a generous while.
func readUntil(t *testing.T, ch chan string, want string) string {
	t.Helper()
	var got strings.Builder
	deadline := time.After(30 * time.Second)
	for !strings.Contains(got.String(), want) {
		select {
		case s := <-ch:
			got.WriteString(s)
		case <-deadline:
			t.Fatalf("the terminal never showed %q; it showed %q", want, got.String())
		}
	}
	return got.String()
}

// A run on a terminal says that it waits for input at the rdn, and the
// line typed takes the notice's place: the terminal shows the prompt, the
// line typed and the output, as it would without the notice.
func TestRunSaysItWaitsForInput(t *testing.T) {
	master, tty := openPTY(t)
	shown := ptyReader(master)
	t.Setenv("TERM", "xterm")
	t.Chdir(t.TempDir())
	writeFile(t, "p.asm", "prc '?'\nrdn eax\nprn eax\n")
	old := stdin
	stdin = tty
	defer func() { stdin = old }()
	done := make(chan int, 1)
	go func() { done <- realMain([]string{"run", "p.asm"}, tty, tty) }()
	before := readUntil(t, shown, "waiting for input (rdn at p.asm:2) ")
	_, err := master.Write([]byte("7\n"))
	require.NoError(t, err)
	require.Equal(t, exitOK, <-done)
	all := before + readUntil(t, shown, "7\r\n7\r\n")
	term := &fakeTerm{width: 80}
	term.Write([]byte(all))
	assert.Equal(t, "?7\n7\n█\n", term.screen(), "%q", all)
}

// The status goes to stderr only when it is a terminal: a pipe gets the
// message of the interrupted run and nothing else, while the same run on a
// terminal shows the status, erased before that message.
func TestRunStatusOnlyOnATerminal(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "p.asm", hangs)
	for _, onTerminal := range []bool{false, true} {
		t.Run(fmt.Sprint("terminal=", onTerminal), func(t *testing.T) {
			master, tty := openPTY(t)
			shown := ptyReader(master)
			cmd := command(t, "run", "p.asm")
			cmd.Env = append(cmd.Env, "TERM=xterm")
			cmd.Stdin, cmd.Stdout = tty, tty
			var pipe bytes.Buffer
			if onTerminal {
				cmd.Stderr = tty
			} else {
				cmd.Stderr = &pipe
			}
			done := startWaiting(t, cmd)
			seen := readUntil(t, shown, "1\r\n2\r\n")
			if onTerminal {
				seen += readUntil(t, shown, " steps, at p.asm:3 (Ctrl-C stops)")
			} else {
				time.Sleep(statusDelay + time.Second)
			}
			require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
			assert.Equal(t, 130, exitWithin(t, cmd, done, "the interrupted run"))
			if !onTerminal {
				assert.Regexp(t, `^interrupted at p\.asm:3 \(eip 4\) after \d+ steps\n$`, pipe.String())
				assert.Equal(t, "1\r\n2\r\n", seen+readSoon(shown), "the terminal (stdout) got the output alone")
				return
			}
			seen += readUntil(t, shown, " steps\r\n")
			assert.Contains(t, seen, "\r\x1b[J"+"interrupted at p.asm:3 (eip 4) after ")
			term := &fakeTerm{width: 80}
			term.Write([]byte(seen))
			assert.Regexp(t, `^1\n2\ninterrupted at p\.asm:3 \(eip 4\) after \d+ steps\n█\n$`, term.screen())
		})
	}
}

// A terminal as stderr gets the status, unless TERM says it is dumb; the
// program's output is watched only when it goes to that same terminal.
func TestStatusLineOnATerminal(t *testing.T) {
	_, tty := openPTY(t)
	_, other := openPTY(t)
	file, err := os.Create(t.TempDir() + "/out")
	require.NoError(t, err)
	defer file.Close()
	t.Setenv("TERM", "xterm-256color")
	for _, tc := range []struct {
		stdout io.Writer
		shared bool
	}{
		{&errWriter{w: stdoutWriter(tty)}, true}, // as main and realMain wrap it
		{other, false},
		{file, false},
	} {
		s := newStatusLine(tc.stdout, tty)
		require.NotNil(t, s)
		assert.Equal(t, tc.shared, s.shared, "%T", tc.stdout)
		_, watched := s.watch(tc.stdout).(*statusWatch)
		assert.Equal(t, tc.shared, watched)
	}
	_, isLine := newProgramOutput(newStatusLine(tty, tty).watch(tty)).(lineBuffered)
	assert.True(t, isLine, "the watched terminal is still line buffered")
	t.Setenv("TERM", "dumb")
	assert.Nil(t, newStatusLine(tty, tty))
}
