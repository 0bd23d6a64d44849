package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"errdex/render"
)

// The live-reload endpoints. They live under a prefix no page of the site
// can have (the build writes no "__errdex/").
const (
	reloadPath       = "/__errdex/reload"    // the server-sent event stream
	reloadScriptPath = "/__errdex/reload.js" // the script that listens to it
)

// reloadTag is what every HTML page served gets before </body>: the
// live-reload script, as a file of the site's origin, so that the
// Content-Security-Policy (no inline scripts) allows it.
const reloadTag = `<script src="` + reloadScriptPath + `" defer></script>`

// reloadScript reloads the page when the server says the site was rebuilt,
// and shows the build error the server sends while the last rebuild fails.
// It closes the stream when the page is hidden (navigated away from, or
// kept in the back/forward cache): a browser opens at most six HTTP/1.1
// connections to a host, and every stream left open holds one. It styles
// the banner through CSSOM, which style-src 'self' allows (a style
// attribute in the HTML it would block).
const reloadScript = `(function () {
  "use strict";
  var es = null, banner = null;
  function connect() {
    es = new EventSource("` + reloadPath + `");
    es.onmessage = function (e) { if (e.data === "reload") location.reload(); };
    es.addEventListener("builderror", function (e) { show(e.data); });
  }
  function show(text) {
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "errdex-build-error";
      banner.setAttribute("role", "alert");
      var s = banner.style;
      s.position = "fixed"; s.bottom = "0"; s.left = "0"; s.right = "0"; s.zIndex = "1000";
      s.background = "#b00020"; s.color = "#fff"; s.padding = "1rem";
      s.font = "14px monospace"; s.whiteSpace = "pre-wrap";
      document.body.appendChild(banner);
    }
    banner.textContent = "errdex: the last rebuild failed; showing the previous site.\n" + text;
  }
  addEventListener("pagehide", function () { if (es) { es.close(); es = null; } });
  addEventListener("pageshow", function (e) { if (e.persisted) location.reload(); });
  connect();
})();
`

// gzipMinSize is the size under which a file is sent as it is: the gzip
// header and the round trip to compress outweigh the bytes saved.
const gzipMinSize = 512

// securityHeaders are sent with every response (docs/hosting.md).
var securityHeaders = [][2]string{
	{"Content-Security-Policy", render.ContentSecurityPolicy},
	{"X-Content-Type-Options", "nosniff"},
	{"X-Frame-Options", "DENY"},
	{"Referrer-Policy", "strict-origin-when-cross-origin"},
}

// siteHandler serves a site built into memory: http.FileServerFS over the
// current build generation, with the live-reload endpoints, the reload
// script added to every page, gzip (compressed once per generation),
// 404.html for unknown paths, redirects only to clean paths of the site,
// and the security headers on every response. errdex serve and the
// browser tests serve through it.
type siteHandler struct {
	gen    atomic.Pointer[generation]
	mu     sync.Mutex
	change chan struct{} // closed and replaced by every update
	quit   chan struct{} // closed by close, ending reload streams
	closed sync.Once
}

// generation is one build of the site and what is derived from it. An
// update replaces it as a whole, so nothing of an old build outlives the
// requests still serving it.
type generation struct {
	files map[string][]byte
	// deferred makes the files of the site the build left for the first
	// request (data/errdex.json, the search index); nil for none.
	deferred *render.Deferred
	dirs     map[string]bool // every directory that holds a file, "." included
	buildErr error           // why the last rebuild failed, nil when it did not
	fs       *siteFS
	server   http.Handler // http.FileServerFS(fs)

	gzMu        sync.Mutex
	gz          map[string]*gzFile
	compressing atomic.Int64 // files compressed, for tests
}

// gzFile is the compressed body of one file, made once.
type gzFile struct {
	once sync.Once
	data []byte
}

// newSiteHandler serves files, a site as render.Files returns it, or
// with deferred (not nil) as render.FilesDeferred does.
func newSiteHandler(files map[string][]byte, deferred *render.Deferred) *siteHandler {
	h := &siteHandler{change: make(chan struct{}), quit: make(chan struct{})}
	h.gen.Store(newGeneration(files, deferred, nil))
	return h
}

func newGeneration(files map[string][]byte, deferred *render.Deferred, buildErr error) *generation {
	g := &generation{files: files, deferred: deferred, dirs: map[string]bool{".": true}, buildErr: buildErr, gz: map[string]*gzFile{}}
	for name := range files {
		g.addDirs(name)
	}
	for _, name := range deferred.Names() {
		g.addDirs(name)
	}
	g.fs = &siteFS{g: g}
	g.server = http.FileServerFS(g.fs)
	return g
}

// addDirs notes the directories that hold the file name.
func (g *generation) addDirs(name string) {
	for d := path.Dir(name); d != "." && !g.dirs[d]; d = path.Dir(d) {
		g.dirs[d] = true
	}
}

// file is the site's file name as built: made by the build, or by the
// deferred files' maker on the first request for one of them. ok is
// false when the site has no such file; err is why a deferred file could
// not be made.
func (g *generation) file(name string) (data []byte, ok bool, err error) {
	if data, ok := g.files[name]; ok {
		return data, true, nil
	}
	return g.deferred.File(name)
}

// has reports whether the site has a file at name; a deferred file that
// cannot be made is not there.
func (g *generation) has(name string) bool {
	_, ok, _ := g.file(name)
	return ok
}

// update replaces the site with files and deferred, or, when the rebuild
// failed (files nil), keeps the site and shows buildErr on every page;
// either way open pages are told to reload.
func (h *siteHandler) update(files map[string][]byte, deferred *render.Deferred, buildErr error) {
	if files == nil {
		old := h.gen.Load()
		files, deferred = old.files, old.deferred
	}
	h.gen.Store(newGeneration(files, deferred, buildErr))
	h.mu.Lock()
	close(h.change)
	h.change = make(chan struct{})
	h.mu.Unlock()
}

// close ends the open reload streams, so that a server can shut down.
func (h *siteHandler) close() { h.closed.Do(func() { close(h.quit) }) }

func (h *siteHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, kv := range securityHeaders {
		w.Header().Set(kv[0], kv[1])
	}
	w.Header().Set("Cache-Control", "no-cache")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case reloadPath:
		h.events(w, r)
		return
	case reloadScriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		http.ServeContent(w, r, "reload.js", time.Time{}, strings.NewReader(reloadScript))
		return
	}

	g := h.gen.Load()
	clean := path.Clean("/" + r.URL.Path)
	name := strings.TrimPrefix(clean, "/")
	_, isFile, err := g.file(name)
	if err != nil {
		// Made by the build, the file would have failed it: say why.
		http.Error(w, "errdex serve: "+err.Error(), http.StatusInternalServerError)
		return
	}
	isDir := !isFile && g.has(path.Join(name, "index.html"))
	if !isFile && !isDir {
		g.serveBytes(w, r, http.StatusNotFound, "404.html")
		return
	}
	if isDir && clean != "/" {
		clean += "/"
	}
	if r.URL.Path != clean {
		redirect(w, r, clean)
		return
	}
	file := name
	if isDir {
		file = path.Join(name, "index.html")
	} else if path.Base(name) == "index.html" {
		// http.FileServer answers .../index.html with a redirect to ./,
		// but pages built without a base URL link to index.html: serve
		// the directory, which is the same file.
		r2 := *r
		u := *r.URL
		u.Path, u.RawPath = strings.TrimSuffix(clean, "index.html"), ""
		r2.URL = &u
		r = &r2
	}
	if g.gzipped(w, r, file) {
		return
	}
	g.server.ServeHTTP(w, r)
}

// redirect sends the client to the clean path of the site that its
// request names: a path-only, same-origin location, with the path escaped
// so that no browser can read it as another host ("//host", "/\host").
func redirect(w http.ResponseWriter, r *http.Request, clean string) {
	loc := (&url.URL{Path: clean}).EscapedPath()
	if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, `/\`) {
		http.NotFound(w, r) // cannot happen after path.Clean and escaping; never redirect off-site
		return
	}
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", loc)
	w.WriteHeader(http.StatusMovedPermanently)
}

// body is what is served for the site's file name: the file, with the
// live-reload script added to HTML pages.
func (g *generation) body(name string) []byte {
	data, _, _ := g.file(name)
	if !strings.HasSuffix(name, ".html") {
		return data
	}
	i := bytes.LastIndex(data, []byte("</body>"))
	if i < 0 {
		i = len(data) // the minifier may drop </body>: the end is the body's end
	}
	out := make([]byte, 0, len(data)+len(reloadTag))
	out = append(out, data[:i]...)
	out = append(out, reloadTag...)
	return append(out, data[i:]...)
}

// contentType is the Content-Type of the site's file name.
func contentType(name string) string {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// compressible reports whether the site's file name is of a type gzip
// makes smaller (text; not images or archives).
func compressible(name string) bool {
	switch path.Ext(name) {
	case ".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".md", ".tsv", ".csv", ".webmanifest":
		return true
	}
	return false
}

// gzipBody is the compressed body of the site's file name, compressed the
// first time it is asked for in this generation; nil when the file is not
// worth compressing.
func (g *generation) gzipBody(name string) []byte {
	if data, _, _ := g.file(name); !compressible(name) || len(data) < gzipMinSize {
		return nil
	}
	g.gzMu.Lock()
	f := g.gz[name]
	if f == nil {
		f = &gzFile{}
		g.gz[name] = f
	}
	g.gzMu.Unlock()
	f.once.Do(func() {
		g.compressing.Add(1)
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(g.body(name)) // writes to a bytes.Buffer do not fail
		zw.Close()
		f.data = buf.Bytes()
	})
	return f.data
}

// gzipped serves the site's file name compressed when it is compressible
// and the client takes gzip, and reports whether it did. It always adds
// Vary: Accept-Encoding to a compressible file's response.
func (g *generation) gzipped(w http.ResponseWriter, r *http.Request, name string) bool {
	if !compressible(name) {
		return false
	}
	w.Header().Add("Vary", "Accept-Encoding")
	if !acceptsGzip(r.Header.Values("Accept-Encoding")) {
		return false
	}
	data := g.gzipBody(name)
	if data == nil {
		return false
	}
	w.Header().Set("Content-Encoding", "gzip")
	// Not http.ServeContent: it leaves out Content-Length when there is a
	// Content-Encoding. A Range is ignored, as a server may.
	writeBody(w, r, http.StatusOK, contentType(name), data)
	return true
}

// serveBytes serves the site's file name with status, compressed when the
// client takes it; for 404.html, which http.FileServer would serve as 200.
func (g *generation) serveBytes(w http.ResponseWriter, r *http.Request, status int, name string) {
	data := g.body(name)
	if compressible(name) {
		w.Header().Add("Vary", "Accept-Encoding")
		if gz := g.gzipBody(name); gz != nil && acceptsGzip(r.Header.Values("Accept-Encoding")) {
			w.Header().Set("Content-Encoding", "gzip")
			data = gz
		}
	}
	writeBody(w, r, status, contentType(name), data)
}

// writeBody sends data with status, and its length; none of it for HEAD.
func writeBody(w http.ResponseWriter, r *http.Request, status int, ctype string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// acceptsGzip reports whether Accept-Encoding header values take gzip
// (RFC 9110, section 12.5.3): gzip (or x-gzip) with a q-value above 0, or
// else "*" with one; and, when identity is named, not less than it.
func acceptsGzip(values []string) bool {
	gzipQ, starQ, identityQ := -1.0, -1.0, -1.0
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			coding, params, _ := strings.Cut(part, ";")
			q := 1.0
			for _, p := range strings.Split(params, ";") {
				k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
				if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
					f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
					if err != nil || f < 0 || f > 1 {
						f = 0 // a malformed q-value does not make a coding acceptable
					}
					q = f
				}
			}
			switch strings.ToLower(strings.TrimSpace(coding)) {
			case "gzip", "x-gzip":
				gzipQ = max(gzipQ, q)
			case "*":
				starQ = max(starQ, q)
			case "identity":
				identityQ = max(identityQ, q)
			}
		}
	}
	if gzipQ < 0 {
		gzipQ = starQ
	}
	return gzipQ > 0 && gzipQ >= identityQ
}

// events streams "reload" whenever the site is updated and, while the last
// rebuild failed, the error as a "builderror" event.
func (h *siteHandler) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	h.mu.Lock()
	ch := h.change
	h.mu.Unlock()
	// Read the generation after the channel: an update in between closes ch.
	g := h.gen.Load()
	w.Header().Set("Content-Type", "text/event-stream")
	fmt.Fprint(w, ": connected\n\n")
	if g.buildErr != nil {
		io.WriteString(w, "event: builderror\n")
		for _, line := range strings.Split(g.buildErr.Error(), "\n") {
			fmt.Fprintf(w, "data: %s\n", strings.TrimRight(line, "\r"))
		}
		io.WriteString(w, "\n")
	}
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-h.quit:
			return
		case <-ch:
			fmt.Fprint(w, "data: reload\n\n")
			fl.Flush()
			h.mu.Lock()
			ch = h.change
			h.mu.Unlock()
		}
	}
}

// siteFS is a generation's files as a file system for http.FileServerFS,
// HTML pages with the live-reload script.
type siteFS struct{ g *generation }

// Open opens a file or directory of the site.
func (s *siteFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if s.g.has(name) {
		data := s.g.body(name)
		return &memFile{Reader: bytes.NewReader(data), info: memInfo{name: path.Base(name), size: int64(len(data))}}, nil
	}
	if s.g.dirs[name] {
		return &memFile{Reader: bytes.NewReader(nil), info: memInfo{name: path.Base(name), dir: true}}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// memFile is an open file of a siteFS; it seeks, as http.FileServerFS needs.
type memFile struct {
	*bytes.Reader
	info memInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

// memInfo describes a file of a siteFS. It has no modification time: the
// server sends Cache-Control: no-cache and the body again.
type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }
