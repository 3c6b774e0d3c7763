package assembler

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/image"
	"cpu32/isa"
)

// programs are whole programs for the round-trip tests: rubycpu's samples
// and programs that use every part of the language.
var programs = map[string]string{
	"fib": `start:
  mov eax, 1
  mov ebx, 0
  mov ecx, 1
loop: add eax, ebx
  add ebx, eax
  prn eax
  prn ebx
  inc ecx
  cmp ecx, 15
  je end
  cmp eax, 0
  jl end
  cmp ebx, 0
  jg loop
end:
`,
	"fact": `  push 5
  call fact
  prn eax
  jmp end
fact:
  mov eax, [esp+1]
  cmp eax, 1
  jle base
  push eax
  dec [esp]
  call fact
  add esp, 1
  mul eax, [esp+1]
  ret
base:
  mov eax, 1
  ret
end:
`,
	"prime": `  mov ecx, 2
next:
  mov ebx, 2
try:
  cmp ebx, ecx
  je found
  mod ecx, ebx
  rem edx
  cmp edx, 0
  je notprime
  inc ebx
  jmp try
found:
  prn ecx
notprime:
  inc ecx
  cmp ecx, 50
  jl next
`,
	"greet": `section .data
name:   dd "cpu32", 0
section .text
start:  mov esi, name
next:   mov eax, [esi]
        cmp eax, 0
        je done
        prc eax
        inc esi
        jmp next
done:   prc 10
        prn name
`,
	"data": `prn 1
start:
  mov eax, [nums+ecx]
  mov [buf+3], -1
  jmp eax
  call [esp-1]
  jmp 1000
  jz start
  hlt
section .data
nums: dd 1, -2, 0, 0, 0, 0, 0, 0, 0, 0, 4294967295, 'x'
buf:  resd 20
tail: dd 7
end:
`,
	"empty":     "",
	"only data": ".data\nx: dd 1, 2\n",
	"entry at end": `prn 1
start:
`,
}

// assertSame checks that two programs have the same code, data and entry.
func assertSame(t *testing.T, want, got *image.Program) {
	t.Helper()
	require.Equal(t, len(want.Code), len(got.Code), "code length")
	if len(want.Code) > 0 {
		require.Equal(t, want.Code, got.Code)
	}
	require.Equal(t, len(want.Data), len(got.Data), "data length")
	if len(want.Data) > 0 {
		require.Equal(t, want.Data, got.Data)
	}
	require.Equal(t, want.Entry, got.Entry)
	require.Equal(t, want.Externs, got.Externs)
}

// roundTrip disassembles p and assembles the result again.
func roundTrip(t *testing.T, p *image.Program) string {
	t.Helper()
	src, err := Disassemble(p)
	require.NoError(t, err)
	q, err := Assemble("dis.asm", []byte(src), Options{})
	require.NoError(t, err, "disassembly:\n%s", src)
	assertSame(t, p, q)
	return src
}

func TestRoundTrip(t *testing.T) {
	for name, src := range programs {
		t.Run(name, func(t *testing.T) {
			p := asm(t, src)
			roundTrip(t, p)
			p.Debug = nil
			roundTrip(t, p)
		})
	}
	t.Run("raw", func(t *testing.T) {
		p, err := Assemble("fib.asm", []byte(programs["fib"]), Options{Raw: true})
		require.NoError(t, err)
		raw, err := image.DecodeRaw(image.EncodeRaw(p.Code))
		require.NoError(t, err)
		roundTrip(t, raw)
	})
}

func TestDisassembleText(t *testing.T) {
	src := `prn 1
start:  mov eax, [ebp-2]
loop:   dec eax
        jne loop
        call [esp+1]
        jmp 100
section .data
msg:    dd 'h', 'i', 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9
`
	p := asm(t, src)
	want := `        prn 1
start:
        mov eax, [ebp-2]
loop:
        dec eax
        jne loop
        call [esp+1]
        jmp 100
section .data
msg:
        dd 104, 105
        resd 6
        dd 1, 2, 3, 4, 5, 6, 7, 8
        dd 9
`
	require.Equal(t, want, roundTrip(t, p))

	p.Debug = nil
	want = strings.NewReplacer("loop", "L5").Replace(want)
	want = strings.Replace(want, "msg:\n", "", 1)
	require.Equal(t, want, roundTrip(t, p))
}

// Memory operands name the data label whose words they fall in, as the
// source would: [nums+ecx], not [ecx+32]. An address past the data, or in
// the registers, stays a number; without debug information all do.
func TestDisassembleDataLabels(t *testing.T) {
	p := asm(t, `start:  mov eax, [nums+ecx]
        mov [tail], eax
        prn [nums+2]
        add eax, [ecx+33]
        prn [esi-1]
        prn [100]
        prn [end]
        mov [3], nums
section .data
nums:   dd 1, 2, 3
tail:   dd 0
end:
`)
	want := `start:
        mov eax, [nums+ecx]
        mov [tail], eax
        prn [nums+2]
        add eax, [nums+1+ecx]
        prn [esi-1]
        prn [100]
        prn [36]
        mov edx, 32
section .data
nums:
        dd 1, 2, 3
tail:
        dd 0
end:
`
	require.Equal(t, want, roundTrip(t, p))
	_, warns, err := AssembleWithWarnings("dis.asm", []byte(want), Options{})
	require.NoError(t, err)
	for _, w := range warns {
		require.NotContains(t, w.Msg, "past the end", "a name stays inside its label's words")
	}

	p.Debug = nil
	require.Equal(t, `        mov eax, [ecx+32]
        mov [35], eax
        prn [34]
        add eax, [ecx+33]
        prn [esi-1]
        prn [100]
        prn [36]
        mov edx, 32
section .data
        dd 1, 2, 3, 0
`, roundTrip(t, p))
}

// Externs come first, as one extern line, and a host call is written
// `call name`, so that the disassembly assembles to the same image; the
// debugger and the trace show it the same way.
func TestDisassembleExterns(t *testing.T) {
	p := asm(t, "extern print_hex\nextern rand, print_hex\ncall rand\npush eax\ncallx print_hex\n")
	require.Equal(t, "        extern print_hex, rand\n        call rand\n        push eax\n        call print_hex\n", roundTrip(t, p))
	d, err := isa.Decode(p.Code, 0)
	require.NoError(t, err)
	require.Equal(t, "call rand", FormatProgramInstruction(d, p))
	require.Equal(t, "call extern#1", FormatInstruction(d, nil))

	p.Code[1] = 2
	require.Equal(t, "        extern print_hex, rand\n        strict dd 0x82c, 0x2 ; call extern#2: the program declares 2 externs\n        push eax\n        call print_hex\n", roundTrip(t, p))
}

func TestDisassembleDebugLabels(t *testing.T) {
	p := asm(t, "jmp 2\njmp 0\n")
	// Labels that would not reassemble to the same program are left out: a
	// name the assembler refuses, one used twice, one inside an
	// instruction, a start that is not the entry point, data outside the
	// data. An invented name steps around a debug label's name.
	p.Debug.Labels = []image.Label{
		{Name: "L2", Value: 0}, {Name: "mov", Value: 0}, {Name: "1x", Value: 0}, {Name: "L2", Value: 2},
		{Name: "mid", Value: 1}, {Name: "start", Value: 2}, {Name: "d", Value: 31, Data: true},
	}
	src, err := Disassemble(p)
	require.NoError(t, err)
	require.Equal(t, "L2:\n        jmp L2_2\nL2_2:\n        jmp L2\n", src)
}

// Everything the loader accepts disassembles: what cannot be written as
// an instruction is written as its words (strict dd, with why), and the
// source assembles to the same code and entry point. Only an entry point
// past the code, which the loader refuses, is an error.
func TestDisassembleWords(t *testing.T) {
	push1 := []uint32{op(isa.Push, isa.DstVal), 1}
	tests := []struct {
		name string
		p    *image.Program
		want string
	}{
		{"unknown opcode", &image.Program{Code: []uint32{0x21, 0xFF}},
			"        hlt\n        strict dd 0xff ; not an instruction: unknown opcode 0xff\n"},
		{"unknown bits, then an instruction", &image.Program{Code: append([]uint32{0x4000}, push1...)},
			"        strict dd 0x4000 ; not an instruction: unknown bits 0x4000\n        push 1\n"},
		{"truncated", &image.Program{Code: []uint32{op(isa.Mov, isa.DstAddr|isa.SrcVal), 0}},
			"        strict dd 0x601 ; not an instruction: mov needs 2 operand words; the code ends first\n        nop\n"},
		{"unnamed register", &image.Program{Code: []uint32{op(isa.Push, isa.DstRel), 13 << isa.RelRegShift}},
			"        strict dd 0x2010, 0xd0000000 ; push [reg(13)]: register 13 has no name\n"},
		{"entry inside an instruction", &image.Program{Code: push1, Entry: 1},
			"        strict dd 0x810 ; push 1 (the entry point is inside it)\nstart:\n        strict dd 0x1\n"},
		{"the entry on a bad word, a jump to one", &image.Program{Code: []uint32{op(isa.Jmp, isa.DstVal), 3, 0xFF, 0xFE}, Entry: 2},
			"        jmp L3\nstart:\n        strict dd 0xff ; not an instruction: unknown opcode 0xff\nL3:\n        strict dd 0xfe ; not an instruction: unknown opcode 0xfe\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, roundTrip(t, tt.p))
			raw := &image.Program{Code: tt.p.Code}
			if tt.p.Entry == 0 {
				// A raw program round-trips through asm --raw.
				src, err := Disassemble(raw)
				require.NoError(t, err)
				q, err := Assemble("dis.asm", []byte(src), Options{Raw: true})
				require.NoError(t, err)
				require.Equal(t, image.EncodeRaw(raw.Code), image.EncodeRaw(q.Code))
			}
		})
	}
	_, err := Disassemble(&image.Program{Code: []uint32{0}, Entry: 2})
	require.EqualError(t, err, "entry point 2 is past the end of the code (1 words)")
}

// The words the disassembly writes for a bad word stand in the code, not
// the data, and run as they were: the same fault at the same place.
func TestStrictDDInCode(t *testing.T) {
	p := asm(t, "start: prn 1\nbad: strict dd 0xff, 'a' ; two words\nstrict dd\tbad\n.data\nx: dd 5")
	require.Equal(t, []uint32{op(isa.Prn, isa.DstVal), 1, 0xFF, 'a', 2}, p.Code)
	require.Equal(t, []uint32{5}, p.Data)
	require.Equal(t, []image.Line{{Addr: 0, Line: 1}, {Addr: 2, Line: 2}, {Addr: 4, Line: 3}}, p.Debug.Lines)
	raw, err := Assemble("r.asm", []byte("start: strict dd 0xff"), Options{Raw: true})
	require.NoError(t, err)
	require.Equal(t, []uint32{op(isa.Jmp, isa.DstVal), 2, 0xFF}, raw.Code, "raw: the jmp start moves the words too")
	_, err = Assemble("e.asm", []byte("dd 1"), Options{})
	require.EqualError(t, err, "e.asm:1:1: dd outside the .data section (put 'section .data' before it)\ndd 1\n^")
	_, err = Assemble("e.asm", []byte("strict nop"), Options{})
	require.EqualError(t, err, "e.asm:1:1: unknown instruction 'strict' (missing ':' after a label?)\nstrict nop\n^")
}

func TestFormatInstruction(t *testing.T) {
	labels := func(addr uint32) (string, bool) { return "here", addr == 3 }
	tests := []struct {
		src, want string
	}{
		{"mov eax, [ebp-2]", "mov eax, [ebp-2]"},
		{"mov [100], [esi+3]", "mov [100], [esi+3]"},
		{"mov eax, -1", "mov eax, -1"},
		{"mov [1], 4294967295", "mov ebx, -1"},
		{"prn [eax]", "prn [eax]"},
		{"jmp 3", "jmp here"},
		{"jmp 4", "jmp 4"},
		{"jmp 4294967295", "jmp -1"},
		{"jz [edi]", "je [edi]"},
		{"ret", "ret"},
		{"cmp 1, eip", "cmp 1, eip"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			d, err := isa.Decode(asm(t, tt.src).Code, 0)
			require.NoError(t, err)
			require.Equal(t, tt.want, FormatInstruction(d, labels))
		})
	}
	d, err := isa.Decode([]uint32{op(isa.Jmp, isa.DstVal), 3}, 0)
	require.NoError(t, err)
	require.Equal(t, "jmp 3", FormatInstruction(d, nil))
	require.Equal(t, "[reg(13)-1]", FormatOperand(isa.Operand{Kind: isa.Rel, Word: 13<<isa.RelRegShift | (1<<isa.RelDispBits - 1)}, isa.Value, nil))
}

func FuzzAssemble(f *testing.F) {
	for _, src := range programs {
		f.Add(src)
	}
	f.Add("mov 5, eax\njmp nowhere\nmvo eax, 1\n")
	f.Add("%define N 3\nx: dd 'a', \"b\\n\", N\n.data\ny: dd x+1, 0b101, 1F|h, 0ffh")
	f.Add("mov eax, [ebp+-2] ; c\n\tpush 'é'")
	f.Add("start: strict dd 0xff, 'a'\nprn [x+1]\nstrict dd start\n.data\nx: dd 1, 2")
	f.Fuzz(func(t *testing.T, src string) {
		// resd can ask for a gigabyte of zeros, which is allowed but no fun
		// to allocate on every fuzz input.
		if strings.Contains(strings.ToLower(src), "resd") {
			return
		}
		p, err := Assemble("f.asm", []byte(src), Options{ReadFile: func(string) ([]byte, error) { return nil, errFuzz }})
		if err != nil {
			list, ok := err.(ErrorList)
			if !ok || len(list) == 0 {
				t.Fatalf("error %v is not a non-empty ErrorList", err)
			}
			_ = list.Error()
			return
		}
		roundTrip(t, p)
	})
}

// errFuzz makes every %include fail, so that fuzzing reads no files.
var errFuzz = errors.New("no files while fuzzing")

func FuzzDisassemble(f *testing.F) {
	f.Add([]byte{})
	f.Add(image.EncodeRaw(asmNoTest(programs["fib"]).Code))
	f.Add(image.EncodeRaw(asmNoTest(programs["data"]).Code))
	f.Fuzz(func(t *testing.T, b []byte) {
		code := make([]uint32, len(b)/4)
		for i := range code {
			code[i] = binary.LittleEndian.Uint32(b[4*i:])
		}
		p := &image.Program{Code: code}
		if len(code) > 0 {
			p.Entry = code[0] % uint32(len(code)+1)
		}
		if _, err := Disassemble(p); err != nil {
			return
		}
		roundTrip(t, p)
	})
}

// asmNoTest assembles a known-good seed outside a test.
func asmNoTest(src string) *image.Program {
	p, err := Assemble("seed.asm", []byte(src), Options{})
	if err != nil {
		panic(err)
	}
	return p
}

// What the loader accepts but the assembler would refuse as written still
// disassembles to source that assembles to the same words: a 0 divisor
// (written strict), and a jump to a negative number (shown signed).
func TestDisassembleEdgeWords(t *testing.T) {
	enc := func(in *isa.Instruction, ops ...isa.Operand) []uint32 { return isa.Encode(in, ops) }
	imm := func(v uint32) isa.Operand { return isa.Operand{Kind: isa.Imm, Word: v} }
	ecx := isa.Operand{Kind: isa.Addr, Word: 2}
	var code []uint32
	code = append(code, enc(isa.Lookup("div"), ecx, imm(0))...)
	code = append(code, enc(isa.Lookup("mod"), ecx, imm(0))...)
	code = append(code, enc(isa.Lookup("mod"), imm(0), imm(0))...)
	code = append(code, enc(isa.Lookup("jmp"), imm(0xFFFFFFFF))...)
	text, err := Disassemble(&image.Program{Code: code})
	require.NoError(t, err)
	require.Equal(t, "        div ecx, strict 0\n        mod ecx, strict 0\n        mod 0, strict 0\n        jmp -1\n", text)
	p, err := Assemble("d.asm", []byte(text), Options{})
	require.NoError(t, err)
	require.Equal(t, code, p.Code)
}
