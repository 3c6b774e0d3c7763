package assembler

import (
	"strings"
	"testing"

	"cpu32/image"
	"cpu32/isa"
)

// FuzzVet assembles anything with warnings and renders every instruction
// as the trace does: no input may panic, a warning always points into the
// source, and warnings come only with a program.
func FuzzVet(f *testing.F) {
	for _, src := range programs {
		f.Add(src)
	}
	for _, s := range []string{
		"start: mov ecx, 3\nagain: prn ecx\ndec ecx\njnz again\n",
		"there: mov eax, [there]\n.data\nd: dd 1\n.text\njmp d\nhlt\nprn 1\nspare: nop ; nowarn\n",
		"start: call f\nf: ret\nprn 2",
		"int 0x80\nloop x\nmov eax, dword ptr [buf+ecx*4]\nmov al, 1\nnums dd 1, 2\nN equ 3\ndiv ecx\nret 8\nlea eax, [x]",
		"x: movzx eax, byte [ 'é' * 2 ]\nmov eax, [ x + ecx * ]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if strings.Contains(strings.ToLower(src), "res") {
			return // resd can ask for a gigabyte of zeros
		}
		p, warns, err := AssembleWithWarnings("f.asm", []byte(src), Options{ReadFile: func(string) ([]byte, error) { return nil, errFuzz }})
		if err != nil {
			if p != nil || warns != nil {
				t.Fatalf("a failed assembly returned a program or warnings")
			}
			_ = err.Error()
			return
		}
		lines := strings.Split(src, "\n")
		for _, w := range warns {
			if !w.Warning || w.Pos.Line > len(lines) {
				t.Fatalf("bad warning %#v", w)
			}
			_ = w.Error()
		}
		for _, l := range lines {
			_ = Statement(l)
		}
		for addr := uint32(0); addr < uint32(len(p.Code)); {
			d, err := isa.Decode(p.Code, addr)
			if err != nil {
				t.Fatalf("the assembler wrote an undecodable word at %d", addr)
			}
			if text, ok := InstructionText(p, addr); !ok || text == "" {
				t.Fatalf("no text for the instruction at %d", addr)
			}
			_ = FormatProgramInstruction(d, &image.Program{Code: p.Code, Data: p.Data, Debug: p.Debug})
			addr += uint32(d.Size())
		}
	})
}
