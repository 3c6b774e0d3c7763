package jit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	goruntime "runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tetratelabs/wazero"

	"cpu32/cpu"
	"cpu32/internal/limited"
)

// The file cache of compiled code. wazero keeps a module's machine code
// in a file named by a hash of the module's bytes (and of the processor's
// features), so that a program compiled once is ready in milliseconds the
// next time; the module's bytes hold everything the code depends on (the
// program, the memory's size, the stack's bounds, the entries). But wazero
// trusts the file: it checks a CRC of the code, not the function offsets
// before it nor the counts that size its allocations, so a file damaged
// there (a disk, a copy cut short, another program's write) jumps into the
// middle of the code, a crash or wrong results, or allocates gigabytes.
// And it tells versions apart only by wazero's version string, the same
// for a build against a patched wazero.
//
// So wazero never sees the cache's folder. Each file it would keep is
// sealed into an entry of ours (sealed, below): named by a hash of cpu32's
// build and the module's bytes, with a SHA-256 of the whole. wazero gets a
// folder of its own for each compile (a staging folder, private to the
// process), holding at most the one file it will ask for, unsealed from an
// entry that verified; the file it writes after compiling afresh is
// sealed into the cache, and the staging folder is emptied and removed.
// The seal is against damage, not against a forger: whoever may write the
// user's cache folder may write a seal too, as they may the user's
// programs.

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

// entryFormat is the version of the entries' layout, in their folder's
// name (code-N): another layout is never read, only pruned.
const entryFormat = 1

// entryMagic starts every entry.
var entryMagic = [8]byte{'c', 'p', 'u', '3', '2', 'j', 'i', 't'}

// An entry is entryMagic, the name wazero gives the file (64 hex digits:
// its key, which covers the processor's features), the length of the
// file's bytes (8 bytes, little-endian), a SHA-256 of all that and the
// bytes, then the bytes.
const (
	entryName   = 64
	entryHeader = len(entryMagic) + entryName + 8 + sha256.Size
)

// entriesDir is the folder of the entries under the cache's folder.
func entriesDir(dir string) string { return filepath.Join(dir, fmt.Sprintf("code-%d", entryFormat)) }

// buildID is a hash of everything in cpu32's build that compiled code
// may depend on besides the module: Go's version, the platform, and the
// build's modules with their versions, sums and replacements (wazero's
// among them, patched or not) and settings.
var buildID = sync.OnceValue(func() []byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s %s/%s\n", goruntime.Version(), goruntime.GOOS, goruntime.GOARCH)
	if info, ok := debug.ReadBuildInfo(); ok {
		io.WriteString(h, info.String())
	}
	return h.Sum(nil)
})

// entryKey names the entry of a module: a hash of cpu32's build and of
// the module's bytes.
func entryKey(bin []byte) string {
	h := sha256.New()
	h.Write(buildID())
	h.Write(bin)
	return hex.EncodeToString(h.Sum(nil))
}

// seal returns the entry that keeps data, the file wazero wrote as name.
func seal(name string, data []byte) []byte {
	b := make([]byte, entryHeader, entryHeader+len(data))
	copy(b, entryMagic[:])
	copy(b[len(entryMagic):], name)
	binary.LittleEndian.PutUint64(b[len(entryMagic)+entryName:], uint64(len(data)))
	b = append(b, data...)
	sum := entrySum(b)
	copy(b[entryHeader-sha256.Size:], sum[:])
	return b
}

// entrySum is the SHA-256 of an entry's bytes but its own.
func entrySum(b []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write(b[:entryHeader-sha256.Size])
	h.Write(b[entryHeader:])
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// unseal returns the name and the bytes an entry keeps, or ok false when
// it is not whole: cut short, longer, or changed anywhere.
func unseal(b []byte) (name string, data []byte, ok bool) {
	if len(b) < entryHeader || !bytes.Equal(b[:len(entryMagic)], entryMagic[:]) {
		return "", nil, false
	}
	name = string(b[len(entryMagic) : len(entryMagic)+entryName])
	if _, err := hex.DecodeString(name); err != nil {
		return "", nil, false
	}
	if n := binary.LittleEndian.Uint64(b[len(entryMagic)+entryName:]); n != uint64(len(b)-entryHeader) {
		return "", nil, false
	}
	if sum := entrySum(b); !bytes.Equal(sum[:], b[entryHeader-sha256.Size:entryHeader]) {
		return "", nil, false
	}
	return name, b[entryHeader:], true
}

// staging is the folder, private to the process, where a runtime's wazero
// keeps its files during a compile.
type staging struct {
	sync.Mutex        // one compile at a time: the file wazero writes is then that compile's
	root       string // the folder given to wazero, under the cache's folder
	files      string // the folder of wazero's files in it (wazero-VERSION-ARCH-OS)
}

// stagings holds the staging folder of each cache folder's runtime.
var stagings struct {
	sync.Mutex
	of map[string]*staging
}

// newCompilationCache makes the compilation cache of a runtime that keeps
// compiled code in the cache folder dir: wazero's file cache, in a
// staging folder of the process's own under dir.
func newCompilationCache(dir string) (wazero.CompilationCache, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	root, err := os.MkdirTemp(dir, fmt.Sprintf("staging-%d-", os.Getpid()))
	if err != nil {
		return nil, err
	}
	cc, err := wazero.NewCompilationCacheWithDir(root)
	if err != nil {
		os.RemoveAll(root)
		return nil, err
	}
	files, _ := filepath.Glob(filepath.Join(root, "wazero-*"))
	if len(files) != 1 {
		os.RemoveAll(root)
		return nil, fmt.Errorf("wazero made %d folders in %s, not one", len(files), root)
	}
	st := &staging{root: root, files: files[0]}
	st.removeAll()
	stagings.Lock()
	defer stagings.Unlock()
	if stagings.of == nil {
		stagings.of = make(map[string]*staging)
	}
	stagings.of[dir] = st
	return cc, nil
}

// removeAll removes the staging folder: nothing of it is left between
// two compiles.
func (st *staging) removeAll() { os.RemoveAll(st.root) }

// compileCached compiles bin with r, whose cache folder is dir: through
// the entries of the cache when r is that folder's runtime (it has a
// staging folder), else as r does. It reports whether it wrote an entry.
func compileCached(ctx context.Context, r wazero.Runtime, dir string, bin []byte) (wazero.CompiledModule, bool, error) {
	stagings.Lock()
	st := stagings.of[dir]
	stagings.Unlock()
	if st == nil || dir == "" {
		cm, err := r.CompileModule(ctx, bin)
		return cm, false, err
	}
	st.Lock()
	defer st.Unlock()
	defer st.removeAll()
	_, max := cacheDir()
	if os.MkdirAll(st.files, 0o700) != nil {
		cm, err := r.CompileModule(ctx, bin) // wazero finds nothing, and its write fails: a compile
		return cm, false, err
	}
	entry := filepath.Join(entriesDir(dir), entryKey(bin))
	staged := ""
	if b, err := limited.ReadRegularFile(entry, max, "an entry"); err == nil {
		if name, data, ok := unseal(b); !ok {
			os.Remove(entry)
		} else if os.WriteFile(filepath.Join(st.files, name), data, 0o600) == nil {
			staged = name
		}
	}
	cm, err := r.CompileModule(ctx, bin)
	wrote := err == nil && st.keep(entry, staged, max)
	return cm, wrote, err
}

// keep seals the file wazero wrote into the staging folder, if it wrote
// one (it compiled afresh), into entry, and reports whether it did;
// staged is the file it was given. A failure only loses the entry.
func (st *staging) keep(entry, staged string, max int64) bool {
	files, _ := os.ReadDir(st.files)
	for _, f := range files {
		name := f.Name()
		if name == staged || len(name) != entryName || !f.Type().IsRegular() {
			continue
		}
		data, err := limited.ReadRegularFile(filepath.Join(st.files, name), max-int64(entryHeader), "an entry")
		// Not synced: an entry a crash leaves half written fails its
		// check, and costs a compile.
		return err == nil && writeCacheFile(entry, seal(name, data))
	}
	return false
}

// writeCacheFile writes b to path through a temporary file beside it, made
// with its folder if need be, and reports whether it did: a failure only
// loses what the cache would have kept.
func writeCacheFile(path string, b []byte) bool {
	dir := filepath.Dir(path)
	if os.MkdirAll(dir, 0o700) != nil {
		return false
	}
	f, err := os.CreateTemp(dir, filepath.Base(dir)+"-*.tmp")
	if err != nil {
		return false
	}
	_, werr := f.Write(b)
	if cerr := f.Close(); werr != nil || cerr != nil || os.Rename(f.Name(), path) != nil {
		os.Remove(f.Name())
		return false
	}
	return true
}

// The cache also keeps, for each program Auto compiled, the addresses
// that were hot when it did, in a file of its own under hot/ named by a
// hash of the program and the machine's sizes: a program's next run
// compiles them at once. They decide only which parts compile, never
// what the code does, so a stale or foreign file costs at most a compile.

// hotKey names the file of c's hot addresses.
func hotKey(c *cpu.CPU) string {
	ws := append([]uint32{hotFormat, c.Program().Entry, uint32(len(c.Memory().Words())), uint32(c.StackSize())}, c.Program().Code...)
	b := make([]byte, 0, 4*len(ws))
	for _, w := range ws {
		b = binary.LittleEndian.AppendUint32(b, w)
	}
	h := sha256.Sum256(b) // in one piece: a write a word costs more than the hash
	return hex.EncodeToString(h[:])
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
	// Only a regular file: a FIFO put there must not hold the run.
	b, err := limited.ReadRegularFile(filepath.Join(dir, "hot", hotKey(c)), 4*maxHotFile, "hot addresses")
	if err != nil || len(b) == 0 || len(b)%4 != 0 {
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
	b := make([]byte, 4*len(hot))
	for i, a := range hot {
		binary.LittleEndian.PutUint32(b[4*i:], a)
	}
	writeCacheFile(filepath.Join(dir, "hot", hotKey(c)), b)
}

// forgetHot removes the hot addresses kept for c's program: code compiled
// for them proved slower than the interpreter, and a later run must not
// compile them at once again (only to drop them again at its judgement).
func forgetHot(c *cpu.CPU) {
	if dir, _ := cacheDir(); dir != "" {
		os.Remove(filepath.Join(dir, "hot", hotKey(c)))
	}
}

// cacheFile is a file of the cache.
type cacheFile struct {
	path string
	size int64
	mod  time.Time
}

// cacheFiles lists the regular files of the cache under dir, oldest
// first: the entries (code-N, those of other layouts included), the hot
// addresses (hot/), and the files wazero kept there itself before cpu32
// sealed them (a folder per version, wazero-VERSION-ARCH-OS, which only
// pruning reads now).
func cacheFiles(dir string) []cacheFile {
	folders, _ := filepath.Glob(filepath.Join(dir, "code-*"))
	old, _ := filepath.Glob(filepath.Join(dir, "wazero-*"))
	folders = append(append(folders, old...), filepath.Join(dir, "hot"))
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
// hold more than max bytes, until they hold three quarters of it, the
// temporary files an interrupted write left (an hour old), and the
// staging folders of processes that ended during a compile (one that
// exits while it compiles in the background leaves its own), or of an
// hour ago.
func pruneCache(dir string, max int64) {
	roots, _ := filepath.Glob(filepath.Join(dir, "staging-*"))
	for _, r := range roots {
		var pid int
		fmt.Sscanf(filepath.Base(r), "staging-%d-", &pid)
		st, err := os.Lstat(r)
		if err == nil && st.IsDir() && pid != os.Getpid() && (!alive(pid) || time.Since(st.ModTime()) > time.Hour) {
			os.RemoveAll(r)
		}
	}
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

// alive reports whether the process pid may still run: a process that
// ended is known on Unix only (Windows' FindProcess finds only live ones).
func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	defer p.Release()
	return goruntime.GOOS == "windows" || !errors.Is(p.Signal(syscall.Signal(0)), os.ErrProcessDone)
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
