package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"errdex"
	"errdex/search"
)

// Options configures Site.
type Options struct {
	// Out is the output directory. It is replaced as a whole when the build
	// succeeds and left as it was when it fails.
	Out string
	// BaseURL is the absolute URL the site is served from, e.g.
	// "https://errdex.example.org/". It sets canonical links, the sitemap
	// and OpenGraph URLs; "" leaves them out.
	BaseURL string
	// Templates holds the html/template files (see templates/).
	Templates fs.FS
	// Static holds style.css, js/*.js and any other assets (see static/).
	Static fs.FS
	// Pages holds Markdown pages (content/pages/*.md); nil for none.
	Pages fs.FS
	// Bundle makes every link to a page end in index.html, for a site that
	// is opened from disk (file:// shows a listing for a directory link).
	Bundle bool
	// NoMinify writes files as rendered, for debugging templates.
	NoMinify bool
	// Redirects are old URLs that must keep working (content/redirects.toml).
	Redirects []Redirect
	// Workers is how many goroutines render and minify pages; 0 means one
	// per core (GOMAXPROCS). The output does not depend on it.
	Workers int
	// Salt is a digest of what the build depends on that the catalog and
	// these options do not hold: the program itself (its templates'
	// functions, the minifier) and anything the caller adds. With a salt
	// the build computes a digest of every file's inputs (Record.Digest,
	// in WriteStats.Records); without one it computes none and makes every
	// file.
	Salt string
	// Previous are the records of the previous build of the site at Out
	// (Publish) or of the files given to FilesFrom: a file whose digest is
	// unchanged, and which the old site still holds as recorded, is taken
	// from it without being rendered.
	Previous map[string]Record
	// Spare makes Publish keep the site it replaces beside Out, at
	// SpareDir(Out), instead of removing it; the next build brings that
	// tree up to date in place and swaps it with Out. A build that changed
	// little then writes and removes only what changed, where a new tree
	// (a directory per page, a hard link per unchanged file) costs about
	// what rendering the whole site costs. Unchanged files of the two
	// trees are hard links to each other.
	Spare bool
	// SpareRecords are the records of the tree at SpareDir(Out), from the
	// build that published it (WriteStats.Records), when the caller has
	// found that tree holding exactly those files, as recorded, and no
	// other entry. nil when there is no such tree or it is not known: a
	// tree there is then removed, and the new site made in a new one.
	SpareRecords map[string]Record
}

// SpareDir is where Publish keeps the previous site of out when asked to
// (Options.Spare): .<out>.spare beside it.
func SpareDir(out string) string {
	out = filepath.Clean(out)
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".spare")
}

// Site renders the catalog into o.Out: see Publish.
func Site(cat *errdex.Catalog, o Options) error {
	_, err := Publish(cat, o)
	return err
}

// Publish renders the catalog into o.Out, writing each file as soon as it
// is rendered rather than holding the site in memory. The new site is
// built beside o.Out and swapped in as Write does; a file whose bytes are
// unchanged from the old site is taken from it, with its modification time.
//
// With Options.Spare the replaced site is kept at SpareDir(o.Out), and a
// spare known by Options.SpareRecords is brought up to date in place and
// swapped with o.Out, in one atomic exchange where the system has one.
func Publish(cat *errdex.Catalog, o Options) (WriteStats, error) {
	var stats WriteStats
	var sp *spare
	if o.Spare {
		sp = &spare{holds: o.SpareRecords}
	}
	err := publish(o.Out, &stats, sp, func(dir, old string, holds map[string]Record) error {
		s := newTreeSink(dir, old, holds)
		if old == "" {
			o.Previous = nil
		}
		err := build(cat, o, s, nil)
		if err == nil {
			err = s.prune()
		}
		stats = s.stats()
		return err
	})
	return stats, err
}

// Files renders the whole site into memory: file path → content.
func Files(cat *errdex.Catalog, o Options) (map[string][]byte, error) {
	o.Previous = nil
	files, _, err := FilesFrom(cat, o, nil)
	return files, err
}

// FilesFrom renders the whole site into memory, taking from old, the
// files of the previous build, those whose inputs did not change
// (o.Previous holds that build's records): file path → content, and what
// was made.
func FilesFrom(cat *errdex.Catalog, o Options, old map[string][]byte) (map[string][]byte, WriteStats, error) {
	files, _, stats, err := filesFrom(cat, o, old, nil)
	return files, stats, err
}

// FilesDeferred is FilesFrom leaving out the files made from the whole
// catalog (data/errdex.json, the search index): the Deferred makes them
// when first asked for, byte for byte what FilesFrom would have made, as
// long as cat is not changed. The files and the Deferred together are
// the site (errdex serve, where a rebuild need not wait for them).
func FilesDeferred(cat *errdex.Catalog, o Options, old map[string][]byte) (map[string][]byte, *Deferred, WriteStats, error) {
	return filesFrom(cat, o, old, &Deferred{})
}

func filesFrom(cat *errdex.Catalog, o Options, old map[string][]byte, deferred *Deferred) (map[string][]byte, *Deferred, WriteStats, error) {
	s := &memSink{files: map[string][]byte{}, old: old}
	if old == nil {
		o.Previous = nil
	}
	if err := build(cat, o, s, deferred); err != nil {
		return nil, nil, WriteStats{}, err
	}
	return s.files, deferred, s.stats(), nil
}

// build renders the site into out, on o.Workers goroutines; with a
// Deferred (FilesDeferred), the whole-catalog files are left to it.
func build(cat *errdex.Catalog, o Options, out sink, deferred *Deferred) error {
	if o.Templates == nil || o.Static == nil {
		return fmt.Errorf("render: Templates and Static must be set")
	}
	if o.BaseURL != "" && !strings.HasSuffix(o.BaseURL, "/") {
		o.BaseURL += "/"
	}
	// Pages and the search index show long texts cut (errdex.Capped);
	// the JSON keeps them whole.
	b := &builder{cat: cat.Capped(), full: cat, opt: o, files: map[string][]byte{}, names: map[string]bool{}, deferred: deferred}
	b.pool = newPool(workers(o.Workers), out, o.NoMinify, o.Previous)
	b.pool.salt = o.Salt
	steps := []func() error{
		b.readDocs, b.assets, b.parseTemplates, b.codePages, b.numberPages, b.platformPages,
		b.reportPages, b.markdownPages, b.homePage, b.searchPage, b.notFoundPage,
		b.data, b.searchIndex, b.redirects, b.meta,
	}
	for _, step := range steps {
		err := step()
		if err == nil {
			err = b.flush()
		}
		if err != nil {
			b.pool.wait()
			return err
		}
	}
	return b.pool.wait()
}

// flush hands the files the steps put in b.files to the pool, in name
// order, and empties b.files: a build holds only the files of the page
// being made, not the site.
func (b *builder) flush() error {
	names := make([]string, 0, len(b.files))
	for n := range b.files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		data := b.files[n]
		delete(b.files, n)
		if err := b.emit(job{name: n, make: func(*bytes.Buffer) ([]byte, error) { return data, nil }}); err != nil {
			return err
		}
	}
	return nil
}

// emit records the name of a file of the site and queues it.
func (b *builder) emit(j job) error {
	if b.names[j.name] {
		return fmt.Errorf("render: two files of the site at %s", j.name)
	}
	b.names[j.name] = true
	b.pool.submit(j)
	return nil
}

// has reports whether the site has a file at name.
func (b *builder) has(name string) bool {
	_, made := b.files[name]
	return made || b.names[name] || b.deferredHas(name)
}

// builder holds the state of one build.
type builder struct {
	cat    *errdex.Catalog // what pages and search show: long texts cut
	full   *errdex.Catalog // the catalog as merged, for the JSON files
	opt    Options
	files  map[string][]byte // files made by a step, not yet handed to the pool (flush)
	names  map[string]bool   // every file of the site so far
	pool   *pool
	assetN map[string]string // logical asset name → hashed path
	tmpl   map[string]*template.Template
	prog   map[string]*program // the compiled tmpl (compile.go), by name
	frames *frames             // the layout's shared parts (frame.go)
	pages  []string            // URLs of HTML pages, for the sitemap
	docs   []docPage           // the Markdown pages, read once
	dig    digester            // page digests (digest.go)
	// deferred, when not nil, gets the whole-catalog files instead of
	// the pool (FilesDeferred).
	deferred *Deferred
}

// assets copies static files, giving style.css and the concatenated js/*.js
// content-hashed names so they can be cached for a long time. Both get
// what the platform table says: style.css ends with the platform badges'
// colours (platformCSS), app.js starts with the search's data
// (search.ScriptConfig).
func (b *builder) assets() error {
	b.assetN = map[string]string{}
	cssData, err := fs.ReadFile(b.opt.Static, "style.css")
	if err != nil {
		return fmt.Errorf("render: static: %w", err)
	}
	table := b.cat.PlatformTable()
	b.addAsset("style.css", append(cssData[:len(cssData):len(cssData)], platformCSS(table)...))
	// lang.js sets the interface language before the page is drawn: a
	// script of its own in <head> (page.LangScript), when there is one.
	if data, err := fs.ReadFile(b.opt.Static, "lang.js"); err == nil {
		b.addAsset("lang.js", data)
	}
	scripts, err := fs.Glob(b.opt.Static, "js/*.js")
	if err != nil {
		return err
	}
	sort.Strings(scripts)
	var all bytes.Buffer
	config, err := search.ScriptConfig(table)
	if err != nil {
		return fmt.Errorf("render: platforms: %w", err)
	}
	all.WriteString("/* search data (generated: package search, ScriptConfig) */\n")
	all.Write(config)
	for _, s := range scripts {
		data, err := fs.ReadFile(b.opt.Static, s)
		if err != nil {
			return fmt.Errorf("render: static: %w", err)
		}
		fmt.Fprintf(&all, "/* %s */\n", s)
		all.Write(data)
		all.WriteString(";\n")
	}
	b.addAsset("app.js", all.Bytes())
	// Everything else (icons, images) is copied under assets/ as it is.
	return fs.WalkDir(b.opt.Static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if p == "style.css" || p == "lang.js" || strings.HasPrefix(p, "js/") || strings.HasSuffix(p, ".go") {
			return nil
		}
		data, err := fs.ReadFile(b.opt.Static, p)
		if err != nil {
			return err
		}
		b.files["assets/"+p] = data
		return nil
	})
}

func (b *builder) addAsset(name string, data []byte) {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	hashed := "assets/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
	b.assetN[name] = hashed
	b.files[hashed] = data
}

// Write writes rendered files into a temporary directory beside out and
// swaps it into place, so a failed build leaves the old site intact and no
// stale files remain. A file whose bytes equal those of the same file in
// the old site is taken from it (hard-linked, or copied with its
// modification time), so it keeps its time and rsync or a CDN upload sends
// only what changed.
//
// The swap (swapIn) exchanges the new tree, .<out>.new-<id>, with out in
// one step where the system can; elsewhere it is two renames, out to
// .<out>.old-<id>, then the new tree to out. A process killed between
// them leaves no out, but a complete old site beside it: Recover, which
// Write runs first, puts it back, and removes what killed builds left
// (.<out>.new-* and .<out>.old-*).
func Write(out string, files map[string][]byte) error {
	_, err := WriteFiles(out, files)
	return err
}

// WriteFiles is Write, counting what it wrote and what it kept.
func WriteFiles(out string, files map[string][]byte) (WriteStats, error) {
	var stats WriteStats
	err := publish(out, &stats, nil, func(tmp, old string, _ map[string]Record) error {
		s := newTreeSink(tmp, old, nil)
		err := writeTree(s, files)
		stats = s.stats()
		return err
	})
	return stats, err
}

// spare is how publish uses the spare tree beside out (Options.Spare).
type spare struct {
	// holds is what the tree at SpareDir(out) holds; nil: unknown.
	holds map[string]Record
}

// publish runs fill on a new directory beside out, given the old site's
// directory ("" when there is none), then swaps the new directory in.
// What fill leaves in *layout (nil for nothing) lists the new site's
// files and directories: the old site, mostly the same tree, is removed
// along that list (removeTree).
//
// With sp, the old site is kept at SpareDir(out) instead of removed
// (layout.Spare). When sp knows what that directory holds, fill brings it
// up to date in place (given holds) instead of filling a new directory,
// and it is exchanged with out.
func publish(out string, layout *WriteStats, sp *spare, fill func(dir, old string, holds map[string]Record) error) error {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	if err := Recover(out); err != nil {
		return err
	}
	prev := ""
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		prev = out
	}
	if sp != nil {
		spareDir := SpareDir(out)
		if prev != "" && sp.holds != nil && isDir(spareDir) {
			return publishSpare(out, spareDir, layout, sp.holds, fill)
		}
		// A tree nobody knows: it is not taken for the new site.
		if err := os.RemoveAll(spareDir); err != nil {
			return fmt.Errorf("render: remove %s: %w", spareDir, err)
		}
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".new-")
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	if err := fill(tmp, prev, nil); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("render: %w", err)
	}
	if crash(stepWritten) {
		return errCrash
	}
	old, err := swapIn(tmp, out)
	if err != nil {
		if !errors.Is(err, errCrash) {
			os.RemoveAll(tmp)
		}
		return err
	}
	if crash(stepSwapped) {
		return errCrash
	}
	if old == "" {
		return nil
	}
	if sp != nil {
		if err := os.Rename(old, SpareDir(out)); err != nil {
			return fmt.Errorf("render: keep old site %s: %w", old, err)
		}
		if layout != nil {
			layout.Spare = true
		}
		return nil
	}
	if err := removeTree(old, layout); err != nil {
		return fmt.Errorf("render: remove old site %s: %w", old, err)
	}
	return nil
}

// publishSpare is publish bringing the spare tree, which holds what holds
// says, up to date in place, then swapping it in (swapIn); the old site
// becomes the spare.
func publishSpare(out, spareDir string, layout *WriteStats, holds map[string]Record, fill func(dir, old string, holds map[string]Record) error) error {
	if err := fill(spareDir, out, holds); err != nil {
		// Half brought up to date: no longer what holds says.
		os.RemoveAll(spareDir)
		return err
	}
	if err := os.Chmod(spareDir, 0o755); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	if crash(stepWritten) {
		return errCrash
	}
	old, err := swapIn(spareDir, out)
	if err != nil {
		return err
	}
	if old != spareDir {
		// Renamed, not exchanged: the old site is beside out.
		if err := os.Rename(old, spareDir); err != nil {
			return fmt.Errorf("render: keep old site %s: %w", old, err)
		}
	}
	if crash(stepSwapped) {
		return errCrash
	}
	if layout != nil {
		layout.Spare = true
	}
	return nil
}

// removeTree removes the directory old, an old site. It first removes
// the files and directories that layout (the new site's, nil for none)
// lists, deepest first, with one system call each; os.RemoveAll removes
// what is left, if anything, reading each directory, trying to unlink it
// as a file first and then removing it. For a site that changed little,
// that halves the system calls of removing it.
func removeTree(old string, layout *WriteStats) error {
	if layout != nil {
		for _, r := range layout.Records {
			_ = syscallUnlink(filepath.Join(old, filepath.FromSlash(r.Name)))
		}
		for i := len(layout.Dirs) - 1; i >= 0; i-- {
			_ = syscallRmdir(filepath.Join(old, filepath.FromSlash(layout.Dirs[i])))
		}
		if err := syscallRmdir(old); err == nil {
			return nil
		}
	}
	return os.RemoveAll(old)
}

// writeTree puts files into s, in name order.
func writeTree(s sink, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := s.put(n, files[n], ""); err != nil {
			return err
		}
	}
	return nil
}

// Recover repairs what a build killed while writing out left behind: when
// out is missing but an old site was moved aside (.<out>.old-*), it is put
// back; then every .<out>.new-* and .<out>.old-* beside out is removed.
// A missing parent directory is not an error.
func Recover(out string) error {
	out = filepath.Clean(out)
	parent, base := filepath.Dir(out), filepath.Base(out)
	ents, err := os.ReadDir(parent)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	var olds, news []string
	for _, e := range ents {
		switch n := e.Name(); {
		case strings.HasPrefix(n, "."+base+".old-"):
			olds = append(olds, filepath.Join(parent, n))
		case strings.HasPrefix(n, "."+base+".new-"):
			news = append(news, filepath.Join(parent, n))
		}
	}
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) && len(olds) > 0 {
		// Only the latest build moves a site aside before it is killed:
		// earlier ones were recovered by the builds after them.
		sort.Slice(olds, func(i, j int) bool { return modTime(olds[i]).After(modTime(olds[j])) })
		if err := os.Rename(olds[0], out); err != nil {
			return fmt.Errorf("render: restore the old site %s to %s: %w", olds[0], out, err)
		}
		olds = olds[1:]
	}
	for _, d := range append(olds, news...) {
		if err := os.RemoveAll(d); err != nil {
			return fmt.Errorf("render: remove %s, left by a killed build: %w", d, err)
		}
	}
	return nil
}

func modTime(p string) time.Time {
	fi, err := os.Stat(p)
	if err != nil {
		return time.Time{}
	}
	return fi.ModTime()
}

// The steps of Write after which a test may simulate a crash.
const (
	stepWritten    = "written"     // the new tree is complete beside out
	stepMovedAside = "moved-aside" // out was renamed to .<out>.old-*
	stepSwapped    = "swapped"     // the new tree is out, the old one not yet removed
)

// swapIn makes dir, a complete new site beside out, the site at out, and
// returns where the old site is now ("" when there was none). Where the
// system can, the two directories are exchanged in one step (at no moment
// is there no out) and the old site is at dir. Where it cannot, out is
// renamed to .<out>.old-<id> and dir to out: a process killed between
// the two renames leaves no out, and Recover puts the old site back.
func swapIn(dir, out string) (string, error) {
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(dir, out); err != nil {
			return "", fmt.Errorf("render: swap in new site %s: %w", out, err)
		}
		return "", nil
	}
	if err := swapDirs(dir, out); err == nil {
		return dir, nil
	}
	// A name of the .<out>.old-* that Recover knows.
	old, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".old-")
	if err != nil {
		return "", fmt.Errorf("render: %w", err)
	}
	if err := os.Remove(old); err != nil {
		return "", fmt.Errorf("render: %w", err)
	}
	if err := os.Rename(out, old); err != nil {
		return "", fmt.Errorf("render: move old site %s aside: %w", out, err)
	}
	if crash(stepMovedAside) {
		return "", errCrash
	}
	if err := os.Rename(dir, out); err != nil {
		_ = os.Rename(old, out)
		return "", fmt.Errorf("render: swap in new site %s: %w", out, err)
	}
	return old, nil
}

// swapDirs is exchange; a test replaces it to take the way of a system
// without one.
var swapDirs = exchange

// crashAt, when set by a test, names the step of Write at which it stops
// as if the process were killed: no cleanup runs.
var crashAt string

// errCrash is what Write returns at crashAt.
var errCrash = errors.New("render: simulated crash")

func crash(step string) bool { return crashAt == step }

// escapeSeparators writes U+2028 and U+2029 in a script as \u2028 and
// \u2029: raw, they end a line in older JavaScript engines and in
// JSONP-style loading, and the minifier turns the JSON escapes back into
// raw characters. In the scripts the build writes they only occur in
// string literals, where the escape means the same character.
func escapeSeparators(name string, data []byte) []byte {
	if path.Ext(name) != ".js" || !bytes.ContainsAny(data, "\u2028\u2029") {
		return data
	}
	data = bytes.ReplaceAll(data, []byte("\u2028"), []byte(`\u2028`))
	return bytes.ReplaceAll(data, []byte("\u2029"), []byte(`\u2029`))
}
