package tui

import (
	"fmt"
	"strings"

	"cpu32/cpu"
	"cpu32/debugger"
	"cpu32/memory"
)

// maxOutputBytes is how much of the program's output the output pane
// takes: its end is what matters, and a long run can print megabytes.
const maxOutputBytes = 64 << 10

// frame is what the panes show of the session, read in one go: on the UI
// goroutine while no command runs, or through Session.Peek by the
// goroutine that watches a run, so that the panes follow a long run
// without touching the session while it runs.
type frame struct {
	status   debugger.Status
	output   string // the end of the output, from a line's start
	dropped  uint64 // the bytes printed before output
	regs     [memory.NumRegs]uint32
	changed  []cpu.Change
	size     uint32            // memory words
	stack    []uint32          // from esp up
	returns  map[uint32]string // the stack slots holding return addresses: where they return to
	memStart uint32
	mem      []uint32 // from memStart up
	watches  []watchRow
	bps      []debugger.Breakpoint
	branch   string // "→ taken" or "→ not taken" on a conditional jump
	frames   []debugger.Frame
	sel      int // the selected frame
}

// readFrame reads the session: the memory pane's words from memStart.
func readFrame(s *debugger.Session, memStart uint32) frame {
	f := frame{status: s.Status(), memStart: memStart, changed: s.ChangedValues(), bps: s.Breakpoints()}
	total, _ := s.OutputSize()
	from := uint64(0)
	if total > maxOutputBytes {
		from = total - maxOutputBytes
	}
	out, start := s.OutputFrom(from)
	if start > 0 {
		if i := strings.IndexByte(out, '\n'); i >= 0 {
			out, start = out[i+1:], start+uint64(i+1) // drop the partial first line
		}
	}
	// No more lines than the pane keeps, so that the title counts what
	// the pane does not show.
	lines := 0
	for i := len(strings.TrimSuffix(out, "\n")) - 1; i >= 0; i-- {
		if out[i] != '\n' {
			continue
		}
		if lines++; lines == maxPaneLines {
			out, start = out[i+1:], start+uint64(i+1)
			break
		}
	}
	f.output, f.dropped = out, start

	m := s.CPU().Memory()
	for _, r := range memory.Regs() {
		f.regs[r] = m.Reg(r)
	}
	f.size = uint32(m.Size())
	load := func(from uint32, n int) []uint32 {
		var words []uint32
		for a := uint64(from); a < uint64(f.size) && len(words) < n; a++ {
			w, _ := m.Load(uint32(a))
			words = append(words, w)
		}
		return words
	}
	f.stack = load(f.regs[memory.ESP], maxStackRows)
	f.returns = returnPlaces(s.CPU())
	f.mem = load(memStart, maxMemRows*maxWordsPerRow)
	for _, w := range s.Watchpoints() {
		v, err := m.Load(w.Addr)
		f.watches = append(f.watches, watchRow{id: w.ID, expr: w.Expr, addr: w.Addr, value: v, ok: err == nil, enabled: w.Enabled})
	}
	f.frames, f.sel = s.Frames(), s.SelectedFrame()
	if taken, ok := s.BranchTaken(); ok {
		f.branch = "→ not taken"
		if taken {
			f.branch = "→ taken"
		}
	}
	return f
}

// refresh reads the session and gives every pane its state. It runs on
// the UI goroutine, and only while no command runs.
func (u *UI) refresh() {
	u.show(readFrame(u.s, u.mem.start))
	u.status.setStatus(u.s.Status(), u.cmds.Reason())
}

// show gives every pane its part of f, on the UI goroutine. The status
// line is left to the caller: a running program's differs.
func (u *UI) show(f frame) {
	u.output.setText(f.output)
	u.output.SetTitle(outputTitle(f.dropped))

	changed := map[uint32]bool{}
	var flagsDiff uint32
	for _, c := range f.changed {
		changed[c.Addr] = true
		if c.Addr == uint32(memory.FLAGS) {
			flagsDiff = c.Old ^ f.regs[memory.FLAGS]
		}
	}
	u.regs.setState(f.regs, changed, flagsDiff)
	u.stack.setState(f.stack, f.regs[memory.ESP], f.regs[memory.EBP], f.size, changed)
	u.stack.returns = f.returns
	u.stack.calls = ""
	if len(f.frames) > 1 {
		u.stack.calls = callsLine(f.frames, f.sel)
	}
	m := u.s.CPU().Memory()
	read := func(a uint32) (uint32, bool) {
		w, err := m.Load(a)
		return w, err == nil
	}
	u.mem.setState(f.size, read, f.memStart, f.mem, changed, f.watches)
	u.refreshSource(f)
}

// outputTitle is the output pane's title, saying how much of the output
// it no longer shows.
func outputTitle(dropped uint64) string {
	if dropped == 0 {
		return " output "
	}
	return fmt.Sprintf(" output (%s not shown) ", byteCount(dropped))
}

// byteCount renders a size as 512 bytes, 12.3 KB or 4.5 MB.
func byteCount(n uint64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f KB", float64(n)/1e3)
	case n < 1000*1000*1000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1f GB", float64(n)/1e9)
}

// refreshSource picks what the source pane lists (the file eip is in, or
// a disassembly when the program has no source text) and marks eip, the
// branch note and the breakpoints on it.
func (u *UI) refreshSource(f frame) {
	eip := f.regs[memory.EIP]
	if f.sel > 0 && f.sel < len(f.frames) {
		// frame, up or down chose a caller: the pane shows its line.
		eip = f.frames[f.sel].Addr
	}
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
	marks := map[int]bool{}
	for _, b := range f.bps {
		r, ok := row(b.Addr)
		if list.file != "" && b.File == list.file && b.Line >= 1 && b.Line <= len(list.lines) {
			r, ok = b.Line-1, true
		}
		if ok {
			marks[r] = marks[r] || b.Enabled
		}
	}
	note, faulted := f.branch, f.status.State == cpu.Faulted
	if f.sel > 0 && f.sel < len(f.frames) {
		note, faulted = fmt.Sprintf("◀ frame #%d, in %s", f.sel, f.frames[f.sel].Function), false
	}
	u.source.heat, u.source.heatMax = nil, 0
	if u.source.heatOn {
		u.source.heat = u.heatRows(row)
		for _, n := range u.source.heat {
			u.source.heatMax = max(u.source.heatMax, n)
		}
	}
	u.source.setState(curRow, note, marks, faulted)
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
