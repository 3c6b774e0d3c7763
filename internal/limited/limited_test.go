package limited

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadAll(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int64
		want string
		err  string
	}{
		{"", 0, "", ""},
		{"abc", 3, "abc", ""},
		{"abcd", 3, "", "larger than 3 bytes, the limit for a test"},
	} {
		got, err := ReadAll(strings.NewReader(tc.in), tc.max, "a test")
		if tc.err != "" {
			assert.EqualError(t, err, tc.err)
			var tl *TooLargeError
			assert.True(t, errors.As(err, &tl))
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, tc.want, string(got))
	}
}

// A stream that never ends is refused after max+1 bytes.
func TestReadFileEndless(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	_, err := ReadFile("/dev/zero", 1<<20, "a source file")
	assert.EqualError(t, err, "larger than 1 MiB, the limit for a source file")
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	require.NoError(t, os.WriteFile(p, []byte("12345"), 0o644))
	got, err := ReadFile(p, 5, "x")
	require.NoError(t, err)
	assert.Equal(t, "12345", string(got))
	_, err = ReadFile(p, 4, "x")
	assert.EqualError(t, err, "larger than 4 bytes, the limit for x")
	_, err = ReadFile(dir, 4, "x")
	assert.ErrorContains(t, err, "is a directory")
	_, err = ReadFile(filepath.Join(dir, "nope"), 4, "x")
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 1000: "1000 bytes", 1024: "1 KiB", 8 << 20: "8 MiB", 1536: "1536 bytes", 256 << 20: "256 MiB"} {
		assert.Equal(t, want, Size(n), n)
	}
}
