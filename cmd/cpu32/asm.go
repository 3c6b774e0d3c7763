package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"cpu32/assembler"
	"cpu32/image"
	"cpu32/internal/outfile"
	"cpu32/internal/progfile"
)

func asmCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("asm", "cpu32 asm [--raw] [--no-warn] FILE.asm [-o FILE]",
		"  cpu32 asm programs/fib.asm -o fib.img      # then: cpu32 run fib.img\n  cpu32 asm --raw programs/fib.asm -o fib.bin # rubycpu's headerless encoding", stdout)
	out := fs.String("o", "", "output file (default: FILE with .img, or .bin with --raw)")
	raw := fs.Bool("raw", false, "write a headerless little-endian word stream in rubycpu's encoding")
	noWarn := fs.Bool("no-warn", false, noWarnUsage)
	src, code, ok := parseArgs(fs, args, "source file", stdout, stderr)
	if !ok {
		return code
	}
	dst := *out
	if dst == "" && flagGiven(fs, "o") {
		fmt.Fprintf(stderr, "cpu32 asm: -o needs a file name\nRun 'cpu32 asm --help' for usage.\n")
		return exitUsage
	}
	if dst == "" {
		ext := ".img"
		if *raw {
			ext = ".bin"
		}
		dst = strings.TrimSuffix(src, filepath.Ext(src)) + ext
	}
	data, err := progfile.Read(src, false)
	if err != nil {
		printLoadError(stderr, &fileError{src, err})
		return exitUsage
	}
	if progfile.IsBinary(data) {
		fmt.Fprintf(stderr, "cpu32 asm: %s: not assembly source: a binary file (an image or a raw program?)\n", src)
		return exitUsage
	}
	p, warns, err := assembler.AssembleWithWarnings(src, data, assembler.Options{Raw: *raw})
	if err != nil {
		printLoadError(stderr, fmt.Errorf("%s: %w", src, err))
		return exitUsage
	}
	if !*noWarn {
		printWarnings(stderr, warns)
	}
	// Never let an output replace an input: the main file or any include.
	if err := outfile.RefuseInput(dst, programInputs(src, p)); err != nil {
		fmt.Fprintf(stderr, "cpu32 asm: %v\n", err)
		return exitUsage
	}
	var bytes []byte
	if *raw {
		bytes = image.EncodeRaw(p.Code)
	} else if bytes, err = image.Encode(p); err != nil {
		fmt.Fprintf(stderr, "cpu32: %s: %v\n", src, err)
		return exitUsage
	}
	if code := saveOutput(stderr, "cpu32 asm: cannot write", dst, bytes); code != exitOK {
		return code
	}
	// Say what was written, as compilers that name their output do: a
	// student sees where the image went and that it is not empty.
	fmt.Fprintf(stderr, "wrote %s (%d words)\n", dst, len(p.Code)+len(p.Data))
	return exitOK
}

func disasmCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("disasm", "cpu32 disasm [--raw] FILE",
		"  cpu32 asm programs/fib.asm -o fib.img && cpu32 disasm fib.img > fib2.asm", stdout)
	raw := fs.Bool("raw", false, "FILE is a headerless word stream")
	file, code, ok := parseArgs(fs, args, "image file", stdout, stderr)
	if !ok {
		return code
	}
	p, ok := loadProgram(file, *raw, stderr)
	if !ok {
		return exitUsage
	}
	text, err := assembler.Disassemble(p)
	if err != nil {
		fmt.Fprintf(stderr, "cpu32: %s: %v\n", file, err)
		return exitUsage
	}
	if _, err := io.WriteString(stdout, text); err != nil {
		return reportWriteError(stderr, err)
	}
	return exitOK
}
