package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// run and debug give programs the standard host functions; --seed picks
// rand's numbers; an extern they do not provide is refused before the
// program runs, naming it and its line.
func TestRunHostFunctions(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, "h.asm")
	writeFile(t, prog, "extern print_str, print_hex, rand\npush msg\ncall print_str\npush 255\ncall print_hex\n"+
		"mov ecx, 5\nl: push 100\ncall rand\nprn eax\ndec ecx\ncmp ecx, 0\njne l\n.data\nmsg: dd \"hi \", 0\n")
	r := cli(t, "run", prog)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Regexp(t, `^hi 0xFF\n(\d\d?\n){5}$`, r.stdout)
	again := cli(t, "run", "--seed", "1", prog)
	assert.Equal(t, r.stdout, again.stdout, "--seed 1 is the default")
	other := cli(t, "run", "--seed", "99", prog)
	assert.NotEqual(t, r.stdout, other.stdout)
	assert.Equal(t, r.stdout[:8], other.stdout[:8])

	bad := filepath.Join(dir, "bad.asm")
	writeFile(t, bad, "prn 1\nextern print_hex, sqrt\ncall sqrt\n")
	r = cli(t, "run", bad)
	assert.Equal(t, exitUsage, r.code)
	assert.Equal(t, "", r.stdout, "nothing runs")
	assert.Equal(t, bad+":2: extern 'sqrt' is not provided by the host (it provides: print_hex, print_str, print_unsigned, rand)\n", r.stderr)
	r = cli(t, "run", "--json", bad)
	assert.Equal(t, exitUsage, r.code)
	errs := decodeReport(t, r.stdout).Errors
	require.Len(t, errs, 1)
	require.NotNil(t, errs[0].Line)
	assert.Equal(t, []any{bad, 2, "extern 'sqrt' is not provided by the host (it provides: print_hex, print_str, print_unsigned, rand)"},
		[]any{errs[0].File, *errs[0].Line, errs[0].Message}, "the place once, in file and line")

	// A host function's error is a fault like any other.
	fail := filepath.Join(dir, "fail.asm")
	writeFile(t, fail, "extern print_hex\nprn 1\ncall print_hex\n")
	r = cli(t, "run", "--json", fail)
	assert.Equal(t, exitFault, r.code)
	rep := decodeReport(t, r.stdout)
	require.NotNil(t, rep.Fault)
	assert.Equal(t, "host-error", rep.Fault.Kind)
	assert.Equal(t, "print_hex: argument 1 is outside memory: the stack holds 0 words above the return address", rep.Fault.Message)
	assert.Equal(t, 3, *rep.Fault.Line)
	assert.Equal(t, "1\n", rep.Output)
}
