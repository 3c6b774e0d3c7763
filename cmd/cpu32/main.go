// A cpu32 command is a short process more often than a server: the
// runtime's goroutine that follows the container's CPU limit, to change
// GOMAXPROCS while it runs, costs every start a goroutine and a thread's
// wake-up for nothing (issue 16).

//go:debug updatemaxprocs=0

package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"cpu32/internal/procs"
)

// Exit statuses (MACHINE.md: Command line).
const (
	exitOK    = 0 // the program ended normally (or halted)
	exitFault = 1 // the program faulted
	exitUsage = 2 // bad input: assembly errors, unreadable or corrupt file, bad flags
	exitWrite = 3 // the output could not be written (a full disk, a closed pipe)
	exitBug   = 4 // cpu32 itself failed (compiled code trapped): a bug to report
	// A run stopped by signal N exits with 128+N, as a shell reports it.
)

// subcommand is one row of the command table; the same table dispatches and
// prints the top-level help.
type subcommand struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func subcommands() []subcommand {
	return []subcommand{
		{"run", "run a .asm file, an image or (--raw) a raw word stream", runCommand},
		{"asm", "assemble a .asm file into an image (or --raw word stream)", asmCommand},
		{"disasm", "print assembly source for an image or (--raw) a raw word stream", disasmCommand},
		{"debug", "open the terminal debugger on a .asm file or an image", debugCommand},
		{"repl", "type instructions and see at once what each one did (optionally with a .asm file loaded)", replCommand},
		{"dap", "serve the Debug Adapter Protocol to an editor (VS Code, nvim-dap)", dapCommand},
		{"web", "serve the browser playground: an editor and the debugger in a page (or --export it)", webCommand},
		{"version", "print cpu32's version, source revision and Go version (also: cpu32 --version)", versionCommand},
		{"test", "grade submissions against a test file of cases (a teacher's autograder)", testCommand},
	}
}

func main() {
	os.Exit(realMain(os.Args[1:], stdoutWriter(os.Stdout), os.Stderr))
}

// stdoutWriter is standard output as main gives it to realMain: counting
// what it takes, for a stopping run's watch (progressWriter).
func stdoutWriter(f *os.File) io.Writer { return progressWriter{f} }

// realMain runs one command. Whatever the command printed to stdout, a
// failed write (help into a full disk, say) is reported once and ends with
// exitWrite.
func realMain(args []string, stdout, stderr io.Writer) int {
	out := &errWriter{w: stdout}
	code := dispatch(args, out, stderr)
	if out.err != nil && code != exitWrite {
		return reportWriteError(stderr, out.err)
	}
	return code
}

func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		if len(args) == 2 && args[0] == "help" { // cpu32 help run: run's --help
			return dispatch([]string{args[1], "--help"}, stdout, stderr)
		}
		usage(stdout)
		return exitOK
	case "--version", "-version":
		return versionCommand(args[1:], stdout, stderr)
	}
	for _, sc := range subcommands() {
		if sc.name == args[0] {
			if sc.name != "run" { // run releases them once the program proves not short
				procs.Release()
			}
			return sc.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "cpu32: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("cpu32: a 32-bit x86-like CPU emulator for learning assembly\n\nUsage:\n  cpu32 COMMAND [flags] FILE\n\nCommands:\n")
	for _, sc := range subcommands() {
		fmt.Fprintf(&b, "  %-7s %s\n", sc.name, sc.summary)
	}
	b.WriteString("\nExamples:\n  cpu32 run programs/fib.asm\n  cpu32 run --json programs/fib.asm\n  cpu32 asm programs/fib.asm -o fib.img\n  cpu32 debug programs/fib.asm\n\nExit status: 0 done, 1 the program faulted, 2 bad input (a flag, a file, assembly errors),\n3 a write error (a full disk), 4 cpu32 itself failed (a bug), 128+N a run stopped by signal N (130: Ctrl-C),\n141 the output was a pipe that closed.\n\nRun 'cpu32 COMMAND --help' for a command's flags.\n")
	io.WriteString(w, b.String())
}
