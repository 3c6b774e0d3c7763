package debugger

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
)

// callLoop calls f, which calls g, 40,000 times: 320,000 steps, more than
// a chunk, so that continue sets the journal aside and replays the end of
// the run.
const callLoop = `start:  mov ecx, 40000
again:  call f
        dec ecx
        cmp ecx, 0
        jne again
        hlt
f:      call g
        ret
g:      inc eax
        ret
`

// After a long continue and a step back, the heat map's counts and the
// functions' tallies are those of a plain profiled run to the same step.
func TestProfileAfterALongRunAndStepBack(t *testing.T) {
	p, err := assembler.Assemble("prog.asm", []byte(callLoop), assembler.Options{})
	require.NoError(t, err)
	cfg := cpu.Config{Memory: 4096, Stack: 256}
	s, err := NewSession(p, cfg)
	require.NoError(t, err)
	_, err = s.Continue()
	require.NoError(t, err)
	require.Equal(t, cpu.Halted, s.CPU().State())
	end := s.CPU().Steps()
	require.Greater(t, end, uint64(defaultChunk))

	sorted := func(fs []cpu.FuncSteps) []cpu.FuncSteps {
		slices.SortFunc(fs, func(a, b cpu.FuncSteps) int { return int(a.Target) - int(b.Target) })
		return fs
	}
	fresh := func(steps uint64) ([]uint64, []cpu.FuncSteps) {
		c, err := cpu.New(p, cfg)
		require.NoError(t, err)
		c.StartProfile()
		_, err = c.Run(steps)
		require.NoError(t, err)
		return c.Profile().Counts, sorted(c.Functions())
	}
	for _, back := range []uint64{0, 1, 7, 1000, 20000} {
		if back > 0 {
			_, err = s.StepBack(back - (end - s.CPU().Steps()))
			require.NoError(t, err)
		}
		require.Equal(t, end-back, s.CPU().Steps())
		counts, funcs := fresh(end - back)
		require.Equal(t, counts, s.CPU().Profile().Counts, "counts %d steps back", back)
		require.Equal(t, funcs, sorted(s.CPU().Functions()), "functions %d steps back", back)
	}
}
