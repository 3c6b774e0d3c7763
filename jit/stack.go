//go:build amd64 || arm64

package jit

import (
	"slices"

	"cpu32/isa"
	"cpu32/memory"
)

// stackChecks emits block i's budget test, takes its n steps from the
// budget, and checks, once at the block's start, that esp is where every
// push and pop of the block (up to an instruction that moves esp
// otherwise, or one that is not plain arithmetic) finds room: one range,
// one exit, instead of one for each push and pop. Fewer exits make the
// compile faster (each costs wazero three basic blocks and a merge of
// every live local, some 30,000 host instructions) and the code too
// (queens, whose moves push and pop three words a call, -12% host
// instructions). An exit at the block's start is exact where a later
// push or pop would fault: the interpreter runs the block from there and
// faults where it does. Not joined to the budget test (both in one
// compare and exit: -11% compile time for a program of calls): wazero
// then sets, ands and tests two flags, and recursion, whose return sites
// test both, ran 4-10% slower (ackermann, memo).
func (c *compiler) stackChecks(i int, n uint32) {
	lo, hi, done := c.stackRange(c.blocks[i].ins)
	c.stackDone = done
	if !c.onEdges[i] {
		c.budgetTest(i)
	}
	c.spend(n)
	if done != nil {
		c.espIn(lo, hi)
		c.exitUnless(c.blocks[i].start, n)
	}
}

// espIn pushes whether esp is in [lo, hi].
func (c *compiler) espIn(lo, hi uint32) {
	c.get(lReg + uint32(memory.ESP))
	if lo != 0 {
		c.i32(lo)
		c.op(opI32Sub)
	}
	c.i32(hi - lo + 1)
	c.op(opI32LtU)
}

// stackRange returns the range [lo, hi] esp must be in at the start of a
// block of instructions for each push and pop of them to find room (up to
// the first that writes esp otherwise, or that is not plain), and those
// pushes and pops, or nil when there are none or no esp suits them all.
func (c *compiler) stackRange(ins []*ins) (lo, hi uint32, done []*ins) {
	a, b := int64(0), int64(c.size)
	d := int64(0) // esp's change since the block's start
	floor := int64(c.popFloor())
	esp := uint32(memory.ESP)
scan:
	for _, in := range ins {
		if in.bad || in.exit {
			break
		}
		for _, o := range in.o[:in.n] {
			if !c.inMemory(o) {
				break scan
			}
		}
		switch in.op {
		case isa.Push, isa.Pushf, isa.Call:
			a, b = max(a, int64(c.low)+1-d), min(b, int64(c.size)-d)
			d--
		case isa.Pop, isa.Popf, isa.Ret:
			a, b = max(a, floor-d), min(b, int64(c.size)-1-d)
			d++
		case isa.Nop, isa.Mov, isa.Add, isa.Sub, isa.Mul, isa.Div, isa.Mod, isa.Rem, isa.And, isa.Or,
			isa.Xor, isa.Shl, isa.Shr, isa.Inc, isa.Dec, isa.Not, isa.Cmp, isa.Test:
			if writes(in.op) && in.o[0].k == isa.Addr && in.o[0].w == esp {
				break scan
			}
			continue
		default:
			break scan
		}
		done = append(done, in)
		if in.op == isa.Pop && in.o[0].k == isa.Addr && in.o[0].w == esp {
			break // pop esp: esp is the word popped
		}
	}
	if done == nil || a > b {
		return 0, 0, nil
	}
	return uint32(a), uint32(b), done
}

// stackChecked reports whether the start of the block being emitted
// checked esp for in, a push or pop (stackChecks); not in a call's copy of
// its function (inline), whose instructions are another block's.
func (c *compiler) stackChecked(in *ins) bool {
	return c.site == 0 && slices.Contains(c.stackDone, in)
}
