package render

import (
	"bytes"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"sync"

	"errdex"
)

// Frames (issue #14). Most of a page's layout is the same on every page
// at the same depth: the head's links, the header with the platforms and
// the search form, the footer. layout.html defines those parts as
// templates ("site-head", "site-top", "site-footer") and calls them with
// {{frame "name" .}}: each is executed once per frame and the result
// reused, instead of once per page (a full build's user time went from
// 2.67 to 1.98 s: docs/performance.md).
//
// A part cannot depend on more than its frame: its dot is a frame, not
// the page, and a frame has only what is the same on all its pages, the
// links from the page's depth, the site's options, platforms and Markdown
// pages, and the page's URL when it is a platform's list (the header marks
// that platform). So reusing a part is always right.

// noFrameCache, when set by a test, makes every part again for each page.
var noFrameCache bool

// frame is the dot of the layout's shared parts.
type frame struct {
	p   *page  // a page with the frame's depth and nothing else
	URL string // the page's URL when it is a platform's list, else ""
}

// Rel returns the link from the frame's pages to the site-relative URL u.
func (f *frame) Rel(u string) string { return f.p.Rel(u) }

// Asset returns the link to a static asset by its logical name.
func (f *frame) Asset(name string) string { return f.p.Asset(name) }

// Root is the relative link to the site root, for scripts.
func (f *frame) Root() string { return f.p.Root() }

// Bundle reports whether links are for opening from disk.
func (f *frame) Bundle() bool { return f.p.Bundle() }

// LangScript is the link to the head script (page.LangScript).
func (f *frame) LangScript() string { return f.p.LangScript() }

// CSP is the Content-Security-Policy for the page's <meta http-equiv>.
func (f *frame) CSP() string { return f.p.CSP() }

// Docs lists the Markdown pages of the site, for navigation.
func (f *frame) Docs() []docPage { return f.p.Docs() }

// Platforms gives the frame's templates the catalog's platform table.
func (f *frame) Platforms() errdex.PlatformTable { return f.p.Platforms() }

// frames makes and keeps the shared parts of the layout, by frame.
type frames struct {
	t    *template.Template // layout.html, for its parts
	mu   sync.Mutex
	made map[frameKey]template.HTML
}

// frameKey names a part made for a frame: the depth of the frame's links
// (or the absolute links of the 404 page) and the platform list its pages
// are, if any.
type frameKey struct {
	part  string
	abs   bool
	depth int
	url   string
}

// frameOf is p's frame key.
func (b *builder) frameOf(name string, p *page) frameKey {
	k := frameKey{part: name, abs: p.abs, depth: strings.Count(p.URL, "/")}
	if k.depth == 1 && strings.HasSuffix(p.URL, "/") {
		if _, ok := b.cat.PlatformTable().Lookup(errdex.Platform(strings.TrimSuffix(p.URL, "/"))); ok {
			k.url = p.URL
		}
	}
	return k
}

// part is the layout's part name for p's frame, made on first use.
func (b *builder) part(name string, p *page) (template.HTML, error) {
	fs := b.frames
	if fs == nil || fs.t == nil {
		return "", fmt.Errorf("render: frame %q: the layout is not parsed", name)
	}
	key := b.frameOf(name, p)
	fs.mu.Lock()
	h, ok := fs.made[key]
	fs.mu.Unlock()
	if ok && !noFrameCache {
		return h, nil
	}
	f := &frame{p: &page{URL: strings.Repeat("d/", key.depth), abs: key.abs, b: b}, URL: key.url}
	var buf bytes.Buffer
	if err := fs.t.ExecuteTemplate(&buf, name, f); err != nil {
		return "", err
	}
	h = template.HTML(buf.String())
	fs.mu.Lock()
	fs.made[key] = h
	fs.mu.Unlock()
	return h, nil
}

// frameParts names the templates of t that are parts of the layout: the
// ones layout.html defines besides itself and "content".
func frameParts(t *template.Template) []string {
	var names []string
	for _, x := range t.Templates() {
		if n := x.Name(); n != "layout.html" && n != "content" && x.Tree != nil {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}
