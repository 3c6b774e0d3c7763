package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// versionCommand prints the one line of versionLine: which cpu32 a student
// runs, to quote in a bug report or to compare with a classmate's.
func versionCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", "cpu32 version   (or cpu32 --version)", "  cpu32 version", stdout)
	arg, code, ok := parseFileArgs(fs, args, "argument", true, stderr)
	if !ok {
		return code
	}
	if arg != "" {
		fmt.Fprintf(stderr, "cpu32 version: unexpected argument %q\nRun 'cpu32 version --help' for usage.\n", arg)
		return exitUsage
	}
	bi, ok := debug.ReadBuildInfo()
	fmt.Fprintln(stdout, versionLine(bi, ok))
	return exitOK
}

// versionLine says which build this is: the module version ("(devel)" for
// a build from a checkout, whose go tool did not stamp one), the VCS
// revision and its time when the build recorded them, "modified" when the
// checkout had changes not committed, and the Go version and platform.
func versionLine(bi *debug.BuildInfo, ok bool) string {
	version, goVersion := "(devel)", runtime.Version()
	var vcs []string
	if ok && bi != nil {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
		settings := map[string]string{}
		for _, s := range bi.Settings {
			settings[s.Key] = s.Value
		}
		if rev := settings["vcs.revision"]; rev != "" {
			vcs = append(vcs, "revision "+rev[:min(len(rev), 12)])
			if t := settings["vcs.time"]; t != "" {
				vcs = append(vcs, t)
			}
			if settings["vcs.modified"] == "true" {
				vcs = append(vcs, "modified")
			}
		}
	}
	line := "cpu32 " + version
	if len(vcs) > 0 {
		line += " (" + strings.Join(vcs, ", ") + ")"
	}
	return line + " " + goVersion + " " + runtime.GOOS + "/" + runtime.GOARCH
}
