package assembler

import (
	"strings"

	"cpu32/isa"
)

// The hooks here turn a habit from x86 or NASM, found in isa.Hints, into the
// message of the error it causes. Each is called where the grammar would
// otherwise report the habit as a plain syntax error.

// dataWords start a data statement: after an unknown word, they show that the
// word was meant as a label.
// NASM's byte and half-word forms count too (nums db 1, 2).
var dataWords = map[string]bool{"dd": true, "resd": true, "db": true, "dw": true, "dq": true, "dt": true,
	"resb": true, "resw": true, "resq": true}

// statementHint explains an unknown word at the start of a statement that
// is an x86 instruction cpu32 lacks, or a NASM equ. It returns nil when no
// hint fits.
func statementHint(p *parser, t token) *lineError {
	next := p.peek()
	if next.kind == tIdent && strings.EqualFold(next.text, "equ") {
		return errAt(t.col, "%s", isa.LookupHint(isa.AsSyntax, "equ").Message(t.text, isa.HintOperands(p.restAfter(next))...))
	}
	h := isa.LookupHint(isa.AsMnemonic, t.text)
	if h != nil && !(h.Operands && next.kind == tEOF) {
		return errAt(t.col, "unknown instruction '%s': %s", t.text, h.Message(t.text, isa.HintOperands(p.restAfter(t))...))
	}
	return nil
}

// labelLike says whether what follows an unknown word shows that the word
// was meant as a label: nothing, an instruction, or a data statement.
func labelLike(next token) bool {
	word := strings.ToLower(next.text)
	return next.kind == tEOF || next.kind == tIdent && (isa.Lookup(word) != nil || dataWords[word])
}

// missingColon is the message for a word that looks like a label without
// its colon.
func missingColon(word string) string {
	return isa.LookupHint(isa.AsSyntax, ":").Message(word)
}

// restAfter returns the source text after token t up to the comment.
func (p *parser) restAfter(t token) string {
	rs := []rune(p.src)
	from := t.col - 1 + len([]rune(t.text))
	to := p.toks[len(p.toks)-1].col - 1
	if from >= to || to > len(rs) {
		return ""
	}
	return string(rs[from:to])
}

// sizeHint reports a size keyword (dword, byte, ptr...) standing before an
// operand: a name followed by another operand is never valid, so this
// cannot misread a label called word.
func sizeHint(p *parser, t token) *lineError {
	if isa.LookupHint(isa.AsSize, t.text) == nil {
		return nil
	}
	next := p.peek()
	if !startsOperand(next) || next.kind == tPlus || next.kind == tMinus {
		return nil
	}
	word := t.text
	if next.kind == tIdent && strings.EqualFold(next.text, "ptr") {
		word += " " + next.text
	}
	return errAt(t.col, "%s", isa.LookupHint(isa.AsSize, t.text).Message(word))
}

// scaleHint reports a '*' after a term: a scaled index in a memory operand,
// or a product elsewhere.
func scaleHint(p *parser, op *operand, star token) *lineError {
	if rs := []rune(p.src); op.mem && star.col <= len(rs) {
		unscaled := strings.TrimSpace(string(rs[op.col-1:star.col-1])) + "]"
		return errAt(star.col, "%s", isa.LookupHint(isa.AsSyntax, "*").Message(unscaled))
	}
	return errAt(star.col, "unexpected '*' (an expression can only add and subtract)")
}

// registerHint returns the message for a name that is an x86 register
// cpu32 lacks (al, ax, rax...), or "".
func registerHint(name string) string {
	if h := isa.LookupHint(isa.AsRegister, name); h != nil {
		return h.Message(name)
	}
	return ""
}

// destHint explains a constant destination that names an x86 register
// cpu32 lacks: `mov al, 1`, `mov r8+1, eax`. It returns the message and
// where the register is, or nil.
func destHint(op operand) *lineError {
	for _, t := range op.terms {
		if hint := registerHint(t.name); t.name != "" && hint != "" {
			return errAt(t.col, "%s", hint)
		}
	}
	return nil
}

// arityHint explains an instruction cpu32 has, written with x86's operand
// count: `div ecx` (one operand) or `ret 8` (a count). nil when no hint
// fits. The mnemonic is at column col; the error goes at errCol, where the
// count error would.
func arityHint(p *parser, col, errCol, got, want int) *lineError {
	for _, t := range p.toks {
		if t.col != col {
			continue
		}
		h := isa.LookupHint(isa.AsArity, t.text)
		if h == nil || got != 1 || want == 1 {
			return nil
		}
		return errAt(errCol, "%s", h.Message(strings.ToLower(t.text), isa.HintOperands(p.restAfter(t))...))
	}
	return nil
}

// stringHint explains a string given to prn or prc, which print one number
// or character: `prn "hi"`. A one-character literal is a number and fine.
func stringHint(p *parser, word string) *lineError {
	t := p.peek()
	if t.kind != tQuote || len(t.runes) == 1 {
		return nil
	}
	h := isa.LookupHint(isa.AsSyntax, word+` "`)
	if h == nil {
		return nil
	}
	return errAt(t.col, "%s", h.Message(word, isa.HintOperands(p.restAfter(p.toks[p.i-1]))...))
}
