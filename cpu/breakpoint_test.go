package cpu

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/image"
)

// A loop: mov eax, 0 / inc eax / cmp eax, 3 / jl 3 / prn eax.
func loopProgram() *image.Program {
	return &image.Program{Code: []uint32{0x601, 0, 0, 0x407, 0, 0x602, 0, 3, 0x809, 3, 0x408, 0}}
}

func TestRunStopsAtBreakpointsAndResumesThroughThem(t *testing.T) {
	c, err := New(loopProgram(), Config{Memory: 64, Stack: 8})
	require.NoError(t, err)
	require.True(t, c.SetBreakpoint(3, true))
	for want := uint64(1); want <= 3; want++ { // the inc runs three times
		stop, err := c.Run(1 << 20)
		require.NoError(t, err)
		require.Equal(t, StopBreak, stop)
		require.Equal(t, uint32(3), c.EIP())
		require.Equal(t, uint32(want-1), c.Memory().Reg(0), "stopped before inc number %d", want)
	}
	stop, err := c.Run(1 << 20)
	require.NoError(t, err)
	require.Equal(t, StopEnd, stop)
	require.Equal(t, Ended, c.State())
}

func TestRunToEndIgnoresBreakpoints(t *testing.T) {
	var out bytes.Buffer
	c, err := New(loopProgram(), Config{Memory: 64, Stack: 8, Out: &out})
	require.NoError(t, err)
	require.True(t, c.SetBreakpoint(0, true))
	require.True(t, c.SetBreakpoint(3, true))
	require.NoError(t, c.RunToEnd())
	require.Equal(t, Ended, c.State())
	require.Equal(t, "3\n", out.String())
	require.Equal(t, uint64(11), c.Steps())
}
