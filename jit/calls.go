//go:build amd64 || arm64

package jit

import (
	"cpu32/isa"
	"cpu32/memory"
)

// Returns. A ret (or any computed jump) would go through its region's
// dispatch: the top scope's, by eip, and for a block inside a loop, a pad
// that turns the eip into the block's entry number and the loop's own
// dispatch by that number. A br_table there is an indirect jump, shared
// by every computed jump of the region, which the processor predicts
// badly when returns alternate between call sites (fib, a tree walk); and
// the top scope's loop header, where every jump back meets, is where
// wazero's register allocator keeps the values in memory. So a ret first
// compares the address it popped with the blocks calls return to that a
// label reaches from it (predictRet): one ahead in a scope around it, or
// one inside a loop around it (a recursive function is a loop: its calls
// jump back to its start), through that loop's dispatch by entry number.
// Both dispatches, too, compare with the blocks calls return to before
// their table (predict, predictLoop). Each is a compare and a conditional
// branch, which the processor predicts from the history of the branches
// before it. Anything else (a return address changed on the stack, a ret
// after esp moved by hand, a ret to another region) goes on to the
// dispatch as before.
//
// Measured and not kept: each call a wasm call of the region that holds
// its target, the registers, flags, budget and the return address as
// values, and a ret that finds the address its caller expects returning
// from the function (wasm's stack following the machine's, with a bound on
// its depth). wazero passes values beyond about eight through the stack
// and spills around every call: compiled recursive fib ran at 840 M
// instructions a second against 1,100 with the dispatch, Ackermann 1,160
// against 1,430 (CPU time, best of 5, this machine).

// maxPredicted bounds how many return addresses a ret or a dispatch compares
// before its table: each is a compare on every computed jump that is not
// to it.
const maxPredicted = 6

// passed finds the registers compiled code can use: esp always (a computed
// jump keeps it to undo the jump), every register an operand names or
// addresses through, and rem for mod and rem. Only these are loaded into
// locals and written back: the others stay in memory, and a region's
// function keeps fewer values live for wazero's register allocator.
func (c *compiler) passed() {
	var use [memory.NumRegs]bool
	use[memory.ESP] = true
	for _, in := range c.at {
		if in != nil {
			in.uses(&use)
		}
	}
	c.pass = c.pass[:0]
	for r := range uint32(memory.NumRegs) {
		if use[r] && isReg(r) {
			c.pass = append(c.pass, r)
		}
	}
}

// uses marks the registers an instruction names or addresses through,
// and rem for mod and rem.
func (in *ins) uses(use *[memory.NumRegs]bool) {
	if in.bad {
		return
	}
	mark := func(w uint32) {
		if w < memory.NumRegs {
			use[w] = true
		}
	}
	for _, o := range in.o[:in.n] {
		switch {
		case o.k == isa.Rel:
			mark(uint32(o.reg))
		case o.k == isa.Addr:
			mark(o.w)
		}
	}
	if in.op == isa.Mod || in.op == isa.Rem {
		mark(uint32(memory.REM))
	}
}

// returns marks the blocks calls return to (the block after each call).
func (c *compiler) returns() {
	c.retTo = make([]bool, len(c.blocks))
	for i := range c.blocks {
		if s := c.returnSite(i); s >= 0 {
			c.retTo[s] = true
		}
	}
}

// returnSite returns the block that the call ending block i returns to
// (the block after it: the layout keeps a call's block and the next
// together), or -1 when block i ends in no call. Auto compiles it with
// the call (pick), it is an entry unless the call runs a copy of its
// function (entries), and rets compare with it (returns, returnSites).
func (c *compiler) returnSite(i int) int {
	ins := c.blocks[i].ins
	if len(ins) == 0 || i+1 >= len(c.blocks) {
		return -1
	}
	if in := ins[len(ins)-1]; in.bad || isa.ByOp(in.op).Flow != isa.CallFlow {
		return -1
	}
	return i + 1
}

// predict branches from the top dispatch, before its table, to the blocks
// calls return to, of the dispatch's entries at (their addresses) and to
// (their labels).
func (c *compiler) predict(at []uint32, to []int) {
	n := 0
	for k, a := range at {
		if c.retTo[c.blockAt[a]] && n < maxPredicted {
			n++
			c.brIfTgt(a, to[k])
		}
	}
}

// predictLoop is predict for the dispatch of the loop of blocks h..e, by
// entry number.
func (c *compiler) predictLoop(h, e int, item func(int) int) {
	n := 0
	for i := h; i <= e; i++ {
		if id := c.entryID[i]; id >= 0 && c.retTo[i] && n < maxPredicted {
			n++
			c.brIfTgt(uint32(id), item(i))
		}
	}
}

// predictRet branches from a ret, whose popped address is in lT1, straight
// to the blocks calls return to that a label reaches from here (see
// predictBlocks): those of the calls of the functions the ret is in
// (retSites), when that is known. Only what no label reaches goes on to
// the top dispatch.
func (c *compiler) predictRet() {
	sites := c.retSites[c.blockOf(c.blockIns[0].pc)]
	if sites == nil {
		c.predictBlocks(lT1, c.retTo, false, c.incESP)
		return
	}
	for _, s := range sites {
		c.mark[s] = true
	}
	c.predictBlocks(lT1, c.mark, false, c.incESP)
	for _, s := range sites {
		c.mark[s] = false
	}
}

// Which calls a ret returns to. A ret compared the address it popped
// with every block a call returns to that a label reaches, at most
// maxPredicted of them in address order: in mutual recursion (an
// expression's evaluator: expr, term and factor calling each other from
// six sites) most compares were with the sites of other functions, and
// the sites of its own callers past the sixth went through the dispatch.
// So each function (a call's target) is followed from its start through
// constant jumps and falls (a call in it taken to return) to the rets it
// reaches, and such a ret compares with the sites of the calls of the
// functions that reach it. A prediction only: a ret to anywhere else
// (a return address changed, code entered by a computed jump) goes
// through the dispatch as before.

// maxFollow bounds the blocks retSites visits in all; past it, every ret
// compares with every site.
const maxFollow = 1 << 16

// returnSites sets retSites: by ret block, the blocks the calls of the
// functions that reach it return to, or nil when no function reaches it
// (it compares with every block a call returns to).
func (c *compiler) returnSites() {
	n := len(c.blocks)
	c.retSites = make([][]int, n)
	c.mark = make([]bool, n)
	callers := map[int][]int{} // by function start: the blocks its calls return to
	var starts []int
	for i, bl := range c.blocks {
		s := c.returnSite(i)
		if s < 0 || bl.ins[len(bl.ins)-1].exit {
			continue
		}
		if t, ok := c.target(bl.ins[len(bl.ins)-1]); ok {
			f := int(c.blockAt[t])
			if callers[f] == nil {
				starts = append(starts, f)
			}
			callers[f] = append(callers[f], s)
		}
	}
	seen := make([]int, n) // by block: the last function (start+1) that reached it
	visits := 0
	for _, f := range starts {
		work := []int{f}
		seen[f] = f + 1
		for len(work) > 0 {
			b := work[len(work)-1]
			work = work[:len(work)-1]
			if visits++; visits > maxFollow {
				clear(c.retSites)
				return
			}
			bl := c.blocks[b]
			if len(bl.ins) == 0 {
				continue
			}
			in := bl.ins[len(bl.ins)-1]
			next := b + 1
			switch fl := isa.ByOp(in.op).Flow; {
			case in.bad || fl == isa.HaltFlow:
				next = -1
			case fl == isa.RetFlow:
				c.retSites[b] = append(c.retSites[b], callers[f]...)
				next = -1
			case fl == isa.Jump || fl == isa.Branch:
				if t, ok := c.target(in); ok {
					if x := int(c.blockAt[t]); seen[x] != f+1 {
						seen[x] = f + 1
						work = append(work, x)
					}
				}
				if fl == isa.Jump {
					next = -1
				}
			}
			if next >= 0 && next < n && seen[next] != f+1 {
				seen[next] = f + 1
				work = append(work, next)
			}
		}
	}
}

// Calls of small functions. A ret can branch only to a label open where
// it is: a function after a loop that calls it returns through the top
// dispatch, a pad and the loop's dispatch by entry number, the region's
// worst merge points for wazero's register allocator (a loop calling a
// 2-instruction function from three sites: 19 host instructions a step).
// So a call with a constant target whose code runs to a ret with no call,
// no jump back and no other instruction that ends a block (a leaf: abs,
// max, a hash step) in at most maxInline instructions runs a copy of that
// code where it is: the call pushes its return address as before, the
// copy runs, its jumps forward branch within it, and each of its rets
// pops and, when the address is the call's (the function did not change
// it), goes on after the call; any other goes through the dispatch. The call's block counts the copy's steps with its own for the
// budget (budgets), and exits inside the copy leave at the function's
// own addresses, so the machine is as the interpreter leaves it. The
// block after such a call is no entry for the ret's sake (entries): the
// interpreter, should it run the function (a step limit, a fault's
// check), runs on from there to a place compiled code starts from. The
// function's own code stays for other ways in. A loop holding such a call
// checks no registers at its entry (induction): the copy writes registers
// its analysis did not see.

// maxInline bounds the instructions of a function that a call copies,
// its ret included; maxInlined bounds the instructions copied into the
// calls of one regionSize window of code (wazero's time grows faster than
// a function's size).
const (
	maxInline  = 12
	maxInlined = 256
)

// inlines decides which calls run a copy of their function (copies), in
// address order, within maxInlined a window.
func (c *compiler) inlines() {
	c.copies = make(map[*ins][]*ins)
	used := make(map[uint32]int)
	for _, in := range c.at {
		if in == nil || in.bad || in.exit || in.op != isa.Call {
			continue
		}
		t, ok := c.target(in)
		if !ok {
			continue
		}
		if body := c.leaf(t); body != nil && used[in.pc/regionSize]+len(body) <= maxInlined {
			used[in.pc/regionSize] += len(body)
			c.copies[in] = body
		}
	}
}

// leaf returns the instructions from t to the first ret that no jump
// before it jumps past, when they hold no call, no jump back or out and
// no other instruction that ends a block, at most maxInline of them, none
// watched; else nil.
func (c *compiler) leaf(t uint32) []*ins {
	var body []*ins
	reach := t // the last jump target so far
	for pc := t; pc < c.codeLen && len(body) < maxInline; pc = c.at[pc].next {
		in := c.at[pc]
		if in == nil || in.bad || in.exit {
			return nil
		}
		body = append(body, in)
		switch f := isa.ByOp(in.op).Flow; {
		case f == isa.RetFlow:
			if reach <= in.pc {
				return body
			}
		case (f == isa.Jump || f == isa.Branch) && in.o[0].k == isa.Imm:
			t, ok := c.target(in)
			if !ok || t <= in.pc || t >= c.codeLen {
				return nil
			}
			reach = max(reach, t)
		case c.ends(in):
			return nil
		}
	}
	return nil
}

// inlined returns the copy call in runs of its function, or nil.
func (c *compiler) inlined(in *ins) []*ins { return c.copies[in] }

// uncheck drops the entry checks (induction) of the loops that hold a
// call that runs a copy, or a block that a computed jump reaches by a
// label (a pointed block that is no entry): the analysis follows constant
// jumps and falls only, and took the handlers of a loop's jmp [tab+eax]
// for blocks nothing reaches, their writes unseen.
func (c *compiler) uncheck() {
	for h := range c.checks {
		for i := h; i <= c.loopEnd[h]; i++ {
			bl := c.blocks[i]
			if c.pointed[i] && !c.want[i] || len(bl.ins) > 0 && c.inlined(bl.ins[len(bl.ins)-1]) != nil {
				delete(c.checks, h)
				break
			}
		}
	}
}

// inline emits call's copy of its function, after the call's push, and
// reports whether it did: its basic blocks (cut at the targets of its
// jumps and after each jump and ret) in order, each the end of a wasm
// block that the jumps to it branch out of, all in a block that the rets
// but the last branch out of. Each takes its own steps from the budget,
// as a block does, so that the steps count only what ran.
func (c *compiler) inline(call *ins) bool {
	body := c.inlined(call)
	if body == nil {
		return false
	}
	target := map[uint32]bool{}
	for _, in := range body {
		if t, ok := c.target(in); ok {
			target[t] = true
		}
	}
	var segs [][]*ins
	first := 0
	for k, in := range body {
		if k > first && target[in.pc] {
			segs, first = append(segs, body[first:k]), k
		}
		if c.ends(in) {
			segs, first = append(segs, body[first:k+1]), k+1
		}
	}
	after := c.open(opBlock)
	c.copyAt = c.copyAt[:0]
	for j := len(segs) - 1; j > 0; j-- {
		c.copyAt = append(c.copyAt, copyLabel{segs[j][0].pc, c.open(opBlock)})
	}
	c.site = call.next
	for j, seg := range segs {
		if j > 0 {
			c.end()
		}
		n := uint32(len(seg))
		c.spend(n)
		c.forget()
		c.fstate = fUnknown
		for k, in := range seg {
			c.blockIns = seg[k:]
			c.ins(in, n-uint32(k))
		}
		if last := seg[n-1]; last.op == isa.Ret && j < len(segs)-1 {
			c.br(opBr, after)
		}
	}
	c.end()
	c.site = 0
	c.copyAt = c.copyAt[:0]
	c.forget()
	return true
}

// copyLabel is the label that a jump inside a copy of a function
// (inline) to the address at branches to.
type copyLabel struct {
	at    uint32
	label int
}

// inCopy returns the label of address t in the copy being emitted, if
// it has one.
func (c *compiler) inCopy(t uint32) (int, bool) {
	for _, x := range c.copyAt {
		if x.at == t {
			return x.label, true
		}
	}
	return -1, false
}

// ret branches from a ret, whose popped address is in lT1: in a copy
// (inline), on after the call when it is the call's return address, else
// (the function changed it) through the dispatch; elsewhere to the blocks
// calls return to that a label reaches (predictRet), else through the
// dispatch. A copy compares with nothing else: each branch is one more
// way into the labels it reaches, and wazero's register allocation
// merges the values at every label from all its ways in.
func (c *compiler) ret(in *ins) {
	if c.site == 0 {
		c.predictRet()
		c.computed(lT1, in.pc, c.incESP)
		return
	}
	c.get(lT1)
	c.i32(c.site)
	c.op(opI32Ne)
	c.open(opIf)
	c.computed(lT1, in.pc, c.incESP)
	c.end()
	c.incESP()
}

// regionIns returns block i's instructions and those of the copy its call
// runs (inline).
func (c *compiler) regionIns(i int) []*ins {
	ins := c.blocks[i].ins
	if n := len(ins); n > 0 {
		if body := c.inlined(ins[n-1]); body != nil {
			return append(ins[:n:n], body...)
		}
	}
	return ins
}
