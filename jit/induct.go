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
// that the loop moves only by constants (inc, dec, add and sub of an
// immediate, or through a copy: mov edx, esi; add edx, 4; mov esi, edx;
// the registers' forms of derive.go say) holds, at each instruction of
// iteration i, its value at the
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
// the loop. (Iteration K starts too, and loads its register's highest
// operand, see bases: with operands after the compare, the whole range
// is checked to be in memory over 0..K as well.) A register the loop does not write is checked there too,
// bound or not. At each iteration's start the register's byte address is
// computed once (a shift), and each operand is at a constant offset from
// it.
//
// When the check fails (the loop could reach a register word or leave
// memory, whether or not it would before another exit), the loop still
// runs compiled, for as many iterations as its entry can prove safe
// (fallback.go).

// nHoist bounds the registers a loop checks at its entry.
const nHoist = 4

// maxStep bounds a hoisted register's step, so that K times it fits an
// int64 with room.
const maxStep = 1 << 16

// loopCheck is what one loop checks at its entry.
type loopCheck struct {
	h       int    // the header
	minIter uint32 // the fewest steps an iteration takes, its shortest way round
	bound   *bound // nil: only registers the loop does not write
	self    bool   // the bound's register steps by a register and is the only one hoisted that moves (selfCheck)
	regs    []hoistReg
	at      map[*ins][2]place // by instruction: its operands' places, local 0 when not hoisted
	fams    []family          // the families of derived addresses checked (derive.go)
	der     map[*ins][2]uint8 // by instruction: 1 + its operands' side of the compare when in a family, else 0
}

// hoistReg is a register checked at a loop's entry.
type hoistReg struct {
	reg   uint8
	step  delta    // how much one iteration adds to it
	at    delta    // its operands' register part (n times s, d 0): the same for all
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
	dc    delta
	x     opnd  // an immediate, or a register that moves by constants too
	dx    delta // x's delta at the compare, when a register
	cont  isa.Op
	after []bool // by block of the loop: reached only after the compare said go on
	step  delta  // c's step
	xstep delta  // x's step, when a register
}

// delta is a register's change since the iteration's start, as far as
// the analysis knows it: d plus n times the value of register s, one the
// loop does not write (a register step: add eax, ecx); its form (derive.go)
// read as a change.
type delta struct {
	state uint8 // dNone: no way reaches here yet; dKnown; dBad: not of that form
	d     int32
	n     int32 // 0: a constant
	s     uint8
}

const (
	dNone = iota
	dKnown
	dBad
)

// moves reports whether a step moves the register at all.
func (a delta) moves() bool { return a.d != 0 || a.n != 0 }

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
	fin := make([]forms, n) // by block: each register's form at its start
	for r := range fin[0] {
		fin[0][r] = regForm(uint8(r))
	}
	var back forms // at the back edges
	var written [memory.Reserved]bool
	fat := make(map[*ins]forms) // by instruction: the registers' forms before it
	var edges []edge
	for b := range n {
		bl := c.blocks[h+b]
		fs := fin[b]
		if b > 0 && fs[0].state == dNone {
			continue // no way round reaches it
		}
		for _, x := range bl.ins {
			fat[x] = fs
			fs.run(x, &written)
		}
		if len(bl.ins) == 0 {
			return nil
		}
		last := bl.ins[len(bl.ins)-1]
		t, ok := c.target(last)
		backward := false
		succ := func(to uint32) {
			j := int(c.blockAt[to]) - h
			switch {
			case j == 0:
				edges = append(edges, edge{b, n})
				for r := range back {
					back[r].merge(fs[r])
				}
			case j > b && j < n:
				edges = append(edges, edge{b, j})
				for r := range fs {
					fin[j][r].merge(fs[r])
				}
			case j > 0 && j <= b:
				backward = true // a way back that is not to the header
			}
		}
		if ok {
			succ(t)
		}
		if !(ok && last.op == isa.Jmp) && b+1 < n {
			succ(c.blocks[h+b+1].start)
		}
		if backward {
			return nil
		}
	}
	// A register's delta, where the analysis below needs one: its form
	// as its own value at the iteration's start plus the rest.
	var step [memory.Reserved]delta
	for r := range step {
		step[r] = back[r].delta(uint8(r))
	}
	at := make(map[*ins][memory.Reserved]delta, len(fat))
	for x, fs := range fat {
		var d [memory.Reserved]delta
		for r := range d {
			d[r] = fs[r].delta(uint8(r))
		}
		at[x] = d
	}
	if step[0].state == dNone {
		return nil
	}
	// known: a delta of that form, whose register part the loop does
	// not write.
	known := func(dl delta) bool { return dl.state == dKnown && (dl.n == 0 || !written[dl.s]) }
	lc := &loopCheck{h: h, at: make(map[*ins][2]place), minIter: c.shortest(h, n, edges)}
	lc.bound = c.boundOf(h, n, fat, step, known, edges)
	var slot [memory.Reserved]int
	for r := range slot {
		slot[r] = -1
	}
	for r := range uint32(memory.Reserved) {
		s := step[r]
		if !isReg(r) || r == uint32(memory.ESP) || !known(s) || s.moves() && lc.bound == nil || s.d > maxStep || s.d < -maxStep || len(lc.regs) == nHoist {
			continue
		}
		hr := hoistReg{reg: uint8(r), step: s}
		good, first := true, true
		lo, hi := int64(1)<<62, -int64(1)<<62
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
					if !known(d[r]) || !first && (d[r].n != hr.at.n || hr.at.n != 0 && d[r].s != hr.at.s) {
						good = false
						continue
					}
					if first {
						first, hr.at = false, delta{state: dKnown, n: d[r].n, s: d[r].s}
					}
					v := int64(d[r].d) + int64(int32(o.w))
					lo, hi = min(lo, v), max(hi, v)
					sd := &hr.sides[0]
					if lc.bound != nil && lc.bound.after[b] {
						sd = &hr.sides[1]
					}
					if !sd.ok {
						*sd = reach{true, v, v}
					}
					sd.lo, sd.hi = min(sd.lo, v), max(sd.hi, v)
				}
			}
		}
		if !good || lo > hi || hi-lo >= maxSpan || lo < -1<<30 || hi > 1<<30 {
			continue
		}
		hr.lo, hr.hi = int32(lo), int32(hi)
		slot[r] = len(lc.regs)
		lc.regs = append(lc.regs, hr)
	}
	lc.der = make(map[*ins][2]uint8)
	c.derived(lc, h, n, fat, &step, known, func(r uint8) bool { return slot[r] >= 0 })
	if len(lc.regs) == 0 && len(lc.fams) == 0 {
		return nil
	}
	if bd := lc.bound; bd != nil && bd.dynamic() && !bd.xstep.moves() {
		lc.self = true
		for _, hr := range lc.regs {
			lc.self = lc.self && (hr.reg == bd.c) != !hr.step.moves()
		}
		for _, fm := range lc.fams {
			lc.self = lc.self && !fm.moves() // they need K
		}
		lc.self = lc.self && slot[bd.c] >= 0
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

// shortest returns the fewest instructions on a way round the loop of n
// blocks at h, given its edges in the order of the blocks they leave
// (each block's way in is then known before its ways out).
func (c *compiler) shortest(h, n int, edges []edge) uint32 {
	const none = ^uint32(0)
	dist := make([]uint32, n+1) // by block: the fewest from the header's start to its end
	for b := range dist {
		dist[b] = none
	}
	dist[0] = uint32(len(c.blocks[h].ins))
	for _, ed := range edges {
		if dist[ed.from] == none {
			continue
		}
		d := dist[ed.from]
		if ed.to < n {
			d += uint32(len(c.blocks[h+ed.to].ins))
		}
		dist[ed.to] = min(dist[ed.to], d)
	}
	return dist[n]
}

// boundOf finds the compare that bounds the iterations of the loop of n
// blocks at h, given the registers' forms before each instruction (fat),
// their steps and which deltas are known, or returns nil.
func (c *compiler) boundOf(h, n int, fat map[*ins]forms, step [memory.Reserved]delta, known func(delta) bool, edges []edge) *bound {
	// kept: a memory word the region keeps in a local (promote.go) that
	// the loop does not write, a value known at the entry as a register
	// the loop does not write is (floyd's cmp ecx, [rowend]). Nothing
	// else writes it while the local holds it: an access through a
	// computed address that could reach it leaves compiled code.
	kept := func(o opnd) bool {
		if o.k != isa.Addr || isReg(o.w) || !c.keeps(c.region[h], o.w) {
			return false
		}
		for b := range n {
			for _, x := range c.blocks[h+b].ins {
				if x.n > 0 && x.o[0] == o && writes(x.op) {
					return false
				}
			}
		}
		return true
	}
	for b := range n {
		bl := c.blocks[h+b].ins
		last := bl[len(bl)-1]
		if _, seen := fat[last]; !seen || isa.ByOp(last.op).Flow != isa.Branch {
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
		// The compare, and its operands: test r, r sets the flags
		// cmp r, 0 does (the sign and zero of r, no carry or overflow).
		var cmp *ins
		var ops [2]opnd
	scan:
		for k := len(bl) - 2; k >= 0; k-- {
			x := bl[k]
			switch {
			case x.op == isa.Cmp:
				cmp, ops = x, [2]opnd{x.o[0], x.o[1]}
				break scan
			case x.op == isa.Test && !x.bad && !x.exit && x.o[0] == x.o[1] && x.o[0].k == isa.Addr:
				cmp, ops = x, [2]opnd{x.o[0], {k: isa.Imm}}
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
		// induct: one that moves. (A register compared through a copy,
		// mov edx, esi; sub edx, ebx; cmp edx, arr, could bound the loop
		// too: measured, shellsort's hole, which moves 0 to 2 times an
		// entry, took 2.3 times the host instructions with the check.)
		at := func(o opnd) delta { return fat[cmp][o.w].delta(uint8(o.w)) }
		moving := func(o opnd) bool {
			return o.k == isa.Addr && isReg(o.w) && o.w != uint32(memory.ESP) && known(step[o.w]) &&
				step[o.w].d <= maxStep && step[o.w].d >= -maxStep && known(at(o))
		}
		induct := func(o opnd) bool { return moving(o) && step[o.w].moves() }
		var bd bound
		switch a, y := ops[0], ops[1]; {
		case induct(a) && (y.k == isa.Imm || moving(y) || kept(y)):
			bd = bound{c: uint8(a.w), x: y, cont: cont}
		case induct(y) && (a.k == isa.Imm || moving(a) || kept(a)):
			bd = bound{c: uint8(y.w), x: a, cont: swapped[cont]}
		default:
			continue
		}
		bd.dc, bd.step = at(opnd{k: isa.Addr, w: uint32(bd.c)}), step[bd.c]
		if bd.x.k != isa.Imm && isReg(bd.x.w) {
			bd.dx, bd.xstep = at(bd.x), step[bd.x.w]
		}
		// A register step's sign is known at the entry only: iterations
		// checks it there.
		dynamic := bd.dynamic()
		switch rate := bd.step.d - bd.xstep.d; bd.cont {
		case isa.Jl, isa.Jle, isa.Jb, isa.Jbe:
			ok = dynamic || rate > 0
		case isa.Jg, isa.Jge, isa.Ja, isa.Jae:
			ok = dynamic || rate < 0
		case isa.Jne:
			ok = !dynamic && (rate == 1 || rate == -1)
		default:
			ok = false
		}
		if !ok || bd.x.k == isa.Imm && !dynamic && !bd.exact() {
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
		if hr.at.n != 0 {
			c.get(lReg + uint32(hr.at.s))
			if hr.at.n != 1 {
				c.i32(uint32(hr.at.n))
				c.op(opI32Mul)
			}
			c.op(opI32Add)
		}
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

// Comparisons of i64 values that wasm.go does not name.
const (
	opI64LtU = 0x54
)

// regPart pushes a delta's register part, n times s's value, in i64 (s
// signed: a step of -1 is 0xFFFFFFFF added).
func (c *compiler) regPart(dl delta) {
	c.get(lReg + uint32(dl.s))
	c.op(opI64ExtendS)
	if dl.n != 1 {
		c.i64(int64(dl.n))
		c.op(opI64Mul)
	}
}

// stepValue pushes a step's value in this run of the loop, in i64.
func (c *compiler) stepValue(st delta) {
	switch {
	case st.n == 0:
		c.i64(int64(st.d))
	case st.d == 0:
		c.regPart(st)
	default:
		c.regPart(st)
		c.i64(int64(st.d))
		c.op(opI64Add)
	}
}

// stepFits pushes whether a register step is at most maxStep either way,
// as the reasoning on K and the ranges needs.
func (c *compiler) stepFits(st delta) {
	c.stepValue(st)
	c.fits()
}

// fits pushes whether the step on the stack is at most maxStep either way.
func (c *compiler) fits() {
	c.i64(maxStep)
	c.op(opI64Add)
	c.i64(2*maxStep + 1)
	c.op(opI64LtU)
}

// entryCheck emits the check at the entry of the loop being emitted:
// unless every operand of its hoisted registers stays in ordinary memory
// in every iteration it can run, leave to the interpreter at its header.
func (c *compiler) entryCheck() {
	lc := c.loop
	if lc == nil {
		return
	}
	if lc.bound != nil && !lc.self {
		c.iterations(lc.bound)
	}
	n := 0
	or := func() {
		if n++; n > 1 {
			c.op(opI32Or)
		}
	}
	for _, hr := range lc.regs {
		if lc.self && hr.reg == lc.bound.c {
			c.selfCheck(hr, lc.bound)
			or()
			continue
		}
		if hr.step.n != 0 {
			c.stepFits(hr.step)
			c.op(opI32Eqz)
			or()
		}
		for _, sp := range hr.spans() {
			w := c.regWalk(hr, sp)
			c.rangeFails(w)
			or()
			if c.windowed(sp) {
				c.windowFails(w)
				or()
			}
		}
	}
	for _, fm := range lc.fams {
		c.familyFails(fm)
		or()
	}
	if n > 0 {
		c.op(opI32Eqz)
		c.open(opIf)
		c.b.byte(opElse) // the check fails: fallback.go
		c.fallback()
		c.end()
	}
}

// value pushes register r plus delta d, in i32: a compared value in
// iteration 0.
func (c *compiler) value(r uint32, d delta) {
	c.get(lReg + r)
	if d.d != 0 {
		c.i32(uint32(d.d))
		c.op(opI32Add)
	}
	if d.n != 0 {
		c.get(lReg + uint32(d.s))
		if d.n != 1 {
			c.i32(uint32(d.n))
			c.op(opI32Mul)
		}
		c.op(opI32Add)
	}
}

// xValue pushes, in i32, the value the bound's compare takes for x in
// iteration 0: an immediate, a register's (plus its delta at the
// compare), or a kept word's local.
func (c *compiler) xValue(bd *bound) {
	switch {
	case bd.x.k == isa.Imm:
		c.i32(bd.x.w)
	case isReg(bd.x.w):
		c.value(bd.x.w, bd.dx)
	default:
		c.word(bd.x.w, 0)
	}
}

// selfCheck pushes whether the operands of hr, the bound's register,
// could leave ordinary memory (or the step is not one the bound closes
// in by, or the compared value could wrap), with no iteration count:
// going up by s in 1..maxStep while v < x (v <= x: x+1), the compared
// value v runs from v0 up to at most x+s-1 by the compare that stops the
// loop, and the register's addresses are v's values moved by a
// difference known at the entry. This is the loop of a
// sieve's marks and of a walk down a matrix's column, often entered and
// run a few times: the division and the checks of iterations cost some
// 100 host instructions an entry, this some 40.
func (c *compiler) selfCheck(hr hoistReg, bd *bound) {
	signed, lo, hi := bd.limits()
	up, adj := bd.direction()
	ext := byte(opI64ExtendU)
	if signed {
		ext = opI64ExtendS
	}
	c.value(uint32(bd.c), bd.dc)
	c.op(ext)
	c.set(lV)
	c.stepValue(hr.step)
	c.set(lD)
	// lW: the furthest compared value, x+adj+s-1 going up, x-adj+s+1
	// going down.
	if bd.x.k == isa.Imm {
		c.i64(bd.imm(signed))
	} else {
		c.xValue(bd)
		c.op(ext)
	}
	c.get(lD)
	c.op(opI64Add)
	if up {
		c.i64(adj - 1)
	} else {
		c.i64(1 - adj)
	}
	c.op(opI64Add)
	c.set(lW)
	// A step that closes in, and no wrap before the compare stops.
	c.get(lD)
	if up {
		c.i64(1)
		c.op(opI64Sub)
	} else {
		c.i64(-1)
		c.op(opI64Mul)
		c.i64(1)
		c.op(opI64Sub)
	}
	c.i64(maxStep)
	c.op(opI64LtU)
	// With x an immediate, no step up to maxStep wraps it.
	if x := bd.imm(signed); bd.x.k != isa.Imm || up && x+adj-1+maxStep > hi || !up && x-adj+1-maxStep < lo {
		c.get(lW)
		if up {
			c.i64(hi)
			c.op(opI64LeS)
		} else {
			c.i64(lo)
			c.op(opI64GeS)
		}
		c.op(opI32And)
	}
	c.op(opI32Eqz)
	// An address is a compared value plus the operands' register part
	// less the compare's, plus a constant: the register part is added
	// to the value, the constant taken from the limit.
	part := func() {
		if hr.at.n != 0 {
			c.regPart(hr.at)
			c.op(opI64Add)
		}
		if bd.dc.n != 0 {
			c.regPart(bd.dc)
			c.op(opI64Sub)
		}
	}
	for _, sp := range hr.spans() {
		far := func() { // v0 or the furthest compared value, whichever is further
			for range 2 {
				c.get(lW) // after the compare, one step less far
				if sp.past {
					c.get(lD)
					c.op(opI64Sub)
				}
				c.get(lV)
			}
			if up {
				c.op(opI64GtS)
			} else {
				c.op(opI64LtS)
			}
			c.op(opSelect)
		}
		near := func() { c.get(lV) }
		low, high := near, far
		if !up {
			low, high = far, near
		}
		low()
		part()
		c.i64(sp.floor + int64(bd.dc.d) - sp.lo)
		c.op(opI64LtS)
		high()
		part()
		c.i64(int64(c.size) + int64(bd.dc.d) - sp.hi)
		c.op(opI64GeS)
		c.op(opI32Or)
		c.op(opI32Or)
		if c.windowed(sp) { // the addresses could meet the window (windowFails)
			high()
			part()
			c.i64(int64(c.prom.lo) + int64(bd.dc.d) - sp.hi)
			c.op(opI64GeS)
			low()
			part()
			c.i64(int64(c.prom.hi) + int64(bd.dc.d) - sp.lo)
			c.op(opI64LeS)
			c.op(opI32And)
			c.op(opI32Or)
		}
	}
}

// limits returns whether the bound's compare is signed, and the range of
// the values it compares.
func (bd *bound) limits() (signed bool, lo, hi int64) {
	switch bd.cont {
	case isa.Jl, isa.Jle, isa.Jg, isa.Jge:
		return true, -1 << 31, 1<<31 - 1
	}
	return false, 0, 1<<32 - 1
}

// direction returns whether the bound's loop goes on while its compared
// value is below x (up) or above it, and adj: 1 when the compare takes x
// itself too (v < x+adj going up, v > x-adj going down).
func (bd *bound) direction() (up bool, adj int64) {
	switch bd.cont {
	case isa.Jl, isa.Jb:
		return true, 0
	case isa.Jle, isa.Jbe:
		return true, 1
	case isa.Jge, isa.Jae:
		return false, 1
	}
	return false, 0
}

// imm returns the bound's immediate as the compare reads it.
func (bd *bound) imm(signed bool) int64 {
	if signed {
		return int64(int32(bd.x.w))
	}
	return int64(bd.x.w)
}

// extent is a range of displacements from a register that a check
// covers, over iterations 0..K (0..K-1 when past), against memory from
// floor on.
type extent struct {
	lo, hi    int64
	past      bool
	floor     int64
	low, high bool // the ends it checks
}

// spans returns the ranges to check for hr: its operands before the
// compare over 0..K and those after it over 0..K-1, in ordinary memory;
// when there are operands after the compare, all of them over 0..K in
// memory, as bases loads the highest at the start of iteration K too.
//
// Going up, the low end is iteration 0's and the high end K's: checking
// all the operands over 0..K checks the operands after the compare in
// iteration K too (and in iteration 0 when K is 0), where they may be
// past the end of memory, the stack's top, without the loop reaching
// them: the loop then runs interpreted, a rare case. Going down, the low end
// is often on the reserved words (an array at 32 walked down to its
// start with the test at the top): its three checks are kept apart.
func (hr *hoistReg) spans() []extent {
	all := extent{int64(hr.lo), int64(hr.hi), false, memory.Reserved, true, true}
	if !hr.sides[1].ok || hr.step.n == 0 && hr.step.d >= 0 {
		return []extent{all}
	}
	var sps []extent
	down := hr.step.n == 0 // and d < 0: the high end is iteration 0's
	if down {
		all.low = false
		sps = append(sps, all)
	}
	for side, sd := range hr.sides {
		if sd.ok {
			sps = append(sps, extent{sd.lo, sd.hi, side == 1, memory.Reserved, true, !down})
		}
	}
	return append(sps, extent{int64(hr.lo), int64(hr.hi), false, 0, true, !down})
}

// walk is a range of addresses an entry check covers: an extent of
// displacements from a value at the entry that moves by a step each
// iteration (a hoisted register's operands, a family's on one side).
type walk struct {
	value   func() // pushes the value at the entry, in i64
	step    func() // pushes the step, in i64
	d       int32  // the step, when constant: which end it moves
	dynamic bool   // the step is known at the entry only
	extent
}

// regWalk is the walk of hr's extent sp.
func (c *compiler) regWalk(hr hoistReg, sp extent) walk {
	return walk{
		value: func() {
			c.get(lReg + uint32(hr.reg))
			c.op(opI64ExtendU)
			if hr.at.n != 0 {
				c.regPart(hr.at)
				c.op(opI64Add)
			}
		},
		step:    func() { c.stepValue(hr.step) },
		d:       hr.step.d,
		dynamic: hr.step.n != 0,
		extent:  sp,
	}
}

// rangeFails pushes whether walk w could leave memory: low < floor ||
// high >= size, in int64, low and high the lowest and highest address,
// exactly, over its extent's iterations.
func (c *compiler) rangeFails(w walk) {
	sp := w.extent
	for end := range 2 {
		if end == 0 && !sp.low || end == 1 && !sp.high {
			continue
		}
		c.endAddr(w, end)
		if end == 0 {
			c.i64(sp.floor)
			c.op(opI64LtS)
		} else {
			c.i64(int64(c.size))
			c.op(opI64GeS)
			if sp.low {
				c.op(opI32Or)
			}
		}
	}
	if sp.past { // no iteration goes past the compare when K is 0
		c.get(lK)
		c.i64(0)
		c.op(opI64Ne)
		c.op(opI32And)
	}
}

// endAddr pushes, in int64, the lowest (end 0) or the highest (end 1)
// address walk w reaches over its extent's iterations.
func (c *compiler) endAddr(w walk, end int) {
	w.value()
	kSteps := func() {
		c.get(lK)
		if w.past {
			c.i64(1)
			c.op(opI64Sub)
		}
		w.step()
		c.op(opI64Mul)
	}
	c.toward(end, w.d, w.dynamic, kSteps)
	if end == 0 {
		c.i64(w.lo)
	} else {
		c.i64(w.hi)
	}
	c.op(opI64Add)
}

// toward adds to the value on the stack the steps that steps pushes (K or
// K-1 times a step), when they move it toward end (0: the low, 1: the
// high): when the step's sign is d's, or, known at the entry only
// (dynamic), when it is that end's.
func (c *compiler) toward(end int, d int32, dynamic bool, steps func()) {
	switch {
	case dynamic:
		steps()
		c.tee(lD)
		c.i64(0)
		c.get(lD)
		c.i64(0)
		if end == 0 {
			c.op(opI64LtS)
		} else {
			c.op(opI64GtS)
		}
		c.op(opSelect)
		c.op(opI64Add)
	case d < 0 && end == 0 || d > 0 && end == 1:
		steps()
		c.op(opI64Add)
	}
}

// dynamic reports whether the bound's rate is known at the entry only.
func (bd *bound) dynamic() bool { return bd.step.n != 0 || bd.xstep.n != 0 }

// iterations sets lK to K, the first iteration whose compare stops the
// loop (so 0..K is every iteration that can start), from the registers'
// values at its entry; to 2^40 (more than any check allows) when a
// compared value could wrap around before the compare stops the loop, or
// when a register step makes the compare not close in on its bound (or
// moves by more than maxStep).
func (c *compiler) iterations(bd *bound) {
	signed, lo, hi := bd.limits()
	v0 := func() { c.value(uint32(bd.c), bd.dc) }
	x0 := func() { c.xValue(bd) }
	rate := int64(bd.step.d) - int64(bd.xstep.d)
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
	up, adj := bd.direction()
	first, second := uint32(lW), uint32(lV) // going up to x: x - v
	if !up {
		first, second, rate = lV, lW, -rate
	}
	c.get(first)
	c.get(second)
	c.op(opI64Sub)
	if adj != 0 {
		c.i64(adj)
		c.op(opI64Add)
	}
	c.set(lD)
	dynamic := bd.dynamic()
	// valid pushes whether the rate in lK closes in, by 2*maxStep at
	// most, and each register step is within maxStep.
	valid := func() {
		c.get(lK)
		c.i64(1)
		c.op(opI64Sub)
		c.i64(2 * maxStep)
		c.op(opI64LtU)
		for _, st := range []delta{bd.step, bd.xstep} {
			if st.n != 0 {
				c.stepFits(st)
				c.op(opI32And)
			}
		}
	}
	if dynamic {
		a, b := bd.step, bd.xstep
		if !up {
			a, b = b, a
		}
		c.stepValue(a)
		if b.moves() {
			c.stepValue(b)
			c.op(opI64Sub)
		}
		c.set(lK) // the rate, until K
	}
	c.get(lD)
	switch {
	case dynamic:
		// In float64 as below; a rate that is not valid divides by 1
		// (and K is then 2^40).
		c.op(opF64ConvertI64S)
		c.get(lK)
		c.i64(1)
		valid()
		c.op(opSelect)
		c.op(opF64ConvertI64S)
		c.op(opF64Div)
		c.op(opF64Ceil)
		c.op(opI64TruncF64S)
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
	if dynamic {
		c.i64(1 << 40)
		valid()
		c.op(opSelect)
	}
	c.set(lK)
	if bd.x.k == isa.Imm && !dynamic {
		return // exact: boundOf saw to it
	}
	// Both values stay in their range up to iteration K, so the
	// machine's compares are those of the exact values.
	c.get(lK)
	c.i64(1 << 40)
	n := 0
	for _, v := range []struct {
		l    uint32
		step delta
	}{{lV, bd.step}, {lW, bd.xstep}} {
		if !v.step.moves() {
			continue
		}
		c.get(v.l)
		c.get(lK)
		c.stepValue(v.step)
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
	if bd.cont == isa.Jne {
		return true // the difference meets 0 exactly
	}
	signed, lo, hi := bd.limits()
	up, adj := bd.direction()
	x, s := bd.imm(signed), int64(bd.step.d)
	if up {
		return x+adj+s-1 <= hi
	}
	return x-adj+s+1 >= lo
}
