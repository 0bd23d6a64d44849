package render

import (
	"fmt"
	"html/template"
	"path"
	"strings"
)

// Redirect sends an old URL of the site to its new one.
type Redirect struct {
	From string // old site-relative path, e.g. "wecom/40014.html" or "old/40014/"
	To   string // new site-relative URL, e.g. "wecom/40014/"
}

var redirectPage = template.Must(template.New("redirect").Parse(`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Moved to {{.To}}</title>
<meta name="robots" content="noindex">{{with .Canonical}}
<link rel="canonical" href="{{.}}">{{end}}
<meta http-equiv="refresh" content="0; url={{.Href}}">
</head><body><p lang="en">This page has moved to <a href="{{.Href}}">{{.To}}</a>.</p></body></html>
`))

// RedirectFile checks an old URL of the site, as content/redirects.toml
// gives it in from, and returns the file its redirect page is written to:
// "old/40014/" and "old/40014" give "old/40014/index.html", "wecom/40014.html"
// gives itself. The path must be site-relative and already clean: no
// leading slash, scheme, backslash, query or fragment, no empty, "." or
// ".." segment, and no directory segment (every one before the last, and
// the last when from ends in a slash) named like a file of the site
// (index.html).
func RedirectFile(from string) (string, error) {
	dir := strings.TrimSuffix(from, "/")
	switch {
	case dir == "":
		return "", fmt.Errorf("from %q: give the old site-relative path, e.g. wecom/40014.html", from)
	case strings.HasPrefix(from, "/") || strings.Contains(from, ":"):
		return "", fmt.Errorf("from %q: give a site-relative path, without a leading slash or scheme", from)
	case strings.ContainsAny(from, "\\?#%") || strings.ContainsFunc(from, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return "", fmt.Errorf("from %q: a path has no backslash, query, fragment, percent-escape or control character", from)
	case path.Clean(dir) != dir:
		return "", fmt.Errorf("from %q: give the path in clean form (no empty, \".\" or \"..\" segment): %q", from, path.Clean(dir)+"/")
	}
	segs := strings.Split(dir, "/")
	dirs := segs[:len(segs)-1]
	if strings.HasSuffix(from, "/") {
		dirs = segs
	}
	for _, s := range dirs {
		if strings.EqualFold(s, "index.html") || strings.EqualFold(s, "index.json") {
			return "", fmt.Errorf("from %q: %q is a file of the site, not a directory", from, s)
		}
	}
	if strings.HasSuffix(from, "/") || path.Ext(dir) == "" {
		return dir + "/index.html", nil
	}
	return dir, nil
}

// redirects writes a small page at every old URL that sends the reader on.
func (b *builder) redirects() error {
	for _, r := range b.opt.Redirects {
		to := strings.TrimPrefix(r.To, "/")
		file, err := RedirectFile(r.From)
		if err != nil {
			return fmt.Errorf("render: redirect %w", err)
		}
		if strings.Contains(to, "..") || strings.Contains(to, ":") {
			return fmt.Errorf("render: redirect to %q: give a site-relative path", r.To)
		}
		if b.has(file) {
			return fmt.Errorf("render: redirect from %q: a page of the site is already there; remove the redirect", r.From)
		}
		for d := path.Dir(file); d != "."; d = path.Dir(d) {
			if b.has(d) {
				return fmt.Errorf("render: redirect from %q: %s is a file of the site, not a directory", r.From, d)
			}
		}
		if b.hasDir(file) {
			return fmt.Errorf("render: redirect from %q: %s is a directory of the site", r.From, file)
		}
		if !b.has(to+"index.html") && !strings.HasSuffix(to, ".html") {
			if !b.has(to) {
				return fmt.Errorf("render: redirect to %q: no such page in the site", r.To)
			}
		}
		p := &page{URL: strings.TrimSuffix(file, "index.html"), b: b}
		if !strings.HasSuffix(file, "index.html") {
			p.URL = file
		}
		var buf strings.Builder
		err = redirectPage.Execute(&buf, map[string]string{
			"To": "/" + to, "Href": p.Rel(to), "Canonical": b.canonical(to),
		})
		if err != nil {
			return err
		}
		b.files[file] = []byte(buf.String())
	}
	return nil
}

// hasDir reports whether some file of the site is under the directory dir.
func (b *builder) hasDir(dir string) bool {
	for name := range b.names {
		if strings.HasPrefix(name, dir+"/") {
			return true
		}
	}
	for name := range b.files {
		if strings.HasPrefix(name, dir+"/") {
			return true
		}
	}
	return false
}

func (b *builder) canonical(u string) string {
	if b.opt.BaseURL == "" {
		return ""
	}
	return b.opt.BaseURL + u
}
