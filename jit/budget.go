//go:build amd64 || arm64

package jit

import "cpu32/isa"

// maxCover bounds how many steps one budget test may vouch for: near the
// end of a budget (a step limit, or the end of each piece Auto's judge
// and Run's callers ask for), the interpreter runs, a step at a time, at
// most about this many steps that compiled code could have run.
const maxCover = 64

// budgets decides where compiled code tests the step budget. Every block
// takes its length from the budget, but only some test it first: a block
// whose every way in comes, without a test between, from one tested block
// (its root) leaves the test to that root, which tests for the longest
// run of blocks it vouches for. So a loop's body tests the budget once an
// iteration, at its header, for the iteration's longest path, not once a
// block. A test that fails leaves to the interpreter at the root, before
// it ran: exact, as the interpreter stops at the limit, step by step.
//
// A block tests for itself when it can be entered other than by falling
// or jumping from a block before it in the same region and loop: from Go,
// through a dispatch (every block at the top, where a computed jump may
// land; an entry of a loop), by a jump back (a loop's header), or from
// code not compiled.
func (c *compiler) budgets() {
	n := len(c.blocks)
	c.cover = make([]uint32, n)
	c.follows = make([]bool, n)
	root := make([]int, n)
	acc := make([]uint32, n) // the most steps from the root's start to this block's end
	preds := make([][]int, n)
	for i, bl := range c.blocks {
		if len(bl.ins) == 0 {
			continue
		}
		last := bl.ins[len(bl.ins)-1]
		t, ok := c.target(last)
		if ok {
			preds[c.blockAt[t]] = append(preds[c.blockAt[t]], i)
		}
		if i+1 < n && !(ok && !last.bad && last.op == isa.Jmp) {
			preds[i+1] = append(preds[i+1], i)
		}
	}
	for j := range n {
		root[j], acc[j] = j, uint32(len(c.blocks[j].ins))
		alone := c.want[j] || c.cold[j] || c.scopeOf[j] < 0 || c.loopEnd[j] >= 0 || c.entryID[j] >= 0 || len(preds[j]) == 0
		r, most := -1, uint32(0)
		for _, p := range preds[j] {
			if alone {
				break
			}
			switch {
			case p >= j || c.cold[p] || c.region[p] != c.region[j] || c.scopeOf[p] != c.scopeOf[j] && p != c.scopeOf[j]:
				alone = true
			case r >= 0 && root[p] != r:
				alone = true
			default:
				r, most = root[p], max(most, acc[p])
			}
		}
		// Entered only by falling from the block before: what that block
		// checked holds here (addr.go).
		c.follows[j] = !alone && len(preds[j]) == 1 && preds[j][0] == j-1
		if !alone && most+acc[j] <= maxCover {
			root[j], acc[j] = r, most+acc[j]
		}
		// Only roots test: a block tested by its root is never one.
		c.cover[root[j]] = max(c.cover[root[j]], acc[j])
	}
}
