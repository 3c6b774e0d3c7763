package dap

import (
	"testing"

	"github.com/google/go-dap"
	"github.com/stretchr/testify/require"
)

// TestNoNullArrays drives a whole session, every kind of request the
// server answers, through the places where a handler has nothing to list;
// the client fails on any null the protocol does not allow in any message
// (see nullAt), and the empty lists are checked to be [] on the wire.
func TestNoNullArrays(t *testing.T) {
	fact := factPath(t)
	c := newClient(t)
	c.rawOf = map[dap.Message][]byte{}
	// wire checks that a response's JSON holds want, e.g. "variables":[].
	wire := func(resp dap.Message, want string) {
		t.Helper()
		require.Contains(t, string(c.rawOf[resp]), want)
	}
	c.start(fact, map[string]any{"stopOnEntry": true})
	c.setBreakpoints(fact, dap.SourceBreakpoint{Line: 9})
	wire(call[*dap.SetBreakpointsResponse](c, &dap.SetBreakpointsRequest{Arguments: dap.SetBreakpointsArguments{
		Source: dap.Source{Path: "/nowhere/else.asm"}}}), `"breakpoints":[]`)
	wire(call[*dap.SetInstructionBreakpointsResponse](c, &dap.SetInstructionBreakpointsRequest{}), `"breakpoints":[]`)
	wire(call[*dap.SetDataBreakpointsResponse](c, &dap.SetDataBreakpointsRequest{}), `"breakpoints":[]`)
	call[*dap.SetExceptionBreakpointsResponse](c, &dap.SetExceptionBreakpointsRequest{})
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	c.stoppedAt("entry", 25)

	call[*dap.ThreadsResponse](c, &dap.ThreadsRequest{})
	wire(call[*dap.StackTraceResponse](c, &dap.StackTraceRequest{Arguments: dap.StackTraceArguments{ThreadId: threadID, StartFrame: 5}}),
		`"stackFrames":[]`)
	scopes := call[*dap.ScopesResponse](c, &dap.ScopesRequest{Arguments: dap.ScopesArguments{FrameId: 1}}).Body.Scopes
	require.Len(t, scopes, 4) // fact.asm has no data labels
	for _, sc := range scopes {
		call[*dap.VariablesResponse](c, &dap.VariablesRequest{Arguments: dap.VariablesArguments{VariablesReference: sc.VariablesReference}})
	}
	// Nothing is on the stack yet; a page past the end is empty too.
	wire(call[*dap.VariablesResponse](c, &dap.VariablesRequest{Arguments: dap.VariablesArguments{VariablesReference: refStack}}),
		`"variables":[]`)
	wire(call[*dap.VariablesResponse](c, &dap.VariablesRequest{Arguments: dap.VariablesArguments{VariablesReference: refRegisters, Start: 100}}),
		`"variables":[]`)
	wire(call[*dap.CompletionsResponse](c, &dap.CompletionsRequest{Arguments: dap.CompletionsArguments{Text: "print zzz", Column: 10}}),
		`"targets":[]`)
	call[*dap.CompletionsResponse](c, &dap.CompletionsRequest{Arguments: dap.CompletionsArguments{Text: "print e", Column: 8}})
	c.eval("watch", "eax")
	c.eval("repl", "info breakpoints")
	wire(call[*dap.DataBreakpointInfoResponse](c, &dap.DataBreakpointInfoRequest{Arguments: dap.DataBreakpointInfoArguments{Name: "1 + 2"}}),
		`"dataId":null`)
	wire(call[*dap.DisassembleResponse](c, &dap.DisassembleRequest{Arguments: dap.DisassembleArguments{MemoryReference: "34"}}),
		`"instructions":[]`)
	call[*dap.DisassembleResponse](c, &dap.DisassembleRequest{Arguments: dap.DisassembleArguments{MemoryReference: "34", InstructionOffset: -40, InstructionCount: 80}})
	call[*dap.ReadMemoryResponse](c, &dap.ReadMemoryRequest{Arguments: dap.ReadMemoryArguments{MemoryReference: "0"}})
	fail(c, &dap.SourceRequest{}) // no such source
	fail(c, &dap.ExceptionInfoRequest{})

	c.cont()
	c.stoppedAt("breakpoint", 9)
	call[*dap.StackTraceResponse](c, &dap.StackTraceRequest{Arguments: dap.StackTraceArguments{ThreadId: threadID}})
	call[*dap.VariablesResponse](c, &dap.VariablesRequest{Arguments: dap.VariablesArguments{VariablesReference: refStack}})
	call[*dap.NextResponse](c, &dap.NextRequest{Arguments: dap.NextArguments{ThreadId: threadID}})
	c.stoppedAt("step", 10)
	call[*dap.StepBackResponse](c, &dap.StepBackRequest{Arguments: dap.StepBackArguments{ThreadId: threadID}})
	c.stoppedAt("step", 9)
	call[*dap.StepOutResponse](c, &dap.StepOutRequest{Arguments: dap.StepOutArguments{ThreadId: threadID}})
	c.stoppedAt("step", 28)
	call[*dap.SetVariableResponse](c, &dap.SetVariableRequest{Arguments: dap.SetVariableArguments{VariablesReference: refRegisters, Name: "ecx", Value: "7"}})
	call[*dap.WriteMemoryResponse](c, &dap.WriteMemoryRequest{Arguments: dap.WriteMemoryArguments{MemoryReference: "1000", Data: "AQIDBA=="}})
	call[*dap.StepInResponse](c, &dap.StepInRequest{Arguments: dap.StepInArguments{ThreadId: threadID}})
	c.stoppedAt("step", 29)
	call[*dap.ReverseContinueResponse](c, &dap.ReverseContinueRequest{Arguments: dap.ReverseContinueArguments{ThreadId: threadID}})
	c.stoppedAt("breakpoint", 9)
	call[*dap.PauseResponse](c, &dap.PauseRequest{Arguments: dap.PauseArguments{ThreadId: threadID}})
	wire(call[*dap.SetBreakpointsResponse](c, &dap.SetBreakpointsRequest{Arguments: dap.SetBreakpointsArguments{Source: dap.Source{Path: fact}}}),
		`"breakpoints":[]`)
	call[*dap.RestartResponse](c, &dap.RestartRequest{})
	c.stoppedAt("entry", 25)
	c.cont()
	await[*dap.ExitedEvent](c)
	expect[*dap.TerminatedEvent](c)
	call[*dap.TerminateResponse](c, &dap.TerminateRequest{})
	call[*dap.DisconnectResponse](c, &dap.DisconnectRequest{})
	require.NoError(t, c.ended())

	// The session went through every request the server answers.
	answered := map[string]bool{}
	for m := range c.rawOf {
		if r, ok := m.(dap.ResponseMessage); ok {
			answered[r.GetResponse().Command] = true
		}
	}
	for _, cmd := range []string{"initialize", "launch", "setBreakpoints", "setInstructionBreakpoints", "setDataBreakpoints",
		"setExceptionBreakpoints", "configurationDone", "threads", "stackTrace", "scopes", "variables", "completions",
		"evaluate", "dataBreakpointInfo", "disassemble", "readMemory", "source", "exceptionInfo", "continue", "next",
		"stepBack", "stepOut", "setVariable", "writeMemory", "stepIn", "reverseContinue", "pause", "restart", "terminate",
		"disconnect"} {
		require.True(t, answered[cmd], "the session sent no %s request", cmd)
	}
}
