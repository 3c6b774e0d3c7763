package assembler

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/image"
	"cpu32/isa"
)

// files is an in-memory file system for %include.
type files map[string]string

func (f files) read(path string) ([]byte, error) {
	if s, ok := f[path]; ok {
		return []byte(s), nil
	}
	return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
}

// asm assembles src as t.asm and fails the test on an error.
func asm(t *testing.T, src string) *image.Program {
	t.Helper()
	p, err := Assemble("t.asm", []byte(src), Options{ReadFile: files{}.read})
	require.NoError(t, err)
	return p
}

// op builds an opcode word.
func op(o isa.Op, kinds uint32) uint32 { return uint32(o) | kinds }

func rel(reg uint8, disp int64) uint32 {
	w, ok := isa.PackRel(reg, disp)
	if !ok {
		panic("bad displacement in test")
	}
	return w
}

func TestEncoding(t *testing.T) {
	tests := []struct {
		src  string
		want []uint32
	}{
		{"mov eax, 5", []uint32{0x01 | 0x400 | 0x200, 0, 5}},
		{"prn eax", []uint32{0x08 | 0x400, 0}},
		{"jmp 3", []uint32{0x03 | 0x800, 3}},
		{"nop", []uint32{0}},
		{"ret", []uint32{op(isa.Ret, 0)}},
		{"push [ebp-2]", []uint32{op(isa.Push, isa.DstRel), rel(5, -2)}},
		{"mov [1], 13", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcVal), 1, 13}},
		{"mov ebx, 13", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcVal), 1, 13}},
		{"MOV EBX, 13", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcVal), 1, 13}},
		{"mov [101], [100]", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcAddr), 101, 100}},
		{"mov eax, [10h]", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcAddr), 0, 16}},
		{"mov eax, [esi+3]", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcRel), 0, rel(9, 3)}},
		{"mov [eax], ebx", []uint32{op(isa.Mov, isa.DstRel|isa.SrcAddr), rel(0, 0), 1}},
		{"mov eax, [3+ecx-1]", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcRel), 0, rel(2, 2)}},
		{"mov eax, [eax+0xFFFFFFFF]", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcRel), 0, rel(0, -1)}},
		{"mov eax, [ebp+-2]", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcRel), 0, rel(5, -2)}},
		{"mov eax, [-4]", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcAddr), 0, 0xFFFFFFFC}},
		{"mov eip, rem", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcAddr), 6, 7}},
		{"mov flags, edi", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcAddr), 8, 10}},
		{"mov esp, ebp", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcAddr), 4, 5}},
		{"add edx, ecx", []uint32{op(isa.Add, isa.DstAddr|isa.SrcAddr), 3, 2}},
		{"mov eax, -1", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcVal), 0, 0xFFFFFFFF}},
		{"mov eax, 2+3-1", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcVal), 0, 4}},
		{"mov eax, 'A'+1", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcVal), 0, 66}},
		{"cmp 1, 2", []uint32{op(isa.Cmp, isa.DstVal|isa.SrcVal), 1, 2}},
		{"test [5], eax", []uint32{op(isa.Test, isa.DstAddr|isa.SrcAddr), 5, 0}},
		{"mod 7, 2", []uint32{op(isa.Mod, isa.DstVal|isa.SrcVal), 7, 2}},
		{"div eax, 3", []uint32{op(isa.Div, isa.DstAddr|isa.SrcVal), 0, 3}},
		{"push 5", []uint32{op(isa.Push, isa.DstVal), 5}},
		{"pop [esp+1]", []uint32{op(isa.Pop, isa.DstRel), rel(4, 1)}},
		{"rem edx", []uint32{op(isa.Rem, isa.DstAddr), 3}},
		{"prc 'A'", []uint32{op(isa.Prc, isa.DstVal), 65}},
		{"jmp eax", []uint32{op(isa.Jmp, isa.DstAddr), 0}},
		{"jmp [esp]", []uint32{op(isa.Jmp, isa.DstRel), rel(4, 0)}},
		{"call [100]", []uint32{op(isa.Call, isa.DstAddr), 100}},
		{"jz 0", []uint32{op(isa.Je, isa.DstVal), 0}},
		{"JNZ 0", []uint32{op(isa.Jne, isa.DstVal), 0}},
		{"jc 0", []uint32{op(isa.Jb, isa.DstVal), 0}},
		{"jnc 0", []uint32{op(isa.Jae, isa.DstVal), 0}},
		{"pushf", []uint32{op(isa.Pushf, 0)}},
		{"hlt", []uint32{op(isa.Hlt, 0)}},
		{"x: jmp x", []uint32{op(isa.Jmp, isa.DstVal), 0}},
		{"nop\nx:\n\njmp x", []uint32{0, op(isa.Jmp, isa.DstVal), 1}},
		{"jmp x+1\nx: nop", []uint32{op(isa.Jmp, isa.DstVal), 3, 0}},
		{"a: b: nop\njmp b", []uint32{0, op(isa.Jmp, isa.DstVal), 0}},
		{"_x1: nop ; comment\n  # comment\njmp _x1 # more", []uint32{0, op(isa.Jmp, isa.DstVal), 0}},
		{"mov eax, ';' ; a ; in quotes is not a comment", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcVal), 0, ';'}},
		{"mov\teax,\t5\r\n", []uint32{op(isa.Mov, isa.DstAddr|isa.SrcVal), 0, 5}},
		{"ffh: nop\njmp ffh", []uint32{0, op(isa.Jmp, isa.DstVal), 0}},
		{"Loop: nop\nloop: jmp Loop", []uint32{0, op(isa.Jmp, isa.DstVal), 0}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			require.Equal(t, tt.want, asm(t, tt.src).Code)
		})
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		src  string
		want uint32
	}{
		{"0", 0}, {"42", 42}, {"007", 7}, {"-1", 0xFFFFFFFF}, {"-0", 0},
		{"-2147483648", 0x80000000}, {"2147483647", 0x7FFFFFFF}, {"4294967295", 0xFFFFFFFF},
		{"0x1F", 31}, {"0X1f", 31}, {"0xFFFFFFFF", 0xFFFFFFFF}, {"-0x10", 0xFFFFFFF0},
		{"1Fh", 31}, {"1FH", 31}, {"0ffh", 255}, {"10h", 16},
		{"1F|h", 31}, {"1f|H", 31}, {"101|b", 5}, {"101|B", 5},
		{"0b101", 5}, {"0B11", 3}, {"0b1h", 0xB1},
		{"'A'", 65}, {"'a'", 97}, {"' '", 32}, {`'\n'`, 10}, {`'\t'`, 9}, {`'\r'`, 13}, {`'\0'`, 0},
		{`'\\'`, '\\'}, {`'\''`, '\''}, {`'\"'`, '"'}, {`'"'`, '"'}, {"'#'", '#'},
		{"'é'", 0xE9}, {"'😀'", 0x1F600}, {`"A"`, 65},
		{"4294967295+1", 0}, {"0-4294967295", 1}, {"--5", 5}, {"5 - -3", 8},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			require.Equal(t, tt.want, asm(t, "push "+tt.src).Code[1])
		})
	}
}

func TestData(t *testing.T) {
	p := asm(t, `section .data
nums:   dd 1, 2, 'x', "ab", -1
buf:    resd 3
after:
        dd nums+1, end-start, "", 'hi'
.text
start:  mov esi, nums
        mov eax, [buf+2]
end:
SECTION .DATA
last:   dd after
`)
	require.Equal(t, []uint32{1, 2, 'x', 'a', 'b', 0xFFFFFFFF, 0, 0, 0, 33, 6, 'h', 'i', 41}, p.Data)
	require.Equal(t, []uint32{
		op(isa.Mov, isa.DstAddr|isa.SrcVal), 9, 32,
		op(isa.Mov, isa.DstAddr|isa.SrcAddr), 0, 40,
	}, p.Code)
	require.Equal(t, uint32(0), p.Entry)
	require.Equal(t, []image.Label{
		{Name: "start", Value: 0}, {Name: "end", Value: 6},
		{Name: "nums", Value: 32, Data: true}, {Name: "buf", Value: 38, Data: true},
		{Name: "after", Value: 41, Data: true}, {Name: "last", Value: 45, Data: true},
	}, p.Debug.Labels)
	require.Equal(t, []image.Line{{Addr: 0, File: 0, Line: 7}, {Addr: 3, File: 0, Line: 8}}, p.Debug.Lines)
}

func TestEntryAndDebug(t *testing.T) {
	src := "; entry\nprn 1\nstart:\n  prn 2\n"
	p := asm(t, src)
	require.Equal(t, uint32(2), p.Entry)
	require.Equal(t, &image.Debug{
		Files:  []string{"t.asm"},
		Lines:  []image.Line{{Addr: 0, File: 0, Line: 2}, {Addr: 2, File: 0, Line: 4}},
		Labels: []image.Label{{Name: "start", Value: 2}},
		Source: [][]string{{"; entry", "prn 1", "start:", "  prn 2"}},
	}, p.Debug)

	// A start label at the end of the code is a valid (empty) entry point.
	require.Equal(t, uint32(2), asm(t, "prn 1\nstart:").Entry)
}

func TestEmpty(t *testing.T) {
	for _, src := range []string{"", "\n", "; only a comment\n\n   \n# another", "\uFEFF"} {
		p := asm(t, src)
		require.Empty(t, p.Code)
		require.Empty(t, p.Data)
		require.Equal(t, uint32(0), p.Entry)
	}
}

func TestDefine(t *testing.T) {
	p := asm(t, `%define N 10
%define OFF -2
%define M N
%DEFINE C 'c'
        mov eax, N
        mov eax, [ebp+OFF]
        push M+1
        push C
        push LATER
%define LATER 3
section .data
buf:    resd N
x:      dd N
`)
	require.Equal(t, []uint32{
		op(isa.Mov, isa.DstAddr|isa.SrcVal), 0, 10,
		op(isa.Mov, isa.DstAddr|isa.SrcRel), 0, rel(5, -2),
		op(isa.Push, isa.DstVal), 11,
		op(isa.Push, isa.DstVal), 'c',
		op(isa.Push, isa.DstVal), 3,
	}, p.Code)
	require.Len(t, p.Data, 11)
	require.Equal(t, uint32(10), p.Data[10])
	// Defines are not labels.
	require.Equal(t, []image.Label{{Name: "buf", Value: 32, Data: true}, {Name: "x", Value: 42, Data: true}}, p.Debug.Labels)
}

func TestRaw(t *testing.T) {
	src := "prn 1\nstart: prn 2\n  jmp start\n"
	p, err := Assemble("r.asm", []byte(src), Options{Raw: true})
	require.NoError(t, err)
	require.Equal(t, []uint32{
		op(isa.Jmp, isa.DstVal), 4,
		op(isa.Prn, isa.DstVal), 1,
		op(isa.Prn, isa.DstVal), 2,
		op(isa.Jmp, isa.DstVal), 4,
	}, p.Code)
	require.Equal(t, uint32(0), p.Entry)
	require.Equal(t, []image.Line{{Addr: 0, File: 0, Line: 2}, {Addr: 2, File: 0, Line: 1}, {Addr: 4, File: 0, Line: 2}, {Addr: 6, File: 0, Line: 3}}, p.Debug.Lines)
	require.Equal(t, []image.Label{{Name: "start", Value: 4}}, p.Debug.Labels)

	// Without a start label nothing is added.
	p, err = Assemble("r.asm", []byte("x: prn 1\njmp x"), Options{Raw: true})
	require.NoError(t, err)
	require.Equal(t, []uint32{op(isa.Prn, isa.DstVal), 1, op(isa.Jmp, isa.DstVal), 0}, p.Code)
}

func TestInclude(t *testing.T) {
	p, err := AssembleFile("testdata/inc/main.asm", Options{})
	require.NoError(t, err)
	require.Equal(t, []string{"testdata/inc/main.asm", "testdata/inc/lib/util.asm", "testdata/inc/lib/consts.asm", "testdata/shared.asm"}, p.Debug.Files)
	require.Equal(t, []uint32{
		op(isa.Mov, isa.DstAddr|isa.SrcVal), 0, 7,
		op(isa.Add, isa.DstAddr|isa.SrcAddr), 0, 0,
		op(isa.Ret, 0),
		op(isa.Call, isa.DstVal), 0,
		op(isa.Prn, isa.DstAddr), 0,
	}, p.Code)
	require.Equal(t, []uint32{'h', 'i', 0}, p.Data)
	require.Equal(t, uint32(7), p.Entry)
	require.Equal(t, []image.Line{{Addr: 0, File: 1, Line: 2}, {Addr: 3, File: 1, Line: 3}, {Addr: 6, File: 1, Line: 4}, {Addr: 7, File: 0, Line: 4}, {Addr: 9, File: 0, Line: 5}}, p.Debug.Lines)
	require.Equal(t, []string{"%define SEVEN 7"}, p.Debug.Source[2])

	// The including file's folder comes first, then the current one; an
	// included file's errors are reported in that file.
	fsys := files{
		"dir/a.asm": "x: dd 1", "a.asm": "y: nop",
		"b.asm": "nop\nnop\nbad 1",
	}
	p, err = Assemble("dir/main.asm", []byte("section .data\n%include \"a.asm\"\n.text\n%include b.asm\n"), Options{ReadFile: fsys.read})
	require.Error(t, err)
	require.Equal(t, "b.asm:3:1: unknown instruction 'bad'\nbad 1\n^", err.Error())
	require.Nil(t, p)
}

func TestIncludeCycle(t *testing.T) {
	_, err := AssembleFile("testdata/cycle/a.asm", Options{})
	require.Equal(t, `testdata/cycle/b.asm:1:10: include cycle: testdata/cycle/a.asm -> testdata/cycle/b.asm -> testdata/cycle/a.asm
%include "a.asm"
         ^`, err.Error())

	fsys := files{"self.asm": "nop\n%include 'self.asm'"}
	_, err = Assemble("self.asm", []byte(fsys["self.asm"]), Options{ReadFile: fsys.read})
	require.Equal(t, "self.asm:2:10: include cycle: self.asm -> self.asm\n%include 'self.asm'\n         ^", err.Error())
}

func TestAssembleFileErrors(t *testing.T) {
	_, err := AssembleFile("testdata/no-such-file.asm", Options{})
	require.EqualError(t, err, "open testdata/no-such-file.asm: no such file or directory")
	_, err = AssembleFile("testdata", Options{})
	require.EqualError(t, err, "read testdata: is a directory")
	_, err = Assemble("d.asm", []byte(`%include "testdata"`), Options{})
	require.EqualError(t, err, "d.asm:1:10: cannot include 'testdata': is a directory\n%include \"testdata\"\n         ^")
}

func TestManyErrors(t *testing.T) {
	_, err := Assemble("t.asm", []byte(strings.Repeat("foo\n", 150)), Options{})
	var list ErrorList
	require.ErrorAs(t, err, &list)
	require.Len(t, list, maxErrors+1)
	require.Equal(t, "t.asm: too many errors", list[maxErrors].Error())
}
