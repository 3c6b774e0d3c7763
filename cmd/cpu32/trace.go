package main

import (
	"fmt"
	"strings"

	"cpu32/cpu"
)

// traceColumns are the widths of --trace's columns, found before the run
// from everything a row can hold: every instruction's source line and
// text, the code's last address, and the step limit. So the columns line
// up under the header whatever the program, from the first row to the
// last.
type traceColumns struct {
	step, line, eip, text int
}

// traceUnlimited is the step column's width when the run has no step
// limit: a trace of a hundred million rows before it widens.
const traceUnlimited = 8

// newTraceColumns measures the rows of a trace of c, run from path with
// step limit maxSteps (as cpu.Config's).
func newTraceColumns(c *cpu.CPU, path string, maxSteps uint64) traceColumns {
	tc := traceColumns{step: traceUnlimited, line: len("line"), eip: len("eip"), text: len("instruction")}
	switch {
	case maxSteps == cpu.NoSteps:
		tc.step = len("step")
	case maxSteps != 0:
		tc.step = max(len(fmt.Sprint(maxSteps)), len("step"))
	}
	if n := c.CodeLen(); n > 0 {
		tc.eip = max(tc.eip, len(fmt.Sprint(n-1)))
	}
	p := c.Program()
	for addr := uint32(0); addr < c.CodeLen(); {
		tc.line = max(tc.line, len(location(p, path, addr)))
		tc.text = max(tc.text, len(instructionText(c, addr)))
		d, err := c.Decoded(addr)
		if err != nil {
			addr++
			continue
		}
		addr += uint32(d.Size())
	}
	return tc
}

// header names the columns.
func (tc traceColumns) header() string {
	return fmt.Sprintf("%*s  %-*s  %*s  %-*s  %s", tc.step, "step", tc.line, "line", tc.eip, "eip", tc.text, "instruction", "effect")
}

// row is one executed instruction: its step, source line, address and
// text, and what it did (no padding after an instruction that did nothing).
func (tc traceColumns) row(step uint64, line string, eip uint32, text, effect string) string {
	row := fmt.Sprintf("%*d  %-*s  %*d  %-*s  %s", tc.step, step, tc.line, line, tc.eip, eip, tc.text, text, effect)
	return strings.TrimRight(row, " ")
}
