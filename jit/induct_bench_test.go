//go:build amd64 || arm64

package jit

import "testing"

// inductPrograms are testdata/induct's programs: loops through registers
// that move by a register (stride), bounded by two that move (twoptr),
// walks that end on the data (walk), and through addresses worked out
// from the loop's registers in its body: row*COLS+col (stencil2d,
// transpose), amount-coin (coins), n-1-i (revpair), a pointer plus a
// field's offset (records).
func inductPrograms(t testing.TB) []string { return dirPrograms(t, "induct") }

// TestInductPrograms runs testdata/induct's programs compiled and checks
// their output against the golden files (the interpreter's).
func TestInductPrograms(t *testing.T) { goldenFiles(t, inductPrograms(t), false) }

// BenchmarkInduct runs testdata/induct's programs on both tiers (compiled
// before the timing starts), in instructions a second.
func BenchmarkInduct(b *testing.B) { benchFiles(b, inductPrograms(b)) }
