package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/image"
	"cpu32/isa"
	"cpu32/memory"
	"cpu32/profile"
)

// where names the source position of addr: FILE:LINE when the program has
// debug information, else the program file alone.
func where(p *image.Program, path string, addr uint32) (string, *int) {
	if file, line, ok := p.Debug.Where(addr); ok {
		return file, &line
	}
	return path, nil
}

// location is where as the fault line and the trace print it: FILE:LINE,
// or the program file alone.
func location(p *image.Program, path string, addr uint32) string {
	file, line := where(p, path, addr)
	if line == nil {
		return file
	}
	return fmt.Sprintf("%s:%d", file, *line)
}

// instructionText renders the instruction at addr as the source wrote it
// (or disassembled with the program's labels when there is no source).
func instructionText(c *cpu.CPU, addr uint32) string {
	if _, err := c.Decoded(addr); err == nil {
		if text, ok := assembler.InstructionText(c.Program(), addr); ok {
			return text
		}
	}
	if addr < c.CodeLen() {
		return fmt.Sprintf("(invalid word %#x)", c.Program().Code[addr])
	}
	return "(end of code)"
}

// reportFault prints the contract's two lines, then the fault's message
// and the calls that were running.
func reportFault(w io.Writer, c *cpu.CPU, path string) {
	f := c.Fault()
	fmt.Fprintf(w, "fault: %s at %s (eip %d): %s\n%s\n  %s\n", f.Kind, location(c.Program(), path, f.EIP), f.EIP, instructionText(c, f.EIP), registerLine(c.Memory()), f.Msg)
	writeBacktrace(w, c)
}

// reportInterrupted says where a run stopped by a signal stood.
func reportInterrupted(w io.Writer, c *cpu.CPU, path string) {
	fmt.Fprintf(w, "interrupted at %s (eip %d) after %d steps\n", location(c.Program(), path, c.EIP()), c.EIP(), c.Steps())
}

func registerLine(m *memory.Memory) string {
	parts := make([]string, 0, memory.NumRegs)
	for _, r := range memory.Regs() {
		parts = append(parts, fmt.Sprintf("%s=%d", r, int32(m.Reg(r))))
	}
	return strings.Join(parts, " ")
}

// The --json report. Field order is the contract's (shared/examples):
// output comes first and is streamed by writeReport, the rest is marshalled.
// A program that could not be loaded gets the same keys with halted
// "error", null registers and flags, and errors saying why.
type jsonReport struct {
	Halted     string         `json:"halted"`
	Steps      uint64         `json:"steps"`
	Registers  *jsonRegisters `json:"registers"`
	Flags      *jsonFlags     `json:"flags"`
	StackDepth int64          `json:"stack_depth"`
	Fault      *jsonFault     `json:"fault"`
	InputLeft  uint64         `json:"input_left"` // bytes of the input the program did not read
	// Warnings is left out when there are none, so that a clean program's
	// report has no key for them.
	Warnings []jsonDiagnostic `json:"warnings,omitempty"`
	Errors   []jsonError      `json:"errors,omitempty"`
	// Profile is there with --profile: the steps, each source line's
	// count, and each function's calls, self and total steps.
	Profile *profile.Report `json:"profile,omitempty"`
	// Engine says what ran the program under `cpu32 run`: "interp" or
	// "jit" (compiled code ran some of it).
	Engine string `json:"engine,omitempty"`
}

// jsonDiagnostic is one assembler warning: where, and what.
type jsonDiagnostic struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
}

// jsonWarnings lists the assembler's warnings for the report.
func jsonWarnings(warns assembler.ErrorList) []jsonDiagnostic {
	var out []jsonDiagnostic
	for _, d := range warns {
		out = append(out, jsonDiagnostic{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Message: d.Msg})
	}
	return out
}

type jsonRegisters struct {
	EAX   int32 `json:"eax"`
	EBX   int32 `json:"ebx"`
	ECX   int32 `json:"ecx"`
	EDX   int32 `json:"edx"`
	ESP   int32 `json:"esp"`
	EBP   int32 `json:"ebp"`
	EIP   int32 `json:"eip"`
	REM   int32 `json:"rem"`
	FLAGS int32 `json:"flags"`
	ESI   int32 `json:"esi"`
	EDI   int32 `json:"edi"`
}

type jsonFlags struct {
	ZF bool `json:"zf"`
	SF bool `json:"sf"`
	OF bool `json:"of"`
	CF bool `json:"cf"`
}

type jsonFault struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
	EIP     uint32 `json:"eip"`
	File    string `json:"file"`
	Line    *int   `json:"line"`
	// Backtrace lists the calls running at the fault, innermost first;
	// left out when there were none (as in the contract's examples).
	Backtrace []jsonFrame `json:"backtrace,omitempty"`
}

// jsonError is one reason a program could not be loaded; line and col are
// null when the error is about the whole file (missing, corrupt).
type jsonError struct {
	File    string `json:"file"`
	Line    *int   `json:"line"`
	Col     *int   `json:"col"`
	Message string `json:"message"`
}

// haltedInterrupted is the --json "halted" of a run stopped by a signal.
const haltedInterrupted = "interrupted"

// machineReport fills the report from the machine's state after a run.
func machineReport(c *cpu.CPU, path string, interrupted bool) *jsonReport {
	m := c.Memory()
	r := func(reg memory.Reg) int32 { return int32(m.Reg(reg)) }
	flags := m.Reg(memory.FLAGS)
	rep := &jsonReport{
		Halted: c.State().String(),
		Steps:  c.Steps(),
		Registers: &jsonRegisters{r(memory.EAX), r(memory.EBX), r(memory.ECX), r(memory.EDX), r(memory.ESP), r(memory.EBP),
			r(memory.EIP), r(memory.REM), r(memory.FLAGS), r(memory.ESI), r(memory.EDI)},
		Flags:      &jsonFlags{flags&isa.ZF != 0, flags&isa.SF != 0, flags&isa.OF != 0, flags&isa.CF != 0},
		StackDepth: c.StackDepth(),
	}
	if interrupted {
		// (A read of the input that a signal cut short faulted, but the
		// instruction changed nothing: the run was simply stopped there.)
		rep.Halted = haltedInterrupted
	}
	if f := c.Fault(); f != nil && !interrupted {
		file, line := where(c.Program(), path, f.EIP)
		rep.Fault = &jsonFault{Kind: f.Kind.String(), Message: f.Msg, EIP: f.EIP, File: file, Line: line, Backtrace: jsonBacktrace(c, path)}
	}
	return rep
}

// errorReport is the report of a program that could not be loaded.
func errorReport(path string, err error) *jsonReport {
	return &jsonReport{Halted: "error", Errors: loadErrors(path, err)}
}

// loadErrors lists why path could not be loaded: the assembler's
// diagnostics one by one, anything else as one error about the file.
func loadErrors(path string, err error) []jsonError {
	var ee *cpu.ExternError
	if errors.As(err, &ee) && ee.File != "" {
		line, bare := ee.Line, *ee
		bare.File = "" // the place is in file and line, not again in the message
		return []jsonError{{File: ee.File, Line: &line, Message: bare.Error()}}
	}
	var fe *fileError
	if errors.As(err, &fe) {
		return []jsonError{{File: fe.path, Message: fe.err.Error()}}
	}
	var list assembler.ErrorList
	if !errors.As(err, &list) {
		return []jsonError{{File: path, Message: err.Error()}}
	}
	out := make([]jsonError, 0, len(list))
	for _, e := range list {
		je := jsonError{File: e.Pos.File, Message: e.Msg}
		if e.Pos.Line > 0 {
			line, col := e.Pos.Line, e.Pos.Col
			je.Line, je.Col = &line, &col
		}
		out = append(out, je)
	}
	return out
}

// writeReport prints the report as one indented JSON object with output
// first. The output is escaped chunk by chunk straight to w, so a report
// of 64 MiB of output needs no second copy of it in memory.
func writeReport(w io.Writer, rep *jsonReport, output *capture) error {
	var rest bytes.Buffer
	enc := json.NewEncoder(&rest)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(&errWriter{w: w}, 64<<10)
	bw.WriteString("{\n  \"output\": ")
	var chunks [][]byte
	if output != nil {
		chunks = output.chunks
	}
	writeJSONString(bw, chunks)
	bw.WriteString(",\n")
	bw.Write(bytes.TrimPrefix(rest.Bytes(), []byte("{\n")))
	return bw.Flush()
}

// writeJSONString writes the concatenation of chunks as one JSON string,
// escaped exactly as encoding/json escapes it (without HTML escaping), and
// without copying it: each chunk is escaped up to the start of its last
// character, which is finished with the next chunk's first bytes. Every
// chunk but the last holds at least utf8.UTFMax bytes (capture's do).
func writeJSONString(w *bufio.Writer, chunks [][]byte) {
	w.WriteByte('"')
	var carryBuf, headBuf [2 * utf8.UTFMax]byte
	carry := carryBuf[:0]
	for i, ch := range chunks {
		if len(carry) > 0 {
			head := append(append(headBuf[:0], carry...), ch[:min(len(ch), utf8.UTFMax)]...)
			p := 0
			for p < len(carry) {
				_, size := utf8.DecodeRune(head[p:])
				escapeJSON(w, head[p:p+size])
				p += size
			}
			ch = ch[p-len(carry):]
			carry = carry[:0]
		}
		cut := len(ch)
		if i < len(chunks)-1 {
			cut = lastRuneStart(ch)
		}
		escapeJSON(w, ch[:cut])
		carry = append(carry, ch[cut:]...)
	}
	w.WriteByte('"')
}

// escapeJSON writes b as the inside of a JSON string, as encoding/json
// does: quotes, backslashes and control characters escaped, each invalid
// UTF-8 byte as \ufffd, U+2028 and U+2029 escaped.
func escapeJSON(w *bufio.Writer, b []byte) {
	const hex = "0123456789abcdef"
	start := 0
	flush := func(i, next int) { w.Write(b[start:i]); start = next }
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			flush(i, i+1)
			switch c {
			case '"', '\\':
				w.WriteByte('\\')
				w.WriteByte(c)
			case '\b':
				w.WriteString(`\b`)
			case '\f':
				w.WriteString(`\f`)
			case '\n':
				w.WriteString(`\n`)
			case '\r':
				w.WriteString(`\r`)
			case '\t':
				w.WriteString(`\t`)
			default:
				w.WriteString(`\u00`)
				w.WriteByte(hex[c>>4])
				w.WriteByte(hex[c&0xF])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			flush(i, i+1)
			w.WriteString(`\ufffd`)
		case r == '\u2028' || r == '\u2029':
			flush(i, i+size)
			w.WriteString(`\u202`)
			w.WriteByte(hex[r&0xF])
		}
		i += size
	}
	w.Write(b[start:])
}

// lastRuneStart returns where the last character of b may start: the last
// byte among the final three that can begin a UTF-8 sequence, or len(b).
func lastRuneStart(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax+1; i-- {
		if utf8.RuneStart(b[i]) {
			return i
		}
	}
	return len(b)
}
