package main

import (
	"fmt"
	"io"

	"cpu32/backtrace"
	"cpu32/cpu"
)

// writeBacktrace prints, under a fault, the calls that were running,
// innermost first, or nothing when the fault was outside any call.
func writeBacktrace(w io.Writer, c *cpu.CPU) {
	frames := backtrace.Of(c)
	if len(frames) == 0 && c.Forgotten() == 0 {
		return
	}
	fmt.Fprintln(w, "call stack, innermost first (function, call site):")
	backtrace.Write(w, "  ", frames, c.Forgotten())
}

// jsonFrame is one entry of --json's fault.backtrace: a call, or Count
// identical calls in a row (recursion), innermost first.
type jsonFrame struct {
	Function string `json:"function"`
	File     string `json:"file"`
	Line     *int   `json:"line"`
	EIP      uint32 `json:"eip"` // the call instruction's address
	Count    int    `json:"count"`
}

// jsonBacktrace lists the running calls for --json; nil (no key) when the
// fault was outside any call.
func jsonBacktrace(c *cpu.CPU, path string) []jsonFrame {
	var out []jsonFrame
	for _, r := range backtrace.Count(backtrace.Of(c)) {
		f := r.Frames[0]
		file, line := where(c.Program(), path, f.Site)
		out = append(out, jsonFrame{Function: f.Function, File: file, Line: line, EIP: f.Site, Count: r.Times})
	}
	return out
}
