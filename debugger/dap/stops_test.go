package dap

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-dap"
	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/debugger"
	"cpu32/debugger/compiled"
	"cpu32/image"
	"cpu32/jit"
)

// divide faults on line 4 (eip 8) with divide-by-zero, after printing 5.
const divide = "mov ecx, 0\nmov eax, 5\nprn eax\ndiv eax, ecx\nprn eax\n"

// TestFaultStops: with the faults filter on (the default) a fault stops
// with reason exception, its kind and message; going on ends the session
// with exit code 1, as run would.
func TestFaultStops(t *testing.T) {
	prog := writeProgram(t, "divide.asm", divide)
	c := newClient(t)
	c.start(prog, nil)
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	ev := c.stoppedAt("exception", 4)
	require.Equal(t, "fault: divide-by-zero", ev.Body.Description)
	require.Equal(t, "fault: divide-by-zero at divide.asm:4 (eip 8): division by zero", ev.Body.Text)
	require.Equal(t, "5\n", c.stdout)
	info := call[*dap.ExceptionInfoResponse](c, &dap.ExceptionInfoRequest{Arguments: dap.ExceptionInfoArguments{ThreadId: threadID}}).Body
	require.Equal(t, "divide-by-zero", info.ExceptionId)
	require.Equal(t, "division by zero", info.Description)
	require.Equal(t, dap.ExceptionBreakMode("always"), info.BreakMode)
	// The machine can be looked at, and stepped back from, after a fault.
	require.Equal(t, "0", c.vars(refRegisters, false)["ecx"])
	call[*dap.StepBackResponse](c, &dap.StepBackRequest{Arguments: dap.StepBackArguments{ThreadId: threadID}})
	c.stoppedAt("step", 3)
	require.Equal(t, "", c.stdout[2:])
	c.cont()
	c.stoppedAt("exception", 4)
	c.cont()
	require.Equal(t, 1, await[*dap.ExitedEvent](c).Body.ExitCode)
	expect[*dap.TerminatedEvent](c)
}

// TestFaultWithoutFilter: with no exception filter a fault ends the
// session at once: the fault's line as stderr output, exit code 1.
func TestFaultWithoutFilter(t *testing.T) {
	prog := writeProgram(t, "divide.asm", divide)
	c := newClient(t)
	c.start(prog, nil)
	call[*dap.SetExceptionBreakpointsResponse](c, &dap.SetExceptionBreakpointsRequest{Arguments: dap.SetExceptionBreakpointsArguments{Filters: []string{}}})
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	var stderr string
	for {
		m := c.next()
		if o, ok := m.(*dap.OutputEvent); ok && o.Body.Category == "stderr" {
			stderr += o.Body.Output
			continue
		}
		if _, ok := m.(*dap.OutputEvent); ok {
			continue
		}
		require.Equal(t, 1, m.(*dap.ExitedEvent).Body.ExitCode)
		break
	}
	expect[*dap.TerminatedEvent](c)
	require.Equal(t, "fault: divide-by-zero at divide.asm:4 (eip 8): division by zero\n", stderr)
	require.Equal(t, "5\n", c.stdout)
}

// TestPause: an endless loop runs until paused; the server answers
// requests meanwhile, and refuses those that need a stopped program.
// TestPause pauses a running program, on the interpreter and on compiled
// code (`cpu32 dap --engine jit`), which also stops at a breakpoint set
// while it runs.
func TestPause(t *testing.T) {
	t.Run("interp", func(t *testing.T) { testPause(t, newClient(t)) })
	t.Run("jit", func(t *testing.T) {
		testPause(t, newClientWith(t, SessionEngineWith(debugger.WithChunk(1<<12), compiled.Option(jit.Compiled))))
	})
}

func testPause(t *testing.T, c *client) {
	prog := writeProgram(t, "loop.asm", loop)
	c.start(prog, nil)
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	for round := 0; round < 2; round++ {
		call[*dap.ThreadsResponse](c, &dap.ThreadsRequest{})
		require.Contains(t, fail(c, &dap.StackTraceRequest{Arguments: dap.StackTraceArguments{ThreadId: threadID}}), "running")
		require.Contains(t, fail(c, &dap.NextRequest{Arguments: dap.NextArguments{ThreadId: threadID}}), "running")
		call[*dap.PauseResponse](c, &dap.PauseRequest{Arguments: dap.PauseArguments{ThreadId: threadID}})
		ev := await[*dap.StoppedEvent](c)
		require.Equal(t, "pause", ev.Body.Reason)
		line := c.frames()[0].Line
		require.True(t, line == 2 || line == 3, "paused on line %d", line)
		c.cont()
	}
	// A pause sent right after a continue, before the run may have
	// reached the engine, still stops it.
	call[*dap.PauseResponse](c, &dap.PauseRequest{Arguments: dap.PauseArguments{ThreadId: threadID}})
	require.Equal(t, "pause", await[*dap.StoppedEvent](c).Body.Reason)
	for round := 0; round < 2; round++ {
		c.send(&dap.ContinueRequest{Arguments: dap.ContinueArguments{ThreadId: threadID}})
		c.send(&dap.PauseRequest{Arguments: dap.PauseArguments{ThreadId: threadID}})
		await[*dap.ContinueResponse](c)
		await[*dap.PauseResponse](c)
		require.Equal(t, "pause", await[*dap.StoppedEvent](c).Body.Reason)
	}
	c.cont()
	// A breakpoint set while it runs stops it there.
	bps := c.setBreakpoints(prog, dap.SourceBreakpoint{Line: 3})
	require.True(t, bps[0].Verified)
	ev := c.stoppedAt("breakpoint", 3)
	require.Equal(t, []int{bps[0].Id}, ev.Body.HitBreakpointIds)
	// A pause of a stopped program changes nothing.
	call[*dap.PauseResponse](c, &dap.PauseRequest{Arguments: dap.PauseArguments{ThreadId: threadID}})
	call[*dap.TerminateResponse](c, &dap.TerminateRequest{})
	require.Equal(t, 0, await[*dap.ExitedEvent](c).Body.ExitCode)
	expect[*dap.TerminatedEvent](c)
	call[*dap.DisconnectResponse](c, &dap.DisconnectRequest{})
}

// counter changes ebx on line 4 and the word count on line 6.
const counter = `section .data
count: dd 7
section .text
  mov ebx, 1
  mov ecx, 2
  inc [count]
  mov ecx, 3
`

// TestDataBreakpoints: a register and a memory word watched from the
// Registers and Data scopes stop the program after the instruction that
// changes them.
func TestDataBreakpoints(t *testing.T) {
	prog := writeProgram(t, "counter.asm", counter)
	c := newClient(t)
	c.start(prog, map[string]any{"stopOnEntry": true})
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	c.stoppedAt("entry", 4)
	scopes := call[*dap.ScopesResponse](c, &dap.ScopesRequest{Arguments: dap.ScopesArguments{FrameId: 1}}).Body.Scopes
	require.Equal(t, "Data", scopes[4].Name)
	require.Equal(t, map[string]string{"count": "7"}, c.vars(refData, false))
	info := func(ref int, name string) dap.DataBreakpointInfoResponseBody {
		return call[*dap.DataBreakpointInfoResponse](c, &dap.DataBreakpointInfoRequest{Arguments: dap.DataBreakpointInfoArguments{
			VariablesReference: ref, Name: name}}).Body
	}
	ebx := info(refRegisters, "ebx")
	require.Equal(t, "ebx", ebx.DataId)
	count := info(refData, "count")
	require.Equal(t, "[32]", count.DataId)
	require.Equal(t, []dap.DataBreakpointAccessType{"write"}, count.AccessTypes)
	require.Nil(t, info(refFlags+100, "x").DataId)
	bps := call[*dap.SetDataBreakpointsResponse](c, &dap.SetDataBreakpointsRequest{Arguments: dap.SetDataBreakpointsArguments{
		Breakpoints: []dap.DataBreakpoint{{DataId: "ebx"}, {DataId: "[32]"}, {DataId: "7"}}}}).Body.Breakpoints
	require.True(t, bps[0].Verified && bps[1].Verified)
	require.False(t, bps[2].Verified)
	require.Equal(t, "watch needs a register (eax) or a memory word ([count], [ebp-2]), not \"7\"", bps[2].Message)
	c.cont()
	ev := c.stoppedAt("data breakpoint", 5)
	require.Equal(t, []int{bps[0].Id}, ev.Body.HitBreakpointIds)
	c.cont()
	ev = c.stoppedAt("data breakpoint", 7)
	require.Equal(t, []int{bps[1].Id}, ev.Body.HitBreakpointIds)
	require.Equal(t, map[string]string{"count": "8"}, c.vars(refData, false))
	c.cont()
	require.Equal(t, 0, await[*dap.ExitedEvent](c).Body.ExitCode)
	expect[*dap.TerminatedEvent](c)
}

// TestMemoryAndCode: readMemory, writeMemory (undone by a step back),
// disassemble, and instruction breakpoints.
func TestMemoryAndCode(t *testing.T) {
	prog := writeProgram(t, "counter.asm", counter)
	c := newClient(t)
	c.start(prog, map[string]any{"stopOnEntry": true})
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	c.stoppedAt("entry", 4)

	read := call[*dap.ReadMemoryResponse](c, &dap.ReadMemoryRequest{Arguments: dap.ReadMemoryArguments{MemoryReference: "32", Count: 6}}).Body
	require.Equal(t, "0x80", read.Address)
	data, err := base64.StdEncoding.DecodeString(read.Data)
	require.NoError(t, err)
	require.Equal(t, []byte{7, 0, 0, 0, 0, 0}, data)
	end := call[*dap.ReadMemoryResponse](c, &dap.ReadMemoryRequest{Arguments: dap.ReadMemoryArguments{MemoryReference: "262143", Offset: 2, Count: 4}}).Body
	require.Equal(t, 2, end.UnreadableBytes)

	wrote := call[*dap.WriteMemoryResponse](c, &dap.WriteMemoryRequest{Arguments: dap.WriteMemoryArguments{
		MemoryReference: "32", Offset: 1, Data: base64.StdEncoding.EncodeToString([]byte{1, 2})}}).Body
	require.Equal(t, 2, wrote.BytesWritten)
	require.Equal(t, "131335", c.eval("watch", "[count]")) // 7 + 1<<8 + 2<<16
	require.Contains(t, fail(c, &dap.WriteMemoryRequest{Arguments: dap.WriteMemoryArguments{
		MemoryReference: "262143", Data: base64.StdEncoding.EncodeToString([]byte{1, 2, 3, 4, 5})}}), "pass the end of memory")
	require.Contains(t, fail(c, &dap.WriteMemoryRequest{Arguments: dap.WriteMemoryArguments{MemoryReference: "32", Data: "!!"}}), "base64")
	require.Contains(t, fail(c, &dap.ReadMemoryRequest{Arguments: dap.ReadMemoryArguments{MemoryReference: "zz", Count: 4}}), `bad address "zz"`)

	// Two rows before the code, two past its end: padding, marked
	// invalid. Before address 0 there is no address to give, and -1 is
	// the one VS Code's view leaves out; past the end the addresses go on
	// counting.
	c.rawOf = map[dap.Message][]byte{}
	resp := call[*dap.DisassembleResponse](c, &dap.DisassembleRequest{Arguments: dap.DisassembleArguments{
		MemoryReference: "3", InstructionOffset: -3, InstructionCount: 8}})
	var raw struct {
		Body struct {
			Instructions []struct{ Address, Instruction, PresentationHint string }
		}
	}
	require.NoError(t, json.Unmarshal(c.rawOf[resp], &raw))
	var rows []string
	for _, d := range raw.Body.Instructions {
		rows = append(rows, strings.TrimSpace(d.Address+" "+d.Instruction+" "+d.PresentationHint))
	}
	require.Equal(t, []string{"-1 (before the start of the code) invalid", "-1 (before the start of the code) invalid",
		"0 mov ebx, 1", "3 mov ecx, 2", "6 inc [count]", "8 mov ecx, 3",
		"11 (past the end of the code) invalid", "12 (past the end of the code) invalid"}, rows)
	dis := resp.Body.Instructions
	require.Equal(t, 5, dis[3].Line)
	require.Equal(t, "00000601 00000001 00000001", dis[2].InstructionBytes)
	// A window far before the code is all padding; none is empty.
	far := call[*dap.DisassembleResponse](c, &dap.DisassembleRequest{Arguments: dap.DisassembleArguments{
		MemoryReference: "0", InstructionOffset: -45, InstructionCount: 3}}).Body.Instructions
	for _, d := range far {
		require.Equal(t, noAddress, d.Address)
	}
	none := call[*dap.DisassembleResponse](c, &dap.DisassembleRequest{Arguments: dap.DisassembleArguments{MemoryReference: "0"}})
	require.Contains(t, string(c.rawOf[none]), `"instructions":[]`)

	bps := call[*dap.SetInstructionBreakpointsResponse](c, &dap.SetInstructionBreakpointsRequest{Arguments: dap.SetInstructionBreakpointsArguments{
		Breakpoints: []dap.InstructionBreakpoint{{InstructionReference: "6"}, {InstructionReference: "4"}, {InstructionReference: "3", Offset: 5}}}}).Body.Breakpoints
	require.True(t, bps[0].Verified)
	require.Equal(t, 6, bps[0].Line)
	require.False(t, bps[1].Verified)
	require.Equal(t, "code address 4 is not the start of an instruction", bps[1].Message)
	require.True(t, bps[2].Verified)
	c.cont()
	ev := c.stoppedAt("instruction breakpoint", 6)
	require.Equal(t, []int{bps[0].Id}, ev.Body.HitBreakpointIds)
	// Stepping back goes through the write too.
	call[*dap.StepBackResponse](c, &dap.StepBackRequest{Arguments: dap.StepBackArguments{ThreadId: threadID}})
	c.stoppedAt("step", 5)
	call[*dap.StepBackResponse](c, &dap.StepBackRequest{Arguments: dap.StepBackArguments{ThreadId: threadID}})
	c.stoppedAt("step", 4)
	require.Equal(t, "131335", c.eval("watch", "[count]"))
	call[*dap.StepBackResponse](c, &dap.StepBackRequest{Arguments: dap.StepBackArguments{ThreadId: threadID}})
	c.stoppedAt("step", 4)
	require.Equal(t, "7", c.eval("watch", "[count]"))
}

// TestRestartAndInput: the input launch argument feeds rdn; restart runs
// the program again from the start, breakpoints kept, input read again.
func TestRestartAndInput(t *testing.T) {
	prog := writeProgram(t, "echo.asm", "rdn eax\nadd eax, 1\nprn eax\n")
	in := filepath.Join(t.TempDir(), "in.txt")
	require.NoError(t, os.WriteFile(in, []byte("41\n"), 0o644))
	c := newClient(t)
	c.start(prog, map[string]any{"input": in})
	bps := c.setBreakpoints(prog, dap.SourceBreakpoint{Line: 3})
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	c.stoppedAt("breakpoint", 3)
	require.Equal(t, "42", c.eval("watch", "eax"))
	call[*dap.RestartResponse](c, &dap.RestartRequest{})
	ev := c.stoppedAt("breakpoint", 3)
	require.Equal(t, []int{bps[0].Id}, ev.Body.HitBreakpointIds)
	require.Equal(t, "42", c.eval("watch", "eax"))
	c.cont()
	require.Equal(t, 0, await[*dap.ExitedEvent](c).Body.ExitCode)
	require.Equal(t, "42\n", c.stdout)
	expect[*dap.TerminatedEvent](c)
}

// TestRestartAfterEdit: a restart reassembles a program whose file
// changed; one that no longer assembles is an error with its diagnostics,
// and the old program stays.
func TestRestartAfterEdit(t *testing.T) {
	prog := writeProgram(t, "edit.asm", "mov eax, 1\nprn eax\n")
	c := newClient(t)
	c.start(prog, nil)
	bps := c.setBreakpoints(prog, dap.SourceBreakpoint{Line: 2})
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	c.stoppedAt("breakpoint", 2)

	require.NoError(t, os.WriteFile(prog, []byte("mov eax, 1\nfrob eax\n"), 0o644))
	c.send(&dap.RestartRequest{})
	o := expect[*dap.OutputEvent](c)
	require.Equal(t, "stderr", o.Body.Category)
	require.Contains(t, o.Body.Output, prog+":2:1: unknown instruction 'frob'")
	require.Contains(t, expect[*dap.ErrorResponse](c).Message, "the program did not reload; the old one is still loaded")
	require.Equal(t, 2, c.frames()[0].Line)

	require.NoError(t, os.WriteFile(prog, []byte("mov eax, 2\nprn eax\nprn 7\nhlt\nprn 8\n"), 0o644))
	call[*dap.RestartResponse](c, &dap.RestartRequest{})
	ev := c.stoppedAt("breakpoint", 2)
	require.Equal(t, []int{bps[0].Id}, ev.Body.HitBreakpointIds)
	require.Contains(t, c.console, "reloaded and restarted")
	require.Contains(t, c.console, prog+":5:1: warning: unreachable: the hlt above never falls through", "the new version's warnings")
	c.cont()
	require.Equal(t, 0, await[*dap.ExitedEvent](c).Body.ExitCode)
	require.Equal(t, "2\n7\n", c.stdout)
}

// TestInputTyped: without an input file, a program that reads waits; the
// console's input command feeds it.
func TestInputTyped(t *testing.T) {
	prog := writeProgram(t, "echo.asm", "rdn eax\nadd eax, 1\nprn eax\n")
	c := newClient(t)
	c.start(prog, nil)
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	ev := c.stoppedAt("pause", 1)
	require.Equal(t, "waiting for input", ev.Body.Description)
	require.Contains(t, c.console, "type input TEXT in the debug console")
	require.Equal(t, `input: "9\n"`, c.eval("repl", "input 9"))
	c.cont()
	require.Equal(t, 0, await[*dap.ExitedEvent](c).Body.ExitCode)
	require.Equal(t, "10\n", c.stdout)
}

// TestNoDebug: Run Without Debugging runs through breakpoints and faults
// end the session, as `cpu32 run` would.
func TestNoDebug(t *testing.T) {
	for _, tc := range []struct {
		name, src, stdout string
		code              int
	}{
		{"ends", "mov eax, 1\nprn eax\nprn 2\n", "1\n2\n", 0},
		{"faults", divide, "5\n", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prog := writeProgram(t, "p.asm", tc.src)
			c := newClient(t)
			c.start(prog, map[string]any{"noDebug": true, "stopOnEntry": true})
			c.setBreakpoints(prog, dap.SourceBreakpoint{Line: 2})
			call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
			require.Equal(t, tc.code, await[*dap.ExitedEvent](c).Body.ExitCode)
			expect[*dap.TerminatedEvent](c)
			require.Equal(t, tc.stdout, c.stdout)
		})
	}
}

// TestUnverifiedBreakpoints: a breakpoint that cannot be placed is
// answered unverified, with why.
func TestUnverifiedBreakpoints(t *testing.T) {
	prog := writeProgram(t, "p.asm", "mov eax, 1\nprn eax\n")
	other := writeProgram(t, "other.asm", "nop\n")
	c := newClient(t)
	c.start(prog, nil)
	bps := c.setBreakpoints(prog, dap.SourceBreakpoint{Line: 99}, dap.SourceBreakpoint{Line: 1, HitCondition: "often"},
		dap.SourceBreakpoint{Line: 2, LogMessage: "eax is {eax"}, dap.SourceBreakpoint{Line: 2, LogMessage: "eax} is"})
	require.False(t, bps[0].Verified)
	require.Equal(t, "no code on line 99 or below it", bps[0].Message)
	require.False(t, bps[1].Verified)
	require.Contains(t, bps[1].Message, `bad hit condition "often"`)
	require.False(t, bps[2].Verified)
	require.Equal(t, "log message: the { at column 8 has no }", bps[2].Message)
	require.False(t, bps[3].Verified)
	require.Equal(t, "log message: the } at column 4 closes no {", bps[3].Message)
	bps = c.setBreakpoints(other, dap.SourceBreakpoint{Line: 1})
	require.False(t, bps[0].Verified)
	require.Contains(t, bps[0].Message, "is not a file of the program")
	require.Contains(t, fail(c, &dap.SetBreakpointsRequest{}), "setBreakpoints needs source.path")
}

// TestImageWithoutSources: an image whose source files are gone is
// debugged with the source text it keeps, served by reference.
func TestImageWithoutSources(t *testing.T) {
	src := "mov eax, 1\nprn eax\n"
	asm := writeProgram(t, "gone.asm", src)
	p, err := assembler.Assemble(asm, []byte(src), assembler.Options{})
	require.NoError(t, err)
	data, err := image.Encode(p)
	require.NoError(t, err)
	img := filepath.Join(t.TempDir(), "gone.img")
	require.NoError(t, os.WriteFile(img, data, 0o644))
	require.NoError(t, os.Remove(asm))
	c := newClient(t)
	c.start(img, map[string]any{"stopOnEntry": true})
	bps := c.setBreakpoints(asm, dap.SourceBreakpoint{Line: 2})
	require.True(t, bps[0].Verified)
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	c.stoppedAt("entry", 1)
	frame := c.frames()[0]
	require.Equal(t, 1, frame.Source.SourceReference)
	text := call[*dap.SourceResponse](c, &dap.SourceRequest{Arguments: dap.SourceArguments{SourceReference: 1}}).Body.Content
	require.Equal(t, src, text)
	require.Contains(t, fail(c, &dap.SourceRequest{Arguments: dap.SourceArguments{SourceReference: 7}}), "no source with reference 7")
}

// TestOutputWhileRunning: a long run's output reaches the editor while it
// runs, not only when it stops.
func TestOutputWhileRunning(t *testing.T) {
	prog := writeProgram(t, "chatty.asm", "start:\n  prn 7\n  jmp start\n")
	c := newClient(t)
	c.start(prog, nil)
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	o := expect[*dap.OutputEvent](c)
	if o.Body.Category == "console" {
		require.Contains(t, o.Body.Output, "bytes of output not shown")
		o = expect[*dap.OutputEvent](c)
	}
	require.Equal(t, "stdout", o.Body.Category)
	require.True(t, strings.HasPrefix(o.Body.Output, "7\n") && strings.HasSuffix(o.Body.Output, "7\n"), "%.40q", o.Body.Output)
	require.LessOrEqual(t, len(o.Body.Output), maxStreamed)
	call[*dap.PauseResponse](c, &dap.PauseRequest{Arguments: dap.PauseArguments{ThreadId: threadID}})
	require.Equal(t, "pause", await[*dap.StoppedEvent](c).Body.Reason)
}

// TestEmptyProgram: a program without instructions ends at once.
func TestEmptyProgram(t *testing.T) {
	prog := writeProgram(t, "empty.asm", "; nothing\n")
	c := newClient(t)
	c.start(prog, nil)
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	require.Equal(t, 0, await[*dap.ExitedEvent](c).Body.ExitCode)
	expect[*dap.TerminatedEvent](c)
}

// TestQuietErrors: a failed hover is not a notification; a failed step is.
func TestQuietErrors(t *testing.T) {
	prog := writeProgram(t, "p.asm", "mov eax, 1\n")
	c := newClient(t)
	c.start(prog, map[string]any{"stopOnEntry": true})
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	c.stoppedAt("entry", 1)
	c.send(&dap.EvaluateRequest{Arguments: dap.EvaluateArguments{Expression: "mov", Context: "hover"}})
	require.False(t, await[*dap.ErrorResponse](c).Body.Error.ShowUser)
	c.send(&dap.StepBackRequest{Arguments: dap.StepBackArguments{ThreadId: threadID}})
	require.True(t, await[*dap.ErrorResponse](c).Body.Error.ShowUser)
}

// TestConditionError: a condition that cannot be evaluated stops, and says
// why.
func TestConditionError(t *testing.T) {
	prog := writeProgram(t, "p.asm", "mov eax, 1\nmov ebx, 2\n")
	c := newClient(t)
	c.start(prog, nil)
	bps := c.setBreakpoints(prog, dap.SourceBreakpoint{Line: 2, Condition: "[eax - 5] == 1"})
	require.True(t, bps[0].Verified)
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	ev := c.stoppedAt("breakpoint", 2)
	require.Contains(t, ev.Body.Text, "cannot be evaluated")
	require.Contains(t, c.console, "cannot be evaluated")
}

// TestEntryBreakpointAndLogPoints: without stopOnEntry, a breakpoint on
// the first instruction stops there (its hit condition counting that hit);
// log points print their message with the values of {expressions}, at
// their place, after the program's output, and do not stop.
func TestEntryBreakpointAndLogPoints(t *testing.T) {
	prog := writeProgram(t, "p.asm", `  mov ecx, 0
again:
  inc ecx
  prn ecx
  cmp ecx, 3
  jl again
`)
	c := newClient(t)
	c.start(prog, nil)
	bps := c.setBreakpoints(prog, dap.SourceBreakpoint{Line: 1}, dap.SourceBreakpoint{Line: 2, LogMessage: "ecx is {ecx}, {{ecx}} doubled is {ecx*2}; {nosuch}"})
	require.True(t, bps[0].Verified && bps[1].Verified, "%+v", bps)
	require.Equal(t, 3, bps[1].Line, "moved to the next line with code")
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	ev := c.stoppedAt("breakpoint", 1)
	require.Equal(t, []int{bps[0].Id}, ev.Body.HitBreakpointIds)

	c.cont()
	var log []string
	for {
		m := c.next()
		if o, ok := m.(*dap.OutputEvent); ok {
			if o.Body.Category == "console" && o.Body.Line == 3 {
				require.Equal(t, prog, o.Body.Source.Path)
				log = append(log, o.Body.Output)
			} else if o.Body.Category == "stdout" {
				log = append(log, "stdout: "+o.Body.Output)
			}
		}
		if _, ok := m.(*dap.ExitedEvent); ok {
			break
		}
	}
	expect[*dap.TerminatedEvent](c)
	logged := func(i int) string {
		return fmt.Sprintf("ecx is %d, {ecx} doubled is %d; <nosuch: no register or label named \"nosuch\">\n", i, 2*i)
	}
	require.Equal(t, []string{logged(0), "stdout: 1\n", logged(1), "stdout: 2\n", logged(2), "stdout: 3\n"}, log)

	// A log point where a breakpoint is too (an instruction breakpoint on
	// the same instruction): it logs, and the breakpoint stops.
	c = newClient(t)
	c.start(prog, nil)
	lp := c.setBreakpoints(prog, dap.SourceBreakpoint{Line: 4, LogMessage: "at prn: {ecx}"})
	ibps := call[*dap.SetInstructionBreakpointsResponse](c, &dap.SetInstructionBreakpointsRequest{Arguments: dap.SetInstructionBreakpointsArguments{
		Breakpoints: []dap.InstructionBreakpoint{{InstructionReference: lp[0].InstructionReference}}}}).Body.Breakpoints
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	ev = c.stoppedAt("instruction breakpoint", 4)
	require.Equal(t, []int{ibps[0].Id}, ev.Body.HitBreakpointIds)
	require.Equal(t, "at prn: 1\n", c.console)

	// A hit condition that the first hit does not meet: no stop at entry.
	c = newClient(t)
	c.start(prog, nil)
	c.setBreakpoints(prog, dap.SourceBreakpoint{Line: 1, HitCondition: ">= 2"})
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	require.Equal(t, 0, await[*dap.ExitedEvent](c).Body.ExitCode)
}

// TestLaunchMachineArgs: the launch's machine settings, as fields or as
// cpu32 run's flags in args, make the machine the program runs on.
func TestLaunchMachineArgs(t *testing.T) {
	deep := writeProgram(t, "deep.asm", "start:\n  push eax\n  jmp start\n")
	for _, tc := range []struct {
		name string
		args map[string]any
		want string
	}{
		{"stack flag", map[string]any{"args": []string{"--stack", "16"}}, "fault: stack-overflow at deep.asm:2 (eip 0): push onto a full stack (16 words)"},
		{"stack field", map[string]any{"stack": 8}, "fault: stack-overflow at deep.asm:2 (eip 0): push onto a full stack (8 words)"},
		{"step limit flag", map[string]any{"args": []string{"--max-steps", "7"}}, "fault: step-limit at deep.asm:3 (eip 2): step limit of 7 reached"},
		{"step limit field", map[string]any{"maxSteps": 5}, "fault: step-limit at deep.asm:3 (eip 2): step limit of 5 reached"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t)
			c.start(deep, tc.args)
			call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
			ev := await[*dap.StoppedEvent](c)
			require.Equal(t, "exception", ev.Body.Reason)
			require.Equal(t, tc.want, ev.Body.Text)
		})
	}
}

// TestLogPointsInsideSteps: a step over a call, or out of one, that meets
// a log point deeper down logs it and goes on to where the step ends.
func TestLogPointsInsideSteps(t *testing.T) {
	prog := writeProgram(t, "calls.asm", `start:  mov eax, 1
        call f
        prn eax
        hlt
f:      inc eax
        call g
        inc eax
        ret
g:      add eax, 10
        ret
`)
	logs := func(c *client, until func(dap.Message) bool) []string {
		var out []string
		for {
			m := c.next()
			if o, ok := m.(*dap.OutputEvent); ok && o.Body.Category == "console" {
				out = append(out, o.Body.Output)
			}
			if until(m) {
				return out
			}
		}
	}
	var stop *dap.StoppedEvent
	isStop := func(m dap.Message) bool {
		stop, _ = m.(*dap.StoppedEvent)
		return stop != nil
	}
	for _, tc := range []struct {
		name string
		stop int // the breakpoint's line
		step dap.RequestMessage
	}{
		{"next over the call", 2, &dap.NextRequest{Arguments: dap.NextArguments{ThreadId: threadID}}},
		{"step out of the caller", 5, &dap.StepOutRequest{Arguments: dap.StepOutArguments{ThreadId: threadID}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t)
			c.start(prog, nil)
			c.setBreakpoints(prog, dap.SourceBreakpoint{Line: tc.stop}, dap.SourceBreakpoint{Line: 9, LogMessage: "g sees {eax}"})
			call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
			c.stoppedAt("breakpoint", tc.stop)
			c.send(tc.step)
			require.Equal(t, []string{"g sees 2\n"}, logs(c, isStop))
			require.Equal(t, "step", stop.Body.Reason)
			require.Equal(t, []string{"(main):3"}, frameLines(c.frames()))
			require.Equal(t, "13", c.vars(refRegisters, false)["eax"], "f and g ran whole")
		})
	}
}

// TestLaunchWarnings: the assembler's warnings reach the Debug Console
// when the program is launched; the program runs all the same.
func TestLaunchWarnings(t *testing.T) {
	prog := writeProgram(t, "w.asm", "start: mov ecx, 2\nagain: prn ecx\n  dec ecx\n  cmp ecx, 0\n  jne again\nspare: hlt\n")
	c := newClient(t)
	c.start(prog, nil)
	require.Equal(t, prog+":6:1: warning: label 'spare' is defined but never used\nspare: hlt\n^\n", c.console)
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	require.Equal(t, 0, await[*dap.ExitedEvent](c).Body.ExitCode)
	require.Equal(t, "2\n1\n", c.stdout)
}

// failing is compiled code that fails as a trap in it would (a bug in
// cpu32's compiling tier), having run nothing.
type failing struct{}

func (failing) Run(uint64) (cpu.Stop, error) {
	return cpu.StopEnd, errors.New("jit: wasm error: unreachable")
}
func (failing) Close() error { return nil }

// TestCompiledFails: when compiled code fails, the run stops there with
// the reason in the console and the stopped event; continuing interprets
// to the end.
func TestCompiledFails(t *testing.T) {
	prog := writeProgram(t, "count.asm", "  mov ecx, 0\nl:\n  inc ecx\n  cmp ecx, 3000000\n  jl l\n  prn ecx\n")
	c := newClientWith(t, SessionEngineWith(debugger.WithCompiler(func(*cpu.CPU, []uint32, []uint32, []uint32) (debugger.Compiled, error) {
		return failing{}, nil
	}, true)))
	c.start(prog, nil)
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	ev := c.stoppedAt("pause", 1) // compiled at once, as with --engine jit
	want := "compiled code failed at " + prog + ":1 (eip 0): jit: wasm error: unreachable (a bug in cpu32); shown as before that code ran, and the interpreter runs from here on"
	require.Equal(t, "compiled code failed", ev.Body.Description)
	require.Equal(t, want, ev.Body.Text)
	require.Equal(t, want+"\n", c.console)
	c.cont()
	require.Equal(t, 0, await[*dap.ExitedEvent](c).Body.ExitCode)
	expect[*dap.TerminatedEvent](c)
	require.Equal(t, "3000000\n", c.stdout)
}

// counted is compiled code that runs through the interpreter and counts
// its closes.
type counted struct {
	c      *cpu.CPU
	closes *atomic.Int32
}

func (k counted) Run(n uint64) (cpu.Stop, error) { return k.c.Run(n) }
func (k counted) Close() error                   { k.closes.Add(1); return nil }

// TestCompiledClosed: the session's compiled code is freed when the
// client disconnects.
func TestCompiledClosed(t *testing.T) {
	prog := writeProgram(t, "count.asm", "  mov ecx, 0\nl:\n  inc ecx\n  cmp ecx, 3000000\n  jl l\n  prn ecx\n")
	var compiles, closes atomic.Int32
	c := newClientWith(t, SessionEngineWith(debugger.WithCompiler(func(m *cpu.CPU, _, _, _ []uint32) (debugger.Compiled, error) {
		compiles.Add(1)
		return counted{m, &closes}, nil
	}, true)))
	c.start(prog, nil)
	c.setBreakpoints(prog, dap.SourceBreakpoint{Line: 6})
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	c.stoppedAt("breakpoint", 6)
	require.Equal(t, int32(1), compiles.Load())
	require.Equal(t, int32(0), closes.Load())
	call[*dap.DisconnectResponse](c, &dap.DisconnectRequest{})
	require.NoError(t, c.ended())
	require.Equal(t, int32(1), closes.Load())
}
