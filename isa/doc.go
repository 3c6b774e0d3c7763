// Package isa is cpu32's instruction set: the one table from which the
// assembler, the interpreter's decoder, the disassembler, docs/reference.md's
// instruction table and the debugger's help are all produced.
//
// Encoding (MACHINE.md: Encoding and images, after rubycpu's lib/byte_code.rb):
// an instruction is an opcode word followed by one word per operand. The low
// byte of the opcode word is the opcode number; bits above it say what kind
// each operand is. A one-operand instruction keeps its operand in the
// destination slot, as rubycpu does.
package isa
