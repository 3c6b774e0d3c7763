package debugger

import (
	"io"
	"slices"
	"time"

	"cpu32/cpu"
)

// A long forward run sets the journal aside and runs on the plain fast
// path, which is many times faster, taking a snapshot of the machine now
// and then. When it stops, the engine goes back to a snapshot from before
// the last steps the journal keeps and runs them again, journaling, to
// where it stopped: the journal then holds what it would have held had
// every step been journaled, so step back, reverse-continue, the call
// stack and the output's undo behave as if it had. The profile (the heat
// map's counts) is counted on the fast path as well, and put back with
// each snapshot.
//
// Running again is exact because the machine is deterministic: every
// byte of input it read stays buffered (cpu.Snapshot), and output is
// written again to nowhere. A program with host functions (whose effects
// lie outside the machine) and a run with an enabled watchpoint (which
// takes every step alone) keep journaling every step.

// maxSnapshotWords bounds the memory of a machine whose runs set the
// journal aside: a run keeps up to five copies of it (80 MiB at most).
const maxSnapshotWords = 1 << 22

// keptSnaps is how many snapshots a run keeps, besides the one from where
// it set the journal aside.
const keptSnaps = 3

// defaultSnapEvery is the least time between two snapshots: copying a
// memory of the default size takes some 0.1 ms.
const defaultSnapEvery = 2 * time.Millisecond

// replay is a run's state while its journal is set aside.
type replay struct {
	aside bool         // the journal is set aside
	start cpu.Snapshot // where it was set aside: the journal ends there
	snaps [keptSnaps]cpu.Snapshot
	taken int          // snapshots in snaps taken by this run (the latest keptSnaps kept)
	every uint64       // steps between two snapshots, at least
	last  time.Time    // when the latest was taken
	stop  cpu.Snapshot // where the run stopped, while it runs again
	// counted: the heat map's counts were complete at start (compiled
	// code had not run since the restart).
	counted bool
}

// mayAside reports whether this run may set the journal aside.
func (s *Session) mayAside(watching bool) bool {
	return !watching && !s.opts.stepwise && len(s.prog.Externs) == 0 && s.c.Memory().Size() <= maxSnapshotWords
}

// setAside stops journaling, from a chunk boundary of a run.
func (s *Session) setAside() {
	r := &s.replay
	s.c.Snapshot(&r.start)
	r.aside, r.taken, r.last = true, 0, time.Now()
	r.counted = s.CountsComplete()
	// A snapshot copies memory: taking one every memory size's steps at
	// least, and no more often than opts.snapEvery, keeps the copies cheap
	// beside the steps (a word copied costs less than a step). The kept
	// snapshots span two intervals or more, at least the journal's
	// length, so one is from before its steps (but at the start of a
	// run); what runs again at the stop without the journal, on the fast
	// path, is less than an interval: shorter intervals make a stop
	// cheaper.
	r.every = max(uint64(s.j.Limit())/(keptSnaps-1), uint64(s.c.Memory().Size()))
	s.c.SetJournal(nil)
}

// snapshot takes a snapshot, from a chunk boundary of a run that has set
// the journal aside, when the last was taken long enough ago.
func (s *Session) snapshot() {
	r := &s.replay
	if s.c.State() != cpu.Ready || s.c.Steps()-r.latest().Steps() < r.every || time.Since(r.last) < s.opts.snapEvery {
		return
	}
	s.c.Snapshot(&r.snaps[r.taken%keptSnaps])
	r.taken++
	r.last = time.Now()
}

// latest returns the latest snapshot.
func (r *replay) latest() *cpu.Snapshot {
	if r.taken == 0 {
		return &r.start
	}
	return &r.snaps[(r.taken-1)%keptSnaps]
}

// from returns the latest snapshot taken at step count at or before n.
func (r *replay) from(n uint64) *cpu.Snapshot {
	best := &r.start
	for i := range min(r.taken, keptSnaps) {
		if sn := &r.snaps[i]; sn.Steps() <= n && sn.Steps() > best.Steps() {
			best = sn
		}
	}
	return best
}

// rejoin ends a run that set the journal aside: it runs the steps the
// journal keeps again from a snapshot, journaling, to where the run
// stopped. Should the machine not come back to the same place (it would
// be a bug), it keeps where the run stopped and an empty journal.
func (s *Session) rejoin() {
	r := &s.replay
	if !r.aside {
		return
	}
	r.aside = false
	c := s.c
	c.Snapshot(&r.stop)
	counts := s.uncounted()
	n := c.Steps()
	from := uint64(0)
	if limit := uint64(s.j.Limit()); n > limit {
		from = n - limit // the first step the journal keeps
	}
	c.SetOutput(io.Discard)
	defer c.SetOutput(&s.out)
	// Run again from where it set the journal aside, every step is
	// counted again: compiled code's steps too.
	whole := r.counted
	if from <= r.start.Steps() {
		c.Restore(&r.start) // the journal ends here: go on with it
		c.ResumeJournal(s.j)
	} else {
		sn := r.from(from)
		whole = whole && sn == &r.start
		c.Restore(sn)
		if !c.RunTo(from) {
			c.Restore(&r.stop)
			c.SetJournal(s.j)
			return
		}
		c.SetJournal(s.j)
	}
	ran := c.RunTo(n)
	counts.swap(c)
	if !ran || !c.Matches(&r.stop) {
		s.j = cpu.NewJournal(s.j.Limit())
		c.SetJournal(s.j)
		whole = false
	}
	c.Restore(&r.stop)
	counts.swap(c)
	if counts != nil && whole {
		s.tier.ran = false
	}
}

// recount is the heat map's counts at a run's stop, when compiled code ran
// some of the steps since the last restart and counted none of them: the
// steps run again for the journal are counted, so the counts differ from
// the stop's, and those are what stepping back over them uncounts.
type recount struct{ other []uint64 }

// uncounted returns the counts to put aside at the stop, or nothing when
// every step was counted.
func (s *Session) uncounted() *recount {
	if s.CountsComplete() || s.c.Profile() == nil {
		return nil
	}
	return &recount{slices.Clone(s.c.Profile().Counts)}
}

// swap exchanges the machine's counts with those put aside: after the
// steps run again, so that the machine matches its stop, and after
// restoring the stop, so that it keeps the steps counted again.
func (r *recount) swap(c *cpu.CPU) {
	if r == nil {
		return
	}
	cs := c.Profile().Counts
	for i := range cs {
		cs[i], r.other[i] = r.other[i], cs[i]
	}
}
