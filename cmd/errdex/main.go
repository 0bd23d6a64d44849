package main

import (
	"bytes"
	"encoding/json"
	contentload "errdex/load"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"errdex"
	"errdex/render"
	"errdex/static"
	"errdex/templates"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		report(os.Stderr, err)
		os.Exit(exitCode(err))
	}
}

// report prints err on one line, as "errdex: content/sources.toml:12: …"
// (the file and line once, see contentError); nothing for a help request.
func report(w io.Writer, err error) {
	if !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(w, "errdex:", err)
	}
}

// errUnaccounted marks a check that found rows unaccounted for.
var errUnaccounted = errors.New("rows unaccounted for")

func exitCode(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

// command is one verb of the CLI.
type command struct {
	name, args, summary string
	run                 func(args []string, stdout, stderr io.Writer) error
}

// commands is the one table of the CLI's verbs: run dispatches on it and
// usage is written from it.
var commands = []command{
	{"build", "[-content DIR] [-out DIR] [-base-url URL] [-templates DIR] [-static DIR] [-verify] [-accept-shrink]",
		"build the site into -out (public/), keeping the old site when a row would be lost", cmdBuild},
	{"check", "[-content DIR] [-v]", "account for every row; list conflicts, reviews to make, changes", cmdCheck},
	{"explain", "[-content DIR] [-base-url URL] [CODE | PLATFORM CODE | ERRMSG | RESPONSE]",
		"explain a code, an errmsg or a pasted API response, offline (reads standard input without arguments)", cmdExplain},
	{"bundle", "[-content DIR] [-o FILE] [-base-url URL]", "write the offline site as a zip", cmdBundle},
	{"serve", "[-content DIR] [-addr HOST:PORT]", "serve the site locally and rebuild on change", cmdServe},
	{"fetch", "[-content DIR] [-source ID] [-n]", "refresh html sources from their live pages", cmdFetch},
}

// usage is the CLI's help, written from commands.
func usage() string {
	var b strings.Builder
	b.WriteString("errdex builds a cross-linked site of WeCom, DingTalk and WeChat API error codes.\n\nUsage:\n")
	w := 0
	for _, c := range commands {
		w = max(w, len(c.name))
	}
	for _, c := range commands {
		fmt.Fprintf(&b, "  errdex %-*s %s\n", w, c.name, c.args)
		fmt.Fprintf(&b, "  %*s   %s\n", w+6, "", c.summary)
	}
	b.WriteString("\nRun 'errdex COMMAND -h' for a command's flags.\n")
	return b.String()
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return flag.ErrHelp
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage())
		return nil
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(rest, stdout, stderr)
		}
	}
	fmt.Fprint(stderr, usage())
	return fmt.Errorf("unknown command %q", name)
}

// siteFlags are the flags every command that renders shares.
type siteFlags struct {
	content   string
	templates string
	static    string
	baseURL   string
}

// register adds the flags; withBase adds -base-url, the site's public
// URL, which the hosted build and the offline bundle take (the bundle
// carries it so that its copied links are the public ones), not the local
// preview.
func (s *siteFlags) register(fs *flag.FlagSet, withBase bool) {
	fs.StringVar(&s.content, "content", "content", "content directory holding sources.toml and the snapshots")
	fs.StringVar(&s.templates, "templates", "", "use templates from this directory instead of the embedded ones")
	fs.StringVar(&s.static, "static", "", "use static assets from this directory instead of the embedded ones")
	if withBase {
		fs.StringVar(&s.baseURL, "base-url", "", "absolute URL the site is served from, for canonical links, sitemap and OpenGraph (e.g. https://errdex.example.org/)")
	}
}

// options turns the flags into render options for out.
func (s *siteFlags) options(out string) (render.Options, error) {
	redirects, err := loadRedirects(s.content)
	if err != nil {
		return render.Options{}, err
	}
	o := render.Options{
		Redirects: redirects,
		Out:       out,
		BaseURL:   s.baseURL,
		Templates: templates.FS,
		Static:    static.FS,
		Pages:     subFS(os.DirFS(s.content), "pages"),
	}
	if s.templates != "" {
		o.Templates = os.DirFS(s.templates)
	}
	if s.static != "" {
		o.Static = os.DirFS(s.static)
	}
	return o, nil
}

func subFS(fsys fs.FS, dir string) fs.FS {
	if _, err := fs.Stat(fsys, dir); err != nil {
		return nil
	}
	sub, _ := fs.Sub(fsys, dir)
	return sub
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("errdex "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func cmdBuild(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("build", stderr)
	var sf siteFlags
	sf.register(fs, true)
	out := fs.String("out", "public", "output directory (replaced as a whole when the build succeeds)")
	verify := fs.Bool("verify", false, "check every internal link, anchor and id of the built site; fail the build on a problem")
	acceptShrink := fs.Bool("accept-shrink", false, "publish even when a source gives far fewer entries than in the last build (see errdex check)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// A build killed while swapping may have left the old site aside.
	if err := render.Recover(*out); err != nil {
		return err
	}
	// The build's GC settings hold for the check below too: a fresh
	// process collects often, and the check allocates a line per file.
	defer tuneGC()()
	// Nothing changed since the last build (same binary, content, flags)
	// and the site is as that build left it: leave it alone.
	salt, err := saltDigest(sf, fmt.Sprintf("verify=%t", *verify))
	in := ""
	if err == nil {
		in, err = inputDigest(sf, salt)
	}
	if err != nil {
		salt, in = "", "" // cannot tell: build everything, and write no stamp
	}
	var last *stamp // the last build's stamp, read once: the check, then its records
	if in != "" {
		last = readStamp(*out)
	}
	if upToDate(*out, last, in) {
		fmt.Fprintf(stdout, "errdex: nothing changed since the last build of %s; left as it was\n", *out)
		return nil
	}
	cat, hs, err := load(sf.content)
	if err != nil {
		return err
	}
	entries, err := lastEntries(*out)
	if err != nil {
		return err
	}
	if *acceptShrink {
		entries = nil
	}
	var buf bytes.Buffer
	if bad := reconcile(&buf, sf.content, hs, entries, false); bad > 0 {
		stderr.Write(buf.Bytes())
		return fmt.Errorf("%w in %d source(s), see the table above: %s was left as it was", errUnaccounted, bad, *out)
	}
	o, err := sf.options(*out)
	if err != nil {
		return err
	}
	// The previous build's records: the pages whose inputs did not change
	// are taken from the old site without being rendered.
	if last != nil && last.salt == salt {
		o.Previous = last.recordMap()
	}
	o.Salt = salt
	// The site this build replaces is kept beside it (render.SpareDir),
	// and the next build brings that copy up to date in place, writing
	// and removing only what changed, then swaps the two. The stamps say
	// what each tree holds; without them there is no spare. A build with
	// -verify writes the site it verified in memory as a new tree.
	if in != "" && !*verify {
		o.Spare = true
		o.SpareRecords = spareRecords(*out)
	}
	if err := setStampsAside(*out); err != nil {
		return err
	}
	// Without a base URL the site may be opened from disk, where a link to
	// a directory shows a listing: links name index.html. A hosted site
	// (-base-url) keeps the clean /wecom/40014/ form.
	o.Bundle = sf.baseURL == ""
	stats, err := publishSite(cat, o, *verify, stderr)
	if kerr := keepStamps(*out, err == nil, stats.Spare); kerr != nil && err == nil {
		fmt.Fprintln(stderr, "errdex: warning: the stamp of the spare site was not kept, the next build will make a new tree:", kerr)
	}
	if err != nil {
		return err
	}
	if in != "" {
		if err := writeStamp(*out, in, salt, stats); err != nil {
			fmt.Fprintln(stderr, "errdex: warning: the build stamp was not written, the next build will render everything:", err)
		}
	}
	fmt.Fprintf(stdout, "errdex: built %d codes from %d sources into %s\n", len(cat.Codes), len(cat.Sources), *out)
	return nil
}

// publishSite renders the catalog into o.Out: streamed to disk, or, to
// verify it first (-verify), whole in memory.
func publishSite(cat *errdex.Catalog, o render.Options, verify bool, stderr io.Writer) (render.WriteStats, error) {
	if verify {
		// Verify needs the whole site at once: render it in memory, every
		// page of it.
		files, err := render.Files(cat, o)
		if err != nil {
			return render.WriteStats{}, err
		}
		if problems := render.Verify(files); len(problems) > 0 {
			for _, p := range problems {
				fmt.Fprintln(stderr, "errdex: verify:", p)
			}
			return render.WriteStats{}, fmt.Errorf("verify: %d problems in the built site; %s was left as it was", len(problems), o.Out)
		}
		return render.WriteFiles(o.Out, files)
	}
	// Publish streams each page to disk as it is rendered.
	return render.Publish(cat, o)
}

// buildMemoryLimit is the heap a build aims to stay under (GOMEMLIMIT,
// unless the environment sets one): docs/performance.md's memory target
// is 1 GiB at 100,000 codes, and the runtime needs some beside the heap.
const buildMemoryLimit = 768 << 20

// buildGCPercent is the build's GOGC (unless the environment sets one):
// a build's live heap is small next to what it allocates, so collecting
// half as often saves CPU; the memory limit keeps a big build's peak down.
const buildGCPercent = 200

// tuneGC sets the build's GC target and memory limit, and returns the
// function that puts the old ones back.
func tuneGC() func() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := debug.SetMemoryLimit(buildMemoryLimit)
	percent := debug.SetGCPercent(buildGCPercent)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

// lastEntries reads how many entries each source gave in the site at out,
// from its data/errdex.json; nil when there is no site there yet.
func lastEntries(out string) (map[string]int, error) {
	name := filepath.Join(out, "data", "errdex.json")
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var prev struct {
		Sources []struct {
			ID      string `json:"id"`
			Entries int    `json:"entries"`
		} `json:"sources"`
	}
	if err := json.Unmarshal(data, &prev); err != nil {
		return nil, fmt.Errorf("%s: %w: the last build's counts cannot be read; remove %s to build afresh", name, err, out)
	}
	last := map[string]int{}
	for _, s := range prev.Sources {
		last[s.ID] = s.Entries
	}
	return last, nil
}

// load reads the content tree at content and merges it (see package
// load). It returns the harvests too, for the reconciliation.
func load(content string) (*errdex.Catalog, []errdex.Harvest, error) {
	return loadFS(os.DirFS(content), content)
}

// loadFS is load reading the content tree from fsys; content names it in
// errors.
func loadFS(fsys fs.FS, content string) (*errdex.Catalog, []errdex.Harvest, error) {
	c, err := readContent(fsys, content)
	if err != nil {
		return nil, nil, err
	}
	return c.Catalog, c.Harvests, nil
}

// loadContent is load with everything the content tree holds.
func loadContent(content string) (*contentload.Content, error) {
	return readContent(os.DirFS(content), content)
}

// readContent reads the content tree fsys, named content in errors.
func readContent(fsys fs.FS, content string) (*contentload.Content, error) {
	return readContentCached(fsys, content, nil)
}

// readContentCached is readContent taking from cache the harvests of the
// sources that did not change (nil: none).
func readContentCached(fsys fs.FS, content string, cache *contentload.Cache) (*contentload.Content, error) {
	c, err := contentload.ReadCached(fsys, cache)
	if err != nil {
		return nil, contentError(content, err)
	}
	return c, nil
}

// contentError names the file of err, an error reading the content tree
// in the directory content, with that directory, once:
// "content/sources.toml:12: …". An error that names no file of the tree
// is named by the directory.
func contentError(content string, err error) error {
	var fe *errdex.Error
	if errors.As(err, &fe) && error(fe) == err {
		return fe.In(filepath.ToSlash(content))
	}
	return fmt.Errorf("%s: %w", content, err)
}
