package assembler

import (
	"fmt"
	"math"
	"strings"

	"cpu32/memory"
)

// lineError is a mistake found while parsing one line; the caller adds the
// file and line.
type lineError struct {
	col int
	msg string
}

func errAt(col int, format string, args ...any) *lineError {
	return &lineError{col: col, msg: fmt.Sprintf(format, args...)}
}

// parser walks the tokens of one line. The last token is always tEOF or
// tError, and next never moves past it.
type parser struct {
	toks []token
	i    int
	src  string // the line, for hints that quote it
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if p.i < len(p.toks)-1 {
		p.i++
	}
	return t
}

// unexpected reports t as out of place. A tError token carries the lexer's
// own message, which says more than "unexpected".
func unexpected(t token, format string, args ...any) *lineError {
	if t.kind == tError {
		return &lineError{col: t.col, msg: t.text}
	}
	return &lineError{col: t.col, msg: "unexpected " + t.describe() + fmt.Sprintf(format, args...)}
}

// term is one added or subtracted constant of an expression.
type term struct {
	col  int
	neg  bool
	name string // a label or %define'd name; "" for a literal
	val  int64  // the literal's value
}

// operand is a parsed operand or dd value: a sum of constant terms, at most
// one register, and whether it is written in brackets. Its value is only
// known once every label is (pass two).
type operand struct {
	col    int
	mem    bool
	reg    int // the register's address, or -1
	terms  []term
	strict bool // written `strict N`: exactly this number, even a 0 divisor
}

// isImmediate says whether the operand is a constant, not a register or
// memory.
func (o *operand) isImmediate() bool { return !o.mem && o.reg < 0 }

// sum adds up the operand's terms. A named term's value comes from name,
// which pass one and pass two resolve differently; sum stops with false at
// the first name it refuses.
func (o *operand) sum(name func(t term) (int64, bool)) (int64, bool) {
	var sum int64
	for _, t := range o.terms {
		v := t.val
		if t.name != "" {
			var ok bool
			if v, ok = name(t); !ok {
				return 0, false
			}
		}
		if t.neg {
			v = -v
		}
		sum += v
	}
	return sum, true
}

// register returns the address of the register called name, in either case.
func register(name string) (int, bool) {
	r, ok := memory.RegByName(strings.ToLower(name))
	return int(r), ok
}

// startsOperand says whether t can begin an operand, to tell a missing comma
// from other junk.
func startsOperand(t token) bool {
	switch t.kind {
	case tIdent, tNumber, tQuote, tLBrack, tPlus, tMinus:
		return true
	}
	return false
}

// parseOperand reads one operand: a register, a constant expression, or a
// memory operand [expression] whose expression may hold one added register.
func (p *parser) parseOperand() (operand, *lineError) {
	t := p.peek()
	// NASM's `strict` asks for an operand exactly as written; here it lets a
	// 0 divisor through (`div ecx, strict 0`), which disasm writes for a
	// raw program that divides by an immediate 0.
	strict := false
	if t.kind == tIdent && strings.EqualFold(t.text, "strict") && startsOperand(p.toks[p.i+1]) {
		p.next()
		t, strict = p.peek(), true
	}
	op := operand{col: t.col, reg: -1, strict: strict}
	if _, isReg := register(t.text); strict && (t.kind == tLBrack || t.kind == tIdent && isReg) {
		return op, errAt(t.col, "strict goes before a number, as in 'div ecx, strict 0'")
	}
	switch t.kind {
	case tComma, tEOF:
		return op, errAt(t.col, "missing operand")
	case tLBrack:
		p.next()
		op.mem = true
		if p.peek().kind == tRBrack {
			return op, errAt(t.col, "empty memory operand")
		}
		if err := p.parseSum(&op); err != nil {
			return op, err
		}
		if c := p.next(); c.kind != tRBrack {
			if c.kind == tEOF {
				return op, errAt(c.col, "missing ']'")
			}
			return op, unexpected(c, " in a memory operand (expected ']')")
		}
		return op, nil
	}
	if err := p.parseSum(&op); err != nil {
		return op, err
	}
	if op.reg >= 0 && len(op.terms) > 0 {
		return op, errAt(op.col, "a register can be added to a constant only inside [ ], as in [esi+3]")
	}
	return op, nil
}

// parseSum reads term {('+'|'-') term}, where a term is a number, a
// character, a name or a register, optionally preceded by signs.
func (p *parser) parseSum(op *operand) *lineError {
	for first := true; ; first = false {
		neg, unary := false, false
		if !first {
			switch p.peek().kind {
			case tPlus:
			case tMinus:
				neg = true
			case tStar:
				return scaleHint(p, op, p.peek())
			default:
				return nil
			}
			p.next()
		}
		for k := p.peek().kind; k == tPlus || k == tMinus; k = p.peek().kind {
			if k == tMinus {
				neg, unary = !neg, true
			}
			p.next()
		}
		t := p.next()
		switch t.kind {
		case tNumber:
			v, msg := ParseNumber(t.text)
			if msg != "" {
				return errAt(t.col, "%s", msg)
			}
			// The contract's range is for a number as written: a leading
			// minus makes it negative, a subtraction does not.
			if unary && neg && v > -math.MinInt32 || v > math.MaxUint32 {
				sign := ""
				if unary && neg {
					sign = "-"
				}
				return errAt(t.col, "number %s%s is out of range (-2147483648..4294967295)", sign, t.text)
			}
			op.terms = append(op.terms, term{col: t.col, neg: neg, val: int64(v)})
		case tQuote:
			if len(t.runes) != 1 {
				return errAt(t.col, "a character literal holds exactly one character; a string is only allowed as a dd value")
			}
			op.terms = append(op.terms, term{col: t.col, neg: neg, val: int64(t.runes[0])})
		case tIdent:
			r, isReg := register(t.text)
			switch {
			case !isReg:
				if err := sizeHint(p, t); err != nil {
					return err
				}
				op.terms = append(op.terms, term{col: t.col, neg: neg, name: t.text})
			case neg:
				return errAt(t.col, "a register cannot be subtracted")
			case op.reg >= 0:
				return errAt(t.col, "an operand may use only one register")
			default:
				op.reg = r
			}
		default:
			return unexpected(t, " (expected a number, a name or a register)")
		}
	}
}

// ParseNumber reads a number token: decimal, 0x1F, 1Fh, 0b101, 1F|h or
// 101|b. Values too large for 33 bits saturate, so the caller's range check
// sees them without overflow. It returns an error message for a malformed
// number. The debugger's expressions use it too, so both read numbers alike.
func ParseNumber(s string) (uint64, string) {
	digits, base := s, uint64(10)
	lower := strings.ToLower(s)
	switch {
	case strings.Contains(s, "|"):
		i := strings.IndexByte(s, '|')
		digits = s[:i]
		switch lower[i+1:] {
		case "h":
			base = 16
		case "b":
			base = 2
		default:
			return 0, fmt.Sprintf("invalid number '%s' (tinyvm writes 1F|h or 101|b)", s)
		}
	case len(s) > 2 && strings.HasPrefix(lower, "0x"):
		digits, base = s[2:], 16
	case strings.HasSuffix(lower, "h"):
		digits, base = s[:len(s)-1], 16
	case len(s) > 2 && strings.HasPrefix(lower, "0b"):
		digits, base = s[2:], 2
	}
	var v uint64
	hexOnly := true
	valid := digits != ""
	for _, c := range strings.ToLower(digits) {
		d := uint64(16)
		switch {
		case c >= '0' && c <= '9':
			d = uint64(c - '0')
		case c >= 'a' && c <= 'f':
			d = uint64(c-'a') + 10
		default:
			hexOnly = false
		}
		if d >= base {
			valid = false
			continue
		}
		v = min(v*base+d, 1<<33)
	}
	if !valid {
		if base == 10 && hexOnly {
			return 0, fmt.Sprintf("invalid number '%s' (write hexadecimal as 0x%s or %sh)", s, s, s)
		}
		return 0, fmt.Sprintf("invalid number '%s'", s)
	}
	return v, ""
}
