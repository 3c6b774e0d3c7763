//go:build amd64 || arm64

package jit

import (
	"path/filepath"
	"strings"
	"testing"

	"cpu32/assembler"
)

// arith are the benchmark programs of testdata/arith, written before the
// translation rules for straight arithmetic and compare-and-branch code
// were tuned, to check that those rules are general: a fixed-point sine
// by a polynomial (sine), bit reversal by masked swaps (bitrev), a
// checksum with rotates built from shl, shr and or (rotsum), 64-bit
// products from 16-bit halves (mul64), multi-word additions with the
// carry found by compares (bigadd).
var arith = []string{"arith/sine", "arith/bitrev", "arith/rotsum", "arith/mul64", "arith/bigadd"}

// TestArithPrograms runs the arithmetic programs on both tiers.
func TestArithPrograms(t *testing.T) { goldenPrograms(t, arith) }

// BenchmarkArith runs the arithmetic programs on both tiers (compiled
// before the timing starts), in instructions a second.
func BenchmarkArith(b *testing.B) {
	for _, name := range arith {
		p, err := assembler.AssembleFile("testdata/"+name+".asm", assembler.Options{})
		if err != nil {
			b.Fatal(err)
		}
		benchEngines(b, strings.TrimSuffix(filepath.Base(name), ".asm"), p)
	}
}
