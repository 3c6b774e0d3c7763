package assembler

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"cpu32/image"
	"cpu32/internal/limited"
	"cpu32/isa"
	"cpu32/memory"
)

// Options controls assembly.
type Options struct {
	// Raw produces code for a headerless raw word stream, as rubycpu's
	// compiler does: a `jmp start` (two words) comes first when the program
	// has a start label, shifting every code address by 2, and a .data
	// section is an error, since a raw stream has nowhere to put data.
	Raw bool
	// ReadFile reads the files named by %include (the main file's text is
	// given to Assemble). nil means ReadSource. Each file is read once,
	// however often it is included.
	ReadFile func(path string) ([]byte, error)
}

// MaxFileSize is the largest source file the assembler takes, and
// MaxTotalSize the most source one program may have after its includes
// (a file included twice counts twice). Both are far above any exercise
// and keep assembly within a few hundred megabytes and seconds (about
// 120 MB and a second per MiB of source); the total also refuses a chain
// of files that each include the next twice, which would double at every
// level.
const (
	MaxFileSize  = 1 << 20
	MaxTotalSize = 2 << 20
)

// ReadSource reads a source file of at most MaxFileSize bytes, never more
// of it than that (a device such as /dev/zero never ends).
func ReadSource(path string) ([]byte, error) {
	return limited.ReadFile(path, MaxFileSize, "a source file")
}

// maxErrors caps the errors reported for one assembly; past it, a list of
// further errors helps nobody.
const maxErrors = 100

// maxIncludeDepth bounds nesting that the cycle check cannot see, such as
// one file reached through ever longer paths (a/../a/../a.asm).
const maxIncludeDepth = 64

// maxData is the most data a program may have: it must fit in memory above
// the reserved words.
const maxData = memory.MaxSize - image.DataBase

// AssembleFile reads and assembles the file at path. The error is an
// ErrorList when the source has mistakes, or the read error when the file
// cannot be read.
func AssembleFile(path string, opts Options) (*image.Program, error) {
	src, err := ReadSource(path)
	if err != nil {
		return nil, err
	}
	return Assemble(path, src, opts)
}

// Assemble assembles src. filename names it in diagnostics and debug
// information, and its folder is where %include looks first.
func Assemble(filename string, src []byte, opts Options) (*image.Program, error) {
	return newAssembler(opts).assemble(filename, src)
}

func newAssembler(opts Options) *assembler {
	a := &assembler{
		opts:     opts,
		fileIdx:  map[string]int{},
		errLines: map[lineKey]bool{},
		syms:     map[string]*symbol{},
		read:     map[string][]byte{},
		seq:      map[lineKey]int{},
	}
	if a.opts.ReadFile == nil {
		a.opts.ReadFile = ReadSource
	}
	return a
}

func (a *assembler) assemble(filename string, src []byte) (*image.Program, error) {
	if len(src) > MaxFileSize {
		a.add(&Error{Pos: Pos{File: filename}, Msg: (&limited.TooLargeError{Max: MaxFileSize, What: "a source file"}).Error()})
		return nil, a.sortedErrors()
	}
	a.total = len(src)
	a.file(filename, src)
	a.layout()
	p := a.encode()
	if len(a.errs) > 0 {
		return nil, a.sortedErrors()
	}
	return p, nil
}

// section is where the assembler is putting what it reads.
type section uint8

const (
	textSection section = iota
	dataSection
)

type symKind uint8

const (
	codeLabel symKind = iota
	dataLabel
	define
	externSym // a host function; its value is its index in the extern table
)

// symbol is a label or a %define'd name.
type symbol struct {
	name  string
	kind  symKind
	value uint32
	pos   Pos
}

// stmt is a line that produces words: an instruction or a dd.
type stmt struct {
	pos   Pos // of the mnemonic or dd
	file  int // index into files
	in    *isa.Instruction
	ops   []operand // the instruction's operands or the dd values
	strs  [][]rune  // for dd: the string at each index, or nil for ops[i]
	addr  uint32    // code address, or data address for a dd
	words int       // the words a dd lays out
	code  bool      // a strict dd in .text: its words go into the code
}

type lineKey struct {
	file string
	line int
}

type assembler struct {
	opts Options

	files   []string // every file read, in the order first read
	fileIdx map[string]int
	sources [][]string

	errs     ErrorList
	errLines map[lineKey]bool // lines that already have an error

	syms     map[string]*symbol
	names    []string  // the names of syms, sorted, for suggestions in pass two
	labels   []*symbol // in definition order
	stmts    []*stmt
	code     uint32 // words of code so far
	data     uint32 // words of data so far
	sect     section
	includes []string          // the files being read, outermost first
	read     map[string][]byte // every file read for an %include, by path
	stop     bool              // the total size was passed: read no further
	total    int               // bytes of source read so far, includes counted each time
	seq      map[lineKey]int   // the order in which lines were first read

	externs      []string      // the declared host functions, in order
	externPlaces []image.Place // where each was declared
}

// errorf records an error at a position, unless its line already has one:
// the first mistake of a line is the one worth reading.
func (a *assembler) errorf(pos Pos, format string, args ...any) {
	a.add(&Error{Pos: pos, Msg: fmt.Sprintf(format, args...), Text: a.lineText(pos)})
}

func (a *assembler) add(e *Error) {
	k := lineKey{e.Pos.File, e.Pos.Line}
	if a.errLines[k] || a.full() {
		return
	}
	a.errLines[k] = true
	a.errs = append(a.errs, e)
}

// full says whether there are already more errors than are reported; one
// more than the cap is kept, to say that there were too many.
func (a *assembler) full() bool { return len(a.errs) > maxErrors }

func (a *assembler) lineText(pos Pos) string {
	if i, ok := a.fileIdx[pos.File]; ok && pos.Line >= 1 && pos.Line <= len(a.sources[i]) {
		return a.sources[i][pos.Line-1]
	}
	return ""
}

// sortedErrors returns the errors in the order their lines were read (an
// included file's where its %include stands), then by column, capped at
// maxErrors.
func (a *assembler) sortedErrors() ErrorList {
	a.errs = a.sorted(a.errs, "errors")
	return a.errs
}

// sorted puts diagnostics (errors or warnings) in reading order and keeps
// at most maxErrors, then one saying there were too many.
func (a *assembler) sorted(list ErrorList, what string) ErrorList {
	order := func(e *Error) int {
		if n, ok := a.seq[lineKey{e.Pos.File, e.Pos.Line}]; ok {
			return n
		}
		return math.MaxInt // not a line that was read: last
	}
	slices.SortStableFunc(list, func(x, y *Error) int {
		if c := cmp.Compare(order(x), order(y)); c != 0 {
			return c
		}
		return x.Pos.Col - y.Pos.Col
	})
	if len(list) > maxErrors {
		next := list[maxErrors]
		list = append(list[:maxErrors], &Error{Pos: Pos{File: next.Pos.File, Line: 0}, Msg: "too many " + what, Warning: next.Warning})
	}
	return list
}

// splitLines splits a file into lines without their line endings (\n,
// \r\n, or a lone \r as old Mac editors write). A final line ending does
// not start another line.
func splitLines(src []byte) []string {
	s := string(src)
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// file reads one source file (pass one): labels, defines, sizes, and the
// statements to encode.
func (a *assembler) file(name string, src []byte) {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	lines := splitLines(src)
	idx, seen := a.fileIdx[name]
	if !seen {
		idx = len(a.files)
		a.fileIdx[name] = idx
		a.files = append(a.files, name)
		a.sources = append(a.sources, lines)
	}
	// A file that is not UTF-8 text is almost always the wrong file (an
	// image, a binary): one error says so better than a hundred.
	for i, line := range lines {
		what := ""
		bad := strings.IndexByte(line, 0)
		if bad >= 0 {
			what = "it holds a NUL byte"
		}
		if !utf8.ValidString(line) {
			b := 0
			for b < len(line) {
				r, n := utf8.DecodeRuneInString(line[b:])
				if r == utf8.RuneError && n == 1 {
					break
				}
				b += n
			}
			if bad < 0 || b < bad {
				bad, what = b, "it is not valid UTF-8"
			}
		}
		if bad >= 0 {
			// Only the text before the bad byte is shown: the rest of a
			// binary's "line" is not fit for a terminal.
			a.add(&Error{
				Pos:  Pos{File: name, Line: i + 1, Col: utf8.RuneCountInString(line[:bad]) + 1},
				Msg:  fmt.Sprintf("%s is not a text file (%s)", name, what),
				Text: line[:bad],
			})
			return
		}
	}
	for i, line := range lines {
		pos := Pos{File: name, Line: i + 1}
		if k := (lineKey{name, i + 1}); a.seq[k] == 0 {
			a.seq[k] = len(a.seq) + 1
		}
		if err := a.line(idx, pos, line); err != nil {
			pos.Col = err.col
			a.errorf(pos, "%s", err.msg)
		}
		if a.full() || a.stop {
			return
		}
	}
}

// line handles one line of pass one: [label:]... [statement].
func (a *assembler) line(file int, pos Pos, text string) *lineError {
	p := &parser{toks: lex(text), src: text}
	for p.peek().kind == tIdent && p.toks[p.i+1].kind == tColon {
		t := p.next()
		p.next()
		kind, value := codeLabel, a.code
		if a.sect == dataSection {
			kind, value = dataLabel, image.DataBase+a.data
		}
		if err := a.defineSym(t, kind, value, pos); err != nil {
			return err
		}
	}
	t := p.next()
	switch t.kind {
	case tEOF:
		return nil
	case tDirective:
		return a.directive(p, t, pos)
	case tSection:
		if err := a.setSection(t, pos); err != nil {
			return err
		}
	case tIdent:
		word := strings.ToLower(t.text)
		pos.Col = t.col
		switch word {
		case "section":
			s := p.next()
			if s.kind != tSection {
				return unexpected(s, " (expected .text or .data)")
			}
			if err := a.setSection(s, pos); err != nil {
				return err
			}
		case "dd":
			if err := a.dd(p, file, pos, false); err != nil {
				return err
			}
		case "strict":
			// `strict dd` puts words into the code exactly as written:
			// what disasm writes for a word that is no instruction.
			if d := p.peek(); d.kind != tIdent || !strings.EqualFold(d.text, "dd") {
				return a.unknownInstruction(p, t)
			}
			p.next()
			if err := a.dd(p, file, pos, true); err != nil {
				return err
			}
		case "resd":
			if err := a.resd(p, t); err != nil {
				return err
			}
		case "extern":
			if err := a.extern(p, file, pos); err != nil {
				return err
			}
		default:
			in := isa.Lookup(word)
			if in == nil {
				return a.unknownInstruction(p, t)
			}
			if err := a.instruction(p, in, word, file, pos); err != nil {
				return err
			}
		}
	default:
		return unexpected(t, " (expected a label, an instruction or a directive)")
	}
	if t := p.peek(); t.kind != tEOF {
		return unexpected(t, "")
	}
	return nil
}

// keywords are the words besides mnemonics that start a statement (line
// dispatches on them); like mnemonics, they cannot be names.
var keywords = []string{"dd", "resd", "section", "extern"}

// reserved says why name cannot be a label or %define'd name, or "".
func reserved(name string) string {
	lower := strings.ToLower(name)
	switch {
	case isa.Lookup(lower) != nil:
		return "an instruction"
	case slices.Contains(keywords, lower):
		return "a directive"
	}
	if _, ok := register(name); ok {
		return "a register"
	}
	return ""
}

func (a *assembler) defineSym(t token, kind symKind, value uint32, pos Pos) *lineError {
	if why := reserved(t.text); why != "" {
		what := "a label"
		switch kind {
		case define:
			what = "defined"
		case externSym:
			what = "an extern"
		}
		return errAt(t.col, "'%s' is %s name and cannot be %s", t.text, why, what)
	}
	if old, ok := a.syms[t.text]; ok {
		where := Pos{File: old.pos.File, Line: old.pos.Line}
		switch {
		case old.kind == externSym || kind == externSym:
			return errAt(t.col, "'%s' already defined at %s; an extern needs a name of its own", t.text, where)
		case old.kind != define && kind != define:
			return errAt(t.col, "label '%s' already defined at %s", t.text, where)
		case old.kind == define:
			return errAt(t.col, "'%s' already defined by %%define at %s", t.text, where)
		default:
			return errAt(t.col, "'%s' already defined as a label at %s", t.text, where)
		}
	}
	pos.Col = t.col
	s := &symbol{name: t.text, kind: kind, value: value, pos: pos}
	a.syms[t.text] = s
	if kind == codeLabel || kind == dataLabel {
		a.labels = append(a.labels, s)
	}
	return nil
}

func (a *assembler) setSection(t token, pos Pos) *lineError {
	switch strings.ToLower(t.text) {
	case ".text":
		a.sect = textSection
	case ".data":
		// Switch even in raw mode, so that the data lines that follow are
		// not reported too.
		a.sect = dataSection
		if a.opts.Raw {
			return errAt(t.col, "a raw program cannot have a .data section (assemble to an image instead)")
		}
	default:
		return errAt(t.col, "unknown section '%s' (cpu32 has .text and .data)", t.text)
	}
	return nil
}

// unknownInstruction explains a word that starts a statement but is no
// mnemonic: an x86 habit (isa.Hints), a label missing its colon, or a typo.
func (a *assembler) unknownInstruction(p *parser, t token) *lineError {
	// A character that no name holds, right after the word (lab$el:), is
	// the mistake: the word alone is not an instruction only because the
	// name was cut there.
	if e := p.peek(); e.kind == tError && e.col == t.col+utf8.RuneCountInString(t.text) {
		return errAt(e.col, "%s (a name has only letters, digits and '_')", e.text)
	}
	if err := statementHint(p, t); err != nil {
		return err
	}
	cands := append(isa.Mnemonics(), keywords...)
	near, d := closest(strings.ToLower(t.text), cands)
	label := labelLike(p.peek())
	switch {
	case near != "" && (d <= 1 || !label):
		return errAt(t.col, "unknown instruction '%s' (did you mean '%s'?)", t.text, near)
	case label:
		return errAt(t.col, "%s", missingColon(t.text))
	}
	return errAt(t.col, "unknown instruction '%s'", t.text)
}

// end checks that nothing follows the operands of a statement.
func (p *parser) end() *lineError {
	t := p.peek()
	switch {
	case t.kind == tEOF:
		return nil
	case startsOperand(t):
		return unexpected(t, " (missing ','?)")
	}
	return unexpected(t, "")
}

// operands reads a comma-separated operand list up to the end of the line.
func (p *parser) operands() ([]operand, *lineError) {
	var ops []operand
	if p.peek().kind == tEOF {
		return nil, nil
	}
	for {
		op, err := p.parseOperand()
		if err != nil {
			return nil, err
		}
		ops = append(ops, op)
		if p.peek().kind != tComma {
			return ops, nil
		}
		p.next()
	}
}

func (a *assembler) instruction(p *parser, in *isa.Instruction, word string, file int, pos Pos) *lineError {
	if a.sect == dataSection {
		return errAt(pos.Col, "instruction '%s' in the .data section (switch back with 'section .text')", word)
	}
	if err := stringHint(p, word); err != nil {
		return err
	}
	ops, err := p.operands()
	if err != nil {
		return err
	}
	if err := p.end(); err != nil {
		return err
	}
	if len(ops) != len(in.Operands) {
		col := pos.Col
		if len(ops) > len(in.Operands) {
			col = ops[len(in.Operands)].col
		}
		if err := arityHint(p, pos.Col, col, len(ops), len(in.Operands)); err != nil {
			return err
		}
		return errAt(col, "%s, found %d", takes(in, word), len(ops))
	}
	for i, f := range in.Operands {
		if f == isa.Dest && ops[i].isImmediate() {
			if err := destHint(ops[i]); err != nil {
				return err
			}
			return errAt(ops[i].col, "destination must be a register or a memory operand")
		}
	}
	a.stmts = append(a.stmts, &stmt{pos: pos, file: file, in: in, ops: ops, addr: a.code})
	a.code += uint32(in.Size())
	return nil
}

// takes says how many operands an instruction has, e.g.
// "mov takes 2 operands (mov dst, src)".
func takes(in *isa.Instruction, word string) string {
	forms := make([]string, len(in.Operands))
	for i, f := range in.Operands {
		forms[i] = f.String()
	}
	switch len(forms) {
	case 0:
		return word + " takes no operands"
	case 1:
		return fmt.Sprintf("%s takes 1 operand (%s %s)", word, word, forms[0])
	}
	return fmt.Sprintf("%s takes %d operands (%s %s)", word, len(forms), word, strings.Join(forms, ", "))
}

// dd reads `dd value, ...`: each value a constant expression (one word) or a
// string (one word per character). With strict (`strict dd`), dd in .text
// lays its words out in the code.
func (a *assembler) dd(p *parser, file int, pos Pos, strict bool) *lineError {
	if a.sect != dataSection && !strict {
		return errAt(pos.Col, "dd outside the .data section (put 'section .data' before it)")
	}
	s := &stmt{pos: pos, file: file, addr: image.DataBase + a.data}
	if a.sect != dataSection {
		s.addr, s.code = a.code, true
	}
	if p.peek().kind == tEOF {
		return errAt(p.peek().col, "dd needs at least one value")
	}
	for {
		t := p.peek()
		if t.kind == tQuote && (p.toks[p.i+1].kind == tComma || p.toks[p.i+1].kind == tEOF) {
			p.next()
			s.strs = append(s.strs, append([]rune{}, t.runes...))
			s.ops = append(s.ops, operand{})
			s.words += len(t.runes)
		} else {
			op, err := p.parseOperand()
			if err != nil {
				return err
			}
			if !op.isImmediate() {
				return errAt(op.col, "a dd value must be a constant, not a register or memory operand")
			}
			s.strs = append(s.strs, nil)
			s.ops = append(s.ops, op)
			s.words++
		}
		if p.peek().kind != tComma {
			break
		}
		p.next()
	}
	if err := p.end(); err != nil {
		return err
	}
	if s.code {
		a.code += uint32(s.words)
	} else if err := a.grow(uint32(s.words), pos.Col); err != nil {
		return err
	}
	a.stmts = append(a.stmts, s)
	return nil
}

// grow adds n words of data, refusing more than memory can hold.
func (a *assembler) grow(n uint32, col int) *lineError {
	if uint64(a.data)+uint64(n) > maxData {
		return errAt(col, "too much data: more than %d words", maxData)
	}
	a.data += n
	return nil
}

// resd reads `resd N`, N zero words. N must be known now, since it moves
// every later data label.
func (a *assembler) resd(p *parser, t token) *lineError {
	if a.sect != dataSection {
		return errAt(t.col, "resd outside the .data section (put 'section .data' before it)")
	}
	if p.peek().kind == tEOF {
		return errAt(p.peek().col, "resd needs a count")
	}
	op, err := p.parseOperand()
	if err != nil {
		return err
	}
	n, err := a.constant(op, "a resd count")
	if err != nil {
		return err
	}
	if n < 0 {
		return errAt(op.col, "resd count %d is negative", n)
	}
	if n > maxData {
		return errAt(op.col, "too much data: more than %d words", maxData)
	}
	return a.grow(uint32(n), op.col)
}

// constant evaluates an expression in pass one, where only numbers and
// names %defined above are known.
func (a *assembler) constant(op operand, what string) (int64, *lineError) {
	if !op.isImmediate() {
		return 0, errAt(op.col, "%s must be a number", what)
	}
	var err *lineError
	sum, _ := op.sum(func(t term) (int64, bool) {
		s, ok := a.syms[t.name]
		switch {
		case !ok:
			if hint := registerHint(t.name); hint != "" {
				err = errAt(t.col, "%s", hint)
				break
			}
			err = errAt(t.col, "undefined name '%s' (%s may only use numbers and names %%defined above it)", t.name, what)
		case s.kind != define:
			err = errAt(t.col, "'%s' is a label; %s must be a number or a %%defined name", t.name, what)
		default:
			return int64(s.value), true
		}
		return 0, false
	})
	return sum, err
}

// extern reads `extern name, ...`: host functions the program calls with
// `call name`. Declaring one again, as NASM allows, changes nothing.
func (a *assembler) extern(p *parser, file int, pos Pos) *lineError {
	if a.opts.Raw {
		return errAt(pos.Col, "a raw program cannot declare externs: it has no table to name them (assemble to an image instead)")
	}
	if p.peek().kind == tEOF {
		return errAt(p.peek().col, "extern needs the name of a host function")
	}
	for {
		t := p.next()
		if t.kind != tIdent {
			return unexpected(t, " (expected the name of a host function)")
		}
		if old, ok := a.syms[t.text]; !ok || old.kind != externSym {
			if err := a.defineSym(t, externSym, uint32(len(a.externs)), pos); err != nil {
				return err
			}
			a.externs = append(a.externs, t.text)
			a.externPlaces = append(a.externPlaces, image.Place{File: file, Line: pos.Line})
		}
		if p.peek().kind != tComma {
			return p.end()
		}
		p.next()
	}
}

// directive handles %include and %define.
func (a *assembler) directive(p *parser, t token, pos Pos) *lineError {
	switch strings.ToLower(t.text) {
	case "%define":
		name := p.next()
		if name.kind != tIdent {
			return unexpected(name, " (expected a name after %%define)")
		}
		if p.peek().kind == tEOF {
			return errAt(p.peek().col, "%%define %s needs a value", name.text)
		}
		op, err := p.parseOperand()
		if err != nil {
			return err
		}
		if e := p.peek(); e.kind != tEOF {
			return unexpected(e, " (a %%define value is one number)")
		}
		v, err := a.constant(op, "a %define value")
		if err != nil {
			return err
		}
		return a.defineSym(name, define, uint32(v), pos)
	case "%include":
		f := p.next()
		if f.kind != tQuote && f.kind != tPath {
			if f.kind == tEOF {
				return errAt(f.col, "%%include needs a file name")
			}
			return unexpected(f, " (expected a file name)")
		}
		if e := p.peek(); e.kind != tEOF {
			return unexpected(e, " after the file name")
		}
		name := f.text
		if f.kind == tQuote {
			name = string(f.runes)
		}
		pos.Col = f.col
		return a.include(name, pos)
	}
	return errAt(t.col, "unknown directive '%s' (cpu32 has %%include and %%define)", t.text)
}

// include reads an included file in place. It is looked for next to the
// including file, then in the current directory, as rubycpu's samples
// expect.
func (a *assembler) include(name string, pos Pos) *lineError {
	if name == "" {
		return errAt(pos.Col, "%%include needs a file name")
	}
	cands := []string{filepath.Clean(name)}
	if dir := filepath.Dir(pos.File); !filepath.IsAbs(name) && dir != "." {
		cands = []string{filepath.Join(dir, name), filepath.Clean(name)}
	}
	var src []byte
	var path string
	var firstErr error
	notFound := true
	for _, c := range cands {
		b, ok := a.read[c]
		var err error
		if !ok {
			if b, err = a.opts.ReadFile(c); err == nil && len(b) > MaxFileSize {
				err = &limited.TooLargeError{Max: MaxFileSize, What: "a source file"}
			}
		}
		if err == nil {
			a.read[c] = b
			src, path = b, c
			break
		}
		if !errors.Is(err, fs.ErrNotExist) && notFound {
			notFound, firstErr = false, err
		}
	}
	switch {
	case path == "" && notFound:
		return errAt(pos.Col, "cannot find included file '%s' (looked for %s)", name, strings.Join(cands, " and "))
	case path == "":
		return errAt(pos.Col, "cannot include '%s': %v", name, causeOf(firstErr))
	}
	if a.total += len(src); a.total > MaxTotalSize {
		a.stop = true
		return errAt(pos.Col, "including '%s' makes the program larger than %s of source, the limit after includes", name, limited.Size(MaxTotalSize))
	}
	a.includes = append(a.includes, filepath.Clean(pos.File))
	defer func() { a.includes = a.includes[:len(a.includes)-1] }()
	if i := slices.Index(a.includes, filepath.Clean(path)); i >= 0 {
		chain := append(slices.Clone(a.includes[i:]), path)
		return errAt(pos.Col, "include cycle: %s", strings.Join(chain, " -> "))
	}
	if len(a.includes) > maxIncludeDepth {
		return errAt(pos.Col, "includes nested more than %d deep", maxIncludeDepth)
	}
	a.file(path, src)
	return nil
}

// causeOf drops the path that an error of the os package repeats: the
// message around it names the file already.
func causeOf(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
