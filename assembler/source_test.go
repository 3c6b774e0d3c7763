package assembler

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/image"
)

func TestStatement(t *testing.T) {
	tests := []struct{ line, want string }{
		{"again:  div   eax, [vals+ecx]  ; next", "div eax, [vals+ecx]"},
		{"a: b: cmp ecx, [len]", "cmp ecx, [len]"},
		{"\tprc ' '   # a space", "prc ' '"},
		{"  jmp   again", "jmp again"},
		{"loop:", ""},
		{"; only a comment", ""},
		{"mov eax, 'x", "mov eax, 'x"}, // not a line the assembler took: shown whole
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, Statement(tt.line), tt.line)
	}
}

// Without the source text (an image written by another tool), the
// instruction is disassembled with the labels of the debug information:
// data labels name memory operands, code labels name targets.
func TestInstructionTextWithoutSource(t *testing.T) {
	src := "section .data\nvals: dd 4, 0\nlen: dd 2\nsection .text\nstart: mov ecx, 0\nagain: div eax, [vals+ecx]\ncmp ecx, [len]\nmov eax, [vals+1]\nmov eax, [ecx+40]\njl again"
	p, err := Assemble("t.asm", []byte(src), Options{})
	require.NoError(t, err)
	text := func(p *image.Program, addr uint32) string {
		s, ok := InstructionText(p, addr)
		require.True(t, ok)
		return s
	}
	require.Equal(t, "div eax, [vals+ecx]", text(p, 3), "from the source")
	p.Debug.Source = nil
	for addr, want := range map[uint32]string{
		3: "div eax, [vals+ecx]", 6: "cmp ecx, [len]", 9: "mov eax, [vals+1]", 12: "mov eax, [ecx+40]", 15: "jl again",
	} {
		require.Equal(t, want, text(p, addr), addr)
	}
	p.Debug = nil
	require.Equal(t, "div eax, [ecx+32]", text(p, 3))
	_, ok := InstructionText(&image.Program{Code: []uint32{0xff}}, 0)
	require.False(t, ok, "not an instruction")
}
