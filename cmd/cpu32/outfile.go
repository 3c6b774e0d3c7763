package main

import (
	"errors"
	"fmt"
	"io"

	"cpu32/image"
	"cpu32/internal/outfile"
)

// programInputs lists the files a program was read from: its file and,
// for source, every file it includes.
func programInputs(path string, p *image.Program) []string {
	inputs := []string{path}
	if p.Debug != nil {
		inputs = append(inputs, p.Debug.Files...)
	}
	return inputs
}

// saveOutput writes data to the file path names (outfile.Write) and
// returns the exit status: a failed write (a full disk) is a write error,
// anything else (no such folder, a directory, a FIFO nobody reads) a bad
// file name, said after what.
func saveOutput(stderr io.Writer, what, path string, data []byte) int {
	err := outfile.Write(path, data)
	var werr *outfile.WriteError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &werr):
		fmt.Fprintf(stderr, "cpu32: write error: %s: %s\n", path, outfile.Cause(werr.Err))
		return exitWrite
	}
	fmt.Fprintf(stderr, "%s %s: %v\n", what, path, err)
	return exitUsage
}
