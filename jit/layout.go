//go:build amd64 || arm64

package jit

import (
	"slices"

	"cpu32/isa"
)

// Block layout. Blocks are laid out in address order, and a jump to a
// block at or before it is a wasm loop (findLoops). An interpreter's
// handlers that jump back to a shared block before them (a write-back, the
// state between tokens) make that block the header of a loop nested in the
// dispatch loop, the handlers inside it: a handler is then no longer
// after the dispatch's jump in its scope, so the jump reaches it only
// through the region's dispatch (out to the top, a pad, the inner loop's
// table by entry number), and every loop header is a merge point where
// wazero's register allocator moves the live values. So inside each
// outermost loop the runs of blocks that fall into each other (chains:
// a fall must stay a fall) are laid out in reverse postorder of the jumps
// between them from the loop's first chain, computed jumps counted as
// jumps to the blocks whose address the program takes: a jump goes
// backward only where the code has a cycle. The loop's first chain stays
// first, and its last stays last when it falls out of the loop. The new
// order is kept only when fewer blocks are the target of a jump back than
// in address order, and when the outermost loops stay what they were
// (each still one loop over the same blocks: regions stay ranges of
// addresses); else the program keeps address order.
//
// What reads the blocks by index follows the layout: a fall is to the
// next block, a loop is a range of blocks, a label reaches the blocks
// after it. What reads addresses reads them of each block (after, the
// regions' bounds, blockOf), and the dispatches sort their targets.

// layout reorders the blocks inside each outermost loop (see above) and
// finds the loops again when it did.
func (c *compiler) layout() {
	n := len(c.blocks)
	type item struct{ h, e int }
	var items []item
	perm := make([]int, 0, n) // by new index: the old one
	moved := false
	for i := 0; i < n; i++ {
		e := c.loopEnd[i]
		if e < 0 {
			perm = append(perm, i)
			items = append(items, item{i, i})
			continue
		}
		items = append(items, item{i, e})
		if order := c.arrange(i, e); order != nil {
			perm, moved = append(perm, order...), true
		} else {
			for j := i; j <= e; j++ {
				perm = append(perm, j)
			}
		}
		i = e
	}
	if !moved {
		return
	}
	blocks, pointed := c.blocks, c.pointed
	c.permute(blocks, pointed, perm)
	c.keep = nil
	for _, it := range items {
		if it.e > it.h {
			c.keep = append(c.keep, [2]int{it.h, it.e})
		}
	}
	c.findLoops()
	same := true
	k := 0
	for i := 0; i < n && same; i++ {
		e := max(i, c.loopEnd[i])
		same = items[k] == item{i, e}
		k++
		i = e
	}
	c.keep = nil
	if !same || k != len(items) {
		for i := range perm {
			perm[i] = i
		}
		c.permute(blocks, pointed, perm)
		c.findLoops()
	}
}

// permute lays out blocks (with pointed, by block) in the order perm
// gives, by new index the old one.
func (c *compiler) permute(blocks []block, pointed []bool, perm []int) {
	c.blocks = make([]block, len(blocks))
	c.pointed = make([]bool, len(blocks))
	for k, o := range perm {
		c.blocks[k] = blocks[o]
		c.pointed[k] = pointed[o]
		c.blockAt[blocks[o].start] = int32(k)
	}
}

// falls reports whether block i may go on to the block after it: its end
// is no jmp and no ret.
func (c *compiler) falls(i int) bool {
	ins := c.blocks[i].ins
	if len(ins) == 0 {
		return false
	}
	in := ins[len(ins)-1]
	f := isa.ByOp(in.op).Flow
	return in.bad || in.exit || f != isa.Jump && f != isa.RetFlow
}

// arrange returns the layout of the blocks of the outermost loop h..e, by
// new position the old index, or nil to keep address order.
func (c *compiler) arrange(h, e int) []int {
	var starts []int              // the chains' first blocks
	chainOf := make([]int, e-h+1) // by block - h
	for j := h; j <= e; j++ {
		if j == h || !c.falls(j-1) {
			starts = append(starts, j)
		}
		chainOf[j-h] = len(starts) - 1
	}
	k := len(starts)
	if k < 3 {
		return nil
	}
	chainEnd := func(x int) int {
		if x+1 < k {
			return starts[x+1] - 1
		}
		return e
	}
	fixed := -1 // the last chain, when it falls out of the loop
	if c.falls(e) {
		fixed = k - 1
	}
	// succ calls f for each block of h..e that block j jumps to.
	succ := func(j int, f func(t int)) {
		ins := c.blocks[j].ins
		if len(ins) == 0 {
			return
		}
		last := ins[len(ins)-1]
		if t, ok := c.target(last); ok && int(c.blockAt[t]) >= h && int(c.blockAt[t]) <= e {
			f(int(c.blockAt[t]))
		}
		if c.predicting(last) {
			for t := h; t <= e; t++ {
				if c.pointed[t] {
					f(t)
				}
			}
		}
	}
	seen := make([]bool, k)
	var order []int // of chains
	var post []int
	var visit func(x int)
	visit = func(x int) {
		seen[x] = true
		var next []int
		for j := starts[x]; j <= chainEnd(x); j++ {
			succ(j, func(t int) { next = append(next, chainOf[t-h]) })
		}
		for _, y := range sortedSet(next) {
			if !seen[y] && y != fixed {
				visit(y)
			}
		}
		post = append(post, x)
	}
	for x := range k {
		if !seen[x] && x != fixed {
			post = post[:0]
			visit(x)
			for i := len(post) - 1; i >= 0; i-- {
				order = append(order, post[i])
			}
		}
	}
	if fixed >= 0 {
		order = append(order, fixed)
	}
	var blocks []int
	for _, x := range order {
		for j := starts[x]; j <= chainEnd(x); j++ {
			blocks = append(blocks, j)
		}
	}
	pos := make([]int, e-h+1) // by block - h: its new position
	for p, j := range blocks {
		pos[j-h] = p
	}
	// backTargets counts the blocks but h that a jump reaches at or before
	// it, at by block - h its position.
	backTargets := func(at func(j int) int) int {
		back := make(map[int]bool)
		for j := h; j <= e; j++ {
			succ(j, func(t int) {
				if t != h && at(t) <= at(j) {
					back[t] = true
				}
			})
		}
		return len(back)
	}
	if backTargets(func(j int) int { return pos[j-h] }) >= backTargets(func(j int) int { return j - h }) {
		return nil
	}
	return blocks
}

// sortedSet returns xs sorted, each once.
func sortedSet(xs []int) []int {
	slices.Sort(xs)
	return slices.Compact(xs)
}
