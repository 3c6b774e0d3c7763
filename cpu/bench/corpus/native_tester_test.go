package corpus_test

import (
	"math/bits"
	"strings"
)

// The native versions of the corpus programs an outside tester of issue
// 16 wrote (queens.vm to radix.asm), as in native_test.go.

func nativeQueens(n uint32) string {
	full := uint32(1)<<n - 1
	var solutions uint32
	var place func(cols, left, right uint32)
	place = func(cols, left, right uint32) {
		if cols == full {
			solutions++
			return
		}
		for free := ^(cols | left | right) & full; free != 0; {
			bit := free & -free
			free ^= bit
			place(cols|bit, (left|bit)<<1&full, (right|bit)>>1)
		}
	}
	place(0, 0, 0)
	return prns(solutions)
}

func nativeFactor(n uint32) string {
	var primes, largestSum, factors uint32
	for i := uint32(2); i < n; i++ {
		x, count, largest := i, uint32(0), uint32(1)
		for x%2 == 0 {
			x /= 2
			count++
			largest = 2
		}
		for d := uint32(3); d*d <= x; {
			if x%d == 0 {
				x /= d
				count++
				largest = d
			} else {
				d += 2
			}
		}
		if x != 1 {
			count++
			largest = x
		}
		largestSum += largest
		factors += count
		if count == 1 {
			primes++
		}
	}
	return prns(primes, largestSum, factors)
}

func nativeFibmat(count uint32) string {
	const p = 32749
	type matrix [4]uint32
	times := func(x, y matrix) matrix {
		return matrix{
			(x[0]*y[0] + x[1]*y[2]) % p, (x[0]*y[1] + x[1]*y[3]) % p,
			(x[2]*y[0] + x[3]*y[2]) % p, (x[2]*y[1] + x[3]*y[3]) % p,
		}
	}
	var sum, f uint32
	for k := uint32(1); k <= count; k++ {
		r, a := matrix{1, 0, 0, 1}, matrix{1, 1, 1, 0}
		for e := k * 7919; e != 0; e >>= 1 {
			if e&1 != 0 {
				r = times(r, a)
			}
			a = times(a, a)
		}
		f = r[1]
		sum += f
	}
	return prns(sum, f)
}

func nativeRule30(gens uint32) string {
	const mask = 1<<30 - 1
	w := [4]uint32{0, 0, 1, 0}
	var ones, last uint32
	for range gens {
		var next [4]uint32
		for i := range w {
			before, after := w[(i+3)%4], w[(i+1)%4]
			left := (before>>29 | w[i]<<1) & mask
			right := (after&1)<<29 | w[i]>>1
			next[i] = left ^ (w[i] | right)
		}
		w = next
		ones += w[2] & 1
		last = (last<<1 | w[2]&1) & mask
	}
	return prns(ones, last, w[0], w[1], w[2], w[3])
}

var _ = bits.OnesCount32
var _ strings.Builder
