package cpu

import (
	"cmp"
	"slices"
)

// Profile counts where a machine spends its steps: how many times each
// instruction ran, and for each function (a call target) how many calls it
// had and how many steps ran while it was running, its callees' included.
// Every path counts: the exact one as each step commits, the journaling
// fast path as it records, the plain fast path as each op ends (countOp);
// function tallies as the call stack changes. A machine that is not
// profiled runs at full speed.
type Profile struct {
	// Counts holds, by code address, how many times the instruction there
	// ran. Stepping back uncounts.
	Counts []uint64
	funcs  []funcCount // by entry address, like Counts
	undo   []funcEvent // how to take back each enter and leave still in the journal
	ops    []uint64    // by address, the fast path's ops counted as ops (countRun), not yet in Counts
	dirty  []uint32    // the addresses whose ops are not 0
}

// funcEvent is one enter or leave, with what stepping back needs to put
// the tally it changed back as it was: both are undone by arithmetic but
// for the since an enter may overwrite. (Small: a journaled recursion logs
// one for every few steps.)
type funcEvent struct {
	step   uint64 // the step count before the step it happened in
	since  uint64 // an enter's: the tally's since before it
	target uint32
	leave  bool
}

// funcCount is one function's tally. A recursive function's steps are
// counted once, from its outermost call to that call's return.
type funcCount struct {
	calls  uint64
	steps  uint64
	active int    // activations on the call stack
	since  uint64 // the step count at the outermost activation's first step
}

// FuncSteps is one function's share of a run.
type FuncSteps struct {
	Target uint32 // its entry
	Calls  uint64 // how many times it was called
	Total  uint64 // steps run while it was running, callees included
}

// StartProfile starts counting from now (after a Reset, the whole run); a
// machine without a journal gets a small one, so that step back uncounts
// (SetJournal(nil) then counts on without one). It returns the profile.
func (c *CPU) StartProfile() *Profile {
	if c.journal == nil {
		c.SetJournal(NewJournal(16))
	}
	c.prof = &Profile{Counts: make([]uint64, len(c.code)), funcs: make([]funcCount, len(c.code)), ops: make([]uint64, len(c.code))}
	c.fastStale = true // no op that countOp cannot count (buildFast)
	return c.prof
}

// Profile returns the profile being counted, or nil.
func (c *CPU) Profile() *Profile { return c.prof }

// enter notes a call to target made by the step that runs after step
// steps; with a journal j, it keeps how to take that back.
func (p *Profile) enter(target uint32, step uint64, j *Journal) {
	f := &p.funcs[target]
	if j != nil {
		p.log(funcEvent{step: step, since: f.since, target: target}, j)
	}
	f.calls++
	if f.active == 0 {
		f.since = step + 1 // its first step is the one after the call
	}
	f.active++
}

// leave notes that a frame of target ended with the step that runs after
// step steps (a ret, or a frame dropped by hand); with a journal j, it
// keeps how to take that back.
func (p *Profile) leave(target uint32, step uint64, j *Journal) {
	f := &p.funcs[target]
	if f.active == 0 {
		return
	}
	if j != nil { // (a run with the journal set aside: a call and a ret for every few steps)
		p.log(funcEvent{step: step, target: target, leave: true}, j)
	}
	f.active--
	if f.active == 0 {
		f.steps += step + 1 - f.since
	}
}

// log keeps e for stepping back, first forgetting the events of steps the
// journal has dropped when the log would grow: it stays about as long as
// the journal is deep.
func (p *Profile) log(e funcEvent, j *Journal) {
	if len(p.undo) < cap(p.undo) { // (inlined: most events; j is not nil)
		p.undo = append(p.undo, e)
		return
	}
	p.logFull(e, j)
}

// logFull is log when the log is full (or nothing can be stepped back).
func (p *Profile) logFull(e funcEvent, j *Journal) {
	if j == nil { // nothing can be stepped back
		return
	}
	oldest := e.step - uint64(j.Depth()) // the oldest step j keeps
	if len(p.undo) > 0 && p.undo[0].step < oldest {
		// Forget the old events when they are half the log or more, so
		// that each event is moved a bounded number of times; else the
		// log grows (to at most four times the events it must keep).
		i, _ := slices.BinarySearchFunc(p.undo, oldest, func(e funcEvent, t uint64) int { return cmp.Compare(e.step, t) })
		if 2*i >= len(p.undo) {
			p.undo = append(p.undo[:0], p.undo[i:]...)
		}
	}
	p.undo = append(p.undo, e)
}

// back takes back the enters and leaves of step number step, which is
// being stepped back.
func (p *Profile) back(step uint64) {
	for n := len(p.undo); n > 0 && p.undo[n-1].step >= step; n-- {
		e := p.undo[n-1]
		f := &p.funcs[e.target]
		if e.leave { // it ran with the function active (leave logs no other)
			if f.active == 0 {
				f.steps -= e.step + 1 - f.since
			}
			f.active++
		} else {
			f.active--
			f.calls--
			f.since = e.since
		}
		p.undo = p.undo[:n-1]
	}
}

// reset forgets every count: the run starts again.
func (p *Profile) reset() {
	clear(p.Counts)
	clear(p.funcs)
	clear(p.ops)
	p.undo, p.dirty = p.undo[:0], p.dirty[:0]
}

// Functions returns each called function's calls and steps, in no order;
// steps is the machine's step count, up to which a function still
// running is counted.
func (c *CPU) Functions() []FuncSteps {
	p := c.prof
	if p == nil {
		return nil
	}
	now := c.steps
	var out []FuncSteps
	for t, f := range p.funcs {
		t := uint32(t)
		if f.calls == 0 { // its first call was stepped back
			continue
		}
		total := f.steps
		if f.active > 0 {
			total += now - f.since
		}
		out = append(out, FuncSteps{Target: t, Calls: f.calls, Total: total})
	}
	return out
}
