package isa

import (
	"flag"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/internal/readme"
)

var update = flag.Bool("update", false, "rewrite docs/reference.md's generated instruction table")

const (
	tableBegin = "<!-- instruction table: generated from isa.Table by `go test ./isa -update` -->\n"
	tableEnd   = "<!-- end of instruction table -->"
	hintsBegin = "<!-- hints table: generated from isa.Hints by `go test ./isa -update` -->\n"
	hintsEnd   = "<!-- end of hints table -->"
)

// TestReadmeTables fails when one of README.md's generated tables is not
// the one its table generates, so the documentation cannot drift from the
// code.
func TestReadmeTables(t *testing.T) {
	readme.Check(t, "../docs/reference.md", tableBegin, tableEnd, MarkdownTable(), "go test ./isa -update", *update)
	readme.Check(t, "../docs/reference.md", hintsBegin, hintsEnd, HintsMarkdown(), "go test ./isa -update", *update)
}

func TestRubycpuOpcodesAreFixed(t *testing.T) {
	// rubycpu's lib/byte_code.rb numbers: raw programs depend on them.
	want := map[string]Op{"nop": 0, "mov": 1, "cmp": 2, "jmp": 3, "je": 4, "mod": 5, "rem": 6, "inc": 7, "prn": 8,
		"jl": 9, "jle": 10, "jg": 11, "jge": 12, "jne": 13, "add": 14, "sub": 15, "push": 16, "pop": 17, "call": 18,
		"ret": 19, "dec": 20, "mul": 21, "div": 22, "and": 23, "not": 24, "or": 25, "xor": 26, "shl": 27, "shr": 28}
	for name, op := range want {
		in := Lookup(name)
		require.NotNil(t, in, name)
		require.Equal(t, op, in.Op, name)
	}
}

func TestRelPacking(t *testing.T) {
	for _, tc := range []struct {
		reg  uint8
		disp int64
		ok   bool
	}{{0, 0, true}, {5, -2, true}, {10, MaxDisp, true}, {2, MinDisp, true}, {1, MaxDisp + 1, false}, {1, MinDisp - 1, false}} {
		w, ok := PackRel(tc.reg, tc.disp)
		require.Equal(t, tc.ok, ok)
		if ok {
			reg, disp := UnpackRel(w)
			require.Equal(t, tc.reg, reg)
			require.Equal(t, tc.disp, int64(disp))
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		code   []uint32
		reason string
	}{
		{"unknown opcode", []uint32{0x7F}, "unknown opcode 0x7f"},
		{"unknown bits", []uint32{0x4000}, "unknown bits 0x4000"},
		{"operand on nop", []uint32{0x800, 0}, "nop has no operands"},
		{"source on push", []uint32{0x0210, 0, 0}, "push has no source operand"},
		{"two kinds", []uint32{0x0C10, 0}, "operand 1 of push has no single kind"},
		{"immediate destination", []uint32{0x0A01, 0, 0}, "the destination of mov is an immediate"},
		{"truncated", []uint32{0x0601, 0}, "mov needs 2 operand words; the code ends first"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(tc.code, 0)
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.reason)
		})
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	for _, in := range Table {
		ops := make([]Operand, len(in.Operands))
		for i, f := range in.Operands {
			ops[i] = Operand{Kind: Addr, Word: uint32(i + 1)}
			if f != Dest {
				ops[i].Kind = Imm
			}
		}
		code := Encode(&in, ops)
		d, err := Decode(code, 0)
		require.NoError(t, err, in.Name)
		require.Equal(t, in.Op, d.In.Op)
		require.Equal(t, ops, d.Operands)
	}
}

// A hint answers a habit: a mnemonic hint is for an instruction cpu32
// lacks, an arity hint for one it has but with other operands.
func TestHintsMatchTheTable(t *testing.T) {
	for _, h := range Hints {
		for _, w := range h.Words {
			switch h.Place {
			case AsMnemonic, AsRegister, AsSize:
				require.Nil(t, Lookup(w), "a hint for %q, which cpu32 has", w)
			case AsArity:
				require.NotNil(t, Lookup(w), "an arity hint for %q, which cpu32 lacks", w)
			}
		}
	}
}

// The index LookupHint builds on first use finds every word of every hint,
// in any case, at its own place and nowhere else.
func TestLookupHintFindsEveryWord(t *testing.T) {
	for i := range Hints {
		h := &Hints[i]
		for _, w := range h.Words {
			require.Same(t, h, LookupHint(h.Place, w), "%q", w)
			require.Same(t, h, LookupHint(h.Place, strings.ToUpper(w)), "%q in upper case", w)
			other := AsMnemonic
			if h.Place == AsMnemonic {
				other = AsLabel
			}
			require.Nil(t, LookupHint(other, w), "%q at another place", w)
		}
	}
	require.Nil(t, LookupHint(AsMnemonic, "mov"))
}

// A conditional jump's row is written out in full, so that the table
// needs no work at start; its columns still say one thing: the flags it
// reads are the condition its summary ends with, in parentheses.
func TestBranchRowsAgree(t *testing.T) {
	for _, in := range Table {
		if in.Flow != Branch {
			continue
		}
		cond, ok := strings.CutPrefix(in.Summary, "jump if ")
		require.True(t, ok, "%s: %q", in.Name, in.Summary)
		i := strings.LastIndex(cond, "(")
		require.True(t, i >= 0 && strings.HasSuffix(cond, ")"), "%s: %q", in.Name, in.Summary)
		require.Equal(t, "read: "+cond[i+1:len(cond)-1], in.Flags, in.Name)
		require.Equal(t, in.Name+" loop", in.Example, in.Name)
		require.Equal(t, []Form{Target}, in.Operands, in.Name)
		require.NotNil(t, in.Cond, in.Name)
	}
}
