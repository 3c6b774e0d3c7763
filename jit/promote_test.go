//go:build amd64 || arm64

package jit

import (
	"slices"
	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
)

// TestPromote checks which memory words a region keeps in locals: those
// its innermost loops that do not call name at constant addresses often
// enough for their size, the most used first, at most maxPromoted, none
// outside them, on the register or reserved words or in the stack's
// area, none whose window would hold an array's start, and which of them
// it writes back.
func TestPromote(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		max       int // maxPromoted, when not 0
		words     []uint32
		written   []bool
	}{
		{"loop", "mov [100], 0\nl: inc [100]\nadd [101], [100]\ncmp [100], 9\njl l\nprn [102]", 0,
			[]uint32{100, 101}, []bool{true, true}},
		{"read only", "l: add eax, [120]\ncmp eax, 99\njl l", 0, []uint32{120}, []bool{false}},
		{"outside loops", "mov [100], 1\nprn [100]", 0, nil, nil},
		{"registers and reserved", "l: inc [3]\nadd [20], 1\ncmp [3], 5\njl l", 0, nil, nil},
		{"stack area", "l: inc [506]\ncmp [506], 5\njl l", 0, nil, nil},
		{"a loop that calls", "l: inc [40]\ncall f\ncmp [40], 9\njl l\nhlt\nf: ret", 0, nil, nil},
		{"rare", "l: inc [40]\n" + strings.Repeat("add eax, ecx\n", 15) + "cmp eax, 9\njl l", 0, nil, nil},
		{"often enough", "l: inc [40]\n" + strings.Repeat("add eax, ecx\n", 13) + "cmp eax, 9\njl l", 0, []uint32{40}, []bool{true}},
		{"most used", "l: inc [40]\ninc [41]\ninc [41]\ninc [42]\ninc [42]\ninc [43]\ninc [43]\ninc [44]\ninc [44]\ncmp eax, 3\njl l", 4,
			[]uint32{41, 42, 43, 44}, []bool{true, true, true, true}},
		{"inner loops only", "o: inc [40]\ninc [40]\ni: inc [50]\ninc [51]\ninc [52]\ninc [53]\ncmp ecx, 1\njl i\ncmp eax, 1\njl o", 0,
			[]uint32{50, 51, 52, 53}, []bool{true, true, true, true}},
		{"array start in window", "l: inc [40]\ninc [40]\ninc [60]\nmov eax, [50+ecx]\ncmp eax, 3\njl l", 0,
			[]uint32{40}, []bool{true}},
		{"pointer start in window", "o: mov esi, 50\nl: add [60], [esi]\nmov [esi], [40]\ninc [40]\ninc esi\ncmp [40], 9\njl l\njmp o", 0,
			[]uint32{40}, []bool{true}},
		{"window bound", "l: inc [40]\ninc [40]\ninc [40+300]\ncmp eax, 3\njl l", 0, []uint32{40}, []bool{true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.max != 0 {
				defer func(m int) { maxPromoted = m }(maxPromoted)
				maxPromoted = tc.max
			}
			p, err := assembler.Assemble("p.asm", []byte(tc.src), assembler.Options{})
			if err != nil {
				t.Fatal(err)
			}
			c, err := cpu.New(p, cpu.Config{Memory: 512, Stack: 8})
			if err != nil {
				t.Fatal(err)
			}
			m := c.Memory().Words()
			pl := plan(p.Code, m, p.Entry, uint32(len(m)), uint32(c.StackSize()), nil, 1<<30, Watch{})
			if len(pl.proms) != 1 {
				t.Fatalf("%d regions", len(pl.proms))
			}
			var want []keptWord
			for i, w := range tc.words {
				want = append(want, keptWord{w, tc.written[i]})
			}
			if pr := pl.proms[0]; !slices.Equal(pr.words, want) {
				t.Errorf("keeps %v, want %v", pr.words, want)
			}
		})
	}
}
