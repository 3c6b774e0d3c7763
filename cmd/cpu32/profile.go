package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"cpu32/cpu"
	"cpu32/image"
	"cpu32/internal/outfile"
	"cpu32/profile"
)

// hottestLines is how many lines the profile's summary lists.
const hottestLines = 10

// checkOutputs refuses, before anything runs, a --profile-out that could
// not be written or that would replace one of the run's inputs (the
// program, a file it includes, --input's file): a bad flag, said on
// stderr. given says whether the flag was given: given empty, it names
// no file, an error as asm's empty -o is. It reports whether the run may
// go on.
func (f *runFlags) checkOutputs(stderr io.Writer, path string, p *image.Program, given bool) bool {
	switch {
	case !given:
		return true
	case f.profileOut == "":
		fmt.Fprintln(stderr, "cpu32 run: --profile-out needs a file name")
		return false
	}
	inputs := programInputs(path, p)
	if f.input != "" && f.input != "-" {
		inputs = append(inputs, f.input)
	}
	err := outfile.RefuseInput(f.profileOut, inputs)
	if err == nil {
		if err = outfile.Check(f.profileOut); err != nil {
			err = fmt.Errorf("cannot write --profile-out %s: %v", f.profileOut, err)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "cpu32 run: %v\n", err)
		return false
	}
	return true
}

// writeProfile prints the profile of c, if it was profiled, to stderr or
// to the file out. Its error is a failed write, to be reported as one
// (exitWrite) once the run's other reports are out: the file was checked
// before the run (checkOutputs), so what fails now is the disk's doing.
func writeProfile(c *cpu.CPU, out string, stderr io.Writer) error {
	r := profile.Of(c)
	if r == nil {
		return nil
	}
	var b bytes.Buffer
	r.WriteAnnotated(&b)
	r.WriteSummary(&b, hottestLines)
	if out == "" {
		_, err := stderr.Write(b.Bytes())
		return err
	}
	if err := outfile.Write(out, b.Bytes()); err != nil {
		var werr *outfile.WriteError
		if errors.As(err, &werr) {
			err = werr.Err
		}
		return fmt.Errorf("%s: %s", out, outfile.Cause(err))
	}
	return nil
}
