package outfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// state is a folder's regular files and links, name to content ("-> X"
// for a symbolic link to X).
func state(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		require.NoError(t, err)
		rel, _ := filepath.Rel(dir, path)
		switch {
		case d.Type()&os.ModeSymlink != 0:
			to, err := os.Readlink(path)
			require.NoError(t, err)
			got[rel] = "-> " + to
		case d.Type().IsRegular():
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			got[rel] = string(b)
		}
		return nil
	}))
	return got
}

// Write replaces a regular file atomically, follows links to what they
// name, keeps hard links together, and leaves the old file and no
// temporary file behind when it fails.
func TestWrite(t *testing.T) {
	full := func(f *os.File, b []byte) (int, error) {
		return 0, &os.PathError{Op: "write", Path: f.Name(), Err: errors.New("no space left on device")}
	}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T)
		write func(*os.File, []byte) (int, error) // nil: the real one
		path  string
		err   string // "" for none
		werr  bool   // the error is a *WriteError
		after map[string]string
	}{
		{name: "new file", path: "out", after: map[string]string{"out": "new"}},
		{name: "regular file", setup: func(t *testing.T) { put(t, "out", "old contents") },
			path: "out", after: map[string]string{"out": "new"}},
		{name: "the write fails", setup: func(t *testing.T) { put(t, "out", "old contents") }, write: full,
			path: "out", err: "write error: no space left on device", werr: true, after: map[string]string{"out": "old contents"}},
		{name: "a new file's write fails", write: full,
			path: "out", err: "write error: no space left on device", werr: true, after: map[string]string{}},
		{name: "symlink", setup: func(t *testing.T) {
			put(t, "real", "old")
			require.NoError(t, os.Symlink("real", "link"))
		}, path: "link", after: map[string]string{"real": "new", "link": "-> real"}},
		{name: "dangling symlink", setup: func(t *testing.T) {
			require.NoError(t, os.Mkdir("sub", 0o755))
			require.NoError(t, os.Symlink("sub/made", "link"))
		}, path: "link", after: map[string]string{"sub/made": "new", "link": "-> sub/made"}},
		{name: "symlink, the write fails", setup: func(t *testing.T) {
			put(t, "real", "old")
			require.NoError(t, os.Symlink("real", "link"))
		}, write: full, path: "link", err: "write error: no space left on device", werr: true,
			after: map[string]string{"real": "old", "link": "-> real"}},
		{name: "symlink loop", setup: func(t *testing.T) {
			require.NoError(t, os.Symlink("b", "a"))
			require.NoError(t, os.Symlink("a", "b"))
		}, path: "a", err: "too many levels of symbolic links", after: map[string]string{"a": "-> b", "b": "-> a"}},
		{name: "hard links", setup: func(t *testing.T) {
			put(t, "one", "old contents, longer than the new")
			require.NoError(t, os.Link("one", "two"))
		}, path: "one", after: map[string]string{"one": "new", "two": "new"}},
		{name: "hard links, the write fails", setup: func(t *testing.T) {
			put(t, "one", "old")
			require.NoError(t, os.Link("one", "two"))
		}, write: full, path: "two", err: "write error: no space left on device", werr: true,
			after: map[string]string{"one": "old", "two": "old"}},
		{name: "directory", setup: func(t *testing.T) { require.NoError(t, os.Mkdir("d", 0o755)) },
			path: "d", err: "is a directory", after: map[string]string{}},
		{name: "no such folder", path: "nowhere/out", err: "no such file or directory", after: map[string]string{}},
		{name: "empty name", path: "", err: "an empty file name", after: map[string]string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			if tc.setup != nil {
				tc.setup(t)
			}
			if tc.write != nil {
				writeFile = tc.write
				defer func() { writeFile = (*os.File).Write }()
			}
			err := Write(tc.path, []byte("new"))
			checkErr(t, err, tc.err, tc.werr)
			assert.Equal(t, tc.after, state(t, dir), "the folder after (no temporary file left)")
		})
	}
}

// checkErr asserts that err is nil when want is "", else that it says
// want and is a *WriteError when werr is set.
func checkErr(t *testing.T, err error, want string, werr bool) {
	t.Helper()
	if want == "" {
		require.NoError(t, err)
		return
	}
	require.EqualError(t, err, want)
	var we *WriteError
	assert.Equal(t, werr, errors.As(err, &we), "a *WriteError")
}

// put writes a file for a test.
func put(t *testing.T, name, content string) {
	t.Helper()
	require.NoError(t, os.WriteFile(name, []byte(content), 0o644))
}

// A replaced file keeps its permissions; a new one gets 0666 less the
// umask.
func TestWriteMode(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, mode := range []os.FileMode{0o400, 0o755, 0o600} {
		put(t, "m", "old")
		require.NoError(t, os.Chmod("m", mode))
		require.NoError(t, Write("m", []byte("new")))
		st, err := os.Stat("m")
		require.NoError(t, err)
		assert.Equal(t, mode, st.Mode().Perm())
	}
}

// Check finds before the work what Write would refuse after it, and
// makes nothing.
func TestCheck(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	put(t, "old", "old")
	require.NoError(t, os.Mkdir("d", 0o755))
	for _, tc := range []struct{ path, err string }{
		{"new", ""},
		{"old", ""},
		{os.DevNull, ""},
		{"d", "is a directory"},
		{"nowhere/new", "no such file or directory"},
		{"", "an empty file name"},
	} {
		err := Check(tc.path)
		if tc.err == "" {
			assert.NoError(t, err, tc.path)
		} else {
			assert.EqualError(t, err, tc.err, tc.path)
		}
	}
	assert.Equal(t, map[string]string{"old": "old"}, state(t, dir))
}

// RefuseInput keeps an output off the inputs, whatever name reaches them;
// a device may be both.
func TestRefuseInput(t *testing.T) {
	t.Chdir(t.TempDir())
	put(t, "in.asm", "prn 1\n")
	require.NoError(t, os.Symlink("in.asm", "soft.asm"))
	require.NoError(t, os.Link("in.asm", "hard.asm"))
	inputs := []string{"main.asm", "in.asm"}
	for _, tc := range []struct{ out, err string }{
		{"out.img", ""},
		{"in.asm", "refusing to write in.asm: it is an input of the program"},
		{"./sub/../main.asm", "refusing to write ./sub/../main.asm: it is an input of the program"}, // not there yet
		{"soft.asm", "refusing to write soft.asm: it is in.asm, an input of the program"},
		{"hard.asm", "refusing to write hard.asm: it is in.asm, an input of the program"},
		{os.DevNull, ""},
	} {
		err := RefuseInput(tc.out, inputs)
		if tc.err == "" {
			assert.NoError(t, err, tc.out)
		} else {
			assert.EqualError(t, err, tc.err, tc.out)
		}
	}
	assert.NoError(t, RefuseInput(os.DevNull, []string{os.DevNull}), "a device is written through, never replaced")
}
