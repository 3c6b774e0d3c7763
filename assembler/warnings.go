package assembler

import (
	"fmt"
	"slices"
	"strings"

	"cpu32/image"
	"cpu32/isa"
	"cpu32/memory"
)

// AssembleWithWarnings assembles src like Assemble and also returns the
// warnings about the program: legal code that is almost certainly a
// mistake (see vet). Warnings come only with a program that assembles; a
// line whose comment says nowarn has none.
func AssembleWithWarnings(filename string, src []byte, opts Options) (*image.Program, ErrorList, error) {
	a := newAssembler(opts)
	p, err := a.assemble(filename, src)
	if err != nil {
		return nil, nil, err
	}
	return p, a.vet(), nil
}

// code is one instruction of the program, as the checks see it.
type code struct {
	*stmt
	labels []*symbol // the code labels on it
}

// vet runs every check over an assembled program, in the way `go vet` does:
// each finds a pattern that is legal but almost never what the student
// meant, and says what to write instead.
func (a *assembler) vet() ErrorList {
	v := &vetter{a: a, at: map[uint32]int{}}
	for _, s := range a.stmts {
		if s.in != nil {
			v.at[s.addr] = len(v.code)
			v.code = append(v.code, code{stmt: s})
		}
	}
	for _, l := range a.labels {
		if i, ok := v.at[l.value]; ok && l.kind == codeLabel {
			v.code[i].labels = append(v.code[i].labels, l)
		}
	}
	v.uses()
	v.mainLine()
	v.flagless()
	v.labelOperands()
	v.unreachable()
	v.fallsIntoFunction()
	v.pastData()
	v.entryHabits()
	v.unused()
	return a.sorted(v.warns, "warnings")
}

type vetter struct {
	a     *assembler
	code  []code
	at    map[uint32]int // code address -> index in code
	main  []bool         // reached from the entry point without a call
	calls map[*symbol]int
	other map[*symbol]int // uses of a label other than as a call target
	warns ErrorList
}

// warn records a warning at pos unless the line's comment says nowarn.
func (v *vetter) warn(pos Pos, format string, args ...any) {
	text := v.a.lineText(pos)
	toks := lex(text)
	if end := toks[len(toks)-1]; end.kind == tEOF && strings.Contains(strings.ToLower(string([]rune(text)[end.col-1:])), "nowarn") {
		return
	}
	v.warns = append(v.warns, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...), Text: text, Warning: true})
}

// at returns the position of column col on statement s's line.
func at(s *stmt, col int) Pos {
	p := s.pos
	p.Col = col
	return p
}

// operandText returns operand i of s as the source wrote it.
func (v *vetter) operandText(s *stmt, i int) string {
	p := &parser{toks: lex(v.a.lineText(s.pos)), src: v.a.lineText(s.pos)}
	for _, t := range p.toks {
		if t.col == s.pos.Col {
			if ops := isa.HintOperands(p.restAfter(t)); i < len(ops) {
				return ops[i]
			}
		}
	}
	return "?"
}

// uses counts every use of every label: as a call target, or otherwise.
func (v *vetter) uses() {
	v.calls, v.other = map[*symbol]int{}, map[*symbol]int{}
	for _, s := range v.a.stmts {
		for i, op := range s.ops {
			for _, t := range op.terms {
				sym := v.a.syms[t.name]
				if sym == nil || sym.kind == define {
					continue
				}
				if s.in != nil && s.in.Op == isa.Call && i == 0 && op.isImmediate() {
					v.calls[sym]++
				} else {
					v.other[sym]++
				}
			}
		}
	}
}

// target returns the index of the instruction an immediate jump or call
// operand names, if it names one.
func (v *vetter) target(s *stmt) (int, bool) {
	op := s.ops[0]
	if !op.isImmediate() {
		return 0, false
	}
	sum, ok := op.sum(func(t term) (int64, bool) {
		if sym := v.a.syms[t.name]; sym != nil {
			return int64(sym.value), true
		}
		return 0, false
	})
	i, found := v.at[uint32(sum)]
	return i, ok && found
}

// mainLine marks the instructions reached from the entry point by falling
// through and jumping, stepping over calls: the program's main code, as
// opposed to the bodies of the functions it calls.
func (v *vetter) mainLine() {
	v.main = make([]bool, len(v.code))
	entry := 0
	if s, ok := v.a.syms[startLabel]; ok {
		if i, ok := v.at[s.value]; ok {
			entry = i
		} else {
			return // start labels the end of the code
		}
	}
	work := []int{entry}
	for len(work) > 0 {
		i := work[len(work)-1]
		work = work[:len(work)-1]
		if i >= len(v.code) || v.main[i] {
			continue
		}
		v.main[i] = true
		s := v.code[i].stmt
		switch s.in.Flow {
		case isa.Next, isa.CallFlow:
			work = append(work, i+1)
		case isa.Branch:
			work = append(work, i+1)
			fallthrough
		case isa.Jump:
			if t, ok := v.target(s); ok {
				work = append(work, t)
			}
		}
	}
}

// setsFlagsX86 are the instructions that set the flags on x86 but not in
// cpu32: a conditional jump after one of them, with no cmp or test, tests
// older flags than the student thinks.
var setsFlagsX86 = map[isa.Op]bool{isa.Inc: true, isa.Dec: true, isa.Add: true, isa.Sub: true,
	isa.And: true, isa.Or: true, isa.Xor: true, isa.Shl: true, isa.Shr: true}

// writesFlags says whether s sets the flags word: cmp, test, popf, or a
// write to the flags register.
func writesFlags(s *stmt) bool {
	switch s.in.Op {
	case isa.Cmp, isa.Test, isa.Popf:
		return true
	}
	if len(s.in.Operands) > 0 && s.in.Operands[0] == isa.Dest {
		op := s.ops[0]
		return op.reg == int(memory.FLAGS) && !op.mem || op.mem && op.reg < 0 && len(op.terms) == 1 && op.terms[0].name == "" && op.terms[0].val == int64(memory.FLAGS)
	}
	return false
}

// maxBlock bounds how far back flagless looks for a cmp, so that a huge
// program without labels costs linear time; a block that long is not a
// student's loop.
const maxBlock = 64

// flagless warns about a conditional jump whose straight-line block (back
// to a label, a jump, a call or the start) has no cmp or test but changes
// a value, as `dec ecx` / `jnz again` does: dec sets no flags in cpu32, so
// the jump tests whatever the last cmp left.
func (v *vetter) flagless() {
	for i, c := range v.code {
		if c.in.Flow != isa.Branch {
			continue
		}
		var changed *stmt
		for j := i - 1; j >= 0 && j >= i-maxBlock && len(v.code[j+1].labels) == 0; j-- {
			p := v.code[j].stmt
			if writesFlags(p) || p.in.Flow != isa.Next && p.in.Flow != isa.Branch {
				changed = nil
				break
			}
			if changed == nil && setsFlagsX86[p.in.Op] {
				changed = p
			}
		}
		if changed == nil {
			continue
		}
		word, op := v.mnemonic(c.stmt), v.mnemonic(changed)
		v.warn(c.pos, "%s does not test '%s %s': %s sets no flags in cpu32 (only cmp and test do); put 'cmp %s, 0' before the %s",
			word, op, strings.Join(v.allOperands(changed), ", "), op, v.operandText(changed, 0), word)
	}
}

// mnemonic returns s's mnemonic as written.
func (v *vetter) mnemonic(s *stmt) string {
	rs := []rune(v.a.lineText(s.pos))
	end := s.pos.Col - 1
	for end < len(rs) && isIdentChar(rs[end]) {
		end++
	}
	return string(rs[s.pos.Col-1 : end])
}

func (v *vetter) allOperands(s *stmt) []string {
	ops := make([]string, len(s.ops))
	for i := range ops {
		ops[i] = v.operandText(s, i)
	}
	return ops
}

// labelOperands warns about a code label read as memory ([there] is the
// data word at the instruction's address, not the instruction) and a data
// label used as a jump or call target (the code address of the same
// number, not the data).
func (v *vetter) labelOperands() {
	for _, c := range v.code {
		for i, op := range c.ops {
			for _, t := range op.terms {
				sym := v.a.syms[t.name]
				switch {
				case sym == nil:
				case op.mem && sym.kind == codeLabel:
					what := ""
					if sym.value < memory.NumRegs {
						what = fmt.Sprintf(", which is %s", memory.Reg(sym.value))
					}
					v.warn(at(c.stmt, t.col), "'%s' labels an instruction, so %s reads the data word at address %d%s, not the code; put the value in section .data under a label",
						t.name, v.operandText(c.stmt, i), sym.value, what)
				case !op.mem && op.reg < 0 && c.in.Operands[i] == isa.Target && sym.kind == dataLabel:
					v.warn(at(c.stmt, t.col), "'%s' is a data label: %s goes to code address %d, not to the data; jump to a label in section .text",
						t.name, v.mnemonic(c.stmt), sym.value)
				}
			}
		}
	}
}

// ends says whether execution never falls through c: a jmp or hlt, or a
// ret of a function (a ret in the main code returns to wherever the stack
// says, so the code after it may well run).
func (v *vetter) ends(i int) bool {
	switch v.code[i].in.Flow {
	case isa.Jump, isa.HaltFlow:
		return true
	case isa.RetFlow:
		return !v.main[i]
	}
	return false
}

// unreachable warns about code after a jmp, ret or hlt that no label makes
// reachable, once for each such stretch of code.
func (v *vetter) unreachable() {
	dead := false
	for i := 1; i < len(v.code); i++ {
		next := v.code[i]
		switch {
		case len(next.labels) > 0 || v.main[i]:
			dead = false
		case !dead && v.ends(i-1):
			v.warn(next.pos, "unreachable: the %s above never falls through and no label leads here (add a label, or remove the code)", v.mnemonic(v.code[i-1].stmt))
			dead = true
		}
	}
}

// fallsIntoFunction warns when the main code runs on into a label that is
// only ever called: the function's ret would pop a return address that no
// call pushed.
func (v *vetter) fallsIntoFunction() {
	for i := 1; i < len(v.code); i++ {
		prev := v.code[i-1]
		if !v.main[i-1] || prev.in.Flow != isa.Next && prev.in.Flow != isa.Branch && prev.in.Flow != isa.CallFlow {
			continue
		}
		for _, l := range v.code[i].labels {
			if v.calls[l] > 0 && v.other[l] == 0 && l.name != startLabel {
				v.warn(l.pos, "the code above runs on into '%s', which is called as a function: its ret will return to whatever is on the stack; end the main code with hlt", l.name)
				break
			}
		}
	}
}

// unused warns about a label of the main file that nothing uses (a
// library's labels are there for the files that include it).
func (v *vetter) unused() {
	for _, l := range v.a.labels {
		if l.name == startLabel || v.calls[l]+v.other[l] > 0 || v.a.fileIdx[l.pos.File] != 0 || v.entryHabit(l) != nil {
			continue
		}
		v.warn(l.pos, "label '%s' is defined but never used", l.name)
	}
}

// entryHabit returns the hint for a label that an x86 toolchain takes for
// the entry point (_start), in a program without start; else nil.
func (v *vetter) entryHabit(l *symbol) *isa.Hint {
	if _, ok := v.a.syms[startLabel]; ok {
		return nil
	}
	return isa.LookupHint(isa.AsLabel, l.name)
}

// entryHabits warns about a _start label: cpu32 starts at start only, so
// the program begins at its first instruction, whatever _start labels.
// The warning replaces the unused label's.
func (v *vetter) entryHabits() {
	for _, l := range v.a.labels {
		if h := v.entryHabit(l); h != nil {
			v.warn(l.pos, "%s", h.Message(l.name))
		}
	}
}

// pastData warns about a memory operand that adds to a data label a
// constant offset past the label's own words, as x86's byte offsets do
// ([nums+4] for the second element). A label's own words run to the next
// data label or the end of the data. Only offsets of 1 and more count, so
// [end] (an end marker) and [end-1] (the last word before it) are fine; a
// register adds no constant, so [buf+ecx] is fine and [buf+ecx+4] is not.
func (v *vetter) pastData() {
	var starts []uint32          // the data labels' addresses, sorted, once each
	names := map[uint32]string{} // the first label at each
	for _, l := range v.a.labels {
		if l.kind == dataLabel && (len(starts) == 0 || starts[len(starts)-1] != l.value) {
			starts = append(starts, l.value)
			names[l.value] = l.name
		}
	}
	nameOf := func(at uint32) string { return names[at] }
	end := image.DataBase + v.a.data
	for _, c := range v.code {
		for i, op := range c.ops {
			if !op.mem {
				continue
			}
			sym, col, off, ok := v.labelOffset(op)
			if !ok || off < 1 {
				continue
			}
			next := end
			if j, _ := slices.BinarySearch(starts, sym.value+1); j < len(starts) {
				next = starts[j]
			}
			size := int64(next - sym.value)
			if off < size {
				continue
			}
			lands, _ := labelPlus(starts, sym.value+uint32(off), end, nameOf)
			v.warn(at(c.stmt, col), "%s", pastMessage(v.operandText(c.stmt, i), sym, op, off, size, lands))
		}
	}
}

// labelOffset splits a memory operand into one data label, added, and a
// constant of numbers and defined names: nums+4 or N+nums. ok is false
// for any other operand.
func (v *vetter) labelOffset(op operand) (sym *symbol, col int, off int64, ok bool) {
	for _, t := range op.terms {
		s := v.a.syms[t.name]
		switch {
		case t.name == "":
			off += signed(t.neg, t.val)
		case s == nil:
			return nil, 0, 0, false
		case s.kind == define:
			off += signed(t.neg, int64(s.value))
		case s.kind == dataLabel && !t.neg && sym == nil:
			sym, col = s, t.col
		default:
			return nil, 0, 0, false
		}
	}
	return sym, col, off, sym != nil && off <= maxData
}

func signed(neg bool, v int64) int64 {
	if neg {
		return -v
	}
	return v
}

// labelPlus names addr after the greatest of starts (sorted) at or below
// it, whose name is name(start): "nums", or "nums+3" three words on. An
// address at or past end, or below every start, has no name.
func labelPlus(starts []uint32, addr, end uint32, name func(uint32) string) (string, bool) {
	i, found := slices.BinarySearch(starts, addr)
	if !found {
		i--
	}
	if addr >= end || i < 0 {
		return "", false
	}
	if starts[i] == addr {
		return name(addr), true
	}
	return fmt.Sprintf("%s+%d", name(starts[i]), addr-starts[i]), true
}

// pastMessage is pastData's warning for operand text, which adds off to
// the data label sym of size words; lands names where it reads ("" past
// the data).
func pastMessage(text string, sym *symbol, op operand, off, size int64, lands string) string {
	var b strings.Builder
	switch size {
	case 0:
		return fmt.Sprintf("'%s' labels the end of the data, so %s reads past it", sym.name, text)
	case 1:
		fmt.Fprintf(&b, "%s is past the end of '%s', which holds 1 word ([%s])", text, sym.name, sym.name)
	default:
		fmt.Fprintf(&b, "%s is past the end of '%s', which holds %d words ([%s] to [%s+%d])", text, sym.name, size, sym.name, sym.name, size-1)
	}
	reg := ""
	if op.reg >= 0 {
		reg = "+" + memory.Reg(op.reg).String()
	}
	switch {
	case off%4 == 0 && off/4 < size:
		// x86 counts in bytes, 4 to a dword: [nums+4] is its second one.
		fmt.Fprintf(&b, ": memory is word-addressed, so x86's %s is [%s%s+%d] here", text, sym.name, reg, off/4)
	case reg != "":
	case lands != "":
		fmt.Fprintf(&b, "; it reads [%s]", lands)
	default:
		b.WriteString("; it reads past the end of the data")
	}
	return b.String()
}
