// Package jit is cpu32's compiling tier: it translates a machine's program
// into a WebAssembly module, which wazero compiles to native code, and
// runs it on the machine's own memory with the same results as the
// interpreter in package cpu, step counts, faults and output included.
//
// The program is cut into regions of about 256 words of code (whole
// loops, never split), one wasm function each: wazero's compile time grows
// faster than a function's size, and linearly with the number of small
// ones. Inside a region, basic blocks become structured wasm control flow:
// loops for backward jumps, nested blocks for forward ones, and a dispatch
// (a br_table, or a binary search when the entries are sparse) only for
// entry and computed jumps (ret, jmp through a register, writes of eip),
// over the blocks that can be entered; a computed jump elsewhere is left
// to the interpreter. A jump to another region writes the registers back
// and returns to the exported function, which calls that region.
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
