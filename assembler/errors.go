package assembler

import (
	"fmt"
	"strings"
)

// Pos is a position in a source file. Line and Col are 1-based; Col counts
// characters (runes), not bytes, so a caret lines up under the character
// in an editor.
type Pos struct {
	File string
	Line int
	Col  int
}

// String returns "file:line:col", the form editors and the Go toolchain use.
// A zero Line or Col is left out.
func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	if p.Col == 0 {
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is one assembly error: where it is, what is wrong, and the text of
// the source line so that it can be shown without the file.
type Error struct {
	Pos  Pos
	Msg  string
	Text string // the source line, without its line ending
	// Warning marks legal code that is almost certainly a mistake (see
	// AssembleWithWarnings); its message starts with "warning: ".
	Warning bool
}

// Error returns "file:line:col: msg" ("file:line:col: warning: msg" for a
// warning), then the source line and a caret under
// the column. The caret line repeats the tabs of the source line's prefix so
// that the caret lands in the same place whatever the tab width.
func (e *Error) Error() string {
	head := e.Pos.String() + ": " + e.Msg
	if e.Warning {
		head = e.Pos.String() + ": warning: " + e.Msg
	}
	head = escapeControls(head)
	if e.Pos.Line == 0 {
		return head
	}
	var b strings.Builder
	b.WriteString(head)
	b.WriteByte('\n')
	b.WriteString(escapeControls(e.Text))
	b.WriteByte('\n')
	n := 0
	for _, r := range e.Text {
		if n >= e.Pos.Col-1 {
			break
		}
		switch {
		case r == '\t':
			b.WriteByte('\t')
		case isControl(r):
			b.WriteString(strings.Repeat(" ", len(escapeControls(string(r)))))
		default:
			b.WriteByte(' ')
		}
		n++
	}
	for ; n < e.Pos.Col-1; n++ {
		b.WriteByte(' ')
	}
	b.WriteByte('^')
	return b.String()
}

// isControl reports whether r would act on a terminal rather than show: a
// control character other than tab (an escape sequence starts with one),
// or a bidirectional override that makes text read differently from how
// it is stored.
func isControl(r rune) bool {
	switch {
	case r == '\t':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f:
		return true
	}
	return false
}

// escapeControls shows each control character of s as an escape (\x1b,
// \u202e), so that a diagnostic never sends a source line's escape
// sequences to the terminal.
func escapeControls(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !isControl(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	return b.String()
}

// ErrorList is every error of an assembly, sorted by file (in the order the
// files were first read), then line, then column. It is returned as the error
// of Assemble and AssembleFile when the source has mistakes.
type ErrorList []*Error

// Error returns each error's text, separated by newlines, with no newline at
// the end.
func (l ErrorList) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}
