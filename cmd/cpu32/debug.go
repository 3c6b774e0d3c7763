package main

import (
	"fmt"
	"io"

	"cpu32/debugger"
	"cpu32/debugger/tui"
)

// debugCommand opens the terminal debugger on a program. A fault or the
// end of the program does not end it; only quitting does, with status 0.
func debugCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("debug", "cpu32 debug [flags] FILE   (FILE: .asm source, an image, or --raw words)",
		"  cpu32 debug programs/fib.asm\n  cpu32 asm programs/fib.asm -o fib.img && cpu32 debug fib.img   # the image keeps the source",
		stdout)
	var mf programFlags
	mf.register(fs, false)
	path, p, code, ok := mf.load(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	s, err := debugger.NewSession(p, mf.config())
	if err != nil {
		return machineError(stderr, path, err)
	}
	if err := tui.Run(s); err != nil {
		// Most likely there is no terminal to draw on.
		fmt.Fprintf(stderr, "cpu32 debug: %v\n", err)
		return exitUsage
	}
	return exitOK
}
