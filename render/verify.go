package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// Verify checks a rendered site for what every build must satisfy: every
// internal link and anchor resolves, no id appears twice on a page, every
// code in errdex.json has its page and its JSON, nothing is double-escaped,
// every page carries its OpenGraph tags, and every page has the landmarks
// and labels assistive technology relies on (a lang, one main, one h1,
// labelled form fields, images with alt text), and no link is inside
// another link. It returns one line per problem.
func Verify(files map[string][]byte) []string {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	var pages []string
	for name := range files {
		if strings.HasSuffix(name, ".html") {
			pages = append(pages, name)
		}
	}
	sort.Strings(pages)
	ids := map[string]map[string]bool{}
	docs := map[string]*goquery.Document{}
	for _, name := range pages {
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(files[name]))
		if err != nil {
			bad("%s: %v", name, err)
			continue
		}
		docs[name] = doc
		if !utf8.Valid(files[name]) {
			bad("%s: not valid UTF-8", name)
		}
		if n := nestedAnchors(files[name]); n > 0 {
			bad("%s: %d link(s) inside another link", name, n)
		}
		ids[name] = map[string]bool{}
		doc.Find("[id]").Each(func(_ int, s *goquery.Selection) {
			id := s.AttrOr("id", "")
			if ids[name][id] {
				bad("%s: id %q appears twice", name, id)
			}
			ids[name][id] = true
		})
		for _, esc := range []string{"&amp;amp;", "&amp;lt;", "&amp;gt;", "&amp;quot;", "&amp;#"} {
			if bytes.Contains(files[name], []byte(esc)) {
				bad("%s: double-escaped %q", name, esc)
			}
		}
		if doc.Find(`meta[http-equiv="refresh"]`).Length() > 0 {
			continue // a redirect page
		}
		for _, prop := range []string{"og:title", "og:description", "og:type"} {
			if doc.Find(`meta[property="`+prop+`"]`).Length() != 1 {
				bad("%s: no single %s meta tag", name, prop)
			}
		}
		accessible(name, doc, bad)
	}
	for _, name := range pages {
		if name == "404.html" || docs[name] == nil {
			continue // 404.html links by absolute path: it is served at any depth
		}
		docs[name].Find("a[href], link[href], script[src], meta[http-equiv=refresh]").Each(func(_ int, s *goquery.Selection) {
			ref := s.AttrOr("href", s.AttrOr("src", ""))
			if c, ok := s.Attr("content"); ok {
				_, ref, _ = strings.Cut(c, "url=")
			}
			if ref == "" || strings.Contains(ref, "://") || strings.HasPrefix(ref, "mailto:") {
				return
			}
			target, frag, _ := strings.Cut(ref, "#")
			target, _, _ = strings.Cut(target, "?")
			file := name
			if target != "" {
				if strings.HasPrefix(target, "/") {
					bad("%s: link %q is not relative", name, ref)
					return
				}
				file = path.Join(path.Dir(name), target)
				if strings.HasSuffix(target, "/") || target == "." || target == "./" {
					file = path.Join(file, "index.html")
				}
				if strings.HasPrefix(file, "../") {
					bad("%s: link %q leaves the site", name, ref)
					return
				}
				if _, ok := files[file]; !ok {
					bad("%s: link %q: no file %s", name, ref, file)
					return
				}
			}
			if frag != "" && strings.HasSuffix(file, ".html") && !ids[file][frag] {
				bad("%s: link %q: no id %q in %s", name, ref, frag, file)
			}
		})
	}
	var cat struct {
		Codes []struct{ Platform, Code, URL string }
	}
	if err := json.Unmarshal(files["data/errdex.json"], &cat); err != nil {
		bad("data/errdex.json: %v", err)
	}
	for _, c := range cat.Codes {
		if c.URL != c.Platform+"/"+c.Code+"/" {
			bad("errdex.json: %s %s has url %q", c.Platform, c.Code, c.URL)
		}
		for _, f := range []string{"index.html", "index.json"} {
			if _, ok := files[c.URL+f]; !ok {
				bad("errdex.json: %s %s has no %s", c.Platform, c.Code, c.URL+f)
			}
		}
	}
	return problems
}

// nestedAnchors counts the <a> start tags inside an open <a> of an HTML
// page. An HTML parser quietly closes the outer link, so this reads the
// tokens as written.
func nestedAnchors(data []byte) int {
	z := html.NewTokenizer(bytes.NewReader(data))
	depth, n := 0, 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return n
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "a" {
				if depth > 0 {
					n++
				}
				depth++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "a" && depth > 0 {
				depth--
			}
		}
	}
}

// accessible checks the structure assistive technology relies on.
func accessible(name string, doc *goquery.Document, bad func(string, ...any)) {
	if doc.Find("html").AttrOr("lang", "") == "" {
		bad("%s: <html> has no lang", name)
	}
	if n := doc.Find("main").Length(); n != 1 {
		bad("%s: %d <main> landmarks, want 1", name, n)
	}
	if n := doc.Find("h1").Length(); n != 1 {
		bad("%s: %d <h1> headings, want 1", name, n)
	}
	doc.Find("input:not([type=hidden]), select, textarea").Each(func(_ int, s *goquery.Selection) {
		id := s.AttrOr("id", "")
		if s.AttrOr("aria-label", "") == "" && (id == "" || doc.Find(`label[for="`+id+`"]`).Length() == 0) {
			bad("%s: form field %q has no label", name, id)
		}
	})
	doc.Find("img").Each(func(_ int, s *goquery.Selection) {
		if _, ok := s.Attr("alt"); !ok {
			bad("%s: image %q has no alt text", name, s.AttrOr("src", ""))
		}
	})
	doc.Find("button").Each(func(_ int, s *goquery.Selection) {
		if strings.TrimSpace(s.Text()) == "" && s.AttrOr("aria-label", "") == "" {
			bad("%s: a button has no text", name)
		}
	})
}
