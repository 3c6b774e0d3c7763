package assembler

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An included file is read once, however often it is included.
func TestIncludeReadOnce(t *testing.T) {
	fsys := files{"lib.asm": "prn 1\n"}
	reads := map[string]int{}
	read := func(path string) ([]byte, error) {
		reads[path]++
		return fsys.read(path)
	}
	p, err := Assemble("m.asm", []byte(strings.Repeat("%include \"lib.asm\"\n", 5)), Options{ReadFile: read})
	require.NoError(t, err)
	assert.Len(t, p.Code, 10)
	assert.Equal(t, map[string]int{"lib.asm": 1}, reads)
}

// Every source file has a size limit, and so has the whole program after
// its includes.
func TestSourceLimits(t *testing.T) {
	big := strings.Repeat("nop\n", MaxFileSize/4+1)
	_, err := Assemble("big.asm", []byte(big), Options{})
	assert.EqualError(t, err, "big.asm: larger than 1 MiB, the limit for a source file")

	fsys := files{"big.asm": big}
	_, err = Assemble("m.asm", []byte("nop\n%include \"big.asm\"\n"), Options{ReadFile: fsys.read})
	assert.EqualError(t, err, "m.asm:2:10: cannot include 'big.asm': larger than 1 MiB, the limit for a source file\n%include \"big.asm\"\n         ^")

	// A chain of files each including the next twice doubles at every
	// level: the total size refuses it, fast.
	chain := files{}
	for i := range 30 {
		chain[fmt.Sprintf("f%d.asm", i)] = strings.Repeat("nop ; "+strings.Repeat("-", 90)+"\n", 100) +
			fmt.Sprintf("%%include \"f%d.asm\"\n%%include \"f%d.asm\"\n", i+1, i+1)
	}
	chain["f30.asm"] = "nop\n"
	_, err = Assemble("f0.asm", []byte(chain["f0.asm"]), Options{ReadFile: chain.read})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "makes the program larger than 2 MiB of source, the limit after includes")
}

// An include of a device that never ends stops at the file size limit.
func TestIncludeDevZero(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	_, err := Assemble("m.asm", []byte("%include \"/dev/zero\"\n"), Options{})
	assert.EqualError(t, err, "m.asm:1:10: cannot include '/dev/zero': larger than 1 MiB, the limit for a source file\n%include \"/dev/zero\"\n         ^")
	dir := t.TempDir()
	path := filepath.Join(dir, "z.asm")
	require.NoError(t, os.Symlink("/dev/zero", path))
	_, err = AssembleFile(path, Options{})
	assert.ErrorContains(t, err, "larger than 1 MiB")
}

// Lines may end in LF, CRLF or a lone CR.
func TestLineEndings(t *testing.T) {
	want := asm(t, "start: mov eax, 1\nprn eax\nprn 2\n")
	for _, src := range []string{
		"start: mov eax, 1\r\nprn eax\r\nprn 2\r\n",
		"start: mov eax, 1\rprn eax\rprn 2\r",
		"start: mov eax, 1\rprn eax\r\nprn 2",
	} {
		p, err := Assemble("t.asm", []byte(src), Options{})
		require.NoError(t, err, "%q", src)
		assert.Equal(t, want.Code, p.Code, "%q", src)
		assert.Equal(t, []string{"start: mov eax, 1", "prn eax", "prn 2"}, p.Debug.Source[0], "%q", src)
	}
	_, err := Assemble("t.asm", []byte("nop\rmvo eax, 1\r"), Options{})
	assert.ErrorContains(t, err, "t.asm:2:1: unknown instruction 'mvo'")
}
