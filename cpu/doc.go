// Package cpu is cpu32's interpreter. It decodes a program once into a
// compact form with every operand's kind resolved, then runs it: Step runs one
// instruction, Run many, with the same semantics.
//
// The package imports only the standard library and the project's isa,
// memory and image packages; the assembler, the CLI and the debugger sit on
// top of it.
package cpu
