package dap

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-dap"
	"github.com/stretchr/testify/require"
)

// TestDeepExpressions: an expression nested too deeply or too long is an
// error response (or an unverified breakpoint, or a log point's <error>),
// at once; three million parentheses used to kill the server with a stack
// overflow, and a hundred thousand took seconds and half a gigabyte.
func TestDeepExpressions(t *testing.T) {
	prog := writeProgram(t, "p.asm", "  mov ecx, 0\nagain:\n  inc ecx\n  cmp ecx, 2\n  jl again\n")
	deep := strings.Repeat("(", 101) + "1" + strings.Repeat(")", 101)
	huge := strings.Repeat("(", 3_000_000) + "1"
	tooDeep := "expression nested too deeply at column 101: more than 100 levels of ( [ and signs"
	tooLong := "expression too long: 3000001 characters (at most 4096)"
	c := newClient(t)
	c.start(prog, map[string]any{"stopOnEntry": true})
	bps := c.setBreakpoints(prog, dap.SourceBreakpoint{Line: 3, Condition: deep}, dap.SourceBreakpoint{Line: 4, Condition: huge},
		dap.SourceBreakpoint{Line: 5, LogMessage: "x={" + deep + "}"}, dap.SourceBreakpoint{Line: 5, LogMessage: "{" + huge + "}"})
	require.False(t, bps[0].Verified)
	require.Equal(t, tooDeep, bps[0].Message)
	require.False(t, bps[1].Verified)
	require.Equal(t, tooLong, bps[1].Message)
	require.True(t, bps[2].Verified)
	require.False(t, bps[3].Verified)
	require.Equal(t, "log message too long: 3000003 characters (at most 4096)", bps[3].Message)
	call[*dap.ConfigurationDoneResponse](c, &dap.ConfigurationDoneRequest{})
	c.stoppedAt("entry", 1)
	for _, context := range []string{"watch", "hover", "repl", "clipboard"} {
		start := time.Now()
		for expr, want := range map[string]string{deep: tooDeep, huge: tooLong, strings.Repeat("-", 200) + "1": tooDeep} {
			require.Equal(t, want, fail(c, &dap.EvaluateRequest{Arguments: dap.EvaluateArguments{Expression: expr, Context: context}}), context)
		}
		require.Less(t, time.Since(start), 2*time.Second, context)
	}
	require.Equal(t, "1 (0x00000001)", c.eval("repl", strings.Repeat("(", 100)+"1"+strings.Repeat(")", 100)))
	// The log point logs the error, once for each time it is reached.
	c.cont()
	var logged []string
	for {
		m := c.next()
		if o, ok := m.(*dap.OutputEvent); ok && o.Body.Line == 5 {
			logged = append(logged, o.Body.Output)
		}
		if _, ok := m.(*dap.ExitedEvent); ok {
			break
		}
	}
	want := "x=<" + deep + ": " + tooDeep + ">\n"
	require.Equal(t, []string{want, want}, logged)
}
