package cpu

import (
	"cpu32/isa"
	"cpu32/memory"
)

// The fast path. Beside the exact one-by-one interpreter (exec.go), the
// machine keeps a second decoded form of the program, fops, one entry per
// code address: each instruction specialised for its operand kinds, and at
// the first instruction of some common sequences a fused op that runs the
// whole sequence in one dispatch (and, for a loop back edge that jumps to
// itself, runs the loop inside its handler). The covered instructions keep
// their own entries, so a jump into the middle of a sequence runs them one
// by one.
//
// The fast path runs only while nothing can observe the instructions in
// between: no journal, a step budget that the op fits in, no breakpoint on
// any instruction an op covers (an armed one is an fExact entry). Whatever
// it does not handle, or whatever would fault, it leaves, unexecuted, to the
// exact path, which then runs that one instruction. So every observable
// step is the exact path's.

// Fast handlers.
const (
	fExact uint8 = iota // leave this instruction to the exact path
	fNop
	// dst = words[d]; src is the value x. A const destination is proved in
	// memory and not eip when decoded.
	fMov
	fAdd
	fSub
	fMul
	fDiv
	fAnd
	fOr
	fXor
	fShl
	fShr
	fInc
	fDec
	fNot
	fRem
	fALU  // any of the above with a register-relative operand (read from code)
	fCmp  // flags from x - y
	fTest // flags from x AND y
	fMod  // rem = x mod y
	fJmp  // to t
	fJcc  // to t when cond holds
	fPush // push x
	fPop  // pop into d
	fCall // call t
	fRet
	fCallT // call t, recording it on the shadow call stack
	fRetT  // ret, popping the shadow call stack
	fPrn   // print x
	fPrc
	// fused
	fCmpJcc       // cmp x, y + jcc t
	fTestJcc      // test x, y + jcc t
	fStepCmpJcc   // d += z (inc, dec, add, sub) + cmp x, y + jcc t
	fStepLoop     // fStepCmpJcc whose jcc jumps to itself: runs the loop inside
	fModRem       // mod x, y + rem d
	fModRemCmpJcc // mod x, y + rem d + cmp z, w + jcc t
	fStepJmp      // d += z + jmp t
	fPreCall      // d = z (mov) or d += z, then call t
	fPreRet       // d = z (mov) or d += z, then ret
	fPopStep      // pop into d, then e += z
	// fPushPreCall is push x + an fPreCall: recursion's "push, step, call".
	fPushPreCall
	// fCmpJccCall is an fCmpJcc that falls through into an fPreCall (at
	// next): a recursive function's base-case test and first call.
	fCmpJccCall
	// fRecHead is an fCmpJccCall that calls itself and whose jump goes to
	// a leaf (an fPreRet or a ret, at t): a recursive function's head. Its
	// handler runs the descent (test, step, call itself) round after round
	// and then the leaf, down to the return.
	fRecHead
	// fPushRec is an fPushPreCall that calls an fRecHead: the handler goes
	// on into the head's without a dispatch.
	fPushRec
	// fPopStepRet is an fPopStep followed by an fPreRet (at t): "pop, add,
	// add, ret", a recursive function's tail after its last call.
	fPopStepRet
)

// val is a value operand, words[addr]&mask + imm: an immediate has mask 0,
// a memory constant address mask ^0 and imm 0, so one expression reads
// both without a branch.
type val struct{ addr, mask, imm uint32 }

func (v *val) get(w []uint32) uint32 { return w[v.addr]&v.mask + v.imm }

// fop is one fast-path entry.
type fop struct {
	h    uint8
	op   isa.Op // the (first) instruction's opcode
	n    uint8  // instructions it covers (steps it counts)
	jf   bool   // (sops) the fused op here is one runJournal runs (compareAndBranch)
	jr   bool   // (sops) the op here is one of the recursion's (runRecJ)
	cond uint16 // bit f: a conditional jump is taken with flags f (low 4 bits)
	d    uint32 // destination address
	x, y val
	z, v val    // the fused cmp's operands, or a step's source (z)
	t    uint32 // jump target
	next uint32 // the address after the covered instructions
	e    uint32 // a second destination
	mov  bool   // the fused prefix is a mov d, z (not d += z)
}

// condMasks holds, for each opcode, its condition's truth table over the
// four flag bits, computed from the isa table's Cond functions.
var condMasks = func() (m [256]uint16) {
	for _, in := range isa.Table {
		switch in.Flow {
		case isa.Jump:
			m[in.Op] = 0xFFFF
		case isa.Branch:
			for f := uint32(0); f < 16; f++ {
				if in.Cond(f) {
					m[in.Op] |= 1 << f
				}
			}
		}
	}
	return m
}()

// taken reports whether a jump with truth table cond is taken with flags f.
func taken(cond uint16, f uint32) bool { return cond>>(f&15)&1 != 0 }

// fastOK reports whether the fast path may run (tests turn it off to
// compare).
func (c *CPU) fastOK() bool { return !c.exactOnly }

// value decodes a value operand; false when it is register-relative, reads
// eip (whose value the fast path does not keep in memory) or lies outside
// memory.
func (c *CPU) value(k isa.Kind, w uint32) (val, bool) {
	switch k {
	case isa.Imm:
		return val{imm: w}, true
	case isa.Addr:
		if w < c.size && w != uint32(memory.EIP) {
			return val{addr: w, mask: ^uint32(0)}, true
		}
	}
	return val{}, false
}

// dest decodes a destination operand that is a constant address in memory
// other than eip.
func (c *CPU) dest(k isa.Kind, w uint32) (uint32, bool) {
	return w, k == isa.Addr && w < c.size && w != uint32(memory.EIP)
}

// target decodes a jump target: an immediate that is an instruction.
func (c *CPU) target(k isa.Kind, w uint32) (uint32, bool) {
	return w, k == isa.Imm && c.IsInstruction(w)
}

// aluOps maps the ALU opcodes to their fast handlers.
var aluOps = map[isa.Op]uint8{
	isa.Mov: fMov, isa.Add: fAdd, isa.Sub: fSub, isa.Mul: fMul, isa.Div: fDiv, isa.And: fAnd, isa.Or: fOr,
	isa.Xor: fXor, isa.Shl: fShl, isa.Shr: fShr, isa.Inc: fInc, isa.Dec: fDec, isa.Not: fNot, isa.Rem: fRem,
}

// single specialises the instruction at pc alone.
func (c *CPU) single(pc uint32) fop {
	in := &c.code[pc]
	f := fop{op: in.op, n: 1, next: pc + uint32(in.size)}
	if in.op == opBreak || in.op >= opEnd {
		return fop{}
	}
	row := isa.ByOp(in.op)
	if row == nil {
		return fop{}
	}
	nops := len(row.Operands)
	ok := true
	rel := in.dk == isa.Rel || in.sk == isa.Rel
	if h, isALU := aluOps[in.op]; isALU {
		eip := uint8(memory.EIP)
		if in.dk == isa.Rel && in.dreg == eip || in.sk == isa.Rel && in.sreg == eip {
			return fop{} // [eip+n]: the fast path does not keep eip in memory
		}
		if rel {
			// Register-relative: the generic handler reads the operands
			// from code and checks them at run time.
			f.h = fALU
			return f
		}
		f.h = h
		f.d, ok = c.dest(in.dk, in.dst)
		if nops == 2 {
			var ok2 bool
			f.x, ok2 = c.value(in.sk, in.src)
			ok = ok && ok2
		}
		if !ok {
			return fop{}
		}
		return f
	}
	switch in.op {
	case isa.Nop:
		f.h = fNop
	case isa.Cmp, isa.Test, isa.Mod:
		f.h = map[isa.Op]uint8{isa.Cmp: fCmp, isa.Test: fTest, isa.Mod: fMod}[in.op]
		var ok2 bool
		f.x, ok = c.value(in.dk, in.dst)
		f.y, ok2 = c.value(in.sk, in.src)
		ok = ok && ok2
	case isa.Push, isa.Prn, isa.Prc:
		f.h = map[isa.Op]uint8{isa.Push: fPush, isa.Prn: fPrn, isa.Prc: fPrc}[in.op]
		f.x, ok = c.value(in.dk, in.dst)
	case isa.Pop:
		f.h = fPop
		f.d, ok = c.dest(in.dk, in.dst)
	case isa.Ret:
		// A machine that keeps a call stack gets the tracking variants,
		// which are not fused: the plain ones (cpu32 run, NoCallStack)
		// carry no call-stack code, which costs the loop registers.
		f.h = fRet
		if !c.calls.off {
			f.h = fRetT
		}
	default:
		switch row.Flow {
		case isa.Jump, isa.Branch, isa.CallFlow:
			f.h = map[isa.Flow]uint8{isa.Jump: fJmp, isa.Branch: fJcc, isa.CallFlow: fCall}[row.Flow]
			f.cond = condMasks[in.op]
			f.t, ok = c.target(in.dk, in.dst)
			if f.h == fCall && !c.calls.off {
				f.h = fCallT
			}
		default:
			ok = false
		}
	}
	if !ok {
		return fop{}
	}
	return f
}

// buildFast makes fops from code: every instruction specialised, then the
// fused sequences laid over their first instruction's entry.
func (c *CPU) buildFast() {
	if len(c.fops) != len(c.code) {
		c.fops = make([]fop, len(c.code))
		c.sops = make([]fop, len(c.code))
	}
	fops := c.fops
	for pc := range fops {
		if c.code[pc].op == opMid {
			fops[pc] = fop{}
			continue
		}
		fops[pc] = c.single(uint32(pc))
	}
	copy(c.sops, fops)
	// Backwards, so that a sequence can end in one fused already.
	for pc := len(fops) - 1; pc >= 0; pc-- {
		if f := c.fuse(uint32(pc)); f.h != fExact {
			fops[pc] = f
		}
	}
	for pc := range fops {
		if f := &fops[pc]; f.h == fCmpJcc && fops[f.next].h == fPreCall {
			f.h, f.n = fCmpJccCall, f.n+fops[f.next].n
			g, l := &fops[f.next], &fops[f.t]
			if k := cmpKind(f.cond); g.t == uint32(pc) && (l.h == fPreRet || l.h == fRet || l.h == fRetT) &&
				k != cmpFlags && c.recOperands([]val{f.x, f.y, g.z, l.z}, g.d, l.d) {
				// The head, its step and call and its leaf in one op; n
				// stays 4: a round, or the test and the leaf.
				f.h = fRecHead
			}
		}
		if f := &fops[pc]; f.h == fPopStep && fops[f.next].h == fPreRet {
			if r := &fops[f.next]; c.recOperands([]val{f.z, r.z}, f.d, f.e, r.d) {
				f.h, f.t, f.n = fPopStepRet, f.next, f.n+r.n
			}
		}
	}
	for pc := range fops {
		if f := &fops[pc]; f.h == fPushPreCall && fops[f.t].h == fRecHead && c.recOperands([]val{f.x, f.z}, f.d) {
			f.h = fPushRec
		}
	}
	c.buildRec()
	c.untrack()
	for pc := range fops {
		switch fops[pc].h {
		case fCmpJcc, fStepCmpJcc, fStepLoop:
			c.sops[pc].jf = true
		case fRecHead, fPushRec, fPopStepRet:
			c.sops[pc].jr = true
		}
	}
	c.fastStale = false
}

// untrack undoes, on a machine that keeps a call stack, the fused ops
// with a call or a ret that are not the recursion's: their handlers have
// no call-stack hooks. (runRecT runs the recursion's with them.)
func (c *CPU) untrack() {
	if c.calls.off {
		return
	}
	for pc := range c.fops {
		switch f := &c.fops[pc]; f.h {
		case fPreCall, fPreRet, fPushPreCall:
			*f = c.sops[pc]
		case fCmpJccCall:
			f.h, f.n = fCmpJcc, 2
		}
	}
}

// fuse returns the fused op that starts at pc, or an fExact one when no
// sequence starts there. It looks only at the specialised entries of the
// following instructions, so an instruction under a breakpoint (fExact)
// is never covered.
func (c *CPU) fuse(pc uint32) fop {
	fops := c.fops
	a := fops[pc]
	if a.h == fExact {
		return fop{}
	}
	b := fops[a.next] // the end entry is fExact
	if b.h == fExact {
		return fop{}
	}
	f := fop{op: a.op, n: a.n + b.n}
	switch {
	case (a.h == fCmp || a.h == fTest) && b.h == fJcc:
		f.h = map[uint8]uint8{fCmp: fCmpJcc, fTest: fTestJcc}[a.h]
		f.x, f.y, f.cond, f.t, f.next = a.x, a.y, b.cond, b.t, b.next
		return f
	case a.h == fMod && b.h == fRem:
		f.h = fModRem
		f.x, f.y, f.d, f.next = a.x, a.y, b.d, b.next
		if g := fops[b.next]; g.h == fCmpJcc {
			f.h, f.n = fModRemCmpJcc, f.n+g.n
			f.z, f.v, f.cond, f.t, f.next = g.x, g.y, g.cond, g.t, g.next
		}
		return f
	}
	if a.h == fPush && b.h == fPreCall {
		f.h, f.n, f.x = fPushPreCall, a.n+b.n, a.x
		f.d, f.z, f.mov, f.t, f.next = b.d, b.z, b.mov, b.t, b.next
		return f
	}
	if a.h == fPop && b.h != fExact {
		if step, ok := stepOf(b); ok && b.n == 1 {
			f.h, f.d, f.e, f.z, f.next = fPopStep, a.d, b.d, step, b.next
			return f
		}
	}
	step, ok := stepOf(a)
	if a.h == fMov {
		step, ok, f.mov = a.x, true, true
	}
	if ok && (b.h == fCall || b.h == fRet || b.h == fCallT || b.h == fRetT) && a.d != uint32(memory.ESP) {
		// fCallT and fRetT (a machine with a call stack) fuse only into
		// the recursion's ops: buildFast undoes the rest (untrack).
		f.h = map[uint8]uint8{fCall: fPreCall, fRet: fPreRet, fCallT: fPreCall, fRetT: fPreRet}[b.h]
		f.d, f.z, f.t, f.next = a.d, step, b.t, b.next
		f.x = val{} // a call's return address is b.next; keep next for it
		return f
	}
	if !ok || a.h == fMov {
		return fop{}
	}
	f.d, f.z = a.d, step
	switch {
	case b.h == fJmp:
		f.h, f.t, f.next = fStepJmp, b.t, b.next
		return f
	case b.h == fCmpJcc:
		f.h, f.n = fStepCmpJcc, a.n+b.n
		f.x, f.y, f.cond, f.t, f.next = b.x, b.y, b.cond, b.t, b.next
		// A back edge onto itself that compares the stepped word with
		// something the loop does not change runs inside its handler.
		self := val{addr: a.d, mask: ^uint32(0)}
		flags := uint32(memory.FLAGS)
		if f.t == pc && f.x == self && a.d != flags &&
			(f.y.mask == 0 || f.y.addr != a.d && f.y.addr != flags) &&
			(f.z.mask == 0 || f.z.addr != a.d && f.z.addr != flags) {
			f.h = fStepLoop
		}
		return f
	}
	return fop{}
}

// recOperands reports whether the recursion's ops may use these operands
// and destinations: none is esp or the flags word, which runRec keeps in
// locals, or a word of the stack, which its pushes and pops write without
// looking; and the stack has room for a push + call.
func (c *CPU) recOperands(vals []val, dests ...uint32) bool {
	for _, v := range vals {
		if v.mask != 0 {
			dests = append(dests, v.addr)
		}
	}
	for _, d := range dests {
		if d == uint32(memory.ESP) || d == uint32(memory.FLAGS) || int64(d) >= int64(c.size)-c.stack {
			return false
		}
	}
	return c.stack >= 2
}

// rop is the form in which runRec runs an fRecHead, fPushRec or
// fPopStepRet, at the op's address in CPU.rops: its operands as pointers,
// into memory or into CPU.imms for an immediate, so that nothing is
// indexed or checked at run time (recOperands has).
//
//   - fRecHead: cmp *x, *y and a jump (kind, setCompare) to the leaf at t;
//     not taken, *d = *z (mov) or *d += *z, at next, and a call of itself
//     that pushes ret. The leaf is *d2 = *v (mov2) or *d2 += *v (when
//     leaf is set) and the ret at retAt.
//   - fPushRec: push *x, *d (+)= *z and a call of callee, pushing next.
//   - fPopStepRet: pop into *d, *e += *z, then, at t, *d2 (+)= *v and the
//     ret at retAt.
type rop struct {
	h, kind                    uint8
	mov, mov2, leaf, swap, neg bool
	cond                       uint16
	bias                       uint32
	at, next, t, ret, retAt    uint32
	x, y, z, v                 *uint32
	d, e, d2                   *uint32
	callee                     *rop
}

// trec is a recursion op as runRecT runs it: its rop, and beside it
// what noting its call costs inline (the frame it pushes and its callee's
// tally in the profile) and its counters (flushCounts). runRec's rops stay
// small without them.
type trec struct {
	rop
	callee     *trec      // fPushRec's callee (fRecHead calls itself)
	fn         *funcCount // the tally of the function it calls, or c.noTally without a profile or call stack
	site       uint32     // the address of its call: the Site of the frame it pushes
	target     uint32     // the address it calls: the frame's Target
	idx        uint32     // its index in c.trecs
	a1, a2, a3 uint32     // the addresses of its second to fourth instructions
	da, ea     uint32     // the addresses d and e point at (runRecJ journals them)
	d2a        uint32     // the address d2 points at
	k          [4]uint64  // its counters (flushCounts)
}

// pendFrame is a frame runRecT has not written to the call stack yet: its
// slot, where the frame below it is (which its ret compares esp with), and
// the op whose call pushed it (its index in c.trecs: its Site, Target and
// tally). No pointer: no write barrier.
type pendFrame struct {
	sp, below uint32
	op        uint32
}

// pendCap is how many frames runRecT holds aside at most: a deeper
// recursion leaves the call to the other paths, which write them out.
const pendCap = 1 << 12

// flushPend writes the d frames runRecT holds in c.pend to the call
// stack's ring, outermost first, and counts them active in the profile
// (their enter was put off). It returns 0, the frames it then holds. (The
// ring has room: it holds a frame for every word of the stack. Without a
// call stack, the frames are dropped.)
func (c *CPU) flushPend(d uint64) uint64 {
	s := &c.calls
	if d == 0 || s.off {
		return 0
	}
	for i := range d {
		p := &c.pend[i&(pendCap-1)]
		t := &c.trecs[p.op]
		*s.at(s.n) = Frame{Site: t.site, Target: t.target, ESP: p.sp}
		s.n++
		t.fn.active++
	}
	s.setTop(c.pend[(d-1)&(pendCap-1)].sp)
	return 0
}

// buildRec makes c.rops, the form runRec runs the recursion's ops in, and
// c.trecs, runRecT's, if the program has any.
func (c *CPU) buildRec() {
	fops := c.fops
	n := 0
	for i := range fops {
		if h := fops[i].h; h >= fRecHead && h <= fPopStepRet {
			n++
		}
	}
	c.fastMem = &c.words[0]
	if n == 0 {
		c.rops, c.trecs, c.tat, c.imms = nil, nil, nil, nil
		return
	}
	c.rops = make([]rop, len(fops))
	c.trecs = make([]trec, 0, n)    // never grown: callee pointers stay valid
	c.imms = make([]uint32, 0, 4*n) // never grown: the pointers stay valid
	c.stackLen = uint32(c.stack)
	c.stackBase = c.size - c.stackLen
	ptr := func(v val) *uint32 {
		if v.mask != 0 {
			return &c.words[v.addr]
		}
		c.imms = append(c.imms, v.imm)
		return &c.imms[len(c.imms)-1]
	}
	for i := range fops {
		f, r := &fops[i], &c.rops[i]
		r.h, r.at = f.h, uint32(i)
		switch f.h {
		case fRecHead:
			g, l := &fops[f.next], &fops[f.t]
			r.cond = f.cond
			r.setCompare()
			r.x, r.y, r.t, r.next = ptr(f.x), ptr(f.y), f.t, f.next
			r.d, r.z, r.mov, r.ret = &c.words[g.d], ptr(g.z), g.mov, g.next
			r.retAt = f.t
			if r.leaf = l.h == fPreRet; r.leaf {
				r.d2, r.v, r.mov2 = &c.words[l.d], ptr(l.z), l.mov
				r.retAt += uint32(c.code[f.t].size)
			}
		case fPushRec:
			r.x, r.d, r.z, r.mov, r.next = ptr(f.x), &c.words[f.d], ptr(f.z), f.mov, f.next
			r.callee = &c.rops[f.t]
		case fPopStepRet:
			t := &fops[f.t]
			r.d, r.e, r.z, r.t = &c.words[f.d], &c.words[f.e], ptr(f.z), f.t
			r.d2, r.v, r.mov2, r.retAt = &c.words[t.d], ptr(t.z), t.mov, f.t+uint32(c.code[f.t].size)
		default:
			continue
		}
		// Three instructions at least.
		t := trec{rop: *r}
		switch f.h {
		case fRecHead:
			t.da, t.d2a = fops[f.next].d, fops[f.t].d
		case fPushRec:
			t.da = f.d
		case fPopStepRet:
			t.da, t.ea, t.d2a = f.d, f.e, fops[f.t].d
		}
		t.a1 = t.at + uint32(c.code[i].size)
		t.a2 = t.a1 + uint32(c.code[t.a1].size)
		t.a3 = t.a2 + uint32(c.code[t.a2].size)
		c.trecs = append(c.trecs, t)
	}
	// runRecT's waiting frames, when the call stack's ring can hold one
	// for every word of the stack.
	c.pendN = 0
	if c.calls.off && c.prof != nil || !c.calls.off && c.stackLen <= MaxFrames { // (runRecT's: a call stack or a profile)
		if c.pend == nil {
			c.pend = new([pendCap]pendFrame)
		}
		c.pendN = pendCap
	}
	c.noTally = funcCount{active: 1}
	c.tat = make([]*trec, len(fops))
	for i := range c.trecs {
		c.trecs[i].idx = uint32(i)
		c.tat[c.trecs[i].at] = &c.trecs[i]
	}
	for i := range c.trecs {
		t := &c.trecs[i]
		target := t.at // fRecHead calls itself
		switch t.h {
		case fRecHead:
			t.site = t.a3
		case fPushRec:
			t.callee = c.tat[t.rop.callee.at]
			t.site, target = t.a2, t.callee.at
		default:
			continue
		}
		t.target = target
		t.fn = &c.noTally
		if c.prof != nil && !c.calls.off {
			t.fn = &c.prof.funcs[target]
		}
	}
}

// Conditions a fused compare can test on its operands directly, without
// the flags (cmpFlags: the others).
const (
	cmpFlags uint8 = iota
	// cmpOrder: x^bias < y^bias (after a swap, negated): the eight
	// orderings, signed (bias 1<<31) and unsigned.
	cmpOrder
	cmpLT // signed x < y
	cmpLE
	cmpGT
	cmpGE
	cmpB // unsigned x < y
	cmpBE
	cmpA
	cmpAE
	cmpEQ
	cmpNE
)

// cmpKind returns the cmpKind of a conditional jump's truth table.
func cmpKind(cond uint16) uint8 {
	for k, op := range []isa.Op{isa.Jl, isa.Jle, isa.Jg, isa.Jge, isa.Jb, isa.Jbe, isa.Ja, isa.Jae, isa.Je, isa.Jne} {
		if cond == condMasks[op] {
			return uint8(k) + cmpLT
		}
	}
	return cmpFlags
}

// setCompare sets f's kind (and bias, swap, neg) from its truth table
// cond, for jumps. An equality test keeps its kind and has neg for jne.
func (f *rop) setCompare() {
	k := cmpKind(f.cond)
	f.kind, f.neg = k, k == cmpNE
	if k >= cmpLT && k <= cmpAE {
		f.kind = cmpOrder
		f.swap = k == cmpGT || k == cmpLE || k == cmpA || k == cmpBE
		f.neg = k == cmpGE || k == cmpLE || k == cmpAE || k == cmpBE
		if k <= cmpGE {
			f.bias = 1 << 31 // signed: flip the sign bits and compare unsigned
		}
	}
}

// jumps reports whether f's conditional jump is taken after cmp x, y
// (setCompare).
func (f *rop) jumps(x, y uint32) bool {
	if f.kind == cmpFlags {
		return taken(f.cond, compareFlags(x, y))
	}
	return f.direct(x, y)
}

// direct is jumps for a kind other than cmpFlags, on x and y directly.
func (f *rop) direct(x, y uint32) bool {
	if f.kind == cmpOrder {
		a, b := x^f.bias, y^f.bias
		if f.swap {
			a, b = b, a
		}
		return a < b != f.neg
	}
	return x == y != f.neg
}

// popOK reports whether the fast path may pop [esp] (pop, ret): esp is in
// memory and not a register. (Whatever holds address 6 is eip's value as
// the exact path sees it, which the fast path does not keep in memory.)
func popOK(esp, size uint32) bool { return esp-memory.Reserved < size-memory.Reserved }

// stepOf turns inc, dec, add and sub into an addition of a value: inc adds
// 1, dec adds -1, sub of an immediate adds its negation.
func stepOf(a fop) (val, bool) {
	switch a.h {
	case fInc:
		return val{imm: 1}, true
	case fDec:
		return val{imm: ^uint32(0)}, true
	case fAdd:
		return a.x, true
	case fSub:
		if a.x.mask == 0 {
			return val{imm: -a.x.imm}, true
		}
	}
	return val{}, false
}

// runFast runs fast-path ops from eip while each fits in the step budget
// lim and is one the fast path handles; it stops, writing eip and the step
// count back, before the first that is not.
func (c *CPU) runFast(lim uint64) {
	w, fops, code := c.words, c.fops, c.code
	size, stack := c.size, c.stack
	pc := w[memory.EIP]
	steps := c.steps
	const flags = memory.FLAGS
	counting := c.prof != nil
	if counting {
		c.counted = counted{pc, steps, c.prof.Counts}
	}
	for {
		if counting { // countOp, inlined: most ops run one step
			if k := &c.counted; steps-k.steps == 1 {
				k.counts[k.pc]++
				k.pc, k.steps = pc, steps
			} else {
				c.countRun(pc, steps)
			}
		}
		f := &fops[pc]
		if f.h == fExact || lim-steps < uint64(f.n) {
			break
		}
		switch f.h {
		case fNop:
		case fMov:
			w[f.d] = f.x.get(w)
		case fAdd:
			w[f.d] += f.x.get(w)
		case fSub:
			w[f.d] -= f.x.get(w)
		case fMul:
			w[f.d] *= f.x.get(w)
		case fDiv:
			s := f.x.get(w)
			if s == 0 {
				goto out
			}
			w[f.d] /= s
		case fAnd:
			w[f.d] &= f.x.get(w)
		case fOr:
			w[f.d] |= f.x.get(w)
		case fXor:
			w[f.d] ^= f.x.get(w)
		case fShl:
			w[f.d] <<= f.x.get(w) & 31
		case fShr:
			w[f.d] >>= f.x.get(w) & 31
		case fInc:
			w[f.d]++
		case fDec:
			w[f.d]--
		case fNot:
			w[f.d] = ^w[f.d]
		case fRem:
			w[f.d] = w[memory.REM]
		case fALU:
			if !c.relALU(&code[pc], nil) {
				goto out
			}
		case fCmp:
			w[flags] = compareFlags(f.x.get(w), f.y.get(w))
		case fTest:
			w[flags] = resultFlags(f.x.get(w) & f.y.get(w))
		case fMod:
			y := f.y.get(w)
			if y == 0 {
				goto out
			}
			w[memory.REM] = f.x.get(w) % y
		case fJmp:
			steps++
			pc = f.t
			continue
		case fJcc:
			steps++
			if taken(f.cond, w[flags]) {
				pc = f.t
			} else {
				pc = f.next
			}
			continue
		case fPush:
			esp := w[memory.ESP]
			if int64(size)-int64(esp) >= stack || esp-1 >= size {
				goto out
			}
			w[esp-1] = f.x.get(w)
			w[memory.ESP] = esp - 1
		case fPop:
			esp := w[memory.ESP]
			if !popOK(esp, size) {
				goto out
			}
			v := w[esp]
			w[memory.ESP] = esp + 1
			w[f.d] = v
		case fCall:
			esp := w[memory.ESP]
			sp := esp - 1
			if int64(size)-int64(esp) >= stack || sp >= size {
				goto out
			}
			w[sp] = f.next
			w[memory.ESP] = sp
			steps++
			pc = f.t
			continue
		case fRet:
			esp := w[memory.ESP]
			if !popOK(esp, size) {
				goto out
			}
			v := w[esp]
			if uint64(v) >= uint64(len(code)) || code[v].op == opMid {
				goto out
			}
			w[memory.ESP] = esp + 1
			steps++
			pc = v
			continue
		case fCallT:
			esp := w[memory.ESP]
			sp := esp - 1
			if int64(size)-int64(esp) >= stack || sp >= size {
				goto out
			}
			c.noteCall(pc, f.t, sp, steps)
			w[sp] = f.next
			w[memory.ESP] = sp
			steps++
			pc = f.t
			continue
		case fRetT:
			esp := w[memory.ESP]
			if !popOK(esp, size) {
				goto out
			}
			v := w[esp]
			if uint64(v) >= uint64(len(code)) || code[v].op == opMid {
				goto out
			}
			w[memory.ESP] = esp + 1
			c.noteRet(esp+1, steps)
			steps++
			pc = v
			continue
		case fPrn, fPrc:
			if fault := c.print(f.h == fPrn, f.x.get(w)); fault != nil {
				if counting { // (the print's own op, which did not run, is not counted)
					c.flushOps()
				}
				c.steps = steps
				c.stopAt(fault, pc)
				return
			}
		case fCmpJcc:
			fl := compareFlags(f.x.get(w), f.y.get(w))
			w[flags] = fl
			steps += 2
			if taken(f.cond, fl) {
				pc = f.t
			} else {
				pc = f.next
			}
			continue
		case fTestJcc:
			fl := resultFlags(f.x.get(w) & f.y.get(w))
			w[flags] = fl
			steps += 2
			if taken(f.cond, fl) {
				pc = f.t
			} else {
				pc = f.next
			}
			continue
		case fPreCall:
			esp := w[memory.ESP]
			sp := esp - 1
			if int64(size)-int64(esp) >= stack || sp >= size {
				goto out
			}
			if f.mov {
				w[f.d] = f.z.get(w)
			} else {
				w[f.d] += f.z.get(w)
			}
			steps++
			pc = f.next - 2 // the call's own address: a call is two words
			w[sp] = f.next
			w[memory.ESP] = sp
			steps++
			pc = f.t
			continue
		case fCmpJccCall:
			fl := compareFlags(f.x.get(w), f.y.get(w))
			w[flags] = fl
			steps += 2
			if taken(f.cond, fl) {
				pc = f.t
				continue
			}
			pc = f.next
			g := &fops[pc]
			esp := w[memory.ESP]
			if int64(size)-int64(esp) >= stack || esp-1 >= size {
				continue // the call would fault: its own op leaves it to the exact path
			}
			if g.mov {
				w[g.d] = g.z.get(w)
			} else {
				w[g.d] += g.z.get(w)
			}
			w[esp-1] = g.next
			w[memory.ESP] = esp - 1
			steps += 2
			pc = g.t
			continue
		case fPushPreCall:
			esp := w[memory.ESP]
			if int64(size)-int64(esp)+1 >= stack || esp-1 >= size || esp-2 >= size {
				goto out // either push would fault: the exact path runs them
			}
			w[esp-1] = f.x.get(w)
			w[memory.ESP] = esp - 1
			if f.mov {
				w[f.d] = f.z.get(w)
			} else {
				w[f.d] += f.z.get(w)
			}
			w[esp-2] = f.next
			w[memory.ESP] = esp - 2
			steps += 3
			pc = f.t
			continue
		case fRecHead, fPushRec, fPopStepRet:
			if counting || !c.calls.off {
				stuck := false
				pc, steps, stuck = c.runRecT(c.tat[pc], steps, lim)
				if counting { // runRecT counted its steps
					c.flushCounts(true)
					c.counted.pc, c.counted.steps = pc, steps
				}
				if stuck {
					goto out
				}
				continue
			}
			left, stuck := uint64(0), false
			if pc, left, stuck = c.runRec(&c.rops[pc], lim-steps); stuck {
				steps = lim - left
				goto out
			}
			steps = lim - left
			continue
		case fPreRet:
			esp := w[memory.ESP]
			if !popOK(esp, size) || esp == f.d {
				goto out
			}
			v := w[esp]
			if uint64(v) >= uint64(len(code)) || code[v].op == opMid {
				goto out
			}
			if f.mov {
				w[f.d] = f.z.get(w)
			} else {
				w[f.d] += f.z.get(w)
			}
			w[memory.ESP] = esp + 1
			steps += 2
			pc = v
			continue
		case fPopStep:
			esp := w[memory.ESP]
			if !popOK(esp, size) {
				goto out
			}
			v := w[esp]
			w[memory.ESP] = esp + 1
			w[f.d] = v
			w[f.e] += f.z.get(w)
		case fStepJmp:
			w[f.d] += f.z.get(w)
			steps += 2
			pc = f.t
			continue
		case fStepCmpJcc:
			w[f.d] += f.z.get(w)
			fl := compareFlags(f.x.get(w), f.y.get(w))
			w[flags] = fl
			steps += 3
			if taken(f.cond, fl) {
				pc = f.t
			} else {
				pc = f.next
			}
			continue
		case fStepLoop:
			// Every round is inc/add + cmp + jcc back to here: run as many
			// as the budget allows, writing the word and the flags once.
			v, k, again := stepLoop(f.cond, w[f.d], f.z.get(w), f.y.get(w), (lim-steps)/3)
			w[f.d] = v
			w[flags] = compareFlags(v, f.y.get(w))
			steps += 3 * k
			if again {
				pc = f.t
			} else {
				pc = f.next
			}
			continue
		case fModRem, fModRemCmpJcc:
			y := f.y.get(w)
			if y == 0 {
				goto out
			}
			r := f.x.get(w) % y
			w[memory.REM] = r
			w[f.d] = r
			if f.h == fModRem {
				break
			}
			fl := compareFlags(f.z.get(w), f.v.get(w))
			w[flags] = fl
			steps += 4
			if taken(f.cond, fl) {
				pc = f.t
			} else {
				pc = f.next
			}
			continue
		default:
			goto out
		}
		steps += uint64(f.n)
		pc = f.next
		continue

	}
out:
	if counting {
		c.countOp(pc, steps)
		c.flushOps()
	}
	c.steps = steps
	w[memory.EIP] = pc
}

// runRec runs the recursion's fused ops (fRecHead, fPushRec,
// fPopStepRet) from f, one into the next without a dispatch while the left
// steps of the budget allow, and returns the pc and the steps left where
// it stopped, and stuck when an op could not run its first instruction,
// which is then the exact path's. The ops read and write through their
// pointers (buildRec). While they run, esp lives in o and the flags
// of the last compare are c.cmp's to compute: none of their operands is
// esp, the flags word or a word of the stack, and their pushes and pops
// stay inside the stack, so nothing else reads those. Both are written
// back on the way out. (Few locals: the loop keeps them in registers.)
func (c *CPU) runRec(f *rop, left uint64) (pc uint32, _ uint64, stuck bool) {
	rops := c.rops
	// The stack, and o, esp's offset in it: a push of k words keeps esp
	// inside the stack when o-k < len(ws)-k+1, a pop when o < len(ws) (the
	// ops exist only when the stack has two words or more). An esp outside
	// makes o huge, which fails both.
	ws := c.words[c.stackBase:]
	o := uint(c.words[memory.ESP] - c.stackBase)
	switch f.h {
	case fRecHead:
		goto rec
	case fPopStepRet:
		goto popStepRet
	}
pushRec:
	if left < 3 || o-2 >= uint(len(ws))-1 {
		pc, stuck = f.at, true // either push would fault or leave the stack: the exact path runs them
		goto leave
	}
	ws[o-1] = *f.x
	if f.mov {
		*f.d = *f.z
	} else {
		*f.d += *f.z
	}
	o -= 2
	ws[o] = f.next
	left -= 3
	f = f.callee
rec:
	// Rounds of cmp, jcc and (not taken) step + call of itself, each
	// whole or not at all; then the leaf, [step +] ret.
	for {
		if left < 4 {
			pc, stuck = f.at, true // the exact path runs what fits
			goto leave
		}
		x, y := *f.x, *f.y
		c.cmpX, c.cmpY, c.cmpOn = x, y, true
		if f.direct(x, y) {
			break
		}
		if o-1 >= uint(len(ws)) {
			left -= 2
			pc = f.next // the call would fault: its own op leaves it to the exact path
			goto leave
		}
		if f.mov {
			*f.d = *f.z
		} else {
			*f.d += *f.z
		}
		o--
		ws[o] = f.ret
		left -= 4
	}
	left -= 2
	if f.leaf {
		if f.mov2 {
			*f.d2 = *f.v
		} else {
			*f.d2 += *f.v
		}
		left--
	}
	goto ret
popStepRet:
	if left < 4 || o >= uint(len(ws)) {
		pc, stuck = f.at, true
		goto leave
	}
	*f.d = ws[o]
	o++
	*f.e += *f.z
	if f.mov2 {
		*f.d2 = *f.v
	} else {
		*f.d2 += *f.v
	}
	left -= 3
ret:
	// The ret at f.retAt, the budget counted: on into the op at its
	// target when it is one of these.
	if o < uint(len(ws)) {
		v := ws[o]
		if uint64(v) < uint64(len(rops)) {
			o++
			left--
			g := &rops[v]
			switch g.h {
			case fPushRec:
				f = g
				goto pushRec
			case fPopStepRet:
				f = g
				goto popStepRet
			case fRecHead:
				f = g
				goto rec
			}
			if c.code[v].op != opMid {
				pc = v
				goto leave
			}
			o--
			left++
		}
	}
	pc = f.retAt // the ret's own op leaves it to the exact path
leave:
	c.words[memory.ESP] = c.stackBase + uint32(o)
	if c.cmpOn {
		c.words[memory.FLAGS] = compareFlags(c.cmpX, c.cmpY)
		c.cmpOn = false
	}
	return pc, left, stuck
}

// runRecT is runRec for a machine that keeps a call stack or a profile:
// it runs the same ops from f with the step count steps and the budget
// lim, one into the next, keeps the call stack as fCallT and fRetT would,
// and counts the instructions of each round in its op's counters (k),
// which flushCounts adds to the profile: countOp cannot, they are not
// consecutive. It keeps esp in o and the flags of the last compare in
// c.cmp as runRec does, and returns as runRec does, with the step count.
//
// A call's frame waits in c.pend (d of them, the innermost with its slot
// at top) until the run leaves (flushPend), and a ret pops the innermost
// from there: most frames never reach the ring. The profile's enter and
// leave of such a frame are put off too: it is a call of a function
// already running, so the pair changes nothing but the calls (counted
// from k, flushCounts), and a frame still waiting when the run leaves is
// counted active then. A call that cannot wait (it drops frames, c.pend
// is full, or it starts its function's tallies) and a ret that drops
// more than one frame are left to the other paths, which note them
// (noteCall, noteRet): the loop calls no function, so that its locals
// stay in registers.
func (c *CPU) runRecT(f *trec, steps, lim uint64) (pc uint32, _ uint64, stuck bool) {
	ws := c.words[c.stackBase:]
	o := uint(c.words[memory.ESP] - c.stackBase)
	left := lim - steps
	cs := &c.calls
	if c.pendN > 0 && !cs.off {
		for len(cs.ring) < int(c.stackLen) {
			cs.grow() // no frame is ever forgotten, so a call never needs the ring
		}
	}
	d, top := uint64(0), cs.top
	if c.pendN == 0 {
		top = 0 // no call waits: each is the other paths'
	}
	switch f.h {
	case fRecHead:
		goto rec
	case fPopStepRet:
		goto popStepRet
	}
pushRec:
	if left < 3 || o-2 >= uint(len(ws))-1 || c.stackBase+uint32(o)-2 >= top || d >= pendCap || f.fn.active == 0 {
		pc, stuck = f.at, true // the push would fault or leave the stack, or the call cannot wait
		goto leave
	}
	ws[o-1] = *f.x
	if f.mov {
		*f.d = *f.z
	} else {
		*f.d += *f.z
	}
	o -= 2
	ws[o] = f.next
	f.k[0]++
	c.pend[d&(pendCap-1)] = pendFrame{c.stackBase + uint32(o), top, f.idx}
	d, top = d+1, c.stackBase+uint32(o)
	left -= 3
	f = f.callee
rec:
	// Rounds of cmp, jcc and (not taken) step + call of itself; then the
	// leaf, [step +] ret.
	for {
		if left < 4 {
			pc, stuck = f.at, true
			goto leave
		}
		x, y := *f.x, *f.y
		c.cmpX, c.cmpY, c.cmpOn = x, y, true
		if f.direct(x, y) {
			break
		}
		if o-1 >= uint(len(ws)) || c.stackBase+uint32(o)-1 >= top || d >= pendCap || f.fn.active == 0 {
			f.k[3]++ // the call would fault or cannot wait: the other paths run the step and the call
			left -= 2
			pc = f.next
			goto leave
		}
		if f.mov {
			*f.d = *f.z
		} else {
			*f.d += *f.z
		}
		o--
		ws[o] = f.ret
		f.k[0]++
		c.pend[d&(pendCap-1)] = pendFrame{c.stackBase + uint32(o), top, f.idx}
		d, top = d+1, c.stackBase+uint32(o)
		left -= 4
	}
	f.k[1]++ // the test and the leaf
	left -= 2
	if f.leaf {
		if f.mov2 {
			*f.d2 = *f.v
		} else {
			*f.d2 += *f.v
		}
		left--
	}
	goto ret
popStepRet:
	if left < 4 || o >= uint(len(ws)) {
		pc, stuck = f.at, true
		goto leave
	}
	*f.d = ws[o]
	o++
	*f.e += *f.z
	if f.mov2 {
		*f.d2 = *f.v
	} else {
		*f.d2 += *f.v
	}
	f.k[0]++
	left -= 3
ret:
	// The ret at f.retAt, the budget counted: on into the op at its
	// target when it is one of these.
	{
		if o >= uint(len(ws)) {
			f.k[2]++     // the ret did not run
			pc = f.retAt // the ret's own op leaves it to the exact path
			goto leave
		}
		v := ws[o]
		if uint64(v) >= uint64(len(c.tat)) {
			f.k[2]++
			pc = f.retAt
			goto leave
		}
		g := c.tat[v]
		if g == nil && c.code[v].op == opMid {
			f.k[2]++
			pc = f.retAt
			goto leave
		}
		if esp := c.stackBase + uint32(o) + 1; esp <= top {
		} else if d > 0 {
			p := &c.pend[(d-1)&(pendCap-1)]
			if p.below < esp {
				f.k[2]++ // it drops more than one frame: fRetT's
				pc = f.retAt
				goto leave
			}
			d--
			top = p.below
		} else if esp > cs.top {
			// pop, inline, with the frame it pops at hand.
			ring := cs.ring
			mask := uint64(len(ring)) - 1
			n, t := cs.n-1, noFrame
			if n > cs.floor {
				t = ring[(n-1)&mask].ESP
			}
			if t < esp || cs.fast == 0 {
				f.k[2]++ // it drops more than one frame: fRetT's
				pc = f.retAt
				goto leave
			}
			cs.n, cs.top, cs.fast = n, t, t
			if p := c.prof; p != nil {
				leave(&p.funcs[ring[n&mask].Target], lim-left)
			}
			if c.pendN > 0 {
				top = t
			}
		}
		o++
		left--
		if g == nil {
			pc = v
			goto leave
		}
		f = g
		switch f.h {
		case fPushRec:
			goto pushRec
		case fPopStepRet:
			goto popStepRet
		}
		goto rec
	}
leave:
	c.flushPend(d)
	c.words[memory.ESP] = c.stackBase + uint32(o)
	if c.cmpOn {
		c.words[memory.FLAGS] = compareFlags(c.cmpX, c.cmpY)
		c.cmpOn = false
	}
	return pc, lim - left, stuck
}

// leave is Profile.leave without a journal, on target's tally f (inlined:
// runRecT's loop calls no function).
func leave(f *funcCount, step uint64) {
	if f.active > 0 {
		f.active--
		if f.active == 0 {
			f.steps += step + 1 - f.since
		}
	}
}

// flushCounts adds the recursion's ops' counters (runRecT, runRecJ) to
// the profile's counts, and clears them. With putOff (runRecT's), their
// calls' enters were put off: it counts the calls. (Without a profile the
// counters are not read: a profile started later rebuilds them.)
func (c *CPU) flushCounts(putOff bool) {
	counts := c.prof.Counts
	for i := range c.trecs {
		f := &c.trecs[i]
		k := f.k
		f.k = [4]uint64{}
		if putOff && f.h != fPopStepRet {
			f.fn.calls += k[0]
		}
		switch f.h {
		case fRecHead: // k: rounds, tests with their leaf, rets not run, tests alone
			counts[f.at] += k[0] + k[1] + k[3]
			counts[f.a1] += k[0] + k[1] + k[3]
			counts[f.a2] += k[0]
			counts[f.a3] += k[0]
			if f.leaf {
				counts[f.t] += k[1]
			}
			counts[f.retAt] += k[1] - k[2]
		case fPushRec: // k: rounds
			counts[f.at] += k[0]
			counts[f.a1] += k[0]
			counts[f.a2] += k[0]
		case fPopStepRet: // k: rounds, -, rets not run
			counts[f.at] += k[0]
			counts[f.a1] += k[0]
			counts[f.t] += k[0]
			counts[f.retAt] += k[0] - k[2]
		}
	}
}

// stepLoop runs up to rounds rounds (at least one) of v += z, then a
// compare of v with y and a jump with truth table cond back to the start.
// It returns v, the rounds run and whether the last jump was taken. The
// common conditions compare v and y directly; the flags word is the
// caller's to compute once, from the last v.
func stepLoop(cond uint16, v, z, y uint32, rounds uint64) (uint32, uint64, bool) {
	k := uint64(0)
	switch cond {
	case condMasks[isa.Jl]:
		for k < rounds {
			v += z
			k++
			if int32(v) >= int32(y) {
				return v, k, false
			}
		}
	case condMasks[isa.Jb]:
		for k < rounds {
			v += z
			k++
			if v >= y {
				return v, k, false
			}
		}
	case condMasks[isa.Jne]:
		for k < rounds {
			v += z
			k++
			if v == y {
				return v, k, false
			}
		}
	case condMasks[isa.Jle]:
		for k < rounds {
			v += z
			k++
			if int32(v) > int32(y) {
				return v, k, false
			}
		}
	case condMasks[isa.Jbe]:
		for k < rounds {
			v += z
			k++
			if v > y {
				return v, k, false
			}
		}
	case condMasks[isa.Jg]:
		for k < rounds {
			v += z
			k++
			if int32(v) <= int32(y) {
				return v, k, false
			}
		}
	case condMasks[isa.Ja]:
		for k < rounds {
			v += z
			k++
			if v <= y {
				return v, k, false
			}
		}
	default:
		for k < rounds {
			v += z
			k++
			if !taken(cond, compareFlags(v, y)) {
				return v, k, false
			}
		}
	}
	return v, k, true
}

// runJournal is runFast for a machine that records every step in its
// journal, as the debugger's does: the specialised instructions one by one
// (sops), each recording what it changes as the exact path would, and the
// fused compare-and-branch ops (jf), which record each step they cover.
// The journal's counters stay in the Journal, not in locals: the loop has
// too few registers for them, and every branch would pay for shuffling.
func (c *CPU) runJournal(lim uint64) {
	j := c.journal
	w, ops, fused := c.words, c.sops, c.fops
	pc := w[memory.EIP]
	// The run stops when the journal's step index reaches end; the step
	// count is base + that index.
	end := j.nSteps + (lim - c.steps)
	base := c.steps - j.nSteps
	var counts []uint64 // a profile's counts, counted here as execExact would
	if c.prof != nil {
		counts = c.prof.Counts
	}
	const flags, rem, sp = uint32(memory.FLAGS), uint32(memory.REM), uint32(memory.ESP)
	for j.nSteps < end {
		f := &ops[pc]
		if f.jf {
			// A fused compare-and-branch writes its steps' marks in one
			// go, when the budget has room for all of them.
			if g := &fused[pc]; end-j.nSteps >= uint64(g.n) {
				if j.nSteps+uint64(g.n)-j.oldest >= uint64(len(j.marks)) {
					j.room(uint64(g.n))
				}
				pc, _ = c.compareAndBranch(g, pc, end-j.nSteps)
				continue
			}
		}
		if f.jr {
			stuck := false
			pc, stuck = c.runRecJ(c.tat[pc], end-j.nSteps, base)
			if counts != nil {
				c.flushCounts(false)
			}
			if stuck { // the exact path runs the instruction at pc
				break
			}
			continue
		}
		if f.h == fExact {
			break
		}
		ns, nc := j.nSteps, j.nChanges
		j.marks[ns&uint64(len(j.marks)-1)] = stepMark{start: nc, out: c.outBytes, pc: pc}
		next := f.next
		switch f.h {
		case fNop:
		case fMov, fAdd, fSub, fMul, fDiv, fAnd, fOr, fXor, fShl, fShr, fInc, fDec, fNot, fRem:
			s := f.x.get(w)
			if f.h == fDiv && s == 0 {
				goto out
			}
			j.changes[nc&uint64(len(j.changes)-1)] = Change{f.d, w[f.d]}
			j.nChanges = nc + 1
			w[f.d] = arith(f.op, w[f.d], s, w[rem])
		case fCmp:
			j.changes[nc&uint64(len(j.changes)-1)] = Change{flags, w[flags]}
			j.nChanges = nc + 1
			w[flags] = compareFlags(f.x.get(w), f.y.get(w))
		case fTest:
			j.changes[nc&uint64(len(j.changes)-1)] = Change{flags, w[flags]}
			j.nChanges = nc + 1
			w[flags] = resultFlags(f.x.get(w) & f.y.get(w))
		case fMod:
			y := f.y.get(w)
			if y == 0 {
				goto out
			}
			j.changes[nc&uint64(len(j.changes)-1)] = Change{rem, w[rem]}
			j.nChanges = nc + 1
			w[rem] = f.x.get(w) % y
		case fJmp:
			next = f.t
		case fJcc:
			if taken(f.cond, w[flags]) {
				next = f.t
			}
		case fPush:
			esp := w[sp]
			if int64(c.size)-int64(esp) >= c.stack || esp-1 >= c.size {
				goto out
			}
			v := f.x.get(w)
			cm := uint64(len(j.changes) - 1)
			j.changes[nc&cm] = Change{esp - 1, w[esp-1]}
			j.changes[(nc+1)&cm] = Change{sp, esp}
			j.nChanges = nc + 2
			w[esp-1] = v
			w[sp] = esp - 1
		case fPop:
			esp := w[sp]
			if !popOK(esp, c.size) {
				goto out
			}
			v := w[esp]
			cm := uint64(len(j.changes) - 1)
			j.changes[nc&cm] = Change{sp, esp}
			w[sp] = esp + 1
			j.changes[(nc+1)&cm] = Change{f.d, w[f.d]}
			j.nChanges = nc + 2
			w[f.d] = v
		case fCall, fRet, fCallT, fRetT, fALU, fPrn, fPrc:
			if !c.journalOne(f, pc, &next, base+ns) {
				if c.state != Ready { // a print faulted
					c.steps = base + j.nSteps
					return
				}
				goto out
			}
		default:
			goto out
		}
		if counts != nil {
			counts[pc]++
		}
		j.nSteps = ns + 1
		if ns+1-j.oldest >= uint64(len(j.marks)) {
			j.full()
		}
		pc = next
	}
	c.steps = base + j.nSteps
	w[memory.EIP] = pc
	return
out:
	// The exact path runs the step begun: forget what it recorded.
	j.nChanges = j.marks[j.nSteps&uint64(len(j.marks)-1)].start
	c.steps = base + j.nSteps
	w[memory.EIP] = pc
}

// runRecJ is runRec for a machine that records every step in its journal
// (the debugger's): it runs the recursion's ops from f, one into the next,
// while the budget left allows, and records each step as runJournal and
// journalOne do: its mark, the words it changes (the flags too: it writes
// them at each compare), the call stack's change (callJ, retJ) and the
// profile's, whose counts it keeps in the ops' counters (flushCounts).
// base is the step count less the journal's step index. It returns the pc
// where it stopped and whether the instruction there is the exact path's
// (stuck).
func (c *CPU) runRecJ(f *trec, left, base uint64) (pc uint32, stuck bool) {
	j, w := c.journal, c.words
	ws := w[c.stackBase:]
	o := uint(w[memory.ESP] - c.stackBase)
	const flags, esp = uint32(memory.FLAGS), uint32(memory.ESP)
	switch f.h {
	case fRecHead:
		goto rec
	case fPopStepRet:
		goto popStepRet
	}
pushRec:
	if left < 3 || o-2 >= uint(len(ws))-1 {
		pc, stuck = f.at, true // either push would fault or leave the stack
		goto leave
	}
	{
		if j.nSteps+3-j.oldest >= uint64(len(j.marks)) {
			j.room(3)
		}
		marks, changes := j.marks, j.changes
		mm, cm := uint64(len(marks)-1), uint64(len(changes)-1)
		ns, nc, out := j.nSteps, j.nChanges, c.outBytes
		sp := c.stackBase + uint32(o)
		marks[ns&mm] = stepMark{start: nc, out: out, pc: f.at}
		changes[nc&cm] = Change{sp - 1, ws[o-1]}
		changes[(nc+1)&cm] = Change{esp, sp}
		ws[o-1] = *f.x
		marks[(ns+1)&mm] = stepMark{start: nc + 2, out: out, pc: f.a1}
		changes[(nc+2)&cm] = Change{f.da, *f.d}
		if f.mov {
			*f.d = *f.z
		} else {
			*f.d += *f.z
		}
		marks[(ns+2)&mm] = stepMark{start: nc + 3, out: out, pc: f.a2}
		changes[(nc+3)&cm] = Change{sp - 2, ws[o-2]}
		changes[(nc+4)&cm] = Change{esp, sp - 1}
		ws[o-2] = f.next
		o -= 2
		f.k[0]++
		j.nSteps, j.nChanges = ns+2, nc+5
		c.callJ(f.site, f.callee.at, sp-2, base+ns+2)
		j.nSteps = ns + 3
	}
	left -= 3
	f = f.callee
rec:
	// Rounds of cmp, jcc and (not taken) step + call of itself; then the
	// leaf, [step +] ret.
	for {
		if left < 4 {
			pc, stuck = f.at, true
			goto leave
		}
		if j.nSteps+4-j.oldest >= uint64(len(j.marks)) {
			j.room(4)
		}
		marks, changes := j.marks, j.changes
		mm, cm := uint64(len(marks)-1), uint64(len(changes)-1)
		ns, nc, out := j.nSteps, j.nChanges, c.outBytes
		x, y := *f.x, *f.y
		marks[ns&mm] = stepMark{start: nc, out: out, pc: f.at}
		changes[nc&cm] = Change{flags, w[flags]}
		w[flags] = compareFlags(x, y)
		marks[(ns+1)&mm] = stepMark{start: nc + 1, out: out, pc: f.a1}
		if f.direct(x, y) { // to the leaf
			f.k[1]++
			left -= 2
			j.nSteps, j.nChanges = ns+2, nc+1
			if f.leaf {
				marks[(ns+2)&mm] = stepMark{start: nc + 1, out: out, pc: f.t}
				changes[(nc+1)&cm] = Change{f.d2a, *f.d2}
				if f.mov2 {
					*f.d2 = *f.v
				} else {
					*f.d2 += *f.v
				}
				left--
				j.nSteps, j.nChanges = ns+3, nc+2
			}
			break
		}
		if o-1 >= uint(len(ws)) {
			f.k[3]++ // the call would fault: the exact path runs it
			left -= 2
			j.nSteps, j.nChanges = ns+2, nc+1
			pc = f.next
			goto leave
		}
		marks[(ns+2)&mm] = stepMark{start: nc + 1, out: out, pc: f.a2}
		changes[(nc+1)&cm] = Change{f.da, *f.d}
		if f.mov {
			*f.d = *f.z
		} else {
			*f.d += *f.z
		}
		sp := c.stackBase + uint32(o)
		marks[(ns+3)&mm] = stepMark{start: nc + 2, out: out, pc: f.a3}
		changes[(nc+2)&cm] = Change{sp - 1, ws[o-1]}
		changes[(nc+3)&cm] = Change{esp, sp}
		ws[o-1] = f.ret
		o--
		f.k[0]++
		j.nSteps, j.nChanges = ns+3, nc+4
		c.callJ(f.site, f.at, sp-1, base+ns+3)
		j.nSteps = ns + 4
		left -= 4
	}
	goto ret
popStepRet:
	if left < 4 || o >= uint(len(ws)) {
		pc, stuck = f.at, true
		goto leave
	}
	{
		if j.nSteps+3-j.oldest >= uint64(len(j.marks)) {
			j.room(3)
		}
		marks, changes := j.marks, j.changes
		mm, cm := uint64(len(marks)-1), uint64(len(changes)-1)
		ns, nc, out := j.nSteps, j.nChanges, c.outBytes
		marks[ns&mm] = stepMark{start: nc, out: out, pc: f.at}
		changes[nc&cm] = Change{esp, c.stackBase + uint32(o)}
		changes[(nc+1)&cm] = Change{f.da, *f.d}
		*f.d = ws[o]
		o++
		marks[(ns+1)&mm] = stepMark{start: nc + 2, out: out, pc: f.a1}
		changes[(nc+2)&cm] = Change{f.ea, *f.e}
		*f.e += *f.z
		marks[(ns+2)&mm] = stepMark{start: nc + 3, out: out, pc: f.t}
		changes[(nc+3)&cm] = Change{f.d2a, *f.d2}
		if f.mov2 {
			*f.d2 = *f.v
		} else {
			*f.d2 += *f.v
		}
		f.k[0]++
		left -= 3
		j.nSteps, j.nChanges = ns+3, nc+4
	}
ret:
	// The ret at f.retAt: on into the op at its target when it is one of
	// these.
	{
		if o >= uint(len(ws)) {
			f.k[2]++     // the ret did not run
			pc = f.retAt // the ret's own op leaves it to the exact path
			goto leave
		}
		v := ws[o]
		if uint64(v) >= uint64(len(c.tat)) {
			f.k[2]++
			pc = f.retAt
			goto leave
		}
		g := c.tat[v]
		if g == nil && c.code[v].op == opMid || left < 1 {
			f.k[2]++
			pc = f.retAt
			goto leave
		}
		if j.nSteps+1-j.oldest >= uint64(len(j.marks)) {
			j.room(1)
		}
		ns, nc := j.nSteps, j.nChanges
		j.marks[ns&uint64(len(j.marks)-1)] = stepMark{start: nc, out: c.outBytes, pc: f.retAt}
		j.changes[nc&uint64(len(j.changes)-1)] = Change{esp, c.stackBase + uint32(o)}
		o++
		j.nChanges = nc + 1
		c.retJ(c.stackBase+uint32(o), base+ns)
		j.nSteps = ns + 1
		left--
		if g == nil {
			pc = v
			goto leave
		}
		f = g
		switch f.h {
		case fPushRec:
			goto pushRec
		case fPopStepRet:
			goto popStepRet
		}
		goto rec
	}
leave:
	w[esp] = c.stackBase + uint32(o)
	return pc, stuck
}

// room makes room in j's rings for n more steps after the one about to
// begin, as commit would: it grows them, or drops the oldest steps.
func (j *Journal) room(n uint64) {
	if need := j.nSteps + n + 1; need > uint64(len(j.marks)) && need-uint64(len(j.marks)) > j.oldest &&
		uint64(len(j.marks)) == j.capacity && j.sides == nil {
		j.oldest = need - uint64(len(j.marks)) // the ring is full: drop the oldest steps
	}
	for j.nSteps+n-j.oldest >= uint64(len(j.marks)) {
		j.full()
	}
}

// compareAndBranch runs g, a fused fCmpJcc or fStepCmpJcc at pc (or an
// fStepLoop: stepLoopJ), for runJournal: it records each step it covers
// in the journal (which has room for them) and counts them in the
// profile. It returns the pc after it and the budget left.
func (c *CPU) compareAndBranch(g *fop, pc uint32, left uint64) (uint32, uint64) {
	if g.h == fStepLoop {
		return c.stepLoopJ(g, pc, left)
	}
	const flags = uint32(memory.FLAGS)
	j, w := c.journal, c.words
	ns, nc, out := j.nSteps, j.nChanges, c.outBytes
	at := pc
	if g.h != fCmpJcc { // the step first
		j.marks[ns&uint64(len(j.marks)-1)] = stepMark{start: nc, out: out, pc: at}
		j.changes[nc&uint64(len(j.changes)-1)] = Change{g.d, w[g.d]}
		w[g.d] += g.z.get(w)
		ns, nc, at = ns+1, nc+1, c.sops[at].next
	}
	j.marks[ns&uint64(len(j.marks)-1)] = stepMark{start: nc, out: out, pc: at}
	j.changes[nc&uint64(len(j.changes)-1)] = Change{flags, w[flags]}
	fl := compareFlags(g.x.get(w), g.y.get(w))
	w[flags] = fl
	jcc := c.sops[at].next
	j.marks[(ns+1)&uint64(len(j.marks)-1)] = stepMark{start: nc + 1, out: out, pc: jcc}
	j.nSteps, j.nChanges = ns+2, nc+1
	if p := c.prof; p != nil {
		if g.h != fCmpJcc {
			p.Counts[pc]++
		}
		p.Counts[at]++
		p.Counts[jcc]++
	}
	if taken(g.cond, fl) {
		return g.t, left - uint64(g.n)
	}
	return g.next, left - uint64(g.n)
}

// stepLoopJ is compareAndBranch for an fStepLoop: it goes on round after
// round while it jumps to itself, the budget left has room for a round
// and the journal has room without dropping steps it keeps for a step
// back of its own (it drops the oldest of a full journal as it goes).
func (c *CPU) stepLoopJ(g *fop, pc uint32, left uint64) (uint32, uint64) {
	const flags = uint32(memory.FLAGS)
	j, w := c.journal, c.words
	marks, changes := j.marks, j.changes
	ns, nc, out := j.nSteps, j.nChanges, c.outBytes
	n := uint64(g.n)
	// The covered instructions: the step at pc, cmp at a1 and jcc at a2.
	a1 := c.sops[pc].next
	a2 := c.sops[a1].next
	var next uint32
	rounds := uint64(0)
	for {
		marks[ns&uint64(len(marks)-1)] = stepMark{start: nc, out: out, pc: pc}
		changes[nc&uint64(len(changes)-1)] = Change{g.d, w[g.d]}
		w[g.d] += g.z.get(w)
		marks[(ns+1)&uint64(len(marks)-1)] = stepMark{start: nc + 1, out: out, pc: a1}
		changes[(nc+1)&uint64(len(changes)-1)] = Change{flags, w[flags]}
		fl := compareFlags(g.x.get(w), g.y.get(w))
		w[flags] = fl
		marks[(ns+2)&uint64(len(marks)-1)] = stepMark{start: nc + 2, out: out, pc: a2}
		ns, nc = ns+3, nc+2
		rounds++
		left -= n
		next = g.next
		if taken(g.cond, fl) {
			next = g.t
		}
		if next != pc || left < n {
			break
		}
		if ns+n-j.oldest >= uint64(len(marks)) { // make room as room would
			if uint64(len(marks)) != j.capacity || j.sides != nil {
				break
			}
			j.oldest = ns + n + 1 - uint64(len(marks)) // the ring is full: drop the oldest steps
		}
	}
	j.nSteps, j.nChanges = ns, nc
	if p := c.prof; p != nil {
		p.Counts[pc] += rounds
		p.Counts[a1] += rounds
		p.Counts[a2] += rounds
	}
	return next, left
}

// journalOne runs call, ret, a register-relative ALU instruction or a print
// for runJournal, through the Journal's methods, the step begun. It
// reports false when it did nothing: the exact path must run it, or the
// print faulted and stopped the machine. steps is the step count before
// it.
func (c *CPU) journalOne(f *fop, pc uint32, next *uint32, steps uint64) bool {
	j, w, size := c.journal, c.words, c.size
	switch f.h {
	case fCall, fCallT:
		esp := w[memory.ESP]
		sp := esp - 1
		if int64(size)-int64(esp) >= c.stack || sp >= size {
			return false
		}
		j.record(sp, w[sp])
		j.record(uint32(memory.ESP), esp)
		*next = f.t
		c.callJ(pc, f.t, sp, steps)
		w[sp] = f.next
		w[memory.ESP] = sp
	case fRet, fRetT:
		esp := w[memory.ESP]
		if !popOK(esp, size) {
			return false
		}
		v := w[esp]
		if !c.IsInstruction(v) {
			return false
		}
		j.record(uint32(memory.ESP), esp)
		w[memory.ESP] = esp + 1
		c.retJ(esp+1, steps)
		*next = v
	case fALU:
		return c.relALU(&c.code[pc], j)
	case fPrn, fPrc:
		if fault := c.print(f.h == fPrn, f.x.get(w)); fault != nil {
			c.stopAt(fault, pc)
			return false
		}
	}
	return true
}

// relALU runs an ALU instruction with a register-relative operand, when
// every address it uses is ordinary memory (not a register: the exact path
// handles writes of eip and reads of it). It reports false, having changed
// nothing, when it is not.
func (c *CPU) relALU(in *instr, j *Journal) bool {
	w, size := c.words, c.size
	a := in.dst
	if in.dk == isa.Rel {
		a += w[in.dreg]
		if a < memory.Reserved {
			return false
		}
	}
	if a >= size || a == uint32(memory.EIP) {
		return false
	}
	var s uint32
	if in.size == 3 {
		s = in.src
		if in.sk != isa.Imm {
			if in.sk == isa.Rel {
				s += w[in.sreg]
				if s < memory.Reserved {
					return false
				}
			}
			if s >= size || s == uint32(memory.EIP) {
				return false
			}
			s = w[s]
		}
	}
	if in.op == isa.Div && s == 0 {
		return false
	}
	if j != nil {
		j.record(a, w[a])
	}
	w[a] = arith(in.op, w[a], s, w[memory.REM])
	return true
}
