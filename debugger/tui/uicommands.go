package tui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"cpu32/memory"
)

// uiCommand is a command the UI handles itself, because it changes only
// what is shown. It is listed in the help overlay with the engine's.
type uiCommand struct {
	name  string
	usage string
	help  string
	run   func(u *UI, arg string) (string, error)
}

// uiCommands returns the UI's own commands.
func uiCommands() []uiCommand {
	return []uiCommand{
		{name: "mem", usage: "mem ADDR | mem hex|dec|chars", run: (*UI).memCommand,
			help: "show memory from ADDR in the memory pane (a number, a data label, label+N or a register), or its words in signed decimal (the default), hex or as characters (key m)"},
		{name: "heat", usage: "heat", run: func(u *UI, _ string) (string, error) { return u.toggleHeat(), nil },
			help: "show or hide each line's run count in the source pane's gutter, cold to hot (key h)"},
		{name: "hex", usage: "hex", run: func(u *UI, _ string) (string, error) { u.toggleHex(); return "", nil },
			help: "show registers and the stack in hex or in decimal (key x)"},
	}
}

// findUICommand returns the UI command a line starts with.
func findUICommand(line string) (uiCommand, string, bool) {
	word, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
	for _, c := range uiCommands() {
		if c.name == word {
			return c, strings.TrimSpace(arg), true
		}
	}
	return uiCommand{}, "", false
}

// memCommand moves the memory pane.
func (u *UI) memCommand(arg string) (string, error) {
	if arg == "" {
		return "", fmt.Errorf("usage: mem ADDR, or mem hex, mem dec, mem chars")
	}
	for i, f := range memFormats {
		if arg == f.name {
			u.setMemFormat(memFormat(i))
			return "", nil
		}
	}
	addr, err := u.address(arg)
	if err != nil {
		return "", err
	}
	// The same words as the engine's messages: an address past the end is
	// as wrong as a negative one, rather than quietly shown as the last.
	if size := int64(u.s.CPU().Memory().Size()); addr < 0 || addr >= size {
		return "", fmt.Errorf("mem: address %d is outside memory (0..%d)", addr, size-1)
	}
	u.mem.setStart(uint32(addr))
	return "", nil
}

// address evaluates a memory pane address: a number (decimal, 0x hex or
// hex with an h suffix), a label, a register's value, or one of these plus
// or minus a number.
func (u *UI) address(expr string) (int64, error) {
	expr = strings.ReplaceAll(expr, " ", "")
	sign, rest := int64(0), ""
	if i := strings.LastIndexAny(expr, "+-"); i > 0 {
		n, err := parseNumber(expr[i+1:])
		if err != nil {
			return 0, err
		}
		sign, rest = n, expr[:i]
		if expr[i] == '-' {
			sign = -n
		}
	} else {
		rest = expr
	}
	base, err := u.baseAddress(rest)
	if err != nil {
		return 0, err
	}
	return base + sign, nil
}

func (u *UI) baseAddress(s string) (int64, error) {
	n, err := parseNumber(s)
	if err == nil {
		return n, nil
	}
	if errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("mem: address %s is outside memory (0..%d)", s, u.s.CPU().Memory().Size()-1)
	}
	if r, ok := memory.RegByName(strings.ToLower(s)); ok {
		if c := u.s.CPU(); c != nil {
			return int64(c.Memory().Reg(r)), nil
		}
	}
	if l, ok := u.s.Program().Debug.Label(s); ok {
		return int64(l.Value), nil
	}
	return 0, fmt.Errorf("%q is not a number, a register or a label", s)
}

// parseNumber reads 123, 0x7B or 7Bh.
func parseNumber(s string) (int64, error) {
	switch {
	case strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X"):
		return strconv.ParseInt(s[2:], 16, 64)
	case len(s) > 1 && (strings.HasSuffix(s, "h") || strings.HasSuffix(s, "H")) && s[0] >= '0' && s[0] <= '9':
		return strconv.ParseInt(s[:len(s)-1], 16, 64)
	}
	return strconv.ParseInt(s, 10, 64)
}
