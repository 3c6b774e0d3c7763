package repl

import (
	"fmt"
	"strconv"
	"strings"

	"cpu32/backtrace"
	"cpu32/cpu"
	"cpu32/image"
	"cpu32/isa"
	"cpu32/memory"
)

// Kind says what a line did.
type Kind int

const (
	// Nothing: a blank or comment line.
	Nothing Kind = iota
	// Ran: code ran (or data was laid out); Changes, Output and Steps say what it did.
	Ran
	// Defined: the line added no code: a label, a section switch, a %define.
	Defined
	// Stopped: the code faulted, hit the step limit or was interrupted,
	// and was undone: the line was not added.
	Stopped
	// Error: the line was refused (Errors or Msg say why); nothing ran.
	Error
	// Output: a command's text (Msg).
	Output
	// Quit: the user asked to leave.
	Quit
)

// StopKind says how a line's run ended.
type StopKind int

const (
	// Finished: eip reached the end of what was typed.
	Finished StopKind = iota
	// Halted: a hlt ran.
	Halted
	// Faulted: an instruction faulted (Result.Fault).
	Faulted
	// StepLimit: the line ran the session's step limit of steps.
	StepLimit
	// Interrupted: Interrupt stopped it (Ctrl-C).
	Interrupted
)

// Change is one word that a line changed.
type Change struct {
	Addr     uint32
	Old, New uint32
}

// LineError is one assembly error of a typed line: Col is its column in
// the line (0 for an error elsewhere, such as in an included file, whose
// Msg then says where).
type LineError struct {
	Col int
	Msg string
}

// Frames returns the calls that were running when a Stopped line stopped,
// innermost first.
func (r Result) Frames() []backtrace.Frame { return r.frames }

// Result is what Eval did, as data; Format renders it.
type Result struct {
	Kind        Kind
	Stop        StopKind
	Steps       uint64            // instructions the line ran
	Changes     []Change          // words changed, ascending (registers first)
	Labels      []image.Label     // labels the line defined
	Output      string            // what the program printed
	Errors      []LineError       // Kind Error: assembly errors
	Warnings    []LineError       // Kind Ran or Stopped: the assembler's warnings about the line
	Msg         string            // Kind Error or Output: the text; Kind Stopped: a note
	Fault       *cpu.Fault        // Kind Stopped by a fault
	Where       uint32            // Kind Stopped: the address it stopped at
	Instruction string            // Kind Stopped: the source of the instruction there
	frames      []backtrace.Frame // Kind Stopped: the calls running when it stopped
}

// Failed reports whether the line failed: it was refused (an assembly
// error, a bad command) or stopped and undone (a fault, the step limit,
// an interrupt). A script's exit status counts these.
func (r Result) Failed() bool { return r.Kind == Error || r.Kind == Stopped }

// maxMemoryChanges bounds the memory words one changes line lists.
const maxMemoryChanges = 8

// Format renders r. typed is the line as typed, under which a terminal
// session (caret) points at each error's column; a script gets one line
// per error instead, prefixed with where, e.g. "<stdin>:3", as is the
// line that says why a Stopped line stopped.
func (r Result) Format(typed, where string, caret bool) string {
	switch r.Kind {
	case Nothing, Quit:
		return ""
	case Output:
		return r.Msg
	case Error:
		if len(r.Errors) == 0 {
			r.Errors = []LineError{{Msg: r.Msg}}
		}
		return formatLineErrors(r.Errors, "error", typed, where, caret)
	case Stopped:
		stop := r.formatStop()
		if where != "" {
			stop = where + ": " + stop
		}
		return r.FormatWarnings(typed, where, caret) + stop
	}
	return r.FormatWarnings(typed, where, caret) + r.formatChanges()
}

// FormatWarnings renders r's warnings alone, as Format does before what
// the line did: for a terminal that shows them apart from the results.
func (r Result) FormatWarnings(typed, where string, caret bool) string {
	return formatLineErrors(r.Warnings, "warning", typed, where, caret)
}

// formatLineErrors writes errors or warnings (what says which) about the
// typed line: under it with a caret on a terminal (an error's message
// alone), or one line each after where in a script.
func formatLineErrors(list []LineError, what, typed, where string, caret bool) string {
	var b strings.Builder
	for _, e := range list {
		msg := e.Msg
		if what != "error" {
			msg = what + ": " + msg
		}
		switch {
		case caret && e.Col > 0:
			fmt.Fprintf(&b, "%s^ %s\n", caretPad(typed, e.Col), msg)
		case where != "" && e.Col > 0:
			fmt.Fprintf(&b, "%s:%d: %s: %s\n", where, e.Col, what, e.Msg)
		case where != "":
			fmt.Fprintf(&b, "%s: %s: %s\n", where, what, e.Msg)
		default:
			fmt.Fprintf(&b, "%s: %s\n", what, e.Msg)
		}
	}
	return b.String()
}

// caretPad is the white space that puts a caret under column col of the
// typed line (tabs kept, so it lines up whatever their width), after the
// prompt's width.
func caretPad(typed string, col int) string {
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", len(Prompt)))
	n := 0
	for _, r := range typed {
		if n >= col-1 {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		n++
	}
	return b.String()
}

func (r Result) formatStop() string {
	var b strings.Builder
	at := r.Instruction
	if at == "" {
		at = fmt.Sprintf("eip %d", r.Where)
	}
	switch r.Stop {
	case Faulted:
		fmt.Fprintf(&b, "fault: %s at %s: %s", r.Fault.Kind, at, r.Fault.Msg)
	case StepLimit:
		fmt.Fprintf(&b, "stopped after %s steps at %s: the end of the line was never reached (an endless loop? .limit N sets the limit)", backtrace.Commas(r.Steps), at)
	case Interrupted:
		fmt.Fprintf(&b, "interrupted after %s steps at %s", backtrace.Commas(r.Steps), at)
	}
	if r.Output != "" {
		fmt.Fprintf(&b, ", after printing %s", strconv.Quote(r.Output))
	}
	if r.Msg != "" {
		fmt.Fprintf(&b, "; %s\n", r.Msg)
	} else {
		b.WriteString("; undone, the line was not added\n")
	}
	if len(r.frames) > 0 {
		b.WriteString("call stack, innermost first (function, call site):\n")
		backtrace.Write(&b, "  ", r.frames, 0)
	}
	return b.String()
}

func (r Result) formatChanges() string {
	var parts []string
	for _, l := range r.Labels {
		parts = append(parts, fmt.Sprintf("%s = %d", l.Name, l.Value))
	}
	mem := 0
	for _, ch := range r.Changes {
		switch {
		case ch.Addr == uint32(memory.FLAGS):
			parts = append(parts, "flags "+FlagText(ch.New))
		case ch.Addr < memory.NumRegs:
			parts = append(parts, fmt.Sprintf("%s %d -> %d", memory.Reg(ch.Addr), int32(ch.Old), int32(ch.New)))
		default:
			mem++
			if mem <= maxMemoryChanges {
				parts = append(parts, fmt.Sprintf("[%d] %d -> %d", ch.Addr, int32(ch.Old), int32(ch.New)))
			}
		}
	}
	if mem > maxMemoryChanges {
		parts = append(parts, fmt.Sprintf("and %d more words", mem-maxMemoryChanges))
	}
	if r.Output != "" {
		parts = append(parts, "prints "+strconv.Quote(r.Output))
	}
	if r.Stop == Halted {
		parts = append(parts, "halted")
	}
	if len(parts) == 0 {
		parts = append(parts, "no changes")
	}
	line := strings.Join(parts, ", ")
	if r.Steps > 1 {
		line += fmt.Sprintf(" (%s steps)", backtrace.Commas(r.Steps))
	}
	return line + "\n"
}

// FlagText names the flags set in f, "ZF SF", or "-" for none.
func FlagText(f uint32) string {
	if names := isa.FlagNames(f); len(names) > 0 {
		return strings.Join(names, " ")
	}
	return "-"
}
