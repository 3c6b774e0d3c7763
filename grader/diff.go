package grader

import (
	"fmt"
	"strings"
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
	text, nl := strings.CutSuffix(l, "\n")
	if len(text) > maxLineShown {
		text = fmt.Sprintf("%s[... %d more bytes]", strings.ToValidUTF8(text[:maxLineShown], ""), len(text)-maxLineShown)
	}
	sb.WriteByte(sign)
	sb.WriteString(text)
	sb.WriteByte('\n')
	if !nl {
		sb.WriteString("\\ No newline at end of file\n")
	}
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
