package samefile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIs(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	require.NoError(t, os.WriteFile("a.asm", nil, 0o644))
	require.NoError(t, os.WriteFile("b.asm", nil, 0o644))
	require.NoError(t, os.Symlink("a.asm", "soft.asm"))
	require.NoError(t, os.Link("a.asm", "hard.asm"))
	require.NoError(t, os.Mkdir("sub", 0o755))
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"a.asm", "a.asm", true},
		{"a.asm", "./sub/../a.asm", true},
		{"a.asm", filepath.Join(dir, "a.asm"), true},
		{"a.asm", "soft.asm", true},
		{"a.asm", "hard.asm", true},
		{"new.asm", "./new.asm", true},
		{"a.asm", "b.asm", false},
		{"a.asm", "new.asm", false},
		{"sub/../new.asm", "sub/new.asm", false},
	} {
		assert.Equal(t, tc.same, Is(tc.a, tc.b), "%s and %s", tc.a, tc.b)
	}
}
