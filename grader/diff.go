package grader

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// diffLines bounds each side of the hunk Diff shows: a student reads the
// first lines that differ, not a thousand.
const diffLines = 8

// diffContext is how many equal lines Diff shows around the change.
const diffContext = 2

// Diff returns a short unified diff from want to got: one hunk, from the
// first line that differs to the last, with two lines of context and at
// most diffLines lines of each side. It takes time linear in the
// outputs' size whatever they hold. Equal texts give "".
func Diff(want, got string) string {
	if want == got {
		return ""
	}
	a, b := splitLines(want), splitLines(got)
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	from := max(pre-diffContext, 0)
	aEnd, bEnd := len(a)-suf, len(b)-suf
	ctxEnd := min(diffContext, suf)
	var sb strings.Builder
	sb.WriteString("--- expected\n+++ got\n")
	fmt.Fprintf(&sb, "@@ -%s +%s @@\n", hunkRange(from, aEnd+ctxEnd), hunkRange(from, bEnd+ctxEnd))
	for _, l := range a[from:pre] {
		writeLine(&sb, ' ', l)
	}
	side := func(sign byte, lines []string) {
		for i, l := range lines {
			if i == diffLines {
				fmt.Fprintf(&sb, "%c[... %d more lines]\n", sign, len(lines)-i)
				break
			}
			writeLine(&sb, sign, l)
		}
	}
	side('-', a[pre:aEnd])
	side('+', b[pre:bEnd])
	for _, l := range a[aEnd : aEnd+ctxEnd] {
		writeLine(&sb, ' ', l)
	}
	return sb.String()
}

// hunkRange is a unified diff's "start,count" for lines from..to-1.
func hunkRange(from, to int) string {
	switch n := to - from; {
	case n == 1:
		return fmt.Sprint(from + 1)
	case n == 0:
		return fmt.Sprintf("%d,0", from)
	default:
		return fmt.Sprintf("%d,%d", from+1, n)
	}
}

// maxLineShown bounds a line of the diff: a program that prints a
// megabyte without a newline shows its start.
const maxLineShown = 200

// writeLine writes one line of the diff. A line without its newline (the
// last of an output that does not end in one) gets diff's marker.
func writeLine(sb *strings.Builder, sign byte, l string) {
	text, nl := lineText(l)
	sb.WriteByte(sign)
	sb.WriteString(text)
	sb.WriteByte('\n')
	if !nl {
		sb.WriteString("\\ No newline at end of file\n")
	}
}

// lineText is a line of a program's output as a report shows it: without
// its newline (nl says whether it had one), cut at maxLineShown bytes, its
// control characters visible.
func lineText(l string) (text string, nl bool) {
	text, nl = strings.CutSuffix(l, "\n")
	if len(text) > maxLineShown {
		text = fmt.Sprintf("%s[... %d more bytes]", visible(strings.ToValidUTF8(text[:maxLineShown], "")), len(text)-maxLineShown)
		return text, nl
	}
	return visible(text), nl
}

// splitLines splits s after each newline, keeping it.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// visible shows the control characters of a program's text (an escape
// sequence that would clear the grader's terminal, a bell) as Go escapes
// and bytes that are not UTF-8 as \xNN: a report shows what a program
// printed and never obeys it. Tabs and newlines stay.
func visible(s string) string {
	plain := func(r rune) bool { return r != utf8.RuneError && (r == '\t' || r == '\n' || !unicode.IsControl(r)) }
	if !strings.ContainsFunc(s, func(r rune) bool { return !plain(r) }) {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, "\\x%02x", s[0])
		case plain(r) || r == utf8.RuneError:
			b.WriteString(s[:n])
		case r < 0x100:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
		s = s[n:]
	}
	return b.String()
}
