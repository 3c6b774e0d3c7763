package cpu

import "slices"

// Snapshot is a copy of everything a run changes in a machine: memory and
// registers, the step and output counts, the state and fault, the call
// stack, the input's position and the profile. Restoring one and running
// the same number of steps again gives the same machine, since a program
// without host functions is deterministic: that is how a debugger runs
// without a journal and still gets one for the last steps of a run (it
// runs them again from a snapshot, journaling). The journal, the output
// already written and the input already read are not part of it: the
// input keeps every byte once a snapshot is taken, and output written
// again is the caller's to discard.
type Snapshot struct {
	words     []uint32
	steps     uint64
	outBytes  uint64
	state     State
	fault     *Fault
	calls     callStack
	ring      []Frame
	inPos     uint64
	inWait    bool
	counts    []uint64 // nil without a profile
	funcs     []funcCount
	profiling bool
}

// Steps returns the step count the snapshot was taken at.
func (s *Snapshot) Steps() uint64 { return s.steps }

// Snapshot copies the machine's state into s, reusing its buffers (nil
// makes a new one), and returns it. It costs a copy of memory.
func (c *CPU) Snapshot(s *Snapshot) *Snapshot {
	if s == nil {
		s = &Snapshot{}
	}
	c.in.keep = true
	s.words = append(s.words[:0], c.words...)
	s.steps, s.outBytes, s.state, s.fault = c.steps, c.outBytes, c.state, c.fault
	s.calls = c.calls
	s.ring = append(s.ring[:0], c.calls.ring...)
	s.calls.ring = nil
	s.inPos, s.inWait = c.in.pos, c.in.wait
	s.profiling = c.prof != nil
	if s.profiling {
		s.counts = append(s.counts[:0], c.prof.Counts...)
		s.funcs = append(s.funcs[:0], c.prof.funcs...)
	}
	return s
}

// Restore puts the machine back into the state of s, a snapshot of this
// machine with this program. The journal is left alone: the caller clears
// it or resumes it (ResumeJournal) when it ends at s.
func (c *CPU) Restore(s *Snapshot) {
	copy(c.words, s.words)
	c.steps, c.outBytes, c.state, c.fault = s.steps, s.outBytes, s.state, s.fault
	ring := c.calls.ring
	if len(ring) != len(s.ring) {
		ring = make([]Frame, len(s.ring))
	}
	copy(ring, s.ring)
	journaled := c.calls.journaled
	c.calls = s.calls
	c.calls.ring, c.calls.journaled = ring, journaled
	c.calls.settle()
	c.in.pos, c.in.wait = s.inPos, s.inWait
	if c.prof != nil && s.profiling {
		copy(c.prof.Counts, s.counts)
		copy(c.prof.funcs, s.funcs)
	}
}

// Matches reports whether the machine holds what s holds, a snapshot of it,
// but for its state: what a debugger checks after running again to the
// step count where it took s, which stops before the fault or the wait
// for input that stopped the first run.
func (c *CPU) Matches(s *Snapshot) bool {
	if c.steps != s.steps || c.outBytes != s.outBytes || c.in.pos != s.inPos ||
		!slices.Equal(c.words, s.words) || c.calls.n != s.calls.n || c.calls.floor != s.calls.floor {
		return false
	}
	for i := c.calls.floor; i < c.calls.n; i++ {
		if *c.calls.at(i) != s.ring[i&uint64(len(s.ring)-1)] {
			return false
		}
	}
	if (c.prof != nil) != s.profiling {
		return false
	}
	if c.prof == nil {
		return true
	}
	return slices.Equal(c.prof.Counts, s.counts) && slices.Equal(c.prof.funcs, s.funcs)
}

// RunTo runs until the step count reaches n, through breakpoints. It
// reports whether it got there: false when the program stopped (ended,
// halted, faulted, or waits for input) before.
func (c *CPU) RunTo(n uint64) bool {
	for c.state == Ready && c.steps < n {
		if stop, _ := c.Run(n - c.steps); stop == StopInput {
			return false
		}
	}
	return c.steps == n
}
