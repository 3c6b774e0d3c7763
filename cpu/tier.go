package cpu

import (
	"cpu32/isa"
	"cpu32/memory"
)

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

// Extended runs the instruction at pc, a host call, rdn or rdc, as the
// interpreter does, for a tier that has left the registers and memory as
// the interpreter would before it and has run ran instructions since it
// last called Advance: the host function sees them in Host.Steps. Neither
// the steps nor eip move: the caller counts the instruction, and goes on
// after it, when ok. When !ok the instruction did not run: it faulted
// (the machine then stands faulted at pc, as the interpreter leaves it),
// it must wait for input (wait: the machine is Ready at pc, and Run would
// return StopInput), or it is rdn or rdc into eip, a jump, which the tier
// leaves to the interpreter.
func (c *CPU) Extended(pc uint32, ran uint64) (ok, wait bool) {
	in := &c.code[pc]
	op := in.op
	if op == opBreak {
		op = in.orig
	}
	if (op == isa.Rdn || op == isa.Rdc) && in.dst+c.relBase(in) == uint32(memory.EIP) {
		return false, false
	}
	c.words[memory.EIP] = pc
	if _, f := c.extended(op, in, pc+uint32(in.size), c.steps+ran); f != nil {
		return false, c.stopAt(f, pc) == StopInput
	}
	return true, false
}

// relBase returns what a register-relative destination adds to its
// displacement: its register's value, or 0 for any other kind.
func (c *CPU) relBase(in *instr) uint32 {
	if in.dk == isa.Rel {
		return c.words[in.dreg]
	}
	return 0
}
