// Package web is cpu32's playground: a page with an editor and the whole
// debugger, whose engine (web/engine, compiled to WebAssembly by
// build.sh into static/engine.wasm) runs in the browser. It holds the
// page's files, embedded, and serves them; `cpu32 web` is its command.
package web

//go:generate sh build.sh

import (
	"bytes"
	"compress/gzip"
	"embed"
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed static
var static embed.FS

// Engine and Runtime are the files build.sh makes: the engine compiled to
// WebAssembly and Go's JavaScript support for it, of the same Go version.
const (
	Engine  = "engine.wasm"
	Runtime = "wasm_exec.js"
)

// StartFile is the name under which the handler serves the program the
// page opens with, when it has one.
const StartFile = "start.asm"

// ErrNoEngine says that this cpu32 was built without the engine.
var ErrNoEngine = errors.New("this cpu32 was built without the playground's engine: run `go generate ./web` (web/build.sh) and build cpu32 again")

// Files returns the page's files: index.html and what it loads.
func Files() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // "static" is a valid name
	}
	return sub
}

// Check reports ErrNoEngine when fsys lacks the engine.
func Check(fsys fs.FS) error {
	for _, name := range []string{Engine, Runtime} {
		if _, err := fs.Stat(fsys, name); err != nil {
			return ErrNoEngine
		}
	}
	return nil
}

// Handler serves the page's files from fsys, gzip-compressed for a browser
// that takes it, and start (when not nil) as StartFile.
func Handler(fsys fs.FS, start []byte) http.Handler {
	h := &handler{fsys: fsys, start: start, gz: map[string][]byte{}}
	return h
}

type handler struct {
	fsys  fs.FS
	start []byte
	mu    sync.Mutex
	gz    map[string][]byte // compressed files, made once: the files never change
}

// ServeHTTP serves one file.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "only GET and HEAD", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if name == "" {
		name = "index.html"
	}
	var data []byte
	var err error
	if name == StartFile && h.start != nil {
		data = h.start
	} else if data, err = fs.ReadFile(h.fsys, name); err != nil {
		http.NotFound(w, r)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	switch path.Ext(name) { // not every system's MIME table knows them
	case ".wasm":
		ctype = "application/wasm"
	case ".asm":
		ctype = "text/plain; charset=utf-8"
	case ".js":
		ctype = "text/javascript; charset=utf-8"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Add("Vary", "Accept-Encoding")
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		data = h.compressed(name, data)
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

// compressed returns data gzip-compressed, from the cache when it was
// compressed before.
func (h *handler) compressed(name string, data []byte) []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	if z, ok := h.gz[name]; ok {
		return z
	}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(data) // a bytes.Buffer does not fail
	zw.Close()
	h.gz[name] = b.Bytes()
	return b.Bytes()
}
