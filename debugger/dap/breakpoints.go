package dap

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/google/go-dap"

	"cpu32/memory"
)

// faultsFilter is the exception filter that stops on a fault.
const faultsFilter = "faults"

// pointKind says which request made a breakpoint, which names the reason
// of a stop at it.
type pointKind int

const (
	sourcePoint pointKind = iota + 1
	instructionPoint
	dataPoint
)

// pointSets are the engine's ids of the breakpoints each request set: a
// request replaces the ones the same request set before.
type pointSets struct {
	sourceIDs map[string][]int // by the source file's path
	instrIDs  []int
	dataIDs   []int
	kind      map[int]pointKind
	logs      map[int]string // a log point's message, by id
}

func (s *Server) deletePoints(ids []int) {
	for _, id := range ids {
		_ = s.eng.Delete(id) // an id the engine no longer knows is already gone
		delete(s.points.kind, id)
		delete(s.points.logs, id)
	}
}

func (s *Server) notePoint(id int, k pointKind) {
	if s.points.kind == nil {
		s.points.kind = map[int]pointKind{}
	}
	s.points.kind[id] = k
}

func (s *Server) onSetBreakpoints(req *dap.SetBreakpointsRequest) error {
	args := req.Arguments
	if args.Source.Path == "" {
		return errors.New("setBreakpoints needs source.path")
	}
	bps := s.setSourceBreakpoints(&args)
	s.out.send(&dap.SetBreakpointsResponse{Response: response(&req.Request), Body: dap.SetBreakpointsResponseBody{Breakpoints: bps}})
	return nil
}

// setSourceBreakpoints replaces the breakpoints of one source file. A line
// without code gets its breakpoint on the next line below that has some,
// as in the terminal debugger, and the breakpoint's message says so.
func (s *Server) setSourceBreakpoints(args *dap.SetBreakpointsArguments) []dap.Breakpoint {
	fi, ferr := s.fileOf(args.Source.Path)
	key := args.Source.Path
	if fi >= 0 {
		key = s.paths[fi]
	}
	if s.points.sourceIDs == nil {
		s.points.sourceIDs = map[string][]int{}
	}
	s.deletePoints(s.points.sourceIDs[key])
	delete(s.points.sourceIDs, key)
	want := args.Breakpoints
	if len(want) == 0 {
		for _, l := range args.Lines {
			want = append(want, dap.SourceBreakpoint{Line: l})
		}
	}
	out := make([]dap.Breakpoint, len(want))
	for i, w := range want {
		b := &out[i]
		b.Line = w.Line
		b.Source = &args.Source
		if ferr != nil {
			b.Message = ferr.Error()
			continue
		}
		b.Source = s.source(fi)
		addr, line, ok := s.eng.Program().Debug.CodeFrom(fi, w.Line)
		if !ok {
			b.Message = fmt.Sprintf("no code on line %d or below it", w.Line)
			continue
		}
		if _, err := splitLog(w.LogMessage); err != nil {
			b.Message = err.Error()
			continue
		}
		id, err := s.eng.AddBreakpoint(addr, w.Condition, w.HitCondition)
		if err != nil {
			b.Message = err.Error()
			continue
		}
		s.points.sourceIDs[key] = append(s.points.sourceIDs[key], id)
		s.notePoint(id, sourcePoint)
		if w.LogMessage != "" {
			if s.points.logs == nil {
				s.points.logs = map[int]string{}
			}
			s.points.logs[id] = w.LogMessage
		}
		b.Id, b.Verified, b.Line = id, true, line
		b.InstructionReference = strconv.FormatUint(uint64(addr), 10)
		if line != w.Line {
			b.Message = fmt.Sprintf("line %d has no code: the breakpoint is on line %d, the next line with code", w.Line, line)
		}
	}
	return out
}

// fileOf finds a source file of the program: by its absolute path, by
// being the same file, or by a base name that only one of its files has.
func (s *Server) fileOf(path string) (int, error) {
	if len(s.paths) == 0 {
		return -1, errors.New("the program has no source information (a raw program): use instruction breakpoints")
	}
	abs, _ := filepath.Abs(path)
	for i, p := range s.paths {
		if p == abs {
			return i, nil
		}
	}
	if st, err := os.Stat(path); err == nil {
		for i, p := range s.paths {
			if pst, err := os.Stat(p); err == nil && os.SameFile(st, pst) {
				return i, nil
			}
		}
	}
	found := -1
	for i, p := range s.paths {
		if filepath.Base(p) == filepath.Base(path) {
			if found >= 0 {
				return -1, fmt.Errorf("%s is not a file of the program", path)
			}
			found = i
		}
	}
	if found < 0 {
		return -1, fmt.Errorf("%s is not a file of the program (its files: %s)", path, strings.Join(s.paths, ", "))
	}
	return found, nil
}

func (s *Server) onSetInstructionBreakpoints(req *dap.SetInstructionBreakpointsRequest) error {
	s.deletePoints(s.points.instrIDs)
	s.points.instrIDs = nil
	bps := s.setInstructionBreakpoints(req.Arguments.Breakpoints)
	s.out.send(&dap.SetInstructionBreakpointsResponse{Response: response(&req.Request),
		Body: dap.SetInstructionBreakpointsResponseBody{Breakpoints: bps}})
	return nil
}

// setInstructionBreakpoints sets the breakpoints on code addresses (the
// disassembly view's). An offset counts words, as code addresses do.
func (s *Server) setInstructionBreakpoints(want []dap.InstructionBreakpoint) []dap.Breakpoint {
	out := make([]dap.Breakpoint, len(want))
	for i, w := range want {
		b := &out[i]
		b.InstructionReference, b.Offset = w.InstructionReference, w.Offset
		ref, err := parseRef(w.InstructionReference)
		if err != nil {
			b.Message = err.Error()
			continue
		}
		addr := ref + int64(w.Offset)
		if !s.isInstruction(addr) {
			b.Message = fmt.Sprintf("code address %d is not the start of an instruction", addr)
			continue
		}
		id, err := s.eng.AddBreakpoint(uint32(addr), w.Condition, w.HitCondition)
		if err != nil {
			b.Message = err.Error()
			continue
		}
		s.points.instrIDs = append(s.points.instrIDs, id)
		s.notePoint(id, instructionPoint)
		b.Id, b.Verified = id, true
		b.Source, b.Line = s.where(uint32(addr))
	}
	return out
}

// parseRef reads a memory or instruction reference: a decimal address, or
// hexadecimal with 0x.
func parseRef(ref string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(ref), 0, 64)
	if err != nil {
		return 0, fmt.Errorf("bad address %q: write a number, e.g. 12 or 0xc", ref)
	}
	return n, nil
}

func (s *Server) onSetExceptionBreakpoints(req *dap.SetExceptionBreakpointsRequest) error {
	filters := req.Arguments.Filters
	for _, o := range req.Arguments.FilterOptions {
		filters = append(filters, o.FilterId)
	}
	var bps []dap.Breakpoint
	on := false
	for _, f := range filters {
		if f != faultsFilter {
			return fmt.Errorf("unknown exception filter %q (cpu32 has %q)", f, faultsFilter)
		}
		on = true
		bps = append(bps, dap.Breakpoint{Verified: true})
	}
	s.stopOnFault.Store(on)
	s.out.send(&dap.SetExceptionBreakpointsResponse{Response: response(&req.Request),
		Body: dap.SetExceptionBreakpointsResponseBody{Breakpoints: bps}})
	return nil
}

// onDataBreakpointInfo says what can be watched: a register, a flag (the
// flags word), a memory word shown in a scope, or an expression naming a
// register or a word ("eax", "[count]").
func (s *Server) onDataBreakpointInfo(req *dap.DataBreakpointInfoRequest) error {
	body := dap.DataBreakpointInfoResponseBody{DataId: nil, Description: "only a register or a memory word can be watched"}
	name := req.Arguments.Name
	var id, desc string
	ref := req.Arguments.VariablesReference
	if ref > refCallerRegs {
		ref = refRegisters // a caller's frame's register is the register
	}
	switch ref {
	case refRegisters:
		if _, ok := memory.RegByName(name); ok {
			id, desc = name, name
		}
	case refFlags:
		id, desc = memory.FLAGS.String(), "the flags word"
	case refStack, refMemory, refData:
		for _, v := range s.variables(req.Arguments.VariablesReference, nil) {
			if v.Name == name && v.MemoryReference != "" {
				id, desc = "["+v.MemoryReference+"]", fmt.Sprintf("%s (word %s)", name, v.MemoryReference)
			}
		}
	case 0:
		if _, ok := memory.RegByName(strings.TrimSpace(name)); ok || strings.HasPrefix(strings.TrimSpace(name), "[") {
			id, desc = strings.TrimSpace(name), strings.TrimSpace(name)
		}
	}
	if id != "" {
		body = dap.DataBreakpointInfoResponseBody{DataId: id, Description: desc + " changes",
			AccessTypes: []dap.DataBreakpointAccessType{"write"}, CanPersist: true}
	}
	s.out.send(&dap.DataBreakpointInfoResponse{Response: response(&req.Request), Body: body})
	return nil
}

func (s *Server) onSetDataBreakpoints(req *dap.SetDataBreakpointsRequest) error {
	s.deletePoints(s.points.dataIDs)
	s.points.dataIDs = nil
	bps := s.setDataBreakpoints(req.Arguments.Breakpoints)
	s.out.send(&dap.SetDataBreakpointsResponse{Response: response(&req.Request),
		Body: dap.SetDataBreakpointsResponseBody{Breakpoints: bps}})
	return nil
}

// setDataBreakpoints sets watchpoints: each stops after an instruction
// changes its word.
func (s *Server) setDataBreakpoints(want []dap.DataBreakpoint) []dap.Breakpoint {
	out := make([]dap.Breakpoint, len(want))
	for i, d := range want {
		b := &out[i]
		w, err := s.eng.AddWatchpoint(d.DataId, d.Condition, d.HitCondition)
		if err != nil {
			b.Message = err.Error()
			continue
		}
		s.points.dataIDs = append(s.points.dataIDs, w.ID)
		s.notePoint(w.ID, dataPoint)
		b.Id, b.Verified = w.ID, true
	}
	return out
}

// logPart is a piece of a log point's message: text, or an expression
// written in braces, whose value replaces it.
type logPart struct {
	text string
	expr bool
}

// maxLogMessage bounds a log point's message: it is written out each time
// the program passes, an expression's error with the expression's text.
const maxLogMessage = 4096

// splitLog cuts a log message into text and {expressions}, as VS Code
// writes them ("n is {eax}"); "{{" and "}}" stand for a brace.
func splitLog(msg string) ([]logPart, error) {
	if len(msg) > maxLogMessage {
		return nil, fmt.Errorf("log message too long: %d characters (at most %d)", len(msg), maxLogMessage)
	}
	var parts []logPart
	var text strings.Builder
	for i := 0; i < len(msg); i++ {
		switch {
		case strings.HasPrefix(msg[i:], "{{"), strings.HasPrefix(msg[i:], "}}"):
			text.WriteByte(msg[i])
			i++
		case msg[i] == '{':
			end := strings.IndexByte(msg[i:], '}')
			if end < 0 {
				return nil, fmt.Errorf("log message: the { at column %d has no }", i+1)
			}
			parts = append(parts, logPart{text: text.String()}, logPart{text: strings.TrimSpace(msg[i+1 : i+end]), expr: true})
			text.Reset()
			i += end
		case msg[i] == '}':
			return nil, fmt.Errorf("log message: the } at column %d closes no {", i+1)
		default:
			text.WriteByte(msg[i])
		}
	}
	return append(parts, logPart{text: text.String()}), nil
}

// logStop takes the log points out of a stop at breakpoints: it returns
// their ids, and st with the others, which stop. A stop that names only
// log points is no stop: the run logs and goes on.
func (s *Server) logStop(st Stop) (logs []int, rest Stop) {
	if st.Kind != StopBreakpoint || st.Text != "" {
		return nil, st
	}
	var stops []int
	for _, id := range st.IDs {
		if _, ok := s.points.logs[id]; ok {
			logs = append(logs, id)
		} else {
			stops = append(stops, id)
		}
	}
	st.IDs = stops
	return logs, st
}

// logPoints sends the messages of the log points at eip, after the output
// the program printed before it got there, each with its place.
func (s *Server) logPoints(ids []int) {
	var text string
	s.eng.Peek(func() { text, _ = s.newOutput() })
	if text != "" {
		s.output("stdout", text)
	}
	src, line := s.where(s.eng.CPU().EIP())
	for _, id := range ids {
		parts, _ := splitLog(s.points.logs[id]) // checked when it was set
		var b strings.Builder
		for _, p := range parts {
			if !p.expr {
				b.WriteString(p.text)
				continue
			}
			if v, err := s.eng.Evaluate(p.text); err != nil {
				fmt.Fprintf(&b, "<%s: %v>", p.text, err)
			} else {
				fmt.Fprint(&b, int32(v))
			}
		}
		b.WriteByte('\n')
		s.out.send(&dap.OutputEvent{Event: event("output"), Body: dap.OutputEventBody{Category: "console", Output: b.String(), Source: src, Line: line}})
	}
}
