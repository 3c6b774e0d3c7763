package tui

import (
	"strings"

	"cpu32/cpu"
	"cpu32/memory"
)

// maxOutputBytes is how much of the program's output the output pane
// takes: its end is what matters, and a long run can print megabytes.
const maxOutputBytes = 64 << 10

// refresh reads the session and gives every pane its state. It runs on
// the UI goroutine, and only while no command runs.
func (u *UI) refresh() {
	u.status.setStatus(u.s.Status())
	out := u.s.Output()
	if len(out) > maxOutputBytes {
		out = out[len(out)-maxOutputBytes:]
		if i := strings.IndexByte(out, '\n'); i >= 0 {
			out = out[i+1:] // drop the partial first line
		}
	}
	u.output.setText(out)

	c := u.s.CPU()
	if c == nil {
		return
	}
	m := c.Memory()
	var regs [memory.NumRegs]uint32
	for _, r := range memory.Regs() {
		regs[r] = m.Reg(r)
	}
	changed := map[uint32]bool{}
	var flagsDiff uint32
	for _, c := range u.s.ChangedValues() {
		changed[c.Addr] = true
		if c.Addr == uint32(memory.FLAGS) {
			flagsDiff = c.Old ^ regs[memory.FLAGS]
		}
	}
	u.regs.setState(regs, changed, flagsDiff)

	size := uint32(m.Size())
	esp := regs[memory.ESP]
	var words []uint32
	for a := uint64(esp); a < uint64(size) && len(words) < maxStackRows; a++ {
		w, _ := m.Load(uint32(a))
		words = append(words, w)
	}
	u.stack.setState(words, esp, regs[memory.EBP], size, changed)
	u.stack.returns = returnPlaces(c)

	read := func(a uint32) (uint32, bool) {
		w, err := m.Load(a)
		return w, err == nil
	}
	var watches []watchRow
	for _, w := range u.s.Watchpoints() {
		v, ok := read(w.Addr)
		watches = append(watches, watchRow{id: w.ID, expr: w.Expr, addr: w.Addr, value: v, ok: ok, enabled: w.Enabled})
	}
	u.mem.setState(size, read, changed, watches)

	u.refreshSource(c.EIP())
}

// refreshSource picks what the source pane lists (the file eip is in, or
// a disassembly when the program has no source text) and marks eip, the
// branch note and the breakpoints on it.
func (u *UI) refreshSource(eip uint32) {
	p := u.s.Program()
	if p != u.prog {
		// A reload: list the new program's source from scratch.
		u.prog = p
		u.source.list = listing{}
	}
	file, _, inFile := u.s.Where(eip)
	cur := u.source.list
	switch {
	case cur.lines == nil:
		if l, ok := sourceListing(p.Debug, file); inFile && ok {
			u.source.setListing(l)
		} else if l, ok := u.firstSourceListing(); ok {
			u.source.setListing(l)
		} else {
			u.source.setListing(disasmListing(p))
		}
	case cur.file != "" && inFile && file != cur.file:
		// eip went into another file (an %include): show that one.
		if l, ok := sourceListing(p.Debug, file); ok {
			u.source.setListing(l)
		}
	}
	list := u.source.list

	// row finds the row of an address in the listing.
	row := func(addr uint32) (int, bool) {
		if list.file == "" {
			r, ok := list.rowOf[addr]
			return r, ok
		}
		f, line, ok := u.s.Where(addr)
		if !ok || f != list.file || line < 1 || line > len(list.lines) {
			return 0, false
		}
		return line - 1, true
	}
	curRow := -1
	if r, ok := row(eip); ok {
		curRow = r
	}
	note := ""
	if taken, ok := u.s.BranchTaken(); ok {
		note = "→ not taken"
		if taken {
			note = "→ taken"
		}
	}
	marks := map[int]bool{}
	for _, b := range u.s.Breakpoints() {
		r, ok := row(b.Addr)
		if list.file != "" && b.File == list.file && b.Line >= 1 && b.Line <= len(list.lines) {
			r, ok = b.Line-1, true
		}
		if ok {
			marks[r] = marks[r] || b.Enabled
		}
	}
	u.source.setState(curRow, note, marks, u.s.Status().State == cpu.Faulted)
}

// firstSourceListing lists the first file whose source text was kept.
func (u *UI) firstSourceListing() (listing, bool) {
	d := u.s.Program().Debug
	if d == nil {
		return listing{}, false
	}
	for _, f := range d.Files {
		if l, ok := sourceListing(d, f); ok {
			return l, true
		}
	}
	return listing{}, false
}
