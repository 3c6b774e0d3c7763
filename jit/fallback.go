//go:build amd64 || arm64

package jit

import (
	"math/bits"

	"cpu32/memory"
)

// A loop whose entry check fails: compiled code, not the interpreter.
//
// The check at a loop's entry (induct.go, derive.go) covers every
// iteration the loop's bound lets it run. When it fails, the loop may
// still stop long before an operand leaves ordinary memory: a search that
// stops at a hit but is bounded by a number far past its table, a walk
// down to a bound on the register words, a pointer bounded by an end past
// memory's. Such a loop used to leave to the interpreter before its
// header, each time it was entered: exact, but 10 to 200 times slower
// than the interpreter alone (it stepped back into compiled code at the
// header each iteration, to fail the check again).
//
// Instead, the entry works out K', how many iterations from the first
// keep every operand of the loop's hoisted registers and families in
// ordinary memory and off the window of the words the region keeps (each
// range moves by its step an iteration, so its ends bound it), and lowers
// the step budget so that iteration K' cannot start: the loop tests the
// budget before each iteration for at least cover steps of it (budget.go)
// and each iteration takes at least minIter steps, so a budget of
// cover + K'*minIter - 1 lets iterations 0..K'-1 start, at most. What it
// takes away is kept in a global (gSteal) and given back where the
// region's function returns to Go, so the steps the caller counts are
// exact. The loop then runs compiled, unchecked, until it stops as the
// program says or the lowered budget ends it before iteration K': then
// the interpreter runs that iteration (which is where an operand could
// leave ordinary memory, and faults if one does) and compiled code
// takes over again at the header, with a new K'. Nothing runs in the loop
// for this: its cost is at the entry, when the check fails. The code after
// the loop runs on what is left of the lowered budget until the region
// returns to Go (giving it back at the loop's exits cost horspool, whose
// compare loop is entered once a window, 1.8% of its host instructions).
// A loop with no bound is not checked this way: every entry would pay
// for it, and short loops lose (a number's digits, a window's shrink).

// bigRun is K' for ranges that do not move: more iterations than a
// budget allows.
const bigRun = 1 << 40

// fallback emits, for the loop being emitted, whose entry check failed:
// lK set to K', and the budget lowered to let no more iterations start.
func (c *compiler) fallback() {
	lc := c.loop
	c.i64(bigRun)
	c.set(lK)
	for _, hr := range lc.regs {
		c.safeRun(c.regWalk(hr, extent{lo: int64(hr.lo), hi: int64(hr.hi)}))
	}
	for _, fm := range lc.fams {
		w := walk{value: func() { c.formValue(fm.f) }, d: fm.step.c, dynamic: fm.step.n != 0}
		w.step = func() { c.formValue(fm.step) }
		w.lo, w.hi = int64(1)<<62, -int64(1)<<62
		for _, sd := range fm.sides {
			if sd.ok {
				w.lo, w.hi = min(w.lo, sd.lo), max(w.hi, sd.hi)
			}
		}
		c.safeRun(w)
	}
	// The budget that lets iterations 0..K'-1 start, at most; lowered to
	// it when it is more.
	c.get(lK)
	c.i64(int64(lc.minIter))
	c.op(opI64Mul)
	c.i64(int64(c.cover[lc.h]) - 1)
	c.op(opI64Add)
	c.tee(lD)
	c.get(lBud)
	c.op(opI64ExtendS)
	c.op(opI64LtS)
	c.open(opIf)
	c.gget(gSteal)
	c.get(lBud)
	c.get(lD)
	c.op(opI32WrapI64)
	c.op(opI32Sub)
	c.op(opI32Add)
	c.gset(gSteal)
	c.get(lD)
	c.op(opI32WrapI64)
	c.set(lBud)
	c.end()
}

// safeRun lowers lK to the number of iterations, from the first, in which
// the addresses of walk w all stay in ordinary memory and off the window:
// 0 when the first's do not, bigRun when the step is 0, else one more
// than the steps that fit in the room between the range and the limit it
// moves to (memory's end or the window going up, the register words or
// the window going down).
func (c *compiler) safeRun(w walk) {
	w.value()
	c.set(lV)
	lo, hi, s := w.lo, w.hi, int64(w.d)
	win := len(c.prom.words) > 0
	// above pushes whether the range starts above the window.
	above := func() {
		c.get(lV)
		c.i64(lo - int64(c.prom.hi))
		c.op(opI64Add)
		c.i64(0)
		c.op(opI64GtS)
	}
	// roomUp pushes the room above the range: the limit less 1 less its
	// highest address (memory's end, or the window when below it).
	roomUp := func() {
		c.i64(int64(c.size) - 1)
		if win {
			c.i64(int64(c.prom.lo) - 1)
			above()
			c.op(opSelect)
		}
		c.get(lV)
		c.i64(hi)
		c.op(opI64Add)
		c.op(opI64Sub)
	}
	// roomDown pushes the room below it: its lowest address less the
	// lowest it may reach (past the register words, or the window).
	roomDown := func() {
		c.get(lV)
		c.i64(lo)
		c.op(opI64Add)
		if win {
			c.i64(int64(c.prom.hi) + 1)
			c.i64(memory.Reserved)
			above()
			c.op(opSelect)
		} else {
			c.i64(memory.Reserved)
		}
		c.op(opI64Sub)
	}
	// in pushes whether iteration 0's range is ordinary memory.
	in := func() {
		roomUp()
		c.i64(0)
		c.op(opI64GeS)
		roomDown()
		c.i64(0)
		c.op(opI64GeS)
		c.op(opI32And)
	}
	switch {
	case w.dynamic:
		w.step()
		c.set(lW)
		// The room toward where the step goes, over its size (at least
		// 1: a step of 0 divides by 1, and the count is bigRun).
		roomUp()
		roomDown()
		c.get(lW)
		c.i64(0)
		c.op(opI64GtS)
		c.op(opSelect)
		c.op(opF64ConvertI64S)
		c.get(lW)
		c.i64(0)
		c.get(lW)
		c.op(opI64Sub)
		c.get(lW)
		c.i64(0)
		c.op(opI64GtS)
		c.op(opSelect)
		c.tee(lD)
		c.i64(1)
		c.get(lD)
		c.i64(0)
		c.op(opI64GtS)
		c.op(opSelect)
		c.op(opF64ConvertI64S)
		c.op(opF64Div) // exact enough: the room is below 2^34, the step at most maxStep
		c.op(opI64TruncF64S)
		c.i64(1)
		c.op(opI64Add)
		c.i64(bigRun)
		c.get(lW)
		c.i64(0)
		c.op(opI64Ne)
		c.op(opSelect)
		c.i64(0)
		in()
		// A step of more than maxStep either way: no iterations.
		c.get(lW)
		c.fits()
		c.op(opI32And)
	case s == 0:
		c.i64(bigRun)
		c.i64(0)
		in()
	default:
		if s > 0 {
			roomUp()
		} else {
			roomDown()
			s = -s
		}
		c.tee(lD)
		if s&(s-1) == 0 {
			if s > 1 {
				c.i64(int64(bits.TrailingZeros64(uint64(s))))
				c.op(opI64ShrS)
			}
		} else {
			c.op(opF64ConvertI64S)
			c.i64(s)
			c.op(opF64ConvertI64S)
			c.op(opF64Div)
			c.op(opI64TruncF64S)
		}
		c.i64(1)
		c.op(opI64Add)
		c.i64(0)
		in()
	}
	c.op(opSelect)
	// lK = min(lK, the count).
	c.set(lD)
	c.get(lK)
	c.get(lD)
	c.get(lK)
	c.get(lD)
	c.op(opI64LtS)
	c.op(opSelect)
	c.set(lK)
}

// giveBack returns to the budget what fallback took from it: where the
// region's function returns to Go, which counts the steps run from it.
func (c *compiler) giveBack() {
	c.get(lBud)
	c.gget(gSteal)
	c.op(opI32Add)
	c.set(lBud)
	c.i32(0)
	c.gset(gSteal)
}
