package repl

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"cpu32/assembler"
	"cpu32/backtrace"
	"cpu32/cpu"
	"cpu32/image"
	"cpu32/internal/limited"
	"cpu32/memory"
)

// DefaultMaxSteps is how many steps one typed line may run before it is
// stopped as a runaway loop.
const DefaultMaxSteps = 1_000_000

// MaxMaxSteps bounds the step limit: every step of a line is kept for
// undo (about 50 bytes each), and a line stopped at the limit is undone.
const MaxMaxSteps = 10_000_000

// MaxLine bounds a typed line, in bytes (its line break not counted), as
// a terminal's own line editor does (Linux's holds 4096): far more than
// any instruction, data line or command, little enough that a line that
// never ends (`cpu32 repl < /dev/zero`) is refused after reading that
// much, and that readline, which redraws the whole line at every key, can
// still show it. Readers of lines read no more than MaxLine+2 bytes of one,
// and Eval refuses it.
const MaxLine = 4 << 10

// TooLong reports whether line, less its line break, is longer than
// MaxLine: Eval refuses it.
func TooLong(line string) bool { return len(strings.TrimRight(line, "\r\n")) > MaxLine }

// chunk is how many steps run between two looks at the interrupt flag.
const chunk = 1 << 16

// Config sets up a session.
type Config struct {
	// Machine configures the machine (memory, stack, host functions); its
	// Out is the session's, and its MaxSteps is left alone: MaxSteps below
	// limits each line instead.
	Machine  cpu.Config
	MaxSteps uint64 // per line; 0 means DefaultMaxSteps
	// WriteFile writes .save's file; the CLI passes outfile.Write, which
	// writes it atomically and never waits for ever on a FIFO.
	// nil makes .save an error.
	WriteFile func(path string, data []byte) error
	// NoWarn leaves out the assembler's warnings (--no-warn): those about
	// a typed line and those about a file .load loads.
	NoWarn bool
}

// Session is a machine that runs each line as it is typed: the program is
// everything typed so far (after the loaded file, if any), and eip sits at
// its end between lines.
type Session struct {
	cfg      Config
	maxSteps uint64
	file     string            // the loaded file as the user named it; "" for none
	text     []byte            // its text, as loaded: the programs are built on it
	onDisk   []byte            // what it held when last read or written (.save)
	files    map[string][]byte // every file read for an %include, by name
	warns    assembler.ErrorList
	lines    []entry
	base     *image.Program // the program before any typed line
	c        *cpu.CPU
	out      capped
	stop     atomic.Bool
}

// entry is one accepted typed line and what undoing it needs.
type entry struct {
	text       string
	prog       *image.Program // the program with this line
	steps      uint64         // the step count before it ran
	start, end uint32         // its code: [start, end)
	dataAt     uint32         // the address of its first data word
	dataOld    []uint32       // the memory words its data replaced
	isData     bool           // a .data line (data or section switch)
	eip        uint32         // eip before it: the end of the code, or a hlt's
}

// replFile names the typed lines in the assembler's diagnostics and debug
// information.
const replFile = "repl"

// New starts a session on an empty machine.
func New(cfg Config) (*Session, error) {
	s := &Session{cfg: cfg, maxSteps: cfg.MaxSteps}
	if s.maxSteps == 0 {
		s.maxSteps = DefaultMaxSteps
	}
	if s.maxSteps > MaxMaxSteps {
		return nil, fmt.Errorf("step limit %d is above %d", s.maxSteps, MaxMaxSteps)
	}
	if err := s.load(""); err != nil {
		return nil, err
	}
	return s, nil
}

// Load replaces the session with one on path's program: its code, data and
// labels known, nothing of it run. It returns the assembler's warnings
// about the file (none under NoWarn); its error is an
// assembler.ErrorList, or what kept the file from being read.
func (s *Session) Load(path string) (assembler.ErrorList, error) {
	if err := s.load(path); err != nil {
		return nil, err
	}
	return s.warns, nil
}

func (s *Session) load(path string) error {
	var text []byte
	var warns assembler.ErrorList
	// Only regular files are read (readSource), the loaded one and what
	// it includes.
	files := map[string][]byte{}
	if path != "" {
		// Read here, once and with a bound, so that what is wrong with
		// the file (missing, a directory, /dev/zero) is said of it, not
		// of an %include the user never wrote; and assembled on its own
		// first, so that its errors and warnings read as run's.
		var err error
		if text, err = readSource(path); err != nil {
			return readError(path, err)
		}
		files[filepath.Clean(path)] = text
		if _, warns, err = assembler.AssembleWithWarnings(path, text, assembler.Options{ReadFile: cached(files)}); err != nil {
			return err
		}
		if s.cfg.NoWarn {
			warns = nil
		}
	}
	p, err := assembler.Assemble(replFile, []byte(header(path)), assembler.Options{ReadFile: cached(files)})
	if err != nil {
		return err
	}
	mc := s.cfg.Machine
	mc.Out, mc.MaxSteps = &s.out, 0
	c, err := cpu.New(p, mc)
	if err != nil {
		return err
	}
	// The loaded program's own code does not run: the session starts at
	// its end, where the first typed line will be.
	c.SetEIP(c.CodeLen())
	c.SetJournal(cpu.NewJournal(int(max(s.maxSteps, cpu.DefaultHistory))))
	s.file, s.text, s.onDisk, s.warns, s.files = path, text, text, warns, files
	s.base, s.c, s.lines = p, c, nil
	return nil
}

// cached reads the files a program's %includes name once: the loaded
// file (read already) and what it includes as they were when it was
// loaded, whatever they hold by the time a later line is typed (a .save
// over the loaded file, an edit).
func cached(files map[string][]byte) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if b, ok := files[name]; ok {
			return b, nil
		}
		b, err := readSource(name)
		if err == nil {
			files[name] = b
		}
		return b, err
	}
}

// readSource reads a source file as the assembler would, bounded, but
// only a regular file: a named pipe, a device or a folder is refused at
// once (limited.OpenRegular), where a pipe nobody writes would keep the
// session waiting for ever, where no Ctrl-C reaches.
func readSource(path string) ([]byte, error) {
	return limited.ReadRegularFile(path, assembler.MaxFileSize, "a source file")
}

// readError says why the file at path could not be read: "lib.asm: no
// such file", "lib: is a directory".
func readError(path string, err error) error {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		err = errors.New("no such file")
	case errors.As(err, &pe):
		err = pe.Err
	}
	return fmt.Errorf("%s: %w", path, err)
}

// header is the source before the typed lines: the loaded file (named as
// the user named it: the assembler looks a relative name up in the
// current folder), then back to the code section whatever section the
// file ended in.
func header(path string) string {
	if path == "" {
		return ""
	}
	return fmt.Sprintf("%%include %q\nsection .text\n", path)
}

// frames names calls for a backtrace: a call site among the typed lines
// as "typed:N", N counting the lines accepted so far from 1 (as .program
// numbers them); one in the loaded file by its file and line.
func (s *Session) frames(p *image.Program, calls []cpu.Frame) []backtrace.Frame {
	frames := backtrace.Symbolize(p, calls)
	for i := range frames {
		if frames[i].File == replFile {
			frames[i].File, frames[i].Line = "typed", s.typedLine(frames[i].Line)
		}
	}
	return frames
}

// typedLine is the number of the typed line at line n of the source the
// session assembles (after the loaded file's %include): 1 for the first
// line accepted.
func (s *Session) typedLine(n int) int { return n - strings.Count(header(s.file), "\n") }

// source is the program's text with text typed after the accepted lines.
func (s *Session) source(extra ...string) string {
	var b strings.Builder
	b.WriteString(header(s.file))
	for _, e := range s.lines {
		b.WriteString(e.text)
		b.WriteByte('\n')
	}
	for _, x := range extra {
		b.WriteString(x)
		b.WriteByte('\n')
	}
	return b.String()
}

// program returns the program of the accepted lines.
func (s *Session) program() *image.Program {
	if len(s.lines) == 0 {
		return s.base
	}
	return s.lines[len(s.lines)-1].prog
}

// CPU returns the session's machine.
func (s *Session) CPU() *cpu.CPU { return s.c }

// File returns the loaded file as it was named, or "".
func (s *Session) File() string { return s.file }

// InData reports whether the next line goes into the data section.
func (s *Session) InData() bool {
	for i := len(s.lines) - 1; i >= 0; i-- {
		switch section(s.lines[i].text) {
		case ".data":
			return true
		case ".text":
			return false
		}
	}
	return false
}

// section returns ".data" or ".text" when line switches sections.
func section(line string) string {
	f := strings.Fields(assembler.Statement(line))
	if len(f) == 2 && f[0] == "section" {
		f = f[1:]
	}
	if len(f) == 1 && (f[0] == ".data" || f[0] == ".text") {
		return f[0]
	}
	return ""
}

// Interrupt stops the line that is running (from another goroutine, on
// Ctrl-C); it is undone as a runaway loop is.
func (s *Session) Interrupt() { s.stop.Store(true) }

// Eval runs one typed line: an instruction, a label, data, a directive, or
// a command starting with a dot.
func (s *Session) Eval(line string) Result {
	if TooLong(line) {
		return Result{Kind: Error, Msg: fmt.Sprintf("the line is longer than %s, the limit for a line", limited.Size(MaxLine))}
	}
	text := strings.TrimRight(line, " \t\r\n")
	trimmed := strings.TrimSpace(text)
	switch {
	case trimmed == "" || trimmed[0] == ';' || trimmed[0] == '#':
		return Result{Kind: Nothing}
	case strings.HasPrefix(trimmed, ".") && section(trimmed) == "":
		return s.command(trimmed)
	}
	return s.assembleAndRun(text)
}

// assembleAndRun appends text to the program and runs what it added.
func (s *Session) assembleAndRun(text string) Result {
	prev := s.program()
	src := s.source(text)
	p, warns, err := assembler.AssembleWithWarnings(replFile, []byte(src), assembler.Options{ReadFile: cached(s.files)})
	if err != nil {
		return s.assemblyErrors(err)
	}
	start, end := uint32(len(prev.Code)), uint32(len(p.Code))
	if len(p.Code) < len(prev.Code) || !slices.Equal(prev.Code, p.Code[:len(prev.Code)]) || !slices.Equal(prev.Data, p.Data[:min(len(prev.Data), len(p.Data))]) {
		return Result{Kind: Error, Msg: "this line would change what was typed before it"}
	}
	c := s.c
	if err := c.Replace(p); err != nil {
		return Result{Kind: Error, Msg: err.Error()}
	}
	e := entry{text: text, prog: p, steps: c.Steps(), start: start, end: end, eip: c.EIP(),
		dataAt: image.DataBase + uint32(len(prev.Data)), isData: s.InData() || section(text) != ""}
	words := c.Memory().Words()
	for i, v := range p.Data[len(prev.Data):] {
		a := e.dataAt + uint32(i)
		e.dataOld = append(e.dataOld, words[a])
		words[a] = v
	}
	s.out.Reset()
	r := Result{Kind: Ran, Labels: newLabels(prev, p)}
	if !s.cfg.NoWarn {
		r.Warnings = s.lineWarnings(warns, strings.Count(src, "\n"))
	}
	if end > start {
		r.Stop = s.run(start, e.steps)
		r.Steps = c.Steps() - e.steps
		if r.Stop != Finished && r.Stop != Halted {
			r.Kind, r.Fault = Stopped, c.Fault()
			r.frames = s.frames(p, c.CallStack())
			if r.Fault != nil {
				r.Where = r.Fault.EIP
			} else {
				r.Where = c.EIP()
			}
			r.Instruction = s.lineAt(p, r.Where)
			r.Output = s.out.String()
			if !s.undoTo(e, prev) {
				r.Msg = "the machine could not be put back (too many steps to undo): it stays where it stopped"
			}
			return r
		}
	}
	if r.Steps == 0 && end == start {
		r.Kind = Defined
	}
	r.Changes = s.visible(s.changed(e))
	r.Output = s.out.String()
	s.lines = append(s.lines, e)
	return r
}

// run runs the code from start until eip reaches the end of what was
// typed, a hlt, a fault, the step limit or an interrupt.
func (s *Session) run(start uint32, from uint64) StopKind {
	c := s.c
	s.stop.Store(false)
	c.SetEIP(start)
	for c.State() == cpu.Ready {
		if s.stop.Load() {
			return Interrupted
		}
		left := s.maxSteps - (c.Steps() - from)
		if left == 0 {
			return StepLimit
		}
		if _, err := c.Run(min(left, chunk)); err != nil {
			return Faulted
		}
	}
	if c.State() == cpu.Halted {
		return Halted
	}
	return Finished
}

// undoTo steps the machine back to before e ran and puts back the program
// prev and the memory e's data replaced. It reports false when the journal
// no longer holds every step.
func (s *Session) undoTo(e entry, prev *image.Program) bool {
	c := s.c
	for c.Steps() > e.steps {
		if _, ok := c.Back(); !ok {
			break
		}
	}
	ok := c.Steps() == e.steps
	words := c.Memory().Words()
	for i, v := range e.dataOld {
		words[e.dataAt+uint32(i)] = v
	}
	c.SetEIP(e.start)
	if err := c.Replace(prev); err != nil {
		// Replace fails only when eip is past prev's code, which the
		// steps undone put back at e.start, prev's end.
		panic(err)
	}
	// Where it was: after a hlt, at the hlt, for .bt (the state is
	// Ready, as a hlt's is once the next line is typed).
	c.SetEIP(e.eip)
	return ok
}

// lineAt returns the source text of the instruction at addr.
func (s *Session) lineAt(p *image.Program, addr uint32) string {
	file, line, ok := p.Debug.Where(addr)
	if !ok {
		return ""
	}
	text, _ := p.Debug.SourceLine(file, line)
	return assembler.Statement(text)
}

// assemblyErrors turns the assembler's errors into a Result, each with
// its column in the typed line.
func (s *Session) assemblyErrors(err error) Result {
	var list assembler.ErrorList
	if !errors.As(err, &list) {
		return Result{Kind: Error, Msg: err.Error()}
	}
	r := Result{Kind: Error}
	for _, e := range list {
		if e.Warning {
			continue
		}
		if e.Pos.File != replFile {
			r.Errors = append(r.Errors, LineError{Msg: e.Error()})
			continue
		}
		r.Errors = append(r.Errors, LineError{Col: e.Pos.Col, Msg: s.typedNames(e.Msg)})
	}
	return r
}

// replLine matches where an assembler's message names a line of the typed
// program: "label 'top' already defined at repl:3". Compiled on first use,
// not at the start of every command.
var replLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b` + replFile + `:(\d+)(:\d+)?\b`) })

// typedNames names the typed lines a message mentions as .program and
// .bt do, "typed:1", not by their line in the source the session
// assembles (after the loaded file's %include).
func (s *Session) typedNames(msg string) string {
	re := replLine()
	return re.ReplaceAllStringFunc(msg, func(m string) string {
		sub := re.FindStringSubmatch(m)
		n, _ := strconv.Atoi(sub[1])
		return fmt.Sprintf("typed:%d%s", s.typedLine(n), sub[2])
	})
}

// lineWarnings keeps the assembler's warnings about typed line n that
// make sense one line at a time: a jump testing flags nothing set, a code
// label read as data, a data label jumped to. The others (an unused label,
// code after a jmp, the main code running into a function) hold for a
// program run from its start, not for lines run as they are typed.
func (s *Session) lineWarnings(warns assembler.ErrorList, n int) []LineError {
	var out []LineError
	for _, w := range warns {
		if w.Pos.File != replFile || w.Pos.Line != n {
			continue
		}
		for _, kind := range []string{" does not test '", " labels an instruction, so ", " is a data label: "} {
			if strings.Contains(w.Msg, kind) {
				out = append(out, LineError{Col: w.Pos.Col, Msg: s.typedNames(w.Msg)})
			}
		}
	}
	return out
}

// newLabels returns the labels p has that prev had not.
func newLabels(prev, p *image.Program) []image.Label {
	var out []image.Label
	for _, l := range p.Debug.Labels {
		if _, ok := prev.Debug.Label(l.Name); !ok {
			out = append(out, l)
		}
	}
	return out
}

// visible drops the changes to stack words below esp: what a call or a
// push left there was popped, and is noise.
func (s *Session) visible(changes []Change) []Change {
	c := s.c
	esp := uint64(c.Memory().Reg(memory.ESP))
	low := uint64(c.Memory().Size() - c.StackSize())
	out := changes[:0]
	for _, ch := range changes {
		if a := uint64(ch.Addr); a >= low && a < esp {
			continue
		}
		out = append(out, ch)
	}
	return out
}

// maxCaptured bounds the output a line's result keeps: a loop printing a
// million lines still says how much it printed.
const maxCaptured = 200

// capped keeps the start of what the program prints and counts the rest.
type capped struct {
	buf []byte
	n   int
}

func (c *capped) Write(p []byte) (int, error) {
	if room := maxCaptured - len(c.buf); room > 0 {
		c.buf = append(c.buf, p[:min(room, len(p))]...)
	}
	c.n += len(p)
	return len(p), nil
}

func (c *capped) Reset() { c.buf, c.n = c.buf[:0], 0 }

// String returns the output, quoted-ready; a cut one ends in "...".
func (c *capped) String() string {
	if c.n > len(c.buf) {
		return string(c.buf) + "..."
	}
	return string(c.buf)
}

// changed lists the words that the accepted line e changed, registers
// first (eip left out: it is always at the end of what was typed): the
// data words it laid out and what its steps wrote, as the journal
// recorded them. No copy of memory is taken before a line, which for the
// largest memory would be 1 GiB; the journal holds every step of a line
// (it is sized for the step limit).
func (s *Session) changed(e entry) []Change {
	old := map[uint32]uint32{} // each word's value before the line
	note := func(addr, v uint32) {
		if _, ok := old[addr]; !ok {
			old[addr] = v
		}
	}
	for i, v := range e.dataOld {
		note(e.dataAt+uint32(i), v)
	}
	steps, _ := s.c.Journal().Recent(int(s.c.Steps() - e.steps))
	for _, ch := range steps {
		note(ch.Addr, ch.Old)
	}
	words := s.c.Memory().Words()
	var out []Change
	for a, v := range old {
		if words[a] != v && a != uint32(memory.EIP) {
			out = append(out, Change{Addr: a, Old: v, New: words[a]})
		}
	}
	slices.SortFunc(out, func(x, y Change) int { return cmp.Compare(x.Addr, y.Addr) })
	return out
}
