package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/image"
)

// go test ./cmd/cpu32 -update rewrites the golden files this package owns
// (never the shared examples or the rubycpu data).
var update = flag.Bool("update", false, "rewrite cmd/cpu32 golden files")

// testdata is the absolute path of this package's testdata folder, so that
// tests may chdir (the examples name their files relative to their folder).
var testdata = func() string {
	d, err := filepath.Abs("testdata")
	if err != nil {
		panic(err)
	}
	return d
}()

type result struct {
	stdout, stderr string
	code           int
}

// cli runs cpu32 in-process. A panic fails the test with the command line.
// Tests that use it do not run in parallel: they chdir.
func cli(t *testing.T, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := -1
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("cpu32 %s panicked: %v", strings.Join(args, " "), r)
			}
		}()
		code = realMain(args, &stdout, &stderr)
	}()
	return result{stdout.String(), stderr.String(), code}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

// report is the --json object, decoded.
type report struct {
	Output    string           `json:"output"`
	Halted    string           `json:"halted"`
	Steps     uint64           `json:"steps"`
	Registers map[string]int64 `json:"registers"`
	Flags     map[string]bool  `json:"flags"`
	Stack     int64            `json:"stack_depth"`
	Fault     *struct {
		Kind    string `json:"kind"`
		Message string `json:"message"`
		EIP     uint32 `json:"eip"`
		File    string `json:"file"`
		Line    *int   `json:"line"`
	} `json:"fault"`
	Warnings  []map[string]any `json:"warnings"`
	InputLeft uint64           `json:"input_left"`
	Engine    string           `json:"engine"`
	Errors    []struct {
		File    string `json:"file"`
		Line    *int   `json:"line"`
		Col     *int   `json:"col"`
		Message string `json:"message"`
	} `json:"errors"`
}

func decodeReport(t *testing.T, text string) report {
	t.Helper()
	var r report
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&r), "--json output:\n%s", text)
	return r
}

// ---- (a) the shared examples -------------------------------------------

// messageLine matches the one free-wording line of a --json report.
var messageLine = regexp.MustCompile(`(?m)^(\s*"message": )"(?:[^"\\]|\\.)*"`)

// withoutMessage decodes a --json report generically and drops
// fault.message, the only field whose wording is ours.
func withoutMessage(t *testing.T, text string) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&m), "not JSON:\n%s", text)
	if f, ok := m["fault"].(map[string]any); ok {
		require.Contains(t, f, "message")
		require.NotEmpty(t, f["message"], "fault.message must say something")
		delete(f, "message")
	}
	// input_left came after the examples were written: a later key, which
	// the contract allows, 0 for a program that reads no input.
	if v, ok := m["input_left"]; ok {
		require.Equal(t, json.Number("0"), v)
		delete(m, "input_left")
	}
	// So did engine: what ran the program, which a short one leaves to
	// the interpreter.
	if v, ok := m["engine"]; ok {
		require.Equal(t, "interp", v)
		delete(m, "engine")
	}
	return m
}

// laterKeys matches the keys added to --json after the shared examples.
var laterKeys = regexp.MustCompile(`,\n  "input_left": \d+|,\n  "engine": "\w+"`)

func TestSharedExamples(t *testing.T) {
	t.Chdir(filepath.Join(testdata, "examples"))
	for _, tc := range []struct {
		name string
		code int
	}{
		{"countdown", exitOK},
		{"greet", exitOK},
		{"underflow", exitFault},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := readFile(t, tc.name+".json")
			r := cli(t, "run", "--json", tc.name+".asm")
			assert.Equal(t, tc.code, r.code, "exit status; stderr:\n%s", r.stderr)
			// Every field but the message, whatever the layout...
			assert.Equal(t, withoutMessage(t, want), withoutMessage(t, r.stdout))
			// ...and the exact text: field order, indentation, final newline.
			mask := func(s string) string { return messageLine.ReplaceAllString(s, `$1"..."`) }
			assert.Equal(t, mask(want), mask(laterKeys.ReplaceAllString(r.stdout, "")))
			if tc.code == exitFault {
				assert.True(t, strings.HasPrefix(r.stderr, "fault: "), "a fault is reported on stderr too: %q", r.stderr)
			} else {
				assert.Empty(t, r.stderr)
			}
		})
	}

	t.Run("mistakes", func(t *testing.T) {
		want := readFile(t, "mistakes.err")
		r := cli(t, "run", "mistakes.asm")
		assert.Equal(t, exitUsage, r.code)
		assert.Empty(t, r.stdout, "nothing runs")
		compareDiagnostics(t, want, r.stderr)

		// asm reports the same and writes nothing.
		out := filepath.Join(t.TempDir(), "m.img")
		r = cli(t, "asm", "mistakes.asm", "-o", out)
		assert.Equal(t, exitUsage, r.code)
		compareDiagnostics(t, want, r.stderr)
		assert.NoFileExists(t, out)
	})
}

// compareDiagnostics compares assembler errors line by line: exact, except
// the wording after "file:line:col: " on error lines.
func compareDiagnostics(t *testing.T, want, got string) {
	t.Helper()
	head := regexp.MustCompile(`^[^\s:]+:\d+:\d+: `)
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	require.Equal(t, len(wl), len(gl), "line count; got:\n%s", got)
	for i := range wl {
		if h := head.FindString(wl[i]); h != "" {
			assert.True(t, strings.HasPrefix(gl[i], h), "line %d: want prefix %q, got %q", i+1, h, gl[i])
			assert.Greater(t, len(gl[i]), len(h), "line %d has no message", i+1)
			continue
		}
		assert.Equal(t, wl[i], gl[i], "line %d", i+1)
	}
}

// The copies in testdata/examples must not drift from the shared ones. The
// shared folder sits beside the repository (../shared/examples from its
// root) where the project is developed; a checkout without it (CI) still
// runs TestSharedExamples on the copies.
func TestSharedExamplesUpToDate(t *testing.T) {
	shared := sharedExamples(t)
	if shared == "" {
		t.Skip("no shared examples beside this repository (../shared/examples); the copies in testdata are tested on their own")
	}
	entries, err := os.ReadDir(shared)
	require.NoError(t, err)
	n := 0
	for _, e := range entries {
		switch filepath.Ext(e.Name()) {
		case ".asm", ".json", ".err":
			n++
			assert.Equal(t, readFile(t, filepath.Join(shared, e.Name())), readFile(t, filepath.Join(testdata, "examples", e.Name())), e.Name())
		}
	}
	assert.NotZero(t, n, "no examples in %s", shared)
}

// sharedExamples finds shared/examples in the folders above the module's
// root (a git worktree sits deeper than the main checkout), or returns "".
func sharedExamples(t *testing.T) string {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	require.FileExists(t, filepath.Join(root, "go.mod"))
	for d := filepath.Dir(root); ; d = filepath.Dir(d) {
		if st, err := os.Stat(filepath.Join(d, "shared", "examples")); err == nil && st.IsDir() {
			return filepath.Join(d, "shared", "examples")
		}
		if d == filepath.Dir(d) {
			return ""
		}
	}
}

// ---- (b) bad input -----------------------------------------------------

// badInputDir makes a folder of broken inputs and returns it.
func badInputDir(t *testing.T) string {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "p.asm"), "prn 1\n")
	writeFile(t, filepath.Join(dir, "empty.asm"), "")
	writeFile(t, filepath.Join(dir, "data.asm"), "section .data\nbuf: resd 200\nsection .text\nprn buf\n")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))

	bin := make([]byte, 512)
	for i := range bin {
		bin[i] = byte(i * 7)
	}
	writeFile(t, filepath.Join(dir, "bin.dat"), string(bin))
	// Random-looking bytes with no NUL but control characters: still binary.
	writeFile(t, filepath.Join(dir, "noise.dat"), "\x8f\x01\x9c\x02\xfe\x1b\xc3\x28\x07")

	p, err := assembler.Assemble("p.asm", []byte("prn 1\nprn 2\n"), assembler.Options{})
	require.NoError(t, err)
	img, err := image.Encode(p)
	require.NoError(t, err)
	writeFile(t, filepath.Join(dir, "p.img"), string(img))
	writeFile(t, filepath.Join(dir, "short.img"), string(img[:20]))
	writeFile(t, filepath.Join(dir, "trunc.img"), string(img[:len(img)-3]))
	writeFile(t, filepath.Join(dir, "long.img"), string(img)+"xx")
	corrupt := bytes.Clone(img)
	corrupt[len(corrupt)-1] ^= 0x40
	writeFile(t, filepath.Join(dir, "corrupt.img"), string(corrupt))
	version := bytes.Clone(img)
	version[len(image.Magic)] = 7
	writeFile(t, filepath.Join(dir, "version.img"), string(version))
	writeFile(t, filepath.Join(dir, "odd.bin"), "\x08\x08\x00\x00\x01")
	writeFile(t, filepath.Join(dir, "empty.bin"), "")
	return dir
}

func TestBadInput(t *testing.T) {
	t.Chdir(badInputDir(t))
	for _, tc := range []struct {
		name string
		args []string
		want []string // each must appear in stderr
	}{
		{"missing file", []string{"run", "nosuch.asm"}, []string{"nosuch.asm", "no such file"}},
		{"directory", []string{"run", "sub"}, []string{"sub", "directory"}},
		{"binary source", []string{"run", "bin.dat"}, []string{"bin.dat", "binary"}},
		{"binary noise", []string{"run", "noise.dat"}, []string{"noise.dat", "binary"}},
		{"header cut short", []string{"run", "short.img"}, []string{"short.img", "truncated"}},
		{"truncated image", []string{"run", "trunc.img"}, []string{"trunc.img", "truncated"}},
		{"bytes after image", []string{"run", "long.img"}, []string{"long.img", "corrupt"}},
		{"corrupted image", []string{"run", "corrupt.img"}, []string{"corrupt.img", "checksum"}},
		{"wrong version", []string{"run", "version.img"}, []string{"version.img", "version 7"}},
		{"raw not whole words", []string{"run", "--raw", "odd.bin"}, []string{"odd.bin", "4-byte words"}},
		{"memory 0", []string{"run", "--memory", "0", "p.asm"}, []string{"--memory", "0", "32..268435456"}},
		{"memory -1", []string{"run", "--memory", "-1", "p.asm"}, []string{"--memory", "-1", "outside"}},
		{"memory 10", []string{"run", "--memory", "10", "p.asm"}, []string{"--memory", "10", "outside"}},
		{"memory 1<<40", []string{"run", "--memory", "1099511627776", "p.asm"}, []string{"--memory", "1099511627776", "outside"}},
		{"memory abc", []string{"run", "--memory", "abc", "p.asm"}, []string{"--memory", `"abc"`, "not a whole number"}},
		{"memory 10^23", []string{"run", "--memory", "99999999999999999999999", "p.asm"}, []string{"--memory", "99999999999999999999999 is too large (32..268435456)"}},
		{"stack -10^23", []string{"run", "--stack", "-99999999999999999999999", "p.asm"}, []string{"--stack", "-99999999999999999999999 is too small (0..268435456)"}},
		{"max-output 10^23", []string{"run", "--max-output", "99999999999999999999999", "p.asm"}, []string{"--max-output", "too large"}},
		{"memory missing value", []string{"run", "p.asm", "--memory"}, []string{"memory"}},
		{"stack -1", []string{"run", "--stack", "-1", "p.asm"}, []string{"--stack", "-1", "outside"}},
		{"stack abc", []string{"run", "--stack=abc", "p.asm"}, []string{"--stack", "not a whole number"}},
		{"stack 1<<40", []string{"run", "--stack", "1099511627776", "p.asm"}, []string{"--stack", "outside"}},
		{"stack fills memory", []string{"run", "--stack", "262144", "p.asm"}, []string{"p.asm", "262144-word stack"}},
		{"memory too small for stack", []string{"run", "--memory", "100", "p.asm"}, []string{"p.asm", "memory of 100 words", "4096-word stack"}},
		{"memory too small for data", []string{"run", "--memory", "4300", "data.asm"}, []string{"data.asm", "200 words of data", "4328 needed"}},
		{"max-steps abc", []string{"run", "--max-steps", "abc", "p.asm"}, []string{"--max-steps", "not a whole number"}},
		{"max-steps -5", []string{"run", "--max-steps", "-5", "p.asm"}, []string{"--max-steps", "outside"}},
		{"unknown flag", []string{"run", "--bogus", "p.asm"}, []string{"--bogus", "cpu32 run --help"}},
		{"unknown flag after file", []string{"run", "p.asm", "--jsn"}, []string{"--jsn"}},
		{"unknown command", []string{"frob", "p.asm"}, []string{`unknown command "frob"`, "Commands:"}},
		{"no arguments", nil, []string{"Usage:"}},
		{"run without file", []string{"run"}, []string{"expected one program file"}},
		{"run two files", []string{"run", "p.asm", "empty.asm"}, []string{"expected one program file"}},
		{"asm without file", []string{"asm"}, []string{"expected one source file"}},
		{"disasm without file", []string{"disasm"}, []string{"expected one image file"}},
		{"asm missing file", []string{"asm", "nosuch.asm"}, []string{"nosuch.asm", "no such file"}},
		{"asm directory", []string{"asm", "sub"}, []string{"sub", "directory"}},
		{"asm binary", []string{"asm", "p.img", "-o", "q.img"}, []string{"p.img", "binary"}},
		{"asm into missing folder", []string{"asm", "p.asm", "-o", "nofolder/p.img"}, []string{"nofolder/p.img"}},
		{"disasm missing file", []string{"disasm", "nosuch.img"}, []string{"nosuch.img", "no such file"}},
		{"disasm corrupted image", []string{"disasm", "corrupt.img"}, []string{"corrupt.img", "checksum"}},
		{"disasm binary", []string{"disasm", "bin.dat"}, []string{"bin.dat", "binary"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cli(t, tc.args...)
			assert.Equal(t, exitUsage, r.code, "stderr:\n%s", r.stderr)
			assert.Empty(t, r.stdout)
			for _, w := range tc.want {
				assert.Contains(t, r.stderr, w)
			}
			assert.NotContains(t, r.stderr, "panic")
		})
	}
	// Nothing was written by any of them.
	assert.NoFileExists(t, "q.img")
	assert.NoDirExists(t, "nofolder")
}

func TestEmptyProgram(t *testing.T) {
	t.Chdir(badInputDir(t))
	for _, args := range [][]string{
		{"run", "--json", "empty.asm"},
		{"run", "--json", "--raw", "empty.bin"},
	} {
		r := cli(t, args...)
		require.Equal(t, exitOK, r.code, "%v: %s", args, r.stderr)
		rep := decodeReport(t, r.stdout)
		assert.Equal(t, "end", rep.Halted)
		assert.Zero(t, rep.Steps)
		assert.Empty(t, rep.Output)
		assert.Nil(t, rep.Fault)
		assert.Equal(t, int64(262144), rep.Registers["esp"])
	}
	r := cli(t, "run", "empty.asm")
	assert.Equal(t, result{"", "", exitOK}, r)

	// An empty program assembles to an image that runs and disassembles.
	r = cli(t, "asm", "empty.asm", "-o", "empty.img")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, result{"", "", exitOK}, cli(t, "run", "empty.img"))
	assert.Equal(t, exitOK, cli(t, "disasm", "empty.img").code)
}

// ---- (c) asm never overwrites its inputs; its writes are atomic -----------

// Nor does run --profile-out: the program, a file it includes, --input's
// file.
func TestAsmRefusesToOverwriteInputs(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	main := "start: call hello\nhlt\n%include \"lib/util.asm\"\n"
	util := "hello: prn 42\n       ret\n"
	writeFile(t, "x.asm", "prn 1\n")
	writeFile(t, "main.asm", main)
	writeFile(t, "lib/util.asm", util)
	writeFile(t, "in.txt", "7\n")
	require.NoError(t, os.Symlink("x.asm", "link.asm"))

	for _, tc := range []struct {
		name       string
		args       []string
		file, want string
	}{
		{"itself", []string{"asm", "x.asm", "-o", "x.asm"}, "x.asm", "prn 1\n"},
		{"itself, other spelling", []string{"asm", "x.asm", "-o", "./sub/../x.asm"}, "x.asm", "prn 1\n"},
		{"itself through a link", []string{"asm", "x.asm", "-o", "link.asm"}, "x.asm", "prn 1\n"},
		{"itself, raw", []string{"asm", "--raw", "x.asm", "-o", "x.asm"}, "x.asm", "prn 1\n"},
		{"an included file", []string{"asm", "main.asm", "-o", "lib/util.asm"}, "lib/util.asm", util},
		{"the includer", []string{"asm", "main.asm", "-o", "main.asm"}, "main.asm", main},
		{"run: the program", []string{"run", "--profile-out", "x.asm", "x.asm"}, "x.asm", "prn 1\n"},
		{"run: the program, other spelling", []string{"run", "--profile-out", "./sub/../x.asm", "x.asm"}, "x.asm", "prn 1\n"},
		{"run: a link to the program", []string{"run", "--profile-out", "link.asm", "x.asm"}, "x.asm", "prn 1\n"},
		{"run: an included file", []string{"run", "--profile-out", "lib/util.asm", "main.asm"}, "lib/util.asm", util},
		{"run: the input", []string{"run", "--input", "in.txt", "--profile-out", "in.txt", "x.asm"}, "in.txt", "7\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cli(t, tc.args...)
			assert.Equal(t, exitUsage, r.code, r.stderr)
			i := slices.IndexFunc(tc.args, func(a string) bool { return a == "-o" || a == "--profile-out" })
			name := tc.args[i+1]
			want := "refusing to write " + name + ": it is an input of the program\n"
			if name == "link.asm" {
				want = "refusing to write link.asm: it is x.asm, an input of the program\n"
			}
			assert.Equal(t, "cpu32 "+tc.args[0]+": "+want, r.stderr)
			assert.Equal(t, "", r.stdout, "nothing ran")
			assert.Equal(t, tc.want, readFile(t, tc.file), "the input is unchanged")
		})
	}
	assertOnly(t, ".", "in.txt", "lib", "link.asm", "main.asm", "x.asm")
	assertOnly(t, "lib", "util.asm")
}

// assertOnly checks that dir holds exactly the named entries: no temporary
// file was left behind.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	assert.ElementsMatch(t, names, got, "files in %s", dir)
}

func TestAsmWritesAtomically(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "x.asm", "start: prn 1\n")
	writeFile(t, "bad.asm", "mvo eax, 1\n")
	want := func(opts assembler.Options) []byte {
		p, err := assembler.AssembleFile("x.asm", opts)
		require.NoError(t, err)
		if opts.Raw {
			return image.EncodeRaw(p.Code)
		}
		b, err := image.Encode(p)
		require.NoError(t, err)
		return b
	}

	// An existing, longer output is replaced whole.
	old := strings.Repeat("old contents ", 10000)
	writeFile(t, "out.img", old)
	r := cli(t, "asm", "x.asm", "-o", "out.img")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, result{"", "wrote out.img (2 words)\n", exitOK}, r)
	assert.Equal(t, string(want(assembler.Options{})), readFile(t, "out.img"))
	st, err := os.Stat("out.img")
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), st.Mode().Perm())

	// The default output name is the source's with .img (.bin with --raw).
	require.Equal(t, result{"", "wrote x.img (2 words)\n", exitOK}, cli(t, "asm", "x.asm"))
	assert.Equal(t, string(want(assembler.Options{})), readFile(t, "x.img"))
	require.Equal(t, result{"", "wrote x.bin (4 words)\n", exitOK}, cli(t, "asm", "--raw", "x.asm"))
	assert.Equal(t, string(want(assembler.Options{Raw: true})), readFile(t, "x.bin"))

	// A failed assembly leaves an existing output alone.
	writeFile(t, "keep.img", old)
	r = cli(t, "asm", "bad.asm", "-o", "keep.img")
	assert.Equal(t, exitUsage, r.code)
	assert.NotContains(t, r.stderr, "wrote")
	assert.Equal(t, old, readFile(t, "keep.img"))

	// An output that cannot be written (a folder is in the way) fails cleanly.
	require.NoError(t, os.Mkdir("dir.img", 0o755))
	r = cli(t, "asm", "x.asm", "-o", "dir.img")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "dir.img")
	assert.NotContains(t, r.stderr, "wrote")

	assertOnly(t, ".", "x.asm", "bad.asm", "out.img", "x.img", "x.bin", "keep.img", "dir.img")
}

// asm says on stderr what it wrote and how many words: the code and the
// data of an image, everything of a raw stream (with the jmp start that
// --raw puts first).
func TestAsmSaysWhatItWrote(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "d.asm", "section .data\nnums: dd 1, 2, 3\nsection .text\nstart: prn [nums]\n")
	writeFile(t, "s.asm", "show: prn eax\n  ret\nstart: call show\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"asm", "d.asm"}, "wrote d.img (5 words)\n"}, // 2 of code, 3 of data
		{[]string{"asm", "d.asm", "-o", "e.img"}, "wrote e.img (5 words)\n"},
		{[]string{"asm", "s.asm"}, "wrote s.img (5 words)\n"},
		{[]string{"asm", "--raw", "s.asm"}, "wrote s.bin (7 words)\n"}, // jmp start first
	} {
		r := cli(t, tc.args...)
		assert.Equal(t, result{"", tc.want, exitOK}, r, "%v", tc.args)
	}
	st, err := os.Stat("s.bin")
	require.NoError(t, err)
	assert.Equal(t, int64(7*4), st.Size(), "the count is the stream's words")
}

// ---- (d) round trip through images and disasm -----------------------------

func TestRoundTripPrograms(t *testing.T) {
	programs, err := filepath.Abs(filepath.Join("..", "..", "programs"))
	require.NoError(t, err)
	sources, err := filepath.Glob(filepath.Join(programs, "*.asm"))
	require.NoError(t, err)
	require.NotEmpty(t, sources)
	tmp := t.TempDir()
	t.Chdir(programs)

	for _, src := range sources {
		name := strings.TrimSuffix(filepath.Base(src), ".asm")
		t.Run(name, func(t *testing.T) {
			img := filepath.Join(tmp, name+".img")
			re := filepath.Join(tmp, name+".re.asm")
			reImg := filepath.Join(tmp, name+".re.img")

			r := cli(t, "asm", name+".asm", "-o", img)
			require.Equal(t, exitOK, r.code, r.stderr)

			// The image runs exactly like the source, with NAME.in as its
			// input when there is one.
			var input []string
			if _, err := os.Stat(name + ".in"); err == nil {
				input = []string{"--input", name + ".in"}
			}
			fromSource := cli(t, append([]string{"run", "--json", name + ".asm"}, input...)...)
			require.Equal(t, exitOK, fromSource.code, fromSource.stderr)
			fromImage := cli(t, append([]string{"run", "--json", img}, input...)...)
			assert.Equal(t, sansEngine(fromSource), sansEngine(fromImage))
			if golden, err := os.ReadFile(name + ".out"); err == nil {
				assert.Equal(t, string(golden), decodeReport(t, fromImage.stdout).Output)
			}
			plain := cli(t, append([]string{"run", img}, input...)...)
			assert.Equal(t, decodeReport(t, fromSource.stdout).Output, plain.stdout)

			// disasm prints source that assembles to the same program.
			r = cli(t, "disasm", img)
			require.Equal(t, exitOK, r.code, r.stderr)
			writeFile(t, re, r.stdout)
			// (A disassembly's labels are not all used: it writes an
			// immediate data address as a number.)
			r = cli(t, "asm", "--no-warn", re, "-o", reImg)
			require.Equal(t, exitOK, r.code, "disassembly does not assemble:\n%s\n%s", r.stderr, readFile(t, re))
			a, b := decodeImage(t, img), decodeImage(t, reImg)
			assert.Equal(t, a.Code, b.Code, "code")
			assert.Equal(t, a.Data, b.Data, "data")
			assert.Equal(t, a.Entry, b.Entry, "entry")

			// And the disassembly runs the same, too.
			again := cli(t, append([]string{"run", "--json", "--no-warn", re}, input...)...)
			assert.Equal(t, sansEngine(fromSource), sansEngine(again))
		})
	}
}

func decodeImage(t *testing.T, path string) *image.Program {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	p, err := image.Decode(b)
	require.NoError(t, err)
	return p
}

// ---- (e) trace, step limit, fault report ---------------------------------

func TestTraceGolden(t *testing.T) {
	t.Chdir(testdata)
	r := cli(t, "run", "--trace", "trace.asm")
	require.Equal(t, exitOK, r.code, r.stderr)
	got := "-- stdout --\n" + r.stdout + "-- stderr --\n" + r.stderr
	golden := filepath.Join(testdata, "trace.golden")
	if *update {
		writeFile(t, golden, got)
	}
	assert.Equal(t, readFile(t, golden), got, "run with -update to accept a new trace format")

	// A faulting run's trace ends with the faulting instruction.
	r = cli(t, "run", "--trace", "examples/underflow.asm")
	assert.Equal(t, exitFault, r.code)
	assert.Equal(t, "1\n", r.stdout)
	lines := strings.Split(r.stderr, "\n")
	require.GreaterOrEqual(t, len(lines), 6)
	assert.Equal(t, "    step  line"+strings.Repeat(" ", 22)+"eip  instruction  effect", lines[0])
	assert.Equal(t, "       4  examples/underflow.asm:5    6  ret          fault: stack-underflow", lines[4])
	assert.Equal(t, "fault: stack-underflow at examples/underflow.asm:5 (eip 6): ret", lines[5])
}

// The trace's columns line up under its header whatever their widths: a
// line number and an eip of six digits (from an image with its source
// lines), a step limit of ten digits and of one, and a program file named
// without line numbers (an image without them).
func TestTraceColumnsLineUp(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "w.asm", "start: jmp far\n"+strings.Repeat("nop\n", 100000)+"far: mov eax, 123456789\n  prn eax\n")
	require.Equal(t, exitOK, cli(t, "asm", "--no-warn", "w.asm", "-o", "w.img").code)
	img := decodeImage(t, "w.img")
	img.Debug = nil
	b, err := image.Encode(img)
	require.NoError(t, err)
	writeFile(t, "bare.img", string(b))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"w.img"}, "" +
			"    step  line             eip  instruction         effect\n" +
			"       1  w.asm:1            0  jmp far             eip -> 100002 (far)\n" +
			"       2  w.asm:100002  100002  mov eax, 123456789  eax 0 -> 123456789\n" +
			"       3  w.asm:100003  100005  prn eax             prints \"123456789\\n\"\n"},
		{[]string{"--max-steps", "1000000000", "w.img"}, "" +
			"      step  line             eip  instruction         effect\n" +
			"         1  w.asm:1            0  jmp far             eip -> 100002 (far)\n" +
			"         2  w.asm:100002  100002  mov eax, 123456789  eax 0 -> 123456789\n" +
			"         3  w.asm:100003  100005  prn eax             prints \"123456789\\n\"\n"},
		{[]string{"--max-steps", "2", "w.img"}, "" +
			"step  line             eip  instruction         effect\n" +
			"   1  w.asm:1            0  jmp far             eip -> 100002 (far)\n" +
			"   2  w.asm:100002  100002  mov eax, 123456789  eax 0 -> 123456789\n" +
			"   3  w.asm:100003  100005  prn eax             fault: step-limit\n"},
		{[]string{"bare.img"}, "" +
			"    step  line         eip  instruction         effect\n" +
			"       1  bare.img       0  jmp 100002          eip -> 100002\n" +
			"       2  bare.img  100002  mov eax, 123456789  eax 0 -> 123456789\n" +
			"       3  bare.img  100005  prn eax             prints \"123456789\\n\"\n"},
	} {
		r := cli(t, append([]string{"run", "--no-warn", "--trace"}, tc.args...)...)
		trace, _, _ := strings.Cut(r.stderr, "\nfault:")
		assert.Equal(t, tc.want, strings.TrimSuffix(trace, "\n")+"\n", "%v", tc.args)
	}
}

func TestMaxSteps(t *testing.T) {
	t.Chdir(filepath.Join(testdata, "examples"))
	// countdown.asm ends after exactly 23 instructions.
	for _, n := range []string{"23", "24", "1000"} {
		r := cli(t, "run", "--json", "--max-steps", n, "countdown.asm")
		assert.Equal(t, exitOK, r.code, "--max-steps %s: %s", n, r.stderr)
		rep := decodeReport(t, r.stdout)
		assert.Equal(t, "end", rep.Halted, n)
		assert.Nil(t, rep.Fault, n)
		assert.Equal(t, uint64(23), rep.Steps, n)
	}

	r := cli(t, "run", "--json", "--max-steps", "22", "countdown.asm")
	assert.Equal(t, exitFault, r.code)
	rep := decodeReport(t, r.stdout)
	assert.Equal(t, "fault", rep.Halted)
	assert.Equal(t, uint64(22), rep.Steps)
	assert.Equal(t, "3\n2\n1\n", rep.Output, "the output up to the limit is kept")
	require.NotNil(t, rep.Fault)
	assert.Equal(t, "step-limit", rep.Fault.Kind)
	assert.Equal(t, "countdown.asm", rep.Fault.File)
	require.NotNil(t, rep.Fault.Line)
	assert.Equal(t, 18, *rep.Fault.Line, "the last line, prn [40], did not run")
	assert.Equal(t, int64(rep.Fault.EIP), rep.Registers["eip"])
	assert.NotEmpty(t, rep.Fault.Message)
	assert.True(t, strings.HasPrefix(r.stderr, "fault: step-limit at countdown.asm:18 (eip "), r.stderr)

	// --max-steps 0 is a limit like any other: instruction 1 does not run.
	r = cli(t, "run", "--json", "--max-steps", "0", "countdown.asm")
	assert.Equal(t, exitFault, r.code)
	rep = decodeReport(t, r.stdout)
	assert.Equal(t, "fault", rep.Halted)
	assert.Equal(t, uint64(0), rep.Steps)
	assert.Equal(t, "", rep.Output)
	require.NotNil(t, rep.Fault)
	assert.Equal(t, "step-limit", rep.Fault.Kind)
	require.NotNil(t, rep.Fault.Line)
	assert.Equal(t, 2, *rep.Fault.Line, "the first instruction, start: mov ecx, 3")

	// A hlt as instruction N counts, and ends the run before the limit bites.
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "h.asm"), "prn 1\nhlt\nprn 2\n")
	r = cli(t, "run", "--json", "--max-steps", "2", filepath.Join(dir, "h.asm"))
	assert.Equal(t, exitOK, r.code, r.stderr)
	rep = decodeReport(t, r.stdout)
	assert.Equal(t, "hlt", rep.Halted)
	assert.Equal(t, uint64(2), rep.Steps)
	assert.Equal(t, int64(2), rep.Registers["eip"], "eip stays on the hlt")

	// An endless loop is stopped.
	writeFile(t, filepath.Join(dir, "loop.asm"), "top: jmp top\n")
	r = cli(t, "run", "--max-steps", "1000", filepath.Join(dir, "loop.asm"))
	assert.Equal(t, exitFault, r.code)
	assert.Contains(t, r.stderr, "fault: step-limit at ")
}

func TestFaultReport(t *testing.T) {
	t.Chdir(filepath.Join(testdata, "examples"))
	r := cli(t, "run", "underflow.asm")
	assert.Equal(t, exitFault, r.code)
	assert.Equal(t, "1\n", r.stdout, "the output before the fault is kept")
	lines := strings.Split(r.stderr, "\n")
	require.GreaterOrEqual(t, len(lines), 2, r.stderr)
	assert.Equal(t, "fault: stack-underflow at underflow.asm:5 (eip 6): ret", lines[0])
	assert.Equal(t, "eax=5 ebx=0 ecx=0 edx=0 esp=262144 ebp=262144 eip=6 rem=0 flags=0 esi=0 edi=0", lines[1])

	dir := t.TempDir()
	t.Chdir(dir)
	for _, tc := range []struct{ src, first string }{
		{"mov eax, 0\nprn 7\ndiv ebx, eax\n", "fault: divide-by-zero at f.asm:3 (eip 5): div ebx, eax"},
		{"mov eax, 0\nmod 5, eax\n", "fault: divide-by-zero at f.asm:2 (eip 3): mod 5, eax"},
		{"prn [300000]\n", "fault: memory-out-of-range at f.asm:1 (eip 0): prn [300000]"},
		{"loop: push 1\njmp loop\n", "fault: stack-overflow at f.asm:1 (eip 0): push 1"},
		{"mov eax, 1\njmp eax\n", "fault: eip-out-of-range at f.asm:2 (eip 3): jmp eax"},
	} {
		writeFile(t, "f.asm", tc.src)
		r := cli(t, "run", "f.asm")
		assert.Equal(t, exitFault, r.code, tc.src)
		first, rest, _ := strings.Cut(r.stderr, "\n")
		assert.Equal(t, tc.first, first)
		assert.Regexp(t, `^eax=-?\d+ ebx=-?\d+ ecx=-?\d+ edx=-?\d+ esp=-?\d+ ebp=-?\d+ eip=-?\d+ rem=-?\d+ flags=-?\d+ esi=-?\d+ edi=-?\d+\n`, rest)
	}

	// A raw program has no lines to name: the file alone.
	writeFile(t, "f.bin", string(image.EncodeRaw([]uint32{0x13})))
	r = cli(t, "run", "--raw", "f.bin")
	assert.Equal(t, exitFault, r.code)
	assert.True(t, strings.HasPrefix(r.stderr, "fault: stack-underflow at f.bin (eip 0): ret\n"), r.stderr)
}

// ---- (f) help and flag placement -----------------------------------------

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		r := cli(t, args...)
		assert.Equal(t, exitOK, r.code, args)
		assert.Contains(t, r.stdout, "Examples:")
		assert.Empty(t, r.stderr)
	}
	for _, cmd := range []string{"run", "asm", "disasm", "debug"} {
		for _, h := range []string{"--help", "-h", "-help"} {
			t.Run(cmd+" "+h, func(t *testing.T) {
				r := cli(t, cmd, h)
				if cmd == "debug" && strings.Contains(r.stderr, "not built yet") {
					t.Skip("the debugger's front-end is not in yet")
				}
				assert.Equal(t, exitOK, r.code, r.stderr)
				assert.Contains(t, r.stdout, "Usage:")
				assert.Contains(t, r.stdout, "Example")
				assert.Contains(t, r.stdout, "cpu32 "+cmd)
				assert.Empty(t, r.stderr)
				// Help after a file works as well, and runs nothing.
				r2 := cli(t, cmd, "nosuch.asm", h)
				assert.Equal(t, r, r2)
			})
		}
	}
}

func TestFlagsAfterFile(t *testing.T) {
	t.Chdir(filepath.Join(testdata, "examples"))
	want := cli(t, "run", "--json", "--max-steps", "10", "countdown.asm")
	require.Equal(t, exitFault, want.code)
	for _, args := range [][]string{
		{"run", "countdown.asm", "--json", "--max-steps", "10"},
		{"run", "--json", "countdown.asm", "--max-steps=10"},
		{"run", "--max-steps", "10", "countdown.asm", "-json"},
	} {
		assert.Equal(t, want, cli(t, args...), args)
	}
	// `--` ends the flags: a file may start with a dash.
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "-odd.asm"), "prn 5\n")
	t.Chdir(dir)
	assert.Equal(t, result{"5\n", "", exitOK}, cli(t, "run", "--", "-odd.asm"))
}

// ---- (g) raw output --------------------------------------------------------

func TestAsmRaw(t *testing.T) {
	t.Chdir(t.TempDir())
	words := func(path string) []uint32 {
		p, err := image.DecodeRaw([]byte(readFile(t, path)))
		require.NoError(t, err)
		return p.Code
	}

	// With a start label, a `jmp start` comes first and shifts every label by 2.
	writeFile(t, "s.asm", "prn 1\nstart: prn 2\nagain: prn 3\njmp again\n")
	r := cli(t, "asm", "--raw", "s.asm", "-o", "s.bin")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, []uint32{0x803, 4, 0x808, 1, 0x808, 2, 0x808, 3, 0x803, 6}, words("s.bin"))

	writeFile(t, "t.asm", "prn 1\nstart: prn 2\n")
	require.Equal(t, exitOK, cli(t, "asm", "--raw", "t.asm", "-o", "t.bin").code)
	assert.Equal(t, []uint32{0x803, 4, 0x808, 1, 0x808, 2}, words("t.bin"))
	r = cli(t, "run", "--raw", "--json", "t.bin")
	assert.Equal(t, exitOK, r.code)
	rep := decodeReport(t, r.stdout)
	assert.Equal(t, "2\n", rep.Output)
	assert.Equal(t, uint64(2), rep.Steps, "the jmp start and prn 2")

	// Without one, nothing is added.
	writeFile(t, "n.asm", "x: prn 1\njmp x\n")
	require.Equal(t, exitOK, cli(t, "asm", "--raw", "n.asm", "-o", "n.bin").code)
	assert.Equal(t, []uint32{0x808, 1, 0x803, 0}, words("n.bin"))

	// A raw stream has no room for data.
	writeFile(t, "d.asm", "section .data\nx: dd 1\nsection .text\nprn [x]\n")
	r = cli(t, "asm", "--raw", "d.asm", "-o", "d.bin")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "d.asm:")
	assert.Contains(t, r.stderr, "data")
	assert.NoFileExists(t, "d.bin")
	// ...but an image has.
	assert.Equal(t, exitOK, cli(t, "asm", "d.asm", "-o", "d.img").code)
}

// ---- rubycpu compatibility -------------------------------------------------

// rubycpu's compiler output runs on cpu32 with the same output and the same
// instruction count (testdata/rubycpu/README.md says how it was made).
func TestRubycpuRaw(t *testing.T) {
	t.Chdir(filepath.Join(testdata, "rubycpu"))
	tmp := t.TempDir()
	for _, name := range []string{"fib", "fact", "prime", "jsr", "noop"} {
		t.Run(name, func(t *testing.T) {
			out := readFile(t, name+".out")
			steps := strings.TrimSpace(readFile(t, name+".steps"))

			r := cli(t, "run", "--raw", "--json", name+".bin")
			require.Equal(t, exitOK, r.code, r.stderr)
			rep := decodeReport(t, r.stdout)
			assert.Equal(t, out, rep.Output)
			assert.Equal(t, steps, jsonNumber(rep.Steps))
			assert.Equal(t, "end", rep.Halted)

			// cpu32's own raw encoding of the same source prints the same.
			bin := filepath.Join(tmp, name+".bin")
			r = cli(t, "asm", "--raw", name+".asm", "-o", bin)
			require.Equal(t, exitOK, r.code, r.stderr)
			r = cli(t, "run", "--raw", bin)
			assert.Equal(t, result{out, "", exitOK}, r)
		})
	}
}

func jsonNumber(n uint64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
