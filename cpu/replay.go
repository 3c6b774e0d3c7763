package cpu

import (
	"bytes"
	"io"
)

// ReplayCallStack rebuilds the call stack of c, a machine that ran without
// one (Config.NoCallStack), by running its program again on a fresh machine
// that keeps one (Replay), for exactly as many steps, with the same sizes
// and output limit, the input c read (input) and host (fresh host
// functions, in the state c's started in). The program is deterministic, so
// the replay stops where c stopped. It returns the frames (innermost first)
// and the count of forgotten ones, or ok false when the replay did not end
// where c is.
func (c *CPU) ReplayCallStack(input []byte, host map[string]HostFunc) (frames []Frame, forgotten uint64, ok bool) {
	if !c.calls.off {
		return c.CallStack(), c.Forgotten(), true
	}
	r, err := c.Replay(input, host)
	if err != nil {
		return nil, 0, false
	}
	r.RunToEnd()
	return c.Replayed(r)
}

// Replay returns a fresh machine, keeping a call stack, that replays c's
// run from its start when run to its end: c's program, sizes and output
// limit, c's steps as its step limit, the input c read (input) and host.
// Another tier may run it (one that leaves calls and rets to the
// interpreter, which keeps the call stack); Replayed then reads its
// call stack.
func (c *CPU) Replay(input []byte, host map[string]HostFunc) (*CPU, error) {
	stack := int(c.stack)
	if stack == 0 {
		stack = NoStack
	}
	steps := c.steps
	if steps == 0 {
		steps = NoSteps
	}
	return New(c.prog, Config{Memory: int(c.size), Stack: stack, MaxSteps: steps, Out: io.Discard,
		MaxOutput: c.maxOutput, Input: bytes.NewReader(input), Host: host})
}

// Replayed returns the call stack of r, a Replay of c run to its end, or ok
// false when r did not stop where c did.
func (c *CPU) Replayed(r *CPU) (frames []Frame, forgotten uint64, ok bool) {
	if r.Steps() != c.steps || r.EIP() != c.EIP() {
		return nil, 0, false
	}
	return r.CallStack(), r.Forgotten(), true
}
