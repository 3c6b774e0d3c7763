//go:build amd64 || arm64

package jit

import (
	"math/bits"

	"cpu32/isa"
	"cpu32/memory"
)

// Induction registers: a loop's accesses through a register checked once
// when the loop is entered, not once an iteration.
//
// In an innermost loop that is entered only at its header, a register
// that the loop writes only by constants (inc, dec, add and sub of an
// immediate) holds, at each instruction of iteration i, its value at the
// loop's entry plus i times its step (the same on every way round) plus
// a constant known at that instruction (the same on every way there).
// When one such register, c, is compared with a constant or a register
// the loop does not write, and the compare decides whether the loop goes
// round again (every way back to the header passes through it), the
// iterations the loop can run are bounded: K, the first iteration whose
// compare says stop, is computed from c's value at the entry. Each
// register-relative operand [r+k] of the loop then reaches addresses in a
// range given by r's value at the entry, K, r's step and the constants
// (iterations 0..K for the operands before the compare, 0..K-1 for those
// after it): compiled code checks, once at the loop's entry, that those
// ranges are ordinary memory, and the operands are not checked inside
// the loop. A register the loop does not write is checked there too,
// bound or not. At each iteration's start the register's byte address is
// computed once (a shift), and each operand is at a constant offset from
// it.
//
// When the check fails (the loop could reach a register word or leave
// memory, whether or not it would before another exit), the code leaves
// to the interpreter before the header's block, with nothing run: exact,
// as the interpreter runs the loop and faults where it faults. Such a
// loop then runs interpreted whenever it is entered that way.

// nHoist bounds the registers a loop checks at its entry.
const nHoist = 4

// maxStep bounds a hoisted register's step, so that K times it fits an
// int64 with room.
const maxStep = 1 << 16

// loopCheck is what one loop checks at its entry.
type loopCheck struct {
	h     int    // the header
	bound *bound // nil: only registers the loop does not write
	regs  []hoistReg
	at    map[*ins][2]place // by instruction: its operands' places, local 0 when not hoisted
}

// hoistReg is a register checked at a loop's entry.
type hoistReg struct {
	reg   uint8
	step  int32    // how much one iteration adds to it
	lo    int32    // the lowest displacement (delta + k) of its operands: the base's
	hi    int32    // the highest
	sides [2]reach // [0]: operands before the bound's compare, [1]: after
}

// reach is the range of displacements from a register's value at an
// iteration's start that the operands of one side reach.
type reach struct {
	ok     bool
	lo, hi int64
}

// bound is the compare that bounds a loop's iterations: the loop goes on
// while branch cont of cmp c+dc, x would be taken.
type bound struct {
	c     uint8
	dc    int32
	x     opnd  // an immediate, or a register that moves by constants too
	dx    int32 // x's delta at the compare, when a register
	cont  isa.Op
	step  int32  // c's step
	xstep int32  // x's step, when a register
	after []bool // by block of the loop: reached only after the compare said go on
}

// delta is a register's change since the iteration's start, as far as
// the analysis knows it.
type delta struct {
	state uint8 // dNone: no way reaches here yet; dKnown; dBad: not a constant
	d     int32
}

const (
	dNone = iota
	dKnown
	dBad
)

func (a *delta) merge(b delta) {
	switch {
	case b.state == dNone || a.state == dBad:
	case a.state == dNone:
		*a = b
	case b.state == dBad || a.d != b.d:
		a.state = dBad
	}
}

// stepOf returns how in changes register r: by d (0 when it does not
// write r), or not by a constant (!ok).
func stepOf(in *ins, r uint32) (d int32, ok bool) {
	dst, src := in.o[0], in.o[1]
	writesR := in.n > 0 && dst.k == isa.Addr && dst.w == r
	if in.bad {
		return 0, false
	}
	if f := isa.ByOp(in.op).Flow; f == isa.Jump || f == isa.Branch {
		return 0, true
	}
	switch in.op {
	case isa.Nop, isa.Cmp, isa.Test, isa.Prn, isa.Prc:
		return 0, true
	case isa.Push, isa.Pushf:
		return 0, r != uint32(memory.ESP)
	case isa.Pop, isa.Popf:
		return 0, r != uint32(memory.ESP) && !(in.op == isa.Pop && writesR)
	case isa.Mod:
		return 0, r != uint32(memory.REM)
	case isa.Inc, isa.Dec, isa.Add, isa.Sub, isa.Mov, isa.Mul, isa.Div, isa.And, isa.Or,
		isa.Xor, isa.Shl, isa.Shr, isa.Not, isa.Rem:
		if in.op == isa.Div && r == uint32(memory.REM) {
			return 0, false
		}
		switch {
		case !writesR:
			return 0, true
		case in.op == isa.Inc:
			return 1, true
		case in.op == isa.Dec:
			return -1, true
		case in.op == isa.Add && src.k == isa.Imm:
			return int32(src.w), true
		case in.op == isa.Sub && src.k == isa.Imm:
			return -int32(src.w), true
		}
	}
	return 0, false
}

// swapped maps a branch after cmp x, y to the same branch after cmp y, x;
// negated to the branch taken when it is not.
var (
	swapped = map[isa.Op]isa.Op{
		isa.Jl: isa.Jg, isa.Jle: isa.Jge, isa.Jg: isa.Jl, isa.Jge: isa.Jle,
		isa.Jb: isa.Ja, isa.Jbe: isa.Jae, isa.Ja: isa.Jb, isa.Jae: isa.Jbe, isa.Jne: isa.Jne, isa.Je: isa.Je,
	}
	negated = map[isa.Op]isa.Op{
		isa.Jl: isa.Jge, isa.Jge: isa.Jl, isa.Jle: isa.Jg, isa.Jg: isa.Jle,
		isa.Jb: isa.Jae, isa.Jae: isa.Jb, isa.Jbe: isa.Ja, isa.Ja: isa.Jbe, isa.Je: isa.Jne, isa.Jne: isa.Je,
	}
)

// inductions decides, for every loop, what it checks at its entry.
func (c *compiler) inductions() {
	c.checks = make(map[int]*loopCheck)
	for h, e := range c.loopEnd {
		if e >= 0 && c.region[h] >= 0 {
			if lc := c.induction(h, e); lc != nil {
				c.checks[h] = lc
			}
		}
	}
}

// checksIn reports whether a loop of region r checks at its entry: only
// then does its function need the locals for it.
func (c *compiler) checksIn(r int) bool {
	for h := range c.checks {
		if c.region[h] == r {
			return true
		}
	}
	return false
}

// induction returns what loop h..e checks at its entry, or nil.
func (c *compiler) induction(h, e int) *loopCheck {
	rel := false // an operand to check at all
	for i := h; i <= e; i++ {
		if c.cold[i] || c.region[i] != c.region[h] || i > h && (c.loopEnd[i] >= 0 || c.entryID[i] >= 0 || c.want[i]) {
			return nil
		}
		for _, x := range c.blocks[i].ins {
			rel = rel || x.n > 0 && x.o[0].k == isa.Rel || x.n > 1 && x.o[1].k == isa.Rel
		}
	}
	if !rel {
		return nil
	}
	n := e - h + 1
	in := make([][memory.Reserved]delta, n) // by block: each register's delta at its start
	for r := range in[0] {
		in[0][r] = delta{dKnown, 0}
	}
	var step [memory.Reserved]delta // at the back edges
	var written [memory.Reserved]bool
	at := make(map[*ins][memory.Reserved]delta)
	var edges []edge
	for b := range n {
		bl := c.blocks[h+b]
		d := in[b]
		if b > 0 && d[0].state == dNone {
			continue // no way round reaches it
		}
		for _, x := range bl.ins {
			at[x] = d
			for r := range d {
				s, ok := stepOf(x, uint32(r))
				if s != 0 || !ok {
					written[r] = true
				}
				if !ok {
					d[r].state = dBad
				} else if d[r].state == dKnown {
					d[r].d += s
				}
			}
		}
		if len(bl.ins) == 0 {
			return nil
		}
		last := bl.ins[len(bl.ins)-1]
		t, ok := c.target(last)
		back := false
		succ := func(to uint32) {
			j := int(c.blockAt[to]) - h
			switch {
			case j == 0:
				edges = append(edges, edge{b, n})
				for r := range step {
					step[r].merge(d[r])
				}
			case j > b && j < n:
				edges = append(edges, edge{b, j})
				for r := range d {
					in[j][r].merge(d[r])
				}
			case j > 0 && j <= b:
				back = true // a way back that is not to the header
			}
		}
		if ok {
			succ(t)
		}
		if !(ok && last.op == isa.Jmp) && b+1 < n {
			succ(c.blocks[h+b+1].start)
		}
		if back {
			return nil
		}
	}
	if step[0].state == dNone {
		return nil
	}
	lc := &loopCheck{h: h, at: make(map[*ins][2]place)}
	lc.bound = c.boundOf(h, n, at, step, written, edges)
	var slot [memory.Reserved]int
	for r := range slot {
		slot[r] = -1
	}
	for r := range uint32(memory.Reserved) {
		s := step[r]
		if !isReg(r) || r == uint32(memory.ESP) || s.state != dKnown || s.d != 0 && (lc.bound == nil || s.d > maxStep || s.d < -maxStep) || len(lc.regs) == nHoist {
			continue
		}
		hr := hoistReg{reg: uint8(r), step: s.d}
		good := true
		for b := range n {
			for _, x := range c.blocks[h+b].ins {
				d, seen := at[x]
				if !seen {
					continue
				}
				for _, o := range x.o[:x.n] {
					if o.k != isa.Rel || uint32(o.reg) != r {
						continue
					}
					if d[r].state != dKnown {
						good = false
						continue
					}
					side := 0
					if lc.bound != nil && lc.bound.after[b] {
						side = 1
					}
					v := int64(d[r].d) + int64(int32(o.w))
					sd := &hr.sides[side]
					if !sd.ok {
						*sd = reach{true, v, v}
					}
					sd.lo, sd.hi = min(sd.lo, v), max(sd.hi, v)
				}
			}
		}
		lo, hi := int64(1)<<62, -int64(1)<<62
		for _, sd := range hr.sides {
			if sd.ok {
				lo, hi = min(lo, sd.lo), max(hi, sd.hi)
			}
		}
		if !good || lo > hi || hi-lo >= maxSpan || lo < -1<<30 || hi > 1<<30 {
			continue
		}
		hr.lo, hr.hi = int32(lo), int32(hi)
		slot[r] = len(lc.regs)
		lc.regs = append(lc.regs, hr)
	}
	if len(lc.regs) == 0 {
		return nil
	}
	for b := range n {
		for _, x := range c.blocks[h+b].ins {
			d, seen := at[x]
			if !seen {
				continue
			}
			var ps [2]place
			for k, o := range x.o[:x.n] {
				if o.k == isa.Rel && slot[o.reg] >= 0 {
					j := slot[o.reg]
					ps[k] = place{lHoist + uint32(j), uint32(d[o.reg].d+int32(o.w)-lc.regs[j].lo) * 4}
				}
			}
			if ps[0].local != 0 || ps[1].local != 0 {
				lc.at[x] = ps
			}
		}
	}
	return lc
}

// edge is a way from one block of a loop to another, relative to its
// header; to the loop's length: back to the header.
type edge struct{ from, to int }

// boundOf finds the compare that bounds the iterations of the loop of n
// blocks at h, given each instruction's deltas (at), the registers' steps
// and which registers the loop writes, or returns nil.
func (c *compiler) boundOf(h, n int, at map[*ins][memory.Reserved]delta, step [memory.Reserved]delta, written [memory.Reserved]bool, edges []edge) *bound {
	for b := range n {
		bl := c.blocks[h+b].ins
		last := bl[len(bl)-1]
		if _, seen := at[last]; !seen || isa.ByOp(last.op).Flow != isa.Branch {
			continue
		}
		t, ok := c.target(last)
		if !ok {
			continue
		}
		cont, to := last.op, n // the loop goes on when the branch is taken...
		if j := int(c.blockAt[t]) - h; j != 0 {
			if j >= 0 && j < n || b+1 >= n {
				continue
			}
			cont, to = negated[last.op], b+1 // ...or when it is not
		} else if b+1 < n {
			continue
		}
		var cmp *ins
	scan:
		for k := len(bl) - 2; k >= 0; k-- {
			x := bl[k]
			switch {
			case x.op == isa.Cmp:
				cmp = x
				break scan
			case x.bad || x.exit || x.op == isa.Test || x.op == isa.Popf,
				x.n > 0 && x.o[0].k == isa.Addr && x.o[0].w == uint32(memory.FLAGS):
				break scan
			}
		}
		if cmp == nil {
			continue
		}
		// moving: a register that moves by constants (0 included);
		// induct: one that moves.
		moving := func(o opnd) bool {
			return o.k == isa.Addr && isReg(o.w) && o.w != uint32(memory.ESP) && step[o.w].state == dKnown &&
				step[o.w].d <= maxStep && step[o.w].d >= -maxStep && at[cmp][o.w].state == dKnown
		}
		induct := func(o opnd) bool { return moving(o) && step[o.w].d != 0 }
		var bd bound
		switch a, y := cmp.o[0], cmp.o[1]; {
		case induct(a) && (y.k == isa.Imm || moving(y)):
			bd = bound{c: uint8(a.w), x: y, cont: cont}
		case induct(y) && (a.k == isa.Imm || moving(a)):
			bd = bound{c: uint8(y.w), x: a, cont: swapped[cont]}
		default:
			continue
		}
		bd.dc, bd.step = at[cmp][bd.c].d, step[bd.c].d
		if bd.x.k != isa.Imm {
			bd.dx, bd.xstep = at[cmp][bd.x.w].d, step[bd.x.w].d
		}
		switch rate := bd.step - bd.xstep; bd.cont {
		case isa.Jl, isa.Jle, isa.Jb, isa.Jbe:
			ok = rate > 0
		case isa.Jg, isa.Jge, isa.Ja, isa.Jae:
			ok = rate < 0
		case isa.Jne:
			ok = rate == 1 || rate == -1
		default:
			ok = false
		}
		if !ok || bd.x.k == isa.Imm && !bd.exact() {
			continue
		}
		// Every way back to the header passes through the compare's way on.
		bd.after = make([]bool, n)
		reached := make([]bool, n)
		for j := b + 1; j < n; j++ {
			bd.after[j] = true
		}
		for _, ed := range edges {
			good := ed.from == b && ed.to == to || ed.from > b && bd.after[ed.from]
			if ed.to < n {
				reached[ed.to] = true
				bd.after[ed.to] = bd.after[ed.to] && good
			} else if !good {
				ok = false
			}
		}
		for j := range reached {
			bd.after[j] = bd.after[j] && reached[j]
		}
		if ok {
			return &bd
		}
	}
	return nil
}

// hoisted returns the place of in's operand whose address goes in local
// l (lTA or lTB) when the loop being emitted checked it at its entry.
func (c *compiler) hoisted(in *ins, l uint32) (place, bool) {
	if c.loop == nil {
		return place{}, false
	}
	p := c.loop.at[in][l-lTA]
	return p, p.local != 0
}

// bases sets, at the start of each iteration of the loop being emitted,
// each hoisted register's byte base: the byte address of its lowest
// operand were the register not to move.
func (c *compiler) bases() {
	for j, hr := range c.loop.regs {
		c.get(lReg + uint32(hr.reg))
		if hr.lo != 0 {
			c.i32(uint32(hr.lo))
			c.op(opI32Add)
		}
		c.i32(2)
		c.op(opI32Shl)
		c.tee(lHoist + uint32(j))
		// wasm's bounds check, once for the iteration: wazero skips the
		// check of an access below one it checked on the same value, in
		// the blocks that only this one leads to. Made here even for
		// one displacement, where the first access would make it:
		// measured, stencil's loop took 12% more host instructions
		// without it, matmul's and strhash's 4-5% fewer.
		c.mem(opI32Load, uint32(hr.hi-hr.lo)*4)
		c.op(opDrop)
	}
}

func (c *compiler) i64(v int64) { c.b.byte(opI64Const); c.b.s64(v) }

// entryCheck emits the check at the entry of the loop being emitted:
// unless every operand of its hoisted registers stays in ordinary memory
// in every iteration it can run, leave to the interpreter at its header.
func (c *compiler) entryCheck() {
	lc := c.loop
	if lc == nil {
		return
	}
	if lc.bound != nil {
		c.iterations(lc.bound)
	}
	n := 0
	for _, hr := range lc.regs {
		for side, sd := range hr.sides {
			if !sd.ok {
				continue
			}
			// low < Reserved || high >= size, in int64: low and high are
			// the lowest and highest address, exactly, over the
			// iterations 0..K (side 0) or 0..K-1 (side 1).
			for end := range 2 {
				c.get(lReg + uint32(hr.reg))
				c.op(opI64ExtendU)
				if hr.step < 0 && end == 0 || hr.step > 0 && end == 1 {
					c.get(lK)
					if side == 1 {
						c.i64(1)
						c.op(opI64Sub)
					}
					c.i64(int64(hr.step))
					c.op(opI64Mul)
					c.op(opI64Add)
				}
				if end == 0 {
					c.i64(sd.lo)
					c.op(opI64Add)
					c.i64(memory.Reserved)
					c.op(opI64LtS)
				} else {
					c.i64(sd.hi)
					c.op(opI64Add)
					c.i64(int64(c.size))
					c.op(opI64GeS)
					c.op(opI32Or)
				}
			}
			if side == 1 { // no iteration goes past the compare when K is 0
				c.get(lK)
				c.i64(0)
				c.op(opI64Ne)
				c.op(opI32And)
			}
			if n++; n > 1 {
				c.op(opI32Or)
			}
		}
	}
	if n > 0 {
		c.op(opI32Eqz)
		c.exitUnless(c.blocks[lc.h].start, 0)
	}
}

// iterations sets lK to K, the first iteration whose compare stops the
// loop (so 0..K is every iteration that can start), from the registers'
// values at its entry; to 2^40 (more than any check allows) when a
// compared value could wrap around before the compare stops the loop.
func (c *compiler) iterations(bd *bound) {
	signed := bd.cont == isa.Jl || bd.cont == isa.Jle || bd.cont == isa.Jg || bd.cont == isa.Jge
	value := func(r uint32, d int32) { // a compared value in iteration 0
		c.get(lReg + r)
		if d != 0 {
			c.i32(uint32(d))
			c.op(opI32Add)
		}
	}
	v0 := func() { value(uint32(bd.c), bd.dc) }
	x0 := func() {
		if bd.x.k == isa.Imm {
			c.i32(bd.x.w)
		} else {
			value(bd.x.w, bd.dx)
		}
	}
	rate := int64(bd.step) - int64(bd.xstep)
	if bd.cont == isa.Jne { // the difference moves by 1: it meets 0 exactly
		if rate > 0 {
			x0()
			v0()
		} else {
			v0()
			x0()
		}
		c.op(opI32Sub)
		c.op(opI64ExtendU)
		c.set(lK)
		return
	}
	// The distance to close, at rate a step: K = ceil(distance / rate)
	// when it is positive, else 0.
	ext := byte(opI64ExtendU)
	if signed {
		ext = opI64ExtendS
	}
	v0()
	c.op(ext)
	c.set(lV)
	x0()
	c.op(ext)
	c.set(lW)
	first, second, adj := uint32(lW), uint32(lV), int64(0) // going up to x: x - v
	switch bd.cont {
	case isa.Jle, isa.Jbe:
		adj = 1
	case isa.Jg, isa.Ja:
		first, second, rate = lV, lW, -rate
	case isa.Jge, isa.Jae:
		first, second, rate, adj = lV, lW, -rate, 1
	}
	c.get(first)
	c.get(second)
	c.op(opI64Sub)
	if adj != 0 {
		c.i64(adj)
		c.op(opI64Add)
	}
	c.set(lD)
	c.get(lD)
	switch {
	case rate&(rate-1) == 0: // a power of 2: a shift
		if rate > 1 {
			c.i64(rate - 1)
			c.op(opI64Add)
			c.i64(int64(bits.TrailingZeros64(uint64(rate))))
			c.op(opI64ShrS)
		}
	default:
		// In float64, exact here (|distance| < 2^34, rate < 2^17): an
		// integer division makes wazero's register allocator spill
		// around the whole function (x86's div takes fixed registers),
		// a cost paid in every loop of the region.
		c.op(opF64ConvertI64S)
		c.i64(rate)
		c.op(opF64ConvertI64S)
		c.op(opF64Div)
		c.op(opF64Ceil)
		c.op(opI64TruncF64S)
	}
	c.i64(0)
	c.get(lD)
	c.i64(0)
	c.op(opI64GtS)
	c.op(opSelect)
	c.set(lK)
	if bd.x.k == isa.Imm {
		return // exact: boundOf saw to it
	}
	// Both values stay in their range up to iteration K, so the
	// machine's compares are those of the exact values.
	lo, hi := int64(0), int64(1)<<32-1
	if signed {
		lo, hi = -1<<31, 1<<31-1
	}
	c.get(lK)
	c.i64(1 << 40)
	n := 0
	for _, v := range []struct {
		l    uint32
		step int32
	}{{lV, bd.step}, {lW, bd.xstep}} {
		if v.step == 0 {
			continue
		}
		c.get(v.l)
		c.get(lK)
		c.i64(int64(v.step))
		c.op(opI64Mul)
		c.op(opI64Add)
		c.set(lD)
		c.get(lD)
		c.i64(lo)
		c.op(opI64GeS)
		c.get(lD)
		c.i64(hi)
		c.op(opI64LeS)
		c.op(opI32And)
		if n++; n > 1 {
			c.op(opI32And)
		}
	}
	c.op(opSelect)
	c.set(lK)
}

// exact reports whether, x being an immediate, the compared register's
// values stay in the compare's range (signed or not) up to the iteration
// that stops the loop, whatever the register's value at the entry: the
// last value is less than x' + step going up (x' is x, or x+1 for <=),
// more than x' + step going down (x' is x, or x-1 for >=).
func (bd *bound) exact() bool {
	x, lo, hi := int64(bd.x.w), int64(0), int64(1)<<32-1
	switch bd.cont {
	case isa.Jl, isa.Jle, isa.Jg, isa.Jge:
		x, lo, hi = int64(int32(bd.x.w)), -1<<31, 1<<31-1
	}
	s := int64(bd.step)
	switch bd.cont {
	case isa.Jl, isa.Jb:
		return x+s-1 <= hi
	case isa.Jle, isa.Jbe:
		return x+s <= hi
	case isa.Jg, isa.Ja:
		return x+s+1 >= lo
	case isa.Jge, isa.Jae:
		return x+s >= lo
	}
	return true // jne: the difference meets 0 exactly
}
