package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"cpu32/grader"
	"cpu32/internal/outfile"
)

const testExamples = `  cpu32 test gcd.test.yaml                       # the file's program: (a student's check)
  cpu32 test gcd.test.yaml alice/gcd.asm bob/gcd.asm
  cpu32 test gcd.test.yaml submissions/          # every .asm file under the folder
  cpu32 test gcd.test.yaml 'submissions/*/gcd.asm' -j 4
  cpu32 test --format junit -o report.xml gcd.test.yaml submissions/
  cpu32 test --format gradescope -o /autograder/results/results.json gcd.test.yaml gcd.asm

The test file (YAML; paths in it are relative to it):
  program: gcd.asm        the submission to grade when none is given
  name: gcd               the suite's name in reports (default: the file's name)
  max_steps: N            step limit of each case (default 10000000)
  max_output: BYTES       output limit of each case (default 1048576)
  timeout: 2s             wall time of each case, the last guard (default 10s)
  memory_size: N          memory in words (default 262144); stack_size: N (default 4096)
  seed: N                 the seed of the host function rand (default 1, as cpu32 run's)
  cases:                  a list of cases, each with:
    name: text            (default "case N"); points: N (default 1); hidden: true
    input: text | input_file: FILE
    call: label, args: [1, 2]   call a function (C convention) instead of running from start
    output: text | output_file: FILE   the exact output
    output_contains: text or [texts]; output_matches: regexp or [regexps]
    fault: kind           the run must end with this fault (divide-by-zero, ...)
    eax: N; registers: {ebx: N, ...}; memory: {label: N, 100: [N, N]}
    max_steps, max_output, timeout: the case's own limits
  The command line's --max-steps, --max-output and --timeout replace the
  file's top-level limits; a case's own limits still apply.

Exit status: 0 every case of every submission passed, 1 some case failed
(or a submission did not load), 2 bad input (a flag, the test file: then
nothing runs), 3 a write error.`

// gradingGC is the GOGC of a grading run (BenchmarkClass measures it).
const gradingGC = 400

// testCommand is `cpu32 test`: grade submissions against a test file.
func testCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("test", "cpu32 test [flags] TESTFILE.yaml [SUBMISSION...]   (a .asm file, a folder or a glob)", testExamples, stdout)
	jobs := sizeFlag{v: 0, min: 0, max: 1024}
	fs.Var(&jobs, "j", "grade on `N` machines at once (default: one per CPU)")
	format := fs.String("format", "human", "write results as `FORMAT`: human, json (a line per submission), junit (JUnit XML) or gradescope (results.json)")
	out := fs.String("o", "", "write the results to `FILE` (atomically) instead of standard output")
	verbose := fs.Bool("v", false, "list the cases that passed too")
	maxSteps := sizeFlag{v: 0, min: 1, max: math.MaxInt64}
	fs.Var(&maxSteps, "max-steps", "step limit of each case (`N`), in place of the test file's")
	maxOutput := sizeFlag{v: 0, min: 1, max: 256 << 20}
	fs.Var(&maxOutput, "max-output", "output limit of each case in `BYTES`, in place of the test file's")
	var timeout durationFlag
	fs.Var(&timeout, "timeout", "wall-time limit of each case (`DURATION`: 2s, 500ms), in place of the test file's")
	files, code, ok := parseFiles(fs, args, stderr)
	if !ok {
		return code
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "cpu32 test: "+format+"\nRun 'cpu32 test --help' for usage.\n", a...)
		return exitUsage
	}
	if len(files) == 0 {
		return usageErr("expected a test file")
	}
	f, err := grader.ParseFormat(*format)
	if err != nil {
		return usageErr("--format: %v", err)
	}
	if *out == "" && flagGiven(fs, "o") {
		return usageErr("-o needs a file name")
	}
	suite, err := grader.Parse(files[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	subs, err := submissions(files[1:])
	if err != nil {
		fmt.Fprintf(stderr, "cpu32 test: %v\n", err)
		return exitUsage
	}
	if len(subs) == 0 {
		if suite.Program == "" {
			return usageErr("no submission: name one after the test file, or give the test file a program:")
		}
		subs = []string{suite.Program}
	}
	if f == grader.Gradescope && len(subs) != 1 {
		return usageErr("--format gradescope writes one submission's results.json; %d submissions were given", len(subs))
	}
	// -o never replaces an input: the test file, its files, a submission
	// (checked before anything runs) or a file a submission includes
	// (known once it is read).
	refused := func(inputs []string) bool {
		if *out == "" {
			return false
		}
		err := outfile.RefuseInput(*out, inputs)
		if err != nil {
			fmt.Fprintf(stderr, "cpu32 test: %v\n", err)
		}
		return err != nil
	}
	if refused(append(suite.Inputs(), subs...)) {
		return exitUsage
	}
	opt := grader.Options{Jobs: int(jobs.v), Limits: grader.Limits{
		MaxSteps: uint64(maxSteps.v), MaxOutput: uint64(maxOutput.v), Timeout: time.Duration(timeout)}}
	// Every case allocates a machine (a megabyte of memory by default)
	// that is garbage once the case ends, while what stays alive is small:
	// collecting less often grades a class about twice as fast.
	defer debug.SetGCPercent(debug.SetGCPercent(gradingGC))
	results := grader.Grade(context.Background(), suite, subs, opt)
	var read []string
	for _, r := range results {
		read = append(read, r.Files...)
	}
	if refused(read) {
		return exitUsage
	}
	var buf bytes.Buffer
	wo := grader.WriteOptions{Verbose: *verbose,
		Color: *out == "" && f == grader.Text && isTerminal(stdout) && os.Getenv("NO_COLOR") == ""}
	if err := grader.Write(&buf, f, suite, results, wo); err != nil {
		fmt.Fprintf(stderr, "cpu32 test: %v\n", err)
		return exitUsage
	}
	if *out != "" {
		if code := saveOutput(stderr, "cpu32 test: cannot write", *out, buf.Bytes()); code != exitOK {
			return code
		}
	} else if _, err := stdout.Write(buf.Bytes()); err != nil {
		return reportWriteError(stderr, err)
	}
	for _, r := range results {
		if !r.OK() {
			return exitFault
		}
	}
	return exitOK
}

// submissions expands the command line's submissions: a file as it is, a
// folder to every .asm file under it (not under hidden folders), a
// pattern that names no file to the files it matches. The same file named
// twice is graded once.
func submissions(args []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[filepath.Clean(p)] {
			seen[filepath.Clean(p)] = true
			out = append(out, p)
		}
	}
	for _, a := range args {
		st, err := os.Stat(a)
		switch {
		case err == nil && st.IsDir():
			var found []string
			err := filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if d.IsDir() && p != a && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				if !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".asm") {
					found = append(found, p)
				}
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("%s: %s", a, outfile.Cause(err))
			}
			if len(found) == 0 {
				return nil, fmt.Errorf("%s: a folder with no .asm file in it", a)
			}
			for _, p := range found {
				add(p)
			}
		case err == nil:
			add(a)
		case errors.Is(err, fs.ErrNotExist) && strings.ContainsAny(a, "*?["):
			matches, err := filepath.Glob(a)
			if err != nil {
				return nil, fmt.Errorf("%s: a bad pattern", a)
			}
			if len(matches) == 0 {
				return nil, fmt.Errorf("%s: no file matches", a)
			}
			sort.Strings(matches)
			for _, p := range matches {
				add(p)
			}
		default:
			// Graded as a submission that does not load: the rest of
			// the class is still graded.
			add(a)
		}
	}
	return out, nil
}

// durationFlag is a positive duration ("2s", "500ms"); unset, it is 0 and
// --help shows no default.
type durationFlag time.Duration

// String shows the value in --help.
func (d *durationFlag) String() string {
	if d == nil || *d == 0 {
		return ""
	}
	return time.Duration(*d).String()
}

// Set parses a duration and refuses one that is not positive.
func (d *durationFlag) Set(text string) error {
	v, err := time.ParseDuration(text)
	switch {
	case err != nil:
		return fmt.Errorf("%q is not a duration (2s, 500ms)", text)
	case v <= 0:
		return fmt.Errorf("%s is not a positive duration", text)
	}
	*d = durationFlag(v)
	return nil
}
