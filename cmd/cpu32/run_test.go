package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"cpu32/cpu"
	"cpu32/image"
	"cpu32/internal/long"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fullDisk is a stand-in for a disk that fills up: it takes room bytes,
// then fails as a full disk does.
type fullDisk struct {
	bytes.Buffer
	room int
}

func (d *fullDisk) Write(p []byte) (int, error) {
	n := min(len(p), d.room-d.Len())
	d.Buffer.Write(p[:n])
	if n < len(p) {
		return n, &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.ENOSPC}
	}
	return n, nil
}

// A disk that fills up in the middle of the output stops the command with
// a write error, whatever it was printing.
func TestWriteErrorFullDisk(t *testing.T) {
	t.Chdir(t.TempDir())
	var many strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&many, "prn %d\n", i)
	}
	writeFile(t, "many.asm", many.String())
	writeFile(t, "loop.asm", "l: prn 12345\njmp l\n")
	require.Equal(t, exitOK, cli(t, "asm", "many.asm", "-o", "many.img").code)
	for _, args := range [][]string{
		{"run", "many.asm"},
		{"run", "loop.asm"},
		{"run", "--json", "many.asm"},
		{"disasm", "many.img"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out := &fullDisk{room: 5000}
			var stderr bytes.Buffer
			code := realMain(args, out, &stderr)
			assert.Equal(t, exitWrite, code)
			assert.Equal(t, "cpu32: write error: no space left on device\n", stderr.String())
			assert.Equal(t, 5000, out.Len(), "it wrote until the disk was full")
		})
	}
}

// --json of a program that does not load is still one JSON object, with
// the reasons in errors, and exit status 2.
func TestJSONLoadErrors(t *testing.T) {
	t.Chdir(filepath.Join(testdata, "examples"))
	r := cli(t, "run", "--json", "mistakes.asm")
	assert.Equal(t, exitUsage, r.code)
	compareDiagnostics(t, readFile(t, "mistakes.err"), r.stderr)
	rep := decodeReport(t, r.stdout)
	assert.Equal(t, "error", rep.Halted)
	assert.Equal(t, "", rep.Output)
	assert.Nil(t, rep.Registers)
	assert.Nil(t, rep.Fault)
	require.Len(t, rep.Errors, 3)
	for i, want := range []struct{ line, col int }{{2, 13}, {3, 13}, {4, 9}} {
		e := rep.Errors[i]
		assert.Equal(t, "mistakes.asm", e.File)
		require.NotNil(t, e.Line)
		require.NotNil(t, e.Col)
		assert.Equal(t, want.line, *e.Line)
		assert.Equal(t, want.col, *e.Col)
		assert.NotEmpty(t, e.Message)
	}
	assert.Contains(t, rep.Errors[2].Message, "unknown instruction 'mvo'")

	// A file that is not there, or a machine too small: one error about
	// the file, with no line.
	for _, tc := range []struct {
		args      []string
		file, msg string
	}{
		{[]string{"run", "--json", "nosuch.asm"}, "nosuch.asm", "no such file"},
		{[]string{"run", "--json", "--memory", "100", "countdown.asm"}, "countdown.asm", "memory of 100 words"},
		{[]string{"run", "--json", "--input", "nosuch.in", "countdown.asm"}, "nosuch.in", "no such file"},
	} {
		r := cli(t, tc.args...)
		assert.Equal(t, exitUsage, r.code)
		rep := decodeReport(t, r.stdout)
		assert.Equal(t, "error", rep.Halted)
		require.Len(t, rep.Errors, 1)
		assert.Equal(t, tc.file, rep.Errors[0].File)
		assert.Nil(t, rep.Errors[0].Line)
		assert.Contains(t, rep.Errors[0].Message, tc.msg)
	}
}

// --max-output stops a program that prints too much with output-limit,
// located like any fault; the JSON keeps what fit.
func TestMaxOutput(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "loop.asm", "l: prn 12345\njmp l\n")
	r := cli(t, "run", "--json", "--max-output", "30", "loop.asm")
	assert.Equal(t, exitFault, r.code)
	rep := decodeReport(t, r.stdout)
	assert.Equal(t, strings.Repeat("12345\n", 5), rep.Output)
	assert.Equal(t, "fault", rep.Halted)
	assert.Equal(t, uint64(10), rep.Steps)
	require.NotNil(t, rep.Fault)
	assert.Equal(t, "output-limit", rep.Fault.Kind)
	assert.Equal(t, uint32(0), rep.Fault.EIP)
	require.NotNil(t, rep.Fault.Line)
	assert.Equal(t, 1, *rep.Fault.Line)
	assert.True(t, strings.HasPrefix(r.stderr, "fault: output-limit at loop.asm:1 (eip 0): prn 12345\n"), r.stderr)

	// Without --json the output that fit is printed.
	r = cli(t, "run", "--max-output", "31", "loop.asm")
	assert.Equal(t, exitFault, r.code)
	assert.Equal(t, strings.Repeat("12345\n", 5), r.stdout)

	// The default stops the endless loop too (64 MiB: a long run), and 0
	// lifts the limit.
	if long.Run {
		r = cli(t, "run", "--json", "loop.asm")
		assert.Equal(t, exitFault, r.code)
		rep = decodeReport(t, r.stdout)
		assert.Equal(t, "output-limit", rep.Fault.Kind)
		assert.Equal(t, defaultMaxOutput/6*6, len(rep.Output))
	}
	writeFile(t, "big.asm", "mov ecx, 20\nl: prn 1000000000\ndec ecx\ncmp ecx, 0\njne l\n")
	assert.Equal(t, exitOK, cli(t, "run", "--max-output", "0", "big.asm").code)
	r = cli(t, "run", "--max-output", "-1", "big.asm")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "--max-output")
}

// The JSON string of a large output is written in chunks; no character
// may be split or escaped differently from encoding/json.
func TestJSONOutputChunks(t *testing.T) {
	var c capture
	// A multi-byte character across every chunk boundary, invalid bytes,
	// control characters, quotes and U+2028.
	piece := "é€😀\x80\xff\"\\\n\t\x01\u2028<>&"
	for c.n < 3*captureChunk+7 {
		c.Write([]byte(piece))
		c.Write([]byte("x")) // shifts the pieces against the chunk boundaries
	}
	var got bytes.Buffer
	require.NoError(t, writeReport(&got, &jsonReport{Halted: "end"}, &c))
	want, err := jsonMarshalNoEscape(c.String())
	require.NoError(t, err)
	prefix := "{\n  \"output\": "
	require.True(t, strings.HasPrefix(got.String(), prefix))
	rest := got.String()[len(prefix):]
	assert.True(t, strings.HasPrefix(rest, want+",\n  \"halted\": \"end\""), "output string differs from encoding/json's")
	assert.Equal(t, len(c.chunks), (c.n+captureChunk-1)/captureChunk)
}

func jsonMarshalNoEscape(s string) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// A raw stream the loader accepts disassembles to source that assembles
// to the same words, even with a 0 divisor and a negative jump target.
func TestDisasmRawRoundTrip(t *testing.T) {
	t.Chdir(t.TempDir())
	code := []uint32{0x0616, 2, 0, 0x0605, 2, 0, 0x0803, 0xFFFFFFFF, 0x0808, 1}
	writeFile(t, "in.bin", string(image.EncodeRaw(code)))
	r := cli(t, "disasm", "--raw", "in.bin")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "div ecx, strict 0\n")
	assert.Contains(t, r.stdout, "jmp -1\n")
	writeFile(t, "re.asm", r.stdout)
	r = cli(t, "asm", "--raw", "--no-warn", "re.asm", "-o", "re.bin")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, readFile(t, "in.bin"), readFile(t, "re.bin"))
	r = cli(t, "run", "--raw", "re.bin")
	assert.Equal(t, exitFault, r.code)
	assert.True(t, strings.HasPrefix(r.stderr, "fault: divide-by-zero at re.bin (eip 0): div ecx, strict 0\n"), r.stderr)
}

// A raw stream with a word that is no instruction, which run accepts (it
// faults when it gets there), disassembles too: the word is written as
// strict dd, and the source assembles to the same bytes.
func TestDisasmRawBadWord(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "x.raw", "\x21\x00\x00\x00\xff\x00\x00\x00")
	r := cli(t, "disasm", "--raw", "x.raw")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "        hlt\n        strict dd 0xff ; not an instruction: unknown opcode 0xff\n", r.stdout)
	writeFile(t, "re.asm", r.stdout)
	r = cli(t, "asm", "--raw", "re.asm", "-o", "re.raw")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, readFile(t, "x.raw"), readFile(t, "re.raw"))
}

// TestInternalError: a run's error that is neither the program's fault, a
// signal nor a write error is cpu32's own (a trap in compiled code), and
// ends with exit status 4 and a message instead of a silent success.
func TestInternalError(t *testing.T) {
	fault := &cpu.Fault{Kind: cpu.DivideByZero, EIP: 3, Msg: "divide by zero"}
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{fault, false},
		{fmt.Errorf("wrapped: %w", fault), false},
		{errInterrupted, false},
		{errors.New("jit: wasm error: out of bounds memory access"), true},
	} {
		assert.Equal(t, tc.want, internalError(tc.err), "%v", tc.err)
	}
	for _, asJSON := range []bool{false, true} {
		var out, b strings.Builder
		code := reportBug(&out, &b, "loop.asm", errors.New("jit: wasm error: unreachable"), asJSON)
		assert.Equal(t, 4, code)
		assert.Equal(t, "cpu32: internal error running loop.asm: jit: wasm error: unreachable\n"+
			"  this is a bug in cpu32: please report it with the program; --engine interp runs it without compiled code\n", b.String())
		if !asJSON {
			assert.Empty(t, out.String())
			continue
		}
		var rep struct {
			Halted string
			Errors []struct{ File, Message string }
		}
		require.NoError(t, json.Unmarshal([]byte(out.String()), &rep), out.String())
		assert.Equal(t, "error", rep.Halted)
		require.Len(t, rep.Errors, 1)
		assert.Equal(t, "loop.asm", rep.Errors[0].File)
		assert.Equal(t, "internal error: jit: wasm error: unreachable", rep.Errors[0].Message)
	}
}
