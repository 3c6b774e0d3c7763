//go:build amd64 || arm64

package jit

import (
	"slices"
	"sort"

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
		pair := prev >= 0 && last == a-1
		if x >= 0 && (only[x] || pair) {
			c.pointed[x] = true
			if pair {
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
// block marked in mark that a label reaches from here, straight to it,
// calling pre first: one ahead in a scope around the jump, or one inside a
// loop, through that loop's dispatch by entry number: a loop ahead, else
// one around the jump. A block branched to must be one that tests its
// budget and forgets what was checked (want), or, with direct, a pointed
// block that budgets counted the jump as a way into (directEdges). At
// most maxPredicted entries are compared one by one, and every block no
// dispatch lands on; from tableMin targets on, when their
// addresses are dense, one br_table by the target's offset from the first
// reaches them all (a switch's cases, an interpreter's handlers): a
// bounds check and an indirect branch, whichever the target.
func (c *compiler) predictBlocks(l uint32, mark []bool, direct bool, pre func()) {
	top := direct && c.outside(c.blockOf(c.blockIns[0].pc))
	var ts []predicted
	for i := c.regions[c.cur][0]; i <= c.regions[c.cur][1] && len(ts) < maxTabled; i++ {
		if !mark[i] || !c.want[i] && !direct || c.cold[i] || top && c.want[i] {
			continue
		}
		if lb, id, ok := c.reach(i); ok && (c.want[i] || id < 0) {
			ts = append(ts, predicted{c.blocks[i].start, lb, id, c.want[i]})
		}
	}
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].at < ts[j].at }) // the layout may have moved them
	if len(ts) >= tableMin && ts[len(ts)-1].at-ts[0].at < jumpDense*uint32(len(ts)) {
		c.predictTable(l, ts, pre)
		return
	}
	for k, t := range ts {
		if k >= maxPredicted && t.entry {
			continue // the dispatch finds it
		}
		c.get(l)
		c.i32(t.at)
		c.op(opI32Eq)
		c.open(opIf)
		c.land(t, pre)
		c.end()
	}
}

// predicted is a target predictBlocks branches to: its address, the label
// that reaches it, and the entry number to give the loop that label
// heads, or -1.
type predicted struct {
	at    uint32
	lb    int
	id    int32
	entry bool // the dispatch can land there too
}

// Bounds on predictBlocks' table: at least tableMin targets (fewer are
// compared one by one), at most maxTabled, at most jumpDense words of code
// per target from the first to the last (jumpDense; a table costs wazero a block per
// word it spans; a jump site's targets are handlers of some length).
const (
	tableMin  = 5
	maxTabled = 256
	jumpDense = 32
)

// land branches to predicted target t, calling pre first.
func (c *compiler) land(t predicted, pre func()) {
	if pre != nil {
		pre()
	}
	if t.id >= 0 {
		c.i32(uint32(t.id))
		c.set(lTgt)
	}
	c.br(opBr, t.lb)
}

// predictTable is predictBlocks' br_table over targets ts, in address
// order: straight to a target's label when it needs nothing first, else
// through a pad that calls pre, sets the entry number or tests the budget
// of a loop that tests it on the edges into its header (a br does,
// edgeTested); any other address goes on after it.
func (c *compiler) predictTable(l uint32, ts []predicted, pre func()) {
	miss := c.open(opBlock)
	pad := make([]int, len(ts))
	for k := len(ts) - 1; k >= 0; k-- {
		pad[k] = -1
		if pre != nil || ts[k].id >= 0 || c.edgeTested(ts[k].lb) {
			pad[k] = c.open(opBlock)
		}
	}
	c.get(l)
	if ts[0].at != 0 {
		c.i32(ts[0].at)
		c.op(opI32Sub)
	}
	c.op(opBrTable)
	c.b.u32(ts[len(ts)-1].at + 1 - ts[0].at)
	k := 0
	for a := ts[0].at; a <= ts[len(ts)-1].at; a++ {
		lb := miss
		if a == ts[k].at {
			if lb = ts[k].lb; pad[k] >= 0 {
				lb = pad[k]
			}
			k++
		}
		c.b.u32(c.depth(lb))
	}
	c.b.u32(c.depth(miss))
	for k, t := range ts {
		if pad[k] >= 0 {
			c.end()
			c.land(t, pre)
		}
	}
	c.end()
}

// reach returns the label that reaches block i from here, if one does,
// and the entry number to give the loop it heads (-1: none, the label is
// the block's own).
func (c *compiler) reach(i int) (lb int, id int32, ok bool) {
	lb, ok = c.label(c.blocks[i].start)
	id = -1
	if !ok && c.entryID[i] >= 0 {
		// The innermost loop that holds block i and is an item ahead
		// in a scope around the jump: entered at its header, whose
		// dispatch takes the entry number, not through the dispatch
		// of a loop around both (one table and one test less: a jump
		// table's handler inside a loop of its own). Else the
		// innermost open loop that holds it.
		if lb, ok = c.holding(i, c.itemLabel); !ok {
			lb, ok = c.holding(i, c.loopLabel)
		}
		if ok {
			id = c.entryID[i]
		}
	}
	return lb, id, ok
}

// holding returns the label, of labels (by loop header), of the innermost
// loop in the region being emitted that holds block i and has one.
func (c *compiler) holding(i int, labels []int) (int, bool) {
	for h := i - 1; h >= c.regions[c.cur][0]; h-- {
		if labels[h] >= 0 && i <= c.loopEnd[h] {
			return labels[h], true
		}
	}
	return -1, false
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

// outside reports whether block i is in no loop: a computed jump there
// goes straight to the top dispatch, one br_table by the target's address
// over the blocks at the top, for every target the dispatch lands on
// (predictBlocks branches only to those that are no entries). A table of
// the targets after the jump first reached only those (direct-threaded
// code's handlers before it went on through the dispatch, two indirect
// branches) and added a way into each target's label from every jump:
// wazero merges the values at a label from each of its ways in (the
// token-threaded stack machine, twelve handlers each ending in jmp
// [ops+eax]: 285 -> 242 M host instructions).
func (c *compiler) outside(i int) bool { return c.scopeOf[i] < 0 && c.loopEnd[i] < 0 }

// blockOf returns the block that holds address pc (at most codeLen): the
// one that starts at or last before it (a block is at most maxBlock
// instructions; the layout may have moved it).
func (c *compiler) blockOf(pc uint32) int {
	for c.blockAt[pc] < 0 {
		pc--
	}
	return int(c.blockAt[pc])
}

// sortByAddress sorts a dispatch's entries, at their addresses and to
// their labels, by address: the layout may have moved blocks.
func sortByAddress(at []uint32, to []int) {
	idx := make([]int, len(at))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return at[idx[i]] < at[idx[j]] })
	a, t := slices.Clone(at), slices.Clone(to)
	for k, i := range idx {
		at[k], to[k] = a[i], t[i]
	}
}
