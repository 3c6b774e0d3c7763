package grader

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Format is a way of writing results.
type Format string

// The formats. Text is for people; JSON for scripts (one object per
// submission, a line each); JUnit for CI (GitHub Actions, GitLab,
// Jenkins); Gradescope for its autograder (results.json, one submission).
const (
	Text       Format = "text"
	JSON       Format = "json"
	JUnit      Format = "junit"
	Gradescope Format = "gradescope"
)

// Formats lists the formats, as --format names them.
func Formats() []Format { return []Format{Text, JSON, JUnit, Gradescope} }

// ParseFormat returns the format called name: "human" (or "text"),
// "json", "junit" or "gradescope".
func ParseFormat(name string) (Format, error) {
	if name == "human" {
		return Text, nil
	}
	for _, f := range Formats() {
		if string(f) == name {
			return f, nil
		}
	}
	names := make([]string, 0, 4)
	for _, f := range Formats() {
		if f == Text {
			f = "human" // as --help and the documentation name it
		}
		names = append(names, string(f))
	}
	return "", fmt.Errorf("no format %q (the formats: %s)", name, strings.Join(names, ", "))
}

// WriteOptions change how results are written.
type WriteOptions struct {
	Color   bool // Text: PASS, FAIL and the diff in colour (for a terminal)
	Verbose bool // Text: list the cases that passed too
}

// Write writes the results of grading submissions against s in format f.
// Gradescope's results.json holds one submission: more is an error.
func Write(w io.Writer, f Format, s *Suite, rs []*Result, o WriteOptions) error {
	bw := bufio.NewWriter(w)
	var err error
	switch f {
	case Text:
		writeText(bw, s, rs, o)
	case JSON:
		err = writeJSON(bw, rs)
	case JUnit:
		err = writeJUnit(bw, s, rs)
	case Gradescope:
		if len(rs) != 1 {
			return fmt.Errorf("gradescope's results.json holds one submission, not %d", len(rs))
		}
		err = writeGradescope(bw, s, rs[0])
	default:
		return fmt.Errorf("no format %q", f)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// points writes a number of points as people write it: 2, 1.5.
func points(p float64) string { return strconv.FormatFloat(p, 'f', -1, 64) }

const (
	green = "\x1b[32m"
	red   = "\x1b[31m"
	bold  = "\x1b[1m"
	reset = "\x1b[0m"
)

func paint(on bool, color, s string) string {
	if !on {
		return s
	}
	return color + s + reset
}

// writeText writes a line per submission, and under it each failed case
// with what was expected and what came.
func writeText(w *bufio.Writer, s *Suite, rs []*Result, o WriteOptions) {
	allOK := 0
	var sum, maxSum float64
	for _, r := range rs {
		sum += r.Points
		maxSum += r.MaxPoints
		head := fmt.Sprintf("%s: %s/%s points", r.Submission, points(r.Points), points(r.MaxPoints))
		switch {
		case len(r.Errors) > 0:
			fmt.Fprintf(w, "%s, %s\n", paint(o.Color, bold, head), paint(o.Color, red, "does not load:"))
			for _, d := range r.Errors {
				fmt.Fprintf(w, "%s\n", indent(visible(d.Detail), "  "))
			}
			continue
		case r.OK():
			allOK++
			passed := fmt.Sprintf("all %d cases passed", r.Passed)
			if r.Passed == 1 {
				passed = "its 1 case passed"
			}
			fmt.Fprintf(w, "%s, %s\n", paint(o.Color, bold, head), paint(o.Color, green, passed))
		default:
			fmt.Fprintf(w, "%s, %d passed, %s\n", paint(o.Color, bold, head), r.Passed, paint(o.Color, red, fmt.Sprintf("%d failed", r.Failed)))
		}
		for i, c := range r.Cases {
			if c.Passed {
				if o.Verbose {
					fmt.Fprintf(w, "  %s %s (%s/%s points)\n", paint(o.Color, green, "PASS"), c.Name, points(c.Points), points(c.MaxPoints))
				}
				continue
			}
			fmt.Fprintf(w, "  %s %s (%s/%s points)\n", paint(o.Color, red, "FAIL"), c.Name, points(c.Points), points(c.MaxPoints))
			fmt.Fprintf(w, "%s\n", indent(failure(s.Cases[i], c, o.Color), "       "))
		}
	}
	if len(rs) > 1 {
		fmt.Fprintf(w, "%d submissions: %d passed every case, %d did not; %s/%s points in all\n",
			len(rs), allOK, len(rs)-allOK, points(sum), points(maxSum))
	}
}

// describeProblem says what a failed check expected and what came.
func describeProblem(p Problem, color bool) string {
	switch p.Check {
	case "output":
		var sb strings.Builder
		sb.WriteString("output differs:\n")
		for _, l := range strings.SplitAfter(strings.TrimSuffix(p.Diff, "\n"), "\n") {
			switch {
			case strings.HasPrefix(l, "---") || strings.HasPrefix(l, "+++"):
			case strings.HasPrefix(l, "-"):
				l = paint(color, red, strings.TrimSuffix(l, "\n")) + "\n"
			case strings.HasPrefix(l, "+"):
				l = paint(color, green, strings.TrimSuffix(l, "\n")) + "\n"
			}
			sb.WriteString("  " + l)
		}
		text := strings.TrimSuffix(sb.String(), "\n")
		if at := printedAt(p); at != "" {
			text += "\n" + at
		}
		return text + "\n"
	case "output_contains":
		return fmt.Sprintf("output does not contain %q; it was:\n%s", p.Expected, shown(p.Got))
	case "output_matches":
		return fmt.Sprintf("output does not match %s; it was:\n%s", p.Expected, shown(p.Got))
	case "fault":
		if p.Expected == "no fault" {
			return "fault: " + visible(p.Got)
		}
	case "call", "program", "timeout", "grader":
		return p.Check + ": " + visible(p.Got) // what was expected goes without saying
	}
	if strings.HasPrefix(p.Check, "memory ") && strings.HasPrefix(p.Expected, "a data label") {
		return p.Check + ": " + visible(p.Got)
	}
	return fmt.Sprintf("%s: expected %s, got %s", p.Check, p.Expected, visible(p.Got))
}

// printedAt says where the first byte of an output that differs was
// printed, when a known instruction printed it, or "".
func printedAt(p Problem) string {
	if p.At == nil {
		return ""
	}
	return "the first difference was printed at " + p.At.at()
}

// shownLines bounds the output a failure quotes.
const shownLines = 10

// shown quotes an output for a failure: its first lines, indented.
func shown(out string) string {
	if out == "" {
		return "  (nothing)"
	}
	lines := splitLines(out)
	var sb strings.Builder
	for i, l := range lines {
		if i == shownLines {
			fmt.Fprintf(&sb, "  [... %d more lines]\n", len(lines)-i)
			break
		}
		text, _ := lineText(l)
		sb.WriteString("  " + text + "\n")
	}
	return strings.TrimSuffix(sb.String(), "\n")
}

// indent puts prefix before every line of s.
func indent(s, prefix string) string {
	s = strings.TrimSuffix(s, "\n")
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// The JSON form of a result: one object per submission and line.
type jsonResult struct {
	Submission string           `json:"submission"`
	Points     float64          `json:"points"`
	MaxPoints  float64          `json:"max_points"`
	Passed     int              `json:"passed"`
	Failed     int              `json:"failed"`
	Errors     []jsonDiagnostic `json:"errors"`
	Cases      []jsonCase       `json:"cases"`
}

type jsonDiagnostic struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
}

type jsonCase struct {
	Name      string            `json:"name"`
	Status    string            `json:"status"`
	Points    float64           `json:"points"`
	MaxPoints float64           `json:"max_points"`
	Hidden    bool              `json:"hidden"`
	Steps     uint64            `json:"steps"`
	Seconds   float64           `json:"seconds"`
	Output    string            `json:"output"`
	Fault     *jsonFault        `json:"fault"`
	Expected  map[string]string `json:"expected"`
	Got       map[string]string `json:"got"`
	// Where locates the checks that point at an instruction (Problem.At).
	Where map[string]jsonLocation `json:"where"`
}

type jsonLocation struct {
	File        string `json:"file"`
	Line        int    `json:"line"`
	EIP         uint32 `json:"eip"`
	Instruction string `json:"instruction"`
}

type jsonFault struct {
	Kind        string `json:"kind"`
	Message     string `json:"message"`
	EIP         uint32 `json:"eip"`
	File        string `json:"file"`
	Line        int    `json:"line"`
	Instruction string `json:"instruction"`
}

func status(c CaseResult) string {
	if c.Passed {
		return "passed"
	}
	return "failed"
}

func writeJSON(w io.Writer, rs []*Result) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, r := range rs {
		jr := jsonResult{Submission: r.Submission, Points: r.Points, MaxPoints: r.MaxPoints, Passed: r.Passed, Failed: r.Failed,
			Errors: []jsonDiagnostic{}, Cases: []jsonCase{}}
		for _, d := range r.Errors {
			jr.Errors = append(jr.Errors, jsonDiagnostic{d.File, d.Line, d.Col, d.Message})
		}
		for _, c := range r.Cases {
			jc := jsonCase{Name: c.Name, Status: status(c), Points: c.Points, MaxPoints: c.MaxPoints, Hidden: c.Hidden,
				Steps: c.Steps, Seconds: c.Duration.Seconds(), Output: c.Output,
				Expected: map[string]string{}, Got: map[string]string{}, Where: map[string]jsonLocation{}}
			if f := c.Fault; f != nil {
				jc.Fault = &jsonFault{f.Kind, f.Message, f.EIP, f.File, f.Line, f.Instruction}
			}
			for _, p := range c.Problems {
				jc.Expected[p.Check], jc.Got[p.Check] = p.Expected, p.Got
				if at := p.At; at != nil {
					jc.Where[p.Check] = jsonLocation{at.File, at.Line, at.EIP, at.Instruction}
				}
			}
			jr.Cases = append(jr.Cases, jc)
		}
		if err := enc.Encode(jr); err != nil {
			return err
		}
	}
	return nil
}

// failure says how a case failed: what it gave the program, what it
// expected and what came; for a hidden case only that it failed.
func failure(tc *Case, c CaseResult, color bool) string {
	if c.Hidden {
		return "a hidden case: what it expects is not shown"
	}
	var parts []string
	if tc.Call != "" {
		args := make([]string, len(tc.Args))
		for i, a := range tc.Args {
			args[i] = fmt.Sprint(a)
		}
		parts = append(parts, fmt.Sprintf("call: %s(%s)", tc.Call, strings.Join(args, ", ")))
	}
	if len(tc.Input) > 0 {
		parts = append(parts, "input: "+oneLine(string(tc.Input)))
	}
	for _, p := range c.Problems {
		parts = append(parts, describeProblem(p, color))
	}
	return strings.Join(parts, "\n")
}

// errorsText lists a submission's load errors as the assembler prints them.
func errorsText(r *Result) string {
	var parts []string
	for _, d := range r.Errors {
		parts = append(parts, d.Detail)
	}
	return strings.Join(parts, "\n")
}

// loadSummary says in one line why a submission did not load: its first
// error, located, and how many more there are.
func loadSummary(r *Result) string {
	first, _, _ := strings.Cut(r.Errors[0].Detail, "\n")
	msg := "the program does not load: " + first
	switch n := len(r.Errors) - 1; {
	case n == 1:
		msg += " (and 1 more error)"
	case n > 1:
		msg += fmt.Sprintf(" (and %d more errors)", n)
	}
	return msg
}

// JUnit XML as GitHub Actions' test reporters, GitLab and Jenkins read
// it: a testsuite per submission, a testcase per case, a failure (or, for
// a submission that does not load, an error) with a message and the
// details as text. It is written by hand (xmlWriter), not with
// encoding/xml, whose initialisation every start of cpu32 paid for.
type junitSuite struct {
	name                    string
	tests, failures, errors int
	time                    string
	cases                   []junitCase
}

type junitCase struct {
	name, classname, time string
	// file and line point a CI annotation at the submission, at the
	// line a failure points at (CaseResult.Where) or the first assembly
	// error when there is one (0: none).
	file      string
	line      int
	problem   *junitProblem // a failure or an error
	systemOut string
}

type junitProblem struct {
	kind, message, typ, text string // kind: the element, failure or error
}

func seconds(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 3, 64) }

func writeJUnit(w io.Writer, s *Suite, rs []*Result) error {
	var suites []junitSuite
	var total time.Duration
	var tests, failures, errs int
	for _, r := range rs {
		js := junitSuite{name: r.Submission, tests: len(r.Cases)}
		var d time.Duration
		for i, c := range r.Cases {
			d += c.Duration
			jc := junitCase{name: c.Name, classname: r.Submission, time: seconds(c.Duration), file: r.Submission}
			switch {
			case len(r.Errors) > 0:
				jc.file, jc.line = r.Errors[0].File, r.Errors[0].Line
				js.errors++
				jc.problem = &junitProblem{kind: "error", message: loadSummary(r), typ: "load", text: errorsText(r)}
			case !c.Passed:
				js.failures++
				msg := "failed"
				if len(c.Problems) > 0 && !c.Hidden {
					msg = summary(c.Problems[0])
				}
				jc.problem = &junitProblem{kind: "failure", message: msg, typ: "failure", text: failure(s.Cases[i], c, false)}
				if at := c.Where(); at != nil && at.File != "" && !c.Hidden {
					jc.file, jc.line = at.File, at.Line
				}
				if !c.Hidden {
					jc.systemOut = c.Output
				}
			}
			js.cases = append(js.cases, jc)
		}
		js.time = seconds(d)
		total += d
		tests += js.tests
		failures += js.failures
		errs += js.errors
		suites = append(suites, js)
	}
	var x xmlWriter
	x.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.start("testsuites", "name", s.Name, "tests", strconv.Itoa(tests), "failures", strconv.Itoa(failures),
		"errors", strconv.Itoa(errs), "time", seconds(total))
	for _, js := range suites {
		x.start("testsuite", "name", js.name, "tests", strconv.Itoa(js.tests), "failures", strconv.Itoa(js.failures),
			"errors", strconv.Itoa(js.errors), "skipped", "0", "time", js.time)
		for _, jc := range js.cases {
			attrs := []string{"name", jc.name, "classname", jc.classname, "time", jc.time, "file", jc.file}
			if jc.line != 0 {
				attrs = append(attrs, "line", strconv.Itoa(jc.line))
			}
			x.start("testcase", attrs...)
			if p := jc.problem; p != nil {
				x.leaf(p.kind, p.text, "message", p.message, "type", p.typ)
			}
			if jc.systemOut != "" {
				x.leaf("system-out", jc.systemOut)
			}
			x.end("testcase")
		}
		x.end("testsuite")
	}
	x.end("testsuites")
	x.b.WriteString("\n")
	_, err := io.WriteString(w, x.b.String())
	return err
}

// xmlWriter writes XML elements indented by two spaces a level, each on a
// line of its own, as encoding/xml's Encoder does with Indent("", "  "):
// an element without elements inside ends on the line it starts.
type xmlWriter struct {
	b      strings.Builder
	depth  int
	begun  bool // an element is written
	inside bool // the last thing written is a start tag
}

// start writes a start tag with attributes given as name, value pairs.
func (x *xmlWriter) start(name string, attrs ...string) {
	x.newLine()
	x.b.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		x.b.WriteString(" " + attrs[i] + `="`)
		xmlEscape(&x.b, attrs[i+1])
		x.b.WriteString(`"`)
	}
	x.b.WriteString(">")
	x.depth++
	x.inside = true
}

// end writes the end tag of the element start began last.
func (x *xmlWriter) end(name string) {
	x.depth--
	if !x.inside {
		x.newLine()
	}
	x.b.WriteString("</" + name + ">")
	x.inside = false
}

// leaf writes an element that holds text and nothing else.
func (x *xmlWriter) leaf(name, text string, attrs ...string) {
	x.start(name, attrs...)
	xmlEscape(&x.b, text)
	x.end(name)
}

// newLine starts a line indented to the depth (the first element's
// starts where the writer is).
func (x *xmlWriter) newLine() {
	if x.begun {
		x.b.WriteString("\n")
	}
	x.begun = true
	x.b.WriteString(strings.Repeat("  ", x.depth))
}

// xmlEscape writes s as XML text or an attribute's value, escaped as
// encoding/xml escapes it: the five markup characters and tab, newline and
// carriage return as references, and anything XML cannot hold (invalid
// UTF-8, control characters) as U+FFFD.
func xmlEscape(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		esc := ""
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if !xmlChar(r) || (r == utf8.RuneError && width == 1) {
				esc = "\uFFFD"
			}
		}
		if esc == "" {
			b.WriteString(s[i : i+width])
		} else {
			b.WriteString(esc)
		}
		i += width
	}
}

// xmlChar reports whether XML 1.0 can hold r.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// summary is a problem in one line, for a CI page's list of failures.
func summary(p Problem) string {
	if p.Check == "output" {
		line := "output: expected " + oneLine(p.Expected) + ", got " + oneLine(p.Got)
		if at := printedAt(p); at != "" {
			line += "; " + at
		}
		return line
	}
	line, _, _ := strings.Cut(describeProblem(p, false), "\n")
	line = strings.TrimSuffix(line, "; it was:")
	if len(line) > 200 {
		line = strings.ToValidUTF8(line[:197], "") + "..."
	}
	return line
}

// oneLine makes a value fit an attribute a CI page shows on one line.
func oneLine(s string) string {
	s = strconv.Quote(s)
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

// Gradescope's results.json (its autograder specification's fields).
type gsResults struct {
	Score         float64  `json:"score"`
	ExecutionTime int64    `json:"execution_time"` // whole seconds
	Output        string   `json:"output"`
	Tests         []gsTest `json:"tests"`
}

type gsTest struct {
	Name       string  `json:"name"`
	Score      float64 `json:"score"`
	MaxScore   float64 `json:"max_score"`
	Status     string  `json:"status"`
	Output     string  `json:"output"`
	Visibility string  `json:"visibility"`
}

func writeGradescope(w io.Writer, s *Suite, r *Result) error {
	gs := gsResults{Score: r.Points, Tests: []gsTest{}}
	var d time.Duration
	if len(r.Errors) > 0 {
		gs.Output = "The program does not load:\n" + errorsText(r)
	}
	for i, c := range r.Cases {
		d += c.Duration
		t := gsTest{Name: c.Name, Score: c.Points, MaxScore: c.MaxPoints, Status: status(c), Visibility: "visible"}
		if c.Hidden {
			// Shown once the grades are published, not while students
			// can still resubmit.
			t.Visibility = "after_published"
		}
		switch {
		case len(r.Errors) > 0:
			t.Output = "The program does not load (see the errors above)."
		case !c.Passed:
			t.Output = failure(s.Cases[i], c, false)
		}
		gs.Tests = append(gs.Tests, t)
	}
	gs.ExecutionTime = int64(math.Round(d.Seconds()))
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(gs)
}
