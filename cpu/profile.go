package cpu

// Profile counts where a machine spends its steps: how many times each
// instruction ran, and for each function (a call target) how many calls it
// had and how many steps ran while it was running, its callees' included.
// Counting rides on the journal's per-step bookkeeping and on the call
// stack's slow path, which a journal forces: a machine that is not
// profiled runs at full speed.
type Profile struct {
	// Counts holds, by code address, how many times the instruction there
	// ran. Stepping back uncounts.
	Counts []uint64
	funcs  map[uint32]*funcCount
}

// funcCount is one function's tally. A recursive function's steps are
// counted once, from its outermost call to that call's return.
type funcCount struct {
	calls  uint64
	steps  uint64
	active int    // activations on the call stack
	since  uint64 // the step index of the outermost activation's call
}

// FuncSteps is one function's share of a run.
type FuncSteps struct {
	Target uint32 // its entry
	Calls  uint64 // how many times it was called
	Total  uint64 // steps run while it was running, callees included
}

// StartProfile starts counting from now (after a Reset, the whole run); a
// machine without a journal gets a small one. It returns the profile.
func (c *CPU) StartProfile() *Profile {
	if c.journal == nil {
		c.SetJournal(NewJournal(16))
	}
	p := &Profile{Counts: make([]uint64, len(c.code)), funcs: map[uint32]*funcCount{}}
	c.journal.prof = p
	c.journal.profBase = c.steps - c.journal.nSteps
	return p
}

// Profile returns the profile being counted, or nil.
func (c *CPU) Profile() *Profile {
	if c.journal == nil {
		return nil
	}
	return c.journal.prof
}

// enter notes a call to target made by step number step.
func (p *Profile) enter(target uint32, step uint64) {
	f := p.funcs[target]
	if f == nil {
		f = &funcCount{}
		p.funcs[target] = f
	}
	f.calls++
	if f.active == 0 {
		f.since = step + 1 // its first step is the one after the call
	}
	f.active++
}

// leave notes that a frame of target ended at step number step (a ret, or
// a frame dropped by hand).
func (p *Profile) leave(target uint32, step uint64) {
	f := p.funcs[target]
	if f == nil || f.active == 0 {
		return
	}
	f.active--
	if f.active == 0 {
		f.steps += step - f.since
	}
}

// Functions returns each called function's calls and steps, in no order;
// steps is the machine's step count, up to which a function still
// running is counted.
func (c *CPU) Functions() []FuncSteps {
	p := c.Profile()
	if p == nil {
		return nil
	}
	now := c.steps - c.journal.profBase
	var out []FuncSteps
	for t, f := range p.funcs {
		total := f.steps
		if f.active > 0 {
			total += now - f.since
		}
		out = append(out, FuncSteps{Target: t, Calls: f.calls, Total: total})
	}
	return out
}
