package debugger

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"cpu32/cpu"
)

// fileIndex finds a file of the program by the name the assembler was given
// or, when that is unambiguous, by its base name, so that `break fib.asm:7`
// works for a program assembled from programs/fib.asm.
func (s *Session) fileIndex(name string) (int, error) {
	d := s.prog.Debug
	if d == nil || len(d.Files) == 0 {
		return 0, fmt.Errorf("the program has no source information (a raw program); use *ADDR")
	}
	for i, f := range d.Files {
		if f == name {
			return i, nil
		}
	}
	found := -1
	for i, f := range d.Files {
		if filepath.Base(f) == filepath.Base(name) {
			if found >= 0 {
				return 0, fmt.Errorf("%q names more than one file; write its path as in %s", name, d.Files[found])
			}
			found = i
		}
	}
	if found < 0 {
		return 0, fmt.Errorf("no file %q in the program (its files: %s)", name, strings.Join(d.Files, ", "))
	}
	return found, nil
}

// resolveLoc turns a location as typed into a code address:
//
//	""         the instruction at eip
//	7          line 7 of the main file (the one given to the assembler)
//	fib.asm:7  line 7 of fib.asm
//	loop       a code label
//	*12, *loop+2  an address expression, as in gdb
//
// A line without code means the next line below it that has some.
func (s *Session) resolveLoc(loc string) (uint32, error) {
	loc = strings.TrimSpace(loc)
	switch {
	case loc == "":
		if s.c.State() != cpu.Ready {
			return 0, fmt.Errorf("no instruction at eip (the program has stopped); give a location")
		}
		return s.c.EIP(), nil
	case strings.HasPrefix(loc, "*"):
		e, err := parseExpr(loc[1:], s.prog.Debug)
		if err != nil {
			return 0, err
		}
		a, err := e.eval(s.c.Memory())
		if err != nil {
			return 0, err
		}
		if uint64(a) >= uint64(len(s.prog.Code)) || s.code.size[a] == 0 {
			return 0, fmt.Errorf("address %d is not the start of an instruction", int32(a))
		}
		return a, nil
	case isDecimal(loc):
		d := s.prog.Debug
		if d == nil || len(d.Files) == 0 {
			return 0, fmt.Errorf("the program has no source lines (a raw program); write *%s for address %s", loc, loc)
		}
		return s.lineAddr(d.Files[0], loc)
	case strings.Contains(loc, ":"):
		i := strings.LastIndex(loc, ":")
		file, line := strings.TrimSpace(loc[:i]), strings.TrimSpace(loc[i+1:])
		if !isDecimal(line) {
			return 0, fmt.Errorf("bad location %q: write FILE:LINE, e.g. fib.asm:7", loc)
		}
		return s.lineAddr(file, line)
	case isIdentStart(loc[0]):
		for i := 0; i < len(loc); i++ {
			if !isIdentChar(loc[i]) {
				return 0, fmt.Errorf("bad location %q: write a line (7), FILE:LINE, a label or *ADDR", loc)
			}
		}
		l, ok := s.prog.Debug.Label(loc)
		if !ok {
			return 0, fmt.Errorf("no label %q", loc)
		}
		if l.Data {
			return 0, fmt.Errorf("%q is a data label, not code (to stop when it changes: watch [%s])", loc, loc)
		}
		if uint64(l.Value) >= uint64(len(s.prog.Code)) || s.code.size[l.Value] == 0 {
			return 0, fmt.Errorf("label %q is at the end of the code, where no instruction runs", loc)
		}
		return l.Value, nil
	}
	return 0, fmt.Errorf("bad location %q: write a line (7), FILE:LINE, a label or *ADDR", loc)
}

func isDecimal(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (s *Session) lineAddr(file, lineText string) (uint32, error) {
	line, err := strconv.Atoi(lineText)
	if err != nil || line < 1 {
		return 0, fmt.Errorf("bad line number %q", lineText)
	}
	fi, err := s.fileIndex(file)
	if err != nil {
		return 0, err
	}
	addr, ok := s.AddrOfLine(s.prog.Debug.Files[fi], line)
	if !ok {
		return 0, fmt.Errorf("no code at or below line %d of %s", line, s.prog.Debug.Files[fi])
	}
	return addr, nil
}

// addBreakpoint creates an enabled breakpoint and arms its trap.
func (s *Session) addBreakpoint(addr uint32, label string, cond *expr) *breakpoint {
	b := &breakpoint{Breakpoint: Breakpoint{ID: s.nextID, Addr: addr, Label: label, Enabled: true}, cond: cond}
	s.nextID++
	if cond != nil {
		b.Cond = cond.src
	}
	b.File, b.Line, _ = s.Where(addr)
	s.bps = append(s.bps, b)
	s.bpAt[addr] = append(s.bpAt[addr], b)
	s.arm(addr)
	return b
}

// arm sets the cpu's trap at addr exactly when an enabled breakpoint or a
// running command's temporary stop needs it, so that cpu.Run stops there
// and nowhere else.
func (s *Session) arm(addr uint32) {
	on := s.temps[addr]
	for _, b := range s.bpAt[addr] {
		on = on || b.Enabled
	}
	s.c.SetBreakpoint(addr, on)
	s.tier.armedOK = false
}

// addWatch resolves a watch expression (a register, or one memory word
// whose address is computed now) and starts watching it.
func (s *Session) addWatch(text string) (*watchpoint, error) {
	e, err := parseExpr(text, s.prog.Debug)
	if err != nil {
		return nil, err
	}
	addr, err := s.place(e, "watch")
	if err != nil {
		return nil, err
	}
	w := &watchpoint{Watchpoint: Watchpoint{ID: s.nextID, Expr: e.src, Addr: addr, Enabled: true}}
	w.Old, _ = s.c.Memory().Load(addr)
	s.nextID++
	s.wps = append(s.wps, w)
	return w, nil
}

// place returns the address of a register or memory operand expression:
// what watch and set act on.
func (s *Session) place(e *expr, cmd string) (uint32, error) {
	switch {
	case e.reg != nil:
		return uint32(*e.reg), nil
	case e.inner != nil:
		a, err := e.inner.eval(s.c.Memory())
		if err != nil {
			return 0, err
		}
		if uint64(a) >= uint64(s.c.Memory().Size()) {
			return 0, fmt.Errorf("address %d is outside memory (0..%d)", int32(a), s.c.Memory().Size()-1)
		}
		return a, nil
	}
	return 0, fmt.Errorf("%s needs a register (eax) or a memory word ([count], [ebp-2]), not %q", cmd, e.src)
}

// syncWatches makes every watchpoint's Old the word's current value, so
// that only what the program does from here on counts as a change.
func (s *Session) syncWatches() {
	for _, w := range s.wps {
		w.Old, _ = s.c.Memory().Load(w.Addr)
	}
}

// watching reports whether any watchpoint is enabled, which forces the
// slower one-step-at-a-time loop.
func (s *Session) watching() bool {
	if s.opts.stepwise {
		return true
	}
	for _, w := range s.wps {
		if w.Enabled {
			return true
		}
	}
	return false
}

// watchHits compares the watched words with their last values and
// returns every change. Forward, a change counts as a hit; backward it
// does not, since hits count what the program did.
func (s *Session) watchHits(count bool) []WatchHit {
	mem := s.c.Memory()
	var hits []WatchHit
	for _, w := range s.wps {
		if !w.Enabled {
			continue
		}
		v, _ := mem.Load(w.Addr)
		if v == w.Old {
			continue
		}
		old := w.Old
		w.Old = v
		if w.cond != nil {
			if c, err := w.cond.eval(mem); err == nil && c == 0 {
				continue
			}
		}
		if count {
			w.Hits++
			if !w.hit.holds(w.Hits) {
				continue
			}
		}
		hits = append(hits, WatchHit{ID: w.ID, Expr: w.Expr, Addr: w.Addr, Old: old, New: v})
	}
	return hits
}

// userBreak checks the enabled breakpoints at eip and their conditions.
// A condition that cannot be evaluated (say, memory out of range) stops
// too, since the user asked to look at this place under some condition
// and the engine cannot tell whether it holds.
func (s *Session) userBreak(count bool) (StopEvent, bool) {
	pc := s.c.EIP()
	there := s.bpAt[pc]
	if len(there) == 0 {
		return StopEvent{}, false
	}
	var ids []int
	for _, b := range there {
		if !b.Enabled {
			continue
		}
		if b.cond != nil {
			v, err := b.cond.eval(s.c.Memory())
			if err != nil {
				return StopEvent{Kind: StopBreakpoint, Breakpoints: []int{b.ID}, CondErr: err}, true
			}
			if v == 0 {
				continue
			}
		}
		if count {
			b.Hits++
			if !b.hit.holds(b.Hits) {
				continue
			}
		}
		ids = append(ids, b.ID)
	}
	if len(ids) == 0 {
		return StopEvent{}, false
	}
	return StopEvent{Kind: StopBreakpoint, Breakpoints: ids}, true
}

// BreakpointList names breakpoints in a message: "breakpoint 1" or
// "breakpoints 1, 3". The engine's and the command language's messages
// share it so that they read alike.
func BreakpointList(ids []int) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.Itoa(id)
	}
	if len(ids) == 1 {
		return "breakpoint " + parts[0]
	}
	return "breakpoints " + strings.Join(parts, ", ")
}

// findPoint returns breakpoint id (nil if there is none).
func (s *Session) findPoint(id int) *breakpoint {
	for _, b := range s.bps {
		if b.ID == id {
			return b
		}
	}
	return nil
}

// pointExists reports whether id names a breakpoint or a watchpoint.
func (s *Session) pointExists(id int) bool {
	for _, b := range s.bps {
		if b.ID == id {
			return true
		}
	}
	for _, w := range s.wps {
		if w.ID == id {
			return true
		}
	}
	return false
}

func (s *Session) deletePoint(id int) {
	for i, b := range s.bps {
		if b.ID == id {
			s.bps = append(s.bps[:i:i], s.bps[i+1:]...)
			there := s.bpAt[b.Addr]
			for k, x := range there {
				if x == b {
					there = append(there[:k:k], there[k+1:]...)
					break
				}
			}
			if len(there) == 0 {
				delete(s.bpAt, b.Addr)
			} else {
				s.bpAt[b.Addr] = there
			}
			s.arm(b.Addr)
			return
		}
	}
	for i, w := range s.wps {
		if w.ID == id {
			s.wps = append(s.wps[:i:i], s.wps[i+1:]...)
			return
		}
	}
}

func (s *Session) enablePoint(id int, on bool) {
	for _, b := range s.bps {
		if b.ID == id {
			b.Enabled = on
			s.arm(b.Addr)
		}
	}
	for _, w := range s.wps {
		if w.ID == id {
			w.Enabled = on
			w.Old, _ = s.c.Memory().Load(w.Addr)
		}
	}
}
