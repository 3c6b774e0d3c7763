// Package testprogs holds the sample programs the debugger's tests share
// (the engine's, the command language's and the UI's). Their line numbers
// matter to the tests: edit one and every package's assertions move.
package testprogs

import _ "embed"

// Fib prints Fibonacci numbers, 14 rounds of the loop at line 5.
//
//go:embed fib.asm
var Fib string

// Fact computes 5! with a recursive call (fact at line 6, base at 15).
//
//go:embed fact.asm
var Fact string

// Data changes the words count and buf in a loop, then halts.
//
//go:embed data.asm
var Data string

// Fault divides by 2, then 1, then 0, which faults on line 5 after 10
// steps.
//
//go:embed fault.asm
var Fault string

// Down recurses down from 5 and divides by zero at the bottom, five
// calls deep (line 12).
//
//go:embed down.asm
var Down string

// Calls calls work, a loop of 300,003 steps, twice a turn for 1,000
// turns: for next to step over and finish to step out of.
//
//go:embed calls.asm
var Calls string
