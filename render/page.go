package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"strings"

	"errdex"
	"errdex/i18n"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/html"
)

// page is what every template receives: the page's own data and the
// methods that make its links relative.
type page struct {
	URL         string // site-relative URL of the page, "" for home, e.g. "wecom/40014/"
	Title       string // <title> and og:title
	Heading     string // visible h1 when it differs from Title
	Description string // meta description and og:description
	Type        string // og:type
	Crumbs      []crumb
	Data        any
	NoIndex     bool
	// NoSitemap leaves an indexable page out of sitemap.xml: a page whose
	// canonical is another page.
	NoSitemap bool
	// CanonicalURL is the site-relative URL of the page's canonical when
	// it is another page, "" for the page itself.
	CanonicalURL string
	b            *builder
	abs          bool // links are absolute paths (the 404 page, served at any depth)
}

type crumb struct {
	Name i18n.Text
	URL  string

	// What the page writes, filled when the page is rendered: fewer calls
	// for the layout to make on every page (issue #14).
	Href    string        // the link from the page
	Current bool          // the crumb is the page itself
	HTML    template.HTML // Name in both languages
}

// Rel returns the link from this page to the site-relative URL u.
func (p *page) Rel(u string) string {
	frag := ""
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u, frag = u[:i], u[i:]
	}
	if p.b.opt.Bundle && (u == "" || strings.HasSuffix(u, "/")) {
		u += "index.html"
	}
	if p.abs {
		base := "/"
		if p.b.opt.BaseURL != "" {
			base = p.b.opt.BaseURL
		}
		return base + u + frag
	}
	prefix := strings.Repeat("../", strings.Count(p.URL, "/"))
	if prefix == "" && u == "" {
		return "./" + frag
	}
	return prefix + u + frag
}

// Asset returns the link to a static asset by its logical name.
func (p *page) Asset(name string) string { return p.Rel(p.b.assetN[name]) }

// Root is the relative link to the site root, for scripts.
func (p *page) Root() string {
	if p.abs {
		return p.Rel("")
	}
	r := strings.Repeat("../", strings.Count(p.URL, "/"))
	if r == "" {
		return "./"
	}
	return r
}

// Canonical is the page's absolute URL, "" without a base URL. A page
// whose canonical is another page (CanonicalURL) names that page, as a
// relative link without a base URL.
func (p *page) Canonical() string {
	if p.CanonicalURL != "" {
		if p.b.opt.BaseURL == "" {
			return p.Rel(p.CanonicalURL)
		}
		return p.b.opt.BaseURL + p.CanonicalURL
	}
	if p.b.opt.BaseURL == "" {
		return ""
	}
	return p.b.opt.BaseURL + p.URL
}

// LinkCodes escapes text and links the codes of platform pl it mentions.
func (p *page) LinkCodes(pl errdex.Platform, self, text string) template.HTML {
	return p.b.linkCodes(p.Rel, pl, self, text)
}

// Markdown renders src and links the codes of platform pl it mentions.
func (p *page) Markdown(pl errdex.Platform, self, src string) (template.HTML, error) {
	return p.b.markdown(p.Rel, pl, self, src)
}

// Bundle reports whether links are for opening from disk.
func (p *page) Bundle() bool { return p.b.opt.Bundle }

// LangScript is the link to the head script that sets the interface
// language before the page is drawn (static/lang.js), "" when the static
// files have none.
func (p *page) LangScript() string {
	if _, ok := p.b.assetN["lang.js"]; !ok {
		return ""
	}
	return p.Asset("lang.js")
}

// CSP is the Content-Security-Policy for the page's <meta http-equiv>.
func (p *page) CSP() string { return MetaContentSecurityPolicy }

// Docs lists the Markdown pages of the site, for navigation.
func (p *page) Docs() []docPage { return p.b.docs }

// Cat gives templates the catalog.
func (p *page) Cat() *errdex.Catalog { return p.b.cat }

// Platforms gives templates the catalog's platform table.
func (p *page) Platforms() errdex.PlatformTable { return p.b.cat.PlatformTable() }

// parseTemplates parses layout.html with each page template.
func (b *builder) parseTemplates() error {
	layout, err := b.templateText("layout.html")
	if err != nil {
		return err
	}
	fm := funcs(b)
	base, err := template.New("layout.html").Funcs(fm).Parse(layout)
	if err != nil {
		return b.sourceError("layout.html", err)
	}
	ft, err := base.Clone()
	if err != nil {
		return err
	}
	b.frames = &frames{t: ft, made: map[frameKey]template.HTML{}}
	if err := escape(ft, frameParts(ft)...); err != nil {
		return err
	}
	if !noFold {
		if _, err := fold(ft, fm); err != nil {
			return err
		}
	}
	names, err := fs.Glob(b.opt.Templates, "*.html")
	if err != nil {
		return err
	}
	b.tmpl = map[string]*template.Template{}
	b.prog = map[string]*program{}
	for _, n := range names {
		if n == "layout.html" {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return err
		}
		text, err := b.templateText(n)
		if err != nil {
			return err
		}
		if _, err := t.New(n).Parse(text); err != nil {
			return b.sourceError(n, err)
		}
		if err := escape(t); err != nil {
			return err
		}
		if !noFold {
			if _, err := fold(t, fm); err != nil {
				return err
			}
		}
		name := strings.TrimSuffix(n, ".html")
		b.tmpl[name] = t
		if !noCompile {
			if prog, ok := compileTemplate(t, "layout.html"); ok {
				b.prog[name] = prog
			}
		}
	}
	return nil
}

// render queues the named page template for p: a worker executes it
// (page data must not change after the call). Files that the step put in
// b.files before are handed on first, so they do not pile up.
func (b *builder) render(name string, p *page) error {
	t, ok := b.tmpl[name]
	if !ok {
		return fmt.Errorf("render: template %s.html is missing", name)
	}
	if err := b.flush(); err != nil {
		return err
	}
	p.b = b
	for i := range p.Crumbs {
		c := &p.Crumbs[i]
		h := textHTML(c.Name)
		c.Href, c.Current, c.HTML = p.Rel(c.URL), c.URL == p.URL, both(h.EN, h.ZH)
	}
	file := p.URL + "index.html"
	if p.URL != "" && !strings.HasSuffix(p.URL, "/") {
		file = p.URL
	}
	if !p.NoIndex && !p.NoSitemap {
		b.pages = append(b.pages, p.URL)
	}
	prog := b.prog[name]
	return b.emit(job{name: file, minimal: !b.opt.NoMinify, digest: b.pageDigest(name, p), make: func(buf *bytes.Buffer) ([]byte, error) {
		if prog != nil {
			if prog.execute(buf, p) == nil {
				return buf.Bytes(), nil
			}
			buf.Reset()
			fallbacks.Add(1)
		}
		if err := t.ExecuteTemplate(buf, "layout.html", p); err != nil {
			return nil, fmt.Errorf("render %s: %w", p.URL, b.sourceExecError(name, p, err))
		}
		return buf.Bytes(), nil
	}})
}

// crumbs is the breadcrumb trail: errdex, then each name and URL.
func (b *builder) crumbs(pairs ...any) []crumb {
	out := []crumb{{Name: same("errdex"), URL: ""}}
	for i := 0; i+1 < len(pairs); i += 2 {
		name, _ := pairs[i].(i18n.Text)
		if s, ok := pairs[i].(string); ok {
			name = same(s)
		}
		u, _ := pairs[i+1].(string)
		out = append(out, crumb{Name: name, URL: u})
	}
	return out
}

// funcs are the template functions.
func funcs(b *builder) template.FuncMap {
	fm := template.FuncMap{
		"scopeName": b.cat.ScopeName,
		"platformName": func(p errdex.Platform) string {
			return b.cat.PlatformTable().Info(p).Name
		},
		"platformNameZH": func(p errdex.Platform) string {
			return b.cat.PlatformTable().Info(p).NameZH
		},
		"codeURL":   errdex.CodeURL,
		"numberURL": errdex.NumberURL,
		"source": func(id string) errdex.SourceInfo {
			s, _ := b.cat.Source(id)
			return s
		},
		"lookup": b.cat.Lookup,
		"join":   strings.Join,
		"kinds": func(c *errdex.Code) i18n.Text {
			en, zh := make([]string, len(c.Conflicts)), make([]string, len(c.Conflicts))
			for i, k := range c.Conflicts {
				en[i], zh[i] = string(k), kindWords(k).ZH
			}
			return i18n.Text{EN: strings.Join(en, ", "), ZH: strings.Join(zh, "、")}
		},
		"kindWords": func(c *errdex.Code) i18n.Text {
			en, zh := make([]string, len(c.Conflicts)), make([]string, len(c.Conflicts))
			for i, k := range c.Conflicts {
				w := kindWords(k)
				en[i], zh[i] = strings.ToLower(w.EN), w.ZH
			}
			return i18n.Text{EN: strings.Join(en, ", "), ZH: strings.Join(zh, "、")}
		},
		"kindWord":     kindWords,
		"kindDescribe": kindDescribe,
		"meaningNo":    func(id string) string { return strings.TrimPrefix(id, "m") },
		"add":          func(a, b int) int { return a + b },
		"base":         path.Base,
		"hasHan":       errdex.HasHan,
		"frame":        b.part,
	}
	maps.Copy(fm, i18nFuncs(b))
	return fm
}

// SightingName is how a code page names the place a response was seen:
// owner/repo#number for a GitHub issue or pull request, owner/repo: file
// for a repository file, else the host and the path (shortened when long).
func (p *page) SightingName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	switch {
	case u.Host == "github.com" && len(parts) >= 4 && (parts[2] == "issues" || parts[2] == "pull"):
		return parts[0] + "/" + parts[1] + "#" + parts[3]
	case u.Host == "github.com" && len(parts) >= 5 && parts[2] == "blob":
		return parts[0] + "/" + parts[1] + ": " + parts[len(parts)-1]
	case len(u.Path) > sightingPath:
		// A long path (a community thread's id) says nothing to a reader:
		// the host and the start of its longest segment (the id) tell the
		// links apart.
		longest := ""
		for _, seg := range parts {
			if len(seg) > len(longest) {
				longest = seg
			}
		}
		last := []rune(longest)
		if len(last) > sightingTail {
			last = append(last[:sightingTail], '…')
		}
		return u.Host + "/…/" + string(last)
	}
	return u.Host + u.Path
}

// sightingPath is the longest path SightingName shows whole; sightingTail
// is how much of a longer path's last segment it keeps.
const sightingPath, sightingTail = 32, 10

// templateText is template file n, minified unless the build is not: the
// templates are minified once, here, and the pages made from them are not
// minified again (issue #14: per-page HTML minification was 13% of a
// render). A page so made, minified, is the page a minified template gives
// (TestMinifiedTemplates); what the pages insert (Markdown, the sources'
// texts) keeps its own whitespace.
func (b *builder) templateText(n string) (string, error) {
	src, err := fs.ReadFile(b.opt.Templates, n)
	if err != nil {
		return "", fmt.Errorf("render: templates: %w", err)
	}
	if b.opt.NoMinify {
		return string(src), nil
	}
	var out bytes.Buffer
	if err := templateMinifier.Minify(minify.New(), &out, bytes.NewReader(src), nil); err != nil {
		return "", fmt.Errorf("render: templates: minify %s: %w", n, err)
	}
	return out.String(), nil
}

// The templates run minified, so the line and column in an error of
// theirs are the minified text's. sourceError and sourceExecError give
// the error of the templates as written instead, whose lines are the ones
// a maintainer edits.

// sourceError is the error of parsing template file n as written (with
// the layout), or err when that parses.
func (b *builder) sourceError(n string, err error) error {
	if _, rerr := b.sourceTemplate(n); rerr != nil {
		return rerr
	}
	return fmt.Errorf("render: templates: %s, minified: %w", n, err)
}

// sourceExecError is the error of executing page template name as written
// for p, or err when that succeeds.
func (b *builder) sourceExecError(name string, p *page, err error) error {
	t, rerr := b.sourceTemplate(name + ".html")
	if rerr != nil {
		return rerr
	}
	if rerr := t.ExecuteTemplate(io.Discard, "layout.html", p); rerr != nil {
		return rerr
	}
	return err
}

// sourceTemplate is template file n parsed as written, with the layout.
func (b *builder) sourceTemplate(n string) (*template.Template, error) {
	t, err := template.New("layout.html").Funcs(funcs(b)).ParseFS(b.opt.Templates, "layout.html")
	if err == nil && n != "layout.html" {
		_, err = t.ParseFS(b.opt.Templates, n)
	}
	if err != nil {
		return nil, fmt.Errorf("render: templates: %w", err)
	}
	return t, nil
}

// templateMinifier minifies template files as the pool minifies pages
// (htmlOptions), leaving the {{actions}} as they are.
var templateMinifier = func() *html.Minifier {
	m := htmlOptions
	m.TemplateDelims = html.GoTemplateDelims
	return &m
}()
