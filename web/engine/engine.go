// Package engine is the playground's side of the page: it assembles the
// editor's text and drives a debugger.Session for it, taking requests and
// giving replies as plain structs that travel as JSON between the page and
// the Web Worker that runs the engine compiled to WebAssembly. It imports
// nothing of the browser, so its tests run with go test.
package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/debugger"
	"cpu32/debugger/cmdlang"
	"cpu32/image"
	"cpu32/isa"
	"cpu32/memory"
	"cpu32/programs"
)

// FileName is the name the editor's program has in messages and debug
// information.
const FileName = "main.asm"

// Request is one thing the page asks for.
type Request struct {
	ID  int    `json:"id"`
	Cmd string `json:"cmd"` // see Engine.Handle
	// Source is the editor's text: every command that runs the program
	// first loads it when it differs from the loaded one.
	Source string `json:"source,omitempty"`
	Line   int    `json:"line,omitempty"` // toggleBreak's line
	Text   string `json:"text,omitempty"` // input's line, exec's command, memory's address expression
}

// Diagnostic is an assembly error or warning at its place.
type Diagnostic struct {
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Msg     string `json:"msg"`
	Warning bool   `json:"warning,omitempty"`
}

// Word is a register or memory word as the panes show it.
type Word struct {
	Name    string `json:"name,omitempty"` // a register's name
	Addr    uint32 `json:"addr"`
	Value   int32  `json:"value"`
	Changed bool   `json:"changed,omitempty"` // the last step, step back or set wrote it
}

// Flag is one flag of the flags register.
type Flag struct {
	Name    string `json:"name"`
	Set     bool   `json:"set"`
	Changed bool   `json:"changed,omitempty"`
}

// Frame is one call frame, innermost first.
type Frame struct {
	Function string `json:"function"`
	Line     int    `json:"line"`
}

// State is everything the panes show.
type State struct {
	Loaded      bool    `json:"loaded"`
	Line        int     `json:"line"`   // the line about to run; 0 at the end or without one
	Status      string  `json:"status"` // "paused", "ended", "halted", "faulted", "waiting for input"
	Steps       uint64  `json:"steps"`
	BackDepth   int     `json:"backDepth"`
	Registers   []Word  `json:"registers"`
	Flags       []Flag  `json:"flags"`
	MemoryAt    string  `json:"memoryAt"`              // the memory pane's address expression
	MemoryError string  `json:"memoryError,omitempty"` // why MemoryAt cannot be computed (the pane then shows DataBase on)
	Memory      []Word  `json:"memory"`
	Stack       []Word  `json:"stack"` // from esp up to the top of the stack
	Frames      []Frame `json:"frames"`
	Output      string  `json:"output"`
	Breakpoints []int   `json:"breakpoints"` // lines
	// Heat is how many times each line's instructions ran (with the heat
	// map on): line -> count, lines that never ran left out.
	Heat map[int]uint64 `json:"heat,omitempty"`
}

// Reply answers one Request.
type Reply struct {
	ID          int          `json:"id"`
	Error       string       `json:"error,omitempty"`
	Diagnostics []Diagnostic `json:"diagnostics,omitempty"`
	Message     string       `json:"message,omitempty"` // why the run stopped, or a command's output
	State       *State       `json:"state,omitempty"`
	Examples    []Example    `json:"examples,omitempty"`
	Language    *Language    `json:"language,omitempty"`
}

// Language is what the editor highlights and explains, from the opcode
// table and the register names.
type Language struct {
	Instructions map[string]string `json:"instructions"` // mnemonic or alias -> its help
	Registers    []string          `json:"registers"`
}

// LanguageOf returns the editor's language.
func LanguageOf() *Language {
	l := &Language{Instructions: map[string]string{}}
	for _, m := range isa.Mnemonics() {
		if in := isa.Lookup(m); in != nil {
			l.Instructions[m] = in.Help()
		}
	}
	for _, r := range memory.Regs() {
		l.Registers = append(l.Registers, r.String())
	}
	return l
}

// Example is a sample program from programs/, with the input it reads.
type Example struct {
	Name   string `json:"name"`
	Source string `json:"source"`
	Input  string `json:"input,omitempty"`
}

// Examples returns the sample programs, by name.
func Examples() []Example {
	names, _ := fs.Glob(programs.Files, "*.asm")
	var out []Example
	for _, n := range names {
		src, err := fs.ReadFile(programs.Files, n)
		if err != nil {
			continue
		}
		in, _ := fs.ReadFile(programs.Files, strings.TrimSuffix(n, ".asm")+".in")
		out = append(out, Example{Name: strings.TrimSuffix(n, ".asm"), Source: string(src), Input: string(in)})
	}
	return out
}

// Limits of what the page keeps: enough for any exercise, bounded whatever
// the program does.
const (
	outputTail  = 64 << 10
	memoryWords = 64
	stackWords  = 32
	maxSteps    = 0 // no limit: Pause stops a runaway
	chunk       = 1 << 16
)

// Engine holds the loaded program's session. Handle may be called from
// several goroutines: Pause and Peek while a run goes on.
type Engine struct {
	mu       sync.Mutex // guards the fields below (not the session's own work)
	src      string
	s        *debugger.Session
	interp   *cmdlang.Interp
	bpLines  map[int]bool // breakpoints by line, kept across loads
	memoryAt string
	lastRun  string // the last run's command, resumed after input arrives
	heat     bool   // the heat map is on
}

// New returns an engine with nothing loaded.
func New() *Engine { return &Engine{bpLines: map[int]bool{}, memoryAt: fmt.Sprint(image.DataBase)} }

// Check assembles src and returns its errors and warnings, or nil when it
// is clean.
func Check(src string) []Diagnostic {
	_, diags, _ := assemble(src)
	return diags
}

// assemble assembles the editor's text. The page has one file: %include
// reads the sample programs' (lib/print.asm).
func assemble(src string) (*image.Program, []Diagnostic, error) {
	opts := assembler.Options{ReadFile: func(name string) ([]byte, error) {
		b, err := fs.ReadFile(programs.Files, path.Clean(filepath.ToSlash(name)))
		if err != nil {
			return nil, fmt.Errorf("%s: the playground has one file and the examples' (lib/print.asm)", name)
		}
		return b, nil
	}}
	p, warns, err := assembler.AssembleWithWarnings(FileName, []byte(src), opts)
	var diags []Diagnostic
	for _, w := range warns {
		diags = append(diags, diagnostic(w))
	}
	var list assembler.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			diags = append(diags, diagnostic(e))
		}
		return nil, diags, errors.New("the program has errors")
	}
	if err != nil {
		return nil, diags, err
	}
	return p, diags, nil
}

func diagnostic(e *assembler.Error) Diagnostic {
	return Diagnostic{Line: e.Pos.Line, Col: e.Pos.Col, Msg: e.Msg, Warning: e.Warning}
}

// Handle does what r asks and returns the reply. The commands:
//
//	examples              the sample programs, and the editor's Language
//	check                 assemble Source, reply with its diagnostics
//	load                  assemble Source and start a fresh session on it
//	state                 the panes
//	run                   load Source afresh and continue
//	step, next, finish, continue, stepBack, reverseContinue, restart
//	runTo                 run until Line's first instruction is about to run (the debugger's until)
//	toggleBreak           set or delete the breakpoint on Line
//	input                 feed Text as a line of input, and resume a run that waited for it
//	heat                  Text "on" shows the heat map, "off" hides it
//	memory                show memory from the address expression Text
//	exec                  run Text as a command of the debugger's command language
//
// Pause is not a command: call Pause, from any goroutine.
func (e *Engine) Handle(r Request) Reply {
	rep, ok := e.Prepare(r)
	if ok {
		rep = e.Do(r)
	}
	rep.ID = r.ID
	return rep
}

// Prepare loads the program r needs, as Handle does first: load and run
// assemble Source afresh, the other runs and exec when it changed since.
// Do then does the rest. They are apart so that the WebAssembly side can
// wait on the loaded session before the run takes it.
func (e *Engine) Prepare(r Request) (Reply, bool) {
	switch r.Cmd {
	case "load", "run":
		e.mu.Lock()
		e.src = "\x00" // never equal: load afresh
		e.mu.Unlock()
		return e.ensure(r.Source)
	case "step", "next", "finish", "continue", "stepBack", "reverseContinue", "restart", "runTo", "exec":
		return e.ensure(r.Source)
	}
	return Reply{}, true
}

// Do does what r asks, once Prepare has loaded its program.
func (e *Engine) Do(r Request) Reply {
	rep := e.do(r)
	rep.ID = r.ID
	return rep
}

func (e *Engine) do(r Request) Reply {
	switch r.Cmd {
	case "check":
		return Reply{Diagnostics: Check(r.Source)}
	case "load":
		return e.reply("", nil)
	case "run":
		return e.run("continue")
	case "examples":
		return Reply{Examples: Examples(), Language: LanguageOf()}
	case "state":
		return e.reply("", nil)
	case "step", "next", "finish", "continue", "stepBack", "reverseContinue", "restart":
		return e.run(r.Cmd)
	case "runTo":
		return e.runTo(r.Line)
	case "toggleBreak":
		return e.toggleBreak(r)
	case "input":
		s := e.session()
		if s == nil {
			return Reply{Error: "no program is loaded"}
		}
		s.FeedInput(r.Text)
		e.mu.Lock()
		last := e.lastRun
		e.mu.Unlock()
		if s.Status().Stop.Kind == debugger.StopInput && last != "" {
			return e.run(last)
		}
		return e.reply("", nil)
	case "heat":
		e.mu.Lock()
		e.heat = r.Text == "on"
		e.mu.Unlock()
		return e.reply("", nil)
	case "memory":
		e.mu.Lock()
		e.memoryAt = strings.TrimSpace(r.Text)
		e.mu.Unlock()
		return e.reply("", nil)
	case "exec":
		e.mu.Lock()
		in := e.interp
		e.mu.Unlock()
		out, err := in.Exec(r.Text)
		return e.reply(out, err)
	}
	return Reply{Error: fmt.Sprintf("unknown command %q", r.Cmd)}
}

// session returns the loaded session, nil when none is.
func (e *Engine) session() *debugger.Session {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.s
}

// Pause stops a run at its next chunk boundary. Safe from any goroutine.
func (e *Engine) Pause() {
	if s := e.session(); s != nil {
		s.Interrupt()
	}
}

// Progress is a run's progress so far.
type Progress struct {
	Steps  uint64 `json:"steps"`
	Output string `json:"output"`
}

// Peek runs f between two chunks of a run (at once when nothing runs),
// with the run's progress: the WebAssembly side shows the output so far,
// and sleeps in f so that the browser can deliver a Pause.
func (e *Engine) Peek(f func(Progress)) {
	s := e.session()
	if s == nil {
		f(Progress{})
		return
	}
	s.Peek(func() { f(Progress{Steps: s.Progress(), Output: s.Output()}) })
}

// ensure loads src unless it is what is loaded ("" keeps what is loaded).
func (e *Engine) ensure(src string) (Reply, bool) {
	e.mu.Lock()
	same := e.s != nil && (src == "" || src == e.src)
	e.mu.Unlock()
	if same {
		return Reply{}, true
	}
	p, diags, err := assemble(src)
	if err != nil {
		return Reply{Error: err.Error(), Diagnostics: diags}, false
	}
	s, err := debugger.NewSession(p, cpu.Config{MaxSteps: maxSteps}, debugger.WithOutputTail(outputTail), debugger.WithChunk(chunk))
	if err != nil {
		return Reply{Error: err.Error(), Diagnostics: diags}, false
	}
	// Breakpoints stay on their lines, as reload keeps them; one on a line
	// that lost its code goes.
	e.mu.Lock()
	lines := e.bpLines
	e.bpLines = map[int]bool{}
	e.mu.Unlock()
	for line := range lines {
		if addr, ok := s.AddrOfLine(FileName, line); ok {
			if _, err := s.SetBreakpoint(addr, debugger.PointOptions{}); err == nil {
				lines[line] = true
				continue
			}
		}
		delete(lines, line)
	}
	e.mu.Lock()
	e.src, e.s, e.interp, e.bpLines, e.lastRun = src, s, cmdlang.New(s), lines, ""
	e.mu.Unlock()
	return Reply{Diagnostics: diags}, true
}

// run does one of the runs on the loaded program.
func (e *Engine) run(cmd string) Reply {
	e.mu.Lock()
	s, in := e.s, e.interp
	e.lastRun = cmd
	e.mu.Unlock()
	var err error
	switch cmd {
	case "step":
		_, err = s.Step(1)
	case "next":
		_, err = s.Next(1)
	case "finish":
		_, err = s.Finish()
	case "continue":
		_, err = s.Continue()
	case "stepBack":
		_, err = s.StepBack(1)
	case "reverseContinue":
		_, err = s.ReverseContinue()
	case "restart":
		err = s.Restart()
	}
	if err != nil {
		return e.reply("", err)
	}
	if cmd == "restart" {
		return e.reply("restarted", nil)
	}
	return e.reply(in.Reason(), nil)
}

// runTo runs to a line, as the terminal debugger's until at the cursor.
func (e *Engine) runTo(line int) Reply {
	s := e.session()
	addr, ok := s.AddrOfLine(FileName, line)
	if !ok {
		return e.reply("", fmt.Errorf("no code at or below line %d", line))
	}
	e.mu.Lock()
	in := e.interp
	e.lastRun = ""
	e.mu.Unlock()
	if _, err := s.RunTo(addr); err != nil {
		return e.reply("", err)
	}
	return e.reply(in.Reason(), nil)
}

// toggleBreak sets or deletes the breakpoint on a line. Without a loaded
// program it only remembers the line.
func (e *Engine) toggleBreak(r Request) Reply {
	if rep, ok := e.ensure(r.Source); !ok {
		// The program does not assemble: keep the line for later.
		e.mu.Lock()
		e.bpLines[r.Line] = !e.bpLines[r.Line]
		if !e.bpLines[r.Line] {
			delete(e.bpLines, r.Line)
		}
		e.mu.Unlock()
		return rep
	}
	s := e.session()
	msg, err := s.ToggleBreakpointAtLine(FileName, r.Line)
	if err != nil {
		return e.reply("", err)
	}
	e.mu.Lock()
	e.bpLines = map[int]bool{}
	for _, b := range s.Breakpoints() {
		e.bpLines[b.Line] = true
	}
	e.mu.Unlock()
	return e.reply(msg, nil)
}

// reply is a reply with the panes' state.
func (e *Engine) reply(msg string, err error) Reply {
	rep := Reply{Message: msg, State: e.state()}
	if err != nil {
		rep.Error = err.Error()
	}
	return rep
}

// regOrder is the order the registers pane lists them in.
var regOrder = memory.DisplayOrder[:]

// state reads the panes from the session (none runs: the caller's run
// returned).
func (e *Engine) state() *State {
	e.mu.Lock()
	s, memAt, heat := e.s, e.memoryAt, e.heat
	st := &State{MemoryAt: memAt, Breakpoints: []int{}}
	for line := range e.bpLines {
		st.Breakpoints = append(st.Breakpoints, line)
	}
	e.mu.Unlock()
	if s == nil {
		return st
	}
	st.Loaded = true
	c := s.CPU()
	mem := c.Memory()
	changed := map[uint32]uint32{}
	for _, ch := range s.ChangedValues() {
		changed[ch.Addr] = ch.Old
	}
	status := s.Status()
	st.Steps, st.BackDepth = status.Steps, status.BackDepth
	switch {
	case status.Waiting:
		st.Status = "waiting for input"
	case status.State == cpu.Ready:
		st.Status = "paused"
	case status.State == cpu.Ended:
		st.Status = "ended"
	case status.State == cpu.Halted:
		st.Status = "halted"
	default:
		st.Status = "faulted"
	}
	if status.State != cpu.Ended {
		if _, line, ok := s.Where(c.EIP()); ok {
			st.Line = line
		}
	}
	for _, r := range regOrder {
		_, ch := changed[uint32(r)]
		st.Registers = append(st.Registers, Word{Name: r.String(), Addr: uint32(r), Value: int32(mem.Reg(r)), Changed: ch})
	}
	flags := mem.Reg(memory.FLAGS)
	old, ok := changed[uint32(memory.FLAGS)]
	for _, f := range isa.FlagBits {
		st.Flags = append(st.Flags, Flag{Name: f.Name, Set: flags&f.Mask != 0, Changed: ok && (old^flags)&f.Mask != 0})
	}
	at, err := s.Evaluate(memAt)
	if err != nil {
		at, st.MemoryError = image.DataBase, err.Error()
	}
	words := func(from uint32, n int) []Word {
		var out []Word
		for a := uint64(from); a < uint64(from)+uint64(n) && a < uint64(mem.Size()); a++ {
			v, _ := mem.Load(uint32(a))
			_, ch := changed[uint32(a)]
			out = append(out, Word{Addr: uint32(a), Value: int32(v), Changed: ch})
		}
		return out
	}
	st.Memory = words(at, memoryWords)
	st.Stack = words(mem.Reg(memory.ESP), min(stackWords, max(0, mem.Size()-int(mem.Reg(memory.ESP)))))
	for _, f := range s.Frames() {
		st.Frames = append(st.Frames, Frame{Function: f.Function, Line: f.Line})
	}
	st.Output = s.Output()
	if heat {
		st.Heat = map[int]uint64{}
		for addr, n := range s.LineCounts() {
			if _, line, ok := s.Where(uint32(addr)); ok && n > 0 {
				st.Heat[line] += n
			}
		}
	}
	return st
}
