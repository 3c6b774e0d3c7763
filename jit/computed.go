//go:build amd64 || arm64

package jit

import "cpu32/isa"

// A computed jump (jmp [table+eax], jmp eax, mov eip, ...) goes through the
// dispatch: out to the region's top, a table by eip, a landing pad and,
// inside a loop, the loop's table by entry number, with the values the
// jump would need undone saved on the way. An interpreter's dispatch
// through a jump table pays all of it on every instruction it interprets
// (8 times native Go, against 1.3 to 3 for the corpus's other loops). So a
// computed jump first compares its target with the blocks whose address
// the program moves or pushes as a value (pointers, the way a jump table
// is filled) that a label reaches from it, as a ret compares with the
// return sites (calls.go): a match branches there directly.

// pointers marks the blocks whose address a mov or push takes as an
// immediate source, or that a table in the data holds (a run of two or
// more words, each the address of a block other than 0's): the places a
// computed jump is likely to go. Other words of the data that happen to
// equal a block's address (small numbers) are left out: each costs every
// computed jump that is not to it a compare. Only
// blocks that test their budget and forget what was checked on entry
// (want) are marked, so that a branch from a computed jump may enter them.
func (c *compiler) pointers() {
	c.pointed = make([]bool, len(c.blocks))
	block := func(w uint32) int32 {
		if w == 0 || w >= c.codeLen || c.blockAt[w] < 0 || !c.want[c.blockAt[w]] {
			return -1
		}
		return c.blockAt[w]
	}
	for a := 0; a+1 < len(c.data); a++ {
		if x, y := block(c.data[a]), block(c.data[a+1]); x >= 0 && y >= 0 {
			c.pointed[x], c.pointed[y] = true, true
		}
	}
	for _, in := range c.at {
		if in == nil || in.bad || in.op != isa.Mov && in.op != isa.Push {
			continue
		}
		o := in.o[in.n-1]
		if bi := block(o.w); o.k == isa.Imm && bi >= 0 {
			c.pointed[bi] = true
		}
	}
}

// predictBlocks branches, when the target in local l is the address of a
// block marked in mark that a label reaches from here (at most
// maxPredicted of them), straight to it, calling pre first: one ahead in
// a scope around the jump, or one inside a loop around it, through that
// loop's dispatch by entry number.
func (c *compiler) predictBlocks(l uint32, mark []bool, pre func()) {
	n := 0
	for i := c.regions[c.cur][0]; i <= c.regions[c.cur][1] && n < maxPredicted; i++ {
		if !mark[i] || c.cold[i] {
			continue
		}
		lb, ok := c.label(c.blocks[i].start)
		id := int32(-1)
		if !ok && c.entryID[i] >= 0 {
			// The innermost open loop that holds block i.
			for h := i - 1; h >= c.regions[c.cur][0] && !ok; h-- {
				if lb = c.loopLabel[h]; lb >= 0 && i <= c.loopEnd[h] {
					ok, id = true, c.entryID[i]
				}
			}
		}
		if !ok {
			continue
		}
		n++
		c.get(l)
		c.i32(c.blocks[i].start)
		c.op(opI32Eq)
		c.open(opIf)
		if pre != nil {
			pre()
		}
		if id >= 0 {
			c.i32(uint32(id))
			c.set(lTgt)
		}
		c.br(opBr, lb)
		c.end()
	}
}
