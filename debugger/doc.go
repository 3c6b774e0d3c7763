// Package debugger is cpu32's debugging engine: a Session over a loaded
// program that steps, steps back, stops at breakpoints and watchpoints and
// evaluates expressions, driven through a typed API whose runs return a
// StopEvent. It imports no UI package and speaks no command language:
// debugger/cmdlang is the gdb-style command language over it, and
// debugger/tui draws it.
package debugger
