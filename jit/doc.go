// Package jit is cpu32's compiling tier: it translates a machine's program
// into one WebAssembly function, which wazero compiles to native code, and
// runs it on the machine's own memory with the same results as the
// interpreter in package cpu, step counts, faults and output included.
//
// Basic blocks become structured wasm control flow: loops for backward
// jumps, nested blocks for forward ones, and a dispatch table only for
// entry and computed jumps (ret, jmp through a register, writes of eip).
// The registers live in wasm locals and the flags as the last cmp's
// operands, written back to memory whenever the code returns to Go. Every
// block checks that it fits the step budget before it runs; every check
// that could fault (a divisor of zero, an address outside memory or on the
// register words, a full or empty stack, a bad jump target) returns before
// the instruction with nothing changed, and the interpreter runs that
// instruction and reports the fault. prn and prc print through the
// machine (cpu.CPU.Print); input, host calls and hlt are always the
// interpreter's.
//
// Runner chooses: Auto interprets first, samples where the program runs,
// compiles those parts in the background once it has run hotSteps, moves
// to compiled code when it is ready, and goes back to the interpreter for
// good if compiled code proves slower (a loop of host calls).
package jit
