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
}

// serve builds the site, serves it on ln, and watches the content,
// templates and static directories until ctx is done.
func serve(ctx context.Context, ln net.Listener, sf siteFlags, out io.Writer) error {
	s := &server{sf: sf, log: log.New(out, "errdex serve: ", 0)}
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
	start := time.Now()
	// While it builds, the process holds the old site, the new one and the
	// build's garbage: a lower GC target keeps that peak down (about 180 MB
	// instead of 250 for the shipped content), for some CPU.
	defer debug.SetGCPercent(debug.SetGCPercent(25))
	cat, _, err := load(s.sf.content)
	var files map[string][]byte
	var o render.Options
	if err == nil {
		o, err = s.sf.options("")
	}
	if err == nil {
		files, err = render.Files(cat, o)
	}
	if err != nil {
		s.log.Printf("build failed: %v", err)
		if s.handler == nil {
			return err
		}
		s.handler.update(nil, err)
		return nil
	}
	if s.handler == nil {
		s.handler = newSiteHandler(files)
	} else {
		s.handler.update(files, nil)
	}
	s.log.Printf("built %d files in %v", len(files), time.Since(start).Round(time.Millisecond))
	debug.FreeOSMemory()
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
