package isa

import (
	"fmt"
	"strings"
)

// MarkdownTable renders the instruction table for docs/reference.md: one row per
// instruction with its opcode, syntax, aliases, what it does and its flags.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| opcode | instruction | aliases | what it does | flags |\n|---|---|---|---|---|\n")
	for _, in := range Table {
		aliases := strings.Join(in.Aliases, ", ")
		fmt.Fprintf(&b, "| `0x%02X` | `%s` | %s | %s | %s |\n", uint8(in.Op), in.Syntax(), aliases, in.Summary, in.Flags)
	}
	return b.String()
}

// Help returns the full help text for one instruction: what it does, its
// syntax, aliases, flags behaviour, an example and its encoding. The
// debugger's `help MNEMONIC` shows it.
func (in *Instruction) Help() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", in.Name, in.Summary)
	fmt.Fprintf(&b, "  syntax:  %s\n", in.Syntax())
	if len(in.Aliases) > 0 {
		fmt.Fprintf(&b, "  aliases: %s\n", strings.Join(in.Aliases, ", "))
	}
	fmt.Fprintf(&b, "  flags:   %s\n", in.Flags)
	fmt.Fprintf(&b, "  example: %s\n", in.Example)
	fmt.Fprintf(&b, "  opcode:  0x%02X, %d words", uint8(in.Op), in.Size())
	return b.String()
}
