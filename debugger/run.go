package debugger

import (
	"cpu32/cpu"
	"cpu32/isa"
	"cpu32/memory"
)

// defaultChunk is how many instructions cpu.Run executes between looks at the
// interrupt flag and lets Peek in: about ten milliseconds of work with the
// journal on (some 20 million steps a second), so a pause feels immediate
// while the per-chunk overhead (a few atomic loads) stays invisible.
const defaultChunk = 1 << 18

// progressEvery is how often the one-step-at-a-time loops publish the step
// count; an atomic store per step would be wasted work.
const progressEvery = 1 << 12

// runSpec says when a forward run stops, besides breakpoints, watchpoints,
// the end of the program, a fault and an interrupt.
type runSpec struct {
	limit uint64 // stop after this many steps; 0 for no limit

	// hasTarget: stop before the instruction at target when targetOK (nil
	// means always) holds: until's location, next's return address.
	hasTarget bool
	target    uint32
	targetOK  func() bool

	// finish: stop after a ret that leaves esp above finishESP.
	finish    bool
	finishESP uint32
}

// run executes forward. Plain runs go through cpu.Run, which stops only at
// armed traps (enabled breakpoints and this run's temporary stops), so a
// breakpoint that is never reached costs nothing; with an enabled
// watchpoint every step is taken alone and the watched words compared after
// it. The first instruction is never stopped at, so "continue" leaves the
// breakpoint it is sitting on.
func (s *Session) run(spec runSpec) StopEvent {
	c := s.c
	var temps []uint32
	if spec.hasTarget {
		temps = append(temps, spec.target)
	}
	if spec.finish {
		temps = append(temps, s.code.rets...)
	}
	for _, a := range temps {
		s.temps[a] = true
		s.arm(a)
	}
	defer func() {
		for _, a := range temps {
			delete(s.temps, a)
			s.arm(a)
		}
		s.rejoin()
		s.progress.Store(c.Steps())
	}()

	watching := s.watching()
	aside := s.mayAside(watching)
	start := c.Steps()
	check := false
	for i := uint64(0); ; i++ {
		if c.State() != cpu.Ready {
			return s.stateStop()
		}
		done := c.Steps() - start
		if spec.limit != 0 && done >= spec.limit {
			return StopEvent{Kind: StopDone}
		}
		if check {
			if ev, stop := s.userBreak(true); stop {
				return ev
			}
			if spec.hasTarget && c.EIP() == spec.target && (spec.targetOK == nil || spec.targetOK()) {
				return StopEvent{Kind: StopDone}
			}
		}
		check = true
		if s.interrupted.Load() {
			return StopEvent{Kind: StopPause}
		}
		pc := c.EIP()
		wasRet := s.code.is(pc, isa.Ret)
		if watching || spec.finish && wasRet {
			_ = c.Step() // a fault is kept in the cpu's state, seen above
			if c.WaitingForInput() {
				return StopEvent{Kind: StopInput}
			}
			if i%progressEvery == 0 {
				s.progress.Store(c.Steps())
				s.letPeek()
			}
			if watching {
				if hits := s.watchHits(true); len(hits) > 0 {
					return StopEvent{Kind: StopWatchpoint, Watches: hits}
				}
			}
			if spec.finish && wasRet && c.State() != cpu.Faulted && c.Memory().Reg(memory.ESP) > spec.finishESP {
				return StopEvent{Kind: StopDone}
			}
			continue
		}
		n := s.opts.chunk
		if spec.limit != 0 {
			n = min(n, spec.limit-done)
		}
		// A run that may take more than a chunk goes on without the
		// journal (replay.go). A set or a reload between two chunks
		// brings the journal back; the run sets it aside again.
		switch {
		case s.replay.aside:
			s.snapshot()
		case aside && s.c == c && (spec.limit == 0 || spec.limit-done > s.opts.chunk):
			s.setAside()
		}
		stop, err := s.runPlain(c, n) // a fault is kept in the cpu's state, seen above
		if stop == cpu.StopInput {
			return StopEvent{Kind: StopInput}
		}
		if k, ok := err.(*compiledError); ok {
			return StopEvent{Kind: StopCompiled, Err: k.err}
		}
		s.progress.Store(c.Steps())
		s.letPeek()
	}
}

// forward runs a spec and records what it did for Status and Changed.
func (s *Session) forward(spec runSpec) StopEvent {
	before := s.c.Steps()
	s.syncWatches()
	ev := s.run(spec)
	s.noteSteps(before)
	return s.located(ev, s.c.Steps()-before, false)
}

// noteSteps sets Changed after a forward run: the writes of its last step.
func (s *Session) noteSteps(before uint64) {
	s.changed = nil
	if s.c.Steps() != before {
		s.changed = s.lastChanged()
	}
}

// next steps over one instruction: a call runs until it returns to the
// instruction after it with the stack as deep as before the call.
func (s *Session) next() StopEvent {
	pc := s.c.EIP()
	if !s.code.is(pc, isa.Call) {
		return s.run(runSpec{limit: 1})
	}
	depth := s.c.StackDepth()
	return s.run(runSpec{
		hasTarget: true,
		target:    pc + uint32(s.code.size[pc]),
		targetOK:  func() bool { return s.c.StackDepth() <= depth },
	})
}

// reverse steps back: up to limit steps (0: until something stops it).
// Like a forward run it stops when a watched word changes or at an enabled
// breakpoint whose condition holds, after the first step back, and when
// the history runs out. Reverse execution does not count hits.
func (s *Session) reverse(limit uint64) StopEvent {
	s.syncWatches()
	defer s.progress.Store(s.c.Steps())
	var n uint64
	stop := func(ev StopEvent) StopEvent { return s.located(ev, n, true) }
	for {
		if limit != 0 && n >= limit {
			return stop(StopEvent{Kind: StopDone})
		}
		if s.interrupted.Load() {
			return stop(StopEvent{Kind: StopPause})
		}
		if !s.backOne() {
			return stop(StopEvent{Kind: StopHistory})
		}
		n++
		if n%progressEvery == 0 {
			s.progress.Store(s.c.Steps())
			s.letPeek()
		}
		if hits := s.watchHits(false); len(hits) > 0 {
			return stop(StopEvent{Kind: StopWatchpoint, Watches: hits})
		}
		if limit != 0 && n >= limit {
			return stop(StopEvent{Kind: StopDone})
		}
		if ev, hit := s.userBreak(false); hit {
			return stop(ev)
		}
	}
}

// backOne undoes the most recent step or set, whichever came last.
func (s *Session) backOne() bool {
	s.pruneSets()
	c := s.c
	if k := len(s.sets); k > 0 && s.sets[k-1].steps == c.Steps() {
		r := s.sets[k-1]
		s.sets = s.sets[:k-1]
		now, _ := c.Memory().Load(r.addr)
		s.undoSet(r)
		s.changed = []cpu.Change{{Addr: r.addr, Old: now}}
		return true
	}
	// The undone step's words, each with its value before the step back.
	_, ch, _ := s.j.Last()
	ch = stepChanges(ch)
	for i := range ch {
		ch[i].Old, _ = c.Memory().Load(ch[i].Addr)
	}
	out, ok := c.Back()
	if !ok {
		return false
	}
	s.out.truncate(out)
	s.changed = ch
	return true
}

// pruneSets forgets sets older than the oldest recorded step: stepping
// back can no longer reach them.
func (s *Session) pruneSets() {
	lo := s.c.Steps() - uint64(s.j.Depth())
	i := 0
	for i < len(s.sets) && s.sets[i].steps < lo {
		i++
	}
	s.sets = s.sets[i:]
}

// undoSet restores what a set changed. A set of eip also cleared an end, a
// hlt or a fault: an end comes back by itself (eip at the end of the code),
// a fault is put back as it was, and a hlt is replayed (undone and run
// again), since a hlt does the same whatever memory holds.
func (s *Session) undoSet(r setRecord) {
	c := s.c
	if r.addr != uint32(memory.EIP) {
		_ = c.Memory().Store(r.addr, r.old)
		return
	}
	c.SetEIP(r.old) // the old eip was valid, so this succeeds
	switch r.oldState {
	case cpu.Faulted:
		c.Refault(r.oldFault)
	case cpu.Halted:
		if _, ok := c.Back(); ok {
			_ = c.Step()
		}
	}
}
