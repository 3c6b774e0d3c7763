//go:build amd64 || arm64

package jit

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
		if b, err := os.ReadFile(f.path); err != nil || !whole(b) {
			t.Fatalf("the entry cut short was not written again whole (%v)", err)
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

// whole reports whether b is an entry whose check holds.
func whole(b []byte) bool {
	_, _, ok := unseal(b)
	return ok
}

// TestCacheDamaged runs a program whose entry in the cache was damaged
// (at every part of it: our header, wazero's header, the function
// offsets wazero does not check, the code, the end), cut short, padded,
// replaced by another program's, or sealed around a file of another
// wazero version: the program is compiled afresh, runs as it should
// (before the entries were sealed, a function offset moved by 4 bytes
// crashed the process), and the entry is written again whole.
func TestCacheDamaged(t *testing.T) {
	dir := t.TempDir()
	want := cachedRun(t, "", cacheProgram)
	if got := cachedRun(t, dir, cacheProgram); got != want {
		t.Fatalf("printed %q, want %q", got, want)
	}
	entries := cacheFiles(dir)
	if len(entries) != 1 {
		t.Fatalf("%d files in the cache, want 1", len(entries))
	}
	good, err := os.ReadFile(entries[0].path)
	if err != nil {
		t.Fatal(err)
	}
	name, file, ok := unseal(good)
	if !ok {
		t.Fatal("the entry just written does not unseal")
	}
	// wazero's file: "WAZEVO", the version's length and the version, the
	// number of functions, 8 bytes of offset for each, the code's length,
	// the code, its CRC, then the source map and catch table.
	version := int(file[6])
	counted := 7 + version + 4
	functions := int(binary.LittleEndian.Uint32(file[counted-4:]))
	code := counted + 8*functions + 8
	if functions < 2 || len(file) < code+100 {
		t.Fatalf("wazero's file is not laid out as expected: %d functions, %d bytes", functions, len(file))
	}
	other := cacheFiles(compiledIn(t, "mov ecx, 7\nprn ecx\n"+straightLine(1400)))
	otherEntry, err := os.ReadFile(other[0].path)
	if err != nil {
		t.Fatal(err)
	}
	at := func(off int, f func(b []byte, i int)) func([]byte) []byte {
		return func(b []byte) []byte {
			b = bytes.Clone(b)
			f(b, off)
			return b
		}
	}
	flip := func(b []byte, i int) { b[i] ^= 0x5a }
	add4 := func(b []byte, i int) { binary.LittleEndian.PutUint64(b[i:], binary.LittleEndian.Uint64(b[i:])+4) }
	huge := func(b []byte, i int) { binary.LittleEndian.PutUint32(b[i:], 0xffffffff) }
	for _, tc := range []struct {
		name   string
		damage func([]byte) []byte
	}{
		{"magic", at(0, flip)},
		{"wazero's name", at(len(entryMagic)+3, flip)},
		{"length", at(len(entryMagic)+entryName, flip)},
		{"check", at(entryHeader-1, flip)},
		{"wazero's magic", at(entryHeader, flip)},
		{"wazero's version", at(entryHeader+7, flip)},
		{"number of functions", at(entryHeader+counted-4, huge)},
		{"a function offset", at(entryHeader+counted+8, add4)},
		{"the last function offset", at(entryHeader+counted+8*(functions-1), add4)},
		{"length of the code", at(entryHeader+code-8, add4)},
		{"the code", at(entryHeader+code+50, flip)},
		{"the last byte", at(len(good)-1, flip)},
		{"empty", func([]byte) []byte { return nil }},
		{"cut in the header", func(b []byte) []byte { return b[:entryHeader-1] }},
		{"no more than the header", func(b []byte) []byte { return b[:entryHeader] }},
		{"cut in the offsets", func(b []byte) []byte { return b[:entryHeader+counted+12] }},
		{"one byte short", func(b []byte) []byte { return b[:len(b)-1] }},
		{"one byte more", func(b []byte) []byte { return append(bytes.Clone(b), 0) }},
		{"zeros", func(b []byte) []byte { return make([]byte, len(b)) }},
		{"another program's", func([]byte) []byte { return otherEntry }},
		{"sealed, of another wazero version", func([]byte) []byte {
			f := bytes.Clone(file)
			f[7] ^= 1 // the version's first letter: "dev" -> "eev", "v1.12.0" -> "w1.12.0"
			return seal(name, f)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := t.TempDir()
			copyDir(t, dir, bad)
			path := cacheFiles(bad)[0].path
			if err := os.WriteFile(path, tc.damage(good), 0o600); err != nil {
				t.Fatal(err)
			}
			if got := cachedRun(t, bad, cacheProgram); got != want {
				t.Fatalf("printed %q, want %q", got, want)
			}
			again, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("the entry was not written again: %v", err)
			}
			if n, _, ok := unseal(again); !ok || n != name {
				t.Fatalf("the entry written again is not whole (%v), or of another file (%s, want %s)", ok, n, name)
			}
			if files := cacheFiles(bad); len(files) != 1 {
				t.Fatalf("the cache holds %v", files)
			}
		})
	}
}

// compiledIn compiles a program with a new cache folder and returns it.
func compiledIn(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	cachedRun(t, dir, src)
	return dir
}

// TestCacheStaging checks that a compile leaves no staging folder behind,
// and that pruning removes those of processes that ended or of an hour
// ago, but not a running process's.
func TestCacheStaging(t *testing.T) {
	dir := t.TempDir()
	cachedRun(t, dir, cacheProgram)
	staged := func() []string {
		var names []string
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "staging-") {
				names = append(names, e.Name())
			}
		}
		return names
	}
	if s := staged(); len(s) != 0 {
		t.Fatalf("a compile left %v", s)
	}
	ended := exec.Command(os.Args[0], "-test.run=^$")
	if err := ended.Run(); err != nil {
		t.Fatal(err)
	}
	running := fmt.Sprintf("staging-%d-running", os.Getppid())
	for _, name := range []string{
		fmt.Sprintf("staging-%d-old", os.Getppid()),
		fmt.Sprintf("staging-%d-ended", ended.Process.Pid),
		running,
	} {
		if err := os.MkdirAll(filepath.Join(dir, name, "wazero-v0-test"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name, "wazero-v0-test", "x"), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, "-old") {
			old := time.Now().Add(-2 * time.Hour)
			if err := os.Chtimes(filepath.Join(dir, name), old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	pruneCache(dir, 64<<20)
	if s := staged(); len(s) != 1 || s[0] != running {
		t.Fatalf("left %v, want [%s]", s, running)
	}
}
