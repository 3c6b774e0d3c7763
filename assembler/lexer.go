package assembler

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is the kind of a token of one source line.
type tokKind uint8

const (
	tEOF       tokKind = iota // end of the line, or the start of a comment
	tError                    // a lexical error; text is the message
	tIdent                    // name: label, mnemonic, register, keyword
	tNumber                   // starts with a digit, or has a tinyvm base (ff|h); parsed later
	tQuote                    // 'c' or "text"; runes holds the decoded characters
	tDirective                // %name
	tSection                  // .name
	tPath                     // the unquoted file name of a tinyvm %include
	tComma
	tColon
	tLBrack
	tRBrack
	tPlus
	tMinus
	tStar // only to explain that there is no scale or product
)

// token is one token of a line. col is the 1-based rune column of its first
// character.
type token struct {
	kind  tokKind
	text  string // the token as written (the message for tError)
	col   int
	runes []rune // decoded characters of a tQuote
	quote byte   // '\'' or '"' for a tQuote
}

// describe names a token for a diagnostic: "'foo'", "','", "end of line".
func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of line"
	case tQuote:
		if t.quote == '"' {
			return "string " + t.text
		}
		return "character " + t.text
	}
	return "'" + t.text + "'"
}

// lex splits one line into tokens. The result always ends with a tEOF or a
// tError token, so the parser never runs off the end. Lexing the whole line
// first keeps the parser a simple walk over a slice; the one place the
// grammar is not token-based, tinyvm's unquoted `%include path`, is handled
// here.
func lex(line string) []token {
	var toks []token
	off := 0
	// col converts a byte offset to a rune column. Offsets only grow, so it
	// counts on from the last one: a long line stays linear.
	lastOff, lastCol := 0, 1
	col := func(o int) int {
		if o < lastOff {
			lastOff, lastCol = 0, 1
		}
		lastCol += utf8.RuneCountInString(line[lastOff:o])
		lastOff = o
		return lastCol
	}
	for {
		for off < len(line) {
			r, n := utf8.DecodeRuneInString(line[off:])
			if !unicode.IsSpace(r) {
				break
			}
			off += n
		}
		if off >= len(line) || line[off] == ';' || line[off] == '#' {
			return append(toks, token{kind: tEOF, col: col(off)})
		}
		start := off
		r, n := utf8.DecodeRuneInString(line[off:])
		tok := token{col: col(start)}
		switch {
		case isIdentStart(r) || r >= '0' && r <= '9':
			off = scanIdent(line, off)
			tok.kind, tok.text = tNumber, line[start:off]
			// tinyvm writes the base after a bar: 1F|h, 101|b, and, since
			// a bar makes it a number, ff|h too. ffh without one is a name.
			if off+1 < len(line) && line[off] == '|' && isIdentStart(rune(line[off+1])) {
				off = scanIdent(line, off+1)
				tok.text = line[start:off]
			} else if isIdentStart(r) {
				tok.kind = tIdent
			}
		case r == '\'' || r == '"':
			var msg string
			tok.runes, off, msg = scanQuote(line, off)
			if msg != "" {
				return append(toks, token{kind: tError, text: msg, col: col(off)})
			}
			tok.kind, tok.text, tok.quote = tQuote, line[start:off], byte(r)
		case r == '%' || r == '.':
			if off+1 >= len(line) || !isIdentStart(rune(line[off+1])) {
				return append(toks, token{kind: tError, text: fmt.Sprintf("unexpected character %q", r), col: tok.col})
			}
			off = scanIdent(line, off+1)
			tok.text = line[start:off]
			tok.kind = tSection
			if r == '%' {
				tok.kind = tDirective
			}
		default:
			k, ok := punct[r]
			if !ok {
				return append(toks, token{kind: tError, text: fmt.Sprintf("unexpected character %q", r), col: tok.col})
			}
			off += n
			tok.kind, tok.text = k, line[start:off]
		}
		toks = append(toks, tok)
		if tok.kind == tDirective && strings.EqualFold(tok.text, "%include") {
			off = scanPath(line, off, &toks, col)
		}
	}
}

// scanPath reads what follows %include: a quoted name is lexed as usual, an
// unquoted one (tinyvm's `%include lib/io.vm`) runs to the next space or
// comment, since file names hold characters that are not tokens.
func scanPath(line string, off int, toks *[]token, col func(int) int) int {
	for off < len(line) && (line[off] == ' ' || line[off] == '\t') {
		off++
	}
	if off >= len(line) || strings.ContainsRune("'\";#", rune(line[off])) {
		return off
	}
	start := off
	for off < len(line) {
		r, n := utf8.DecodeRuneInString(line[off:])
		if unicode.IsSpace(r) || r == ';' || r == '#' {
			break
		}
		off += n
	}
	*toks = append(*toks, token{kind: tPath, text: line[start:off], col: col(start)})
	return off
}

// punct maps the one-character tokens to their kinds.
var punct = map[rune]tokKind{',': tComma, ':': tColon, '[': tLBrack, ']': tRBrack, '+': tPlus, '-': tMinus, '*': tStar}

func isIdentStart(r rune) bool {
	return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

func isIdentChar(r rune) bool { return isIdentStart(r) || r >= '0' && r <= '9' }

// scanIdent returns the offset after the identifier characters at off.
func scanIdent(line string, off int) int {
	for off < len(line) && isIdentChar(rune(line[off])) {
		off++
	}
	return off
}

// Escapes are the backslash escapes of character and string literals,
// shared with the debugger's expressions.
var Escapes = map[rune]rune{'n': '\n', 't': '\t', 'r': '\r', '0': 0, '\\': '\\', '\'': '\'', '"': '"'}

// scanQuote decodes the literal whose opening quote is at off. It returns the
// characters, the offset after the closing quote, and an error message (with
// the offset of the mistake) when the literal is malformed.
func scanQuote(line string, off int) ([]rune, int, string) {
	q := rune(line[off])
	what := "character literal"
	if q == '"' {
		what = "string"
	}
	start := off
	off++
	var rs []rune
	for off < len(line) {
		r, n := utf8.DecodeRuneInString(line[off:])
		switch {
		case r == q:
			return rs, off + n, ""
		case r == '\\':
			if off+n >= len(line) {
				return nil, start, "unterminated " + what
			}
			e, m := utf8.DecodeRuneInString(line[off+n:])
			v, ok := Escapes[e]
			if !ok {
				return nil, off, fmt.Sprintf(`unknown escape '\%c' (use \n \t \r \0 \\ \' or \")`, e)
			}
			rs = append(rs, v)
			n += m
		default:
			rs = append(rs, r)
		}
		off += n
	}
	return nil, start, "unterminated " + what
}
