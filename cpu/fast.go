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
	// An instruction with an operand the decoder cannot make a val of (a
	// register-relative one, or a computed jump target), read from code
	// when it runs: array code's compares and a jump table's jumps stay
	// on the fast path.
	fCmpRel  // cmp, test or mod
	fPushRel // push, prn or prc
	fJmpRel  // jmp or jcc through a register or a word
	fCallRel // call through a register or a word (no call stack kept)
	// mov to or from a register-relative operand, whose address is y
	// (words[reg] + displacement): array code's loads and stores.
	fLoadRel  // mov d, [reg+k]
	fStoreRel // mov [reg+k], x
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
	cond uint16 // bit f: a conditional jump is taken with flags f (low 4 bits)
	d    uint32 // destination address
	x, y val
	z, v val    // the fused cmp's operands, or a step's source (z)
	t    uint32 // jump target
	next uint32 // the address after the covered instructions
	e    uint32 // a second destination
	mov  bool   // the fused prefix is a mov d, z (not d += z)
}

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

// readable reports whether the fast path may read in's operands when it
// runs (fastRead): none is relative to eip, whose word it does not keep.
func (c *CPU) readable(in *instr) bool {
	eip := uint8(memory.EIP)
	return !(in.dk == isa.Rel && in.dreg == eip || in.sk == isa.Rel && in.sreg == eip || in.dk == isa.Addr && in.dst == uint32(memory.EIP))
}

// fastRead returns the value of an operand of kind k: an immediate, or
// the word at w (plus register reg's value when register-relative); false,
// for the exact path to run the instruction, when that word is outside
// memory or eip, whose word the fast path does not keep.
func (c *CPU) fastRead(k isa.Kind, reg uint8, w uint32) (uint32, bool) {
	switch k {
	case isa.Imm:
		return w, true
	case isa.Rel:
		w += c.words[reg]
	}
	if w >= c.size || w == uint32(memory.EIP) {
		return 0, false
	}
	return c.words[w], true
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
			// from code and checks them at run time; a mov's one
			// register-relative operand is an address to compute.
			f.h = fALU
			if in.op == isa.Mov && in.dk != in.sk {
				var ok bool
				if in.sk == isa.Rel {
					f.y = val{addr: uint32(in.sreg), mask: ^uint32(0), imm: in.src}
					f.d, ok = c.dest(in.dk, in.dst)
					f.h = fLoadRel
				} else {
					f.y = val{addr: uint32(in.dreg), mask: ^uint32(0), imm: in.dst}
					f.x, ok = c.value(in.sk, in.src)
					f.h = fStoreRel
				}
				if !ok {
					f.h = fALU
				}
			}
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
		if !ok && rel && c.readable(in) {
			f.h, ok = fCmpRel, true
		}
	case isa.Push, isa.Prn, isa.Prc:
		f.h = map[isa.Op]uint8{isa.Push: fPush, isa.Prn: fPrn, isa.Prc: fPrc}[in.op]
		f.x, ok = c.value(in.dk, in.dst)
		if !ok && rel && c.readable(in) {
			f.h, ok = fPushRel, true
		}
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
			f.cond = isa.CondMasks[in.op]
			f.t, ok = c.target(in.dk, in.dst)
			if f.h == fCall && !c.calls.off {
				f.h = fCallT
			}
			if in.dk != isa.Imm && c.readable(in) && (f.h == fJmp || f.h == fJcc || f.h == fCall) {
				f.h, ok = map[uint8]uint8{fJmp: fJmpRel, fJcc: fJmpRel, fCall: fCallRel}[f.h], true
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
		}
	}
	for pc := range fops {
		switch fops[pc].h {
		case fCmpJcc, fStepCmpJcc, fStepLoop:
			c.sops[pc].jf = true
		}
	}
	c.fastStale = false
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
	if ok && (b.h == fCall || b.h == fRet) && a.d != uint32(memory.ESP) {
		// (fCallT and fRetT, a machine with a call stack, are not fused:
		// the fused handlers carry no call-stack code.)
		f.h = fPreCall
		if b.h == fRet {
			f.h = fPreRet
		}
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
//
// Its checks (a push's room, a jump target's validity, a print's fault)
// are written out in each case, not calls to helpers such as
// IsInstruction: runFast is over the compiler's size for inlining into
// big functions, and those calls cost fib and primes 5-7% more host
// instructions (measured).
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
		case fLoadRel:
			a := f.y.get(w)
			if a-memory.Reserved >= size-memory.Reserved {
				goto out
			}
			w[f.d] = w[a]
		case fStoreRel:
			a := f.y.get(w)
			if a-memory.Reserved >= size-memory.Reserved {
				goto out
			}
			w[a] = f.x.get(w)
		case fCmpRel:
			in := &code[pc]
			x, ok := c.fastRead(in.dk, in.dreg, in.dst)
			y, ok2 := c.fastRead(in.sk, in.sreg, in.src)
			if !ok || !ok2 {
				goto out
			}
			switch in.op {
			case isa.Cmp:
				w[flags] = compareFlags(x, y)
			case isa.Test:
				w[flags] = resultFlags(x & y)
			default:
				if y == 0 {
					goto out
				}
				w[memory.REM] = x % y
			}
		case fPushRel:
			in := &code[pc]
			x, ok := c.fastRead(in.dk, in.dreg, in.dst)
			if !ok {
				goto out
			}
			if in.op != isa.Push {
				if fault := c.print(in.op == isa.Prn, x); fault != nil {
					if counting {
						c.flushOps()
					}
					c.steps = steps
					c.stopAt(fault, pc)
					return
				}
				break
			}
			esp := w[memory.ESP]
			if int64(size)-int64(esp) >= stack || esp-1 >= size {
				goto out
			}
			w[esp-1] = x
			w[memory.ESP] = esp - 1
		case fJmpRel:
			if !taken(f.cond, w[flags]) {
				steps++
				pc = f.next
				continue
			}
			in := &code[pc]
			t, ok := c.fastRead(in.dk, in.dreg, in.dst)
			if !ok || uint64(t) >= uint64(len(code)) || code[t].op == opMid {
				goto out
			}
			steps++
			pc = t
			continue
		case fCallRel:
			in := &code[pc]
			t, ok := c.fastRead(in.dk, in.dreg, in.dst)
			esp := w[memory.ESP]
			sp := esp - 1
			if !ok || uint64(t) >= uint64(len(code)) || code[t].op == opMid || int64(size)-int64(esp) >= stack || sp >= size {
				goto out
			}
			w[sp] = f.next
			w[memory.ESP] = sp
			steps++
			pc = t
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

// stepLoop runs up to rounds rounds (at least one) of v += z, then a
// compare of v with y and a jump with truth table cond back to the start.
// It returns v, the rounds run and whether the last jump was taken. The
// common conditions compare v and y directly; the flags word is the
// caller's to compute once, from the last v.
func stepLoop(cond uint16, v, z, y uint32, rounds uint64) (uint32, uint64, bool) {
	k := uint64(0)
	switch cond {
	case isa.CondMasks[isa.Jl]:
		for k < rounds {
			v += z
			k++
			if int32(v) >= int32(y) {
				return v, k, false
			}
		}
	case isa.CondMasks[isa.Jb]:
		for k < rounds {
			v += z
			k++
			if v >= y {
				return v, k, false
			}
		}
	case isa.CondMasks[isa.Jne]:
		for k < rounds {
			v += z
			k++
			if v == y {
				return v, k, false
			}
		}
	case isa.CondMasks[isa.Jle]:
		for k < rounds {
			v += z
			k++
			if int32(v) > int32(y) {
				return v, k, false
			}
		}
	case isa.CondMasks[isa.Jbe]:
		for k < rounds {
			v += z
			k++
			if v > y {
				return v, k, false
			}
		}
	case isa.CondMasks[isa.Jg]:
		for k < rounds {
			v += z
			k++
			if int32(v) <= int32(y) {
				return v, k, false
			}
		}
	case isa.CondMasks[isa.Ja]:
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
		case fCall, fRet, fCallT, fRetT, fALU, fLoadRel, fStoreRel, fPrn, fPrc:
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
	case fALU, fLoadRel, fStoreRel:
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
