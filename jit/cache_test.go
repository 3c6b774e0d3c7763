//go:build amd64 || arm64

package jit

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"cpu32/assembler"
	"cpu32/cpu"
)

// copyDir copies the cache folder from into to: the same files, seen
// by a runtime of their own (one per folder), as a new process sees them.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

// cachedRun compiles p with the cache in dir, runs it to its end and
// returns its output.
func cachedRun(t *testing.T, dir string, src string) string {
	t.Helper()
	UseCache(dir, 64<<20)
	defer UseCache("", 0)
	p, err := assembler.Assemble("c.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	c, err := cpu.New(p, cpu.Config{NoCallStack: true, Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	k, err := Compile(c)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	defer k.Close()
	if _, err := k.Run(1 << 30); err != nil || c.State() != cpu.Ended {
		t.Fatalf("run: %v, state %v", err, c.State())
	}
	if !k.Ran() {
		t.Fatal("compiled code did not run")
	}
	return out.String()
}

// cacheProgram is a loop and a straight line long enough for a module of
// more than cacheMin bytes.
var cacheProgram = "mov ecx, 0\nl: add eax, ecx\ninc ecx\ncmp ecx, 1000\njl l\n" + straightLine(1500)

// TestCache compiles a program with the file cache: the first compile
// writes an entry (one of a small program would not: TestCacheSmall), a new runtime on the same files finds it (and writes
// nothing), and an entry cut short, or a folder that cannot be written,
// only costs a compile.
func TestCache(t *testing.T) {
	dir := t.TempDir()
	want := cachedRun(t, "", cacheProgram) // no cache
	if got := cachedRun(t, dir, cacheProgram); got != want {
		t.Fatalf("printed %q, want %q", got, want)
	}
	files := cacheFiles(dir)
	if len(files) != 1 {
		t.Fatalf("%d files in the cache after one compile, want 1: %v", len(files), files)
	}

	t.Run("found", func(t *testing.T) {
		again := t.TempDir()
		copyDir(t, dir, again)
		old := cacheFiles(again)
		if got := cachedRun(t, again, cacheProgram); got != want {
			t.Fatalf("printed %q, want %q", got, want)
		}
		now := cacheFiles(again)
		if len(now) != 1 || !now[0].mod.Equal(old[0].mod) {
			t.Fatalf("the entry was written again: %v, before %v", now, old)
		}
	})

	t.Run("cut short", func(t *testing.T) {
		bad := t.TempDir()
		copyDir(t, dir, bad)
		f := cacheFiles(bad)[0]
		if err := os.Truncate(f.path, f.size/2); err != nil {
			t.Fatal(err)
		}
		if got := cachedRun(t, bad, cacheProgram); got != want {
			t.Fatalf("printed %q, want %q", got, want)
		}
		if _, err := os.Stat(f.path); err == nil {
			t.Fatal("the entry cut short is still in the cache")
		}
	})

	t.Run("not a folder", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := cachedRun(t, file, cacheProgram); got != want {
			t.Fatalf("printed %q, want %q", got, want)
		}
	})

	t.Run("read-only", func(t *testing.T) {
		ro := t.TempDir()
		if err := os.Chmod(ro, 0o500); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(ro, 0o700)
		if writable(ro) {
			t.Skip("files can be made in a read-only folder (root)")
		}
		if got := cachedRun(t, ro, cacheProgram); got != want {
			t.Fatalf("printed %q, want %q", got, want)
		}
	})
}

// TestPruneCache fills a cache past its bound: the oldest files go until
// three quarters of it is left, and a temporary file an interrupted write
// left an hour ago goes too.
func TestPruneCache(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "wazero-v0-test")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for i, name := range []string{"a", "b", "c", "d", "e.1.tmp"} {
		path := filepath.Join(folder, name)
		if err := os.WriteFile(path, make([]byte, 100), 0o600); err != nil {
			t.Fatal(err)
		}
		at := now.Add(time.Duration(i-10) * time.Minute)
		if name == "e.1.tmp" {
			at = now.Add(-2 * time.Hour)
		}
		if err := os.Chtimes(path, at, at); err != nil {
			t.Fatal(err)
		}
	}
	pruneCache(dir, 1000) // under the bound: only the stale temporary file goes
	if got := len(cacheFiles(dir)); got != 4 {
		t.Fatalf("%d files left, want 4", got)
	}
	pruneCache(dir, 350) // 400 bytes: down to 262 or less
	var left []string
	for _, f := range cacheFiles(dir) {
		left = append(left, filepath.Base(f.path))
	}
	if len(left) != 2 || left[0] != "c" || left[1] != "d" {
		t.Fatalf("left %v, want [c d]", left)
	}
}

// TestAutoRecall runs a long program twice under Auto with the file cache:
// the first run keeps the addresses it compiled for, the second compiles
// them once it has run recallSteps, long before hotSteps. Hot addresses
// that are not the program's (a file of another, or garbage) only change
// what compiles.
func TestAutoRecall(t *testing.T) {
	dir := t.TempDir()
	UseCache(dir, 64<<20)
	defer UseCache("", 0)
	src := "mov ecx, 0\nl: add eax, ecx\nxor eax, 3\ninc ecx\ncmp ecx, 2000000\njl l\nprn eax\n"
	if r := autoRun(t, src); r.compiles != 1 || r.Engine() != "jit" {
		t.Fatalf("first run: %d compiles, engine %s", r.compiles, r.Engine())
	}
	p, err := assembler.Assemble("r.asm", []byte(src), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	early := func() *Runner {
		t.Helper()
		c, err := cpu.New(p, cpu.Config{Out: &bytes.Buffer{}, NoCallStack: true})
		if err != nil {
			t.Fatal(err)
		}
		r := NewRunner(c, Auto)
		t.Cleanup(func() { r.Close() })
		if _, err := r.Run(recallSteps + 2*piece); err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := early(); r.code == nil || r.compiles != 1 {
		t.Fatalf("second run: no code after %d steps (%d compiles, %v)", recallSteps+2*piece, r.compiles, r.err)
	}
	for _, hot := range [][]byte{{1, 2, 3}, {0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0x80}} {
		c, _ := cpu.New(p, cpu.Config{NoCallStack: true})
		if err := os.WriteFile(filepath.Join(dir, "hot", hotKey(c)), hot, 0o600); err != nil {
			t.Fatal(err)
		}
		autoRun(t, src) // the same output and steps as the interpreter
	}
}

// TestCacheSmall compiles a program whose module is smaller than cacheMin:
// the cache keeps nothing (writing it would cost more than the compile).
func TestCacheSmall(t *testing.T) {
	dir := t.TempDir()
	if got := cachedRun(t, dir, "mov ecx, 0\nl: add eax, ecx\ninc ecx\ncmp ecx, 1000\njl l\nprn eax\n"); got != "499500\n" {
		t.Fatalf("printed %q", got)
	}
	if files := cacheFiles(dir); len(files) != 0 {
		t.Fatalf("the cache keeps %v", files)
	}
}
