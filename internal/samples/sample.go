// Package samples keeps where a machine runs, seen every Piece steps of
// the interpreter: the addresses the compiling tier compiles first (the
// parts of the program that are hot). jit's Runner and the debugger's
// sessions sample alike; the debugger may not import jit, which the
// playground's engine (built for the browser, where nothing compiles)
// never links, so the ring is here, for both.
package samples

import "slices"

// Piece is how many steps the interpreter runs between two samples, and
// Keep how many of the latest samples a Ring keeps: some four million
// steps of the program, enough to find its loops, few enough to translate
// at once.
const (
	Piece = 1 << 12
	Keep  = 1 << 10
)

// Ring keeps the latest samples (the addresses where the machine was),
// Keep of them, or all of those Set gave it. The zero value is empty.
type Ring struct {
	s []uint32
	n int // samples taken since it was empty
}

// Add takes a sample, in place of the oldest when the ring is full.
func (r *Ring) Add(eip uint32) {
	if len(r.s) < Keep {
		r.s = append(r.s, eip)
	} else {
		r.s[r.n%len(r.s)] = eip
	}
	r.n++
}

// Set makes the ring hold samples, all of them (a list kept from an
// earlier run may hold more than Keep), as if they had been taken in
// their order: the ring keeps a copy.
func (r *Ring) Set(samples []uint32) {
	r.s = append(r.s[:0], samples...)
	r.n = len(samples)
}

// Reset empties the ring.
func (r *Ring) Reset() { r.s, r.n = r.s[:0], 0 }

// Taken returns how many samples were taken since the ring was empty.
func (r *Ring) Taken() int { return r.n }

// Back returns the i-th latest sample: 0 is the latest. i must be below
// Taken and the number kept.
func (r *Ring) Back(i int) uint32 { return r.s[(r.n-1-i)%len(r.s)] }

// Kept returns a copy of the samples kept, in no particular order: what
// to compile.
func (r *Ring) Kept() []uint32 { return slices.Clone(r.s) }
