package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"

	"cpu32/debugger/compiled"
	"cpu32/debugger/dap"
	"cpu32/jit"
)

// dapCommand serves the Debug Adapter Protocol to one editor: over
// standard input and output (what VS Code starts), or on a TCP address
// (--listen, for editors that connect, as nvim-dap can). One session at a
// time: a second editor that connects during it is told so and closed.
func dapCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("dap", "cpu32 dap [--listen HOST:PORT] [--engine ENGINE]",
		"  cpu32 dap                            # over stdin/stdout, as an editor starts it\n  cpu32 dap --listen 127.0.0.1:4711     # wait for one editor to connect",
		stdout)
	listen := fs.String("listen", "", "serve one client on this TCP address (`HOST:PORT`) instead of stdin/stdout")
	var engine jit.Engine
	fs.Var(&engine, "engine", debugEngineUsage)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fs.help()
			return exitOK
		}
		fmt.Fprintf(stderr, "cpu32 dap: %s\nRun 'cpu32 dap --help' for usage.\n", flagError(err))
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "cpu32 dap: unexpected %q: the program is named by the editor's launch request\n", fs.Arg(0))
		return exitUsage
	}
	newEngine := dap.SessionEngineWith(compiled.Option(engine))
	if *listen == "" {
		if err := dap.NewServer(os.Stdin, stdout, newEngine).Serve(); err != nil {
			fmt.Fprintf(stderr, "cpu32 dap: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	l, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "cpu32 dap: %v\n", err)
		return exitUsage
	}
	defer l.Close()
	// The line delve prints, which editors' launchers wait for.
	fmt.Fprintf(stdout, "DAP server listening at: %s\n", l.Addr())
	if err := dap.ServeListener(l, newEngine); err != nil {
		fmt.Fprintf(stderr, "cpu32 dap: %v\n", err)
		return exitUsage
	}
	return exitOK
}
