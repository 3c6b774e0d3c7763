package image

import (
	"fmt"
	"sort"
)

// DataBase is the address at which a program's data is laid out.
const DataBase = 32

// Program is an assembled program: what the assembler produces, what the
// interpreter loads and what an image file stores.
type Program struct {
	Code  []uint32 // the instruction words, in rubycpu's encoding
	Data  []uint32 // initial memory from address DataBase upward
	Entry uint32   // the code address execution starts at
	// Externs names the host functions the program declares with
	// `extern`, in declaration order; a host call's operand indexes it.
	// The host must provide every one before the program may run.
	Externs []string
	Debug   *Debug // source information; nil for a raw program
}

// Debug is what lets the debugger and the fault messages point at source.
type Debug struct {
	Files  []string   // source file names, as given to the assembler
	Lines  []Line     // one per instruction, sorted by Addr
	Labels []Label    // every label, sorted by Value then Name
	Source [][]string // each file's source lines, parallel to Files; may be empty
	// Externs says where each of the program's externs was declared,
	// parallel to Program.Externs (empty for a program without any).
	Externs []Place `json:",omitempty"`
}

// Place is a line of a source file.
type Place struct {
	File int // index into Files
	Line int // 1-based
}

// ExternAt returns the file and line that declared extern i.
func (d *Debug) ExternAt(i int) (file string, line int, ok bool) {
	if d == nil || i < 0 || i >= len(d.Externs) {
		return "", 0, false
	}
	pl := d.Externs[i]
	if pl.File < 0 || pl.File >= len(d.Files) {
		return "", pl.Line, false
	}
	return d.Files[pl.File], pl.Line, true
}

// Line maps an instruction's address to where it was written.
type Line struct {
	Addr uint32
	File int // index into Files
	Line int // 1-based
}

// Label is a named address: a code label's instruction address or a data
// label's memory address.
type Label struct {
	Name  string
	Value uint32
	Data  bool // true for a label in .data
}

// Where returns the file and line of the instruction at addr.
func (d *Debug) Where(addr uint32) (file string, line int, ok bool) {
	if d == nil {
		return "", 0, false
	}
	i := sort.Search(len(d.Lines), func(i int) bool { return d.Lines[i].Addr >= addr })
	if i == len(d.Lines) || d.Lines[i].Addr != addr {
		return "", 0, false
	}
	l := d.Lines[i]
	if l.File < 0 || l.File >= len(d.Files) {
		return "", l.Line, false
	}
	return d.Files[l.File], l.Line, true
}

// CodeFrom returns the first instruction on line of file number fi, or,
// when that line has none, on the nearest line below it that has one, and
// that line: where a debugger puts a breakpoint asked for on a line
// without code.
func (d *Debug) CodeFrom(fi, line int) (addr uint32, at int, ok bool) {
	if d == nil {
		return 0, 0, false
	}
	for _, l := range d.Lines {
		if l.File != fi || l.Line < line {
			continue
		}
		if !ok || l.Line < at || l.Line == at && l.Addr < addr {
			addr, at, ok = l.Addr, l.Line, true
		}
	}
	return addr, at, ok
}

// SourceLine returns the text of line n (1-based) of file, if it was kept.
func (d *Debug) SourceLine(file string, n int) (string, bool) {
	if d == nil {
		return "", false
	}
	for i, f := range d.Files {
		if f == file && i < len(d.Source) && n >= 1 && n <= len(d.Source[i]) {
			return d.Source[i][n-1], true
		}
	}
	return "", false
}

// Label returns the value of the named label.
func (d *Debug) Label(name string) (Label, bool) {
	if d == nil {
		return Label{}, false
	}
	for _, l := range d.Labels {
		if l.Name == name {
			return l, true
		}
	}
	return Label{}, false
}

// CodeLabelAt returns the name of a code label at addr, if any.
func (d *Debug) CodeLabelAt(addr uint32) (string, bool) {
	if d == nil {
		return "", false
	}
	for _, l := range d.Labels {
		if !l.Data && l.Value == addr {
			return l.Name, true
		}
	}
	return "", false
}

// DataName names data address addr after the data label at or below it:
// "nums" for the label's own address, "nums+3" three words on. dataLen is
// the program's data length; an address past it, or in the registers, has
// no name.
func (d *Debug) DataName(addr uint32, dataLen int) (string, bool) {
	if d == nil || addr < DataBase || uint64(addr) >= DataBase+uint64(dataLen) {
		return "", false
	}
	// Labels are sorted by value: the last data label at or below addr
	// names it (the first of several on the same address).
	best := -1
	for i, l := range d.Labels {
		if !l.Data || l.Value > addr {
			continue
		}
		if best < 0 || l.Value > d.Labels[best].Value {
			best = i
		}
	}
	if best < 0 {
		return "", false
	}
	l := d.Labels[best]
	if l.Value == addr {
		return l.Name, true
	}
	return fmt.Sprintf("%s+%d", l.Name, addr-l.Value), true
}
