package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// classDir is the grader's example class: a test file, the reference
// solution and four students.
const classDir = "../../grader/testdata/class"

func TestTestCommand(t *testing.T) {
	yaml := classDir + "/gcd.test.yaml"
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // a prefix of stdout
		stderr string // all of stderr
	}{
		{"program of the file", []string{yaml}, 0,
			classDir + "/gcd.asm: 10/10 points, all 9 cases passed\n", ""},
		{"one student", []string{yaml, classDir + "/alice/gcd.asm"}, 0,
			classDir + "/alice/gcd.asm: 10/10 points, all 9 cases passed\n", ""},
		{"flags after files", []string{yaml, classDir + "/alice/gcd.asm", "-v"}, 0,
			classDir + "/alice/gcd.asm: 10/10 points, all 9 cases passed\n  PASS reads two numbers (2/2 points)\n", ""},
		{"a failing student", []string{yaml, classDir + "/bob/gcd.asm"}, 1,
			classDir + "/bob/gcd.asm: 1/10 points, 1 passed, 8 failed\n  FAIL reads two numbers (0/2 points)\n", ""},
		{"a folder", []string{yaml, classDir}, 1,
			classDir + "/alice/gcd.asm: 10/10 points, all 9 cases passed\n" + classDir + "/bob/gcd.asm: 1/10", ""},
		{"a glob", []string{yaml, classDir + "/[ac]*/gcd.asm"}, 1,
			classDir + "/alice/gcd.asm: 10/10 points, all 9 cases passed\n" + classDir + "/carol/gcd.asm: 0/10 points, does not load:\n", ""},
		{"the same file twice", []string{yaml, classDir + "/alice/gcd.asm", classDir + "/alice/../alice/gcd.asm"}, 0,
			classDir + "/alice/gcd.asm: 10/10 points, all 9 cases passed\n", ""},
		{"command-line limits", []string{yaml, "--max-steps", "20", "-j", "1"}, 1,
			classDir + "/gcd.asm: 2/10 points, 2 passed, 7 failed\n  FAIL reads two numbers (0/2 points)\n       input: \"12 18\\n\"\n       fault: step-limit at " + classDir + "/gcd.asm:19 (eip 24): jmp again: step limit of 20 reached\n", ""},
		{"no test file", []string{}, 2, "", "cpu32 test: expected a test file\nRun 'cpu32 test --help' for usage.\n"},
		{"bad format", []string{"--format", "xml", yaml}, 2, "",
			"cpu32 test: --format: no format \"xml\" (the formats: human, json, junit, gradescope)\nRun 'cpu32 test --help' for usage.\n"},
		{"bad flag", []string{"--max-steps", "0", yaml}, 2, "",
			"cpu32 test: invalid value \"0\" for --max-steps: 0 is outside 1..9223372036854775807\nRun 'cpu32 test --help' for usage.\n"},
		{"bad timeout", []string{"--timeout", "0s", yaml}, 2, "",
			"cpu32 test: invalid value \"0s\" for --timeout: 0s is not a positive duration\nRun 'cpu32 test --help' for usage.\n"},
		{"a timeout", []string{"--timeout", "10ms", "--max-steps", "1000000000000", "../../grader/testdata/hostile/hostile.test.yaml", "../../grader/testdata/hostile/loop.asm"}, 1,
			"../../grader/testdata/hostile/loop.asm: 0/2 points, 0 passed, 2 failed\n  FAIL prints 42 (0/1 points)\n       timeout: still running after 10ms (", ""},
		{"gradescope of two", []string{"--format", "gradescope", yaml, classDir + "/alice", classDir + "/bob"}, 2, "",
			"cpu32 test: --format gradescope writes one submission's results.json; 2 submissions were given\nRun 'cpu32 test --help' for usage.\n"},
		{"bad test file", []string{"../../grader/testdata/bad/unknown-field.yaml", classDir + "/alice/gcd.asm"}, 2, "",
			"../../grader/testdata/bad/unknown-field.yaml:2:1: unknown field \"max_step\" in the test file (did you mean max_steps?)\n" +
				"../../grader/testdata/bad/unknown-field.yaml:5:5: unknown field \"outptu\" in a case (did you mean output?)\n" +
				"../../grader/testdata/bad/unknown-field.yaml:6:5: unknown field \"whatever\" in a case (the fields: name, points, hidden, max_steps, max_output, timeout, input, input_file, call, args, output, output_file, output_contains, output_matches, fault, eax, registers, memory)\n"},
		{"missing test file", []string{"nope.yaml"}, 2, "", "nope.yaml: no such file\n"},
		{"no program", []string{"../../grader/testdata/hostile/hostile.test.yaml"}, 2, "",
			"cpu32 test: no submission: name one after the test file, or give the test file a program:\nRun 'cpu32 test --help' for usage.\n"},
		{"glob of nothing", []string{yaml, classDir + "/*/nothing*.asm"}, 2, "",
			"cpu32 test: " + classDir + "/*/nothing*.asm: no file matches\n"},
		{"empty folder", []string{yaml, "../../grader/testdata/bad"}, 2, "",
			"cpu32 test: ../../grader/testdata/bad: a folder with no .asm file in it\n"},
		{"missing submission", []string{yaml, "nope.asm"}, 1, "nope.asm: 0/10 points, does not load:\n  nope.asm: no such file\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, append([]string{"test"}, tt.args...)...)
			assert.Equal(t, tt.code, r.code, r.stderr)
			assert.True(t, strings.HasPrefix(r.stdout, tt.stdout), "stdout:\n%s", r.stdout)
			if tt.stdout == "" {
				assert.Empty(t, r.stdout)
			}
			assert.Equal(t, tt.stderr, r.stderr)
		})
	}
}

func TestTestHelp(t *testing.T) {
	for _, args := range [][]string{{"help", "test"}, {"test", "--help"}} {
		r := cli(t, args...)
		assert.Equal(t, 0, r.code)
		assert.True(t, strings.HasPrefix(r.stdout, "Usage: cpu32 test [flags] TESTFILE.yaml [SUBMISSION...]"), r.stdout)
		for _, s := range []string{"--format FORMAT", "-j N", "output_matches", "Exit status: 0 every case"} {
			assert.Contains(t, r.stdout, s)
		}
	}
	assert.Contains(t, cli(t, "help").stdout, "  test    grade submissions against a test file")
}

// TestTestOutputFile: -o writes the report atomically, in every format,
// and never over an input.
func TestTestOutputFile(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"gcd.test.yaml", "gcd.asm", "big.in", "big.out", "bob/gcd.asm"} {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o777))
		writeFile(t, filepath.Join(dir, f), readFile(t, filepath.Join(classDir, f)))
	}
	yaml := filepath.Join(dir, "gcd.test.yaml")
	for _, format := range []string{"human", "json", "junit", "gradescope"} {
		out := filepath.Join(dir, "report."+format)
		r := cli(t, "test", "--format", format, "-o", out, yaml)
		assert.Equal(t, 0, r.code, r.stderr)
		assert.Empty(t, r.stdout)
		stdout := cli(t, "test", "--format", format, yaml).stdout
		got := readFile(t, out)
		if format == "human" {
			assert.Equal(t, stdout, got)
		} else {
			assert.Equal(t, len(strings.Split(stdout, "\n")), len(strings.Split(got, "\n")), "the same report but for times")
		}
	}
	var res map[string]any
	require.NoError(t, json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "report.json"))), &res))
	assert.Equal(t, 10.0, res["points"])

	for _, victim := range []string{"gcd.test.yaml", "big.out", "gcd.asm", "bob/gcd.asm"} {
		path := filepath.Join(dir, victim)
		before := readFile(t, path)
		r := cli(t, "test", "-o", path, yaml, filepath.Join(dir, "gcd.asm"), filepath.Join(dir, "bob"))
		assert.Equal(t, 2, r.code)
		assert.Equal(t, "cpu32 test: refusing to write "+path+": it is an input of the program\n", r.stderr)
		assert.Equal(t, before, readFile(t, path))
	}
	// An include of a submission is an input too.
	writeFile(t, filepath.Join(dir, "inc/main.asm"), "%include \"lib.asm\"\n")
	writeFile(t, filepath.Join(dir, "inc/lib.asm"), "        prn 6\n")
	lib := filepath.Join(dir, "inc/lib.asm")
	r := cli(t, "test", "-o", lib, yaml, filepath.Join(dir, "inc/main.asm"))
	assert.Equal(t, 2, r.code)
	assert.Equal(t, "cpu32 test: refusing to write "+lib+": it is an input of the program\n", r.stderr)
	assert.Equal(t, "        prn 6\n", readFile(t, lib))

	r = cli(t, "test", "-o", filepath.Join(dir, "no/such/dir/r.txt"), yaml)
	assert.Equal(t, 2, r.code)
	assert.Equal(t, "cpu32 test: cannot write "+filepath.Join(dir, "no/such/dir/r.txt")+": no such file or directory\n", r.stderr)
	assertOnly(t, dir, "big.in", "big.out", "bob", "gcd.asm", "gcd.test.yaml", "inc", "report.gradescope", "report.human", "report.json", "report.junit")
}
