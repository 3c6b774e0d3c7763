// Package cmdlang is the debugger's gdb-style command language (break,
// step, print, x, info...) over the engine's typed API: it parses command
// lines, runs them on a debugger.Session and words the results, stop
// reasons included. The terminal UI's command line and any other front
// end that takes typed commands (a DAP server's REPL) use it.
package cmdlang
