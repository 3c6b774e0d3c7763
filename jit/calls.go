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
	for i, bl := range c.blocks {
		if len(bl.ins) > 0 && bl.ins[len(bl.ins)-1].op == isa.Call && i+1 < len(c.blocks) {
			c.retTo[i+1] = true
		}
	}
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
// predictBlocks). Only what no label reaches goes on to the top dispatch.
func (c *compiler) predictRet() { c.predictBlocks(lT1, c.retTo, false, c.incESP) }
