package cpu

import (
	"bytes"
	"io"
)

// ReplayCallStack rebuilds the call stack of c, a machine that ran without
// one (Config.NoCallStack), by running its program again on a fresh machine
// that keeps one, for exactly as many steps, with the same sizes and output
// limit, the input c read (input) and host (fresh host functions, in the
// state c's started in). The program is deterministic, so the replay stops
// where c stopped. It returns the frames (innermost first) and the count of
// forgotten ones, or ok false when the replay did not end where c is.
func (c *CPU) ReplayCallStack(input []byte, host map[string]HostFunc) (frames []Frame, forgotten uint64, ok bool) {
	if !c.calls.off {
		return c.CallStack(), c.Forgotten(), true
	}
	stack := int(c.stack)
	if stack == 0 {
		stack = NoStack
	}
	steps := c.steps
	if steps == 0 {
		steps = NoSteps
	}
	r, err := New(c.prog, Config{Memory: int(c.size), Stack: stack, MaxSteps: steps, Out: io.Discard,
		MaxOutput: c.maxOutput, Input: bytes.NewReader(input), Host: host})
	if err != nil {
		return nil, 0, false
	}
	r.RunToEnd()
	if r.Steps() != c.steps || r.EIP() != c.EIP() {
		return nil, 0, false
	}
	return r.CallStack(), r.Forgotten(), true
}
