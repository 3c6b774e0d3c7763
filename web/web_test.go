package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"cpu32/web"
)

var site = fstest.MapFS{
	"index.html":  {Data: []byte("<!doctype html><title>x</title>")},
	"engine.wasm": {Data: []byte("\x00asm\x01\x00\x00\x00")},
	"app.js":      {Data: []byte("let a = 1;")},
}

func get(t *testing.T, h http.Handler, method, path string, gz bool) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	if gz {
		req.Header.Set("Accept-Encoding", "gzip, br")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) string {
	t.Helper()
	var rd io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		z, err := gzip.NewReader(r.Body)
		require.NoError(t, err)
		rd = z
	}
	b, err := io.ReadAll(rd)
	require.NoError(t, err)
	return string(b)
}

func TestHandler(t *testing.T) {
	h := web.Handler(site, []byte("prn 7\n"))
	for _, c := range []struct {
		path, ctype, body string
		gz                bool
	}{
		{"/", "text/html; charset=utf-8", "<!doctype html><title>x</title>", true},
		{"/index.html", "text/html; charset=utf-8", "<!doctype html><title>x</title>", false},
		{"/engine.wasm", "application/wasm", "\x00asm\x01\x00\x00\x00", true},
		{"/app.js", "text/javascript; charset=utf-8", "let a = 1;", true},
		{"/start.asm", "text/plain; charset=utf-8", "prn 7\n", false},
	} {
		r := get(t, h, "GET", c.path, c.gz)
		assert.Equal(t, http.StatusOK, r.StatusCode, c.path)
		assert.Equal(t, c.ctype, r.Header.Get("Content-Type"), c.path)
		assert.Equal(t, c.gz, r.Header.Get("Content-Encoding") == "gzip", c.path)
		assert.Equal(t, c.body, body(t, r), c.path)
	}
	// The same compressed bytes twice: made once.
	a, b := get(t, h, "GET", "/app.js", true), get(t, h, "GET", "/app.js", true)
	ab, _ := io.ReadAll(a.Body)
	bb, _ := io.ReadAll(b.Body)
	assert.True(t, bytes.Equal(ab, bb))

	assert.Equal(t, http.StatusNotFound, get(t, h, "GET", "/nosuch.js", false).StatusCode)
	assert.Equal(t, http.StatusNotFound, get(t, web.Handler(site, nil), "GET", "/start.asm", false).StatusCode)
	assert.Equal(t, http.StatusNotFound, get(t, h, "GET", "/../../etc/passwd", false).StatusCode)
	assert.Equal(t, http.StatusMethodNotAllowed, get(t, h, "POST", "/", false).StatusCode)
}

func TestCheck(t *testing.T) {
	assert.Equal(t, web.ErrNoEngine, web.Check(site))
	full := fstest.MapFS{"engine.wasm": {}, "wasm_exec.js": {}}
	assert.NoError(t, web.Check(full))
}

func TestFilesEmbedded(t *testing.T) {
	for _, name := range []string{"index.html", "app.js", "worker.js", "style.css"} {
		_, err := fs.Stat(web.Files(), name)
		assert.NoError(t, err, name)
	}
	_, err := fs.Stat(web.Files(), ".gitignore")
	assert.Error(t, err, "dot files stay out")
}
