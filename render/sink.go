package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
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
// once; the bytes it is given are final (minified, escaped). They belong
// to the caller, who reuses them once put returns: a sink that keeps them
// copies them.
type sink interface {
	// put adds the file name with data, made from inputs with the given
	// digest (see Record).
	put(name string, data []byte, digest string) error
	// reuse adds the previous build's file rec.Name without making it
	// again, when the previous site still holds it as recorded, and
	// reports whether it did.
	reuse(rec Record) (bool, error)
	// stats is what the sink was given.
	stats() WriteStats
}

// Record is what a build knows of one file it published: enough for the
// next build to take the file from the old site instead of making it.
type Record struct {
	// Name is the file's slash-separated path in the site.
	Name string
	// Digest identifies what the file was made from: for a page, the
	// inputs of its template (pageDigest); for any other file, its bytes.
	// A build that finds the same digest for a file, while the old file
	// still has the recorded size, mode and modification time, takes it
	// as it is. "" means unknown: the file is made again.
	Digest string
	// Size, Mode and ModTime (Unix nanoseconds) are the published file's.
	Size    int64
	Mode    fs.FileMode
	ModTime int64
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
	// Reused is how many of the kept files were not even made: their
	// inputs' digest was the previous build's (Options.Previous).
	Reused int
	// Records describe every file of the new site, in name order.
	Records []Record
	// Dirs are the directories of the new site, "." not included, in
	// name order.
	Dirs []string
	// Spare reports that Publish kept the site it replaced at SpareDir
	// (Options.Spare), where the next build may bring it up to date: the
	// records of that tree are the previous build's.
	Spare bool
}

// memSink keeps the files in memory (Files). A file reused is taken from
// old, the previous build's files.
type memSink struct {
	mu      sync.Mutex
	files   map[string][]byte
	old     map[string][]byte
	records []Record
	reused  int
}

func (s *memSink) put(name string, data []byte, digest string) error {
	data = bytes.Clone(data)
	s.mu.Lock()
	s.files[name] = data
	s.records = append(s.records, Record{Name: name, Digest: digest, Size: int64(len(data)), Mode: 0o644})
	s.mu.Unlock()
	return nil
}

func (s *memSink) reuse(rec Record) (bool, error) {
	data, ok := s.old[rec.Name]
	if !ok || int64(len(data)) != rec.Size {
		return false, nil
	}
	s.mu.Lock()
	s.files[rec.Name] = data
	s.records = append(s.records, Record{Name: rec.Name, Digest: rec.Digest, Size: rec.Size, Mode: 0o644})
	s.reused++
	s.mu.Unlock()
	return true, nil
}

func (s *memSink) stats() WriteStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	sortRecords(s.records)
	return WriteStats{Files: len(s.files), Kept: s.reused, Reused: s.reused, Records: s.records}
}

func sortRecords(rs []Record) {
	sort.Slice(rs, func(i, j int) bool { return rs[i].Name < rs[j].Name })
}

// treeSink writes files under dir. A file whose bytes equal those of the
// same path under old is linked from old (or copied with its mode and
// modification time) instead of written.
//
// dir is a new, empty directory, or a tree that already holds files
// (holds: the spare, brought up to date in place, see Options.Spare).
// There a file that holds what the new site needs is left as it is, any
// other is unlinked before its path is written (never written through:
// it may be a hard link to a file of the published site), and prune
// removes what the new site does not hold.
type treeSink struct {
	dir, old string
	holds    map[string]Record // what dir holds already; nil for an empty dir
	mu       sync.Mutex
	made     map[string]bool // directories of dir known to exist
	st       WriteStats
}

// newTreeSink writes into dir, which holds the files holds describes (nil
// for none), taking unchanged files from old. dir is cleaned: the sink
// compares it with the cleaned parents of the files' paths, and
// os.MkdirTemp gives "./.public.new-…" for a relative -out, which once
// made the sink record "..", the directory above the site, as one of the
// site's own (and the next build never found the site unchanged).
func newTreeSink(dir, old string, holds map[string]Record) *treeSink {
	dir = filepath.Clean(dir)
	s := &treeSink{dir: dir, old: old, holds: holds, made: map[string]bool{dir: true}}
	for _, d := range dirsOf(holds) {
		s.made[filepath.Join(dir, filepath.FromSlash(d))] = true
	}
	return s
}

// dirsOf is the directories that hold the files named by the keys of
// recs (or their descendants), "." not included, in name order.
func dirsOf[V any](recs map[string]V) []string {
	seen := map[string]bool{}
	for n := range recs {
		for d := path.Dir(n); d != "." && !seen[d]; d = path.Dir(d) {
			seen[d] = true
		}
	}
	dirs := make([]string, 0, len(seen))
	for d := range seen {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	return dirs
}

// mkdir makes d and its parents once per build. The lock is held while
// it does, so that no two workers make one directory.
func (s *treeSink) mkdir(d string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mkdirLocked(d)
}

func (s *treeSink) mkdirLocked(d string) error {
	if s.made[d] {
		return nil
	}
	if parent := filepath.Dir(d); parent != d {
		if err := s.mkdirLocked(parent); err != nil {
			return err
		}
	}
	err := os.Mkdir(d, 0o755)
	if errors.Is(err, fs.ErrExist) && s.holds != nil {
		// In a tree brought up to date, a file of the old site may stand
		// where the new one has a directory.
		if fi, lerr := os.Lstat(d); lerr == nil && !fi.IsDir() {
			if err = s.clear(d); err == nil {
				err = os.Mkdir(d, 0o755)
			}
		}
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("render: %w", err)
	}
	s.made[d] = true
	return nil
}

// clear makes room at p for a new file in a tree brought up to date:
// a file there is unlinked (never truncated: it may be a hard link to a
// published file), a directory removed with what it holds.
func (s *treeSink) clear(p string) error {
	err := syscallUnlink(p)
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err := os.RemoveAll(p); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	return nil
}

// held is the information of the file p when it is a regular file as
// recorded by h (size, mode, modification time); nil when it is not.
func held(p string, h Record) fs.FileInfo {
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != h.Size || fi.Mode() != h.Mode || fi.ModTime().UnixNano() != h.ModTime {
		return nil
	}
	return fi
}

func (s *treeSink) put(name string, data []byte, digest string) error {
	rel := filepath.FromSlash(name)
	p := filepath.Join(s.dir, rel)
	if h, ok := s.holds[name]; ok && digest != "" && h.Digest == digest {
		// The tree holds the file already, made from the same inputs (not
		// kept: it differs from the site it replaces, where the digest
		// was another).
		if fi := held(p, h); fi != nil {
			s.add(name, digest, fi, false, false)
			return nil
		}
	}
	if err := s.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	if s.holds != nil {
		if err := s.clear(p); err != nil {
			return err
		}
	}
	fi, err := s.keep(filepath.Join(s.old, rel), p, data)
	if err != nil {
		return err
	}
	kept := fi != nil
	if !kept {
		if fi, err = writeFile(p, data); err != nil {
			return fmt.Errorf("render: %w", err)
		}
	}
	s.add(name, digest, fi, kept, false)
	return nil
}

// add records the file name, published with fi.
func (s *treeSink) add(name, digest string, fi fs.FileInfo, kept, reused bool) {
	s.mu.Lock()
	s.st.Files++
	if kept {
		s.st.Kept++
	}
	if reused {
		s.st.Reused++
	}
	s.st.Records = append(s.st.Records, Record{Name: name, Digest: digest, Size: fi.Size(), Mode: fi.Mode(), ModTime: fi.ModTime().UnixNano()})
	s.mu.Unlock()
}

func (s *treeSink) reuse(rec Record) (bool, error) {
	if s.old == "" {
		return false, nil
	}
	rel := filepath.FromSlash(rec.Name)
	p := filepath.Join(s.dir, rel)
	if h, ok := s.holds[rec.Name]; ok && h == rec {
		// The tree holds the published file already (a hard link to it,
		// or a file with the same inputs, size and time).
		if fi := held(p, h); fi != nil {
			s.add(rec.Name, rec.Digest, fi, true, true)
			return true, nil
		}
	}
	old := filepath.Join(s.old, rel)
	fi := held(old, rec)
	if fi == nil {
		return false, nil
	}
	if err := s.mkdir(filepath.Dir(p)); err != nil {
		return false, err
	}
	if s.holds != nil {
		if err := s.clear(p); err != nil {
			return false, err
		}
	}
	if err := os.Link(old, p); err != nil {
		return false, nil // another file system: make the file again
	}
	s.add(rec.Name, rec.Digest, fi, true, true)
	return true, nil
}

// prune removes from a tree brought up to date the files and directories
// that the new site does not hold, after every file was put.
func (s *treeSink) prune() error {
	if s.holds == nil {
		return nil
	}
	s.mu.Lock()
	now := make(map[string]bool, len(s.st.Records))
	for _, r := range s.st.Records {
		now[r.Name] = true
	}
	s.mu.Unlock()
	for name := range s.holds {
		if now[name] {
			continue
		}
		// Gone already when a directory of the new site took its place.
		p := filepath.Join(s.dir, filepath.FromSlash(name))
		if err := syscallUnlink(p); err != nil && !errors.Is(err, fs.ErrNotExist) && !isDir(p) {
			return fmt.Errorf("render: %w", err)
		}
	}
	nowDirs := map[string]bool{}
	for _, d := range dirsOf(now) {
		nowDirs[d] = true
	}
	old := dirsOf(s.holds)
	for i := len(old) - 1; i >= 0; i-- {
		if nowDirs[old[i]] {
			continue
		}
		p := filepath.Join(s.dir, filepath.FromSlash(old[i]))
		if err := syscallRmdir(p); err != nil && isDir(p) {
			if err := os.RemoveAll(p); err != nil {
				return fmt.Errorf("render: %w", err)
			}
		}
	}
	return nil
}

// isDir reports whether p is a directory (not a link to one).
func isDir(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && fi.IsDir()
}

func (s *treeSink) stats() WriteStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	sortRecords(st.Records)
	names := make(map[string]bool, len(st.Records))
	for _, r := range st.Records {
		names[r.Name] = true
	}
	st.Dirs = dirsOf(names)
	return st
}

// keep puts the old file at p when it holds exactly data, and returns
// its information when it did, nil when it did not. Nothing is at p.
func (s *treeSink) keep(old, p string, data []byte) (fs.FileInfo, error) {
	if s.old == "" {
		return nil, nil
	}
	fi, err := os.Lstat(old)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return nil, nil
	}
	if same, err := sameBytes(old, data); err != nil || !same {
		return nil, nil
	}
	if err := os.Link(old, p); err == nil {
		return fi, nil
	}
	// Another file system, or one without hard links: copy, keeping the time.
	if _, err := writeFile(p, data); err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	if err := os.Chmod(p, fi.Mode().Perm()); err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	fi, err = os.Lstat(p)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	return fi, nil
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

// htmlOptions are how HTML is minified: the pages that are minified whole
// and the templates, minified once when parsed (templateMinifier).
var htmlOptions = html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true}

// newMinifier is the minifier of one worker; JSON keeps numbers as written.
func newMinifier() *minify.M {
	m := minify.New()
	h := htmlOptions
	m.Add("text/html", &h)
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

// worker is what one goroutine of a pool reuses from file to file: its
// minifier and its buffers.
type worker struct {
	m   *minify.M
	buf bytes.Buffer // what a job renders into
	out bytes.Buffer // what the minifier writes
}

// finish is what every file goes through before the sink: minified by its
// type (unless noMinify), then script separators escaped. The bytes it
// returns may be w's buffer, valid until w's next file.
func (w *worker) finish(name string, data []byte, noMinify bool) ([]byte, error) {
	if mt, ok := minifyTypes[path.Ext(name)]; ok && !noMinify {
		w.out.Reset()
		w.out.Grow(len(data))
		if err := w.m.Minify(mt, &w.out, bytes.NewBuffer(data)); err != nil {
			return nil, fmt.Errorf("render: minify %s: %w", name, err)
		}
		data = w.out.Bytes()
	}
	return escapeSeparators(name, data), nil
}

// job makes one file of the site. make may write into buf, the worker's
// buffer, which is reused for the next job once the file is finished.
// A minimal job's bytes are final as made (JSON encoded compactly): the
// pool does not minify them.
//
// digest identifies the inputs of a page (pageDigest); "" for a file
// made from bytes the step already has, whose digest is its bytes'.
type job struct {
	name    string
	make    func(buf *bytes.Buffer) ([]byte, error)
	minimal bool
	digest  string
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
	prev     map[string]Record // the previous build's files (Options.Previous)
	salt     string            // Options.Salt: without it, no digests
}

// workers is how many goroutines render when Options.Workers is 0.
func workers(n int) int {
	if n > 0 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

func newPool(n int, out sink, noMinify bool, prev map[string]Record) *pool {
	p := &pool{jobs: make(chan job, 2*n), errs: map[string]error{}, out: out, noMinify: noMinify, prev: prev}
	for range n {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			w := &worker{m: newMinifier()}
			for j := range p.jobs {
				p.run(w, j)
			}
		}()
	}
	return p
}

func (p *pool) run(w *worker, j job) {
	if err := p.runErr(w, j); err != nil {
		p.mu.Lock()
		p.errs[j.name] = err
		p.mu.Unlock()
	}
}

func (p *pool) runErr(w *worker, j job) error {
	prev, hasPrev := p.prev[j.name]
	if j.digest != "" && hasPrev && prev.Digest == j.digest {
		if ok, err := p.out.reuse(prev); ok || err != nil {
			return err
		}
	}
	w.buf.Reset()
	data, err := j.make(&w.buf)
	if err != nil {
		return err
	}
	digest := j.digest
	if digest == "" && p.salt != "" {
		// Not a page: the file is made from its bytes, by the program
		// (the salt) and the minification flags.
		h := sha256.New()
		fmt.Fprintf(h, "%q %t %t\n", p.salt, p.noMinify, j.minimal)
		h.Write(data)
		digest = "b" + hex.EncodeToString(h.Sum(nil)[:16])
		if hasPrev && prev.Digest == digest {
			if ok, err := p.out.reuse(prev); ok || err != nil {
				return err
			}
		}
	}
	if data, err = w.finish(j.name, data, p.noMinify || j.minimal); err != nil {
		return err
	}
	return p.out.put(j.name, data, digest)
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
