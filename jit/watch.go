package jit

// Watch is what a caller observes of a machine that compiled code runs
// although it is not plain (cpu.CPU.Plain): a debugger's long continue,
// which keeps the call stack and stops at breakpoints, but sets its
// journal aside (compiled code never runs a journaled machine). Compiled
// code leaves each watched instruction to the interpreter, so the
// machine records it as it always does. It counts no profile: a
// profiled machine's counts miss what compiled code ran.
type Watch struct {
	// Breaks are the addresses of the armed breakpoints (and a caller's
	// temporary stops): Code.Run stops before them as cpu.CPU.Run does,
	// but for the first instruction of a Run.
	Breaks []uint32
	// Calls leaves every call and ret to the interpreter, which keeps
	// the machine's shadow call stack (cpu.CPU.CallStack).
	Calls bool
}

// watched reports whether w watches anything: a Code compiled for it runs
// machines that are not plain.
func (w Watch) watched() bool { return w.Calls || w.Breaks != nil }
