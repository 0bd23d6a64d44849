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

// redirects writes a small page at every old URL that sends the reader on.
func (b *builder) redirects() error {
	for _, r := range b.opt.Redirects {
		from := strings.TrimPrefix(r.From, "/")
		to := strings.TrimPrefix(r.To, "/")
		if from == "" || strings.Contains(from, "..") {
			return fmt.Errorf("render: redirect from %q: give a site-relative path", r.From)
		}
		file := from
		if strings.HasSuffix(from, "/") || path.Ext(from) == "" {
			file = strings.TrimSuffix(from, "/") + "/index.html"
		}
		if _, taken := b.files[file]; taken {
			return fmt.Errorf("render: redirect from %q: a page of the site is already there; remove the redirect", r.From)
		}
		if _, ok := b.files[to+"index.html"]; !ok && !strings.HasSuffix(to, ".html") {
			if _, ok := b.files[to]; !ok {
				return fmt.Errorf("render: redirect to %q: no such page in the site", r.To)
			}
		}
		p := &page{URL: strings.TrimSuffix(file, "index.html"), b: b}
		if !strings.HasSuffix(file, "index.html") {
			p.URL = file
		}
		var buf strings.Builder
		err := redirectPage.Execute(&buf, map[string]string{
			"To": "/" + to, "Href": p.Rel(to), "Canonical": b.canonical(to),
		})
		if err != nil {
			return err
		}
		b.files[file] = []byte(buf.String())
	}
	return nil
}

func (b *builder) canonical(u string) string {
	if b.opt.BaseURL == "" {
		return ""
	}
	return b.opt.BaseURL + u
}
