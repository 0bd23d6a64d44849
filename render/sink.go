package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// sink receives the finished files of a build, from several goroutines at
// once; the bytes it is given are final (minified, escaped).
type sink interface {
	put(name string, data []byte) error
}

// memSink keeps the files in memory (Files).
type memSink struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (s *memSink) put(name string, data []byte) error {
	s.mu.Lock()
	s.files[name] = data
	s.mu.Unlock()
	return nil
}

// WriteStats counts what a build wrote.
type WriteStats struct {
	// Files is how many files the new site holds.
	Files int
	// Kept is how many of them had the same bytes in the old site and were
	// taken from it as they were (hard-linked, or copied with their
	// modification time), so that tools that compare sizes and times (rsync,
	// CDN uploads) send only what changed.
	Kept int
}

// treeSink writes files under dir. A file whose bytes equal those of the
// same path under old is linked from old (or copied with its mode and
// modification time) instead of written.
type treeSink struct {
	dir, old string
	mu       sync.Mutex
	made     map[string]bool // directories made under dir
	stats    WriteStats
}

func newTreeSink(dir, old string) *treeSink {
	return &treeSink{dir: dir, old: old, made: map[string]bool{dir: true}}
}

// mkdir makes d and its parents once per build.
func (s *treeSink) mkdir(d string) error {
	s.mu.Lock()
	done := s.made[d]
	s.mu.Unlock()
	if done {
		return nil
	}
	if err := os.MkdirAll(d, 0o755); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	s.mu.Lock()
	s.made[d] = true
	s.mu.Unlock()
	return nil
}

func (s *treeSink) put(name string, data []byte) error {
	rel := filepath.FromSlash(name)
	p := filepath.Join(s.dir, rel)
	if err := s.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	kept, err := s.keep(filepath.Join(s.old, rel), p, data)
	if err != nil {
		return err
	}
	if !kept {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return fmt.Errorf("render: %w", err)
		}
	}
	s.mu.Lock()
	s.stats.Files++
	if kept {
		s.stats.Kept++
	}
	s.mu.Unlock()
	return nil
}

// keep puts the old file at p when it holds exactly data, and reports
// whether it did.
func (s *treeSink) keep(old, p string, data []byte) (bool, error) {
	if s.old == "" {
		return false, nil
	}
	fi, err := os.Lstat(old)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false, nil
	}
	if same, err := sameBytes(old, data); err != nil || !same {
		return false, nil
	}
	if err := os.Link(old, p); err == nil {
		return true, nil
	}
	// Another file system, or one without hard links: copy, keeping the time.
	if err := os.WriteFile(p, data, fi.Mode().Perm()); err != nil {
		return false, fmt.Errorf("render: %w", err)
	}
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		return false, fmt.Errorf("render: %w", err)
	}
	return true, nil
}

// sameBytes reports whether the file name holds exactly data.
func sameBytes(name string, data []byte) (bool, error) {
	f, err := os.Open(name)
	if err != nil {
		return false, err
	}
	defer f.Close()
	buf := make([]byte, 32<<10)
	for off := 0; ; {
		n, err := f.Read(buf)
		if n > 0 {
			if off+n > len(data) || !bytes.Equal(buf[:n], data[off:off+n]) {
				return false, nil
			}
			off += n
		}
		if errors.Is(err, io.EOF) {
			return off == len(data), nil
		}
		if err != nil {
			return false, err
		}
	}
}

// newMinifier is the minifier of one worker; JSON keeps numbers as written.
func newMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.Add("application/json", &json.Minifier{KeepNumbers: true})
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("text/xml", xml.Minify)
	return m
}

// minifyTypes maps the extensions the build minifies to their media types.
var minifyTypes = map[string]string{
	".html": "text/html", ".css": "text/css", ".js": "application/javascript",
	".json": "application/json", ".svg": "image/svg+xml", ".xml": "text/xml",
}

// finish is what every file goes through before the sink: minified by its
// type (unless noMinify), then script separators escaped.
func finish(m *minify.M, name string, data []byte, noMinify bool) ([]byte, error) {
	if mt, ok := minifyTypes[path.Ext(name)]; ok && !noMinify {
		out, err := m.Bytes(mt, data)
		if err != nil {
			return nil, fmt.Errorf("render: minify %s: %w", name, err)
		}
		data = out
	}
	return escapeSeparators(name, data), nil
}

// job makes one file of the site. make may write into buf, the worker's
// buffer, which is reused for the next job once the file is finished.
type job struct {
	name string
	make func(buf *bytes.Buffer) ([]byte, error)
}

// pool makes files on several goroutines and hands them to a sink. The
// bytes of a file depend only on its job, never on the order the jobs run
// in, so the output is the same for any number of workers.
type pool struct {
	jobs     chan job
	wg       sync.WaitGroup
	mu       sync.Mutex
	errs     map[string]error
	out      sink
	noMinify bool
}

// workers is how many goroutines render when Options.Workers is 0.
func workers(n int) int {
	if n > 0 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

func newPool(n int, out sink, noMinify bool) *pool {
	p := &pool{jobs: make(chan job, 2*n), errs: map[string]error{}, out: out, noMinify: noMinify}
	for range n {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			m := newMinifier()
			var buf bytes.Buffer
			for j := range p.jobs {
				p.run(m, &buf, j)
			}
		}()
	}
	return p
}

func (p *pool) run(m *minify.M, buf *bytes.Buffer, j job) {
	buf.Reset()
	data, err := j.make(buf)
	if err == nil {
		data, err = finish(m, j.name, data, p.noMinify)
	}
	if err == nil && len(data) > 0 && buf.Len() > 0 && &data[0] == &buf.Bytes()[0] {
		data = bytes.Clone(data) // not minified: the sink must not get the reused buffer
	}
	if err == nil {
		err = p.out.put(j.name, data)
	}
	if err != nil {
		p.mu.Lock()
		p.errs[j.name] = err
		p.mu.Unlock()
	}
}

// submit queues a job; it waits while every worker is busy and the queue
// is full, so that finished pages do not pile up in memory.
func (p *pool) submit(j job) { p.jobs <- j }

// wait finishes every queued job and returns the error of the first file,
// by name, that failed.
func (p *pool) wait() error {
	close(p.jobs)
	p.wg.Wait()
	if len(p.errs) == 0 {
		return nil
	}
	names := make([]string, 0, len(p.errs))
	for n := range p.errs {
		names = append(names, n)
	}
	sort.Strings(names)
	return p.errs[names[0]]
}
