package dap

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-dap"
	"github.com/stretchr/testify/require"
)

// factPath is programs/fact.asm, absolute as an editor names it.
func factPath(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs("../../programs/fact.asm")
	require.NoError(t, err)
	return p
}

// stoppedAt waits for a stopped event and checks its reason and the top
// frame's line.
func (c *client) stoppedAt(reason string, line int) *dap.StoppedEvent {
	c.t.Helper()
	ev := await[*dap.StoppedEvent](c)
	require.Equal(c.t, reason, ev.Body.Reason, "stopped: %s", show(ev))
	require.Equal(c.t, threadID, ev.Body.ThreadId)
	require.Equal(c.t, line, c.frames()[0].Line, "stopped: %s", show(ev))
	return ev
}

// cont continues the one thread: the response only, not the stop.
func (c *client) cont() {
	c.t.Helper()
	call[*dap.ContinueResponse](c, &dap.ContinueRequest{Arguments: dap.ContinueArguments{ThreadId: threadID}})
}

func (c *client) frames() []dap.StackFrame {
	c.t.Helper()
	return call[*dap.StackTraceResponse](c, &dap.StackTraceRequest{Arguments: dap.StackTraceArguments{ThreadId: threadID}}).Body.StackFrames
}

// vars returns a scope's variables as name: value.
func (c *client) vars(ref int, hex bool) map[string]string {
	c.t.Helper()
	args := dap.VariablesArguments{VariablesReference: ref}
	if hex {
		args.Format = &dap.ValueFormat{Hex: true}
	}
	out := map[string]string{}
	for _, v := range call[*dap.VariablesResponse](c, &dap.VariablesRequest{Arguments: args}).Body.Variables {
		out[v.Name] = v.Value
	}
	return out
}

// frameLines shows frames as function:line.
func frameLines(frames []dap.StackFrame) []string {
	var out []string
	for _, f := range frames {
		out = append(out, fmt.Sprintf("%s:%d", f.Name, f.Line))
	}
	return out
}

func (c *client) eval(context, expr string) string {
	c.t.Helper()
	return call[*dap.EvaluateResponse](c, &dap.EvaluateRequest{Arguments: dap.EvaluateArguments{Expression: expr, Context: context}}).Body.Result
}

func (c *client) setBreakpoints(path string, bps ...dap.SourceBreakpoint) []dap.Breakpoint {
	c.t.Helper()
	return call[*dap.SetBreakpointsResponse](c, &dap.SetBreakpointsRequest{Arguments: dap.SetBreakpointsArguments{
		Source: dap.Source{Path: path}, Breakpoints: bps}}).Body.Breakpoints
}

// TestFactSession debugs programs/fact.asm as an editor would, from
// launch to the end. Code addresses: line 9 (mov ebx, 1) is 9, line 15
// (mul) is 24, line 25 (mov eax, 0) is 34, line 28 (prn) is 41.
func TestFactSession(t *testing.T) {
	fact := factPath(t)
	c := newClient(t)
	init := call[*dap.InitializeResponse](c, &dap.InitializeRequest{Arguments: dap.InitializeRequestArguments{AdapterID: "cpu32"}})
	caps := init.Body
	require.True(t, caps.SupportsConfigurationDoneRequest && caps.SupportsConditionalBreakpoints && caps.SupportsHitConditionalBreakpoints &&
		caps.SupportsStepBack && caps.SupportsSetVariable && caps.SupportsEvaluateForHovers && caps.SupportsDisassembleRequest &&
		caps.SupportsReadMemoryRequest && caps.SupportsInstructionBreakpoints && caps.SupportsDelayedStackTraceLoading && caps.SupportsTerminateRequest && caps.SupportsDataBreakpoints)
	require.Equal(t, []dap.ExceptionBreakpointsFilter{{Filter: "faults", Label: "Faults", Default: true,
		Description: "Stop when the program faults (divide by zero, stack overflow, memory out of range, ...)"}}, caps.ExceptionBreakpointFilters)
	call[*dap.LaunchResponse](c, &dap.LaunchRequest{Arguments: launchJSON(t, map[string]any{"program": fact})})
	expect[*dap.InitializedEvent](c)

	// Line 21 is blank: its breakpoint moves to line 25. Line 9 stops
	// when eax is 2, from the second such hit on: in fact(2) called by
	// fact(3).
	bps := c.setBreakpoints(fact, dap.SourceBreakpoint{Line: 21}, dap.SourceBreakpoint{Line: 9, Condition: "eax == 2", HitCondition: "2"},
		dap.SourceBreakpoint{Line: 10, Condition: "eax ==="})
	require.Len(t, bps, 3)
	require.True(t, bps[0].Verified)
	require.Equal(t, 25, bps[0].Line)
	require.Equal(t, "line 21 has no code: the breakpoint is on line 25, the next line with code", bps[0].Message)
	require.Equal(t, "34", bps[0].InstructionReference)
	require.Equal(t, fact, bps[0].Source.Path)
	require.True(t, bps[1].Verified)
	require.Equal(t, 9, bps[1].Line)
	require.Empty(t, bps[1].Message)
	require.False(t, bps[2].Verified)
	require.Equal(t, "unexpected character '=' in expression", bps[2].Message)
	call[*dap.SetExceptionBreakpointsResponse](c, &dap.SetExceptionBreakpointsRequest{Arguments: dap.SetExceptionBreakpointsArguments{Filters: []string{"faults"}}})
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})

	ev := c.stoppedAt("breakpoint", 25)
	require.Equal(t, []int{bps[0].Id}, ev.Body.HitBreakpointIds)
	threads := call[*dap.ThreadsResponse](c, &dap.ThreadsRequest{}).Body.Threads
	require.Equal(t, []dap.Thread{{Id: 1, Name: "cpu32"}}, threads)

	c.cont()
	ev = c.stoppedAt("breakpoint", 9)
	require.Equal(t, []int{bps[1].Id}, ev.Body.HitBreakpointIds)
	require.Equal(t, "1\n2\n", c.stdout)

	// The recursion: fact(2) called by fact(3) called by the loop.
	frames := c.frames()
	require.Equal(t, []string{"fact:9", "fact:14", "(main):27"}, frameLines(frames))
	require.Equal(t, "fact", frames[0].Name)
	require.Equal(t, fact, frames[0].Source.Path)
	require.Equal(t, "fact.asm", frames[0].Source.Name)
	require.Equal(t, "9", frames[0].InstructionPointerReference)

	scopes := call[*dap.ScopesResponse](c, &dap.ScopesRequest{Arguments: dap.ScopesArguments{FrameId: frames[0].Id}}).Body.Scopes
	var names []string
	for _, s := range scopes {
		names = append(names, s.Name)
	}
	require.Equal(t, []string{"Registers", "Flags", "Stack", "Memory near esp"}, names)
	require.Equal(t, map[string]string{"eax": "2", "ebx": "1", "ecx": "3", "edx": "0", "esp": "262136", "ebp": "262136",
		"eip": "9", "rem": "0", "flags": "0", "esi": "0", "edi": "0"}, c.vars(scopes[0].VariablesReference, false))
	require.Equal(t, "0x00000002", c.vars(scopes[0].VariablesReference, true)["eax"])
	require.Equal(t, map[string]string{"ZF": "0", "SF": "0", "OF": "0", "CF": "0"}, c.vars(scopes[1].VariablesReference, false))
	// fact(2)'s saved ebp, ecx, eax and return address, then fact(3)'s.
	require.Equal(t, map[string]string{"[esp]": "262140", "[esp+1]": "3", "[esp+2]": "2", "[esp+3]": "24",
		"[esp+4]": "262144", "[esp+5]": "0", "[esp+6]": "3", "[esp+7]": "41"}, c.vars(scopes[2].VariablesReference, false))
	near := c.vars(scopes[3].VariablesReference, false)
	require.Len(t, near, 16)
	require.Equal(t, "262140", near["[esp]"])
	require.Equal(t, "0", near["[esp-8]"])

	// Forward: next, step in, then into the call of fact(1) and out.
	call[*dap.NextResponse](c, &dap.NextRequest{Arguments: dap.NextArguments{ThreadId: threadID}})
	c.stoppedAt("step", 10)
	call[*dap.StepInResponse](c, &dap.StepInRequest{Arguments: dap.StepInArguments{ThreadId: threadID}})
	c.stoppedAt("step", 11)
	for _, line := range []int{12, 13, 14} {
		call[*dap.NextResponse](c, &dap.NextRequest{Arguments: dap.NextArguments{ThreadId: threadID}})
		c.stoppedAt("step", line)
	}
	call[*dap.StepInResponse](c, &dap.StepInRequest{Arguments: dap.StepInArguments{ThreadId: threadID}})
	c.stoppedAt("step", 5)
	require.Equal(t, []string{"fact:5", "fact:14", "fact:14", "(main):27"}, frameLines(c.frames()))
	paged := call[*dap.StackTraceResponse](c, &dap.StackTraceRequest{Arguments: dap.StackTraceArguments{ThreadId: threadID, StartFrame: 1, Levels: 2}}).Body
	require.Equal(t, []string{"fact:14", "fact:14"}, frameLines(paged.StackFrames))
	require.Equal(t, 4, paged.TotalFrames)
	call[*dap.StepOutResponse](c, &dap.StepOutRequest{Arguments: dap.StepOutArguments{ThreadId: threadID}})
	c.stoppedAt("step", 15)
	require.Equal(t, "1", c.eval("watch", "ebx"))

	// Backward: one step undoes fact(1)'s ret; reverse-continue goes back
	// to line 9 in fact(2), where the condition holds (stepping back does
	// not count hits).
	call[*dap.StepBackResponse](c, &dap.StepBackRequest{Arguments: dap.StepBackArguments{ThreadId: threadID}})
	c.stoppedAt("step", 20)
	call[*dap.ReverseContinueResponse](c, &dap.ReverseContinueRequest{Arguments: dap.ReverseContinueArguments{ThreadId: threadID}})
	ev = c.stoppedAt("breakpoint", 9)
	require.Equal(t, []int{bps[1].Id}, ev.Body.HitBreakpointIds)
	require.Equal(t, "2", c.eval("watch", "eax"))
	require.Equal(t, "1\n2\n", c.stdout)

	// Expressions: the Watch view, hovers, the console's commands and
	// expressions.
	require.Equal(t, "262136", c.eval("watch", "esp"))
	require.Equal(t, "24", c.eval("watch", "[esp+3]"))
	require.Equal(t, "1 (0x00000001)", c.eval("hover", "ebx"))
	require.Equal(t, "20 (0x00000014)", c.eval("repl", "eax * 10"))
	require.Equal(t, "eax+1 = 3 (0x00000003)", c.eval("repl", "print eax+1"))
	require.Contains(t, c.eval("repl", "info breakpoints"), "eax == 2")
	require.Contains(t, fail(c, &dap.EvaluateRequest{Arguments: dap.EvaluateArguments{Expression: "continue", Context: "repl"}}), "toolbar")
	require.Contains(t, fail(c, &dap.EvaluateRequest{Arguments: dap.EvaluateArguments{Expression: "frob", Context: "repl"}}), "frob")
	require.Contains(t, fail(c, &dap.EvaluateRequest{Arguments: dap.EvaluateArguments{Expression: "eax +", Context: "watch"}}), "expression ends too early")

	// Completion in the console: commands first, then registers and labels.
	complete := func(text string) []string {
		var out []string
		for _, it := range call[*dap.CompletionsResponse](c, &dap.CompletionsRequest{Arguments: dap.CompletionsArguments{
			Text: text, Column: len(text) + 1}}).Body.Targets {
			out = append(out, it.Label)
		}
		return out
	}
	require.Equal(t, []string{"info"}, complete("inf"))
	require.Equal(t, []string{"eax", "ebp", "ebx", "ecx", "edi", "edx", "eip", "end_fact", "esi", "esp"}, complete("print e"))
	require.Equal(t, []string{"fact"}, complete("print [esp] + fa"))
	require.Empty(t, complete("print zz"))

	// Set a register the program does not use, and a flag the next cmp
	// overwrites: the output stays fact's.
	set := call[*dap.SetVariableResponse](c, &dap.SetVariableRequest{Arguments: dap.SetVariableArguments{
		VariablesReference: refRegisters, Name: "edx", Value: "-7"}})
	require.Equal(t, "-7", set.Body.Value)
	require.Equal(t, "0xfffffff9", set.Body.Type)
	require.Equal(t, "-7", c.vars(refRegisters, false)["edx"])
	call[*dap.SetVariableResponse](c, &dap.SetVariableRequest{Arguments: dap.SetVariableArguments{
		VariablesReference: refFlags, Name: "ZF", Value: "1"}})
	require.Equal(t, "1", c.vars(refRegisters, false)["flags"])
	require.Contains(t, fail(c, &dap.SetVariableRequest{Arguments: dap.SetVariableArguments{
		VariablesReference: refRegisters, Name: "eax", Value: "1 +"}}), "expression ends too early")
	// A memory word, in the Memory near esp scope (below esp: unused).
	set = call[*dap.SetVariableResponse](c, &dap.SetVariableRequest{Arguments: dap.SetVariableArguments{
		VariablesReference: scopes[3].VariablesReference, Name: "[esp-8]", Value: "edx * 2"}})
	require.Equal(t, "-14", set.Body.Value)
	require.Equal(t, "-14", c.vars(scopes[3].VariablesReference, false)["[esp-8]"])
	require.Equal(t, "-14", c.eval("watch", "[esp-8]"))
	require.Contains(t, fail(c, &dap.SetVariableRequest{Arguments: dap.SetVariableArguments{
		VariablesReference: scopes[2].VariablesReference, Name: "[esp-99]", Value: "1"}}), `no variable "[esp-99]" in that scope`)
	require.Contains(t, fail(c, &dap.SetVariableRequest{Arguments: dap.SetVariableArguments{
		VariablesReference: refFlags, Name: "ZF", Value: "2"}}), "1 or 0")

	// Without breakpoints, continue runs to the end.
	require.Empty(t, c.setBreakpoints(fact))
	c.cont()
	exited := await[*dap.ExitedEvent](c)
	require.Equal(t, 0, exited.Body.ExitCode)
	expect[*dap.TerminatedEvent](c)
	want, err := os.ReadFile("../../programs/fact.out")
	require.NoError(t, err)
	require.Equal(t, string(want), c.stdout)
	call[*dap.DisconnectResponse](c, &dap.DisconnectRequest{})
}

// TestEvaluateInCallerFrame evaluates registers in the frames of fact(1)
// called by the main code: the caller's eip is its call (line 27), its
// esp is 4 words above the current one (the return address and three
// pushes), so [esp-1] there is the return address, 41 (line 28); eax is
// the current value in every frame, and the caller's result says so.
func TestEvaluateInCallerFrame(t *testing.T) {
	fact := factPath(t)
	c := newClient(t)
	c.start(fact, nil)
	c.setBreakpoints(fact, dap.SourceBreakpoint{Line: 9})
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	c.stoppedAt("breakpoint", 9)
	frames := c.frames()
	require.Equal(t, []string{"fact:9", "(main):27"}, frameLines(frames))
	eval := func(frame int, context, expr string) string {
		t.Helper()
		return call[*dap.EvaluateResponse](c, &dap.EvaluateRequest{Arguments: dap.EvaluateArguments{
			Expression: expr, FrameId: frames[frame].Id, Context: context}}).Body.Result
	}
	require.Equal(t, frames[0].InstructionPointerReference, eval(0, "watch", "eip"))
	require.Equal(t, frames[1].InstructionPointerReference, eval(1, "watch", "eip"))
	require.Equal(t, frames[1].InstructionPointerReference, eval(1, "watch", "$EIP"))
	esp := c.eval("watch", "esp")
	require.Equal(t, esp, eval(0, "watch", "esp"))
	require.Equal(t, fmt.Sprint(atoi(t, esp)+4), eval(1, "watch", "esp"))
	require.Equal(t, "41", eval(1, "watch", "[esp-1]"))
	require.Equal(t, "41 (0x00000029)", eval(1, "hover", "[esp - 1]"))
	require.Equal(t, "1", eval(0, "watch", "eax"))
	require.Equal(t, "1 [eax: the current value, not this frame's]", eval(1, "watch", "eax"))
	require.Equal(t, "2 [eax, ebx: the current value, not this frame's]", eval(1, "watch", "eax + ebx + EAX + esp - esp + 'e' - 'e'"))
	require.Equal(t, "1", eval(1, "clipboard", "eax"))
	require.Equal(t, "no frame with id 3 (the frames are 1 to 2)", fail(c, &dap.EvaluateRequest{Arguments: dap.EvaluateArguments{Expression: "eip", FrameId: 3}}))

	// The Registers scope of each frame: the caller's shows its eip and
	// esp, and says the others are current.
	regs := func(frame int) (string, map[string]dap.Variable) {
		t.Helper()
		scope := call[*dap.ScopesResponse](c, &dap.ScopesRequest{Arguments: dap.ScopesArguments{FrameId: frames[frame].Id}}).Body.Scopes[0]
		out := map[string]dap.Variable{}
		for _, v := range call[*dap.VariablesResponse](c, &dap.VariablesRequest{Arguments: dap.VariablesArguments{VariablesReference: scope.VariablesReference}}).Body.Variables {
			out[v.Name] = v
		}
		return scope.Name, out
	}
	name, top := regs(0)
	require.Equal(t, "Registers", name)
	require.Equal(t, frames[0].InstructionPointerReference, top["eip"].Value)
	require.Equal(t, "0x00000001", top["eax"].Type)
	name, caller := regs(1)
	require.Equal(t, "Registers (this frame's eip and esp; the others current)", name)
	require.Equal(t, frames[1].InstructionPointerReference, caller["eip"].Value)
	require.Equal(t, fmt.Sprint(atoi(t, esp)+4), caller["esp"].Value)
	require.Equal(t, "1", caller["eax"].Value)
	require.Equal(t, "0x00000001 (the current value)", caller["eax"].Type)
	require.Len(t, caller, len(top))
	scope := call[*dap.ScopesResponse](c, &dap.ScopesRequest{Arguments: dap.ScopesArguments{FrameId: frames[1].Id}}).Body.Scopes[0]
	require.Equal(t, "a caller's frame's registers cannot be set: set them in the top frame", fail(c, &dap.SetVariableRequest{Arguments: dap.SetVariableArguments{
		VariablesReference: scope.VariablesReference, Name: "eax", Value: "5"}}))
	info := call[*dap.DataBreakpointInfoResponse](c, &dap.DataBreakpointInfoRequest{Arguments: dap.DataBreakpointInfoArguments{
		VariablesReference: scope.VariablesReference, Name: "eax"}}).Body
	require.Equal(t, "eax", info.DataId)
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	_, err := fmt.Sscan(s, &n)
	require.NoError(t, err)
	return n
}
