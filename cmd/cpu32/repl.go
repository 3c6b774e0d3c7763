package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/chzyer/readline"
	"golang.org/x/term"

	"cpu32/internal/outfile"
	"cpu32/repl"
)

// replCommand runs the REPL: line editing and history on a terminal, or,
// with standard input not a terminal, a script: no prompts or colours, one
// line of output per instruction, errors named <stdin>:LINE, and an exit
// status that says whether a line failed (as sqlite3's or sh's does).
func replCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("repl", "cpu32 repl [flags] [FILE]   (FILE: a .asm file whose code, data and labels are loaded; nothing of it runs)",
		"  cpu32 repl\n  cpu32 repl programs/fact.asm      # then: mov eax, 5 / call fact\n  cpu32 repl < lesson.txt > lesson.out   # a script: one line of changes per instruction\n"+
			"  cpu32 repl --stop-on-error < setup.txt   # a script that must not go on past a mistake\n\n"+
			"Exit status: 0 on a terminal, and for a script whose every line was accepted;\n"+
			"1 when a line of a script failed (an assembly error, a fault, a bad command:\n"+
			"stderr names the lines); 2 bad flags, FILE does not load, or a line of a\nscript is longer than 4 KiB (the script stops there).", stdout)
	var mf programFlags
	mf.register(fs, false)
	steps := sizeFlag{v: repl.DefaultMaxSteps, min: 1, max: repl.MaxMaxSteps}
	fs.Var(&steps, "max-steps", "stop a line (and undo it) after `N` steps: a runaway loop")
	fs.Lookup("raw").Usage = "refused: the REPL loads .asm source only"
	stopOnError := fs.Bool("stop-on-error", false, "a script (standard input not a terminal): stop at the first line that fails")
	path, code, ok := parseFileArgs(fs, args, "program file", true, stderr)
	if !ok {
		return code
	}
	if mf.raw {
		fmt.Fprintln(stderr, "cpu32 repl: --raw: the REPL loads .asm source only")
		return exitUsage
	}
	s, err := repl.New(repl.Config{Machine: mf.config(), MaxSteps: uint64(steps.v), WriteFile: outfile.Write, NoWarn: mf.noWarn})
	if err != nil {
		fmt.Fprintf(stderr, "cpu32 repl: %v\n", err)
		return exitUsage
	}
	if path != "" {
		warns, err := s.Load(path)
		if err != nil {
			printLoadError(stderr, err)
			return exitUsage
		}
		printWarnings(stderr, warns)
	}
	if term.IsTerminal(int(stdin.Fd())) {
		return replTerminal(s, stdout, stderr)
	}
	return replScript(s, stdin, stdout, stderr, *stopOnError)
}

// replGreeting is what the REPL says first on a terminal.
func replGreeting(s *repl.Session) string {
	g := "cpu32 repl: type an instruction and it runs; .help lists the commands, .quit leaves.\n"
	if s.File() != "" {
		g += s.File() + " is loaded: its labels are known, nothing of it has run.\n"
	}
	return g
}

// replScript reads lines until the end of input or .quit. A line that
// fails (Result.Failed) is named <stdin>:LINE where its error is written,
// the script goes on (or stops, with stopOnError), and the exit status is
// exitFault; stderr lists the lines that failed, which stdout, often a
// file, would hide. A line longer than repl.MaxLine ends the script with
// exitUsage once its error is out: what follows it is no script
// (/dev/zero, a binary file).
func replScript(s *repl.Session, in io.Reader, stdout, stderr io.Writer, stopOnError bool) int {
	r := bufio.NewReader(in)
	w := bufio.NewWriter(stdout)
	code := exitOK
	var failed []int // the first maxNamed lines that failed
	nFailed := 0     // how many did, which a script of any length bounds not
	for n := 1; ; n++ {
		line, err := readLine(r)
		if line == "" && err != nil {
			break
		}
		res := s.Eval(line)
		io.WriteString(w, res.Format(line, scriptLine(n), false))
		if repl.TooLong(line) {
			code = exitUsage
			break
		}
		if res.Failed() {
			if nFailed++; len(failed) < maxNamed {
				failed = append(failed, n)
			}
			if stopOnError {
				break
			}
		}
		if res.Kind == repl.Quit {
			break
		}
	}
	if err := w.Flush(); err != nil {
		return reportWriteError(stderr, err)
	}
	if code == exitOK && nFailed > 0 {
		fmt.Fprintf(stderr, "cpu32 repl: %s\n", failedLines(failed, nFailed, stopOnError))
		code = exitFault
	}
	return code
}

// scriptLine names line n of a script in its messages: <stdin>, as
// compilers and Python name standard input, which no file can be
// mistaken for.
func scriptLine(n int) string { return fmt.Sprintf("<stdin>:%d", n) }

// maxNamed bounds the failed lines failedLines names.
const maxNamed = 5

// failedLines says which lines of a script failed, n of them, the first
// of them: "2 lines failed: <stdin>:3, <stdin>:7", or where
// --stop-on-error stopped it.
func failedLines(first []int, n int, stopped bool) string {
	if stopped {
		return fmt.Sprintf("stopped at %s, the first line that failed (--stop-on-error)", scriptLine(first[0]))
	}
	names := make([]string, 0, maxNamed+1)
	for _, line := range first {
		names = append(names, scriptLine(line))
	}
	if n > len(first) {
		names = append(names, fmt.Sprintf("and %d more", n-len(first)))
	}
	what := "1 line failed"
	if n > 1 {
		what = fmt.Sprintf("%d lines failed", n)
	}
	return what + ": " + strings.Join(names, ", ")
}

// readLine reads a line and its line break, or of a line longer than
// repl.MaxLine only its first MaxLine+2 bytes: enough for repl.TooLong to
// tell, never the whole of a line that does not end.
func readLine(r *bufio.Reader) (string, error) {
	var b []byte
	for {
		chunk, err := r.ReadSlice('\n')
		room := repl.MaxLine + 2 - len(b)
		b = append(b, chunk[:min(len(chunk), room)]...)
		if err != bufio.ErrBufferFull || len(chunk) >= room {
			return string(b), err
		}
	}
}

// lineBound is the terminal's input as readline reads it: of what is typed
// between two line ends (Enter, Ctrl-J; Ctrl-C, which clears the line), it
// passes the first repl.MaxLine+1 bytes and drops the rest, so that a
// paste that never ends costs no more memory than a line may hold; the
// line read is then too long, and Eval says so.
type lineBound struct {
	r io.Reader
	n int // bytes passed since the last line end
}

// Close closes the input, as readline closes its own when it is done.
func (l *lineBound) Close() error {
	if c, ok := l.r.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

func (l *lineBound) Read(p []byte) (int, error) {
	for {
		n, err := l.r.Read(p)
		kept := p[:0]
		for _, c := range p[:n] {
			switch {
			case c == '\r' || c == '\n' || c == 3: // Enter, Ctrl-J, Ctrl-C
				l.n = 0
			case l.n > repl.MaxLine:
				continue
			default:
				l.n++
			}
			kept = append(kept, c)
		}
		if len(kept) > 0 || err != nil || n == 0 {
			return len(kept), err
		}
	}
}

// replTerminal is the interactive REPL: chzyer/readline edits the line
// (arrows, Ctrl-A/E, Ctrl-R search) and keeps the history in a file under
// the user's config folder; Ctrl-C at the prompt clears the line, during a
// run it stops the run (which is undone).
//
// With stdout a file or a pipe (`cpu32 repl > session.log`) and stderr
// the terminal, the terminal is stderr, as for Python's REPL: the prompt,
// the line as it is typed, warnings and the lines that fail show there,
// and stdout gets what the others did, plain, with no line editor's
// escapes.
func replTerminal(s *repl.Session, stdout, stderr io.Writer) int {
	screen := stdout
	if !isTerminal(stdout) && isTerminal(stderr) {
		screen = stderr
	}
	color := os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
	rl, err := readline.NewEx(&readline.Config{
		Prompt:          repl.Prompt,
		HistoryFile:     historyFile(),
		HistoryLimit:    1000,
		InterruptPrompt: "^C",
		Stdin:           &lineBound{r: stdin},
		Stdout:          screen,
		Stderr:          stderr,
	})
	if err != nil {
		fmt.Fprintf(stderr, "cpu32 repl: %v\n", err)
		return exitUsage
	}
	defer rl.Close()
	io.WriteString(screen, replGreeting(s))
	for {
		if s.InData() {
			rl.SetPrompt(repl.DataPrompt)
		} else {
			rl.SetPrompt(repl.Prompt)
		}
		line, err := rl.Readline()
		if errors.Is(err, readline.ErrInterrupt) {
			if line == "" {
				fmt.Fprintln(screen, "(.quit or Ctrl-D leaves)")
			}
			continue
		}
		if err != nil { // io.EOF: Ctrl-D
			return exitOK
		}
		res := evalInterruptible(s, line)
		// A caret points into the line only under it, on the screen.
		w := stdout
		switch {
		case res.Failed():
			w = screen
		case stdout != screen && len(res.Warnings) > 0:
			io.WriteString(screen, res.FormatWarnings(line, "", true))
			res.Warnings = nil
		}
		text := res.Format(line, "", w == screen)
		if color && res.Failed() {
			text = "\x1b[31m" + strings.TrimSuffix(text, "\n") + "\x1b[0m\n"
		}
		if _, err := io.WriteString(w, text); err != nil {
			return reportWriteError(stderr, err)
		}
		if res.Kind == repl.Quit {
			return exitOK
		}
	}
}

// evalInterruptible runs a line with Ctrl-C (SIGINT: the terminal is not
// raw while a line runs) stopping it.
func evalInterruptible(s *repl.Session, line string) repl.Result {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	done := make(chan struct{})
	go func() {
		select {
		case <-sig:
			s.Interrupt()
		case <-done:
		}
	}()
	defer func() {
		signal.Stop(sig)
		close(done)
	}()
	return s.Eval(line)
}

// historyFile is where the REPL keeps its history: cpu32/repl_history
// under the user's config folder, or "" (history for this session only)
// when there is none.
func historyFile() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	dir = filepath.Join(dir, "cpu32")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ""
	}
	return filepath.Join(dir, "repl_history")
}
