//go:build amd64 || arm64

package jit

import (
	"fmt"
	"strings"
	"testing"

	"cpu32/cpu"
)

// threadedCode writes direct-threaded code of n handlers, each of pad
// instructions before it jumps to the next handler through jmp eax, the
// program a list of handler addresses run rounds times.
func threadedCode(n, pad, rounds int) string {
	var b strings.Builder
	b.WriteString("section .data\nprog:")
	for i := range n {
		fmt.Fprintf(&b, " dd h%d\n", i)
	}
	b.WriteString(" dd again\nsection .text\nstart: mov ecx, " + fmt.Sprint(rounds) + "\nagain: dec ecx\n cmp ecx, 0\n je done\n mov esi, prog\n mov eax, [esi]\n inc esi\n jmp eax\ndone: prn edi\n hlt\n")
	for i := range n {
		fmt.Fprintf(&b, "h%d:\n", i)
		for k := range pad {
			fmt.Fprintf(&b, " add edi, %d\n", i+k)
		}
		b.WriteString(" mov eax, [esi]\n inc esi\n jmp eax\n")
	}
	return b.String()
}

// TestHandlersOneRegion: the handlers of direct-threaded code, which jump
// to each other through jmp eax, share one region up to maxHandlerWords
// (regionWords), not one of regionSize each; past the first region,
// which holds the jump, the handlers of a jump table (which hold no
// computed jump of their own) are cut as any code is.
func TestHandlersOneRegion(t *testing.T) {
	for _, tc := range []struct {
		name    string
		src     string
		regions int
	}{
		{"threaded", threadedCode(12, 12, 50), 1},
		{"table", jumpTable(600), 9}, // 3,025 words: 1,024, then about 256 each
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, p, _ := planSource(t, tc.src, cpu.Config{Memory: 8192})
			regions := map[int]bool{}
			for i, pointed := range c.pointed {
				if pointed {
					regions[c.region[i]] = true
				}
			}
			if len(p.Code) <= int(regionSize) {
				t.Fatalf("%d words: fits one region anyway", len(p.Code))
			}
			if len(regions) != tc.regions {
				t.Errorf("handlers in %d regions, want %d", len(regions), tc.regions)
			}
			both(t, p, cpu.Config{Memory: 8192}, "", 1<<40, nil)
		})
	}
}
