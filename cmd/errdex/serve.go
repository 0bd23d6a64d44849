package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	contentload "errdex/load"
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

// server builds a site into memory, serves it through a siteHandler and
// rebuilds it when its inputs change.
type server struct {
	sf      siteFlags
	log     *log.Logger
	handler *siteHandler // nil until the first build succeeds
	// cache keeps each source's harvest: a rebuild scrapes only the
	// sources whose snapshot (or manifest entry) changed.
	cache *contentload.Cache
	// files and records are the last successful build: a rebuild takes
	// from files every page whose inputs did not change.
	files   map[string][]byte
	records map[string]render.Record
}

// serveSalt is the salt of serve's builds (render.Options.Salt): the
// files a rebuild takes from were made by this process, with this
// program, so the salt need not name it.
const serveSalt = "errdex serve"

// serve builds the site, serves it on ln, and watches the content,
// templates and static directories until ctx is done.
func serve(ctx context.Context, ln net.Listener, sf siteFlags, out io.Writer) error {
	s := &server{sf: sf, log: log.New(out, "errdex serve: ", 0), cache: contentload.NewCache()}
	if err := s.rebuild(); err != nil {
		return err
	}
	w, err := s.watch()
	if err != nil {
		return err
	}
	defer w.Close()
	go s.loop(ctx, w)

	hs := &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}
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
	s.handler.close() // end open reload streams
	if err := hs.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// rebuild renders the site into memory; on failure the old site stays up
// and the error is shown in the page. After a successful rebuild nothing
// refers to the old site any more; its memory is handed back to the
// system at once, rather than kept by the Go runtime for the next build
// (docs/reliability.md, "errdex serve").
func (s *server) rebuild() error {
	err := s.build()
	debug.FreeOSMemory()
	return err
}

// build is rebuild without handing the memory back; the pages are told
// to reload when it returns.
func (s *server) build() error {
	start := time.Now()
	// While it builds, the process holds the old site, the new one and the
	// build's garbage: a lower GC target keeps that peak down (about 180 MB
	// instead of 250 for the shipped content), for some CPU. A rebuild
	// makes few files again and its garbage is less than the site: at
	// rebuildGCPercent it collects a few times rather than every few
	// milliseconds, and its peak stays below the first build's.
	percent := firstBuildGCPercent
	if s.files != nil {
		percent = rebuildGCPercent
	}
	defer debug.SetGCPercent(debug.SetGCPercent(percent))
	if s.cache == nil {
		s.cache = contentload.NewCache()
	}
	c, err := readContentCached(os.DirFS(s.sf.content), s.sf.content, s.cache)
	var files map[string][]byte
	var deferred *render.Deferred
	var stats render.WriteStats
	var o render.Options
	if err == nil {
		o, err = s.sf.options("")
	}
	if err == nil {
		o.Salt, o.Previous = serveSalt, s.records
		// data/errdex.json and the search index wait for the first
		// request that needs them: a reload does not.
		files, deferred, stats, err = render.FilesDeferred(c.Catalog, o, s.files)
	}
	if err != nil {
		s.log.Printf("build failed: %v", err)
		if s.handler == nil {
			return err
		}
		s.handler.update(nil, nil, err)
		return nil
	}
	s.files, s.records = files, make(map[string]render.Record, len(stats.Records))
	for _, r := range stats.Records {
		s.records[r.Name] = r
	}
	if s.handler == nil {
		s.handler = newSiteHandler(files, deferred)
	} else {
		s.handler.update(files, deferred, nil)
	}
	s.log.Printf("built %d files (%d made again) in %v", len(files), len(files)-stats.Reused, time.Since(start).Round(time.Millisecond))
	return nil
}

// The GC targets (debug.SetGCPercent) of serve's first build and of its
// rebuilds; docs/performance.md has what they cost.
const (
	firstBuildGCPercent = 25
	rebuildGCPercent    = 50
)

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

// reloadQuiet is how long serve waits after a change for the next one
// before it rebuilds: an editor's save is a burst of writes a few
// milliseconds apart (write a temporary file, rename it), which should
// give one rebuild; every millisecond of it is a millisecond more before
// the page reloads.
const reloadQuiet = 40 * time.Millisecond

// freeAfter is how long after a rebuild serve hands the memory the old
// site held back to the system.
const freeAfter = time.Second

// loop rebuilds after changes, waiting for a quiet moment so that an editor's
// burst of writes gives one rebuild.
func (s *server) loop(ctx context.Context, w *fsnotify.Watcher) {
	var timer, free <-chan time.Time
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
			timer = time.After(reloadQuiet)
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			s.log.Printf("watch: %v", err)
		case <-timer:
			timer = nil
			_ = s.build()
			// The memory goes back a moment later, not while the pages
			// reload: the browser asks for the page as soon as it is told.
			free = time.After(freeAfter)
		case <-free:
			free = nil
			debug.FreeOSMemory()
		}
	}
}
