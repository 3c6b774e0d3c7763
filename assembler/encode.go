package assembler

import (
	"cmp"
	"slices"
	"strings"

	"cpu32/image"
	"cpu32/isa"
)

// startLabel names the entry point.
const startLabel = "start"

// layout ends pass one: it checks the entry label and, for a raw program,
// makes room for the `jmp start` that rubycpu's compiler puts first.
func (a *assembler) layout() {
	s, ok := a.syms[startLabel]
	if !ok {
		return
	}
	if s.kind != codeLabel {
		a.errorf(s.pos, "'start' is the entry point, so it must label an instruction")
		return
	}
	if !a.opts.Raw {
		return
	}
	shift := uint32(rawJump.Size())
	for _, l := range a.labels {
		if l.kind == codeLabel {
			l.value += shift
		}
	}
	for _, st := range a.stmts {
		if st.in != nil || st.code {
			st.addr += shift
		}
	}
}

// rawJump is the instruction of the `jmp start` a raw program begins with;
// its size and encoding come from the ISA table like every other.
var rawJump = isa.ByOp(isa.Jmp)

// encode is pass two: with every label known, it evaluates the operands and
// dd values and builds the program.
func (a *assembler) encode() *image.Program {
	p := &image.Program{Code: make([]uint32, 0, a.code), Data: make([]uint32, a.data)}
	var lines []image.Line
	if s, ok := a.syms[startLabel]; ok && s.kind == codeLabel {
		if a.opts.Raw {
			p.Code = append(p.Code, isa.Encode(rawJump, []isa.Operand{{Kind: isa.Imm, Word: s.value}})...)
			lines = append(lines, image.Line{Addr: 0, File: a.fileIdx[s.pos.File], Line: s.pos.Line})
		} else {
			p.Entry = s.value
		}
	}
	for _, s := range a.stmts {
		if a.errLines[lineKey{s.pos.File, s.pos.Line}] {
			continue
		}
		if s.code {
			p.Code = append(p.Code, a.words(s)...)
			if s.words > 0 {
				lines = append(lines, image.Line{Addr: s.addr, File: s.file, Line: s.pos.Line})
			}
			continue
		}
		if s.in == nil {
			copy(p.Data[s.addr-image.DataBase:], a.words(s))
			continue
		}
		if i, ok := a.hostCall(s); ok {
			// Same size as the call it replaces, so no address moves.
			s.in = isa.ByOp(isa.Callx)
			p.Code = append(p.Code, isa.Encode(s.in, []isa.Operand{{Kind: isa.Imm, Word: i}})...)
			lines = append(lines, image.Line{Addr: s.addr, File: s.file, Line: s.pos.Line})
			continue
		}
		ops := make([]isa.Operand, len(s.ops))
		for i := range s.ops {
			ops[i] = a.operand(s, i)
		}
		p.Code = append(p.Code, isa.Encode(s.in, ops)...)
		lines = append(lines, image.Line{Addr: s.addr, File: s.file, Line: s.pos.Line})
	}
	labels := make([]image.Label, len(a.labels))
	for i, l := range a.labels {
		labels[i] = image.Label{Name: l.name, Value: l.value, Data: l.kind == dataLabel}
	}
	slices.SortFunc(labels, func(x, y image.Label) int {
		return cmp.Or(cmp.Compare(x.Value, y.Value), strings.Compare(x.Name, y.Name))
	})
	p.Debug = &image.Debug{Files: a.files, Lines: lines, Labels: labels, Source: a.sources, Externs: a.externPlaces}
	p.Externs = a.externs
	return p
}

// hostCall reports whether s is `call name` (or `callx name`) on an
// extern, and the extern's index.
func (a *assembler) hostCall(s *stmt) (uint32, bool) {
	if s.in.Op != isa.Call && s.in.Op != isa.Callx {
		return 0, false
	}
	op := s.ops[0]
	if op.isImmediate() && len(op.terms) == 1 && !op.terms[0].neg && op.terms[0].name != "" {
		if sym, ok := a.syms[op.terms[0].name]; ok && sym.kind == externSym {
			return sym.value, true
		}
	}
	if s.in.Op == isa.Callx {
		pos := s.pos
		pos.Col = op.col
		a.errorf(pos, "callx needs the name of a host function declared with extern")
	}
	return 0, false
}

// words returns the words a dd lays out.
func (a *assembler) words(s *stmt) []uint32 {
	w := make([]uint32, 0, s.words)
	for k, op := range s.ops {
		if s.strs[k] != nil {
			for _, r := range s.strs[k] {
				w = append(w, uint32(r))
			}
			continue
		}
		v, _ := a.eval(s, op)
		w = append(w, uint32(v))
	}
	return w
}

// operand encodes operand i of an instruction. On an error it records it
// and returns a zero operand; the program is then discarded.
func (a *assembler) operand(s *stmt, i int) isa.Operand {
	op := s.ops[i]
	sum, ok := a.eval(s, op)
	if !ok {
		return isa.Operand{}
	}
	pos := s.pos
	pos.Col = op.col
	switch {
	case op.mem && op.reg >= 0:
		// Arithmetic wraps at 32 bits, so [eax+0xFFFFFFFF] is [eax-1].
		disp := int64(int32(uint32(sum)))
		w, ok := isa.PackRel(uint8(op.reg), disp)
		if !ok {
			a.errorf(pos, "displacement %d does not fit in a register-relative operand (%d..%d)", disp, isa.MinDisp, isa.MaxDisp)
		}
		return isa.Operand{Kind: isa.Rel, Word: w}
	case op.mem:
		return isa.Operand{Kind: isa.Addr, Word: uint32(sum)}
	case op.reg >= 0:
		return isa.Operand{Kind: isa.Addr, Word: uint32(op.reg)}
	}
	// The contract makes a divisor that is known to be 0 an assembly error
	// rather than a certain fault at run time.
	if (s.in.Op == isa.Div || s.in.Op == isa.Mod) && i == 1 && uint32(sum) == 0 && !op.strict {
		a.errorf(pos, "division by a literal 0")
	}
	return isa.Operand{Kind: isa.Imm, Word: uint32(sum)}
}

// eval adds up an operand's constant terms. An undefined name is reported
// and makes it fail.
func (a *assembler) eval(s *stmt, op operand) (int64, bool) {
	return op.sum(func(t term) (int64, bool) {
		sym, ok := a.syms[t.name]
		pos := s.pos
		pos.Col = t.col
		switch {
		case !ok:
			if hint := registerHint(t.name); hint != "" {
				a.errorf(pos, "%s", hint)
				return 0, false
			}
			a.errorf(pos, "undefined name '%s'%s", t.name, a.nameHint(t.name))
			return 0, false
		case sym.kind == externSym:
			a.errorf(pos, "'%s' is a host function (extern): the only use of it is `call %s`", t.name, t.name)
			return 0, false
		}
		return int64(sym.value), true
	})
}

// nameHint suggests a defined name close to an undefined one. It compares
// with every name, so it gives up once errors are no longer reported.
func (a *assembler) nameHint(name string) string {
	if a.full() {
		return ""
	}
	if a.names == nil {
		// Sorted, so that of equally near names the first is suggested
		// whatever the map order.
		a.names = make([]string, 0, len(a.syms))
		for n := range a.syms {
			a.names = append(a.names, n)
		}
		slices.Sort(a.names)
	}
	if s, _ := closest(name, a.names); s != "" {
		return " (did you mean '" + s + "'?)"
	}
	return ""
}

// closest returns the candidate nearest to word and its distance: equal but
// for case (distance 0), or within a Damerau-Levenshtein distance of 1 (for
// words of 3 letters or fewer) or 2. It returns "" when none is that near.
// Words shorter than 3 (or longer than maxSuggest) get no suggestion: every two-letter word is one edit
// from some jump.
func closest(word string, cands []string) (string, int) {
	if len(word) < 3 || len(word) > maxSuggest {
		return "", 0
	}
	limit := 2
	if len(word) <= 3 {
		limit = 1
	}
	best, bestD := "", limit+1
	for _, c := range cands {
		if strings.EqualFold(c, word) {
			return c, 0
		}
		// The length difference bounds the distance from below; checking
		// it first skips most of the work.
		if abs(len(c)-len(word)) >= bestD {
			continue
		}
		if d := distance(word, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best, bestD
}

// maxSuggest is the longest word closest looks for: a longer one is not a
// typo of a mnemonic or a label anyone types.
const maxSuggest = 40

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// distance is the optimal-string-alignment distance: insertions, deletions,
// substitutions and transpositions of adjacent characters each count 1.
func distance(s, t string) int {
	a, b := []rune(s), []rune(t)
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
