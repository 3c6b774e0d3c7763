package backtrace

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
)

func TestCommas(t *testing.T) {
	for n, want := range map[uint64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 4090: "4,090",
		123456: "123,456", 1234567: "1,234,567", 18446744073709551615: "18,446,744,073,709,551,615"} {
		require.Equal(t, want, Commas(n), "%d", n)
	}
}

// frames builds frames from "fn@line" words, innermost first.
func frames(spec string) []Frame {
	var out []Frame
	for _, w := range strings.Fields(spec) {
		var fn string
		var line int
		at := strings.IndexByte(w, '@')
		fn = w[:at]
		fmt.Sscan(w[at+1:], &line)
		out = append(out, Frame{Function: fn, Target: uint32(fn[0]), Site: uint32(line), File: "p.asm", Line: line})
	}
	return out
}

func TestWriteFolds(t *testing.T) {
	for _, tc := range []struct {
		name, frames string
		forgotten    uint64
		want         string
	}{
		{"no frames", "", 0, ""},
		{"shallow recursion in full", "f@9 f@9 f@9 f@9 f@9 f@3", 0,
			"  f (p.asm:9)\n  f (p.asm:9)\n  f (p.asm:9)\n  f (p.asm:9)\n  f (p.asm:9)\n  f (p.asm:3)\n"},
		{"deep recursion folded", strings.Repeat("f@9 ", 4091) + "f@3", 0,
			"  f (p.asm:9) x 4,090 more frames\n  f (p.asm:3)\n"},
		{"same function, other call sites, not folded together", "f@9 f@9 f@9 f@9 f@9 f@9 f@8 f@8", 0,
			"  f (p.asm:9) x 5 more frames\n  f (p.asm:8)\n  f (p.asm:8)\n"},
		{"mutual recursion folded by its period", "a@4 " + strings.Repeat("b@7 a@12 ", 10) + "m@2", 0,
			"  a (p.asm:4)\n  b (p.asm:7)\n  a (p.asm:12)\n  (the 2 frames above x 9 more times)\n  m (p.asm:2)\n"},
		{"forgotten outer frames", strings.Repeat("f@9 ", 8), 3,
			"  f (p.asm:9) x 7 more frames\n  (3 outer frames not kept: the machine keeps the innermost 1,048,576)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, Write(&b, "  ", frames(tc.frames), tc.forgotten))
			require.Equal(t, tc.want, b.String())
		})
	}
}

func TestCountIsLossless(t *testing.T) {
	runs := Count(frames("a@1 a@1 a@1 b@2 a@1 a@1"))
	var got []string
	for _, r := range runs {
		got = append(got, fmt.Sprintf("%s x%d", r.Frames[0], r.Times))
	}
	require.Equal(t, []string{"a (p.asm:1) x3", "b (p.asm:2) x1", "a (p.asm:1) x2"}, got)
}

func TestOfNamesLabelsAndCallSites(t *testing.T) {
	src := `start:  mov eax, 3
        call fact       ; line 2
        hlt
fact:   cmp eax, 0
        je zero
        dec eax
        call fact       ; line 7
        ret
zero:   mov ebx, 0
        div eax, ebx
`
	p, err := assembler.Assemble("fact.asm", []byte(src), assembler.Options{})
	require.NoError(t, err)
	c, err := cpu.New(p, cpu.Config{Memory: 1024, Stack: 64})
	require.NoError(t, err)
	require.Error(t, c.RunToEnd())
	got := Of(c)
	require.Len(t, got, 4)
	require.Equal(t, Frame{Function: "fact", Target: 6, Site: 13, File: "fact.asm", Line: 7, ESP: 1020}, got[0])
	require.Equal(t, Frame{Function: "fact", Target: 6, Site: 3, File: "fact.asm", Line: 2, ESP: 1023}, got[3])
	var b bytes.Buffer
	require.NoError(t, Write(&b, "", got, c.Forgotten()))
	require.Equal(t, "fact (fact.asm:7)\nfact (fact.asm:7)\nfact (fact.asm:7)\nfact (fact.asm:2)\n", b.String())

	// Without debug information a frame names addresses.
	p.Debug = nil
	c, err = cpu.New(p, cpu.Config{Memory: 1024, Stack: 64})
	require.NoError(t, err)
	require.Error(t, c.RunToEnd())
	require.Equal(t, "6 (eip 13)", Of(c)[0].String())
}
