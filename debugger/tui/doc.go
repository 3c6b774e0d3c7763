// Package tui is cpu32's terminal debugger: a tview front-end over a
// debugger.Session. It shows the source (or a disassembly), the registers,
// the stack, a memory dump with the watch list, the program's output, the
// output of commands, a status line and a command line.
//
// The package keeps the engine's rules in one place: every key that moves
// the program calls Session.Exec with the command a user could type, and the
// key table that dispatches keys also draws the help overlay and the
// key table of docs/debugger.md (KeyTableMarkdown).
//
// Only the UI goroutine touches widgets or reads the session. A command that
// runs the program runs on its own goroutine; meanwhile the UI shows
// Session.Progress and lets the user interrupt, and it reads the session
// again only when the command has returned.
package tui
