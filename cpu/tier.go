package cpu

import "cpu32/memory"

// The hooks below let a faster tier (the compiler in package jit) run a
// machine's instructions in place of the interpreter: it reads and writes
// the registers and memory through Memory().Words(), runs each instruction
// it does not handle itself with Run(1), and reports what it ran with
// Advance.

// Plain reports whether nothing watches the machine step by step: no
// journal, profile, call stack or armed breakpoint. Only then may another
// tier run its instructions as they come, since it records none of these;
// code compiled for what is watched (jit.Watch: breakpoints, calls and
// rets left to the interpreter) may also run without a journal, missing
// only the profile's counts.
func (c *CPU) Plain() bool {
	return c.journal == nil && c.prof == nil && c.calls.off && c.breaks == 0 && c.state == Ready
}

// StepLimit returns Config.MaxSteps as the machine applies it: limited is
// false when there is no limit, and n is 0 for NoSteps.
func (c *CPU) StepLimit() (n uint64, limited bool) { return c.maxSteps, c.limited }

// Advance records that another tier ran n instructions and left the
// registers (eip included) and memory where they now stand; at the end of
// the code the program has ended. The caller keeps the step limit: Advance
// never faults.
func (c *CPU) Advance(n uint64) {
	c.steps += n
	c.settle(c.words[memory.EIP])
}

// Print prints x as the instruction at pc, prn (number) or prc, does,
// within the output limit. It reports false when the instruction faulted
// instead: the machine then stands faulted at pc, as the interpreter
// leaves it, with that instruction not counted.
func (c *CPU) Print(pc uint32, number bool, x uint32) bool {
	if f := c.print(number, x); f != nil {
		c.stopAt(f, pc)
		return false
	}
	return true
}
