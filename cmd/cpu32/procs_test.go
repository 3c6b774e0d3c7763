package main

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"

	"cpu32/internal/procs"
)

// A run holds the process to the one processor it started with (procs)
// for as long as the program is short, and gives every core back once it
// has run startSteps (before Auto may compile in the background); --engine
// jit and --trace, and every other command, give them back at once.
func TestRunReleasesProcessors(t *testing.T) {
	all := runtime.GOMAXPROCS(0)
	if all < 2 {
		t.Skip("one processor: nothing to hold")
	}
	t.Chdir(t.TempDir())
	writeFile(t, "short.asm", "prn 1\n")
	// 3 steps a round: past startSteps (65,536) after 21,846 rounds.
	writeFile(t, "long.asm", "mov ecx, 21850\nl: dec ecx\ncmp ecx, 0\njne l\nprn ecx\n")
	writeFile(t, "barely.asm", "mov ecx, 21840\nl: dec ecx\ncmp ecx, 0\njne l\nprn ecx\n")
	for _, tc := range []struct {
		args []string
		out  string
		held bool
	}{
		{[]string{"run", "short.asm"}, "1\n", true},
		{[]string{"run", "--engine", "interp", "barely.asm"}, "0\n", true},
		{[]string{"run", "--engine", "interp", "long.asm"}, "0\n", false},
		{[]string{"run", "long.asm"}, "0\n", false},
		{[]string{"run", "--engine", "jit", "short.asm"}, "1\n", false},
		{[]string{"run", "--trace", "short.asm"}, "1\n", false},
		{[]string{"asm", "short.asm", "-o", "short.img"}, "", false},
		{[]string{"version"}, "", false},
	} {
		t.Run(tc.args[len(tc.args)-1]+" "+tc.args[0], func(t *testing.T) {
			procs.Hold()
			defer procs.Release()
			r := cli(t, tc.args...)
			assert.Equal(t, exitOK, r.code, r.stderr)
			if tc.out != "" {
				assert.Equal(t, tc.out, r.stdout)
			}
			assert.Equal(t, tc.held, procs.Held(), "held to one processor after the command")
			want := all
			if tc.held {
				want = 1
			}
			assert.Equal(t, want, runtime.GOMAXPROCS(0))
		})
	}
}
