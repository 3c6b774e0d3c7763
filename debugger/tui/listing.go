package tui

import (
	"fmt"

	"cpu32/assembler"
	"cpu32/image"
	"cpu32/isa"
)

// srcLine is one row of the source pane: a source line, or in a
// disassembly a label or an instruction.
type srcLine struct {
	text    string // tabs already expanded
	num     int    // the source line number (1-based); 0 in a disassembly
	addr    uint32 // in a disassembly, the instruction's address
	hasAddr bool
}

// listing is what the source pane shows: one source file, or the
// disassembly of a program that came without its source text.
type listing struct {
	file  string // the source file; "" for a disassembly
	lines []srcLine
	rowOf map[uint32]int // in a disassembly, the row of each instruction
}

// sourceListing lists file from the source text kept in the program's
// debug information; ok is false when the text was not kept.
func sourceListing(d *image.Debug, file string) (listing, bool) {
	if d == nil {
		return listing{}, false
	}
	for i, f := range d.Files {
		if f != file || i >= len(d.Source) || len(d.Source[i]) == 0 {
			continue
		}
		l := listing{file: file, lines: make([]srcLine, len(d.Source[i]))}
		for n, text := range d.Source[i] {
			l.lines[n] = srcLine{text: expandTabs(text), num: n + 1}
		}
		return l, true
	}
	return listing{}, false
}

// disasmListing lists every instruction of p as "address: instruction",
// with a row for each code label, for a program without source text.
func disasmListing(p *image.Program) listing {
	l := listing{rowOf: map[uint32]int{}}
	for addr := uint32(0); addr < uint32(len(p.Code)); {
		if name, ok := p.Debug.CodeLabelAt(addr); ok {
			l.lines = append(l.lines, srcLine{text: name + ":"})
		}
		l.rowOf[addr] = len(l.lines)
		d, err := isa.Decode(p.Code, addr)
		if err != nil {
			// Not an instruction: show the word and go on, as the CPU does
			// (the word faults only if it is reached).
			l.lines = append(l.lines, srcLine{text: fmt.Sprintf("%6d:   .word %#x", addr, p.Code[addr]), addr: addr, hasAddr: true})
			addr++
			continue
		}
		l.lines = append(l.lines, srcLine{text: fmt.Sprintf("%6d:   %s", addr, assembler.FormatProgramInstruction(d, p)), addr: addr, hasAddr: true})
		addr += uint32(d.Size())
	}
	// The end of the code is a place eip can be: give it a row to point at.
	l.rowOf[uint32(len(p.Code))] = len(l.lines)
	l.lines = append(l.lines, srcLine{text: fmt.Sprintf("%6d:   (end of the code)", len(p.Code)), addr: uint32(len(p.Code))})
	return l
}
