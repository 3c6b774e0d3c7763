//go:build amd64 || arm64

package jit

import (
	"slices"

	"cpu32/isa"
	"cpu32/memory"
)

// Derived addresses: operands through a register that the loop sets from
// its induction registers and the registers it does not write, as in
// mov edx, ecx; sub edx, ebx; mov eax, [best+edx] (ebx not written), or
// mov eax, ecx; mul eax, COLS; add eax, edx; mov ebx, [m+eax] (edx moves,
// ecx does not).
//
// At each instruction of the loop, a register's value is tracked as a
// form: a constant plus a sum of registers' values at the iteration's
// start times constants, through mov, add, sub, inc, dec, shl and mul by
// a constant, not, and xor or sub of a register from itself (induct.go
// reads the induction registers' steps from the same forms). When every
// register of a form is one the loop does not write or one that moves by
// a step, the form's value in
// iteration i is B + i*S, B and S known at the loop's entry (modulo 2^32,
// as the machine computes; the entry check works in int64 on the
// registers' signed values, and an address it finds in ordinary memory
// there is the machine's address). The operands whose forms have the same
// registers and factors make a family, checked once at the loop's entry
// like a hoisted register, over iterations 0..K (0..K-1 for those after
// the bound's compare). Inside the loop, such an operand is reached
// through a group (addr.go) that is made without a check.

// maxTerms bounds the registers of a form.
const maxTerms = 3

// maxFactor bounds a form's factors, so that its value at the entry and
// K times its step fit an int64 with room.
const maxFactor = 1 << 16

// nFamily bounds the families a loop checks at its entry.
const nFamily = 4

// term is factor a times register r's value at the iteration's start.
type term struct {
	r uint8
	a int32
}

// form is a register's value at an instruction: c plus its terms (sorted
// by register, no factor 0), modulo 2^32; state as a delta's.
type form struct {
	state uint8
	c     int32
	n     uint8
	t     [maxTerms]term
}

// regForm is register r's value at the iteration's start; constForm, v's;
// badForm, a value of no form.
func regForm(r uint8) form    { return form{state: dKnown, n: 1, t: [maxTerms]term{{r, 1}}} }
func constForm(v uint32) form { return form{state: dKnown, c: int32(v)} }

var badForm = form{state: dBad}

// plus returns f + k*g.
func (f form) plus(g form, k int32) form {
	if f.state != dKnown || g.state != dKnown {
		return badForm
	}
	f.c += k * g.c // wraps, as the machine does
	for _, tg := range g.t[:g.n] {
		i := slices.IndexFunc(f.t[:f.n], func(t term) bool { return t.r == tg.r })
		if i < 0 {
			if f.n == maxTerms {
				return badForm
			}
			i = int(f.n)
			f.t[i] = term{tg.r, 0}
			f.n++
		}
		f.t[i].a += k * tg.a
	}
	return f.tidy()
}

// times returns k*f.
func (f form) times(k int32) form {
	if f.state != dKnown {
		return badForm
	}
	f.c *= k
	for i := range f.t[:f.n] {
		f.t[i].a *= k
	}
	return f.tidy()
}

// tidy drops the terms of factor 0, sorts the rest, and makes f bad when
// a factor is too large.
func (f form) tidy() form {
	ts := f.t[:0]
	for _, t := range f.t[:f.n] {
		if t.a == 0 {
			continue
		}
		if t.a > maxFactor || t.a < -maxFactor {
			return badForm
		}
		ts = append(ts, t)
	}
	f.n = uint8(len(ts))
	slices.SortFunc(f.t[:f.n], func(x, y term) int { return int(x.r) - int(y.r) })
	for i := int(f.n); i < maxTerms; i++ {
		f.t[i] = term{}
	}
	return f
}

// merge joins g, a form on another way to the same point, into f: bad
// unless they are the same; dNone is no way yet.
func (f *form) merge(g form) {
	switch {
	case g.state == dNone || f.state == dBad:
	case f.state == dNone:
		*f = g
	case g != *f:
		*f = badForm
	}
}

// forms is every register's form at one point of a loop.
type forms [memory.Reserved]form

// delta returns f, a form of register r, as a delta: r's value at the
// iteration's start plus a constant and at most one other register times
// a factor; dBad when it is not of that form.
func (f form) delta(r uint8) delta {
	if f.state != dKnown {
		return delta{state: f.state}
	}
	dl, own := delta{state: dKnown, d: f.c}, false
	for _, t := range f.t[:f.n] {
		switch {
		case t.r == r && t.a == 1:
			own = true
		case dl.n == 0:
			dl.n, dl.s = t.a, t.r
		default:
			return delta{state: dBad}
		}
	}
	if !own || dl.n != 0 && dl.s == r {
		return delta{state: dBad}
	}
	return dl
}

// run moves fs past x, and marks in written the registers x changes.
func (fs *forms) run(x *ins, written *[memory.Reserved]bool) {
	dst, src := x.o[0], x.o[1]
	w := -1
	var nf form
	switch x.op {
	case isa.Mov, isa.Add, isa.Sub, isa.Inc, isa.Dec, isa.Shl, isa.Mul, isa.Not, isa.Xor:
		if x.bad || x.n == 0 || dst.k != isa.Addr || !isReg(dst.w) {
			break
		}
		w = int(dst.w)
		s := badForm
		switch {
		case x.n < 2:
		case src.k == isa.Imm:
			s = constForm(src.w)
		case src.k == isa.Addr && isReg(src.w):
			s = fs[src.w]
		}
		switch {
		case (x.op == isa.Xor || x.op == isa.Sub) && src == dst: // xor edx, edx
			nf = constForm(0)
		case x.op == isa.Xor:
			nf = badForm
		case x.op == isa.Mov:
			nf = s
		case x.op == isa.Add:
			nf = fs[w].plus(s, 1)
		case x.op == isa.Sub:
			nf = fs[w].plus(s, -1)
		case x.op == isa.Inc:
			nf = fs[w].plus(constForm(1), 1)
		case x.op == isa.Dec:
			nf = fs[w].plus(constForm(1), -1)
		case x.op == isa.Not: // ^v is -v-1
			nf = fs[w].times(-1).plus(constForm(1), -1)
		case x.op == isa.Shl:
			nf = badForm
			if src.k == isa.Imm {
				nf = fs[w].times(int32(uint32(1) << (src.w & 31)))
			}
		case x.op == isa.Mul:
			nf = badForm
			if src.k == isa.Imm {
				nf = fs[w].times(int32(src.w))
			}
		}
	}
	for r := range fs {
		if r == w {
			continue
		}
		if s, ok := stepOf(x, uint32(r)); !ok || s != 0 {
			fs[r] = badForm
			written[r] = true
		}
	}
	if w >= 0 {
		if nf != fs[w] || nf.state != dKnown {
			written[w] = true
		}
		fs[w] = nf
	}
}

// family is the operands of a loop whose forms have the same terms:
// checked at the entry over the range of their constants, on each side of
// the bound's compare.
type family struct {
	f     form     // the terms; c is 0
	step  form     // what one iteration adds: a constant and registers the loop does not write
	sides [2]reach // the constants plus displacements, before and after the compare
}

// moves reports whether the family's value may change from one iteration
// to the next.
func (fm *family) moves() bool { return fm.step.c != 0 || fm.step.n != 0 }

// derived adds to lc the families of the operands of loop h..h+n-1 whose
// registers are not hoisted, given their forms (fat), the registers'
// steps, which are known, and the blocks after the bound's compare.
func (c *compiler) derived(lc *loopCheck, h, n int, fat map[*ins]forms, step *[memory.Reserved]delta, known func(delta) bool, hoisted func(uint8) bool) {
	type use struct {
		x          *ins
		k, i, side int // the operand, its family and its side of the compare
	}
	var uses []use
	for b := range n {
		side := 0
		if lc.bound != nil && lc.bound.after[b] {
			side = 1
		}
		for _, x := range c.blocks[h+b].ins {
			fx, seen := fat[x]
			if !seen {
				continue
			}
			for k, o := range x.o[:x.n] {
				if o.k != isa.Rel || hoisted(o.reg) || fx[o.reg].state != dKnown {
					continue
				}
				f := fx[o.reg]
				key := f
				key.c = 0
				i := slices.IndexFunc(lc.fams, func(fm family) bool { return fm.f == key })
				if i < 0 {
					fm, ok := c.familyOf(key, step, known)
					if !ok || fm.moves() && lc.bound == nil || len(lc.fams) == nFamily {
						continue
					}
					i = len(lc.fams)
					lc.fams = append(lc.fams, fm)
				}
				v := int64(f.c) + int64(int32(o.w))
				sd := &lc.fams[i].sides[side]
				if !sd.ok {
					*sd = reach{true, v, v}
				}
				sd.lo, sd.hi = min(sd.lo, v), max(sd.hi, v)
				uses = append(uses, use{x, k, i, side})
			}
		}
	}
	// A family that spans too much, or (without registers) is outside
	// ordinary memory, is not checked: its operands keep their checks.
	good := make([]bool, len(lc.fams))
	for i, fm := range lc.fams {
		lo, hi := int64(1)<<62, -int64(1)<<62
		for _, sd := range fm.sides {
			if sd.ok {
				lo, hi = min(lo, sd.lo), max(hi, sd.hi)
			}
		}
		good[i] = hi-lo < maxSpan && lo >= -1<<31 && hi < 1<<32 &&
			(fm.f.n > 0 || lo >= memory.Reserved && hi < int64(c.size))
	}
	// Those without registers need no check at the entry.
	var fams []family
	for i, fm := range lc.fams {
		if good[i] && fm.f.n > 0 {
			fams = append(fams, fm)
		}
	}
	lc.fams = fams
	for _, u := range uses {
		if good[u.i] {
			d := lc.der[u.x]
			d[u.k] = uint8(1 + u.side)
			lc.der[u.x] = d
		}
	}
}

// familyOf returns the family of form f (c 0): its step, the sum of its
// factors times its registers' steps, when every register is one the
// loop does not write or moves by a known step, and the step has room.
func (c *compiler) familyOf(f form, step *[memory.Reserved]delta, known func(delta) bool) (family, bool) {
	fm := family{f: f, step: constForm(0)}
	for _, t := range f.t[:f.n] {
		st := step[t.r]
		if !isReg(uint32(t.r)) || !known(st) {
			return fm, false
		}
		s := constForm(uint32(st.d))
		if st.n != 0 {
			s = s.plus(regForm(st.s), st.n)
		}
		fm.step = fm.step.plus(s, t.a)
	}
	ok := fm.step.state == dKnown && fm.step.c <= maxStep && fm.step.c >= -maxStep
	return fm, ok
}

// formValue pushes f's value at the loop's entry, in int64, each register
// signed, with its constant.
func (c *compiler) formValue(f form) {
	c.i64(int64(f.c))
	for _, t := range f.t[:f.n] {
		c.regPart(delta{n: t.a, s: t.r})
		c.op(opI64Add)
	}
}

// familyFails pushes whether an operand of fm could leave ordinary memory
// (or meet the window of the words the region keeps) in an iteration the
// loop can run (or its step is too large): for each side, the walk from
// the value at the entry plus the side's constants, moved by up to K
// (K-1 after the compare) steps, checked as a hoisted register's is.
func (c *compiler) familyFails(fm family) {
	n := 0
	or := func() {
		if n++; n > 1 {
			c.op(opI32Or)
		}
	}
	dynamic := fm.step.n != 0
	step := func() { c.i64(int64(fm.step.c)) }
	if dynamic {
		c.formValue(fm.step)
		c.tee(lW)
		c.fits()
		c.op(opI32Eqz)
		or()
		step = func() { c.get(lW) }
	}
	c.formValue(fm.f)
	c.set(lV)
	for side, sd := range fm.sides {
		if !sd.ok {
			continue
		}
		w := walk{
			value:   func() { c.get(lV) },
			step:    step,
			d:       fm.step.c,
			dynamic: dynamic,
			extent:  extent{sd.lo, sd.hi, side == 1, memory.Reserved, true, true},
		}
		c.rangeFails(w)
		or()
		if c.windowed(w.extent) { // or meet the window of the words kept (promote.go)
			c.windowFails(w)
			or()
		}
	}
}

// derivedSide returns, for in's operand whose address goes in local l
// (lTA or lTB), 0 when it is in no family the loop being emitted checked
// at its entry, else 1 plus its side of the bound's compare: a group
// without a check spans operands of one side only, as those after the
// compare are not checked for the iteration whose compare stops the loop.
func (c *compiler) derivedSide(in *ins, l uint32) uint8 {
	if c.loop == nil {
		return 0
	}
	return c.loop.der[in][l-lTA]
}
