package assembler

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"cpu32/image"
	"cpu32/isa"
	"cpu32/memory"
)

// FormatOperand renders one decoded operand as assembly: a register (an
// address below the register count), [address], [reg+disp], or an
// immediate. An immediate of a Target form is shown as a label when label
// names its address; every other immediate is shown as a signed number, as
// prn prints it (a jump to -1 reads as written, not as 4294967295). label may be nil. An
// Extern operand, whose name only the program knows, is shown as
// extern#N (FormatProgramInstruction names it).
func FormatOperand(o isa.Operand, form isa.Form, label func(addr uint32) (string, bool)) string {
	switch o.Kind {
	case isa.Imm:
		if form == isa.Extern {
			return "extern#" + strconv.FormatUint(uint64(o.Word), 10)
		}
		if form == isa.Target {
			if label != nil {
				if name, ok := label(o.Word); ok {
					return name
				}
			}
			// signed, as written: jmp -1 rather than jmp 4294967295
			return strconv.FormatInt(int64(int32(o.Word)), 10)
		}
		return strconv.FormatInt(int64(int32(o.Word)), 10)
	case isa.Addr:
		if o.Word < memory.NumRegs {
			return memory.Reg(o.Word).String()
		}
		return "[" + strconv.FormatUint(uint64(o.Word), 10) + "]"
	case isa.Rel:
		reg, disp := isa.UnpackRel(o.Word)
		name := memory.Reg(reg).String() // reg(13) for an unnamed one
		switch {
		case disp > 0:
			return fmt.Sprintf("[%s+%d]", name, disp)
		case disp < 0:
			return fmt.Sprintf("[%s%d]", name, disp)
		}
		return "[" + name + "]"
	}
	return "?"
}

// FormatInstruction renders a decoded instruction as assembly, such as
// "mov eax, [ebp-2]" or "jmp loop". label, which may be nil, names jump and
// call targets.
func FormatInstruction(d isa.Decoded, label func(addr uint32) (string, bool)) string {
	return formatWith(d, label, nil, nil)
}

// FormatProgramInstruction renders an instruction of p as assembly, with
// p's code labels for targets, its data labels for memory operands
// ([nums+ecx] rather than [ecx+32]) and its extern names for host calls
// (`call print_hex`).
func FormatProgramInstruction(d isa.Decoded, p *image.Program) string {
	return formatWith(d, p.Debug.CodeLabelAt, p.Externs, func(addr uint32) (string, bool) { return p.Debug.DataName(addr, len(p.Data)) })
}

// formatWith renders d with label naming its targets, externs its host
// calls and, when it is not nil, data naming its memory operands.
func formatWith(d isa.Decoded, label func(addr uint32) (string, bool), externs []string, data func(addr uint32) (string, bool)) string {
	if d.In == nil {
		return "?"
	}
	var b strings.Builder
	b.WriteString(d.In.Mnemonic())
	for i, o := range d.Operands {
		if i == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteString(", ")
		}
		form := isa.Value
		if i < len(d.In.Operands) {
			form = d.In.Operands[i]
		}
		if form == isa.Extern && uint64(o.Word) < uint64(len(externs)) {
			b.WriteString(externs[o.Word])
			continue
		}
		if i == 1 && o.Kind == isa.Imm && o.Word == 0 && (d.In.Op == isa.Div || d.In.Op == isa.Mod) {
			// A 0 divisor is an assembly error unless written strict, and
			// a raw program may hold one: the disassembly must assemble.
			b.WriteString("strict ")
		}
		b.WriteString(dataOperand(o, data, FormatOperand(o, form, label)))
	}
	return b.String()
}

// dataOperand names a memory operand by a data label, [nums] or
// [nums+ecx], when data knows its address; else it returns plain.
func dataOperand(o isa.Operand, data func(addr uint32) (string, bool), plain string) string {
	if data == nil {
		return plain
	}
	switch o.Kind {
	case isa.Addr:
		if n, ok := data(o.Word); ok {
			return "[" + n + "]"
		}
	case isa.Rel:
		reg, disp := isa.UnpackRel(o.Word)
		if n, ok := data(uint32(disp)); ok && disp > 0 {
			return "[" + n + "+" + memory.Reg(reg).String() + "]"
		}
	}
	return plain
}

// dataPerLine is how many words a dd line of the disassembly holds.
const dataPerLine = 8

// minResd is the shortest run of zero data words written as resd rather
// than as dd zeros.
const minResd = 4

// Disassemble returns assembly source that assembles to p's code, data,
// entry point and externs, for every program the loader accepts. It names
// addresses with p.Debug's labels where they fit the code and data (jump
// targets, and memory operands: [nums+ecx] rather than [ecx+32]), and
// invents labels (L12) for other jump and call targets and `start` for a
// nonzero entry point. What cannot be written as an instruction (a word
// that decodes to none, an operand no source names, an instruction the
// entry point falls inside) is written as its words, `strict dd 0xff`,
// with a comment that says why.
func Disassemble(p *image.Program) (string, error) {
	if uint64(p.Entry) > uint64(len(p.Code)) {
		return "", fmt.Errorf("entry point %d is past the end of the code (%d words)", p.Entry, len(p.Code))
	}
	units := decodeUnits(p)
	starts := map[uint32]bool{uint32(len(p.Code)): true}
	for _, u := range units {
		starts[u.addr] = true
	}

	n := newNamer()
	for _, name := range p.Externs {
		n.used[name] = true // a label of that name would not assemble
	}
	dataEnd := uint64(image.DataBase) + uint64(len(p.Data))
	if p.Entry != 0 {
		n.add(startLabel, p.Entry, false)
	}
	if p.Debug != nil {
		for _, l := range p.Debug.Labels {
			fits := !l.Data && starts[l.Value] || l.Data && l.Value >= image.DataBase && uint64(l.Value) <= dataEnd
			// A start label anywhere but the entry point would move it.
			if fits && (l.Name != startLabel || !l.Data && l.Value == p.Entry) {
				n.add(l.Name, l.Value, l.Data)
			}
		}
	}
	for _, u := range units {
		for i, o := range u.d.Operands {
			if u.words == nil && u.d.In.Operands[i] == isa.Target && o.Kind == isa.Imm && starts[o.Word] && len(n.code[o.Word]) == 0 {
				n.add(n.invent(o.Word), o.Word, false)
			}
		}
	}

	var b strings.Builder
	if len(p.Externs) > 0 {
		b.WriteString("        extern " + strings.Join(p.Externs, ", ") + "\n")
	}
	labels := func(names []string) {
		for _, name := range names {
			b.WriteString(name + ":\n")
		}
	}
	target := func(addr uint32) (string, bool) {
		if names := n.code[addr]; len(names) > 0 {
			return names[0], true
		}
		return "", false
	}
	data := n.dataNamer(uint32(dataEnd))
	for _, u := range units {
		labels(n.code[u.addr])
		if u.words != nil {
			hex := make([]string, len(u.words))
			for i, w := range u.words {
				hex[i] = fmt.Sprintf("%#x", w)
			}
			b.WriteString("        strict dd " + strings.Join(hex, ", "))
			if u.why != "" {
				b.WriteString(" ; " + u.why)
			}
			b.WriteString("\n")
			continue
		}
		b.WriteString("        " + formatWith(u.d, target, p.Externs, data) + "\n")
	}
	labels(n.code[uint32(len(p.Code))])
	if len(p.Data) > 0 || len(n.data) > 0 {
		b.WriteString("section .data\n")
		writeData(&b, p.Data, n.data)
	}
	return b.String(), nil
}

// unit is a piece of the code as the disassembly writes it: an
// instruction, or words (with why they are not written as one).
type unit struct {
	addr  uint32
	d     isa.Decoded
	words []uint32
	why   string
}

// decodeUnits walks p's code from address 0 as the machine decodes it: a
// word that decodes to no instruction is one word, and decoding goes on
// after it. An instruction the source cannot spell (a register-relative
// operand on a register without a name, a host call of an extern the
// program lacks) keeps its words; so does the one the entry point falls
// inside, one word to a unit, so that start can label the right word.
func decodeUnits(p *image.Program) []unit {
	var units []unit
	for addr := uint32(0); uint64(addr) < uint64(len(p.Code)); {
		d, err := isa.Decode(p.Code, addr)
		if err != nil {
			why := err.Error()
			var ie *isa.InvalidError
			if errors.As(err, &ie) {
				why = ie.Reason
			}
			units = append(units, unit{addr: addr, words: p.Code[addr : addr+1], why: "not an instruction: " + why})
			addr++
			continue
		}
		size := uint32(d.Size())
		u := unit{addr: addr, d: d}
		for i, o := range d.Operands {
			if reg, _ := isa.UnpackRel(o.Word); o.Kind == isa.Rel && reg >= memory.NumRegs {
				u.why = fmt.Sprintf("%s: register %d has no name", FormatInstruction(d, nil), reg)
			}
			if d.In.Operands[i] == isa.Extern && uint64(o.Word) >= uint64(len(p.Externs)) {
				u.why = fmt.Sprintf("%s: the program declares %d externs", FormatInstruction(d, nil), len(p.Externs))
			}
		}
		switch {
		case p.Entry > addr && p.Entry < addr+size:
			for i := addr; i < addr+size; i++ {
				w := unit{addr: i, words: p.Code[i : i+1]}
				if i == addr {
					w.why = FormatInstruction(d, nil) + " (the entry point is inside it)"
				}
				units = append(units, w)
			}
		case u.why != "":
			u.words = p.Code[addr : addr+size]
			units = append(units, u)
		default:
			units = append(units, u)
		}
		addr += size
	}
	return units
}

// writeData writes data words as dd lines, with a resd for each long run of
// zeros, breaking lines where labels fall.
func writeData(b *strings.Builder, data []uint32, labels map[uint32][]string) {
	var row []string
	flush := func() {
		if len(row) > 0 {
			b.WriteString("        dd " + strings.Join(row, ", ") + "\n")
			row = row[:0]
		}
	}
	for i := 0; i <= len(data); i++ {
		addr := uint32(image.DataBase + i)
		if names := labels[addr]; len(names) > 0 {
			flush()
			for _, name := range names {
				b.WriteString(name + ":\n")
			}
		}
		if i == len(data) {
			break
		}
		zeros := 0
		for i+zeros < len(data) && data[i+zeros] == 0 && (zeros == 0 || len(labels[addr+uint32(zeros)]) == 0) {
			zeros++
		}
		if zeros >= minResd {
			flush()
			fmt.Fprintf(b, "        resd %d\n", zeros)
			i += zeros - 1
			continue
		}
		row = append(row, strconv.FormatInt(int64(int32(data[i])), 10))
		if len(row) == dataPerLine {
			flush()
		}
	}
	flush()
}

// namer hands out the labels of a disassembly: each name used once, and
// only names the assembler accepts.
type namer struct {
	used map[string]bool
	code map[uint32][]string
	data map[uint32][]string
}

func newNamer() *namer {
	return &namer{used: map[string]bool{}, code: map[uint32][]string{}, data: map[uint32][]string{}}
}

// add places a label, unless its name is taken or not a valid label (an
// image's debug information may come from anywhere).
func (n *namer) add(name string, addr uint32, data bool) {
	if n.used[name] || !validLabel(name) {
		return
	}
	n.used[name] = true
	if data {
		n.data[addr] = append(n.data[addr], name)
	} else {
		n.code[addr] = append(n.code[addr], name)
	}
}

// dataNamer names a data address after the data label at or below it
// (nums, nums+3), for addresses inside the data (below end): so a name is
// always inside its label's own words.
func (n *namer) dataNamer(end uint32) func(addr uint32) (string, bool) {
	addrs := make([]uint32, 0, len(n.data))
	for a := range n.data {
		addrs = append(addrs, a)
	}
	slices.Sort(addrs)
	return func(addr uint32) (string, bool) {
		return labelPlus(addrs, addr, end, func(at uint32) string { return n.data[at][0] })
	}
}

// invent makes up a name for a code address: L12, or L12_2 if a debug label
// already took L12.
func (n *namer) invent(addr uint32) string {
	name := "L" + strconv.FormatUint(uint64(addr), 10)
	for i := 2; n.used[name]; i++ {
		name = fmt.Sprintf("L%d_%d", addr, i)
	}
	return name
}

// validLabel says whether name can be written as a label.
func validLabel(name string) bool {
	if name == "" || reserved(name) != "" {
		return false
	}
	for i, r := range name {
		if !isIdentChar(r) || i == 0 && !isIdentStart(r) {
			return false
		}
	}
	return true
}
