package host

import (
	"bytes"
	"flag"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/internal/readme"
)

var update = flag.Bool("update", false, "rewrite docs/reference.md's table of standard host functions")

// run assembles and runs src with the standard set seeded by seed.
func run(t *testing.T, src string, seed uint64) (string, *cpu.CPU, error) {
	t.Helper()
	p, err := assembler.Assemble("t.asm", []byte(src), assembler.Options{})
	require.NoError(t, err)
	var out bytes.Buffer
	c, err := cpu.New(p, cpu.Config{Out: &out, Host: Map(seed), Memory: 4096, Stack: 64})
	require.NoError(t, err)
	err = c.RunToEnd()
	return out.String(), c, err
}

func TestStandardFunctions(t *testing.T) {
	for _, tc := range []struct {
		name, src, out string
		eax            int32
		fault          string
	}{
		{"print_str", "extern print_str\npush msg\ncall print_str\nadd esp, 1\n.data\nmsg: dd \"héllo\", 10, 0", "héllo\n", 6, ""},
		{"print_str of an empty string", "extern print_str\npush msg\ncall print_str\n.data\nmsg: dd 0", "", 0, ""},
		{"print_str without a 0", "extern print_str\nmov [4095], 'x'\npush 4095\ncall print_str", "", 0,
			"print_str: the string at 4095 has no 0 before the end of memory"},
		{"print_hex", "extern print_hex\npush 255\ncall print_hex\npush -1\ncall print_hex", "0xFF\n0xFFFFFFFF\n", -1, ""},
		{"print_unsigned", "extern print_unsigned\npush -1\ncall print_unsigned", "4294967295\n", -1, ""},
		{"a missing argument", "extern print_hex\ncall print_hex", "", 0,
			"print_hex: argument 1 is outside memory: the stack holds 0 words above the return address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, c, err := run(t, tc.src, 1)
			require.Equal(t, tc.out, out)
			if tc.fault != "" {
				require.Error(t, err)
				require.Equal(t, cpu.HostError, c.Fault().Kind)
				require.Equal(t, tc.fault, c.Fault().Msg)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.eax, int32(c.Memory().Reg(0)))
		})
	}
}

// rand draws numbers below n, the same ones for the same seed, others for
// another seed, and the same one again after a step back.
func TestRand(t *testing.T) {
	src := "extern rand\nmov ecx, 200\nl: push 6\ncall rand\nadd esp, 1\nprn eax\ndec ecx\ncmp ecx, 0\njne l"
	a, _, err := run(t, src, 1)
	require.NoError(t, err)
	b, _, _ := run(t, src, 1)
	other, _, _ := run(t, src, 2)
	require.Equal(t, a, b)
	require.NotEqual(t, a, other)
	seen := map[string]bool{}
	for _, line := range strings.Fields(a) {
		require.Contains(t, []string{"0", "1", "2", "3", "4", "5"}, line)
		seen[line] = true
	}
	require.Len(t, seen, 6, "200 throws of a die show every face")

	p, err := assembler.Assemble("t.asm", []byte("extern rand\npush 0\ncall rand"), assembler.Options{})
	require.NoError(t, err)
	c, err := cpu.New(p, cpu.Config{Host: Map(7)})
	require.NoError(t, err)
	c.SetJournal(cpu.NewJournal(0))
	require.NoError(t, c.RunToEnd())
	first := c.Memory().Reg(0)
	_, ok := c.Back()
	require.True(t, ok)
	require.NoError(t, c.RunToEnd())
	require.Equal(t, first, c.Memory().Reg(0))
}

const (
	tableBegin = "<!-- host functions: generated from host.Functions by `go test ./host -update` -->\n"
	tableEnd   = "<!-- end of host functions -->"
)

// TestReadmeTable fails when README.md's table of the standard host
// functions is not the one this package generates.
func TestReadmeTable(t *testing.T) {
	readme.Check(t, "../docs/reference.md", tableBegin, tableEnd, Markdown(), "go test ./host -update", *update)
}
