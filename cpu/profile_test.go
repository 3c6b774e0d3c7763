package cpu

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestProfileCounts(t *testing.T) {
	p := assembleCase(t, `
start:  mov ecx, 3      ; 0
loop:   call f          ; 3
        dec ecx         ; 5
        cmp ecx, 0      ; 7
        jne loop        ; 10
        hlt             ; 12
f:      inc eax         ; 13
        ret             ; 15
`)
	c, err := New(p, Config{Memory: 1024, Stack: 64})
	require.NoError(t, err)
	prof := c.StartProfile()
	require.NoError(t, c.RunToEnd())
	want := make([]uint64, 17)
	for addr, n := range map[int]uint64{0: 1, 3: 3, 5: 3, 7: 3, 10: 3, 12: 1, 13: 3, 15: 3} {
		want[addr] = n
	}
	require.Equal(t, want, prof.Counts)
	require.Equal(t, uint64(20), c.Steps())
	require.Equal(t, []FuncSteps{{Target: 13, Calls: 3, Total: 6}}, c.Functions())

	// Step back uncounts; Reset starts again.
	_, ok := c.Back() // the hlt
	require.True(t, ok)
	_, ok = c.Back() // the last jne
	require.True(t, ok)
	require.Equal(t, uint64(0), prof.Counts[12])
	require.Equal(t, uint64(2), prof.Counts[10])
	c.Reset()
	require.Equal(t, make([]uint64, 17), prof.Counts)
	require.Empty(t, c.Functions())
	require.NoError(t, c.RunToEnd())
	require.Equal(t, want, prof.Counts)
}

// A recursive function's steps count once, from its outermost call to that
// call's return; a faulting instruction is not counted.
func TestProfileRecursionAndFault(t *testing.T) {
	p := assembleCase(t, `
start:  mov eax, 3      ; 0
        call down       ; 3
        mov ebx, 0      ; 5
        div eax, ebx    ; 8: faults
down:   dec eax         ; 11
        cmp eax, 0      ; 13
        je out          ; 16
        call down       ; 18
out:    ret             ; 20
`)
	c, err := New(p, Config{Memory: 1024, Stack: 64})
	require.NoError(t, err)
	prof := c.StartProfile()
	require.Error(t, c.RunToEnd())
	require.Equal(t, uint64(0), prof.Counts[8], "the faulting div did not run")
	require.Equal(t, uint64(3), prof.Counts[11])
	require.Equal(t, uint64(2), prof.Counts[18])
	require.Equal(t, uint64(3), prof.Counts[20])
	// down: 3 x (dec, cmp, je) + 2 calls + 3 rets = 14 steps.
	require.Equal(t, []FuncSteps{{Target: 11, Calls: 3, Total: 14}}, c.Functions())
	var sum uint64
	for _, n := range prof.Counts {
		sum += n
	}
	require.Equal(t, c.Steps(), sum)
	require.True(t, slices.Equal(prof.Counts, c.Profile().Counts))
}

// A machine that does not profile has no profile and no journal.
func TestNoProfileByDefault(t *testing.T) {
	c, err := New(loopProgram(), Config{Memory: 64, Stack: 8})
	require.NoError(t, err)
	require.NoError(t, c.RunToEnd())
	require.Nil(t, c.Profile())
	require.Nil(t, c.Functions())
}

// The functions' tallies follow step back: stepped back to any step, they
// are what a fresh run to that step counts.
func TestProfileFunctionsFollowStepBack(t *testing.T) {
	p := assembleCase(t, `
start:  mov eax, 4      ; 0
        call down       ; 3
        call leaf       ; 5
        hlt             ; 7
down:   dec eax         ; 8
        cmp eax, 0      ; 10
        je out          ; 13
        call down       ; 15
out:    ret             ; 17
leaf:   inc ebx         ; 18
        ret             ; 20
`)
	run := func(steps uint64) []FuncSteps {
		c, err := New(p, Config{Memory: 1024, Stack: 64})
		require.NoError(t, err)
		c.StartProfile()
		for c.Steps() < steps {
			_, err := c.Run(1)
			require.NoError(t, err)
		}
		return sorted(c.Functions())
	}
	c, err := New(p, Config{Memory: 1024, Stack: 64})
	require.NoError(t, err)
	c.StartProfile()
	require.NoError(t, c.RunToEnd())
	total := c.Steps()
	require.Equal(t, []FuncSteps{{Target: 8, Calls: 4, Total: 19}, {Target: 18, Calls: 1, Total: 2}}, sorted(c.Functions()))
	for back := total; back > 0; back-- {
		_, ok := c.Back()
		require.True(t, ok)
		require.Equal(t, run(back-1), sorted(c.Functions()), "stepped back to step %d", back-1)
	}
	// And forward again: the same as the first run.
	require.NoError(t, c.RunToEnd())
	require.Equal(t, []FuncSteps{{Target: 8, Calls: 4, Total: 19}, {Target: 18, Calls: 1, Total: 2}}, sorted(c.Functions()))
}

func sorted(fs []FuncSteps) []FuncSteps {
	slices.SortFunc(fs, func(a, b FuncSteps) int { return int(a.Target) - int(b.Target) })
	return fs
}
