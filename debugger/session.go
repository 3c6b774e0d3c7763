// Package debugger is cpu32's debugging engine: a Session over a loaded
// program that steps, steps back, stops at breakpoints and watchpoints and
// evaluates expressions. It imports no UI package; debugger/tui draws it.
package debugger

import (
	"cpu32/cpu"
	"cpu32/image"
)

// Status is what the status line shows.
type Status struct {
	State     cpu.State  // ready (paused), end, hlt or fault
	Fault     *cpu.Fault // the fault, when State is cpu.Faulted
	Steps     uint64     // instructions executed
	BackDepth int        // how many steps can be undone
	Reason    string     // why the last command stopped, e.g. "breakpoint 1 at fib.asm:7" or "watch eax: 1 -> 2"; "" if none
}

// Breakpoint is a stop on an instruction.
type Breakpoint struct {
	ID      int
	Addr    uint32
	File    string // source position, when known
	Line    int
	Label   string // how the user named it, e.g. "loop" or "fib.asm:7" or "12"
	Cond    string // condition source, "" for none
	Enabled bool
	Hits    int
}

// Watchpoint stops after an instruction changes a register or memory word.
type Watchpoint struct {
	ID   int
	Expr string // as typed: "eax", "[100]", "[ebp-2]", "[count]"
	Addr uint32 // the watched word's address (resolved when set)
	Old  uint32
	Hits int
}

// Session is one debugging session over one program. Its methods are not
// safe for concurrent use, except Interrupt and Progress, which a UI calls
// while another goroutine runs Exec or Continue.
type Session struct {
	prog *image.Program
	cfg  cpu.Config
	// ENGINE HELPER: fill in.
}

// API CONTRACT (the engine helper implements these; the tui helper codes
// against them). Signatures are fixed; bodies below are placeholders.

// NewSession loads p into a fresh machine with a journal of
// cpu.DefaultHistory steps. cfg.Out is ignored: the session captures output.
func NewSession(p *image.Program, cfg cpu.Config) (*Session, error) {
	return &Session{prog: p, cfg: cfg}, nil
}

// CPU returns the machine (read it only while no command runs).
func (s *Session) CPU() *cpu.CPU { return nil }

// Program returns the loaded program.
func (s *Session) Program() *image.Program { return s.prog }

// Output returns everything the program has printed so far.
func (s *Session) Output() string { return "" }

// Status returns the current status.
func (s *Session) Status() Status { return Status{} }

// Where returns the source position of the instruction at addr.
func (s *Session) Where(addr uint32) (file string, line int, ok bool) { return "", 0, false }

// AddrOfLine returns the address of the first instruction on file:line, or
// of the next line below it that has one.
func (s *Session) AddrOfLine(file string, line int) (uint32, bool) { return 0, false }

// Changed returns the memory addresses (registers included, eip excluded)
// that the last step wrote, for highlighting; empty after a multi-step
// command other than the last step of it.
func (s *Session) Changed() []uint32 { return nil }

// BranchTaken reports, when the instruction at eip is a conditional jump,
// whether it will be taken (ok false otherwise).
func (s *Session) BranchTaken() (taken, ok bool) { return false, false }

// Breakpoints returns the breakpoints, by ID.
func (s *Session) Breakpoints() []Breakpoint { return nil }

// Watchpoints returns the watchpoints, by ID.
func (s *Session) Watchpoints() []Watchpoint { return nil }

// ToggleBreakpointAtLine sets a breakpoint on file:line, or deletes the one
// there; it returns a message for the status line.
func (s *Session) ToggleBreakpointAtLine(file string, line int) (string, error) { return "", nil }

// Exec runs one command line (gdb's names: break/b, delete/d, disable,
// enable, watch, step/s, next/n, finish, continue/c, reverse-step/rs,
// reverse-continue/rc, print/p, x, set, info breakpoints, restart, run-to
// (until/u) LOC, help [CMD], quit/q) and returns its text output. An empty
// line repeats the last command. A bad command changes nothing and returns
// an error of one line. Running commands stop early when Interrupt is
// called. "quit" returns ErrQuit.
func (s *Session) Exec(line string) (string, error) { return "", nil }

// IsRunning reports whether the command line would run the program (so a
// UI runs it off its own goroutine).
func IsRunning(line string) bool { return false }

// Interrupt asks a running command to stop at the next chunk boundary. Safe
// from any goroutine.
func (s *Session) Interrupt() {}

// Progress returns the step count, safe from any goroutine while a command
// runs.
func (s *Session) Progress() uint64 { return 0 }

// Commands returns the command table (name, aliases, usage, help), the
// source of `help` and of the UI's help overlay.
func Commands() []Command { return nil }

// Command is one row of the command table.
type Command struct {
	Name    string
	Aliases []string
	Usage   string // e.g. "break LOC [if COND]"
	Help    string // one line
}

// InstructionHelp returns `help MNEMONIC`'s text, from the isa table.
func InstructionHelp(mnemonic string) (string, bool) { return "", false }
