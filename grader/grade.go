package grader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/host"
	"cpu32/image"
	"cpu32/internal/progfile"
	"cpu32/memory"
)

// Options are the command line's settings for a grading run.
type Options struct {
	// Jobs is how many machines run at once; 0 means one per CPU.
	Jobs int
	// Limits replace the test file's top-level limits (a case's own
	// limits still win: a case may test that a program is quick).
	Limits Limits
	// Host adds host functions to the standard set `cpu32 run` gives
	// (print_str, ...), or replaces some of it, for a course's own.
	Host map[string]cpu.HostFunc
}

// Result is one submission's grade.
type Result struct {
	Submission string  // its path, as given
	Points     float64 // the points of the cases it passed
	MaxPoints  float64
	Passed     int
	Failed     int
	// Errors say why the submission did not load (assembly errors, a
	// file that cannot be read, a machine too small for it): then every
	// case failed and Cases say so.
	Errors []Diagnostic
	Cases  []CaseResult
	// Files are the files the submission was read from: its own and
	// every file it includes.
	Files []string
}

// OK reports whether every case passed.
func (r *Result) OK() bool { return r.Failed == 0 && len(r.Errors) == 0 }

// Diagnostic is one reason a submission did not load.
type Diagnostic struct {
	File    string
	Line    int // 0 for a message about the whole file
	Col     int
	Message string
	// Detail is the message as `cpu32 run` prints it: for an assembly
	// error, with the source line and a caret under the column.
	Detail string
}

// CaseResult is how one case of one submission went.
type CaseResult struct {
	Name      string
	Hidden    bool
	Passed    bool
	Points    float64 // MaxPoints when it passed, else 0
	MaxPoints float64
	Steps     uint64
	Duration  time.Duration
	Output    string     // what the program printed, cut at maxShown bytes
	Fault     *FaultInfo // how the run faulted, or nil
	Problems  []Problem  // why the case failed; none when it passed
}

// Location is a place in a submission's source: an instruction, by its
// address, and the file and line it was written on.
type Location struct {
	EIP         uint32
	File        string // "" when the program has no source information
	Line        int
	Instruction string // the instruction as the source wrote it
}

// String reads as `cpu32 run` says where: "gcd.asm:9 (eip 12)", or
// "eip 12" without source information.
func (l *Location) String() string {
	if l.File == "" {
		return fmt.Sprintf("eip %d", l.EIP)
	}
	return fmt.Sprintf("%s:%d (eip %d)", l.File, l.Line, l.EIP)
}

// at is l after "at", with its instruction: "gcd.asm:9 (eip 12): mod
// eax, ebx".
func (l *Location) at() string {
	if l.Instruction == "" {
		return l.String()
	}
	return l.String() + ": " + l.Instruction
}

// locate returns the location of the instruction at eip.
func locate(p *image.Program, eip uint32) *Location {
	l := &Location{EIP: eip}
	l.File, l.Line, _ = p.Debug.Where(eip)
	l.Instruction, _ = assembler.InstructionText(p, eip)
	return l
}

// Where returns the first place in the submission that the case's
// problems point at (Problem.At), or nil.
func (c *CaseResult) Where() *Location {
	for _, p := range c.Problems {
		if p.At != nil {
			return p.At
		}
	}
	return nil
}

// FaultInfo is a fault of a submission, located in its source.
type FaultInfo struct {
	Kind    string // as --json names it: "divide-by-zero", ...
	Message string
	Location
}

// String reads like `cpu32 run`'s fault line:
// "divide-by-zero at gcd.asm:9 (eip 12): mod eax, ebx: ...".
func (f *FaultInfo) String() string {
	return f.Kind + " at " + f.Location.at() + ": " + f.Message
}

// Problem is one check a case failed.
type Problem struct {
	// Check names what was checked: "output", "output_contains",
	// "output_matches", "fault", "timeout", "call", a register ("eax") or
	// a word of memory ("memory result", "memory result+1", "memory 100").
	Check    string
	Expected string
	Got      string
	Diff     string // for "output": a unified diff of expected and got
	// At is where in the submission the check went wrong, when one place
	// says: an unexpected fault's instruction, the instruction that
	// printed the first byte of output that differs, where a timeout
	// stopped the run, the hlt a function ran; nil otherwise.
	At *Location
}

// maxShown bounds the output a result keeps, so that a class of
// runaway printers stays small in memory.
const maxShown = 8 << 10

// chunk is how many instructions run between two looks at the clock.
const chunk = 1 << 16

// Grade grades every submission (a program file's path) against s, each
// case on a fresh machine of its own, opt.Jobs machines at a time. It
// returns one result per submission, in order. Nothing one case does (a
// fault, an endless loop, endless output, a panic) reaches another.
func Grade(ctx context.Context, s *Suite, submissions []string, opt Options) []*Result {
	jobs := opt.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	results := make([]*Result, len(submissions))
	progs := make([]*image.Program, len(submissions))
	parallel(jobs, len(submissions), func(i int) {
		results[i] = &Result{Submission: submissions[i], MaxPoints: s.MaxPoints(), Cases: make([]CaseResult, len(s.Cases))}
		progs[i], results[i].Errors = load(s, submissions[i], opt.Host)
		results[i].Files = []string{submissions[i]}
		if p := progs[i]; p != nil && p.Debug != nil {
			results[i].Files = append(results[i].Files, p.Debug.Files...)
		}
	})
	base := Limits{DefaultMaxSteps, DefaultMaxOutput, DefaultTimeout}.over(s.Limits).over(opt.Limits)
	parallel(jobs, len(submissions)*len(s.Cases), func(k int) {
		i, j := k/len(s.Cases), k%len(s.Cases)
		r := &results[i].Cases[j]
		if progs[i] == nil {
			*r = notLoaded(s.Cases[j])
			return
		}
		*r = runCase(ctx, s, progs[i], s.Cases[j], base.over(s.Cases[j].Limits), opt.Host)
	})
	for _, r := range results {
		for _, c := range r.Cases {
			r.Points += c.Points
			if c.Passed {
				r.Passed++
			} else {
				r.Failed++
			}
		}
	}
	return results
}

// parallel calls fn(0) .. fn(n-1) on at most jobs goroutines.
func parallel(jobs, n int, fn func(int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(jobs, n) {
		wg.Go(func() {
			for k := int(next.Add(1) - 1); k < n; k = int(next.Add(1) - 1) {
				fn(k)
			}
		})
	}
	wg.Wait()
}

// load reads and assembles a submission, and makes sure a machine of the
// suite's size can hold it and provides its externs.
func load(s *Suite, path string, extra map[string]cpu.HostFunc) (p *image.Program, ds []Diagnostic) {
	defer func() {
		// A bug of the assembler's must cost this submission, not the class.
		if v := recover(); v != nil {
			msg := fmt.Sprintf("internal error: %v", v)
			p, ds = nil, []Diagnostic{{File: path, Message: msg, Detail: path + ": " + msg}}
		}
	}()
	data, err := progfile.Read(path, false)
	if err == nil {
		p, _, err = progfile.Decode(path, data, false, assembler.Options{})
		if err == nil {
			_, err = cpu.New(p, machineConfig(s, Limits{}, nil, nil, extra))
		}
		if err == nil {
			return p, nil
		}
	}
	var list assembler.ErrorList
	var ee *cpu.ExternError
	switch {
	case errors.As(err, &list):
		ds = make([]Diagnostic, len(list))
		for i, e := range list {
			ds[i] = Diagnostic{File: e.Pos.File, Line: e.Pos.Line, Col: e.Pos.Col, Message: e.Msg, Detail: e.Error()}
		}
		return nil, ds
	case errors.As(err, &ee) && ee.File != "":
		return nil, []Diagnostic{{File: ee.File, Line: ee.Line, Message: err.Error(), Detail: err.Error()}}
	}
	msg := strings.TrimPrefix(err.Error(), cpu.ErrConfig.Error()+": ")
	return nil, []Diagnostic{{File: path, Message: msg, Detail: path + ": " + msg}}
}

// machineConfig is the configuration of a case's machine: the suite's
// size, the case's limits, input and output, the host functions.
func machineConfig(s *Suite, lim Limits, out *bytes.Buffer, input []byte, extra map[string]cpu.HostFunc) cpu.Config {
	cfg := cpu.Config{Memory: s.Memory, Stack: s.Stack, MaxSteps: lim.MaxSteps, MaxOutput: lim.MaxOutput,
		NoCallStack: true, Host: host.Map(s.Seed)}
	for name, fn := range extra {
		cfg.Host[name] = fn
	}
	if out != nil {
		cfg.Out = out
	}
	if input != nil {
		cfg.Input = bytes.NewReader(input)
	}
	return cfg
}

// notLoaded is the result of a case of a submission that did not load.
func notLoaded(c *Case) CaseResult {
	return CaseResult{Name: c.Name, Hidden: c.Hidden, MaxPoints: c.Points,
		Problems: []Problem{{Check: "program", Expected: "a program that loads", Got: "it does not load (see its errors)"}}}
}

// runCase runs one case on a machine of its own.
func runCase(ctx context.Context, s *Suite, p *image.Program, c *Case, lim Limits, extra map[string]cpu.HostFunc) (r CaseResult) {
	start := time.Now()
	r = CaseResult{Name: c.Name, Hidden: c.Hidden, MaxPoints: c.Points}
	defer func() {
		// A bug of the emulator's must cost this case, not the class.
		if v := recover(); v != nil {
			r.Passed, r.Points = false, 0
			r.Problems = append(r.Problems, Problem{Check: "grader", Expected: "a run", Got: fmt.Sprintf("internal error: %v", v)})
		}
		r.Duration = time.Since(start)
	}()
	if c.Output != nil && c.Limits.MaxOutput == 0 {
		// Room for the expected output and as much again of a wrong one.
		lim.MaxOutput = max(lim.MaxOutput, 2*uint64(len(*c.Output))+64)
	}
	var out bytes.Buffer
	m, err := cpu.New(p, machineConfig(s, lim, &out, c.Input, extra))
	if err != nil {
		r.Problems = []Problem{{Check: "program", Expected: "a program that loads", Got: err.Error()}}
		return r
	}
	var ret *returnCheck
	if c.Call != "" {
		if ret, err = startCall(m, c.Call, c.Args); err != nil {
			r.Problems = []Problem{{Check: "call", Expected: "a function " + c.Call, Got: err.Error()}}
			return r
		}
	}
	timedOut := false
	deadline := start.Add(lim.Timeout)
	var diff divergence
	for m.State() == cpu.Ready {
		if time.Now().After(deadline) || ctx.Err() != nil {
			timedOut = true
			break
		}
		before := m.Steps()
		stop, err := m.Run(chunk)
		if c.Output != nil {
			diff.look(out.Bytes(), *c.Output, before)
		}
		if err != nil || stop == cpu.StopInput {
			break
		}
	}
	r.Steps = m.Steps()
	got := out.String()
	r.Output = cut(got)
	if f := m.Fault(); f != nil {
		r.Fault = faultInfo(p, f)
	}
	switch {
	case timedOut && ctx.Err() != nil:
		why := fmt.Sprintf("stopped after %d steps: %v", r.Steps, ctx.Err())
		r.Problems = []Problem{{Check: "timeout", Expected: fmt.Sprintf("an end within %v", lim.Timeout), Got: why}}
	case timedOut:
		at := locate(p, m.EIP())
		why := fmt.Sprintf("still running after %v (%d steps) at %s", lim.Timeout, r.Steps, at.at())
		r.Problems = []Problem{{Check: "timeout", Expected: fmt.Sprintf("an end within %v", lim.Timeout), Got: why, At: at}}
	case ret != nil && m.Fault() == nil:
		if why, at := ret.returned(m); why != "" {
			r.Problems = []Problem{{Check: "call", Expected: c.Call + " returns", Got: why, At: at}}
		}
	}
	var printedAt *Location
	if diff.found && !timedOut {
		printedAt = printerOf(ctx, s, p, c, lim, extra, diff)
	}
	// A run that did not end as runs end says nothing of its fault,
	// registers and memory; its output so far still shows how far it got.
	r.Problems = append(r.Problems, check(m, p, c, r.Fault, got, printedAt, len(r.Problems) > 0)...)
	if len(r.Problems) == 0 {
		r.Passed, r.Points = true, c.Points
	}
	return r
}

// divergence follows a run's output as it grows, chunk by chunk, to find
// where it first differs from the expected output: the byte and the chunk
// that printed it. It compares each byte once and keeps nothing.
type divergence struct {
	same  int    // how many bytes of the output are the expected's
	found bool   // the output has a byte at same that differs (or is extra)
	from  uint64 // the step count before the chunk that printed it
}

// look compares the output out, after a chunk that started at step
// before, with want.
func (d *divergence) look(out []byte, want string, before uint64) {
	if d.found {
		return
	}
	for d.same < len(out) && d.same < len(want) && out[d.same] == want[d.same] {
		d.same++
	}
	if d.same < len(out) {
		d.found, d.from = true, before
	}
}

// printerOf finds the instruction that printed the byte of a case's
// output where it first differs from the expected (d), or returns nil. A
// run is the same every time (the same input, the same seed), so the case
// runs again on a new machine, at full speed to the start of the chunk
// that printed the byte, then one step at a time, at most chunk steps: a
// cost of failed cases only, bounded by what the first run took and by
// the case's timeout again.
func printerOf(ctx context.Context, s *Suite, p *image.Program, c *Case, lim Limits, extra map[string]cpu.HostFunc, d divergence) *Location {
	var out bytes.Buffer
	m, err := cpu.New(p, machineConfig(s, lim, &out, c.Input, extra))
	if err != nil {
		return nil
	}
	if c.Call != "" {
		if _, err := startCall(m, c.Call, c.Args); err != nil {
			return nil
		}
	}
	deadline := time.Now().Add(lim.Timeout)
	for m.Steps() < d.from {
		if time.Now().After(deadline) || ctx.Err() != nil || !m.RunTo(min(d.from, m.Steps()+chunk)) {
			return nil
		}
	}
	for range chunk {
		eip := m.EIP()
		err := m.Step()
		if out.Len() > d.same {
			return locate(p, eip)
		}
		if err != nil || m.State() != cpu.Ready {
			return nil
		}
	}
	return nil
}

// cut keeps the first maxShown bytes of an output, on a character
// boundary, and says how much more there was.
func cut(s string) string {
	if len(s) <= maxShown {
		return s
	}
	n := maxShown
	for n > 0 && n > maxShown-4 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + fmt.Sprintf("\n[... %d more bytes]", len(s)-n)
}

func faultInfo(p *image.Program, f *cpu.Fault) *FaultInfo {
	return &FaultInfo{Kind: f.Kind.String(), Message: f.Msg, Location: *locate(p, f.EIP)}
}

// check compares a finished run with what the case expects; printedAt is
// the instruction that printed the first byte of got that differs from
// the expected output, if known; stopped says the run was stopped (a
// timeout) or ended otherwise than a call should, so that only its output
// is compared.
func check(m *cpu.CPU, p *image.Program, c *Case, fault *FaultInfo, got string, printedAt *Location, stopped bool) []Problem {
	var ps []Problem
	switch {
	case stopped:
	case c.Fault != "" && fault == nil:
		ps = append(ps, Problem{Check: "fault", Expected: c.Fault, Got: "no fault: the program ran to its " + endName(m)})
	case c.Fault != "" && fault.Kind != c.Fault:
		ps = append(ps, Problem{Check: "fault", Expected: c.Fault, Got: fault.String(), At: &fault.Location})
	case c.Fault == "" && fault != nil:
		ps = append(ps, Problem{Check: "fault", Expected: "no fault", Got: fault.String(), At: &fault.Location})
	}
	if c.Output != nil && got != *c.Output {
		ps = append(ps, Problem{Check: "output", Expected: cut(*c.Output), Got: cut(got), Diff: Diff(*c.Output, got), At: printedAt})
	}
	for _, s := range c.Contains {
		if !strings.Contains(got, s) {
			ps = append(ps, Problem{Check: "output_contains", Expected: s, Got: cut(got)})
		}
	}
	for _, re := range c.Matches {
		if !re.MatchString(got) {
			ps = append(ps, Problem{Check: "output_matches", Expected: re.String(), Got: cut(got)})
		}
	}
	if stopped || fault != nil && c.Fault == "" {
		return ps // registers and memory after an unexpected fault say nothing more
	}
	mem := m.Memory()
	for _, rc := range c.Registers {
		reg, _ := memory.RegByName(rc.Name)
		if v := mem.Reg(reg); v != rc.Value {
			ps = append(ps, Problem{Check: rc.Name, Expected: fmt.Sprint(int32(rc.Value)), Got: fmt.Sprint(int32(v))})
		}
	}
	for _, mc := range c.Memory {
		ps = append(ps, checkMemory(mem, p, mc)...)
	}
	return ps
}

// endName says how a run that did not fault ended: "end" or "hlt".
func endName(m *cpu.CPU) string {
	if m.State() == cpu.Halted {
		return "hlt"
	}
	return "end"
}

// checkMemory compares the words from a label or address on, and reports
// the first that differs.
func checkMemory(mem *memory.Memory, p *image.Program, mc MemCheck) []Problem {
	addr := mc.Addr
	if mc.Label != "" {
		l, ok := p.Debug.Label(mc.Label)
		switch {
		case !ok:
			return []Problem{{Check: "memory " + mc.Label, Expected: "a data label " + mc.Label, Got: "the program has no label " + mc.Label}}
		case !l.Data:
			return []Problem{{Check: "memory " + mc.Label, Expected: "a data label " + mc.Label, Got: mc.Label + " labels code, not data"}}
		}
		addr = l.Value
	}
	for i, want := range mc.Words {
		name := mc.Where()
		if i > 0 {
			name = fmt.Sprintf("%s+%d", name, i)
			if mc.Label == "" {
				name = fmt.Sprint(mc.Addr + uint32(i))
			}
		}
		v, err := mem.Load(addr + uint32(i))
		switch {
		case err != nil:
			return []Problem{{Check: "memory " + name, Expected: fmt.Sprint(int32(want)), Got: fmt.Sprintf("address %d is outside memory", addr+uint32(i))}}
		case v != want:
			return []Problem{{Check: "memory " + name, Expected: fmt.Sprint(int32(want)), Got: fmt.Sprint(int32(v))}}
		}
	}
	return nil
}

// returnCheck is what a call's return must restore.
type returnCheck struct {
	name string
	esp  uint32 // esp once the return address is popped: the arguments still there
	esp0 uint32 // esp before the call, once the caller removed the arguments
}

// startCall sets the machine up to call the function at a code label
// with the C convention: the arguments pushed last first, then a return
// address that is the end of the code, so that the function's ret ends the
// run.
func startCall(m *cpu.CPU, label string, args []int32) (*returnCheck, error) {
	p := m.Program()
	l, ok := p.Debug.Label(label)
	switch {
	case ok && l.Data:
		return nil, fmt.Errorf("%s labels data, not a function", label)
	case !ok:
		var names []string
		if p.Debug != nil {
			for _, l := range p.Debug.Labels {
				if !l.Data {
					names = append(names, l.Name)
				}
			}
		}
		sort.Strings(names)
		if len(names) == 0 {
			return nil, fmt.Errorf("no function %s: the program has no code labels", label)
		}
		return nil, fmt.Errorf("no function %s in the program (its code labels: %s)", label, strings.Join(names, ", "))
	}
	mem := m.Memory()
	if need := int64(len(args)) + 1; int64(m.StackSize())-m.StackDepth() < need {
		return nil, fmt.Errorf("%s with %d arguments needs %d words of stack; the stack has %d", label, len(args), need, m.StackSize())
	}
	esp0 := mem.Reg(memory.ESP)
	sp := esp0
	for i := len(args) - 1; i >= 0; i-- {
		sp--
		mem.Store(sp, uint32(args[i]))
	}
	sp--
	mem.Store(sp, m.CodeLen())
	mem.SetReg(memory.ESP, sp)
	m.SetEIP(l.Value)
	return &returnCheck{name: label, esp: sp + 1, esp0: esp0}, nil
}

// returned says why a call's run did not end in a return, and where
// when one instruction is to blame (a hlt), or "". After a return it does
// the caller's last part, removing the arguments, so that esp is what it
// was before the call.
func (rc *returnCheck) returned(m *cpu.CPU) (string, *Location) {
	switch esp := m.Memory().Reg(memory.ESP); {
	case m.State() == cpu.Halted:
		at := locate(m.Program(), m.EIP())
		return fmt.Sprintf("%s ran hlt at %s instead of returning", rc.name, at), at
	case esp != rc.esp:
		return fmt.Sprintf("%s ended the program instead of returning (esp is %d; a return leaves it at %d)", rc.name, int32(esp), rc.esp), nil
	}
	m.Memory().SetReg(memory.ESP, rc.esp0)
	return "", nil
}
