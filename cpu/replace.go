package cpu

import (
	"fmt"

	"cpu32/image"
	"cpu32/memory"
)

// Replace swaps in p, another version of the running program, keeping
// memory, registers, eip, the step count, the call stack and the journal:
// the REPL appends each instruction a student types and drops it again on
// undo. Code that steps recorded in the journal ran must keep its
// addresses in p. Data that p adds is not written to memory (the caller
// decides when); breakpoints are cleared. It fails, changing nothing, when
// memory cannot hold p's data and the stack, or when eip is not an
// instruction of p.
func (c *CPU) Replace(p *image.Program) error {
	if need := int64(memory.Reserved) + int64(len(p.Data)) + c.stack; need > int64(c.size) {
		return fmt.Errorf("%w: memory of %d words cannot hold the %d reserved words, %d words of data and a %d-word stack (%d needed)",
			ErrConfig, c.size, memory.Reserved, len(p.Data), c.stack, need)
	}
	old, oldCode := c.prog, c.code
	c.prog = p
	c.decode()
	if pc := c.words[memory.EIP]; !c.IsInstruction(pc) {
		c.prog, c.code = old, oldCode
		return fmt.Errorf("%w: eip %d is not the start of an instruction of the new program", ErrConfig, pc)
	}
	if prof := c.Profile(); prof != nil {
		counts := make([]uint64, len(c.code))
		copy(counts, prof.Counts)
		prof.Counts = counts
		funcs := make([]funcCount, len(c.code))
		copy(funcs, prof.funcs)
		prof.funcs = funcs
	}
	return nil
}
