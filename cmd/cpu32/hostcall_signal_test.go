//go:build unix

package main

import (
	"bufio"
	"bytes"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Ctrl-C stops a loop of host calls that compiled code runs (each call
// inside it, not a way out of it): where it stopped is reported, and the
// exit status is 130.
func TestSignalStopsHostCalls(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "p.asm", "extern print_hex\nl: push 7\ncall print_hex\nadd esp, 1\njmp l\n")
	cmd := command(t, "run", "--engine", "jit", "p.asm")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	pipe, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	r := bufio.NewReader(pipe)
	for range 1000 { // well into the loop
		line, err := r.ReadString('\n')
		require.NoError(t, err)
		require.Equal(t, "0x7\n", line)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	go func() {
		for {
			if _, err := r.ReadString('\n'); err != nil {
				return
			}
		}
	}()
	assert.Equal(t, 130, exitCode(t, cmd.Wait()))
	assert.Regexp(t, `^interrupted at p\.asm:\d \(eip \d+\) after \d+ steps\n$`, stderr.String())
}
