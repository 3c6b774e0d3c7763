// Package compiled gives debugger sessions the compiling tier (package
// jit): their long runs then go through compiled code where nothing
// observes single steps (see debugger.WithCompiler). It is a package of
// its own so that the debugger does not import jit: the playground's
// engine, built for the browser where nothing compiles, never links it.
package compiled

import (
	"cpu32/cpu"
	"cpu32/debugger"
	"cpu32/jit"
)

// Option returns the session option for engine e: with jit.Auto, runs
// compile once they prove long, in the background; with jit.Compiled, at
// the first run that sets its journal aside; with jit.Interp, never.
func Option(e jit.Engine) debugger.Option {
	if e == jit.Interp || !jit.Supported {
		return debugger.WithCompiler(nil, false)
	}
	return debugger.WithCompiler(compile, e == jit.Compiled)
}

// compile is a debugger.Compiler: code that leaves the breakpoints, calls
// and rets to the interpreter, which keeps the session's call stack. A
// variable, which a build for the end-to-end tests wraps (trap.go).
var compile debugger.Compiler = compileWatched

func compileWatched(c *cpu.CPU, data, hot, breaks []uint32) (debugger.Compiled, error) {
	k, err := jit.CompileWatched(c, data, hot, jit.Watch{Breaks: breaks, Calls: true})
	if err != nil {
		return nil, err
	}
	return k, nil
}
