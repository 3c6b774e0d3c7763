//go:build amd64 || arm64

package jit

import (
	"math/bits"
	"slices"
	"sort"

	"cpu32/isa"
	"cpu32/memory"
)

// Locals of a region's function. The two parameters come first.
const (
	lTgt      = 0  // entry eip, then the target of a computed jump; -1 when none
	lBud      = 1  // the step budget left
	lReg      = 2  // register r (an address below 11) lives in local lReg+r; eip and flags do not
	lFx       = 13 // the last cmp's first operand, or the raw flags word
	lFy       = 14 // the last cmp's second operand
	lFk       = 15 // 0: the flags are cmp(fx, fy); 1: they are fx
	lXpc      = 16 // eip at the exit
	lT1       = 17
	lT2       = 18
	lTA       = 19                         // the destination's byte address in memory
	lTB       = 20                         // the source's byte address in memory
	lTF       = 21                         // flags computation
	lNext     = 22                         // 0: back to Go; r+1: go on in region r at the eip written back
	lZero     = 23                         // 0, never set to another value: the base of every constant address (constBase)
	lQ        = 24                         // the quotient a mod computed for a div after it (quotient)
	lAddr     = 25                         // nAddr locals: byte addresses checked in this block (groups)
	lHoist    = lAddr + nAddr              // nHoist locals: the byte bases of a loop's induction registers (induct.go)
	nLocals   = lHoist - 1 - lBud          // i32 locals beyond the parameters, without a loop's induction registers
	nLocalsI  = lHoist + nHoist - 1 - lBud // with them
	lK        = lHoist + nHoist            // i64: the iterations a loop can run (induct.go)
	lD        = lK + 1                     // i64: a difference on the way to it
	lV        = lK + 2                     // i64: the compared values at the loop's entry
	lW        = lK + 3
	nLocals64 = 4
)

// nAddr is how many checked addresses a block keeps for reuse.
const nAddr = 4

// ins is one decoded instruction.
type ins struct {
	pc   uint32
	op   isa.Op
	n    int // operands
	o    [2]opnd
	next uint32
	bad  bool // the word decodes to no instruction
	exit bool // always left to the interpreter: a caller watches it (Watch)
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
	data      []uint32 // the memory: a word there may be the address of code
	size, low uint32   // memory size; esp at which the stack is full
	at        []*ins   // by address: the instruction starting there, or nil
	blocks    []block
	blockAt   []int32  // by address: the block starting there, or -1
	loopEnd   []int    // by block: the last block of the loop it heads, or -1
	scopeOf   []int    // by block: the header of the innermost loop it is inside (not heading), or -1
	entryID   []int32  // by block inside a loop: its number among such blocks that can be entered, or -1
	want      []bool   // by block: to be entered from Go, another region or a computed jump (see entries)
	entry     uint32   // the program's entry point
	limit     int      // how many instructions pick may choose
	cold      []bool   // by block: not compiled; jumps to it leave to the interpreter
	cover     []uint32 // by block: the steps its budget test vouches for; 0: no test (budgets)
	follows   []bool   // by block: entered only by falling from the block before (budgets)
	onEdges   []bool   // by loop header: its budget is tested on the edges into it (onEdge)
	region    []int    // by block: the region (wasm function) it is compiled in
	regions   [][2]int // by region: its first and last block
	spans     []span   // the regions' and the code not compiled's addresses, in order
	cur       int      // the region being emitted
	pass      []uint32 // the registers compiled code uses (passed)
	retTo     []bool   // by block: a call returns there (returns)
	retSites  [][]int  // by ret's block: the blocks the calls of its functions return to, nil: unknown (returnSites)
	mark      []bool   // by block: predictRet's scratch marks of retSites
	pointed   []bool   // by block: its address is moved or pushed as a value (pointers)
	keep      [][2]int // loops findLoops keeps whole, first and last block (layout)

	b          wbuf
	height     int
	itemLabel  []int // by block: the label of the item it starts, -1 when not open
	loopLabel  []int // by block: the label of the loop it heads, -1 when not open
	topLabel   int
	exitLabel  int
	badLabel   int
	leaveLabel int
	elseLabel  int
	exitsLabel int      // an exit with the instruction's eip and the steps to give back
	readOnly   []uint32 // the registers kept in locals that the region never writes
	fstate     int
	groups     [nAddr]group       // by local lAddr+i: the addresses checked through it (addr.go)
	groupNext  int                // the local the next group goes in
	place      [2]place           // where the destination's (lTA) and the source's (lTB) word is (address)
	blockIns   []*ins             // the block being emitted, from the instruction being emitted on
	checks     map[int]*loopCheck // by loop header: what it checks at its entry (induct.go)
	loop       *loopCheck         // the loop being emitted, if it checks at its entry
	edgeTest   []int              // by label: the loop header whose budget a br to it tests (budget.go), or -1
	copies     map[*ins][]*ins    // by call: the copy of its function it runs (inline)
	site       uint32             // in a call's copy of its function, the call's return address, else 0
	copyAt     []copyLabel        // in such a copy, the labels its jumps branch to
	constTop   uint32             // the bytes below the region's highest constant address (constBase)
	probed     bool               // wasm has checked constTop on lZero since the block's start (constBase)
	quot       [2]uint32          // the registers (dividend, divisor) whose quotient lQ holds, if quotOK
	quotAt     uint32             // the div that reads it
	quotOK     bool
	stackDone  []*ins      // the block's pushes and pops whose esp its start checked (stackChecks)
	proms      []promotion // by region: the memory words it keeps in locals (promote.go)
	arr        arrivals    // the checked addresses each block inherits (arrive.go)
	prom       promotion   // the region being emitted's
}

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

// module emits the module of a plan and returns it with, by eip, where it
// may be entered.
func (c *compiler) module() ([]byte, []bool) {
	var regions [][]byte
	for r := range c.regions {
		n32, n64 := uint32(nLocals), uint32(0)
		if c.checksIn(r) {
			n32, n64 = nLocalsI, nLocals64
		}
		regions = append(regions, funcBody(n32, n64, uint32(len(c.proms[r].words)), c.emit(r)))
	}
	enter := make([]bool, c.codeLen+1)
	for i, bl := range c.blocks {
		enter[bl.start] = c.enterable(i)
	}
	pages := (uint64(c.size)*4 + 65535) / 65536
	return module(c.regionOf(), c.run(), regions, uint32(pages)), enter
}

// plan decides what to compile of code, for a memory of size words with
// a stack of stack words, and how: the blocks, the loops, what is left
// cold, the regions and the entries (module then emits it). data is the
// memory as it stands, where jump tables may hold addresses of code. With
// hot not nil, it compiles only the parts of the program that hold those
// addresses (a sample of where the interpreter ran) and what they jump to,
// at most limit instructions. The instructions w watches are left to the
// interpreter.
func plan(code, data []uint32, entry uint32, size, stack uint32, hot []uint32, limit int, w Watch) *compiler {
	c := &compiler{codeLen: uint32(len(code)), size: size, low: size - stack, entry: entry, data: data, limit: limit}
	c.decode(code)
	c.watch(w)
	c.split(entry)
	c.pointers()
	c.inlines()
	c.findLoops()
	c.layout()
	c.pick(hot)
	c.divide()
	c.entries()
	c.passed()
	c.returns()
	c.returnSites()
	c.budgets()
	c.onEdge()
	c.promote() // first: a word a region keeps may bound a loop
	c.inductions()
	c.uncheck()
	c.promoteLocals()
	return c
}

// enterable reports whether block i can be entered from Go or by a jump
// from another region (or a computed one).
func (c *compiler) enterable(i int) bool {
	return c.want[i] && !c.cold[i] && (c.scopeOf[i] < 0 || c.entryID[i] >= 0)
}

// regionSize is about how many words of code one region (one wasm
// function) holds: wazero's compile time grows faster than a function's
// size (its register allocator), so the program is cut into small
// functions. A variable, so that tests cut small programs into many.
var regionSize uint32 = 256

// divide cuts the program into regions, each a run of items of the top
// scope (blocks outside every loop, and whole outermost loops) that spans
// about regionSize words of code, and spans, the address ranges of the
// regions and of the runs of items not compiled between them. A run not
// compiled does not end a region: a loop and the function it calls, with
// a tail that ran once between them (Auto compiles what it sampled), stay
// in one function, whose calls and returns are branches, not a return to
// Go and the other region's dispatch. A region also holds the rest of
// each function that starts in it and the functions its loops call
// (regions.go).
func (c *compiler) divide() {
	n := len(c.blocks)
	c.region = make([]int, n)
	keep := c.keeper()
	for i := 0; i < n; i++ {
		last := max(i, c.loopEnd[i])
		r := -1
		if !c.cold[i] {
			r = len(c.regions)
			if k := r - 1; k >= 0 && (keep.holds(c.blocks[c.regions[k][0]].start, i, last) || c.blocks[i].start-c.blocks[c.regions[k][0]].start < c.regionWords(k, i)) {
				r = k
				c.regions[r][1] = last
			} else {
				c.regions = append(c.regions, [2]int{i, last})
				keep.hold = -1
			}
			keep.take(c.blocks[c.regions[r][0]].start, i, last)
		}
		if len(c.spans) == 0 || c.spans[len(c.spans)-1].region != r {
			c.spans = append(c.spans, span{c.blocks[i].start, r})
		}
		for j := i; j <= last; j++ {
			c.region[j] = r
		}
		i = last
	}
}

// span is a range of addresses, from start to the next span's start,
// and the region that holds them, or -1 when they are not compiled.
type span struct {
	start  uint32
	region int
}

// bounds returns the addresses from region r's first block to its last
// one's end, [lo, hi); runs not compiled between them are not entered.
func (c *compiler) bounds(r int) (lo, hi uint32) {
	for i := c.regions[r][0]; i <= c.regions[r][1]; i++ {
		hi = max(hi, c.after(i)) // the layout may move the last
	}
	return c.blocks[c.regions[r][0]].start, hi
}

// regionOf is the body of the function that maps an eip to the region
// that holds it, or -2 when none does (it is not compiled, or past the
// code). It is
// a binary search over the spans: a br_table over every address would
// cost wazero a block per address and time quadratic in the entries that
// share a target.
func (c *compiler) regionOf() []byte {
	c.b, c.height = nil, 0
	var search func(lo, hi int)
	search = func(lo, hi int) {
		if hi-lo == 1 {
			if r := c.spans[lo].region; r >= 0 {
				c.i32(uint32(r))
			} else {
				c.i32(^uint32(1)) // the interpreter runs the jump: it may be bad
			}
			return
		}
		mid := (lo + hi) / 2
		c.get(0)
		c.i32(c.spans[mid].start)
		c.op(opI32LtU)
		c.b.byte(opIf)
		c.b.byte(valI32)
		search(lo, mid)
		c.b.byte(opElse)
		search(mid, hi)
		c.b.byte(opEnd)
	}
	c.get(0)
	c.i32(c.codeLen)
	c.op(opI32GtU)
	c.b.byte(opIf)
	c.b.byte(valI32)
	c.i32(^uint32(1))
	c.b.byte(opElse)
	search(0, len(c.spans))
	c.b.byte(opEnd)
	return funcBody(0, 0, 0, c.b)
}

// run is the body of the exported function: it enters the region that
// holds eip (local 0) and, as long as a region returns to go on in
// another, calls that one; it returns the budget left (local 1).
func (c *compiler) run() []byte {
	c.b, c.height = nil, 0
	const lK = 2 // the region to call
	c.get(0)
	c.op(opCall)
	c.b.u32(fnRegionOf)
	c.set(lK)
	loop := c.open(opLoop)
	after := c.open(opBlock)
	out := c.open(opBlock)
	nr := len(c.regions)
	labels := make([]int, nr)
	for r := nr - 1; r >= 0; r-- {
		labels[r] = c.open(opBlock)
	}
	c.get(lK)
	c.op(opBrTable)
	c.b.u32(uint32(nr))
	for r := range nr {
		c.b.u32(c.depth(labels[r]))
	}
	c.b.u32(c.depth(out))
	for r := range nr {
		c.end()
		c.get(0)
		c.get(1)
		c.op(opCall)
		c.b.u32(uint32(fnRegion + r))
		c.set(1)
		c.gget(gNext)
		c.set(lK)
		c.br(opBr, after)
	}
	c.end()
	c.get(1)
	c.op(opReturn)
	c.end()
	// lK is the region to go on in, plus 1, or 0 to return.
	c.get(lK)
	c.op(opI32Eqz)
	c.open(opIf)
	c.get(1)
	c.op(opReturn)
	c.end()
	c.get(lK)
	c.i32(1)
	c.op(opI32Sub)
	c.set(lK)
	c.i32(0)
	c.mem(opI32Load, uint32(memory.EIP)*4)
	c.set(0)
	c.br(opBr, loop)
	c.end()
	c.op(opUnreachable)
	return funcBody(1, 0, 0, c.b)
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
			switch {
			case o.Kind == isa.Rel:
				reg, disp := isa.UnpackRel(o.Word)
				in.o[i] = opnd{k: isa.Rel, reg: reg, w: uint32(disp)}
			case o.Kind == isa.Imm && d.In.Operands[i] == isa.Dest:
				// A destination word is an address whatever its kind
				// bits say.
				in.o[i] = opnd{k: isa.Addr, w: o.Word}
			default:
				in.o[i] = opnd{k: o.Kind, w: o.Word}
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
	if in.bad || in.exit {
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
	in := isa.ByOp(op)
	return in != nil && len(in.Operands) > 0 && in.Operands[0] == isa.Dest
}

// split cuts the code into basic blocks.
func (c *compiler) split(entry uint32) {
	lead := make([]bool, c.codeLen+1)
	lead[0], lead[c.codeLen] = true, true
	if c.valid(entry) {
		lead[entry] = true
	}
	// Targets first: the cut of long straight lines counts from them.
	for addr := uint32(0); addr < c.codeLen; {
		in := c.at[addr]
		if t, ok := c.target(in); ok {
			lead[t] = true
		}
		if t, ok := c.throughWord(in); ok {
			lead[t] = true
		}
		addr = in.next
	}
	run := 0 // instructions from the last leader to this one
	for addr := uint32(0); addr < c.codeLen; {
		in := c.at[addr]
		if run++; lead[addr] || run > maxBlock {
			lead[addr], run = true, 1
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
		last := bl.ins[len(bl.ins)-1]
		if t, ok := c.target(last); ok {
			// A call back to far before it is not a loop: it would join
			// the functions between into one region; nor is one that runs
			// a copy of its function (inline).
			if h := int(c.blockAt[t]); h <= i && (isa.ByOp(last.op).Flow != isa.CallFlow || last.pc-t < regionSize && c.inlined(last) == nil) {
				c.loopEnd[h] = max(c.loopEnd[h], i)
			}
		}
	}
	c.calleeLoops()
	for _, k := range c.keep {
		c.loopEnd[k[0]] = max(c.loopEnd[k[0]], k[1])
	}
	// A loop that starts inside another and ends past it widens the outer
	// one. From the last header to the first, stack holds the loops
	// already final that no other holds, the nearest on top: each is
	// pushed and popped once, so that this is linear in the loops.
	var stack []int
	for h := len(c.loopEnd) - 1; h >= 0; h-- {
		if c.loopEnd[h] < 0 {
			continue
		}
		for len(stack) > 0 && stack[len(stack)-1] <= c.loopEnd[h] {
			c.loopEnd[h] = max(c.loopEnd[h], c.loopEnd[stack[len(stack)-1]])
			stack = stack[:len(stack)-1]
		}
		stack = append(stack, h)
	}
	c.boundLoops()
}

// Bounds on the loops made wasm loops, so that every region (wasm
// function) stays small whatever the program: wazero's compile time grows
// much faster than a function's size when its loops nest deep (its SSA
// builder looks variables up through every enclosing loop; 500 nested
// loops in one function took a second, 2,000 took 30 s). A loop of more
// than maxLoopWords words of code, or with more than maxNest levels of
// loops in it (itself included), is not a wasm loop: its blocks are
// items of the scope around it, and its back edges go through the
// region's dispatch, or to another region, like any other jump back.
// Only the outer levels of a deep nest pay for that, once a turn. A block
// holds at most maxBlock instructions: a long straight line is cut into
// blocks, and so into regions. Variables, so that tests use small ones.
var (
	maxLoopWords uint32 = 1024
	maxNest             = 8
	maxBlock            = 128
)

// boundLoops undoes the loops that break maxLoopWords or maxNest; the
// loops left still nest.
func (c *compiler) boundLoops() {
	n := len(c.blocks)
	height := make([]int, n) // by header: the levels of loops in its loop, itself included
	parent := make([]int, n) // by header: the header of the loop around it, or -1
	var open []int
	for h := range n {
		if c.loopEnd[h] < 0 {
			continue
		}
		for len(open) > 0 && c.loopEnd[open[len(open)-1]] < h {
			open = open[:len(open)-1]
		}
		parent[h] = -1
		if len(open) > 0 {
			parent[h] = open[len(open)-1]
		}
		open = append(open, h)
	}
	for h := n - 1; h >= 0; h-- { // inner loops before the loops around them
		if c.loopEnd[h] < 0 {
			continue
		}
		height[h] = max(height[h], 1)
		if p := parent[h]; p >= 0 {
			height[p] = max(height[p], height[h]+1)
		}
	}
	for h := range n {
		if e := c.loopEnd[h]; e >= 0 && (height[h] > maxNest || c.words(h, e) > maxLoopWords) {
			c.loopEnd[h] = -1
		}
	}
}

// after returns the address after block i.
func (c *compiler) after(i int) uint32 {
	if ins := c.blocks[i].ins; len(ins) > 0 {
		return ins[len(ins)-1].next
	}
	return c.codeLen + 1
}

// words returns how many words of code blocks h..e span (in address
// order, after(e) less h's start; the layout may move them).
func (c *compiler) words(h, e int) uint32 {
	n := uint32(0)
	for i := h; i <= e; i++ {
		n += c.after(i) - c.blocks[i].start
	}
	return n
}

// maxHot bounds how many instructions pick chooses for Auto: the
// compiler's time grows with them (tens of microseconds each). Code the
// samples found hot is taken up to sampledLimit times as many.
const (
	maxHot       = 3000
	sampledLimit = 4
)

// pick marks cold what is not to be compiled. The unit is an item of the
// top scope: a block outside every loop, or a whole outermost loop. It
// takes the items the samples landed in, then what they jump and call to
// and where their calls return, until it has limit instructions.
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
		last := max(i, c.loopEnd[i])
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
	// The items the samples landed in come first, the most sampled
	// first, and all of them are taken up to sampledLimit: each ran long
	// enough to be seen, and one left out (a loop's body of 4,000
	// instructions, a loop calling 80 functions) sends every iteration
	// back to the interpreter for its part. What they reach is taken up
	// to limit.
	hits := make([]int, n)
	for _, a := range hot {
		if a <= c.codeLen {
			bi := c.blockOf(a)
			hits[item[bi]]++
			add(bi)
		}
	}
	sampled := len(queue)
	slices.SortStableFunc(queue, func(a, b int) int { return hits[b] - hits[a] })
	count := 0
	done := make([]bool, n)
	for len(queue) > 0 && (count < c.limit || sampled > 0 && count < sampledLimit*c.limit) {
		sampled--
		it := queue[0]
		queue = queue[1:]
		done[it] = true
		last := max(it, c.loopEnd[it])
		for j := it; j <= last; j++ {
			bl := c.blocks[j]
			count += len(bl.ins)
			if len(bl.ins) == 0 {
				continue
			}
			last := bl.ins[len(bl.ins)-1]
			if t, ok := c.target(last); ok {
				add(int(c.blockAt[t]))
			}
			// Where a call returns runs as often as the call: a return
			// site of a few instructions that no sample landed on would
			// send every return back to the interpreter.
			if s := c.returnSite(j); s >= 0 {
				add(s)
			}
		}
	}
	for _, it := range starts {
		last := max(it, c.loopEnd[it])
		for j := it; j <= last; j++ {
			c.cold[j] = !done[it]
		}
	}
}

// maxEntryDepth bounds how deep in nested loops a block may be entered
// from Go or by a computed jump: each level costs a dispatch entry. One
// deeper is left to the interpreter until it reaches a shallower one.
const maxEntryDepth = 12

// entries finds the scope of every block and the blocks that can be
// entered (from Go, or by a jump no wasm label reaches), numbering those
// inside loops: loop headers, where a run that stopped inside a loop comes
// back in; return addresses; blocks after what the interpreter runs; the
// entry point; the targets of jumps into the middle of a loop or from
// another region; and blocks whose address the program takes as a value
// (pointers: for jmp eax, push and ret, or a jump table). A computed jump
// anywhere else is undone and left to the interpreter: each entry costs
// the region's dispatch, and wazero's compile time, a branch.
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
	c.want = want
	direct := c.directOnly()
	for i, p := range c.pointed {
		if p && depth[i] <= maxEntryDepth && (direct == nil || !direct[i]) {
			want[i] = true
		}
	}
	for i, bl := range c.blocks {
		if c.cold[i] {
			continue
		}
		if i+1 < n && c.region[i+1] != c.region[i] {
			want[i+1] = true // falling through into the next region
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
		if i+1 < n && depth[i+1] <= maxEntryDepth && (c.returnSite(i) >= 0 && c.inlined(last) == nil || last.exit || c.ends(last) && !last.bad && isa.ByOp(last.op).Flow == isa.Next && !(extended(last) && !leftExtended(last))) {
			want[i+1] = true
		}
		if t, ok := c.target(last); ok && (last.exit || !c.labelled(i, int(c.blockAt[t])) || c.region[i] != c.region[c.blockAt[t]]) {
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

// openType starts a wasm block of function type t and returns its label.
func (c *compiler) openType(t byte) int {
	c.b.byte(opBlock)
	c.b.byte(t)
	c.height++
	return c.height - 1
}

func (c *compiler) end() {
	c.b.byte(opEnd)
	c.height--
}

// depth is the relative depth of label l.
func (c *compiler) depth(l int) uint32 { return uint32(c.height - 1 - l) }

// brIfTgt branches to label l when lTgt holds v (an entry's address or
// number): the dispatches' test of one entry.
func (c *compiler) brIfTgt(v uint32, l int) {
	c.get(lTgt)
	c.i32(v)
	c.op(opI32Eq)
	c.br(opBrIf, l)
}

func (c *compiler) br(op byte, l int) {
	if op == opBr && c.edgeTested(l) {
		c.budgetTest(c.edgeTest[l])
	}
	c.b.byte(op)
	c.b.u32(c.depth(l))
}

func (c *compiler) i32(v uint32) {
	c.b.byte(opI32Const)
	c.b.s32(int32(v))
}

func (c *compiler) get(l uint32) { c.b.byte(opLocalGet); c.b.u32(l) }
func (c *compiler) set(l uint32) { c.wrote(l); c.divWrote(l); c.b.byte(opLocalSet); c.b.u32(l) }
func (c *compiler) tee(l uint32) { c.wrote(l); c.divWrote(l); c.b.byte(opLocalTee); c.b.u32(l) }
func (c *compiler) op(o byte)    { c.b.byte(o) }

// gget and gset read and write global g (gNext, gUpc, ...).
func (c *compiler) gget(g uint32) { c.b.byte(opGlobalGet); c.b.u32(g) }
func (c *compiler) gset(g uint32) { c.b.byte(opGlobalSet); c.b.u32(g) }

// mem emits a load or store at the address on the stack plus off.
func (c *compiler) mem(o byte, off uint32) {
	c.b.byte(o)
	c.b.u32(2)
	c.b.u32(off)
}

// emit returns the code of region r's function.
func (c *compiler) emit(r int) []byte {
	c.b, c.height, c.cur = nil, 0, r
	c.readOnly = c.unwritten(r)
	c.prom = c.proms[r]
	c.constTop = c.constCeiling(r)
	c.probed = false
	if c.itemLabel == nil { // scope sets them back to -1 as it closes them
		c.itemLabel = make([]int, len(c.blocks))
		c.loopLabel = make([]int, len(c.blocks))
		for i := range c.itemLabel {
			c.itemLabel[i], c.loopLabel[i] = -1, -1
		}
	}
	for _, r := range c.pass {
		c.constBase()
		c.mem(opI32Load, r*4)
		c.set(lReg + r)
	}
	c.loadPromoted()
	c.constBase()
	c.mem(opI32Load, uint32(memory.FLAGS)*4)
	c.set(lFx)
	c.i32(1)
	c.set(lFk)

	c.exitLabel = c.open(opBlock)
	c.leaveLabel = c.open(opBlock)
	c.badLabel = c.open(opBlock)
	c.exitsLabel = c.openType(typeExits)
	c.elseLabel = c.open(opBlock)
	c.scope(c.regions[r][0], c.regions[r][1], true)
	c.op(opUnreachable)
	c.end()
	// A jump out of the region: the region that holds its target goes on
	// from there (and undoes it, when no block can be entered there); a
	// jump to code not compiled is undone here, for the interpreter to run.
	c.get(lTgt)
	c.op(opCall)
	c.b.u32(fnRegionOf)
	c.tee(lT1)
	c.i32(^uint32(1))
	c.op(opI32Eq)
	c.br(opBrIf, c.badLabel)
	c.get(lT1)
	c.i32(1)
	c.op(opI32Add)
	c.set(lNext)
	c.br(opBr, c.leaveLabel)
	c.end()
	// An exit before an instruction (exit): one place for all, so that
	// each costs wazero a branch, not a block of its own.
	c.set(lT1)
	c.set(lXpc)
	c.get(lBud)
	c.get(lT1)
	c.op(opI32Add)
	c.set(lBud)
	c.br(opBr, c.exitLabel)
	c.end()
	// A computed jump's target is not a block: undo the jump and let the
	// interpreter run it.
	c.undo()
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
	c.writeBack()
	c.get(lT1)
	c.get(lXpc)
	c.mem(opI32Store, uint32(memory.EIP)*4)
	c.get(lT1)
	c.fstate = fUnknown
	c.flags()
	c.mem(opI32Store, uint32(memory.FLAGS)*4)
	c.get(lNext)
	c.gset(gNext)
	if c.checksIn(r) {
		c.giveBack()
	}
	c.get(lBud)
	return c.b
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
		c.loop = c.checks[h]
		c.entryCheck() // first: it may lower the budget the test reads
		if c.onEdges[h] {
			c.budgetTest(h)
		}
		c.loopLabel[h] = c.open(opLoop)
		if c.onEdges[h] {
			c.setEdgeTest(c.loopLabel[h], h)
		}
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
		// The header needs no dispatch: the table's default, the first
		// item, is where it is entered; without other entries a loop
		// tests nothing at the top of each iteration.
		first := h
		if !c.cold[h] {
			first = h + 1
		}
		lo, hi := int32(-1), int32(-1)
		for i := first; i <= e; i++ {
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
			c.predictLoop(h, e, item)
			c.get(lTgt)
			if lo != 0 {
				c.i32(uint32(lo))
				c.op(opI32Sub)
			}
			c.op(opBrTable)
			c.b.u32(uint32(hi - lo))
			for i := first; i <= e; i++ {
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
		if last+1 < len(c.blocks) && c.region[last+1] != c.cur {
			c.jump(c.blocks[last+1].start) // falling through into code not compiled here
		}
	}
	c.end()
	if !top {
		c.setEdgeTest(c.loopLabel[h], -1)
		c.loopLabel[h] = -1
		c.loop = nil // it was innermost
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
	for i := c.regions[c.cur][0]; i <= c.regions[c.cur][1]; i++ {
		if c.entryID[i] >= 0 || c.scopeOf[i] < 0 && c.loopEnd[i] >= 0 && !c.cold[i] {
			pads = append(pads, i)
		}
	}
	padLabel := make([]int, len(pads))
	for j := len(pads) - 1; j >= 0; j-- {
		padLabel[j] = c.open(opBlock)
	}
	// A br_table over the addresses from the first block that can be
	// entered to the last, when they are dense enough; else a binary
	// search over them: a table costs wazero a block per address, a
	// search a few compares per jump.
	var at []uint32
	var to []int
	p := 0
	for bi := c.regions[c.cur][0]; bi <= c.regions[c.cur][1]; bi++ {
		switch {
		case p < len(pads) && pads[p] == bi:
			at, to = append(at, c.blocks[bi].start), append(to, padLabel[p])
			p++
		case c.scopeOf[bi] < 0 && c.enterable(bi):
			at, to = append(at, c.blocks[bi].start), append(to, item(bi))
		}
	}
	sortByAddress(at, to)
	c.predict(at, to)
	lo, hi := c.bounds(c.cur)
	c.get(lTgt)
	c.i32(lo)
	c.op(opI32Sub)
	c.i32(hi - lo)
	c.op(opI32GeU)
	c.br(opBrIf, c.elseLabel) // a jump to another region
	var search func(lo, hi int)
	search = func(lo, hi int) {
		if hi-lo == 1 {
			c.brIfTgt(at[lo], to[lo])
			c.br(opBr, c.badLabel)
			return
		}
		mid := (lo + hi) / 2
		c.get(lTgt)
		c.i32(at[mid])
		c.op(opI32LtU)
		c.open(opIf)
		search(lo, mid)
		c.b.byte(opElse)
		search(mid, hi)
		c.end()
	}
	switch {
	case len(at) == 0:
		c.br(opBr, c.badLabel)
	case at[len(at)-1]-at[0] < denseTable*uint32(len(at)):
		c.get(lTgt)
		if at[0] != 0 {
			c.i32(at[0])
			c.op(opI32Sub)
		}
		c.op(opBrTable)
		c.b.u32(at[len(at)-1] + 1 - at[0])
		k := 0
		for a := at[0]; a <= at[len(at)-1]; a++ {
			l := c.badLabel
			if a == at[k] {
				l = to[k]
				k++
			} else if bi := c.blockAt[a]; bi >= 0 && c.scopeOf[bi] < 0 && !c.cold[bi] {
				l = item(int(bi)) // free in a table: any block at the top
			}
			c.b.u32(c.depth(l))
		}
		c.b.u32(c.depth(c.badLabel))
	default:
		search(0, len(at))
	}
	for _, bi := range pads {
		c.end()
		c.i32(uint32(c.entryID[bi]))
		c.set(lTgt)
		c.br(opBr, item(bi))
	}
}

// denseTable is how many words of code per entry a region's dispatch may
// span and still be a br_table. A variable, so that tests use both forms.
// (16 made a loop calling two functions after it 11% faster, its rets no
// longer searching, and fsm 1.4% slower.)
var denseTable uint32 = 8

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
	if !c.follows[i] {
		// What the block before kept holds in a block entered only by
		// falling from it: its checked addresses, its probe and what it
		// knew of the flags (a jcc after a jcc stays one compare).
		// Other blocks keep the checked addresses of every way in, when
		// all are known (arrive.go).
		c.inherit(i)
		c.probed = false
		c.fstate = fUnknown
		c.quotOK = false
	}
	n := uint32(len(bl.ins))
	c.stackChecks(i, n)
	if c.loop != nil && c.loop.h == i {
		c.bases()
	}
	ahead := c.ahead(i)
	for k, in := range bl.ins {
		c.blockIns = ahead[k:]
		c.ins(in, n-uint32(k))
	}
}

// exit leaves to the interpreter at in, which has not run; left is how
// many instructions of the block, in included, have not run.
func (c *compiler) exit(in *ins, left uint32) {
	c.i32(in.pc)
	c.i32(left)
	c.br(opBr, c.exitsLabel)
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
	c.op(opI32Eqz)
	c.exitUnless(in.pc, left)
}

// exitIfCmp leaves to the interpreter at pc, giving back left steps, when
// comparison op of the two values on the stack holds.
func (c *compiler) exitIfCmp(op byte, pc, left uint32) {
	c.op(negates[op])
	c.exitUnless(pc, left)
}

// negates maps each comparison to its negation.
var negates = map[byte]byte{
	opI32Eq: opI32Ne, opI32Ne: opI32Eq, opI32LtS: opI32GeS, opI32GeS: opI32LtS,
	opI32LtU: opI32GeU, opI32GeU: opI32LtU, opI32GtS: opI32LeS, opI32LeS: opI32GtS,
	opI32GtU: opI32LeU, opI32LeU: opI32GtU,
}

// exitUnless leaves to the interpreter at pc, giving back left steps, when
// the value on the stack is 0.
//
// Every conditional exit is an if, not a br_if: a br_if to a label that
// other branches reach too is a critical edge, which wazero (v1.12.0)
// splits with a branch instruction of its own that it then cannot fuse
// with the comparison before it (a setcc, a zero extension and a test
// before each jump); an if's branches are never critical. The exit is
// the if's else, so that wazero lays the code that goes on straight after
// the test and the exit apart.
func (c *compiler) exitUnless(pc, left uint32) {
	c.open(opIf)
	c.b.byte(opElse)
	c.i32(pc)
	c.i32(left)
	c.br(opBr, c.exitsLabel)
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
		if l, ok := c.promoted(w); ok {
			c.get(l)
			return
		}
		c.constBase()
		c.mem(opI32Load, w*4)
	}
}

// inMemory reports whether an operand's address, if it is a constant, is
// inside memory: one that is not always faults.
func (c *compiler) inMemory(o opnd) bool { return o.k != isa.Addr || o.w < c.size }

// load pushes an operand's value (its address computed into l).
func (c *compiler) load(o opnd, l uint32, pc uint32) {
	switch o.k {
	case isa.Imm:
		c.i32(o.w)
	case isa.Addr:
		c.word(o.w, pc)
	default:
		p := c.place[l-lTA]
		c.get(p.local)
		c.mem(opI32Load, p.off)
	}
}

// store writes the value value pushes to a destination that is not eip.
func (c *compiler) store(o opnd, l uint32, value func()) {
	switch {
	case o.k == isa.Rel:
		p := c.place[l-lTA]
		c.get(p.local)
		value()
		c.mem(opI32Store, p.off)
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
		if l, ok := c.promoted(o.w); ok {
			value()
			c.set(l)
			return
		}
		c.constBase()
		value()
		c.mem(opI32Store, o.w*4)
	}
}

// constBase pushes the base of an access to a constant address: lZero,
// which holds 0, so that wazero (v1.12.0) sees one value (per loop) as
// the base of every such access. It checks the bounds of an access
// through a value once, at its first, for the accesses at lower offsets
// after it in the block and in the blocks only it leads to (or that only
// blocks that checked it lead to); so the first in a block is preceded
// by a load at the region's highest constant address (a probe, dropped;
// inside memory, so it never traps), which costs nothing where wazero
// knows it checked. A constant pushed for each access is a value of its
// own, each checked and each its address computed: some 8 instructions
// an access. The probe writes lZero back to itself: in a block that
// several branches reach, wazero's first read of a local not set there
// is the value that reaches it, and every later read an alias of it that
// it resolves only later, whose bounds it does not know; set in the
// block, every read is the value that reached it.
func (c *compiler) constBase() {
	if !c.probed {
		c.get(lZero)
		c.tee(lZero)
		c.mem(opI32Load, c.constTop-4)
		c.op(opDrop)
		c.probed = true
	}
	c.get(lZero)
}

// constCeiling returns the bytes below the highest word at a constant
// address that region r accesses in memory, the registers' words and the
// flags' included (the region loads and stores them).
func (c *compiler) constCeiling(r int) uint32 {
	top := uint32(memory.EDI)
	c.compiledIns(r, func(in *ins) {
		for _, o := range in.o[:in.n] {
			if _, kept := c.promoted(o.w); o.k == isa.Addr && o.w < c.size && !kept {
				top = max(top, o.w)
			}
		}
	})
	return (top + 1) * 4
}

// compiledIns calls f with every instruction region r compiles (the
// copies of functions its calls run included), but those that decode to
// none.
func (c *compiler) compiledIns(r int, f func(in *ins)) {
	for i := c.regions[r][0]; i <= c.regions[r][1]; i++ {
		if c.cold[i] {
			continue
		}
		for _, in := range c.regionIns(i) {
			if !in.bad {
				f(in)
			}
		}
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

// cond pushes whether branch op is taken, or with not, whether it is not.
func (c *compiler) cond(op isa.Op, not bool) {
	if c.fstate == fCmp {
		if w, ok := direct[op]; ok {
			c.get(lFx)
			c.get(lFy)
			if not {
				w = negates[w]
			}
			c.op(w)
			return
		}
		if op == isa.Js || op == isa.Jns {
			c.get(lFx)
			c.get(lFy)
			c.op(opI32Sub)
			c.i32(0)
			if (op == isa.Js) != not {
				c.op(opI32LtS)
			} else {
				c.op(opI32GeS)
			}
			return
		}
	}
	c.i32(uint32(isa.CondMasks[op]))
	c.flags()
	c.i32(15)
	c.op(opI32And)
	c.op(opI32ShrU)
	c.i32(1)
	c.op(opI32And)
	if not {
		c.op(opI32Eqz)
	}
}

// label returns the wasm label that reaches block start t from here, if
// one does and t is compiled.
func (c *compiler) label(t uint32) (int, bool) {
	if l, ok := c.inCopy(t); ok {
		return l, true
	}
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
		c.arrive(t)
		c.br(opBr, l)
	case c.region[c.blockAt[t]] < 0:
		c.leave(t)
	case c.region[c.blockAt[t]] != c.cur:
		c.i32(t)
		c.set(lTgt)
		c.br(opBr, c.elseLabel)
	default:
		c.i32(t)
		c.set(lTgt)
		c.br(opBr, c.topLabel)
	}
}

// jumpIf emits branch op to t, a valid constant target. A branch back to
// a loop's header is an if around a br (see exitUnless): the compare and
// jump fused, the moves of the loop's values in the if. A branch forward
// to a label is an if on the negated condition whose else holds the br:
// a br_if to a label that other branches reach too is a critical edge,
// which wazero splits with a branch it cannot fuse with the compare (a
// setcc, a zero extension and a test before the jump); and an if around
// the br (its then) lays the br's moves in the way of the code that does
// not branch.
func (c *compiler) jumpIf(op isa.Op, t uint32) {
	if l, ok := c.label(t); ok && c.loopLabel[c.blockAt[t]] != l {
		c.cond(op, true)
		c.open(opIf)
		c.b.byte(opElse)
		c.arrive(t)
		c.br(opBr, l)
		c.end()
		return
	}
	c.cond(op, false)
	c.open(opIf)
	c.jump(t)
	c.end()
}

// computed jumps to the address in local l, which may be any value: the
// dispatch undoes the jump (back to pc and esp, and for a call, whose pc
// carries callFlag, the word its push overwrote) when it is not a block.
func (c *compiler) computed(l uint32, pc uint32, esp func()) {
	c.i32(pc)
	c.gset(gUpc)
	c.get(lReg + uint32(memory.ESP))
	c.gset(gUesp)
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
	if in.bad || in.exit {
		c.exit(in, left)
		return
	}
	d, s := in.o[0], in.o[1]
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
			if in.op == isa.Div && !nonzero(s) && !c.quotient(in, d, s) {
				c.get(lT2)
				c.exitUnless(in.pc, left)
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
			case isa.Div:
				if c.quotient(in, d, s) {
					c.get(lQ)
					break
				}
				c.load(d, lTA, in.pc)
				if nonzero(s) {
					c.set(lT1)
					c.divConst(lT1, s.w, false)
				} else {
					c.get(lT2)
					c.op(opI32DivU)
				}
			default:
				c.load(d, lTA, in.pc)
				c.get(lT2)
				c.op(binops[in.op])
			}
		}
		if d.k == isa.Addr && d.w == uint32(memory.EIP) {
			value()
			c.set(lT1)
			c.predictBlocks(lT1, c.pointed, true, nil)
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
			if nonzero(s) {
				c.divConst(lT1, s.w, true)
			} else {
				c.get(lT2)
				c.exitUnless(in.pc, left)
				if at, ok := c.divAhead(d, s); ok {
					// rem = x - (x / y) * y, the quotient kept
					c.get(lT1)
					c.get(lT1)
					c.get(lT2)
					c.op(opI32DivU)
					c.tee(lQ)
					c.get(lT2)
					c.op(opI32Mul)
					c.op(opI32Sub)
					c.set(lReg + uint32(memory.REM))
					c.quot, c.quotAt, c.quotOK = [2]uint32{d.w, s.w}, at, true
					break
				}
				c.get(lT1)
				c.get(lT2)
				c.op(opI32RemU)
			}
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
		if !c.stackChecked(in) {
			c.get(esp)
			c.i32(c.low + 1)
			c.op(opI32Sub)
			c.i32(c.size - c.low)
			c.exitIfCmp(opI32GeU, in.pc, left)
		}
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
				if d.k != isa.Imm {
					c.callComputed(in, left)
				} else {
					c.exit(in, left)
				}
				return
			}
			c.i32(in.next)
		}
		c.set(lT1)
		c.push(func() { c.get(lT1) })
		if in.op == isa.Call && !c.inline(in) {
			c.jump(t)
		}

	case isa.Pop, isa.Popf, isa.Ret:
		// A pop needs Reserved <= esp < size: below, [esp] is a register
		// word, which may be stale in memory while its local holds it
		// (so may a word the region keeps: popFloor).
		// The compare's operand, esp less the floor, is the address too,
		// the floor added back as the load's offset (check, addr.go); a
		// block's start may have checked esp for all its pops already.
		floor := c.popFloor()
		c.get(esp)
		c.i32(floor)
		c.op(opI32Sub)
		if !c.stackChecked(in) {
			c.tee(lTB)
			c.i32(c.size - floor)
			c.exitIfCmp(opI32GeU, in.pc, left)
			c.get(lTB)
		}
		c.i32(2)
		c.op(opI32Shl)
		c.mem(opI32Load, floor*4)
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
				c.ret(in) // a ret by another name
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
			c.ret(in)
		}

	case isa.Jmp, isa.Je, isa.Jne, isa.Jl, isa.Jle, isa.Jg, isa.Jge,
		isa.Jb, isa.Jbe, isa.Ja, isa.Jae, isa.Js, isa.Jns, isa.Jo, isa.Jno:
		always := in.op == isa.Jmp
		t, ok := c.target(in)
		if !always && !ok {
			c.cond(in.op, false)
		}
		switch {
		case ok && always:
			c.jump(t)
		case ok:
			c.jumpIf(in.op, t)
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
			c.predictBlocks(lT1, c.pointed, true, nil)
			c.computed(lT1, in.pc, nil)
			if !always {
				c.end()
				c.forget() // what the if kept is not set after it
				c.probed = false
				c.quotOK = false
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
		c.b.u32(fnPrint)
		c.exitUnless(in.pc, left)

	case isa.Rdn, isa.Rdc, isa.Callx:
		c.callExtended(in, left) // hostcall.go

	default: // hlt: the interpreter's
		c.exit(in, left)
	}
}

// divAhead reports whether mod d, s, the instruction being emitted, is
// followed in its block (or the blocks only it falls into) by div d, s,
// and where, with neither register written between: digits in a base held in a
// register (mod, rem, div). Then the mod divides once and keeps the
// quotient for the div: wazero (v1.12.0) emits x86's div for each, some
// 25 cycles, where a multiply and a subtraction give the remainder.
func (c *compiler) divAhead(d, s opnd) (uint32, bool) {
	reg := func(o opnd) bool { return o.k == isa.Addr && isReg(o.w) && o.w != uint32(memory.REM) }
	if !reg(d) || !reg(s) {
		return 0, false
	}
	for _, in := range c.blockIns[1:] {
		if in.bad || in.exit {
			return 0, false
		}
		if in.op == isa.Div && in.o[0] == d && in.o[1] == s {
			return in.pc, true
		}
		if mayWrite(in, d.w) || mayWrite(in, s.w) {
			return 0, false
		}
	}
	return 0, false
}

// quotient reports whether lQ holds the quotient of div d, s, the
// instruction in (divAhead): then its divisor was checked, and the div
// reads lQ. Only the div the mod found reads it: the mod reaches it by
// a straight line, where code elsewhere (a copy of a function a call
// runs, with jumps inside) might not.
func (c *compiler) quotient(in *ins, d, s opnd) bool {
	return c.quotOK && in.pc == c.quotAt && d.k == isa.Addr && s.k == isa.Addr && c.quot == [2]uint32{d.w, s.w}
}

// divWrote forgets the quotient lQ holds when local l, a register it was
// computed from, is written.
func (c *compiler) divWrote(l uint32) {
	if c.quotOK && (l == lReg+c.quot[0] || l == lReg+c.quot[1]) {
		c.quotOK = false
	}
}

// nonzero reports whether operand o is a constant other than 0: a
// division by it needs no check, and is a shift, a mask or a multiply.
func nonzero(o opnd) bool { return o.k == isa.Imm && o.w != 0 }

// divConst pushes the quotient (rem: the remainder) of the value in local
// x by the constant d, not 0, without a division: wazero (v1.12.0) emits
// x86's div for any divisor, some 25 cycles, with its own test of the
// divisor. A power of 2 is a shift or a mask; any other d a multiply by
// the reciprocal (divMagic), the remainder x - q*d.
func (c *compiler) divConst(x, d uint32, rem bool) {
	if d&(d-1) == 0 {
		c.get(x)
		if rem {
			c.i32(d - 1)
			c.op(opI32And)
		} else {
			c.i32(uint32(bits.TrailingZeros32(d)))
			c.op(opI32ShrU)
		}
		return
	}
	if rem {
		c.get(x)
	}
	m, l, add := divMagic(d)
	c.get(x)
	c.op(opI64ExtendU)
	c.i64(int64(m))
	c.op(opI64Mul)
	c.i64(32)
	c.op(opI64ShrU)
	if add {
		c.get(x)
		c.op(opI64ExtendU)
		c.op(opI64Add)
	}
	if l > 0 {
		c.i64(int64(l))
		c.op(opI64ShrU)
	}
	c.op(opI32WrapI64)
	if rem {
		c.i32(d)
		c.op(opI32Mul)
		c.op(opI32Sub)
	}
}

// divMagic returns, for a divisor d that is not a power of 2, m, l and
// add such that for every 32-bit x, x/d is (x*m)>>(32+l), or with add
// (the multiplier is m + 2^32, 33 bits) ((x*m)>>32 + x)>>l: all of it
// within 64 bits. The multiplier is 2^s/d rounded up, for the least
// s = 32+l whose rounding error e = multiplier*d - 2^s is at most 2^l
// (Granlund and Montgomery's condition; l = bits.Len32(d) always meets
// it).
func divMagic(d uint32) (m uint64, l uint, add bool) {
	for l = 0; ; l++ {
		hi, lo := uint64(0), uint64(1)<<(32+l) // 2^s
		if l == 32 {
			hi, lo = 1, 0
		}
		q, r := bits.Div64(hi, lo, uint64(d)) // r > 0: d is not a power of 2
		if uint64(d)-r <= 1<<l {
			m = q + 1
			return m &^ (1 << 32), l, m >= 1<<32
		}
	}
}

// writeBack stores the registers of c.pass but those the region never
// writes: memory holds those. From the highest address down, through 0 in
// lT1 (left there for the stores of eip and the flags after it): wazero
// checks the bounds of an access through one value once, at the first,
// for those at lower offsets after it (a constant pushed for each is a
// value of its own, each checked).
func (c *compiler) writeBack() {
	c.i32(0)
	c.set(lT1)
	c.storePromoted()
	for i := len(c.pass) - 1; i >= 0; i-- {
		if r := c.pass[i]; !slices.Contains(c.readOnly, r) {
			c.get(lT1)
			c.get(lReg + r)
			c.mem(opI32Store, r*4)
		}
	}
}

// unwritten returns the registers kept in locals that region r never
// writes: their locals hold what memory does wherever the region runs, so
// an exit does not store them, and a register only read (esp in a program
// without a stack) is not live at every exit for wazero's register
// allocator. (When a computed jump's target is not a block, the dispatch
// puts esp back in memory itself.)
func (c *compiler) unwritten(r int) []uint32 {
	var w [memory.NumRegs]bool
	c.compiledIns(r, func(in *ins) {
		d := in.o[0]
		if in.n > 0 && d.k == isa.Addr && d.w < memory.NumRegs && writes(in.op) {
			w[d.w] = true
		}
		switch in.op {
		case isa.Mod:
			w[memory.REM] = true
		case isa.Push, isa.Pop, isa.Pushf, isa.Popf, isa.Call, isa.Ret:
			w[memory.ESP] = true
		}
	})
	var ro []uint32
	for _, reg := range c.pass {
		if !w[reg] {
			ro = append(ro, reg)
		}
	}
	return ro
}
