package cmdlang

import (
	"errors"
	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/debugger/internal/testprogs"
)

// fuzzProg has what the commands look at: data labels, a recursive call
// (frames, finish, up, down), output, a read of the input and a halt.
var fuzzProg = "section .data\ncount: dd 0\nbuf: dd 1, 2, 3\nsection .text\n" + testprogs.Fact +
	"  rdn ebx\n  add [buf+1], ebx\n  inc [count]\n  prc 'a'\n  hlt\n"

// FuzzCommands runs lines of the command language, one session per
// input: no line makes the debugger fail inside (Exec turns a panic into
// an "internal error", which would be a bug), and every error is one line
// for the status line. Its seeds run under go test; fuzz with
// go test ./debugger/cmdlang -fuzz FuzzCommands.
func FuzzCommands(f *testing.F) {
	for _, seed := range []string{
		"step\nnext 3\nfinish\ncontinue\ninput 7\ncontinue\nreverse-step 2\nreverse-continue",
		"break fact if eax == 2\ncontinue\nbacktrace\nup\ndown\nframe 1\ninfo breakpoints\ndelete",
		"break 9\ncondition 1 [buf+1] > 2\ndisable 1\nenable\nwatch [count]\nwatch eax\ncontinue\ninfo registers",
		"print (eax + [buf]) * -2 / 3 % 5 == 1 || !ecx && ~edx\nx buf 3\nx/2 count\nset [buf] = 'A'\nset eip = 5\nset var ecx = 10h",
		"until base\nrs\nrc\nrestart\nreload\nprofile 3\ninfo lines\nhelp\nhelp break\nhelp mov\nquit",
		"b *2\nb prog.asm:7\nb nowhere\nwatch\nx 99999\np 1 < 2 < 3\nset eax == 1\ninput -end\nc\n\n\n",
		"print " + strings.Repeat("(", 200) + "1\nprint " + strings.Repeat("-", 200) + "1\nbreak base if [[[[eax]]]]",
		"\x00\tstep\t2\n\xff\xfe\nx/\nx/0 1\nbreak  if\ncondition 1 if\nframe -1\nup 99999999999999999999",
	} {
		f.Add(seed)
	}
	p, err := assembler.Assemble("prog.asm", []byte(fuzzProg), assembler.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, lines string) {
		s, err := newInterp(p, cpu.Config{Memory: 4096, Stack: 256, MaxSteps: 100_000})
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(lines, "\n") {
			if i == 50 {
				break
			}
			_, err := s.Exec(line)
			switch {
			case err == nil, errors.Is(err, ErrQuit):
			case strings.HasPrefix(err.Error(), "internal error"):
				t.Fatalf("line %d %q: %v", i+1, line, err)
			case strings.Contains(err.Error(), "\n"):
				t.Fatalf("line %d %q: an error of more than one line: %q", i+1, line, err)
			}
		}
		if _, err := s.Exec("print eax"); err != nil {
			t.Fatalf("the session no longer answers: %v", err)
		}
	})
}
