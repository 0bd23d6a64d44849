package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"log"
	"mime"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"errdex/render"
)

func cmdServe(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	var sf siteFlags
	sf.register(fs, false)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return serve(ctx, ln, sf, stdout)
}

// server serves a site built into memory and rebuilds it when its inputs change.
type server struct {
	sf     siteFlags
	log    *log.Logger
	mu     sync.RWMutex
	files  map[string][]byte
	gen    int           // build generation, bumped by every successful rebuild
	change chan struct{} // closed and replaced on every rebuild
	err    error         // last build error, shown on every page until fixed
	quit   chan struct{} // closed on shutdown, ending reload streams
}

// serve builds the site, serves it on ln, and watches the content,
// templates and static directories until ctx is done.
func serve(ctx context.Context, ln net.Listener, sf siteFlags, out io.Writer) error {
	s := &server{sf: sf, log: log.New(out, "errdex serve: ", 0), change: make(chan struct{}), quit: make(chan struct{})}
	if err := s.rebuild(); err != nil {
		return err
	}
	w, err := s.watch()
	if err != nil {
		return err
	}
	defer w.Close()
	go s.loop(ctx, w)

	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.log.Printf("serving http://%s/ (Ctrl-C to stop)", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Printf("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	close(s.quit) // end open reload streams
	if err := hs.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// rebuild renders the site into memory; on failure the old site stays up
// and the error is shown in the page.
func (s *server) rebuild() error {
	start := time.Now()
	cat, _, err := load(s.sf.content)
	var files map[string][]byte
	var o render.Options
	if err == nil {
		o, err = s.sf.options("")
	}
	if err == nil {
		files, err = render.Files(cat, o)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.err = err
	if err != nil {
		s.log.Printf("build failed: %v", err)
		if s.files == nil {
			return err
		}
	} else {
		s.files = files
		s.gen++
		s.log.Printf("built %d files in %v", len(files), time.Since(start).Round(time.Millisecond))
	}
	close(s.change)
	s.change = make(chan struct{})
	return nil
}

// watch watches every directory the site is built from.
func (s *server) watch() (*fsnotify.Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("serve: watch: %w", err)
	}
	for _, root := range []string{s.sf.content, s.sf.templates, s.sf.static} {
		if root == "" {
			continue
		}
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return w.Add(p)
			}
			return nil
		})
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("serve: watch %s: %w", root, err)
		}
	}
	return w, nil
}

// loop rebuilds after changes, waiting for a quiet moment so that an editor's
// burst of writes gives one rebuild.
func (s *server) loop(ctx context.Context, w *fsnotify.Watcher) {
	var timer <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					_ = w.Add(ev.Name)
				}
			}
			timer = time.After(150 * time.Millisecond)
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			s.log.Printf("watch: %v", err)
		case <-timer:
			timer = nil
			_ = s.rebuild()
		}
	}
}

const reloadPath = "/__errdex/reload"

// reloadScript reloads the page when the server says the site was rebuilt.
const reloadScript = `<script>(function(){var es=new EventSource("` + reloadPath + `");es.onmessage=function(e){if(e.data==="reload")location.reload()}})();</script>`

// ServeHTTP serves the site from memory: pages with the live-reload script,
// 404.html for unknown paths, gzip when the client takes it.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == reloadPath {
		s.events(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	s.mu.RLock()
	files, buildErr := s.files, s.err
	s.mu.RUnlock()
	status := http.StatusOK
	data, ok := files[name]
	if !ok {
		if d, ok2 := files[strings.TrimSuffix(name+"/", "/")+"/index.html"]; ok2 && name != "" {
			if !strings.HasSuffix(r.URL.Path, "/") {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			data, ok = d, true
			name += "/index.html"
		} else if d, ok2 := files["index.html"]; ok2 && name == "" {
			data, ok, name = d, true, "index.html"
		}
	}
	if !ok {
		status, data, name = http.StatusNotFound, files["404.html"], "404.html"
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	if strings.HasSuffix(name, ".html") {
		data = injectReload(data, buildErr)
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Add("Vary", "Accept-Encoding")
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") && len(data) > 512 {
		h.Set("Content-Encoding", "gzip")
		w.WriteHeader(status)
		if r.Method == http.MethodHead {
			return
		}
		gz := gzip.NewWriter(w)
		gz.Write(data)
		gz.Close()
		return
	}
	h.Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// injectReload adds the live-reload script, and the build error if the
// last rebuild failed, to an HTML page.
func injectReload(page []byte, buildErr error) []byte {
	extra := reloadScript
	if buildErr != nil {
		extra = `<div role="alert" style="position:fixed;bottom:0;left:0;right:0;background:#b00020;color:#fff;padding:1rem;font:14px monospace;white-space:pre-wrap">errdex: the last rebuild failed; showing the previous site.` + "\n" +
			htmlEscape(buildErr.Error()) + `</div>` + extra
	}
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(append([]byte(nil), page...), extra...)
	}
	out := make([]byte, 0, len(page)+len(extra))
	out = append(out, page[:i]...)
	out = append(out, extra...)
	return append(out, page[i:]...)
}

func htmlEscape(s string) string { return html.EscapeString(s) }

// events streams "reload" to the page whenever the site is rebuilt.
func (s *server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	fmt.Fprint(w, ": connected\n\n")
	fl.Flush()
	for {
		s.mu.RLock()
		ch := s.change
		s.mu.RUnlock()
		select {
		case <-r.Context().Done():
			return
		case <-s.quit:
			return
		case <-ch:
			fmt.Fprint(w, "data: reload\n\n")
			fl.Flush()
		}
	}
}
