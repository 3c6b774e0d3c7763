//go:build amd64 || arm64

package jit

import (
	"cpu32/isa"
	"cpu32/memory"
)

// Register-relative operands, [reg+k], checked a group at a time.
//
// An access to memory through [reg+k] costs two checks: ours, that the
// address is ordinary memory (not a register word, not outside memory),
// and wasm's bounds check. Within a block, the operands through one
// register, until it is written, make a group: compiled code checks once
// that the lowest and the highest address of the group are in ordinary
// memory (then so is every address between, as the group spans less than
// the memory), computes the lowest one's byte address once, and reaches
// each operand at a constant offset from it; a load at the highest offset
// right after the check has wasm check its bounds once too, as wazero
// skips the check of an access below one it checked on the same value.
// When the check fails (some operand of the group would fault or reach a
// register word), the block leaves to the interpreter at the group's
// first operand, before it runs: exact, as the interpreter runs the rest.

// place is where an operand's word is: at byte offset off from the byte
// address in local.
type place struct {
	local uint32
	off   uint32
}

// group is the range of displacements [lo, hi] from register reg that
// local lAddr+i (its index in compiler.groups) holds the checked byte
// address of reg+lo for.
type group struct {
	ok     bool
	reg    uint8
	lo, hi int32
	bias   int32 // the local holds the byte address of reg+lo-bias (check)
	free   bool  // made without a check: a family the loop checked at its entry (derive.go)
}

// maxSpan bounds a group's span, so that one cannot wrap around memory.
const maxSpan = 1 << 16

// forget drops the groups: at a block's start (but for a block entered
// only by falling from the block before, which sees its locals), and
// where code that follows may not see a local set before.
func (c *compiler) forget() { c.groups = [nAddr]group{} }

// wrote drops the groups of the register in local l, if it holds one:
// every write of a register's local goes through set or tee.
func (c *compiler) wrote(l uint32) {
	if l < lReg || l >= lReg+memory.Reserved {
		return
	}
	for i, g := range c.groups {
		if g.ok && uint32(g.reg) == l-lReg {
			c.groups[i].ok = false
		}
	}
}

// address makes c.place[l-lTA] the place of a register-relative operand
// of in, leaving to the interpreter when it is not in ordinary memory (a
// fault, or a register word: rare, so left to the exact path). base, when
// not nil, pushes the register's value instead of the register itself
// (then the operand is checked alone).
func (c *compiler) address(o opnd, l uint32, in *ins, left uint32, base func()) {
	if o.k != isa.Rel {
		return
	}
	if p, ok := c.hoisted(in, l); ok && base == nil {
		c.place[l-lTA] = p
		return
	}
	d := int32(o.w)
	if base != nil || !isReg(uint32(o.reg)) {
		if base != nil {
			base()
		} else {
			c.word(uint32(o.reg), in.pc)
		}
		bias := c.check(l, d, 0, in, left)
		c.place[l-lTA] = place{l, uint32(bias) * 4}
		return
	}
	for i, g := range c.groups {
		if g.ok && g.reg == o.reg && g.lo <= d && d <= g.hi {
			c.place[l-lTA] = place{lAddr + uint32(i), uint32(d-g.lo+g.bias) * 4}
			return
		}
	}
	// An operand in a family the loop checked at its entry (derive.go)
	// makes a group of such operands only, without a check.
	side := c.derivedSide(in, l)
	lo, hi := c.span(o.reg, d, side)
	i := c.groupNext
	c.groupNext = (i + 1) % nAddr
	g := lAddr + uint32(i)
	c.word(uint32(o.reg), in.pc)
	bias := int32(0)
	if side != 0 {
		if lo != 0 {
			c.i32(uint32(lo))
			c.op(opI32Add)
		}
		c.i32(2)
		c.op(opI32Shl)
		c.set(g)
	} else {
		bias = c.check(g, lo, hi-lo, in, left)
	}
	if d != hi {
		c.get(g) // wasm's bounds check, once for the group
		c.mem(opI32Load, uint32(hi-lo+bias)*4)
		c.op(opDrop)
	}
	c.groups[i] = group{true, o.reg, lo, hi, bias, side != 0}
	c.place[l-lTA] = place{g, uint32(d-lo+bias) * 4}
}

// check takes the register's value on the stack, adds lo and leaves to
// the interpreter at in unless that address and the span words after it
// are ordinary memory; else it sets local l to the byte address of that
// address less the bias it returns, which the accesses add back as their
// offset.
//
// Without a window of kept words (promote.go) the bias is the first
// ordinary word: the compare's operand, reg+lo-Reserved, is then the
// address too, one subtraction fewer (wazero computes each in a register
// of its own, a move and an arithmetic instruction). The check proves
// that the biased address is below the memory's size, so that its byte
// address does not wrap and the offset reaches reg+lo exactly.
func (c *compiler) check(l uint32, lo, span int32, in *ins, left uint32) (bias int32) {
	if len(c.prom.words) == 0 {
		bias = memory.Reserved
		if lo != bias {
			c.i32(uint32(lo - bias))
			c.op(opI32Add)
		}
		c.tee(l)
		c.i32(c.size - memory.Reserved - uint32(span))
		c.exitIfCmp(opI32GeU, in.pc, left)
	} else {
		if lo != 0 {
			c.i32(uint32(lo))
			c.op(opI32Add)
		}
		c.tee(l)
		c.ordinary(l, lo, span, in.pc, left)
	}
	c.get(l)
	c.i32(2)
	c.op(opI32Shl)
	c.set(l)
	return bias
}

// ahead returns block i's instructions and those of the blocks after it
// that are entered only by falling from the one before: what a group
// made in block i may be used by (span).
func (c *compiler) ahead(i int) []*ins {
	ins := c.blocks[i].ins
	for j := i + 1; j < len(c.blocks) && c.follows[j] && len(ins) < 64; j++ {
		ins = append(ins[:len(ins):len(ins)], c.blocks[j].ins...)
	}
	return ins
}

// span returns the displacements from reg of the register-relative
// operands of the block from the instruction being emitted on and of the
// blocks that follow it (ahead), until an instruction that may write reg
// (its own operands included, as they are read before it writes), with d
// among them: the range a group checks; with side not 0, only those in a
// family the loop checked at its entry, on that side (derivedSide).
func (c *compiler) span(reg uint8, d int32, side uint8) (lo, hi int32) {
	lo, hi = d, d
	limit := int32(0) // a group spans less than ordinary memory
	if c.size > memory.Reserved+1 {
		limit = int32(min(maxSpan, c.size-memory.Reserved-1))
	}
	// scan widens the range over ins up to a write of reg, and reports
	// whether it reached their end.
	scan := func(ins []*ins) bool {
		for _, in := range ins {
			if in.bad || in.exit {
				return false // compiled code leaves there
			}
			for k, o := range in.o[:in.n] {
				if o.k != isa.Rel || o.reg != reg || side != 0 && c.derivedSide(in, lTA+uint32(k)) != side {
					continue
				}
				if k := int32(o.w); int64(max(hi, k))-int64(min(lo, k)) < int64(limit) {
					lo, hi = min(lo, k), max(hi, k)
				}
			}
			if mayWrite(in, uint32(reg)) {
				return false
			}
		}
		return true
	}
	// The blocks that inherit the group (arrive.go) find it checked.
	if scan(c.blockIns) && side == 0 {
		scan(c.beyond(c.blockIns, 64))
	}
	return lo, hi
}

// mayWrite reports whether in may write register r, or ends what span
// looks at (it leaves compiled code). A wrong answer costs only speed:
// wrote drops a group whatever span foresaw.
func mayWrite(in *ins, r uint32) bool {
	s, ok := stepOf(in, r)
	return !ok || s != 0
}
