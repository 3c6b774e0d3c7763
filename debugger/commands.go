package debugger

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/isa"
	"cpu32/memory"
)

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
	run     func(s *Session, args string) (string, error)
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
			"run N instructions (default 1), into calls"}, (*Session).cmdStep, true, true},
		{Command{"next", []string{"n", "ni", "nexti"}, "next [N]",
			"run N instructions (default 1); a call runs until it returns"}, (*Session).cmdNext, true, true},
		{Command{"finish", []string{"fin"}, "finish",
			"run until the selected frame's call returns (the current one unless frame, up or down chose another)"}, (*Session).cmdFinish, true, true},
		{Command{"continue", []string{"c", "cont"}, "continue",
			"run until a breakpoint, a watchpoint, the end or a fault"}, (*Session).cmdContinue, true, true},
		{Command{"until", []string{"u", "run-to"}, "until LOC",
			"run until the instruction at LOC is about to run (breakpoints still stop it)"}, (*Session).cmdUntil, true, false},
		{Command{"reverse-step", []string{"rs"}, "reverse-step [N]",
			"undo N instructions (default 1): registers, memory and output go back"}, (*Session).cmdReverseStep, true, true},
		{Command{"reverse-continue", []string{"rc"}, "reverse-continue",
			"run backward until a breakpoint, a watched word changes or the history runs out"}, (*Session).cmdReverseContinue, true, true},
		{Command{"break", []string{"b"}, "break [LOC] [if COND]",
			"stop before LOC runs: a line (7), FILE:LINE, a label (loop) or an address (*12); no LOC: eip"}, (*Session).cmdBreak, false, false},
		{Command{"condition", []string{"cond"}, "condition N [COND]",
			"give breakpoint N a condition, or remove it"}, (*Session).cmdCondition, false, false},
		{Command{"watch", []string{"w"}, "watch REG | watch [ADDR]",
			"stop after an instruction changes a register or memory word ([ADDR] is resolved now)"}, (*Session).cmdWatch, false, false},
		{Command{"delete", []string{"d"}, "delete [N...]",
			"delete breakpoints or watchpoints N (all of them when no N is given)"}, (*Session).cmdDelete, false, false},
		{Command{"disable", []string{"dis"}, "disable [N...]",
			"disable breakpoints or watchpoints N (all when no N is given)"}, (*Session).cmdDisable, false, false},
		{Command{"enable", []string{"en"}, "enable [N...]",
			"enable breakpoints or watchpoints N (all when no N is given)"}, (*Session).cmdEnable, false, false},
		{Command{"print", []string{"p"}, "print EXPR",
			"show a value: registers, [addr], [reg+n], labels, numbers, + - * / % == != < <= > >= && || ( )"}, (*Session).cmdPrint, false, true},
		{Command{"x", nil, "x ADDR [COUNT]",
			"examine COUNT memory words from ADDR (default 4), as signed decimals"}, (*Session).cmdX, false, true},
		{Command{"set", nil, "set REG = EXPR | set [ADDR] = EXPR",
			"change a register or memory word (setting eip goes on from a fault); reverse-step undoes it"}, (*Session).cmdSet, false, false},
		{Command{"info", []string{"i"}, "info breakpoints | info registers | info lines",
			"list breakpoints and watchpoints, show every register, or list the hottest lines (as profile)"}, (*Session).cmdInfo, false, true},
		{Command{"backtrace", []string{"bt", "where"}, "backtrace",
			"list the calls running, innermost first: each function and the line it stands on"}, (*Session).cmdBacktrace, false, false},
		{Command{"frame", []string{"f"}, "frame [N]",
			"select frame N of backtrace (the source pane shows its line; registers stay the machine's)"}, (*Session).cmdFrame, false, false},
		{Command{"up", nil, "up [N]",
			"select the frame N calls out (default 1): the caller"}, (*Session).cmdUp, false, true},
		{Command{"down", nil, "down [N]",
			"select the frame N calls in (default 1)"}, (*Session).cmdDown, false, true},
		{Command{"profile", nil, "profile [N]",
			"list the N lines that ran most (default 10) with their counts and shares of the steps"}, (*Session).cmdProfile, false, false},
		{Command{"input", nil, "input [TEXT] | input -end",
			"give the program a line of input for rdn and rdc (TEXT and a newline); -end ends the input"}, (*Session).cmdInput, false, false},
		{Command{"restart", nil, "restart",
			"start the program again: fresh machine, breakpoints and watchpoints kept, hit counts reset"}, (*Session).cmdRestart, false, false},
		{Command{"reload", nil, "reload",
			"re-read the program's files after an edit and restart; breakpoints and watchpoints stay on their lines"}, (*Session).cmdReload, false, false},
		{Command{"help", []string{"h"}, "help [CMD | MNEMONIC]",
			"list the commands, or explain a command or an instruction"}, (*Session).cmdHelp, false, false},
		{Command{"quit", []string{"q", "exit"}, "quit",
			"leave the debugger"}, (*Session).cmdQuit, false, false},
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
func (s *Session) Exec(line string) (out string, err error) {
	<-s.turn
	defer func() { s.turn <- struct{}{} }()
	defer func() {
		// The debugger must outlive any bug of its own: report, do not crash.
		if p := recover(); p != nil {
			out, err = "", fmt.Errorf("internal error: %v", p)
		}
		s.progress.Store(s.c.Steps())
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
		if isa.Lookup(name) != nil {
			return "", fmt.Errorf("unknown command %q (for the instruction, try help %s)", name, name)
		}
		return "", fmt.Errorf("unknown command %q (try help)", name)
	}
	if cmd.running {
		// The request is cleared when the command ends, not when it
		// starts: a UI that starts a run on another goroutine may see the
		// user's pause key before Exec gets here, and that pause must hold.
		defer s.interrupted.Store(false)
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

// canRun refuses to run a program that has stopped for good, saying what
// the user can do instead.
func (s *Session) canRun() error {
	switch s.c.State() {
	case cpu.Ended, cpu.Halted:
		return errors.New("the program is not running (it has ended); restart it, or reverse-step")
	case cpu.Faulted:
		f := s.c.Fault()
		return fmt.Errorf("the program faulted (%s at %s); reverse-step, set eip = ADDR to go on, or restart", f.Kind, s.loc(f.EIP))
	}
	return nil
}

// Report renders the last stop as the command language shows it: why it
// stopped, when there is something to say, then the instruction at eip.
func (s *Session) Report() string {
	defer s.acquire()()
	return s.report()
}

// report is Report for a caller holding the session.
func (s *Session) report() string {
	var lines []string
	if s.reason != "" {
		lines = append(lines, s.reason)
	}
	if h := s.here(); h != "" {
		lines = append(lines, h)
	}
	return strings.Join(lines, "\n")
}

// reported renders a run's stop, or passes its error on.
func (s *Session) reported(_ StopEvent, err error) (string, error) {
	if err != nil {
		return "", err
	}
	return s.report(), nil
}

// here shows the instruction at eip with its source line ("" at the end of
// the code).
func (s *Session) here() string {
	c := s.c
	if c.State() == cpu.Ended {
		return ""
	}
	pc := c.EIP()
	text := ""
	if f, l, ok := s.Where(pc); ok {
		if src, ok := s.prog.Debug.SourceLine(f, l); ok {
			text = strings.TrimSpace(src)
		}
	}
	if text == "" {
		if d, err := c.Decoded(pc); err == nil {
			text = assembler.FormatProgramInstruction(d, s.prog)
		}
	}
	return fmt.Sprintf("%s (eip %d): %s", s.loc(pc), pc, text)
}

func (s *Session) cmdStep(args string) (string, error) {
	n, err := count(args, "step")
	if err != nil {
		return "", err
	}
	return s.reported(s.step(n))
}

func (s *Session) cmdNext(args string) (string, error) {
	n, err := count(args, "next")
	if err != nil {
		return "", err
	}
	return s.reported(s.nextN(n))
}

func (s *Session) cmdFinish(args string) (string, error) {
	if err := noArgs(args, "finish"); err != nil {
		return "", err
	}
	return s.reported(s.finish())
}

func (s *Session) cmdContinue(args string) (string, error) {
	if err := noArgs(args, "continue"); err != nil {
		return "", err
	}
	return s.reported(s.cont())
}

func (s *Session) cmdUntil(args string) (string, error) {
	if args == "" {
		return "", errors.New("until needs a location: until LOC (a line, FILE:LINE, a label or *ADDR)")
	}
	addr, err := s.resolveLoc(args)
	if err != nil {
		return "", err
	}
	return s.reported(s.runTo(addr))
}

func (s *Session) cmdReverseStep(args string) (string, error) {
	n, err := count(args, "reverse-step")
	if err != nil {
		return "", err
	}
	return s.reported(s.stepBack(n))
}

func (s *Session) cmdReverseContinue(args string) (string, error) {
	if err := noArgs(args, "reverse-continue"); err != nil {
		return "", err
	}
	return s.reported(s.stepBack(0))
}

func (s *Session) noHistory() error {
	if s.c.Steps() == 0 {
		return errors.New("cannot step back: at the start of the program")
	}
	return fmt.Errorf("cannot step back: no recorded history (the last %d steps are kept)", s.j.Limit())
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

func (s *Session) cmdBreak(args string) (string, error) {
	loc, condText, hasIf := splitIf(args)
	var cond *expr
	if hasIf {
		if condText == "" {
			return "", errors.New("break: missing condition after if")
		}
		var err error
		if cond, err = parseExpr(condText, s.prog.Debug); err != nil {
			return "", err
		}
	}
	addr, err := s.resolveLoc(loc)
	if err != nil {
		return "", err
	}
	others := s.bpAt[addr]
	label := loc
	if label == "" {
		label = s.loc(addr)
	}
	b := s.addBreakpoint(addr, label, cond)
	msg := fmt.Sprintf("breakpoint %d at %s (eip %d)", b.ID, s.loc(addr), addr)
	if cond != nil {
		msg += " if " + cond.src
	}
	if len(others) > 0 {
		ids := make([]int, len(others))
		for i, o := range others {
			ids[i] = o.ID
		}
		msg += fmt.Sprintf(" (%s also there)", plural("breakpoint", ids))
	}
	return msg, nil
}

func (s *Session) findBreakpoint(text, cmd string) (*breakpoint, error) {
	id, err := strconv.Atoi(text)
	if err != nil {
		return nil, fmt.Errorf("%s: bad breakpoint number %q", cmd, text)
	}
	for _, b := range s.bps {
		if b.ID == id {
			return b, nil
		}
	}
	return nil, fmt.Errorf("%s: no breakpoint number %d", cmd, id)
}

func (s *Session) cmdCondition(args string) (string, error) {
	num, rest, _ := strings.Cut(args, " ")
	if num == "" {
		return "", errors.New("usage: condition N [COND]")
	}
	b, err := s.findBreakpoint(num, "condition")
	if err != nil {
		return "", err
	}
	rest = strings.TrimSpace(rest)
	if rest == "" {
		b.cond, b.Cond = nil, ""
		return fmt.Sprintf("breakpoint %d is now unconditional", b.ID), nil
	}
	cond, err := parseExpr(rest, s.prog.Debug)
	if err != nil {
		return "", err
	}
	b.cond, b.Cond = cond, cond.src
	return fmt.Sprintf("breakpoint %d stops only if %s", b.ID, cond.src), nil
}

func (s *Session) cmdWatch(args string) (string, error) {
	if args == "" {
		return "", errors.New("usage: watch REG or watch [ADDR]")
	}
	w, err := s.addWatch(args)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("watch %d: %s (address %d, now %d)", w.ID, w.Expr, w.Addr, int32(w.Old)), nil
}

// ids parses breakpoint and watchpoint numbers, all of which must exist,
// so that a typo changes nothing.
func (s *Session) ids(args, cmd string) ([]int, error) {
	var ids []int
	for _, f := range strings.Fields(args) {
		id, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("%s: bad breakpoint number %q", cmd, f)
		}
		if !s.pointExists(id) {
			return nil, fmt.Errorf("%s: no breakpoint or watchpoint number %d", cmd, id)
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		for _, b := range s.bps {
			ids = append(ids, b.ID)
		}
		for _, w := range s.wps {
			ids = append(ids, w.ID)
		}
	}
	return ids, nil
}

func (s *Session) cmdDelete(args string) (string, error) {
	ids, err := s.ids(args, "delete")
	if err != nil {
		return "", err
	}
	if len(ids) == 0 {
		return "no breakpoints or watchpoints to delete", nil
	}
	for _, id := range ids {
		s.deletePoint(id)
	}
	if args == "" {
		return "deleted all breakpoints and watchpoints", nil
	}
	return "deleted " + plural("breakpoint", ids), nil
}

func (s *Session) cmdDisable(args string) (string, error) { return s.enable(args, false) }
func (s *Session) cmdEnable(args string) (string, error)  { return s.enable(args, true) }

func (s *Session) enable(args string, on bool) (string, error) {
	verb := map[bool]string{true: "enable", false: "disable"}[on]
	ids, err := s.ids(args, verb)
	if err != nil {
		return "", err
	}
	if len(ids) == 0 {
		return "no breakpoints or watchpoints to " + verb, nil
	}
	for _, id := range ids {
		s.enablePoint(id, on)
	}
	return verb + "d " + plural("breakpoint", ids), nil
}

// formatValue shows a word as the debugger does everywhere: signed
// decimal, then the bits in hex.
func formatValue(v uint32) string { return fmt.Sprintf("%d (0x%08x)", int32(v), v) }

func (s *Session) cmdPrint(args string) (string, error) {
	e, err := parseExpr(args, s.prog.Debug)
	if err != nil {
		return "", err
	}
	v, err := e.eval(s.c.Memory())
	if err != nil {
		return "", err
	}
	return e.src + " = " + formatValue(v), nil
}

// maxExamine bounds x's count, so a typo cannot print a million lines.
const maxExamine = 4096

// wordsPerLine is how many words x shows on a line.
const wordsPerLine = 4

func (s *Session) cmdX(args string) (string, error) {
	if args == "" {
		return "", errors.New("usage: x ADDR [COUNT]")
	}
	addrText, n := args, uint64(wordsPerLine)
	if f := strings.Fields(args); len(f) > 1 && isDecimal(f[len(f)-1]) {
		rest := strings.TrimSpace(args[:strings.LastIndex(args, f[len(f)-1])])
		if _, err := parseExpr(rest, s.prog.Debug); err == nil {
			addrText = rest
			v, err := strconv.ParseUint(f[len(f)-1], 10, 64)
			if err != nil || v == 0 || v > maxExamine {
				return "", fmt.Errorf("x: bad count %s (want 1..%d)", f[len(f)-1], maxExamine)
			}
			n = v
		}
	}
	e, err := parseExpr(addrText, s.prog.Debug)
	if err != nil {
		return "", err
	}
	start, err := e.eval(s.c.Memory())
	if err != nil {
		return "", err
	}
	mem := s.c.Memory()
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
func (s *Session) dataLabelAt(addr uint32) string {
	if addr < memory.NumRegs {
		return memory.Reg(addr).String()
	}
	if d := s.prog.Debug; d != nil {
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
func (s *Session) cmdSet(args string) (string, error) {
	args = strings.TrimSpace(args)
	if rest, ok := strings.CutPrefix(args, "var "); ok {
		args = rest
	}
	i := assignIndex(args)
	if i < 0 {
		return "", errors.New("usage: set REG = EXPR or set [ADDR] = EXPR")
	}
	a, err := s.assign(args[:i], args[i+1:])
	if err != nil {
		return "", err
	}
	addr, v := a.Addr, a.New
	return fmt.Sprintf("%s = %s", regName(addr), formatValue(v)), nil
}

func (s *Session) cmdInfo(args string) (string, error) {
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

func (s *Session) infoBreakpoints() string {
	if len(s.bps)+len(s.wps) == 0 {
		return "no breakpoints or watchpoints"
	}
	type row struct {
		id   int
		line string
	}
	var rows []row
	yn := map[bool]string{true: "y", false: "n"}
	for _, b := range s.bps {
		where := s.loc(b.Addr)
		if b.Label != "" && b.Label != where && !isDecimal(b.Label) && !strings.Contains(b.Label, ":") {
			where += " (" + b.Label + ")"
		}
		rows = append(rows, row{b.ID, fmt.Sprintf("%d\tbreak\t%s\t%d\t%s\t%d\t%s", b.ID, yn[b.Enabled], b.Addr, where, b.Hits, b.Cond)})
	}
	for _, w := range s.wps {
		v, _ := s.c.Memory().Load(w.Addr)
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

func (s *Session) infoRegisters() string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	mem := s.c.Memory()
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

func (s *Session) cmdRestart(args string) (string, error) {
	if err := noArgs(args, "restart"); err != nil {
		return "", err
	}
	s.restart()
	return "restarted\n" + s.here(), nil
}

func (s *Session) cmdHelp(args string) (string, error) {
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

func (s *Session) cmdQuit(args string) (string, error) {
	if err := noArgs(args, "quit"); err != nil {
		return "", err
	}
	return "", ErrQuit
}

// InstructionHelp returns `help MNEMONIC`'s text, from the isa table.
func InstructionHelp(mnemonic string) (string, bool) {
	in := isa.Lookup(strings.ToLower(strings.TrimSpace(mnemonic)))
	if in == nil {
		return "", false
	}
	return in.Help(), true
}
