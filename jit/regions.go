//go:build amd64 || arm64

package jit

import "cpu32/isa"

// Where regions end. divide cuts the program by address, and a function
// cut in two by a region's end leaves its region and enters the other's
// dispatch on every way between its parts: a recursive function (a loop
// from its start to its last call, with its returns after) on every
// call, a function of two loops once a call. A sum by halving with a
// frame ran 2-2.5 times slower with its last words past a multiple of
// regionSize, which only dead code before it had moved there. So a
// region that holds a function's start also holds the rest of it, when
// the function spans at most maxFuncWords. A call from a loop to a
// function in the next region leaves on every iteration (a loop calling
// a function 300 words of dead code away ran 3.4 times slower than with
// the function next to it), so a region that holds a loop also holds the
// functions the loop calls after it, and those they call, up to
// maxReachWords from the region's start. Calls from code that runs once,
// and calls back, still cross regions where the functions fall in
// different ones. wazero's compile time grows faster than a function's
// size: a region spans at most maxReachWords plus maxFuncWords.

// maxFuncWords bounds the functions a region keeps whole.
var maxFuncWords = regionSize

// maxReachWords bounds the span of a region that holds the functions its
// loops call.
var maxReachWords = maxHandlerWords

// keeper decides how far the region that divide fills holds on.
type keeper struct {
	c    *compiler
	ends []int  // by block: the last block of the function starting there, or -1
	hot  []bool // by block: in a function a loop calls (held)
	hold int    // the last block the last region holds
}

// holds reports whether the region starting at address lo must take
// the item of blocks i to last.
func (k *keeper) holds(lo uint32, i, last int) bool {
	return i <= k.hold && k.c.after(last)-lo <= maxReachWords+maxFuncWords
}

func (c *compiler) keeper() *keeper {
	return &keeper{c: c, ends: c.functionEnds(), hot: make([]bool, len(c.blocks)), hold: -1}
}

// take notes the item of blocks i to last, in a region starting at
// address lo: the region holds the functions starting in it and those
// the item calls when it is a loop or in a function a loop calls.
func (k *keeper) take(lo uint32, i, last int) {
	c := k.c
	for j := i; j <= last; j++ {
		k.hold = max(k.hold, k.ends[j])
		bl := c.blocks[j]
		if len(bl.ins) == 0 || c.loopEnd[i] < 0 && !k.hot[j] {
			continue
		}
		in := bl.ins[len(bl.ins)-1]
		if in.op != isa.Call || c.inlined(in) != nil {
			continue
		}
		t, ok := c.target(in)
		if !ok {
			continue
		}
		f := int(c.blockAt[t])
		if e := k.ends[f]; f > j && e >= 0 && c.after(e)-lo <= maxReachWords && !k.hot[f] {
			k.hold = max(k.hold, e)
			for x := f; x <= e; x++ {
				k.hot[x] = true
			}
		}
	}
}

// functionEnds returns, by block, the last block of the function that a
// constant call enters there, or -1: the blocks its falls and constant
// jumps reach from its start up to its rets (a call in it taken to
// return), widened to the loops among them, when they span at most
// maxFuncWords from the start; -1 too where they do not, or where a
// block of it jumps to a computed address or to one before the start
// (what that reaches is not known).
func (c *compiler) functionEnds() []int {
	n := len(c.blocks)
	ends := make([]int, n)
	for i := range ends {
		ends[i] = -1
	}
	seen := make([]int, n) // by block: the last function (start+1) that reached it
	done := make([]bool, n)
	for _, bl := range c.blocks {
		if len(bl.ins) == 0 {
			continue
		}
		in := bl.ins[len(bl.ins)-1]
		if in.op != isa.Call {
			continue
		}
		if t, ok := c.target(in); ok {
			if f := int(c.blockAt[t]); f >= 0 && !done[f] {
				done[f] = true
				ends[f] = c.functionEnd(f, seen)
			}
		}
	}
	return ends
}

// functionEnd returns the last block of the function at block f, or -1
// (see functionEnds); seen marks the blocks it visits with f+1.
func (c *compiler) functionEnd(f int, seen []int) int {
	n := len(c.blocks)
	lim := c.blocks[f].start + maxFuncWords
	work := []int{f}
	seen[f] = f + 1
	last := f
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		bl := c.blocks[b]
		if b < f || bl.start == c.codeLen || c.after(b) > lim {
			return -1
		}
		last = max(last, b)
		if len(bl.ins) == 0 {
			continue
		}
		in := bl.ins[len(bl.ins)-1]
		var next []int
		switch fl := isa.ByOp(in.op).Flow; {
		case in.bad || fl == isa.RetFlow || fl == isa.HaltFlow:
		case fl == isa.Jump || fl == isa.Branch:
			t, ok := c.target(in)
			if !ok {
				return -1
			}
			next = append(next, int(c.blockAt[t]))
			if fl == isa.Branch {
				next = append(next, b+1)
			}
		case fl == isa.Next && c.ends(in) && !in.exit:
			return -1 // a write of eip: a computed jump
		default:
			next = append(next, b+1)
		}
		for _, x := range next {
			if x < n && seen[x] != f+1 {
				seen[x] = f + 1
				work = append(work, x)
			}
		}
	}
	for j := f; j <= last; j++ {
		last = max(last, c.loopEnd[j])
	}
	if c.after(last) > lim {
		return -1
	}
	return last
}
