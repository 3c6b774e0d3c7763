package dap

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/google/go-dap"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/debugger"
	"cpu32/host"
	"cpu32/image"
	"cpu32/internal/limited"
	"cpu32/internal/progfile"
	"cpu32/memory"
)

// launchArgs are the launch request's arguments (the launch.json
// configuration's fields).
type launchArgs struct {
	Program     string   `json:"program"`
	StopOnEntry bool     `json:"stopOnEntry"`
	Input       string   `json:"input"` // a file for rdn and rdc
	Memory      *int64   `json:"memory"`
	Stack       *int64   `json:"stack"`
	MaxSteps    *int64   `json:"maxSteps"`
	Raw         bool     `json:"raw"`
	Args        []string `json:"args"`    // cpu32 run's flags: --memory N --stack N --max-steps N --input FILE --raw
	Cwd         string   `json:"cwd"`     // where relative paths start; the server's own folder by default
	NoDebug     bool     `json:"noDebug"` // Run Without Debugging: no stops but for input
	Seed        *int64   `json:"seed"`    // for the host function rand, as cpu32 run --seed
}

// Launch is what an engine is made from: the program and its machine.
type Launch struct {
	Path     string // the program file, absolute
	Program  *image.Program
	Config   cpu.Config // with the input and the standard host functions
	Warnings string     // the assembler's warnings, shown in the console
}

// onLaunch reads and loads the program in the background: a large
// program takes a second to assemble and its machine a moment to make,
// and a disconnect must be answered meanwhile.
func (s *Server) onLaunch(req *dap.LaunchRequest) error {
	if s.launched {
		return errors.New("a program is already launched")
	}
	var a launchArgs
	if len(req.Arguments) > 0 {
		if err := json.Unmarshal(req.Arguments, &a); err != nil {
			return fmt.Errorf("bad launch arguments: %v", err)
		}
	}
	newEngine := s.newEngine
	s.background(&req.Request, func() func() error {
		l, err := a.resolve()
		var eng Engine
		if err == nil {
			eng, err = newEngine(l)
		}
		return func() error { return s.launchDone(req, a, l, eng, err) }
	})
	return nil
}

// launchDone answers a launch once its program is loaded, or not.
func (s *Server) launchDone(req *dap.LaunchRequest, a launchArgs, l Launch, eng Engine, err error) error {
	if err != nil {
		var le *loadError
		if errors.As(err, &le) {
			s.output("stderr", le.diagnostics+"\n")
		}
		return err
	}
	s.launch = a
	s.use(eng)
	if l.Warnings != "" {
		s.console("%s\n", l.Warnings)
	}
	s.launched = true
	s.out.send(&dap.LaunchResponse{Response: response(&req.Request)})
	s.out.send(&dap.InitializedEvent{Event: event("initialized")})
	return nil
}

// resolve checks the arguments and reads the program: it returns the
// assembler's diagnostics as an error (and they are shown as output too).
func (a *launchArgs) resolve() (Launch, error) {
	if a.Program == "" {
		return Launch{}, errors.New(`launch needs "program": a .asm file or an image`)
	}
	if err := a.parseArgs(); err != nil {
		return Launch{}, err
	}
	l := Launch{Path: a.abs(a.Program)}
	cfg := cpu.Config{}
	seed := uint64(1) // cpu32 run's default
	if a.Input != "" {
		// The machine keeps what it reads for stepping back anyway. Only
		// a regular file: a pipe nobody writes, or /dev/zero, would keep
		// the launch reading for ever.
		data, err := limited.ReadRegularFile(a.abs(a.Input), debugger.MaxInput, "a program's input")
		if err != nil {
			return Launch{}, fmt.Errorf("input file %s: %v", a.Input, unwrapPath(err))
		}
		cfg.Input = bytes.NewReader(data)
	}
	for _, f := range []struct {
		name     string
		v        *int64
		min, max int64
		set      func(int64)
	}{
		{"memory", a.Memory, memory.Reserved, memory.MaxSize, func(n int64) { cfg.Memory = int(n) }},
		{"stack", a.Stack, 0, memory.MaxSize, func(n int64) {
			cfg.Stack = int(n)
			if n == 0 {
				cfg.Stack = cpu.NoStack
			}
		}},
		{"maxSteps", a.MaxSteps, 0, math.MaxInt64, func(n int64) {
			cfg.MaxSteps = uint64(n)
			if n == 0 {
				cfg.MaxSteps = cpu.NoSteps
			}
		}},
		{"seed", a.Seed, 0, math.MaxInt64, func(n int64) { seed = uint64(n) }},
	} {
		if f.v == nil {
			continue
		}
		if *f.v < f.min || *f.v > f.max {
			return Launch{}, fmt.Errorf("%s %d is outside %d..%d", f.name, *f.v, f.min, f.max)
		}
		f.set(*f.v)
	}
	cfg.Host = host.Map(seed)
	l.Config = cfg
	p, warns, err := loadProgram(l.Path, a.Raw)
	if err != nil {
		return Launch{}, err
	}
	l.Program, l.Warnings = p, warns
	return l, nil
}

// parseArgs reads args, cpu32 run's flags, into the fields they stand for.
func (a *launchArgs) parseArgs() error {
	if len(a.Args) == 0 {
		return nil
	}
	fs := flag.NewFlagSet("launch args", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	num := func(name string, p **int64) {
		fs.Func(name, "", func(text string) error {
			n, err := strconv.ParseInt(strings.ReplaceAll(text, "_", ""), 0, 64)
			if err != nil {
				return fmt.Errorf("%q is not a whole number", text)
			}
			*p = &n
			return nil
		})
	}
	num("memory", &a.Memory)
	num("stack", &a.Stack)
	num("max-steps", &a.MaxSteps)
	num("seed", &a.Seed)
	fs.StringVar(&a.Input, "input", a.Input, "")
	fs.BoolVar(&a.Raw, "raw", a.Raw, "")
	if err := fs.Parse(a.Args); err != nil {
		return fmt.Errorf("launch args: %v (known: --memory N, --stack N, --max-steps N, --seed N, --input FILE, --raw)", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("launch args: unexpected %q (the program goes in \"program\")", fs.Arg(0))
	}
	return nil
}

// abs makes a path from the client absolute, from cwd when it is relative.
func (a *launchArgs) abs(path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	if a.Cwd != "" {
		path = filepath.Join(a.Cwd, path)
	}
	if p, err := filepath.Abs(path); err == nil {
		return p
	}
	return path
}

// loadProgram reads an image (recognised by its magic), a raw word stream,
// or assembly source, as `cpu32 run` does; it returns the assembler's
// warnings too. It reads only regular files, the program's and those it
// includes, so that a launch never waits on a pipe or reads a device for
// ever.
func loadProgram(path string, raw bool) (*image.Program, string, error) {
	data, err := progfile.ReadRegular(path, raw)
	if err != nil {
		return nil, "", fmt.Errorf("program %s: %v", path, err)
	}
	p, warns, err := progfile.Decode(path, data, raw, assembler.Options{ReadFile: readInclude})
	if err != nil {
		var list assembler.ErrorList
		if errors.As(err, &list) {
			return nil, "", &loadError{list.Error()}
		}
		return nil, "", fmt.Errorf("program %s: %v", path, err)
	}
	w := ""
	if len(warns) > 0 {
		w = warns.Error()
	}
	return p, w, nil
}

// readInclude reads a file that the program includes: a regular file of
// source.
func readInclude(path string) ([]byte, error) {
	return limited.ReadRegularFile(path, assembler.MaxFileSize, "a source file")
}

// loadError is a program that does not assemble: the assembler's
// diagnostics, every one with its file:line:col.
type loadError struct{ diagnostics string }

func (e *loadError) Error() string { return "the program does not assemble:\n" + e.diagnostics }

// unwrapPath drops the *PathError's repetition of the path.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// use takes eng as the session's engine and notes where the program's
// sources are.
func (s *Server) use(eng Engine) {
	s.eng = eng
	s.sent = 0
	s.findSources()
}

// findSources notes where the program's source files are.
func (s *Server) findSources() {
	s.paths = nil
	if d := s.eng.Program().Debug; d != nil {
		for _, f := range d.Files {
			s.paths = append(s.paths, sourcePath(f, s.launch.abs(s.launch.Program)))
		}
	}
}

// sourcePath finds a source file named in the program's debug information:
// as named (relative to the current folder, where the assembler ran), or
// beside the program file (an image moved with its sources).
func sourcePath(name, program string) string {
	if filepath.IsAbs(name) {
		return filepath.Clean(name)
	}
	if abs, err := filepath.Abs(name); err == nil {
		if _, err := os.Stat(abs); err == nil {
			return abs
		}
	}
	return filepath.Join(filepath.Dir(program), filepath.Base(name))
}
