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

func TestRunProfile(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	t.Chdir(root)

	// To stderr, after the program's output.
	r := cli(t, "run", "--profile", "programs/primes_sieve.asm")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Equal(t, "303\n", r.stdout)
	require.Contains(t, r.stderr, "       3,004  13.3% ##########    22  cross:  mov [composite+ebx], 1\n")
	require.Contains(t, r.stderr, "profile: 22,666 steps\n")
	require.Contains(t, r.stderr, "  sieve                     1         12,366   54.6%         12,366   54.6%\n")
	require.Contains(t, r.stderr, "  count                     1         10,296   45.4%         10,296   45.4%\n")

	// To a file, nothing on stderr.
	out := filepath.Join(t.TempDir(), "trial.prof")
	r = cli(t, "run", "--profile-out", out, "programs/primes_trial.asm")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Equal(t, "", r.stderr)
	text := readFile(t, out)
	require.Contains(t, text, "profile: 147,780 steps\n")
	require.Contains(t, text, "  is_prime              1,998        137,786   93.2%        137,786   93.2%\n")

	// --json carries the counts.
	r = cli(t, "run", "--json", "--profile-out", out, "programs/primes_trial.asm")
	require.Equal(t, exitOK, r.code, r.stderr)
	var rep struct {
		Steps   uint64 `json:"steps"`
		Profile struct {
			Steps uint64 `json:"steps"`
			Lines []struct {
				File  string `json:"file"`
				Line  int    `json:"line"`
				Count uint64 `json:"count"`
			} `json:"lines"`
			Functions []struct {
				Function string `json:"function"`
				Calls    uint64 `json:"calls"`
				Self     uint64 `json:"self"`
				Total    uint64 `json:"total"`
			} `json:"functions"`
		} `json:"profile"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	require.Equal(t, uint64(147780), rep.Steps)
	require.Equal(t, rep.Steps, rep.Profile.Steps)
	var sum uint64
	for _, l := range rep.Profile.Lines {
		sum += l.Count
		if l.Line == 17 {
			require.Equal(t, uint64(13700), l.Count, "try: mov edx, ebx")
		}
	}
	require.Equal(t, rep.Steps, sum)
	require.Len(t, rep.Profile.Functions, 2)
	require.Equal(t, "is_prime", rep.Profile.Functions[1].Function)
	require.Equal(t, uint64(1998), rep.Profile.Functions[1].Calls)

	// Without --profile there is no profile.
	r = cli(t, "run", "--json", "programs/primes_trial.asm")
	require.False(t, strings.Contains(r.stdout, `"profile"`))
}

// A --profile-out that could not be written is a bad flag, said before
// anything runs: the run's report is not lost to it.
func TestRunProfileOutUnwritable(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "p.asm", "prn 1\n")
	require.NoError(t, os.Mkdir("d", 0o755))
	for _, tc := range []struct {
		file, stderr string
	}{
		{"nosuch/p.prof", "cpu32 run: cannot write --profile-out nosuch/p.prof: no such file or directory\n"},
		{"d", "cpu32 run: cannot write --profile-out d: is a directory\n"},
		{"", "cpu32 run: --profile-out needs a file name\n"},
	} {
		r := cli(t, "run", "--json", "--profile-out="+tc.file, "p.asm")
		assert.Equal(t, exitUsage, r.code)
		assert.Equal(t, tc.stderr, r.stderr)
		assert.Equal(t, "", r.stdout, "nothing ran")
	}
	assertOnly(t, "d")
	if os.Geteuid() != 0 {
		require.NoError(t, os.Chmod("d", 0o555))
		defer os.Chmod("d", 0o755)
		r := cli(t, "run", "--profile-out", "d/p.prof", "p.asm")
		assert.Equal(t, exitUsage, r.code)
		assert.Equal(t, "cpu32 run: cannot write --profile-out d/p.prof: permission denied\n", r.stderr)
		assert.Equal(t, "", r.stdout)
	}
}

// A profile that fails to write after the run (a full disk) still lets the
// JSON report and the fault's report out, then exits with exitWrite.
func TestRunProfileOutLateWriteError(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, "f.asm", "f: mov eax, 0\ndiv ebx, eax\nret\nstart: call f\n")
	r := cli(t, "run", "--json", "--profile-out", "/dev/full", "f.asm")
	assert.Equal(t, exitWrite, r.code)
	var rep struct{ Halted string }
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep), r.stdout)
	assert.Equal(t, "fault", rep.Halted)
	assert.Equal(t, "fault: divide-by-zero at f.asm:2 (eip 3): div ebx, eax\n"+
		"eax=0 ebx=0 ecx=0 edx=0 esp=262143 ebp=262144 eip=3 rem=0 flags=0 esi=0 edi=0\n"+
		"  division by zero\n"+
		"call stack, innermost first (function, call site):\n"+
		"  f (f.asm:4)\n"+
		"cpu32: write error: /dev/full: no space left on device\n", r.stderr)
}
