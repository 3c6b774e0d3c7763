package web_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEditorBundle checks that static/editor.js was built from the
// lockfile's packages and the editor's source as they are now: its first
// line names their SHA-256 (editor/build.sh writes it). With
// CPU32_REBUILD_EDITOR=1 (npm and the registry at hand) it also rebuilds
// the bundle and compares it byte for byte.
func TestEditorBundle(t *testing.T) {
	bundle, err := os.ReadFile("static/editor.js")
	require.NoError(t, err)
	sum := func(name string) string {
		b, err := os.ReadFile(name)
		require.NoError(t, err)
		return fmt.Sprintf("%x", sha256.Sum256(b))
	}
	want := fmt.Sprintf("/* cpu32 playground editor: package-lock.json sha256 %s, src/editor.js sha256 %s */\n",
		sum("editor/package-lock.json"), sum("editor/src/editor.js"))
	first, _, _ := bytes.Cut(bundle, []byte("\n"))
	require.Equal(t, want, string(first)+"\n", "static/editor.js is stale: run web/editor/build.sh")
	if os.Getenv("CPU32_REBUILD_EDITOR") == "" {
		t.Log("set CPU32_REBUILD_EDITOR=1 to rebuild the bundle with npm and compare it byte for byte")
		return
	}
	out := filepath.Join(t.TempDir(), "editor.js")
	b, err := exec.Command("sh", "editor/build.sh", out).CombinedOutput()
	require.NoError(t, err, "%s", b)
	rebuilt, err := os.ReadFile(out)
	require.NoError(t, err)
	require.True(t, bytes.Equal(bundle, rebuilt), "the rebuilt bundle differs from static/editor.js")
}
