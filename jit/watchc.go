//go:build amd64 || arm64

package jit

import "cpu32/isa"

// watch marks the instructions w watches, which compiled code leaves to
// the interpreter: they end their blocks, and the blocks after them and
// their jumps' targets can be entered, so that compiled code goes on
// right after the interpreter has run one.
func (c *compiler) watch(w Watch) {
	for _, a := range w.Breaks {
		if a < c.codeLen && c.at[a] != nil {
			c.at[a].exit = true
		}
	}
	if !w.Calls {
		return
	}
	for _, in := range c.at {
		if in != nil && !in.bad {
			if f := isa.ByOp(in.op).Flow; f == isa.CallFlow || f == isa.RetFlow {
				in.exit = true
			}
		}
	}
}
