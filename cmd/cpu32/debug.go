package main

import (
	"fmt"
	"io"
)

// debugCommand is replaced by the debugger's front-end.
func debugCommand(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "cpu32 debug: not built yet")
	return exitUsage
}
