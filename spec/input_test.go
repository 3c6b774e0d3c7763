package spec

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/cpu"
	"cpu32/memory"
)

// rdn: a signed decimal after white space, in the range of a literal
// (-2147483648..4294967295, stored as its 32 bits). The number ends at the
// first byte that is not a digit, which stays unread.
var rdnCases = cases(
	tc{name: "rdn reads a number", src: "rdn eax\nprn eax", input: "42", out: "42\n", steps: 2, regs: regs{eax: 42}},
	tc{name: "rdn reads a negative number", src: "rdn eax", input: "-17\n", steps: 1, regs: regs{eax: -17}, left: 1},
	tc{name: "rdn reads a plus sign", src: "rdn eax", input: "+5", steps: 1, regs: regs{eax: 5}},
	tc{name: "rdn reads -0 as 0", src: "mov eax, 3\nrdn eax", input: "-0", steps: 2, regs: regs{eax: 0}},
	tc{name: "rdn skips white space of every kind", src: "rdn eax\nrdn ebx\nrdn ecx", input: " \t 1\r\n\n2\v\f  3 ", steps: 3,
		regs: regs{eax: 1, ebx: 2, ecx: 3}, left: 1},
	tc{name: "rdn leaves the white space after the number", src: "rdn eax", input: "7  \n", steps: 1, regs: regs{eax: 7}, left: 3},
	tc{name: "rdn reads leading zeros", src: "rdn eax", input: "007", steps: 1, regs: regs{eax: 7}},
	tc{name: "rdn reads leading zeros past 20 digits", src: "rdn eax\nrdn ebx", input: strings.Repeat("0", 40) + "42 -" + strings.Repeat("0", 30) + "5",
		steps: 2, regs: regs{eax: 42, ebx: -5}},
	tc{name: "rdn reads the largest unsigned", src: "rdn eax", input: "4294967295", steps: 1, regs: regs{eax: -1}},
	tc{name: "rdn reads the largest signed", src: "rdn eax", input: "2147483647", steps: 1, regs: regs{eax: 2147483647}},
	tc{name: "rdn reads the smallest signed", src: "rdn eax", input: "-2147483648", steps: 1, regs: regs{eax: -2147483648}},
	tc{name: "rdn into memory and register-relative", src: "mov esi, 40\nrdn [41]\nrdn [esi+2]", input: "5 6", steps: 3,
		mem: mems{41: 5, 42: 6}},
	tc{name: "rdn stops at a non-digit", src: "rdn eax\nrdc ebx", input: "12abc", steps: 2, regs: regs{eax: 12, ebx: 'a'}, left: 2},
	tc{name: "rdn into eip is a jump", src: "rdn eip\nprn 1\nprn 2", input: "4", out: "2\n", steps: 2},
	tc{name: "a loop reads numbers until a 0", src: "l: rdn eax\ncmp eax, 0\nje done\nadd ebx, eax\njmp l\ndone: prn ebx",
		input: "1 2 3 0 99", out: "6\n", steps: 3*5 + 3 + 1, regs: regs{ebx: 6}, flags: fl(1), left: 3},

	// Faults: nothing is read, the number or text stays in the input.
	tc{name: "rdn at the end of the input", src: "rdn eax\nrdn ebx", input: "3", steps: 1, fault: cpu.EndOfInput, eip: u32(2),
		regs: regs{eax: 3}},
	tc{name: "rdn on an empty input", src: "prn 1\nrdn eax", out: "1\n", steps: 1, fault: cpu.EndOfInput, eip: u32(2)},
	tc{name: "rdn on white space only", src: "rdn eax", input: " \n\t ", fault: cpu.EndOfInput, eip: u32(0), left: 4},
	tc{name: "rdn on a word", src: "rdn eax", input: "  hello 5", fault: cpu.InvalidInput, eip: u32(0), left: 9},
	tc{name: "rdn on a sign alone", src: "rdn eax", input: "- 5", fault: cpu.InvalidInput, eip: u32(0), left: 3},
	tc{name: "rdn on a number too large", src: "rdn eax", input: "4294967296", fault: cpu.InvalidInput, eip: u32(0), left: 10},
	tc{name: "rdn on more than 1 MiB of white space", src: "rdn eax", input: strings.Repeat(" ", 1<<20+1) + "5", fault: cpu.InvalidInput,
		eip: u32(0), left: 1<<20 + 2},
	tc{name: "rdn on more than 1 MiB of leading zeros", src: "rdn eax", input: strings.Repeat("0", 1<<20+1) + "5", fault: cpu.InvalidInput,
		eip: u32(0), left: 1<<20 + 2},
	tc{name: "rdn on a number too small", src: "rdn eax", input: "-2147483649", fault: cpu.InvalidInput, eip: u32(0), left: 11},
	tc{name: "rdn on a hex number reads its 0", src: "rdn eax\nrdn ebx", input: "0x10", steps: 1, fault: cpu.InvalidInput,
		eip: u32(2), left: 3},
	tc{name: "rdn to memory outside faults first", src: "rdn [64]", cfg: small, input: "abc", fault: cpu.MemoryOutOfRange,
		eip: u32(0), left: 3},
	tc{name: "rdn of a bad jump target reads nothing", src: "rdn eip", input: "1", fault: cpu.EIPOutOfRange, eip: u32(0), left: 1},
)

func TestRdn(t *testing.T) { runCases(t, rdnCases) }

// rdc: one UTF-8 character's code point; -1 at the end, as often as asked.
var rdcCases = cases(
	tc{name: "rdc reads a character", src: "rdc eax\nprc eax", input: "A", out: "A", steps: 2, regs: regs{eax: 'A'}},
	tc{name: "rdc reads white space too", src: "rdc eax\nrdc ebx\nrdc ecx", input: " \n\t", steps: 3,
		regs: regs{eax: ' ', ebx: '\n', ecx: '\t'}},
	tc{name: "rdc reads multi-byte characters", src: "rdc eax\nrdc ebx\nrdc ecx", input: "é€😀", steps: 3,
		regs: regs{eax: 0xE9, ebx: 0x20AC, ecx: 0x1F600}},
	tc{name: "rdc at the end is -1, again and again", src: "rdc eax\nrdc ebx\nrdc ecx", input: "x", steps: 3,
		regs: regs{eax: 'x', ebx: -1, ecx: -1}},
	tc{name: "rdc on an empty input is -1", src: "rdc eax", steps: 1, regs: regs{eax: -1}},
	tc{name: "rdc reads a byte that is not UTF-8 as U+FFFD", src: "rdc eax\nrdc ebx", input: "\xffz", steps: 2,
		regs: regs{eax: 0xFFFD, ebx: 'z'}},
	tc{name: "rdc reads a cut-off character as U+FFFD, one byte at a time", src: "rdc eax\nrdc ebx\nrdc ecx", input: "\xe2\x82", steps: 3,
		regs: regs{eax: 0xFFFD, ebx: 0xFFFD, ecx: -1}},
	tc{name: "rdc echoes a line", src: "l: rdc eax\ncmp eax, -1\nje done\nprc eax\njmp l\ndone:", input: "hi\n", out: "hi\n",
		steps: 3*5 + 3, flags: fl(1)},
	tc{name: "mixed rdn and rdc", src: "rdn eax\nrdc ebx\nrdc ecx\nrdn edx", input: "12 x-3", steps: 4,
		regs: regs{eax: 12, ebx: ' ', ecx: 'x', edx: -3}},
	tc{name: "rdc after rdn reads the newline that ends a line", src: "rdn eax\nrdc ebx", input: "5\n", steps: 2, regs: regs{eax: 5, ebx: '\n'}},
	tc{name: "rdc to memory outside reads nothing", src: "rdc [64]", cfg: small, input: "a", fault: cpu.MemoryOutOfRange, eip: u32(0), left: 1},
)

func TestRdc(t *testing.T) { runCases(t, rdcCases) }

// The fault messages say what rdn found.
func TestInputFaultMessages(t *testing.T) {
	tests := []struct {
		input string
		kind  cpu.FaultKind
		msg   string
	}{
		{"", cpu.EndOfInput, "rdn at the end of the input"},
		{"  \n", cpu.EndOfInput, "rdn at the end of the input"},
		{"abc def", cpu.InvalidInput, `rdn expected a number, found "abc"`},
		{"\n-x", cpu.InvalidInput, `rdn expected a number, found "-x"`},
		{"1.5", cpu.InvalidInput, `rdn expected a number, found ".5"`},
		{"4294967296", cpu.InvalidInput, `rdn found "4294967296", outside -2147483648..4294967295`},
		{"123456789012345678901234567890", cpu.InvalidInput, `rdn found "123456789012345678901234...", outside -2147483648..4294967295`},
		{"\x00\x01", cpu.InvalidInput, `rdn expected a number, found "\x00\x01"`},
		{strings.Repeat(" ", 1<<20+1) + "5", cpu.InvalidInput, "rdn found more than 1 MiB of white space where a number should be"},
		{"+" + strings.Repeat("0", 1<<20+1), cpu.InvalidInput, `rdn found "+00000000000000000000000...", more than 1 MiB of digits`},
	}
	for _, tt := range tests {
		src := "rdn eax\nrdn eax"
		if tt.input == "1.5" {
			src = "rdn eax\nrdn eax\nrdn eax"
		}
		r := run(t, src, cpu.Config{Input: strings.NewReader(tt.input)})
		require.NotNil(t, r.fault, tt.input)
		require.Equal(t, tt.kind, r.fault.Kind, tt.input)
		require.Equal(t, tt.msg, r.fault.Msg, tt.input)
	}
}

// failingReader gives its text, then fails.
type failingReader struct {
	text string
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if r.text == "" {
		return 0, r.err
	}
	n := copy(p, r.text)
	r.text = r.text[n:]
	return n, nil
}

// A reader that fails is an end-of-input fault whose cause is the error,
// for rdn and rdc alike; what was read before is read normally.
func TestInputReadError(t *testing.T) {
	cause := errors.New("disk on fire")
	for _, src := range []string{"rdn eax\nrdn ebx", "rdn eax\nrdc ebx\nrdc ebx"} {
		r := run(t, src, cpu.Config{Input: &failingReader{text: "7 ", err: cause}})
		require.Equal(t, int32(7), r.reg(eax))
		require.NotNil(t, r.fault)
		require.Equal(t, cpu.EndOfInput, r.fault.Kind)
		require.Equal(t, "reading the input failed: disk on fire", r.fault.Msg)
		require.ErrorIs(t, r.fault, cause)
	}
}

// countingReader counts the reads it is asked for, one byte each.
type countingReader struct {
	r     io.Reader
	reads int
}

func (c *countingReader) Read(p []byte) (int, error) {
	c.reads++
	return c.r.Read(p[:min(1, len(p))])
}

// Stepping back over rdn and rdc puts the input back; running forward again
// reads the same values from what was read, without asking the reader again.
func TestInputStepBack(t *testing.T) {
	p := assemble(t, "rdn eax\nrdc ebx\nrdn ecx\nprn ecx")
	in := &countingReader{r: strings.NewReader("12x-7\n")}
	var out bytes.Buffer
	c, err := cpu.New(p, cpu.Config{Input: in, Out: &out})
	require.NoError(t, err)
	c.SetJournal(cpu.NewJournal(0))
	require.NoError(t, c.RunToEnd())
	require.Equal(t, uint64(5), c.InputRead())
	reads := in.reads
	for i := 0; i < 4; i++ {
		_, ok := c.Back()
		require.True(t, ok)
	}
	require.Equal(t, uint64(0), c.InputRead())
	require.Equal(t, uint32(0), c.Memory().Reg(eax))
	require.NoError(t, c.Step())
	require.Equal(t, uint64(2), c.InputRead())
	_, ok := c.Back()
	require.True(t, ok)
	require.NoError(t, c.RunToEnd())
	require.Equal(t, reads, in.reads, "a replay reads nothing from the reader")
	require.Equal(t, []int32{12, 'x', -7}, []int32{r32(c, eax), r32(c, ebx), r32(c, ecx)})
	left, err := c.InputLeft()
	require.NoError(t, err)
	require.Equal(t, uint64(1), left)

	// Reset starts the input again too.
	c.Reset()
	require.Equal(t, uint64(0), c.InputRead())
	require.NoError(t, c.RunToEnd())
	require.Equal(t, int32(-7), r32(c, ecx))
}

func r32(c *cpu.CPU, r memory.Reg) int32 { return int32(c.Memory().Reg(r)) }

// A long input is read a chunk at a time, and a program without a journal
// can read far more than it keeps.
func TestLongInput(t *testing.T) {
	const n = 50000
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString("1 ")
	}
	r := run(t, "l: rdc eax\ncmp eax, -1\nje done\ncmp eax, ' '\nje l\nsub eax, '0'\nadd ebx, eax\njmp l\ndone: prn ebx",
		cpu.Config{Input: strings.NewReader(b.String())})
	require.Nil(t, r.fault)
	require.Equal(t, "50000\n", r.out)
}

// feedReader has what was fed to it, then says cpu.ErrNoInput until it is
// fed more or closed.
type feedReader struct {
	text   string
	closed bool
}

func (f *feedReader) Read(p []byte) (int, error) {
	if f.text == "" {
		if f.closed {
			return 0, io.EOF
		}
		return 0, cpu.ErrNoInput
	}
	n := copy(p, f.text)
	f.text = f.text[n:]
	return n, nil
}

// A reader with nothing yet (cpu.ErrNoInput) makes rdn and rdc wait: the
// instruction does not run, nothing faults, and running again after the
// reader has more goes on. A number or a character cut off by the wait is
// read whole once the rest comes.
func TestInputWait(t *testing.T) {
	in := &feedReader{}
	var out bytes.Buffer
	c, err := cpu.New(assemble(t, "prn 0\nrdn eax\nprn eax\nrdc ebx\nprn ebx\nrdc ecx\nprn ecx"), cpu.Config{Input: in, Out: &out})
	require.NoError(t, err)
	c.SetJournal(cpu.NewJournal(0))
	stop, err := c.Run(100)
	require.NoError(t, err)
	require.Equal(t, cpu.StopInput, stop)
	require.True(t, c.WaitingForInput())
	require.Equal(t, cpu.Ready, c.State())
	require.Equal(t, uint32(2), c.EIP())
	require.Equal(t, uint64(1), c.Steps())
	require.ErrorIs(t, c.RunToEnd(), cpu.ErrNoInput)
	require.ErrorIs(t, c.Step(), cpu.ErrNoInput)
	require.Equal(t, uint64(1), c.Steps())

	in.text = "-1" // the number may go on
	require.ErrorIs(t, c.RunToEnd(), cpu.ErrNoInput)
	require.Equal(t, uint32(2), c.EIP())
	in.text = "2\n\xe2\x82"
	require.ErrorIs(t, c.RunToEnd(), cpu.ErrNoInput)
	require.Equal(t, "0\n-12\n10\n", out.String())
	require.Equal(t, uint32(10), c.EIP(), "waiting in the middle of the euro sign")
	in.text, in.closed = "\xac", true
	require.NoError(t, c.RunToEnd())
	require.Equal(t, "0\n-12\n10\n8364\n", out.String())
	require.False(t, c.WaitingForInput())

	// Stepping back to the rdn and forward again reads what was fed.
	for c.Steps() > 1 {
		_, ok := c.Back()
		require.True(t, ok)
	}
	require.NoError(t, c.RunToEnd())
	require.Equal(t, int32(-12), r32(c, eax))
}
