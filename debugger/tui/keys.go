package tui

import (
	"cpu32/debugger"

	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"
)

// keySpec is one key: a rune (key is tcell.KeyRune) or a special key, with
// the modifiers a special key must carry.
type keySpec struct {
	key tcell.Key
	r   rune
	mod tcell.ModMask
}

func runeKey(r rune) keySpec                          { return keySpec{key: tcell.KeyRune, r: r} }
func special(k tcell.Key) keySpec                     { return keySpec{key: k} }
func modified(k tcell.Key, mod tcell.ModMask) keySpec { return keySpec{key: k, mod: mod} }

// modMask is the modifiers that tell keys apart: F11 is not Shift-F11.
const modMask = tcell.ModShift | tcell.ModCtrl | tcell.ModAlt

// matches reports whether ev is this key.
func (k keySpec) matches(ev *tcell.EventKey) bool {
	if k.key == tcell.KeyRune {
		return ev.Key() == tcell.KeyRune && ev.Rune() == k.r && ev.Modifiers()&(tcell.ModCtrl|tcell.ModAlt) == 0
	}
	if ev.Key() != k.key {
		return false
	}
	// Only function keys are told apart by their modifiers. Control keys
	// arrive with ModCtrl set or not depending on the terminal and on tcell's
	// parser, and Shift-Tab may carry ModShift: their key code is enough.
	if k.key < tcell.KeyF1 || k.key > tcell.KeyF64 {
		return true
	}
	return ev.Modifiers()&modMask == k.mod
}

var keyNames = map[tcell.Key]string{
	tcell.KeyUp: "↑", tcell.KeyDown: "↓", tcell.KeyLeft: "←", tcell.KeyRight: "→",
	tcell.KeyPgUp: "PgUp", tcell.KeyPgDn: "PgDn", tcell.KeyHome: "Home", tcell.KeyEnd: "End",
	tcell.KeyTab: "Tab", tcell.KeyBacktab: "Shift-Tab", tcell.KeyEscape: "Esc",
	tcell.KeyEnter: "Enter", tcell.KeyCtrlC: "Ctrl-C",
}

// String names the key as the help shows it, e.g. "s", "F11", "Shift-F11".
func (k keySpec) String() string {
	if k.key == tcell.KeyRune {
		return string(k.r)
	}
	name, ok := keyNames[k.key]
	if !ok && k.key >= tcell.KeyF1 && k.key <= tcell.KeyF64 {
		name, ok = fmt.Sprintf("F%d", k.key-tcell.KeyF1+1), true
	}
	if !ok {
		name = tcell.KeyNames[k.key]
	}
	if k.mod&tcell.ModShift != 0 {
		name = "Shift-" + name
	}
	return name
}

// binding is one row of the key table. The same rows dispatch keys, draw
// the help overlay and generate docs/debugger.md's key table, so they cannot
// disagree.
type binding struct {
	keys   []keySpec // the key, then its aliases, as the help lists them
	hidden []keySpec // more aliases the help leaves out (what some terminals send)
	name   string
	help   string
	// run handles the key; nil means the focused pane or the running
	// command handles it, and the row is there for the help.
	run func(u *UI)
}

// matches reports whether ev is one of the row's keys.
func (b *binding) matches(ev *tcell.EventKey) bool {
	for _, k := range b.keys {
		if k.matches(ev) {
			return true
		}
	}
	for _, k := range b.hidden {
		if k.matches(ev) {
			return true
		}
	}
	return false
}

// keyBindings returns the key table. It is a function, not a variable,
// because the handlers refer back to what the table feeds (the help).
func keyBindings() []binding {
	return []binding{
		{keys: []keySpec{runeKey('s'), special(tcell.KeyF11)}, name: "step",
			help: "step into: run one instruction", run: typedRun(runOp{"step", always, func(s *debugger.Session) (debugger.StopEvent, error) { return s.Step(1) }})},
		{keys: []keySpec{runeKey('n'), special(tcell.KeyF10)}, name: "next",
			help: "step over: run one instruction, running a call to its return", run: typedRun(runOp{"next", func(u *UI) bool { return !u.overCall() }, func(s *debugger.Session) (debugger.StopEvent, error) { return s.Next(1) }})},
		{keys: []keySpec{runeKey('f'), modified(tcell.KeyF11, tcell.ModShift)}, hidden: []keySpec{special(tcell.KeyF23)},
			name: "finish", help: "step out: run until the current function returns", run: typedRun(runOp{"finish", never, (*debugger.Session).Finish})},
		{keys: []keySpec{runeKey('c'), special(tcell.KeyF5)}, name: "continue",
			help: "run until a breakpoint, a watchpoint or the end", run: typedRun(runOp{"continue", never, (*debugger.Session).Continue})},
		{keys: []keySpec{runeKey('u'), special(tcell.KeyF4)}, name: "until",
			help: "run to the cursor's line", run: (*UI).runToCursor},
		{keys: []keySpec{runeKey('b'), special(tcell.KeyF9)}, name: "break",
			help: "set or delete a breakpoint on the cursor's line", run: (*UI).toggleBreakpoint},
		{keys: []keySpec{runeKey('S'), special(tcell.KeyF8)}, name: "reverse-step",
			help: "step back one instruction", run: typedRun(runOp{"reverse-step", always, func(s *debugger.Session) (debugger.StopEvent, error) { return s.StepBack(1) }})},
		{keys: []keySpec{runeKey('C')}, name: "reverse-continue",
			help: "run backwards to the previous breakpoint or watchpoint", run: typedRun(runOp{"reverse-continue", never, (*debugger.Session).ReverseContinue})},
		{keys: []keySpec{runeKey('r')}, name: "restart",
			help: "start the program again from the beginning", run: func(u *UI) {
				u.start("(cpu32) restart", "restart", true, func() (string, error) {
					if err := u.s.Restart(); err != nil {
						return "", err
					}
					return "restarted\n" + u.cmds.Report(), nil
				})
			}},
		{keys: []keySpec{runeKey('R')}, name: "reload",
			help: "re-read the program after editing it, and restart (breakpoints stay on their lines)", run: func(u *UI) {
				u.start("(cpu32) reload", "reload", true, u.s.ReloadFiles)
			}},
		{keys: []keySpec{runeKey('m')}, name: "memory format",
			help: "show the memory pane's words in signed decimal (the default), hex or as characters", run: (*UI).cycleMemFormat},
		{keys: []keySpec{runeKey('h')}, name: "heat map",
			help: "show or hide how many times each line ran, in the source pane's gutter (cold ▁ to hot █)", run: func(u *UI) { u.showResult(u.toggleHeat(), nil) }},
		{keys: []keySpec{runeKey('x')}, name: "hex",
			help: "show registers and the stack in hex or in decimal", run: (*UI).toggleHex},
		{keys: []keySpec{special(tcell.KeyTab)}, name: "next pane",
			help: "focus the next pane (its border is highlighted)", run: func(u *UI) { u.cyclePane(1) }},
		{keys: []keySpec{special(tcell.KeyBacktab)}, name: "previous pane",
			help: "focus the previous pane", run: func(u *UI) { u.cyclePane(-1) }},
		{keys: []keySpec{special(tcell.KeyUp), special(tcell.KeyDown), special(tcell.KeyPgUp), special(tcell.KeyPgDn),
			special(tcell.KeyHome), special(tcell.KeyEnd)}, name: "move",
			help: "move the source cursor, or scroll the focused pane"},
		{keys: []keySpec{runeKey(':')}, name: "command",
			help: "open the command line: Enter runs (empty repeats), ↑/↓ history, Esc closes", run: (*UI).openCommandLine},
		{keys: []keySpec{runeKey('?'), special(tcell.KeyF1)}, name: "help",
			help: "show or close this help", run: (*UI).toggleHelp},
		{keys: []keySpec{special(tcell.KeyEscape), special(tcell.KeyCtrlC)}, name: "pause",
			help: "interrupt the running program (never quits)"},
		{keys: []keySpec{runeKey('q')}, name: "quit",
			help: "quit the debugger (while a program runs: pause it, then q again quits)", run: (*UI).quit},
	}
}

// keyNamesOf joins a row's keys for the help overlay.
func keyNamesOf(keys []keySpec) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.String()
	}
	return strings.Join(names, " ")
}

// KeyTableMarkdown renders the key table as a Markdown table, for
// docs/debugger.md; it comes from the same table that dispatches keys.
func KeyTableMarkdown() string {
	var b strings.Builder
	b.WriteString("| Key | Also | Action | What it does |\n|---|---|---|---|\n")
	code := func(keys []keySpec) string {
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = "`" + strings.ReplaceAll(k.String(), "|", `\|`) + "`"
		}
		return strings.Join(parts, " ")
	}
	for _, row := range keyBindings() {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", code(row.keys[:1]), code(row.keys[1:]), row.name,
			strings.ReplaceAll(row.help, "|", `\|`))
	}
	return b.String()
}
