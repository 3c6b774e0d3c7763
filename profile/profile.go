package profile

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"cpu32/backtrace"
	"cpu32/cpu"
	"cpu32/image"
)

// Line is one source line that holds an instruction, and how many times it
// ran (the sum over its instructions; one, as a rule).
type Line struct {
	File  string `json:"file"`
	Line  int    `json:"line"`
	Count uint64 `json:"count"`
	Text  string `json:"-"`
}

// Function is one function's share of the steps. Self counts the steps of
// the instructions between its label and the next function's (or the
// entry point's); Total counts every step from its call to its return,
// its callees' included (a recursive function's once). The main program,
// "(main)", is the code outside every called function; its Total is the
// whole run.
type Function struct {
	Name   string `json:"function"`
	Target uint32 `json:"eip"`
	Calls  uint64 `json:"calls"`
	Self   uint64 `json:"self"`
	Total  uint64 `json:"total"`
}

// MainName names the code outside every called function.
const MainName = "(main)"

// Report is a run's profile.
type Report struct {
	Steps     uint64     `json:"steps"`
	Lines     []Line     `json:"lines"`
	Functions []Function `json:"functions"`
	prog      *image.Program
	byLine    map[fileLine]uint64
}

type fileLine struct {
	file string
	line int
}

// Of builds the report of c's profile (cpu.StartProfile); nil when c was
// not profiled.
func Of(c *cpu.CPU) *Report {
	p := c.Profile()
	if p == nil {
		return nil
	}
	return Build(c.Program(), p.Counts, c.Functions(), c.Steps())
}

// Build makes a report from counts by code address and the functions'
// tallies.
func Build(p *image.Program, counts []uint64, funcs []cpu.FuncSteps, steps uint64) *Report {
	r := &Report{Steps: steps, prog: p, byLine: map[fileLine]uint64{}}
	if p.Debug != nil {
		var order []fileLine
		for _, l := range p.Debug.Lines {
			if l.File < 0 || l.File >= len(p.Debug.Files) || int(l.Addr) >= len(counts) {
				continue
			}
			k := fileLine{p.Debug.Files[l.File], l.Line}
			if _, seen := r.byLine[k]; !seen {
				order = append(order, k)
			}
			r.byLine[k] += counts[l.Addr]
		}
		for _, k := range order {
			text, _ := p.Debug.SourceLine(k.file, k.line)
			r.Lines = append(r.Lines, Line{File: k.file, Line: k.line, Count: r.byLine[k], Text: strings.TrimSpace(text)})
		}
	}
	r.Functions = functions(p, counts, funcs, steps)
	return r
}

// functions splits the code at each function's entry and at the program's
// entry point: each piece's steps are its function's self steps.
func functions(p *image.Program, counts []uint64, funcs []cpu.FuncSteps, steps uint64) []Function {
	starts := map[uint32]int{} // code address -> index in out
	out := []Function{{Name: MainName, Target: p.Entry, Total: steps}}
	starts[p.Entry] = 0
	for _, f := range funcs {
		if _, dup := starts[f.Target]; dup && f.Target != p.Entry {
			continue
		}
		out = append(out, Function{Name: backtrace.FunctionName(p, f.Target), Target: f.Target, Calls: f.Calls, Total: f.Total})
		starts[f.Target] = len(out) - 1
	}
	owner := 0 // code before the first boundary is the main program's
	for addr, n := range counts {
		if i, ok := starts[uint32(addr)]; ok {
			owner = i
		}
		out[owner].Self += n
	}
	slices.SortStableFunc(out[1:], func(a, b Function) int {
		return cmp.Or(cmp.Compare(b.Total, a.Total), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// Count returns how many times the instruction(s) on file:line ran.
func (r *Report) Count(file string, line int) (uint64, bool) {
	n, ok := r.byLine[fileLine{file, line}]
	return n, ok
}

// Hottest returns the n lines that ran most, most first (ties in source
// order).
func (r *Report) Hottest(n int) []Line {
	lines := slices.Clone(r.Lines)
	slices.SortStableFunc(lines, func(a, b Line) int { return cmp.Compare(b.Count, a.Count) })
	var out []Line
	for _, l := range lines {
		if len(out) == n || l.Count == 0 {
			break
		}
		out = append(out, l)
	}
	return out
}

// Percent is n as a share of the run's steps, "12.5%".
func (r *Report) Percent(n uint64) string {
	if r.Steps == 0 {
		return "0.0%"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(r.Steps))
}

// barWidth is the length of the bar of the hottest line.
const barWidth = 10

// Bar draws n against max as up to barWidth '#'s, at least one for a line
// that ran at all, so a cold line differs from one that never ran.
func Bar(n, hottest uint64) string {
	if n == 0 || hottest == 0 {
		return ""
	}
	w := int((n*barWidth + hottest/2) / hottest)
	return strings.Repeat("#", max(w, 1))
}

// WriteAnnotated prints every source file of the program with each line's
// count, its share of the steps and a bar; lines without an instruction
// have no count, instructions that never ran show 0.
func (r *Report) WriteAnnotated(w io.Writer) error {
	d := r.prog.Debug
	if d == nil {
		_, err := fmt.Fprintln(w, "(no source: the program has no debug information)")
		return err
	}
	var hottest uint64
	for _, l := range r.Lines {
		hottest = max(hottest, l.Count)
	}
	for i, file := range d.Files {
		if i >= len(d.Source) {
			break
		}
		if _, err := fmt.Fprintf(w, "%s\n%12s %6s %-*s %5s\n", file, "count", "%", barWidth, "", "line"); err != nil {
			return err
		}
		for n, text := range d.Source[i] {
			count, percent, bar := "", "", ""
			if c, ok := r.Count(file, n+1); ok {
				count, percent, bar = backtrace.Commas(c), r.Percent(c), Bar(c, hottest)
			}
			row := fmt.Sprintf("%12s %6s %-*s %5d  %s", count, percent, barWidth, bar, n+1, text)
			if _, err := fmt.Fprintln(w, strings.TrimRight(row, " ")); err != nil {
				return err
			}
		}
		if _, err := fmt.Fprintln(w); err != nil {
			return err
		}
	}
	return nil
}

// WriteSummary prints the total steps, the top hottest lines and each
// function's calls, self and total steps.
func (r *Report) WriteSummary(w io.Writer, top int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "profile: %s steps\nhottest lines:\n", backtrace.Commas(r.Steps))
	hot := r.Hottest(top)
	width := 0
	for _, l := range hot {
		width = max(width, len(fmt.Sprintf("%s:%d", l.File, l.Line)))
	}
	for _, l := range hot {
		fmt.Fprintf(&b, "  %6s %12s  %-*s  %s\n", r.Percent(l.Count), backtrace.Commas(l.Count), width, fmt.Sprintf("%s:%d", l.File, l.Line), l.Text)
	}
	b.WriteString(r.FunctionTable())
	_, err := io.WriteString(w, b.String())
	return err
}

// FunctionTable is the summary's table of functions: each one's calls,
// self and total steps, as counts and shares of the run.
func (r *Report) FunctionTable() string {
	var b strings.Builder
	b.WriteString("functions (self: its own instructions; total: with what it calls):\n")
	fmt.Fprintf(&b, "  %-16s %10s %14s %7s %14s\n", "function", "calls", "self", "", "total")
	for _, f := range r.Functions {
		calls := backtrace.Commas(f.Calls)
		if f.Name == MainName {
			calls = "-"
		}
		fmt.Fprintf(&b, "  %-16s %10s %14s %7s %14s %7s\n", f.Name, calls, backtrace.Commas(f.Self), r.Percent(f.Self), backtrace.Commas(f.Total), r.Percent(f.Total))
	}
	return b.String()
}
