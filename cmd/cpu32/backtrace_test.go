package main

import (
	"cpu32/assembler"
	"cpu32/cpu"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFaultBacktrace runs each program of testdata/backtrace with a
// 64-word stack and compares what it prints on stderr with NAME.err: the
// fault, then the call stack, innermost first, recursion folded.
func TestFaultBacktrace(t *testing.T) {
	t.Chdir(filepath.Join(testdata, "backtrace"))
	for _, name := range []string{"deep", "nested", "mutual"} {
		t.Run(name, func(t *testing.T) {
			r := cli(t, "run", "--stack", "64", name+".asm")
			require.Equal(t, exitFault, r.code, r.stderr)
			golden := name + ".err"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(r.stderr), 0o644))
			}
			require.Equal(t, readFile(t, golden), r.stderr)
		})
	}
}

func TestFaultBacktraceJSON(t *testing.T) {
	t.Chdir(filepath.Join(testdata, "backtrace"))
	type frame struct {
		Function string `json:"function"`
		File     string `json:"file"`
		Line     *int   `json:"line"`
		EIP      uint32 `json:"eip"`
		Count    int    `json:"count"`
	}
	line := func(n int) *int { return &n }
	for _, tc := range []struct {
		name string
		want []frame
	}{
		{"deep", []frame{{"sum", "deep.asm", line(9), 12, 31}, {"sum", "deep.asm", line(4), 3, 1}}},
		{"nested", []frame{{"average", "nested.asm", line(5), 6, 1}, {"report", "nested.asm", line(2), 0, 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cli(t, "run", "--json", "--stack", "64", tc.name+".asm")
			require.Equal(t, exitFault, r.code)
			var rep struct {
				Fault struct {
					Backtrace []frame `json:"backtrace"`
				} `json:"fault"`
			}
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep), r.stdout)
			require.Equal(t, tc.want, rep.Fault.Backtrace)
		})
	}

	// A fault outside any call has no backtrace key at all, as in the
	// contract's examples.
	t.Chdir(filepath.Join(testdata, "examples"))
	r := cli(t, "run", "--json", "underflow.asm")
	var rep struct {
		Fault map[string]any `json:"fault"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	require.NotContains(t, rep.Fault, "backtrace")
	require.Equal(t, "stack-underflow", rep.Fault["kind"])
}

// run does not track calls (they cost nothing); a fault's call stack is
// rebuilt by running the program again on the same input.
func TestFaultBacktraceAfterInput(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, "down.asm", "start: rdn eax\n  call down\n  hlt\ndown: dec eax\n  cmp eax, 0\n  je bottom\n  call down\nbottom: div eax, eax\n")
	writeFile(t, "in.txt", "3\n")
	r := cli(t, "run", "--input", "in.txt", "down.asm")
	require.Equal(t, exitFault, r.code)
	require.Contains(t, r.stderr, "call stack, innermost first (function, call site):\n  down (down.asm:7)\n  down (down.asm:7)\n  down (down.asm:2)\n")
	var rep struct {
		Fault struct {
			Backtrace []map[string]any `json:"backtrace"`
		} `json:"fault"`
	}
	withStdin(t, "5\n", func() { r = cli(t, "run", "--json", "down.asm") })
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep), r.stdout)
	require.Len(t, rep.Fault.Backtrace, 2)
	require.Equal(t, float64(4), rep.Fault.Backtrace[0]["count"])
}

// A run longer than maxReplaySteps is not replayed to rebuild its call
// stack (a grader's endless loop would run twice): the fault says so, and
// --json has no backtrace.
func TestNoReplayOfALongRun(t *testing.T) {
	prog := filepath.Join(t.TempDir(), "loop.asm")
	writeFile(t, prog, "start: call f\nf: inc eax\njmp f\n")
	old := maxReplaySteps
	maxReplaySteps = 50
	defer func() { maxReplaySteps = old }()

	r := cli(t, "run", "--max-steps", "40", prog)
	require.Equal(t, exitFault, r.code)
	require.Contains(t, r.stderr, "call stack, innermost first (function, call site):\n  f ("+prog+":1)\n")

	r = cli(t, "run", "--max-steps", "60", prog)
	require.Equal(t, exitFault, r.code)
	require.True(t, strings.HasSuffix(r.stderr, "  step limit of 60 reached\ncall stack: not rebuilt for a run of more than 50 steps (cpu32 debug shows it)\n"), r.stderr)

	r = cli(t, "run", "--json", "--max-steps", "60", prog)
	require.Equal(t, exitFault, r.code)
	require.NotContains(t, r.stdout, "backtrace")
}

// zeros is an endless input of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// The input kept for a replay never takes more than its bound, not even
// while it grows, and is dropped once the input passes it.
func TestRecordedInputIsBounded(t *testing.T) {
	r := &recordingReader{r: io.LimitReader(zeros{}, maxRecordedInput+1)}
	buf := make([]byte, 3<<20)
	total := 0
	for {
		n, err := r.Read(buf)
		total += n
		if !r.over {
			assert.Equal(t, total, len(r.data))
			assert.LessOrEqual(t, cap(r.data), maxRecordedInput)
		}
		if err != nil {
			break
		}
	}
	assert.Equal(t, maxRecordedInput+1, total)
	assert.True(t, r.over)
	assert.Nil(t, r.data)
}

// The largest memory costs what the program uses of it, not its size
// (1 GiB): neither the run's machine nor the replay that rebuilds a
// fault's call stack clears pages the program never touched.
func TestLargeMemoryIsNotTouched(t *testing.T) {
	prog := filepath.Join(t.TempDir(), "f.asm")
	writeFile(t, prog, "f: mov eax, 0\ndiv ebx, eax\nret\nstart: call f\n")
	cmd := command(t, "run", "--memory", "268435456", prog)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	assert.Equal(t, exitFault, exitCode(t, cmd.Run()))
	assert.Contains(t, stderr.String(), "call stack, innermost first (function, call site):\n  f ("+prog+":4)\n")
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
	assert.Less(t, rss, int64(200<<10), "peak resident set, KiB")
}

// A long run's call stack is rebuilt through compiled code (calls and
// rets left to the interpreter): the same frames as the interpreter's
// replay, at a step limit inside a loop three calls deep, in a recursion,
// and in a loop that calls and returns.
func TestLongReplayCompiled(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		steps     uint64
		frames    int
	}{
		{"three deep", "start: call a\nhlt\na: call b\nret\nb: call c\nret\nc: mov ecx, 0\nl: inc ecx\nadd eax, ecx\njmp l\n", 5_000_001, 3},
		{"recursion", "start: mov eax, 0\ncall r\nhlt\nr: inc eax\ncmp eax, 40\njl deeper\nl: inc ecx\njmp l\ndeeper: call r\nret\n", 4_500_000, 40},
		{"calling loop", "start: call f\ninc ebx\njmp start\nf: add eax, 3\nret\n", 6_000_002, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := assembler.Assemble("r.asm", []byte(tc.src), assembler.Options{})
			require.NoError(t, err)
			c, err := cpu.New(p, cpu.Config{MaxSteps: tc.steps, NoCallStack: true})
			require.NoError(t, err)
			require.Error(t, c.RunToEnd())
			require.Equal(t, tc.steps, c.Steps())
			want, wantForgotten, ok := c.ReplayCallStack(nil, nil)
			require.True(t, ok)
			require.Len(t, want, tc.frames)
			got, forgotten, ok := replayCallStack(c, nil, nil)
			require.True(t, ok)
			require.Equal(t, want, got)
			require.Equal(t, wantForgotten, forgotten)
		})
	}
}

// A profiled run tracks its calls: a fault's call stack is the run's own,
// not a replay's, however long the run (found by review: a profiled run
// replayed itself for the stack it had).
func TestProfiledRunNeedsNoReplay(t *testing.T) {
	prog := filepath.Join(t.TempDir(), "loop.asm")
	writeFile(t, prog, "start: call f\nf: inc eax\njmp f\n")
	old := maxReplaySteps
	maxReplaySteps = 50
	defer func() { maxReplaySteps = old }()
	r := cli(t, "run", "--profile", "--max-steps", "60", prog)
	require.Equal(t, exitFault, r.code)
	require.Contains(t, r.stderr, "call stack, innermost first (function, call site):\n  f ("+prog+":1)\n")
	require.NotContains(t, r.stderr, "not rebuilt")
}
