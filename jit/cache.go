package jit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"cpu32/cpu"
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

// The cache also keeps, for each program Auto compiled, the addresses
// that were hot when it did, in a file of its own under hot/ named by a
// hash of the program and the machine's sizes: a program's next run
// compiles them at once. They decide only which parts compile, never
// what the code does, so a stale or foreign file costs at most a compile.

// hotKey names the file of c's hot addresses.
func hotKey(c *cpu.CPU) string {
	h := sha256.New()
	var b [4]byte
	for _, w := range append([]uint32{hotFormat, c.Program().Entry, uint32(len(c.Memory().Words())), uint32(c.StackSize())}, c.Program().Code...) {
		binary.LittleEndian.PutUint32(b[:], w)
		h.Write(b[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// hotFormat is the version of the files of hot addresses, in their key.
const hotFormat = 1

// maxHotFile bounds the hot addresses kept for a program.
const maxHotFile = 4096

// recallHot returns the hot addresses kept for c's program, or nil.
func recallHot(c *cpu.CPU) []uint32 {
	dir, _ := cacheDir()
	if dir == "" {
		return nil
	}
	f, err := os.Open(filepath.Join(dir, "hot", hotKey(c)))
	if err != nil {
		return nil
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 4*maxHotFile+1))
	if err != nil || len(b) == 0 || len(b)%4 != 0 || len(b) > 4*maxHotFile {
		return nil
	}
	hot := make([]uint32, len(b)/4)
	for i := range hot {
		hot[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return hot
}

// rememberHot keeps hot, the addresses c's program was compiled for, for
// its next run; any error only loses them.
func rememberHot(c *cpu.CPU, hot []uint32) {
	dir, _ := cacheDir()
	if dir == "" || len(hot) == 0 {
		return
	}
	hot = hot[:min(len(hot), maxHotFile)]
	folder := filepath.Join(dir, "hot")
	if os.MkdirAll(folder, 0o700) != nil {
		return
	}
	b := make([]byte, 4*len(hot))
	for i, a := range hot {
		binary.LittleEndian.PutUint32(b[4*i:], a)
	}
	f, err := os.CreateTemp(folder, "hot-*.tmp")
	if err != nil {
		return
	}
	_, werr := f.Write(b)
	if cerr := f.Close(); werr != nil || cerr != nil || os.Rename(f.Name(), filepath.Join(folder, hotKey(c))) != nil {
		os.Remove(f.Name())
	}
}

// cacheFile is a file of the cache.
type cacheFile struct {
	path string
	size int64
	mod  time.Time
}

// cacheFiles lists the regular files of the cache under dir (wazero keeps
// them in a folder per version, wazero-VERSION-ARCH-OS, those of other
// versions included; the hot addresses are in hot/), oldest first.
func cacheFiles(dir string) []cacheFile {
	folders, _ := filepath.Glob(filepath.Join(dir, "wazero-*"))
	folders = append(folders, filepath.Join(dir, "hot"))
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
