//go:build amd64 || arm64

package jit

import (
	"sort"

	"cpu32/isa"
)

// Checked addresses kept across forward branches.
//
// A group (addr.go) holds in a local the checked byte address of a
// register's operands until the register is written. A block that is
// entered only by branches forward from blocks of its region and by
// falling from the block before (the other arm of an if, the code after
// an if/else) finds in those locals what every way into it left there:
// the groups that each of them carried, the same register, range and
// local, hold in it too, and its operands in their range need no check
// of ours. wazero (v1.12.0) keeps what it checked the same way, for a
// value that every way in carries (a local none of them set again); where
// they carry different ones it checks at the first access, so the block
// starts with a probe at the highest offset it uses (free where wazero
// knows the bound: it drops a load whose value is not used).
//
// Any other way in (the dispatch, a computed jump or a return predicted
// to the block, a loop's back edge, a jump from another region) leaves
// the block to start with no group; so does a branch that compiled code
// does not take by its label, as the count of ways in then falls short.

// arrivals is what the blocks of a plan inherit.
type arrivals struct {
	ways []int          // by block: the branches and falls into it, -1 when other ways in may reach it
	got  []int          // by block: how many of them the region's code has taken so far
	meet [][nAddr]group // by block: the groups all of those carried
	from []int          // by block: the first block a way into it comes from
}

// countArrivals finds, once a plan, the ways into each block that
// arrive counts: constant branches forward from compiled blocks of its
// region and the fall from the block before.
func (c *compiler) countArrivals() {
	n := len(c.blocks)
	a := &c.arr
	a.ways, a.got, a.meet, a.from = make([]int, n), make([]int, n), make([][nAddr]group, n), make([]int, n)
	for i := range n {
		a.from[i] = i
		if i == 0 || c.want[i] || c.cold[i] || c.cold[i-1] || c.region[i-1] != c.region[i] ||
			c.loopEnd[i] >= 0 || c.entryID[i] >= 0 || c.pointed[i] || c.retTo[i] {
			a.ways[i] = -1
		}
	}
	way := func(p, t int) {
		switch {
		case a.ways[t] < 0:
		case p >= t || c.region[p] != c.region[t]:
			a.ways[t] = -1
		default:
			a.ways[t]++
			a.from[t] = min(a.from[t], p)
		}
	}
	for p, bl := range c.blocks {
		// A block not compiled reaches no block but through the
		// dispatch: from the interpreter, at an entry.
		if len(bl.ins) == 0 || c.cold[p] {
			continue
		}
		last := bl.ins[len(bl.ins)-1]
		t, ok := c.target(last)
		if ok {
			way(p, int(c.blockAt[t]))
		}
		if p+1 < n && !jumpsAway(last, ok) {
			way(p, p+1)
		}
	}
	c.directEdges(func(_, t int) { a.ways[t] = -1 })
}

// arrive records a branch by its label to constant target t with the
// groups the code carries there.
func (c *compiler) arrive(t uint32) {
	if _, ok := c.inCopy(t); ok || c.arr.ways == nil {
		return
	}
	c.arriveAt(int(c.blockAt[t]))
}

// arriveAt records a way into block i with the groups the code carries.
func (c *compiler) arriveAt(i int) {
	a := &c.arr
	if a.ways[i] < 0 {
		return
	}
	if a.got[i] == 0 {
		a.meet[i] = c.groups
	} else {
		for k, g := range a.meet[i] {
			if g != c.groups[k] {
				a.meet[i][k].ok = false
			}
		}
	}
	a.got[i]++
}

// inherit sets the groups at the start of block i, which the block before
// may fall into: those every way into it carried when all of them are
// known and were taken by the code before it, else none.
func (c *compiler) inherit(i int) {
	if c.arr.ways == nil {
		c.countArrivals()
	}
	a := &c.arr
	if a.ways[i] < 0 {
		c.forget()
		return
	}
	if ins := c.blocks[i-1].ins; len(ins) > 0 {
		last := ins[len(ins)-1]
		if _, ok := c.target(last); !jumpsAway(last, ok) {
			c.arriveAt(i) // the fall
		}
	}
	if a.got[i] != a.ways[i] || a.got[i] == 0 {
		c.forget()
		return
	}
	c.groups = a.meet[i]
	for k, g := range c.groups {
		if !g.ok || g.free {
			c.groups[k].ok = false
			continue
		}
		// The probe: the highest offset the block uses in the group.
		top, used := g.lo, false
		for _, in := range c.ahead(i) {
			if in.bad || in.exit {
				break
			}
			for _, o := range in.o[:in.n] {
				if o.k == isa.Rel && o.reg == g.reg && g.lo <= int32(o.w) && int32(o.w) <= g.hi {
					top, used = max(top, int32(o.w)), true
				}
			}
			if mayWrite(in, uint32(g.reg)) {
				break
			}
		}
		if used {
			c.get(lAddr + uint32(k))
			c.mem(opI32Load, uint32(top-g.lo+g.bias)*4)
			c.op(opDrop)
		}
	}
}

// beyond returns the instructions of the blocks after the chain of
// blocks that chain (ahead's, from one instruction on) ends that inherit
// what a group made at chain[0] holds when its register is not written on
// the way: blocks entered only by ways counted here from the group's
// block and the blocks after it, up to a loop's header or a block entered
// otherwise, at most limit instructions. span widens a group over their
// operands, so that they find it checked.
func (c *compiler) beyond(chain []*ins, limit int) []*ins {
	if c.arr.ways == nil || len(chain) == 0 {
		return nil
	}
	at := func(pc uint32) int {
		return sort.Search(len(c.blocks), func(j int) bool { return c.blocks[j].start > pc }) - 1
	}
	first, last := at(chain[0].pc), at(chain[len(chain)-1].pc)
	if first < 0 {
		return nil
	}
	var out []*ins
	for j := last + 1; j < len(c.blocks) && len(out) < limit; j++ {
		if c.arr.ways[j] <= 0 || c.arr.from[j] < first || c.region[j] != c.cur {
			break
		}
		out = append(out, c.blocks[j].ins...)
	}
	return out
}
