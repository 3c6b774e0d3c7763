package cpu

// counted is the plain fast path's op being counted for the profile: where
// it started and the step count there. The next op's start (or the fast
// path's exit) closes it: the steps between are the instructions it ran.
type counted struct {
	pc     uint32
	steps  uint64
	counts []uint64 // the profile's
}

// countOp closes the op being counted, adding its steps to the profile, and
// starts counting the op at pc, whose steps begin at steps. (runFast
// inlines it.)
func (c *CPU) countOp(pc uint32, steps uint64) {
	if k := &c.counted; steps-k.steps == 1 {
		k.counts[k.pc]++
		k.pc, k.steps = pc, steps
	} else {
		c.countRun(pc, steps)
	}
}

// countRun is countOp for an op that ran other than one step.
//
// Every fast op runs a run of consecutive instructions from its address:
// the first k of them, or for an op that loops inside its handler, rounds
// of its cycle (the loop's instructions, consecutive too) and then the
// first k of the cycle. So d steps from at give each instruction of the
// cycle d/len, and the first d%len of them one more.
//
// An op that ran its instructions once, as most do, is counted as an op
// (Profile.ops), and its instructions when the fast path returns
// (flushOps): it costs an increment, not one per instruction.
//
//go:noinline
func (c *CPU) countRun(pc uint32, steps uint64) {
	at, d := c.counted.pc, steps-c.counted.steps
	c.counted.pc, c.counted.steps = pc, steps
	f := &c.fops[at]
	cycle := max(uint64(f.n), 1)   // an op's instructions, or the loop's of a self-looping one
	if d == uint64(f.n) && d > 1 { // the op's instructions all ran
		p := c.prof
		if p.ops[at] == 0 {
			p.dirty = append(p.dirty, at)
		}
		p.ops[at]++
		return
	}
	counts, code := c.counted.counts, c.code
	if d <= cycle {
		for ; d > 0; d-- {
			counts[at]++
			at += uint32(code[at].size)
		}
		return
	}
	rounds, rest := d/cycle, d%cycle
	for i := uint64(0); i < cycle; i++ {
		counts[at] += rounds
		if i < rest {
			counts[at]++
		}
		at += uint32(code[at].size)
	}
}

// flushOps adds the ops counted as ops (countRun) to the profile's
// counts: each ran the first n instructions from its address once.
func (c *CPU) flushOps() {
	p := c.prof
	for _, at := range p.dirty {
		k := p.ops[at]
		p.ops[at] = 0
		a := at
		for range c.fops[at].n {
			p.Counts[a] += k
			a += uint32(c.code[a].size)
		}
	}
	p.dirty = p.dirty[:0]
}
