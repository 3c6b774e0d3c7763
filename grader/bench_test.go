package grader

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkClass grades a class of 300 submissions against 10 cases on 2
// machines at once, as issue 19 asks, and reports submissions per second.
// "typical" is a class of correct, wrong and broken programs (the example
// class's alice, bob and carol); "runaways" makes every fourth one loop
// until the test file's step limit (1000000) stops it (dave).
func BenchmarkClass(b *testing.B) {
	text, err := os.ReadFile("testdata/class/gcd.test.yaml")
	require.NoError(b, err)
	text = append(text, "  - name: a tenth\n    input: \"35 14\\n\"\n    output: \"7\\n\"\n"...)
	s, err := ParseBytes("testdata/class/gcd.test.yaml", text)
	require.NoError(b, err)
	require.Len(b, s.Cases, 10)
	for _, mix := range []struct {
		name     string
		students []string
	}{
		{"typical", []string{"alice", "bob", "carol"}},
		{"runaways", []string{"alice", "bob", "carol", "dave"}},
	} {
		b.Run(mix.name, func(b *testing.B) {
			dir := b.TempDir()
			var subs []string
			for i := range 300 {
				src, err := os.ReadFile(filepath.Join("testdata/class", mix.students[i%len(mix.students)], "gcd.asm"))
				require.NoError(b, err)
				path := filepath.Join(dir, fmt.Sprintf("s%03d.asm", i))
				require.NoError(b, os.WriteFile(path, src, 0o666))
				subs = append(subs, path)
			}
			// As cpu32 test runs it: each case's machine is garbage at
			// once, and the live heap small.
			defer debug.SetGCPercent(debug.SetGCPercent(400))
			b.ResetTimer()
			for b.Loop() {
				rs := Grade(context.Background(), s, subs, Options{Jobs: 2})
				if len(rs) != 300 || !rs[0].OK() {
					b.Fatal("the class was not graded")
				}
			}
			b.ReportMetric(float64(300*b.N)/b.Elapsed().Seconds(), "submissions/s")
		})
	}
}
