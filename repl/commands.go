package repl

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"cpu32/backtrace"
	"cpu32/internal/samefile"
	"cpu32/isa"
	"cpu32/memory"
)

// Prompt is what a terminal session shows before each line; DataPrompt
// replaces it while lines go to the data section. They are as wide, so
// that a caret under an error lines up after either.
const (
	Prompt     = "cpu32> "
	DataPrompt = " data> "
)

// Command is one dot command: the table dispatches them and prints .help.
type Command struct {
	Name    string
	Aliases []string
	Usage   string
	Help    string
	run     func(s *Session, args string) Result
}

var commands []Command

func init() {
	// Filled here: .help reads the table.
	commands = []Command{
		{"regs", []string{"r", "registers"}, ".regs", "show every register and the flags", (*Session).regs},
		{"mem", []string{"m", "x"}, ".mem ADDR [N]", "show N words of memory (default 8) from ADDR: a number, a label or a register, +/- a number", (*Session).mem},
		{"program", []string{"p", "list"}, ".program", "list the lines typed so far, numbered (as .bt names them: typed:N), with their addresses", (*Session).listProgram},
		{"undo", []string{"u"}, ".undo", "take back the last line: its steps are stepped back and it leaves the program", (*Session).undo},
		{"bt", []string{"backtrace"}, ".bt", "show the calls running (after a hlt inside a function)", (*Session).bt},
		{"reset", nil, ".reset", "start again: the typed lines are dropped, the machine is as new (the loaded file stays)", (*Session).reset},
		{"load", nil, ".load FILE", "start again with FILE's code, data and labels loaded (nothing of it runs)", (*Session).loadCmd},
		{"save", nil, ".save FILE", "write the typed lines to FILE, a program that cpu32 run accepts", (*Session).save},
		{"limit", nil, ".limit [N]", fmt.Sprintf("show or set how many steps one line may run (default %s, at most %s)", backtrace.Commas(DefaultMaxSteps), backtrace.Commas(MaxMaxSteps)), (*Session).limit},
		{"help", []string{"h", "?"}, ".help [MNEMONIC]", "this list, or what an instruction does", (*Session).help},
		{"quit", []string{"q", "exit"}, ".quit", "leave (Ctrl-D does too)", func(*Session, string) Result { return Result{Kind: Quit} }},
	}
}

// Commands returns the dot commands, in the order .help lists them.
func Commands() []Command { return commands }

func (s *Session) command(line string) Result {
	name, args, _ := strings.Cut(strings.TrimPrefix(line, "."), " ")
	args = strings.TrimSpace(args)
	for _, c := range commands {
		if c.Name == name || slices.Contains(c.Aliases, name) {
			if args != "" && !strings.Contains(c.Usage, " ") {
				// `.quit now` is not quite .quit: a typo, say, to be
				// shown rather than acted on.
				return fail("%s takes no arguments", c.Usage)
			}
			return c.run(s, args)
		}
	}
	return Result{Kind: Error, Msg: fmt.Sprintf("unknown command .%s (.help lists them)", name)}
}

func out(format string, args ...any) Result {
	return Result{Kind: Output, Msg: fmt.Sprintf(format, args...)}
}

func fail(format string, args ...any) Result {
	return Result{Kind: Error, Msg: fmt.Sprintf(format, args...)}
}

func (s *Session) regs(string) Result {
	m := s.c.Memory()
	var b strings.Builder
	for i, r := range memory.Regs() {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%d", r, int32(m.Reg(r)))
	}
	fmt.Fprintf(&b, "\nflags: %s\n", FlagText(m.Reg(memory.FLAGS)))
	return out("%s", b.String())
}

// maxDump bounds .mem's word count.
const maxDump = 4096

func (s *Session) mem(args string) Result {
	f := strings.Fields(args)
	if len(f) == 0 || len(f) > 2 {
		return fail("usage: .mem ADDR [N]")
	}
	addr, err := s.address(f[0])
	if err != nil {
		return fail("%v", err)
	}
	n := 8
	if len(f) == 2 {
		if n, err = strconv.Atoi(f[1]); err != nil || n < 1 || n > maxDump {
			return fail(".mem: N must be a number from 1 to %d", maxDump)
		}
	}
	m := s.c.Memory()
	var b strings.Builder
	for i := 0; i < n; i++ {
		a := uint64(addr) + uint64(i)
		if a >= uint64(m.Size()) {
			if i == 0 {
				return fail(".mem: address %d is outside memory (%d words)", a, m.Size())
			}
			break
		}
		if i%8 == 0 {
			if i > 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "[%d]", a)
		}
		v, _ := m.Load(uint32(a))
		fmt.Fprintf(&b, " %d", int32(v))
	}
	b.WriteByte('\n')
	return out("%s", b.String())
}

// address reads a .mem address: a number, a label or a register's value,
// with an offset added or taken away ("nums+2", "esp-1").
func (s *Session) address(word string) (uint32, error) {
	if i := strings.LastIndexAny(word, "+-"); i > 0 {
		base, err := s.address(word[:i])
		if err != nil {
			return 0, err
		}
		n, err := strconv.ParseUint(word[i+1:], 0, 32)
		if err != nil {
			return 0, fmt.Errorf(".mem: %q is not an offset (a number)", word[i+1:])
		}
		if word[i] == '-' {
			return base - uint32(n), nil
		}
		return base + uint32(n), nil
	}
	if r, ok := memory.RegByName(word); ok {
		return s.c.Memory().Reg(r), nil
	}
	if l, ok := s.program().Debug.Label(word); ok {
		return l.Value, nil
	}
	v, err := strconv.ParseUint(word, 0, 32)
	if err != nil {
		return 0, fmt.Errorf(".mem: %q is not an address, a label or a register", word)
	}
	return uint32(v), nil
}

func (s *Session) listProgram(string) Result {
	if len(s.lines) == 0 {
		if s.file != "" {
			return out("(nothing typed yet; %s is loaded)\n", s.file)
		}
		return out("(nothing typed yet)\n")
	}
	var b strings.Builder
	if s.file != "" {
		fmt.Fprintf(&b, "            %%include %q\n", s.file)
	}
	for i, e := range s.lines {
		at := ""
		switch {
		case e.end > e.start:
			at = fmt.Sprint(e.start)
		case len(e.dataOld) > 0:
			at = fmt.Sprintf("[%d]", e.dataAt)
		}
		fmt.Fprintf(&b, "%4d %6s  %s\n", i+1, at, e.text)
	}
	return out("%s", b.String())
}

func (s *Session) undo(string) Result {
	if len(s.lines) == 0 {
		return fail("nothing to undo")
	}
	e := s.lines[len(s.lines)-1]
	prev := s.base
	if len(s.lines) > 1 {
		prev = s.lines[len(s.lines)-2].prog
	}
	done := s.changed(e) // what the line changed, to be taken back
	if !s.undoTo(e, prev) {
		s.lines = s.lines[:len(s.lines)-1]
		return fail("undid %q only in part: its first steps are too old to step back; .reset starts again", e.text)
	}
	s.lines = s.lines[:len(s.lines)-1]
	var back []Change
	words := s.c.Memory().Words()
	for _, ch := range done {
		if words[ch.Addr] != ch.New {
			back = append(back, Change{Addr: ch.Addr, Old: ch.New, New: words[ch.Addr]})
		}
	}
	r := Result{Kind: Ran, Changes: s.visible(back)}
	text := strings.TrimSuffix(r.formatChanges(), "\n")
	return out("undid %s: %s\n", strings.TrimSpace(e.text), text)
}

func (s *Session) bt(string) Result {
	frames := s.frames(s.program(), s.c.CallStack())
	if len(frames) == 0 {
		return out("(no calls running)\n")
	}
	var b strings.Builder
	backtrace.Write(&b, "", frames, s.c.Forgotten())
	return out("%s", b.String())
}

func (s *Session) reset(string) Result {
	if err := s.load(s.file); err != nil {
		return fail("%v", err)
	}
	return out("reset\n")
}

func (s *Session) loadCmd(args string) Result {
	if args == "" {
		return fail("usage: .load FILE")
	}
	path := unquote(args)
	if err := s.load(path); err != nil {
		return fail("%v", err)
	}
	p := s.base
	r := out("loaded %s: %s of code, %d of data, %s\n", path, count(len(p.Code), "word"), len(p.Data), count(len(p.Debug.Labels), "label"))
	if len(s.warns) > 0 {
		r.Msg += s.warns.Error() + "\n"
	}
	return r
}

func unquote(s string) string {
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
	return s
}

// Source returns what .save writes to path: the typed lines, after an
// %include of the loaded file named from path's folder (where the
// assembler looks first), so that the saved program runs from any folder.
// Saved over the loaded file itself, that %include would include itself:
// the file's own text comes first instead, and the file stands alone.
func (s *Session) Source(path string) string {
	var b strings.Builder
	switch {
	case s.file != "" && samefile.Is(s.file, path):
		b.Write(s.text)
		if len(s.text) > 0 && s.text[len(s.text)-1] != '\n' {
			b.WriteByte('\n')
		}
		b.WriteString("; typed in cpu32 repl\nsection .text\n")
	case s.file != "":
		b.WriteString("; typed in cpu32 repl\n")
		fmt.Fprintf(&b, "; run, it starts where %s starts; the typed lines follow its code\n", filepath.Base(s.file))
		fmt.Fprintf(&b, "%%include %q\nsection .text\n", includePath(s.file, path))
	default:
		b.WriteString("; typed in cpu32 repl\n")
	}
	for _, e := range s.lines {
		b.WriteString(e.text)
		b.WriteByte('\n')
	}
	return b.String()
}

// includePath names file as an %include in a program saved to path: an
// absolute name as it is, a relative one from path's folder.
func includePath(file, path string) string {
	if filepath.IsAbs(file) {
		return file
	}
	absFile, err1 := filepath.Abs(file)
	absDir, err2 := filepath.Abs(filepath.Dir(path))
	if err1 != nil || err2 != nil {
		return file
	}
	if rel, err := filepath.Rel(absDir, absFile); err == nil {
		return filepath.ToSlash(rel)
	}
	return absFile
}

// save writes the program typed so far (Source). Of the loaded program's
// files it writes over only the loaded file, after its own text, and
// only when the file still holds what was loaded (or last saved): an
// edit made to it meanwhile is not lost. A file the loaded one includes
// is never written: the loaded file would then include the session.
func (s *Session) save(args string) Result {
	if args == "" {
		return fail("usage: .save FILE")
	}
	if s.cfg.WriteFile == nil {
		return fail(".save: this session cannot write files")
	}
	path := unquote(args)
	loaded := s.file != "" && samefile.Is(s.file, path)
	if loaded {
		now, err := readSource(path)
		if err != nil {
			return fail(".save: %v", readError(path, err))
		}
		if !bytes.Equal(now, s.onDisk) {
			return fail(".save: %s changed since it was loaded: .load it again, or save to another file", path)
		}
	}
	for _, f := range s.base.Debug.Files {
		if f != replFile && !samefile.Is(f, s.file) && samefile.Is(f, path) {
			return fail(".save: refusing to write %s: %s includes it", path, s.file)
		}
	}
	src := []byte(s.Source(path))
	if err := s.cfg.WriteFile(path, src); err != nil {
		return fail(".save: %s: %v", path, err)
	}
	if loaded {
		s.onDisk = src
		return out("saved %s to %s, after its own text (it is the loaded file)\n", count(len(s.lines), "line"), path)
	}
	return out("saved %s to %s\n", count(len(s.lines), "line"), path)
}

func (s *Session) limit(args string) Result {
	if args == "" {
		return out("a line may run %s steps\n", backtrace.Commas(s.maxSteps))
	}
	n, err := strconv.ParseUint(strings.ReplaceAll(args, ",", ""), 10, 64)
	if err != nil || n < 1 || n > MaxMaxSteps {
		return fail(".limit: N must be a number from 1 to %s", backtrace.Commas(MaxMaxSteps))
	}
	s.maxSteps = n
	if s.c != nil && s.c.Journal() != nil {
		s.c.Journal().Grow(int(n)) // so that a line that runs n steps can be undone
	}
	return out("a line may run %s steps\n", backtrace.Commas(n))
}

func (s *Session) help(args string) Result {
	if args != "" {
		if in := isa.Lookup(strings.ToLower(args)); in != nil {
			return out("%s\n", strings.TrimRight(in.Help(), "\n"))
		}
		return fail(".help: no instruction %q", args)
	}
	var b strings.Builder
	b.WriteString("Type an instruction (mov eax, 5), a label (loop: inc ecx) or data (section .data, then\n" +
		"nums: dd 1, 2, 3): it runs at once and the REPL prints what changed. A jump back to a label\n" +
		"runs until eip reaches the end of what was typed. Commands:\n")
	for _, c := range commands {
		name := c.Usage
		if len(c.Aliases) > 0 {
			name += " (." + strings.Join(c.Aliases, ", .") + ")"
		}
		fmt.Fprintf(&b, "  %-28s %s\n", name, c.Help)
	}
	return out("%s", b.String())
}

// count says how many of a thing: "1 line", "2 lines", "0 labels".
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
