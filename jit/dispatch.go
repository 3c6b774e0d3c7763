//go:build amd64 || arm64

package jit

import (
	"slices"

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
	d := in.o[0]
	esp := lReg + uint32(memory.ESP)
	c.address(d, lTA, in, left, nil)
	c.load(d, lTA, in.pc)
	c.set(lT1)
	push := func() {
		c.get(esp)
		c.i32(1)
		c.op(opI32Sub)
		c.tee(esp)
		c.i32(2)
		c.op(opI32Shl)
		c.i32(in.next)
		c.mem(opI32Store, 0)
	}
	c.predictBlocks(lT1, c.pointed, push)
	c.i32(in.pc | callFlag)
	c.b.byte(opGlobalSet)
	c.b.u32(gUpc)
	c.get(esp)
	c.b.byte(opGlobalSet)
	c.b.u32(gUesp)
	c.get(esp)
	c.i32(1)
	c.op(opI32Sub)
	c.i32(2)
	c.op(opI32Shl)
	c.mem(opI32Load, 0)
	c.b.byte(opGlobalSet)
	c.b.u32(gUold)
	push()
	c.get(lT1)
	c.set(lTgt)
	c.br(opBr, c.topLabel)
}

// undo takes back the last computed jump, whose target is no block: eip
// to its place (lXpc), esp as it was and, for a call, the word its push
// overwrote. A region that never writes esp does not write it back: the
// jump was another region's, so esp goes to memory here.
func (c *compiler) undo() {
	c.b.byte(opGlobalGet)
	c.b.u32(gUpc)
	c.i32(callFlag - 1)
	c.op(opI32And)
	c.set(lXpc)
	if slices.Contains(c.readOnly, uint32(memory.ESP)) {
		c.i32(0)
		c.b.byte(opGlobalGet)
		c.b.u32(gUesp)
		c.mem(opI32Store, uint32(memory.ESP)*4)
	} else {
		c.b.byte(opGlobalGet)
		c.b.u32(gUesp)
		c.set(lReg + uint32(memory.ESP))
	}
	c.b.byte(opGlobalGet)
	c.b.u32(gUpc)
	c.i32(0)
	c.op(opI32LtS)
	c.open(opIf)
	c.b.byte(opGlobalGet)
	c.b.u32(gUesp)
	c.i32(1)
	c.op(opI32Sub)
	c.i32(2)
	c.op(opI32Shl)
	c.b.byte(opGlobalGet)
	c.b.u32(gUold)
	c.mem(opI32Store, 0)
	c.end()
}
