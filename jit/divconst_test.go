//go:build amd64 || arm64

package jit

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
)

// divisors are constants whose division needs each form of divConst: 1,
// powers of 2 up to 2^31, multipliers that fit 32 bits (3, 5, 10) and
// those that need the 33rd (7, 641), and divisors near 2^31 and 2^32.
var divisors = []uint32{1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 25, 60, 100, 255, 256, 641, 1000,
	3600, 65535, 65536, 65537, 1 << 20, 3486784401, 1<<31 - 1, 1 << 31, 1<<31 + 1,
	0xFFFFFFFE, 0xFFFFFFFF, 123456789, 2863311531}

// dividends returns the values at which a reciprocal's rounding shows
// first for divisor d: 0, around d and its multiples near 2^32, the top of
// 32 bits, and a few at random.
func dividends(d uint32, r *rand.Rand) []uint32 {
	top := ^uint32(0) / d * d
	xs := []uint32{0, 1, d - 1, d, d + 1, 2*d - 1, 2 * d, top - 1, top, top - d, top - d - 1,
		1<<31 - 1, 1 << 31, 0xFFFFFFFE, 0xFFFFFFFF}
	for range 8 {
		xs = append(xs, r.Uint32())
	}
	return xs
}

// TestDivMagic checks divMagic's multiplier the way divConst uses it,
// for every divisor below 70,000 that is not a power of 2 and those of
// divisors, at the dividends where rounding would show.
func TestDivMagic(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	ds := append([]uint32{}, divisors...)
	for d := uint32(3); d < 70000; d++ {
		ds = append(ds, d)
	}
	for _, d := range ds {
		if d&(d-1) == 0 {
			continue
		}
		m, l, add := divMagic(d)
		for _, x := range dividends(d, r) {
			q := uint64(x) * m >> 32
			if add {
				q += uint64(x)
			}
			if got := uint32(q >> l); got != x/d {
				t.Fatalf("%d/%d: %d, want %d (m %d, l %d, add %v)", x, d, got, x/d, m, l, add)
			}
		}
	}
}

// TestDivideByConstant runs div and mod by constants on both tiers, each
// dividend in a register and in memory, the quotient and the remainder
// printed: compiled code divides by a constant without x86's div.
func TestDivideByConstant(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var b strings.Builder
	for _, d := range divisors {
		for _, x := range dividends(d, r) {
			fmt.Fprintf(&b, "mov eax, %d\ndiv eax, %d\nprn eax\nmov [v], %d\ndiv [v], %d\nprn [v]\n", x, d, x, d)
			fmt.Fprintf(&b, "mov ebx, %d\nmod ebx, %d\nrem ecx\nprn ecx\nmov [v], %d\nmod [v], %d\nrem ecx\nprn ecx\n", x, d, x, d)
		}
	}
	b.WriteString("section .data\nv: dd 0\n")
	p, err := assembler.Assemble("div.asm", []byte(b.String()), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	both(t, p, cpu.Config{}, "", 1<<40, nil)
}
