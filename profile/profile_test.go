package profile

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func profiled(t *testing.T, path string) *Report {
	t.Helper()
	p, err := assembler.AssembleFile(path, assembler.Options{})
	require.NoError(t, err)
	c, err := cpu.New(p, cpu.Config{Memory: 8192})
	require.NoError(t, err)
	c.StartProfile()
	require.NoError(t, c.RunToEnd())
	return Of(c)
}

func TestReport(t *testing.T) {
	r := profiled(t, "testdata/calls.asm")
	require.Equal(t, uint64(20), r.Steps)
	const f = "testdata/calls.asm"
	require.Equal(t, []Line{
		{f, 2, 1, "start:  mov ecx, 3"}, {f, 3, 3, "loop:   call f"}, {f, 4, 3, "dec ecx"},
		{f, 5, 3, "cmp ecx, 0"}, {f, 6, 3, "jne loop"}, {f, 7, 1, "hlt"},
		{f, 9, 3, "f:      inc eax"}, {f, 10, 3, "ret"},
	}, r.Lines)
	require.Equal(t, []Function{
		{Name: MainName, Target: 0, Calls: 0, Self: 14, Total: 20},
		{Name: "f", Target: 13, Calls: 3, Self: 6, Total: 6},
	}, r.Functions)
	require.Equal(t, []Line{{f, 3, 3, "loop:   call f"}, {f, 4, 3, "dec ecx"}}, r.Hottest(2))
	n, ok := r.Count(f, 8)
	require.False(t, ok, "line 8 is blank")
	require.Zero(t, n)
	require.Equal(t, "15.0%", r.Percent(3))
}

func TestBar(t *testing.T) {
	for _, tc := range []struct {
		n, max uint64
		want   string
	}{{0, 10, ""}, {1, 1000, "#"}, {500, 1000, "#####"}, {1000, 1000, "##########"}, {949, 1000, "#########"}} {
		require.Equal(t, tc.want, Bar(tc.n, tc.max), "%d of %d", tc.n, tc.max)
	}
}

func TestWriteGolden(t *testing.T) {
	r := profiled(t, "testdata/calls.asm")
	var b bytes.Buffer
	require.NoError(t, r.WriteAnnotated(&b))
	require.NoError(t, r.WriteSummary(&b, 3))
	const golden = "testdata/calls.profile"
	if *update {
		require.NoError(t, os.WriteFile(golden, b.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), b.String())
}
