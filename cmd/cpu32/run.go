package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/image"
	"cpu32/internal/procs"
	"cpu32/isa"
	"cpu32/jit"
	"cpu32/memory"
	"cpu32/profile"
)

// defaultMaxOutput bounds what a program may print under `cpu32 run`
// unless --max-output says otherwise: far more than any exercise prints,
// little enough that --json of a runaway printing loop stays in memory.
const defaultMaxOutput = 64 << 20

// runChunk is how many steps run executes between two looks at the signal
// flag (and two flushes of the output): a few milliseconds of work, so a
// signal is answered at once and the interpreter loop checks nothing extra.
const runChunk = 2 << 20

// startSteps is how many steps a run takes on the one processor its
// process starts with (procs), which is where most runs end: one that goes
// on has every core back well before Auto may compile in the background
// (after 2^17 steps at the earliest) or the collector's workers matter.
const startSteps = 1 << 16

// runFlags are the flags of `cpu32 run`.
type runFlags struct {
	programFlags
	json, trace bool
	maxOutput   sizeFlag
	input       string
	profile     bool
	profileOut  string
	engine      jit.Engine
}

func (f *runFlags) register(fs *flagSet) {
	f.programFlags.register(fs, true)
	fs.BoolVar(&f.json, "json", false, "print one JSON object with the output, registers, flags and fault instead of the output")
	fs.BoolVar(&f.trace, "trace", false, "print each executed instruction and what it changed to stderr")
	f.maxOutput = sizeFlag{v: defaultMaxOutput, min: 0, max: math.MaxInt64}
	fs.Var(&f.maxOutput, "max-output", "fault with output-limit when the program would print more than `BYTES` (0: no limit)")
	fs.StringVar(&f.input, "input", "", "read the program's input (rdn, rdc) from `FILE`; without --input, or with -, from standard input")
	fs.BoolVar(&f.profile, "profile", false, "count how many times each line runs; print the annotated source and a summary to stderr after the run")
	fs.StringVar(&f.profileOut, "profile-out", "", "write the --profile report to `FILE` instead of stderr (implies --profile)")
	fs.Var(&f.engine, "engine", "what runs the program (`ENGINE`): auto (interpret, then compile one that runs long), interp or jit")
}

func (f *runFlags) config() cpu.Config {
	cfg := f.programFlags.config()
	cfg.MaxOutput = uint64(f.maxOutput.v)
	return cfg
}

const runExamples = `  cpu32 run programs/fib.asm
  cpu32 run --json --max-steps 100000 student.asm   # for grading
  cpu32 run --trace programs/jsr.asm

Exit status: 0 the program ended, 1 it faulted, 2 bad input (it did not
load), 3 a write error (the output could not be written), 4 cpu32 itself
failed (a bug: --engine interp runs without compiled code), 128+N when
signal N stopped it (130 for Ctrl-C, 131 for Ctrl-\, 143 for SIGTERM,
129 for SIGHUP), 141 when the output was a pipe that closed.

Long runs compile to native code; cpu32 keeps that code in a cache
folder (under the user's cache folder, or CPU32_CACHE=DIR; CPU32_CACHE=off
keeps none), at most 64 MB.`

func runCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("run", "cpu32 run [flags] FILE   (FILE: .asm source, an image, or --raw words)", runExamples, stdout)
	var rf runFlags
	rf.register(fs)
	path, code, ok := parseArgs(fs, args, "program file", stdout, stderr)
	if !ok {
		return code
	}
	// Catch signals before reading the program, so that one that comes
	// while it loads (from a slow FIFO, say) still stops the run cleanly.
	in := watchSignals()
	defer in.stop()
	var output programOutput
	var captured *capture
	var status *statusLine // only for the program's own output
	switch {
	case rf.json:
		captured = &capture{}
		output = captured
	case rf.trace: // unbuffered, so output and trace lines interleave in order
		output = unbuffered{&lastWrite{w: stdout}}
	default:
		status = newStatusLine(stdout, stderr)
		output = newProgramOutput(status.watch(stdout))
	}
	var p *image.Program
	var warns assembler.ErrorList
	var err error
	var reading loading // the program, or a file it includes
	in.during(func() { p, warns, err = reading.readProgram(path, rf.raw) }, func() int {
		return stoppedLoading(stdout, stderr, rf.json, reading.reading(), in.signalled())
	})
	if rf.noWarn {
		warns = nil
	}
	if err != nil {
		printLoadError(stderr, err)
		return loadFailed(stdout, stderr, rf.json, path, err)
	}
	printWarnings(stderr, warns)
	var input *programInput
	in.during(func() { input, err = openInput(rf.input) }, func() int {
		return stoppedLoading(stdout, stderr, rf.json, rf.input, in.signalled())
	})
	if err != nil {
		fmt.Fprintf(stderr, "cpu32: --input %v\n", err)
		return loadFailed(stdout, stderr, rf.json, rf.input, err)
	}
	defer input.close()
	if !rf.checkOutputs(stderr, path, p, flagGiven(fs, "profile-out")) {
		return exitUsage
	}
	cfg := rf.config()
	cfg.Out = output
	ii := newInterruptibleInput(input.r, output, in)
	ii.status = status
	defer ii.close()
	profiling := rf.profile || rf.profileOut != ""
	// Calls are not tracked (they cost nothing then): a fault's call
	// stack is rebuilt by running the program again (replayCalls).
	rec := &recordingReader{r: ii}
	cfg.Input, cfg.NoCallStack = rec, !profiling
	c, err := cpu.New(p, cfg)
	if err != nil {
		machineError(stderr, path, err)
		return loadFailed(stdout, stderr, rf.json, path, err)
	}
	if cfg.NoCallStack { // a profile tracks calls: its call stack is there
		defer replayCalls(c, rec, func() map[string]cpu.HostFunc { return rf.config().Host })()
	}

	if profiling {
		c.StartProfile()
	}
	engine := "interp" // tracing and profiling watch every step
	if rf.trace || rf.engine == jit.Compiled {
		procs.Release() // a trace runs long; Compiled may compile in the background at once
	}
	if rf.trace {
		err = runTraced(c, path, cfg.MaxSteps, output, stderr, in)
	} else {
		status.begin(c, path, input.file)
		useJITCache()
		r := jit.NewRunner(c, rf.engine)
		gc := holdGC(c.Memory().HeapBytes()+runGCBase, runGCHeadroom)
		err = runChunked(c, r.Run, output, in, status)
		gc.release()
		r.Close()
		engine = r.Engine()
		status.end()
	}
	if ferr := output.Flush(); err == nil && ferr != nil {
		err = &writeError{ferr}
	}
	if f := c.Fault(); f != nil && f.Kind == cpu.WriteError {
		err = &writeError{f.Err}
	}
	var werr *writeError
	if errors.As(err, &werr) {
		return reportWriteError(stderr, werr.err)
	}
	if internalError(err) {
		return reportBug(stdout, stderr, path, err, rf.json)
	}
	signo := in.signalled()
	if f := c.Fault(); signo != 0 && f != nil && !errors.Is(f, errInterrupted) {
		signo = 0 // the run ended on its own before it saw the signal
	}
	// A profile that cannot be written (checked before the run: a full
	// disk) loses neither the report nor the fault's: they come first.
	perr := writeProfile(c, rf.profileOut, stderr)
	if rf.json {
		rep := machineReport(c, path, signo != 0)
		rep.Profile = profile.Of(c)
		rep.InputLeft = input.left(c)
		rep.Warnings = jsonWarnings(warns)
		rep.Engine = engine
		if err := writeReport(stdout, rep, captured); err != nil {
			return reportWriteError(stderr, err)
		}
	}
	code = exitOK
	switch {
	case signo != 0:
		reportInterrupted(stderr, c, path)
		code = 128 + signo
	case c.Fault() != nil:
		reportFault(stderr, c, path)
		code = exitFault
	}
	if perr != nil {
		return reportWriteError(stderr, perr)
	}
	return code
}

// loadFailed ends a run whose program or input could not be loaded (what
// was wrong has been printed): under --json with a report that says why.
func loadFailed(stdout, stderr io.Writer, asJSON bool, file string, err error) int {
	if asJSON {
		if werr := writeReport(stdout, errorReport(file, err), nil); werr != nil {
			return reportWriteError(stderr, werr)
		}
	}
	return exitUsage
}

// stoppedLoading ends a run that a signal stopped while file was still
// being opened or read (a FIFO nobody writes to), before anything ran.
func stoppedLoading(stdout, stderr io.Writer, asJSON bool, file string, signo int) int {
	fmt.Fprintf(stderr, "interrupted while reading %s\n", file)
	if asJSON {
		rep := errorReport(file, errors.New("interrupted while reading it"))
		rep.Halted = "interrupted"
		if err := writeReport(stdout, rep, nil); err != nil {
			return reportWriteError(stderr, err)
		}
	}
	return 128 + signo
}

// errInterrupted ends a run that a signal asked to stop.
var errInterrupted = errors.New("interrupted")

// internalError reports whether a run's error is cpu32's own failure (a
// trap in compiled code: a bug), not the program's fault, a signal or a
// write error, which have their own reports.
func internalError(err error) bool {
	var f *cpu.Fault
	return err != nil && !errors.Is(err, errInterrupted) && !errors.As(err, &f)
}

// reportBug says that cpu32 itself failed running file: the machine's
// state is not to be trusted then, so no report of it is printed; under
// --json, the report says "error" with the message, as for a program that
// does not load.
func reportBug(stdout, stderr io.Writer, file string, err error, asJSON bool) int {
	fmt.Fprintf(stderr, "cpu32: internal error running %s: %v\n"+
		"  this is a bug in cpu32: please report it with the program; --engine interp runs it without compiled code\n", file, err)
	if asJSON {
		if werr := writeReport(stdout, errorReport(file, fmt.Errorf("internal error: %w", err)), nil); werr != nil {
			return reportWriteError(stderr, werr)
		}
	}
	return exitBug
}

// runChunked runs c to its end in chunks of runChunk steps (run is c.Run
// or a jit.Runner's), flushing the output, looking for a signal and
// drawing the live status (if any) between chunks. While the process is
// held to one processor (procs), the first chunk is startSteps, after
// which it has them all.
func runChunked(c *cpu.CPU, run func(uint64) (cpu.Stop, error), out programOutput, in *interrupt, status *statusLine) error {
	chunk := uint64(runChunk)
	if procs.Held() {
		chunk = startSteps
	}
	for c.State() == cpu.Ready {
		if in.signalled() != 0 {
			return errInterrupted
		}
		if _, err := run(chunk); err != nil {
			return err
		}
		if chunk < runChunk {
			if c.State() == cpu.Ready { // the program outlasted the start
				procs.Release()
			}
			chunk = runChunk
			continue
		}
		if err := out.Flush(); err != nil {
			return &writeError{err}
		}
		status.between()
	}
	return nil
}

// runTraced runs one step at a time, printing each instruction and the
// words it changed to w, in columns under a header.
func runTraced(c *cpu.CPU, path string, maxSteps uint64, out programOutput, w io.Writer, in *interrupt) error {
	j := cpu.NewJournal(16)
	c.SetJournal(j)
	bw := bufio.NewWriter(w)
	u, _ := out.(unbuffered) // not under --json
	lw, _ := u.Writer.(*lastWrite)
	cols := newTraceColumns(c, path, maxSteps)
	if c.State() == cpu.Ready {
		fmt.Fprintln(bw, cols.header())
	}
	for c.State() == cpu.Ready && in.signalled() == 0 {
		pc := c.EIP()
		text := instructionText(c, pc)
		loc := location(c.Program(), path, pc)
		if c.Step() != nil {
			fmt.Fprintln(bw, cols.row(c.Steps()+1, loc, pc, text, "fault: "+c.Fault().Kind.String()))
			break
		}
		_, changes, _ := j.Last()
		what := describeChanges(c, pc, changes)
		if lw != nil && lw.n > 0 {
			what = strings.TrimPrefix(what+fmt.Sprintf(", prints %q", lw.last), ", ")
			lw.n = 0
		}
		fmt.Fprintln(bw, cols.row(c.Steps(), loc, pc, text, what))
		if err := bw.Flush(); err != nil {
			return &writeError{err}
		}
	}
	if err := bw.Flush(); err != nil {
		return &writeError{err}
	}
	if f := c.Fault(); f != nil {
		return f
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
		parts = append(parts, "taken, eip -> "+placeOf(p, c.EIP()))
	case d.In.Flow == isa.Branch:
		parts = append(parts, "not taken")
	case moved:
		parts = append(parts, "eip -> "+placeOf(p, c.EIP()))
	}
	return strings.Join(parts, ", ")
}

// placeOf names a code address a jump went to: "21 (show)" by its label,
// "7 (trace.asm:8)" by its line (a ret's return), or the number alone.
func placeOf(p *image.Program, addr uint32) string {
	if name, ok := p.Debug.CodeLabelAt(addr); ok {
		return fmt.Sprintf("%d (%s)", addr, name)
	}
	if file, line, ok := p.Debug.Where(addr); ok {
		return fmt.Sprintf("%d (%s:%d)", addr, file, line)
	}
	return fmt.Sprint(addr)
}

// flagNames lists the flags set in f, "ZF SF", or "(none)".
func flagNames(f uint32) string {
	if names := isa.FlagNames(f); len(names) > 0 {
		return strings.Join(names, " ")
	}
	return "(none)"
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
