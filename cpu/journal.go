package cpu

import "cpu32/memory"

// Change is one memory word an instruction wrote, with its value before.
type Change struct {
	Addr uint32
	Old  uint32
}

// stepMark opens one step's changes in a Journal.
type stepMark struct {
	start uint64 // absolute index of the step's first change
	out   uint64 // output bytes before the step
	pc    uint32 // eip before the step
	calls uint32 // how the step changed the call stack (callPushed...), 0 if not
}

// maxChangesPerStep bounds how many words one instruction writes (push and
// call write the stack slot and esp), which sizes the change ring.
const maxChangesPerStep = 2

// Journal records what each step changed so that steps can be undone, most
// recent first. It is a pair of rings, grown by doubling until they hold the
// limit, so recording costs a few stores per step and never allocates once
// full; the oldest steps are dropped beyond the limit.
type Journal struct {
	capacity uint64 // ring size the marks grow to: a power of two above the limit
	marks    []stepMark
	changes  []Change
	nSteps   uint64  // absolute index of the next mark
	nChanges uint64  // absolute index of the next change
	saved    []Frame // the frame slot each call step overwrote, a ring like marks
	nSaved   uint64  // absolute index of the next saved frame
	oldest   uint64  // absolute index of the oldest kept mark
	// sides holds, by a step's absolute index, what rdn, rdc and host calls
	// changed beyond the change ring: where the input was, and the words a
	// host function wrote (any number of them). Few steps have one, so a
	// map costs nothing to the others.
	sides map[uint64]*side
}

// side is what a step that read input or called the host changed besides
// the words in the change ring.
type side struct {
	inPos   uint64   // the input offset before the step
	input   bool     // the step read input
	changes []Change // the words a host call wrote, oldest first
}

// DefaultHistory is the number of steps a Journal keeps by default.
const DefaultHistory = 1_000_000

// NewJournal returns a journal that keeps at least the last limit steps
// (limit <= 0 means DefaultHistory).
func NewJournal(limit int) *Journal {
	if limit <= 0 {
		limit = DefaultHistory
	}
	capacity := uint64(16)
	for capacity < uint64(limit)+1 {
		capacity *= 2
	}
	j := &Journal{capacity: capacity}
	j.alloc(min(capacity, 1024))
	return j
}

// Limit returns how many steps the journal keeps at most.
func (j *Journal) Limit() int { return int(j.capacity - 1) }

// Depth returns how many steps can be undone.
func (j *Journal) Depth() int { return int(j.nSteps - j.oldest) }

func (j *Journal) alloc(n uint64) {
	marks := make([]stepMark, n)
	changes := make([]Change, maxChangesPerStep*n)
	saved := make([]Frame, n) // at most one per step
	// Copy by absolute index: rings that have wrapped (Grow raised the
	// limit of a full journal) keep every live entry, in its new slot.
	if len(j.marks) > 0 {
		for i := j.oldest; i < j.nSteps; i++ {
			marks[i&(n-1)] = *j.markAt(i)
		}
		from := j.nChanges
		if j.nSteps > j.oldest {
			from = j.markAt(j.oldest).start
		}
		for i := from; i < j.nChanges; i++ {
			changes[i&(uint64(len(changes))-1)] = *j.changeAt(i)
		}
		for i := j.nSaved - min(j.nSaved, uint64(len(j.saved))); i < j.nSaved; i++ {
			saved[i&(n-1)] = j.saved[i&uint64(len(j.saved)-1)]
		}
	}
	j.marks, j.changes, j.saved = marks, changes, saved
}

// Grow raises the journal's limit to at least limit steps, keeping every
// step it holds: a REPL whose lines may now run longer must still undo a
// whole line.
func (j *Journal) Grow(limit int) {
	for j.capacity < uint64(limit)+1 {
		j.capacity *= 2
	}
}

func (j *Journal) clear() {
	j.nSteps, j.nChanges, j.nSaved, j.oldest, j.sides = 0, 0, 0, 0, nil
}

// sideOf returns the side record of the step begun last, making it.
func (j *Journal) sideOf() *side {
	if j.sides == nil {
		j.sides = map[uint64]*side{}
	}
	s := j.sides[j.nSteps]
	if s == nil {
		s = &side{}
		j.sides[j.nSteps] = s
	}
	return s
}

// noteInput records that the step begun last read input from offset pos.
func (j *Journal) noteInput(pos uint64) {
	s := j.sideOf()
	s.inPos, s.input = pos, true
}

// noteChanges records the words a host call of the step begun last wrote.
func (j *Journal) noteChanges(chs []Change) {
	s := j.sideOf()
	s.changes = append(s.changes, chs...)
}

// markAt and changeAt find the ring slots of absolute indexes: the rings'
// lengths are powers of two, so a mask does for a modulo.
func (j *Journal) markAt(i uint64) *stepMark { return &j.marks[i&uint64(len(j.marks)-1)] }
func (j *Journal) changeAt(i uint64) *Change { return &j.changes[i&uint64(len(j.changes)-1)] }

// begin opens the step about to run at pc; out is the output count before it.
func (j *Journal) begin(pc uint32, out uint64) {
	*j.markAt(j.nSteps) = stepMark{start: j.nChanges, out: out, pc: pc}
}

// record notes that the step begun last is about to overwrite old at addr.
func (j *Journal) record(addr, old uint32) {
	*j.changeAt(j.nChanges) = Change{addr, old}
	j.nChanges++
}

// save keeps the call-stack frame that the step begun last overwrites.
func (j *Journal) save(f Frame) {
	j.saved[j.nSaved&uint64(len(j.saved)-1)] = f
	j.nSaved++
}

// drop forgets the changes of the step begun last, which faulted.
func (j *Journal) drop() { j.nChanges = j.markAt(j.nSteps).start }

// commit closes the step begun last: it ran, and can be undone.
func (j *Journal) commit() {
	j.nSteps++
	if j.nSteps-j.oldest >= uint64(len(j.marks)) {
		j.full()
	}
}

// full keeps one mark slot free for the next step: it grows the rings while
// they are below capacity, then drops the oldest step.
func (j *Journal) full() {
	if uint64(len(j.marks)) < j.capacity {
		j.alloc(2 * uint64(len(j.marks)))
		return
	}
	if j.sides != nil {
		delete(j.sides, j.oldest)
	}
	j.oldest++
}

// Last returns the eip before the most recent step and what that step
// changed (oldest change first), or false when there is no step to show.
func (j *Journal) Last() (pc uint32, changes []Change, ok bool) {
	if j.Depth() == 0 {
		return 0, nil, false
	}
	m := j.markAt(j.nSteps - 1)
	for i := m.start; i < j.nChanges; i++ {
		changes = append(changes, *j.changeAt(i))
	}
	if s := j.sides[j.nSteps-1]; s != nil {
		changes = append(changes, s.changes...)
	}
	return m.pc, changes, true
}

// Recent returns what the last n steps changed, oldest change first, each
// with the value its word held before it: a REPL says what a line changed
// from it, without copying memory before every line (a copy of the
// largest memory is 1 GiB). It returns false when the journal no longer
// holds n steps.
func (j *Journal) Recent(n int) ([]Change, bool) {
	if n < 0 || n > j.Depth() {
		return nil, false
	}
	var changes []Change
	for k := j.nSteps - uint64(n); k < j.nSteps; k++ {
		end := j.nChanges
		if k+1 < j.nSteps {
			end = j.markAt(k + 1).start
		}
		for i := j.markAt(k).start; i < end; i++ {
			changes = append(changes, *j.changeAt(i))
		}
		if s := j.sides[k]; s != nil {
			changes = append(changes, s.changes...)
		}
	}
	return changes, true
}

// Back undoes the most recent recorded step of c: memory, registers, eip,
// the step count and the output count return to what they were before it.
// It returns the number of output bytes to keep, and false when there is no
// recorded step to undo.
func (c *CPU) Back() (outBytes uint64, ok bool) {
	j := c.journal
	if j == nil || j.Depth() == 0 {
		return c.outBytes, false
	}
	m := *j.markAt(j.nSteps - 1)
	for i := j.nChanges; i > m.start; i-- {
		ch := j.changeAt(i - 1)
		c.words[ch.Addr] = ch.Old
	}
	j.nChanges = m.start
	if m.calls != 0 {
		var saved Frame
		if m.calls&callPushed != 0 {
			j.nSaved--
			saved = j.saved[j.nSaved&uint64(len(j.saved)-1)]
		}
		c.calls.undo(m.calls, saved)
	}
	j.nSteps--
	if c.prof != nil {
		if int(m.pc) < len(c.prof.Counts) {
			c.prof.Counts[m.pc]--
		}
		c.prof.back(c.steps - 1)
	}
	if s := j.sides[j.nSteps]; s != nil {
		for i := len(s.changes) - 1; i >= 0; i-- {
			c.words[s.changes[i].Addr] = s.changes[i].Old
		}
		if s.input {
			c.in.pos = s.inPos
		}
		delete(j.sides, j.nSteps)
	}
	c.steps--
	c.outBytes = m.out
	c.state, c.fault = Ready, nil
	c.in.wait = false // back before an rdn that waited: it has not run yet
	c.words[memory.EIP] = m.pc
	return m.out, true
}
