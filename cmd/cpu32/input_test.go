package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tests never read the test process's own standard input, whatever
// it is: they get an empty one.
func init() {
	f, err := os.Open(os.DevNull)
	if err != nil {
		panic(err)
	}
	stdin = f
}

// withStdin runs f with standard input reading text from a file.
func withStdin(t *testing.T, text string, f func()) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "stdin")
	writeFile(t, path, text)
	in, err := os.Open(path)
	require.NoError(t, err)
	defer in.Close()
	old := stdin
	stdin = in
	defer func() { stdin = old }()
	f()
}

// A teacher grades one program against several inputs: --input FILE
// feeds it, and --json says how much of the input was not read.
func TestRunInput(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, "sum.asm")
	writeFile(t, prog, "rdn ecx\nmov eax, 0\nl: cmp ecx, 0\nje d\nrdn ebx\nadd eax, ebx\ndec ecx\njmp l\nd: prn eax\n")
	for _, tc := range []struct {
		name, input string
		code        int
		output      string
		left        uint64
		fault       string
	}{
		{"exact", "3\n1 2 3\n", exitOK, "6\n", 1, ""},
		{"more than needed", "1 5 6 7", exitOK, "5\n", 4, ""},
		{"too short", "3 1 2", exitFault, "", 0, "end-of-input"},
		{"bad text", "2 1 x2", exitFault, "", 3, "invalid-input"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := filepath.Join(dir, tc.name+".in")
			writeFile(t, in, tc.input)
			r := cli(t, "run", "--json", "--input", in, prog)
			require.Equal(t, tc.code, r.code, r.stderr)
			rep := decodeReport(t, r.stdout)
			assert.Equal(t, tc.left, rep.InputLeft)
			if tc.fault == "" {
				assert.Equal(t, tc.output, rep.Output)
				assert.Nil(t, rep.Fault)
			} else {
				require.NotNil(t, rep.Fault)
				assert.Equal(t, tc.fault, rep.Fault.Kind)
				assert.Equal(t, 5, *rep.Fault.Line)
			}

			// Standard input works the same.
			withStdin(t, tc.input, func() {
				again := cli(t, "run", "--json", prog)
				assert.Equal(t, r, again)
			})
			withStdin(t, tc.input, func() {
				again := cli(t, "run", "--json", "--input", "-", prog)
				assert.Equal(t, r, again, "--input - is standard input")
			})
		})
	}

	r := cli(t, "run", "--input", filepath.Join(dir, "nope.in"), prog)
	assert.Equal(t, exitUsage, r.code)
	assert.Equal(t, "cpu32: --input "+filepath.Join(dir, "nope.in")+": no such file\n", r.stderr)
	r = cli(t, "debug", "--input", filepath.Join(dir, "nope.in"), prog)
	assert.Equal(t, exitUsage, r.code)
	assert.Equal(t, "cpu32: --input "+filepath.Join(dir, "nope.in")+": no such file\n", r.stderr)
	r = cli(t, "run", "--input", dir, prog)
	assert.Equal(t, exitUsage, r.code)
	assert.Equal(t, "cpu32: --input "+dir+": is a directory, not an input file\n", r.stderr)
	// Under --json the error names the file once, as for the program.
	r = cli(t, "run", "--json", "--input", filepath.Join(dir, "nope.in"), prog)
	assert.Equal(t, exitUsage, r.code)
	nope := filepath.Join(dir, "nope.in")
	errs := decodeReport(t, r.stdout).Errors
	require.Len(t, errs, 1)
	assert.Equal(t, []any{nope, (*int)(nil), "no such file"}, []any{errs[0].File, errs[0].Line, errs[0].Message})

	// A fault line names the input fault and what rdn found.
	bad := filepath.Join(dir, "bad.in")
	writeFile(t, bad, "1 abc")
	r = cli(t, "run", "--input", bad, prog)
	assert.Equal(t, exitFault, r.code)
	assert.Contains(t, r.stderr, "fault: invalid-input at "+prog+":5 (eip 10): rdn ebx\n")
	assert.Contains(t, r.stderr, "  rdn expected a number, found \"abc\"\n")
}

// A pipe whose writer keeps its end open (a grader's subprocess, `yes |`)
// does not hold the --json report back: input_left counts what arrived
// within drainTime.
func TestInputLeftOfAPipeThatStaysOpen(t *testing.T) {
	prog := filepath.Join(t.TempDir(), "one.asm")
	writeFile(t, prog, "rdn eax\nprn eax\n")
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	_, err = w.WriteString("7\n8 9\n")
	require.NoError(t, err)
	old, oldDrain := stdin, drainTime
	stdin, drainTime = r, 50*time.Millisecond
	defer func() { stdin, drainTime = old, oldDrain }()
	res := cli(t, "run", "--json", prog)
	require.Equal(t, exitOK, res.code, res.stderr)
	rep := decodeReport(t, res.stdout)
	assert.Equal(t, "7\n", rep.Output)
	assert.Equal(t, uint64(5), rep.InputLeft) // "\n8 9\n": rdn stops just after "7"
}
