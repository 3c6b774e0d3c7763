// Package debugger is cpu32's debugging engine: a Session over a loaded
// program that steps, steps back, stops at breakpoints and watchpoints and
// evaluates expressions. It imports no UI package; debugger/tui draws it.
package debugger
