// Package jit is cpu32's compiling tier: it translates a machine's program
// into a WebAssembly module, which wazero compiles to native code, and
// runs it on the machine's own memory with the same results as the
// interpreter in package cpu, step counts, faults and output included.
//
// The program is cut into regions of about 256 words of code (whole
// loops, never split, unless a loop is longer than maxLoopWords or nests
// deeper than maxNest: then its back edges go through the dispatch), one
// wasm function each: wazero's compile time grows faster than a
// function's size, and linearly with the number of small ones. A region
// keeps whole the functions that start in it and those its loops call,
// up to a bound (regions.go), so that where code falls does not decide
// how often it leaves its region. Inside a
// region, basic blocks become structured wasm control flow: loops for
// backward jumps, nested blocks for forward ones, and a dispatch (a
// br_table, or a binary search when the entries are sparse) only for entry
// and computed jumps (ret, jmp through a register, writes of eip), over
// the blocks that can be entered; a computed jump elsewhere is left to
// the interpreter. Inside an outermost loop, the runs of blocks that fall
// into each other are laid out so that a jump goes back only where the
// code has a cycle (layout.go: a dispatch loop's handlers that jump back
// to a shared block stay forward branches from the dispatch). A ret (or a pop into eip) first compares its target
// with the blocks the calls of its own functions return to (calls.go), so
// that recursion rarely reaches the dispatch, and a call of a function
// that runs straight to its ret in a few instructions runs a copy of it
// in place, whose ret goes on after the call; a computed jump or call
// inside a loop, with the blocks whose address the program takes as a
// value that a label reaches, by compares or one br_table by the target's
// offset (computed.go, dispatch.go), and those only computed jumps that
// branch there reach are no entries; one in no loop branches by a label
// only to those and leaves the rest to the dispatch. A
// jump to another region writes the registers back and returns to the
// exported function, which calls that region.
// The registers the program uses live in wasm locals and the flags as the
// last cmp's operands, written back to memory (those the region writes)
// whenever the code returns to Go; so do the few memory words a region's
// innermost loops use most at constant addresses, and an access through a
// computed address that could reach them leaves to the interpreter, as one
// that could reach the register words does (promote.go). Other constant
// addresses are reached through a local holding 0, probed once a block at
// the region's highest, so that wazero checks their bounds once a block.
// A block entered only by falling from the one before keeps what that one
// knew of the flags. The step budget is tested once for a run of blocks
// that only one entry reaches, and for a loop entered only at its header
// on the edges into it, so that what an iteration sets before it reads it
// is not live round the loop (budget.go). A division by a constant is a
// shift, a mask or a multiply; mod x, y before div x, y divides once.
// A block's pushes and pops are checked once, at its start, for the
// range of esp they all need (stack.go). Register-relative operands
// through one register are range-checked a group at a time (addr.go), and in an innermost loop those through
// registers that move by constants, or by a register the loop does not
// write (its value checked at the entry), once at the loop's entry, for
// every iteration the compare that ends the loop lets run (induct.go).
// Addresses a loop works out from those registers and registers it does
// not write (mov edx, ecx; sub edx, ebx; row*COLS+col) are tracked as sums
// of the registers' values at the iteration's start times constants, and
// checked there a family at a time (derive.go); when that check fails,
// the budget is lowered so that the loop runs compiled only the
// iterations whose accesses the entry proves ordinary (fallback.go).
// Every check that could
// fault (a divisor of zero, an address outside memory or on the register
// words, a full or empty stack, a bad jump target) returns before the
// instruction (or the group's first, or the loop) with nothing changed,
// and the interpreter runs from there and reports the fault. Exits and
// forward conditional jumps are wasm ifs on the negated compare, not
// br_ifs: wazero splits a br_if's shared edge with a jump it cannot fuse
// with the compare. prn and prc print through the machine
// (cpu.CPU.Print); host calls, rdn and rdc run through it too
// (cpu.CPU.Extended), with the registers and kept words written back
// before and loaded again after (hostcall.go); hlt is always the
// interpreter's.
//
// Runner chooses: Auto interprets first, samples where the program runs,
// compiles those parts once it has run earlySteps in a settled loop that
// does not print, read or call the host, or else hotSteps (small modules
// at once, larger ones in the background), moves to compiled code when it
// is ready, samples and compiles again when the program moves on to code
// not compiled (a program of at most wholeWords words compiles whole then,
// at once), and goes back to the interpreter for good if compiled code
// proves slower (a loop that spends its time in host calls, which run
// no faster from compiled code) or, compiled whole, runs mostly
// outside it. Compiled gives a large program
// the code around its entry first and the rest in the background.
// UseCache keeps compiled modules in files, wazero's each sealed with a
// SHA-256 that is checked before wazero loads it (cache.go).
package jit
