package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/host"
	"cpu32/image"
	"cpu32/memory"
)

// flagSet is a subcommand's flags together with its --help printer.
type flagSet struct {
	*flag.FlagSet
	help func()
}

// newFlagSet returns a flag set whose --help prints the usage line, the
// flags and an example, and whose errors are left to the caller to print.
func newFlagSet(name, usageLine, example string, out io.Writer) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	// The flag package calls Usage on every parse error too; parseArgs
	// prints a one-line error then, and the help only for --help.
	fs.Usage = func() {}
	return &flagSet{FlagSet: fs, help: func() {
		fmt.Fprintf(out, "Usage: %s\n\nFlags:\n", usageLine)
		printFlags(out, fs)
		fmt.Fprintf(out, "\nExample:\n%s\n", example)
	}}
}

// parseArgs parses flags that may come before or after the one file every
// command takes (`cpu32 run prog.asm --json` works like `cpu32 run --json
// prog.asm`); what names the file in the error when there is not exactly
// one ("program file"). It returns the file, or an exit status when parsing
// ends the command (help, a bad flag, no file or more than one).
func parseArgs(fs *flagSet, args []string, what string, stdout, stderr io.Writer) (string, int, bool) {
	return parseFileArgs(fs, args, what, false, stderr)
}

// parseFileArgs is parseArgs where the file may be optional: without one
// it returns "".
func parseFileArgs(fs *flagSet, args []string, what string, optional bool, stderr io.Writer) (string, int, bool) {
	usageErr := func(msg string) (string, int, bool) {
		fmt.Fprintf(stderr, "cpu32 %s: %s\nRun 'cpu32 %s --help' for usage.\n", fs.Name(), msg, fs.Name())
		return "", exitUsage, false
	}
	positional, code, ok := parseFiles(fs, args, stderr)
	if !ok {
		return "", code, false
	}
	switch {
	case optional && len(positional) == 0:
		return "", 0, true
	case len(positional) != 1 && optional:
		return usageErr("expected at most one " + what)
	case len(positional) != 1:
		return usageErr("expected one " + what)
	}
	return positional[0], 0, true
}

// parseFiles parses flags that may come before, between or after any
// number of files, and returns the files. When parsing ends the command
// (help, a bad flag) it returns false and the exit status.
func parseFiles(fs *flagSet, args []string, stderr io.Writer) ([]string, int, bool) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				fs.help()
				return nil, exitOK, false
			}
			fmt.Fprintf(stderr, "cpu32 %s: %s\nRun 'cpu32 %s --help' for usage.\n", fs.Name(), flagError(err), fs.Name())
			return nil, exitUsage, false
		}
		if fs.NArg() == 0 {
			return positional, 0, true
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// printFlags lists the flags as users type them, with two dashes (the flag
// package's own listing shows one).
func printFlags(out io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		arg := "--" + f.Name
		if len(f.Name) == 1 {
			arg = "-" + f.Name // -o, as compilers spell it
		}
		switch name {
		case "value":
			name = "N"
		case "string":
			name = "FILE"
		}
		if name != "" {
			arg += " " + name
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			def = " (default " + f.DefValue + ")"
		}
		fmt.Fprintf(out, "  %-18s %s%s\n", arg, usage, def)
	})
}

// flagError rewords the flag package's errors with the flag names as the
// help spells them (--memory, not -memory).
func flagError(err error) string {
	msg := err.Error()
	for _, r := range []struct{ old, new string }{
		{"flag provided but not defined: -", "unknown flag --"},
		{"flag needs an argument: -", "missing value for --"},
	} {
		if rest, ok := strings.CutPrefix(msg, r.old); ok {
			return r.new + rest
		}
	}
	return flagNameRE().ReplaceAllString(msg, "for --$1")
}

// flagNameRE finds a flag's name in the flag package's errors; compiled
// on the first bad flag, not at every start.
var flagNameRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`for (?:flag )?-([A-Za-z][\w-]*)`) })

// noWarnUsage documents --no-warn, the same for every command.
const noWarnUsage = "do not print warnings (legal code that is probably a mistake; a '; nowarn' comment silences one line)"

// programFlags are the flags run and debug share: how to read the program
// file and how large a machine to load it into.
type programFlags struct {
	memory, stack sizeFlag
	maxSteps      sizeFlag
	raw           bool
	noWarn        bool
	warnings      assembler.ErrorList // the loaded source's, unless noWarn
	seed          sizeFlag            // for the standard host function rand
	// keepWarnings leaves the warnings to the caller instead of printing
	// them: the debugger shows them in its window.
	keepWarnings bool
}

func (m *programFlags) register(fs *flagSet, withSteps bool) {
	fs.BoolVar(&m.raw, "raw", false, "FILE is a headerless word stream in rubycpu's encoding")
	fs.BoolVar(&m.noWarn, "no-warn", false, noWarnUsage)
	m.memory = sizeFlag{v: memory.DefaultSize, min: memory.Reserved, max: memory.MaxSize}
	m.stack = sizeFlag{v: cpu.DefaultStack, min: 0, max: memory.MaxSize}
	fs.Var(&m.memory, "memory", fmt.Sprintf("memory size in words (%d..%d)", memory.Reserved, memory.MaxSize))
	fs.Var(&m.stack, "stack", "stack size in words, the top of memory")
	m.seed = sizeFlag{v: 1, min: 0, max: math.MaxInt64}
	fs.Var(&m.seed, "seed", "the seed of the host function rand: the same `N` gives the same numbers")
	if withSteps {
		m.maxSteps = sizeFlag{v: 0, min: 0, max: math.MaxInt64}
		fs.Var(&m.maxSteps, "max-steps", "fault with step-limit before instruction `N`+1 runs (default: no limit)")
	}
}

// load parses the command line and loads its one program file. When it
// returns false the command is over, with the exit status code: help was
// shown, or what was wrong has been printed.
func (m *programFlags) load(fs *flagSet, args []string, stdout, stderr io.Writer) (path string, p *image.Program, code int, ok bool) {
	path, code, ok = parseArgs(fs, args, "program file", stdout, stderr)
	if !ok {
		return "", nil, code, false
	}
	if p, m.warnings, ok = loadProgramWarn(path, m.raw, stderr); !ok {
		return "", nil, exitUsage, false
	}
	if m.noWarn {
		m.warnings = nil
	}
	if !m.keepWarnings {
		printWarnings(stderr, m.warnings)
	}
	return path, p, 0, true
}

func (m *programFlags) config() cpu.Config {
	stack := int(m.stack.v)
	if stack == 0 {
		stack = cpu.NoStack
	}
	steps := uint64(m.maxSteps.v)
	if steps == 0 && m.maxSteps.set { // --max-steps 0: not even one step
		steps = cpu.NoSteps
	}
	return cpu.Config{Memory: int(m.memory.v), Stack: stack, MaxSteps: steps, Host: host.Map(uint64(m.seed.v))}
}

// machineError prints why cpu.New refused the program: an extern the host
// does not provide is a diagnostic of its own, file:line first; anything
// else names the program file.
func machineError(stderr io.Writer, path string, err error) int {
	var ee *cpu.ExternError
	if errors.As(err, &ee) && ee.File != "" {
		fmt.Fprintf(stderr, "%v\n", err)
	} else {
		fmt.Fprintf(stderr, "cpu32: %s: %v\n", path, err)
	}
	return exitUsage
}

// sizeFlag is a whole-number flag with bounds, so that `--memory -5` or
// `--stack 99999999999` is refused with a message that names the range.
type sizeFlag struct {
	v, min, max int64
	set         bool // given on the command line
}

// String shows the value in --help.
func (s *sizeFlag) String() string {
	if s == nil {
		return "0"
	}
	return strconv.FormatInt(s.v, 10)
}

// Set parses and range-checks a value from the command line.
func (s *sizeFlag) Set(text string) error {
	n, err := strconv.ParseInt(strings.ReplaceAll(text, "_", ""), 0, 64)
	if errors.Is(err, strconv.ErrRange) { // a whole number, of more digits than any limit
		if strings.HasPrefix(strings.TrimSpace(text), "-") {
			return fmt.Errorf("%s is too small (%d..%d)", text, s.min, s.max)
		}
		return fmt.Errorf("%s is too large (%d..%d)", text, s.min, s.max)
	}
	if err != nil {
		return fmt.Errorf("%q is not a whole number", text)
	}
	if n < s.min || n > s.max {
		return fmt.Errorf("%d is outside %d..%d", n, s.min, s.max)
	}
	s.v, s.set = n, true
	return nil
}

// flagGiven reports whether the command line set the named flag (even to
// its default, as an empty -o does).
func flagGiven(fs *flagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}
