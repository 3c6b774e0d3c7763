package main

import (
	"bytes"
	"io"

	"cpu32/cpu"
	"cpu32/profile"
)

// hottestLines is how many lines the profile's summary lists.
const hottestLines = 10

// writeProfile prints the profile of c, if it was profiled, to stderr or
// to the file out. It returns false with an exit status when the file
// cannot be written.
func writeProfile(c *cpu.CPU, out string, stderr io.Writer) (int, bool) {
	r := profile.Of(c)
	if r == nil {
		return 0, true
	}
	var b bytes.Buffer
	r.WriteAnnotated(&b)
	r.WriteSummary(&b, hottestLines)
	if out == "" {
		if _, err := stderr.Write(b.Bytes()); err != nil {
			return reportWriteError(stderr, err), false
		}
		return 0, true
	}
	code := saveOutput(stderr, "cpu32 run: cannot write --profile-out", out, b.Bytes())
	return code, code == exitOK
}
