package spec

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/cpu"
	"cpu32/image"
	"cpu32/isa"
)

// Divide by zero at run time, for div and mod, from registers and memory.
var divideFaultCases = cases(
	tc{name: "div by a zero register", src: "prn 7\nmov eax, 10\nmov ebx, 0\ndiv eax, ebx", out: "7\n", steps: 3,
		fault: cpu.DivideByZero, eip: u32(8), regs: regs{eax: 10, ebx: 0}},
	tc{name: "div by zero memory", src: "mov [40], 5\ndiv [40], [41]", steps: 1, fault: cpu.DivideByZero, eip: u32(3), mem: mems{40: 5}},
	tc{name: "div by a register-relative zero", src: "mov esi, 40\nmov eax, 3\ndiv eax, [esi+2]", steps: 2, fault: cpu.DivideByZero, eip: u32(6), regs: regs{eax: 3}},
	tc{name: "mod by a zero register keeps rem", src: "mod 7, 4\nmod 5, eax", steps: 1, fault: cpu.DivideByZero, eip: u32(3), regs: regs{rem: 3}},
	tc{name: "mod by zero memory", src: "mod [40], [41]", fault: cpu.DivideByZero, eip: u32(0)},
	tc{name: "divide by zero inside a loop keeps the output", src: "mov ecx, 3\nl: mov eax, 12\ndiv eax, ecx\nprn eax\ndec ecx\njmp l",
		out: "4\n6\n12\n", steps: 1 + 3*5 + 1, fault: cpu.DivideByZero, eip: u32(6), regs: regs{eax: 12, ecx: 0}},
)

func TestDivideByZero(t *testing.T) { runCases(t, divideFaultCases) }

// --max-steps N: a step-limit fault before instruction N+1 runs, none when
// the program ends (or halts) at exactly N.
var stepLimitCases = cases(
	tc{name: "a program of exactly N steps ends normally", src: "nop\nnop\nnop", cfg: cpu.Config{MaxSteps: 3}, steps: 3, eip: u32(3)},
	tc{name: "one step more faults before it", src: "prn 1\nprn 2\nprn 3", cfg: cpu.Config{MaxSteps: 2}, out: "1\n2\n", steps: 2,
		fault: cpu.StepLimit, eip: u32(4)},
	tc{name: "an endless loop stops at the limit", src: "l: inc eax\njmp l", cfg: cpu.Config{MaxSteps: 5}, steps: 5,
		fault: cpu.StepLimit, eip: u32(2), regs: regs{eax: 3}},
	tc{name: "a limit of 1", src: "nop\nnop", cfg: cpu.Config{MaxSteps: 1}, steps: 1, fault: cpu.StepLimit, eip: u32(1)},
	tc{name: "a limit of 0 (NoSteps) runs nothing", src: "prn 1\nnop", cfg: cpu.Config{MaxSteps: cpu.NoSteps}, steps: 0,
		fault: cpu.StepLimit, eip: u32(0)},
	tc{name: "an empty program with a limit of 0 ends", src: "", cfg: cpu.Config{MaxSteps: cpu.NoSteps}},
	tc{name: "hlt as step N halts", src: "nop\nhlt\nnop", cfg: cpu.Config{MaxSteps: 2}, steps: 2, state: cpu.Halted, eip: u32(1)},
	tc{name: "hlt as step N+1 is not run", src: "nop\nhlt", cfg: cpu.Config{MaxSteps: 1}, steps: 1, fault: cpu.StepLimit, eip: u32(1)},
	tc{name: "a jump to the end as step N ends normally", src: "jmp 3\nnop", cfg: cpu.Config{MaxSteps: 1}, steps: 1, eip: u32(3)},
	tc{name: "an empty program with a limit", src: "", cfg: cpu.Config{MaxSteps: 1}},
	tc{name: "a fault at step N+1 is a step-limit", src: "nop\npop eax", cfg: cpu.Config{MaxSteps: 1}, steps: 1, fault: cpu.StepLimit, eip: u32(1)},
)

func TestStepLimit(t *testing.T) { runCases(t, stepLimitCases) }

// Config.MaxOutput bounds what prn and prc write: the instruction whose
// output would pass the limit faults with output-limit and prints nothing
// of it; what was printed before stays.
var outputLimitCases = cases(
	tc{name: "output that fits exactly runs to the end", src: "prn 12\nprc 'x'", cfg: cpu.Config{MaxOutput: 4}, out: "12\nx", steps: 2},
	tc{name: "a prn that would pass the limit faults and prints nothing", src: "prn 1\nprn 12345", cfg: cpu.Config{MaxOutput: 4},
		out: "1\n", steps: 1, fault: cpu.OutputLimit, eip: u32(2)},
	tc{name: "an endless printing loop stops at the limit", src: "l: prn 7\njmp l", cfg: cpu.Config{MaxOutput: 5},
		out: "7\n7\n", steps: 4, fault: cpu.OutputLimit, eip: u32(0)},
	tc{name: "a multi-byte prc counts its UTF-8 bytes", src: "prc 0xE9\nprc 0xE9", cfg: cpu.Config{MaxOutput: 3},
		out: "\u00e9", steps: 1, fault: cpu.OutputLimit, eip: u32(2)},
)

func TestOutputLimit(t *testing.T) { runCases(t, outputLimitCases) }

// failingWriter fails every write after the first n bytes.
type failingWriter struct {
	n   int
	err error
}

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) <= w.n {
		w.n -= len(p)
		return len(p), nil
	}
	n := w.n
	w.n = 0
	return n, w.err
}

// A failed write of the program's output stops the machine at once with a
// write-error fault at the printing instruction, whose message names the
// cause the way a Unix tool does and whose Err is the write's error.
func TestWriteError(t *testing.T) {
	full := &fs.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.ENOSPC}
	for _, tt := range []struct {
		name  string
		w     io.Writer
		steps uint64
		eip   uint32
		msg   string
	}{
		{"the first write fails", &failingWriter{err: full}, 0, 0, "write error: no space left on device"},
		{"a later write fails", &failingWriter{n: 4, err: full}, 4, 0, "write error: no space left on device"},
		{"a short write without an error", &failingWriter{n: 3}, 2, 0, "write error: short write"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := cpu.New(assemble(t, "l: prn 1\njmp l"), cpu.Config{Out: tt.w})
			require.NoError(t, err)
			err = c.RunToEnd()
			var f *cpu.Fault
			require.ErrorAs(t, err, &f)
			require.Equal(t, cpu.WriteError, f.Kind)
			require.Equal(t, tt.msg, f.Msg)
			require.Equal(t, tt.eip, f.EIP)
			require.Equal(t, tt.steps, c.Steps())
			if tt.w.(*failingWriter).err != nil {
				require.ErrorIs(t, err, syscall.ENOSPC)
			}
		})
	}
}

// An opcode word that decodes to no instruction is an invalid-instruction
// fault when it is reached, not when the program is loaded.
func TestInvalidInstruction(t *testing.T) {
	prn1 := []uint32{uint32(isa.Prn) | isa.DstVal, 1}
	tests := []struct {
		name  string
		code  []uint32
		out   string
		steps uint64
		eip   uint32
		state cpu.State
	}{
		{"an unknown opcode", append(prn1, 0xFF), "1\n", 1, 2, cpu.Faulted},
		{"the first unused opcode number", append(prn1, isa.NumOps), "1\n", 1, 2, cpu.Faulted},
		{"an unknown operand bit", append(prn1, uint32(isa.Nop)|0x4000), "1\n", 1, 2, cpu.Faulted},
		{"a bit above the operand bits", append(prn1, uint32(isa.Nop)|0x10000), "1\n", 1, 2, cpu.Faulted},
		{"an operand on nop", append(prn1, uint32(isa.Nop)|isa.DstVal, 0), "1\n", 1, 2, cpu.Faulted},
		{"a source on prn", append(prn1, uint32(isa.Prn)|isa.DstVal|isa.SrcVal, 1, 2), "1\n", 1, 2, cpu.Faulted},
		{"mov without kind bits", append(prn1, uint32(isa.Mov), 0, 0), "1\n", 1, 2, cpu.Faulted},
		{"two destination kinds", append(prn1, uint32(isa.Mov)|isa.DstAddr|isa.DstVal|isa.SrcVal, 0, 0), "1\n", 1, 2, cpu.Faulted},
		{"two source kinds", append(prn1, uint32(isa.Mov)|isa.DstAddr|isa.SrcVal|isa.SrcRel, 0, 0), "1\n", 1, 2, cpu.Faulted},
		{"an immediate destination", append(prn1, uint32(isa.Mov)|isa.DstVal|isa.SrcVal, 0, 0), "1\n", 1, 2, cpu.Faulted},
		{"an immediate destination of pop", append(prn1, uint32(isa.Pop)|isa.DstVal, 0), "1\n", 1, 2, cpu.Faulted},
		{"operand words missing at the end", append(prn1, uint32(isa.Mov)|isa.DstAddr|isa.SrcVal, 0), "1\n", 1, 2, cpu.Faulted},
		{"an invalid word jumped over is never reached", []uint32{uint32(isa.Jmp) | isa.DstVal, 3, 0xFF, uint32(isa.Hlt)}, "", 2, 3, cpu.Halted},
		{"an invalid word after the end of the run", []uint32{uint32(isa.Hlt), 0xFF}, "", 1, 0, cpu.Halted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &image.Program{Code: tt.code}
			r := runProgram(t, p, cpu.Config{})
			require.Equal(t, tt.state, r.state)
			require.Equal(t, tt.out, r.out)
			require.Equal(t, tt.steps, r.steps)
			require.Equal(t, tt.eip, r.c.EIP())
			if tt.state == cpu.Faulted {
				require.Equal(t, cpu.InvalidInstruction, r.fault.Kind)
				require.Equal(t, tt.eip, r.fault.EIP)
				require.Contains(t, r.fault.Msg, "is not an instruction")
			}
		})
	}

	t.Run("a jump onto an invalid word lands and faults there", func(t *testing.T) {
		p := &image.Program{Code: []uint32{uint32(isa.Jmp) | isa.DstVal, 2, 0x7F7F}}
		r := runProgram(t, p, cpu.Config{})
		require.Equal(t, cpu.InvalidInstruction, r.fault.Kind)
		require.Equal(t, uint32(2), r.fault.EIP)
		require.Equal(t, uint64(1), r.steps)
	})

	t.Run("an invalid word is one word: the next word is an instruction", func(t *testing.T) {
		p := &image.Program{Code: []uint32{uint32(isa.Jmp) | isa.DstVal, 3, 0xFF, uint32(isa.Prn) | isa.DstVal, 5}}
		r := runProgram(t, p, cpu.Config{})
		require.Equal(t, cpu.Ended, r.state)
		require.Equal(t, "5\n", r.out)
	})
}

// A step-limit fault is raised when instruction N+1 is about to run: N
// single steps (or Run(N)) stop cleanly, the next step faults, and the
// fault leaves nothing to undo.
func TestStepLimitStepping(t *testing.T) {
	c, err := cpu.New(assemble(t, "mov eax, 1\nmov eax, 2\nmov eax, 3"), cpu.Config{MaxSteps: 2})
	require.NoError(t, err)
	c.SetJournal(cpu.NewJournal(0))
	require.NoError(t, c.Step())
	require.NoError(t, c.Step())
	require.Equal(t, cpu.Ready, c.State())
	err = c.Step()
	var f *cpu.Fault
	require.True(t, errors.As(err, &f))
	require.Equal(t, cpu.StepLimit, f.Kind)
	require.Equal(t, uint32(6), f.EIP)
	require.Equal(t, uint64(2), c.Steps())
	require.Equal(t, uint32(2), c.Memory().Reg(eax))

	// Undoing the last step that ran restores what it changed.
	_, ok := c.Back()
	require.True(t, ok)
	require.Equal(t, uint64(1), c.Steps())
	require.Equal(t, uint32(1), c.Memory().Reg(eax))
	require.Equal(t, uint32(3), c.EIP())
}

// The fault kinds and their names, as --json shows them.
func TestFaultKinds(t *testing.T) {
	names := map[cpu.FaultKind]string{
		cpu.DivideByZero:       "divide-by-zero",
		cpu.StackOverflow:      "stack-overflow",
		cpu.StackUnderflow:     "stack-underflow",
		cpu.MemoryOutOfRange:   "memory-out-of-range",
		cpu.EIPOutOfRange:      "eip-out-of-range",
		cpu.InvalidInstruction: "invalid-instruction",
		cpu.StepLimit:          "step-limit",
		cpu.OutputLimit:        "output-limit",
		cpu.EndOfInput:         "end-of-input",
		cpu.InvalidInput:       "invalid-input",
		cpu.HostError:          "host-error",
		cpu.WriteError:         "write-error",
	}
	require.Len(t, cpu.FaultKinds(), len(names))
	for _, k := range cpu.FaultKinds() {
		require.Equal(t, names[k], k.String())
	}

	// Every kind but invalid-instruction (TestInvalidInstruction) has a
	// snippet in the run tables.
	// write-error is TestWriteError's.
	seen := map[cpu.FaultKind]bool{cpu.InvalidInstruction: true, cpu.WriteError: true}
	for _, cs := range [][]tc{divideFaultCases, stepLimitCases, outputLimitCases, stackFaultCases, memoryFaultCases, badJumpCases,
		rdnCases, rdcCases, hostCases} {
		for _, c := range cs {
			seen[c.fault] = true
		}
	}
	for _, k := range cpu.FaultKinds() {
		require.True(t, seen[k], "no snippet faults with %s", k)
	}
}

// A fault is a *cpu.Fault error; Error() names the kind and eip; the
// machine stops and stepping it again does nothing.
func TestFaultIsAnError(t *testing.T) {
	p := assemble(t, "prn 1\npop eax\nprn 2")
	var out bytes.Buffer
	c, err := cpu.New(p, cpu.Config{Out: &out})
	require.NoError(t, err)
	err = c.RunToEnd()
	var f *cpu.Fault
	require.True(t, errors.As(err, &f))
	require.Equal(t, "stack-underflow at eip 2: pop from an empty stack", f.Error())
	require.Equal(t, f, c.Step(), "stepping a faulted machine does nothing and returns its fault")
	require.Equal(t, uint64(1), c.Steps())
	require.Equal(t, "1\n", out.String())
	require.Equal(t, cpu.Faulted, c.State())
}

// cpu32's fault messages (the --json fault.message and the text after the
// kind in a fault line).
func TestFaultMessages(t *testing.T) {
	tests := []struct {
		src  string
		cfg  cpu.Config
		kind cpu.FaultKind
		msg  string
	}{
		{"div eax, ebx", cpu.Config{}, cpu.DivideByZero, "division by zero"},
		{"mod 1, ebx", cpu.Config{}, cpu.DivideByZero, "modulo by zero"},
		{"l: push 1\njmp l", small, cpu.StackOverflow, "push onto a full stack (8 words)"},
		{"ret", cpu.Config{}, cpu.StackUnderflow, "pop from an empty stack"},
		{"mov eax, [64]", small, cpu.MemoryOutOfRange, "address 64 is outside memory (0..63)"},
		{"mov eax, [-3]", small, cpu.MemoryOutOfRange, "address -3 is outside memory (0..63)"},
		{"jmp 9", cpu.Config{}, cpu.EIPOutOfRange, "jump to 9, past the end of the code (2 words)"},
		{"jmp -1", cpu.Config{}, cpu.EIPOutOfRange, "jump to -1, past the end of the code (2 words)"},
		{"nop\njmp 2", cpu.Config{}, cpu.EIPOutOfRange, "jump to 2, which is inside an instruction"},
		{"l: jmp l", cpu.Config{MaxSteps: 10}, cpu.StepLimit, "step limit of 10 reached"},

		// A stack instruction whose esp was moved out of the stack says
		// where esp is, in words; the kind stays the contract's.
		{"push 1\npush 2\ncall f\nadd esp, 8\npush 3\nhlt\nf: ret", small, cpu.MemoryOutOfRange,
			"push with esp 6 words past the stack's base (esp 70, base 64): esp was moved past the base; a stack slot is one word, so 'add esp, N' after a call drops N arguments"},
		{"add esp, 1\ncall 0", small, cpu.MemoryOutOfRange,
			"call with esp 1 word past the stack's base (esp 65, base 64): esp was moved past the base; a stack slot is one word, so 'add esp, N' after a call drops N arguments"},
		{"add esp, 2\npushf", small, cpu.MemoryOutOfRange,
			"pushf with esp 2 words past the stack's base (esp 66, base 64): esp was moved past the base; a stack slot is one word, so 'add esp, N' after a call drops N arguments"},
		{"push 1\nadd esp, 3\npop eax", small, cpu.StackUnderflow,
			"pop with esp 2 words past the stack's base (esp 66, base 64): esp was moved past the base; a stack slot is one word, so 'add esp, N' after a call drops N arguments"},
		{"call f\nf: add esp, 2\nret", small, cpu.StackUnderflow,
			"ret with esp 1 word past the stack's base (esp 65, base 64): esp was moved past the base; a stack slot is one word, so 'add esp, N' after a call drops N arguments"},
		{"mov esp, -1\npush 1", small, cpu.MemoryOutOfRange,
			"push with esp -1, below address 0: esp was moved out of memory (it starts at the stack's base, 64)"},
		{"mov esp, 40\npush 1", small, cpu.StackOverflow,
			"push with esp 16 words below the top of the 8-word stack (esp 40, top 56): esp was moved down past the stack; a stack slot is one word, so 'sub esp, N' makes room for N words"},
		{"sub esp, 8\npush 1", small, cpu.StackOverflow, "push onto a full stack (8 words)"},
		{"add esp, 1\npush [esp+63]", small, cpu.MemoryOutOfRange, "address 128 is outside memory (0..63)"},

		// An address past memory from x86's byte offsets on esp or ebp.
		{"push 7\ncall f\nhlt\nf: mov eax, [esp+4]\nret", small, cpu.MemoryOutOfRange,
			"address 66 is outside memory (0..63): memory is word-addressed, so [esp+4] is 4 words above esp, not 4 bytes (on entry to a function its first argument is [esp+1])"},
		{"push 7\ncall f\nhlt\nf: push ebp\nmov ebp, esp\nadd eax, [ebp+8]\nret", small, cpu.MemoryOutOfRange,
			"address 69 is outside memory (0..63): memory is word-addressed, so [ebp+8] is 8 words above ebp, not 8 bytes (after 'push ebp' and 'mov ebp, esp' a function's first argument is [ebp+2])"},
		{"push 1\npop [esp+4]", small, cpu.MemoryOutOfRange,
			"address 68 is outside memory (0..63): memory is word-addressed, so [esp+4] is 4 words above esp, not 4 bytes (on entry to a function its first argument is [esp+1])"},
		{"push 1\nmov eax, [esp+3]", small, cpu.MemoryOutOfRange, "address 66 is outside memory (0..63)"},
		{"mov esi, 60\nmov eax, [esi+4]", small, cpu.MemoryOutOfRange, "address 64 is outside memory (0..63)"},
	}
	for _, tt := range tests {
		r := run(t, tt.src, tt.cfg)
		require.NotNil(t, r.fault, tt.src)
		require.Equal(t, tt.kind, r.fault.Kind, tt.src)
		require.Equal(t, tt.msg, r.fault.Msg, tt.src)
	}

	invalid := []struct {
		code []uint32
		msg  string
	}{
		{[]uint32{0xFF}, "word 0xff is not an instruction: unknown opcode 0xff"},
		{[]uint32{0x4000}, "word 0x4000 is not an instruction: unknown bits 0x4000"},
		{[]uint32{0x0800, 0}, "word 0x800 is not an instruction: nop has no operands"},
		{[]uint32{0x0A08, 1, 2}, "word 0xa08 is not an instruction: prn has no source operand"},
		{[]uint32{0x0601, 0}, "word 0x601 is not an instruction: mov needs 2 operand words; the code ends first"},
		{[]uint32{0x0E01, 0, 0}, "word 0xe01 is not an instruction: operand 1 of mov has no single kind"},
		{[]uint32{0x0A01, 0, 0}, "word 0xa01 is not an instruction: the destination of mov is an immediate"},
	}
	for _, tt := range invalid {
		r := runProgram(t, &image.Program{Code: tt.code}, cpu.Config{})
		require.NotNil(t, r.fault)
		require.Equal(t, cpu.InvalidInstruction, r.fault.Kind)
		require.Equal(t, tt.msg, r.fault.Msg)
	}
}

// The machine refuses a configuration that cannot hold the reserved words,
// the data and the stack.
func TestMachineTooSmall(t *testing.T) {
	data := assemble(t, ".data\nd: resd 4\n.text\nnop")
	_, err := cpu.New(data, cpu.Config{Memory: 40, Stack: 4})
	require.NoError(t, err, "32 reserved + 4 data + 4 stack fit in 40 words")
	_, err = cpu.New(data, cpu.Config{Memory: 40, Stack: 5})
	require.ErrorIs(t, err, cpu.ErrConfig)
	_, err = cpu.New(data, cpu.Config{Memory: 31, Stack: cpu.NoStack})
	require.ErrorIs(t, err, cpu.ErrConfig)
}
