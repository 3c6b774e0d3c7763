package main

import (
	"fmt"
	"io"

	"cpu32/debugger"
	"cpu32/debugger/compiled"
	"cpu32/debugger/tui"
	"cpu32/image"
	"cpu32/jit"

	"golang.org/x/term"
)

// debugEngineUsage is --engine's help in debug and dap.
const debugEngineUsage = "what runs a long continue where nothing watches single steps (`ENGINE`): auto (interpret, then compile one that runs long), interp or jit"

// debugCommand opens the terminal debugger on a program. A fault or the
// end of the program does not end it; only quitting does, with status 0.
func debugCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("debug", "cpu32 debug [flags] FILE   (FILE: .asm source, an image, or --raw words)",
		"  cpu32 debug programs/fib.asm\n  cpu32 asm programs/fib.asm -o fib.img && cpu32 debug fib.img   # the image keeps the source",
		stdout)
	mf := programFlags{keepWarnings: true}
	mf.register(fs, false)
	var engine jit.Engine
	fs.Var(&engine, "engine", debugEngineUsage)
	inputPath := fs.String("input", "", "the program's input (rdn, rdc) from `FILE` (-: standard input, when it is not the terminal); without it the debugger asks for a line when the program waits")
	path, p, code, ok := mf.load(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	cfg := mf.config()
	if *inputPath == "-" {
		if term.IsTerminal(int(stdin.Fd())) { // not /dev/null, another character device
			fmt.Fprintln(stderr, "cpu32: --input -: standard input is the terminal the debugger draws on; leave --input out and type the input when the program waits")
			return exitUsage
		}
	}
	if *inputPath != "" {
		input, err := openInput(*inputPath)
		if err != nil {
			fmt.Fprintf(stderr, "cpu32: --input %v\n", err)
			return exitUsage
		}
		defer input.close()
		cfg.Input = input.r
	}
	s, err := debugger.NewSession(p, cfg, compiled.Option(engine))
	if err != nil {
		return machineError(stderr, path, err)
	}
	defer s.Close() // its compiled code
	s.SetLoader(func() (*image.Program, string, error) {
		p, warns, err := readProgram(path, mf.raw)
		if err != nil || mf.noWarn || len(warns) == 0 {
			return p, "", err
		}
		return p, warns.Error(), nil
	})
	var notes []string
	if len(mf.warnings) > 0 {
		notes = append(notes, mf.warnings.Error())
	}
	if err := tui.Run(s, notes...); err != nil {
		// Most likely there is no terminal to draw on.
		fmt.Fprintf(stderr, "cpu32 debug: %v\n", err)
		return exitUsage
	}
	return exitOK
}
