//go:build amd64 || arm64

package jit

import (
	"slices"
	"sort"

	"cpu32/isa"
	"cpu32/memory"
)

// Memory words kept in locals. A program that keeps its variables in
// memory words at constant addresses (mul [102], 10; cmp [100], N) pays
// a load and a store for each use, where a register is a local that
// wazero keeps in a machine register. So a region keeps the words its
// loops use most at constant addresses (at most maxPromoted, outside the
// register words and the stack's area) in locals as it keeps the
// registers: loaded at the function's start, written back (those the
// region writes) wherever it returns to Go, the same place as the
// registers (writeBack), and every access to them at a constant address
// is the local.
//
// Nothing else of the region may reach them in memory while the locals
// hold them: an access through a computed address is checked to stay
// out of the window [lo, hi] that spans the words, beside the check
// that it stays out of the register words, and leaves to the
// interpreter (after the write back) when it could land there; a pop or
// ret through esp below hi+1 does so too (a push writes the stack's
// area, where no word is kept), and so does a loop whose range checks at
// its entry (induct.go, derive.go) find that its operands could meet the
// window (windowFails, familyFails). prn and prc print through the machine, which reads
// no memory. Code lives in its own space, so no write reaches it; a word
// a jump reads (jmp [handler]) is read from its local, and the table
// computed.go reads at translate time is only a prediction, checked at
// each jump.

// maxPromoted bounds the words one region keeps in locals: each is a
// value wazero's register allocator keeps live across the region
// (measured: 8 against 4 took palin's host instructions from 571 to 535
// million and memvars' from 1,382 to 858; 16, 566 and 858).
var maxPromoted = 8

// maxWindow bounds the words a window spans: an access through a
// computed address into it leaves to the interpreter, so it should not
// span an array the program reaches through a pointer.
const maxWindow = 256

// promotion is what region r keeps in locals.
type promotion struct {
	words  []keptWord // ascending; word i lives in local base+i
	base   uint32     // the first word's local, after the region's others
	lo, hi uint32     // the window: the lowest and the highest
	above  bool       // the region's arrays are above the window, more of them (ordinary)
}

// keptWord is a memory word a region keeps in a local.
type keptWord struct {
	addr    uint32
	written bool // the region writes it: it is written back
}

// minDensity is how many instructions of an innermost loop one use of a
// word may stand for at most: a word used more rarely is not kept, as its
// local would take a machine register in the whole region (measured: a
// tokenizer's counters, one use each in a loop of 35 instructions, cost
// it 24% with every word of its loops kept).
const minDensity = 16

// promote chooses, for each region, the words it keeps in locals: of the
// words that its innermost loops name at a constant address, at least
// once every minDensity instructions of the loop, the most used for
// their loop's size, such that their window holds no displacement of a
// register-relative operand of the region (the start of an array it
// reaches by index), no address moved into a register (a pointer's
// start) and spans at most maxWindow words. A word used only
// in an outer loop is not kept: its local would be live through the
// inner loops, where the registers are. Nor is one of a loop that calls
// or returns: a ret goes through the region's dispatch, where wazero
// keeps every live local in memory (rule30, four calls an iteration of
// 40 instructions, took 26% more host instructions with its words kept;
// memacc, one call, 6% fewer).
func (c *compiler) promote() {
	c.proms = make([]promotion, len(c.regions))
	for r := range c.regions {
		if maxPromoted == 0 {
			continue
		}
		weight := map[uint32]int{}
		written := map[uint32]bool{}
		var disp, arrays []uint32 // displacements and pointers' starts; and other immediates too, the addresses of arrays
		c.compiledIns(r, func(in *ins) {
			for k, o := range in.o[:in.n] {
				switch {
				case o.k == isa.Rel:
					disp = append(disp, o.w)
					arrays = append(arrays, o.w)
				case o.k == isa.Imm && o.w >= memory.Reserved && o.w < c.size:
					arrays = append(arrays, o.w)
					if k == 1 && in.o[0].k == isa.Addr && isReg(in.o[0].w) && (in.op == isa.Mov || in.op == isa.Add || in.op == isa.Sub) {
						// A pointer's start (mov esi, arr): a window
						// over it sends every access through the
						// pointer to the interpreter (a counter and a
						// sum declared on either side of an array: 12x
						// slower than interpreted).
						disp = append(disp, o.w)
					}
				case o.k == isa.Addr && k == 0 && writes(in.op):
					written[o.w] = true
				}
			}
		})
		for h := c.regions[r][0]; h <= c.regions[r][1]; h++ {
			e := c.loopEnd[h]
			if e < 0 || c.cold[h] || slices.ContainsFunc(c.loopEnd[h+1:e+1], func(x int) bool { return x >= 0 }) {
				continue // not an innermost loop
			}
			size := 0
			uses := map[uint32]int{}
			calls := false
			for i := h; i <= e; i++ {
				if c.cold[i] {
					continue
				}
				size += len(c.blocks[i].ins)
				for _, in := range c.blocks[i].ins {
					if in.bad || in.exit {
						continue
					}
					if f := isa.ByOp(in.op).Flow; f == isa.CallFlow || f == isa.RetFlow {
						calls = true
					}
					for _, o := range in.o[:in.n] {
						if o.k == isa.Addr && o.w >= memory.Reserved && o.w < c.low {
							uses[o.w]++
						}
					}
				}
			}
			if calls {
				continue
			}
			for w, n := range uses {
				if n*minDensity >= size {
					weight[w] += n * 1024 / size
				}
			}
		}
		var cands []uint32
		for w := range weight {
			cands = append(cands, w)
		}
		sort.Slice(cands, func(i, j int) bool {
			a, b := cands[i], cands[j]
			return weight[a] > weight[b] || weight[a] == weight[b] && a < b
		})
		p := &c.proms[r]
		for _, w := range cands {
			if len(p.words) == maxPromoted {
				break
			}
			lo, hi := w, w
			if len(p.words) > 0 {
				lo, hi = min(p.lo, w), max(p.hi, w)
			}
			if hi-lo >= maxWindow || slices.ContainsFunc(disp, func(d uint32) bool { return lo <= d && d <= hi }) {
				continue
			}
			p.words = append(p.words, keptWord{w, written[w]})
			p.lo, p.hi = lo, hi
		}
		slices.SortFunc(p.words, func(a, b keptWord) int { return int(a.addr) - int(b.addr) })
		n := 0
		for _, a := range arrays {
			switch {
			case a > p.hi:
				n++
			case a < p.lo:
				n--
			}
		}
		p.above = n > 0
	}
}

// promoteLocals places each region's kept words in locals after the
// others, which include those of the loops' entry checks when it has any.
func (c *compiler) promoteLocals() {
	for r := range c.proms {
		c.proms[r].base = lHoist
		if c.checksIn(r) {
			c.proms[r].base = lK + nLocals64
		}
	}
}

// keeps reports whether region r keeps word w in a local.
func (c *compiler) keeps(r int, w uint32) bool {
	return slices.ContainsFunc(c.proms[r].words, func(k keptWord) bool { return k.addr == w })
}

// promoted returns the local that keeps word w in the region being
// emitted, if one does.
func (c *compiler) promoted(w uint32) (uint32, bool) {
	for i, x := range c.prom.words {
		if x.addr == w {
			return c.prom.base + uint32(i), true
		}
	}
	return 0, false
}

// loadPromoted loads the region's words into their locals, the highest
// first (see writeBack).
func (c *compiler) loadPromoted() {
	for i := len(c.prom.words) - 1; i >= 0; i-- {
		c.i32(0)
		c.mem(opI32Load, c.prom.words[i].addr*4)
		c.set(c.prom.base + uint32(i))
	}
}

// storePromoted writes back the words the region writes, the highest
// first, through the 0 in lT1 (writeBack).
func (c *compiler) storePromoted() {
	for i := len(c.prom.words) - 1; i >= 0; i-- {
		if c.prom.words[i].written {
			c.get(lT1)
			c.get(c.prom.base + uint32(i))
			c.mem(opI32Store, c.prom.words[i].addr*4)
		}
	}
}

// popFloor is the lowest esp a pop or ret reads through in compiled
// code: above the register words, and above the window of the words the
// region keeps.
func (c *compiler) popFloor() uint32 {
	if len(c.prom.words) > 0 {
		return c.prom.hi + 1
	}
	return memory.Reserved
}

// ordinary leaves to the interpreter at pc, giving back left steps,
// unless the address a (in words) on the stack, which local l holds too,
// and the span words after it are ordinary memory: not the register
// words, inside memory, and not on the window of the words the region
// keeps: below it or above it. The side the operand's displacement disp
// is on (an array's start; for a pointer, the side where more of the
// region's displacements and immediates are: the addresses of arrays) is
// tested first, a compare and a branch as without a window, the other
// only when that one fails (measured: rle, whose pointers walk arrays
// above a kept counter, took 4.5% more host instructions testing below
// first; floyd, with a kept word above its array, 8% more testing the
// larger side, above, first).
func (c *compiler) ordinary(l uint32, disp, span int32, pc, left uint32) {
	if len(c.prom.words) == 0 {
		c.i32(memory.Reserved)
		c.op(opI32Sub)
		c.i32(c.size - memory.Reserved - uint32(span))
		c.exitIfCmp(opI32GeU, pc, left)
		return
	}
	c.op(opDrop)
	// notIn pushes whether a is not in [from, from+n): a - from >= n.
	notIn := func(from uint32, n int64) {
		if n <= 0 {
			c.i32(1)
			return
		}
		c.get(l)
		c.i32(from)
		c.op(opI32Sub)
		c.i32(uint32(n))
		c.op(opI32GeU)
	}
	below := func() { notIn(memory.Reserved, int64(c.prom.lo)-memory.Reserved-int64(span)) }
	above := func() { notIn(c.prom.hi+1, int64(c.size)-int64(c.prom.hi)-1-int64(span)) }
	first, second := below, above
	switch d := uint32(disp); {
	case disp >= 0 && d > c.prom.hi,
		// A pointer (no displacement into memory): the side of more of
		// the region's arrays.
		(disp < 0 || d < memory.Reserved) && c.prom.above:
		first, second = above, below
	}
	first()
	c.open(opIf)
	second()
	c.op(opI32Eqz)
	c.exitUnless(pc, left)
	c.end()
}

// windowed reports whether extent sp of a loop's range checks (induct.go)
// is one of ordinary accesses, which must not meet the window of the
// words the region keeps: its ends are the lowest and the highest
// address the operands of its side reach.
func (c *compiler) windowed(sp extent) bool {
	return len(c.prom.words) > 0 && sp.floor == memory.Reserved && sp.low
}

// windowFails pushes whether walk w could meet the window: its highest
// address is at least the window's lowest word, and its lowest at most
// the window's highest (when K is 0, no iteration reaches the operands
// after the compare).
func (c *compiler) windowFails(w walk) {
	c.endAddr(w, 1)
	c.i64(int64(c.prom.lo))
	c.op(opI64GeS)
	c.endAddr(w, 0)
	c.i64(int64(c.prom.hi))
	c.op(opI64LeS)
	c.op(opI32And)
	if w.past {
		c.get(lK)
		c.i64(0)
		c.op(opI64Ne)
		c.op(opI32And)
	}
}
