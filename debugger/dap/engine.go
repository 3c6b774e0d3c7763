package dap

import (
	"cpu32/cpu"
	"cpu32/debugger"
	"cpu32/image"
)

// Engine is what the server needs from a debugging session: typed
// operations, never command strings or prose to parse. One Engine debugs
// one loaded program; the server calls it from one goroutine at a time,
// except Interrupt and Peek, which it calls while a run goes on. The
// debugger package's Session is the one implementation (SessionEngine);
// the interface keeps the protocol's code apart from the engine's. An
// Engine that is an io.Closer (a Session holds compiled code) is closed
// when Serve returns.
type Engine interface {
	// Program is the loaded program; CPU is the machine, read between runs.
	Program() *image.Program
	CPU() *cpu.CPU
	// OutputFrom is the program's output from byte offset off on, and
	// where that text starts (later than off when the engine no longer
	// keeps those bytes); OutputSize is how many bytes it has printed (a
	// step back lowers it).
	OutputFrom(off uint64) (text string, start uint64)
	OutputSize() uint64
	// Peek runs f between two chunks of a run in progress (at once when
	// none runs), for f to read the output so far: the server streams a
	// long run's output this way.
	Peek(f func())

	// Run moves the program and says why it stopped; Check says why it
	// cannot move now, before the server answers the request.
	Run(op RunOp) (Stop, error)
	Check(op RunOp) error
	// FinishFrame runs until frame n of Frames returns: a step that a log
	// point interrupted inside a call goes on this way.
	FinishFrame(n int) (Stop, error)
	// EntryStop checks the breakpoints on the instruction at eip, as a run
	// reaching it would (a run never stops where it starts): the server
	// asks it before starting a program that does not stop on entry.
	EntryStop() (Stop, bool)
	// Interrupt makes the Run in progress, or the next one, stop soon with
	// StopPause.
	Interrupt()
	// Restart starts the program again; points are kept, hit counts reset.
	Restart() error
	// Reload replaces the program (edited since) and restarts it;
	// breakpoints keep their ids and stay on their lines where they can.
	// The text says what moved, for the console.
	Reload(p *image.Program) (string, error)
	// Breakpoints maps each breakpoint's id to its code address.
	Breakpoints() map[int]uint32

	// AddBreakpoint stops before the instruction at addr runs, when cond
	// (the engine's expression language; "" for none) holds and the hit
	// count satisfies hitCond ("" for always; "N", ">= N", "== N", "> N",
	// "% N", ...).
	AddBreakpoint(addr uint32, cond, hitCond string) (id int, err error)
	// AddWatchpoint stops after an instruction changes a register or a
	// memory word, named as the engine's expressions do ("eax", "[100]").
	// cond and hitCond are as for AddBreakpoint.
	AddWatchpoint(place, cond, hitCond string) (w Watch, err error)
	// Delete removes a breakpoint or watchpoint.
	Delete(id int) error

	// Evaluate computes an expression; SetWord sets a register (by its
	// address) or a memory word, as a step back can undo.
	Evaluate(expr string) (uint32, error)
	SetWord(addr, v uint32) error
	// Frames is the call stack, innermost first: the function each frame
	// is in and where it stands (eip, then each caller's call).
	Frames() []debugger.Frame

	// Command runs one line of the debugger's command language;
	// Commands lists its commands, for completion in the debug console.
	Command(line string) (string, error)
	Commands() []CommandName
}

// RunOp is a way to move the program.
type RunOp int

// The ways to move.
const (
	StepIn          RunOp = iota // one instruction, into calls
	StepOver                     // one instruction; a call runs until it returns
	StepOut                      // until the current call returns
	Continue                     // until a breakpoint, a watchpoint, the end or a fault
	StepBack                     // undo one instruction
	ReverseContinue              // backward until a breakpoint, a watchpoint or the start of the history
)

// StopKind is why a run stopped.
type StopKind int

// Why runs stop.
const (
	StopDone       StopKind = iota // it did what was asked
	StopBreakpoint                 // a breakpoint; Stop.IDs says which
	StopWatch                      // a watched word changed; Stop.IDs says which
	StopFault                      // the program faulted; Stop.Fault says how
	StopEnd                        // eip reached the end of the code
	StopHalt                       // a hlt ran
	StopPause                      // Interrupt was called
	StopHistory                    // stepping back reached the start of the program or of the history
	StopInput                      // the program waits for input: the console's `input TEXT` feeds it
	StopCompiled                   // compiled code failed; Text says where, and that the interpreter goes on
)

// Stop is the outcome of a run.
type Stop struct {
	Kind  StopKind
	IDs   []int
	Fault *cpu.Fault
	// Text is the engine's one-line account, for the debug console.
	Text string
}

// Watch is a watchpoint as created: its id and the word it watches.
type Watch struct {
	ID   int
	Addr uint32
}

// CommandName is a command of the debugger's language: its name and what
// it does, in one line.
type CommandName struct {
	Name, Help string
}
