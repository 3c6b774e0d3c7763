// Package programs_test runs every sample program and compares what it
// prints with the golden file beside it (NAME.asm -> NAME.out), feeding it
// NAME.in as its input when there is one.
package programs_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
)

func TestSamplePrograms(t *testing.T) {
	sources, err := filepath.Glob("*.asm")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(sources), 7, "the sample programs are missing")
	for _, src := range sources {
		name := strings.TrimSuffix(src, ".asm")
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(name + ".out")
			require.NoError(t, err, "every sample program needs a golden %s.out", name)
			p, err := assembler.AssembleFile(src, assembler.Options{})
			require.NoError(t, err)
			var out bytes.Buffer
			cfg := cpu.Config{Out: &out}
			if in, err := os.ReadFile(name + ".in"); err == nil {
				cfg.Input = bytes.NewReader(in)
			}
			c, err := cpu.New(p, cfg)
			require.NoError(t, err)
			require.NoError(t, c.RunToEnd())
			require.Contains(t, []cpu.State{cpu.Ended, cpu.Halted}, c.State(), "a sample ends normally")
			require.Equal(t, string(want), out.String())
		})
	}
}
