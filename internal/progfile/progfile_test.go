package progfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/image"
)

// Read bounds a file by its kind, told by its first bytes or by raw;
// ReadRegular refuses what is not a regular file.
func TestRead(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "p.asm")
	require.NoError(t, os.WriteFile(src, []byte("prn 1\n"), 0o644))
	for _, tc := range []struct {
		name, path string
		raw        bool
		read       func(string, bool) ([]byte, error)
		want, err  string
	}{
		{"source", src, false, Read, "prn 1\n", ""},
		{"source, regular only", src, false, ReadRegular, "prn 1\n", ""},
		{"missing", filepath.Join(dir, "none"), false, Read, "", "no such file"},
		{"a directory", dir, false, Read, "", "is a directory, not a program file"},
		{"a directory, regular only", dir, false, ReadRegular, "", "is a directory, not a regular file"},
		{"endless source", "/dev/zero", false, Read, "", "larger than 1 MiB, the limit for a source file"},
		{"endless raw", "/dev/zero", true, Read, "", "larger than 64 MiB, the limit for a raw program"},
		{"a device, regular only", "/dev/zero", false, ReadRegular, "", "is a device, not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.path == "/dev/zero" {
				if _, err := os.Stat(tc.path); err != nil {
					t.Skip("no /dev/zero")
				}
			}
			got, err := tc.read(tc.path, tc.raw)
			if tc.err != "" {
				require.EqualError(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, string(got))
		})
	}
}

// Decode tells an image, raw words, a binary file and source apart.
func TestDecode(t *testing.T) {
	p, err := assembler.Assemble("p.asm", []byte("prn 1\n"), assembler.Options{})
	require.NoError(t, err)
	img, err := image.Encode(p)
	require.NoError(t, err)
	got, _, err := Decode("p.img", img, false, assembler.Options{})
	require.NoError(t, err)
	require.Equal(t, p.Code, got.Code)
	_, warns, err := Decode("p.asm", []byte("dec ecx\njne 0\n"), false, assembler.Options{})
	require.NoError(t, err)
	require.Len(t, warns, 1)
	_, _, err = Decode("p.bin", []byte{1, 0, 2, 0xff}, false, assembler.Options{})
	require.EqualError(t, err, "not a program: a binary file that is not a cpu32 image (use --raw for a raw word stream)")
	_, _, err = Decode("p.asm", []byte("frob\n"), false, assembler.Options{})
	var list assembler.ErrorList
	require.ErrorAs(t, err, &list)
	require.False(t, IsBinary([]byte("mov eax, 1 ; café\n")))
}
