package isa

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// HintPlace says where in a line an x86 habit shows, which is how the
// assembler finds the hint for it.
type HintPlace uint8

const (
	// AsMnemonic: the word starts a statement, where an instruction goes.
	AsMnemonic HintPlace = iota + 1
	// AsRegister: the word is used as an operand, where a register goes.
	AsRegister
	// AsSize: the word stands in front of an operand (dword [buf]).
	AsSize
	// AsArity: an instruction cpu32 has, written with x86's operands
	// (div ecx, ret 8); the hint replaces "takes N operands".
	AsArity
	// AsSyntax: a mark or a word the grammar lacks; its Words are the
	// assembler's names for the mistakes it detects ("*", ":", "equ",
	// `prn "`).
	AsSyntax
	// AsLabel: a label that means something to an x86 toolchain but
	// nothing to cpu32 (_start). It is legal, so its hint is a warning.
	AsLabel
)

// Hint is a habit students bring from x86 and NASM that cpu32 does not
// have, and what to write instead. Each is still an error, the hint its
// message, except an AsLabel one, which is a warning. In Text, {word} is
// the word as written, and {1} and {2} are the first and second operands
// as written (or dst and src when there are none); {1w} is the first
// operand read as x86's bytes and counted in words (8 is 2), and {1b}
// says so when it was (see Message).
type Hint struct {
	Place HintPlace
	Words []string // lower case
	// Operands is true for an x86 instruction that takes operands: written
	// alone on its line, such a word is more likely a label missing its
	// colon, and the assembler says that instead.
	Operands bool
	Habit    string // what the student wrote, as docs/reference.md's table shows it
	Text     string
}

// printString says how to print a string, for prn and prc given one.
const printString = "put the string in .data (msg: dd {1}, 0) and print it with prc, one character at a time, or with the host function print_str ('extern print_str', then 'push msg', 'call print_str')"

// noIO answers the ways x86 programs talk to the operating system.
const noIO = "cpu32 has no interrupts or system calls: print with prn (a number) or prc (a character), stop with hlt"

// Hints is the one table of habits; the assembler's messages and
// docs/reference.md's "Coming from x86" table come from it.
var Hints = []Hint{
	{Place: AsMnemonic, Words: []string{"int"}, Operands: true, Habit: "int 0x80", Text: noIO},
	{Place: AsMnemonic, Words: []string{"syscall", "sysenter"}, Habit: "syscall", Text: noIO},
	{Place: AsMnemonic, Words: []string{"loop", "loope", "loopne", "loopz", "loopnz"}, Operands: true, Habit: "loop again",
		Text: "cpu32 has no {word}: write 'dec ecx', 'cmp ecx, 0', 'jne {1}' (dec sets no flags, so the cmp is needed)"},
	{Place: AsMnemonic, Words: []string{"jecxz", "jcxz"}, Operands: true, Habit: "jecxz done",
		Text: "cpu32 has no {word}: write 'cmp ecx, 0', 'je {1}'"},
	{Place: AsMnemonic, Words: []string{"lea"}, Operands: true, Habit: "lea esi, [buf]",
		Text: "cpu32 has no lea: a label's value is its address, so 'mov {1}, buf' loads the address of buf (then 'add' a register or a number to it)"},
	{Place: AsMnemonic, Words: []string{"movzx", "movsx", "movsxd"}, Operands: true, Habit: "movzx eax, byte [buf]",
		Text: "every operand is one 32-bit word, so there is nothing to extend: write 'mov {1}, {2}'"},
	{Place: AsMnemonic, Words: []string{"imul"}, Operands: true, Habit: "imul eax, ebx",
		Text: "cpu32 has no imul: 'mul {1}, {2}' keeps the low 32 bits of the product, which are the same for signed numbers"},
	{Place: AsMnemonic, Words: []string{"idiv"}, Operands: true, Habit: "idiv ecx",
		Text: "cpu32 divides unsigned only: 'div eax, {1}' leaves the quotient in eax, 'mod eax, {1}' then 'rem edx' the remainder; divide the absolute values of negative numbers and set the sign after"},
	{Place: AsMnemonic, Words: []string{"cdq", "cqo", "cwd", "cbw", "cwde"}, Habit: "cdq",
		Text: "there is no edx:eax pair to prepare: 'div eax, src' divides eax alone, and 'mod eax, src' then 'rem edx' gives the remainder"},
	{Place: AsMnemonic, Words: []string{"neg"}, Operands: true, Habit: "neg eax",
		Text: "cpu32 has no neg: write 'not {1}', 'inc {1}' (two's complement), or 'mul {1}, -1'"},
	{Place: AsMnemonic, Words: []string{"xchg"}, Operands: true, Habit: "xchg eax, ebx",
		Text: "cpu32 has no xchg: swap through the stack with 'push {1}', 'push {2}', 'pop {1}', 'pop {2}', or through a spare register"},
	{Place: AsMnemonic, Words: []string{"enter"}, Operands: true, Habit: "enter 4, 0",
		Text: "cpu32 has no enter: write 'push ebp', 'mov ebp, esp', 'sub esp, N' for N words of locals"},
	{Place: AsMnemonic, Words: []string{"leave"}, Habit: "leave",
		Text: "cpu32 has no leave: write 'mov esp, ebp', 'pop ebp'"},
	{Place: AsMnemonic, Words: []string{"db", "dw", "dq", "dt"}, Operands: true, Habit: "db \"hi\", 0",
		Text: "cpu32's data is 32-bit words: write 'dd' (a string gives one word per character)"},
	{Place: AsMnemonic, Words: []string{"resb", "resw", "resq"}, Operands: true, Habit: "resb 64",
		Text: "cpu32's data is 32-bit words: write 'resd N' for N words"},
	{Place: AsMnemonic, Words: []string{"sal"}, Operands: true, Habit: "sal eax, 1",
		Text: "cpu32 calls it shl: write 'shl {1}, {2}'"},
	{Place: AsMnemonic, Words: []string{"global"}, Operands: true, Habit: "global _start",
		Text: "there is nothing to export: execution starts at the label start (or at the first instruction)"},

	{Place: AsArity, Words: []string{"mul", "div"}, Habit: "div ecx",
		Text: "cpu32's {word} names its destination and keeps 32 bits: write '{word} eax, {1}' (no edx:eax pair)"},
	{Place: AsArity, Words: []string{"ret"}, Habit: "ret 8",
		Text: "cpu32's ret pops only the return address: drop the arguments after the call with 'add esp, {1w}' (a stack slot is one word{1b})"},

	{Place: AsSize, Words: []string{"dword", "byte", "word", "qword", "ptr", "short", "near"}, Habit: "mov eax, dword [buf]",
		Text: "every operand is one 32-bit word, so there is no size to give: drop '{word}'"},
	{Place: AsSyntax, Words: []string{"*"}, Habit: "mov eax, [buf+ecx*4]",
		Text: "memory is word-addressed, so the next element is {word}: there is no scale"},
	{Place: AsSyntax, Words: []string{":"}, Habit: "nums dd 1, 2",
		Text: "unknown instruction '{word}' (missing ':' after a label?)"},
	{Place: AsSyntax, Words: []string{"equ"}, Habit: "N equ 10",
		Text: "cpu32 has no equ: write '%define {word} {1}'"},
	{Place: AsSyntax, Words: []string{`prn "`}, Habit: `prn "hi"`,
		Text: "prn prints a number, not a string: " + printString},
	{Place: AsSyntax, Words: []string{`prc "`}, Habit: `prc "hi"`,
		Text: "prc prints one character, not a string: " + printString},

	{Place: AsLabel, Words: []string{"_start", "__start"}, Habit: "_start:",
		Text: "'{word}' is an ordinary label: only 'start' is special (execution begins at start, or at the first instruction when there is none); rename it start"},

	// The parts of each register, and its 64-bit form.
	{Place: AsRegister, Words: []string{"al", "ah", "ax", "rax"}, Habit: "mov al, 1", Text: notARegister + "eax"},
	{Place: AsRegister, Words: []string{"bl", "bh", "bx", "rbx"}, Habit: "mov bl, 1", Text: notARegister + "ebx"},
	{Place: AsRegister, Words: []string{"cl", "ch", "cx", "rcx"}, Habit: "mov cl, 1", Text: notARegister + "ecx"},
	{Place: AsRegister, Words: []string{"dl", "dh", "dx", "rdx"}, Habit: "mov dl, 1", Text: notARegister + "edx"},
	{Place: AsRegister, Words: []string{"sil", "si", "rsi"}, Habit: "mov sil, 1", Text: notARegister + "esi"},
	{Place: AsRegister, Words: []string{"dil", "di", "rdi"}, Habit: "mov dil, 1", Text: notARegister + "edi"},
	{Place: AsRegister, Words: []string{"bpl", "bp", "rbp"}, Habit: "mov bpl, 1", Text: notARegister + "ebp"},
	{Place: AsRegister, Words: []string{"spl", "sp", "rsp"}, Habit: "mov spl, 1", Text: notARegister + "esp"},
	{Place: AsRegister, Words: []string{"ip", "rip"}, Habit: "mov ip, 1", Text: notARegister + "eip"},
	{Place: AsRegister, Words: []string{"eflags", "rflags"}, Habit: "mov eflags, 1", Text: notARegister + "flags"},
	// x86-64's r8..r15 (and r08, r09) with their dword, word and byte
	// suffixes, and the segment registers: all get the same message.
	{Place: AsRegister, Words: []string{
		"r8", "r8d", "r8w", "r8b", "r8l", "r08", "r08d", "r08w", "r08b", "r08l",
		"r9", "r9d", "r9w", "r9b", "r9l", "r09", "r09d", "r09w", "r09b", "r09l",
		"r10", "r10d", "r10w", "r10b", "r10l", "r11", "r11d", "r11w", "r11b", "r11l",
		"r12", "r12d", "r12w", "r12b", "r12l", "r13", "r13d", "r13w", "r13b", "r13l",
		"r14", "r14d", "r14w", "r14b", "r14l", "r15", "r15d", "r15w", "r15b", "r15l",
		"cs", "ds", "es", "fs", "gs", "ss"},
		Habit: "mov r8, 1", Text: "'{word}' is not a cpu32 register: the registers are eax ebx ecx edx esi edi ebp esp (and eip rem flags)"},
}

// notARegister starts the hint for a part of a register; the register's
// name ends it.
const notARegister = "'{word}' is not a cpu32 register: only the 32-bit registers exist (each holds one word); write "

type hintKey struct {
	place HintPlace
	word  string
}

// hintsByWord indexes Hints by place and word. It is built on the first
// lookup, not at start: a command that assembles nothing, or a program
// that trips over no hint's word, never pays for it.
var hintsByWord = sync.OnceValue(func() map[hintKey]*Hint {
	n := 0
	for i := range Hints {
		n += len(Hints[i].Words)
	}
	m := make(map[hintKey]*Hint, n)
	for i := range Hints {
		for _, w := range Hints[i].Words {
			k := hintKey{Hints[i].Place, w}
			if m[k] != nil {
				panic("isa: hint listed twice: " + w)
			}
			m[k] = &Hints[i]
		}
	}
	return m
})

// LookupHint returns the hint for word (in any case) at place, or nil.
func LookupHint(place HintPlace, word string) *Hint {
	return hintsByWord()[hintKey{place, strings.ToLower(word)}]
}

// Message renders the hint for word as written, with the operands as
// written (fewer than two may be given).
func (h *Hint) Message(word string, operands ...string) string {
	ops := []string{"dst", "src"}
	copy(ops, operands)
	words, bytes := ops[0], ""
	// x86 counts the stack in bytes, 4 to an argument: ret 8 drops two.
	if n, err := strconv.ParseUint(ops[0], 0, 32); err == nil && n > 0 && n%4 == 0 {
		words = strconv.FormatUint(n/4, 10)
		bytes = fmt.Sprintf(", so x86's %d bytes are %s words", n, words)
		if n == 4 {
			bytes = ", so x86's 4 bytes are 1 word"
		}
	}
	return strings.NewReplacer("{word}", word, "{1w}", words, "{1b}", bytes, "{1}", ops[0], "{2}", ops[1]).Replace(h.Text)
}

// HintOperands splits the operands of a statement as written (the text
// after its first word, without a comment) at the commas outside brackets
// and quotes, dropping size words: what {1} and {2} stand for.
func HintOperands(text string) []string {
	var ops []string
	depth, quote, start := 0, rune(0), 0
	add := func(s string) {
		f := strings.Fields(s)
		for len(f) > 1 && LookupHint(AsSize, f[0]) != nil {
			f = f[1:]
		}
		ops = append(ops, strings.Join(f, " "))
	}
	for i, r := range text {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '[':
			depth++
		case r == ']':
			depth--
		case r == ',' && depth == 0:
			add(text[start:i])
			start = i + 1
		}
	}
	if strings.TrimSpace(text) != "" {
		add(text[start:])
	}
	return ops
}

// HintsMarkdown renders the hints for docs/reference.md: what a student writes out
// of habit and what cpu32 says to it.
func HintsMarkdown() string {
	var b strings.Builder
	b.WriteString("| you wrote | cpu32 says |\n|---|---|\n")
	regRows, regs := 0, 0
	for i := range Hints {
		if Hints[i].Place == AsRegister {
			regs++
		}
	}
	for i := range Hints {
		h := &Hints[i]
		habit := "`" + h.Habit + "`"
		if h.Place == AsRegister {
			// One row stands for the parts of every register; the 64-bit
			// r8..r15, the last row, get their own.
			if regRows++; regRows > 1 && regRows < regs {
				continue
			}
			switch regRows {
			case 1:
				habit += " (and " + strings.Join(h.Words[1:], ", ") + ", bl, bx, si, ...)"
			case regs:
				habit += " (and r08, r15d, r9b, ds, ...)"
			}
		}
		fmt.Fprintf(&b, "| %s | %s |\n", habit, h.Example())
	}
	return b.String()
}

// Example is the hint's message for its own Habit, as docs/reference.md's table and
// the debugger's help show it.
func (h *Hint) Example() string {
	word, rest, _ := strings.Cut(h.Habit, " ")
	switch h.Place {
	case AsRegister, AsSize, AsLabel:
		word = h.Words[0]
	case AsSyntax:
		switch h.Words[0] {
		case "*":
			word = "[buf+ecx]"
		case "equ":
			_, rest, _ = strings.Cut(rest, " ")
		}
	}
	return h.Message(word, HintOperands(rest)...)
}
