package render

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"

	"errdex"
	"errdex/internal/mdtree"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// md renders Markdown. Raw HTML in the source is not passed through
// (goldmark's default), because the text came from the web. The codeLinker
// transformer links code numbers and bounds the nesting (mdtree).
var md = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(codeLinker{}, 1000))),
)

// linkKey holds, in a parser.Context, the linkSpec of one conversion.
var linkKey = parser.NewContextKey()

// linkSpec says which codes a conversion links, and how.
type linkSpec struct {
	b    *builder
	rel  func(string) string
	p    errdex.Platform
	self string
}

// markdown renders troubleshooting or page Markdown to HTML, linking codes
// of the platform that the text mentions.
func (b *builder) markdown(rel func(string) string, p errdex.Platform, self, src string) (template.HTML, error) {
	var buf bytes.Buffer
	ctx := parser.NewContext()
	if p != "" {
		ctx.Set(linkKey, linkSpec{b: b, rel: rel, p: p, self: self})
	}
	if err := md.Convert([]byte(src), &buf, parser.WithContext(ctx)); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// codeLinker is a goldmark AST transformer. It flattens nesting deeper
// than mdtree.MaxDepth, then, when the context carries a linkSpec, splits
// every text node into text and links to the code pages of the numbers it
// mentions. Code spans, code blocks, links, autolinks, images and raw HTML
// are left alone, so no link ends up inside a code span or another link.
type codeLinker struct{}

// Transform implements parser.ASTTransformer.
func (codeLinker) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	mdtree.Flatten(doc, src, mdtree.MaxDepth)
	spec, ok := pc.Get(linkKey).(linkSpec)
	if !ok {
		return
	}
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindCodeSpan, ast.KindCodeBlock, ast.KindFencedCodeBlock, ast.KindLink,
			ast.KindAutoLink, ast.KindImage, ast.KindHTMLBlock, ast.KindRawHTML:
			return ast.WalkSkipChildren, nil
		case ast.KindText:
			texts = append(texts, n.(*ast.Text))
		}
		return ast.WalkContinue, nil
	})
	for _, t := range texts {
		spec.split(t, src)
	}
}

// split replaces t with text and links, one link per linkable code.
func (s linkSpec) split(t *ast.Text, src []byte) {
	seg := t.Segment
	txt := string(seg.Value(src))
	var locs [][]int
	for _, loc := range codeMention.FindAllStringIndex(txt, -1) {
		if s.b.isLinkable(s.p, s.self, txt, loc) {
			locs = append(locs, loc)
		}
	}
	if len(locs) == 0 {
		return
	}
	parent := t.Parent()
	var nodes []ast.Node
	last := 0
	for _, loc := range locs {
		if loc[0] > last {
			nodes = append(nodes, ast.NewTextSegment(text.NewSegment(seg.Start+last, seg.Start+loc[0])))
		}
		code := txt[loc[0]:loc[1]]
		link := ast.NewLink()
		link.Destination = []byte(s.rel(errdex.CodeURL(s.p, code)))
		link.SetAttributeString("class", []byte("code-ref"))
		link.AppendChild(link, ast.NewTextSegment(text.NewSegment(seg.Start+loc[0], seg.Start+loc[1])))
		nodes = append(nodes, link)
		last = loc[1]
	}
	tail := ast.NewTextSegment(text.NewSegment(seg.Start+last, seg.Stop))
	nodes = append(nodes, tail)
	// The line break that ended t ends the last piece.
	tail.SetSoftLineBreak(t.SoftLineBreak())
	tail.SetHardLineBreak(t.HardLineBreak())
	tail.SetRaw(t.IsRaw())
	for _, n := range nodes {
		parent.InsertBefore(parent, t, n)
	}
	parent.RemoveChild(parent, t)
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
