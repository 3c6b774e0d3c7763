//go:build amd64 || arm64

package jit

import (
	"context"
	"slices"

	"cpu32/isa"
	"cpu32/memory"
)

// Host calls and input inside compiled code: callx, rdn and rdc call the
// import env.extended, which runs the instruction through the machine's
// own code (cpu.CPU.Extended), so that its faults, its output limit and a
// host function's view of the machine are the interpreter's, and compiled
// code goes on after it without returning to Go.
//
// A host function may read any word and write any but eip, and reads the
// step count (rand does): before a host call, compiled code writes back
// the registers and the words it keeps (as at an exit) and the flags
// word, and passes what is left of the step budget, from which Go counts
// the steps run before the call; after it, compiled code loads them all
// again, the flags as a raw word (as after popf). rdn and rdc write only
// their destination, which is all they load again. An instruction that
// faults, or that must wait for input, has not run: compiled code leaves
// at it, as at any exit, with the machine faulted there (the interpreter
// does not run it again) or ready there (Code.run returns cpu.StopInput).

// hostState is what env.extended knows of the call into compiled code
// under way.
type hostState struct {
	budget uint64 // the step budget the call began with
	wait   bool   // an rdn or rdc must wait for input: the run stops
}

// hostExtended is env.extended (pc, budget left) -> ok: it runs the host
// call, rdn or rdc at pc, after the steps the budget says compiled code
// has run in this call. Only the low 32 bits of an i32 argument's slot
// are defined.
func hostExtended(ctx context.Context, stack []uint64) {
	k := ctx.Value(codeKey{}).(*Code)
	ok, wait := k.c.Extended(uint32(stack[0]), k.call.budget-uint64(uint32(stack[1])))
	k.call.wait = wait
	stack[0] = 0
	if ok {
		stack[0] = 1
	}
}

// extended reports whether in is one of the instructions the interpreter
// runs in its extended case: rdn, rdc and host calls.
func extended(in *ins) bool {
	return !in.bad && (in.op == isa.Rdn || in.op == isa.Rdc || in.op == isa.Callx)
}

// leftExtended reports whether compiled code leaves an rdn or rdc to the
// interpreter: one into eip is a jump, and one through eip or the flags
// reads a word compiled code does not keep in memory.
func leftExtended(in *ins) bool {
	d := in.o[0]
	switch {
	case in.op == isa.Callx:
		return false
	case d.k == isa.Rel:
		return !isReg(uint32(d.reg))
	}
	return d.w == uint32(memory.EIP)
}

// callExtended emits in, a host call, rdn or rdc with left instructions
// of its block not run (itself included), as a call of env.extended.
func (c *compiler) callExtended(in *ins, left uint32) {
	d := in.o[0]
	if leftExtended(in) {
		c.exit(in, left)
		return
	}
	all := in.op == isa.Callx
	switch {
	case all:
		c.writeBack()
		c.i32(0)
		c.flags()
		c.mem(opI32Store, uint32(memory.FLAGS)*4)
	case d.k == isa.Rel:
		// Leaves unless the destination is ordinary memory: not a
		// register word, nor a word the region keeps.
		c.address(d, lTA, in, left, nil)
		c.i32(0)
		c.get(lReg + uint32(d.reg))
		c.mem(opI32Store, uint32(d.reg)*4)
	}
	c.i32(in.pc)
	c.get(lBud)
	c.i32(left)
	c.op(opI32Add)
	c.op(opCall)
	c.b.u32(fnExtended)
	c.exitUnless(in.pc, left)
	switch {
	case all:
		for _, r := range c.pass {
			c.reload(r)
		}
		c.loadPromoted()
		c.reload(uint32(memory.FLAGS))
		c.forget()
	case d.k == isa.Addr:
		c.reload(d.w)
	}
}

// reload loads again what compiled code keeps of the word at constant
// address w, which the machine wrote: a register's local, a kept word's,
// or the flags, as a raw word.
func (c *compiler) reload(w uint32) {
	l, ok := c.promoted(w)
	switch {
	case w == uint32(memory.FLAGS):
		c.i32(0)
		c.mem(opI32Load, w*4)
		c.set(lFx)
		c.i32(1)
		c.set(lFk)
		c.fstate = fRaw
		return
	case isReg(w) && slices.Contains(c.pass, w):
		l, ok = lReg+w, true
	}
	if ok {
		c.i32(0)
		c.mem(opI32Load, w*4)
		c.set(l)
	}
}
