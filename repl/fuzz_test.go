package repl

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/memory"
)

// FuzzSession types a script into a session, line by line. Whatever the
// lines, Eval never panics; a line that is refused or stopped leaves the
// machine as it was; a line that ran can be undone to the machine before
// it and typed again to the same result; and .save writes a program that
// assembles to the session's code and data. Files are kept to one loaded
// library and one saved program: the fuzzer reads and writes nothing else.
func FuzzSession(f *testing.F) {
	lesson, err := os.ReadFile(filepath.Join("..", "cmd", "cpu32", "testdata", "repl", "lesson.txt"))
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		string(lesson),
		".load lib.asm\nmov eax, 12\ncall square\n.save s.asm\n.undo\n.bt\n.program\n",
		"section .data\nx: dd 1, 2, 3\nsection .text\nmov eax, [x+2]\n.mem x 3\n.undo\n.undo\n.save s.asm\n",
		"push 1\ncall f\nf: pop eax\n.bt\nl: jmp l\n.limit 5\nhlt\n.reset\n",
		"mov ecx, 0\nl: inc ecx\ncmp ecx, 10\njl l\n.undo\n.undo\n.undo\n.regs\n.quit now\n.help mov\n",
		".load lib.asm\nsquare: nop\nmov eax, [seven]\n.load lib.asm\n.save s.asm\nprc 'x'\nrdn eax\ndiv eax, 0\n",
	} {
		f.Add(seed)
	}
	dir := f.TempDir()
	lib := filepath.Join(dir, "lib.asm")
	if err := os.WriteFile(lib, []byte("start: prn 999\nhlt\nsquare: mul eax, eax\nret\nsection .data\nseven: dd 7\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	savedPath := filepath.Join(dir, "s.asm")
	f.Fuzz(func(t *testing.T, script string) {
		var saved []byte
		s, err := New(Config{Machine: cpu.Config{Memory: 4096, Stack: 256}, MaxSteps: 1000,
			WriteFile: func(path string, data []byte) error { saved = data; return nil }})
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(script, "\n") {
			line = confine(line, lib, savedPath)
			before := slices.Clone(s.c.Memory().Words())
			r := s.Eval(line)
			out := r.Format(line, "in", false)
			if out != "" && !strings.HasSuffix(out, "\n") {
				t.Fatalf("%q: output without a line end: %q", line, out)
			}
			switch r.Kind {
			case Error, Stopped:
				if isCommand(line) || r.Kind == Stopped && r.Msg != "" {
					continue // a command's error, or a machine that could not be put back
				}
				if !slices.Equal(before, s.c.Memory().Words()) {
					t.Fatalf("%q was %v, but the machine changed", line, r.Kind)
				}
			case Ran, Defined:
				after := slices.Clone(s.c.Memory().Words())
				if want := s.visible(diff(before, after)); !slices.Equal(r.Changes, want) {
					t.Fatalf("%q: changes %v, memory says %v", line, r.Changes, want)
				}
				u := s.Eval(".undo")
				if want := "undid " + strings.TrimSpace(strings.TrimRight(line, " \t\r\n")) + ": " + (Result{Kind: Ran, Changes: s.visible(diff(after, before))}).formatChanges(); u.Kind != Output || u.Msg != want {
					t.Fatalf("%q ran, but .undo says %q, not %q", line, u.Format(".undo", "in", false), want)
				}
				if !slices.Equal(before, s.c.Memory().Words()) {
					t.Fatalf(".undo of %q did not put the machine back", line)
				}
				if again := s.Eval(line).Format(line, "in", false); again != out {
					t.Fatalf("%q typed again after .undo: %q, first %q", line, again, out)
				}
				if !slices.Equal(after, s.c.Memory().Words()) {
					t.Fatalf("%q typed again after .undo left another machine", line)
				}
			case Output:
				if saved != nil {
					checkSaved(t, s, savedPath, saved)
					saved = nil
				}
			}
		}
	})
}

// confine keeps a fuzzed line to the fuzzer's files and time: .load loads
// the library, .save writes the saved program, no line includes a file
// (/dev/stdin would wait for ever), and .limit sets no more than 1000.
func confine(line, lib, saved string) string {
	f := strings.Fields(line)
	switch {
	case strings.Contains(strings.ToLower(line), "include"):
		return ""
	case len(f) > 0 && f[0] == ".load":
		return ".load " + lib
	case len(f) > 0 && f[0] == ".save":
		return ".save " + saved
	case len(f) > 1 && f[0] == ".limit":
		return ".limit 1000" // a line of 10 million steps, run three times, is not fuzzing
	}
	return line
}

// isCommand reports whether line is a dot command (not a section switch).
func isCommand(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, ".") && section(t) == ""
}

// checkSaved assembles what .save wrote and compares it with the
// session's program.
func checkSaved(t *testing.T, s *Session, path string, saved []byte) {
	t.Helper()
	p, err := assembler.Assemble(path, saved, assembler.Options{})
	if err != nil {
		t.Fatalf(".save wrote a program that does not assemble: %v\n%s", err, saved)
	}
	want := s.program()
	if !slices.Equal(p.Code, want.Code) || !slices.Equal(p.Data, want.Data) {
		t.Fatalf(".save wrote another program:\n%s", saved)
	}
}

// diff lists the words that differ, as the session's changes do: eip left
// out.
func diff(before, after []uint32) []Change {
	var out []Change
	for a := range after {
		if before[a] != after[a] && a != int(memory.EIP) {
			out = append(out, Change{Addr: uint32(a), Old: before[a], New: after[a]})
		}
	}
	return out
}
