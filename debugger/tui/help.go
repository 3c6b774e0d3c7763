package tui

import (
	"fmt"
	"strings"

	"cpu32/debugger"

	"github.com/rivo/tview"
)

// helpText is the help overlay's text: every key from the key table, every
// engine command from debugger.Commands, and the UI's own commands.
func helpText() string {
	var b strings.Builder
	b.WriteString("KEYS\n")
	rows := keyBindings()
	keyW := 0
	for _, r := range rows {
		keyW = max(keyW, textWidth(keyNamesOf(r.keys)))
	}
	for _, r := range rows {
		keys := keyNamesOf(r.keys)
		fmt.Fprintf(&b, "  %s%s  %-16s %s\n", keys, strings.Repeat(" ", keyW-textWidth(keys)), r.name, r.help)
	}

	b.WriteString("\nCOMMANDS (press : and type one; an empty line repeats the last)\n")
	type row struct{ usage, aliases, help string }
	var cmds []row
	for _, c := range debugger.Commands() {
		usage := c.Usage
		if usage == "" {
			usage = c.Name
		}
		aliases := ""
		if len(c.Aliases) > 0 {
			aliases = "(" + strings.Join(c.Aliases, ", ") + ")"
		}
		cmds = append(cmds, row{usage, aliases, c.Help})
	}
	for _, c := range uiCommands() {
		cmds = append(cmds, row{c.usage, "", c.help})
	}
	usageW, aliasW := 0, 0
	for _, c := range cmds {
		usageW = max(usageW, textWidth(c.usage))
		aliasW = max(aliasW, textWidth(c.aliases))
	}
	for _, c := range cmds {
		fmt.Fprintf(&b, "  %-*s  %-*s  %s\n", usageW, c.usage, aliasW, c.aliases, c.help)
	}
	b.WriteString("\nEsc, ? or F1 closes this help; ↑ ↓ PgUp PgDn scroll it.\n")
	return b.String()
}

// newHelpView returns the help overlay's text view. Colour tags are off:
// usages such as "break LOC [if COND]" must show their brackets.
func newHelpView() *tview.TextView {
	v := tview.NewTextView().SetDynamicColors(false).SetRegions(false).SetWrap(true).SetWordWrap(true).SetText(helpText())
	v.SetBorder(true).SetTitle(" help ").SetBorderColor(borderFocused)
	return v
}

// centered places p in the middle of the screen, taking the given share of
// its width and height.
func centered(p tview.Primitive, width, height int) tview.Primitive {
	column := tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(nil, 0, 1, false).
		AddItem(p, 0, height, true).
		AddItem(nil, 0, 1, false)
	return tview.NewFlex().
		AddItem(nil, 0, 1, false).
		AddItem(column, 0, width, true).
		AddItem(nil, 0, 1, false)
}
