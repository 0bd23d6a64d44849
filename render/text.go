package render

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"

	"errdex"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// md renders Markdown. Raw HTML in the source is not passed through
// (goldmark's default), because the text came from the web.
var md = goldmark.New(goldmark.WithExtensions(extension.GFM))

// markdown renders troubleshooting or page Markdown to HTML, linking codes
// of the platform that the text mentions.
func (b *builder) markdown(rel func(string) string, p errdex.Platform, self, src string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return "", err
	}
	out := buf.String()
	if p != "" {
		out = b.linkInHTML(rel, p, self, out)
	}
	return template.HTML(out), nil
}

// codeMention finds numbers in text that may be codes.
var codeMention = regexp.MustCompile(`-?\d{4,8}`)

// linkCodes escapes text and links every number in it that is a code of
// platform p (other than self) to that code's page.
func (b *builder) linkCodes(rel func(string) string, p errdex.Platform, self, text string) template.HTML {
	var out strings.Builder
	last := 0
	for _, loc := range codeMention.FindAllStringIndex(text, -1) {
		code := text[loc[0]:loc[1]]
		if !b.isLinkable(p, self, text, loc) {
			continue
		}
		out.WriteString(template.HTMLEscapeString(text[last:loc[0]]))
		out.WriteString(`<a class="code-ref" href="` + template.HTMLEscapeString(rel(errdex.CodeURL(p, code))) + `">`)
		out.WriteString(template.HTMLEscapeString(code))
		out.WriteString(`</a>`)
		last = loc[1]
	}
	out.WriteString(template.HTMLEscapeString(text[last:]))
	return template.HTML(out.String())
}

// isLinkable reports whether the number at loc stands alone (not inside a
// longer number or word) and is another code of the platform.
func (b *builder) isLinkable(p errdex.Platform, self, text string, loc []int) bool {
	code := text[loc[0]:loc[1]]
	if code == self || b.cat.Lookup(p, code) == nil {
		return false
	}
	if loc[0] > 0 && isWordByte(text[loc[0]-1]) {
		return false
	}
	if loc[1] < len(text) && isWordByte(text[loc[1]]) {
		return false
	}
	return true
}

func isWordByte(c byte) bool {
	return c == '_' || c == '.' || c == '/' || c == '=' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// textNode matches the text between tags of rendered HTML.
var textNode = regexp.MustCompile(`>[^<]+<`)

// linkInHTML links code mentions inside the text nodes of rendered HTML,
// outside of links and code spans.
func (b *builder) linkInHTML(rel func(string) string, p errdex.Platform, self, h string) string {
	var out strings.Builder
	depth := 0 // inside <a> or <code>
	last := 0
	for _, loc := range textNode.FindAllStringIndex(h, -1) {
		tagsBefore := h[last:loc[0]]
		depth += strings.Count(tagsBefore, "<a ") + strings.Count(tagsBefore, "<code>") -
			strings.Count(tagsBefore, "</a>") - strings.Count(tagsBefore, "</code>")
		out.WriteString(tagsBefore)
		txt := h[loc[0]+1 : loc[1]-1]
		out.WriteByte('>')
		if depth > 0 || !codeMention.MatchString(txt) {
			out.WriteString(txt)
		} else {
			// The text is already escaped HTML; numbers are unaffected by escaping.
			out.WriteString(b.linkEscaped(rel, p, self, txt))
		}
		out.WriteByte('<')
		last = loc[1]
	}
	out.WriteString(h[last:])
	return out.String()
}

// linkEscaped links codes in text that is already HTML-escaped.
func (b *builder) linkEscaped(rel func(string) string, p errdex.Platform, self, txt string) string {
	var out strings.Builder
	last := 0
	for _, loc := range codeMention.FindAllStringIndex(txt, -1) {
		if !b.isLinkable(p, self, txt, loc) {
			continue
		}
		code := txt[loc[0]:loc[1]]
		out.WriteString(txt[last:loc[0]])
		out.WriteString(`<a class="code-ref" href="` + template.HTMLEscapeString(rel(errdex.CodeURL(p, code))) + `">` + code + `</a>`)
		last = loc[1]
	}
	out.WriteString(txt[last:])
	return out.String()
}
