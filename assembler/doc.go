// Package assembler turns cpu32 assembly into a program image, and a program
// back into assembly. The language is the one of MACHINE.md ("Assembly
// language"): rubycpu's, with tinyvm's and NASM's conveniences.
//
// # Grammar
//
// A file is a sequence of lines; a comment runs from '#' or ';' (outside
// quotes) to the end of its line.
//
//	line      = { label ":" } [ statement ]
//	statement = mnemonic [ operand { "," operand } ]
//	          | "section" ( ".text" | ".data" ) | ".text" | ".data"
//	          | "dd" item { "," item }            (in .data)
//	          | "resd" expr                       (in .data; a constant >= 0)
//	          | "%include" ( '"file"' | "'file'" | file )
//	          | "%define" name expr               (a constant)
//	operand   = register | expr | "[" sum "]"
//	sum       = expr, holding at most one register, added, not subtracted
//	expr      = term { ( "+" | "-" ) term }
//	term      = { "+" | "-" } ( number | char | name | register )
//	item      = expr | string
//	label     = name = [A-Za-z_][A-Za-z0-9_]*   (case-sensitive; not a
//	            mnemonic, register or directive in any case)
//
// Mnemonics, register names, directives and section names are accepted in
// either case. A number is decimal, 0x1F, 1Fh (starting with a digit: ffh is
// a name), 0b101, or tinyvm's 1F|h and 101|b; as written it must lie in
// -2147483648..4294967295, and it is stored modulo 2^32. A hex suffix wins
// over a binary prefix: 0b1h is 0xB1. A character literal 'A' is its code
// point; the escapes are \n \t \r \0 \\ \' \". A string ("text", or 'text'
// in a dd) gives one word per character with no terminator.
//
// # Operands
//
// Which operands an instruction takes comes from the isa table alone:
//
//   - a register is the address of that register (isa.Addr), so eax and
//     [0] are the same operand;
//   - a constant is an immediate (isa.Imm), allowed only where the table
//     says Value or Target: a Dest must be a register or memory;
//   - [constant] is memory at that address (isa.Addr);
//   - [register+constant] is register-relative (isa.Rel, isa.PackRel); the
//     displacement, taken modulo 2^32 as a signed number, must fit.
//
// A divisor that is a constant 0 (div x, 0; mod x, 0) is an error, as the
// contract asks.
//
// # Passes and layout
//
// Pass one reads the files in order, %include in place (next to the
// including file, then in the current directory; a cycle is an error),
// records labels and %defines and sizes every statement: an instruction is
// 1 + operands words, so sizes need no operand values. A code label is the
// address of the next instruction; a data label is the memory address of
// the next data word, data being laid out from image.DataBase in source
// order. %define values and resd counts must be known in pass one, so they
// may use only numbers and names %defined above them. Pass two evaluates
// operands and dd values, with every label known, and encodes.
//
// The entry point is the label start, or 0. In Options.Raw mode a program
// with a start label begins with `jmp start`, as rubycpu's compiler's
// output does, and a .data section is an error.
//
// # Errors
//
// Every mistake in every file is reported, at most one per line and at most
// 100, as an ErrorList of "file:line:col: message" with the source line and
// a caret, the form of the Go toolchain's diagnostics. An x86 or NASM habit
// gets a message from isa.Hints that says what to write instead (hints.go).
//
// # Warnings
//
// AssembleWithWarnings also vets a program that assembles (warnings.go):
// patterns that are legal but almost never meant, such as a conditional
// jump after dec with no cmp, come back as Errors with Warning set. A line
// whose comment contains nowarn gets none.
package assembler
