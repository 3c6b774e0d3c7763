//go:build linux

package main

import (
	"fmt"
	"os"
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
