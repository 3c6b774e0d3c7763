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
		if i+1 < n && !jumpsAway(last, ok) {
			preds[i+1] = append(preds[i+1], i)
		}
	}
	c.directEdges(func(a, t int) { preds[t] = append(preds[t], a) })
	for j := range n {
		root[j], acc[j] = j, uint32(len(c.regionIns(j))) // a call's copy too (inline)
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

// onEdge decides which loops test the budget on the edges into their
// header rather than in it: at the loop's entry, before the wasm loop, and
// before each branch back. Then a register or the flags that an iteration
// sets before it reads them is not live round the loop (the header's test
// exits with every register's value from the iteration before), which in
// wazero's register allocation spared a move or a spill of each such value
// an iteration. A loop with a block inside it that a dispatch enters keeps
// the test in its header: such a way in branches to the loop's start with
// the entry's number and does not start at the header.
func (c *compiler) onEdge() {
	n := len(c.blocks)
	c.onEdges = make([]bool, n)
	for h := range n {
		e := c.loopEnd[h]
		if e < 0 || c.cover[h] == 0 {
			continue
		}
		c.onEdges[h] = true
		for i := h + 1; i <= e; i++ {
			if c.entryID[i] >= 0 {
				c.onEdges[h] = false
				break
			}
		}
	}
}

// budgetTest leaves to the interpreter at block i, before it ran, when
// the budget is less than the steps i's test vouches for (none when it
// tests for nothing).
func (c *compiler) budgetTest(i int) {
	if w := c.cover[i]; w > 0 {
		c.get(lBud)
		c.i32(w)
		c.exitIfCmp(opI32LtS, c.blocks[i].start, 0)
	}
}

// setEdgeTest makes a br to label l test header h's budget (-1: none).
func (c *compiler) setEdgeTest(l, h int) {
	for len(c.edgeTest) <= l {
		c.edgeTest = append(c.edgeTest, -1)
	}
	c.edgeTest[l] = h
}

// edgeTested reports whether a br to label l tests a loop's budget first
// (setEdgeTest): the budget test br emits and predictTable pads for.
func (c *compiler) edgeTested(l int) bool { return l < len(c.edgeTest) && c.edgeTest[l] >= 0 }

// spend takes n steps, a block's (or a copied function's block's), from
// the budget.
func (c *compiler) spend(n uint32) {
	c.get(lBud)
	c.i32(n)
	c.op(opI32Sub)
	c.set(lBud)
}

// jumpsAway reports whether in, the last instruction of a block, is a jmp
// to a constant target (ok: c.target found it), so that nothing falls
// from its block into the next.
func jumpsAway(in *ins, ok bool) bool { return ok && !in.bad && in.op == isa.Jmp }
