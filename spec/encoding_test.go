package spec

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/image"
	"cpu32/isa"
)

// opcodes are the opcode numbers of every mnemonic and alias: rubycpu's
// lib/byte_code.rb for its 29 instructions (0x00-0x1C), cpu32's own above.
var opcodes = map[string]uint32{
	"nop": 0x00, "mov": 0x01, "cmp": 0x02, "jmp": 0x03, "je": 0x04, "mod": 0x05, "rem": 0x06, "inc": 0x07,
	"prn": 0x08, "jl": 0x09, "jle": 0x0A, "jg": 0x0B, "jge": 0x0C, "jne": 0x0D, "add": 0x0E, "sub": 0x0F,
	"push": 0x10, "pop": 0x11, "call": 0x12, "ret": 0x13, "dec": 0x14, "mul": 0x15, "div": 0x16, "and": 0x17,
	"not": 0x18, "or": 0x19, "xor": 0x1A, "shl": 0x1B, "shr": 0x1C,

	"test": 0x1D, "pushf": 0x1E, "popf": 0x1F, "prc": 0x20, "hlt": 0x21,
	"jb": 0x22, "jbe": 0x23, "ja": 0x24, "jae": 0x25, "js": 0x26, "jns": 0x27, "jo": 0x28, "jno": 0x29,
	"rdn": 0x2A, "rdc": 0x2B, "callx": 0x2C,

	// aliases share their instruction's number
	"jz": 0x04, "jnz": 0x0D, "jnge": 0x09, "jng": 0x0A, "jnle": 0x0B, "jnl": 0x0C,
	"jc": 0x22, "jnae": 0x22, "jna": 0x23, "jnbe": 0x24, "jnc": 0x25, "jnb": 0x25,
}

// Operand-kind bits: rubycpu's four, and cpu32's register-relative two.
const (
	srcAddr = 0x100
	srcVal  = 0x200
	dstAddr = 0x400
	dstVal  = 0x800
	srcRel  = 0x1000
	dstRel  = 0x2000
)

func TestOpcodeNumbers(t *testing.T) {
	require.ElementsMatch(t, isa.Mnemonics(), sortedKeys(func() map[string]int {
		m := map[string]int{}
		for k := range opcodes {
			m[k] = 1
		}
		return m
	}()), "every mnemonic has a number here, and no other")
	for name, op := range opcodes {
		in := isa.Lookup(name)
		require.NotNil(t, in, name)
		require.Equal(t, op, uint32(in.Op), "opcode of %s", name)
		require.Same(t, in, isa.ByOp(in.Op))
	}
	require.Equal(t, uint32(0x00FF), uint32(isa.OpMask))
	require.Equal(t, []uint32{srcAddr, srcVal, dstAddr, dstVal, srcRel, dstRel},
		[]uint32{isa.SrcAddr, isa.SrcVal, isa.DstAddr, isa.DstVal, isa.SrcRel, isa.DstRel})
	require.Equal(t, []uint32{1, 2, 4, 8}, []uint32{isa.ZF, isa.SF, isa.OF, isa.CF})
}

// The exact words of instructions: an opcode word (number | kind bits) and
// one word per operand; a one-operand instruction uses the destination
// slot.
var encodingCases = []struct {
	src  string
	want []uint32
}{
	// rubycpu's compiler_spec shapes.
	{"nop", []uint32{0x0000}},
	{"ret", []uint32{0x0013}},
	{"mov eax, 10", []uint32{0x01 | dstAddr | srcVal, 0, 10}},
	{"mov [100], 7", []uint32{0x01 | dstAddr | srcVal, 100, 7}},
	{"mov ebx, 3", []uint32{0x01 | dstAddr | srcVal, 1, 3}},
	{"mov ecx, eax", []uint32{0x01 | dstAddr | srcAddr, 2, 0}},
	{"mov [101], [100]", []uint32{0x01 | dstAddr | srcAddr, 101, 100}},
	{"mov [1], 13", []uint32{0x01 | dstAddr | srcVal, 1, 13}},
	{"cmp eax, ecx", []uint32{0x02 | dstAddr | srcAddr, 0, 2}},
	{"cmp ecx, 1", []uint32{0x02 | dstAddr | srcVal, 2, 1}},
	{"cmp 7, ecx", []uint32{0x02 | dstVal | srcAddr, 7, 2}},
	{"cmp 1, 2", []uint32{0x02 | dstVal | srcVal, 1, 2}},
	{"jmp 3", []uint32{0x03 | dstVal, 3}},
	{"l: jmp l", []uint32{0x03 | dstVal, 0}},
	{"je 0", []uint32{0x04 | dstVal, 0}},
	{"mod eax, 8", []uint32{0x05 | dstAddr | srcVal, 0, 8}},
	{"mod edx, eax", []uint32{0x05 | dstAddr | srcAddr, 3, 0}},
	{"mod 3, eax", []uint32{0x05 | dstVal | srcAddr, 3, 0}},
	{"rem ecx", []uint32{0x06 | dstAddr, 2}},
	{"inc ebx", []uint32{0x07 | dstAddr, 1}},
	{"prn 1", []uint32{0x08 | dstVal, 1}},
	{"prn eax", []uint32{0x08 | dstAddr, 0}},
	{"prn [40]", []uint32{0x08 | dstAddr, 40}},
	{"jl 0", []uint32{0x09 | dstVal, 0}},
	{"jle 0", []uint32{0x0A | dstVal, 0}},
	{"jg 0", []uint32{0x0B | dstVal, 0}},
	{"jge 0", []uint32{0x0C | dstVal, 0}},
	{"jne 0", []uint32{0x0D | dstVal, 0}},
	{"add eax, 10", []uint32{0x0E | dstAddr | srcVal, 0, 10}},
	{"add edx, ecx", []uint32{0x0E | dstAddr | srcAddr, 3, 2}},
	{"sub eax, 10", []uint32{0x0F | dstAddr | srcVal, 0, 10}},
	{"push 8", []uint32{0x10 | dstVal, 8}},
	{"push ebp", []uint32{0x10 | dstAddr, 5}},
	{"pop eax", []uint32{0x11 | dstAddr, 0}},
	{"call 0", []uint32{0x12 | dstVal, 0}},
	{"dec ebx", []uint32{0x14 | dstAddr, 1}},
	{"mul eax, 10", []uint32{0x15 | dstAddr | srcVal, 0, 10}},
	{"div eax, 10", []uint32{0x16 | dstAddr | srcVal, 0, 10}},
	{"div eax, 0001", []uint32{0x16 | dstAddr | srcVal, 0, 1}},
	{"and eax, 10", []uint32{0x17 | dstAddr | srcVal, 0, 10}},
	{"not eax", []uint32{0x18 | dstAddr, 0}},
	{"or eax, 10", []uint32{0x19 | dstAddr | srcVal, 0, 10}},
	{"xor eax, 10", []uint32{0x1A | dstAddr | srcVal, 0, 10}},
	{"shl eax, 10", []uint32{0x1B | dstAddr | srcVal, 0, 10}},
	{"shr eax, 10", []uint32{0x1C | dstAddr | srcVal, 0, 10}},
	{"jmp eax", []uint32{0x03 | dstAddr, 0}},
	{"call [40]", []uint32{0x12 | dstAddr, 40}},
	{"mov eax, -1", []uint32{0x01 | dstAddr | srcVal, 0, 0xFFFFFFFF}},
	{"mov eip, rem", []uint32{0x01 | dstAddr | srcAddr, 6, 7}},
	{"mov flags, edi", []uint32{0x01 | dstAddr | srcAddr, 8, 10}},
	{"mov esi, edi", []uint32{0x01 | dstAddr | srcAddr, 9, 10}},

	// cpu32's own instructions.
	{"test eax, 1", []uint32{0x1D | dstAddr | srcVal, 0, 1}},
	{"pushf", []uint32{0x1E}},
	{"popf", []uint32{0x1F}},
	{"prc 'A'", []uint32{0x20 | dstVal, 65}},
	{"hlt", []uint32{0x21}},
	{"jb 0", []uint32{0x22 | dstVal, 0}},
	{"jbe 0", []uint32{0x23 | dstVal, 0}},
	{"ja 0", []uint32{0x24 | dstVal, 0}},
	{"jae 0", []uint32{0x25 | dstVal, 0}},
	{"js 0", []uint32{0x26 | dstVal, 0}},
	{"jns 0", []uint32{0x27 | dstVal, 0}},
	{"jo 0", []uint32{0x28 | dstVal, 0}},
	{"jno 0", []uint32{0x29 | dstVal, 0}},
	{"jz 0", []uint32{0x04 | dstVal, 0}},
	{"jnz 0", []uint32{0x0D | dstVal, 0}},
	{"jc 0", []uint32{0x22 | dstVal, 0}},
	{"jnc 0", []uint32{0x25 | dstVal, 0}},

	// Register-relative operands: 0x1000 source, 0x2000 destination.
	{"mov eax, [esi+3]", []uint32{0x01 | dstAddr | srcRel, 0, 0x90000003}},
	{"mov eax, [esi]", []uint32{0x01 | dstAddr | srcRel, 0, 0x90000000}},
	{"mov [ebp-2], 5", []uint32{0x01 | dstRel | srcVal, 0x5FFFFFFE, 5}},
	{"mov [eax], [ebx+1]", []uint32{0x01 | dstRel | srcRel, 0x00000000, 0x10000001}},
	{"push [esp+1]", []uint32{0x10 | dstRel, 0x40000001}},
	{"pop [esp]", []uint32{0x11 | dstRel, 0x40000000}},
	{"jmp [edi+2]", []uint32{0x03 | dstRel, 0xA0000002}},
	{"prn [eip+1]", []uint32{0x08 | dstRel, 0x60000001}},
	{"mov eax, [3+ecx-1]", []uint32{0x01 | dstAddr | srcRel, 0, 0x20000002}},
	{"mov eax, [esi+134217727]", []uint32{0x01 | dstAddr | srcRel, 0, 0x97FFFFFF}},
	{"mov eax, [esi-134217728]", []uint32{0x01 | dstAddr | srcRel, 0, 0x98000000}},
	{"mov eax, [edx+0xFFFFFFFF]", []uint32{0x01 | dstAddr | srcRel, 0, 0x3FFFFFFF}},
	{".data\nnums: dd 1\n.text\nmov eax, [nums+ecx]", []uint32{0x01 | dstAddr | srcRel, 0, 0x20000020}},

	// Code label values are the same in every implementation: 1 to 3 words
	// an instruction.
	{"jmp d\nnop\nprn 1\nmov eax, 1\nd:", []uint32{0x03 | dstVal, 8, 0x00, 0x08 | dstVal, 1, 0x01 | dstAddr | srcVal, 0, 1}},

	// Input, and host calls: `call name` on an extern is callx with the
	// extern's index as an immediate; the same size as a call.
	{"rdn eax\nrdc [40]\nrdn [esi+1]", []uint32{0x2A | dstAddr, 0, 0x2B | dstAddr, 40, 0x2A | dstRel, 0x90000001}},
	{"extern a, b\ncall b\ncallx a\nf: call f", []uint32{0x2C | dstVal, 1, 0x2C | dstVal, 0, 0x12 | dstVal, 4}},
}

func TestEncoding(t *testing.T) {
	for _, c := range encodingCases {
		t.Run(c.src, func(t *testing.T) {
			p := assemble(t, c.src)
			require.Equal(t, hexWords(c.want), hexWords(p.Code))
		})
	}
}

// hexWords makes failure messages show words in hex.
func hexWords(ws []uint32) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = hexString(w)
	}
	return out
}

func hexString(w uint32) string {
	const digits = "0123456789ABCDEF"
	b := []byte("0x00000000")
	for i := 9; i >= 2; i-- {
		b[i] = digits[w&0xF]
		w >>= 4
	}
	return string(b)
}

// PackRel and UnpackRel: the register in the top 4 bits, a signed 28-bit
// displacement below; a displacement that does not fit is refused.
func TestPackRel(t *testing.T) {
	tests := []struct {
		reg  uint8
		disp int64
		word uint32
	}{
		{0, 0, 0x00000000},
		{9, 3, 0x90000003},
		{5, -2, 0x5FFFFFFE},
		{4, 1, 0x40000001},
		{10, -1, 0xAFFFFFFF},
		{1, 134217727, 0x17FFFFFF},
		{1, -134217728, 0x18000000},
	}
	for _, tt := range tests {
		w, ok := isa.PackRel(tt.reg, tt.disp)
		require.True(t, ok)
		require.Equal(t, hexString(tt.word), hexString(w))
		reg, disp := isa.UnpackRel(w)
		require.Equal(t, tt.reg, reg)
		require.Equal(t, int32(tt.disp), disp)
	}
	_, ok := isa.PackRel(1, 134217728)
	require.False(t, ok)
	_, ok = isa.PackRel(1, -134217729)
	require.False(t, ok)
}

// Every assembled instruction decodes back to the same row and operands.
func TestDecodeRoundTrip(t *testing.T) {
	for _, c := range encodingCases {
		p := assemble(t, c.src)
		for addr := 0; addr < len(p.Code); {
			d, err := isa.Decode(p.Code, uint32(addr))
			require.NoError(t, err, c.src)
			require.Equal(t, p.Code[addr:addr+d.Size()], isa.Encode(d.In, d.Operands), c.src)
			addr += d.Size()
		}
	}
}

// Raw mode: a `jmp start` comes first when there is a start label, as
// rubycpu's compiler writes; the words are little-endian with no header.
func TestRaw(t *testing.T) {
	p, err := assembler.Assemble("spec.asm", []byte("prn 1\nstart: prn 2"), assembler.Options{Raw: true})
	require.NoError(t, err)
	require.Equal(t, hexWords([]uint32{0x03 | dstVal, 4, 0x08 | dstVal, 1, 0x08 | dstVal, 2}), hexWords(p.Code))
	require.Equal(t, uint32(0), p.Entry)

	raw := image.EncodeRaw(p.Code)
	require.Equal(t, []byte{0x03, 0x08, 0, 0, 4, 0, 0, 0, 0x08, 0x08, 0, 0, 1, 0, 0, 0, 0x08, 0x08, 0, 0, 2, 0, 0, 0}, raw)
	back, err := image.DecodeRaw(raw)
	require.NoError(t, err)
	require.Equal(t, p.Code, back.Code)
	require.Equal(t, uint32(0), back.Entry)
	require.Empty(t, back.Data)

	// The jmp counts as a step, as on rubycpu.
	r := runProgram(t, back, cpu.Config{})
	require.Equal(t, "2\n", r.out)
	require.Equal(t, uint64(2), r.steps)

	// Without a start label nothing is added.
	p, err = assembler.Assemble("spec.asm", []byte("prn 1"), assembler.Options{Raw: true})
	require.NoError(t, err)
	require.Equal(t, hexWords([]uint32{0x08 | dstVal, 1}), hexWords(p.Code))

	// Code labels move with the jmp, so jumps still land.
	p, err = assembler.Assemble("spec.asm", []byte("start: jmp l\nprn 1\nl: prn 2"), assembler.Options{Raw: true})
	require.NoError(t, err)
	require.Equal(t, hexWords([]uint32{0x03 | dstVal, 2, 0x03 | dstVal, 6, 0x08 | dstVal, 1, 0x08 | dstVal, 2}), hexWords(p.Code))

	_, err = image.DecodeRaw([]byte{1, 2, 3})
	require.ErrorIs(t, err, image.ErrFormat)
}

// The image file: "CPU32IMG", then little-endian words version, entry, code
// length, data length (in words), debug length (in bytes) and the CRC-32 of
// everything after the header; then the code, the data and the debug JSON.
func TestImageFile(t *testing.T) {
	p := assemble(t, ".data\nx: dd 7, 8\n.text\nnop\nstart: prn [x]")
	b, err := image.Encode(p)
	require.NoError(t, err)
	require.Equal(t, "CPU32IMG", string(b[:8]))
	word := func(i int) uint32 { return binary.LittleEndian.Uint32(b[8+4*i:]) }
	require.Equal(t, uint32(1), word(0), "format version")
	require.Equal(t, uint32(1), word(1), "entry")
	require.Equal(t, uint32(3), word(2), "code words")
	require.Equal(t, uint32(2), word(3), "data words")
	body := b[32:]
	require.Equal(t, crc32.ChecksumIEEE(body), word(5), "checksum")
	require.Len(t, body, 4*5+int(word(4)))
	require.Equal(t, []byte{0, 0, 0, 0, 0x08, 0x04, 0, 0, 32, 0, 0, 0, 7, 0, 0, 0, 8, 0, 0, 0}, body[:20])
	require.True(t, image.IsImage(b))

	back, err := image.Decode(b)
	require.NoError(t, err)
	require.Equal(t, p.Code, back.Code)
	require.Equal(t, p.Data, back.Data)
	require.Equal(t, p.Entry, back.Entry)
	require.Equal(t, p.Debug.Labels, back.Debug.Labels)
	require.Equal(t, p.Debug.Lines, back.Debug.Lines)

	r := runProgram(t, back, cpu.Config{})
	require.Equal(t, "7\n", r.out)

	corrupt := bytes.Clone(b)
	corrupt[len(corrupt)-1] ^= 0xFF
	_, err = image.Decode(corrupt)
	require.ErrorIs(t, err, image.ErrFormat)
	_, err = image.Decode(b[:20])
	require.ErrorIs(t, err, image.ErrFormat)
	_, err = image.Decode(append(bytes.Clone(b), 0))
	require.ErrorIs(t, err, image.ErrFormat)
	_, err = image.Decode([]byte("not an image"))
	require.ErrorIs(t, err, image.ErrFormat)
}
