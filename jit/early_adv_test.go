//go:build amd64 || arm64

package jit

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"cpu32/internal/long"
	"cpu32/isa"
)

// genEarlyLoop writes a loop that stops at the data before its bound
// lets it (a search for a mark written at a chosen iteration, from the
// first on, or at none), whose bound is far past memory, wraps, is a
// register or is not there at all (no compare but the search's), through
// pointers and derived addresses that start near the register words,
// near memory's end or beside memory words the loop uses often enough to
// be kept in locals (promote.go), so that the iterations its entry can
// prove safe (fallback.go) end on the register words, memory's end or
// the window of those words; or bounded by such a word, which the loop
// may write through its pointer.
func genEarlyLoop(r *rand.Rand, size int) string {
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	step := int64(1 + r.IntN(3))
	if r.IntN(3) == 0 {
		step = -step
	}
	// The kept words, in the middle of memory; the pointer starts below
	// or above them, or near an end, walking toward them.
	w := int64(size / 2)
	var start int64
	switch r.IntN(5) {
	case 0:
		start = int64(32 + r.IntN(12)) // near the register words
	case 1:
		start = int64(size - 1 - r.IntN(12)) // near memory's end
	case 2:
		start = w - 1 - int64(r.IntN(30)) // below the kept words
	case 3:
		start = w + 3 + int64(r.IntN(30)) // above them
	default:
		start = int64(32 + r.IntN(size-40))
	}
	// The mark, at the iteration the search stops, if any (the loop
	// reads [esi+k] for k in -2..2).
	stop := int64(r.IntN(40))
	if r.IntN(4) == 0 {
		stop = 0
	}
	k := int64(r.IntN(5) - 2)
	mark := start + stop*step + k
	var b strings.Builder
	if mark >= 32 && mark < int64(size) && r.IntN(6) != 0 {
		fmt.Fprintf(&b, "\tmov [%d], 77\n", mark)
	}
	by := fmt.Sprint(step)
	if r.IntN(3) == 0 {
		by = "ebp"
	}
	fmt.Fprintf(&b, "\tmov esi, %d\n\tmov ecx, %d\n\tmov ebp, %d\n\tmov edi, %d\n\tmov eax, 0\n", start, r.IntN(10), step, edgeNum(r, size, 32))
	kept := r.IntN(3) != 0
	fmt.Fprintf(&b, "\tmov [%d], %d\n", w+2, edgeNum(r, size, 0))
	b.WriteString("L:\n")
	if kept {
		fmt.Fprintf(&b, "\tadd [%d], 1\n", w)
	}
	fmt.Fprintf(&b, "\tcmp [esi%+d], 77\n\tje out\n", k)
	for range r.IntN(3) {
		switch r.IntN(4) {
		case 0:
			fmt.Fprintf(&b, "\tadd eax, [esi%+d]\n", r.IntN(5)-2)
		case 1:
			fmt.Fprintf(&b, "\tmov [esi%+d], ecx\n", r.IntN(5)-2)
		case 2: // a derived address: esi less a constant, times 1
			fmt.Fprintf(&b, "\tmov edx, esi\n\tadd edx, %d\n\tadd eax, [edx]\n", r.IntN(5)-2)
		case 3:
			if kept {
				fmt.Fprintf(&b, "\tadd [%d], eax\n", w+1)
			} else { // the bound's word moved
				fmt.Fprintf(&b, "\tadd [%d], %d\n", w+2, 1+r.IntN(3))
			}
		}
	}
	fmt.Fprintf(&b, "\tadd esi, %s\n\tinc ecx\n", by)
	switch r.IntN(6) {
	case 5: // a bound in a word the region keeps, set before the loop
		fmt.Fprintf(&b, "\tcmp ecx, [%d]\n\t%s L\n", w+2, pick("jl", "jb", "jle"))
	case 0:
		b.WriteString("\tjmp L\n")
	case 1:
		fmt.Fprintf(&b, "\tcmp ecx, %s\n\tjl L\n", pick("0x7FFFFFFF", "2000000", "edi"))
	case 2:
		fmt.Fprintf(&b, "\tcmp ecx, %s\n\tjb L\n", pick("0xFFFFFFFF", "edi", "4000000000"))
	case 3: // the pointer bounded: far away, or by a register
		if step > 0 {
			fmt.Fprintf(&b, "\tcmp esi, %s\n\t%s L\n", pick("0x7FFFFFFF", "edi", "1000000", "0xFFFFFFF0"), pick("jl", "jb", "jle", "jbe"))
		} else {
			fmt.Fprintf(&b, "\tcmp esi, %s\n\t%s L\n", pick("0", "-1000000", "edi", "0x80000000"), pick("jg", "ja", "jge", "jae"))
		}
	default: // a counter that wraps before its bound
		fmt.Fprintf(&b, "\tcmp ecx, %s\n\tjne L\n", pick("-1", "edi", "5"))
	}
	b.WriteString("out:\n\tprn eax\n\tprn ecx\n")
	if kept {
		fmt.Fprintf(&b, "\tprn [%d]\n", w)
	}
	return b.String()
}

// TestEarlyAdversary runs generated loops that stop before their bound
// on the interpreter and on compiled code, with and without step limits,
// and fails on any difference.
func TestEarlyAdversary(t *testing.T) {
	n := 3000
	if long.Run {
		n = 30000
	}
	hoisted, open, kept, word := 0, 0, 0, 0
	defer func() {
		if hoisted < n/2 || word < n/40 {
			t.Errorf("of %d loops, %d are checked at entry, %d with no bound, %d bounded by a kept word: the generator misses the mechanism", n, hoisted, open, word)
		}
		t.Logf("of %d loops, %d are checked at entry, %d with no bound, %d in a region that keeps words, %d bounded by one", n, hoisted, open, kept, word)
	}()
	runGenerated(t, n, 23, genEarlyLoop, func(c *compiler, lc *loopCheck) {
		hoisted++
		if lc.bound == nil {
			open++
		} else if lc.bound.x.k == isa.Addr && !isReg(lc.bound.x.w) {
			word++
		}
		if len(c.proms[c.region[lc.h]].words) > 0 {
			kept++
		}
	})
}
