// Package cpu is cpu32's interpreter. It decodes a program once into a
// compact form with every operand's kind resolved, then runs it: Step runs one
// instruction, Run many, with the same semantics.
//
// exec.go is the exact path, one instruction at a time; fast.go is the fast
// path (operand-specialised instructions, fused superinstructions and a
// counting loop run inside one handler), which runs only what nothing can
// observe in between and leaves everything else to the exact path. BENCHMARKS.md has the figures; long
// runs go to the compiling tier (package jit).
//
// The package imports only the standard library and the project's isa,
// memory and image packages; the assembler, the CLI and the debugger sit on
// top of it.
package cpu
