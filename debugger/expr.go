package debugger

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"cpu32/assembler"
	"cpu32/image"
	"cpu32/memory"
)

// An expression is parsed once into a tree of closures, so that a
// breakpoint condition in a hot loop costs a walk of the tree, not a parse,
// each time its trap is reached. Values are 32-bit words; arithmetic wraps,
// and division, remainder and comparisons treat words as signed, because
// that is how prn and the debugger show them.

// evalFunc computes an expression's value against a machine's memory.
type evalFunc func(m *memory.Memory) (uint32, error)

// expr is a parsed expression and its source text.
type expr struct {
	src  string
	eval evalFunc
	// reg is the register an expression names when it is nothing but a
	// register; mem is the address expression inside brackets when it is
	// nothing but a memory operand. watch and set use them.
	reg   *memory.Reg
	inner *expr
}

// exprError is a bad expression; its text is shown as is.
type exprError struct{ msg string }

// Error returns the message, one line for the status line.
func (e *exprError) Error() string { return e.msg }

func exprErrorf(format string, args ...any) error {
	return &exprError{fmt.Sprintf(format, args...)}
}

type tokKind uint8

const (
	tkEOF tokKind = iota
	tkNum
	tkIdent
	tkOp
)

type etoken struct {
	kind tokKind
	text string
	num  uint32
	pos  int
}

// operators, longest first so that "<=" is not read as "<".
var operators = []string{"==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/", "%", "(", ")", "[", "]", "!", "~"}

func lexExpr(s string) ([]etoken, error) {
	var toks []etoken
	i := 0
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i >= len(s) {
			return append(toks, etoken{kind: tkEOF, pos: i}), nil
		}
		start := i
		c := s[i]
		switch {
		case isIdentStart(c) || c == '$' && i+1 < len(s) && isIdentStart(s[i+1]):
			i++
			for i < len(s) && isIdentChar(s[i]) {
				i++
			}
			toks = append(toks, etoken{kind: tkIdent, text: strings.TrimPrefix(s[start:i], "$"), pos: start})
		case c >= '0' && c <= '9':
			for i < len(s) && isIdentChar(s[i]) {
				i++
			}
			// tinyvm writes the base after a bar: 1F|h, 101|b.
			if i+1 < len(s) && s[i] == '|' && strings.ContainsRune("hHbB", rune(s[i+1])) &&
				(i+2 == len(s) || !isIdentChar(s[i+2])) {
				i += 2
			}
			v, err := parseNumber(s[start:i])
			if err != nil {
				return nil, err
			}
			toks = append(toks, etoken{kind: tkNum, text: s[start:i], num: v, pos: start})
		case c == '\'':
			v, n, err := parseChar(s[i:])
			if err != nil {
				return nil, err
			}
			i += n
			toks = append(toks, etoken{kind: tkNum, text: s[start:i], num: v, pos: start})
		default:
			op := ""
			for _, o := range operators {
				if strings.HasPrefix(s[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				r, _ := utf8.DecodeRuneInString(s[i:])
				return nil, exprErrorf("unexpected character %q in expression", r)
			}
			i += len(op)
			toks = append(toks, etoken{kind: tkOp, text: op, pos: start})
		}
	}
}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdentChar(c byte) bool  { return isIdentStart(c) || c >= '0' && c <= '9' }

// parseNumber reads the assembler's number forms (assembler.ParseNumber).
// A number must fit in 32 bits (signed or not).
func parseNumber(s string) (uint32, error) {
	v, msg := assembler.ParseNumber(s)
	if msg != "" {
		return 0, exprErrorf("%s", msg)
	}
	if v > 0xFFFFFFFF {
		return 0, exprErrorf("number %s does not fit in 32 bits", s)
	}
	return uint32(v), nil
}

// parseChar reads a character literal such as 'A' or '\n' at the start of s
// and returns its code and length.
func parseChar(s string) (uint32, int, error) {
	bad := exprErrorf("bad character literal in %q (write 'A' or '\\n')", s)
	if len(s) < 3 {
		return 0, 0, bad
	}
	i := 1
	var r rune
	if s[i] == '\\' {
		if i+1 >= len(s) {
			return 0, 0, bad
		}
		var ok bool
		if r, ok = assembler.Escapes[rune(s[i+1])]; !ok {
			return 0, 0, exprErrorf("unknown escape \\%c in character literal", s[i+1])
		}
		i += 2
	} else {
		var n int
		r, n = utf8.DecodeRuneInString(s[i:])
		if r == '\'' {
			return 0, 0, bad
		}
		i += n
	}
	if i >= len(s) || s[i] != '\'' {
		return 0, 0, bad
	}
	return uint32(r), i + 1, nil
}

// Bounds on an expression, whatever asks for it (print, a condition, a
// log point, an editor's watch or hover): the parser recurses once a level
// of parentheses, brackets or signs, and a client may send megabytes, so
// without them "((((...1" exhausts the stack. No expression a person
// writes comes near either.
const (
	maxExprLen   = 4096
	maxExprDepth = 100
)

// exprParser is a recursive-descent parser over the tokens of one
// expression, resolving labels against the program's debug information.
type exprParser struct {
	toks  []etoken
	i     int
	depth int // levels of ( [ and signs open now
	dbg   *image.Debug
}

// parseExpr parses s. Labels are resolved now: they are constants of the
// program.
func parseExpr(s string, dbg *image.Debug) (*expr, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, exprErrorf("missing expression")
	}
	if len(s) > maxExprLen {
		return nil, exprErrorf("expression too long: %d characters (at most %d)", len(s), maxExprLen)
	}
	toks, err := lexExpr(s)
	if err != nil {
		return nil, err
	}
	p := &exprParser{toks: toks, dbg: dbg}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tkEOF {
		return nil, exprErrorf("unexpected %q in expression %q", t.text, s)
	}
	e.src = s
	return e, nil
}

func (p *exprParser) peek() etoken { return p.toks[p.i] }

// nest opens a level of nesting at t, refusing one too many; the caller
// closes it with p.depth--.
func (p *exprParser) nest(t etoken) error {
	p.depth++
	if p.depth > maxExprDepth {
		return exprErrorf("expression nested too deeply at column %d: more than %d levels of ( [ and signs", t.pos+1, maxExprDepth)
	}
	return nil
}

func (p *exprParser) accept(ops ...string) (string, bool) {
	t := p.peek()
	if t.kind != tkOp {
		return "", false
	}
	for _, o := range ops {
		if t.text == o {
			p.i++
			return o, true
		}
	}
	return "", false
}

func (p *exprParser) or() (*expr, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for {
		if _, ok := p.accept("||"); !ok {
			return l, nil
		}
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		a, b := l.eval, r.eval
		l = &expr{eval: func(m *memory.Memory) (uint32, error) {
			x, err := a(m)
			if err != nil || x != 0 {
				return boolWord(x != 0), err
			}
			y, err := b(m)
			return boolWord(y != 0), err
		}}
	}
}

func (p *exprParser) and() (*expr, error) {
	l, err := p.compare()
	if err != nil {
		return nil, err
	}
	for {
		if _, ok := p.accept("&&"); !ok {
			return l, nil
		}
		r, err := p.compare()
		if err != nil {
			return nil, err
		}
		a, b := l.eval, r.eval
		l = &expr{eval: func(m *memory.Memory) (uint32, error) {
			x, err := a(m)
			if err != nil || x == 0 {
				return 0, err
			}
			y, err := b(m)
			return boolWord(y != 0), err
		}}
	}
}

func boolWord(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

var comparisons = map[string]func(x, y int32) bool{
	"==": func(x, y int32) bool { return x == y },
	"!=": func(x, y int32) bool { return x != y },
	"<":  func(x, y int32) bool { return x < y },
	"<=": func(x, y int32) bool { return x <= y },
	">":  func(x, y int32) bool { return x > y },
	">=": func(x, y int32) bool { return x >= y },
}

func (p *exprParser) compare() (*expr, error) {
	l, err := p.sum()
	if err != nil {
		return nil, err
	}
	op, ok := p.accept("==", "!=", "<", "<=", ">", ">=")
	if !ok {
		return l, nil
	}
	r, err := p.sum()
	if err != nil {
		return nil, err
	}
	if _, again := p.accept("==", "!=", "<", "<=", ">", ">="); again {
		return nil, exprErrorf("comparisons do not chain; use && (a < b && b < c)")
	}
	return binary(l, r, func(x, y uint32) (uint32, error) {
		return boolWord(comparisons[op](int32(x), int32(y))), nil
	}), nil
}

func binary(l, r *expr, f func(x, y uint32) (uint32, error)) *expr {
	a, b := l.eval, r.eval
	return &expr{eval: func(m *memory.Memory) (uint32, error) {
		x, err := a(m)
		if err != nil {
			return 0, err
		}
		y, err := b(m)
		if err != nil {
			return 0, err
		}
		return f(x, y)
	}}
}

func (p *exprParser) sum() (*expr, error) {
	l, err := p.product()
	if err != nil {
		return nil, err
	}
	for {
		op, ok := p.accept("+", "-")
		if !ok {
			return l, nil
		}
		r, err := p.product()
		if err != nil {
			return nil, err
		}
		if op == "+" {
			l = binary(l, r, func(x, y uint32) (uint32, error) { return x + y, nil })
		} else {
			l = binary(l, r, func(x, y uint32) (uint32, error) { return x - y, nil })
		}
	}
}

func (p *exprParser) product() (*expr, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		op, ok := p.accept("*", "/", "%")
		if !ok {
			return l, nil
		}
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		switch op {
		case "*":
			l = binary(l, r, func(x, y uint32) (uint32, error) { return x * y, nil })
		case "/":
			l = binary(l, r, func(x, y uint32) (uint32, error) {
				if y == 0 {
					return 0, exprErrorf("division by zero")
				}
				return uint32(int32(x) / int32(y)), nil // MinInt32 / -1 wraps in Go, as on the machine
			})
		case "%":
			l = binary(l, r, func(x, y uint32) (uint32, error) {
				if y == 0 {
					return 0, exprErrorf("division by zero")
				}
				return uint32(int32(x) % int32(y)), nil
			})
		}
	}
}

func (p *exprParser) unary() (*expr, error) {
	t := p.peek()
	op, ok := p.accept("-", "+", "!", "~")
	if !ok {
		return p.primary()
	}
	if err := p.nest(t); err != nil {
		return nil, err
	}
	x, err := p.unary()
	p.depth--
	if err != nil {
		return nil, err
	}
	a := x.eval
	var f func(uint32) uint32
	switch op {
	case "+":
		return x, nil
	case "-":
		f = func(v uint32) uint32 { return -v }
	case "!":
		f = func(v uint32) uint32 { return boolWord(v == 0) }
	case "~":
		f = func(v uint32) uint32 { return ^v }
	}
	return &expr{eval: func(m *memory.Memory) (uint32, error) {
		v, err := a(m)
		return f(v), err
	}}, nil
}

func (p *exprParser) primary() (*expr, error) {
	t := p.peek()
	switch t.kind {
	case tkNum:
		p.i++
		v := t.num
		return &expr{eval: func(*memory.Memory) (uint32, error) { return v, nil }}, nil
	case tkIdent:
		p.i++
		if r, ok := memory.RegByName(strings.ToLower(t.text)); ok {
			return &expr{reg: &r, eval: func(m *memory.Memory) (uint32, error) { return m.Reg(r), nil }}, nil
		}
		if l, ok := p.dbg.Label(t.text); ok {
			v := l.Value
			return &expr{eval: func(*memory.Memory) (uint32, error) { return v, nil }}, nil
		}
		return nil, exprErrorf("no register or label named %q", t.text)
	case tkOp:
		switch t.text {
		case "(":
			p.i++
			if err := p.nest(t); err != nil {
				return nil, err
			}
			e, err := p.or()
			p.depth--
			if err != nil {
				return nil, err
			}
			if _, ok := p.accept(")"); !ok {
				return nil, exprErrorf("missing ) in expression")
			}
			return &expr{eval: e.eval}, nil // parentheses make a register a value, not a place
		case "[":
			p.i++
			if err := p.nest(t); err != nil {
				return nil, err
			}
			e, err := p.or()
			p.depth--
			if err != nil {
				return nil, err
			}
			if _, ok := p.accept("]"); !ok {
				return nil, exprErrorf("missing ] in expression")
			}
			a := e.eval
			return &expr{inner: e, eval: func(m *memory.Memory) (uint32, error) {
				addr, err := a(m)
				if err != nil {
					return 0, err
				}
				v, err := m.Load(addr)
				if err != nil {
					return 0, exprErrorf("address %d is outside memory (0..%d)", int32(addr), m.Size()-1)
				}
				return v, nil
			}}, nil
		}
		return nil, exprErrorf("unexpected %q in expression", t.text)
	}
	return nil, exprErrorf("expression ends too early")
}
