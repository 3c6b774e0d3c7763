//go:build amd64 || arm64

package jit

import (
	"cpu32/isa"
	"cpu32/memory"
)

// A computed jump (jmp [table+eax], jmp eax, mov eip, ...) goes through the
// dispatch: out to the region's top, a table by eip, a landing pad and,
// inside a loop, the loop's table by entry number, with the values the
// jump would need undone saved on the way. An interpreter's dispatch
// through a jump table pays all of it on every instruction it interprets
// (8 times native Go, against 1.3 to 3 for the corpus's other loops). So a
// computed jump first compares its target with the blocks whose address
// the program takes as a value (pointers) that a label reaches from it, as
// a ret compares with the return sites (calls.go): a match branches there
// directly.

// pointers marks the blocks whose address the program takes as a value:
// the immediate source of a mov or push, a word of a table in the data
// (a run of two or more words, each the address of a block other than
// 0's, or one word that holds a block only computed jumps reach:
// reachedOnlyComputed), or a word a jump reads at a constant address
// (throughWord). These are where a computed jump may go: they can be entered
// (entries), and a computed jump compares its target with them. An
// address computed otherwise (add eax, 3; jmp eax), or a lone word of the
// data, is left to the interpreter: a word of the data or an operand (cmp
// ecx, 40) that happens to equal a block's address made it an entry, which
// costs the loops around it a test of the dispatch on every iteration, and
// every computed jump that is not to it a compare.
func (c *compiler) pointers() {
	c.pointed = make([]bool, len(c.blocks))
	jumps, other := c.jumpsComputed()
	if !jumps {
		// Nothing jumps where a pointer points: no entries for them, and
		// no look at memory (a megabyte or more, a page fault every 4 KB
		// of it that the program never wrote).
		return
	}
	block := func(w uint32) int32 {
		if w == 0 || w >= c.codeLen {
			return -1
		}
		return c.blockAt[w]
	}
	// A look at each word of memory (a megabyte or more, in which code
	// addresses are rare), one compare each: w-1 < codeLen-1 is
	// 0 < w < codeLen. The whole scan took 1-2 ms with two calls of block a
	// word, the largest part of a small program's translation.
	// A ret goes where a call or a push put the address (a call's return
	// site, a push's immediate): a program whose only computed jumps are
	// rets does not look at memory.
	prev, last := int32(-1), -2 // the last word that was a code address, and where
	lim := max(c.codeLen, 1) - 1
	data := c.data
	var only []bool
	if other {
		only = c.reachedOnlyComputed()
	} else {
		data = nil
	}
	for a, w := range data {
		if w-1 >= lim {
			continue
		}
		x := c.blockAt[w]
		if x >= 0 && (only[x] || prev >= 0 && last == a-1) {
			c.pointed[x] = true
			if prev >= 0 && last == a-1 {
				c.pointed[prev] = true
			}
		}
		prev, last = x, a
	}
	for _, in := range c.at {
		if t, ok := c.throughWord(in); ok {
			c.pointed[c.blockAt[t]] = true
		}
		if in == nil || in.bad || in.op != isa.Mov && in.op != isa.Push {
			continue
		}
		if o := in.o[in.n-1]; o.k == isa.Imm {
			if bi := block(o.w); bi >= 0 {
				c.pointed[bi] = true
			}
		}
	}
}

// reachedOnlyComputed marks the blocks that nothing reaches but a computed
// jump: no instruction falls into them (the one before is a jmp or a ret)
// and no constant jump or call goes there, nor the program's entry. A
// word of the data that holds such a block's address is a pointer however
// alone it is: the handlers of direct-threaded code, whose addresses the
// program interleaves with their operands, or a callback stored in a
// structure. Nothing else gets there, so making it an entry costs no
// other path a test.
func (c *compiler) reachedOnlyComputed() []bool {
	only := make([]bool, len(c.blocks))
	for i := 1; i < len(c.blocks); i++ {
		if prev := c.blocks[i-1].ins; len(prev) > 0 && c.blocks[i].start != c.entry {
			if in := prev[len(prev)-1]; !in.bad && !in.exit && (in.op == isa.Jmp || in.op == isa.Ret) {
				only[i] = true
			}
		}
	}
	for _, bl := range c.blocks {
		for _, in := range bl.ins {
			if t, ok := c.target(in); ok {
				only[c.blockAt[t]] = false
			}
		}
	}
	return only
}

// jumpsComputed reports whether the program has an instruction that may
// jump to an address it takes from a register or memory (jmp, a
// conditional jump or call to an operand that is not a constant, ret, an
// instruction whose first operand is eip), and whether one of them is not
// a ret: those alone go where a table of the data points.
func (c *compiler) jumpsComputed() (any, other bool) {
	for _, in := range c.at {
		if in == nil || in.bad {
			continue
		}
		switch isa.ByOp(in.op).Flow {
		case isa.RetFlow:
			any = true
			continue
		case isa.Jump, isa.Branch, isa.CallFlow:
			if in.o[0].k != isa.Imm {
				return true, true
			}
		}
		if in.n > 0 && in.o[0].k == isa.Addr && in.o[0].w == uint32(memory.EIP) {
			return true, true
		}
	}
	return any, false
}

// predictBlocks branches, when the target in local l is the address of a
// block marked in mark that a label reaches from here (at most
// maxPredicted of them), straight to it, calling pre first: one ahead in
// a scope around the jump, or one inside a loop, through that loop's
// dispatch by entry number: a loop ahead, else one around the jump. A block branched to must be one that
// tests its budget and forgets what was checked (want).
func (c *compiler) predictBlocks(l uint32, mark []bool, pre func()) {
	n := 0
	for i := c.regions[c.cur][0]; i <= c.regions[c.cur][1] && n < maxPredicted; i++ {
		if !mark[i] || !c.want[i] || c.cold[i] {
			continue
		}
		lb, ok := c.label(c.blocks[i].start)
		id := int32(-1)
		if !ok && c.entryID[i] >= 0 {
			// The innermost loop that holds block i and is an item ahead
			// in a scope around the jump: entered at its header, whose
			// dispatch takes the entry number, not through the dispatch
			// of a loop around both (one table and one test less: a jump
			// table's handler inside a loop of its own).
			for h := i - 1; h >= c.regions[c.cur][0] && !ok; h-- {
				if lb = c.itemLabel[h]; lb >= 0 && c.loopEnd[h] >= i {
					ok, id = true, c.entryID[i]
				}
			}
		}
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

// throughWord returns the target of a jump through a word at a constant
// address (jmp [handler], a function pointer in the data) as the memory
// holds it now, when that is an instruction: the program says it jumps
// there, so it starts a block and is an entry however alone the word is.
// A later write of the word sends the jump elsewhere, which the dispatch
// handles as any computed jump.
func (c *compiler) throughWord(in *ins) (uint32, bool) {
	if in == nil || in.bad || in.n != 1 || in.o[0].k != isa.Addr || isa.ByOp(in.op).Flow != isa.Branch && isa.ByOp(in.op).Flow != isa.Jump {
		return 0, false
	}
	w := in.o[0].w
	if w < memory.Reserved || w >= uint32(len(c.data)) {
		return 0, false
	}
	t := c.data[w]
	return t, t != 0 && t < c.codeLen && c.at[t] != nil
}
