//go:build (amd64 || arm64) && unix

package jit

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"cpu32/assembler"
	"cpu32/cpu"
)

// A FIFO where the cache has an entry or a program's hot addresses (a
// plain open would wait for a writer for ever) is passed over at once:
// the program compiles afresh, and its entry takes the FIFO's place.
func TestCacheFIFO(t *testing.T) {
	dir := t.TempDir()
	want := cachedRun(t, "", cacheProgram)
	cachedRun(t, dir, cacheProgram)
	entry := cacheFiles(dir)[0].path
	if err := os.Remove(entry); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(entry, 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := assembler.Assemble("c.asm", []byte(cacheProgram), assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := cpu.New(p, cpu.Config{NoCallStack: true})
	if err != nil {
		t.Fatal(err)
	}
	hot := filepath.Join(dir, "hot", hotKey(c))
	if err := os.MkdirAll(filepath.Dir(hot), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(hot, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan string, 1)
	go func() {
		got := cachedRun(t, dir, cacheProgram)
		UseCache(dir, 64<<20)
		defer UseCache("", 0)
		recallHot(c)
		done <- got
	}()
	select {
	case got := <-done:
		if got != want {
			t.Fatalf("printed %q, want %q", got, want)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the cache waits on a FIFO")
	}
	if b, err := os.ReadFile(entry); err != nil || !whole(b) {
		t.Fatalf("the FIFO was not replaced by a whole entry (%v)", err)
	}
}
