package spec

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/cpu"
	"cpu32/isa"
	"cpu32/memory"
)

// hintCase is a line written out of an x86 or NASM habit and the exact
// error it gets: the message teaches what to write instead.
type hintCase struct {
	word string // the isa.Hints word the case covers
	bad  string // one line, assembled as spec.asm after a .data section with buf
	col  int
	msg  string
}

const noIO = "cpu32 has no interrupts or system calls: print with prn (a number) or prc (a character), stop with hlt"

var hintCases = []hintCase{
	{"int", "int 0x80", 1, "unknown instruction 'int': " + noIO},
	{"syscall", "        syscall", 9, "unknown instruction 'syscall': " + noIO},
	{"sysenter", "sysenter", 1, "unknown instruction 'sysenter': " + noIO},
	{"loop", "again: loop again", 8, "unknown instruction 'loop': cpu32 has no loop: write 'dec ecx', 'cmp ecx, 0', 'jne again' (dec sets no flags, so the cmp is needed)"},
	{"loopnz", "x: loopnz x", 4, "unknown instruction 'loopnz': cpu32 has no loopnz: write 'dec ecx', 'cmp ecx, 0', 'jne x' (dec sets no flags, so the cmp is needed)"},
	{"jecxz", "x: jecxz x", 4, "unknown instruction 'jecxz': cpu32 has no jecxz: write 'cmp ecx, 0', 'je x'"},
	{"lea", "lea esi, [buf]", 1, "unknown instruction 'lea': cpu32 has no lea: a label's value is its address, so 'mov esi, buf' loads the address of buf (then 'add' a register or a number to it)"},
	{"movzx", "movzx eax, byte [buf] ; widen", 1, "unknown instruction 'movzx': every operand is one 32-bit word, so there is nothing to extend: write 'mov eax, [buf]'"},
	{"movsx", "MOVSX ebx, [buf+1]", 1, "unknown instruction 'MOVSX': every operand is one 32-bit word, so there is nothing to extend: write 'mov ebx, [buf+1]'"},
	{"imul", "imul eax, ebx", 1, "unknown instruction 'imul': cpu32 has no imul: 'mul eax, ebx' keeps the low 32 bits of the product, which are the same for signed numbers"},
	{"idiv", "idiv ecx", 1, "unknown instruction 'idiv': cpu32 divides unsigned only: 'div eax, ecx' leaves the quotient in eax, 'mod eax, ecx' then 'rem edx' the remainder; divide the absolute values of negative numbers and set the sign after"},
	{"cdq", "cdq", 1, "unknown instruction 'cdq': there is no edx:eax pair to prepare: 'div eax, src' divides eax alone, and 'mod eax, src' then 'rem edx' gives the remainder"},
	{"neg", "neg [buf]", 1, "unknown instruction 'neg': cpu32 has no neg: write 'not [buf]', 'inc [buf]' (two's complement), or 'mul [buf], -1'"},
	{"xchg", "xchg eax, ebx", 1, "unknown instruction 'xchg': cpu32 has no xchg: swap through the stack with 'push eax', 'push ebx', 'pop eax', 'pop ebx', or through a spare register"},
	{"enter", "enter 4, 0", 1, "unknown instruction 'enter': cpu32 has no enter: write 'push ebp', 'mov ebp, esp', 'sub esp, N' for N words of locals"},
	{"leave", "leave", 1, "unknown instruction 'leave': cpu32 has no leave: write 'mov esp, ebp', 'pop ebp'"},
	{"db", "msg: db \"hi, you\", 0", 6, "unknown instruction 'db': cpu32's data is 32-bit words: write 'dd' (a string gives one word per character)"},
	{"resb", "resb 64", 1, "unknown instruction 'resb': cpu32's data is 32-bit words: write 'resd N' for N words"},
	{"sal", "sal eax, 2", 1, "unknown instruction 'sal': cpu32 calls it shl: write 'shl eax, 2'"},
	{"global", "global _start", 1, "unknown instruction 'global': there is nothing to export: execution starts at the label start (or at the first instruction)"},

	{"div", "div ecx", 1, "cpu32's div names its destination and keeps 32 bits: write 'div eax, ecx' (no edx:eax pair)"},
	{"mul", "x: MUL [buf]", 4, "cpu32's mul names its destination and keeps 32 bits: write 'mul eax, [buf]' (no edx:eax pair)"},
	// x86 counts the stack in bytes, cpu32 in words: ret 8 drops two arguments.
	{"ret", "ret 8", 5, "cpu32's ret pops only the return address: drop the arguments after the call with 'add esp, 2' (a stack slot is one word, so x86's 8 bytes are 2 words)"},
	{"ret", "ret 4", 5, "cpu32's ret pops only the return address: drop the arguments after the call with 'add esp, 1' (a stack slot is one word, so x86's 4 bytes are 1 word)"},
	{"ret", "ret 0x10", 5, "cpu32's ret pops only the return address: drop the arguments after the call with 'add esp, 4' (a stack slot is one word, so x86's 16 bytes are 4 words)"},
	{"ret", "ret 3", 5, "cpu32's ret pops only the return address: drop the arguments after the call with 'add esp, 3' (a stack slot is one word)"},

	{"dword", "mov eax, dword [buf]", 10, "every operand is one 32-bit word, so there is no size to give: drop 'dword'"},
	{"byte", "mov byte [buf], 1", 5, "every operand is one 32-bit word, so there is no size to give: drop 'byte'"},
	{"word", "push word 5", 6, "every operand is one 32-bit word, so there is no size to give: drop 'word'"},
	{"ptr", "mov eax, DWORD PTR [buf]", 10, "every operand is one 32-bit word, so there is no size to give: drop 'DWORD PTR'"},
	{"short", "x: jmp short x", 8, "every operand is one 32-bit word, so there is no size to give: drop 'short'"},

	{"*", "mov eax, [buf+ecx*4]", 18, "memory is word-addressed, so the next element is [buf+ecx]: there is no scale"},
	{"*", "mov eax, [ buf + esi * 4 ]", 22, "memory is word-addressed, so the next element is [ buf + esi]: there is no scale"},
	{"*", "mov eax, 4*2", 11, "unexpected '*' (an expression can only add and subtract)"},

	{"al", "mov al, 1", 5, "'al' is not a cpu32 register: only the 32-bit registers exist (each holds one word); write eax"},
	{"ah", "add eax, ah", 10, "'ah' is not a cpu32 register: only the 32-bit registers exist (each holds one word); write eax"},
	{"ax", "mov [buf], ax", 12, "'ax' is not a cpu32 register: only the 32-bit registers exist (each holds one word); write eax"},
	{"rax", "mov rax, 1", 5, "'rax' is not a cpu32 register: only the 32-bit registers exist (each holds one word); write eax"},
	{"cx", "mov eax, [buf+cx]", 15, "'cx' is not a cpu32 register: only the 32-bit registers exist (each holds one word); write ecx"},
	{"sil", "inc sil", 5, "'sil' is not a cpu32 register: only the 32-bit registers exist (each holds one word); write esi"},
	{"bl", "mov bl, 1", 5, "'bl' is not a cpu32 register: only the 32-bit registers exist (each holds one word); write ebx"},
	{"dh", "push dh", 6, "'dh' is not a cpu32 register: only the 32-bit registers exist (each holds one word); write edx"},
	{"di", "mov eax, [di]", 11, "'di' is not a cpu32 register: only the 32-bit registers exist (each holds one word); write edi"},
	{"bp", "mov bp, sp", 5, "'bp' is not a cpu32 register: only the 32-bit registers exist (each holds one word); write ebp"},
	{"sp", "pop sp", 5, "'sp' is not a cpu32 register: only the 32-bit registers exist (each holds one word); write esp"},
	{"ip", "prn ip", 5, "'ip' is not a cpu32 register: only the 32-bit registers exist (each holds one word); write eip"},
	{"eflags", "push eflags", 6, "'eflags' is not a cpu32 register: only the 32-bit registers exist (each holds one word); write flags"},
	{"r8", "mov r8, 1", 5, "'r8' is not a cpu32 register: the registers are eax ebx ecx edx esi edi ebp esp (and eip rem flags)"},
	// Every x86-64 and segment register, in every place an operand goes,
	// gets the one message.
	{"r8", "mov r08, 1", 5, "'r08' is not a cpu32 register: the registers are eax ebx ecx edx esi edi ebp esp (and eip rem flags)"},
	{"r8", "mov eax, r09", 10, "'r09' is not a cpu32 register: the registers are eax ebx ecx edx esi edi ebp esp (and eip rem flags)"},
	{"r8", "push R15", 6, "'R15' is not a cpu32 register: the registers are eax ebx ecx edx esi edi ebp esp (and eip rem flags)"},
	{"r8", "mov [r10+1], eax", 6, "'r10' is not a cpu32 register: the registers are eax ebx ecx edx esi edi ebp esp (and eip rem flags)"},
	{"r8", "mov eax, [buf+r08d]", 15, "'r08d' is not a cpu32 register: the registers are eax ebx ecx edx esi edi ebp esp (and eip rem flags)"},
	{"r8", "jmp r12", 5, "'r12' is not a cpu32 register: the registers are eax ebx ecx edx esi edi ebp esp (and eip rem flags)"},
	{"r8", "cmp r9b, r9w", 5, "'r9b' is not a cpu32 register: the registers are eax ebx ecx edx esi edi ebp esp (and eip rem flags)"},
	{"r8", "inc r8l", 5, "'r8l' is not a cpu32 register: the registers are eax ebx ecx edx esi edi ebp esp (and eip rem flags)"},
	{"r8", "mov r08+1, eax", 5, "'r08' is not a cpu32 register: the registers are eax ebx ecx edx esi edi ebp esp (and eip rem flags)"},
	{"r8", "mov 1-R10w, eax", 7, "'R10w' is not a cpu32 register: the registers are eax ebx ecx edx esi edi ebp esp (and eip rem flags)"},
	{"r8", "mov ds, eax", 5, "'ds' is not a cpu32 register: the registers are eax ebx ecx edx esi edi ebp esp (and eip rem flags)"},
	{"r8", "%define X r11", 11, "'r11' is not a cpu32 register: the registers are eax ebx ecx edx esi edi ebp esp (and eip rem flags)"},

	{":", "nums dd 1, 2", 1, "unknown instruction 'nums' (missing ':' after a label?)"},
	{":", "buf2 resd 4", 1, "unknown instruction 'buf2' (missing ':' after a label?)"},
	{":", "bytes db 1, 2", 1, "unknown instruction 'bytes' (missing ':' after a label?)"},
	{"equ", "N equ 10 ; rows", 1, "cpu32 has no equ: write '%define N 10'"},
	{"equ", "SIZE EQU 0x10", 1, "cpu32 has no equ: write '%define SIZE 0x10'"},

	// A string given to an instruction that prints one number or character.
	{`prn "`, `prn "hi"`, 5, `prn prints a number, not a string: put the string in .data (msg: dd "hi", 0) and print it with prc, one character at a time, or with the host function print_str ('extern print_str', then 'push msg', 'call print_str')`},
	{`prn "`, `PRN 'ok'`, 5, `prn prints a number, not a string: put the string in .data (msg: dd 'ok', 0) and print it with prc, one character at a time, or with the host function print_str ('extern print_str', then 'push msg', 'call print_str')`},
	{`prc "`, `prc "hi\n"`, 5, `prc prints one character, not a string: put the string in .data (msg: dd "hi\n", 0) and print it with prc, one character at a time, or with the host function print_str ('extern print_str', then 'push msg', 'call print_str')`},
	{`prc "`, `push "hi"`, 6, "a character literal holds exactly one character; a string is only allowed as a dd value"},
}

func TestHints(t *testing.T) {
	for _, c := range hintCases {
		t.Run(c.bad, func(t *testing.T) {
			src := "section .data\nbuf: resd 4\nsection .text\n" + c.bad
			require.Equal(t, diag(4, c.col, c.msg, c.bad), asmError(t, src))
		})
	}
}

// A word that is only a habit in one place stays an ordinary name in
// others: labels called word or al, a lone loop (a label missing its colon).
func TestHintsLeaveNamesAlone(t *testing.T) {
	r := run(t, "section .data\nword: dd 7\nal: dd 8\nsection .text\nmov eax, [word]\nadd eax, [al]\nmov ebx, word+al\nprn eax", cpu.Config{})
	require.Equal(t, "15\n", r.out)
	require.Equal(t, int32(32+33), r.reg(memory.EBX))
	require.Equal(t, diag(1, 1, "unknown instruction 'loop' (missing ':' after a label?)", "loop"), asmError(t, "loop\nnop"))
}

// Every hint of the table has a case above, so none goes untested.
func TestEveryHintHasACase(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range hintCases {
		covered[c.word] = true
	}
	for _, h := range isa.Hints {
		if h.Place == isa.AsRegister && h.Words[0] == "r8" {
			require.True(t, covered["r8"], "r8")
			continue
		}
		if h.Place == isa.AsLabel {
			// A warning: warnCases covers it.
			require.True(t, slices.ContainsFunc(warnCases, func(c warnCase) bool { return strings.Contains(c.name, h.Words[0]) }), h.Words[0])
			continue
		}
		found := false
		for _, w := range h.Words {
			found = found || covered[w]
		}
		require.True(t, found, "no spec case for the hint %q", h.Habit)
	}
}

// A data value is an operand too: r13 there gets the register hint.
func TestRegisterHintInData(t *testing.T) {
	require.Equal(t, diag(2, 7, "'r13' is not a cpu32 register: the registers are eax ebx ecx edx esi edi ebp esp (and eip rem flags)", "d: dd r13"),
		asmError(t, "section .data\nd: dd r13"))
}
