package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"cpu32/assembler"
	"cpu32/internal/outfile"
	"cpu32/internal/samefile"
	"cpu32/web"
)

// webFiles returns the page's files; tests replace it.
var webFiles = web.Files

// defaultListen is where `cpu32 web` serves: this machine only, since the
// page needs no one else.
const defaultListen = "127.0.0.1:8032"

// webCommand serves the browser playground, or writes it into a folder
// that any static host serves.
func webCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("web", "cpu32 web [flags] [FILE.asm]   (FILE: the program the page opens with)",
		"  cpu32 web programs/fib.asm          # then open the URL it prints\n  cpu32 web --listen :8080\n  cpu32 web --export site programs/fib.asm   # a static folder: upload it anywhere", stdout)
	listen := fs.String("listen", defaultListen, "serve on `ADDR` (host:port; port 0 picks a free one)")
	export := fs.String("export", "", "write the page's files into folder `DIR` instead of serving them")
	path, code, ok := parseFileArgs(fs, args, "program file", true, stderr)
	if !ok {
		return code
	}
	files := webFiles()
	if err := web.Check(files); err != nil {
		fmt.Fprintf(stderr, "cpu32 web: %v\n", err)
		return exitUsage
	}
	var start []byte
	if path != "" {
		var err error
		if start, err = assembler.ReadSource(path); err != nil {
			fmt.Fprintf(stderr, "cpu32 web: %s: %v\n", path, outfile.Cause(err))
			return exitUsage
		}
	}
	if *export != "" {
		if flagGiven(fs, "listen") {
			fmt.Fprintln(stderr, "cpu32 web: --export writes files and serves nothing: leave --listen out")
			return exitUsage
		}
		return exportSite(*export, files, path, start, stderr)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "cpu32 web: --listen %s: %v\n", *listen, outfile.Cause(err))
		return exitUsage
	}
	fmt.Fprintf(stdout, "cpu32 web: the playground is at http://%s/ (Ctrl-C stops)\n", ln.Addr())
	if f, ok := stdout.(interface{ Flush() error }); ok {
		f.Flush()
	}
	srv := &http.Server{Handler: web.Handler(files, start), ReadHeaderTimeout: 10 * time.Second}
	err = srv.Serve(ln)
	fmt.Fprintf(stderr, "cpu32 web: %v\n", err)
	return exitUsage
}

// exportSite writes the page's files, and the program it opens with as
// web.StartFile, into dir, each file atomically.
func exportSite(dir string, files fs.FS, path string, start []byte, stderr io.Writer) int {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		fmt.Fprintf(stderr, "cpu32 web: --export %s: %s\n", dir, outfile.Cause(err))
		return exitUsage
	}
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(files, name)
		if err != nil {
			return err
		}
		return writeSiteFile(dir, name, data, stderr)
	})
	if err == nil && start != nil {
		if out := filepath.Join(dir, web.StartFile); !samefile.Is(out, path) { // the input itself already holds it
			err = writeSiteFile(dir, web.StartFile, start, stderr)
		}
	}
	var code exportExit
	if errors.As(err, &code) {
		return int(code)
	}
	if err != nil {
		fmt.Fprintf(stderr, "cpu32 web: --export %s: %v\n", dir, err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "wrote the playground into %s\n", dir)
	return exitOK
}

// exportExit ends exportSite's walk with the status saveOutput gave.
type exportExit int

func (c exportExit) Error() string { return fmt.Sprintf("exit status %d", int(c)) }

func writeSiteFile(dir, name string, data []byte, stderr io.Writer) error {
	if code := saveOutput(stderr, "cpu32 web: --export", filepath.Join(dir, filepath.FromSlash(name)), data); code != exitOK {
		return exportExit(code)
	}
	return nil
}
