package vm

import (
	"errors"
	"strings"

	"cpu32/assembler"
	"cpu32/image"
	"cpu32/internal/limited"
)

// Program is an assembled program, ready to load into machines. It is
// never changed, so one Program may back many machines at once.
type Program struct {
	p        *image.Program
	warnings []Diagnostic
}

// Diagnostic is one assembler message: where, and what.
type Diagnostic struct {
	File    string
	Line    int // 1-based; 0 for a message about the whole file
	Col     int // 1-based, in characters
	Message string
	Text    string // the source line, for showing with a caret
}

// AssemblyError is the error of a program that does not assemble: every
// diagnostic, in file and line order. Its Error text is the CLI's, each
// diagnostic as "file:line:col: message", the source line and a caret.
type AssemblyError struct {
	Diagnostics []Diagnostic
	text        string
}

// Error returns every diagnostic, as the CLI prints them.
func (e *AssemblyError) Error() string { return e.text }

// Assemble assembles source text; name names it in diagnostics and debug
// information, and its folder is where %include looks first. A program
// with mistakes gives an *AssemblyError.
func Assemble(name, src string) (*Program, error) {
	p, warns, err := assembler.AssembleWithWarnings(name, []byte(src), assembler.Options{})
	if err != nil {
		return nil, asmError(err)
	}
	return &Program{p: p, warnings: diagnostics(warns)}, nil
}

// AssembleFile reads and assembles a .asm file. An unreadable file gives
// the read error, a program with mistakes an *AssemblyError.
func AssembleFile(path string) (*Program, error) {
	src, err := assembler.ReadSource(path) // bounded: never all of /dev/zero
	if err != nil {
		return nil, err
	}
	return Assemble(path, string(src))
}

// LoadImage reads an image written by `cpu32 asm` (errors wrap
// image.ErrFormat).
func LoadImage(data []byte) (*Program, error) {
	p, err := image.Decode(data)
	if err != nil {
		return nil, err
	}
	return &Program{p: p}, nil
}

// Load reads a program file the way `cpu32 run` does: an image when it
// starts with the image magic, assembly source otherwise.
func Load(path string) (*Program, error) {
	data, err := limited.ReadFile(path, image.MaxFileSize, "a program file")
	if err != nil {
		return nil, err
	}
	if image.IsImage(data) {
		return LoadImage(data)
	}
	return Assemble(path, string(data))
}

func asmError(err error) error {
	var list assembler.ErrorList
	if !errors.As(err, &list) {
		return err
	}
	return &AssemblyError{Diagnostics: diagnostics(list), text: list.Error()}
}

func diagnostics(list assembler.ErrorList) []Diagnostic {
	var ds []Diagnostic
	for _, e := range list {
		ds = append(ds, Diagnostic{File: e.Pos.File, Line: e.Pos.Line, Col: e.Pos.Col,
			Message: strings.TrimPrefix(e.Msg, "warning: "), Text: e.Text})
	}
	return ds
}

// Warnings returns the assembler's warnings: legal code that is almost
// certainly a mistake (a conditional jump after dec with no cmp, ...).
func (p *Program) Warnings() []Diagnostic {
	if p == nil {
		return nil
	}
	return p.warnings
}

// Externs returns the host functions the program declares, which must all
// be registered before it runs.
func (p *Program) Externs() []string {
	if p == nil || p.p == nil {
		return nil
	}
	return append([]string(nil), p.p.Externs...)
}

// Image returns the program as an image file, as `cpu32 asm` writes it.
func (p *Program) Image() ([]byte, error) {
	if p == nil || p.p == nil {
		return nil, ErrNoProgram
	}
	return image.Encode(p.p)
}
