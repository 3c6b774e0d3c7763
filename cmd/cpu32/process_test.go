package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"cpu32/internal/procs"
	"cpu32/internal/tmuxtest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tests in this file run cpu32 as a real process: signals, terminals,
// full disks and FIFOs are about processes and files. The test binary is
// that process: run with CPU32_AS_MAIN=1 it is cpu32 itself.
func TestMain(m *testing.M) {
	if os.Getenv("CPU32_AS_MAIN") == "1" {
		stdin = os.Stdin // the tests' init gave the in-process runs an empty one
		main()
	}
	// The tests are not a short run: they may use every core (procs).
	procs.Release()
	// The tests' runs keep their compiled code in a folder of their own,
	// not in the user's cache.
	if os.Getenv("CPU32_CACHE") == "" {
		dir, err := os.MkdirTemp("", "cpu32-cache-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		os.Setenv("CPU32_CACHE", dir)
		code := tmuxtest.Main(m)
		os.RemoveAll(dir)
		os.Exit(code)
	}
	os.Exit(tmuxtest.Main(m))
}

// command returns cpu32 as a child process, with stdout and stderr left
// for the caller to set.
func command(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "CPU32_AS_MAIN=1")
	return cmd
}

// exitCode returns the child's exit status after Wait or Run.
func exitCode(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		require.True(t, ee.Exited(), "killed by a signal instead of exiting: %v", err)
		return ee.ExitCode()
	}
	require.NoError(t, err)
	return 0
}

// runProcess runs cpu32 with stdout going to out (a file) and returns the
// exit status and stderr.
func runProcess(t *testing.T, out *os.File, args ...string) (int, string) {
	t.Helper()
	cmd := command(t, args...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = out, &stderr
	code := exitWithin(t, cmd, startWaiting(t, cmd), "cpu32 "+strings.Join(args, " ")+" itself")
	return code, stderr.String()
}

const hangs = "prn 1\nprn 2\nl: jmp l\n" // prints, then loops at line 3 (eip 4)

// A signal stops a run: the output printed so far is all there, into a
// pipe or a file, stderr says where it stopped, and the exit status is
// 128+signo.
func TestSignalStopsRun(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, "p.asm", hangs)
	for _, tc := range []struct {
		sig    syscall.Signal
		code   int
		toFile bool
	}{
		{syscall.SIGINT, 130, false},
		{syscall.SIGINT, 130, true},
		{syscall.SIGTERM, 143, true},
		{syscall.SIGHUP, 129, false},
		{syscall.SIGQUIT, 131, false}, // not the Go runtime's dump and exit 2
	} {
		t.Run(fmt.Sprintf("%v file=%v", tc.sig, tc.toFile), func(t *testing.T) {
			cmd := command(t, "run", "p.asm")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			var output func() string // all of stdout, once cpu32 has ended
			if tc.toFile {
				f, err := os.Create("out.txt")
				require.NoError(t, err)
				defer f.Close()
				cmd.Stdout = f
				output = func() string { return readFile(t, "out.txt") }
			} else {
				pipe, err := cmd.StdoutPipe()
				require.NoError(t, err)
				r := bufio.NewReader(pipe)
				rest := make(chan string, 1)
				output = func() string { return <-rest }
				require.NoError(t, cmd.Start())
				first, err := r.ReadString('\n') // the run is under way
				require.NoError(t, err)
				go func() {
					b, _ := io.ReadAll(r)
					rest <- first + string(b)
				}()
			}
			if tc.toFile {
				require.NoError(t, cmd.Start())
				// Into a file the output is buffered, but flushed between
				// chunks of steps: wait for it.
				for i := 0; i < 2000 && readFile(t, "out.txt") == ""; i++ {
					time.Sleep(5 * time.Millisecond)
				}
			}
			require.NoError(t, cmd.Process.Signal(tc.sig))
			err := cmd.Wait()
			assert.Equal(t, "1\n2\n", output())
			assert.Equal(t, tc.code, exitCode(t, err))
			assert.Regexp(t, `^interrupted at p\.asm:3 \(eip 4\) after \d+ steps\n$`, stderr.String())
		})
	}
}

// With --json a stopped run still prints its report, halted "interrupted".
// The program comes through a FIFO, so the test knows the signal handler
// is in place (it is, before the program is read) when it sends SIGINT.
func TestSignalJSON(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "p.asm")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	cmd := command(t, "run", "--json", fifo)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())
	feedFIFO(t, fifo, hangs)
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	assert.Equal(t, 130, exitCode(t, cmd.Wait()))

	rep := decodeReport(t, stdout.String())
	assert.Equal(t, "interrupted", rep.Halted)
	assert.Nil(t, rep.Fault)
	if rep.Steps >= 2 {
		assert.Equal(t, "1\n2\n", rep.Output)
		assert.Equal(t, int64(4), rep.Registers["eip"])
	}
	assert.Equal(t, fmt.Sprintf("interrupted at %s (eip %d) after %d steps\n", fifo+":"+lineOf(rep), rep.Registers["eip"], rep.Steps), stderr.String())
}

// feedFIFO writes text into the FIFO cpu32 reads its program from, then
// gives it a moment to start running: once cpu32 opens the FIFO, its
// signal handler is in place.
func feedFIFO(t *testing.T, fifo, text string) {
	t.Helper()
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0) // blocks until cpu32 opens it
	require.NoError(t, err)
	_, err = w.WriteString(text)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	time.Sleep(100 * time.Millisecond)
}

// lineOf is the source line of a hangs run's eip.
func lineOf(rep report) string {
	return map[int64]string{0: "1", 2: "2", 4: "3"}[rep.Registers["eip"]]
}

// A program that prints forever into a full disk stops at once with a
// write error, as do the JSON report and a disassembly.
func TestWriteErrorDevFull(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full here")
	}
	defer full.Close()
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, "loop.asm", "l: prn 12345\njmp l\n")
	writeFile(t, "one.asm", "prn 1\n")
	require.Equal(t, exitOK, cli(t, "asm", "one.asm", "-o", "one.img").code)
	for _, args := range [][]string{
		{"run", "loop.asm"},
		{"run", "one.asm"},
		{"run", "--trace", "one.asm"},
		{"run", "--json", "one.asm"},
		{"run", "--json", "nosuch.asm"},
		{"disasm", "one.img"},
		{"run", "--help"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, stderr := runProcess(t, full, args...)
			assert.Equal(t, exitWrite, code)
			assert.True(t, strings.HasSuffix(stderr, "cpu32: write error: no space left on device\n"), stderr)
			assert.Equal(t, 1, strings.Count(stderr, "write error"), "said once: %s", stderr)
		})
	}

	// The REPL's answers into a full disk.
	cmd := command(t, "repl", "one.asm")
	cmd.Stdin = strings.NewReader("mov eax, 5\n")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = full, &stderr
	assert.Equal(t, exitWrite, exitCode(t, cmd.Run()))
	assert.Equal(t, "cpu32: write error: no space left on device\n", stderr.String())

	// The profile into a full disk: the run's own output is written. Where
	// no file can be, nothing runs.
	for _, tc := range []struct {
		file, want, out string
		code            int
	}{
		{"/dev/full", "cpu32: write error: /dev/full: no space left on device\n", "1\n", exitWrite},
		{".", "cpu32 run: cannot write --profile-out .: is a directory\n", "", exitUsage},
		{"nosuch/p.txt", "cpu32 run: cannot write --profile-out nosuch/p.txt: no such file or directory\n", "", exitUsage},
	} {
		t.Run("--profile-out "+tc.file, func(t *testing.T) {
			out, err := os.Create("out.txt")
			require.NoError(t, err)
			defer out.Close()
			code, stderr := runProcess(t, out, "run", "--profile-out", tc.file, "one.asm")
			assert.Equal(t, tc.code, code)
			assert.Equal(t, tc.want, stderr)
			assert.Equal(t, tc.out, readFile(t, "out.txt"))
		})
	}
}

// Nothing printed is lost to a signal: a program that prints on every other
// step has printed exactly one line per two steps when it is stopped.
func TestSignalLosesNoOutput(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "p.asm", "l: prn 7\njmp l\n")
	f, err := os.Create("out.txt")
	require.NoError(t, err)
	defer f.Close()
	cmd := command(t, "run", "p.asm")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = f, &stderr
	require.NoError(t, cmd.Start())
	for i := 0; i < 2000 && readFile(t, "out.txt") == ""; i++ {
		time.Sleep(5 * time.Millisecond)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	assert.Equal(t, 130, exitCode(t, cmd.Wait()))
	var eip, line int
	var steps uint64
	_, err = fmt.Sscanf(stderr.String(), "interrupted at p.asm:%d (eip %d) after %d steps\n", &line, &eip, &steps)
	require.NoError(t, err, stderr.String())
	out := readFile(t, "out.txt")
	assert.Equal(t, strings.Repeat("7\n", int(steps+1)/2), out, "%d steps", steps)
	assert.Equal(t, map[int]int{0: 1, 2: 2}[eip], line)
}

// A program waiting for input shows its prompt first (the output is
// flushed before the run waits), and Ctrl-C stops the wait.
func TestSignalWhileWaitingForInput(t *testing.T) {
	t.Chdir(t.TempDir())
	const src = "prc '?'\nrdn eax\nprn eax\n"
	for _, asJSON := range []bool{false, true} {
		t.Run(fmt.Sprint("json=", asJSON), func(t *testing.T) {
			args := []string{"run", "p.asm"}
			if asJSON {
				// The prompt is not printed: the program comes through a
				// FIFO to know when the signal handler is in place.
				require.NoError(t, syscall.Mkfifo("fifo.asm", 0o644))
				args = []string{"run", "--json", "fifo.asm"}
			} else {
				writeFile(t, "p.asm", src)
			}
			cmd := command(t, args...)
			stdinW, err := cmd.StdinPipe() // never written: the program waits
			require.NoError(t, err)
			defer stdinW.Close()
			stdout, err := cmd.StdoutPipe()
			require.NoError(t, err)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			require.NoError(t, cmd.Start())
			r := bufio.NewReader(stdout)
			var out string
			if !asJSON {
				b, err := r.ReadByte() // the prompt, before any input
				require.NoError(t, err)
				out = string(b)
			} else {
				feedFIFO(t, "fifo.asm", src)
			}
			require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
			rest, _ := io.ReadAll(r)
			assert.Equal(t, 130, exitCode(t, cmd.Wait()))
			assert.Equal(t, "interrupted at "+args[len(args)-1]+":2 (eip 2) after 1 steps\n", stderr.String())
			if asJSON {
				rep := decodeReport(t, string(rest))
				assert.Equal(t, "interrupted", rep.Halted)
				assert.Nil(t, rep.Fault)
				assert.Equal(t, "?", rep.Output)
			} else {
				assert.Equal(t, "?", out+string(rest))
			}
		})
	}
}

// Inputs that never end are refused after a bounded read: /dev/zero as a
// program, as a raw stream, as an include, and a FIFO fed forever.
func TestEndlessInputs(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	t.Chdir(t.TempDir())
	writeFile(t, "inc.asm", "nop\n%include \"/dev/zero\"\n")
	require.NoError(t, syscall.Mkfifo("fifo.asm", 0o644))
	go func() {
		w, err := os.OpenFile("fifo.asm", os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		line := []byte(strings.Repeat("nop\n", 1024))
		for {
			if _, err := w.Write(line); err != nil {
				return // cpu32 stopped reading
			}
		}
	}()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "/dev/zero"}, "cpu32: /dev/zero: larger than 1 MiB, the limit for a source file\n"},
		{[]string{"run", "--raw", "/dev/zero"}, "cpu32: /dev/zero: larger than 64 MiB, the limit for a raw program\n"},
		{[]string{"asm", "/dev/zero", "-o", "z.img"}, "cpu32: /dev/zero: larger than 1 MiB, the limit for a source file\n"},
		{[]string{"run", "inc.asm"}, "inc.asm:2:10: cannot include '/dev/zero': larger than 1 MiB, the limit for a source file\n%include \"/dev/zero\"\n         ^\n"},
		{[]string{"run", "fifo.asm"}, "cpu32: fifo.asm: larger than 1 MiB, the limit for a source file\n"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout bytes.Buffer
			cmd := command(t, tc.args...)
			var stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			assert.Equal(t, exitUsage, exitCode(t, cmd.Run()))
			assert.Equal(t, tc.want, stderr.String())
			assert.Empty(t, stdout.String())
		})
	}
	assert.NoFileExists(t, "z.img")
}

// timeout(1) sends its signal to the command and then to its own process
// group, so cpu32 gets it twice at once: the second copy must not cut the
// first one's clean stop short (the report, the message, the flush).
func TestSignalSentTwiceAtOnce(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "p.asm", hangs)
	for i := range 5 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			cmd := command(t, "run", "--json", "p.asm")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			require.NoError(t, cmd.Start())
			waitBusy(t, cmd.Process.Pid) // under way, past the loading
			require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
			time.Sleep(time.Duration(i) * time.Millisecond) // not one pending signal
			require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
			assert.Equal(t, 130, exitCode(t, cmd.Wait()))
			assert.Regexp(t, `^interrupted at p\.asm:3 \(eip 4\) after \d+ steps\n$`, stderr.String())
			assert.Equal(t, "interrupted", decodeReport(t, stdout.String()).Halted)
		})
	}
}

// A run stuck writing into a pipe nobody reads cannot stop cleanly: a
// second Ctrl-C ends it once its output has taken nothing for stuckTime.
func TestSecondSignalEndsAStuckRun(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "p.asm", "l: prn 12345\njmp l\n")
	cmd := command(t, "run", "--max-output", "0", "p.asm")
	stdout, err := cmd.StdoutPipe() // never read: the pipe fills up
	require.NoError(t, err)
	defer stdout.Close()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	done := startWaiting(t, cmd)
	waitBlocked(t, cmd.Process.Pid, "pipe_write")
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	select {
	case err := <-done:
		t.Fatalf("a run blocked in a write stopped at the first signal (%v); the test shows nothing", err)
	case <-time.After(stuckTime + 500*time.Millisecond):
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	assert.Equal(t, 130, exitWithin(t, cmd, done, "the second signal"))
}

// startWaiting starts cmd and returns where its Wait's result comes.
func startWaiting(t *testing.T, cmd *exec.Cmd) chan error {
	t.Helper()
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	return done
}

// exitWithin returns cmd's exit status once it ends, failing the test
// when what should have ended it did not within 20 seconds (a loaded
// machine is slow).
func exitWithin(t *testing.T, cmd *exec.Cmd, done chan error, what string) int {
	t.Helper()
	select {
	case err := <-done:
		return exitCode(t, err)
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("%s did not end cpu32", what)
		return 0
	}
}

// A program or an --input that is a FIFO nobody writes to blocks cpu32 in
// open: Ctrl-C ends that wait too (a second later, in case the file was
// about to come), says so, and --json still prints a report.
func TestSignalWhileLoading(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "p.asm", "rdn eax\n")
	writeFile(t, "main.asm", "prn 1\n%include \"lib/fifo.asm\"\n")
	require.NoError(t, syscall.Mkfifo("fifo", 0o644))
	require.NoError(t, os.Mkdir("lib", 0o755))
	require.NoError(t, syscall.Mkfifo("lib/fifo.asm", 0o644))
	for _, tc := range []struct {
		args []string
		file string
	}{
		{[]string{"run", "fifo"}, "fifo"},
		{[]string{"run", "--json", "--input", "fifo", "p.asm"}, "fifo"},
		{[]string{"run", "--json", "main.asm"}, "lib/fifo.asm"}, // not main.asm, which was read
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			cmd := command(t, tc.args...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			done := startWaiting(t, cmd)
			waitBlocked(t, cmd.Process.Pid, "wait_for_partner")
			require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
			assert.Equal(t, 130, exitWithin(t, cmd, done, "Ctrl-C while waiting for a FIFO"))
			assert.Equal(t, "interrupted while reading "+tc.file+"\n", stderr.String())
			if tc.args[1] != "--json" {
				assert.Empty(t, stdout.String())
				return
			}
			rep := decodeReport(t, stdout.String())
			assert.Equal(t, "interrupted", rep.Halted)
			require.Len(t, rep.Errors, 1)
			assert.Equal(t, []any{tc.file, "interrupted while reading it"}, []any{rep.Errors[0].File, rep.Errors[0].Message})
		})
	}
}

// waitBlocked waits until a thread of process pid is blocked in the
// kernel at a function whose name ends in wchan (wait_for_partner: opening
// a FIFO; pipe_write, anon_pipe_write in newer kernels: writing into a
// full pipe; pipe_read: reading an empty one), so that a signal finds it
// there and not still starting, however loaded the machine.
func waitBlocked(t *testing.T, pid int, wchan string) {
	t.Helper()
	waitProc(t, pid, "blocked at "+wchan, func() bool {
		wchans, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/wchan", pid))
		for _, w := range wchans {
			if b, _ := os.ReadFile(w); strings.HasSuffix(string(b), wchan) {
				return true
			}
		}
		return false
	})
}

// busyCPU is how much CPU time waitBusy waits for: many times what
// starting the process and loading a small program cost (some 10 ms).
const busyCPU = 200 * time.Millisecond

// waitBusy waits until process pid has used busyCPU of CPU time, so that
// it is running its program's endless loop, past its start and the
// loading, however loaded the machine: a time slept is not (under load 16
// a run that had slept 300 ms was once still starting).
func waitBusy(t *testing.T, pid int) {
	t.Helper()
	waitProc(t, pid, fmt.Sprintf("used %v of CPU time", busyCPU), func() bool {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		require.NoError(t, err)
		// After the command's name in parentheses: state is field 3,
		// utime and stime (in 1/100 s) fields 14 and 15.
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		utime, err1 := strconv.Atoi(f[11])
		stime, err2 := strconv.Atoi(f[12])
		require.NoError(t, errors.Join(err1, err2))
		return time.Duration(utime+stime)*10*time.Millisecond >= busyCPU
	})
}

// waitProc waits until done, which looks at process pid in /proc, says
// the process has got where it says (what); where there is no /proc, it
// gives the process 300 ms.
func waitProc(t *testing.T, pid int, what string, done func() bool) {
	t.Helper()
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err != nil {
		time.Sleep(300 * time.Millisecond)
		return
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if done() {
			return
		}
	}
	t.Fatalf("process %d never %s", pid, what)
}

// SIGQUIT (Ctrl-\) ends a command other than run as it ends a C program,
// with 128+3 and nothing on stderr: not with the Go runtime's goroutine
// dump and exit 2, the status of bad input.
func TestSignalQuit(t *testing.T) {
	for _, args := range [][]string{{"repl"}, {"asm", "/dev/stdin", "-o", os.DevNull}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			cmd := command(t, args...)
			stdin, err := cmd.StdinPipe() // left open: the command waits on it
			require.NoError(t, err)
			defer stdin.Close()
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			done := startWaiting(t, cmd)
			waitBlocked(t, cmd.Process.Pid, "pipe_read")
			require.NoError(t, cmd.Process.Signal(syscall.SIGQUIT))
			assert.Equal(t, 131, exitWithin(t, cmd, done, "SIGQUIT"))
			assert.Empty(t, stderr.String())
		})
	}
}
