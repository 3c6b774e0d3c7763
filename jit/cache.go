package jit

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// The file cache of compiled code: wazero's compilation cache, which keeps
// each module's machine code in a file named by a hash of the module's
// bytes (and of wazero's version and the processor's features), so that
// a program compiled once is ready in milliseconds the next time. The
// module's bytes hold everything the code depends on (the program, the
// memory's size, the stack's bounds, the entries), so an entry found is
// always the right code.
var cache struct {
	sync.Mutex
	dir string // "" keeps none
	max int64  // bytes, over all entries
}

// UseCache keeps compiled code in files under dir, at most max bytes of
// them (the oldest go first), from the next compile on; dir "" keeps none.
// A folder that cannot be made or written, or an entry that cannot be
// read back, is never an error: the program is compiled again.
func UseCache(dir string, max int64) {
	cache.Lock()
	defer cache.Unlock()
	cache.dir, cache.max = dir, max
}

// cacheDir returns the cache's folder and bound, or "" when there is none.
func cacheDir() (string, int64) {
	cache.Lock()
	defer cache.Unlock()
	return cache.dir, cache.max
}

// cacheFile is a file of the cache.
type cacheFile struct {
	path string
	size int64
	mod  time.Time
}

// cacheFiles lists the regular files of the cache under dir (wazero keeps
// them in a folder per version, wazero-VERSION-ARCH-OS), those of other
// versions included, oldest first.
func cacheFiles(dir string) []cacheFile {
	folders, _ := filepath.Glob(filepath.Join(dir, "wazero-*"))
	var files []cacheFile
	for _, f := range folders {
		entries, err := os.ReadDir(f)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if info, err := e.Info(); err == nil && info.Mode().IsRegular() {
				files = append(files, cacheFile{filepath.Join(f, e.Name()), info.Size(), info.ModTime()})
			}
		}
	}
	slices.SortFunc(files, func(a, b cacheFile) int { return a.mod.Compare(b.mod) })
	return files
}

// pruneCache removes the oldest files of the cache under dir, when they
// hold more than max bytes, until they hold three quarters of it, and the
// temporary files an interrupted write left (an hour old).
func pruneCache(dir string, max int64) {
	files := cacheFiles(dir)
	var total int64
	for _, f := range files {
		total += f.size
	}
	over := total > max
	for _, f := range files {
		stale := strings.HasSuffix(f.path, ".tmp") && time.Since(f.mod) > time.Hour
		if (stale || over && total > max/4*3) && os.Remove(f.path) == nil {
			total -= f.size
		}
	}
}

// clearCache removes every file of the cache under dir: one could not be
// read back (cut short, or written by something else).
func clearCache(dir string) {
	for _, f := range cacheFiles(dir) {
		os.Remove(f.path)
	}
}

// writable reports whether a file can be made in dir.
func writable(dir string) bool {
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}
