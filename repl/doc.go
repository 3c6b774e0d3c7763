// Package repl is the engine of `cpu32 repl`: a machine that runs each line
// as it is typed. The program is every line accepted so far, assembled with
// the same assembler and diagnostics as a file; a new line's code runs from
// where it starts until eip reaches the end of what was typed, and Eval
// returns what changed as data (Result), which Format renders. A line that
// faults, runs away or is interrupted is stepped back (the machine's
// journal) and left out, so the machine stays usable. Dot commands inspect,
// undo, save and load. The package reads no terminal: cmd/cpu32 does.
package repl
