package cmdlang

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"cpu32/assembler"
	"cpu32/backtrace"
	"cpu32/cpu"
	"cpu32/debugger"
	"cpu32/isa"
	"cpu32/memory"
	"cpu32/profile"
)

// ErrQuit is what Exec returns for "quit": the UI's cue to leave. It is not
// a failure, so it carries no text for the user.
var ErrQuit = errors.New("quit")

// Interp runs command lines over a session. It adds to the session only
// what the language needs: the line an empty line repeats.
type Interp struct {
	*debugger.Session
	lastLine string // what an empty line repeats
}

// New returns an interpreter of command lines over s.
func New(s *debugger.Session) *Interp { return &Interp{Session: s} }

// Command is one row of the command table.
type Command struct {
	Name    string
	Aliases []string
	Usage   string // e.g. "break LOC [if COND]"
	Help    string // one line
}

// command is a row with its implementation. running commands may take long
// and honour Interrupt; repeat commands are what an empty line repeats
// (moving and looking, as in gdb; not break, set or restart, whose repeat
// would do something new).
type command struct {
	Command
	run     func(s *Interp, args string) (string, error)
	running bool
	repeat  bool
}

var commands []command

func init() {
	// Filled here rather than in the declaration: help reads the table, and
	// a declaration that refers to itself through help would be an
	// initialization cycle.
	commands = []command{
		{Command{"step", []string{"s", "si", "stepi"}, "step [N]",
			"run N instructions (default 1), into calls"}, (*Interp).cmdStep, true, true},
		{Command{"next", []string{"n", "ni", "nexti"}, "next [N]",
			"run N instructions (default 1); a call runs until it returns"}, (*Interp).cmdNext, true, true},
		{Command{"finish", []string{"fin"}, "finish",
			"run until the selected frame's call returns (the current one unless frame, up or down chose another)"}, (*Interp).cmdFinish, true, true},
		{Command{"continue", []string{"c", "cont"}, "continue",
			"run until a breakpoint, a watchpoint, the end or a fault"}, (*Interp).cmdContinue, true, true},
		{Command{"until", []string{"u", "run-to"}, "until LOC",
			"run until the instruction at LOC is about to run (breakpoints still stop it)"}, (*Interp).cmdUntil, true, false},
		{Command{"reverse-step", []string{"rs"}, "reverse-step [N]",
			"undo N instructions (default 1): registers, memory and output go back"}, (*Interp).cmdReverseStep, true, true},
		{Command{"reverse-continue", []string{"rc"}, "reverse-continue",
			"run backward until a breakpoint, a watched word changes or the history runs out"}, (*Interp).cmdReverseContinue, true, true},
		{Command{"break", []string{"b"}, "break [LOC] [if COND]",
			"stop before LOC runs: a line (7), FILE:LINE, a label (loop) or an address (*12); no LOC: eip"}, (*Interp).cmdBreak, false, false},
		{Command{"condition", []string{"cond"}, "condition N [COND]",
			"give breakpoint N a condition, or remove it"}, (*Interp).cmdCondition, false, false},
		{Command{"watch", []string{"w"}, "watch REG | watch [ADDR]",
			"stop after an instruction changes a register or memory word ([ADDR] is resolved now)"}, (*Interp).cmdWatch, false, false},
		{Command{"delete", []string{"d"}, "delete [N...]",
			"delete breakpoints or watchpoints N (all of them when no N is given)"}, (*Interp).cmdDelete, false, false},
		{Command{"disable", []string{"dis"}, "disable [N...]",
			"disable breakpoints or watchpoints N (all when no N is given)"}, (*Interp).cmdDisable, false, false},
		{Command{"enable", []string{"en"}, "enable [N...]",
			"enable breakpoints or watchpoints N (all when no N is given)"}, (*Interp).cmdEnable, false, false},
		{Command{"print", []string{"p"}, "print EXPR",
			"show a value: registers, [addr], [reg+n], labels, numbers, + - * / % == != < <= > >= && || ( )"}, (*Interp).cmdPrint, false, true},
		{Command{"x", nil, "x ADDR [COUNT]",
			"examine COUNT memory words from ADDR (default 4), as signed decimals"}, (*Interp).cmdX, false, true},
		{Command{"set", nil, "set REG = EXPR | set [ADDR] = EXPR",
			"change a register or memory word (setting eip goes on from a fault); reverse-step undoes it"}, (*Interp).cmdSet, false, false},
		{Command{"info", []string{"i"}, "info breakpoints | info registers | info lines",
			"list breakpoints and watchpoints, show every register, or list the hottest lines (as profile)"}, (*Interp).cmdInfo, false, true},
		{Command{"backtrace", []string{"bt", "where"}, "backtrace",
			"list the calls running, innermost first: each function and the line it stands on"}, (*Interp).cmdBacktrace, false, false},
		{Command{"frame", []string{"f"}, "frame [N]",
			"select frame N of backtrace (the source pane shows its line; registers stay the machine's)"}, (*Interp).cmdFrame, false, false},
		{Command{"up", nil, "up [N]",
			"select the frame N calls out (default 1): the caller"}, (*Interp).cmdUp, false, true},
		{Command{"down", nil, "down [N]",
			"select the frame N calls in (default 1)"}, (*Interp).cmdDown, false, true},
		{Command{"profile", nil, "profile [N]",
			"list the N lines that ran most (default 10) with counts and shares, then the functions' steps"}, (*Interp).cmdProfile, false, false},
		{Command{"input", nil, "input [TEXT] | input -end",
			"give the program a line of input for rdn and rdc (TEXT and a newline); -end ends the input"}, (*Interp).cmdInput, false, false},
		{Command{"restart", nil, "restart",
			"start the program again: fresh machine, breakpoints and watchpoints kept, hit counts reset"}, (*Interp).cmdRestart, false, false},
		{Command{"reload", nil, "reload",
			"re-read the program's files after an edit and restart; breakpoints and watchpoints stay on their lines"}, (*Interp).cmdReload, false, false},
		{Command{"help", []string{"h"}, "help [CMD | MNEMONIC]",
			"list the commands, or explain a command or an instruction"}, (*Interp).cmdHelp, false, false},
		{Command{"quit", []string{"q", "exit"}, "quit",
			"leave the debugger"}, (*Interp).cmdQuit, false, false},
	}
}

// Commands returns the command table (name, aliases, usage, help), the
// source of `help` and of the UI's help overlay.
func Commands() []Command {
	out := make([]Command, len(commands))
	for i, c := range commands {
		out[i] = c.Command
	}
	return out
}

func lookupCommand(name string) *command {
	for i := range commands {
		c := &commands[i]
		if c.Name == name {
			return c
		}
		for _, a := range c.Aliases {
			if a == name {
				return c
			}
		}
	}
	return nil
}

// splitCommand separates a line's command word from its arguments. gdb's
// x/N form is turned into x's own COUNT argument.
func splitCommand(line string) (name, args string) {
	name, args, _ = strings.Cut(line, " ")
	if i := strings.IndexAny(name, "\t"); i >= 0 {
		name, args = name[:i], name[i+1:]+" "+args
	}
	name = strings.ToLower(name)
	args = strings.TrimSpace(args)
	if n, ok := strings.CutPrefix(name, "x/"); ok {
		name, args = "x", args+" "+n
	}
	return name, args
}

// Exec runs one command line (gdb's names: break/b, delete/d, disable,
// enable, watch, step/s, next/n, finish, continue/c, reverse-step/rs,
// reverse-continue/rc, print/p, x, set, info breakpoints, restart, run-to
// (until/u) LOC, help [CMD], quit/q) and returns its text output. An empty
// line repeats the last command. A bad command changes nothing and returns
// an error of one line. Running commands stop early when Interrupt is
// called. "quit" returns ErrQuit.
//
// An empty line repeats the last command that moved or looked (step, next,
// finish, continue, reverse-step, reverse-continue, print, x, info) and
// does nothing after any other command.
func (s *Interp) Exec(line string) (out string, err error) {
	defer func() {
		// The debugger must outlive any bug of its own: report, do not crash.
		if p := recover(); p != nil {
			out, err = "", fmt.Errorf("internal error: %v", p)
		}
	}()
	line = strings.TrimSpace(line)
	if line == "" {
		if s.lastLine == "" {
			return "", nil
		}
		line = s.lastLine
	}
	name, args := splitCommand(line)
	cmd := lookupCommand(name)
	if cmd == nil {
		if isa.Lookup(name) != nil || isa.LookupHint(isa.AsMnemonic, name) != nil {
			return "", fmt.Errorf("unknown command %q (for the instruction, try help %s)", name, name)
		}
		return "", fmt.Errorf("unknown command %q (try help)", name)
	}
	out, err = cmd.run(s, args)
	if err != nil {
		return "", err
	}
	if cmd.repeat {
		s.lastLine = line
	} else {
		s.lastLine = ""
	}
	return out, nil
}

// IsRunning reports whether the command line would run the program (so a
// UI runs it off its own goroutine). An empty line may repeat a running
// command, so it counts as running.
func IsRunning(line string) bool {
	line = strings.TrimSpace(line)
	if line == "" {
		return true
	}
	name, _ := splitCommand(line)
	c := lookupCommand(name)
	return c != nil && c.running
}

// count parses an optional positive step count.
func count(args, cmd string) (uint64, error) {
	if args == "" {
		return 1, nil
	}
	n, err := strconv.ParseUint(args, 10, 64)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("%s: bad count %q (want a positive whole number)", cmd, args)
	}
	return n, nil
}

func noArgs(args, cmd string) error {
	if args != "" {
		return fmt.Errorf("%s takes no arguments", cmd)
	}
	return nil
}

// Report renders the last stop: why it stopped, when there is something
// to say, then the instruction at eip.
func (s *Interp) Report() string {
	var lines []string
	if r := s.Reason(); r != "" {
		lines = append(lines, r)
	}
	if h := s.here(); h != "" {
		lines = append(lines, h)
	}
	return strings.Join(lines, "\n")
}

// reported renders a run's stop, or passes its error on.
func (s *Interp) reported(_ debugger.StopEvent, err error) (string, error) {
	if err != nil {
		return "", err
	}
	return s.Report(), nil
}

// here shows the instruction at eip with its source line ("" at the end of
// the code).
func (s *Interp) here() string {
	c := s.CPU()
	if c.State() == cpu.Ended {
		return ""
	}
	pc := c.EIP()
	text := ""
	if f, l, ok := s.Where(pc); ok {
		if src, ok := s.Program().Debug.SourceLine(f, l); ok {
			text = strings.TrimSpace(src)
		}
	}
	if text == "" {
		if d, err := c.Decoded(pc); err == nil {
			text = assembler.FormatProgramInstruction(d, s.Program())
		}
	}
	return fmt.Sprintf("%s (eip %d): %s", s.loc(pc), pc, text)
}

func (s *Interp) cmdStep(args string) (string, error) {
	n, err := count(args, "step")
	if err != nil {
		return "", err
	}
	return s.reported(s.Step(n))
}

func (s *Interp) cmdNext(args string) (string, error) {
	n, err := count(args, "next")
	if err != nil {
		return "", err
	}
	return s.reported(s.Next(n))
}

func (s *Interp) cmdFinish(args string) (string, error) {
	if err := noArgs(args, "finish"); err != nil {
		return "", err
	}
	return s.reported(s.Finish())
}

func (s *Interp) cmdContinue(args string) (string, error) {
	if err := noArgs(args, "continue"); err != nil {
		return "", err
	}
	return s.reported(s.Continue())
}

func (s *Interp) cmdUntil(args string) (string, error) {
	if args == "" {
		return "", errors.New("until needs a location: until LOC (a line, FILE:LINE, a label or *ADDR)")
	}
	addr, err := s.ResolveLocation(args)
	if err != nil {
		return "", err
	}
	return s.reported(s.RunTo(addr))
}

func (s *Interp) cmdReverseStep(args string) (string, error) {
	n, err := count(args, "reverse-step")
	if err != nil {
		return "", err
	}
	return s.reported(s.StepBack(n))
}

func (s *Interp) cmdReverseContinue(args string) (string, error) {
	if err := noArgs(args, "reverse-continue"); err != nil {
		return "", err
	}
	return s.reported(s.ReverseContinue())
}

// splitIf separates "LOC if COND".
func splitIf(args string) (loc, cond string, hasIf bool) {
	norm := strings.ReplaceAll(args, "\t", " ")
	if norm == "if" || strings.HasPrefix(norm, "if ") {
		return "", strings.TrimSpace(norm[2:]), true
	}
	if i := strings.Index(norm, " if "); i >= 0 {
		return strings.TrimSpace(norm[:i]), strings.TrimSpace(norm[i+4:]), true
	}
	if strings.HasSuffix(norm, " if") {
		return strings.TrimSpace(norm[:len(norm)-3]), "", true
	}
	return norm, "", false
}

func (s *Interp) cmdBreak(args string) (string, error) {
	loc, condText, hasIf := splitIf(args)
	cond := ""
	if hasIf {
		if condText == "" {
			return "", errors.New("break: missing condition after if")
		}
		var err error
		if cond, err = s.Expression(condText); err != nil {
			return "", err
		}
	}
	addr, err := s.ResolveLocation(loc)
	if err != nil {
		return "", err
	}
	var others []int
	for _, b := range s.Breakpoints() {
		if b.Addr == addr {
			others = append(others, b.ID)
		}
	}
	b, err := s.SetBreakpoint(addr, debugger.PointOptions{Cond: cond, Label: loc})
	if err != nil {
		return "", err
	}
	msg := fmt.Sprintf("breakpoint %d at %s (eip %d)", b.ID, s.loc(addr), addr)
	if cond != "" {
		msg += " if " + cond
	}
	if len(others) > 0 {
		msg += fmt.Sprintf(" (%s also there)", debugger.BreakpointList(others))
	}
	return msg, nil
}

func (s *Interp) findBreakpoint(text, cmd string) (debugger.Breakpoint, error) {
	id, err := strconv.Atoi(text)
	if err != nil {
		return debugger.Breakpoint{}, fmt.Errorf("%s: bad breakpoint number %q", cmd, text)
	}
	for _, b := range s.Breakpoints() {
		if b.ID == id {
			return b, nil
		}
	}
	return debugger.Breakpoint{}, fmt.Errorf("%s: no breakpoint number %d", cmd, id)
}

func (s *Interp) cmdCondition(args string) (string, error) {
	num, rest, _ := strings.Cut(args, " ")
	if num == "" {
		return "", errors.New("usage: condition N [COND]")
	}
	b, err := s.findBreakpoint(num, "condition")
	if err != nil {
		return "", err
	}
	rest = strings.TrimSpace(rest)
	if err := s.SetConditions(b.ID, debugger.PointOptions{Cond: rest, HitCond: b.HitCond}); err != nil {
		return "", err
	}
	if rest == "" {
		return fmt.Sprintf("breakpoint %d is now unconditional", b.ID), nil
	}
	src, _ := s.Expression(rest)
	return fmt.Sprintf("breakpoint %d stops only if %s", b.ID, src), nil
}

func (s *Interp) cmdWatch(args string) (string, error) {
	if args == "" {
		return "", errors.New("usage: watch REG or watch [ADDR]")
	}
	w, err := s.SetWatchpoint(args, debugger.PointOptions{})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("watch %d: %s (address %d, now %d)", w.ID, w.Expr, w.Addr, int32(w.Old)), nil
}

// ids parses breakpoint and watchpoint numbers, all of which must exist,
// so that a typo changes nothing.
func (s *Interp) ids(args, cmd string) ([]int, error) {
	var all []int
	for _, b := range s.Breakpoints() {
		all = append(all, b.ID)
	}
	for _, w := range s.Watchpoints() {
		all = append(all, w.ID)
	}
	var ids []int
	for _, f := range strings.Fields(args) {
		id, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("%s: bad breakpoint number %q", cmd, f)
		}
		if !slices.Contains(all, id) {
			return nil, fmt.Errorf("%s: no breakpoint or watchpoint number %d", cmd, id)
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return all, nil
	}
	return ids, nil
}

func (s *Interp) cmdDelete(args string) (string, error) {
	ids, err := s.ids(args, "delete")
	if err != nil {
		return "", err
	}
	if len(ids) == 0 {
		return "no breakpoints or watchpoints to delete", nil
	}
	for _, id := range ids {
		_ = s.Delete(id) // ids checked them
	}
	if args == "" {
		return "deleted all breakpoints and watchpoints", nil
	}
	return "deleted " + debugger.BreakpointList(ids), nil
}

func (s *Interp) cmdDisable(args string) (string, error) { return s.enable(args, false) }
func (s *Interp) cmdEnable(args string) (string, error)  { return s.enable(args, true) }

func (s *Interp) enable(args string, on bool) (string, error) {
	verb := map[bool]string{true: "enable", false: "disable"}[on]
	ids, err := s.ids(args, verb)
	if err != nil {
		return "", err
	}
	if len(ids) == 0 {
		return "no breakpoints or watchpoints to " + verb, nil
	}
	for _, id := range ids {
		_ = s.Enable(id, on) // ids checked them
	}
	return verb + "d " + debugger.BreakpointList(ids), nil
}

// formatValue shows a word as the debugger does everywhere: signed
// decimal, then the bits in hex.
func formatValue(v uint32) string { return fmt.Sprintf("%d (0x%08x)", int32(v), v) }

func (s *Interp) cmdPrint(args string) (string, error) {
	src, err := s.Expression(args)
	if err != nil {
		return "", err
	}
	v, err := s.Evaluate(args)
	if err != nil {
		return "", err
	}
	return src + " = " + formatValue(v), nil
}

// maxExamine bounds x's count, so a typo cannot print a million lines.
const maxExamine = 4096

// wordsPerLine is how many words x shows on a line.
const wordsPerLine = 4

func (s *Interp) cmdX(args string) (string, error) {
	if args == "" {
		return "", errors.New("usage: x ADDR [COUNT]")
	}
	addrText, n := args, uint64(wordsPerLine)
	if f := strings.Fields(args); len(f) > 1 && strings.Trim(f[len(f)-1], "0123456789") == "" {
		rest := strings.TrimSpace(args[:strings.LastIndex(args, f[len(f)-1])])
		if _, err := s.Expression(rest); err == nil {
			addrText = rest
			v, err := strconv.ParseUint(f[len(f)-1], 10, 64)
			if err != nil || v == 0 || v > maxExamine {
				return "", fmt.Errorf("x: bad count %s (want 1..%d)", f[len(f)-1], maxExamine)
			}
			n = v
		}
	}
	start, err := s.Evaluate(addrText)
	if err != nil {
		return "", err
	}
	mem := s.CPU().Memory()
	size := uint64(mem.Size())
	if uint64(start) >= size {
		return "", fmt.Errorf("x: address %d is outside memory (0..%d)", int32(start), size-1)
	}
	end := min(uint64(start)+n, size)
	var b strings.Builder
	for a := uint64(start); a < end; a += wordsPerLine {
		if a > uint64(start) {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%7d", a)
		if name := s.dataLabelAt(uint32(a)); name != "" {
			fmt.Fprintf(&b, " <%s>", name)
		}
		b.WriteByte(':')
		for k := a; k < min(a+wordsPerLine, end); k++ {
			v, _ := mem.Load(uint32(k))
			fmt.Fprintf(&b, " %11d", int32(v))
		}
	}
	if end < uint64(start)+n {
		fmt.Fprintf(&b, "\n(memory ends at %d)", size-1)
	}
	return b.String(), nil
}

// dataLabelAt names a memory address: a data label there, or a register.
func (s *Interp) dataLabelAt(addr uint32) string {
	if addr < memory.NumRegs {
		return memory.Reg(addr).String()
	}
	if d := s.Program().Debug; d != nil {
		for _, l := range d.Labels {
			if l.Data && l.Value == addr {
				return l.Name
			}
		}
	}
	return ""
}

// assignIndex finds the = of "set X = Y", skipping == != <= >=.
func assignIndex(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] != '=' {
			continue
		}
		if i+1 < len(s) && s[i+1] == '=' {
			i++
			continue
		}
		if i > 0 && strings.IndexByte("=!<>", s[i-1]) >= 0 {
			continue
		}
		return i
	}
	return -1
}

// cmdSet changes a word between steps. It is recorded so that reverse-step
// undoes it in its place in the timeline, as if it were a step.
func (s *Interp) cmdSet(args string) (string, error) {
	args = strings.TrimSpace(args)
	if rest, ok := strings.CutPrefix(args, "var "); ok {
		args = rest
	}
	i := assignIndex(args)
	if i < 0 {
		return "", errors.New("usage: set REG = EXPR or set [ADDR] = EXPR")
	}
	a, err := s.Assign(args[:i], args[i+1:])
	if err != nil {
		return "", err
	}
	addr, v := a.Addr, a.New
	return fmt.Sprintf("%s = %s", regName(addr), formatValue(v)), nil
}

func (s *Interp) cmdInfo(args string) (string, error) {
	switch strings.ToLower(args) {
	case "b", "br", "break", "breakpoints", "breakpoint", "watch", "watchpoints", "w":
		return s.infoBreakpoints(), nil
	case "r", "reg", "registers":
		return s.infoRegisters(), nil
	case "l", "lines":
		return s.cmdProfile("")
	}
	return "", fmt.Errorf("usage: info breakpoints, info registers or info lines")
}

func (s *Interp) infoBreakpoints() string {
	bps, wps := s.Breakpoints(), s.Watchpoints()
	if len(bps)+len(wps) == 0 {
		return "no breakpoints or watchpoints"
	}
	type row struct {
		id   int
		line string
	}
	var rows []row
	yn := map[bool]string{true: "y", false: "n"}
	for _, b := range bps {
		where := s.loc(b.Addr)
		if l := b.Alias(); l != "" && l != where {
			where += " (" + l + ")"
		}
		rows = append(rows, row{b.ID, fmt.Sprintf("%d\tbreak\t%s\t%d\t%s\t%d\t%s", b.ID, yn[b.Enabled], b.Addr, where, b.Hits, b.Cond)})
	}
	for _, w := range wps {
		v, _ := s.CPU().Memory().Load(w.Addr)
		rows = append(rows, row{w.ID, fmt.Sprintf("%d\twatch\t%s\t%d\t%s\t%d\t(now %d)", w.ID, yn[w.Enabled], w.Addr, w.Expr, w.Hits, int32(v))})
	}
	// by ID, breakpoints and watchpoints mixed, as they were created
	for i := 1; i < len(rows); i++ {
		for k := i; k > 0 && rows[k].id < rows[k-1].id; k-- {
			rows[k], rows[k-1] = rows[k-1], rows[k]
		}
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Num\tType\tEnb\tAddress\tWhere\tHits\tCond")
	for _, r := range rows {
		fmt.Fprintln(tw, r.line)
	}
	tw.Flush()
	return trimLines(b.String())
}

func (s *Interp) infoRegisters() string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	mem := s.CPU().Memory()
	for _, r := range memory.Regs() {
		v := mem.Reg(r)
		extra := ""
		if r == memory.FLAGS {
			extra = "[" + strings.Join(isa.FlagNames(v), " ") + "]"
		}
		fmt.Fprintf(tw, "%s\t%d\t(0x%08x)\t%s\n", r, int32(v), v, extra)
	}
	tw.Flush()
	return trimLines(b.String())
}

// trimLines drops the padding tabwriter leaves at the ends of lines.
func trimLines(text string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

func (s *Interp) cmdRestart(args string) (string, error) {
	if err := noArgs(args, "restart"); err != nil {
		return "", err
	}
	if err := s.Restart(); err != nil {
		return "", err
	}
	return "restarted\n" + s.here(), nil
}

func (s *Interp) cmdHelp(args string) (string, error) {
	if args == "" {
		var b strings.Builder
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, c := range commands {
			fmt.Fprintf(tw, "%s\t%s\n", c.Usage, c.Help)
		}
		tw.Flush()
		b.WriteString("LOC is a line (7), FILE:LINE, a label or *ADDR. An empty line repeats step, next, continue and the like.\n")
		b.WriteString("help CMD explains a command; help MNEMONIC (help mov) an instruction.")
		return b.String(), nil
	}
	name := strings.ToLower(args)
	if c := lookupCommand(name); c != nil {
		text := c.Usage + "\n  " + c.Help
		if len(c.Aliases) > 0 {
			text += "\n  aliases: " + strings.Join(c.Aliases, ", ")
		}
		return text, nil
	}
	if text, ok := InstructionHelp(name); ok {
		return text, nil
	}
	return "", fmt.Errorf("help: no command or instruction %q", args)
}

func (s *Interp) cmdQuit(args string) (string, error) {
	if err := noArgs(args, "quit"); err != nil {
		return "", err
	}
	return "", ErrQuit
}

// InstructionHelp returns `help MNEMONIC`'s text, from the isa table; for
// an x86 instruction cpu32 lacks (help loop), what to write instead, from
// isa.Hints.
func InstructionHelp(mnemonic string) (string, bool) {
	m := strings.ToLower(strings.TrimSpace(mnemonic))
	in := isa.Lookup(m)
	if in == nil {
		if h := isa.LookupHint(isa.AsMnemonic, m); h != nil {
			return fmt.Sprintf("%s is not a cpu32 instruction (%s): %s", m, h.Habit, h.Example()), true
		}
		return "", false
	}
	return in.Help(), true
}

// frameLine is one line of backtrace: "#1 fact at fact.asm:14".
func (s *Interp) frameLine(f debugger.Frame) string {
	return fmt.Sprintf("#%d %s at %s", f.N, f.Function, s.loc(f.Addr))
}

// minFoldedFrames is how many identical frames in a row backtrace lists
// before it folds them into one line.
const minFoldedFrames = 4

func (s *Interp) cmdBacktrace(args string) (string, error) {
	if args != "" {
		return "", errors.New("usage: backtrace")
	}
	frames := s.Frames()
	sel := s.SelectedFrame()
	var b strings.Builder
	for i := 0; i < len(frames); {
		j := i + 1
		for j < len(frames) && frames[j].Function == frames[i].Function && frames[j].Addr == frames[i].Addr {
			j++
		}
		mark := "  "
		if sel >= i && sel < j {
			mark = "→ "
		}
		if j-i >= minFoldedFrames {
			// Short enough for the debugger's narrow commands pane:
			// "#1-5 down at down.asm:9 x5".
			fmt.Fprintf(&b, "%s#%d-%d %s at %s x%s\n", mark, i, j-1, frames[i].Function, s.loc(frames[i].Addr),
				backtrace.Commas(uint64(j-i)))
			i = j
			continue
		}
		for ; i < j; i++ {
			mark := "  "
			if i == sel {
				mark = "→ "
			}
			fmt.Fprintf(&b, "%s%s\n", mark, s.frameLine(frames[i]))
		}
	}
	if n := s.CPU().Forgotten(); n > 0 {
		fmt.Fprintf(&b, "  (%s outer calls not kept)\n", backtrace.Commas(n))
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

func (s *Interp) cmdFrame(args string) (string, error) {
	if args == "" {
		return s.frameLine(s.Frames()[s.SelectedFrame()]), nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(args, "#"))
	if err != nil {
		return "", errors.New("usage: frame N (backtrace lists them)")
	}
	return s.selectFrame(n)
}

// selectFrame selects frame n and shows it.
func (s *Interp) selectFrame(n int) (string, error) {
	if err := s.SelectFrame(n); err != nil {
		return "", err
	}
	return s.frameLine(s.Frames()[n]), nil
}

// cmdUp and cmdDown move the selection toward the caller or the callee.
func (s *Interp) cmdUp(args string) (string, error)   { return s.moveFrame(args, 1) }
func (s *Interp) cmdDown(args string) (string, error) { return s.moveFrame(args, -1) }

func (s *Interp) moveFrame(args string, dir int) (string, error) {
	n := 1
	if args != "" {
		var err error
		if n, err = strconv.Atoi(args); err != nil || n < 1 {
			return "", errors.New("usage: up [N] or down [N]")
		}
	}
	to := s.SelectedFrame() + dir*n
	last := len(s.Frames()) - 1
	switch {
	case to < 0 && s.SelectedFrame() == 0:
		return "", errors.New("down: already at the innermost frame (#0)")
	case to > last && s.SelectedFrame() == last:
		return "", fmt.Errorf("up: already at the outermost frame (#%d, the main code)", last)
	}
	return s.selectFrame(max(0, min(to, last)))
}

// defaultHottest is how many lines profile lists unless told.
const defaultHottest = 10

func (s *Interp) cmdProfile(args string) (string, error) {
	n := defaultHottest
	if args != "" {
		var err error
		if n, err = strconv.Atoi(args); err != nil || n < 1 {
			return "", errors.New("usage: profile [N]")
		}
	}
	r := profile.Of(s.CPU())
	if r == nil || r.Steps == 0 {
		return "no steps yet: the counts start with the first step", nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s steps; the hottest lines:\n", backtrace.Commas(r.Steps))
	for _, l := range r.Hottest(n) {
		fmt.Fprintf(&b, "  %6s %12s  %s:%d  %s\n", r.Percent(l.Count), backtrace.Commas(l.Count), l.File, l.Line, l.Text)
	}
	if len(r.Functions) > 1 { // some function was called: where the steps went by function
		b.WriteString(r.FunctionTable())
	}
	if !s.CountsComplete() {
		b.WriteString("note: " + debugger.CountsNote + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// waitingReason is a run's stop reason when the program needs input.
func (s *Interp) waitingReason() string {
	return "waiting for input at " + s.loc(s.CPU().EIP()) + ": type `input TEXT` (or `input -end`), then go on"
}

// cmdInput feeds a line to the program's input, or ends it.
func (s *Interp) cmdInput(args string) (string, error) {
	if s.Input().Closed() {
		return "", errors.New("input: the input has ended (it was given with --input, or ended with `input -end`)")
	}
	if args == "-end" {
		s.Input().Close()
		return "the input ends here: rdc reads -1, rdn faults with end-of-input", nil
	}
	s.FeedInput(args)
	return fmt.Sprintf("input: %q", args+"\n"), nil
}

// cmdReload re-reads the program through the Loader and, when it loads,
// replaces the program and restarts (Reload). When it does not, the old
// program stays, untouched, and the error says why.
func (s *Interp) cmdReload(args string) (string, error) {
	if args != "" {
		return "", fmt.Errorf("reload takes no arguments")
	}
	return s.ReloadFiles()
}

// regName names an address for messages: "eax" for a register, else "[100]".
func regName(addr uint32) string {
	if addr < memory.NumRegs {
		return memory.Reg(addr).String()
	}
	return fmt.Sprintf("[%d]", addr)
}

// Reason is why the last run stopped, in words, as the status line
// shows it: "breakpoint 1 at fib.asm:7", "watch 2: eax 1 -> 2"; "" when it
// just did what it was asked (step, next).
func (s *Interp) Reason() string { return s.describe(s.Status().Stop) }

// describe is a stop's reason in words, as the status line and the
// command language show it; target names what until ran to. A done run
// has no reason: it did what was asked.
func (s *Interp) describe(ev debugger.StopEvent) string {
	var r string
	switch ev.Kind {
	case debugger.StopDone:
		switch {
		case ev.Returned:
			r = s.finishReason()
		case ev.Target:
			r = "reached " + s.loc(ev.Location.EIP)
		}
	case debugger.StopBreakpoint:
		if ev.CondErr != nil {
			b, _ := s.findBreakpoint(strconv.Itoa(ev.Breakpoints[0]), "")
			return fmt.Sprintf("breakpoint %d at %s: cannot evaluate condition %q: %v", b.ID, s.loc(ev.Location.EIP), b.Cond, ev.CondErr)
		}
		r = fmt.Sprintf("%s at %s", debugger.BreakpointList(ev.Breakpoints), s.loc(ev.Location.EIP))
	case debugger.StopWatchpoint:
		msgs := make([]string, len(ev.Watches))
		for i, w := range ev.Watches {
			msgs[i] = fmt.Sprintf("watch %d: %s %d -> %d", w.ID, w.Expr, int32(w.Old), int32(w.New))
		}
		r = strings.Join(msgs, "; ")
	case debugger.StopCompiled:
		r = ev.CompiledFailure()
	case debugger.StopPause:
		return "interrupted"
	case debugger.StopInput:
		return s.waitingReason()
	case debugger.StopHistory:
		if s.CPU().Steps() == 0 {
			return "reached the start of the program"
		}
		return fmt.Sprintf("reached the start of the recorded history (%d steps are kept)", s.HistoryLimit())
	default:
		return s.stateReason()
	}
	if !ev.Back && ev.State != cpu.Ready {
		if r == "" {
			return s.stateReason()
		}
		return r + "; " + s.stateReason()
	}
	return r
}

// finishReason says where finish returned to, with eax, the usual return
// register.
func (s *Interp) finishReason() string {
	return fmt.Sprintf("returned to %s; eax = %d", s.loc(s.CPU().EIP()), int32(s.CPU().Memory().Reg(memory.EAX)))
}

// stateReason describes a machine that has stopped for good.
func (s *Interp) stateReason() string {
	c := s.CPU()
	switch c.State() {
	case cpu.Ended:
		return fmt.Sprintf("the program ended after %d steps", c.Steps())
	case cpu.Halted:
		return fmt.Sprintf("the program halted (hlt) at %s after %d steps", s.loc(c.EIP()), c.Steps())
	case cpu.Faulted:
		f := c.Fault()
		return fmt.Sprintf("fault: %s at %s (eip %d): %s", f.Kind, s.loc(f.EIP), f.EIP, f.Msg)
	}
	return ""
}

// loc names an address for messages: "fib.asm:7", or "eip 12" when the
// program has no source information for it.
func (s *Interp) loc(addr uint32) string { return s.Location(addr).String() }
