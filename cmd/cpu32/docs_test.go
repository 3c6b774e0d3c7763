package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"cpu32/cpu"
	"cpu32/debugger"
	"cpu32/debugger/cmdlang"
	"cpu32/internal/readme"
	"cpu32/repl"
)

// docPages are the pages whose examples TestDocExamples runs: README.md and
// every page of docs/.
func docPages(t *testing.T) []string {
	t.Helper()
	pages, err := filepath.Glob(filepath.Join("..", "..", "docs", "*.md"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages in docs/: %v", err)
	}
	return append([]string{filepath.Join("..", "..", "README.md")}, pages...)
}

// TestDocExamples runs every cpu32 command the documentation shows with its
// output (a code block whose lines start with "$ ") and compares what it
// prints, stdout and stderr together, with what the page shows ("..."
// stands for lines left out). Each page runs in a folder of its own that
// holds the repository's files (programs/, cmd/...) and the files its
// blocks name (```asm hello.asm), written when the page reaches them, so
// that a lesson can show a program, run it, then show it fixed. `cpu32` is
// this test binary. Two commands are typed into rather than run: a
// `cpu32 debug FILE` followed by "(cpu32) " lines runs those commands on
// the debugger's engine, as its command line would, and a `cpu32 repl
// [FILE]` followed by prompts runs the lines typed after them in a REPL
// session, printing what the REPL prints on a terminal.
func TestDocExamples(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	if err := os.Symlink(exe, filepath.Join(bin, "cpu32")); err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range docPages(t) {
		name := strings.TrimPrefix(filepath.ToSlash(page), "../../")
		page := filepath.Join(root, name)
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir) // the debugger's transcripts name files as the page does
			for _, e := range entries {
				if err := os.Symlink(filepath.Join(root, e.Name()), filepath.Join(dir, e.Name())); err != nil {
					t.Fatal(err)
				}
			}
			blocks, err := readme.Blocks(page)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range blocks {
				if b.Name != "" {
					if strings.ContainsAny(b.Name, `/\`) {
						t.Fatalf("%s:%d: a block's file name %q must be a plain name", name, b.Line, b.Name)
					}
					if err := os.WriteFile(filepath.Join(dir, b.Name), []byte(b.Body), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				for _, c := range b.Commands() {
					var got string
					if file, ok := strings.CutPrefix(c.Shell, "cpu32 debug "); ok {
						got = debugTranscript(t, file, c.Output)
					} else if file, ok := strings.CutPrefix(c.Shell+" ", "cpu32 repl "); ok && slices.ContainsFunc(c.Output, isPrompted) {
						got = replTranscript(t, strings.TrimSpace(file), c.Output)
					} else if runsCPU32.MatchString(c.Shell) {
						got = runShell(t, dir, bin, c.Shell)
					} else {
						continue // another tool's (go get): its own package tests it
					}
					if bad := readme.Match(c.Output, got); bad >= 0 {
						t.Errorf("%s:%d: `%s` printed (line %d of the page's output differs):\n%s", name, c.Line, c.Shell, c.Line+1+bad, got)
					}
				}
			}
		})
	}
}

// runsCPU32 matches a command line that runs cpu32: the only commands
// TestDocExamples runs, in a folder whose files link to the repository's.
var runsCPU32 = regexp.MustCompile(`(^|[|;&(]|\bdo)\s*cpu32\s`)

// runShell runs one command line of a page with bash in dir, cpu32 on the
// PATH, and returns its stdout and stderr as they interleaved.
func runShell(t *testing.T, dir, bin, line string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", line)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CPU32_AS_MAIN=1", "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "NO_COLOR=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("`%s`: %v", line, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("`%s` took more than 30 s", line)
	}
	return out.String()
}

// debugTranscript runs the "(cpu32) " lines of shown, the output of a
// `cpu32 debug FILE` command, on a debugger session of FILE, and returns
// the transcript the debugger's commands pane would show: each command,
// then what it printed.
func debugTranscript(t *testing.T, path string, shown []string) string {
	t.Helper()
	p, _, err := readProgram(path, false)
	if err != nil {
		t.Fatal(err)
	}
	var mf programFlags
	mf.register(newFlagSet("debug", "", "", nil), false)
	s, err := debugger.NewSession(p, mf.config())
	if err != nil {
		t.Fatal(err)
	}
	in := cmdlang.New(s)
	var b strings.Builder
	for _, line := range shown {
		cmd, ok := strings.CutPrefix(line, "(cpu32) ")
		if !ok {
			continue
		}
		b.WriteString(line + "\n")
		out, err := in.Exec(cmd)
		if out != "" {
			b.WriteString(out + "\n")
		}
		if err != nil {
			b.WriteString("error: " + err.Error() + "\n")
		}
	}
	return b.String()
}

// isPrompted reports whether a line of shown output is typed after a prompt
// of the REPL.
func isPrompted(line string) bool {
	return strings.HasPrefix(line, repl.Prompt) || strings.HasPrefix(line, repl.DataPrompt)
}

// replTranscript runs the lines typed after the REPL's prompts in shown,
// the output of a `cpu32 repl [FILE]` command, in a session with FILE
// loaded, and returns what the REPL prints on a terminal (without colour):
// its greeting, then each prompt and line typed and what it did.
func replTranscript(t *testing.T, path string, shown []string) string {
	t.Helper()
	s, err := repl.New(repl.Config{Machine: cpu.Config{}, MaxSteps: repl.DefaultMaxSteps})
	if err != nil {
		t.Fatal(err)
	}
	if path != "" {
		if _, err := s.Load(path); err != nil {
			t.Fatal(err)
		}
	}
	b := strings.Builder{}
	b.WriteString(replGreeting(s))
	for _, line := range shown {
		prompt := repl.Prompt
		if s.InData() {
			prompt = repl.DataPrompt
		}
		typed, ok := strings.CutPrefix(line, prompt)
		if !ok {
			continue
		}
		b.WriteString(line + "\n")
		b.WriteString(s.Eval(typed).Format(typed, "", true))
	}
	return b.String()
}

// docLink is a Markdown link or image: its target is group 1.
var docLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// TestDocLinks checks that every relative link of the documentation names a
// file that exists, and every #anchor a heading of its page.
func TestDocLinks(t *testing.T) {
	for _, page := range docPages(t) {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range docLink.FindAllStringSubmatch(string(data), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file, anchor, _ := strings.Cut(target, "#")
			path := page
			if file != "" {
				path = filepath.Join(filepath.Dir(page), file)
				if _, err := os.Stat(path); err != nil {
					t.Errorf("%s: the link %s: %v", page, target, err)
					continue
				}
			}
			if anchor != "" && !slices.Contains(anchors(t, path), anchor) {
				t.Errorf("%s: the link %s: no such heading in %s", page, target, path)
			}
		}
	}
}

// anchors returns the anchors GitHub gives the headings of a Markdown page:
// lower case, spaces as dashes, punctuation other than - and _ dropped.
func anchors(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var list []string
	inCode := false
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inCode = !inCode
		}
		if inCode || !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#")))
		var b strings.Builder
		for _, r := range title {
			switch {
			case r == ' ':
				b.WriteByte('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		list = append(list, b.String())
	}
	return list
}
