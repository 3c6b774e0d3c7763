package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/require"

	"cpu32/internal/tmuxtest"
	"cpu32/repl"
)

// A session piped in (stdin not a terminal) prints one line of changes
// per instruction, no prompt and no colour: a teacher's golden file. Its
// two failing lines (an assembly error, a fault) are named <stdin>:LINE
// where they fail, listed on stderr, and make the exit status 1.
func TestReplScript(t *testing.T) {
	dir := filepath.Join(testdata, "repl")
	var r result
	withStdin(t, readFile(t, filepath.Join(dir, "lesson.txt")), func() { r = cli(t, "repl") })
	require.Equal(t, exitFault, r.code, r.stderr)
	require.Equal(t, "cpu32 repl: 2 lines failed: <stdin>:12, <stdin>:13\n", r.stderr)
	require.Equal(t, readFile(t, filepath.Join(dir, "lesson.out")), r.stdout)
}

// A script's exit status says whether every line was accepted, as sh's
// and sqlite3's do: each way a line fails (refused or undone) makes it 1
// and is named on stderr; --stop-on-error stops at the first. Lines that
// run, print, halt or only warn leave it 0.
func TestReplScriptExitStatus(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, tc := range []struct {
		name   string
		args   []string
		script string
		stdout string
		stderr string
		code   int
	}{
		{"every line accepted", nil, "top: mov eax, 1\nprn eax\n; a comment\n\n.mem 0 1\ndec eax\njz top\nhlt\n",
			"top = 0, eax 0 -> 1\nprints \"1\\n\"\n[0] 1\neax 1 -> 0\n" +
				"<stdin>:7:1: warning: jz does not test 'dec eax': dec sets no flags in cpu32 (only cmp and test do); put 'cmp eax, 0' before the jz\n" +
				"no changes\nhalted\n", "", exitOK},
		{"an assembly error", nil, "mov eax, 1\nmov 5, eax\nmov ebx, 2\n",
			"eax 0 -> 1\n<stdin>:2:5: error: destination must be a register or a memory operand\nebx 0 -> 2\n",
			"cpu32 repl: 1 line failed: <stdin>:2\n", exitFault},
		{"an unknown command", nil, ".frob\n.regs now\n",
			"<stdin>:1: error: unknown command .frob (.help lists them)\n<stdin>:2: error: .regs takes no arguments\n",
			"cpu32 repl: 2 lines failed: <stdin>:1, <stdin>:2\n", exitFault},
		{"a fault", nil, "mov eax, 7\ndiv eax, ebx\n",
			"eax 0 -> 7\n<stdin>:2: fault: divide-by-zero at div eax, ebx: division by zero; undone, the line was not added\n",
			"cpu32 repl: 1 line failed: <stdin>:2\n", exitFault},
		{"the step limit", []string{"--max-steps", "10"}, "spin: jmp spin\n",
			"<stdin>:1: stopped after 10 steps at jmp spin: the end of the line was never reached (an endless loop? .limit N sets the limit); undone, the line was not added\n",
			"cpu32 repl: 1 line failed: <stdin>:1\n", exitFault},
		{"a command that fails", nil, ".undo\n.load nosuch.asm\nnop\n.save nodir/x.asm\n.save .\n",
			"<stdin>:1: error: nothing to undo\n<stdin>:2: error: nosuch.asm: no such file\nno changes\n" +
				"<stdin>:4: error: .save: nodir/x.asm: no such file or directory\n<stdin>:5: error: .save: .: is a directory\n",
			"cpu32 repl: 4 lines failed: <stdin>:1, <stdin>:2, <stdin>:4, <stdin>:5\n", exitFault},
		{"many lines fail", nil, strings.Repeat(".frob\n", 7),
			"<stdin>:1: error: unknown command .frob (.help lists them)\n<stdin>:2: error: unknown command .frob (.help lists them)\n" +
				"<stdin>:3: error: unknown command .frob (.help lists them)\n<stdin>:4: error: unknown command .frob (.help lists them)\n" +
				"<stdin>:5: error: unknown command .frob (.help lists them)\n<stdin>:6: error: unknown command .frob (.help lists them)\n" +
				"<stdin>:7: error: unknown command .frob (.help lists them)\n",
			"cpu32 repl: 7 lines failed: <stdin>:1, <stdin>:2, <stdin>:3, <stdin>:4, <stdin>:5, and 2 more\n", exitFault},
		{"--stop-on-error", []string{"--stop-on-error"}, "mov eax, 1\nmvo ebx, 2\nmov ecx, 3\n",
			"eax 0 -> 1\n<stdin>:2:1: error: unknown instruction 'mvo' (did you mean 'mov'?)\n",
			"cpu32 repl: stopped at <stdin>:2, the first line that failed (--stop-on-error)\n", exitFault},
		{"--stop-on-error, no error", []string{"--stop-on-error"}, "mov eax, 1\n.quit\nmvo\n", "eax 0 -> 1\n", "", exitOK},
		{"an error after .quit", nil, "mov eax, 1\n.quit\nmvo\n", "eax 0 -> 1\n", "", exitOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r result
			withStdin(t, tc.script, func() { r = cli(t, append([]string{"repl"}, tc.args...)...) })
			require.Equal(t, result{tc.stdout, tc.stderr, tc.code}, r)
		})
	}
}

func TestReplLoadsAFileAndSaves(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, "lib.asm", "start: prn 999\n       hlt\nsquare: mul eax, eax\n        ret\n")
	var r result
	withStdin(t, "mov eax, 12\ncall square\nprn eax\n.save session.asm\n.quit\nprn 1\n", func() { r = cli(t, "repl", "lib.asm") })
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Equal(t, "eax 0 -> 12\neax 12 -> 144 (3 steps)\nprints \"144\\n\"\nsaved 3 lines to session.asm\n", r.stdout)
	require.Equal(t, "; typed in cpu32 repl\n; run, it starts where lib.asm starts; the typed lines follow its code\n"+
		"%include \"lib.asm\"\nsection .text\nmov eax, 12\ncall square\nprn eax\n", readFile(t, "session.asm"))

	// cpu32 run accepts what was saved (it starts at lib.asm's start).
	r = cli(t, "run", "session.asm")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Equal(t, "999\n", r.stdout)

	// Saved into another folder, the %include names lib.asm from there,
	// and the program runs from any folder.
	require.NoError(t, os.Mkdir("saved", 0o755))
	withStdin(t, "mov eax, 3\n.save saved/s.asm\n", func() { r = cli(t, "repl", "lib.asm") })
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, readFile(t, "saved/s.asm"), "%include \"../lib.asm\"\n")
	t.Chdir(t.TempDir())
	r = cli(t, "run", filepath.Join(dir, "saved", "s.asm"))
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Equal(t, "999\n", r.stdout)
	t.Chdir(dir)

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"repl", "nosuch.asm"}, "cpu32: nosuch.asm: no such file\n"},
		{[]string{"repl", "a.asm", "b.asm"}, "cpu32 repl: expected at most one program file\n"},
		{[]string{"repl", "--max-steps", "0"}, "--max-steps"},
		{[]string{"repl", "--raw"}, "cpu32 repl: --raw: the REPL loads .asm source only\n"},
	} {
		r := cli(t, tc.args...)
		require.Equal(t, exitUsage, r.code, "%v", tc.args)
		require.Contains(t, r.stderr, tc.want, "%v", tc.args)
	}
	writeFile(t, "bad.asm", "mov 5, eax\n")
	r = cli(t, "repl", "bad.asm")
	require.Equal(t, exitUsage, r.code)
	require.Contains(t, r.stderr, "bad.asm:1:5: destination must be a register or a memory operand")
}

// The same lesson through the real binary, its standard input a pipe.
func TestReplScriptEndToEnd(t *testing.T) {
	_, bin := tmuxtest.Build(t)
	dir := filepath.Join(testdata, "repl")
	cmd := exec.Command(bin, "repl")
	cmd.Stdin = strings.NewReader(readFile(t, filepath.Join(dir, "lesson.txt")))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	var exit *exec.ExitError
	require.ErrorAs(t, cmd.Run(), &exit)
	require.Equal(t, exitFault, exit.ExitCode())
	require.Equal(t, readFile(t, filepath.Join(dir, "lesson.out")), stdout.String())
	require.Equal(t, "cpu32 repl: 2 lines failed: <stdin>:12, <stdin>:13\n", stderr.String())
}

// TestReplInTmux types into the REPL in a real terminal: changes shown at
// once, the up arrow brings back the last line to edit, Ctrl-C stops a
// runaway loop (undone), Ctrl-C at the prompt only clears the line, the
// history is kept in the config folder for the next session, and the
// exit status stays 0 whatever lines failed (a script's would be 1).
func TestReplInTmux(t *testing.T) {
	root, bin := tmuxtest.Build(t)
	config := t.TempDir()
	env := []string{"XDG_CONFIG_HOME=" + config, "HOME=" + config, "NO_COLOR=1"}
	m := tmuxtest.Start(t, "repl", root, 100, 30, env, bin+` repl programs/fact.asm; echo "repl exited $?"; sleep 60`)
	m.WaitFor("start", "programs/fact.asm is loaded", "cpu32>")

	m.Send("mov eax, 5", "Enter")
	m.WaitFor("mov", "eax 0 -> 5")
	m.Send("Up")
	m.WaitFor("history", "cpu32> mov eax, 5\n")
	m.Send("BSpace", "6", "Enter")
	m.WaitFor("edited line", "eax 5 -> 6")
	m.Send("call fact", "Enter")
	m.WaitFor("call", "ebx 0 -> 720")

	m.Send(".limit 10000000", "Enter")
	m.WaitFor("limit", "a line may run 10,000,000 steps")
	m.Send("spin: inc edx", "Enter")
	m.WaitFor("label", "spin = ")
	m.Send("jmp spin", "Enter")
	// A Ctrl-C that comes before the line starts running reaches the
	// line editor instead (and clears an empty line): press it until the
	// run reports it. On a quiet machine the 10 million steps can end
	// between two presses: then the line is typed again.
	limits := 0
	for i := 0; !strings.Contains(m.Screen(), "interrupted after"); i++ {
		if i == 500 {
			t.Fatalf("Ctrl-C never stopped the run; the terminal shows:\n%s", m.Screen())
		}
		if n := strings.Count(m.Screen(), "the end of the line was never reached"); n > limits {
			limits = n
			m.Send("jmp spin", "Enter")
		}
		m.Send("C-c")
		time.Sleep(20 * time.Millisecond)
	}
	m.WaitFor("interrupt", "interrupted after", "undone, the line was not added")
	m.Send("inc edx", "Enter")
	m.WaitFor("still usable", "edx 1 -> 2")

	m.Send("mov ecx, 99", "C-c")
	m.WaitFor("Ctrl-C clears the line", "^C")
	m.Send("mvo eax, 1", "Enter")
	m.WaitFor("error", "^ unknown instruction 'mvo' (did you mean 'mov'?)")
	m.Send(".quit", "Enter")
	m.WaitFor("quit", "repl exited 0")

	history, err := os.ReadFile(filepath.Join(config, "cpu32", "repl_history"))
	require.NoError(t, err)
	require.Contains(t, string(history), "mov eax, 6\ncall fact\n")
	require.NotContains(t, string(history), "mov ecx, 99")
}

// With stdout a file (cpu32 repl > session.log) the terminal is stderr,
// as for Python's REPL: the prompt, the typed lines, warnings and failed
// lines show on it, and the file gets the results alone, with no line
// editor's escapes and no colour.
func TestReplTerminalWithStdoutToAFile(t *testing.T) {
	root, bin := tmuxtest.Build(t)
	config := t.TempDir()
	log := filepath.Join(t.TempDir(), "session.log")
	env := []string{"XDG_CONFIG_HOME=" + config, "HOME=" + config}
	m := tmuxtest.Start(t, "replout", root, 100, 30, env, bin+" repl > "+log+`; echo "repl exited $?"; sleep 60`)
	m.WaitFor("start", "cpu32 repl: type an instruction", "cpu32>")
	// One line at a time, each once the prompt after the last is up:
	// keys typed ahead would be echoed amid what a line prints.
	lines := []string{"mov eax, 5", "mvo", "x: nop", "dec eax", "jz x", "div eax, ebx"}
	for i, line := range lines {
		m.Send(line, "Enter")
		for deadline := time.Now().Add(tmuxtest.Timeout); strings.Count(m.Screen(), "cpu32>") < i+2; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: no prompt came back; the terminal shows:\n%s", line, m.Screen())
			}
		}
	}
	m.Send(".quit", "Enter")
	screen := m.WaitFor("quit", "repl exited 0")
	for _, want := range []string{
		"cpu32> mov eax, 5\ncpu32> mvo\n       ^ unknown instruction 'mvo' (did you mean 'mov'?)\ncpu32> x: nop\ncpu32> dec eax\n",
		"cpu32> jz x\n       ^ warning: jz does not test 'dec eax'",
		"cpu32> div eax, ebx\nfault: divide-by-zero at div eax, ebx: division by zero; undone, the line was not added\ncpu32> .quit\n",
	} {
		require.Contains(t, screen, want)
	}
	require.Equal(t, "eax 0 -> 5\nx = 3\neax 5 -> 4\nno changes\n", readFile(t, log))
}

// cpu32 repl FILE warns about FILE as run does (on stderr, so a piped
// lesson's output stays the same), unless --no-warn.
func TestReplWarnsAboutTheLoadedFile(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "lib.asm", "square: mul eax, eax\n        ret\n")
	warning := "lib.asm:1:1: warning: label 'square' is defined but never used\nsquare: mul eax, eax\n^\n"
	for _, tc := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"repl", "lib.asm"}, warning},
		{[]string{"repl", "--no-warn", "lib.asm"}, ""},
	} {
		var r result
		withStdin(t, "mov eax, 3\ncall square\n", func() { r = cli(t, tc.args...) })
		require.Equal(t, result{"eax 0 -> 3\neax 3 -> 9 (3 steps)\n", tc.stderr, exitOK}, r, "%v", tc.args)
	}
}

// Issue 21's reproducer: .save over the loaded file leaves a program that
// assembles on its own (it included itself), and the REPL says what it did.
func TestReplSaveOverTheLoadedFile(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "lib.asm", "f: mov eax, 5\nret\n")
	var r result
	withStdin(t, "call f\n.save lib.asm\n", func() { r = cli(t, "repl", "--no-warn", "lib.asm") })
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Equal(t, "eax 0 -> 5 (3 steps)\nsaved 1 line to lib.asm, after its own text (it is the loaded file)\n", r.stdout)
	require.Equal(t, "f: mov eax, 5\nret\n; typed in cpu32 repl\nsection .text\ncall f\n", readFile(t, "lib.asm"))
	r = cli(t, "asm", "lib.asm", "-o", "lib.img")
	require.Equal(t, exitOK, r.code, r.stderr)
}

// A piped script's line that does not end (/dev/zero) is refused after
// reading a little more than repl.MaxLine of it, not read whole: the
// error names the limit and the script stops with exitUsage.
func TestReplScriptLineIsBounded(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	const total = 16 << 20
	written := make(chan int, 1)
	go func() {
		n, _ := w.Write(make([]byte, total)) // ends when the reader is closed
		w.Close()
		written <- n
	}()
	old := stdin
	stdin = r
	res := cli(t, "repl")
	stdin = old
	r.Close()
	require.Equal(t, exitUsage, res.code, res.stderr)
	require.Equal(t, "<stdin>:1: error: the line is longer than 4 KiB, the limit for a line\n", res.stdout)
	require.Less(t, <-written, 1<<20, "bytes taken from the pipe")

	// A line of MaxLine bytes is a line; one byte more is not, whatever
	// its line break; what follows the long line is not run.
	ok := "nop" + strings.Repeat(" ", repl.MaxLine-3)
	for _, tc := range []struct {
		in, out string
		code    int
	}{
		{ok + "\nmov eax, 1\n", "no changes\neax 0 -> 1\n", exitOK},
		{ok + "\r\nmov eax, 1\n", "no changes\neax 0 -> 1\n", exitOK},
		{ok + " \nmov eax, 1\n", "<stdin>:1: error: the line is longer than 4 KiB, the limit for a line\n", exitUsage},
		{ok + " \r\nmov eax, 1\n", "<stdin>:1: error: the line is longer than 4 KiB, the limit for a line\n", exitUsage},
		{"mov eax, 2\n" + ok + "x", "eax 0 -> 2\n<stdin>:2: error: the line is longer than 4 KiB, the limit for a line\n", exitUsage},
	} {
		var res result
		withStdin(t, tc.in, func() { res = cli(t, "repl") })
		require.Equal(t, tc.code, res.code, res.stderr)
		require.Equal(t, tc.out, res.stdout)
	}
}

// On a terminal, readline reads through lineBound: of one line's keys
// (up to Enter, Ctrl-J or Ctrl-C) it gets MaxLine+1 bytes at most, so that
// the line it returns is too long for Eval and its memory stays bounded.
func TestLineBound(t *testing.T) {
	long := strings.Repeat("a", 3*repl.MaxLine)
	in := long + "\rmov eax, 1\r" + long + "\x03nop\n" + long
	got, err := io.ReadAll(&lineBound{r: iotest.OneByteReader(strings.NewReader(in))})
	require.NoError(t, err)
	cut := strings.Repeat("a", repl.MaxLine+1)
	require.Equal(t, cut+"\rmov eax, 1\r"+cut+"\x03nop\n"+cut, string(got))
	got, err = io.ReadAll(&lineBound{r: strings.NewReader(in)})
	require.NoError(t, err)
	require.Equal(t, cut+"\rmov eax, 1\r"+cut+"\x03nop\n"+cut, string(got))
}

// The largest memory costs the REPL what its lines use of it: no line
// copies the whole of it to say what it changed (3 lines took 3.1 GB).
func TestReplLargeMemoryIsNotCopied(t *testing.T) {
	cmd := command(t, "repl", "--memory", "268435456")
	cmd.Stdin = strings.NewReader("mov eax, 1\nmov [1000], eax\n.undo\n")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), stderr.String())
	require.Equal(t, "eax 0 -> 1\n[1000] 0 -> 1\nundid mov [1000], eax: [1000] 1 -> 0\n", stdout.String())
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
	require.Less(t, rss, int64(200<<10), "peak resident set, KiB")
}
