package grader

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// The limits a case runs under when neither the test file nor the command
// line sets them: enough for any exercise, small enough that a student's
// endless loop or endless print stops in a fraction of a second.
const (
	DefaultMaxSteps  = 10_000_000
	DefaultMaxOutput = 1 << 20
	DefaultTimeout   = 10 * time.Second
)

// The largest limits a test file may set: a case's output is held in
// memory, and every case should end within a grading run.
const (
	maxMaxSteps  = 1 << 40
	maxMaxOutput = 256 << 20
	maxTimeout   = time.Hour
)

// Limits bound one case's run. A zero field means "not set here".
type Limits struct {
	MaxSteps  uint64        // instructions; past them a step-limit fault
	MaxOutput uint64        // bytes the program may print; past them an output-limit fault
	Timeout   time.Duration // wall time, the last guard (a slow host, a huge machine)
}

// over returns l with the fields o sets replaced.
func (l Limits) over(o Limits) Limits {
	if o.MaxSteps != 0 {
		l.MaxSteps = o.MaxSteps
	}
	if o.MaxOutput != 0 {
		l.MaxOutput = o.MaxOutput
	}
	if o.Timeout != 0 {
		l.Timeout = o.Timeout
	}
	return l
}

// Suite is a parsed test file.
type Suite struct {
	File    string // the test file's path, as given
	Name    string // name:, or the file's base name
	Program string // program: resolved against the test file's folder; "" when absent
	Limits  Limits // the file's top-level limits (unset fields are the defaults)
	Memory  int    // memory_size in words; 0: the CLI's default
	Stack   int    // stack_size in words; 0: the CLI's default
	Seed    uint64 // seed: of the host function rand (1, as cpu32 run's --seed, unless set)
	Cases   []*Case
	inputs  []string // every file the suite read
}

// Inputs lists the files the suite was read from: the test file, and each
// input_file and output_file (so that a report is never written over one).
func (s *Suite) Inputs() []string { return append([]string(nil), s.inputs...) }

// MaxPoints is the sum of the cases' points.
func (s *Suite) MaxPoints() float64 {
	var sum float64
	for _, c := range s.Cases {
		sum += c.Points
	}
	return sum
}

// Case is one test of a program.
type Case struct {
	Name   string
	Pos    Pos     // where the case starts in the test file
	Points float64 // what passing is worth; 1 unless points: says
	Hidden bool    // students see whether it passed, not what was expected
	Limits Limits  // the case's own limits; unset fields come from the suite

	Input []byte // what rdn and rdc read

	// Call, when set, names a function to call instead of running the
	// program from its start, with Args pushed the C way.
	Call string
	Args []int32

	Output    *string          // the exact output expected, or nil
	Contains  []string         // strings the output must contain
	Matches   []*regexp.Regexp // expressions the output must match
	Fault     string           // the fault kind the run must end with, or ""
	Registers []RegCheck       // registers at the end (eax: is one)
	Memory    []MemCheck       // words of memory at the end
}

// RegCheck is a register's expected value at the end of a case.
type RegCheck struct {
	Name  string // lower case: eax, ebx, ..., flags
	Value uint32
}

// MemCheck is the words expected from an address (or a data label) on.
type MemCheck struct {
	Label string // the data label; "" when Addr is a number
	Addr  uint32 // the address when Label is ""
	Words []uint32
	Pos   Pos // of the key, for an error about a label the program lacks
}

// Where names the checked memory as the test file wrote it.
func (m MemCheck) Where() string {
	if m.Label != "" {
		return m.Label
	}
	return fmt.Sprint(m.Addr)
}

// Pos is a place in a test file. Col 0 means the YAML parser gave only a
// line, and Line 0 that the error is about the whole file.
type Pos struct {
	File      string
	Line, Col int
}

// String is "file:line:col", "file:line" or "file", as go/token prints a
// position.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is one mistake in a test file.
type Error struct {
	Pos Pos
	Msg string
}

// Error returns "file:line:col: message".
func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// ErrorList is every mistake found in a test file, in file order.
type ErrorList []*Error

// maxErrors bounds an ErrorList, as go/scanner stops after ten.
const maxErrors = 20

// Error returns one line per error.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

func (l ErrorList) sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}
