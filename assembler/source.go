package assembler

import (
	"strings"
	"unicode"

	"cpu32/image"
	"cpu32/isa"
)

// Statement returns the statement of a source line as it was written,
// without its labels and comment and with each run of spaces outside
// quotes made one: "div eax, [vals+ecx]" for
// "again:  div   eax, [vals+ecx]  ; next". It is "" for a line with no
// statement.
func Statement(line string) string {
	toks := lex(line)
	i := 0
	for i+1 < len(toks) && toks[i].kind == tIdent && toks[i+1].kind == tColon {
		i += 2
	}
	end := toks[len(toks)-1]
	switch {
	case end.kind != tEOF:
		return strings.TrimSpace(line) // not a line the assembler took; show it whole
	case toks[i].kind == tEOF:
		return ""
	}
	rs := []rune(line)
	var b strings.Builder
	quote, space := rune(0), false
	for _, r := range rs[toks[i].col-1 : end.col-1] {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case unicode.IsSpace(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// InstructionText renders the instruction at addr of p the way a student
// reads it best: as the source wrote it when the debug information keeps
// the line, else disassembled with the program's labels (code labels for
// targets, data labels for memory). addr must be where an instruction
// starts (the cpu knows where they do); ok is false when the words there
// do not decode.
func InstructionText(p *image.Program, addr uint32) (text string, ok bool) {
	d, err := isa.Decode(p.Code, addr)
	if err != nil {
		return "", false
	}
	if file, line, found := p.Debug.Where(addr); found {
		if src, kept := p.Debug.SourceLine(file, line); kept {
			if s := Statement(src); s != "" {
				return s, true
			}
		}
	}
	if d.In.Op == isa.Callx { // only the program knows its externs' names
		return FormatProgramInstruction(d, p), true
	}
	return FormatProgramInstruction(d, p), true
}
