package cpu

import "cpu32/memory"

// Frame is one call on the shadow call stack: the machine's own record of
// which call is running, kept beside the program's stack so that a program
// that overwrites or moves its stack cannot make the record lie.
type Frame struct {
	Site   uint32 // the address of the call instruction
	Target uint32 // the address it called: the function's entry
	ESP    uint32 // where the call pushed its return address (esp on entry to the function)
}

// MaxFrames bounds the shadow call stack. Recursion deeper than this (only
// possible with a stack of more than MaxFrames words) keeps the innermost
// MaxFrames frames; Forgotten counts the outer ones it lost.
const MaxFrames = 1 << 20

// callStack is the shadow call stack: a ring of frames indexed by absolute
// frame number, so that undo can put back frames by number. The ring grows
// by doubling up to MaxFrames; past that, a call forgets the oldest frame.
//
// The live frames are [floor, n). Their ESPs strictly decrease from the
// outermost to the innermost (a call drops every frame whose slot esp has
// passed before it pushes one below esp), which is also why the stack
// cannot hold more frames than the program's stack has words.
type callStack struct {
	ring  []Frame
	n     uint64 // absolute number of the next frame
	floor uint64 // absolute number of the oldest frame kept
	// top is the innermost frame's ESP, or noFrame: a ret that leaves esp
	// at or below it drops nothing, so a pop costs one comparison.
	top uint32
	// fast is top, or 0 while a journal records (every call then goes the
	// slow way, which tells the journal how to undo it): a call whose
	// return-address slot is below fast takes the inlined path.
	fast      uint32
	journaled bool
	off       bool // Config.NoCallStack: calls and rets record nothing
}

// noFrame is callStack.top with no frame: above every esp.
const noFrame = ^uint32(0)

// Undo records in a stepMark's calls field: how a step changed the call
// stack. 0 means it did not; otherwise the low bits count the frames it
// dropped, and the flags say whether it pushed one (whose ring slot held the
// frame saved in Journal.saved) and whether that forgot the oldest.
const (
	callPushed  = 1 << 31
	callForgot  = 1 << 30
	callDropped = callForgot - 1
)

// at returns the ring slot of absolute frame number i.
func (s *callStack) at(i uint64) *Frame { return &s.ring[i&uint64(len(s.ring)-1)] }

// settle recomputes top and fast after n or floor moved.
func (s *callStack) settle() {
	top := noFrame
	if s.n > s.floor {
		top = s.at(s.n - 1).ESP
	}
	s.setTop(top)
}

func (s *callStack) setTop(top uint32) {
	s.top, s.fast = top, top
	switch {
	case s.off: // no ret drops anything, every call is refused by push (which then reports true)
		s.top, s.fast = noFrame, 0
	case s.journaled:
		s.fast = 0
	}
}

// dropTo drops the frames whose return-address slot is below esp: a ret or
// a hand-made change of esp popped them. It returns how many it dropped.
func (s *callStack) dropTo(esp uint32) uint64 {
	n := s.n
	for n > s.floor && s.at(n-1).ESP < esp {
		n--
	}
	d := s.n - n
	s.n = n
	s.settle()
	return d
}

// push is the interpreter's inlined path for a call at site to target that
// pushed its return address to slot sp: nothing to drop, room in the ring,
// no journal. It reports false when the call needs recordCall instead.
func (s *callStack) push(site, target, sp uint32) bool {
	if sp >= s.fast || s.n-s.floor >= uint64(len(s.ring)) {
		return s.off
	}
	s.ring[s.n&uint64(len(s.ring)-1)] = Frame{site, target, sp}
	s.n++
	s.top, s.fast = sp, sp
	return true
}

// noteCall is the fast loop's call hook (fCallT, a machine that keeps a
// call stack): push, or recordCall. It is kept out of line: inlined, push
// and pop cost the fast loop registers and every instruction paid. A
// machine without a call stack (cpu32 run) has plain fCall and fRet ops
// with no hook at all.
//
//go:noinline
func (c *CPU) noteCall(site, target, sp uint32, steps uint64) {
	if !c.calls.push(site, target, sp) {
		c.recordCall(site, target, sp, nil, steps)
	} else if c.prof != nil && !c.calls.off {
		c.prof.enter(target, steps, nil)
	}
}

// noteRet is the fast loop's ret hook (see noteCall): pop, or dropRet.
//
//go:noinline
func (c *CPU) noteRet(esp uint32, steps uint64) {
	if esp > c.calls.top {
		c.popped(esp, steps)
	}
}

// popped is a ret's pop, or dropRet, for a machine without a journal;
// steps is the step count before the ret.
func (c *CPU) popped(esp uint32, steps uint64) {
	if !c.calls.pop(esp) {
		c.dropRet(esp, nil, steps)
	} else if c.prof != nil {
		c.prof.leave(c.calls.at(c.calls.n).Target, steps, nil)
	}
}

// recordCall is push when the call drops frames, grows or wraps the ring,
// tells j how to undo it, or tells the profile; steps is the step count
// before the call.
func (c *CPU) recordCall(site, target, sp uint32, j *Journal, steps uint64) {
	s := &c.calls
	if s.off {
		return
	}
	if c.prof != nil {
		c.profileDrops(sp+1, j, steps)
		c.prof.enter(target, steps, j)
	}
	dropped := s.dropTo(sp + 1)
	var flags uint32 = callPushed
	if s.n-s.floor == uint64(len(s.ring)) {
		if len(s.ring) < MaxFrames {
			s.grow()
		} else {
			s.floor++
			flags |= callForgot
		}
	}
	slot := s.at(s.n)
	if j != nil {
		j.markAt(j.nSteps).calls = flags | uint32(dropped)
		j.save(*slot)
	}
	*slot = Frame{Site: site, Target: target, ESP: sp}
	s.n++
	s.setTop(sp)
}

// callJ is recordCall for a machine whose journal records the call, the
// step begun (j.nSteps): inline when it drops no frame and the ring has
// room, as most calls do.
func (c *CPU) callJ(site, target, sp uint32, steps uint64) {
	s, j := &c.calls, c.journal
	if s.off {
		return
	}
	if sp >= s.top || s.n-s.floor >= uint64(len(s.ring)) {
		c.recordCall(site, target, sp, j, steps)
		return
	}
	if p := c.prof; p != nil {
		p.enter(target, steps, j)
	}
	slot := &s.ring[s.n&uint64(len(s.ring)-1)]
	j.marks[j.nSteps&uint64(len(j.marks)-1)].calls = callPushed
	j.saved[j.nSaved&uint64(len(j.saved)-1)] = *slot
	j.nSaved++
	*slot = Frame{Site: site, Target: target, ESP: sp}
	s.n++
	s.top, s.fast = sp, 0 // (journaled: setTop)
}

// retJ is dropRet for a machine whose journal records a ret (or a pop into
// eip), the step begun, that left esp at esp: inline when it drops the one
// innermost frame, as most rets do.
func (c *CPU) retJ(esp uint32, steps uint64) {
	s := &c.calls
	if esp <= s.top {
		return
	}
	mask := uint64(len(s.ring) - 1)
	n, below := s.n-1, noFrame // the innermost frame, whose slot esp passed, and the one below
	if n > s.floor {
		if below = s.ring[(n-1)&mask].ESP; below < esp {
			c.dropRet(esp, c.journal, steps)
			return
		}
	}
	if p := c.prof; p != nil {
		p.leave(s.ring[n&mask].Target, steps, c.journal)
	}
	s.n, s.top, s.fast = n, below, 0 // (journaled: settle)
	j := c.journal
	j.marks[j.nSteps&uint64(len(j.marks)-1)].calls = 1
}

// pop is the interpreter's inlined path for a ret (or a pop into eip)
// that moved esp past the innermost frame's slot: the frame below stays, no
// journal. It reports false when the ret needs dropRet instead. The frame
// popped stays in its slot, at n, for the profile.
func (s *callStack) pop(esp uint32) bool {
	if s.fast == 0 {
		return false
	}
	n, top := s.n-1, noFrame
	if n > s.floor {
		if top = s.ring[(n-1)&uint64(len(s.ring)-1)].ESP; top < esp {
			return false
		}
	}
	s.n, s.top, s.fast = n, top, top
	return true
}

// dropRet is pop when the ret drops more than one frame, tells j how to
// undo it, or tells the profile; steps is the step count before the ret.
func (c *CPU) dropRet(esp uint32, j *Journal, steps uint64) {
	if c.prof != nil {
		c.profileDrops(esp, j, steps)
	}
	d := c.calls.dropTo(esp)
	if j != nil {
		j.markAt(j.nSteps).calls = uint32(d)
	}
}

// profileDrops tells the profile which frames dropTo(esp) is about to
// drop: they end with the step that is running, the one after steps.
func (c *CPU) profileDrops(esp uint32, j *Journal, steps uint64) {
	s := &c.calls
	for n := s.n; n > s.floor && s.at(n-1).ESP < esp; n-- {
		c.prof.leave(s.at(n-1).Target, steps, j)
	}
}

// grow doubles the ring (or makes the first one), keeping each live
// frame's absolute number.
func (s *callStack) grow() {
	size := max(16, 2*len(s.ring))
	ring := make([]Frame, size)
	for i := s.floor; i < s.n; i++ {
		ring[i&uint64(size-1)] = *s.at(i)
	}
	s.ring = ring
}

// undo reverses one step's change to the call stack, recorded as calls;
// saved is the frame a pushing step overwrote.
func (s *callStack) undo(calls uint32, saved Frame) {
	if calls&callPushed != 0 {
		s.n--
		*s.at(s.n) = saved
		if calls&callForgot != 0 {
			s.floor--
		}
	}
	s.n += uint64(calls & callDropped)
	s.settle()
}

func (s *callStack) reset() {
	s.n, s.floor = 0, 0
	s.settle()
}

// CallStack returns the calls that are running, innermost first. A frame
// whose return-address slot esp has passed (popped by hand, or by a ret
// that went elsewhere) is not listed.
func (c *CPU) CallStack() []Frame {
	s := &c.calls
	esp := c.words[memory.ESP]
	var frames []Frame
	for i := s.n; i > s.floor; i-- {
		f := *s.at(i - 1)
		if f.ESP < esp {
			continue
		}
		frames = append(frames, f)
	}
	return frames
}

// Forgotten returns how many outer frames the call stack lost to MaxFrames:
// they may still be running, below the frames CallStack lists.
func (c *CPU) Forgotten() uint64 { return c.calls.floor }
