package dap

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/google/go-dap"

	"cpu32/cpu"
	"cpu32/isa"
	"cpu32/memory"
)

// Variable references of the scopes. They name the same words in every
// frame (a cpu32 call saves no registers of its own), but for the
// registers of a caller's frame, whose eip and esp the shadow call stack
// knows: their reference is refCallerRegs plus the frame's id.
const (
	refRegisters = iota + 1
	refFlags
	refStack
	refMemory
	refData

	refCallerRegs = 1 << 24
)

// Bounds on what a scope lists.
const (
	maxStackVars = 256 // the top of the stack
	nearESP      = 8   // words on each side of esp in the memory scope
)

// ErrUnknownCommand is what Engine.Command returns for a line that is not
// a debugger command: the debug console then evaluates it as an
// expression.
var ErrUnknownCommand = errors.New("unknown command")

// ErrRunningCommand is what Engine.Command returns for a command that
// moves the program (step, continue, ...): in the debug console these go
// through the editor's buttons, which the server can pause.
var ErrRunningCommand = errors.New("commands that run the program are the toolbar's (continue, step over, step into, step out, step back, reverse continue)")

// where returns the source and line of the instruction at addr, if known.
func (s *Server) where(addr uint32) (*dap.Source, int) {
	d := s.eng.Program().Debug
	file, line, ok := d.Where(addr)
	if !ok {
		return nil, 0
	}
	for i, f := range d.Files {
		if f == file && i < len(s.paths) {
			return s.source(i), line
		}
	}
	return nil, 0
}

// source describes source file fi. A file that is not on disk (an image
// moved without its sources) is served from the text the image keeps, by
// reference: the client asks for it with a source request.
func (s *Server) source(fi int) *dap.Source {
	src := &dap.Source{Name: filepath.Base(s.paths[fi]), Path: s.paths[fi]}
	if _, err := os.Stat(src.Path); err != nil {
		if d := s.eng.Program().Debug; fi < len(d.Source) && len(d.Source[fi]) > 0 {
			src.SourceReference = fi + 1
		}
	}
	return src
}

func (s *Server) onSource(req *dap.SourceRequest) error {
	ref := req.Arguments.SourceReference
	if ref == 0 && req.Arguments.Source != nil {
		ref = req.Arguments.Source.SourceReference
	}
	d := s.eng.Program().Debug
	if d == nil || ref < 1 || ref > len(d.Source) || len(d.Source[ref-1]) == 0 {
		return fmt.Errorf("no source with reference %d", ref)
	}
	s.out.send(&dap.SourceResponse{Response: response(&req.Request),
		Body: dap.SourceResponseBody{Content: strings.Join(d.Source[ref-1], "\n") + "\n"}})
	return nil
}

func (s *Server) onStackTrace(req *dap.StackTraceRequest) error {
	frames := s.eng.Frames()
	start := min(max(req.Arguments.StartFrame, 0), len(frames))
	end := len(frames)
	if n := req.Arguments.Levels; n > 0 {
		end = min(end, start+n)
	}
	out := make([]dap.StackFrame, 0, end-start)
	for i := start; i < end; i++ {
		f := frames[i]
		sf := dap.StackFrame{Id: i + 1, Name: f.Function, Column: 1,
			InstructionPointerReference: strconv.FormatUint(uint64(f.Addr), 10)}
		sf.Source, sf.Line = s.where(f.Addr)
		if sf.Source == nil {
			sf.Column = 0
			sf.PresentationHint = "subtle"
		}
		out = append(out, sf)
	}
	s.out.send(&dap.StackTraceResponse{Response: response(&req.Request),
		Body: dap.StackTraceResponseBody{StackFrames: out, TotalFrames: len(frames)}})
	return nil
}

func (s *Server) onScopes(req *dap.ScopesRequest) error {
	regs := dap.Scope{Name: "Registers", PresentationHint: "registers", VariablesReference: refRegisters, NamedVariables: memory.NumRegs}
	known, err := s.frameRegs(req.Arguments.FrameId)
	if err != nil {
		return err
	}
	if known != nil {
		regs.Name = "Registers (this frame's eip and esp; the others current)"
		regs.VariablesReference = refCallerRegs + req.Arguments.FrameId
	}
	scopes := []dap.Scope{
		regs,
		{Name: "Flags", VariablesReference: refFlags, NamedVariables: len(isa.FlagBits)},
		{Name: "Stack", VariablesReference: refStack},
		{Name: "Memory near esp", VariablesReference: refMemory},
	}
	if len(s.dataLabels()) > 0 {
		scopes = append(scopes, dap.Scope{Name: "Data", VariablesReference: refData})
	}
	s.out.send(&dap.ScopesResponse{Response: response(&req.Request), Body: dap.ScopesResponseBody{Scopes: scopes}})
	return nil
}

func (s *Server) onVariables(req *dap.VariablesRequest) error {
	ref := req.Arguments.VariablesReference
	var vars []dap.Variable
	switch {
	case ref > refCallerRegs:
		known, err := s.frameRegs(ref - refCallerRegs)
		if err != nil {
			return err
		}
		vars = s.registers(known, req.Arguments.Format)
	case ref < refRegisters || ref > refData:
		return fmt.Errorf("no variables with reference %d", ref)
	default:
		vars = s.variables(ref, req.Arguments.Format)
	}
	if start := req.Arguments.Start; start > 0 {
		vars = vars[min(start, len(vars)):]
	}
	if n := req.Arguments.Count; n > 0 && n < len(vars) {
		vars = vars[:n]
	}
	s.out.send(&dap.VariablesResponse{Response: response(&req.Request), Body: dap.VariablesResponseBody{Variables: vars}})
	return nil
}

// formatWord shows a word as the debugger does: signed decimal, or hex
// when the client asks for it.
func formatWord(v uint32, f *dap.ValueFormat) string {
	if f != nil && f.Hex {
		return fmt.Sprintf("0x%08x", v)
	}
	return strconv.Itoa(int(int32(v)))
}

// word is a memory word as a variable: its value, its bits in hex as the
// detail, and its address as the memory reference.
func word(name, evalName string, addr, v uint32, f *dap.ValueFormat) dap.Variable {
	return dap.Variable{Name: name, Value: formatWord(v, f), Type: fmt.Sprintf("0x%08x", v), EvaluateName: evalName,
		MemoryReference: strconv.FormatUint(uint64(addr), 10)}
}

// variables lists a scope's words.
func (s *Server) variables(ref int, f *dap.ValueFormat) []dap.Variable {
	c := s.eng.CPU()
	mem := c.Memory()
	var vars []dap.Variable
	switch ref {
	case refRegisters:
		vars = s.registers(nil, f)
	case refFlags:
		flags := mem.Reg(memory.FLAGS)
		for _, b := range isa.FlagBits {
			val := "0"
			if flags&b.Mask != 0 {
				val = "1"
			}
			vars = append(vars, dap.Variable{Name: b.Name, Value: val, Type: fmt.Sprintf("flags bit 0x%x", b.Mask)})
		}
	case refStack:
		esp := mem.Reg(memory.ESP)
		depth := min(c.StackDepth(), maxStackVars)
		for i := int64(0); i < depth; i++ {
			vars = append(vars, s.espWord(esp, i, f))
		}
	case refMemory:
		esp := int64(mem.Reg(memory.ESP))
		for i := int64(-nearESP); i < nearESP; i++ {
			if a := esp + i; a >= 0 && a < int64(mem.Size()) {
				vars = append(vars, s.espWord(uint32(esp), i, f))
			}
		}
	case refData:
		for _, l := range s.dataLabels() {
			v, _ := mem.Load(l.Value)
			vars = append(vars, word(l.Name, "["+l.Name+"]", l.Value, v, f))
		}
	}
	return vars
}

// registers lists the registers, with the values known has (a caller's
// frame's, see frameRegs) in place of the current ones; the others say
// that they are current.
func (s *Server) registers(known map[memory.Reg]uint32, f *dap.ValueFormat) []dap.Variable {
	mem := s.eng.CPU().Memory()
	var vars []dap.Variable
	for _, r := range memory.Regs() {
		val, ok := known[r]
		if !ok {
			val = mem.Reg(r)
		}
		v := word(r.String(), r.String(), uint32(r), val, f)
		if r == memory.FLAGS {
			v.Type += " [" + strings.Join(isa.FlagNames(val), " ") + "]"
		}
		if known != nil && !ok {
			v.Type += " (the current value)"
		}
		vars = append(vars, v)
	}
	return vars
}

// espWord is the word at esp+i, named as the expression that reads it.
func (s *Server) espWord(esp uint32, i int64, f *dap.ValueFormat) dap.Variable {
	name := "[esp]"
	switch {
	case i > 0:
		name = fmt.Sprintf("[esp+%d]", i)
	case i < 0:
		name = fmt.Sprintf("[esp%d]", i)
	}
	addr := uint32(int64(esp) + i)
	v, _ := s.eng.CPU().Memory().Load(addr)
	w := word(name, name, addr, v, f)
	if addr == s.eng.CPU().Memory().Reg(memory.EBP) {
		w.Type += " <- ebp"
	}
	return w
}

// dataLabels are the program's data labels inside memory, by address.
type dataLabel struct {
	Name  string
	Value uint32
}

func (s *Server) dataLabels() []dataLabel {
	d := s.eng.Program().Debug
	if d == nil {
		return nil
	}
	var out []dataLabel
	size := uint32(s.eng.CPU().Memory().Size())
	for _, l := range d.Labels {
		if l.Data && l.Value < size {
			out = append(out, dataLabel{l.Name, l.Value})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Value < out[j].Value })
	return out
}

// onSetVariable changes a register, a flag or a memory word through the
// engine, so that stepping back undoes it like a step. The value is an
// expression of the engine's (a flag takes 1, 0, true or false).
func (s *Server) onSetVariable(req *dap.SetVariableRequest) error {
	a := req.Arguments
	var addr, v uint32
	var err error
	switch a.VariablesReference {
	case refRegisters:
		r, ok := memory.RegByName(a.Name)
		if !ok {
			return fmt.Errorf("no register %q", a.Name)
		}
		addr = uint32(r)
		v, err = s.eng.Evaluate(a.Value)
	case refFlags:
		mask := flagMask(a.Name)
		if mask == 0 {
			return fmt.Errorf("no flag %q", a.Name)
		}
		addr, v = uint32(memory.FLAGS), s.eng.CPU().Memory().Reg(memory.FLAGS)
		switch strings.ToLower(strings.TrimSpace(a.Value)) {
		case "1", "true":
			v |= mask
		case "0", "false":
			v &^= mask
		default:
			return fmt.Errorf("a flag is 1 or 0, not %q", a.Value)
		}
	case refStack, refMemory, refData:
		found := false
		for _, w := range s.variables(a.VariablesReference, nil) {
			if w.Name == a.Name {
				n, _ := strconv.ParseUint(w.MemoryReference, 10, 32)
				addr, found = uint32(n), true
			}
		}
		if !found {
			return fmt.Errorf("no variable %q in that scope", a.Name)
		}
		v, err = s.eng.Evaluate(a.Value)
	default:
		if a.VariablesReference > refCallerRegs {
			return errors.New("a caller's frame's registers cannot be set: set them in the top frame")
		}
		return fmt.Errorf("no variables with reference %d", a.VariablesReference)
	}
	if err == nil {
		err = s.eng.SetWord(addr, v)
	}
	if err != nil {
		return err
	}
	shown := formatWord(v, a.Format)
	if a.VariablesReference == refFlags {
		shown = "0"
		if v&flagMask(a.Name) != 0 {
			shown = "1"
		}
	}
	s.out.send(&dap.SetVariableResponse{Response: response(&req.Request),
		Body: dap.SetVariableResponseBody{Value: shown, Type: fmt.Sprintf("0x%08x", v)}})
	s.invalidate()
	return nil
}

// flagMask is the named flag's bit, 0 for no flag of that name.
func flagMask(name string) uint32 {
	for _, b := range isa.FlagBits {
		if b.Name == name {
			return b.Mask
		}
	}
	return 0
}

// invalidate asks the client to fetch the views again: a set or a command
// in the console may have changed any word.
func (s *Server) invalidate() {
	if s.clientInvalidates {
		s.out.send(&dap.InvalidatedEvent{Event: event("invalidated"),
			Body: dap.InvalidatedEventBody{Areas: []dap.InvalidatedAreas{"all"}, ThreadId: threadID}})
	}
}

// onEvaluate computes an expression for the Watch view, a hover or the
// clipboard; in the debug console (context repl) it runs a debugger
// command, or evaluates a line that is not one.
func (s *Server) onEvaluate(req *dap.EvaluateRequest) error {
	a := req.Arguments
	text := strings.TrimSpace(a.Expression)
	if text == "" {
		return errors.New("nothing to evaluate")
	}
	if a.Context == "repl" {
		out, err := s.eng.Command(text)
		switch {
		case errors.Is(err, ErrUnknownCommand):
		case err != nil:
			return err
		default:
			s.flushOutput()
			s.out.send(&dap.EvaluateResponse{Response: response(&req.Request), Body: dap.EvaluateResponseBody{Result: out}})
			s.invalidate()
			return nil
		}
	}
	known, err := s.frameRegs(a.FrameId)
	if err != nil {
		return err
	}
	text, current := inFrame(text, known)
	v, err := s.eng.Evaluate(text)
	if err != nil {
		return err
	}
	result := formatWord(v, a.Format)
	if a.Context == "hover" || a.Context == "repl" {
		if a.Format == nil || !a.Format.Hex {
			result += fmt.Sprintf(" (0x%08x)", v)
		}
	}
	if len(current) > 0 && a.Context != "clipboard" {
		result += fmt.Sprintf(" [%s: the current value, not this frame's]", strings.Join(current, ", "))
	}
	s.out.send(&dap.EvaluateResponse{Response: response(&req.Request),
		Body: dap.EvaluateResponseBody{Result: result, Type: fmt.Sprintf("0x%08x", v)}})
	return nil
}

// frameRegs are the registers whose values in the frame with id frameID
// the shadow call stack knows, when that frame is a caller's (nil for the
// current frame, id 1, and for no frame, id 0): its eip stands on its
// call, and its esp is where it was before the call pushed the return
// address.
func (s *Server) frameRegs(frameID int) (map[memory.Reg]uint32, error) {
	if frameID <= 1 {
		return nil, nil
	}
	calls := s.eng.CPU().CallStack() // the frames of Frames, whose ids are their index + 1
	if frameID > len(calls)+1 {
		return nil, fmt.Errorf("no frame with id %d (the frames are 1 to %d)", frameID, len(calls)+1)
	}
	call := calls[frameID-2]
	return map[memory.Reg]uint32{memory.EIP: call.Site, memory.ESP: call.ESP + 1}, nil
}

// inFrame rewrites an expression of the engine's for a frame: each
// register that known has is replaced by its value there. It returns the
// registers the expression reads that known lacks: they keep their
// current values. Character literals and numbers are left as they are.
func inFrame(expr string, known map[memory.Reg]uint32) (string, []string) {
	if known == nil {
		return expr, nil
	}
	var b strings.Builder
	var current []string
	for i := 0; i < len(expr); {
		c := expr[i]
		switch {
		case c == '\'':
			j := i + 1
			if j < len(expr) && expr[j] == '\\' {
				j++
			}
			j = min(j+1, len(expr))
			if j < len(expr) && expr[j] == '\'' {
				j++
			}
			b.WriteString(expr[i:j])
			i = j
		case isWordByte(c) || c == '$' && i+1 < len(expr) && isWordByte(expr[i+1]):
			j := i + 1
			for j < len(expr) && isWordByte(expr[j]) {
				j++
			}
			word := expr[i:j]
			i = j
			name := strings.ToLower(strings.TrimPrefix(word, "$"))
			r, isReg := memory.RegByName(name)
			if !isReg || word[0] >= '0' && word[0] <= '9' {
				b.WriteString(word)
				continue
			}
			if v, ok := known[r]; ok {
				b.WriteString(strconv.FormatUint(uint64(v), 10))
				continue
			}
			if !slices.Contains(current, name) {
				current = append(current, name)
			}
			b.WriteString(word)
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), current
}

// flushOutput sends what the program printed since the last report.
func (s *Server) flushOutput() {
	if text, _ := s.newOutput(); text != "" {
		s.output("stdout", text)
	}
}

// newOutput returns what the program printed since the last report, or
// how many bytes a step back took back.
func (s *Server) newOutput() (text string, took uint64) {
	size := s.eng.OutputSize()
	if size < s.sent {
		took, s.sent = s.sent-size, size
		return "", took
	}
	text, _ = s.eng.OutputFrom(s.sent)
	s.sent = size
	return text, 0
}

func (s *Server) onExceptionInfo(req *dap.ExceptionInfoRequest) error {
	c := s.eng.CPU()
	if c.State() != cpu.Faulted {
		return errors.New("the program has not faulted")
	}
	f := c.Fault()
	line := faultLine(s, f)
	s.out.send(&dap.ExceptionInfoResponse{Response: response(&req.Request), Body: dap.ExceptionInfoResponseBody{
		ExceptionId: f.Kind.String(), Description: f.Msg, BreakMode: "always",
		Details: &dap.ExceptionDetails{Message: line, TypeName: "fault " + f.Kind.String()},
	}})
	return nil
}

// onCompletions completes the word before the cursor in the debug console:
// a command at the start of the line, else a register or a label.
func (s *Server) onCompletions(req *dap.CompletionsRequest) error {
	text := req.Arguments.Text
	col := min(max(req.Arguments.Column-1, 0), len(text)) // columns start at 1
	start := col
	for start > 0 && isWordByte(text[start-1]) {
		start--
	}
	word := text[start:col]
	var items []dap.CompletionItem
	add := func(label, kind, detail string) {
		if strings.HasPrefix(label, word) {
			items = append(items, dap.CompletionItem{Label: label, Type: dap.CompletionItemType(kind), Detail: detail,
				Start: start + 1, Length: len(word)})
		}
	}
	if strings.TrimSpace(text[:start]) == "" {
		for _, c := range s.eng.Commands() {
			add(c.Name, "keyword", c.Help)
		}
	} else {
		for _, r := range memory.Regs() {
			add(r.String(), "variable", "register")
		}
		if d := s.eng.Program().Debug; d != nil {
			for _, l := range d.Labels {
				kind, what := "function", "code label"
				if l.Data {
					kind, what = "variable", "data label"
				}
				add(l.Name, kind, what)
			}
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Label < items[j].Label })
	s.out.send(&dap.CompletionsResponse{Response: response(&req.Request), Body: dap.CompletionsResponseBody{Targets: items}})
	return nil
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
