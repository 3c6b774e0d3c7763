package tui

import (
	"fmt"
	"strings"

	"cpu32/debugger/cmdlang"
)

// CommandTableMarkdown renders every command of the command line, the
// engine's and the UI's own, as the Markdown table of docs/debugger.md. It reads
// the same tables that dispatch the commands and draw the help overlay.
func CommandTableMarkdown() string {
	var b strings.Builder
	b.WriteString("| Command | Aliases | What it does |\n|---|---|---|\n")
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	for _, c := range cmdlang.Commands() {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", cell(c.Usage), cell(strings.Join(c.Aliases, ", ")), cell(c.Help))
	}
	for _, c := range uiCommands() {
		fmt.Fprintf(&b, "| `%s` |  | %s |\n", cell(c.usage), cell(c.help))
	}
	return b.String()
}
