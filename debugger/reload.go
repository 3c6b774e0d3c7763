package debugger

import (
	"errors"
	"fmt"
	"strings"

	"cpu32/cpu"
	"cpu32/image"
)

// Loader reads the program again, for reload: the program as its files now
// are, and the warnings about it to show ("" for none). A program that does
// not assemble is an error whose text is the assembler's diagnostics.
type Loader func() (p *image.Program, warnings string, err error)

// SetLoader gives the session the way to read its program again; without
// one, reload says that it cannot.
func (s *Session) SetLoader(l Loader) { s.loader = l }

// ErrNoLoader is ReloadFiles' answer when the session was given no Loader.
var ErrNoLoader = errors.New("this session cannot reload its program (it was not loaded from a file)")

// ReloadFiles re-reads the program through the Loader and, when it loads,
// replaces the program and restarts (Reload); the result is Reload's,
// with the assembler's warnings. When it does not load, the old program
// stays, untouched, and the error says why.
func (s *Session) ReloadFiles() (string, error) {
	defer s.acquire()()
	if s.loader == nil {
		return "", ErrNoLoader
	}
	p, warnings, err := s.loader()
	var out string
	if err == nil {
		out, err = s.reload(p)
	}
	if err != nil {
		return "", fmt.Errorf("the program did not reload; the old one is still running:\n%w", err)
	}
	if warnings != "" {
		out += "\n" + warnings
	}
	return out, nil
}

// Reload replaces the session's program with p and restarts it on a fresh
// machine of the same size. Breakpoints and watchpoints keep their ids and
// whether they are enabled; they are placed again in p: a breakpoint set on
// a label on that label, one set on a line (or by the keys) on the same
// file and line, one set on an address on the same address. The result
// lists each one that moved to another line or could not be placed (and
// was deleted). On an error (p does not fit the machine), nothing changes.
func (s *Session) Reload(p *image.Program) (string, error) {
	defer s.acquire()()
	return s.reload(p)
}

func (s *Session) reload(p *image.Program) (string, error) {
	if p == nil {
		return "", errors.New("debugger: no program")
	}
	s.rejoin() // between two chunks of a run: its snapshots are of this machine
	cfg := s.cfg
	cfg.Out = &s.out
	cfg.Input = s.input.reader()
	c, err := cpu.New(p, cfg)
	if err != nil {
		return "", err
	}
	oldBps, oldWps := s.bps, s.wps
	s.prog, s.c = p, c
	s.tier.reset() // its code runs the old machine
	s.j = cpu.NewJournal(s.j.Limit())
	c.SetJournal(s.j)
	c.StartProfile()
	s.code = decodeInfo(p.Code)
	s.bps, s.wps = nil, nil
	s.bpAt, s.temps = map[uint32][]*breakpoint{}, map[uint32]bool{}
	s.restart()

	var notes []string
	for _, old := range oldBps {
		b, moved, err := s.replaceBreakpoint(old)
		switch {
		case err != nil:
			notes = append(notes, fmt.Sprintf("breakpoint %d%s could not be placed and is deleted: %v", old.ID, named(old.Label), err))
		case moved:
			notes = append(notes, fmt.Sprintf("breakpoint %d%s moved from %s:%d to %s", b.ID, named(old.Label), old.File, old.Line, s.loc(b.Addr)))
		}
	}
	for _, old := range oldWps {
		w, err := s.addWatch(old.Expr)
		if err != nil {
			notes = append(notes, fmt.Sprintf("watchpoint %d (%s) could not be placed and is deleted: %v", old.ID, old.Expr, err))
			continue
		}
		// addWatch numbered it as a new point; it keeps its old id.
		s.nextID--
		w.ID, w.Enabled = old.ID, old.Enabled
		if w.Addr != old.Addr {
			notes = append(notes, fmt.Sprintf("watchpoint %d (%s) now watches [%d] (was [%d])", w.ID, w.Expr, w.Addr, old.Addr))
		}
	}
	n := len(s.bps) + len(s.wps)
	ins := "1 instruction"
	if k := s.instructions(); k != 1 {
		ins = fmt.Sprintf("%d instructions", k)
	}
	head := fmt.Sprintf("reloaded and restarted: %s; %s kept", ins, pointsText(n))
	return strings.Join(append([]string{head}, notes...), "\n"), nil
}

// replaceBreakpoint places an old breakpoint in the reloaded program. moved
// reports a breakpoint that now stops on another line than before.
func (s *Session) replaceBreakpoint(old *breakpoint) (*breakpoint, bool, error) {
	var addr uint32
	var err error
	switch {
	case isName(old.Label):
		addr, err = s.resolveLoc(old.Label)
	case old.File != "" && old.Line > 0:
		addr, err = s.lineAddr(old.File, fmt.Sprint(old.Line))
	default:
		addr, err = s.resolveLoc(fmt.Sprintf("*%d", old.Addr))
	}
	if err != nil {
		return nil, false, err
	}
	var cond *expr
	if old.Cond != "" {
		if cond, err = parseExpr(old.Cond, s.prog.Debug); err != nil {
			return nil, false, fmt.Errorf("its condition: %v", err)
		}
	}
	id := s.nextID
	s.nextID = old.ID
	b := s.addBreakpoint(addr, old.Label, cond)
	s.nextID = id
	if !old.Enabled {
		b.Enabled = false
		s.arm(addr)
	}
	moved := old.File != "" && (b.File != old.File || b.Line != old.Line)
	return b, moved, nil
}

// isName says whether a location as typed is a label.
func isName(loc string) bool {
	if loc == "" || !isIdentStart(loc[0]) {
		return false
	}
	for i := 1; i < len(loc); i++ {
		if !isIdentChar(loc[i]) {
			return false
		}
	}
	return true
}

// named shows a breakpoint's label, when it was set on one: " (loop)".
func named(loc string) string {
	if isName(loc) {
		return " (" + loc + ")"
	}
	return ""
}

// Alias is how the user named the breakpoint's place when that is not a
// source line ("loop", "*15"), or "": listings show it next to the line.
func (b Breakpoint) Alias() string {
	if isDecimal(b.Label) || strings.Contains(b.Label, ":") {
		return ""
	}
	return b.Label
}

// instructions counts the program's instructions.
func (s *Session) instructions() int {
	n := 0
	for _, sz := range s.code.size {
		if sz != 0 {
			n++
		}
	}
	return n
}

func pointsText(n int) string {
	switch n {
	case 0:
		return "no breakpoints or watchpoints"
	case 1:
		return "1 breakpoint or watchpoint"
	}
	return fmt.Sprintf("%d breakpoints and watchpoints", n)
}
