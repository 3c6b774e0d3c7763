//go:build amd64 || arm64

package jit

import (
	"fmt"
	"sort"

	"cpu32/isa"
	"cpu32/memory"
)

// Locals of the compiled function. The two parameters come first.
const (
	lTgt    = 0  // entry eip, then the target of a computed jump; -1 when none
	lBud    = 1  // the step budget left
	lReg    = 2  // register r (an address below 11) lives in local lReg+r; eip and flags do not
	lFx     = 13 // the last cmp's first operand, or the raw flags word
	lFy     = 14 // the last cmp's second operand
	lFk     = 15 // 0: the flags are cmp(fx, fy); 1: they are fx
	lXpc    = 16 // eip at the exit
	lUpc    = 17 // a computed jump's own address, to undo it when its target is bad
	lUesp   = 18 // esp before that jump
	lT1     = 19
	lT2     = 20
	lTA     = 21         // the destination's address
	lTB     = 22         // the source's address
	lTF     = 23         // flags computation
	nLocals = lTF - lBud // locals beyond the parameters
)

// ins is one decoded instruction.
type ins struct {
	pc   uint32
	op   isa.Op
	n    int // operands
	o    [2]opnd
	next uint32
	bad  bool // the word decodes to no instruction
}

// opnd is an operand: for isa.Rel, reg and the displacement in w.
type opnd struct {
	k   isa.Kind
	reg uint8
	w   uint32
}

type block struct {
	start uint32
	ins   []*ins
}

// flag states the compiler knows statically within a block.
const (
	fUnknown = iota // lFk says
	fCmp            // cmp(fx, fy)
	fRaw            // fx
)

// compiler turns a decoded program into the body of one wasm function.
type compiler struct {
	codeLen   uint32
	size, low uint32 // memory size; esp at which the stack is full
	at        []*ins // by address: the instruction starting there, or nil
	blocks    []block
	blockAt   []int32 // by address: the block starting there, or -1
	loopEnd   []int   // by block: the last block of the loop it heads, or -1
	scopeOf   []int   // by block: the header of the innermost loop it is inside (not heading), or -1
	entryID   []int32 // by block inside a loop: its number among such blocks that can be entered, or -1
	entry     uint32  // the program's entry point
	cold      []bool  // by block: not compiled; jumps to it leave to the interpreter

	b          wbuf
	height     int
	itemLabel  []int // by block: the label of the item it starts, -1 when not open
	loopLabel  []int // by block: the label of the loop it heads, -1 when not open
	topLabel   int
	exitLabel  int
	badLabel   int
	leaveLabel int
	fstate     int
}

// condMasks holds each branch's truth table over the four flag bits.
var condMasks = func() (m [256]uint32) {
	for _, in := range isa.Table {
		if in.Flow == isa.Branch {
			for f := uint32(0); f < 16; f++ {
				if in.Cond(f) {
					m[in.Op] |= 1 << f
				}
			}
		}
	}
	return m
}()

// direct is the wasm comparison of a branch taken after cmp x, y.
var direct = map[isa.Op]byte{
	isa.Je: opI32Eq, isa.Jne: opI32Ne, isa.Jl: opI32LtS, isa.Jle: opI32LeS,
	isa.Jg: opI32GtS, isa.Jge: opI32GeS, isa.Jb: opI32LtU, isa.Jbe: opI32LeU,
	isa.Ja: opI32GtU, isa.Jae: opI32GeU,
}

var binops = map[isa.Op]byte{
	isa.Add: opI32Add, isa.Sub: opI32Sub, isa.Mul: opI32Mul, isa.Div: opI32DivU,
	isa.And: opI32And, isa.Or: opI32Or, isa.Xor: opI32Xor, isa.Shl: opI32Shl, isa.Shr: opI32ShrU,
}

// translate compiles code for a memory of size words with a stack of
// stack words. It returns the module and, by eip, where it may be entered.
// With hot not nil, it compiles only the parts of the program that hold
// those addresses (a sample of where the interpreter ran) and what they
// jump to, up to maxHot instructions.
func translate(code []uint32, entry uint32, size, stack uint32, hot []uint32) ([]byte, []bool) {
	c := &compiler{codeLen: uint32(len(code)), size: size, low: size - stack, entry: entry}
	c.decode(code)
	c.split(entry)
	c.findLoops()
	c.pick(hot)
	c.entries()
	c.emit()
	enter := make([]bool, len(code)+1)
	for i, bl := range c.blocks {
		enter[bl.start] = !c.cold[i] && (c.scopeOf[i] < 0 || c.entryID[i] >= 0)
	}
	pages := (uint64(size)*4 + 65535) / 65536
	return module(nLocals, c.b, uint32(pages)), enter
}

func (c *compiler) decode(code []uint32) {
	c.at = make([]*ins, len(code)+1)
	for addr := uint32(0); addr < c.codeLen; {
		d, err := isa.Decode(code, addr)
		if err != nil {
			c.at[addr] = &ins{pc: addr, bad: true, next: addr + 1}
			addr++
			continue
		}
		in := &ins{pc: addr, op: d.In.Op, n: len(d.Operands), next: addr + uint32(d.Size())}
		for i, o := range d.Operands {
			in.o[i] = opnd{k: o.Kind, w: o.Word}
			if o.Kind == isa.Rel {
				reg, disp := isa.UnpackRel(o.Word)
				in.o[i] = opnd{k: isa.Rel, reg: reg, w: uint32(disp)}
			}
		}
		c.at[addr] = in
		addr = in.next
	}
}

// valid reports whether t is a place eip may hold.
func (c *compiler) valid(t uint32) bool {
	return t == c.codeLen || t < c.codeLen && c.at[t] != nil
}

// target returns an instruction's constant jump target, if it has a
// valid one.
func (c *compiler) target(in *ins) (uint32, bool) {
	if in.bad {
		return 0, false
	}
	f := isa.ByOp(in.op).Flow
	if (f == isa.Jump || f == isa.Branch || f == isa.CallFlow) && in.o[0].k == isa.Imm && c.valid(in.o[0].w) {
		return in.o[0].w, true
	}
	return 0, false
}

// ends reports whether an instruction ends its block: it jumps, or it is
// always left to the interpreter.
func (c *compiler) ends(in *ins) bool {
	if in.bad {
		return true
	}
	switch isa.ByOp(in.op).Flow {
	case isa.Jump, isa.Branch, isa.CallFlow, isa.RetFlow, isa.HaltFlow, isa.HostFlow:
		return true
	}
	switch in.op {
	case isa.Rdn, isa.Rdc:
		return true
	}
	return in.n > 0 && in.o[0].k != isa.Rel && in.o[0].w == uint32(memory.EIP) && writes(in.op)
}

// writes reports whether op writes its first operand.
func writes(op isa.Op) bool {
	switch op {
	case isa.Mov, isa.Add, isa.Sub, isa.Mul, isa.Div, isa.And, isa.Or, isa.Xor, isa.Shl, isa.Shr,
		isa.Inc, isa.Dec, isa.Not, isa.Rem, isa.Pop:
		return true
	}
	return false
}

// split cuts the code into basic blocks.
func (c *compiler) split(entry uint32) {
	lead := make([]bool, c.codeLen+1)
	lead[0], lead[c.codeLen] = true, true
	if c.valid(entry) {
		lead[entry] = true
	}
	for addr := uint32(0); addr < c.codeLen; {
		in := c.at[addr]
		if t, ok := c.target(in); ok {
			lead[t] = true
		}
		if c.ends(in) {
			lead[in.next] = true
		}
		addr = in.next
	}
	c.blockAt = make([]int32, c.codeLen+1)
	for i := range c.blockAt {
		c.blockAt[i] = -1
	}
	for addr := uint32(0); addr <= c.codeLen; {
		if lead[addr] {
			c.blockAt[addr] = int32(len(c.blocks))
			c.blocks = append(c.blocks, block{start: addr})
		}
		if addr == c.codeLen {
			break
		}
		in := c.at[addr]
		bl := &c.blocks[len(c.blocks)-1]
		bl.ins = append(bl.ins, in)
		addr = in.next
	}
}

// findLoops makes a wasm loop of every block that a later block (or
// itself) jumps back to, reaching to the last such block, and widens loops
// until they nest.
func (c *compiler) findLoops() {
	c.loopEnd = make([]int, len(c.blocks))
	for i := range c.loopEnd {
		c.loopEnd[i] = -1
	}
	for i, bl := range c.blocks {
		if len(bl.ins) == 0 {
			continue
		}
		if t, ok := c.target(bl.ins[len(bl.ins)-1]); ok {
			if h := int(c.blockAt[t]); h <= i {
				c.loopEnd[h] = max(c.loopEnd[h], i)
			}
		}
	}
	var heads []int
	for h, e := range c.loopEnd {
		if e >= 0 {
			heads = append(heads, h)
		}
	}
	// A loop that starts inside another and ends past it widens the outer
	// one; repeat until nothing crosses.
	for changed := true; changed; {
		changed = false
		for i, h1 := range heads {
			for _, h2 := range heads[i+1:] {
				if h2 <= c.loopEnd[h1] && c.loopEnd[h2] > c.loopEnd[h1] {
					c.loopEnd[h1] = c.loopEnd[h2]
					changed = true
				}
			}
		}
	}
}

// maxHot bounds how many instructions pick chooses to compile: the
// compiler's time grows with them (tens of microseconds each).
const maxHot = 3000

// pick marks cold what is not to be compiled. The unit is an item of the
// top scope: a block outside every loop, or a whole outermost loop.
func (c *compiler) pick(hot []uint32) {
	n := len(c.blocks)
	c.cold = make([]bool, n)
	if hot == nil {
		return
	}
	item := make([]int, n) // by block: the first block of its top item
	var starts []int
	for i := 0; i < n; i++ {
		starts = append(starts, i)
		last := i
		if c.loopEnd[i] >= 0 {
			last = c.loopEnd[i]
		}
		for j := i; j <= last; j++ {
			item[j] = i
		}
		i = last
	}
	picked := make([]bool, n)
	var queue []int
	add := func(bi int) {
		if it := item[bi]; !picked[it] {
			picked[it] = true
			queue = append(queue, it)
		}
	}
	for _, a := range hot {
		if a <= c.codeLen {
			// The block holding a: the last one starting at or before it.
			add(sort.Search(n, func(i int) bool { return c.blocks[i].start > a }) - 1)
		}
	}
	count := 0
	done := make([]bool, n)
	for len(queue) > 0 && count < maxHot {
		it := queue[0]
		queue = queue[1:]
		done[it] = true
		last := it
		if c.loopEnd[it] >= 0 {
			last = c.loopEnd[it]
		}
		for j := it; j <= last; j++ {
			bl := c.blocks[j]
			count += len(bl.ins)
			if len(bl.ins) == 0 {
				continue
			}
			if t, ok := c.target(bl.ins[len(bl.ins)-1]); ok {
				add(int(c.blockAt[t]))
			}
		}
	}
	for _, it := range starts {
		last := it
		if c.loopEnd[it] >= 0 {
			last = c.loopEnd[it]
		}
		for j := it; j <= last; j++ {
			c.cold[j] = !done[it]
		}
	}
}

// maxEntryDepth bounds how deep in nested loops a block may be entered
// from Go or by a computed jump: each level costs a dispatch entry. One
// deeper is left to the interpreter until it reaches a shallower one.
const maxEntryDepth = 12

// entries finds the scope of every block and numbers the blocks inside
// loops that can be entered (from Go, or by a jump no wasm label reaches):
// loop headers, where a run that stopped inside a loop comes back in;
// return addresses; blocks after what the interpreter runs; the entry
// point; and the targets of jumps into the middle of a loop.
func (c *compiler) entries() {
	n := len(c.blocks)
	c.scopeOf = make([]int, n)
	depth := make([]int, n)
	var stack []int // headers of the loops around block i
	for i := range n {
		for len(stack) > 0 && c.loopEnd[stack[len(stack)-1]] < i {
			stack = stack[:len(stack)-1]
		}
		c.scopeOf[i], depth[i] = -1, len(stack)
		if len(stack) > 0 {
			c.scopeOf[i] = stack[len(stack)-1]
		}
		if c.loopEnd[i] >= 0 {
			stack = append(stack, i)
		}
	}
	want := make([]bool, n)
	for i, bl := range c.blocks {
		if c.cold[i] {
			continue
		}
		if bl.start == c.entry || c.loopEnd[i] >= 0 {
			// Not =: an earlier jump that goes through the dispatch
			// needs this entry whatever its depth.
			want[i] = want[i] || depth[i] <= maxEntryDepth
		}
		if len(bl.ins) == 0 {
			continue
		}
		last := bl.ins[len(bl.ins)-1]
		if i+1 < n && depth[i+1] <= maxEntryDepth && (isa.ByOp(last.op).Flow == isa.CallFlow || c.ends(last) && !last.bad && isa.ByOp(last.op).Flow == isa.Next) {
			want[i+1] = true
		}
		if t, ok := c.target(last); ok && !c.labelled(i, int(c.blockAt[t])) {
			want[c.blockAt[t]] = true // must be: jump goes through the dispatch
		}
	}
	c.entryID = make([]int32, n)
	id := int32(0)
	for i := range n {
		c.entryID[i] = -1
		if want[i] && c.scopeOf[i] >= 0 && !c.cold[i] {
			c.entryID[i] = id
			id++
		}
	}
}

// labelled reports whether a jump from block a to block t can branch to a
// wasm label: t heads a loop around a, or t is after a in a scope around
// a.
func (c *compiler) labelled(a, t int) bool {
	if c.loopEnd[t] >= 0 && t <= a && a <= c.loopEnd[t] {
		return true
	}
	s := c.scopeOf[t] // for a loop's header, the scope the loop is an item of
	return a < t && (s < 0 || s <= a && a <= c.loopEnd[s])
}

// open starts a wasm block, loop or if and returns its label.
func (c *compiler) open(op byte) int {
	c.b.byte(op)
	c.b.byte(blockVoid)
	c.height++
	return c.height - 1
}

func (c *compiler) end() {
	c.b.byte(opEnd)
	c.height--
}

// depth is the relative depth of label l.
func (c *compiler) depth(l int) uint32 { return uint32(c.height - 1 - l) }

func (c *compiler) br(op byte, l int) {
	c.b.byte(op)
	c.b.u32(c.depth(l))
}

func (c *compiler) i32(v uint32) {
	c.b.byte(opI32Const)
	c.b.s32(int32(v))
}

func (c *compiler) get(l uint32) { c.b.byte(opLocalGet); c.b.u32(l) }
func (c *compiler) set(l uint32) { c.b.byte(opLocalSet); c.b.u32(l) }
func (c *compiler) tee(l uint32) { c.b.byte(opLocalTee); c.b.u32(l) }
func (c *compiler) op(o byte)    { c.b.byte(o) }

// mem emits a load or store at the address on the stack plus off.
func (c *compiler) mem(o byte, off uint32) {
	c.b.byte(o)
	c.b.u32(2)
	c.b.u32(off)
}

func (c *compiler) emit() {
	c.itemLabel = make([]int, len(c.blocks))
	c.loopLabel = make([]int, len(c.blocks))
	for i := range c.itemLabel {
		c.itemLabel[i], c.loopLabel[i] = -1, -1
	}
	for r := uint32(0); r < memory.Reserved; r++ {
		if isReg(r) {
			c.i32(0)
			c.mem(opI32Load, r*4)
			c.set(lReg + r)
		}
	}
	c.i32(0)
	c.mem(opI32Load, uint32(memory.FLAGS)*4)
	c.set(lFx)
	c.i32(1)
	c.set(lFk)

	c.exitLabel = c.open(opBlock)
	c.leaveLabel = c.open(opBlock)
	c.badLabel = c.open(opBlock)
	c.scope(0, len(c.blocks)-1, true)
	c.op(opUnreachable)
	c.end()
	// A computed jump's target is not a block: undo the jump and let the
	// interpreter run it.
	c.get(lUpc)
	c.set(lXpc)
	c.get(lUesp)
	c.set(lReg + uint32(memory.ESP))
	c.get(lBud)
	c.i32(1)
	c.op(opI32Add)
	c.set(lBud)
	c.br(opBr, c.exitLabel)
	c.end()
	// A computed jump to a block not compiled: it has run; the
	// interpreter goes on from there.
	c.get(lTgt)
	c.set(lXpc)
	c.end()
	for r := uint32(0); r < memory.Reserved; r++ {
		if isReg(r) {
			c.i32(0)
			c.get(lReg + r)
			c.mem(opI32Store, r*4)
		}
	}
	c.i32(0)
	c.get(lXpc)
	c.mem(opI32Store, uint32(memory.EIP)*4)
	c.i32(0)
	c.fstate = fUnknown
	c.flags()
	c.mem(opI32Store, uint32(memory.FLAGS)*4)
	c.get(lBud)
}

// isReg reports whether address r is a register kept in a local.
func isReg(r uint32) bool {
	return r <= uint32(memory.EDI) && r != uint32(memory.EIP) && r != uint32(memory.FLAGS)
}

// scope emits blocks h..e: the whole program (top) or a loop headed by h.
// Each item (a block, or a loop nested in this one) ends a wasm block
// opened at the scope's start, so that any code of the scope before it can
// branch forward to it. A dispatch at the start enters the scope at a
// block in it: at the top, by eip (from Go, and for computed jumps); in a
// loop, by the entry number (entryID) that a landing pad of the top's
// dispatch put in tgt, only when tgt is not -1.
func (c *compiler) scope(h, e int, top bool) {
	if top {
		c.topLabel = c.open(opLoop)
	} else {
		c.loopLabel[h] = c.open(opLoop)
	}
	var items []int // cold ones are left out: nothing branches to them
	for i := h; i <= e; i++ {
		if !c.cold[i] {
			items = append(items, i)
		}
		if c.loopEnd[i] >= 0 && (top || i != h) {
			i = c.loopEnd[i]
		}
	}
	for j := len(items) - 1; j >= 0; j-- {
		c.itemLabel[items[j]] = c.open(opBlock)
	}
	// item returns the label of the item holding block bi.
	item := func(bi int) int {
		j := sort.Search(len(items), func(j int) bool { return items[j] > bi }) - 1
		return c.itemLabel[items[j]]
	}
	if top {
		c.topDispatch(item)
	} else {
		lo, hi := int32(-1), int32(-1)
		for i := h; i <= e; i++ {
			if id := c.entryID[i]; id >= 0 {
				if lo < 0 {
					lo = id
				}
				hi = id + 1
			}
		}
		if lo >= 0 {
			c.get(lTgt)
			c.i32(^uint32(0))
			c.op(opI32Ne)
			c.open(opIf)
			c.get(lTgt)
			if lo != 0 {
				c.i32(uint32(lo))
				c.op(opI32Sub)
			}
			c.op(opBrTable)
			c.b.u32(uint32(hi - lo))
			for i := h; i <= e; i++ {
				if c.entryID[i] >= 0 {
					c.b.u32(c.depth(item(i)))
				}
			}
			c.b.u32(c.depth(c.itemLabel[items[0]]))
			c.end()
		}
	}
	for j, i := range items {
		c.end()
		c.itemLabel[i] = -1
		last := i
		if c.loopEnd[i] >= 0 && (top || j > 0) {
			c.scope(i, c.loopEnd[i], false)
			last = c.loopEnd[i]
		} else {
			c.block(i)
		}
		if last+1 < len(c.blocks) && c.cold[last+1] {
			c.leave(c.blocks[last+1].start) // falling through into code not compiled
		}
	}
	c.end()
	if !top {
		c.loopLabel[h] = -1
	}
}

// topDispatch branches on the eip in tgt: to the item of a block at the
// top, to a landing pad that turns the eip of a block inside a loop into
// its entry number and branches to the loop, and to the bad-target label
// for any other value.
func (c *compiler) topDispatch(item func(int) int) {
	// A pad sets tgt for a block inside a loop (its entry number) and for
	// the header of a loop at the top (-1: nothing more to dispatch).
	var pads []int
	for i, id := range c.entryID {
		if id >= 0 || c.scopeOf[i] < 0 && c.loopEnd[i] >= 0 && !c.cold[i] {
			pads = append(pads, i)
		}
	}
	padLabel := make([]int, len(pads))
	for j := len(pads) - 1; j >= 0; j-- {
		padLabel[j] = c.open(opBlock)
	}
	// The table spans the compiled blocks; a computed jump anywhere else
	// is undone and left to the interpreter.
	lo, hi := c.codeLen+1, uint32(0)
	for i, bl := range c.blocks {
		if !c.cold[i] {
			lo, hi = min(lo, bl.start), bl.start+1
		}
	}
	if hi == 0 {
		lo = 0
	}
	c.get(lTgt)
	if lo != 0 {
		c.i32(lo)
		c.op(opI32Sub)
	}
	c.op(opBrTable)
	c.b.u32(hi - lo)
	p := 0
	for a := lo; a < hi; a++ {
		l := c.badLabel
		if bi := int(c.blockAt[a]); bi >= 0 {
			switch {
			case c.cold[bi]:
				l = c.leaveLabel
			case p < len(pads) && pads[p] == bi:
				l = padLabel[p]
				p++
			case c.scopeOf[bi] < 0:
				l = item(bi)
			}
		}
		c.b.u32(c.depth(l))
	}
	c.b.u32(c.depth(c.badLabel))
	for _, bi := range pads {
		c.end()
		c.i32(uint32(c.entryID[bi]))
		c.set(lTgt)
		c.br(opBr, item(bi))
	}
}

// block emits basic block i.
func (c *compiler) block(i int) {
	bl := &c.blocks[i]
	if bl.start == c.codeLen {
		c.i32(c.codeLen)
		c.set(lXpc)
		c.br(opBr, c.exitLabel)
		return
	}
	c.i32(^uint32(0))
	c.set(lTgt)
	n := uint32(len(bl.ins))
	// The budget: a block that does not fit leaves to the interpreter.
	c.get(lBud)
	c.i32(n)
	c.op(opI32LtS)
	c.open(opIf)
	c.i32(bl.start)
	c.set(lXpc)
	c.br(opBr, c.exitLabel)
	c.end()
	c.get(lBud)
	c.i32(n)
	c.op(opI32Sub)
	c.set(lBud)
	c.fstate = fUnknown
	for k, in := range bl.ins {
		c.ins(in, n-uint32(k))
	}
}

// exit leaves to the interpreter at in, which has not run; left is how
// many instructions of the block, in included, have not run.
func (c *compiler) exit(in *ins, left uint32) {
	c.i32(in.pc)
	c.set(lXpc)
	c.get(lBud)
	c.i32(left)
	c.op(opI32Add)
	c.set(lBud)
	c.br(opBr, c.exitLabel)
}

// leave goes to the interpreter at t, a block not compiled, after the
// instructions before it ran.
func (c *compiler) leave(t uint32) {
	c.i32(t)
	c.set(lXpc)
	c.br(opBr, c.exitLabel)
}

// exitIf leaves as exit does when the value on the stack is not 0.
func (c *compiler) exitIf(in *ins, left uint32) {
	c.open(opIf)
	c.exit(in, left)
	c.end()
}

// word pushes the value at constant address w (below the memory's size).
func (c *compiler) word(w uint32, pc uint32) {
	switch {
	case w == uint32(memory.EIP):
		c.i32(pc)
	case w == uint32(memory.FLAGS):
		c.flags()
	case isReg(w):
		c.get(lReg + w)
	default:
		c.i32(0)
		c.mem(opI32Load, w*4)
	}
}

// inMemory reports whether an operand's address, if it is a constant, is
// inside memory: one that is not always faults.
func (c *compiler) inMemory(o opnd) bool { return o.k != isa.Addr || o.w < c.size }

// address computes a register-relative operand's address into local l,
// leaving to the interpreter when it is not in ordinary memory (a fault,
// or a register word: rare, so left to the exact path). base, when not
// nil, pushes the register's value instead of the register itself.
func (c *compiler) address(o opnd, l uint32, in *ins, left uint32, base func()) {
	if o.k != isa.Rel {
		return
	}
	if base != nil {
		base()
	} else {
		c.word(uint32(o.reg), in.pc)
	}
	if o.w != 0 {
		c.i32(o.w)
		c.op(opI32Add)
	}
	c.tee(l)
	c.i32(memory.Reserved)
	c.op(opI32Sub)
	c.i32(c.size - memory.Reserved)
	c.op(opI32GeU)
	c.exitIf(in, left)
}

// load pushes an operand's value (its address computed into l).
func (c *compiler) load(o opnd, l uint32, pc uint32) {
	switch o.k {
	case isa.Imm:
		c.i32(o.w)
	case isa.Addr:
		c.word(o.w, pc)
	default:
		c.get(l)
		c.i32(2)
		c.op(opI32Shl)
		c.mem(opI32Load, 0)
	}
}

// store writes the value value pushes to a destination that is not eip.
func (c *compiler) store(o opnd, l uint32, value func()) {
	switch {
	case o.k == isa.Rel:
		c.get(l)
		c.i32(2)
		c.op(opI32Shl)
		value()
		c.mem(opI32Store, 0)
	case o.w == uint32(memory.FLAGS):
		value()
		c.set(lFx)
		c.i32(1)
		c.set(lFk)
		c.fstate = fRaw
	case isReg(o.w):
		value()
		c.set(lReg + o.w)
	default:
		c.i32(0)
		value()
		c.mem(opI32Store, o.w*4)
	}
}

// flags pushes the flags word.
func (c *compiler) flags() {
	if c.fstate == fRaw {
		c.get(lFx)
		return
	}
	if c.fstate == fUnknown {
		c.get(lFx)
	}
	// cmp(fx, fy) as compareFlags computes it.
	c.get(lFx)
	c.get(lFy)
	c.op(opI32Sub)
	c.tee(lTF)
	c.op(opI32Eqz) // ZF
	c.get(lTF)
	c.i32(31)
	c.op(opI32ShrU)
	c.i32(1)
	c.op(opI32Shl)
	c.op(opI32Or) // SF
	c.get(lFx)
	c.get(lFy)
	c.op(opI32Xor)
	c.get(lFx)
	c.get(lTF)
	c.op(opI32Xor)
	c.op(opI32And)
	c.i32(31)
	c.op(opI32ShrU)
	c.i32(2)
	c.op(opI32Shl)
	c.op(opI32Or) // OF
	c.get(lFx)
	c.get(lFy)
	c.op(opI32LtU)
	c.i32(3)
	c.op(opI32Shl)
	c.op(opI32Or) // CF
	if c.fstate == fUnknown {
		c.get(lFk)
		c.op(opSelect)
	}
}

// cond pushes whether branch op is taken.
func (c *compiler) cond(op isa.Op) {
	if c.fstate == fCmp {
		if w, ok := direct[op]; ok {
			c.get(lFx)
			c.get(lFy)
			c.op(w)
			return
		}
		if op == isa.Js || op == isa.Jns {
			c.get(lFx)
			c.get(lFy)
			c.op(opI32Sub)
			c.i32(0)
			if op == isa.Js {
				c.op(opI32LtS)
			} else {
				c.op(opI32GeS)
			}
			return
		}
	}
	c.i32(condMasks[op])
	c.flags()
	c.i32(15)
	c.op(opI32And)
	c.op(opI32ShrU)
	c.i32(1)
	c.op(opI32And)
}

// label returns the wasm label that reaches block start t from here, if
// one does and t is compiled.
func (c *compiler) label(t uint32) (int, bool) {
	bi := c.blockAt[t]
	if c.cold[bi] {
		return 0, false
	}
	if l := c.loopLabel[bi]; l >= 0 {
		return l, true
	}
	l := c.itemLabel[bi]
	return l, l >= 0
}

// jump goes to t, a valid constant target: a branch when a wasm label
// reaches it, else to the interpreter when t is not compiled, else
// through the dispatch.
func (c *compiler) jump(t uint32) {
	switch l, ok := c.label(t); {
	case ok:
		c.br(opBr, l)
	case c.cold[c.blockAt[t]]:
		c.leave(t)
	default:
		c.i32(t)
		c.set(lTgt)
		c.br(opBr, c.topLabel)
	}
}

// jumpIf is jump when the value on the stack is not 0.
func (c *compiler) jumpIf(t uint32) {
	if l, ok := c.label(t); ok {
		c.br(opBrIf, l)
		return
	}
	c.open(opIf)
	c.jump(t)
	c.end()
}

// computed jumps to the address in local l, which may be any value: the
// dispatch undoes the jump (back to esp) when it is not a block.
func (c *compiler) computed(l uint32, pc uint32, esp func()) {
	c.i32(pc)
	c.set(lUpc)
	c.get(lReg + uint32(memory.ESP))
	c.set(lUesp)
	if esp != nil {
		esp()
	}
	c.get(l)
	c.set(lTgt)
	c.br(opBr, c.topLabel)
}

func (c *compiler) incESP() {
	c.get(lReg + uint32(memory.ESP))
	c.i32(1)
	c.op(opI32Add)
	c.set(lReg + uint32(memory.ESP))
}

// ins emits one instruction; left counts it and those after it in its
// block.
func (c *compiler) ins(in *ins, left uint32) {
	if in.bad {
		c.exit(in, left)
		return
	}
	d, s := in.o[0], in.o[1]
	if d.k == isa.Imm && writes(in.op) {
		d.k = isa.Addr // a destination word is an address whatever its kind bits say
	}
	esp := lReg + uint32(memory.ESP)
	ops := [2]opnd{d, s}
	for _, o := range ops[:in.n] {
		if !c.inMemory(o) {
			c.exit(in, left) // always faults
			return
		}
	}
	switch in.op {
	case isa.Nop:

	case isa.Mov, isa.Add, isa.Sub, isa.Mul, isa.Div, isa.And, isa.Or, isa.Xor, isa.Shl, isa.Shr,
		isa.Inc, isa.Dec, isa.Not, isa.Rem:
		c.address(d, lTA, in, left, nil)
		if in.n == 2 {
			c.address(s, lTB, in, left, nil)
			c.load(s, lTB, in.pc)
			c.set(lT2)
			if in.op == isa.Div {
				c.get(lT2)
				c.op(opI32Eqz)
				c.exitIf(in, left)
			}
		}
		value := func() {
			switch in.op {
			case isa.Mov:
				c.get(lT2)
			case isa.Rem:
				c.get(lReg + uint32(memory.REM))
			case isa.Inc, isa.Dec:
				c.load(d, lTA, in.pc)
				c.i32(1)
				if in.op == isa.Inc {
					c.op(opI32Add)
				} else {
					c.op(opI32Sub)
				}
			case isa.Not:
				c.load(d, lTA, in.pc)
				c.i32(^uint32(0))
				c.op(opI32Xor)
			default:
				c.load(d, lTA, in.pc)
				c.get(lT2)
				c.op(binops[in.op])
			}
		}
		if d.k == isa.Addr && d.w == uint32(memory.EIP) {
			value()
			c.set(lT1)
			c.computed(lT1, in.pc, nil)
			return
		}
		c.store(d, lTA, value)

	case isa.Cmp, isa.Test, isa.Mod:
		c.address(d, lTA, in, left, nil)
		c.address(s, lTB, in, left, nil)
		c.load(d, lTA, in.pc)
		c.set(lT1)
		c.load(s, lTB, in.pc)
		c.set(lT2)
		switch in.op {
		case isa.Mod:
			c.get(lT2)
			c.op(opI32Eqz)
			c.exitIf(in, left)
			c.get(lT1)
			c.get(lT2)
			c.op(opI32RemU)
			c.set(lReg + uint32(memory.REM))
		case isa.Cmp:
			c.get(lT1)
			c.set(lFx)
			c.get(lT2)
			c.set(lFy)
			c.i32(0)
			c.set(lFk)
			c.fstate = fCmp
		case isa.Test: // the flags of test a, b are those of cmp a&b, 0
			c.get(lT1)
			c.get(lT2)
			c.op(opI32And)
			c.set(lFx)
			c.i32(0)
			c.set(lFy)
			c.i32(0)
			c.set(lFk)
			c.fstate = fCmp
		}

	case isa.Push, isa.Pushf, isa.Call:
		// A push needs low < esp <= size.
		c.get(esp)
		c.i32(c.low + 1)
		c.op(opI32Sub)
		c.i32(c.size - c.low)
		c.op(opI32GeU)
		c.exitIf(in, left)
		var t uint32
		switch in.op {
		case isa.Push:
			c.address(d, lTA, in, left, nil)
			c.load(d, lTA, in.pc)
		case isa.Pushf:
			c.flags()
		case isa.Call:
			var ok bool
			if t, ok = c.target(in); !ok {
				c.exit(in, left)
				return
			}
			c.i32(in.next)
		}
		c.set(lT1)
		c.get(esp)
		c.i32(1)
		c.op(opI32Sub)
		c.tee(esp)
		c.i32(2)
		c.op(opI32Shl)
		c.get(lT1)
		c.mem(opI32Store, 0)
		if in.op == isa.Call {
			c.jump(t)
		}

	case isa.Pop, isa.Popf, isa.Ret:
		// A pop needs Reserved <= esp < size: below, [esp] is a register
		// word, which may be stale in memory while its local holds it.
		c.get(esp)
		c.i32(memory.Reserved)
		c.op(opI32Sub)
		c.i32(c.size - memory.Reserved)
		c.op(opI32GeU)
		c.exitIf(in, left)
		c.get(esp)
		c.i32(2)
		c.op(opI32Shl)
		c.mem(opI32Load, 0)
		c.set(lT1)
		switch in.op {
		case isa.Pop:
			// x86 computes the destination's address after esp moves.
			var base func()
			if d.reg == uint8(memory.ESP) {
				base = func() {
					c.get(esp)
					c.i32(1)
					c.op(opI32Add)
				}
			}
			c.address(d, lTA, in, left, base)
			if d.k == isa.Addr && d.w == uint32(memory.EIP) {
				c.computed(lT1, in.pc, c.incESP)
				return
			}
			c.incESP()
			c.store(d, lTA, func() { c.get(lT1) })
		case isa.Popf:
			c.incESP()
			c.get(lT1)
			c.set(lFx)
			c.i32(1)
			c.set(lFk)
			c.fstate = fRaw
		case isa.Ret:
			c.computed(lT1, in.pc, c.incESP)
		}

	case isa.Jmp, isa.Je, isa.Jne, isa.Jl, isa.Jle, isa.Jg, isa.Jge,
		isa.Jb, isa.Jbe, isa.Ja, isa.Jae, isa.Js, isa.Jns, isa.Jo, isa.Jno:
		always := in.op == isa.Jmp
		if !always {
			c.cond(in.op)
		}
		t, ok := c.target(in)
		switch {
		case ok && always:
			c.jump(t)
		case ok:
			c.jumpIf(t)
		case d.k == isa.Imm: // a bad constant target: the interpreter faults
			if always {
				c.exit(in, left)
			} else {
				c.exitIf(in, left)
			}
		default:
			if !always {
				c.open(opIf)
			}
			c.address(d, lTA, in, left, nil)
			c.load(d, lTA, in.pc)
			c.set(lT1)
			c.computed(lT1, in.pc, nil)
			if !always {
				c.end()
			}
		}

	case isa.Prn, isa.Prc:
		// Go prints; when that faults (the output limit, a failed
		// write), the machine stands faulted at this instruction.
		c.address(d, lTA, in, left, nil)
		c.i32(in.pc)
		c.load(d, lTA, in.pc)
		if in.op == isa.Prn {
			c.i32(1)
		} else {
			c.i32(0)
		}
		c.op(opCall)
		c.b.u32(0)
		c.op(opI32Eqz)
		c.exitIf(in, left)

	default: // hlt, rdn, rdc, host calls: the interpreter's
		c.exit(in, left)
	}
}

// String describes the compiler's plan, for tests and debugging.
func (c *compiler) String() string {
	var heads []int
	for h, e := range c.loopEnd {
		if e >= 0 {
			heads = append(heads, h)
		}
	}
	sort.Ints(heads)
	s := fmt.Sprintf("%d blocks", len(c.blocks))
	for _, h := range heads {
		s += fmt.Sprintf(" loop[%d..%d]", c.blocks[h].start, c.blocks[c.loopEnd[h]].start)
	}
	return s
}
