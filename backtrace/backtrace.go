package backtrace

import (
	"fmt"
	"io"
	"strconv"

	"cpu32/cpu"
	"cpu32/image"
)

// Frame is one running call, ready to show.
type Frame struct {
	Function string // the label called, or the target address in decimal
	Target   uint32 // the address called
	Site     uint32 // the address of the call instruction
	File     string // the call site's file; "" without debug information
	Line     int    // the call site's line; 0 without debug information
	ESP      uint32 // where the call pushed its return address
}

// Of returns c's running calls, innermost first.
func Of(c *cpu.CPU) []Frame {
	return Symbolize(c.Program(), c.CallStack())
}

// Symbolize names frames (innermost first) with p's labels and lines.
func Symbolize(p *image.Program, frames []cpu.Frame) []Frame {
	out := make([]Frame, len(frames))
	for i, f := range frames {
		out[i] = Frame{Function: FunctionName(p, f.Target), Target: f.Target, Site: f.Site, ESP: f.ESP}
		if file, line, ok := p.Debug.Where(f.Site); ok {
			out[i].File, out[i].Line = file, line
		}
	}
	return out
}

// FunctionName names the function at target: its code label, else its
// address.
func FunctionName(p *image.Program, target uint32) string {
	if name, ok := p.Debug.CodeLabelAt(target); ok {
		return name
	}
	return strconv.FormatUint(uint64(target), 10)
}

// Where is the frame's call site as a student reads it: "fib.asm:9", or
// "eip 12" without debug information.
func (f Frame) Where() string {
	if f.File == "" {
		return fmt.Sprintf("eip %d", f.Site)
	}
	return fmt.Sprintf("%s:%d", f.File, f.Line)
}

// String is the frame as one backtrace line shows it: "fib (fib.asm:9)",
// the function and where it was called.
func (f Frame) String() string { return fmt.Sprintf("%s (%s)", f.Function, f.Where()) }

// same reports whether two frames are the same call: the same function
// called from the same place (their ESPs differ, as recursion's do).
func same(a, b Frame) bool { return a.Target == b.Target && a.Site == b.Site }

// Run is a stretch of frames that repeats: Frames (one or a few, innermost
// first) shown once, standing for Times consecutive copies. Recursion is a
// run of one frame; mutual recursion, of two or more.
type Run struct {
	Frames []Frame
	Times  int
}

// MaxPeriod is the longest cycle of frames Fold recognises (a calls b calls
// c calls a is a period of 3).
const MaxPeriod = 4

// minFolded is how many frames a repetition must span before Fold folds it:
// a recursion a few calls deep reads better in full.
const minFolded = 5

// Fold groups frames into runs for reading: a block of up to MaxPeriod
// frames repeated back to back over more than a few frames becomes one Run;
// every other frame is a Run of itself, once.
func Fold(frames []Frame) []Run { return fold(frames, MaxPeriod, minFolded) }

// Count groups frames into runs of one frame repeated: the lossless, plain
// form --json lists.
func Count(frames []Frame) []Run { return fold(frames, 1, 1) }

// fold groups blocks of up to maxPeriod frames repeated back to back over
// more than minSpan frames.
func fold(frames []Frame, maxPeriod, minSpan int) []Run {
	var runs []Run
	for i := 0; i < len(frames); {
		bestP, bestTimes := 1, 1
		for p := 1; p <= maxPeriod && i+2*p <= len(frames); p++ {
			times := 1
			for i+(times+1)*p <= len(frames) && sameBlock(frames[i:i+p], frames[i+times*p:i+(times+1)*p]) {
				times++
			}
			if times > 1 && times*p > minSpan && times*p > bestTimes*bestP {
				bestP, bestTimes = p, times
			}
		}
		if bestTimes == 1 {
			runs = append(runs, Run{Frames: frames[i : i+1], Times: 1})
			i++
			continue
		}
		runs = append(runs, Run{Frames: frames[i : i+bestP], Times: bestTimes})
		i += bestP * bestTimes
	}
	return runs
}

func sameBlock(a, b []Frame) bool {
	for i := range a {
		if !same(a[i], b[i]) {
			return false
		}
	}
	return true
}

// Write prints frames (innermost first) one line each, indented by indent,
// with repetitions folded: "fib (fib.asm:9) x 4,090 more frames". forgotten
// counts outer frames the machine did not keep (cpu.MaxFrames).
func Write(w io.Writer, indent string, frames []Frame, forgotten uint64) error {
	for _, r := range Fold(frames) {
		var err error
		switch {
		case r.Times == 1:
			_, err = fmt.Fprintf(w, "%s%s\n", indent, r.Frames[0])
		case len(r.Frames) == 1:
			_, err = fmt.Fprintf(w, "%s%s x %s more frames\n", indent, r.Frames[0], Commas(uint64(r.Times-1)))
		default:
			for _, f := range r.Frames {
				if _, err = fmt.Fprintf(w, "%s%s\n", indent, f); err != nil {
					return err
				}
			}
			_, err = fmt.Fprintf(w, "%s(the %d frames above x %s more times)\n", indent, len(r.Frames), Commas(uint64(r.Times-1)))
		}
		if err != nil {
			return err
		}
	}
	if forgotten > 0 {
		_, err := fmt.Fprintf(w, "%s(%s outer frames not kept: the machine keeps the innermost %s)\n", indent, Commas(forgotten), Commas(cpu.MaxFrames))
		return err
	}
	return nil
}

// Commas writes n in decimal with a comma between each group of three
// digits, as the backtrace and the profile print counts: 4,090.
func Commas(n uint64) string {
	s := strconv.FormatUint(n, 10)
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
