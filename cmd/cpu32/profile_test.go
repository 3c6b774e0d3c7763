package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

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
