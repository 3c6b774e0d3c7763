package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/image"
	"cpu32/isa"
	"cpu32/memory"
)

func runCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("run", "cpu32 run [flags] FILE   (FILE: .asm source, an image, or --raw words)",
		"  cpu32 run programs/fib.asm\n  cpu32 run --json --max-steps 100000 student.asm   # for grading\n  cpu32 run --trace programs/jsr.asm", stdout)
	var mf programFlags
	mf.register(fs, true)
	asJSON := fs.Bool("json", false, "print one JSON object with the output, registers, flags and fault instead of the output")
	trace := fs.Bool("trace", false, "print each executed instruction and what it changed to stderr")
	inputPath := fs.String("input", "", "read the program's input (rdn, rdc) from `FILE` (default: standard input)")
	path, p, code, ok := mf.load(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	input, err := openInput(*inputPath)
	if err != nil {
		fmt.Fprintf(stderr, "cpu32: --input %v\n", err)
		return exitUsage
	}
	defer input.close()

	var captured bytes.Buffer
	var out io.Writer
	var buffered *bufio.Writer
	switch {
	case *asJSON:
		out = &captured
	case *trace: // unbuffered, so output and trace lines interleave in order
		out = &lastWrite{w: stdout}
	default:
		buffered = bufio.NewWriterSize(stdout, 64<<10)
		out = buffered
	}
	cfg := mf.config()
	cfg.Out = out
	cfg.Input = input.r
	c, err := cpu.New(p, cfg)
	if err != nil {
		return machineError(stderr, path, err)
	}
	if *trace {
		err = runTraced(c, path, out, stderr)
	} else {
		err = c.RunToEnd()
	}
	if buffered != nil {
		buffered.Flush()
	}
	if *asJSON {
		writeJSON(stdout, c, path, captured.String(), input.left(c), mf.warnings)
	}
	if err != nil {
		reportFault(stderr, c, path)
		return exitFault
	}
	return exitOK
}

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

// reportFault prints the contract's two lines, then the fault's message.
func reportFault(w io.Writer, c *cpu.CPU, path string) {
	f := c.Fault()
	fmt.Fprintf(w, "fault: %s at %s (eip %d): %s\n%s\n  %s\n", f.Kind, location(c.Program(), path, f.EIP), f.EIP, instructionText(c, f.EIP), registerLine(c.Memory()), f.Msg)
	writeBacktrace(w, c)
}

func registerLine(m *memory.Memory) string {
	parts := make([]string, 0, memory.NumRegs)
	for _, r := range memory.Regs() {
		parts = append(parts, fmt.Sprintf("%s=%d", r, int32(m.Reg(r))))
	}
	return strings.Join(parts, " ")
}

// runTraced runs one step at a time, printing each instruction and the
// words it changed.
func runTraced(c *cpu.CPU, path string, out io.Writer, w io.Writer) error {
	j := cpu.NewJournal(16)
	c.SetJournal(j)
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	for c.State() == cpu.Ready {
		pc := c.EIP()
		text := instructionText(c, pc)
		loc := location(c.Program(), path, pc)
		if err := c.Step(); err != nil {
			fmt.Fprintf(bw, "%8d  %-16s %5d  %-24s fault: %s\n", c.Steps()+1, loc, pc, text, err.(*cpu.Fault).Kind)
			return err
		}
		_, changes, _ := j.Last()
		what := describeChanges(c, pc, changes)
		if lw, ok := out.(*lastWrite); ok && lw.n > 0 {
			what = strings.TrimPrefix(what+fmt.Sprintf(", prints %q", lw.last), ", ")
			lw.n = 0
		}
		row := fmt.Sprintf("%8d  %-16s %5d  %-24s %s", c.Steps(), loc, pc, text, what)
		fmt.Fprintln(bw, strings.TrimRight(row, " ")) // no padding after an instruction that changed nothing
		bw.Flush()
	}
	return nil
}

// describeChanges says what the instruction at pc did: each word it
// changed (registers by name, data by label), the flags by name, whether a
// conditional jump was taken, and where any other jump went.
func describeChanges(c *cpu.CPU, pc uint32, changes []cpu.Change) string {
	m := c.Memory()
	p := c.Program()
	var parts []string
	for _, ch := range changes {
		now, _ := m.Load(ch.Addr)
		name := fmt.Sprintf("[%d]", ch.Addr)
		if n, ok := p.Debug.DataName(ch.Addr, len(p.Data)); ok {
			name = "[" + n + "]"
		}
		if ch.Addr < memory.NumRegs {
			name = memory.Reg(ch.Addr).String()
		}
		if ch.Addr == uint32(memory.FLAGS) {
			parts = append(parts, fmt.Sprintf("flags %s -> %s", flagNames(ch.Old), flagNames(now)))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %d -> %d", name, int32(ch.Old), int32(now)))
	}
	d, err := c.Decoded(pc)
	if err != nil {
		return strings.Join(parts, ", ")
	}
	moved := c.State() != cpu.Halted && c.EIP() != pc+uint32(d.Size())
	switch {
	case d.In.Flow == isa.Branch && moved:
		parts = append(parts, fmt.Sprintf("taken, eip -> %d", c.EIP()))
	case d.In.Flow == isa.Branch:
		parts = append(parts, "not taken")
	case moved:
		parts = append(parts, fmt.Sprintf("eip -> %d", c.EIP()))
	}
	return strings.Join(parts, ", ")
}

// flagNames lists the flags set in f, "ZF SF", or "(none)".
func flagNames(f uint32) string {
	if names := isa.FlagNames(f); len(names) > 0 {
		return strings.Join(names, " ")
	}
	return "(none)"
}

// The --json report. Field order is the contract's (shared/examples).
type jsonReport struct {
	Output     string        `json:"output"`
	Halted     string        `json:"halted"`
	Steps      uint64        `json:"steps"`
	Registers  jsonRegisters `json:"registers"`
	Flags      jsonFlags     `json:"flags"`
	StackDepth int64         `json:"stack_depth"`
	Fault      *jsonFault    `json:"fault"`
	InputLeft  uint64        `json:"input_left"` // bytes of the input the program did not read
	// Warnings is left out when there are none, so that a clean program's
	// report has no key for them.
	Warnings []jsonDiagnostic `json:"warnings,omitempty"`
}

// jsonDiagnostic is one assembler warning: where, and what.
type jsonDiagnostic struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
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

func writeJSON(w io.Writer, c *cpu.CPU, path, output string, inputLeft uint64, warns assembler.ErrorList) {
	m := c.Memory()
	r := func(reg memory.Reg) int32 { return int32(m.Reg(reg)) }
	flags := m.Reg(memory.FLAGS)
	rep := jsonReport{
		Output: output,
		Halted: c.State().String(),
		Steps:  c.Steps(),
		Registers: jsonRegisters{r(memory.EAX), r(memory.EBX), r(memory.ECX), r(memory.EDX), r(memory.ESP), r(memory.EBP),
			r(memory.EIP), r(memory.REM), r(memory.FLAGS), r(memory.ESI), r(memory.EDI)},
		Flags:      jsonFlags{flags&isa.ZF != 0, flags&isa.SF != 0, flags&isa.OF != 0, flags&isa.CF != 0},
		StackDepth: c.StackDepth(),
		InputLeft:  inputLeft,
	}
	if f := c.Fault(); f != nil {
		file, line := where(c.Program(), path, f.EIP)
		rep.Fault = &jsonFault{Kind: f.Kind.String(), Message: f.Msg, EIP: f.EIP, File: file, Line: line, Backtrace: jsonBacktrace(c, path)}
	}
	for _, d := range warns {
		rep.Warnings = append(rep.Warnings, jsonDiagnostic{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Message: d.Msg})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(rep)
}

// lastWrite passes writes through and remembers the last one, so the trace
// can say what an instruction printed.
type lastWrite struct {
	w    io.Writer
	last []byte
	n    int
}

// Write passes p on and keeps a copy.
func (l *lastWrite) Write(p []byte) (int, error) {
	l.last = append(l.last[:0], p...)
	l.n++
	return l.w.Write(p)
}
