package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"cpu32/internal/readme"
)

// helpFlag is a flag as a command's --help lists it: "--memory N", "--json".
var helpFlag = regexp.MustCompile(`^  (--?[a-z][a-z-]*)(?: ([A-Z][A-Z:]*))?(?: |$)`)

// usageFlag is a flag in a usage line of docs/cli.md: "[--memory N]".
var usageFlag = regexp.MustCompile(`\[(--?[a-z][a-z-]*)(?: ([A-Z][A-Z:]*))?\]`)

// TestHelpMatchesDocs compares the flags every command's --help lists with
// the usage line docs/cli.md gives it, flag and argument name: a flag added
// to a command but not to the page, or left on the page after it went,
// fails here. Every command has a usage line.
func TestHelpMatchesDocs(t *testing.T) {
	blocks, err := readme.Blocks(filepath.Join("..", "..", "docs", "cli.md"))
	if err != nil {
		t.Fatal(err)
	}
	usage := map[string]string{} // command name -> its usage line
	for _, b := range blocks {
		for _, line := range strings.Split(b.Body, "\n") {
			if rest, ok := strings.CutPrefix(line, "cpu32 "); ok && b.Lang == "" {
				name, _, _ := strings.Cut(rest, " ")
				usage[name] = rest
			}
		}
	}
	for _, sc := range subcommands() {
		t.Run(sc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := realMain([]string{sc.name, "--help"}, &stdout, &stderr); code != exitOK {
				t.Fatalf("cpu32 %s --help: exit %d, %s", sc.name, code, stderr.String())
			}
			var help, helpUsage []string
			for _, line := range strings.Split(stdout.String(), "\n") {
				if m := helpFlag.FindStringSubmatch(line); m != nil {
					help = append(help, strings.TrimSpace(m[1]+" "+m[2]))
				}
				if u, ok := strings.CutPrefix(line, "Usage: "); ok {
					helpUsage = flagsOf(u)
				}
			}
			line, ok := usage[sc.name]
			if !ok {
				t.Fatalf("docs/cli.md has no usage line for cpu32 %s; its --help lists %q", sc.name, help)
			}
			docs := flagsOf(line)
			slices.Sort(help)
			if !slices.Equal(help, docs) {
				t.Errorf("cpu32 %s: --help lists the flags %q, docs/cli.md's usage line %q", sc.name, help, docs)
			}
			// A usage line of --help that names flags (rather than
			// "[flags]") names them all too.
			if len(helpUsage) > 0 && !slices.Equal(helpUsage, docs) {
				t.Errorf("cpu32 %s: --help's usage line has the flags %q, docs/cli.md's %q", sc.name, helpUsage, docs)
			}
		})
	}
}

// flagsOf returns the flags of a usage line, sorted: "--memory N", "-o FILE".
func flagsOf(line string) []string {
	var flags []string
	for _, m := range usageFlag.FindAllStringSubmatch(line, -1) {
		flags = append(flags, strings.TrimSpace(m[1]+" "+m[2]))
	}
	slices.Sort(flags)
	return flags
}
