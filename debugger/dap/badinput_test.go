package dap

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-dap"
	"github.com/stretchr/testify/require"
)

// writeProgram writes an .asm file for a test and returns its path.
func writeProgram(t *testing.T, name, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	return path
}

// framed wraps content in the protocol's header.
func framed(content string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(content), content)
}

// TestBadMessages: a message the server cannot use gets an error response
// and the session goes on.
func TestBadMessages(t *testing.T) {
	c := newClient(t)
	for _, tc := range []struct {
		name, content, want string
		seq                 int
	}{
		{"not JSON", `{"seq": 1, "type": "request", "command": "initialize"`, "the message is not JSON", 0},
		{"unknown command", `{"seq": 7, "type": "request", "command": "fooBar"}`, `unsupported request "fooBar"`, 7},
		{"an event from the client", `{"seq": 8, "type": "event", "event": "stopped"}`, "unexpected", 8},
		{"unknown type", `{"seq": 9, "type": "gossip"}`, `unexpected message of type "gossip"`, 9},
		{"arguments of the wrong type", `{"seq": 10, "type": "request", "command": "setBreakpoints", "arguments": {"breakpoints": "all"}}`,
			"bad setBreakpoints request", 10},
		{"a JSON array", `[1, 2]`, "the message is not JSON", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.raw(framed(tc.content))
			resp := expect[*dap.ErrorResponse](c)
			require.Contains(t, resp.Message, tc.want)
			require.Equal(t, tc.seq, resp.RequestSeq)
		})
	}
	// The session still works.
	resp := call[*dap.InitializeResponse](c, &dap.InitializeRequest{})
	require.True(t, resp.Body.SupportsStepBack)
}

// TestBadFraming: a stream that is not the protocol ends the session with
// a message, without a panic or a hang.
func TestBadFraming(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"no Content-Length", "Hello: there\r\n\r\n{}", "no Content-Length header"},
		{"no colon", "garbage\r\n\r\n", `header line "garbage"`},
		{"a huge length", "Content-Length: 99999999999\r\n\r\n", "Content-Length"},
		{"a negative length", "Content-Length: -5\r\n\r\n", "Content-Length"},
		{"an endless header line", strings.Repeat("x", 5000), "longer than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t)
			c.raw(tc.text)
			o := expect[*dap.OutputEvent](c)
			require.Contains(t, o.Body.Output, tc.want)
			require.Error(t, c.ended())
		})
	}
}

// TestOutOfOrder: requests sent before what they need get errors that say
// what to send first.
func TestOutOfOrder(t *testing.T) {
	prog := writeProgram(t, "p.asm", "mov eax, 1\nprn eax\n")
	c := newClient(t)
	require.Contains(t, fail(c, &dap.LaunchRequest{Arguments: launchJSON(t, map[string]any{"program": prog})}), "send initialize first")
	require.Contains(t, fail(c, &dap.NextRequest{}), "send initialize first")
	call[*dap.InitializeResponse](c, &dap.InitializeRequest{})
	require.Contains(t, fail(c, &dap.InitializeRequest{}), "already initialized")
	require.Contains(t, fail(c, &dap.AttachRequest{}), "attach is not supported")
	for _, req := range []dap.RequestMessage{
		&dap.SetBreakpointsRequest{Arguments: dap.SetBreakpointsArguments{Source: dap.Source{Path: prog}, Breakpoints: []dap.SourceBreakpoint{{Line: 1}}}},
		&dap.ConfigurationDoneRequest{}, &dap.StackTraceRequest{}, &dap.ContinueRequest{}, &dap.EvaluateRequest{Arguments: dap.EvaluateArguments{Expression: "eax"}},
	} {
		require.Contains(t, fail(c, req), "launch a program first", "%T", req)
	}
	// Threads and exception filters may come before launch.
	call[*dap.ThreadsResponse](c, &dap.ThreadsRequest{})
	call[*dap.SetExceptionBreakpointsResponse](c, &dap.SetExceptionBreakpointsRequest{Arguments: dap.SetExceptionBreakpointsArguments{Filters: []string{"faults"}}})
	call[*dap.LaunchResponse](c, &dap.LaunchRequest{Arguments: launchJSON(t, map[string]any{"program": prog, "stopOnEntry": true})})
	expect[*dap.InitializedEvent](c)
	require.Contains(t, fail(c, &dap.LaunchRequest{Arguments: launchJSON(t, map[string]any{"program": prog})}), "already launched")
	require.Contains(t, fail(c, &dap.NextRequest{}), "send configurationDone first")
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	require.Equal(t, "entry", expect[*dap.StoppedEvent](c).Body.Reason)
	require.Contains(t, fail(c, &dap.ConfigurationDoneRequest{}), "already sent")
	require.Contains(t, fail(c, &dap.StepBackRequest{}), "at the start of the program")
	require.Contains(t, fail(c, &dap.StepOutRequest{}), "not inside a call")
	require.Contains(t, fail(c, &dap.SetExceptionBreakpointsRequest{Arguments: dap.SetExceptionBreakpointsArguments{Filters: []string{"panics"}}}),
		`unknown exception filter "panics"`)
	require.Contains(t, fail(c, &dap.VariablesRequest{Arguments: dap.VariablesArguments{VariablesReference: 99}}), "no variables with reference 99")
	require.Contains(t, fail(c, &dap.ExceptionInfoRequest{}), "has not faulted")
	call[*dap.DisconnectResponse](c, &dap.DisconnectRequest{})
}

// TestBadLaunch: a program that does not assemble, or cannot be read, is
// an error response; its diagnostics reach the console too.
func TestBadLaunch(t *testing.T) {
	bad := writeProgram(t, "bad.asm", "mov eax, 1\nfrob eax\nmov 5, eax\n")
	for _, tc := range []struct {
		name   string
		args   map[string]any
		want   []string
		output bool
	}{
		{"does not assemble", map[string]any{"program": bad}, []string{
			"the program does not assemble", bad + ":2:1: unknown instruction 'frob'", bad + ":3:5:"}, true},
		{"no such file", map[string]any{"program": filepath.Join(t.TempDir(), "none.asm")}, []string{"none.asm: no such file"}, false},
		{"no program", map[string]any{}, []string{`launch needs "program"`}, false},
		{"a folder", map[string]any{"program": t.TempDir()}, []string{"is a directory"}, false},
		{"bad memory", map[string]any{"program": bad, "memory": 3}, []string{"memory 3 is outside 32..268435456"}, false},
		{"bad args", map[string]any{"program": bad, "args": []string{"--frob"}}, []string{"launch args:", "--memory N"}, false},
		{"a string for a number", map[string]any{"program": bad, "stack": "big"}, []string{"bad launch arguments"}, false},
		{"too small a machine", map[string]any{"program": writeProgram(t, "ok.asm", "nop\n"), "memory": 40, "stack": 100}, []string{"cannot hold"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t)
			call[*dap.InitializeResponse](c, &dap.InitializeRequest{})
			if tc.output {
				c.send(&dap.LaunchRequest{Arguments: launchJSON(t, tc.args)})
				o := expect[*dap.OutputEvent](c)
				require.Equal(t, "stderr", o.Body.Category)
				resp := expect[*dap.ErrorResponse](c)
				for _, w := range tc.want[1:] {
					require.Contains(t, o.Body.Output, w)
				}
				for _, w := range tc.want {
					require.Contains(t, resp.Message, w)
				}
				require.True(t, resp.Body.Error.ShowUser)
			} else {
				msg := fail(c, &dap.LaunchRequest{Arguments: launchJSON(t, tc.args)})
				for _, w := range tc.want {
					require.Contains(t, msg, w)
				}
			}
			// Nothing was launched: the session goes on and can launch.
			require.Contains(t, fail(c, &dap.ConfigurationDoneRequest{}), "launch a program first")
		})
	}
}

// loop is a program that never ends.
const loop = "start:\n  inc eax\n  jmp start\n"

// TestDisconnectMidRun: a client that leaves while the program runs, by
// a disconnect request or by closing the connection, ends the server.
func TestDisconnectMidRun(t *testing.T) {
	prog := writeProgram(t, "loop.asm", loop)
	for _, how := range []string{"request", "close"} {
		t.Run(how, func(t *testing.T) {
			c := newClient(t)
			c.start(prog, nil)
			call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
			time.Sleep(20 * time.Millisecond) // let it run
			if how == "request" {
				call[*dap.DisconnectResponse](c, &dap.DisconnectRequest{})
			} else {
				c.w.Close()
			}
			require.NoError(t, c.ended())
		})
	}
}

// TestDisconnectWhileLaunching: the server answers a disconnect while a
// launch loads its program (here a machine that takes its time to make),
// before the requests sent meanwhile, which wait for the launch.
func TestDisconnectWhileLaunching(t *testing.T) {
	prog := writeProgram(t, "p.asm", "nop\n")
	release := make(chan struct{})
	defer close(release)
	c := newClientWith(t, func(l Launch) (Engine, error) {
		<-release
		return sessionEngine(l)
	})
	call[*dap.InitializeResponse](c, &dap.InitializeRequest{})
	c.send(&dap.LaunchRequest{Arguments: launchJSON(t, map[string]any{"program": prog})})
	c.send(&dap.ThreadsRequest{})
	call[*dap.DisconnectResponse](c, &dap.DisconnectRequest{})
	require.NoError(t, c.ended())
}

// TestLaunchThenRequests: the requests sent while a launch loads are
// handled after it has answered, in order, as if it had answered at once;
// and a client that sends its requests and closes its end is answered.
func TestLaunchThenRequests(t *testing.T) {
	prog := writeProgram(t, "p.asm", "nop\n")
	release := make(chan struct{})
	c := newClientWith(t, func(l Launch) (Engine, error) {
		<-release
		return sessionEngine(l)
	})
	call[*dap.InitializeResponse](c, &dap.InitializeRequest{})
	seq := c.send(&dap.LaunchRequest{Arguments: launchJSON(t, map[string]any{"program": prog, "stopOnEntry": true})})
	c.send(&dap.LaunchRequest{Arguments: launchJSON(t, map[string]any{"program": prog})})
	c.send(&dap.ConfigurationDoneRequest{})
	c.w.Close()
	close(release)
	require.Equal(t, seq, expect[*dap.LaunchResponse](c).RequestSeq)
	expect[*dap.InitializedEvent](c)
	require.Equal(t, "a program is already launched", expect[*dap.ErrorResponse](c).Message)
	expect[*dap.ConfigurationDoneResponse](c)
	require.Equal(t, "entry", expect[*dap.StoppedEvent](c).Body.Reason)
}
