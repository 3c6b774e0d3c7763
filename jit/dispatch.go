//go:build amd64 || arm64

package jit

import (
	"slices"

	"cpu32/isa"
	"cpu32/memory"
)

// callFlag marks, in the place of the computed jump the dispatch may undo
// (gUpc), a call: its push wrote the word below esp, which the
// interpreter, faulting on the bad target before it pushes, leaves as it
// was. Code addresses are below it.
const callFlag = 1 << 31

// callComputed emits a call through an operand (call eax, call
// [fns+edx]), after the push's check of the stack, with left the
// instructions of the block not run, the call included. The interpreter
// reads the target, faults when it is no instruction, then pushes: so a
// target that is a block a label reaches (predictBlocks) pushes and
// branches there; any other pushes, keeps the word it overwrote (gUold),
// and goes through the dispatch, whose undo puts it back when the target
// is bad.
func (c *compiler) callComputed(in *ins, left uint32) {
	if in.pc >= callFlag {
		c.exit(in, left)
		return
	}
	d := in.o[0]
	esp := lReg + uint32(memory.ESP)
	c.address(d, lTA, in, left, nil)
	c.load(d, lTA, in.pc)
	c.set(lT1)
	push := func() { c.push(func() { c.i32(in.next) }) }
	c.predictBlocks(lT1, c.pointed, true, push)
	c.below(func() { c.get(esp) }, false)
	c.mem(opI32Load, 0)
	c.gset(gUold)
	c.computed(lT1, in.pc|callFlag, push)
}

// push moves esp down a word and stores there the value that value
// pushes, esp checked before.
func (c *compiler) push(value func()) {
	esp := lReg + uint32(memory.ESP)
	c.below(func() { c.get(esp) }, true)
	value()
	c.mem(opI32Store, 0)
}

// below emits the byte address of the word below the stack pointer that
// sp puts on the stack (a push's word), and with move moves esp's local
// down to it first.
func (c *compiler) below(sp func(), move bool) {
	sp()
	c.i32(1)
	c.op(opI32Sub)
	if move {
		c.tee(lReg + uint32(memory.ESP))
	}
	c.i32(2)
	c.op(opI32Shl)
}

// undo takes back the last computed jump, whose target is no block: eip
// to its place (lXpc), esp as it was and, for a call, the word its push
// overwrote. A region that never writes esp does not write it back: the
// jump was another region's, so esp goes to memory here.
func (c *compiler) undo() {
	c.gget(gUpc)
	c.i32(callFlag - 1)
	c.op(opI32And)
	c.set(lXpc)
	if slices.Contains(c.readOnly, uint32(memory.ESP)) {
		c.i32(0)
		c.gget(gUesp)
		c.mem(opI32Store, uint32(memory.ESP)*4)
	} else {
		c.gget(gUesp)
		c.set(lReg + uint32(memory.ESP))
	}
	c.gget(gUpc)
	c.i32(0)
	c.op(opI32LtS)
	c.open(opIf)
	c.below(func() { c.gget(gUesp) }, false)
	c.gget(gUold)
	c.mem(opI32Store, 0)
	c.end()
}

// Blocks only computed jumps branch to. A pointed block is an entry
// (entries) so that the dispatch can land there; but when every computed
// jump that may go there branches to it by a label (a switch's cases, an
// interpreter's handlers ahead of its dispatch, in its loop), nothing
// needs the dispatch to: it is no entry, so it does not test the budget
// for itself, and the loop around it has no dispatch to test at each
// iteration. budgets counts the jumps as its ways in, as it does constant
// jumps. A target such a jump does not predict after all goes through
// the dispatch, finds no entry, and is undone for the interpreter, which
// runs on to a place compiled code starts from: exact, only slower.

// predicting reports whether in is a computed jump that compares its
// target with the pointed blocks (predictBlocks): jmp and the conditional
// jumps through an operand, a call through one, a computation into eip.
func (c *compiler) predicting(in *ins) bool {
	if in == nil || in.bad || in.n == 0 {
		return false
	}
	switch f := isa.ByOp(in.op).Flow; {
	case f == isa.Jump || f == isa.Branch || f == isa.CallFlow:
		return in.o[0].k != isa.Imm
	case f == isa.RetFlow || in.op == isa.Pop || in.op == isa.Popf:
		return false
	}
	return in.o[0].k == isa.Addr && in.o[0].w == uint32(memory.EIP) && writes(in.op)
}

// maxDirectPairs bounds the computed jumps times the pointed blocks
// directOnly looks at; past it, every pointed block is an entry.
const maxDirectPairs = 1 << 16

// directOnly marks, of the pointed blocks, those every computed jump of
// the program branches to by a label (labelled, in its own region, both
// compiled): jumps that are no predicting one (a ret or a pop into eip,
// to where a call or a push put the address), or that the interpreter
// runs for a watch, leave the blocks they may reach entries. One in code not
// compiled may land on such a block: the interpreter runs on from there
// to a place compiled code starts from, as it runs cold code.
func (c *compiler) directOnly() []bool {
	var sites []int
	var pushed []bool
	for bi, bl := range c.blocks {
		if len(bl.ins) == 0 {
			continue
		}
		in := bl.ins[len(bl.ins)-1]
		switch {
		case c.predicting(in) && in.exit:
			return nil
		case c.predicting(in) && !c.cold[bi]:
			sites = append(sites, bi)
		}
		for _, in := range bl.ins {
			if !in.bad && in.op == isa.Push && in.o[0].k == isa.Imm && in.o[0].w < c.codeLen {
				if pushed == nil {
					pushed = make([]bool, len(c.blocks))
				}
				if t := c.blockAt[in.o[0].w]; t >= 0 {
					pushed[t] = true
				}
			}
		}
	}
	n := 0
	for _, p := range c.pointed {
		if p {
			n++
		}
	}
	if len(sites) == 0 || n*len(sites) > maxDirectPairs {
		return nil
	}
	only := make([]bool, len(c.blocks))
	for t, p := range c.pointed {
		if !p || c.cold[t] || pushed != nil && pushed[t] {
			continue
		}
		only[t] = true
		for _, a := range sites {
			if c.region[a] != c.region[t] || !c.labelled(a, t) {
				only[t] = false
				break
			}
		}
	}
	return only
}

// directEdges calls edge for each computed jump's block and a pointed
// block that is no entry and that the jump's label reaches: the ways in
// that predictBlocks may branch along.
func (c *compiler) directEdges(edge func(from, to int)) {
	for a, bl := range c.blocks {
		if len(bl.ins) == 0 || c.cold[a] || !c.predicting(bl.ins[len(bl.ins)-1]) || bl.ins[len(bl.ins)-1].exit {
			continue
		}
		for t, p := range c.pointed {
			if p && !c.want[t] && !c.cold[t] && c.region[a] == c.region[t] && c.labelled(a, t) {
				edge(a, t)
			}
		}
	}
}

// Calls through an operand from a loop to functions after it. The call
// branches forward to the function, but its ret cannot branch back into
// the loop, which wasm closed before the function: it goes out to the
// region's top, through its dispatch, a pad and the loop's dispatch by
// entry number. So a call through an operand inside a loop, to pointed
// functions after it of at most maxCallee words that call nothing and
// jump only by constants within themselves, makes a loop of the call's
// block to the functions' last: the ret, a jump back to the block after
// the call, finds it in an open loop (predictRet), and the loop around
// the call widens to hold the functions, as a call back to a function
// before it already made one. Measured (callback, host instructions an
// iteration of two calls): 271 without, 218 with (wazero's code for the
// pads that push and branch to a function at the top moved every value
// to memory); for constant calls the same loop cost 234 against 193
// without it, so they make none.

// maxCallee bounds the words from a call to the end of the function it
// makes a loop with: the loop and its region grow by them.
const maxCallee = 256

// calleeLoops makes, for each call through an operand inside a loop
// (loopEnd as the jumps back found it), a loop of the call's block to the
// last block of the pointed functions after it.
func (c *compiler) calleeLoops() {
	n := len(c.blocks)
	inLoop := make([]bool, n)
	reach := -1
	for i := range n {
		reach = max(reach, c.loopEnd[i])
		inLoop[i] = i <= reach
	}
	for i, bl := range c.blocks {
		if len(bl.ins) == 0 || !inLoop[i] {
			continue
		}
		in := bl.ins[len(bl.ins)-1]
		if in.bad || in.op != isa.Call {
			continue
		}
		end := -1
		if in.o[0].k != isa.Imm {
			for t, p := range c.pointed {
				if p && t > i {
					end = max(end, c.callee(i, t))
				}
			}
		}
		if end > i {
			c.loopEnd[i] = max(c.loopEnd[i], end)
		}
	}
}

// callee returns the last block of the function at block t, called from
// block i before it, or -1 when it is not one that calleeLoops takes: it
// must end in rets, call nothing, jump only by constants and stay within
// maxCallee words of the call.
func (c *compiler) callee(i, t int) int {
	if t <= i || c.blocks[t].start == c.codeLen {
		return -1
	}
	lim := c.blocks[i].start + maxCallee
	seen := map[int]bool{t: true}
	work := []int{t}
	last, rets := t, 0
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		bl := c.blocks[b]
		if b <= i || bl.start == c.codeLen || c.after(b) > lim || len(bl.ins) == 0 {
			return -1
		}
		last = max(last, b)
		in := bl.ins[len(bl.ins)-1]
		var next []int
		switch f := isa.ByOp(in.op).Flow; {
		case in.bad || in.exit || f == isa.HaltFlow || extended(in):
			// The interpreter's: it ends the function's code here.
		case f == isa.RetFlow:
			rets++
		case f == isa.CallFlow || c.predicting(in) || c.ends(in) && f == isa.Next:
			return -1
		case f == isa.Jump || f == isa.Branch:
			if tt, ok := c.target(in); ok { // else the interpreter faults
				next = append(next, int(c.blockAt[tt]))
			}
			if f == isa.Branch {
				next = append(next, b+1)
			}
		default:
			next = append(next, b+1)
		}
		for _, x := range next {
			if !seen[x] {
				seen[x] = true
				work = append(work, x)
			}
		}
	}
	if rets == 0 {
		return -1
	}
	return last
}

// regionWords is how many words region k, the last so far, may span and
// still take block i, an item of the top scope: regionSize, or
// maxHandlerWords when region k holds a pointed block and a computed jump
// that branches to such blocks (predicting), and a pointed block is
// ahead within that span. Handlers at the top (direct-threaded code, whose
// handlers jump to each other through jmp eax, in no loop) cut into
// regions of regionSize went out to Go and into the other region's
// dispatch on every jump between two of them.
func (c *compiler) regionWords(k, i int) uint32 {
	lo := c.blocks[c.regions[k][0]].start
	ahead := false
	for j := i; j < len(c.blocks) && c.blocks[j].start-lo < maxHandlerWords && !ahead; j++ {
		ahead = c.pointed[j]
	}
	pointed, jumps := false, false
	for j := c.regions[k][0]; j < i && ahead; j++ {
		pointed = pointed || c.pointed[j]
		if bl := c.blocks[j]; len(bl.ins) > 0 {
			jumps = jumps || c.predicting(bl.ins[len(bl.ins)-1])
		}
		if pointed && jumps {
			return maxHandlerWords
		}
	}
	return regionSize
}

// maxHandlerWords bounds a region that holds pointed blocks at its top, as
// maxLoopWords bounds a loop: wazero's time grows faster than a function's
// size.
var maxHandlerWords = 4 * regionSize
